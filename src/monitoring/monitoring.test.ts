import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkExpectations, detectAnomalies, observeBatch, profileBatch, type BatchSummary, type Expectation } from "./index.js";

const NOW = Date.parse("2026-12-04T12:00:00Z");
const HOUR = 3_600_000;

/** A batch of `n` records of which `withEmail` have an email and `badEmail` of those an unusable one. */
function batch(n: number, withEmail: number, badEmail = 0, options: { source?: string; newest?: number; merged?: number } = {}): BatchSummary {
  const observer = observeBatch();
  for (let i = 0; i < n; i++) {
    const hasEmail = i < withEmail;
    const bad = hasEmail && i < badEmail;
    observer.addRecord({ key: `crm:${i}`, source: options.source ?? "crm", observedAt: (options.newest ?? NOW) - i * 1000, present: hasEmail ? ["email", "firstName"] : ["firstName"], invalid: bad ? ["email"] : [], issueCodes: bad ? ["invalid_email"] : [] });
    observer.addOutcome(i < (options.merged ?? 0) ? "merged" : "created");
  }
  return observer.summary();
}

describe("checkExpectations", () => {
  it("completeness and validity: the observed share against `mostly`, with sample keys of failing records", () => {
    const summary = batch(100, 90, 5);
    const report = checkExpectations(summary, [
      { kind: "completeness", field: "email", mostly: 0.95 },
      { kind: "validity", field: "email", mostly: 0.9 },
      { kind: "completeness", field: "firstName", mostly: 1, severity: "warn" },
    ], { now: NOW });
    expect(report.passed).toBe(false);
    const [completeness, validity, names] = report.results;
    expect(completeness).toMatchObject({ name: "completeness:email", passed: false, observed: 0.9, threshold: { min: 0.95 }, total: 100, failing: 10, severity: "fail" });
    expect(completeness?.sample).toEqual(["crm:90", "crm:91", "crm:92", "crm:93", "crm:94"]);
    expect(validity).toMatchObject({ passed: true, observed: 0.944444, total: 90, failing: 5, sample: [] });
    expect(names).toMatchObject({ passed: true, observed: 1 });
    expect(report.failed.map((r) => r.name)).toEqual(["completeness:email"]);
    expect(report.warned).toEqual([]);
  });

  it("a field first seen late names the earlier records as missing it", () => {
    const observer = observeBatch();
    for (let i = 0; i < 4; i++) observer.addRecord({ key: `s:${i}`, source: "s", observedAt: null, present: i === 3 ? ["phone"] : [], invalid: [], issueCodes: [] });
    const [result] = checkExpectations(observer.summary(), [{ kind: "completeness", field: "phone", mostly: 0.5 }]).results;
    expect(result).toMatchObject({ passed: false, observed: 0.25, sample: ["s:0", "s:1", "s:2"] });
  });

  it("freshness per source, and volume bands", () => {
    const observer = observeBatch();
    observer.addRecord({ key: "crm:1", source: "crm", observedAt: NOW - 2 * HOUR, present: [], invalid: [], issueCodes: [] });
    observer.addRecord({ key: "shop:1", source: "shop", observedAt: NOW - 30 * HOUR, present: [], invalid: [], issueCodes: [] });
    observer.addRecord({ key: "news:1", source: "news", observedAt: null, present: [], invalid: [], issueCodes: [] });
    const summary = observer.summary();
    const report = checkExpectations(summary, [
      { kind: "freshness", source: "crm", maxAgeHours: 24 },
      { kind: "freshness", source: "shop", maxAgeHours: 24, severity: "warn" },
      { kind: "freshness", maxAgeHours: 48, name: "all sources fresh" },
      { kind: "volume", source: "crm", min: 1, max: 10 },
      { kind: "volume", min: 5 },
      { kind: "volume", source: "absent", max: 0, name: "no records from a retired source" },
    ], { now: NOW });
    expect(report.results.map((r) => [r.name, r.passed, r.observed])).toEqual([
      ["freshness:crm", true, 2],
      ["freshness:shop", false, 30],
      // news has no record with a time: never fresh.
      ["all sources fresh", false, null],
      ["volume:crm", true, 1],
      ["volume", false, 3],
      ["no records from a retired source", true, 0],
    ]);
    expect(report.warned.map((r) => r.name)).toEqual(["freshness:shop"]);
    expect(report.failed.map((r) => r.name)).toEqual(["all sources fresh", "volume"]);
  });

  it("uniqueness and relationships read the profiles: customer ids per profile, cluster sizes, one profile per record", () => {
    const observer = observeBatch();
    observer.addProfile({ id: "p1", records: 3, customerIds: 1 });
    observer.addProfile({ id: "p2", records: 60, customerIds: 2 });
    observer.addProfile({ id: "p3", records: 1, customerIds: 0, profilesPerRecord: 2 });
    const report = checkExpectations(observer.summary(), [
      { kind: "uniqueness", field: "customerId" },
      { kind: "uniqueness", field: "customerId", maxPerProfile: 2, name: "two ids allowed" },
      { kind: "relationships", maxClusterSize: 50 },
    ]);
    expect(report.results.map((r) => [r.name, r.passed, r.failing, r.sample])).toEqual([
      ["uniqueness:customerId", false, 1, ["p2"]],
      ["two ids allowed", true, 0, []],
      // The profile over the limit, then the one holding a record another profile holds too.
      ["relationships", false, 2, ["p2", "p3"]],
    ]);
  });

  it("samples name the profiles that fail: the most customer ids first, and a future-dated record fails freshness", () => {
    const observer = observeBatch();
    for (let k = 0; k < 5; k++) observer.addProfile({ id: `ok${k}`, records: 2, customerIds: 2 });
    observer.addProfile({ id: "bad", records: 3, customerIds: 3 });
    const [result] = checkExpectations(observer.summary(), [{ kind: "uniqueness", field: "customerId", maxPerProfile: 2 }]).results;
    expect(result).toMatchObject({ passed: false, failing: 1, sample: ["bad"] });
    const dated = observeBatch();
    dated.addRecord({ key: "crm:1", source: "crm", observedAt: NOW - 100 * HOUR, present: [], invalid: [], issueCodes: [] });
    dated.addRecord({ key: "crm:2", source: "crm", observedAt: Date.parse("2205-03-01T00:00:00Z"), present: [], invalid: [], issueCodes: [] });
    const [fresh] = checkExpectations(dated.summary(), [{ kind: "freshness", maxAgeHours: 24 }], { now: NOW }).results;
    expect(fresh).toMatchObject({ passed: false, message: "1 source(s) have a record dated more than an hour in the future." });
    expect(() => checkExpectations(dated.summary(), [], null as never)).toThrow(/options/);
    expect(() => checkExpectations(dated.summary(), [], { get now(): number { throw new Error("trap"); } })).toThrow(/could not be read/);
  });

  it("messages show shares rounded, in words that read", () => {
    const observer = observeBatch();
    for (let i = 0; i < 7; i++) observer.addRecord({ key: `k:${i}`, source: "s", observedAt: null, present: i < 2 ? ["email"] : [], invalid: [], issueCodes: [] });
    const [result] = checkExpectations(observer.summary(), [{ kind: "completeness", field: "email", mostly: 0.29 }]).results;
    expect(result?.message).toBe("28.57% of the records have a value in email; expected at least 29%.");
  });

  it("reads fields and sources named like Object's members as any other name", () => {
    const observer = observeBatch();
    observer.addRecord({ key: "k:1", source: "__proto__", observedAt: NOW, present: ["constructor"], invalid: [], issueCodes: [] });
    const report = checkExpectations(observer.summary(), [
      { kind: "completeness", field: "toString", mostly: 0.5 },
      { kind: "completeness", field: "constructor", mostly: 1 },
      { kind: "volume", source: "__proto__", min: 1 },
      { kind: "volume", source: "hasOwnProperty", max: 0 },
    ], { now: NOW });
    expect(report.results.map((r) => [r.passed, r.observed])).toEqual([[false, 0], [true, 1], [true, 1], [true, 0]]);
    expect(Object.keys(profileBatch(observer.summary()))).toContain("source_share:__proto__");
  });

  it("refuses malformed expectations and summaries with clear errors", () => {
    const summary = batch(1, 1);
    expect(() => checkExpectations(summary, [{ kind: "completeness", field: "email", mostly: 1.5 }] as Expectation[])).toThrow(/mostly/);
    expect(() => checkExpectations(summary, [{ kind: "volume" }] as Expectation[])).toThrow(/needs min, max or both/);
    expect(() => checkExpectations(summary, [{ kind: "volume", min: 5, max: 1 }])).toThrow(/min above max/);
    expect(() => checkExpectations(summary, [{ kind: "freshness", maxAgeHours: 1 }, { kind: "freshness", maxAgeHours: 2 }])).toThrow(/two expectations are named "freshness"/);
    expect(() => checkExpectations(summary, [{ kind: "completness", field: "email", mostly: 1 }] as unknown as Expectation[])).toThrow(/invalid options/);
    expect(() => checkExpectations({} as BatchSummary, [])).toThrow(/observeBatch/);
    expect(() => checkExpectations(summary, [], { now: "not a time" })).toThrow(/now/);
  });

  it("no value of a record reaches a summary or a report: only counts, field names, codes and keys", () => {
    const observer = observeBatch();
    observer.addRecord({ key: "crm:1", source: "crm", observedAt: NOW, present: ["email"], invalid: ["email"], issueCodes: ["invalid_email"] });
    const text = JSON.stringify([observer.summary(), checkExpectations(observer.summary(), [{ kind: "validity", field: "email", mostly: 1 }], { now: NOW })]);
    // What a summary may hold: the closed vocabulary, the record key, numbers.
    const words = new Set(text.match(/[A-Za-z_]+/g));
    for (const word of words) expect(["format", "profile", "kit", "batch", "summary", "records", "bySource", "crm", "newestObservedAt", "fields", "email", "present", "invalid", "missingSample", "invalidSample", "issueCodes", "invalid_email", "outcomes", "profiles", "count", "sizes", "largestSample", "customerIds", "customerIdSample", "sharedSample", "profilesPerRecord", "personalization", "messages", "fellBack", "slots", "slotFallbacks", "suppressed", "passed", "results", "name", "validity", "kind", "severity", "fail", "observed", "threshold", "min", "total", "failing", "sample", "message", "of", "the", "values", "are", "usable", "in", "expected", "at", "least", "failed", "warned", "false", "true", "null"]).toContain(word);
  });
});

