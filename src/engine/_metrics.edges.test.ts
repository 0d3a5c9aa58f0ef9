// The engine's instruments called directly, read through the OpenTelemetry SDK's own reader; and the store
// wrapper, watched through a recording stand-in for the instruments.
import { createNoopMeter, ValueType } from "@opentelemetry/api";
import { MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Issue } from "../errors/issue.js";
import { _engineMetrics, _measuredStore, METER_NAME, type _EngineMetrics } from "./_metrics.js";
import { memoryStore } from "./memoryStore.js";
import type { ChangeSet, CommitResult, ProfileStore, SharedRefresh, SharedRefreshTask } from "./store.js";

class TestReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

interface Point {
  readonly attributes: Record<string, unknown>;
  readonly value: number;
}

interface Instrument {
  readonly description: string;
  readonly unit: string;
  readonly valueType: number;
  readonly points: Point[];
  /** A histogram's bucket boundaries (of its first point), or null. */
  readonly boundaries: readonly number[] | null;
}

/** Instruments for one engine on a fresh SDK meter, and a reader of what they report by instrument name. */
function metered(sources: readonly string[] = ["crm", "web"], custom: readonly string[] = ["loyalty"], slots: readonly string[] = ["greeting"]): { metrics: _EngineMetrics; read: () => Promise<Map<string, Instrument>> } {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  const metrics = _engineMetrics(provider.getMeter(METER_NAME), sources, custom, slots);
  const read = async (): Promise<Map<string, Instrument>> => {
    const { resourceMetrics }: { resourceMetrics: ResourceMetrics } = await reader.collect();
    const out = new Map<string, Instrument>();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        const raw = metric.dataPoints as { attributes: Record<string, unknown>; value: unknown }[];
        const points = raw.map((point) => ({ attributes: point.attributes, value: typeof point.value === "number" ? point.value : (point.value as { count: number }).count }));
        const first = raw[0]?.value as { buckets?: { boundaries: number[] } } | number | undefined;
        const boundaries = typeof first === "object" && first.buckets !== undefined ? first.buckets.boundaries : null;
        out.set(metric.descriptor.name, { description: metric.descriptor.description, unit: metric.descriptor.unit, valueType: metric.descriptor.valueType, points, boundaries });
      }
    }
    return out;
  };
  return { metrics, read };
}

/** The points of one instrument (none when it reported nothing). */
const pointsOf = (all: Map<string, Instrument>, name: string): Point[] => all.get(name)?.points ?? [];
/** The points of one instrument with their attributes and values, sorted for comparison. */
const sortedPoints = (all: Map<string, Instrument>, name: string): Point[] => [...pointsOf(all, name)].sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));

const LATENCY = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];
const INT = ValueType.INT;
const DOUBLE = ValueType.DOUBLE;

const issue = (code: string, path: (string | number)[], severity = "warning"): Issue => ({ code, path, message: "m", severity }) as unknown as Issue;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("_engineMetrics: silence", () => {
  it("is silent for the API's no-op meter: every method does nothing", () => {
    const silent = _engineMetrics(createNoopMeter(), ["crm"], [], []);
    expect(silent.enabled).toBe(false);
    expect(Object.isFrozen(silent)).toBe(true);
    expect(() => {
      silent.ingested("crm", "created", [], 1);
      silent.ingestDuration(1, "created");
      silent.batchDuration(1, 2);
      silent.commit(1, true);
      silent.storeFailure("get");
      silent.refreshed({ merged: 1, split: 1, moved: 1 }, 1);
      silent.personalized({ a: { outcome: "fallback" } }, "send", null);
      silent.guards({ identifierLimitCuts: 1, cannotLinkCuts: 1, oversized: { size: 1 } });
      silent.conflicts([{ attribute: "email", resolvedBy: "mostRecent" }]);
      silent.checked([{ kind: "volume", severity: "warn", passed: true }], "passed");
    }).not.toThrow();
  });

  it("is live for a real meter, which is named profile-kit", () => {
    expect(METER_NAME).toBe("profile-kit");
    expect(metered().metrics.enabled).toBe(true);
  });
});

