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
    // The era too: Intl writes 1 BC as year "1" (with era "BC"), a year after 1 AD otherwise.
    formatter = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", era: "short", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
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
  let beforeChrist = false;
  for (const part of formatterOf(zone).formatToParts(whole)) {
    if (part.type === "era") beforeChrist = part.value === "BC";
    else if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  // Astronomical years: 1 BC is year 0, 2 BC year -1.
  const year = beforeChrist ? 1 - fields.year : fields.year;
  const wall = _utc(year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
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
  // The offsets a day either side are the ones a change of the clocks near this wall time can be between
  // (the instant is within 14 hours of the wall time read as UTC). Each names an instant; one that the
  // zone really shows at that offset is a reading of the wall time.
  const before = _zoneOffset(local - DAY_MS, zone);
  const after = _zoneOffset(local + DAY_MS, zone);
  const early = local - before * 60_000;
  const late = local - after * 60_000;
  const earlyFits = _zoneOffset(early, zone) === before;
  if (before === after && earlyFits) return { epochMs: early, offset: before };
  const lateFits = before !== after && _zoneOffset(late, zone) === after;
  // Passed twice (fall back): the earlier instant, whichever side of UTC the zone is.
  if (earlyFits && lateFits) return early <= late ? { epochMs: early, offset: before } : { epochMs: late, offset: after };
  if (earlyFits) return { epochMs: early, offset: before };
  if (lateFits) return { epochMs: late, offset: after };
  if (before !== after) {
    // Skipped (spring forward): the instant the earlier offset names, written with the later one, so the
    // wall time moves forward by the gap.
    return { epochMs: local - Math.min(before, after) * 60_000, offset: Math.max(before, after) };
  }
  // Two changes within the two days (a zone's rare double change): the fixed point, as date libraries do it.
  const first = _zoneOffset(local, zone);
  const guess = local - first * 60_000;
  const settled = _zoneOffset(guess, zone);
  if (first === settled) return { epochMs: guess, offset: first };
  return { epochMs: local - Math.min(first, settled) * 60_000, offset: Math.max(first, settled) };
}

const DAY_MS = 86_400_000;

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
