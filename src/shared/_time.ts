import { DateTime } from "luxon";
import { z } from "zod";
import { _createIssue, _describeType } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import { _readDate } from "./_dates.js";
import { _parseUtcTimestamp } from "./_parseUtcTimestamp.js";
import type { TimeInput } from "./types.js";

/**
 * Epoch milliseconds of a time given as ISO text, epoch milliseconds or a Date, or null with an issue.
 * Zone-less text is read in `zone` (reported); the process time zone is never used.
 *
 * @internal
 */
export function _readInstant(value: unknown, zone: string, path: IssuePath, issues: Issue[]): number | null {
  if (typeof value === "number") {
    if (Number.isFinite(value) && Math.abs(value) <= 8.64e15) return value;
    issues.push(_createIssue("invalid_date", path, { reason: "out_of_range" }));
    return null;
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isFinite(ms)) return ms;
    issues.push(_createIssue("invalid_date", path, { reason: "impossible_date" }));
    return null;
  }
  if (typeof value === "string") {
    const fast = _parseUtcTimestamp(value);
    if (!Number.isNaN(fast)) return fast;
    const read = _readDate(value, { kind: "timestamp", zone, path, order: null, country: null, now: null });
    for (const issue of read.issues) issues.push(issue);
    if (read.epochMs !== null && read.status !== "invalid") return read.epochMs;
    if (read.issues.length === 0) issues.push(_createIssue("invalid_date", path, { reason: "unrecognised_format" }));
    return null;
  }
  issues.push(_createIssue("invalid_type", path, { expected: "an ISO 8601 time, epoch milliseconds or a Date", received: _describeType(value) }));
  return null;
}

/** ISO 8601 in UTC of epoch milliseconds. @internal */
export function _iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** True for an IANA time zone name the platform knows. @internal */
export function _isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A calendar bucket for counting events. */
export type _Bucket = "day" | "week" | "month" | "year";

/**
 * The label and start (epoch ms) of the calendar bucket holding `ms` in `zone`, and the start of the next
 * one. Weeks are ISO weeks (Monday first), labelled `2024-W09`.
 *
 * @internal
 */
export function _bucketOf(ms: number, bucket: _Bucket, zone: string): { label: string; start: number; next: number } {
  const start = DateTime.fromMillis(ms, { zone }).startOf(bucket, { useLocaleWeeks: false });
  const label =
    bucket === "day" ? start.toFormat("yyyy-MM-dd") : bucket === "week" ? start.toFormat("kkkk-'W'WW") : bucket === "month" ? start.toFormat("yyyy-MM") : start.toFormat("yyyy");
  return { label, start: start.toMillis(), next: start.plus({ [`${bucket}s`]: 1 }).toMillis() };
}

/** A time option: ISO text, epoch milliseconds or a Date (read with {@link _readInstant}). @internal */
export const _timeInputSchema: z.ZodType<TimeInput> = z.union([z.string(), z.number(), z.date()]);

/** A time-zone option: an IANA zone the platform knows. @internal */
export const _timeZoneSchema: z.ZodType<string> = z.string().refine(_isTimeZone, "expected an IANA time zone such as \"Europe/Paris\"");

/** A time option that must be readable: ISO text, epoch milliseconds in the Date range, or a valid Date. @internal */
export const _validTimeSchema: z.ZodType<TimeInput> = _timeInputSchema.refine((value) => _readInstant(value, "UTC", [], []) !== null, "expected an ISO 8601 time, epoch milliseconds or a valid Date");