describe("detectAnomalies", () => {
  /** Batches of 2,000 records whose email null rate wobbles around 5%. */
  const steady = (k: number): BatchSummary => batch(2000, 1900 + ((k * 37) % 21) - 10, 20, { merged: 100 + ((k * 13) % 9) });

  function baselineOf(batches: number) {
    let baseline = null;
    for (let k = 0; k < batches; k++) baseline = detectAnomalies(steady(k), baseline, { at: NOW + k }).baseline;
    return baseline;
  }

  it("flags nothing on steady batches, and a shifted null rate with the statistic and its baseline", () => {
    let baseline = baselineOf(3);
    const calm = detectAnomalies(steady(7), baseline, { at: NOW + 10 });
    expect(calm.flags).toEqual([]);
    baseline = calm.baseline;
    expect(baseline.batches).toHaveLength(4);
    const shifted = detectAnomalies(batch(2000, 1500, 20, { merged: 100 }), baseline, { at: NOW + 11 });
    const flag = shifted.flags.find((f) => f.metric === "null_rate:email");
    expect(flag).toMatchObject({ value: 0.25, direction: "up", baseline: { batches: 4 } });
    expect(flag?.baseline.mean).toBeCloseTo(0.05, 2);
    expect(flag?.z).toBeGreaterThan(4);
    // The flagged batch does not join the baseline unless asked.
    expect(shifted.baseline.batches).toHaveLength(4);
    expect(detectAnomalies(batch(2000, 1500), baseline, { keepAnomalous: true }).baseline.batches).toHaveLength(5);
  });

  it("does not flag the noise of a small batch, nor judge a metric before minBatches", () => {
    const baseline = baselineOf(5);
    // 20 records, 2 without email (10% vs 5%): within what 20 records vary by.
    expect(detectAnomalies(batch(20, 18), baseline).flags.map((f) => f.metric)).not.toContain("null_rate:email");
    expect(detectAnomalies(batch(2000, 1000), baselineOf(2)).flags).toEqual([]);
  });

  it("flags a field that vanished, and a jump in merges", () => {
    const baseline = baselineOf(4);
    const observer = observeBatch();
    for (let i = 0; i < 500; i++) {
      observer.addRecord({ key: `crm:${i}`, source: "crm", observedAt: NOW, present: ["firstName"], invalid: [], issueCodes: [] });
      observer.addOutcome(i < 250 ? "merged" : "created");
    }
    const metrics = detectAnomalies(observer.summary(), baseline).flags.map((f) => f.metric);
    expect(metrics).toContain("null_rate:email");
    expect(metrics).toContain("merge_rate");
  });

  it("the baseline is plain JSON: a stored and re-read baseline gives the same flags", () => {
    const baseline = baselineOf(4);
    const again = JSON.parse(JSON.stringify(baseline)) as typeof baseline;
    const current = batch(2000, 1200);
    expect(detectAnomalies(current, again, { at: 1 })).toEqual(detectAnomalies(current, baseline, { at: 1 }));
    expect(() => detectAnomalies(current, { format: "profile-kit/baseline@1", batches: [{ at: 1, metrics: { x: { value: "a" } } }] } as never)).toThrow(/baseline/);
    expect(() => detectAnomalies(current, null, { window: 0 })).toThrow(/window/);
    expect(() => detectAnomalies(current, null, { minBatches: 1 })).toThrow(/minBatches/);
  });

  it("a small batch's mean is judged with its sampling noise: one returning customer in five records is no anomaly", () => {
    let baseline = null;
    for (let k = 0; k < 6; k++) {
      const observer = observeBatch();
      for (let i = 0; i < 200; i++) observer.addProfile({ id: `p${k}-${i}`, records: 1, customerIds: 0 });
      baseline = detectAnomalies(observer.summary(), baseline, { at: k }).baseline;
    }
    const small = observeBatch();
    for (let i = 0; i < 5; i++) small.addProfile({ id: `s${i}`, records: i === 0 ? 2 : 1, customerIds: 0 });
    expect(detectAnomalies(small.summary(), baseline).flags.map((f) => f.metric)).not.toContain("profile_size_mean");
    expect(() => { observeBatch().addProfile({ id: "x", records: 1e308, customerIds: 0 }); }).toThrow(/safe integers/);
  });

  it("profileBatch measures shares and profile sizes", () => {
    const observer = observeBatch();
    observer.addProfile({ id: "a", records: 1, customerIds: 0 });
    observer.addProfile({ id: "b", records: 3, customerIds: 1 });
    const metrics = profileBatch(observer.summary());
    expect(metrics["profile_size_mean"]).toEqual({ value: 2, n: 2, rate: false });
    expect(metrics["profile_share_size_2plus"]).toEqual({ value: 0.5, n: 2, rate: true });
  });

  it("property: a batch like every batch of its baseline is never flagged", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 3, max: 8 }), (n, email, copies) => {
        const summary = batch(n, Math.min(n, email));
        let baseline = null;
        for (let k = 0; k < copies; k++) baseline = detectAnomalies(summary, baseline, { at: k }).baseline;
        return detectAnomalies(summary, baseline).flags.length === 0;
      }),
      { numRuns: 60 },
    );
  });
});
