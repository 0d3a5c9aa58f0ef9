import { _editDistanceWithin, _jaroWinkler, _oneEditApart, _swapApart } from "./_stringMetrics.js";
import type { _Prepared } from "./_prepare.js";
import { _compareByLevels } from "./_levels.js";

/** Level names of each built-in comparison, most similar first; the last is always "else". */
type LevelSet = "firstName" | "lastName" | "email" | "phone" | "dateOfBirth" | "street" | "city" | "postalCode" | "customerId" | "exact" | "levenshtein" | "jaroWinkler" | "date" | "numeric";

export const _LEVELS: Readonly<Record<LevelSet, readonly string[]>> = {
  firstName: ["exact", "nickname", "typo", "initial", "else"],
  lastName: ["exact", "jaroWinkler92", "jaroWinkler80", "else"],
  email: ["exact", "samePersonalPart", "similarPersonalPart", "else"],
  phone: ["exact", "oneTypo", "else"],
  dateOfBirth: ["exact", "oneTypo", "oneComponentOff", "withinMonth", "withinYear", "sameYear", "withinDecade", "else"],
  street: ["exact", "similar", "else"],
  city: ["exact", "similar", "else"],
  postalCode: ["exact", "samePrefix", "else"],
  customerId: ["exact", "else"],
  exact: ["exact", "else"],
  levenshtein: ["exact", "levenshtein1", "levenshtein2", "else"],
  jaroWinkler: ["exact", "jaroWinkler92", "jaroWinkler80", "else"],
  date: ["exact", "oneTypo", "oneComponentOff", "withinMonth", "withinYear", "sameYear", "withinDecade", "else"],
  numeric: ["exact", "close", "else"],
};

/** A compiled comparison: gives a level index for a pair of rows, or -1 when either value is missing. */
export interface _Comparator {
  readonly field: string;
  readonly levels: readonly string[];
  readonly compare: (i: number, j: number) => number;
  /** For term-frequency adjustment of the exact level: the value of row i. */
  readonly value: ((i: number) => string | null) | null;
  /** The level that means "one typo apart" for an identifier (it outweighs a first-name conflict), or -1. */
  readonly close?: number;
}

/** Whether two first names can belong to one person: equal, nickname-related, close, or an initial. */
export function _firstNamesCompatible(p: _Prepared, i: number, j: number): boolean {
  const level = compareFirstName(p, i, j);
  return level >= 0 && level <= 3;
}

/**
 * First-name levels: exact; one is a nickname of the other (Bob, Robert); a typo (see `_nameTypo`, or a
 * nickname typed with a slip: `typoOfForm`, or a known name typed badly: `garbledName`); an initial; else.
 * A row without a first name takes the level its email spells against the other's names (`spelledName`).
 * Two names that are only both nicknames of a third are not related: Helen and Danielle are both "Ellie",
 * Hannah and Nancy both "Nan".
 */
function compareFirstName(p: _Prepared, i: number, j: number): number {
  const a = p.first[i];
  const b = p.first[j];
  if (a == null || b == null) return a == null && b == null ? -1 : spelledLevel(p, i, j, a == null, "first");
  if (a === b) return 0;
  const namesA = p.firstNames[i] as readonly string[];
  const namesB = p.firstNames[j] as readonly string[];
  // Nicknames from the table, or a name that begins or ends another (Chris, Christopher; Liam, William).
  if (namesA.includes(b) || namesB.includes(a) || shortForm(a, b)) return 1;
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? 3 : 4;
  if (_nameTypo(a, b)) return 2;
  return typoOfForm(a, namesA, namesB) || typoOfForm(b, namesB, namesA) || garbledName(a, namesA, b, namesB) ? 2 : 4;
}

/**
 * A known name typed badly (Gegrgoe, George; Hogu, Hugo; Ezia, Eliza): one side is a name the nickname
 * table knows and the other is not, both of four letters or more, with the same first letter, two edits
 * apart at most (a swap of neighbours counting as one) and the same letters but one (a letter typed twice
 * or lost, letters swapped or moved; no letter changed). Two names the table knows are two names (Noel,
 * Leon), and so are other first letters (Nada, Dana) and other letters (Sara, Sandra).
 */
