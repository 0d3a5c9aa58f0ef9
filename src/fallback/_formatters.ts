import { displayName } from "../cleanse/displayName.js";
import { isPlaceholderName } from "../cleanse/isPlaceholderName.js";
import { _utc } from "../shared/_calendar.js";
import { _parseUtcTimestamp } from "../shared/_parseUtcTimestamp.js";
import { _readInstant } from "../shared/_time.js";
import type { _Formatted } from "./_compiled.js";
import type { PersonalizeContext, SlotFormatter } from "./types.js";

/**
 * Longest text (in UTF-16 code units) a slot reads. A longer value is passed over as `invalid` with detail
 * `too_long` before any validator or formatter (built-in or the host's) sees it, so one odd value cannot
 * cost a send loop more than a bounded amount of work.
 *
 * @internal
 */
export const _MAX_SLOT_TEXT_LENGTH = 10_000;

/** Longest text the date, number and currency formatters try to read as a date or a number. */
const MAX_PARSED_LENGTH = 100;

/** Formatters kept per locale (and zone): locales come from each call, so the cache must not grow without end. */
const MAX_CACHED_FORMATTERS = 32;

const FAILED_TYPE = { failed: "wrong_type" } as const;
const FAILED_PLACEHOLDER = { failed: "placeholder" } as const;
const FAILED_NAME = { failed: "not_a_name" } as const;
const FAILED_TOO_LONG = { failed: "too_long" } as const;

const DATE_ONLY = /^(\d{4})-(\d\d)-(\d\d)$/;
const NUMERIC = /^-?\d+(?:\.\d+)?$/;
/** Printable ASCII only: every character is one grapheme. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A plausible value for previews: what the formatter expects. @internal */
export function _sampleFor(format: SlotFormatter | undefined): unknown {
  if (format === undefined || typeof format === "function") return "Sample";
  if (format.type === "date") return "2024-03-14";
  if (format.type === "currency" || format.type === "number") return 42;
  return format.type === "name" ? "Alex" : "Sample";
}

/** The formatter a slot spec describes, built once per compile. @internal */
export function _buildFormatter(format: SlotFormatter | undefined): (value: unknown, context: PersonalizeContext) => _Formatted {
  if (format === undefined) return formatText;
  if (typeof format === "function") {
    return (value, context) => {
      if (typeof value === "string" && value.length > _MAX_SLOT_TEXT_LENGTH) return FAILED_TOO_LONG;
      const text = format(value, context);
      return typeof text === "string" && text.trim() !== "" ? text : { failed: "formatter_result" };
    };
  }
  switch (format.type) {
    case "text": {
      // Stryker disable next-line StringLiteral: the default is only compared with "upper", "lower" and "title", so any other text leaves the case as it is
      const { case: letterCase = "none", maxLength } = format;
      // Stryker disable next-line ObjectLiteral: grapheme is Intl.Segmenter's default granularity
      const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
      return (value) => {
        const text = formatText(value);
        if (typeof text !== "string") return text;
        const cased = letterCase === "upper" ? text.toUpperCase() : letterCase === "lower" ? text.toLowerCase() : letterCase === "title" ? titleCase(text) : text;
        if (maxLength === undefined || cased.length <= maxLength) return cased;
        return _truncate(cased, maxLength, graphemes);
      };
    }
    case "name": {
      const part = format.part ?? "full";
      // One options object per slot, not per profile.
      const nameOptions = { part } as const;
      return (value) => {
        if (typeof value !== "string") return FAILED_TYPE;
        if (value.length > _MAX_SLOT_TEXT_LENGTH) return FAILED_TOO_LONG;
        const name = displayName(value, nameOptions);
        if (name !== null) return name;
        // Rare: tell a placeholder ("Test") from what is not a name at all, for the report.
        return isPlaceholderName(value, nameOptions) ? FAILED_PLACEHOLDER : FAILED_NAME;
      };
    }
    case "date":
      return dateFormatter(format);
    case "currency":
    case "number": {
      const formatters = new Map<string, Intl.NumberFormat>();
      const settings: Intl.NumberFormatOptions =
        format.type === "currency" ? { style: "currency", currency: format.currency } : format.maximumFractionDigits === undefined ? {} : { maximumFractionDigits: format.maximumFractionDigits };
      return (value, context) => {
        if (typeof value === "string" && value.length > MAX_PARSED_LENGTH) return FAILED_TOO_LONG;
        const number = typeof value === "number" ? value : typeof value === "string" && NUMERIC.test(value.trim()) ? Number(value) : Number.NaN;
        if (!Number.isFinite(number)) return { failed: "not_a_number" };
        const locale = format.locale ?? context.locale;
        let formatter = formatters.get(locale);
        if (formatter === undefined) {
          formatter = new Intl.NumberFormat(locale, settings);
          if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
          formatters.set(locale, formatter);
        }
        return formatter.format(number);
      };
    }
  }
}

// The date styles, as Intl options (the presets date libraries use for the same names).
// Stryker disable next-line ObjectLiteral: with no date or time field, Intl.DateTimeFormat shows exactly numeric year, month and day
const DATE_SHORT: Intl.DateTimeFormatOptions = { year: "numeric", month: "numeric", day: "numeric" };
const DATE_MEDIUM: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric" };
const DATE_LONG: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric" };
const DATE_FULL: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric", weekday: "long" };

