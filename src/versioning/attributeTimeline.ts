import * as z from "zod/mini";
import { _parseOptions } from "../errors/_parseOptions.js";
import type { Issue } from "../errors/issue.js";
import { _checkHistory, _recordedUpTo } from "./_history.js";
import { _timeline } from "./_timeline.js";
import { _readInstant } from "../shared/_time.js";
import { _timeInputSchema, _timeZoneSchema } from "../shared/_timeSchemas.js";
import type { ProfileHistory } from "./types.js";
import type { TimeInput } from "../shared/types.js";

/** A stretch of valid time during which an attribute had one value. */
export interface TimelinePeriod {
  /** The value, or null when the attribute had none (removed, or redacted). */
  readonly value: unknown;
  /** When it became true (ISO 8601, UTC). */
  readonly validFrom: string;
  /** When the next value replaced it, or null for the current one. */
  readonly validTo: string | null;
  /** The source and version that set it, and when that was recorded. */
  readonly source: string | null;
  readonly version: number;
  readonly recordedAt: string;
  /** The value was redacted. */
  readonly redacted: boolean;
}

/** Options of {@link attributeTimeline}. */
export interface AttributeTimelineOptions {
  /** The timeline as known at this time. Default: everything recorded. */
  readonly recordedAt?: TimeInput;
  /** IANA zone for a zone-less `recordedAt`. Default `"UTC"`. */
  readonly timeZone?: string;
}

/** The result of {@link attributeTimeline}. */
export interface AttributeTimeline {
  readonly attribute: string;
  /** In valid-time order; consecutive equal values are one period. */
  readonly periods: readonly TimelinePeriod[];
  readonly issues: readonly Issue[];
}

const optionsSchema = z.strictObject({
  recordedAt: z.optional(_timeInputSchema),
  timeZone: z.optional(_timeZoneSchema),
});

/**
 * An attribute's values over valid time, as known at `recordedAt`: one period per value, with when it
 * started and ended and which source and version set it. Corrections (a later version at the same valid
 * time) replace what they correct; repeats of the same value extend a period rather than start one.
 *
 * @param history - a profile history
 * @param attribute - the attribute, e.g. `"email"`
 * @param options - `recordedAt`, `timeZone`
 * @returns the periods and issues
 * @example
 * ```ts
 * attributeTimeline(history, "city").periods.map((p) => [p.validFrom, p.value]);
 * ```
 */
export function attributeTimeline(history: ProfileHistory, attribute: string, options: AttributeTimelineOptions = {}): AttributeTimeline {
  const checked = _checkHistory("attributeTimeline", history);
  const parsed = _parseOptions("attributeTimeline", optionsSchema, options);
  const issues: Issue[] = [];
  const recordedAt = parsed.recordedAt === undefined ? Infinity : _readInstant(parsed.recordedAt, parsed.timeZone ?? "UTC", ["recordedAt"], issues);
  if (recordedAt === null) return { attribute, periods: [], issues };
  return { attribute, periods: _timeline(checked.entries, _recordedUpTo(checked.entries, recordedAt), attribute), issues };
}