function garbledName(a: string, namesA: readonly string[], b: string, namesB: readonly string[]): boolean {
  if (namesA.length > 1 === namesB.length > 1 || Math.min(a.length, b.length) < 4) return false;
  if (a.charCodeAt(0) !== b.charCodeAt(0) || _editDistanceWithin(a, b, 2) > 2) return false;
  return letterDifference(a, b) <= 1;
}

const LETTER_COUNTS = new Int32Array(26);

/** How many letters one name has more or fewer of than the other, summed (an anagram: 0; a letter changed: 2). */
function letterDifference(a: string, b: string): number {
  LETTER_COUNTS.fill(0);
  for (let k = 0; k < a.length; k++) {
    const c = a.charCodeAt(k) - 97;
    if (c >= 0 && c < 26) LETTER_COUNTS[c] = (LETTER_COUNTS[c] as number) + 1;
  }
  for (let k = 0; k < b.length; k++) {
    const c = b.charCodeAt(k) - 97;
    if (c >= 0 && c < 26) LETTER_COUNTS[c] = (LETTER_COUNTS[c] as number) - 1;
  }
  let difference = 0;
  for (const count of LETTER_COUNTS) difference += Math.abs(count);
  return difference;
}

function compareLastName(p: _Prepared, i: number, j: number): number {
  const a = p.last[i];
  const b = p.last[j];
  if (a == null || b == null) return a == null && b == null ? -1 : spelledLevel(p, i, j, a == null, "last");
  return compareText(a, b, 0.92, 0.8);
}

/**
 * The level of a name one row lacks, from the other row's names its email spells (madisonmitchell@,
 * theresa79@; see `spelledName`), or -1 for no evidence.
 */
function spelledLevel(p: _Prepared, i: number, j: number, iLacks: boolean, part: "first" | "last"): number {
  const spelled = iLacks ? spelledName(p, i, j) : spelledName(p, j, i);
  return spelled === null ? -1 : spelled[part];
}

// spelledName's answers, shared: it runs for every candidate pair with a nameless row.
const BOTH_NAMES = { first: 0, last: 0 } as const;
const GIVEN_NAME = { first: 0, last: -1 } as const;

/**
 * The name levels (first, last; -1 for no evidence) when row `nameless`, which has no name at all, has an
 * email whose personal part, digits aside, is the other row's names run together (madisonmitchell,
 * mitchellmadison) or its given name (theresa79): the name the person typed as their address. Separated
 * parts (madison.mitchell) were read as names when prepared. An initial and a surname (dnewman) are not
 * read: at one address they are any member of the household whose name begins with that letter.
 */
function spelledName(p: _Prepared, nameless: number, named: number): { readonly first: number; readonly last: number } | null {
  if (p.first[nameless] != null || p.last[nameless] != null || p.emailShared[nameless] === true) return null;
  const local = p.emailLocal[nameless];
  const first = p.first[named];
  const last = p.last[named];
  if (local == null || first == null || first.length < 3) return null;
  const letters = emailLetters(p, nameless, local);
  if (last != null && last.length >= 2) {
    if (letters === first + last || letters === last + first) return BOTH_NAMES;
  }
  return letters === first ? GIVEN_NAME : null;
}

const NOT_LOWER_LETTERS = /[^a-z]/g;

// The letters of each row's email personal part, read once per prepared data set: a nameless row is
// compared with every candidate of its blocks.
const LETTERS = new WeakMap<_Prepared, (string | undefined)[]>();

function emailLetters(p: _Prepared, i: number, local: string): string {
  let cache = LETTERS.get(p);
  if (cache === undefined) {
    cache = new Array<string | undefined>(p.n);
    LETTERS.set(p, cache);
  }
  let letters = cache[i];
  if (letters === undefined) {
    letters = local.replace(NOT_LOWER_LETTERS, "");
    cache[i] = letters;
  }
  return letters;
}

/**
 * A nickname typed with a slip (Ginnny for Virginia's Ginny): `name`, which the nickname table does not
 * know, is a letter typed twice, or one edit or one swap from one of the other name's known forms with the
 * same first letter. A name the table knows is a name of its own (Randy is not Sandra's Sandy mistyped);
 * five letters and more on both sides, as a short form one edit from a short name is often another name's
 * (Ron is not Rob, so not Robert); a changed letter only in forms of six letters and more; and not a name
 * that ends otherwise (Carla is not Charles's Carlo): the other gender's form of a name, not a slip.
 */
