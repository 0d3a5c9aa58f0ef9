import * as z from "zod/mini";
import { _own, _setOwn } from "../shared/_dict.js";
import { _jsonProblem } from "../shared/_jsonValue.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import type { CleansedRecord } from "../cleanse/cleanseRecord.js";
import { _createIssue } from "../errors/_createIssue.js";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _createPool, _mapWithConcurrency } from "./_async.js";
import { _copyJson } from "../shared/_jsonValue.js";
import { _readList } from "./_untrusted.js";

/**
 * A host-implemented enrichment source (a third-party data API, survey answers…): given a cleansed
 * record, it returns attributes to add. It may throw or reject; that affects only the record it was
 * called for.
 */
export interface Enricher {
  /** Shown in provenance and issues ("clearbit", "survey-2026"). */
  readonly name: string;
  /** Returns attributes to add to the record (a plain JSON object). Should stop when `signal` aborts: the call keeps its concurrency slot until it settles. */
  enrich(record: Readonly<Record<string, unknown>>, context: { readonly signal: AbortSignal }): Promise<Readonly<Record<string, unknown>>>;
}

/** Where an enriched attribute came from. */
export interface EnrichmentProvenance {
  /** The enricher's name. */
  readonly enricher: string;
  /** When it was added (ISO 8601, from the clock option). */
  readonly at: string;
}

/** A cleansed record after enrichment. */
export type EnrichedRecord = CleansedRecord & {
  /** Provenance of every attribute an enricher added. */
  readonly enrichment: Readonly<Record<string, EnrichmentProvenance>>;
};

/** Options of {@link enrichRecords}. */
export interface EnrichRecordsOptions {
  /** Per-call time limit in milliseconds; also the grace period a timed-out call gets before the batch gives up on it. Default 5,000. */
  readonly timeoutMs?: number;
  /** Enricher calls in flight at once, timed-out calls that are still running included. Default 4. */
  readonly concurrency?: number;
  /**
   * The clock for provenance timestamps. Default: the system clock (enrichment is where profile-kit meets the host's I/O). A
   * clock that throws or returns no valid time (NaN, an invalid Date) does not fail anything: the system
   * clock is used for that timestamp and the record gets a `clock_failed` issue.
   */
  readonly clock?: () => Date | number;
}

const optionsSchema = z.strictObject({
  timeoutMs: z.optional(z.int().check(z.positive(), z.lte(600_000))),
  concurrency: z.optional(z.int().check(z.gte(1), z.lte(256))),
  clock: z.optional(z.custom<() => Date | number>((value) => typeof value === "function", "expected a function")),
});

/** An enricher read once: a getter cannot swap its function or name halfway through the batch. */
interface Hook {
  readonly name: string;
  readonly enrich: Enricher["enrich"];
  readonly self: unknown;
}

/**
 * Runs host {@link Enricher}s over cleansed records: each call bounded by `timeoutMs`, and at most
 * `concurrency` calls in flight — a call that timed out but ignores its AbortSignal keeps its slot until it
 * settles. A timed-out call still running after a grace period of another `timeoutMs` is abandoned (the
 * batch no longer waits for it); when every slot is held by an abandoned call, the remaining calls are not
 * made and count as timed out, so the batch always ends. Returned attributes are added with provenance
 * (which enricher, when) but never overwrite a value the record already has.
 *
 * Everything an enricher returns is untrusted: the result must be a plain JSON object (no deeper than
 * `MAX_VALUE_DEPTH`), is read once, own enumerable keys only, inside try/catch, and deep-copied; the
 * enricher is given a copy of the record, never the caller's objects. A failure, timeout or malformed
 * result (null, an array, a throwing getter, a Proxy whose traps throw, a value that is not JSON) is an
 * `enrichment_failed` issue on that record alone; the record is kept. A clock that fails is replaced by the
 * system clock for that timestamp, with a `clock_failed` issue on the record.
 *
 * @param records - results of `cleanseRecord` / `cleanseRecords`
 * @param enrichers - the host's enrichers, applied in order
 * @param options - `timeoutMs`, `concurrency`, `clock`
 * @returns the records, in order, with added attributes, provenance and issues
 * @throws ProfileKitError `invalid_options` for options that cannot work, records or enrichers that are not
 * readable arrays, or an enricher without a name and an `enrich` function
 * @example
 * ```ts
 * const enriched = await enrichRecords(cleansed.records, [surveyAnswers], { timeoutMs: 2000 });
 * enriched[0].enrichment; // { loyaltyTier: { enricher: "survey-2026", at: "2026-11-29T15:00:00.000Z" } }
 * ```
 */