function dateFormatter(format: Extract<SlotFormatter, { readonly type: "date" }>): (value: unknown, context: PersonalizeContext) => _Formatted {
  const preset = format.style === "short" ? DATE_SHORT : format.style === "long" ? DATE_LONG : format.style === "full" ? DATE_FULL : DATE_MEDIUM;
  const formatters = new Map<string, Intl.DateTimeFormat>();
  // A send loop uses one locale and zone for many recipients: the last formatter is kept at hand.
  let last: { locale: string; zone: string; formatter: Intl.DateTimeFormat } | null = null;
  const intl = (locale: string, zone: string): Intl.DateTimeFormat => {
    if (last !== null && last.locale === locale && last.zone === zone) return last.formatter;
    const key = `${locale}\u0000${zone}`;
    let formatter = formatters.get(key);
    if (formatter === undefined) {
      formatter = new Intl.DateTimeFormat(locale, { ...preset, timeZone: zone });
      if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
      formatters.set(key, formatter);
    }
    last = { locale, zone, formatter };
    return formatter;
  };
  return (value, context) => {
    const zone = format.timeZone ?? context.timeZone;
    const locale = format.locale ?? context.locale;
    // The common forms — a calendar date, a canonical UTC timestamp, epoch ms — go straight to a cached
    // Intl formatter; the one time parser reads everything else (offsets, zone-less times in the zone).
    if (typeof value === "string") {
      if (value.length > MAX_PARSED_LENGTH) return FAILED_TOO_LONG;
      const day = DATE_ONLY.exec(value);
      if (day !== null) {
        const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
        const ms = _utc(year, month - 1, date);
        const check = new Date(ms);
        if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return { failed: "not_a_date" };
        // A calendar date is the same day everywhere: shown in UTC, whatever the zone.
        return intl(locale, "UTC").format(ms);
      }
      const utc = _parseUtcTimestamp(value);
      // Stryker disable next-line ConditionalExpression: a fast path; _readInstant reads a canonical UTC timestamp with the same _parseUtcTimestamp first
      if (!Number.isNaN(utc)) return intl(locale, zone).format(utc);
      // Stryker disable next-line ArrayDeclaration: the path and the issues list only label and collect issues, which are not read here
      const parsed = _readInstant(value, zone, [], []);
      return parsed === null ? { failed: "not_a_date" } : intl(locale, zone).format(parsed);
    }
    if (typeof value !== "number" && !(value instanceof Date)) return FAILED_TYPE;
    const ms = typeof value === "number" ? value : value.getTime();
    return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? intl(locale, zone).format(ms) : { failed: "not_a_date" };
  };
}

/** Code units segmented at a time: Intl.Segmenter's cost per grapheme grows with the length of its input. */
const SEGMENT_WINDOW = 256;

/**
 * The first `maxLength - 1` graphemes and an ellipsis, or the text itself when it has no more than
 * `maxLength` graphemes. Never splits an emoji or an accented letter. Segments lazily, a window at a time,
 * and stops at the cut, so the cost follows `maxLength`, not the length of the text (Intl.Segmenter over a
 * whole long text costs time quadratic in its length).
 *
 * A window starts at a grapheme boundary and ends between two characters (never inside a surrogate pair),
 * and every boundary strictly inside it is exact (the rules look back within a grapheme and one character
 * ahead; regional-indicator pairs count from a boundary), so only its last grapheme, which may run on past
 * the window, is left for the next window.
 *
 * @internal
 */
export function _truncate(text: string, maxLength: number, graphemes: Intl.Segmenter, window: number = SEGMENT_WINDOW): string {
  const keep = Math.max(1, maxLength - 1);
  // The first maxLength + 1 characters are printable ASCII: they are as many graphemes, so there are more
  // than maxLength of them and the cut is at a character.
  if (text.length > maxLength && PRINTABLE_ASCII.test(text.slice(0, maxLength + 1))) return `${text.slice(0, keep).trimEnd()}…`;
  let count = 0;
  let cut = 0;
  let start = 0;
  let size = window;
  // Stryker disable next-line EqualityOperator: start never reaches text.length (a window that is not final ends before the end, and the final one returns)
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    // Never between the two halves of a surrogate pair: the character at a boundary must be whole.
    // Stryker disable next-line EqualityOperator,UpdateOperator: a high surrogate ending the text is read in the last window anyway, and stepping back before a pair keeps it whole too (a window's last grapheme is read again)
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    const final = end === text.length;
    let next = start;
    for (const part of graphemes.segment(text.slice(start, end))) {
      const at = start + part.index;
      const after = at + part.segment.length;
      // The window's last grapheme may continue past it: read it again from its start.
      if (!final && after === end) break;
      count++;
      if (count === keep) cut = after;
      if (count > maxLength) return `${text.slice(0, cut).trimEnd()}…`;
      next = after;
    }
    // Stryker disable next-line ConditionalExpression: after the final window next is text.length, so the loop ends and returns the text anyway
    if (final) return text;
    // One grapheme longer than the window (a letter with many combining marks): widen it.
    if (next === start) size *= 2;
    else {
      start = next;
      size = window;
    }
  }
  return text;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function formatText(value: unknown): _Formatted {
  if (typeof value === "string") return value.length > _MAX_SLOT_TEXT_LENGTH ? FAILED_TOO_LONG : value.trim();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : FAILED_TYPE;
  if (typeof value === "boolean") return String(value);
  return FAILED_TYPE;
}

/** Upper-cases the first letter of every word (after a space, hyphen or apostrophe), lower-cases the rest. */
function titleCase(text: string): string {
  const lower = text.toLowerCase();
  let out = "";
  let start = true;
  for (const char of lower) {
    out += start ? char.toUpperCase() : char;
    start = char === " " || char === "-" || char === "'" || char === "’" || char === "\t";
  }
  return out;
}