function typoOfForm(name: string, ownForms: readonly string[], forms: readonly string[]): boolean {
  if (name.length < 4 || ownForms.length > 1) return false;
  // A letter typed twice (Liiz, Jonn, Roob): the commonest slip, safe in short names too.
  for (let k = 0; k + 1 < name.length; k++) {
    if (name.charCodeAt(k) === name.charCodeAt(k + 1) && forms.includes(name.slice(0, k) + name.slice(k + 1))) return true;
  }
  if (name.length < 5) return false;
  for (let k = 1; k < forms.length; k++) {
    const form = forms[k] as string;
    if (form.length < 5 || form.charCodeAt(0) !== name.charCodeAt(0) || endsOtherwise(name, form)) continue;
    // A letter more, fewer or two swapped; a letter changed only in forms of six letters and more (Kattie,
    // Kathie): in shorter ones it makes another name too often (Benny, Jenny; Marta, Maria).
    if (form.length === name.length && form.length < 6 ? _swapApart(name, form) : _oneEditApart(name, form) || _swapApart(name, form)) return true;
  }
  return false;
}

/** Whether two names differ only in their last letter, or one is the other with a letter more at its end. */
function endsOtherwise(a: string, b: string): boolean {
  return a.slice(0, -1) === b.slice(0, -1) || a === b.slice(0, -1) || b === a.slice(0, -1);
}

/**
 * Two spellings of one name: one edit apart, Jaro-Winkler ≥ 0.92, or, for long names (seven letters and
 * more), two edits apart counting a swap of neighbours as one (Theodore, eTheodroe). Short names two
 * edits apart are often other names (Jon, Jan, Ian), so they stay different.
 */
export function _nameTypo(a: string, b: string): boolean {
  if (_oneEditApart(a, b) || _jaroWinkler(a, b) >= 0.92) return true;
  // Two letters swapped anywhere (Osrac, Oscar; foSia, Sofia); from five letters, as shorter names one swap
  // apart are often other names (Mary, Myra; Dana, Nada).
  if (a.length >= 5 && _swapApart(a, b)) return true;
  return Math.min(a.length, b.length) >= 7 && _editDistanceWithin(a, b, 2) <= 2;
}


function compareText(a: string | null | undefined, b: string | null | undefined, high: number, low: number): number {
  if (a == null || b == null) return -1;
  if (a === b) return 0;
  const jw = _jaroWinkler(a, b);
  return jw >= high ? 1 : jw >= low ? 2 : 3;
}

/**
 * Cities: exact, similar (Jaro-Winkler 0.9, or one letter added, lost, changed or two swapped from four
 * letters: Lodon, nLondon for London), else.
 */
function compareCity(a: string | null | undefined, b: string | null | undefined): number {
  const level = twoBands(compareText(a, b, 0.9, 0.9));
  if (level !== 2 || a == null || b == null || Math.min(a.length, b.length) < 4) return level;
  return _oneEditApart(a, b) || _swapApart(a, b) ? 1 : 2;
}

function shortForm(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && short.length < long.length && (long.startsWith(short) || long.endsWith(short));
}

function domainSlip(a: string, b: string): boolean {
  return _oneEditApart(a, b) || _swapApart(a, b);
}

/** Whether an email's personal part is only the person's names (john.smith, jsmith, smithj, john85, jonathan.smith for Jon). */
export function _nameDerived(p: _Prepared, i: number, local: string): boolean {
  const first = p.first[i];
  const last = p.last[i];
  const letters = local.replace(NOT_LOWER_LETTERS, "");
  if (letters === "" || letters === last) return true;
  // The given name or any of its forms (emily.webster for Emilie, samuel.le for Sammy): what any person of
  // that name could choose.
  if (first == null) return false;
  if (spellsGiven(letters, first, last)) return true;
  for (const given of p.firstNames[i] ?? NO_NAMES) if (spellsGiven(letters, given, last)) return true;
  return last != null && (letters === first.charAt(0) + last || letters === first + last.charAt(0) || letters === last + first.charAt(0));
}

const NO_NAMES: readonly string[] = [];

/** Whether `letters` are a given name, alone or run together with the surname either way round. */
function spellsGiven(letters: string, given: string, last: string | null | undefined): boolean {
  return letters === given || (last != null && (letters === given + last || letters === last + given));
}