describe("_engineMetrics: instruments", () => {
  it("describes each instrument with its unit, value type and buckets", async () => {
    const { metrics, read } = metered();
    metrics.ingested("crm", "created", [issue("invalid_email", ["email"])], 1_000);
    metrics.ingestDuration(0.01, "created");
    metrics.batchDuration(0.5, 20);
    metrics.commit(0.001, false);
    metrics.storeFailure("get");
    metrics.refreshed({ merged: 1, split: 1, moved: 1 }, 2);
    metrics.personalized({ greeting: { outcome: "personalized" } }, "send", null);
    metrics.guards({ identifierLimitCuts: 1, cannotLinkCuts: 1, oversized: { size: 1 } });
    metrics.conflicts([{ attribute: "email", resolvedBy: "mostRecent" }]);
    metrics.checked([{ kind: "volume", severity: "warn", passed: true }], "passed");
    const all = await read();
    const described = (name: string): Omit<Instrument, "points"> | undefined => {
      const found = all.get(name);
      return found === undefined ? undefined : { description: found.description, unit: found.unit, valueType: found.valueType, boundaries: found.boundaries };
    };
    expect(described("profile_kit.ingest.records")).toEqual({ description: "Records ingested, by source and outcome.", unit: "{record}", valueType: INT, boundaries: null });
    expect(described("profile_kit.ingest.duration")).toEqual({ description: "Time of one ingest call, by outcome.", unit: "s", valueType: DOUBLE, boundaries: LATENCY });
    expect(described("profile_kit.ingest.batch.duration")).toEqual({ description: "Time of one ingestMany batch (resolved and committed together).", unit: "s", valueType: DOUBLE, boundaries: LATENCY });
    expect(described("profile_kit.ingest.batch.size")).toEqual({ description: "Records in one ingestMany batch.", unit: "{record}", valueType: INT, boundaries: [1, 10, 50, 100, 500, 1000, 5000] });
    expect(described("profile_kit.store.commit.duration")).toEqual({ description: "Time of one store commit, by result (ok, conflict).", unit: "s", valueType: DOUBLE, boundaries: LATENCY });
    expect(described("profile_kit.store.conflicts")).toEqual({ description: "Commits refused because another writer changed what they read (each is retried).", unit: "{commit}", valueType: INT, boundaries: null });
    expect(described("profile_kit.store.failures")).toEqual({ description: "Store operations that failed (store_failure), by operation.", unit: "{operation}", valueType: INT, boundaries: null });
    expect(described("profile_kit.validation.issues")).toEqual({ description: "Cleansing and validation issues of ingested records, by code, field and severity.", unit: "{issue}", valueType: INT, boundaries: null });
    expect(described("profile_kit.refresh.changes")).toEqual({ description: "Profiles merged, split or records moved by refresh.", unit: "{change}", valueType: INT, boundaries: null });
    expect(described("profile_kit.refresh.duration")).toEqual({ description: "Time of one refresh.", unit: "s", valueType: DOUBLE, boundaries: [0.1, 1, 10, 60, 300, 1800, 7200] });
    expect(described("profile_kit.personalization.slots")).toEqual({ description: "Personalization slots filled, by slot and outcome (personalized, fallback, generic, omitted, aborted).", unit: "{slot}", valueType: INT, boundaries: null });
    expect(described("profile_kit.personalization.sends")).toEqual({ description: "Send decisions of personalize, by decision and reason.", unit: "{message}", valueType: INT, boundaries: null });
    expect(described("profile_kit.identity.guard_cuts")).toEqual({ description: "Links the over-merging guards refused while clustering, by guard (identifier_limit, cannot_link, oversized_cluster).", unit: "{link}", valueType: INT, boundaries: null });
    expect(described("profile_kit.merge.conflicts")).toEqual({ description: "Attributes whose sources disagreed in the golden profiles written, by attribute and how it was resolved.", unit: "{conflict}", valueType: INT, boundaries: null });
    expect(described("profile_kit.checks")).toEqual({ description: "Data-quality checks run on ingestMany calls, by kind, severity and result (passed, failed).", unit: "{check}", valueType: INT, boundaries: null });
    expect(described("profile_kit.source.freshness")).toEqual({ description: "Age of the newest record ingested per source (by its observation time).", unit: "s", valueType: DOUBLE, boundaries: null });
    expect(described("profile_kit.batches")).toEqual({ description: "Checked ingestMany calls, by status (passed, warned, stopped, quarantined).", unit: "{batch}", valueType: INT, boundaries: null });
  });

  it("counts records by declared source (others as other) and issues by known field (others as other)", async () => {
    const { metrics, read } = metered(["crm"], ["loyalty"]);
    metrics.ingested("crm", "created", [issue("invalid_email", ["email"], "error"), issue("coerced_type", ["loyalty"], "info"), issue("unsafe_key", ["__proto__"]), issue("x", [0, "email"]), issue("y", [])], null);
    metrics.ingested("shop", "joined", [], null);
    metrics.ingested("crm", "created", [], null);
    const all = await read();
    expect(sortedPoints(all, "profile_kit.ingest.records")).toEqual([
      { attributes: { "profile_kit.source": "crm", "profile_kit.outcome": "created" }, value: 2 },
      { attributes: { "profile_kit.source": "other", "profile_kit.outcome": "joined" }, value: 1 },
    ]);
    expect(sortedPoints(all, "profile_kit.validation.issues")).toEqual([
      { attributes: { "profile_kit.issue.code": "coerced_type", "profile_kit.field": "loyalty", "profile_kit.issue.severity": "info" }, value: 1 },
      { attributes: { "profile_kit.issue.code": "invalid_email", "profile_kit.field": "email", "profile_kit.issue.severity": "error" }, value: 1 },
      { attributes: { "profile_kit.issue.code": "unsafe_key", "profile_kit.field": "other", "profile_kit.issue.severity": "warning" }, value: 1 },
      { attributes: { "profile_kit.issue.code": "x", "profile_kit.field": "other", "profile_kit.issue.severity": "warning" }, value: 1 },
      { attributes: { "profile_kit.issue.code": "y", "profile_kit.field": "other", "profile_kit.issue.severity": "warning" }, value: 1 },
    ]);
  });

  it("reports each source's freshness: the age of its newest observation, ignoring rejected records and the far future", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const now = Date.parse("2025-06-01T00:00:00Z");
    vi.setSystemTime(now);
    const { metrics, read } = metered(["crm", "web", "app", "pos"]);
    metrics.ingested("crm", "created", [], now - 10_000);
    metrics.ingested("crm", "joined", [], now - 50_000);
    metrics.ingested("crm", "rejected", [], now - 1_000);
    metrics.ingested("crm", "duplicate", [], null);
    metrics.ingested("web", "created", [], now + 86_400_000);
    metrics.ingested("app", "created", [], now + 86_400_001);
    metrics.ingested("pos", "created", [], now - 7_000);
    metrics.ingested("pos", "created", [], now - 3_000);
    metrics.ingested("unknown", "created", [], now - 2_000);
    vi.setSystemTime(now + 5_000);
    const freshness = sortedPoints(await read(), "profile_kit.source.freshness");
    expect(freshness).toEqual([
      { attributes: { "profile_kit.source": "crm" }, value: 15 },
      { attributes: { "profile_kit.source": "other" }, value: 7 },
      { attributes: { "profile_kit.source": "pos" }, value: 8 },
      // Observed a day ahead: the age is never negative.
      { attributes: { "profile_kit.source": "web" }, value: 0 },
    ]);
  });

  it("reports no freshness for a source whose records were all rejected or had no time", async () => {
    const { metrics, read } = metered(["crm"]);
    metrics.ingested("crm", "rejected", [], 1_000);
    metrics.ingested("crm", "created", [], null);
    expect(pointsOf(await read(), "profile_kit.source.freshness")).toEqual([]);
  });

  it("records ingest, batch and commit timings with their attributes, and counts conflicts", async () => {
    const { metrics, read } = metered();
    metrics.ingestDuration(0.003, "created");
    metrics.batchDuration(0.2, 40);
    metrics.commit(0.01, true);
    metrics.commit(0.02, false);
    metrics.commit(0.03, false);
    const all = await read();
    expect(pointsOf(all, "profile_kit.ingest.duration")).toEqual([{ attributes: { "profile_kit.outcome": "created" }, value: 1 }]);
    expect(pointsOf(all, "profile_kit.ingest.batch.duration")).toEqual([{ attributes: {}, value: 1 }]);
    expect(pointsOf(all, "profile_kit.ingest.batch.size")).toEqual([{ attributes: {}, value: 1 }]);
    expect(sortedPoints(all, "profile_kit.store.commit.duration")).toEqual([
      { attributes: { "profile_kit.result": "conflict" }, value: 2 },
      { attributes: { "profile_kit.result": "ok" }, value: 1 },
    ]);
    expect(pointsOf(all, "profile_kit.store.conflicts")).toEqual([{ attributes: {}, value: 2 }]);
  });

  it("counts no conflict for commits that applied", async () => {
    const { metrics, read } = metered();
    metrics.commit(0.01, true);
    expect(pointsOf(await read(), "profile_kit.store.conflicts")).toEqual([]);
  });

  it("names store failures by operation, anything else as other", async () => {
    const operations = ["get", "members", "counters", "scan", "commit", "close", "sharedRefresh.begin", "sharedRefresh.claim", "sharedRefresh.complete", "sharedRefresh.release"];
    const { metrics, read } = metered();
    for (const operation of [...operations, "drop", ""]) metrics.storeFailure(operation);
    const failures = pointsOf(await read(), "profile_kit.store.failures");
    expect(Object.fromEntries(failures.map((p) => [String(p.attributes["profile_kit.store.operation"]), p.value]))).toEqual({ ...Object.fromEntries(operations.map((op) => [op, 1])), other: 2 });
  });

  it("counts refresh changes above zero only, and times the refresh", async () => {
    const { metrics, read } = metered();
    metrics.refreshed({ merged: 3, split: 0, moved: 2 }, 4);
    metrics.refreshed({ merged: 0, split: 0, moved: 0 }, 1);
    const all = await read();
    expect(sortedPoints(all, "profile_kit.refresh.changes")).toEqual([
      { attributes: { "profile_kit.change": "merged" }, value: 3 },
      { attributes: { "profile_kit.change": "moved" }, value: 2 },
    ]);
    expect(pointsOf(all, "profile_kit.refresh.duration")).toEqual([{ attributes: {}, value: 2 }]);
    const split = metered();
    split.metrics.refreshed({ merged: 0, split: 1, moved: 0 }, 1);
    expect(pointsOf(await split.read(), "profile_kit.refresh.changes")).toEqual([{ attributes: { "profile_kit.change": "split" }, value: 1 }]);
  });

  it("counts guard cuts above zero only, by guard", async () => {
    const { metrics, read } = metered();
    metrics.guards({ identifierLimitCuts: 2, cannotLinkCuts: 0, oversized: { size: 0 } });
    metrics.guards({ identifierLimitCuts: 0, cannotLinkCuts: 3, oversized: { size: 0 } });
    metrics.guards({ identifierLimitCuts: 0, cannotLinkCuts: 0, oversized: { size: 5 } });
    metrics.guards({ identifierLimitCuts: 0, cannotLinkCuts: 0, oversized: { size: 0 } });
    expect(sortedPoints(await read(), "profile_kit.identity.guard_cuts")).toEqual([
      { attributes: { "profile_kit.guard": "cannot_link" }, value: 3 },
      { attributes: { "profile_kit.guard": "identifier_limit" }, value: 2 },
      { attributes: { "profile_kit.guard": "oversized_cluster" }, value: 5 },
    ]);
    const none = metered();
    none.metrics.guards({ identifierLimitCuts: 0, cannotLinkCuts: 0, oversized: { size: 0 } });
    expect(pointsOf(await none.read(), "profile_kit.identity.guard_cuts")).toEqual([]);
  });

  it("counts conflicts by known attribute and by strategy name only (never a source name or a free text)", async () => {
    const { metrics, read } = metered(["crm"], ["loyalty"]);
    metrics.conflicts([
      { attribute: "email", resolvedBy: "prefer:crm" },
      { attribute: "loyalty", resolvedBy: "mostRecent" },
      { attribute: "id", resolvedBy: "source_priority" },
      { attribute: "secret", resolvedBy: "fn-mostRecent" },
      { attribute: "updatedAt", resolvedBy: "mostRecent-fn" },
      { attribute: "source", resolvedBy: "" },
      { attribute: "city", resolvedBy: "a".repeat(41) },
      { attribute: "phone", resolvedBy: "b".repeat(40) },
    ]);
    expect(sortedPoints(await read(), "profile_kit.merge.conflicts")).toEqual([
      { attributes: { "profile_kit.attribute": "city", "profile_kit.resolved_by": "other" }, value: 1 },
      { attributes: { "profile_kit.attribute": "email", "profile_kit.resolved_by": "prefer" }, value: 1 },
      { attributes: { "profile_kit.attribute": "id", "profile_kit.resolved_by": "source_priority" }, value: 1 },
      { attributes: { "profile_kit.attribute": "loyalty", "profile_kit.resolved_by": "mostRecent" }, value: 1 },
      { attributes: { "profile_kit.attribute": "other", "profile_kit.resolved_by": "other" }, value: 1 },
      { attributes: { "profile_kit.attribute": "phone", "profile_kit.resolved_by": "b".repeat(40) }, value: 1 },
      { attributes: { "profile_kit.attribute": "source", "profile_kit.resolved_by": "other" }, value: 1 },
      { attributes: { "profile_kit.attribute": "updatedAt", "profile_kit.resolved_by": "other" }, value: 1 },
    ]);
  });

  it("counts checks by kind, severity and result, and batches by status", async () => {
    const { metrics, read } = metered();
    metrics.checked([{ kind: "volume", severity: "warn", passed: true }, { kind: "validity", severity: "fail", passed: false }], "quarantined");
    const all = await read();
    expect(sortedPoints(all, "profile_kit.checks")).toEqual([
      { attributes: { "profile_kit.check.kind": "validity", "profile_kit.check.severity": "fail", "profile_kit.check.result": "failed" }, value: 1 },
      { attributes: { "profile_kit.check.kind": "volume", "profile_kit.check.severity": "warn", "profile_kit.check.result": "passed" }, value: 1 },
    ]);
    expect(pointsOf(all, "profile_kit.batches")).toEqual([{ attributes: { "profile_kit.batch.status": "quarantined" }, value: 1 }]);
  });

  it("counts slots by declared slot name (others as other) and sends by decision and reason", async () => {
    const { metrics, read } = metered(["crm"], [], ["greeting"]);
    metrics.personalized({ greeting: { outcome: "personalized" }, undeclared: { outcome: "fallback" } }, "send", null);
    metrics.personalized({}, "suppress", "quiet_hours");
    const all = await read();
    expect(sortedPoints(all, "profile_kit.personalization.slots")).toEqual([
      { attributes: { "profile_kit.slot": "greeting", "profile_kit.slot.outcome": "personalized" }, value: 1 },
      { attributes: { "profile_kit.slot": "other", "profile_kit.slot.outcome": "fallback" }, value: 1 },
    ]);
    expect(sortedPoints(all, "profile_kit.personalization.sends")).toEqual([
      { attributes: { "profile_kit.send": "send", "profile_kit.send.reason": "none" }, value: 1 },
      { attributes: { "profile_kit.send": "suppress", "profile_kit.send.reason": "quiet_hours" }, value: 1 },
    ]);
  });
});

