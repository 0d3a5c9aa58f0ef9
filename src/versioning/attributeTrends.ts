import * as z from "zod/mini";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _checkHistory, _recordedUpTo } from "./_history.js";
import { _valueKey } from "./_values.js";
import { _periodsOf } from "./_timeline.js";
import { _readInstant } from "../shared/_time.js";
import { _timeInputSchema } from "../shared/_timeSchemas.js";
import type { HistoryEntry, ProfileHistory } from "./types.js";
import type { TimeInput } from "../shared/types.js";

const DAY_MS = 86_400_000;

/** A churn signal: at least `minChanges` changes to any of `attributes` within `windowDays` before now. */
export interface ChurnRule {
  /** The signal's name, e.g. `"moved"`. */
  readonly name: string;
  /** Attributes that count; changes to several of them at the same valid time count once (a move changes street and city together). */
  readonly attributes: readonly string[];
  readonly minChanges: number;
  readonly windowDays: number;
}

/** The default churn signals: email changed 3 times in 90 days; moved (street, postal code or city) twice in a year. */
export const DEFAULT_CHURN_RULES: readonly ChurnRule[] = Object.freeze([
  Object.freeze({ name: "email_churn", attributes: Object.freeze(["email"]), minChanges: 3, windowDays: 90 }),
  Object.freeze({ name: "moved", attributes: Object.freeze(["street", "postalCode", "city"]), minChanges: 2, windowDays: 365 }),
]);

/** Options of {@link attributeTrends}. */
export interface AttributeTrendsOptions {
  /** The clock windows end at. Required. */
  readonly now: TimeInput;
  /** Window lengths in days to count changes in. Default `[30, 90, 365]`. */
  readonly windowsDays?: readonly number[];
  /** Churn signals to check. Default {@link DEFAULT_CHURN_RULES}. */
  readonly churnRules?: readonly ChurnRule[];
  /** Trends as known at this time. Default: everything recorded. */
  readonly recordedAt?: TimeInput;
}

/** How one attribute changed over time. */
export interface AttributeTrend {
  readonly attribute: string;
  /** Changes of value (the first value is not a change). */
  readonly changes: number;
  /** Changes per window, keyed by window length in days. */
  readonly changesInWindow: Readonly<Record<number, number>>;
  /** When the current value became true (ISO 8601), or null if it never had one. */
  readonly lastChangedAt: string | null;
  /** When it first had a value. */
  readonly firstSeenAt: string | null;
  /** How many distinct values it has had. */
  readonly distinctValues: number;
}

/** A churn rule that fired. */
export interface ChurnSignal {
  readonly name: string;
  readonly attributes: readonly string[];
  readonly changes: number;
  readonly windowDays: number;
  readonly lastChangedAt: string;
}

/** The result of {@link attributeTrends}. */
export interface AttributeTrends {
  readonly attributes: readonly AttributeTrend[];
  readonly signals: readonly ChurnSignal[];
}

const optionsSchema = z.strictObject({
  now: _timeInputSchema,
  windowsDays: z.optional(z.array(z.number().check(z.positive())).check(z.minLength(1))),
  churnRules: z.optional(z.array(z.strictObject({ name: z.string().check(z.minLength(1)), attributes: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), minChanges: z.int().check(z.gte(1)), windowDays: z.number().check(z.positive()) }))),
  recordedAt: z.optional(_timeInputSchema),
});

/**
 * What a marketer segments on: per attribute, how often its value changed (in total and per window before
 * `now`), when it last changed, how many values it has had — and churn signals such as an email changed
 * three times in 90 days or a move twice in a year. Changes are counted on valid time, from the timeline
 * as known at `recordedAt`; a repeat of the same value is not a change.
 *
 * @param history - a profile history
 * @param options - `now` (required), `windowsDays`, `churnRules`, `recordedAt`
 * @returns one trend per attribute (sorted by name) and the signals that fired
 * @example
 * ```ts
 * attributeTrends(history, { now: new Date() }).signals; // [{ name: "moved", changes: 2, … }]
 * ```
 */
export function attributeTrends(history: ProfileHistory, options: AttributeTrendsOptions): AttributeTrends {
  const checked = _checkHistory("attributeTrends", history);
  const parsed = _parseOptions("attributeTrends", optionsSchema, options);
  const now = _readInstant(parsed.now, "UTC", ["now"], []);
  const recordedAt = parsed.recordedAt === undefined ? Infinity : _readInstant(parsed.recordedAt, "UTC", ["recordedAt"], []);
  if (now === null || recordedAt === null) throw new ProfileKitError("invalid_options", "attributeTrends: options.now and options.recordedAt must be usable times.");
  const windows = parsed.windowsDays ?? [30, 90, 365];
  const rules = parsed.churnRules ?? DEFAULT_CHURN_RULES;
  const end = _recordedUpTo(checked.entries, recordedAt);

  // One pass groups the entries by attribute, so the work stays linear however many attributes there are.
  const byAttribute = new Map<string, HistoryEntry[]>();
  for (let i = 0; i < end; i++) {
    const entry = checked.entries[i] as HistoryEntry;
    const own = byAttribute.get(entry.attribute);
    if (own === undefined) byAttribute.set(entry.attribute, [entry]);
    else own.push(entry);
  }
  const changeTimes = new Map<string, number[]>();
  const trends: AttributeTrend[] = [];
  for (const attribute of Array.from(byAttribute.keys()).sort()) {
    const periods = _periodsOf(byAttribute.get(attribute) as HistoryEntry[]);
    const times = periods.slice(1).map((period) => Date.parse(period.validFrom));
    changeTimes.set(attribute, times);
    const changesInWindow: Record<number, number> = Object.fromEntries(windows.map((days) => [days, countIn(times, now - days * DAY_MS, now)]));
    const valued = periods.filter((period) => period.value !== null || period.redacted);
    // Equal JSON values count once whatever their key order.
    const distinct = new Set(valued.map((period) => (period.redacted ? `redacted:${period.version}` : _valueKey(period.value))));
    const last = periods[periods.length - 1];
    trends.push({
      attribute,
      changes: times.length,
      changesInWindow,
      lastChangedAt: last === undefined || last.value === null ? null : last.validFrom,
      firstSeenAt: valued[0]?.validFrom ?? null,
      distinctValues: distinct.size,
    });
  }

  const signals: ChurnSignal[] = [];
  for (const rule of rules) {
    const times = new Set<number>();
    for (const attribute of rule.attributes) for (const time of changeTimes.get(attribute) ?? []) if (time > now - rule.windowDays * DAY_MS && time <= now) times.add(time);
    if (times.size >= rule.minChanges) {
      let latest = -Infinity;
      for (const time of times) if (time > latest) latest = time;
      signals.push({ name: rule.name, attributes: rule.attributes, changes: times.size, windowDays: rule.windowDays, lastChangedAt: new Date(latest).toISOString() });
    }
  }
  return { attributes: trends, signals };
}

function countIn(times: readonly number[], after: number, upTo: number): number {
  let count = 0;
  for (const time of times) if (time > after && time <= upTo) count++;
  return count;
}
