import * as z from "zod/mini";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { TimeInput } from "../shared/types.js";
import { _readInstant } from "../shared/_time.js";
import { _own } from "../shared/_dict.js";
import { _entry, _isSummary, type BatchSummary } from "./observeBatch.js";

/** `warn`: reported; `fail`: the batch is quarantined (see `ingestMany`'s `checks`). */
export type CheckSeverity = "warn" | "fail";

interface Common {
  /** A name for reports and metrics (default: kind and field or source, `completeness:email`). */
  readonly name?: string;
  /** Default `fail`. */
  readonly severity?: CheckSeverity;
}

/**
 * A declarative check on a batch, in the spirit of Great Expectations, Soda and dbt tests. Record checks
 * (completeness, validity, freshness, volume) read the records; profile checks (uniqueness,
 * relationships) read the profiles the batch touched.
 */
export type Expectation =
  /** At least `mostly` (0–1) of the records have a value for `field`. */
  | (Common & { readonly kind: "completeness"; readonly field: string; readonly mostly: number })
  /** At least `mostly` of the values present in `field` are usable (no `error` issue). */
  | (Common & { readonly kind: "validity"; readonly field: string; readonly mostly: number })
  /** The newest record of `source` (of every source seen, when not given) is at most `maxAgeHours` old. */
  | (Common & { readonly kind: "freshness"; readonly source?: string; readonly maxAgeHours: number })
  /** Records of `source` (all records, when not given) number from `min` to `max`. */
  | (Common & { readonly kind: "volume"; readonly source?: string; readonly min?: number; readonly max?: number })
  /** No profile holds more than `maxPerProfile` (default 1) distinct customer ids. */
  | (Common & { readonly kind: "uniqueness"; readonly field: "customerId"; readonly maxPerProfile?: number })
  /** No profile holds more than `maxClusterSize` records, and every record sits in exactly one profile. */
  | (Common & { readonly kind: "relationships"; readonly maxClusterSize: number });

/** The outcome of one check: what was observed against what was expected, and which records fail it. */
export interface CheckResult {
  readonly name: string;
  readonly kind: Expectation["kind"];
  readonly severity: CheckSeverity;
  readonly passed: boolean;
  /** The observed value: a share (completeness, validity), hours (freshness), records (volume), a count of profiles (uniqueness, relationships). */
  readonly observed: number | null;
  /** What it was held against, in the same unit. */
  readonly threshold: { readonly min?: number; readonly max?: number };
  /** Records (or profiles) the check counted, and how many of them fail it. */
  readonly total: number;
  readonly failing: number;
  /** Keys of failing records (`source:id`) or ids of failing profiles: never values. */
  readonly sample: readonly string[];
  /** Why it failed, in words without values; null when it passed. */
  readonly message: string | null;
}

/** Every check's result; `passed` is false when a `fail` check failed. */
export interface ExpectationReport {
  readonly passed: boolean;
  readonly results: readonly CheckResult[];
  readonly failed: readonly CheckResult[];
  readonly warned: readonly CheckResult[];
}

const RECORD_KINDS: ReadonlySet<unknown> = new Set(["completeness", "validity", "freshness", "volume"]);

/** Whether an expectation reads records (checked before commit) rather than profiles (after). */
export function isRecordExpectation(expectation: Expectation): boolean {
  const given: unknown = expectation;
  return typeof given === "object" && given !== null && RECORD_KINDS.has(_own(given, "kind"));
}

const share = z.number().check(z.gte(0), z.lte(1));
const count = z.number().check(z.int(), z.gte(0));
const common = { name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))), severity: z.optional(z.enum(["warn", "fail"])) };
const expectationSchema = z.discriminatedUnion("kind", [
  z.strictObject({ ...common, kind: z.literal("completeness"), field: z.string().check(z.minLength(1)), mostly: share }),
  z.strictObject({ ...common, kind: z.literal("validity"), field: z.string().check(z.minLength(1)), mostly: share }),
  z.strictObject({ ...common, kind: z.literal("freshness"), source: z.optional(z.string().check(z.minLength(1))), maxAgeHours: z.number().check(z.gt(0)) }),
  z.strictObject({ ...common, kind: z.literal("volume"), source: z.optional(z.string().check(z.minLength(1))), min: z.optional(count), max: z.optional(count) }),
  z.strictObject({ ...common, kind: z.literal("uniqueness"), field: z.literal("customerId"), maxPerProfile: z.optional(z.number().check(z.int(), z.gte(1))) }),
  z.strictObject({ ...common, kind: z.literal("relationships"), maxClusterSize: z.number().check(z.int(), z.gte(1)) }),
]);
const expectationsSchema = z.array(expectationSchema).check(z.maxLength(1000));

