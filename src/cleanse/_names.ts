// Name parsing and casing, without the nickname table: displayName shows names and never needs it, so a
// function that only personalizes does not carry it. normalizeName passes the table in.
import { _createIssue, _issuesOrNone, _NO_ISSUES } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import { _capitalOf, _composed, _fold, _readText, _withinLimit } from "../shared/_text.js";
import type { FieldStatus } from "../shared/types.js";
import type { NamePart, NormalizedName } from "./normalizeName.js";

const PARTICLES = new Set(["van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos", "das", "do", "ten", "ter", "bin", "ibn", "zu", "af", "av", "el", "al"]);
/** Prefixes that begin a family name, capitalised (Anne St. Clair, Sophie Mac Donald, Ben Ami, Abu Bakr). */
const PREFIXES = new Set(["st.", "st", "mac", "mc", "ben", "abu"]);
/** Words joining two family names (Velasquez y Garcia, Sousa e Silva, Puig i Cadafalch). */
const CONJUNCTIONS = new Set(["y", "e", "i"]);
const MAC_NAMES = new Set(
  "macdonald macleod mackenzie mackay macintyre macneil macmillan macarthur macaulay macgregor macpherson maclean macdougall macfarlane mackinnon maclachlan macrae macbeth macdowell maclaren macinnes macaskill".split(" "),
);
// Maps, not object literals: a word from data ("constructor", "__proto__") must never find a member of
// Object.prototype.
const HONORIFICS: ReadonlyMap<string, string> = new Map(Object.entries({
  mr: "Mr.", mister: "Mr.", mrs: "Mrs.", ms: "Ms.", miss: "Miss", mx: "Mx.", dr: "Dr.", doctor: "Dr.", prof: "Prof.",
  professor: "Prof.", rev: "Rev.", reverend: "Rev.", fr: "Fr.", sir: "Sir", dame: "Dame", lord: "Lord", lady: "Lady",
  hon: "Hon.", capt: "Capt.", captain: "Capt.", col: "Col.", lt: "Lt.", sgt: "Sgt.", maj: "Maj.", gen: "Gen.",
  mme: "Mme", mlle: "Mlle", herr: "Herr", frau: "Frau", sra: "Sra.", srta: "Srta.",
  senator: "Sen.", sen: "Sen.", rep: "Rep.", representative: "Rep.", gov: "Gov.", governor: "Gov.", mayor: "Mayor",
  judge: "Judge", justice: "Justice", father: "Fr.", pastor: "Pastor", rabbi: "Rabbi", imam: "Imam", bishop: "Bishop",
  king: "King", queen: "Queen", honorable: "Hon.", president: "President", pres: "President", admiral: "Adm.",
  adm: "Adm.", general: "Gen.", colonel: "Col.", lieutenant: "Lt.", sergeant: "Sgt.", cmdr: "Cmdr.", commander: "Cmdr.",
}));
/** Titles said with a family name (Mr. Smith, Senator Obama): a title and one word is a surname, not a given name. */
const SURNAME_TITLES: ReadonlySet<string> = new Set("mr mister mrs ms miss mx dr doctor prof professor rev reverend senator sen rep representative gov governor mayor judge justice rabbi capt captain col lt sgt maj gen adm admiral cmdr commander colonel lieutenant sergeant general president pres herr frau mme mlle sra srta hon honorable".split(" "));
const TITLE_SEPARATOR = /[\s,]+/;
const FIRST_WORD = /^[\s,]*([^\s,]+)/;

/**
 * The title, when a first-name value is only titles ("Rev.", "Dr", ", Dr.", "Prof. Dr."), else null. Shared
 * by normalizeName and displayName's fast path, so both give no first name for it.
 *
 * @internal
 */
