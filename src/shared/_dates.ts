import { _createIssue } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import { _daysInMonth, _utc } from "./_calendar.js";
import { _readText, _sameText } from "./_text.js";
import { _isoWithOffset, _wallTimeToEpoch } from "./_zones.js";
import type { DateKind, DateOrder, FieldStatus } from "./types.js";

/**
 * The one date and time parser of profile-kit: cleanse/'s normalizeDate and every "when" a stage reads
 * (observation times, `now`, `validAt`) go through it, so a time means the same everywhere.
 */

/** What the parser is told, options already checked. @internal */
export interface _DateSettings {
  readonly path: IssuePath;
  readonly kind: DateKind;
  readonly order: DateOrder | null;
  readonly country: string | null;
  readonly now: number | null;
  /** An IANA zone the platform knows. */
  readonly zone: string;
}

/** A date read from any value: the shape of cleanse/'s NormalizedDate. @internal */
export interface _DateReading {
  readonly value: string | null;
  readonly original: unknown;
  readonly status: FieldStatus;
  readonly issues: readonly Issue[];
  readonly epochMs: number | null;
  readonly placeholder: boolean;
}

/** Countries that write numeric dates month first. */
const MONTH_FIRST = new Set(["US", "FM", "MH", "PW", "PH", "AS", "GU", "MP", "PR", "VI", "UM"]);
/** Countries where both orders are common: never guessed. */
const EITHER_ORDER = new Set(["CA"]);
// A Map: a token from data ("constructor", "__proto__") must never find a member of Object.prototype.
const MONTHS: ReadonlyMap<string, number> = new Map(Object.entries({
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
  // German, French and Spanish months that differ from the English spelling.
  januar: 1, februar: 2, märz: 3, maerz: 3, mai: 5, juni: 6, juli: 7, oktober: 10, okt: 10, dezember: 12, dez: 12,
  janvier: 1, février: 2, fevrier: 2, mars: 3, avril: 4, juin: 6, juillet: 7, août: 8, aout: 8, septembre: 9,
  octobre: 10, novembre: 11, décembre: 12, decembre: 12, enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5,
  junio: 6, julio: 7, agosto: 8, septiembre: 9, setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12,
}));
const PLACEHOLDER_DATES = new Set(["1900-01-01", "1901-01-01", "1899-12-31", "1800-01-01", "0001-01-01", "1000-01-01", "9999-12-31", "1111-11-11", "2999-12-31"]);
const PLACEHOLDER_BIRTH_DATES = new Set([...PLACEHOLDER_DATES, "1970-01-01"]);

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d\d(?::?\d\d)?)?$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const NUMERIC = /^(\d{1,4})\s*([./-])\s*(\d{1,2})\s*[./-]\s*(\d{1,4})$/;
const EPOCH = /^-?\d{9,13}$/;
const TOKEN_SPLIT = /[\s,./-]+/;
const ORDINAL = /^(\d{1,2})(?:st|nd|rd|th|\.)?$/i;
const YEAR_MS = 365.2425 * 24 * 3600 * 1000;
interface YMD {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

/**
 * Reads a date, birth date or timestamp from any JSON value with checked settings. Never throws.
 *
 * @internal
 */
export function _readDate(value: unknown, settings: _DateSettings): _DateReading {
  const { path, kind, order, country, now, zone } = settings;
  const issues: Issue[] = [];

  if (typeof value === "number") {
    if (!Number.isFinite(value)) return invalidType(value, path, issues);
    return fromEpoch(value, value, kind, now, path, issues);
  }
  const read = _readText(value, path, { maxLength: 64 }, issues);
  if (read.text === null) return empty(value, read.missing ? "missing" : "invalid", issues);
  const text = read.text;

  if (EPOCH.test(text)) return fromEpoch(value, Number(text), kind, now, path, issues);

  const dateTime = ISO_DATE_TIME.exec(text);
  if (dateTime !== null) {
    if (kind === "timestamp") return fromIsoTimestamp(value, text, dateTime[8] !== undefined, zone, path, issues);
    return finishDate(value, { y: Number(dateTime[1]), m: Number(dateTime[2]), d: Number(dateTime[3]) }, kind, now, path, issues);
  }

  const ymd = parseDate(text, order, country, now, path, issues);
  if (ymd === "ambiguous") {
    issues.push(_createIssue("ambiguous_date", path, {}));
    return empty(value, "invalid", issues);
  }
  if (ymd === null) return invalid(value, path, issues, "unrecognised_format");
  if (kind === "timestamp") {
    // A date without a time, for a timestamp field: midnight in the assumed zone.
    issues.push(_createIssue("time_zone_assumed", path, { zone }));
    if (!isCalendarDate(ymd)) return invalid(value, path, issues, "impossible_date");
    return zoned(value, ymd.y, ymd.m, ymd.d, 0, 0, 0, 0, zone, issues);
  }
  return finishDate(value, ymd, kind, now, path, issues);
}

function parseDate(text: string, order: DateOrder | null, country: string | null, now: number | null, path: IssuePath, issues: Issue[]): YMD | "ambiguous" | null {
  let match = ISO_DATE.exec(text);
  if (match !== null) return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };

