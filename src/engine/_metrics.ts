import { createNoopMeter, metrics as otel, ValueType, type Attributes, type Meter } from "@opentelemetry/api";
import type { Issue } from "../errors/issue.js";
import { _STANDARD_FIELDS } from "../shared/_schema.js";
import type { CommitResult, ProfileStore, SharedRefresh } from "./store.js";

/** The instrumentation scope of every profile-kit instrument. */
export const METER_NAME = "profile-kit";

/** What a source, field or slot outside the schema's closed sets is reported as. */
const OTHER = "other";

/** Seconds: the buckets of the latency histograms (1 ms to 10 s). */
const LATENCY_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

/**
 * The profile engine's instruments, through the OpenTelemetry API: no-ops unless the host registers a
 * MeterProvider (or passes a meter). Attribute values come only from closed sets — outcomes, issue
 * codes, the schema's field names, the source names the schema declares, slot names — so no customer
 * value can reach a metric.
 */
export interface _EngineMetrics {
  /** False when nothing listens (no MeterProvider registered, no meter given): every method does nothing. */
  readonly enabled: boolean;
  ingested(source: string, outcome: string, issues: readonly Issue[], observedAt: number | null): void;
  ingestDuration(seconds: number, outcome: string): void;
  batchDuration(seconds: number, records: number): void;
  commit(seconds: number, ok: boolean): void;
  storeFailure(operation: string): void;
  refreshed(changes: { readonly merged: number; readonly split: number; readonly moved: number }, seconds: number): void;
  personalized(report: Readonly<Record<string, { readonly outcome: string }>>, send: string, sendReason: string | null): void;
  /** What the over-merging guards cut while clustering. */
  guards(cuts: { readonly identifierLimitCuts: number; readonly cannotLinkCuts: number; readonly oversized: { readonly size: number } }): void;
  /** Conflicts between sources in the golden profiles written. */
  conflicts(found: readonly { readonly attribute: string; readonly resolvedBy: string }[]): void;
  /** A checked ingestMany call: each check's result and the batch's status. */
  checked(results: readonly { readonly kind: string; readonly severity: string; readonly passed: boolean }[], status: string): void;
}

/** The class of the API's no-op meter (what `metrics.getMeter` gives while no provider is registered). */
const NOOP_METER: unknown = createNoopMeter().constructor;

const nothing = (): void => undefined;
/** The metrics of an engine nobody listens to. */
const SILENT: _EngineMetrics = Object.freeze({ enabled: false, ingested: nothing, ingestDuration: nothing, batchDuration: nothing, commit: nothing, storeFailure: nothing, refreshed: nothing, personalized: nothing, guards: nothing, conflicts: nothing, checked: nothing });

/** Store operations, the only values of `profile_kit.store.operation`. */
const OPERATIONS: ReadonlySet<string> = new Set(["get", "members", "counters", "scan", "commit", "close", "sharedRefresh.begin", "sharedRefresh.claim", "sharedRefresh.complete", "sharedRefresh.release"]);

/**
 * Instruments for one engine.
 *
 * @param meter - the host's meter, or undefined for the global MeterProvider's (`metrics.getMeter`)
 * @param sources - the source names metrics may name (others are reported as `"other"`)
 * @param customFields - the schema's custom field names (issue fields outside these and the standard ones: `"other"`)
 * @param slots - the schema's slot names
 */