export function _titleOnly(text: string): string | null {
  const head = FIRST_WORD.exec(text)?.[1];
  if (head === undefined || !HONORIFICS.has(bare(head))) return null;
  const words = text.split(TITLE_SEPARATOR).filter((word) => word !== "");
  return words.every((word) => HONORIFICS.has(bare(word)) && !FIRST_NAMES_TOO.has(bare(word))) ? (HONORIFICS.get(bare(head)) ?? null) : null;
}
/** Titles that are also given names (Gen for Genevieve): alone in a first-name column they stay a name. */
const FIRST_NAMES_TOO: ReadonlySet<string> = new Set(["gen", "justice", "king", "queen", "mayor", "general", "major"]);
const SUFFIXES: ReadonlyMap<string, string> = new Map(Object.entries({
  jr: "Jr.", junior: "Jr.", sr: "Sr.", senior: "Sr.", ii: "II", iii: "III", iv: "IV", phd: "PhD", md: "MD",
  esq: "Esq.", dds: "DDS", dvm: "DVM", cpa: "CPA", rn: "RN", mba: "MBA", jd: "JD", obe: "OBE", mbe: "MBE",
  vi: "VI", vii: "VII", viii: "VIII", dmd: "DMD", cfa: "CFA", cfp: "CFP", lcsw: "LCSW", dnp: "DNP", edd: "EdD",
  pmp: "PMP", frcs: "FRCS", mrcp: "MRCP", cbe: "CBE", kbe: "KBE",
}));
/** Credentials too short or name-like to strip without a comma before them (Tonya Fordham, DO; Van Do). */
const COMMA_SUFFIXES: ReadonlyMap<string, string> = new Map(Object.entries({
  do: "DO", pa: "PA", np: "NP", pe: "PE", ma: "MA", ms: "MS", msc: "MSc", ba: "BA", bs: "BS", bsc: "BSc", v: "V", x: "X",
}));
/** Quotes and brackets around a nickname inside a name (James (Jimmy) Drew, Brian "Buck" Rogers): opener → closer. */
const NICKNAME_MARKS: ReadonlyMap<string, string> = new Map([['"', '"'], ["'", "'"], ["“", "”"], ["‘", "’"], ["(", ")"]]);

/**
 * The first nickname in quotes or brackets from `from` on that stands as a word of its own (after a space,
 * a comma or at the start, before a space, a comma or the end), as [start, end, inner], or null. A scan,
 * not a regular expression: a name with many unclosed quotes costs one pass per quote, never backtracking.
 */