/** Maps exact / similar / (similar) / else onto a three-level comparison: exact, similar, else. */
function twoBands(level: number): number {
  return level >= 2 ? 2 : level;
}

/** Indices of the date levels (`_LEVELS.dateOfBirth`, `_LEVELS.date`), for the rules that read them. */
export const _DATE_LEVEL = { exact: 0, oneTypo: 1, oneComponentOff: 2, withinMonth: 3, withinYear: 4, sameYear: 5, withinDecade: 6, else: 7 } as const;

/**
 * A date that may hold only its year: the first of January is how year-only dates are stored (1875 →
 * 1875-01-01), so such a date agrees with another only at the year level, even with itself.
 */
export function _partialDate(iso: string): boolean {
  return iso.charCodeAt(5) === 48 && iso.charCodeAt(6) === 49 && iso.charCodeAt(8) === 48 && iso.charCodeAt(9) === 49;
}

const DAY_MS = 86_400_000;

/** The level of two ISO dates (YYYY-MM-DD): see `_LEVELS.date`. */
function dateLevel(a: string, b: string): number {
  const partial = _partialDate(a) || _partialDate(b);
  const ya = Number(a.slice(0, 4));
  const yb = Number(b.slice(0, 4));
  if (partial) {
    // Year-level evidence only: the same year; the next or the one before (a year written from an age
    // is off by one as often as not), as a full date a year apart; within ten years; or else.
    if (ya === yb) return _DATE_LEVEL.sameYear;
    const years = Math.abs(ya - yb);
    if (years === 1) return _DATE_LEVEL.withinYear;
    return years <= 10 ? _DATE_LEVEL.withinDecade : _DATE_LEVEL.else;
  }
  if (a === b) return _DATE_LEVEL.exact;
  if (dateTypo(a, b)) return _DATE_LEVEL.oneTypo;
  const ma = Number(a.slice(5, 7));
  const mb = Number(b.slice(5, 7));
  const da = Number(a.slice(8, 10));
  const db = Number(b.slice(8, 10));
  if ((ya === yb ? 1 : 0) + (ma === mb ? 1 : 0) + (da === db ? 1 : 0) >= 2) return _DATE_LEVEL.oneComponentOff;
  const days = Math.abs(Date.UTC(ya, ma - 1, da) - Date.UTC(yb, mb - 1, db)) / DAY_MS;
  if (days <= 31) return _DATE_LEVEL.withinMonth;
  if (days <= 366) return _DATE_LEVEL.withinYear;
  return days <= 3653 ? _DATE_LEVEL.withinDecade : _DATE_LEVEL.else;
}

/** The closest level of two dates, each with an optional second reading (day and month undecided). */
function compareDate(a: string | null | undefined, altA: string | null | undefined, b: string | null | undefined, altB: string | null | undefined): number {
  if (a == null || b == null) return -1;
  let level = dateLevel(a, b);
  if (altA != null) level = Math.min(level, dateLevel(altA, b));
  if (altB != null) level = Math.min(level, dateLevel(a, altB), altA == null ? level : dateLevel(altA, altB));
  return level;
}

/** One typo in an ISO date: one character, day and month swapped, or the year off by one. */
function dateTypo(a: string, b: string): boolean {
  if (_oneEditApart(a, b)) return true;
  const [ya, ma, da] = a.split("-");
  const [yb, mb, db] = b.split("-");
  if (ya === yb && ma === db && da === mb) return true;
  return ma === mb && da === db && Math.abs(Number(ya) - Number(yb)) === 1;
}

