import { describe, expect, it } from "vitest";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { createProfileEngine, type BatchRecord } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { Expectation } from "../monitoring/checkExpectations.js";
import type { AnomalyBaseline } from "../monitoring/detectAnomalies.js";

const schema = defineSchema({ sources: ["crm", "shop"] });
const T0 = Date.parse("2025-03-01T00:00:00Z");
const NOW = () => T0;

/** `n` distinct people from `source`; every `missingEvery`-th has no email, every `badEvery`-th a broken one. */
function people(n: number, options: { source?: string; from?: number; missingEvery?: number; badEvery?: number; at?: string } = {}): Record<string, unknown>[] {
  const first = ["Ann", "Bob", "Cleo", "Dev", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jo"];
  return Array.from({ length: n }, (_, k) => {
    const i = (options.from ?? 0) + k;
    const email = options.missingEvery !== undefined && i % options.missingEvery === 0 ? undefined : options.badEvery !== undefined && i % options.badEvery === 0 ? `person${i}-at-example` : `person${i}@fastmail.com`;
    return { id: `c${i}`, source: options.source ?? "crm", updatedAt: options.at ?? "2025-02-28T12:00:00Z", firstName: first[i % 10], lastName: `Family${i}`, ...(email === undefined ? {} : { email }) };
  });
}

const EXPECT: readonly Expectation[] = [
  { kind: "completeness", field: "email", mostly: 0.95 },
  { kind: "validity", field: "email", mostly: 0.95, severity: "warn" },
  { kind: "freshness", source: "crm", maxAgeHours: 48 },
  { kind: "volume", min: 10 },
  { kind: "uniqueness", field: "customerId" },
  { kind: "relationships", maxClusterSize: 20 },
];

describe("ingestMany with checks", () => {
  it("a passing batch is written and its record stored, with every check's result", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    const result = await engine.ingestMany(people(40, { badEvery: 10 }), { checks: { expectations: EXPECT } });
    expect(result.outcomes.created).toBe(40);
    const batch = result.batch as BatchRecord;
    expect(batch.status).toBe("warned");
    expect(batch.checks.passed).toBe(true);
    expect(batch.checks.warned.map((r) => [r.name, r.observed, r.sample])).toEqual([["validity:email", 0.9, ["crm:c0", "crm:c10", "crm:c20", "crm:c30"]]]);
    expect(batch.checks.results.find((r) => r.name === "freshness:crm")).toMatchObject({ passed: true, observed: 12 });
    expect(batch.summary.profiles.count).toBe(40);
    expect(batch.recordKeys).toEqual([]);
    expect(await engine.batch(batch.id)).toEqual(batch);
    expect(await engine.batch("b_nothing")).toBeNull();
    // The id: "b_", the time in base 36 (nine digits, so ids sort by time), "_" and a hash.
    expect(batch.id.startsWith(`b_${T0.toString(36).padStart(9, "0")}_`)).toBe(true);
    expect(batch.id.length).toBeGreaterThan(13);
  });

  it("onFail stop: a failing record check writes nothing and hands every input back", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    const input = [...people(30, { missingEvery: 5 }), { id: "", source: "crm" }];
    const result = await engine.ingestMany(input, { batchSize: 7, checks: { expectations: EXPECT, onFail: "stop" } });
    expect(result.batch?.status).toBe("stopped");
    expect(result.batch?.checks.failed.map((r) => [r.name, r.observed])).toEqual([["completeness:email", 0.774194]]);
    expect(result.quarantined).toEqual(input);
    expect(result.processed).toBe(0);
    // Nothing was written, so the record names none.
    expect(result.batch?.recordKeys).toStrictEqual([]);
    expect(await engine.store.scan("record", null, 10)).toEqual([]);
    expect(await engine.store.scan("profile", null, 10)).toEqual([]);
    // Its record is kept, the checks that could run before writing included.
    expect((await engine.batch(result.batch?.id as string))?.checks.results.map((r) => r.kind)).toEqual(["completeness", "validity", "freshness", "volume"]);
  });

  it("onFail stop: a passing batch is then written whole, in input order, rejected records counted", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    const input = [...people(30), { id: "", source: "crm" }, ...people(5, { from: 100 })];
    const result = await engine.ingestMany(input, { batchSize: 7, checks: { expectations: EXPECT, onFail: "stop" } });
    expect(result.batch?.status).toBe("passed");
    expect(result.quarantined).toBeUndefined();
    expect(result.processed).toBe(36);
    expect(result.rejected.map((r) => r.index)).toEqual([30]);
    expect((await engine.store.scan("record", null, 100)).length).toBe(35);
    expect(result.batch?.summary.outcomes).toEqual({ created: 35, rejected: 1 });
    // Observed once before the check, not again as it is written.
    expect(result.batch?.summary.records).toBe(36);
    expect(result.batch?.summary.fields["email"]?.present).toBe(35);
  });

  it("observes what each record has: a blank or null value is missing, and only an error makes a value invalid", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    const input = [
      { id: "1", source: "crm", firstName: "Ann", lastName: "Lee", email: "   ", phone: null },
      { id: "2", source: "crm", firstName: "Bob", lastName: "Roe", email: "bob-at-example", phone: "+1 415 867 2211" },
      // A disposable address is a warning: present and usable.
      { id: "3", source: "crm", firstName: "Cleo", lastName: "Park", email: "cleo@mailinator.com", dateOfBirth: "31/31/1990" },
    ];
    const { batch } = await engine.ingestMany(input, { checks: { expectations: [] } });
    const fields = batch?.summary.fields ?? {};
    expect(fields["email"]).toStrictEqual({ present: 2, invalid: 1, missingSample: ["crm:1"], invalidSample: ["crm:2"] });
    expect(fields["phone"]).toStrictEqual({ present: 1, invalid: 0, missingSample: ["crm:1", "crm:3"], invalidSample: [] });
    expect(fields["dateOfBirth"]).toStrictEqual({ present: 1, invalid: 1, missingSample: ["crm:1", "crm:2"], invalidSample: ["crm:3"] });
    expect(fields["firstName"]).toStrictEqual({ present: 3, invalid: 0, missingSample: [], invalidSample: [] });
    expect(batch?.summary.issueCodes).toStrictEqual({ invalid_email: 1, disposable_email: 1, invalid_date: 1 });
  });

  it("a failing batch names only the records it wrote: not one it repeated unchanged", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    await engine.ingest(people(1)[0]);
    const { batch, outcomes } = await engine.ingestMany(people(3), { checks: { expectations: [{ kind: "volume", min: 10 }] } });
    expect(outcomes).toMatchObject({ duplicate: 1, created: 2 });
    expect(batch?.status).toBe("quarantined");
    expect(batch?.recordKeys).toStrictEqual(["crm:c1", "crm:c2"]);
  });

  it("onFail mark (the default): a failing batch is written and its record names every record written", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    const result = await engine.ingestMany([...people(20, { missingEvery: 2 }), { id: "x" }], { checks: { expectations: EXPECT } });
    expect(result.processed).toBe(21);
    const batch = result.batch as BatchRecord;
    expect(batch.status).toBe("quarantined");
    expect(batch.recordKeys).toHaveLength(20);
    expect(new Set(batch.recordKeys)).toEqual(new Set(people(20).map((p) => `crm:${String(p["id"])}`)));
    const listed: BatchRecord[] = [];
    for await (const b of engine.batches()) listed.push(b);
    expect(listed).toEqual([batch]);
  });

  it("a stored batch record is read back checked to its leaves: a malformed one is store_failure naming the field", async () => {
    const store = memoryStore();
    const engine = createProfileEngine({ schema, store, now: NOW });
    const { batch } = await engine.ingestMany(people(20, { missingEvery: 2 }), { checks: { expectations: EXPECT, baseline: null } });
    const id = batch?.id as string;
    const good = JSON.parse(JSON.stringify((await store.get("batch", [id]))[0]?.value)) as Record<string, unknown>;
    const tampered = (change: (value: Record<string, unknown>) => void): Record<string, unknown> => {
      const copy = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
      change(copy);
      return copy;
    };
    const cases: [Record<string, unknown>, RegExp][] = [
      [tampered((v) => { (v["checks"] as { results: { sample: unknown }[] }).results.forEach((r) => { r.sample = [7]; }); }), /checks\.results\.0\.sample\.0/],
      [tampered((v) => { (v["checks"] as { failed: { severity: unknown }[] }).failed.forEach((r) => { r.severity = "fatal"; }); }), /checks\.failed\.0\.severity/],
      [tampered((v) => { (v["summary"] as { records: unknown }).records = -1; }), /summary/],
      [tampered((v) => { v["anomalies"] = { flags: [{ metric: "x" }], metrics: {}, baseline: { format: "profile-kit/baseline@1", batches: [] } }; }), /anomalies\.flags\.0\.value/],
      [tampered((v) => { v["status"] = "fine"; }), /status/],
      [tampered((v) => { v["id"] = "b_other"; }), /not the key/],
    ];
    for (const [value, where] of cases) {
      const [doc] = await store.get("batch", [id]);
      expect(await store.commit({ expect: [{ kind: "batch", key: id, version: doc?.version ?? 0 }], put: [{ kind: "batch", key: id, value }], delete: [], index: [], increment: [] })).toEqual({ ok: true });
      const error = await engine.batch(id).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "store_failure", message: expect.stringMatching(where) as unknown });
    }
    const [doc] = await store.get("batch", [id]);
    await store.commit({ expect: [{ kind: "batch", key: id, version: doc?.version ?? 0 }], put: [{ kind: "batch", key: id, value: good }], delete: [], index: [], increment: [] });
    expect(await engine.batch(id)).toEqual(batch);
  });

  it("profile checks read the profiles as written: a cluster over the size limit fails relationships", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    // One person seen 6 times across two sources.
    const same = Array.from({ length: 6 }, (_, k) => ({ id: `s${k}`, source: k % 2 === 0 ? "crm" : "shop", updatedAt: "2025-02-28T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" }));
    const result = await engine.ingestMany([...people(10), ...same], { checks: { expectations: [{ kind: "relationships", maxClusterSize: 5 }] } });
    const check = result.batch?.checks.results[0];
    expect(check).toMatchObject({ passed: false, failing: 1, total: 11 });
    expect(check?.sample).toEqual([(await engine.profileOf("crm:s0"))?.id]);
    expect(result.batch?.status).toBe("quarantined");
  });

  it("profile checks read the customer ids of each touched profile's records: two joined by a reviewer fail uniqueness", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    const ann = { id: "a1", source: "crm", updatedAt: "2025-02-28T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", customerId: "C-1" };
    await engine.ingestMany([ann, { ...ann, id: "a2", source: "shop", customerId: "C-2" }]);
    // Two customer ids: the engine keeps them apart; a reviewer's yes joins them.
    expect((await engine.profileOf("crm:a1"))?.id).not.toBe((await engine.profileOf("shop:a2"))?.id);
    await engine.assert("crm:a1", "shop:a2", true);
    const id = (await engine.profileOf("crm:a1"))?.id as string;
    // A batch touching that profile (Ann's first record, updated) and three others.
    const update = { ...ann, updatedAt: "2025-02-28T06:00:00Z", phone: "+1 415 867 2211" };
    const result = await engine.ingestMany([update, ...people(3)], { checks: { expectations: [{ kind: "uniqueness", field: "customerId" }] } });
    expect((await engine.profileOf("crm:a1"))?.id).toBe(id);
    expect(result.batch?.checks.results[0]).toMatchObject({ passed: false, failing: 1, total: 4, sample: [id] });
    expect(result.batch?.summary.profiles.customerIds).toStrictEqual({ 0: 3, 2: 1 });
    // Without an expectation that needs them, the records are not read: sizes only (for the anomaly flags);
    // the summary then counts every profile's customer ids as 0, which says nothing about them.
    const sizesOnly = await engine.ingestMany([{ ...update, updatedAt: "2025-02-28T07:00:00Z", city: "Oakland" }], { checks: { baseline: null } });
    expect(sizesOnly.batch?.summary.profiles).toMatchObject({ count: 1, sizes: { 2: 1 }, customerIds: { 0: 1 } });
    const none = await engine.ingestMany([{ ...update, updatedAt: "2025-02-28T08:00:00Z", city: "Berkeley" }], { checks: { expectations: [{ kind: "volume", min: 1 }] } });
    expect(none.batch?.summary.profiles).toMatchObject({ count: 0 });
  });

  it("anomaly flags across calls, with the baseline carried by the host as JSON", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    let baseline: AnomalyBaseline | null = null;
    for (let day = 0; day < 4; day++) {
      const result = await engine.ingestMany(people(200, { from: day * 1000, missingEvery: 50 }), { checks: { baseline } });
      expect(result.batch?.anomalies?.flags).toEqual([]);
      baseline = JSON.parse(JSON.stringify(result.batch?.anomalies?.baseline)) as AnomalyBaseline;
    }
    // A broken export: half the emails gone.
    const broken = await engine.ingestMany(people(200, { from: 9000, missingEvery: 2 }), { checks: { baseline } });
    expect(broken.batch?.status).toBe("warned");
    expect(broken.batch?.anomalies?.flags.map((f) => f.metric)).toContain("null_rate:email");
  });

  it("onFail stop with a profile check failing after the write: quarantined, naming every record written once", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    const same = Array.from({ length: 3 }, (_, k) => ({ id: `s${k}`, source: "crm", updatedAt: "2025-02-28T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" }));
    const input = [...same, same[0], ...people(5)];
    const { batch } = await engine.ingestMany(input, { checks: { expectations: [{ kind: "relationships", maxClusterSize: 2 }], onFail: "stop" } });
    expect(batch?.status).toBe("quarantined");
    // The repeated record was a duplicate: written once, named once.
    expect([...(batch?.recordKeys ?? [])].sort()).toEqual(["crm:c0", "crm:c1", "crm:c2", "crm:c3", "crm:c4", "crm:s0", "crm:s1", "crm:s2"]);
  });

  it("an input that fails midway leaves an interrupted batch record naming what was written, and throws", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    async function* broken(): AsyncGenerator<Record<string, unknown>> {
      yield* people(5);
      await Promise.resolve();
      throw new Error("the export stream broke");
    }
    await expect(engine.ingestMany(broken(), { batchSize: 2, checks: { expectations: [{ kind: "volume", min: 1 }] } })).rejects.toThrow(/stream broke/);
    const listed: BatchRecord[] = [];
    for await (const b of engine.batches()) listed.push(b);
    expect(listed.map((b) => b.status)).toEqual(["interrupted"]);
    expect(listed[0]?.recordKeys).toEqual(["crm:c0", "crm:c1", "crm:c2", "crm:c3"]);
    // Broken before anything was written: no batch record at all.
    const fresh = createProfileEngine({ schema, now: NOW });
    const dead: AsyncIterable<Record<string, unknown>> = { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("no export today")) }) };
    await expect(fresh.ingestMany(dead, { checks: { expectations: [{ kind: "volume", min: 1 }] } })).rejects.toThrow(/no export/);
    expect(await fresh.store.scan("batch", null, 10)).toStrictEqual([]);
  });

  it("a stopped batch does not join the anomaly baseline", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    let baseline: AnomalyBaseline | null = null;
    for (let day = 0; day < 3; day++) baseline = (await engine.ingestMany(people(50, { from: day * 100 }), { checks: { baseline } })).batch?.anomalies?.baseline ?? null;
    const stopped = await engine.ingestMany(people(50, { from: 900, missingEvery: 1 }), { checks: { expectations: [{ kind: "completeness", field: "email", mostly: 0.9 }], onFail: "stop", baseline } });
    expect(stopped.batch?.status).toBe("stopped");
    expect(stopped.batch?.anomalies?.baseline).toEqual(baseline);
  });

  it("refuses bad checks before writing anything", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    await expect(engine.ingestMany(people(3), { checks: { onFail: "drop" as never } })).rejects.toThrow(/onFail/);
    await expect(engine.ingestMany(people(3), { checks: { expectations: [{ kind: "volume" }] as never } })).rejects.toThrow(/min, max/);
    await expect(engine.ingestMany(people(3), { checks: { baseline: { format: "x" } as never } })).rejects.toThrow(/baseline/);
    await expect(engine.ingestMany(people(3), { checks: { expectation: [] } as never })).rejects.toThrow(/checks.expectation is not an option/);
    await expect(engine.ingestMany(people(3), { checks: { expectations: [{ kind: "validity", field: "E-mail", mostly: 1 }] } })).rejects.toThrow(/names the field "E-mail", which the schema does not have/);
    await expect(engine.ingestMany(people(3), { checks: { anomalies: { window: -5 } } })).rejects.toThrow(/window/);
    await expect(engine.ingestMany(people(3), { checks: { get onFail(): "stop" { throw new Error("trap"); } } })).rejects.toThrow(/could not be read/);
    expect(await engine.store.scan("record", null, 10)).toEqual([]);
  });

  it("says each refusal of the checks option in its own words, as invalid_options", async () => {
    const engine = createProfileEngine({ schema, now: NOW });
    const refusal = async (checks: unknown): Promise<unknown> => {
      const error = await engine.ingestMany(people(2), { checks: checks as never }).catch((e: unknown) => e);
      return error instanceof Error ? [(error as { code?: unknown }).code, error.message] : error;
    };
    const invalid = (message: string): [string, string] => ["invalid_options", message];
    expect(await refusal(null)).toEqual(invalid("ingestMany: checks is an object { expectations, onFail, baseline, anomalies } (it could not be read)."));
    expect(await refusal("stop")).toEqual(invalid("ingestMany: checks is an object { expectations, onFail, baseline, anomalies } (it could not be read)."));
    expect(await refusal({ expectation: [] })).toEqual(invalid("ingestMany: checks.expectation is not an option (expectations, onFail, baseline, anomalies)."));
    expect(await refusal({ onFail: "drop" })).toEqual(invalid('ingestMany: checks.onFail is "stop" or "mark".'));
    expect(await refusal({ anomalies: { at: "2026-01-01T00:00:00Z" } })).toEqual(invalid("ingestMany: checks.anomalies takes detectAnomalies' options but at."));
    expect(await refusal({ anomalies: 3 })).toEqual(invalid("ingestMany: checks.anomalies takes detectAnomalies' options but at."));
    expect(await refusal({ expectations: [{ kind: "volume" }] })).toEqual(invalid("ingestMany: expectations.0 (volume) needs min, max or both."));
    expect(await refusal({ expectations: [{ kind: "completeness", field: "E-mail", mostly: 1 }] })).toEqual(invalid(
      'ingestMany: checks "completeness:E-mail" names the field "E-mail", which the schema does not have; its fields are firstName, lastName, fullName, email, phone, dateOfBirth, street, city, region, postalCode, country, customerId, id, source, updatedAt.',
    ));
    // Every key named is one of the four; each alone, and all four, are accepted.
    for (const checks of [{ expectations: [] }, { onFail: "mark" }, { onFail: "stop" }, { baseline: null }, { anomalies: {} }, { anomalies: null }, { expectations: [], onFail: "mark", baseline: null, anomalies: {} }]) {
      expect((await engine.ingestMany([], { checks: checks as never })).batch?.status).toBe("passed");
    }
    expect(await engine.store.scan("record", null, 10)).toEqual([]);
  });

  it("counts checks and batches in metrics, by kind, severity, result and status only", async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    const engine = createProfileEngine({ schema, now: NOW, meter: provider.getMeter("test") });
    await engine.ingestMany(people(20, { missingEvery: 2 }), { checks: { expectations: EXPECT } });
    await reader.forceFlush();
    const metrics = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    const checks = metrics.find((m) => m.descriptor.name === "profile_kit.checks");
    const failed = checks?.dataPoints.find((p) => p.attributes["profile_kit.check.kind"] === "completeness");
    expect(failed?.attributes).toEqual({ "profile_kit.check.kind": "completeness", "profile_kit.check.severity": "fail", "profile_kit.check.result": "failed" });
    const batches = metrics.find((m) => m.descriptor.name === "profile_kit.batches");
    expect(batches?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ "profile_kit.batch.status": "quarantined" }, 1]]);
    await provider.shutdown();
  });
});