/** Validates expectations once (names default, duplicates refused): what `checkExpectations` and `ingestMany` run. */
export function parseExpectations(expectations: unknown, functionName = "checkExpectations"): readonly (Expectation & { readonly name: string; readonly severity: CheckSeverity })[] {
  const parsed = _parseOptions(functionName, expectationsSchema, expectations, "expectations") as readonly Expectation[];
  const names = new Set<string>();
  return parsed.map((e, k) => {
    if (e.kind === "volume" && e.min === undefined && e.max === undefined) throw new ProfileKitError("invalid_options", `${functionName}: expectations.${k} (volume) needs min, max or both.`);
    if (e.kind === "volume" && e.min !== undefined && e.max !== undefined && e.min > e.max) throw new ProfileKitError("invalid_options", `${functionName}: expectations.${k} (volume) has min above max.`);
    const target = "field" in e ? e.field : "source" in e ? (e.source ?? null) : null;
    const name = e.name ?? (target === null ? e.kind : `${e.kind}:${target}`);
    if (names.has(name)) throw new ProfileKitError("invalid_options", `${functionName}: two expectations are named ${JSON.stringify(name)}; give each a distinct name.`);
    names.add(name);
    return { ...e, name, severity: e.severity ?? "fail" };
  });
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * Runs checks on a batch's summary (from `observeBatch`, or `ingestMany`'s `checks`). Pure: the summary
 * holds counts and sample keys only, so a report never carries a value.
 *
 * @param options.now - the time freshness is judged at (default: now)
 */
