import type { CountryCode, PhoneNumber } from "libphonenumber-js/core";
import { _createIssue, _issuesOrNone, _NO_ISSUES } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import { _checkOptionKeys, _countryOption, _NO_PATH, _optionsError, _pathOption, _unreadableOptions, type _KeyList } from "../errors/_checkOptions.js";
import { _readText, _sameText } from "../shared/_text.js";
import { _parsePhone, _phoneTypeOf, _phoneValid } from "./_phoneType.js";
import type { FieldStatus } from "../shared/types.js";

/** Options of {@link normalizePhone}. */
export interface NormalizePhoneOptions {
  /** ISO 3166-1 alpha-2 country used for numbers written without a country code (the record's country, or a default). */
  readonly country?: string | null;
  /** Where the value sits, for issue paths. Default `[]`. */
  readonly path?: IssuePath;
  /**
   * Report the line type (`type`: mobile, fixed line…). Default true; `false` leaves it out (`type` null).
   * It costs nothing extra either way: finding the type is how the number's validity is checked.
   */
  readonly lineType?: boolean;
}

/** What kind of line a number is, where the numbering plan says. */
export type PhoneType =
  | "mobile"
  | "fixed_line"
  | "fixed_line_or_mobile"
  | "toll_free"
  | "premium_rate"
  | "shared_cost"
  | "voip"
  | "personal_number"
  | "pager"
  | "uan"
  | "voicemail";

/** A standardised phone number. */
export interface NormalizedPhone {
  /** E.164 (`+12125550123`), without the extension. Null when missing, unusable or a placeholder. */
  readonly value: string | null;
  /** Exactly what came in. */
  readonly original: unknown;
  /** `valid` (already E.164), `fixed` (standardised), `invalid` or `missing`. */
  readonly status: FieldStatus;
  /** The problems found; messages never contain the number. */
  readonly issues: readonly Issue[];
  /** The extension (`x123`), kept separately. */
  readonly extension: string | null;
  /** The country the number belongs to (ISO alpha-2), when known. */
  readonly country: string | null;
  /** Mobile, fixed line… where the metadata tells. */
  readonly type: PhoneType | null;
  /** A key for matching: the E.164 number. */
  readonly matchKey: string | null;
  /** The number is a placeholder such as 000-000-0000 (then `value` is null). */
  readonly placeholder: boolean;
}

const TYPES: ReadonlyMap<string, PhoneType> = new Map([
  ["MOBILE", "mobile"],
  ["FIXED_LINE", "fixed_line"],
  ["FIXED_LINE_OR_MOBILE", "fixed_line_or_mobile"],
  ["TOLL_FREE", "toll_free"],
  ["PREMIUM_RATE", "premium_rate"],
  ["SHARED_COST", "shared_cost"],
  ["VOIP", "voip"],
  ["PERSONAL_NUMBER", "personal_number"],
  ["PAGER", "pager"],
  ["UAN", "uan"],
  ["VOICEMAIL", "voicemail"],
]);
const PHONE_OPTIONS: _KeyList<NormalizePhoneOptions, ["country", "path", "lineType"]> = ["country", "path", "lineType"];