  match = COMPACT.exec(text);
  if (match !== null) {
    const asYmd = { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
    if (isCalendarDate(asYmd) && asYmd.y >= 1000) return asYmd;
    // 14031985 / 03141985: day-month-year or month-day-year written without separators.
    const a = Number(text.slice(0, 2));
    const b = Number(text.slice(2, 4));
    const y = Number(text.slice(4));
    return decide(a, b, y, "", order, country);
  }

  match = NUMERIC.exec(text);
  if (match !== null) {
    const first = match[1] as string;
    const separator = match[2] as string;
    const second = Number(match[3]);
    const third = match[4] as string;
    if (first.length === 4) return { y: Number(first), m: second, d: Number(third) };
    if (third.length !== 2 && third.length !== 4) return null;
    const year = expandYear(Number(third), third.length, now, path, issues);
    return decide(Number(first), second, year, separator, order, country);
  }

  return parseTextual(text, now, path, issues);
}

function decide(a: number, b: number, y: number, separator: string, order: DateOrder | null, countryOption: string | null): YMD | "ambiguous" | null {
  const dmy: YMD = { y, m: b, d: a };
  const mdy: YMD = { y, m: a, d: b };
  const dmyOk = isCalendarDate(dmy);
  const mdyOk = isCalendarDate(mdy);
  if (dmyOk && !mdyOk) return dmy;
  if (mdyOk && !dmyOk) return mdy;
  if (!dmyOk) return null;
  if (a === b) return dmy;
  if (order === "DMY") return dmy;
  if (order === "MDY") return mdy;
  // Dotted dates (14.03.1985) are day first wherever they are written.
  if (separator === ".") return dmy;
  const country = countryOption?.toUpperCase();
  if (country !== undefined && country !== "" && !EITHER_ORDER.has(country)) return MONTH_FIRST.has(country) ? mdy : dmy;
  return "ambiguous";
}

function parseTextual(text: string, now: number | null, path: IssuePath, issues: Issue[]): YMD | null {
  const tokens = text.toLowerCase().split(TOKEN_SPLIT).filter((t) => t !== "");
  if (tokens.length !== 3) return null;
  let month = 0;
  const numbers: string[] = [];
  for (const token of tokens) {
    const named = MONTHS.get(token);
    if (named !== undefined && month === 0) month = named;
    else numbers.push(token);
  }
  if (month === 0 || numbers.length !== 2) return null;
  const [p, q] = numbers as [string, string];
  const yearFirst = /^\d{4}$/.test(p);
  const yearText = yearFirst ? p : q;
  const dayText = yearFirst ? q : p;
  const day = ORDINAL.exec(dayText);
  if (day === null || !/^\d{2}(?:\d{2})?$/.test(yearText)) return null;
  const year = expandYear(Number(yearText), yearText.length, now, path, issues);
  const ymd = { y: year, m: month, d: Number(day[1]) };
  return isCalendarDate(ymd) ? ymd : null;
}

function expandYear(year: number, digits: number, now: number | null, path: IssuePath, issues: Issue[]): number {
  if (digits !== 2) return year;
  // Two-digit years: the most recent century that does not put the date in the future (now given), else
  // the common 1930–2029 window.
  const current = now === null ? 2029 : new Date(now).getUTCFullYear();
  let expanded = Math.floor(current / 100) * 100 + year;
  if (expanded > current) expanded -= 100;
  issues.push(_createIssue("two_digit_year", path, {}));
  return expanded;
}

function isCalendarDate({ y, m, d }: YMD): boolean {
  return m >= 1 && m <= 12 && d >= 1 && y >= 1 && y <= 9999 && d <= _daysInMonth(y, m);
}

function finishDate(original: unknown, ymd: YMD, kind: DateKind, now: number | null, path: IssuePath, issues: Issue[]): _DateReading {
  if (!isCalendarDate(ymd)) return invalid(original, path, issues, "impossible_date");
  if (ymd.y < 1000) return invalid(original, path, issues, "out_of_range");
  const iso = `${String(ymd.y).padStart(4, "0")}-${String(ymd.m).padStart(2, "0")}-${String(ymd.d).padStart(2, "0")}`;
  if ((kind === "birthDate" ? PLACEHOLDER_BIRTH_DATES : PLACEHOLDER_DATES).has(iso)) {
    issues.push(_createIssue("placeholder_value", path, { kind: "date" }));
    return { ...empty(original, "invalid", issues), placeholder: true };
  }
  const epochMs = _utc(ymd.y, ymd.m - 1, ymd.d);
  if (kind === "birthDate" && now !== null) {
    if (epochMs > now) {
      issues.push(_createIssue("implausible_date", path, { reason: "future" }));
      return empty(original, "invalid", issues);
    }
    if (now - epochMs > 120 * YEAR_MS) {
      issues.push(_createIssue("implausible_date", path, { reason: "too_old" }));
      return empty(original, "invalid", issues);
    }
  }
  return done(original, iso, epochMs, issues);
}

function fromEpoch(original: unknown, n: number, kind: DateKind, now: number | null, path: IssuePath, issues: Issue[]): _DateReading {
  // Ten digits or fewer: seconds; more: milliseconds.
  const ms = Math.abs(n) < 1e11 ? n * 1000 : n;
  const at = new Date(ms);
  const year = at.getUTCFullYear();
  if (!Number.isFinite(ms) || Number.isNaN(year) || year < 1000 || year > 9999) return invalid(original, path, issues, "out_of_range");
  if (kind === "timestamp") return done(original, _isoWithOffset(ms, 0, true), ms, issues);
  return finishDate(original, { y: year, m: at.getUTCMonth() + 1, d: at.getUTCDate() }, kind, now, path, issues);
}

function fromIsoTimestamp(original: unknown, text: string, hasZone: boolean, zone: string, path: IssuePath, issues: Issue[]): _DateReading {
  if (hasZone || zone === "UTC") {
    // The common case needs no zone database: read the fields, apply the written offset, and write the
    // canonical ISO form with that same offset. Named zones need the zone database, below.
    const fast = fastIsoTimestamp(text, hasZone);
    if (fast === null) return invalid(original, path, issues, "impossible_date");
    if (!hasZone) issues.push(_createIssue("time_zone_assumed", path, { zone }));
    return done(original, fast.iso, fast.epochMs, issues);
  }
  const m = ISO_DATE_TIME.exec(text);
  if (m === null) return invalid(original, path, issues, "unrecognised_format");
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (!isCalendarDate({ y, m: mo, d }) || h > 23 || mi > 59 || s > 59) return invalid(original, path, issues, "impossible_date");
  issues.push(_createIssue("time_zone_assumed", path, { zone }));
  return zoned(original, y, mo, d, h, mi, s, ms, zone, issues);
}

function fastIsoTimestamp(text: string, hasZone: boolean): { iso: string; epochMs: number } | null {
  const m = ISO_DATE_TIME.exec(text);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (!isCalendarDate({ y, m: mo, d }) || h > 23 || mi > 59 || s > 59) return null;
  const zoneText = hasZone ? (m[8] as string).toUpperCase() : "Z";
  let offsetMinutes = 0;
  let suffix = "Z";
  if (zoneText !== "Z") {
    const sign = zoneText.startsWith("-") ? -1 : 1;
    const digits = zoneText.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
    suffix = `${sign < 0 ? "-" : "+"}${two(oh)}:${two(om)}`;
  }
  const epochMs = _utc(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000;
  const iso = `${String(y).padStart(4, "0")}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}.${String(ms).padStart(3, "0")}${suffix}`;
  return { iso, epochMs };
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * A wall-clock time in a named zone, written with the zone's offset then. Before standard time, zones had
 * offsets in seconds (Kolkata +05:21:10 in 1905) that ISO 8601 cannot write: the value is written with the
 * offset to the minute, and its epoch is the written value's own, so reading the value again gives the same
 * epoch (idempotent).
 */
function zoned(original: unknown, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string, issues: readonly Issue[]): _DateReading {
  const { epochMs, offset } = _wallTimeToEpoch(y, mo, d, h, mi, s, ms, zone);
  const written = Math.trunc(offset);
  const epoch = written === offset ? epochMs : epochMs + (offset - written) * 60_000;
  return done(original, _isoWithOffset(epoch, written, zone === "UTC"), epoch, issues);
}

function done(original: unknown, value: string, epochMs: number, issues: readonly Issue[]): _DateReading {
  return { value: _sameText(original, value), original, status: original === value ? "valid" : "fixed", issues, epochMs, placeholder: false };
}

function empty(original: unknown, status: FieldStatus, issues: readonly Issue[]): _DateReading {
  return { value: null, original, status, issues, epochMs: null, placeholder: false };
}

function invalid(original: unknown, path: IssuePath, issues: Issue[], reason: Extract<Issue, { code: "invalid_date" }>["reason"]): _DateReading {
  issues.push(_createIssue("invalid_date", path, { reason }));
  return empty(original, "invalid", issues);
}

function invalidType(original: number, path: IssuePath, issues: Issue[]): _DateReading {
  issues.push(_createIssue("invalid_type", path, { expected: "string or finite number", received: "non-finite number" }));
  return empty(original, "invalid", issues);
}
