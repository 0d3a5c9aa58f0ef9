import * as z from "zod/mini";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _checkHistory, _recordedUpTo } from "./_history.js";
import { _iso, _readInstant } from "../shared/_time.js";
import { _timeInputSchema, _timeZoneSchema } from "../shared/_timeSchemas.js";
import { _bucketOf, type _Bucket } from "./_buckets.js";
import type { HistoryEntry, ProfileHistory } from "./types.js";
import type { TimeInput } from "../shared/types.js";

/** Options of {@link countEvents}. */
export interface CountEventsOptions {
  /** Calendar bucket: `day`, `week` (ISO), `month` or `year`. Default `"month"`. */
  readonly bucket?: "day" | "week" | "month" | "year";
  /** IANA zone the calendar is read in (a month starts at local midnight). Default `"UTC"`. */
  readonly timeZone?: string;
  /** First bucket to report (the one holding this time). Default: the first event's. */
  readonly from?: TimeInput;
  /** Last bucket to report. Default: the last event's. */
  readonly to?: TimeInput;
  /** Counts as known at this time. Default: everything recorded. */
  readonly recordedAt?: TimeInput;
}

/** Events in one calendar bucket. */
export interface EventBucket {
  /** `2024-03-05`, `2024-W09`, `2024-03` or `2024`. */
  readonly period: string;
  /** When the bucket starts (ISO 8601, UTC). */
  readonly start: string;
  readonly count: number;
}

/** The result of {@link countEvents}. */
export interface EventCounts {
  readonly attribute: string;
  /** Every bucket from `from` to `to`, empty ones included, in order. */
  readonly buckets: readonly EventBucket[];
  /** Events inside the buckets. */
  readonly total: number;
}

const optionsSchema = z.strictObject({
  bucket: z.optional(z.enum(["day", "week", "month", "year"])),
  timeZone: z.optional(_timeZoneSchema),
  from: z.optional(_timeInputSchema),
  to: z.optional(_timeInputSchema),
  recordedAt: z.optional(_timeInputSchema),
});
const MAX_BUCKETS = 100_000;
const HOUR_MS = 3_600_000;
/**
 * The longest a bucket can last (a day of 25 hours when clocks go back; a 31-day month and a leap year with
 * it): a range longer than MAX_BUCKETS of these holds too many buckets whatever the zone, refused before
 * walking it. The walk itself counts exactly.
 */
const LONGEST_MS: Readonly<Record<_Bucket, number>> = { day: 25 * HOUR_MS, week: 169 * HOUR_MS, month: 745 * HOUR_MS, year: 8785 * HOUR_MS };

/**
 * Counts an event-like attribute over time — orders per month, visits per week: every version of the
 * attribute is one event at its valid time (redacted ones still count; their values are not returned).
 *
 * @param history - a profile history
 * @param attribute - the event attribute, e.g. `"order"`
 * @param options - `bucket`, `timeZone`, `from`, `to`, `recordedAt`
 * @returns one bucket per period, empty ones included
 * @example
 * ```ts
 * countEvents(history, "order", { bucket: "month", timeZone: "Europe/London" }).buckets;
 * // [{ period: "2024-01", start: "2024-01-01T00:00:00.000Z", count: 2 }, …]
 * ```
 */
export function countEvents(history: ProfileHistory, attribute: string, options: CountEventsOptions = {}): EventCounts {
  const checked = _checkHistory("countEvents", history);
  const parsed = _parseOptions("countEvents", optionsSchema, options);
  const zone = parsed.timeZone ?? "UTC";
  const bucket: _Bucket = parsed.bucket ?? "month";
  const read = (value: TimeInput | undefined, name: string): number | undefined => {
    if (value === undefined) return undefined;
    // Stryker disable next-line ArrayDeclaration: the issues are not kept (the error below says what failed)
    const ms = _readInstant(value, zone, [name], []);
    if (ms === null) throw new ProfileKitError("invalid_options", `countEvents: options.${name} is not a usable time.`);
    return ms;
  };
  const recordedAt = read(parsed.recordedAt, "recordedAt") ?? Infinity;
  const times: number[] = [];
  const end = _recordedUpTo(checked.entries, recordedAt);
  for (let i = 0; i < end; i++) {
    const entry = checked.entries[i] as HistoryEntry;
    if (entry.attribute === attribute && (entry.value !== null || entry.redacted === true)) times.push(entry.validAt);
  }
  times.sort((a, b) => a - b);
  const from = read(parsed.from, "from") ?? times[0];
  const to = read(parsed.to, "to") ?? times[times.length - 1];
  if (from === undefined || to === undefined || to < from) return { attribute, buckets: [], total: 0 };
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: a quick refusal of ranges far too long; the walk below refuses the same ranges, later
  if ((to - from) / LONGEST_MS[bucket] > MAX_BUCKETS + 1) throw tooManyBuckets();

  const buckets: EventBucket[] = [];
  let total = 0;
  let index = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: one past the end reads undefined, which is never less than a time, so the loop ends all the same
  while (index < times.length && (times[index] as number) < _bucketOf(from, bucket, zone).start) index++;
  for (let at = from; ; ) {
    const current = _bucketOf(at, bucket, zone);
    if (current.start > to) break;
    if (buckets.length >= MAX_BUCKETS) throw tooManyBuckets();
    let count = 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: one past the end reads undefined, which is never less than a time, so the loop ends all the same
    while (index < times.length && (times[index] as number) < current.next) {
      count++;
      index++;
    }
    buckets.push({ period: current.label, start: _iso(current.start), count });
    total += count;
    at = current.next;
  }
  return { attribute, buckets, total };
}

function tooManyBuckets(): ProfileKitError {
  return new ProfileKitError("invalid_options", `countEvents: more than ${MAX_BUCKETS} buckets between from and to; use a larger bucket.`);
}
