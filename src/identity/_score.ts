import { _jaroWinkler, _oneEditApart, _swapApart } from "./_stringMetrics.js";
import { _editDistanceWithin } from "../shared/_editDistance.js";
import { _comparators, _DATE_LEVEL, _firstNamesCompatible, type _Comparator } from "./_comparators.js";
import { _householdEmail, type _Prepared } from "./_prepare.js";
import { _own } from "../shared/_dict.js";
import type { MatchModel, ModelLevel } from "./types.js";

/** Fields whose exact agreement is weighed by how common the value is. */
const TERM_FREQUENCY_FIELDS = new Set(["firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "postalCode"]);
/** The shared-value mark of a household's email (see `sharedRows`). */
const HOUSEHOLD = 2;

/** Fields guarded against values shared by several people. */
const SHARED_VALUE_FIELDS = ["email", "phone", "customerId"] as const;

/** How one field contributed to a pair's score. */
export interface _FieldContribution {
  readonly field: string;
  /** The comparison level, or null when a value was missing (neutral). */
  readonly level: string | null;
  /** Bits added to the match weight (0 when missing or not counted). */
  readonly weight: number;
  /** The part of `weight` due to how common the agreed value is. */
  readonly termFrequencyAdjustment: number;
  /** Why the field did not count, when it did not. */
  readonly ignored: "missing" | "shared_value" | null;
}

/** The decision on one pair. */
export interface _PairScore {
  /** Log2 Bayes factor including the prior. */
  readonly matchWeight: number;
  readonly probability: number;
  /** "rule:…" or "model"; "veto:…" when a conflict rules the pair out. */
  readonly decidedBy: string;
}

interface CompiledComparator {
  readonly comparator: _Comparator;
  readonly levels: readonly ModelLevel[];
  readonly weights: Float64Array;
  /** Per row: the term-frequency-adjusted weight of an exact agreement on that row's value (NaN: use the level weight). */
  readonly exactWeights: readonly number[] | null;
  readonly shared: ReadonlySet<string> | null;
  /** Per row: how many rows hold its value (when term frequencies counted them), or null. */
  readonly rowCounts: readonly number[] | null;
  /** Values held by at most this many rows cannot be shared by more people than allowed. */
  readonly sharedLimit: number;
}

/** Scores pairs of prepared rows with a model; also explains them. */
export interface _Scorer {
  readonly priorWeight: number;
  readonly sharedValues: number;
  readonly score: (i: number, j: number) => _PairScore;
  readonly explain: (i: number, j: number) => { readonly score: _PairScore; readonly fields: readonly _FieldContribution[] };
}

/**
 * Value statistics of a whole data set, for scoring a few of its records without the rest: how many
 * records there are, how many hold a value of each field and each value, and which values several people
 * share. The batch path computes them from all rows; the profile engine keeps them in its store.
 */
export interface _ValueStats {
  readonly n: number;
  /** Records with a value of a term-frequency field. */
  readonly present: (field: string) => number;
  /** Records holding this value of a term-frequency field (at least 1 for a value a scored row holds). */
  readonly count: (field: string, value: string) => number;
  /** Whether this value of a guarded field (email, phone, identifiers) is shared by several people. */
  readonly shared: (field: string, value: string) => boolean;
}

/** Fields whose exact agreement is weighed by how common the value is. */
export const _TERM_FREQUENCY_FIELDS: ReadonlySet<string> = TERM_FREQUENCY_FIELDS;

/**
 * The value statistics of prepared rows, computed as `_compileScorer` computes them itself: scoring a pair
 * of these rows within a subset, with these statistics, gives the batch score.
 */
export function _valueStatsOf(p: _Prepared, maxPeoplePerValue: number): _ValueStats {
  const counts = new Map<string, Map<string, number>>();
  const present = new Map<string, number>();
  const shared = new Map<string, ReadonlySet<string>>();
  for (const comparator of _comparators(p)) {
    const field = comparator.field;
    if (comparator.value !== null && TERM_FREQUENCY_FIELDS.has(field)) {
      const byValue = new Map<string, number>();
      let have = 0;
      // Stryker disable next-line EqualityOperator: one row past the end reads no value (null), which every loop body skips
      for (let i = 0; i < p.n; i++) {
        const value = comparator.value(i);
        if (value === null) continue;
        have++;
        byValue.set(value, (byValue.get(value) ?? 0) + 1);
      }
      counts.set(field, byValue);
      present.set(field, have);
    }
    const identifier = field === "customerId" || p.custom.some((c) => c.identifier && c.name === field);
    if (identifier || (SHARED_VALUE_FIELDS as readonly string[]).includes(field)) {
      shared.set(field, sharedBetweenPeople(p, comparator, identifier ? maxPeoplePerValue + 1 : maxPeoplePerValue, null));
    }
  }
  return {
    n: p.n,
    present: (field) => present.get(field) ?? 0,
    count: (field, value) => counts.get(field)?.get(value) ?? 0,
    shared: (field, value) => shared.get(field)?.has(value) ?? false,
  };
}

/** A first-name disagreement weighing this many bits or less (m/u ≤ 1/8) is a conflict that vetoes. */
const FIRST_NAME_VETO_BITS = -3;
/** A birth-date level weighing this many bits or more tells which member of a household a record is. */
const PERSON_EVIDENCE_BITS = 2;

/** Per model and field: the comparator's levels it was ordered for, the model's levels in that order, their weights. */
const LEVEL_WEIGHTS = new WeakMap<MatchModel, Map<string, { readonly names: readonly string[]; readonly ordered: readonly ModelLevel[]; readonly weights: Float64Array }>>();

/**
 * The model's levels of a comparator in the comparator's order (a level the model lacks weighs nothing:
 * m = u = 0.5) and their weights in bits, computed once per model and field: the profile engine compiles
 * a scorer for every record it ingests.
 */
function levelWeights(model: MatchModel, comparator: _Comparator, levels: readonly ModelLevel[]): { readonly ordered: readonly ModelLevel[]; readonly weights: Float64Array } {
  let byField = LEVEL_WEIGHTS.get(model);
  if (byField === undefined) {
    byField = new Map();
    LEVEL_WEIGHTS.set(model, byField);
  }
  const known = byField.get(comparator.field);
  // A custom field's comparator lists its levels anew for every compilation: compared by name.
  if (known !== undefined && (known.names === comparator.levels || (known.names.length === comparator.levels.length && known.names.every((name, k) => name === comparator.levels[k])))) return known;
  const byName = new Map(levels.map((level) => [level.name, level]));
  const ordered = comparator.levels.map((name) => byName.get(name) ?? { name, m: 0.5, u: 0.5 });
  const weights = Float64Array.from(ordered, (level) => Math.log2(Math.max(level.m, 1e-12) / Math.max(level.u, 1e-12)));
  const entry = { names: comparator.levels, ordered, weights };
  byField.set(comparator.field, entry);
  return entry;
}

/**
 * Compiles a model against prepared rows: per-level weights, term-frequency-adjusted exact weights, and
 * the set of values shared by more than `maxPeoplePerValue` people (which then stop counting). With
 * `stats`, frequencies and shared values are those of the whole data set the rows belong to.
 */
export function _compileScorer(p: _Prepared, model: MatchModel, maxPeoplePerValue: number, stats: _ValueStats | null = null): _Scorer {
  const lambda = model.probabilityTwoRandomRecordsMatch ?? Math.min(0.5, 1 / Math.max(1, (stats?.n ?? p.n) - 1));
  const priorWeight = Math.log2(lambda / (1 - lambda));
  let sharedValues = 0;

  const compiled: CompiledComparator[] = [];
  for (const comparator of _comparators(p)) {
    const levels = _own(model.fields, comparator.field) as readonly ModelLevel[] | undefined;
    if (levels === undefined) continue;
    const { ordered, weights } = levelWeights(model, comparator, levels);
    let exactWeights: number[] | null = null;
    // Each row's count of rows holding its value, for term frequencies and reused by the shared-value
    // guard: later steps read the array instead of hashing the value again (at a million rows a hash
    // lookup is a cache miss, an array read is not).
    let rowCounts: number[] | null = null;
    if (comparator.value !== null && TERM_FREQUENCY_FIELDS.has(comparator.field)) {
      const counts = new Map<string, number>();
      let present = 0;
      if (stats !== null) {
        present = stats.present(comparator.field);
        // Stryker disable next-line EqualityOperator: one row past the end reads no value (null), which every loop body skips
        for (let i = 0; i < p.n; i++) {
          const value = comparator.value(i);
          if (value !== null && !counts.has(value)) counts.set(value, Math.max(1, stats.count(comparator.field, value)));
        }
      // Stryker disable next-line EqualityOperator: one row past the end reads no value (null), which every loop body skips
      } else for (let i = 0; i < p.n; i++) {
        const value = comparator.value(i);
        if (value === null) continue;
        present++;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const exact = ordered[0] as ModelLevel;
      // Looked up per row once here, so scoring a pair reads a number instead of hashing a string.
      // A plain array of doubles, not a Float64Array: typed arrays live outside the JavaScript heap, and
      // V8 answers every 64 MB of such memory with a full collection — half a second each at 1M records.
      exactWeights = new Array<number>(p.n).fill(Number.NaN);
      // Stryker disable next-line ArrayDeclaration: every index is written below; the length only saves growing the array
      rowCounts = new Array<number>(p.n).fill(0);
      for (let i = 0; i < p.n; i++) {
        const value = comparator.value(i);
        const count = value === null ? 0 : (counts.get(value) ?? 0);
        rowCounts[i] = count;
        if (count < 2) continue;
        // A shared rare value says more than a shared common one. The adjusted u is bounded below so
        // one rare value cannot decide a pair alone.
        const tf = Math.max(count / present, exact.u / 20);
        exactWeights[i] = Math.log2(Math.max(exact.m, 1e-12) / tf);
      }
    }
    let shared: Set<string> | null = null;
    let sharedLimit = Infinity;
    if ((SHARED_VALUE_FIELDS as readonly string[]).includes(comparator.field) || p.custom.some((c) => c.identifier && c.name === comparator.field)) {
      // An identifier assigned by a system is shared only by junk values; allow one more person before
      // calling it shared, so a typo in a name cannot cost a customer their own id.
      const identifier = comparator.field === "customerId" || p.custom.some((c) => c.identifier && c.name === comparator.field);
      sharedLimit = identifier ? maxPeoplePerValue + 1 : maxPeoplePerValue;
      shared = stats === null ? sharedBetweenPeople(p, comparator, sharedLimit, rowCounts) : sharedFrom(p, comparator, stats);
      sharedValues += shared.size;
    }
    compiled.push({ comparator, levels: ordered, weights, exactWeights, shared, rowCounts, sharedLimit });
  }

  const byField = new Map(compiled.map((c) => [c.comparator.field, c]));
  const identifiers = ["customerId", ...p.custom.filter((c) => c.identifier).map((c) => c.name)].flatMap((field) => {
    const c = byField.get(field);
    return c === undefined ? [] : [c];
  });

  const levelOf = (c: CompiledComparator, i: number, j: number): number => c.comparator.compare(i, j);
  // Whether each row's value of each guarded field is shared, computed once: pairs only look it up.
  // 1: shared; HOUSEHOLD: an email whose name says it is a household's (smiths@, thegarcias@) that the data
  // does not show in several people's hands (it may be, by people the data has not seen).
  const sharedRows = compiled.map((c) => {
    if (c.shared === null) return null;
    const rows = new Uint8Array(p.n);
    const email = c.comparator.field === "email";
    for (let i = 0; i < p.n; i++) {
      // Stryker disable next-line EqualityOperator: a value held by no more rows than the limit cannot be in the shared set, so looking it up changes nothing
      if (stats !== null || c.rowCounts === null || (c.rowCounts[i] as number) > c.sharedLimit) {
        // Only a value held by more rows than the limit can be in the shared set.
        const value = c.comparator.value === null ? identifierValue(p, c.comparator.field, i) : c.comparator.value(i);
        if (value !== null && c.shared.has(value)) {
          rows[i] = 1;
          continue;
        }
      }
      if (email && p.emailShared[i] === true) rows[i] = _householdEmail(p.emailLocal[i] as string, p.last[i] ?? null) ? HOUSEHOLD : 1;
    }
    return rows;
  });

  const indexOfField = new Map(compiled.map((c, k) => [c.comparator.field, k]));
  const firstIndex = compiled.findIndex((c) => c.comparator.field === "firstName");
  const lastIndex = compiled.findIndex((c) => c.comparator.field === "lastName");
  // A first-name conflict vetoes only where the model says it is strong evidence against a match (the
  // built-in model: -5 bits). A model trained on data whose records often disagree on first names (a
  // weight near 0) has learnt that it is not, and the pair is weighed like any other.
  const firstElse = firstIndex < 0 ? 0 : ((compiled[firstIndex] as CompiledComparator).weights[(compiled[firstIndex] as CompiledComparator).levels.length - 1] ?? 0);
  const firstNameConflictVetoes = firstElse <= FIRST_NAME_VETO_BITS;
  // Birth-date levels past "within a month" (always person evidence, below) that the model weighs as
  // evidence about the person (two bits or more): none with the built-in model; with a model trained on
  // data full of mistyped dates, whatever it learnt.
  const dobCompiled = compiled.find((c) => c.comparator.field === "dateOfBirth");
  const dobEvidence = Uint8Array.from(dobCompiled?.weights ?? [], (w) => (w >= PERSON_EVIDENCE_BITS ? 1 : 0));
  const levels = new Int32Array(compiled.length);
  const shared = new Uint8Array(compiled.length);

  const decide = (i: number, j: number, collect: _FieldContribution[] | null): _PairScore => {
    // 1. Every field's level, and whether its value is shared by several people.
    for (let k = 0; k < compiled.length; k++) {
      const c = compiled[k] as CompiledComparator;
      levels[k] = levelOf(c, i, j);
      const rows = sharedRows[k];
      // Shared wins over a household's address (0, 1 or HOUSEHOLD on either side).
      shared[k] = rows == null ? 0 : rows[i] === 1 || rows[j] === 1 ? 1 : Math.max(rows[i] as number, rows[j] as number);
    }
    // Given and family names swapped between sources count as agreeing.
    if (firstIndex >= 0 && lastIndex >= 0 && (levels[firstIndex] as number) >= 3) {
      const lastLevel = levels[lastIndex] as number;
      if (lastLevel >= 2) {
        // Either record may be the swapped one, so either cross may be the given names': a nickname
        // (Victoria, Ingram / Ingram, Vicky) counts there.
        const crossFirst = crossNames(p, i, j);
        const crossLast = crossNames(p, j, i);
        if (crossFirst <= NICKNAME && crossLast <= NICKNAME) {
          levels[firstIndex] = Math.max(crossFirst, crossLast) === NICKNAME ? 1 : crossFirst === 0 ? 0 : 2;
          levels[lastIndex] = crossLast === 0 || (crossLast === NICKNAME && crossFirst === 0) ? 0 : 1;
        }
      // Stryker disable next-line ConditionalExpression,LogicalOperator: with no surname on either side the cross level below is 9 (no name to cross), so the condition only says what the branch is for
      } else if (lastLevel < 0 && (p.last[i] == null) !== (p.last[j] == null)) {
        // One record has no surname and its only name is the other's surname: either the other's names
        // are swapped (Oscar, — / Moore, Oscar) or the surname sits in the first-name column (Carlson, — /
        // Rebecca Carlson). Which one, nothing says, and the second is every member of a household: the
        // name counts as the surname agreeing, never as the given name.
        const cross = p.last[i] == null ? crossLevel(p.first[i], p.last[j]) : crossLevel(p.last[i], p.first[j]);
        if (cross <= 1) {
          levels[firstIndex] = -1;
          levels[lastIndex] = cross === 0 ? 0 : 1;
        }
      }
    }

    // A household's email in the hands of one name (given name equal or a nickname; surname equal, or
    // absent on one side) is that person's as far as the data shows; beside any other name, or a record
    // without a given name, it says only "this household".
    for (let k = 0; k < compiled.length; k++) {
      if (shared[k] !== HOUSEHOLD) continue;
      const lastLevel = lastIndex < 0 ? -1 : (levels[lastIndex] as number);
      const sameName = firstIndex >= 0 && (levels[firstIndex] as number) >= 0 && (levels[firstIndex] as number) <= 1 && (lastLevel === 0 || (lastLevel < 0 && (p.last[i] == null) !== (p.last[j] == null)));
      shared[k] = sameName ? 0 : 1;
    }

    // 2. The match weight, field by field.
    let weight = priorWeight;
    for (let k = 0; k < compiled.length; k++) {
      const c = compiled[k] as CompiledComparator;
      const field = c.comparator.field;
      const level = levels[k] as number;
      if (level < 0) {
        collect?.push({ field, level: null, weight: 0, termFrequencyAdjustment: 0, ignored: "missing" });
        continue;
      }
      if (shared[k] === 1) {
        collect?.push({ field, level: c.levels[level]?.name ?? null, weight: 0, termFrequencyAdjustment: 0, ignored: "shared_value" });
        continue;
      }
      const base = c.weights[level] as number;
      let w = base;
      if (level === 0 && c.exactWeights !== null) {
        const adjusted = c.exactWeights[i] as number;
        if (!Number.isNaN(adjusted)) w = adjusted;
      }
      weight += w;
      collect?.push({ field, level: c.levels[level]?.name ?? null, weight: w, termFrequencyAdjustment: w - base, ignored: null });
    }

    // 3. Rules and guards.
    const levelAt = (field: string): number => {
      const k = indexOfField.get(field) ?? -1;
      return k < 0 || shared[k] === 1 ? -1 : (levels[k] as number);
    };
    let identifierAgrees: string | null = null;
    let identifierClose = false;
    for (const c of identifiers) {
      const level = levelAt(c.comparator.field);
      if (level < 0) continue;
      if (level === 0) identifierAgrees ??= c.comparator.field;
      // One typo in an identifier (levenshtein1) is close agreement. A different customer id is a
      // different customer; a different value of a custom identifier (which sources mistype or replace)
      // is left to the model's weights.
      else if (level === c.comparator.close) identifierClose = true;
      else if (c.comparator.field === "customerId") return { matchWeight: weight, probability: 0, decidedBy: "veto:customerId" };
    }
    if (identifierAgrees !== null) return { matchWeight: weight, probability: 1, decidedBy: `rule:${identifierAgrees}` };

    const firstLevel = levelAt("firstName");
    const dobLevel = levelAt("dateOfBirth");
    const emailLevel = levelAt("email");
    const emailExactUnshared = emailLevel === 0;
    const phoneExactUnshared = levelAt("phone") === 0;
    // Conflicts a person does not have with themself: a different first name (twins, spouses, parent and
    // child) or a birth date a generation apart. Evidence only one person holds outweighs a first name the
    // nickname table does not know (Kate, Kathleen) or mistyped beyond a typo: an identifier one typo
    // apart, an email or a phone in common that no other person in the data is seen with. A household's
    // evidence (surname, address, a shared landline or email, even a shared birth date) does not.
    if (!identifierClose) {
      if (firstLevel === 4 && firstNameConflictVetoes && !emailExactUnshared && !phoneExactUnshared) return { matchWeight: weight, probability: 0, decidedBy: "veto:firstName" };
      if (dobLevel === _DATE_LEVEL.else && !emailExactUnshared && generationsApart(p, i, j)) return { matchWeight: weight, probability: 0, decidedBy: "veto:dateOfBirth" };
    }
    // An unshared email decides unless the birth dates are years apart (then the model weighs both): a
    // date a month or a year off, or known only by its year, is how one person's records differ.
    if (emailExactUnshared && dobLevel < _DATE_LEVEL.withinDecade) return { matchWeight: weight, probability: 1, decidedBy: "rule:email" };
    // Surname, address and a landline describe a household; without a first name, an email, a birth date
    // (within a month: it tells a household's members apart as surely as the same date, which only twins
    // share), a personal phone or an identifier that agree, nothing says which member of it a record is.
    const personEvidence = identifierClose || (firstLevel >= 0 && firstLevel <= 3) || (emailLevel >= 0 && emailLevel <= 2) || (dobLevel >= 0 && (dobLevel <= _DATE_LEVEL.withinMonth || (dobEvidence[dobLevel] ?? 0) === 1)) || phoneExactUnshared;
    if (!personEvidence) return { matchWeight: weight, probability: 0, decidedBy: "veto:noPersonEvidence" };
    const probability = 1 / (1 + 2 ** -weight);
    return { matchWeight: weight, probability: Number.isNaN(probability) ? 0 : probability, decidedBy: "model" };
  };

  return {
    priorWeight,
    sharedValues,
    score: (i, j) => decide(i, j, null),
    explain: (i, j) => {
      const fields: _FieldContribution[] = [];
      const score = decide(i, j, fields);
      return { score, fields };
    },
  };
}

/** The values of rows that the statistics call shared. */
function sharedFrom(p: _Prepared, comparator: _Comparator, stats: _ValueStats): Set<string> {
  const valueOf = comparator.value ?? ((i: number) => identifierValue(p, comparator.field, i));
  const shared = new Set<string>();
  // Stryker disable next-line EqualityOperator: one row past the end reads no value (null), which every loop body skips
  for (let i = 0; i < p.n; i++) {
    const value = valueOf(i);
    if (value !== null && stats.shared(comparator.field, value)) shared.add(value);
  }
  return shared;
}

/**
 * Birth dates far enough apart to be parent and child (16 years or more). Closer disagreements are left
 * to the model: sources mistype digits (1984 for 1974), and the same person's record is not vetoed for it.
 */
function generationsApart(p: _Prepared, i: number, j: number): boolean {
  const a = p.dob[i];
  const b = p.dob[j];
  if (a == null || b == null) return false;
  return Math.abs(Number(a.slice(0, 4)) - Number(b.slice(0, 4))) >= 16;
}

/** `crossNames`' answer for a given name that is a nickname of the other (or the other of it). */
const NICKNAME = 2;

/**
 * Row i's first name against row j's family name, for names swapped between the columns: `crossLevel`,
 * or NICKNAME when j's family-name column holds a nickname of i's given name.
 */
function crossNames(p: _Prepared, i: number, j: number): number {
  const level = crossLevel(p.first[i], p.last[j]);
  if (level <= 1) return level;
  const last = p.last[j];
  return last != null && (p.firstNames[i] as readonly string[]).includes(last) ? NICKNAME : level;
}

/** A name against a name from the other column: equal (0), one typo apart (1: one edit or two letters swapped in names of five letters or more), or else (9). */
function crossLevel(a: string | null | undefined, b: string | null | undefined): number {
  if (a == null || b == null) return 9;
  if (a === b) return 0;
  return _jaroWinkler(a, b) >= 0.92 || (Math.min(a.length, b.length) >= 5 && (_oneEditApart(a, b) || _swapApart(a, b))) ? 1 : 9;
}

function identifierValue(p: _Prepared, field: string, i: number): string | null {
  if (field === "customerId") return p.customerId[i] ?? null;
  const column = p.custom.find((c) => c.name === field);
  if (column === undefined) return null;
  const value = column.kind === "numeric" ? column.number[i] : column.text[i];
  return value == null ? null : String(value);
}

/**
 * Lenient on purpose: one person's own email must not look shared because a source spelled their name
 * in a way the nickname table does not know (Mikey, Michael).
 */
function samePersonByName(p: _Prepared, i: number, j: number): boolean {
  if (_firstNamesCompatible(p, i, j)) return true;
  const a = p.first[i] as string;
  const b = p.first[j] as string;
  if (a.slice(0, 3) === b.slice(0, 3) || _jaroWinkler(a, b) >= 0.8) return true;
  // Given and family names swapped between sources, also when one of them has no family name.
  const lastI = p.last[i];
  const lastJ = p.last[j];
  if (lastI != null && lastJ != null) return crossNames(p, i, j) <= NICKNAME && crossNames(p, j, i) <= NICKNAME;
  return (lastJ != null && crossLevel(a, lastJ) <= 1) || (lastI != null && crossLevel(lastI, b) <= 1);
}

/**
 * Values of an identifying field used by more than `limit` people, where people are told apart by
 * first names that cannot be one person's (different, not nicknames, not typos, not an initial).
 */
function sharedBetweenPeople(p: _Prepared, comparator: _Comparator, limit: number, rowCounts: readonly number[] | null): Set<string> {
  const valueOf = comparator.value ?? ((i: number) => identifierValue(p, comparator.field, i));
  // Count first (unless the term frequencies already did, over the same values), list rows only for
  // values seen often enough to be shared: a list per value would be millions of one-element arrays.
  let countOf: (i: number, value: string) => number;
  if (rowCounts !== null) countOf = (i) => rowCounts[i] as number;
  else {
    const counts = new Map<string, number>();
    for (let i = 0; i < p.n; i++) {
      const value = valueOf(i);
      if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    countOf = (_i, value) => counts.get(value) ?? 0;
  }
  const groups = new Map<string, number[]>();
  for (let i = 0; i < p.n; i++) {
    if (rowCounts !== null && (rowCounts[i] as number) <= limit) continue;
    const value = valueOf(i);
    if (value === null || countOf(i, value) <= limit) continue;
    const group = groups.get(value);
    if (group === undefined) groups.set(value, [i]);
    else group.push(i);
  }
  const shared = new Set<string>();
  for (const [value, rows] of groups) {
    // People as groups of rows: a row is one of a person when its names fit any row of theirs. Rows with
    // both names first: a given name alone meets a full name (Logan, and Logan Gomez) more surely than
    // another lone name (Logan, and Gomez written as the given name).
    const people: number[][] = [];
    for (const row of [...rows.filter((r) => p.last[r] != null), ...rows.filter((r) => p.last[r] == null)]) {
      if (p.first[row] == null) continue;
      const person = people.find((members) => members.some((other) => samePersonByName(p, row, other) || garbledGivenName(p, row, other)));
      if (person === undefined) people.push([row]);
      else person.push(row);
      if (people.length > limit) break;
    }
    if (people.length > limit) shared.add(value);
  }
  return shared;
}

/**
 * One person's given name typed beyond recognition beside the name itself (Dsn and Daniel Tran, Jck and
 * John Smith, Mzy and Mary Thompson): the same family name (or one typo apart from four letters: Soto,
 * Sito), the same first letter, one of the two given names unknown to the name tables, and that one three
 * letters at most (a stub of the name, not a name of its own) or two edits from the other or one of its
 * forms (Jmes, James; Ruck, Richard through Rick). Two names the tables know are two people (Mary and Mark
 * Smith sharing an address), and so are other first letters and an unknown name further from the known
 * one (Yvette beside Yvonne, Renee beside Raymond).
 */
function garbledGivenName(p: _Prepared, i: number, j: number): boolean {
  const lastI = p.last[i];
  const lastJ = p.last[j];
  if (lastI == null || lastJ == null || (lastI !== lastJ && (Math.min(lastI.length, lastJ.length) < 4 || _editDistanceWithin(lastI, lastJ, 1) > 1))) return false;
  const a = p.first[i] as string;
  const b = p.first[j] as string;
  if (a.charCodeAt(0) !== b.charCodeAt(0)) return false;
  const knownA = (p.firstNames[i] as readonly string[]).length > 1;
  const knownB = (p.firstNames[j] as readonly string[]).length > 1;
  if (knownA === knownB) return false;
  const unknown = knownA ? b : a;
  if (unknown.length <= 3) return true;
  for (const name of p.firstNames[knownA ? i : j] as readonly string[]) if (_editDistanceWithin(unknown, name, 2) <= 2) return true;
  return false;
}