/** Builds the comparators for the prepared data: standard fields, then custom fields. */
export function _comparators(p: _Prepared): _Comparator[] {
  const comparators: _Comparator[] = [
    { field: "firstName", levels: _LEVELS.firstName, compare: (i, j) => compareFirstName(p, i, j), value: (i) => p.first[i] ?? null },
    { field: "lastName", levels: _LEVELS.lastName, compare: (i, j) => compareLastName(p, i, j), value: (i) => p.last[i] ?? null },
    {
      field: "email",
      levels: _LEVELS.email,
      compare: (i, j) => {
        const a = p.email[i];
        const b = p.email[j];
        if (a == null || b == null) return -1;
        if (a === b) return 0;
        const la = p.emailLocal[i] as string;
        const lb = p.emailLocal[j] as string;
        // One mailbox typed with a slip in its domain (carr.cm, williams.cm: real top-level domains, so
        // cleansing leaves them as written): the same personal part at domains one edit or one swap of two
        // letters apart (hopkins.org, honkips.org).
        if (la === lb && la.length >= 4 && domainSlip(a.slice(la.length + 1), b.slice(lb.length + 1))) return 0;
        const similar = la === lb ? 1 : la.length >= 4 && lb.length >= 4 && _jaroWinkler(la, lb) >= 0.9 ? 2 : 3;
        // john.smith@ at two providers is what any John Smith would choose: the same personal part says
        // nothing more than the names already do.
        if (similar < 3 && (_nameDerived(p, i, la) || _nameDerived(p, j, lb))) return -1;
        return la.length >= 4 ? similar : 3;
      },
      value: (i) => p.email[i] ?? null,
    },
    {
      field: "phone",
      levels: _LEVELS.phone,
      compare: (i, j) => {
        const a = p.phone[i];
        const b = p.phone[j];
        if (a == null || b == null) return -1;
        if (a === b) return 0;
        return _oneEditApart(a, b) ? 1 : 2;
      },
      value: (i) => p.phone[i] ?? null,
    },
    { field: "dateOfBirth", levels: _LEVELS.dateOfBirth, compare: (i, j) => compareDate(p.dob[i], p.dobAlt[i], p.dob[j], p.dobAlt[j]), value: (i) => p.dob[i] ?? null },
    { field: "street", levels: _LEVELS.street, compare: (i, j) => twoBands(compareText(p.street[i], p.street[j], 0.9, 0.9)), value: (i) => p.street[i] ?? null },
    { field: "city", levels: _LEVELS.city, compare: (i, j) => compareCity(p.city[i], p.city[j]), value: (i) => p.city[i] ?? null },
    {
      field: "postalCode",
      levels: _LEVELS.postalCode,
      compare: (i, j) => {
        const a = p.postal[i];
        const b = p.postal[j];
        if (a == null || b == null) return -1;
        if (a === b) return 0;
        return a.slice(0, 3) === b.slice(0, 3) ? 1 : 2;
      },
      value: (i) => p.postal[i] ?? null,
    },
    {
      field: "customerId",
      levels: _LEVELS.customerId,
      compare: (i, j) => {
        const a = p.customerId[i];
        const b = p.customerId[j];
        if (a == null || b == null) return -1;
        return a === b ? 0 : 1;
      },
      value: null,
    },
  ];
  for (const column of p.custom) {
    const text = column.text;
    const num = column.number;
    const value = column.kind === "numeric" ? null : (i: number): string | null => text[i] ?? null;
    if (column.levels !== null) {
      // The field's own levels; one edit is what makes an identifier "close".
      const own = column.levels;
      comparators.push({ field: column.name, levels: [...own.map((level) => level.name), "else"], compare: _compareByLevels(own, column.kind, text, num), value, close: own.findIndex((level) => level.test === "maxEdits" && level.bound === 1) });
      continue;
    }
    const levels = _LEVELS[column.kind];
    let compare: (i: number, j: number) => number;
    switch (column.kind) {
      case "numeric":
        compare = (i, j) => {
          const a = num[i];
          const b = num[j];
          if (a == null || b == null) return -1;
          const diff = Math.abs(a - b);
          return diff === 0 ? 0 : diff <= column.tolerance ? 1 : 2;
        };
        break;
      case "date":
        compare = (i, j) => compareDate(text[i], null, text[j], null);
        break;
      case "levenshtein":
        compare = (i, j) => {
          const a = text[i];
          const b = text[j];
          if (a == null || b == null) return -1;
          if (a === b) return 0;
          // Edits counted with a swap of neighbours as one (2493383, 2439383): the commonest typo in ids.
          const d = _editDistanceWithin(a, b, 2);
          return d === 1 ? 1 : d === 2 ? 2 : 3;
        };
        break;
      case "jaroWinkler":
        compare = (i, j) => compareText(text[i], text[j], 0.92, 0.8);
        break;
      case "exact":
        compare = (i, j) => {
          const a = text[i];
          const b = text[j];
          if (a == null || b == null) return -1;
          return a === b ? 0 : 1;
        };
        break;
    }
    comparators.push({ field: column.name, levels, compare, value, close: column.kind === "levenshtein" ? 1 : -1 });
  }
  return comparators;
}
