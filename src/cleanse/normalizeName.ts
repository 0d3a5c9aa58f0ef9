import { _createIssue } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import { _nicknameIndex } from "./_nicknames.js";
import { _checkOptionKeys, _choiceOption, _NO_PATH, _pathOption, _unreadableOptions, type _KeyList } from "./_options.js";
import { _capitalOf, _composed, _fold, _readText, _withinLimit } from "../shared/_text.js";
import type { FieldStatus } from "../shared/types.js";

/** Which part of a name a value holds. */
export type NamePart = "first" | "last" | "full";

/** Options of {@link normalizeName}. */
export interface NormalizeNameOptions {
  /** What the value is: a first name, a last name or a full name (default `"full"`). */
  readonly part?: NamePart;
  /** Where the value sits, for issue paths. Default `[]`. */
  readonly path?: IssuePath;
}

/** A standardised name. */
export interface NormalizedName {
  /** The name in display form ("O'Brien", "van der Berg", "John Smith"), without honorific or suffix. Null when missing or unusable. */
  readonly value: string | null;
  /** Exactly what came in. */
  readonly original: unknown;
  /** `valid` (already standard), `fixed` (standardised), `invalid` or `missing`. */
  readonly status: FieldStatus;
  /** The problems found; messages never contain the name. */
  readonly issues: readonly Issue[];
  /** Given name (for `part: "first"`, the value itself). */
  readonly firstName: string | null;
  /** Middle names or initials, from a full name. */
  readonly middleName: string | null;
  /** Family name (for `part: "last"`, the value itself). */
  readonly lastName: string | null;
  /** Honorific found before the name ("Dr.", "Mrs."). */
  readonly honorific: string | null;
  /** Generational or professional suffix found after it ("Jr.", "III", "PhD"). */
  readonly suffix: string | null;
  /** Accent-folded, lower-case letters only ("García López" → "garcialopez"): for matching, never display. */
  readonly matchKey: string | null;
  /** For first names: this name and the names it is a nickname of or for (bob → bob, rob, robert…), folded. */
  readonly nicknameKeys: readonly string[];
  /** The name is a placeholder ("Test", "N/A", "Guest") — then `value` is null. */
  readonly placeholder: boolean;
}

