import { z } from "zod";
import { _parseOptions } from "../errors/_parseOptions.js";
import type { Issue } from "../errors/issue.js";
import { _checkHistory, _recordedUpTo, _valueKey } from "./_history.js";
import { _iso, _readInstant, _timeInputSchema, _timeZoneSchema } from "../shared/_time.js";
import type { HistoryEntry, ProfileHistory, TimeInput } from "./types.js";

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
  recordedAt: _timeInputSchema.optional(),
  timeZone: _timeZoneSchema.optional(),
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

/** The periods of `attribute` among the first `end` entries. @internal */
export function _timeline(entries: readonly HistoryEntry[], end: number, attribute: string): TimelinePeriod[] {
  const own: HistoryEntry[] = [];
  for (let i = 0; i < end; i++) {
    const entry = entries[i] as HistoryEntry;
    if (entry.attribute === attribute) own.push(entry);
  }
  own.sort((a, b) => a.validAt - b.validAt || a.version - b.version);
  // At each valid time only the last-recorded version counts: it corrects the earlier ones.
  const decided: HistoryEntry[] = [];
  for (const entry of own) {
    const last = decided[decided.length - 1];
    if (last !== undefined && last.validAt === entry.validAt) decided[decided.length - 1] = entry;
    else decided.push(entry);
  }
  const periods: { -readonly [Key in keyof TimelinePeriod]: TimelinePeriod[Key] }[] = [];
  let lastKey: string | null = null;
  for (const entry of decided) {
    const redacted = entry.redacted === true;
    const key = redacted ? "\u0000redacted" : _valueKey(entry.value);
    if (key === lastKey) continue;
    lastKey = key;
    const last = periods[periods.length - 1];
    if (last !== undefined) last.validTo = _iso(entry.validAt);
    periods.push({ value: redacted ? null : entry.value, validFrom: _iso(entry.validAt), validTo: null, source: entry.source, version: entry.version, recordedAt: _iso(entry.recordedAt), redacted });
  }
  return periods;
}
