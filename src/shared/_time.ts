import { _createIssue, _describeType } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import { _readDate } from "./_dates.js";
import { _parseUtcTimestamp } from "./_parseUtcTimestamp.js";

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