export function _engineMetrics(meter: Meter | undefined, sources: readonly string[], customFields: readonly string[], slots: readonly string[]): _EngineMetrics {
  const m = meter ?? otel.getMeter(METER_NAME);
  // No provider registered when the engine is made: the API's no-op meter. Then no instrument is called
  // at all (not even to build attribute objects for a no-op), and the store is not wrapped.
  if (m.constructor === NOOP_METER) return SILENT;
  const knownSources = new Set(sources);
  const knownFields = new Set<string>([..._STANDARD_FIELDS, ...customFields]);
  const knownSlots = new Set(slots);
  const sourceOf = (source: string): string => (knownSources.has(source) ? source : OTHER);

  const records = m.createCounter("profile_kit.ingest.records", { description: "Records ingested, by source and outcome.", unit: "{record}", valueType: ValueType.INT });
  const ingestDuration = m.createHistogram("profile_kit.ingest.duration", { description: "Time of one ingest call, by outcome.", unit: "s", advice: { explicitBucketBoundaries: LATENCY_BUCKETS } });
  const batchDuration = m.createHistogram("profile_kit.ingest.batch.duration", { description: "Time of one ingestMany batch (resolved and committed together).", unit: "s", advice: { explicitBucketBoundaries: LATENCY_BUCKETS } });
  const batchSize = m.createHistogram("profile_kit.ingest.batch.size", { description: "Records in one ingestMany batch.", unit: "{record}", valueType: ValueType.INT, advice: { explicitBucketBoundaries: [1, 10, 50, 100, 500, 1000, 5000] } });
  const commitDuration = m.createHistogram("profile_kit.store.commit.duration", { description: "Time of one store commit, by result (ok, conflict).", unit: "s", advice: { explicitBucketBoundaries: LATENCY_BUCKETS } });
  const conflicts = m.createCounter("profile_kit.store.conflicts", { description: "Commits refused because another writer changed what they read (each is retried).", unit: "{commit}", valueType: ValueType.INT });
  const failures = m.createCounter("profile_kit.store.failures", { description: "Store operations that failed (store_failure), by operation.", unit: "{operation}", valueType: ValueType.INT });
  const issues = m.createCounter("profile_kit.validation.issues", { description: "Cleansing and validation issues of ingested records, by code, field and severity.", unit: "{issue}", valueType: ValueType.INT });
  const changes = m.createCounter("profile_kit.refresh.changes", { description: "Profiles merged, split or records moved by refresh.", unit: "{change}", valueType: ValueType.INT });
  const refreshDuration = m.createHistogram("profile_kit.refresh.duration", { description: "Time of one refresh.", unit: "s", advice: { explicitBucketBoundaries: [0.1, 1, 10, 60, 300, 1800, 7200] } });
  const fallbacks = m.createCounter("profile_kit.personalization.slots", { description: "Personalization slots filled, by slot and outcome (personalized, fallback, generic, omitted, aborted).", unit: "{slot}", valueType: ValueType.INT });
  const guardCuts = m.createCounter("profile_kit.identity.guard_cuts", { description: "Links the over-merging guards refused while clustering, by guard (identifier_limit, cannot_link, oversized_cluster).", unit: "{link}", valueType: ValueType.INT });
  const mergeConflicts = m.createCounter("profile_kit.merge.conflicts", { description: "Attributes whose sources disagreed in the golden profiles written, by attribute and how it was resolved.", unit: "{conflict}", valueType: ValueType.INT });
  const knownAttributes = new Set<string>([...knownFields, "id", "source", "updatedAt"]);
  const checks = m.createCounter("profile_kit.checks", { description: "Data-quality checks run on ingestMany calls, by kind, severity and result (passed, failed).", unit: "{check}", valueType: ValueType.INT });
  const batches = m.createCounter("profile_kit.batches", { description: "Checked ingestMany calls, by status (passed, warned, stopped, quarantined).", unit: "{batch}", valueType: ValueType.INT });
  const sends = m.createCounter("profile_kit.personalization.sends", { description: "Send decisions of personalize, by decision and reason.", unit: "{message}", valueType: ValueType.INT });
  // Freshness: the newest observation time ingested per source by this engine, reported as its age.
  const newest = new Map<string, number>();
  const freshness = m.createObservableGauge("profile_kit.source.freshness", { description: "Age of the newest record ingested per source (by its observation time).", unit: "s" });
  freshness.addCallback((result) => {
    const now = Date.now();
    for (const [source, at] of newest) result.observe(Math.max(0, (now - at) / 1000), { "profile_kit.source": source });
  });

  return {
    enabled: true,
    ingested(source, outcome, found, observedAt) {
      const name = sourceOf(source);
      records.add(1, { "profile_kit.source": name, "profile_kit.outcome": outcome });
      for (const issue of found) {
        const first = issue.path[0];
        const field = typeof first === "string" && knownFields.has(first) ? first : OTHER;
        issues.add(1, { "profile_kit.issue.code": issue.code, "profile_kit.field": field, "profile_kit.issue.severity": issue.severity });
      }
      if (observedAt !== null && outcome !== "rejected" && observedAt <= Date.now() + 86_400_000 && observedAt > (newest.get(name) ?? Number.NEGATIVE_INFINITY)) newest.set(name, observedAt);
    },
    ingestDuration(seconds, outcome) {
      ingestDuration.record(seconds, { "profile_kit.outcome": outcome });
    },
    batchDuration(seconds, size) {
      batchDuration.record(seconds);
      batchSize.record(size);
    },
    commit(seconds, ok) {
      commitDuration.record(seconds, { "profile_kit.result": ok ? "ok" : "conflict" });
      if (!ok) conflicts.add(1);
    },
    storeFailure(operation) {
      failures.add(1, { "profile_kit.store.operation": OPERATIONS.has(operation) ? operation : OTHER });
    },
    refreshed(counts, seconds) {
      for (const change of ["merged", "split", "moved"] as const) if (counts[change] > 0) changes.add(counts[change], { "profile_kit.change": change });
      refreshDuration.record(seconds);
    },
    guards(cuts) {
      if (cuts.identifierLimitCuts > 0) guardCuts.add(cuts.identifierLimitCuts, { "profile_kit.guard": "identifier_limit" });
      if (cuts.cannotLinkCuts > 0) guardCuts.add(cuts.cannotLinkCuts, { "profile_kit.guard": "cannot_link" });
      if (cuts.oversized.size > 0) guardCuts.add(cuts.oversized.size, { "profile_kit.guard": "oversized_cluster" });
    },
    conflicts(found) {
      for (const conflict of found) {
        // The strategy's name only: "prefer:crm" names a source after its colon.
        const strategy = conflict.resolvedBy.split(":")[0] ?? "";
        mergeConflicts.add(1, { "profile_kit.attribute": knownAttributes.has(conflict.attribute) ? conflict.attribute : OTHER, "profile_kit.resolved_by": /^[a-zA-Z_]{1,40}$/.test(strategy) ? strategy : OTHER });
      }
    },
    checked(results, status) {
      for (const result of results) checks.add(1, { "profile_kit.check.kind": result.kind, "profile_kit.check.severity": result.severity, "profile_kit.check.result": result.passed ? "passed" : "failed" });
      batches.add(1, { "profile_kit.batch.status": status });
    },
    personalized(report, send, sendReason) {
      for (const [slot, outcome] of Object.entries(report)) fallbacks.add(1, { "profile_kit.slot": knownSlots.has(slot) ? slot : OTHER, "profile_kit.slot.outcome": outcome.outcome } satisfies Attributes);
      sends.add(1, { "profile_kit.send": send, "profile_kit.send.reason": sendReason ?? "none" });
    },
  };
}