export function checkExpectations(summary: BatchSummary, expectations: readonly Expectation[], options: { readonly now?: TimeInput } = {}): ExpectationReport {
  if (!_isSummary(summary)) {
    throw new ProfileKitError("invalid_options", "checkExpectations: the summary must come from observeBatch().summary() (format profile-kit/batch-summary@1).");
  }
  const checks = parseExpectations(expectations);
  let given: unknown;
  try {
    given = (options as unknown) === undefined ? undefined : (options as { now?: unknown } | null)?.now;
    if ((options as unknown) === null || (typeof options !== "object" && (options as unknown) !== undefined)) throw new TypeError("options");
  } catch {
    throw new ProfileKitError("invalid_options", "checkExpectations: options are an object { now } (they could not be read).");
  }
  const now = given === undefined ? Date.now() : _readInstant(given, "UTC", ["now"], []);
  if (now === null) throw new ProfileKitError("invalid_options", "checkExpectations: options.now is not a readable time.");
  const results = checks.map((check): CheckResult => {
    const base = { name: check.name, kind: check.kind, severity: check.severity };
    switch (check.kind) {
      case "completeness":
      case "validity": {
        const field = _entry(summary.fields, check.field);
        const present = field?.present ?? 0;
        const total = check.kind === "completeness" ? summary.records : present;
        const good = check.kind === "completeness" ? present : present - (field?.invalid ?? 0);
        // Nothing to judge (an empty batch, no value present) passes: volume checks catch an empty batch.
        const passed = total === 0 || good / total >= check.mostly;
        const observed = total === 0 ? null : round(good / total);
        // A field no record had: every record misses it, the first ones are its samples.
        const sample = check.kind === "completeness" ? (field?.missingSample ?? summary.sample) : (field?.invalidSample ?? []);
        const percent = (x: number): string => `${Math.round(x * 10_000) / 100}%`;
        const what = check.kind === "completeness" ? `of the records have a value in ${check.field}` : `of the values in ${check.field} are usable`;
        return { ...base, passed, observed, threshold: { min: check.mostly }, total, failing: total - good, sample: passed ? [] : sample, message: passed ? null : `${percent(observed as number)} ${what}; expected at least ${percent(check.mostly)}.` };
      }
      case "freshness": {
        const sources = check.source === undefined ? Object.keys(summary.bySource) : [check.source];
        let oldest: number | null = null;
        const stale: string[] = [];
        const future: string[] = [];
        for (const source of sources) {
          const newest = _entry(summary.bySource, source)?.newestObservedAt ?? null;
          const age = newest === null ? Number.POSITIVE_INFINITY : (now - newest) / 3_600_000;
          if (oldest === null || age > oldest) oldest = age;
          // Newer than now by more than an hour: a mistyped date, which would hide a stale source.
          if (age > check.maxAgeHours) stale.push(source);
          else if (age < -1) future.push(source);
        }
        const passed = stale.length === 0 && future.length === 0;
        const observed = oldest === null || !Number.isFinite(oldest) ? null : round(oldest);
        const messages = [
          stale.length > 0 ? `${stale.length} source(s) have no record younger than ${check.maxAgeHours} h${observed === null ? " (no record with a time)" : `; the stalest newest record is ${observed} h old`}` : "",
          future.length > 0 ? `${future.length} source(s) have a record dated more than an hour in the future` : "",
        ].filter((m) => m !== "");
        return { ...base, passed, observed, threshold: { max: check.maxAgeHours }, total: sources.length, failing: stale.length + future.length, sample: [], message: passed ? null : `${messages.join("; ")}.` };
      }
      case "volume": {
        const observed = check.source === undefined ? summary.records : (_entry(summary.bySource, check.source)?.records ?? 0);
        const passed = (check.min === undefined || observed >= check.min) && (check.max === undefined || observed <= check.max);
        return {
          ...base, passed, observed, threshold: { ...(check.min === undefined ? {} : { min: check.min }), ...(check.max === undefined ? {} : { max: check.max }) }, total: observed, failing: passed ? 0 : observed, sample: [],
          message: passed ? null : `${observed} records${check.source === undefined ? "" : " from this source"}; expected ${check.min ?? 0} to ${check.max ?? "any number"}.`,
        };
      }
      case "uniqueness": {
        const max = check.maxPerProfile ?? 1;
        const failing = Object.entries(summary.profiles.customerIds).reduce((sum, [n, profiles]) => sum + (Number(n) > max ? profiles : 0), 0);
        const passed = failing === 0;
        const sample = summary.profiles.customerIdSample.filter((e) => e.customerIds > max).map((e) => e.id);
        return { ...base, passed, observed: failing, threshold: { max: 0 }, total: summary.profiles.count, failing, sample: passed ? [] : sample, message: passed ? null : `${failing} profile(s) hold more than ${max} customer id(s).` };
      }
      case "relationships": {
        const oversized = Object.entries(summary.profiles.sizes).reduce((sum, [n, profiles]) => sum + (Number(n) > check.maxClusterSize ? profiles : 0), 0);
        const shared = Object.entries(summary.profiles.profilesPerRecord).reduce((sum, [n, profiles]) => sum + (Number(n) !== 1 ? profiles : 0), 0);
        const failing = oversized + shared;
        const passed = failing === 0;
        const message = passed ? null : [oversized > 0 ? `${oversized} profile(s) hold more than ${check.maxClusterSize} records` : "", shared > 0 ? `${shared} profile(s) hold a record that is not in exactly one profile` : ""].filter((m) => m !== "").join("; ") + ".";
        const sample = [...summary.profiles.largestSample.filter((e) => e.records > check.maxClusterSize).map((e) => e.id), ...summary.profiles.sharedSample].slice(0, 5);
        return { ...base, passed, observed: failing, threshold: { max: 0 }, total: summary.profiles.count, failing, sample: passed ? [] : sample, message };
      }
    }
  });
  const failed = results.filter((r) => !r.passed && r.severity === "fail");
  return { passed: failed.length === 0, results, failed, warned: results.filter((r) => !r.passed && r.severity === "warn") };
}
