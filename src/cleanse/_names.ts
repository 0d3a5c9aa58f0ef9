// Name parsing and casing, without the nickname table: displayName shows names and never needs it, so a
// function that only personalizes does not carry it. normalizeName passes the table in.
import { _createIssue } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import { _capitalOf, _composed, _fold, _readText, _withinLimit } from "../shared/_text.js";
import type { FieldStatus } from "../shared/types.js";
import type { NamePart, NormalizedName } from "./normalizeName.js";

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
const FIRST_NAMES_TOO: ReadonlySet<string> = new Set(["gen"]);
const SUFFIXES: ReadonlyMap<string, string> = new Map(Object.entries({
  jr: "Jr.", junior: "Jr.", sr: "Sr.", senior: "Sr.", ii: "II", iii: "III", iv: "IV", phd: "PhD", md: "MD",
  esq: "Esq.", dds: "DDS", dvm: "DVM", cpa: "CPA", rn: "RN", mba: "MBA", jd: "JD", obe: "OBE", mbe: "MBE",
}));
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
const WORD_SEPARATORS = /([-'’])/;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;


/**
 * Parses a name with checked options. `nicknames` gives the names a first name may stand for (empty when
 * the caller does not match names).
 *
 * @internal
 */
export function _parseName(value: unknown, part: NamePart, path: IssuePath, nicknames: (name: string) => readonly string[]): NormalizedName {
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
  if (display !== null && _withinLimit(display, _MAX_NAME, path, issues) === null) return empty(value, "invalid", issues);
  const standard = display === null || display === "" ? null : display;
  const folded = standard === null ? null : _fold(standard).replace(NOT_LETTERS, "");
  const firstKey = first === null ? null : _fold(first.split(" ")[0] ?? "").replace(NOT_LETTERS, "");
  const nicknameKeys = part === "last" || firstKey === null || firstKey === "" ? [] : [firstKey, ...nicknames(firstKey)];
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
    issues,
    firstName: first,
    middleName: null,
    lastName: part === "last" ? standard : null,
    honorific: null,
    suffix: null,
    matchKey: lower,
    nicknameKeys: first === null ? [] : [lower, ...nicknames(lower)],
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
  return words.length > 0 && (words.every((word) => _PLACEHOLDERS.has(word)) || _PLACEHOLDERS.has(words.join("")));
}

function caseWords(words: readonly string[], family: boolean): string | null {
  if (words.length === 0) return null;
  return words
    .map((word, i) => {
      const lower = word.toLowerCase();
      // Particles stay lower-case inside a family name: van der Berg, de la Cruz.
      if (family && i < words.length - 1 && PARTICLES.has(lower)) return lower;
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
