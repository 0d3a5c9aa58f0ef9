import { _hash32 } from "../shared/_hash.js";
import { _nameDerived } from "./_comparators.js";
import type { _Prepared } from "./_prepare.js";

/** A blocking rule: records sharing one of its keys are compared. */
export interface _BlockingRule {
  readonly name: string;
  /**
   * A tighter block-size cap for broad rules (one field alone): they add recall on small and mid-sized
   * data and switch themselves off where their blocks would grow large.
   */
  readonly maxBlockSize?: number;
  /**
   * Orders the records of a large block so that each is compared only with its nearest neighbours
   * (sorted neighbourhood): the pairs of a block grow linearly with its size, not quadratically.
   */
  readonly sortKey?: (i: number) => string;
  /** Neighbours each record is compared with in a large block. Default 4. */
  readonly window?: number;
  /**
   * Emits the rule's keys for row i (none when a needed value is missing). A key of two parts is emitted
   * as two strings and hashed as one, so no joined string is built for each record.
   */
  readonly keys: (i: number, emit: (part: string, second?: string) => void) => void;
}

/**
 * A rule as `_blockingRules` makes it: a class, not an object literal. The profile engine builds the rules
 * for every record it ingests, and its rules' closures hold that ingest's prepared rows; after a bulk load V8
 * may allocate a literal's objects straight in the old generation ("allocation-site pretenuring"), where a
 * dead rule keeps the rows it closes over alive through every young-generation collection until the next
 * full one. A class's instances are not pretenured.
 */
class Rule implements _BlockingRule {
  readonly name: string;
  readonly keys: (i: number, emit: (part: string, second?: string) => void) => void;
  readonly maxBlockSize?: number;
  readonly sortKey?: (i: number) => string;
  readonly window?: number;
  constructor(name: string, keys: (i: number, emit: (part: string, second?: string) => void) => void, extra: Omit<_BlockingRule, "name" | "keys">) {
    this.name = name;
    this.keys = keys;
    if (extra.maxBlockSize !== undefined) this.maxBlockSize = extra.maxBlockSize;
    if (extra.sortKey !== undefined) this.sortKey = extra.sortKey;
    if (extra.window !== undefined) this.window = extra.window;
  }
}

const NONE: readonly string[] = [];

/** Blocks up to this size compare all pairs; larger ones with a sort key compare each record with this many neighbours. */
const WINDOW = 4;

/**
 * Blocks up to this size compare all their pairs even when the rule has a sort key: a window only bounds
 * the cost of large blocks, and in a small one it would drop pairs of one person's many records (five
 * records of one person sharing a birth date) to save a handful of comparisons.
 */
const SMALL_BLOCK = 6;

/**
 * First names to block on: the name itself and its longest relative in the nickname table (Bob → Robert,
 * Liz → Elizabeth), so nicknames meet their formal names without putting a record in every nickname's block.
 */
function blockNames(p: _Prepared, i: number): readonly string[] {
  const names = p.firstNames[i] as readonly string[];
  const own = names[0];
  if (own === undefined) return NONE;
  let longest = "";
  for (let k = 1; k < names.length; k++) {
    const name = names[k] as string;
    if (name.length > longest.length || (name.length === longest.length && name < longest)) longest = name;
  }
  return longest.length > own.length ? [own, longest] : [own];
}

/**
 * A name's consonant skeleton: its first letter, then its consonants with runs collapsed (Catherine →
 * cthrn, Kathryn → kthrn, Smiith → smth). Typos in vowels and doubled letters leave it unchanged.
 */
export function _nameSkeleton(name: string): string {
  let out = name.charAt(0);
  let previous = out;
  for (let k = 1; k < name.length; k++) {
    const ch = name.charAt(k);
    if (ch === previous) continue;
    previous = ch;
    if ("aeiouy".includes(ch)) continue;
    out += ch;
  }
  return out;
}

/** The words of an email's personal part (three letters or more, digits dropped): john.weber85 → john, weber. */
function emailWords(local: string): readonly string[] {
  const words = local.split(/[^a-z]+/);
  return words.length < 2 ? NONE : words.filter((word) => word.length >= 3);
}