const PARTICLES = new Set(["van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos", "das", "do", "ten", "ter", "bin", "ibn", "y", "zu", "af", "av"]);
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
}));
const SUFFIXES: ReadonlyMap<string, string> = new Map(Object.entries({
  jr: "Jr.", junior: "Jr.", sr: "Sr.", senior: "Sr.", ii: "II", iii: "III", iv: "IV", phd: "PhD", md: "MD",
  esq: "Esq.", dds: "DDS", dvm: "DVM", cpa: "CPA", rn: "RN", mba: "MBA", jd: "JD", obe: "OBE", mbe: "MBE",
}));
const NAME_OPTIONS: _KeyList<NormalizeNameOptions, ["part", "path"]> = ["part", "path"];
const NAME_PARTS: readonly NamePart[] = ["first", "last", "full"];
const DISPLAY_OPTIONS: _KeyList<DisplayNameOptions, ["part"]> = ["part"];
const MAX_NAME = 200;
const PLACEHOLDERS = new Set([
  "test", "testing", "tester", "asdf", "qwerty", "na", "none", "unknown", "xxx", "xx", "x", "null", "nil",
  "fake", "firstname", "lastname", "name", "customer", "guest", "anonymous", "noname", "nobody", "sample",
  "dummy", "abc", "aaa", "undefined", "blank",
]);
const LETTER = /\p{L}/u;
const NOT_ASCII_LETTERS = /[^a-z]+/;
const SIMPLE_WORD = /^[A-Za-z]{2,40}$/;
const DIGITS = /\p{Nd}/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const SYMBOLS = /[!"#$%&()*+/:;<=>?@[\\\]^_{|}~]/;
const NOT_LETTERS = /[^\p{L}]/gu;
const WORD_SEPARATORS = /([-'’])/;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;

/**
 * Standardises a name: Unicode NFC, whitespace, and case that respects particles and prefixes (McDonald,
 * O'Brien, van der Berg, de la Cruz, García López) where the source shouted or whispered it; honorifics and
 * suffixes separated (Dr., Jr., III); a full name split into first, middle and last name; an accent-folded
 * matching key; and, for first names, the nickname group (Bob ↔ Robert) from a public nickname table.
 * Words a source already wrote in mixed case are kept as written. Idempotent: the display value reads back
 * as itself. Never throws on a value.
 *
 * @param value - any JSON value
 * @param options - which `part` the value is, and `path` for issues (undefined: a full name, path `[]`)
 * @returns the display name, its parts, the original, a status, issues and matching keys
 * @throws ProfileKitError `invalid_options` for options of the wrong type or an unknown option key
 * @example
 * ```ts
 * normalizeName("DR. JOHN O'BRIEN JR.").lastName; // "O'Brien" (honorific "Dr.", suffix "Jr.")
 * normalizeName("bob", { part: "first" }).nicknameKeys; // ["bob", "bobby", "rob", "robert"]
 * ```
 */
export function normalizeName(value: unknown, options?: NormalizeNameOptions): NormalizedName {
  let path = _NO_PATH;
  let part: NamePart = "full";
  if (options !== undefined) {
    try {
      _checkOptionKeys("normalizeName", options, NAME_OPTIONS);
      path = _pathOption("normalizeName", options.path);
      part = _choiceOption("normalizeName", "part", options.part, NAME_PARTS, "full");
    } catch (error) {
      throw _unreadableOptions("normalizeName", error);
    }
  }
  const issues: Issue[] = [];
  const read = _readText(value, path, { maxLength: MAX_NAME }, issues);
  if (read.text === null) return empty(value, read.missing ? "missing" : "invalid", issues);
  const text = read.text;

  // Fast path for the common case: one plain ASCII word.
  if (SIMPLE_WORD.test(text)) return simpleName(value, text, part, path, issues);
  if (isPlaceholder(text)) {
    issues.push(_createIssue("placeholder_value", path, { kind: "name" }));
    return { ...empty(value, "invalid", issues), placeholder: true };
  }
  if (EMOJI.test(text)) issues.push(_createIssue("unusual_name", path, { characters: "emoji" }));
  else if (DIGITS.test(text)) issues.push(_createIssue("unusual_name", path, { characters: "digits" }));
  else if (SYMBOLS.test(text)) issues.push(_createIssue("unusual_name", path, { characters: "symbols" }));

  let words = text.split(",").join(" , ").split(" ").filter((word) => word !== "");
  while (words[0] === ",") words = words.slice(1);
  let honorific: string | null = null;
  let suffix: string | null = null;
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
      honorific ??= known;
      rest = rest.slice(1);
    }
    return rest;
  };
  words = stripHonorifics(words);
  while (words.length > 1) {
    const last = words[words.length - 1] ?? "";
    const known = SUFFIXES.get(bare(last));
    if (known === undefined && last !== ",") break;
    if (known !== undefined) suffix ??= known;
    words = words.slice(0, -1);
  }

  // What is left after honorifics and suffixes must still be a name ("Col. !", "Dr. X" are not).
  if (!LETTER.test(words.join("")) || isPlaceholder(words.join(" "))) {
    issues.push(_createIssue("placeholder_value", path, { kind: "name" }));
    return { ...empty(value, "invalid", issues), placeholder: true };
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
    const given = stripHonorifics(words.slice(comma + 1).filter((word) => word !== ","), false);
    // Without both a family and a given part the comma carries no meaning: read the words in order.
    if (familyWords.length > 0 && given.length > 0) commaForm = { familyWords, given, suffix: familySuffix };
  }
  if (commaForm !== null) {
    suffix ??= commaForm.suffix;
    family = caseWords(commaForm.familyWords, true);
    first = caseWords(commaForm.given.slice(0, 1), false);
    // Middle words are cased like a family name, so a particle reads the same when the display form is
    // parsed again ("Cruz, John La" displays "John la Cruz").
    middle = commaForm.given.length > 1 ? caseMiddle(commaForm.given.slice(1), commaForm.familyWords[0] ?? "") : null;
  } else {
    words = words.filter((word) => word !== ",");
    if (part === "first") first = caseWords(words, false);
    else if (part === "last") family = caseWords(words, true);
    else if (words.length === 1) first = caseWords(words, false);
    else {
      // The family name is the last word plus the particles before it ("Ludwig van Beethoven").
      let start = words.length - 1;
      while (start > 1 && PARTICLES.has((words[start - 1] ?? "").toLowerCase())) start--;
      family = caseWords(words.slice(start), true);
      first = caseWords(words.slice(0, 1), false);
      middle = start > 1 ? caseMiddle(words.slice(1, start), words[start] ?? "") : null;
    }
  }
  if (words.length === 0) return empty(value, "missing", issues);

  const display = part === "first" ? first : part === "last" ? family : [first, middle, family].filter((w) => w !== null).join(" ");
  if (display !== null && _withinLimit(display, MAX_NAME, path, issues) === null) return empty(value, "invalid", issues);
  const standard = display === null || display === "" ? null : display;
  const folded = standard === null ? null : _fold(standard).replace(NOT_LETTERS, "");
  const firstKey = first === null ? null : _fold(first.split(" ")[0] ?? "").replace(NOT_LETTERS, "");
  const nicknameKeys = part === "last" || firstKey === null || firstKey === "" ? [] : [firstKey, ...(_nicknameIndex().get(firstKey) ?? [])];
  return {
    value: standard,
    original: value,
    status: standard === null ? "invalid" : value === standard ? "valid" : "fixed",
    issues,
    firstName: first,
    middleName: middle,
    lastName: family,
    honorific,
    suffix,
    matchKey: folded === "" ? null : folded,
    nicknameKeys,
    placeholder: false,
  };
}

/** Options of {@link displayName}. */
export interface DisplayNameOptions {
  /** What the value is: a first name, a last name or a full name (default `"full"`). */
  readonly part?: NamePart;
}

/**
 * The display form of a name — what {@link normalizeName} gives as `value` — without the matching keys and
 * issues it also builds: for greetings and templates, where names are shown, not matched. Null when the
 * value is not a usable name (missing, a placeholder such as "Test", digits only…). Never throws on a value.
 *
 * @param value - any JSON value
 * @param options - which `part` of a name the value is
 * @returns the name as it should be shown, or null
 * @throws ProfileKitError `invalid_options` for options of the wrong type or an unknown option key
 * @example
 * ```ts
 * displayName("MARY-KATE O'NEILL"); // "Mary-Kate O'Neill"
 * displayName("test", { part: "first" }); // null
 * ```
 */
export function displayName(value: unknown, options?: DisplayNameOptions): string | null {
  let part: NamePart = "full";
  if (options !== undefined) {
    try {
      _checkOptionKeys("displayName", options, DISPLAY_OPTIONS);
      part = _choiceOption("displayName", "part", options.part, NAME_PARTS, "full");
    } catch (error) {
      throw _unreadableOptions("displayName", error);
    }
  }
  if (typeof value === "string" && SIMPLE_WORD.test(value)) return PLACEHOLDERS.has(value.toLowerCase()) ? null : caseWord(value);
  return normalizeName(value, { part }).value;
}

function simpleName(original: unknown, text: string, part: NamePart, path: IssuePath, issues: Issue[]): NormalizedName {
  const lower = text.toLowerCase();
  if (PLACEHOLDERS.has(lower)) {
    issues.push(_createIssue("placeholder_value", path, { kind: "name" }));
    return { ...empty(original, "invalid", issues), placeholder: true };
  }
  const standard = caseWord(text);
  const first = part === "last" ? null : standard;
  return {
    value: standard,
    original,
    status: original === standard ? "valid" : "fixed",
    issues,
    firstName: first,
    middleName: null,
    lastName: part === "last" ? standard : null,
    honorific: null,
    suffix: null,
    matchKey: lower,
    nicknameKeys: first === null ? [] : [lower, ...(_nicknameIndex().get(lower) ?? [])],
    placeholder: false,
  };
}

function bare(word: string): string {
  return word.toLowerCase().replace(/\./g, "");
}

function isPlaceholder(text: string): boolean {
  // A "name" without a single letter ("-", "?", "123") is not a name.
  if (!LETTER.test(text)) return true;
  const words = _fold(text).split(NOT_ASCII_LETTERS).filter((w) => w !== "");
  // Word by word ("Test Test") and run together ("N/A" → "na").
  return words.length > 0 && (words.every((word) => PLACEHOLDERS.has(word)) || PLACEHOLDERS.has(words.join("")));
}

function caseWords(words: readonly string[], family: boolean): string | null {
  if (words.length === 0) return null;
  return words
    .map((word, i) => {
      const lower = word.toLowerCase();
      // Particles stay lower-case inside a family name: van der Berg, de la Cruz.
      if (family && i < words.length - 1 && PARTICLES.has(lower)) return lower;
      return caseWord(word);
    })
    .join(" ");
}

/** Middle names, cased with the word after them so a particle before the family name stays lower-case. */
function caseMiddle(middle: readonly string[], next: string): string | null {
  const cased = caseWords([...middle, next], true);
  return cased === null ? null : cased.slice(0, cased.length - caseWord(next).length - 1);
}

function caseWord(word: string): string {
  // A word the source wrote in mixed case (McDonald, DeLeon, MacLeod) is trusted as written.
  if (HAS_LOWER.test(word) && HAS_UPPER.test(word)) return word;
  const cased = word
    .toLowerCase()
    .split(WORD_SEPARATORS)
    .map((piece, i, pieces) => {
      if (piece === "-" || piece === "'" || piece === "’") return piece;
      // A lone letter after an apostrophe at the end is a possessive-like tail (O'Brien's): keep it small.
      if (i > 0 && pieces[i - 1] !== "-" && piece.length === 1 && i === pieces.length - 1) return piece;
      if (piece.startsWith("mc") && piece.length > 3) return `Mc${capitalize(piece.slice(2))}`;
      if (MAC_NAMES.has(piece)) return `Mac${capitalize(piece.slice(3))}`;
      return capitalize(piece);
    })
    .join("");
  return _composed(cased);
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
    matchKey: null,
    nicknameKeys: [],
    placeholder: false,
  };
}
