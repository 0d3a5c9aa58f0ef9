import { z } from "zod";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import type { CleansedRecord } from "../cleanse/cleanseRecord.js";
import { _createIssue } from "../errors/_createIssue.js";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { Issue } from "../errors/issue.js";
import { _callWithTimeout, _mapWithConcurrency } from "./_async.js";

/**
 * A host-implemented enrichment source (a third-party data API, survey answers…): given a cleansed
 * record, it returns attributes to add. It may throw or reject; that affects only the record it was
 * called for.
 */
export interface Enricher {
  /** Shown in provenance and issues ("clearbit", "survey-2026"). */
  readonly name: string;
  /** Returns attributes to add to the record. */
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
  /** Per-call time limit in milliseconds. Default 5,000. */
  readonly timeoutMs?: number;
  /** Records enriched at once. Default 4. */
  readonly concurrency?: number;
  /** The clock for provenance timestamps. Default: the system clock (this is the pipeline's I/O layer). */
  readonly clock?: () => Date | number;
}

const optionsSchema = z.strictObject({
  timeoutMs: z.number().int().positive().max(600_000).optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  clock: z.custom<() => Date | number>((value) => typeof value === "function", "expected a function").optional(),
});

/**
 * Runs host {@link Enricher}s over cleansed records: each call bounded by `timeoutMs`, at most
 * `concurrency` records in flight. Returned attributes are added with provenance (which enricher, when)
 * but never overwrite a value the record already has. A failure, timeout or malformed result is an
 * `enrichment_failed` issue on that record alone; the record is kept.
 *
 * @param records - results of `cleanseRecord` / `cleanseRecords`
 * @param enrichers - the host's enrichers, applied in order
 * @param options - `timeoutMs`, `concurrency`, `clock`
 * @returns the records, in order, with added attributes, provenance and issues
 * @throws ProfileKitError `invalid_options` for options that cannot work or an enricher without `enrich`
 * @example
 * ```ts
 * const enriched = await enrichRecords(cleansed.records, [surveyAnswers], { timeoutMs: 2000 });
 * enriched[0].enrichment; // { loyaltyTier: { enricher: "survey-2026", at: "2026-11-29T15:00:00.000Z" } }
 * ```
 */
export async function enrichRecords(records: readonly CleansedRecord[], enrichers: readonly Enricher[], options: EnrichRecordsOptions = {}): Promise<EnrichedRecord[]> {
  const parsed = _parseOptions("enrichRecords", optionsSchema, options);
  for (const enricher of enrichers as readonly unknown[]) {
    const shape = typeof enricher === "object" && enricher !== null ? (enricher as { enrich?: unknown; name?: unknown }) : {};
    if (typeof shape.enrich !== "function" || typeof shape.name !== "string" || shape.name === "") {
      throw new ProfileKitError("invalid_options", "enrichRecords: every enricher must have a non-empty name and an enrich function.");
    }
  }
  const timeoutMs = parsed.timeoutMs ?? 5000;
  const clock = parsed.clock ?? ((): number => Date.now());

  return _mapWithConcurrency(records, parsed.concurrency ?? 4, async (record): Promise<EnrichedRecord> => {
    const output: Record<string, unknown> = { ...record.record };
    const enrichment: Record<string, EnrichmentProvenance> = {};
    const issues: Issue[] = [...record.issues];
    for (const enricher of enrichers) {
      const outcome = await _callWithTimeout((signal) => enricher.enrich({ ...output }, { signal }), timeoutMs);
      if (!outcome.ok) {
        issues.push(_createIssue("enrichment_failed", [], { enricher: enricher.name, reason: outcome.reason }));
        continue;
      }
      const attributes: unknown = outcome.value;
      if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
        issues.push(_createIssue("enrichment_failed", [], { enricher: enricher.name, reason: "invalid_result" }));
        continue;
      }
      const at = new Date(clock()).toISOString();
      for (const [key, value] of Object.entries(attributes)) {
        if (_UNSAFE_KEYS.has(key)) {
          issues.push(_createIssue("unsafe_key", [key], { key }));
          continue;
        }
        // Source data wins over enrichment; deciding between them is merge's job, with provenance.
        if (output[key] !== undefined && output[key] !== null) continue;
        output[key] = value;
        enrichment[key] = { enricher: enricher.name, at };
      }
    }
    return { ...record, record: output, issues, enrichment };
  });
}
