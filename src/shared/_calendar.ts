/**
 * Days in a month of the proleptic Gregorian calendar (month 1–12).
 *
 * @internal
 */
export function _daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Milliseconds in 400 Gregorian years (146,097 days): the calendar repeats itself exactly after them. */
const CYCLE_MS = 146_097 * 86_400_000;

/**
 * `Date.UTC` for every year: `Date.UTC` reads years 0–99 as 1900–1999 (a two-digit-year rule of the
 * 1990s), so those are computed 400 years later, where the calendar is the same, and moved back.
 *
 * @internal
 */
export function _utc(year: number, month0: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  if (year >= 0 && year < 100) return Date.UTC(year + 400, month0, day, hour, minute, second, ms) - CYCLE_MS;
  return Date.UTC(year, month0, day, hour, minute, second, ms);
}