/** A stand-in for the instruments that records what the store wrapper reports. */
function recorder(): { telemetry: _EngineMetrics; failures: string[]; commits: [number, boolean][] } {
  const failures: string[] = [];
  const commits: [number, boolean][] = [];
  const nothing = (): void => undefined;
  const telemetry: _EngineMetrics = {
    enabled: true,
    ingested: nothing,
    ingestDuration: nothing,
    batchDuration: nothing,
    commit: (seconds, ok) => {
      commits.push([seconds, ok]);
    },
    storeFailure: (operation) => {
      failures.push(operation);
    },
    refreshed: nothing,
    personalized: nothing,
    guards: nothing,
    conflicts: nothing,
    checked: nothing,
  };
  return { telemetry, failures, commits };
}

const empty: ChangeSet = { expect: [], put: [], delete: [], index: [], increment: [] };
const boom = (): never => {
  throw new Error("boom");
};

describe("_measuredStore", () => {
  it("passes every call through to the store and gives back its answers", async () => {
    const base = memoryStore();
    const { telemetry, failures } = recorder();
    const store = _measuredStore(base, telemetry);
    expect(store).not.toBe(base);
    expect(await store.commit({ ...empty, put: [{ kind: "record", key: "r", value: { a: 1 } }], index: [{ key: "i", member: "r", op: "add" }], increment: [{ key: "c", by: 2 }] })).toEqual({ ok: true });
    expect(await store.get("record", ["r", "x"])).toEqual([{ key: "r", version: 1, value: { a: 1 } }, null]);
    expect(await store.members(["i"], 5)).toEqual([{ key: "i", members: ["r"], size: 1, version: 1 }]);
    expect(await store.counters(["c"])).toEqual([2]);
    expect(await store.scan("record", null, 5)).toEqual([{ key: "r", version: 1, value: { a: 1 } }]);
    expect(await store.close?.()).toBeUndefined();
    expect(failures).toEqual([]);
    // A store without the optional parts gets none.
    expect(store.sharedRefresh).toBeUndefined();
    expect("sharedRefresh" in store).toBe(false);
  });

  it("returns the store itself when nobody listens", () => {
    const base = memoryStore();
    const silent = { ...recorder().telemetry, enabled: false };
    expect(_measuredStore(base, silent)).toBe(base);
  });

  it("counts a failure of each method, thrown or rejected, and passes the error on", async () => {
    const { telemetry, failures } = recorder();
    const throwing: ProfileStore = { get: boom, members: boom, counters: boom, scan: boom, commit: boom, close: boom };
    const store = _measuredStore(throwing, telemetry);
    expect(() => store.get("record", [])).toThrow("boom");
    expect(() => store.members([], 1)).toThrow("boom");
    expect(() => store.counters([])).toThrow("boom");
    expect(() => store.scan("record", null, 1)).toThrow("boom");
    expect(() => store.commit(empty)).toThrow("boom");
    expect(() => store.close?.()).toThrow("boom");
    expect(failures).toEqual(["get", "members", "counters", "scan", "commit", "close"]);
    const rejected = (): Promise<never> => Promise.reject(new Error("later"));
    const rejecting: ProfileStore = { get: rejected, members: rejected, counters: rejected, scan: rejected, commit: rejected, close: rejected };
    const asyncStore = _measuredStore(rejecting, telemetry);
    await expect(asyncStore.get("record", [])).rejects.toThrow("later");
    await expect(asyncStore.members([], 1)).rejects.toThrow("later");
    await expect(asyncStore.counters([])).rejects.toThrow("later");
    await expect(asyncStore.scan("record", null, 1)).rejects.toThrow("later");
    await expect(asyncStore.commit(empty)).rejects.toThrow("later");
    await expect(asyncStore.close?.()).rejects.toThrow("later");
    expect(failures.slice(6)).toEqual(["get", "members", "counters", "scan", "commit", "close"]);
  });

  it("gives back a promise that resolves as the store's does, counting nothing", async () => {
    const { telemetry, failures } = recorder();
    const base = memoryStore();
    const later: ProfileStore = {
      get: async (kind, keys) => base.get(kind, keys),
      members: async (keys, limit) => base.members(keys, limit),
      counters: async (keys) => base.counters(keys),
      scan: async (kind, after, limit) => base.scan(kind, after, limit),
      commit: async (changes) => base.commit(changes),
    };
    const store = _measuredStore(later, telemetry);
    const answer = store.counters(["c"]);
    expect(answer).toBeInstanceOf(Promise);
    expect(await answer).toEqual([0]);
    expect(await store.commit(empty)).toEqual({ ok: true });
    // No close of its own: closing does nothing.
    expect(store.close?.()).toBeUndefined();
    expect(failures).toEqual([]);
  });

  it("times each commit in seconds and reports whether it applied", async () => {
    const clock = vi.spyOn(performance, "now");
    const { telemetry, commits } = recorder();
    let result: unknown = { ok: true };
    const store = _measuredStore({ ...memoryStore(), commit: () => result as CommitResult }, telemetry);
    clock.mockReturnValueOnce(1_000).mockReturnValueOnce(3_500);
    expect(store.commit(empty)).toEqual({ ok: true });
    result = { ok: false, conflicts: ["record:r"] };
    clock.mockReturnValueOnce(10).mockReturnValueOnce(10);
    expect(store.commit(empty)).toEqual({ ok: false, conflicts: ["record:r"] });
    // A store answering something that is not a result: not counted as applied (the engine refuses it later).
    result = null;
    clock.mockReturnValueOnce(0).mockReturnValueOnce(0);
    expect(store.commit(empty)).toBeNull();
    result = "ok";
    clock.mockReturnValueOnce(0).mockReturnValueOnce(0);
    expect(store.commit(empty)).toBe("ok");
    const promised = _measuredStore({ ...memoryStore(), commit: () => Promise.resolve({ ok: true } as const) }, telemetry);
    clock.mockReturnValueOnce(0).mockReturnValueOnce(250);
    expect(await promised.commit(empty)).toEqual({ ok: true });
    expect(commits).toEqual([[2.5, true], [0, false], [0, false], [0, false], [0.25, true]]);
  });

  it("wraps a shared refresh, counting its failures by operation and passing its answers through", async () => {
    const { telemetry, failures } = recorder();
    const task: SharedRefreshTask = { phase: "pairs", part: 0, token: "t" };
    const calls: unknown[] = [];
    const shared: SharedRefresh = {
      begin: (options) => {
        calls.push(["begin", options]);
        return Promise.resolve("run-1");
      },
      claim: (run) => {
        calls.push(["claim", run]);
        return Promise.resolve({ kind: "wait" });
      },
      complete: (run, done, outcome) => {
        calls.push(["complete", run, done, outcome]);
        return Promise.resolve(true);
      },
      release: (run, done) => {
        calls.push(["release", run, done]);
        return Promise.resolve();
      },
    };
    const store = _measuredStore({ ...memoryStore(), sharedRefresh: shared }, telemetry);
    const wrapped = store.sharedRefresh;
    expect(wrapped).toBeDefined();
    expect(wrapped).not.toBe(shared);
    expect(await wrapped?.begin({ maxBlockSize: 10, leaseMs: 100 })).toBe("run-1");
    expect(await wrapped?.claim("run-1")).toEqual({ kind: "wait" });
    expect(await wrapped?.complete("run-1", task, { links: [], counts: {} })).toBe(true);
    expect(await wrapped?.release("run-1", task)).toBeUndefined();
    expect(calls).toEqual([["begin", { maxBlockSize: 10, leaseMs: 100 }], ["claim", "run-1"], ["complete", "run-1", task, { links: [], counts: {} }], ["release", "run-1", task]]);
    expect(failures).toEqual([]);
    const failing: SharedRefresh = { begin: () => Promise.reject(new Error("x")), claim: () => Promise.reject(new Error("x")), complete: () => Promise.reject(new Error("x")), release: () => Promise.reject(new Error("x")) };
    const broken = _measuredStore({ ...memoryStore(), sharedRefresh: failing }, telemetry).sharedRefresh;
    await expect(broken?.begin({ maxBlockSize: 10, leaseMs: 100 })).rejects.toThrow("x");
    await expect(broken?.claim("r")).rejects.toThrow("x");
    await expect(broken?.complete("r", task, { links: [], counts: {} })).rejects.toThrow("x");
    await expect(broken?.release("r", task)).rejects.toThrow("x");
    expect(failures).toEqual(["sharedRefresh.begin", "sharedRefresh.claim", "sharedRefresh.complete", "sharedRefresh.release"]);
  });
});
