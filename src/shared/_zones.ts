/**
 * Wall-clock time in IANA zones with the platform's own zone database (Intl), for parsing and writing
 * timestamps: small enough that a function which only personalizes does not carry a date library.
 */

import { _utc } from "./_calendar.js";

const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 64;

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    // A handful of zones in practice; bounded so a stream of distinct names cannot grow it without end.
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * The zone's offset from UTC at an instant, in minutes (fractional before standard time: Kolkata was
 * +05:21:10 in 1905). "UTC" costs nothing.
 *
 * @internal
 */
export function _zoneOffset(epochMs: number, zone: string): number {
  if (zone === "UTC") return 0;
  const whole = epochMs - (((epochMs % 1000) + 1000) % 1000);
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterOf(zone).formatToParts(whole)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const wall = _utc(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  return (wall - whole) / 60_000;
}

/**
 * The instant a wall-clock time in a zone names, and the zone's offset then. A time the clocks skipped
 * (spring forward) moves forward by the gap; a time they passed twice (fall back) is the earlier one.
 *
 * @internal
 */
export function _wallTimeToEpoch(year: number, month: number, day: number, hour: number, minute: number, second: number, millisecond: number, zone: string): { readonly epochMs: number; readonly offset: number } {
  const local = _utc(year, month - 1, day, hour, minute, second, millisecond);
  if (zone === "UTC") return { epochMs: local, offset: 0 };
  // The usual fixed point, as date libraries do it: guess with the offset at the wall time read as UTC,
  // correct once, and settle a disagreement (a gap) on the later offset.
  const first = _zoneOffset(local, zone);
  const guess = local - first * 60_000;
  const second2 = _zoneOffset(guess, zone);
  if (first === second2) return { epochMs: guess, offset: first };
  const corrected = guess - (second2 - first) * 60_000;
  const third = _zoneOffset(corrected, zone);
  if (second2 === third) return { epochMs: corrected, offset: second2 };
  return { epochMs: local - Math.min(second2, third) * 60_000, offset: Math.max(second2, third) };
}

/**
 * ISO 8601 of an instant as a wall-clock time with the given offset (`+05:30`, `Z` for zero in UTC). An
 * offset with seconds (before standard time) is written to the minute, as ISO 8601 allows no more.
 *
 * @internal
 */
export function _isoWithOffset(epochMs: number, offsetMinutes: number, utc: boolean): string {
  const written = Math.trunc(offsetMinutes);
  const wall = new Date(epochMs + written * 60_000);
  const date = `${String(wall.getUTCFullYear()).padStart(4, "0")}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}`;
  const time = `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}.${String(wall.getUTCMilliseconds()).padStart(3, "0")}`;
  if (utc && written === 0) return `${date}T${time}Z`;
  const sign = written < 0 ? "-" : "+";
  const abs = Math.abs(written);
  return `${date}T${time}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