function dobs(p: _Prepared, i: number): readonly string[] {
  const dob = p.dob[i];
  if (dob == null) return NONE;
  const alt = p.dobAlt[i];
  return alt == null || alt === dob ? [dob] : [dob, alt];
}

/**
 * The blocking rules, each a way two records of one person are likely to agree exactly. Candidate pairs
 * are the union over rules. The same key functions serve a batch run (sorted keys) and a future
 * real-time index (a map from key to records).
 */
export function _blockingRules(p: _Prepared): _BlockingRule[] {
  /** Emits the rule's keys for row i: one part, or two parts that together form the key. */
  type Keys = (i: number, emit: (part: string, second?: string) => void) => void;
  const each = (values: readonly string[], emit: (part: string, second?: string) => void, second?: string | null): void => {
    for (const value of values) emit(value, second ?? undefined);
  };
  const rule = (name: string, keys: Keys, extra: Omit<_BlockingRule, "name" | "keys"> = {}): _BlockingRule => new Rule(name, keys, extra);
  const rules: _BlockingRule[] = [
    rule("email", (i, emit) => {
      const email = p.email[i];
      if (email != null) emit(email);
    }),
    rule("phone", (i, emit) => {
      const phone = p.phone[i];
      if (phone != null) emit(phone);
    }),
    rule("customerId", (i, emit) => {
      const id = p.customerId[i];
      if (id != null) emit(id);
    }),
    rule(
      "emailPersonalPart",
      (i, emit) => {
        const local = p.emailLocal[i];
        const email = p.email[i];
        if (local == null || email == null || local.length < 4) return;
        // With the domain's first letter, every personal part: one address with a mistyped domain
        // (jbrooks@hall-lowery.net, jbrooks@hall-lowe-ry.net) meets itself, also where one record lacks
        // the names that spell it.
        emit(local, email.charAt(local.length + 1));
        // Alone, only a personal part that is not just the person's names: a name-spelled one at another
        // provider (smith.john@outlook.com, smith.john@icloud.com) is a namesake as often as not.
        if (local.length >= 6 && !_nameDerived(p, i, local)) emit(local);
      },
      { maxBlockSize: 50, sortKey: (i) => `${p.last[i] ?? "~"}|${p.first[i] ?? "~"}|${p.postal[i] ?? "~"}` },
    ),
    rule("lastName+dateOfBirth", (i, emit) => {
      const last = p.last[i];
      if (last != null) each(dobs(p, i), (dob) => { emit(last, dob); });
    }),
    rule("firstName+dateOfBirth", (i, emit) => {
      const names = blockNames(p, i);
      if (names.length > 0) for (const dob of dobs(p, i)) each(names, emit, dob);
    }),
    // Common name pairs grow with the data; their records are found through the other rules. A given name
    // also meets each word of the email's personal part (Carol Garcia, carol.weber@… meets Carol Weber).
    rule(
      "firstName+lastName",
      (i, emit) => {
        const last = p.last[i];
        if (last != null) each(blockNames(p, i), emit, last);
        const first = p.first[i];
        const local = p.emailLocal[i];
        if (first == null || local == null) return;
        for (const word of emailWords(local)) if (word !== first && word !== last) emit(first, word);
      },
      { maxBlockSize: 50, window: 2, sortKey: (i) => `${p.postal[i] ?? p.city[i] ?? "~"}|${p.dob[i] ?? "~"}|${p.email[i] ?? "~"}` },
    ),
    // Names swapped between the columns (Jacob Campbell, "Campbell, Jacob") meet where the same names in
    // column order would: at the same place. The two names in alphabetical order, so either order gives
    // one key.
    rule(
      "names+postalCode",
      (i, emit) => {
        const first = p.first[i];
        const last = p.last[i];
        const place = p.postal[i] ?? p.city[i];
        if (first == null || last == null || place == null) return;
        emit(first <= last ? `${first} ${last}` : `${last} ${first}`, place);
      },
      // Capped like the name rule: a common name in a big city without postcodes is found by the other keys,
      // and the engine reads every member of a block it uses for one record.
      { maxBlockSize: 50, sortKey: (i) => `${p.dob[i] ?? "~"}|${p.email[i] ?? "~"}` },
    ),
    // A fuzzy key, for records whose given and family names are both mistyped: the names' consonant
    // skeletons (vowel typos and doubled letters vanish). Only small blocks: a skeleton pair shared by more
    // records is a common name, found by the exact rules.
    rule(
      "nameSkeletons",
      (i, emit) => {
        const first = p.first[i];
        const last = p.last[i];
        if (first == null || last == null || first.length < 3 || last.length < 3) return;
        // In order of the skeletons, not of the columns: names swapped between the columns meet too.
        const a = _nameSkeleton(first);
        const b = _nameSkeleton(last);
        if (a <= b) emit(a, b);
        else emit(b, a);
      },
      { maxBlockSize: SMALL_BLOCK },
    ),
    rule("dateOfBirth", (i, emit) => { each(dobs(p, i), emit); }, { maxBlockSize: 40, window: 2, sortKey: (i) => `${p.last[i] ?? "~"}|${p.first[i] ?? "~"}` }),
    rule(
      "lastName",
      (i, emit) => {
        const last = p.last[i];
        if (last != null) emit(last);
      },
      { maxBlockSize: 40, window: 2, sortKey: (i) => `${p.first[i] ?? "~"}|${p.dob[i] ?? "~"}` },
    ),
    rule("dateOfBirth+postalCode", (i, emit) => {
      const postal = p.postal[i];
      if (postal != null) each(dobs(p, i), emit, postal);
    }),
    // The postcode, or the city when a record has none (as in the street rule): a city-only data set
    // (fake_1000) otherwise has no key of a name and a place at all. Big cities' blocks are over the cap
    // and skipped, like any broad block.
    rule(
      "firstName+postalCode",
      (i, emit) => {
        const place = p.postal[i] ?? p.city[i];
        if (place != null) each(blockNames(p, i), emit, place);
      },
      { sortKey: (i) => `${p.last[i] ?? "~"}|${p.dob[i] ?? "~"}` },
    ),
    rule(
      "lastName+postalCode",
      (i, emit) => {
        const last = p.last[i];
        const place = p.postal[i] ?? p.city[i];
        if (last != null && place != null) emit(last, place);
      },
      { sortKey: (i) => `${p.first[i] ?? "~"}|${p.dob[i] ?? "~"}` },
    ),
    rule(
      "street+postalCode",
      (i, emit) => {
        const street = p.street[i];
        const place = p.postal[i] ?? p.city[i];
        if (street != null && place != null) emit(street, place);
      },
      { sortKey: (i) => `${p.first[i] ?? "~"}|${p.last[i] ?? "~"}` },
    ),
  ];
  for (const column of p.custom) {
    if (!column.block) continue;
    rules.push(
      rule(`custom:${column.name}`, (i, emit) => {
        const value = column.kind === "numeric" ? column.number[i] : column.text[i];
        if (value != null) emit(String(value));
      }),
    );
  }
  return rules;
}