export async function enrichRecords(records: readonly CleansedRecord[], enrichers: readonly Enricher[], options: EnrichRecordsOptions = {}): Promise<EnrichedRecord[]> {
  const parsed = _parseOptions("enrichRecords", optionsSchema, options);
  const hooks = _readList("enrichRecords", "enrichers", enrichers as readonly unknown[]).map(readHook);
  // Each record's fields and issues are copied before any hook runs: a record that cannot be read is the
  // caller's programming error, reported at once, not halfway through the batch.
  const inputs = _readList("enrichRecords", "records", records).map((record, i) => {
    try {
      const base: CleansedRecord = { ...record };
      return { base, output: { ...base.record }, issues: [...base.issues] };
    } catch (error) {
      throw new ProfileKitError("invalid_options", `enrichRecords: records[${i}] is not a readable cleansed record.`, { cause: error });
    }
  });
  const timeoutMs = parsed.timeoutMs ?? 5000;
  const clock = parsed.clock ?? null;
  const concurrency = parsed.concurrency ?? 4;
  const pool = _createPool(concurrency, timeoutMs, timeoutMs);

  const enriched = await _mapWithConcurrency(inputs, concurrency, async ({ base, output, issues }): Promise<EnrichedRecord> => {
    const enrichment: Record<string, EnrichmentProvenance> = {};
    let clockFailed = false;
    for (const hook of hooks) {
      const outcome = await pool.run((signal) => hook.enrich.call(hook.self, copyForHook(output), { signal }));
      if (!outcome.ok) {
        // A call never made (every slot held by an abandoned call) reads as a timeout: timeouts caused it.
        issues.push(_createIssue("enrichment_failed", [], { enricher: hook.name, reason: outcome.reason === "skipped" ? "timeout" : outcome.reason }));
        continue;
      }
      const attributes = readAttributes(outcome.value);
      if (attributes === null) {
        issues.push(_createIssue("enrichment_failed", [], { enricher: hook.name, reason: "invalid_result" }));
        continue;
      }
      let ms = readClock(clock);
      if (ms === null) {
        clockFailed = true;
        ms = Date.now();
      }
      const at = new Date(ms).toISOString();
      for (const key of Object.keys(attributes)) {
        if (_UNSAFE_KEYS.has(key)) {
          issues.push(_createIssue("unsafe_key", [key], { key }));
          continue;
        }
        // Source data wins over enrichment; deciding between them is merge's job, with provenance.
        const current = _own(output, key);
        if (current !== undefined && current !== null) continue;
        _setOwn(output, key, _own(attributes, key));
        _setOwn(enrichment, key, { enricher: hook.name, at });
      }
    }
    if (clockFailed) issues.push(_createIssue("clock_failed", [], {}));
    return { ...base, record: output, issues, enrichment };
  });
  await pool.drain();
  return enriched;
}

function readHook(enricher: unknown, i: number): Hook {
  let name: unknown;
  let enrich: unknown;
  try {
    if (typeof enricher === "object" && enricher !== null) {
      name = (enricher as { name?: unknown }).name;
      enrich = (enricher as { enrich?: unknown }).enrich;
    }
  } catch (error) {
    throw new ProfileKitError("invalid_options", `enrichRecords: enrichers[${i}] could not be read.`, { cause: error });
  }
  if (typeof enrich !== "function" || typeof name !== "string" || name === "") {
    throw new ProfileKitError("invalid_options", "enrichRecords: every enricher must have a non-empty name and an enrich function.");
  }
  return { name, enrich: enrich as Enricher["enrich"], self: enricher };
}

/**
 * What an enricher is given: a deep copy of the record, so it cannot change the caller's objects. A record
 * that is not plain JSON (a Map, a class instance, set by hand or by the host after cleansing) is copied
 * value by value with the structured clone algorithm; only what cannot be cloned (a function) is passed
 * as it is.
 */
function copyForHook(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  try {
    if (_jsonProblem(record) === null) return _copyJson(record) as Record<string, unknown>;
  } catch {
    // Fall through to the copy value by value.
  }
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    let cloned: unknown = value;
    try {
      cloned = structuredClone(value);
    } catch {
      // A function, or an object holding one: not cloneable, given as it is.
    }
    _setOwn(copy, key, cloned);
  }
  return copy;
}

/**
 * An enricher's result as a fresh plain object, or null when it is not a plain JSON object no deeper
 * than `MAX_VALUE_DEPTH`. Never throws: every read of the untrusted value is inside try/catch.
 */
function readAttributes(value: unknown): Record<string, unknown> | null {
  if (typeof value !== "object" || value === null) return null;
  try {
    if (Array.isArray(value) || _jsonProblem(value) !== null || value instanceof Date) return null;
    return _copyJson(value) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The clock's time in epoch milliseconds, or null when it throws or gives no valid time. Never throws. */
function readClock(clock: (() => unknown) | null): number | null {
  if (clock === null) return Date.now();
  try {
    const time = clock();
    const ms = time instanceof Date ? time.getTime() : typeof time === "number" ? time : Number.NaN;
    return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME ? ms : null;
  } catch {
    return null;
  }
}

/** The largest epoch millisecond a Date can hold. */
const MAX_TIME = 8.64e15;