function quotedNickname(text: string, from: number): readonly [number, number, string] | null {
  for (let i = from; i < text.length; i++) {
    const closer = NICKNAME_MARKS.get(text.charAt(i));
    if (closer === undefined || (i > 0 && !/[\s,]/.test(text.charAt(i - 1)))) continue;
    const end = text.indexOf(closer, i + 1);
    if (end < 0) continue;
    const after = text.charAt(end + 1);
    const inner = text.slice(i + 1, end);
    if ((after === "" || after === "," || /\s/.test(after)) && inner.trim() !== "" && !/["“”‘’()]/.test(inner)) return [i, end + 1, inner.trim()];
  }
  return null;
}
/** Two people in one name: "John and Jane Smith", "Mr & Mrs Smith". */
const SEVERAL_PEOPLE = /\s(?:and|&|\+|und|et)\s/iu;
export const _MAX_NAME: number = 200;
export const _PLACEHOLDERS: ReadonlySet<string> = new Set([
  "test", "testing", "tester", "asdf", "qwerty", "na", "none", "unknown", "xxx", "xx", "x", "null", "nil",
  "fake", "firstname", "lastname", "name", "customer", "guest", "anonymous", "noname", "nobody", "sample",
  "dummy", "abc", "aaa", "undefined", "blank",
]);
const LETTER = /\p{L}/u;
const NOT_ASCII_LETTERS = /[^a-z]+/;
export const _SIMPLE_WORD: RegExp = /^[A-Za-z]{2,40}$/;
const DIGITS = /\p{Nd}/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const SYMBOLS = /[!"#$%&()*+/:;<=>?@[\\\]^_{|}~]/;
const NOT_LETTERS = /[^\p{L}]/gu;
const WORD_SEPARATORS = /([-'’.])/;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;


/**
 * Parses a name with checked options. `nicknames` gives a first name's match keys: the name itself first,
 * then the names it may stand for (the name alone when the caller does not match names).
 *
 * @internal
 */
export function _parseName(value: unknown, part: NamePart, path: IssuePath, nicknames: (name: string) => readonly string[]): NormalizedName {
  const first = parseOnce(value, part, path, nicknames);
  // Reading "Last, First" puts words in a new order, which can bring about what the reading looks for (a
  // quoted nickname, a couple's "&") only in the name it shows: that name is read once more, so the name
  // shown reads as itself the next time (normalising twice gives the same as once).
  if (first.value === null || typeof value !== "string" || !value.includes(",")) return first;
  const again = parseOnce(first.value, part, path, nicknames);
  if (again.value === first.value) return first;
  const codes = new Set(first.issues.map((issue) => issue.code));
  return {
    ...again,
    original: value,
    status: again.value === null ? "invalid" : again.value === value ? "valid" : "fixed",
    issues: [...first.issues, ...again.issues.filter((issue) => !codes.has(issue.code))],
    honorific: again.honorific ?? first.honorific,
    suffix: again.suffix ?? first.suffix,
    nickname: again.nickname ?? first.nickname,
  };
}

function parseOnce(value: unknown, part: NamePart, path: IssuePath, nicknames: (name: string) => readonly string[]): NormalizedName {
  // Absent and null values share one frozen result: a batch of records without names keeps none alive.
  if (value === undefined) return ABSENT;
  if (value === null) return NULL;
  const issues: Issue[] = [];
  const read = _readText(value, path, { maxLength: _MAX_NAME }, issues);
  if (read.text === null) return empty(value, read.missing ? "missing" : "invalid", issues);
  const text = read.text;

  // A first-name column holding only a title ("Rev.", "Dr", "Sir", "Mrs") names nobody: no first name, so a
  // greeting falls back and identity resolution does not take "Rev" for a first name that differs.
  if (part === "first") {
    const title = _titleOnly(text);
    if (title !== null) {
      issues.push(_createIssue("placeholder_value", path, { kind: "name" }));
      return { ...empty(value, "invalid", issues), honorific: title, placeholder: true };
    }
  }

  // Fast path for the common case: one plain ASCII word.
  if (_SIMPLE_WORD.test(text)) return simpleName(value, text, part, path, issues, nicknames);
  if (isPlaceholder(text)) {
    issues.push(_createIssue("placeholder_value", path, { kind: "name" }));
    return { ...empty(value, "invalid", issues), placeholder: true };
  }

  // A nickname in quotes or brackets is the person's own choice, not a middle name: kept apart.
  // The first is the nickname; a second one ("James (Jimmy) 'JJ' Drew") is no part of the name either, so
  // the name shown is the same whether it is read once or again.
  let nickname: string | null = null;
  let rest = text;
  for (let from = 0; ; ) {
    const quoted = quotedNickname(rest, from);
    if (quoted === null) break;
    const [start, end, inner] = quoted;
    const without = `${rest.slice(0, start)}${rest.slice(end)}`.replace(/\s+/g, " ").trim();
    if (LETTER.test(inner) && LETTER.test(without) && !isPlaceholder(inner)) {
      nickname ??= caseWords(inner.split(/\s+/), false);
      rest = without;
      from = 0;
    } else from = end;
  }
  // "John and Jane Smith", "Mr & Mrs Smith": several people, no one first name to greet.
  // Names on both sides of the "and": "A &" or "& Co" names nobody twice.
  const severalPeople = part !== "last" && ` ${rest} `.split(SEVERAL_PEOPLE).filter((side) => LETTER.test(side)).length >= 2;
  // Symbols are reported in what is left: quotes around a nickname and the & of a couple are not unusual.
  const checked = severalPeople ? ` ${rest} `.replace(SEVERAL_PEOPLE, " ") : rest;
  if (EMOJI.test(checked)) issues.push(_createIssue("unusual_name", path, { characters: "emoji" }));
  else if (DIGITS.test(checked)) issues.push(_createIssue("unusual_name", path, { characters: "digits" }));
  else if (SYMBOLS.test(checked)) issues.push(_createIssue("unusual_name", path, { characters: "symbols" }));
  if (severalPeople) {
    issues.push(_createIssue("several_people", path, {}));
    if (part === "first") return empty(value, "invalid", issues);
  }

  let words = rest.split(",").join(" , ").split(" ").filter((word) => word !== "");
  while (words[0] === ",") words = words.slice(1);
  let honorific: string | null = null;
  // Set by stripHonorifics (a closure, which control-flow analysis does not follow).
  let titleWord = null as string | null;
  const suffixes: string[] = [];
  // Credentials and generations after a comma, one group or several (Jane Doe, PMP; Quentin R. Pirkle,
  // Jr., MD; John Smith, Ph. D.): short ones only after a comma (Van Do is a name).
  for (let comma = words.lastIndexOf(","); comma > 0; comma = words.lastIndexOf(",")) {
    const tail = words.slice(comma + 1);
    const joined = tail.map(bare).join("");
    const whole = SUFFIXES.get(joined) ?? COMMA_SUFFIXES.get(joined);
    const each = tail.map((word) => SUFFIXES.get(bare(word)) ?? COMMA_SUFFIXES.get(bare(word)));
    if (tail.length === 0 || (whole === undefined && each.some((known) => known === undefined))) break;
    const group = whole !== undefined ? [whole] : (each as string[]);
    for (let k = group.length - 1; k >= 0; k--) suffixes.unshift(group[k] as string);
    words = words.slice(0, comma);
  }
  const stripHonorifics = (list: string[], keepOne = true): string[] => {
    let rest = list;
    while (rest.length > (keepOne ? 1 : 0)) {
      // Commas between honorifics ("Dr., Prof. …") go with them.
      if (rest[0] === ",") {
        rest = rest.slice(1);
        continue;
      }
      const known = HONORIFICS.get(bare(rest[0] ?? ""));
      if (known === undefined) break;
      // A title-like word before a comma and a name is a family name (King, Martin Luther).
      if (part === "full" && rest[1] === "," && rest[2] !== undefined && !HONORIFICS.has(bare(rest[2]))) break;
      honorific ??= known;
      titleWord ??= bare(rest[0] ?? "");
      rest = rest.slice(1);
    }
    return rest;
  };
  words = stripHonorifics(words);
  while (words.length > 1) {
    const last = words[words.length - 1] ?? "";
    const known = SUFFIXES.get(bare(last));
    if (known === undefined && last !== ",") break;
    if (known !== undefined) suffixes.unshift(known);
    words = words.slice(0, -1);
  }
  let suffix: string | null = suffixes.length === 0 ? null : suffixes.join(", ");

  // What is left after honorifics and suffixes must still be a name ("Col. !", "Dr. X" are not).
  if (!LETTER.test(words.join("")) || isPlaceholder(words.join(" "))) {
    issues.push(_createIssue("placeholder_value", path, { kind: "name" }));
    return { ...empty(value, "invalid", issues), placeholder: true };
  }
  // A first name that is only a title once its suffixes or nickname are gone ("Dr., III", "Dr. (Jimmy)")
  // names nobody by a first name, as "Dr." alone; the nickname is still the one the person goes by.
  if (part === "first" && (suffixes.length > 0 || nickname !== null)) {
    const title = _titleOnly(words.filter((word) => word !== ",").join(" "));
    if (title !== null) {
      issues.push(_createIssue("placeholder_value", path, { kind: "name" }));
      return { ...empty(value, "invalid", issues), honorific: title, nickname, placeholder: true };
    }
  }
  let first: string | null = null;
  let middle: string | null = null;
  let family: string | null = null;
  // "Smith, John Q." / "Smith Jr., John": family name first, a suffix possibly before the comma.
  const comma = words.indexOf(",");
  let commaForm: { readonly familyWords: readonly string[]; readonly given: readonly string[]; readonly suffix: string | null } | null = null;
  if (part === "full" && comma > 0) {
    let familyWords = words.slice(0, comma);
    let familySuffix: string | null = null;
    for (let known = SUFFIXES.get(bare(familyWords.at(-1) ?? "")); known !== undefined && familyWords.length > 0; known = SUFFIXES.get(bare(familyWords.at(-1) ?? ""))) {
      familySuffix ??= known;
      familyWords = familyWords.slice(0, -1);
    }
    const after = words.slice(comma + 1).filter((word) => word !== ",");
    const given = stripHonorifics(after, false);
    // Without both a family and a given part the comma carries no meaning: read the words in order. Only
    // titles after it ("Smith, Dr.") make the part before it the family name, with no given name.
    if (familyWords.length > 0 && (given.length > 0 || after.length > 0)) commaForm = { familyWords, given, suffix: familySuffix };
  }
  if (commaForm !== null) {
    suffix ??= commaForm.suffix;
    family = caseWords(commaForm.familyWords, true);
    first = commaForm.given.length === 0 ? null : caseWords(commaForm.given.slice(0, 1), false);
    // Middle words are cased like a family name, so a particle reads the same when the display form is
    // parsed again ("Cruz, John La" displays "John la Cruz").
    middle = commaForm.given.length > 1 ? caseMiddle(commaForm.given.slice(1), commaForm.familyWords[0] ?? "") : null;
  } else {
    words = words.filter((word) => word !== ",");
    if (part === "first") first = caseWords(words, false);
    else if (part === "last") family = caseWords(words, true);
    // A title said with a family name alone (Mr. Smith, Senator Obama, Mrs. van Beethoven), or several
    // people: the family name, and no first name to greet with.
    else if ((titleWord !== null && SURNAME_TITLES.has(titleWord) && familyStart(words, 0) === 0) || (words.length === 1 && severalPeople)) family = caseWords(words, true);
    else if (words.length === 1) first = caseWords(words, false);
    else if (severalPeople) family = caseWords(words.slice(familyStart(words, 1)), true);
    else {
      // The family name is the last word plus the particles before it ("Ludwig van Beethoven"), and a
      // family name joined to it by y, e or i ("Juan Velasquez y Garcia").
      const start = familyStart(words, 1);
      family = caseWords(words.slice(start), true);
      first = caseWords(words.slice(0, 1), false);
      middle = start > 1 ? caseMiddle(words.slice(1, start), words[start] ?? "") : null;
    }
  }
  if (words.length === 0) return empty(value, "missing", issues);

  // A family name standing alone in a full name begins with a capital, particle or not ("Dear Van
  // Beethoven", as Dutch writes "De Vries" without the given name): read again, it is the same name.
  if (part === "full" && first === null && middle === null && family !== null) {
    family = capitalize(family);
    // A word kept as written ("oΣ") that the capital made all upper-case ("OΣ") would be re-cased the next
    // time ("Oς"): cased now, so the name normalises to itself.
    if (!HAS_LOWER.test(family)) family = _caseWord(family);
  }
  const display = part === "first" ? first : part === "last" ? family : [first, middle, family].filter((w) => w !== null).join(" ");
  if (display !== null && _withinLimit(display, _MAX_NAME, path, issues) === null) return empty(value, "invalid", issues);
  const standard = display === null || display === "" ? null : display;
  const folded = standard === null ? null : _fold(standard).replace(NOT_LETTERS, "");
  const firstKey = first === null ? null : _fold(first.split(" ")[0] ?? "").replace(NOT_LETTERS, "");
  const nicknameKeys = part === "last" || firstKey === null || firstKey === "" ? NO_KEYS : nicknames(firstKey);
  return {
    value: standard,
    original: value,
    status: standard === null ? "invalid" : value === standard ? "valid" : "fixed",
    issues: _issuesOrNone(issues),
    firstName: first,
    middleName: middle,
    lastName: family,
    honorific,
    suffix,
    nickname,
    matchKey: folded === "" ? null : folded,
    nicknameKeys,
    placeholder: false,
  };
}

function simpleName(original: unknown, text: string, part: NamePart, path: IssuePath, issues: Issue[], nicknames: (name: string) => readonly string[]): NormalizedName {
  const lower = text.toLowerCase();
  if (_PLACEHOLDERS.has(lower)) {
    issues.push(_createIssue("placeholder_value", path, { kind: "name" }));
    return { ...empty(original, "invalid", issues), placeholder: true };
  }
  const standard = _caseWord(text);
  const first = part === "last" ? null : standard;
  return {
    value: standard,
    original,
    status: original === standard ? "valid" : "fixed",
    issues: _issuesOrNone(issues),
    firstName: first,
    middleName: null,
    lastName: part === "last" ? standard : null,
    honorific: null,
    suffix: null,
    nickname: null,
    matchKey: lower,
    nicknameKeys: first === null ? NO_KEYS : nicknames(lower),
    placeholder: false,
  };
}

/**
 * Where the family name begins among the words of a name: the last word, with the particles and prefixes
 * before it (van der Berg, St. Clair) and a family name joined by y, e or i (Velasquez y Garcia), never
 * before `first` (1 keeps a given name; 0 when every word may belong to the family name).
 */
function familyStart(words: readonly string[], first: number): number {
  let start = words.length - 1;
  for (;;) {
    const before = wordKey(words[start - 1] ?? "");
    if (start > first && (PARTICLES.has(before) || PREFIXES.has(before))) start--;
    else if (start > first + 1 && CONJUNCTIONS.has(before)) start -= 2;
    else return start;
  }
}

/**
 * A word as the tables (particles, conjunctions, titles, suffixes) are asked: lower-cased by way of upper
 * case, so that a letter whose display changes it ("ı" is shown "I", then read "i") is judged the same in
 * the name as read and in the name as shown.
 */
function wordKey(word: string): string {
  return word.toUpperCase().toLowerCase();
}

function bare(word: string): string {
  return wordKey(word).replace(/\./g, "");
}

function isPlaceholder(text: string): boolean {
  // A "name" without a single letter ("-", "?", "123") is not a name.
  if (!LETTER.test(text)) return true;
  const words = _fold(text).split(NOT_ASCII_LETTERS).filter((w) => w !== "");
  // Word by word ("Test Test") and run together ("N/A" → "na").
  return words.length > 0 && (words.every((word) => _PLACEHOLDERS.has(word)) || _PLACEHOLDERS.has(words.join("")));
}

function caseWords(words: readonly string[], family: boolean): string | null {
  if (words.length === 0) return null;
  return words
    .map((word, i) => {
      const lower = wordKey(word);
      // Particles and conjunctions stay lower-case inside a family name: van der Berg, de la Cruz, y.
      if (family && i < words.length - 1 && (PARTICLES.has(lower) || (i > 0 && CONJUNCTIONS.has(lower)))) return lower;
      return _caseWord(word);
    })
    .join(" ");
}

/** Middle names, cased with the word after them so a particle before the family name stays lower-case. */
function caseMiddle(middle: readonly string[], next: string): string | null {
  const cased = caseWords([...middle, next], true);
  return cased === null ? null : cased.slice(0, cased.length - _caseWord(next).length - 1);
}

export function _caseWord(word: string): string {
  // A word the source wrote in mixed case (McDonald, DeLeon, MacLeod) is trusted as written.
  if (HAS_LOWER.test(word) && HAS_UPPER.test(word)) return word;
  const cased = word
    .toLowerCase()
    .split(WORD_SEPARATORS)
    .map((piece, i, pieces) => {
      if (piece === "-" || piece === "'" || piece === "’" || piece === ".") return piece;
      // A lone letter after an apostrophe at the end is a possessive-like tail (O'Brien's): keep it small.
      // One letter as shown, composed ("ı" + acute is shown "Í"): the same decision for the name as read and as shown.
      if (i > 0 && (pieces[i - 1] === "'" || pieces[i - 1] === "’") && i === pieces.length - 1 && oneCodePoint(_composed(capitalize(piece)))) return piece;
      if (piece.startsWith("mc") && piece.length > 3) return `Mc${capitalize(piece.slice(2))}`;
      if (MAC_NAMES.has(piece)) return `Mac${capitalize(piece.slice(3))}`;
      return capitalize(piece);
    })
    .join("");
  return _composed(cased);
}

function oneCodePoint(text: string): boolean {
  const first = text.codePointAt(0);
  return first !== undefined && text.length === (first > 0xffff ? 2 : 1);
}

function capitalize(piece: string): string {
  const first = piece.codePointAt(0);
  if (first === undefined) return piece;
  const head = String.fromCodePoint(first);
  // A letter whose capital is several letters (ß → SS) stays as written: "SSmith" would read as a new
  // word the next time (Ssmith).
  return _capitalOf(head) + piece.slice(head.length);
}

function empty(original: unknown, status: FieldStatus, issues: readonly Issue[]): NormalizedName {
  return {
    value: null,
    original,
    status,
    issues,
    firstName: null,
    middleName: null,
    lastName: null,
    honorific: null,
    suffix: null,
    nickname: null,
    matchKey: null,
    nicknameKeys: [],
    placeholder: false,
  };
}

const NO_KEYS: readonly string[] = Object.freeze([]);
const ABSENT: NormalizedName = Object.freeze({ ...empty(undefined, "missing", _NO_ISSUES), nicknameKeys: NO_KEYS });
const NULL: NormalizedName = Object.freeze({ ...empty(null, "missing", _NO_ISSUES), nicknameKeys: NO_KEYS });