/** Candidate pairs of one run, and what blocking did. */
export interface _Candidates {
  /** Distinct pairs, encoded `i * n + j` with i < j, ascending. */
  readonly pairs: Float64Array;
  readonly count: number;
  readonly byRule: Record<string, number>;
  readonly skippedBlocks: number;
  /** Blocks skipped because their pairs would have exceeded the comparison budget. */
  readonly overBudget: number;
}

/**
 * Generates candidate pairs: for each rule, every record's keys are hashed and sorted with the record index
 * packed into one float, so equal keys form runs (blocks) without a map of strings. Blocks larger than
 * `maxBlockSize` are skipped. Pairs from all rules are then sorted and de-duplicated: each pair is
 * compared once. Hash collisions can only add pairs, never lose one.
 */
export function _candidatePairs(p: _Prepared, rules: readonly _BlockingRule[], maxBlockSize: number, linkOnly: boolean, maxComparisons: number = Number.POSITIVE_INFINITY): _Candidates {
  const n = p.n;
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const hashBits = Math.min(32, 53 - indexBits);
  const indexScale = 2 ** indexBits;
  let pairs = new Float64Array(Math.max(16, n * 4));
  let count = 0;
  const byRule = new Map<string, number>();
  let skippedBlocks = 0;
  let overBudget = 0;
  // Pairs still allowed: a block whose pairs would not fit is skipped whole (and counted), so memory and
  // time stay bounded whatever the block-size caps are set to, and smaller blocks still get their pairs.
  let budget = maxComparisons;
  const push = (code: number): void => {
    if (count === pairs.length) {
      const grown = new Float64Array(pairs.length * 2);
      grown.set(pairs);
      pairs = grown;
    }
    pairs[count++] = code;
  };

  // One key buffer for every rule: each large typed array is memory outside the JavaScript heap, and V8
  // answers every 64 MB of new outside memory with a full collection, which at a million records
  // (a heap of a gigabyte) costs half a second each.
  let keys = new Float64Array(Math.max(16, n * 2));
  for (const [r, rule] of rules.entries()) {
    let k = 0;
    let row = 0;
    const seed = (0x811c9dc5 ^ Math.imul(r + 1, 0x9e3779b1)) >>> 0;
    const emit = (part: string, second?: string): void => {
      if (k === keys.length) {
        const grown = new Float64Array(keys.length * 2);
        grown.set(keys);
        keys = grown;
      }
      // FNV-1a is sequential: hashing the parts one after the other is hashing "part|second".
      let hash = _hash32(part, seed);
      if (second !== undefined) hash = _hash32(second, _hash32("|", hash));
      keys[k++] = (hash >>> (32 - hashBits)) * indexScale + row;
    };
    for (row = 0; row < n; row++) rule.keys(row, emit);
    const sorted = keys.subarray(0, k).sort();
    const first = count;
    let start = 0;
    while (start < k) {
      const hash = Math.floor((sorted[start] as number) / indexScale);
      let end = start + 1;
      while (end < k && Math.floor((sorted[end] as number) / indexScale) === hash) end++;
      const size = end - start;
      if (size > Math.min(maxBlockSize, rule.maxBlockSize ?? Infinity)) skippedBlocks++;
      else if (size > 1) {
        const members: number[] = [];
        for (let a = start; a < end; a++) {
          const i = (sorted[a] as number) - hash * indexScale;
          if (members.length === 0 || members[members.length - 1] !== i) members.push(i);
        }
        const sortKey = rule.sortKey;
        const window = rule.window ?? WINDOW;
        const windowed = sortKey !== undefined && members.length > Math.max(window + 2, SMALL_BLOCK);
        const cost = windowed ? members.length * window : (members.length * (members.length - 1)) / 2;
        if (cost > budget) {
          overBudget++;
          start = end;
          continue;
        }
        budget -= cost;
        if (windowed) {
          const keyed = members.map((i) => [sortKey(i), i] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
          for (let a = 0; a < keyed.length; a++) members[a] = (keyed[a] as readonly [string, number])[1];
        }
        for (let a = 0; a < members.length; a++) {
          const i = members[a] as number;
          const last = windowed ? Math.min(members.length, a + 1 + window) : members.length;
          for (let b = a + 1; b < last; b++) {
            const j = members[b] as number;
            if (linkOnly && p.source[i] != null && p.source[i] === p.source[j]) continue;
            push(i < j ? i * n + j : j * n + i);
          }
        }
      }
      start = end;
    }
    // Distinct pairs of this rule: a record with two keys of one rule (Bob and Robert from the nickname
    // table) meets the same record in both blocks.
    const own = pairs.subarray(first, count).sort();
    let distinct = 0;
    for (let x = 0; x < own.length; x++) if (x === 0 || own[x] !== own[x - 1]) distinct++;
    byRule.set(rule.name, distinct);
  }

  const all = pairs.subarray(0, count).sort();
  let unique = 0;
  for (let x = 0; x < count; x++) {
    if (x === 0 || all[x] !== all[x - 1]) all[unique++] = all[x] as number;
  }
  return { pairs: all.subarray(0, unique), count: unique, byRule: Object.fromEntries(byRule), skippedBlocks, overBudget };
}