const COUNTRY = /^[A-Z]{2}$/;
const NOT_DIGITS = /\D/g;
const EXTENSION_MARKER = /(?:#|x|ext\.?|extension)$/i;
const SEQUENCES = new Set(["0123456789", "1234567890", "9876543210", "0987654321", "12345678", "123456789"]);

/**
 * Standardises one phone number with libphonenumber-js: E.164 output, the extension kept apart, the
 * number's country and type where the metadata allows, and placeholders (000-000-0000, 1234567890, all one
 * digit) refused. Numbers without a country code are read in `country` (a string that is not an ISO
 * alpha-2 code counts as no country). Idempotent: an E.164 value reads back as itself. Never throws on a value.
 *
 * @param value - any JSON value (numbers are accepted and reported as converted)
 * @param options - the default `country`, `path` for issues, `lineType: false` to leave the line type out (undefined: no country, path `[]`)
 * @returns the E.164 number, the original, a status, issues, extension, country and type
 * @throws ProfileKitError `invalid_options` for options of the wrong type or an unknown option key (`contry`)
 * @example
 * ```ts
 * normalizePhone("(212) 555-0182 x12", { country: "US" }); // value "+12125550182", extension "12"
 * ```
 */
export function normalizePhone(value: unknown, options?: NormalizePhoneOptions): NormalizedPhone {
  let withType = true;
  let path = _NO_PATH;
  let countryOption: string | null = null;
  if (options !== undefined) {
    try {
      _checkOptionKeys("normalizePhone", options, PHONE_OPTIONS);
      path = _pathOption("normalizePhone", options.path);
      countryOption = _countryOption("normalizePhone", options.country);
      const lineType: unknown = options.lineType;
      if (lineType !== undefined && typeof lineType !== "boolean") throw _optionsError("normalizePhone", "options.lineType", "expected a boolean");
      withType = lineType !== false;
    } catch (error) {
      throw _unreadableOptions("normalizePhone", error);
    }
  }
  // Absent and null values share one frozen result: a batch of records without phones keeps none alive.
  if (value === undefined) return ABSENT;
  if (value === null) return NULL;
  // The number read last, read again (ingesting one record, the engine reads its number twice in a row:
  // identity's preparation, then cleansing), is answered from memory when its reading had no issues
  // (issues carry the path). One entry only: numbers rarely repeat otherwise, and a larger cache cost
  // more than it saved.
  let result: NormalizedPhone;
  const table = typeof value === "string" && remembered !== null ? rememberedIn(remembered, countryOption) : null;
  const known = table === null ? undefined : table.get(value as string);
  if (known !== undefined) result = known;
  else if (typeof value === "string" && value === lastText && countryOption === lastCountry && lastReading !== null) result = lastReading;
  else {
    result = read(value, path, countryOption);
    if (typeof value === "string" && result.issues.length === 0) {
      lastText = value;
      lastCountry = countryOption;
      lastReading = Object.freeze(result);
    }
  }
  if (table !== null && known === undefined && result === lastReading && table.size < REMEMBERED_LIMIT) table.set(value as string, result);
  return withType || result.type === null ? result : { ...result, type: null };
}

let lastText: string | null = null;
let lastCountry: string | null = null;
let lastReading: NormalizedPhone | null = null;

/** Readings kept while `_rememberingPhones` runs, by default country, then by text; null otherwise. */
let remembered: Map<string | null, Map<string, NormalizedPhone>> | null = null;
const REMEMBERED_LIMIT = 100_000;

function rememberedIn(tables: Map<string | null, Map<string, NormalizedPhone>>, country: string | null): Map<string, NormalizedPhone> {
  let table = tables.get(country);
  if (table === undefined) tables.set(country, (table = new Map<string, NormalizedPhone>()));
  return table;
}

/**
 * Runs `work` with every number read (without issues) kept until it returns: the profile engine reads a
 * batch's numbers twice — identity's preparation of the whole batch, then cleansing record by record — and
 * the one-entry memory above only serves a number read twice in a row. Synchronous work only.
 */
export function _rememberingPhones<T>(work: () => T): T {
  const outer = remembered;
  remembered ??= new Map<string | null, Map<string, NormalizedPhone>>();
  try {
    return work();
  } finally {
    remembered = outer;
  }
}

function read(value: unknown, path: IssuePath, countryOption: string | null): NormalizedPhone {
  const issues: Issue[] = [];
  const read = _readText(value, path, { maxLength: 64, allowNumber: true }, issues);
  if (read.text === null) return empty(value, read.missing ? "missing" : "invalid", issues);
  const text = read.text;

  const withoutExtension = stripExtension(text);
  const digits = withoutExtension.replace(NOT_DIGITS, "");
  if (digits.length === 0) return invalid(value, issues, path, "not_a_number");
  if (isPlaceholder(digits)) {
    issues.push(_createIssue("placeholder_value", path, { kind: "phone" }));
    return { ...empty(value, "invalid", issues), placeholder: true };
  }
  if (digits.length < 6) return invalid(value, issues, path, "too_short");
  if (digits.length > 17) return invalid(value, issues, path, "too_long");

  const country = countryOption !== null && COUNTRY.test(countryOption) ? (countryOption as CountryCode) : undefined;
  const international = /^\s*(?:\+|00)/.test(text);
  // "00" is the international prefix almost everywhere outside North America.
  const candidate = text.replace(/^\s*00/, "+");
  // Without a country and without "+", libphonenumber can only fail (and builds an error to say so): go
  // straight to reading the digits as a country code plus number.
  let parsed = country === undefined && !international ? undefined : _parsePhone(candidate, country);
  // Validity means matching the numbering plan's patterns: asked once, with the patterns compiled once. A
  // number with a type matched the plan's patterns (libphonenumber's isValid asks for the type itself when
  // the plan has types), so the type is asked first and validity only for numbers without one.
  let type = parsed === undefined ? undefined : _phoneTypeOf(parsed);
  let valid = parsed !== undefined && _phoneValid(parsed, type);
  if (!valid && !international && digits.length >= 10 && digits.charCodeAt(0) !== 48) {
    // "44 7700 900123": a country code written without "+" (no calling code starts with 0: a national
    // "07700 900123" is not tried again, the parse could only fail).
    const retry = _parsePhone(`+${candidate}`, undefined);
    const retryType = retry === undefined ? undefined : _phoneTypeOf(retry);
    if (retry !== undefined && _phoneValid(retry, retryType)) {
      parsed = retry;
      type = retryType;
      valid = true;
    }
  }
  if (parsed === undefined) return invalid(value, issues, path, country === undefined && !international ? "unknown_country" : "invalid_number");
  if (isPlaceholder(parsed.nationalNumber)) {
    issues.push(_createIssue("placeholder_value", path, { kind: "phone" }));
    return { ...empty(value, "invalid", issues), placeholder: true };
  }
  if (!valid) return invalid(value, issues, path, parsed.isPossible() ? "invalid_number" : lengthReason(parsed));

  const e164 = _sameText(value, parsed.number);
  return {
    value: e164,
    original: value,
    status: value === e164 ? "valid" : "fixed",
    issues: _issuesOrNone(issues),
    extension: parsed.ext ?? null,
    country: parsed.country ?? null,
    type: type === undefined ? null : (TYPES.get(type) ?? null),
    matchKey: e164,
    placeholder: false,
  };
}

/** Removes a trailing extension ("x12", "ext. 12", "#12"), scanning from the end: linear time. */
function stripExtension(text: string): string {
  let end = text.length;
  while (end > 0 && isDigit(text.charCodeAt(end - 1))) end--;
  const digits = text.length - end;
  if (digits === 0 || digits > 7) return text;
  let markerEnd = end;
  while (markerEnd > 0 && text.charCodeAt(markerEnd - 1) === 32) markerEnd--;
  const head = text.slice(Math.max(0, markerEnd - 10), markerEnd);
  const marker = EXTENSION_MARKER.exec(head);
  if (marker === null) return text;
  return text.slice(0, markerEnd - marker[0].length).trimEnd();
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function lengthReason(parsed: PhoneNumber): "too_short" | "too_long" | "invalid_number" {
  const reason = parsed.isPossible() ? undefined : parsed.nationalNumber.length < 7 ? "too_short" : parsed.nationalNumber.length > 12 ? "too_long" : undefined;
  return reason ?? "invalid_number";
}

function isPlaceholder(digits: string): boolean {
  if (digits.length >= 4 && /^(\d)\1+$/.test(digits)) return true;
  if (SEQUENCES.has(digits) || SEQUENCES.has(digits.slice(-10))) return true;
  // North American 555-01XX numbers are reserved for fiction; 000 is never an area code.
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  return national.length === 10 && (/^\d{3}55501\d\d$/.test(national) || national.startsWith("000") || /^\d{3}0{7}$/.test(national));
}

function empty(original: unknown, status: FieldStatus, issues: readonly Issue[]): NormalizedPhone {
  return { value: null, original, status, issues, extension: null, country: null, type: null, matchKey: null, placeholder: false };
}

const ABSENT: NormalizedPhone = Object.freeze(empty(undefined, "missing", _NO_ISSUES));
const NULL: NormalizedPhone = Object.freeze(empty(null, "missing", _NO_ISSUES));

function invalid(original: unknown, issues: Issue[], path: IssuePath, reason: Extract<Issue, { code: "invalid_phone" }>["reason"]): NormalizedPhone {
  issues.push(_createIssue("invalid_phone", path, { reason }));
  return empty(original, "invalid", issues);
}