/**
 * The store as the engine sees it: every method's failure counted by operation, and each commit timed
 * with its result. What the host passed stays `engine.store`.
 */
export function _measuredStore(store: ProfileStore, telemetry: _EngineMetrics): ProfileStore {
  if (!telemetry.enabled) return store;
  const watch = <T>(operation: string, call: () => T | Promise<T>): T | Promise<T> => {
    let answer: T | Promise<T>;
    try {
      answer = call();
    } catch (error) {
      telemetry.storeFailure(operation);
      throw error;
    }
    if (answer instanceof Promise) {
      return answer.catch((error: unknown) => {
        telemetry.storeFailure(operation);
        throw error;
      });
    }
    return answer;
  };
  const measured: ProfileStore = {
    get: (kind, keys) => watch("get", () => store.get(kind, keys)),
    members: (keys, limit) => watch("members", () => store.members(keys, limit)),
    counters: (keys) => watch("counters", () => store.counters(keys)),
    scan: (kind, after, limit) => watch("scan", () => store.scan(kind, after, limit)),
    commit: (changes) => {
      const started = performance.now();
      const done = (result: CommitResult): CommitResult => {
        telemetry.commit((performance.now() - started) / 1000, typeof result === "object" && (result as unknown) !== null && result.ok);
        return result;
      };
      const answer = watch("commit", () => store.commit(changes));
      return answer instanceof Promise ? answer.then(done) : done(answer);
    },
    close: () => watch("close", () => store.close?.()),
  };
  const shared = store.sharedRefresh;
  if (shared === undefined) return measured;
  return {
    ...measured,
    sharedRefresh: {
      begin: (options) => watch("sharedRefresh.begin", () => shared.begin(options)),
      claim: (run) => watch("sharedRefresh.claim", () => shared.claim(run)),
      complete: (run, task, outcome) => watch("sharedRefresh.complete", () => shared.complete(run, task, outcome)),
      release: (run, task) => watch("sharedRefresh.release", () => shared.release(run, task)),
    } as SharedRefresh,
  };
}
