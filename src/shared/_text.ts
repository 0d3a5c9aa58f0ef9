import { _createIssue, _describeType } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";

import type { FieldStatus } from "./types.js";

/** The result of reading a raw JSON value as text. */
export interface _Text {
  /** Trimmed, NFC-normalised, control characters removed; null when missing or unusable. */
  readonly text: string | null;
  /** True when the value was absent, null or blank (not an error). */
  readonly missing: boolean;
  /** True when the value was present but unusable (wrong type, too long). */
  readonly unusable: boolean;
}

export interface _ReadTextOptions {
  /** Longest usable text after trimming. */
  readonly maxLength: number;
  /** Accept finite numbers (phone numbers, postal codes and ids arrive as numbers from spreadsheets). */
  readonly allowNumber?: boolean;
}

// C0 and C1 controls except tab/newline/carriage return (turned into spaces), the bidirectional
// overrides, isolates and marks used to disguise text, and the invisible characters copy and paste brings
// along (zero-width space, word joiner and invisible operators, soft hyphen, byte order mark): none is part
// of a name, an address or an email, and each makes two equal values differ. Zero-width joiners and
// non-joiners are kept: emoji and some scripts (Persian, the Indic ones) need them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const SPACES = /[\t\n\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
const RUNS_OF_SPACES = / {2,}/g;
const NEEDS_WORK = /[^\x21-\x7e ]|^ | $| {2}/;

/**
 * Reads any JSON value as text for a standardiser: never throws, never returns a non-string. Issues are
 * appended to `issues` with `path`; none of them contains the value.
 */
export function _readText(value: unknown, path: IssuePath, options: _ReadTextOptions, issues: Issue[]): _Text {
  if (value === undefined || value === null) return MISSING;
  let raw: string;
  if (typeof value === "string") {
    raw = value;
  } else if (typeof value === "number" && options.allowNumber === true && Number.isFinite(value) && Number.isSafeInteger(value) && value >= 0) {
    issues.push(_createIssue("coerced_type", path, { from: "number" }));
    raw = String(value);
  } else {
    issues.push(_createIssue("invalid_type", path, { expected: options.allowNumber === true ? "string or number" : "string", received: _describeValue(value) }));
    return UNUSABLE;
  }
  // Refuse very long input before doing any work on it, so a hostile 1 MB value costs nothing.
  if (raw.length > options.maxLength * 4 + 64) {
    issues.push(_createIssue("too_long", path, { maximum: options.maxLength, length: raw.length }));
    return UNUSABLE;
  }
  // Fast path: printable ASCII without leading, trailing or doubled spaces is already clean.
  if (!NEEDS_WORK.test(raw)) {
    if (raw === "") return MISSING;
    if (raw.length > options.maxLength) {
      issues.push(_createIssue("too_long", path, { maximum: options.maxLength, length: raw.length }));
      return UNUSABLE;
    }
    return { text: raw, missing: false, unusable: false };
  }
  let text = raw;
  const controls = text.match(CONTROL);
  if (controls !== null) {
    text = text.replace(CONTROL, "");
    issues.push(_createIssue("control_characters", path, { count: controls.length }));
  }
  text = text.replace(SPACES, " ").replace(RUNS_OF_SPACES, " ").trim();
  if (text === "") return MISSING;
  // The limit applies to the composed text (NFC can lengthen a few scripts): what is returned always reads
  // back within the limit.
  text = text.normalize("NFC");
  if (text.length > options.maxLength) {
    issues.push(_createIssue("too_long", path, { maximum: options.maxLength, length: text.length }));
    return UNUSABLE;
  }
  return { text, missing: false, unusable: false };
}

/**
 * Null, and a `too_long` issue, when a standard value grew past the field's limit (case mapping can
 * lengthen text: İ → i̇, ß → SS, ﬃ → FFI); else the value. A value that would not read back within the
 * limit is refused now, so standardising stays idempotent.
 */
export function _withinLimit(value: string, maxLength: number, path: IssuePath, issues: Issue[]): string | null {
  if (value.length <= maxLength) return value;
  issues.push(_createIssue("too_long", path, { maximum: maxLength, length: value.length }));
  return null;
}

/**
 * The same text, stored in one piece. V8 keeps text built with `+`, template literals or a regular
 * expression's `replace` as a tree of its pieces (a 24-character timestamp built from its fields: about
 * 325 bytes instead of 59), and a result kept for a whole batch keeps that tree alive and makes every
 * garbage collection copy it. Reading a character joins the pieces in place; the collector then drops
 * the tree. For values that outlive the call that made them.
 */
export function _flat(text: string): string {
  // The read is what matters (V8 flattens a string on its first character access); its result is unused.
  void text.charCodeAt(0);
  return text;
}

/**
 * `original` itself when it already reads as `standard` (the same text), else `standard`: a value that
 * needed no change then keeps one string alive, the caller's, instead of an equal copy beside it.
 */
export function _sameText(original: unknown, standard: string): string {
  return original === standard ? original : standard;
}

const MISSING: _Text = { text: null, missing: true, unusable: false };
const UNUSABLE: _Text = { text: null, missing: false, unusable: true };

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const FOLD_SPECIAL: ReadonlyMap<string, string> = new Map([
  ["ß", "ss"],
  ["æ", "ae"],
  ["œ", "oe"],
  ["ø", "o"],
  ["đ", "d"],
  ["ł", "l"],
  ["þ", "th"],
  ["ð", "d"],
  ["ı", "i"],
]);
const FOLD_SPECIAL_RE = /[ßæœøđłþðı]/g;

/** Lower-case, accents removed (García → garcia, Müller → muller, Søren → soren): for matching keys only. */
export function _fold(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(FOLD_SPECIAL_RE, (ch) => FOLD_SPECIAL.get(ch) ?? ch);
}

const ASCII = /^[\x20-\x7e]*$/;

/**
 * Text composed again after a case change: lower- and upper-casing can decompose (İ → i + combining dot),
 * and the next reading (which composes, NFC) would then differ. ASCII text is returned as it is, at no cost.
 */
export function _composed(text: string): string {
  return ASCII.test(text) ? text : text.normalize("NFC");
}

/**
 * The capital of a letter when it is one letter; the letter itself when its capital is several (ß → SS,
 * ŉ → ʼN, ﬁ → FI), which would read as a different word the next time.
 */
export function _capitalOf(letter: string): string {
  const upper = letter.toUpperCase();
  return upper.length === letter.length ? upper : letter;
}

/**
 * {@link _describeType} that never throws: `Array.isArray` throws on a revoked Proxy, which is then an
 * "unreadable object".
 */
export function _describeValue(value: unknown): string {
  if (typeof value !== "object" || value === null) return _describeType(value);
  try {
    return _describeType(value);
  } catch {
    return "unreadable object";
  }
}

/** The status of a present, usable value: `valid` when it was already standard, else `fixed`. */
export function _statusOf(original: unknown, value: string): FieldStatus {
  return original === value ? "valid" : "fixed";
}
