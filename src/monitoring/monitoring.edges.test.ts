// Edge cases of the monitoring stage: every field of a summary, a report and an anomaly flag pinned, with
// the boundaries (equal to a limit) and the exact messages of invalid options.
import { describe, expect, it } from "vitest";
import { expectInvalidOptions, failure, thrown } from "../../test/support/errors.js";
import type { PersonalizeResult } from "../fallback/types.js";
import { checkExpectations, isRecordExpectation, parseExpectations, type CheckResult, type Expectation } from "./checkExpectations.js";
import { detectAnomalies, profileBatch, type AnomalyBaseline, type BatchMetric, type DetectAnomaliesOptions } from "./detectAnomalies.js";
import { observeBatch, type BatchSummary, type ObservedProfile, type ObservedRecord } from "./observeBatch.js";

const NOW = Date.parse("2026-12-04T12:00:00Z");
const HOUR = 3_600_000;

/** A record with nothing but a key, a source and a time, plus what `extra` sets. */
function record(key: string | null, source: string, observedAt: number | null, extra: Partial<ObservedRecord> = {}): ObservedRecord {
  return { key, source, observedAt, present: [], invalid: [], issueCodes: [], ...extra };
}

/** A personalize() result with `slots` slots of which `fellBack` fell back. */
function personalized(slots: number, fellBack: number, send: PersonalizeResult["send"] = "send"): PersonalizeResult {
  const names = Array.from({ length: slots }, (_, k) => `slot${k}`);
  return { values: {}, report: Object.fromEntries(names.map((n) => [n, "value"])) as never, fellBack: names.slice(0, fellBack), abort: null, send, sendReason: null };
}

/** Loose arrays: what a caller outside TypeScript may pass. */
const loose = (values: unknown[]): string[] => values as string[];

const EMPTY_PROFILES = { count: 0, sizes: {}, largestSample: [], customerIds: {}, customerIdSample: [], sharedSample: [], profilesPerRecord: {} };
const NO_PERSONALIZATION = { messages: 0, fellBack: 0, slots: 0, slotFallbacks: 0, suppressed: 0 };

describe("observeBatch", () => {
  it("counts records, sources, fields and issue codes, with sample keys", () => {
    const observer = observeBatch();
    observer.addRecord(record("crm:1", "crm", 2000, { present: loose(["email", "email", 5]), issueCodes: loose(["z_code", 7, "a_code", "a_code"]) }));
    observer.addRecord(record("crm:2", "crm", 1000, { invalid: loose(["phone", "phone", null]), issueCodes: ["a_code"] }));
    observer.addRecord(record(null, "", null, { present: ["phone"], invalid: ["phone"] }));
    observer.addRecord(record("web:1", "web", null, { present: ["email"] }));
    observer.addRecord(record("web:2", "web", 500));
    observer.addOutcome("merged");
    observer.addOutcome("created");
    observer.addOutcome("merged");
    const summary = observer.summary();
    expect(summary).toStrictEqual({
      format: "profile-kit/batch-summary@1",
      records: 5,
      sample: ["crm:1", "crm:2", "web:1", "web:2"],
      bySource: { crm: { records: 2, newestObservedAt: 2000 }, web: { records: 2, newestObservedAt: 500 } },
      fields: {
        email: { present: 2, invalid: 0, missingSample: ["crm:2", "web:2"], invalidSample: [] },
        phone: { present: 1, invalid: 2, missingSample: ["crm:1", "web:1", "web:2"], invalidSample: ["crm:2"] },
      },
      issueCodes: { a_code: 2, z_code: 1 },
      outcomes: { created: 1, merged: 2 },
      profiles: EMPTY_PROFILES,
      personalization: NO_PERSONALIZATION,
    });
    expect(Object.keys(summary.issueCodes)).toEqual(["a_code", "z_code"]);
    // Each call gives a fresh copy.
    expect(observer.summary()).not.toBe(summary);
    expect(observer.summary()).toStrictEqual(summary);
  });

  it("keeps the newest time of a source, whichever order the records come in", () => {
    const observer = observeBatch();
    observer.addRecord(record("a:1", "a", 100));
    observer.addRecord(record("a:2", "a", 300));
    observer.addRecord(record("a:3", "a", null));
    observer.addRecord(record("a:4", "a", 200));
    observer.addRecord(record("b:1", "b", null));
    // Before 1970: still a time.
    observer.addRecord(record("c:1", "c", -100));
    observer.addRecord(record("c:2", "c", -200));
    expect(observer.summary().bySource).toStrictEqual({ a: { records: 4, newestObservedAt: 300 }, b: { records: 1, newestObservedAt: null }, c: { records: 2, newestObservedAt: -100 } });
  });

  it("caps every sample at five keys", () => {
    const observer = observeBatch();
    for (let i = 0; i < 7; i++) observer.addRecord(record(`k:${i}`, "s", null, { present: ["email"], invalid: ["email"] }));
    for (let i = 7; i < 14; i++) observer.addRecord(record(`k:${i}`, "s", null));
    observer.addRecord(record("k:14", "s", null, { present: ["phone"] }));
    for (let i = 15; i < 22; i++) observer.addRecord(record(`k:${i}`, "s", null));
    const summary = observer.summary();
    expect(summary.sample).toEqual(["k:0", "k:1", "k:2", "k:3", "k:4"]);
    expect(summary.fields).toStrictEqual({
      email: { present: 7, invalid: 7, missingSample: ["k:7", "k:8", "k:9", "k:10", "k:11"], invalidSample: ["k:0", "k:1", "k:2", "k:3", "k:4"] },
      phone: { present: 1, invalid: 0, missingSample: ["k:0", "k:1", "k:2", "k:3", "k:4"], invalidSample: [] },
    });
  });

  it("a field first seen late starts its missing sample with the first records, then adds later ones up to five", () => {
    const observer = observeBatch();
    observer.addRecord(record("k:0", "s", null));
    observer.addRecord(record("k:1", "s", null));
    observer.addRecord(record("k:2", "s", null, { present: ["email"] }));
    for (let i = 3; i < 8; i++) observer.addRecord(record(`k:${i}`, "s", null));
    expect(observer.summary().fields).toStrictEqual({ email: { present: 1, invalid: 0, missingSample: ["k:0", "k:1", "k:3", "k:4", "k:5"], invalidSample: [] } });
  });

  it("sorts the names of sources, fields, issue codes and outcomes", () => {
    const observer = observeBatch();
    for (const name of ["mid", "zeta", "alpha", "beta"]) {
      observer.addRecord(record(`${name}:1`, name, null, { present: [name], issueCodes: [name] }));
      observer.addOutcome(name);
    }
    const summary = observer.summary();
    const sorted = ["alpha", "beta", "mid", "zeta"];
    expect(Object.keys(summary.bySource)).toEqual(sorted);
    expect(Object.keys(summary.fields)).toEqual(sorted);
    expect(Object.keys(summary.issueCodes)).toEqual(sorted);
    expect(Object.keys(summary.outcomes)).toEqual(sorted);
  });

  it("keeps the five largest profiles, largest first, ties in the order seen", () => {
    const observer = observeBatch();
    for (const [id, records] of [["a", 3], ["b", 5], ["c", 3], ["d", 1], ["e", 7], ["f", 3], ["g", 2], ["h", 5], ["i", 3]] as const) observer.addProfile({ id, records, customerIds: 0 });
    expect(observer.summary().profiles).toStrictEqual({
      count: 9,
      sizes: { 1: 1, 2: 1, 3: 4, 5: 2, 7: 1 },
      largestSample: [{ id: "e", records: 7 }, { id: "b", records: 5 }, { id: "h", records: 5 }, { id: "a", records: 3 }, { id: "c", records: 3 }],
      customerIds: { 0: 9 },
      customerIdSample: [],
      sharedSample: [],
      profilesPerRecord: { 1: 9 },
    });
  });

  it("samples profiles with more than one customer id, and those whose records are not in exactly one profile", () => {
    const observer = observeBatch();
    const profiles: ObservedProfile[] = [
      { id: "p1", records: 1, customerIds: 1, profilesPerRecord: 2 },
      { id: "p2", records: 1, customerIds: 2, profilesPerRecord: 0 },
      { id: "p3", records: 1, customerIds: 3, profilesPerRecord: 1 },
      { id: "p4", records: 1, customerIds: 2 },
      { id: "p5", records: 1, customerIds: 5, profilesPerRecord: 2 },
      { id: "p6", records: 1, customerIds: 2, profilesPerRecord: 2 },
      { id: "p7", records: 1, customerIds: 2, profilesPerRecord: 3 },
      { id: "p8", records: 1, customerIds: 4, profilesPerRecord: 2 },
    ];
    for (const profile of profiles) observer.addProfile(profile);
    expect(observer.summary().profiles).toStrictEqual({
      count: 8,
      sizes: { 1: 8 },
      largestSample: [{ id: "p1", records: 1 }, { id: "p2", records: 1 }, { id: "p3", records: 1 }, { id: "p4", records: 1 }, { id: "p5", records: 1 }],
      customerIds: { 1: 1, 2: 4, 3: 1, 4: 1, 5: 1 },
      customerIdSample: [{ id: "p5", customerIds: 5 }, { id: "p8", customerIds: 4 }, { id: "p3", customerIds: 3 }, { id: "p2", customerIds: 2 }, { id: "p4", customerIds: 2 }],
      sharedSample: ["p1", "p2", "p5", "p6", "p7"],
      profilesPerRecord: { 0: 1, 1: 2, 2: 4, 3: 1 },
    });
  });

  it("accepts zero records, customer ids and profiles per record", () => {
    const observer = observeBatch();
    observer.addProfile({ id: "z", records: 0, customerIds: 0, profilesPerRecord: 0 });
    observer.addProfile({ id: "one", records: 1, customerIds: 1 });
    expect(observer.summary().profiles).toStrictEqual({ count: 2, sizes: { 0: 1, 1: 1 }, largestSample: [{ id: "one", records: 1 }, { id: "z", records: 0 }], customerIds: { 0: 1, 1: 1 }, customerIdSample: [], sharedSample: ["z"], profilesPerRecord: { 0: 1, 1: 1 } });
  });

  it("counts personalizations: messages, slots, fallbacks, and suppressed ones", () => {
    const observer = observeBatch();
    observer.addPersonalization(personalized(2, 0));
    observer.addPersonalization(personalized(2, 1, "send_generic"));
    observer.addPersonalization(personalized(3, 2, "suppress"));
    observer.addPersonalization(personalized(1, 0, "suppress"));
    observer.addPersonalization(personalized(0, 0));
    expect(observer.summary().personalization).toStrictEqual({ messages: 5, fellBack: 2, slots: 8, slotFallbacks: 3, suppressed: 2 });
  });

  it("refuses each malformed record, outcome, profile and personalization with its message", () => {
    const observer = observeBatch();
    const recordMessage = "observeBatch: addRecord takes { key, source, observedAt, present, invalid, issueCodes }.";
    const good = record("k", "s", 1);
    for (const bad of [null, 5, { ...good, source: 1 }, { ...good, present: "email" }, { ...good, present: { filter: () => [] } }, { ...good, invalid: { filter: () => [] } }, { ...good, issueCodes: { filter: () => [] } }, { ...good, invalid: null }, { ...good, issueCodes: {} }, { ...good, key: 5 }, { ...good, key: undefined }, { ...good, observedAt: Number.NaN }, { ...good, observedAt: undefined }, { ...good, get source(): string { throw new Error("trap"); } }]) {
      expectInvalidOptions(thrown(() => { observer.addRecord(bad as never); }), recordMessage);
    }
    expectInvalidOptions(thrown(() => { observer.addOutcome(5 as never); }), "observeBatch: addOutcome takes an outcome name.");
    const profileMessage = "observeBatch: addProfile takes { id, records, customerIds } (non-negative safe integers).";
    const profile = { id: "p", records: 1, customerIds: 1 };
    for (const bad of [null, { ...profile, id: 1 }, { ...profile, records: -1 }, { ...profile, records: 1.5 }, { ...profile, customerIds: -1 }, { ...profile, customerIds: 0.5 }, { ...profile, profilesPerRecord: -1 }, { ...profile, profilesPerRecord: 1.5 }]) {
      expectInvalidOptions(thrown(() => { observer.addProfile(bad as never); }), profileMessage);
    }
    const personalizationMessage = "observeBatch: addPersonalization takes a personalize() result.";
    for (const bad of [null, { report: null, fellBack: [] }, { report: "x", fellBack: [] }, { report: {}, fellBack: "a" }]) {
      expectInvalidOptions(thrown(() => { observer.addPersonalization(bad as never); }), personalizationMessage);
    }
    // Nothing refused was counted.
    expect(observer.summary()).toStrictEqual({ format: "profile-kit/batch-summary@1", records: 0, sample: [], bySource: {}, fields: {}, issueCodes: {}, outcomes: {}, profiles: EMPTY_PROFILES, personalization: NO_PERSONALIZATION });
  });

  it("a stored summary (JSON) is read like the one observeBatch made; a changed one is refused", () => {
    const observer = observeBatch();
    observer.addRecord(record("crm:1", "crm", NOW, { present: ["email"] }));
    observer.addProfile({ id: "p", records: 2, customerIds: 2 });
    const summary = observer.summary();
    const stored = JSON.parse(JSON.stringify(summary)) as BatchSummary;
    const expectations: Expectation[] = [{ kind: "volume", min: 1 }];
    expect(checkExpectations(stored, expectations, { now: NOW })).toEqual(checkExpectations(summary, expectations, { now: NOW }));
    expect(profileBatch(stored)).toEqual(profileBatch(summary));
    const message = "invalid_options: checkExpectations: the summary must come from observeBatch().summary() (format profile-kit/batch-summary@1).";
    expect(failure(() => checkExpectations({ ...stored, records: -1 }, expectations))).toBe(message);
    expect(failure(() => checkExpectations({ ...stored, format: "profile-kit/batch-summary@2" } as never, expectations))).toBe(message);
    expect(failure(() => checkExpectations(null as never, expectations))).toBe(message);
    expect(failure(() => checkExpectations({ ...stored, get records(): number { throw new Error("trap"); } }, expectations))).toBe(message);
    // The summary observeBatch made is trusted as made (it is not parsed again).
    (summary as { records: number }).records = -1;
    expect(checkExpectations(summary, expectations, { now: NOW }).results[0]?.observed).toBe(-1);
  });
});

describe("isRecordExpectation", () => {
  it("is true for the checks that read records, false for the others and for what is no expectation", () => {
    const kinds: Expectation[] = [
      { kind: "completeness", field: "email", mostly: 1 },
      { kind: "validity", field: "email", mostly: 1 },
      { kind: "freshness", maxAgeHours: 1 },
      { kind: "volume", min: 1 },
      { kind: "uniqueness", field: "customerId" },
      { kind: "relationships", maxClusterSize: 1 },
    ];
    expect(kinds.map((e) => isRecordExpectation(e))).toEqual([true, true, true, true, false, false]);
    for (const other of [null, 5, {}, { kind: "" }, Object.create({ kind: "volume" }) as unknown]) expect(isRecordExpectation(other as Expectation)).toBe(false);
  });
});

describe("parseExpectations", () => {
  it("names each check by kind and field or source, and defaults the severity to fail", () => {
    expect(parseExpectations([
      { kind: "completeness", field: "email", mostly: 0.5 },
      { kind: "validity", field: "email", mostly: 0.5, severity: "warn" },
      { kind: "freshness", maxAgeHours: 1 },
      { kind: "freshness", source: "crm", maxAgeHours: 1 },
      { kind: "volume", min: 1 },
      { kind: "volume", source: "crm", max: 1 },
      { kind: "uniqueness", field: "customerId" },
      { kind: "relationships", maxClusterSize: 5, name: "mine", severity: "fail" },
    ])).toStrictEqual([
      { kind: "completeness", field: "email", mostly: 0.5, name: "completeness:email", severity: "fail" },
      { kind: "validity", field: "email", mostly: 0.5, name: "validity:email", severity: "warn" },
      { kind: "freshness", maxAgeHours: 1, name: "freshness", severity: "fail" },
      { kind: "freshness", source: "crm", maxAgeHours: 1, name: "freshness:crm", severity: "fail" },
      { kind: "volume", min: 1, name: "volume", severity: "fail" },
      { kind: "volume", source: "crm", max: 1, name: "volume:crm", severity: "fail" },
      { kind: "uniqueness", field: "customerId", name: "uniqueness:customerId", severity: "fail" },
      { kind: "relationships", maxClusterSize: 5, name: "mine", severity: "fail" },
    ]);
  });

  it("refuses a volume without bounds or with min above max, and duplicate names, naming the entry point", () => {
    expectInvalidOptions(thrown(() => parseExpectations([{ kind: "completeness", field: "email", mostly: 1 }, { kind: "volume" }])), "checkExpectations: expectations.1 (volume) needs min, max or both.");
    expectInvalidOptions(thrown(() => parseExpectations([{ kind: "volume", min: 5, max: 4 }], "ingestMany")), "ingestMany: expectations.0 (volume) has min above max.");
    expectInvalidOptions(thrown(() => parseExpectations([{ kind: "freshness", maxAgeHours: 1 }, { kind: "freshness", maxAgeHours: 2 }])), "checkExpectations: two expectations are named \"freshness\"; give each a distinct name.");
    expectInvalidOptions(thrown(() => parseExpectations([{ kind: "volume", min: 1, name: "x" }, { kind: "volume", max: 1, name: "x" }], "ingestMany")), "ingestMany: two expectations are named \"x\"; give each a distinct name.");
    expectInvalidOptions(thrown(() => parseExpectations([{ kind: "completeness", field: "email", mostly: 2 }])), "checkExpectations: invalid options. expectations.0.mostly: Too big: expected number to be <=1");
    expect(parseExpectations([{ kind: "volume", min: 3, max: 3 }, { kind: "volume", source: "a", min: 0 }, { kind: "volume", source: "b", max: 0 }]).map((e) => e.name)).toEqual(["volume", "volume:a", "volume:b"]);
    expect(parseExpectations([])).toEqual([]);
  });
});

describe("checkExpectations", () => {
  /** Four records: email in k:0–k:2 (unusable in k:0), phone never. */
  function fourRecords(): BatchSummary {
    const observer = observeBatch();
    for (let i = 0; i < 4; i++) observer.addRecord(record(`k:${i}`, "s", null, { present: i < 3 ? ["email"] : [], invalid: i === 0 ? ["email"] : [] }));
    return observer.summary();
  }

  it("completeness and validity: every field of passing and failing results, a share equal to mostly passes", () => {
    const report = checkExpectations(fourRecords(), [
      { kind: "completeness", field: "email", mostly: 0.75 },
      { kind: "completeness", field: "email", mostly: 0.76, name: "c2" },
      { kind: "validity", field: "email", mostly: 0.5 },
      { kind: "validity", field: "email", mostly: 0.7, name: "v2", severity: "warn" },
      { kind: "completeness", field: "phone", mostly: 0.5 },
      { kind: "validity", field: "phone", mostly: 1 },
    ], { now: NOW });
    const results: CheckResult[] = [
      { name: "completeness:email", kind: "completeness", severity: "fail", passed: true, observed: 0.75, threshold: { min: 0.75 }, total: 4, failing: 1, sample: [], message: null },
      { name: "c2", kind: "completeness", severity: "fail", passed: false, observed: 0.75, threshold: { min: 0.76 }, total: 4, failing: 1, sample: ["k:3"], message: "75% of the records have a value in email; expected at least 76%." },
      { name: "validity:email", kind: "validity", severity: "fail", passed: true, observed: 0.666667, threshold: { min: 0.5 }, total: 3, failing: 1, sample: [], message: null },
      { name: "v2", kind: "validity", severity: "warn", passed: false, observed: 0.666667, threshold: { min: 0.7 }, total: 3, failing: 1, sample: ["k:0"], message: "66.67% of the values in email are usable; expected at least 70%." },
      { name: "completeness:phone", kind: "completeness", severity: "fail", passed: false, observed: 0, threshold: { min: 0.5 }, total: 4, failing: 4, sample: ["k:0", "k:1", "k:2", "k:3"], message: "0% of the records have a value in phone; expected at least 50%." },
      { name: "validity:phone", kind: "validity", severity: "fail", passed: true, observed: null, threshold: { min: 1 }, total: 0, failing: 0, sample: [], message: null },
    ];
    expect(report).toStrictEqual({ passed: false, results, failed: [results[1], results[4]], warned: [results[3]] });
  });

  it("an empty batch passes completeness with nothing observed", () => {
    const [result] = checkExpectations(observeBatch().summary(), [{ kind: "completeness", field: "email", mostly: 1 }], { now: NOW }).results;
    expect(result).toStrictEqual({ name: "completeness:email", kind: "completeness", severity: "fail", passed: true, observed: null, threshold: { min: 1 }, total: 0, failing: 0, sample: [], message: null });
  });

  it("only failing `warn` checks: the report passes and lists them as warned", () => {
    const report = checkExpectations(fourRecords(), [{ kind: "volume", max: 1, severity: "warn" }, { kind: "volume", min: 1, name: "ok", severity: "warn" }, { kind: "volume", max: 9, name: "ok2" }], { now: NOW });
    expect(report.passed).toBe(true);
    expect(report.failed).toEqual([]);
    expect(report.warned.map((r) => r.name)).toEqual(["volume"]);
  });

  describe("freshness", () => {
    function sources(): BatchSummary {
      const observer = observeBatch();
      observer.addRecord(record("crm:1", "crm", NOW - 24 * HOUR));
      observer.addRecord(record("web:1", "web", NOW + HOUR));
      observer.addRecord(record("shop:1", "shop", NOW + HOUR + 1));
      observer.addRecord(record("news:1", "news", null));
      return observer.summary();
    }

    it("an age equal to maxAgeHours, and a record exactly one hour ahead, pass", () => {
      const [crm, web] = checkExpectations(sources(), [{ kind: "freshness", source: "crm", maxAgeHours: 24 }, { kind: "freshness", source: "web", maxAgeHours: 24 }], { now: NOW }).results;
      expect(crm).toStrictEqual({ name: "freshness:crm", kind: "freshness", severity: "fail", passed: true, observed: 24, threshold: { max: 24 }, total: 1, failing: 0, sample: [], message: null });
      expect(web).toStrictEqual({ name: "freshness:web", kind: "freshness", severity: "fail", passed: true, observed: -1, threshold: { max: 24 }, total: 1, failing: 0, sample: [], message: null });
    });

    it("stale, future, unknown and timeless sources fail with their messages", () => {
      const [stale, future, absent, all] = checkExpectations(sources(), [
        { kind: "freshness", source: "crm", maxAgeHours: 23.5, severity: "warn" },
        { kind: "freshness", source: "shop", maxAgeHours: 24 },
        { kind: "freshness", source: "absent", maxAgeHours: 24 },
        { kind: "freshness", maxAgeHours: 24 },
      ], { now: NOW }).results;
      expect(stale).toStrictEqual({ name: "freshness:crm", kind: "freshness", severity: "warn", passed: false, observed: 24, threshold: { max: 23.5 }, total: 1, failing: 1, sample: [], message: "1 source(s) have no record younger than 23.5 h; the stalest newest record is 24 h old." });
      expect(future).toStrictEqual({ name: "freshness:shop", kind: "freshness", severity: "fail", passed: false, observed: -1, threshold: { max: 24 }, total: 1, failing: 1, sample: [], message: "1 source(s) have a record dated more than an hour in the future." });
      expect(absent).toStrictEqual({ name: "freshness:absent", kind: "freshness", severity: "fail", passed: false, observed: null, threshold: { max: 24 }, total: 1, failing: 1, sample: [], message: "1 source(s) have no record younger than 24 h (no record with a time)." });
      expect(all).toStrictEqual({ name: "freshness", kind: "freshness", severity: "fail", passed: false, observed: null, threshold: { max: 24 }, total: 4, failing: 2, sample: [], message: "1 source(s) have no record younger than 24 h (no record with a time); 1 source(s) have a record dated more than an hour in the future." });
    });

    it("observes the stalest source wherever it comes, and a source less than an hour ahead", () => {
      const observer = observeBatch();
      observer.addRecord(record("a:1", "a", NOW - 2 * HOUR));
      observer.addRecord(record("b:1", "b", NOW - 5 * HOUR));
      observer.addRecord(record("c:1", "c", NOW - 3 * HOUR));
      observer.addRecord(record("d:1", "d", NOW + HOUR / 2));
      const [all, ahead] = checkExpectations(observer.summary(), [{ kind: "freshness", maxAgeHours: 4 }, { kind: "freshness", source: "d", maxAgeHours: 4 }], { now: new Date(NOW) }).results;
      expect(all).toStrictEqual({ name: "freshness", kind: "freshness", severity: "fail", passed: false, observed: 5, threshold: { max: 4 }, total: 4, failing: 1, sample: [], message: "1 source(s) have no record younger than 4 h; the stalest newest record is 5 h old." });
      expect(ahead).toMatchObject({ passed: true, observed: -0.5, failing: 0, message: null });
      const [two] = checkExpectations(observer.summary(), [{ kind: "freshness", maxAgeHours: 1 }], { now: "2026-12-04T12:00:00Z" }).results;
      expect(two).toMatchObject({ passed: false, observed: 5, total: 4, failing: 3, message: "3 source(s) have no record younger than 1 h; the stalest newest record is 5 h old." });
    });

    it("an empty batch has no source to judge", () => {
      const [result] = checkExpectations(observeBatch().summary(), [{ kind: "freshness", maxAgeHours: 1 }], { now: NOW }).results;
      expect(result).toStrictEqual({ name: "freshness", kind: "freshness", severity: "fail", passed: true, observed: null, threshold: { max: 1 }, total: 0, failing: 0, sample: [], message: null });
    });
  });

  it("volume: counts equal to min and max pass; messages for all records and one source", () => {
    const observer = observeBatch();
    observer.addRecord(record("crm:1", "crm", null));
    observer.addRecord(record("crm:2", "crm", null));
    observer.addRecord(record("web:1", "web", null));
    const results = checkExpectations(observer.summary(), [
      { kind: "volume", min: 3, max: 3 },
      { kind: "volume", source: "crm", min: 3 },
      { kind: "volume", max: 2, name: "v" },
      { kind: "volume", source: "absent", min: 0, max: 0 },
      { kind: "volume", source: "web", max: 5 },
    ], { now: NOW }).results;
    expect(results).toStrictEqual([
      { name: "volume", kind: "volume", severity: "fail", passed: true, observed: 3, threshold: { min: 3, max: 3 }, total: 3, failing: 0, sample: [], message: null },
      { name: "volume:crm", kind: "volume", severity: "fail", passed: false, observed: 2, threshold: { min: 3 }, total: 2, failing: 2, sample: [], message: "2 records from this source; expected 3 to any number." },
      { name: "v", kind: "volume", severity: "fail", passed: false, observed: 3, threshold: { max: 2 }, total: 3, failing: 3, sample: [], message: "3 records; expected 0 to 2." },
      { name: "volume:absent", kind: "volume", severity: "fail", passed: true, observed: 0, threshold: { min: 0, max: 0 }, total: 0, failing: 0, sample: [], message: null },
      { name: "volume:web", kind: "volume", severity: "fail", passed: true, observed: 1, threshold: { max: 5 }, total: 1, failing: 0, sample: [], message: null },
    ]);
  });

  it("uniqueness: profiles over the limit, sampled most ids first", () => {
    const observer = observeBatch();
    for (const [id, customerIds] of [["p1", 1], ["p2", 3], ["p3", 2], ["p4", 0], ["p5", 2]] as const) observer.addProfile({ id, records: 1, customerIds });
    const results = checkExpectations(observer.summary(), [
      { kind: "uniqueness", field: "customerId" },
      { kind: "uniqueness", field: "customerId", maxPerProfile: 2, name: "two" },
      { kind: "uniqueness", field: "customerId", maxPerProfile: 3, name: "three" },
    ], { now: NOW }).results;
    expect(results).toStrictEqual([
      { name: "uniqueness:customerId", kind: "uniqueness", severity: "fail", passed: false, observed: 3, threshold: { max: 0 }, total: 5, failing: 3, sample: ["p2", "p3", "p5"], message: "3 profile(s) hold more than 1 customer id(s)." },
      { name: "two", kind: "uniqueness", severity: "fail", passed: false, observed: 1, threshold: { max: 0 }, total: 5, failing: 1, sample: ["p2"], message: "1 profile(s) hold more than 2 customer id(s)." },
      { name: "three", kind: "uniqueness", severity: "fail", passed: true, observed: 0, threshold: { max: 0 }, total: 5, failing: 0, sample: [], message: null },
    ]);
  });

  it("relationships: oversized and shared profiles, together and apart", () => {
    const observer = observeBatch();
    observer.addProfile({ id: "a", records: 4, customerIds: 1 });
    observer.addProfile({ id: "b", records: 2, customerIds: 1 });
    observer.addProfile({ id: "c", records: 5, customerIds: 1 });
    observer.addProfile({ id: "d", records: 1, customerIds: 1, profilesPerRecord: 2 });
    observer.addProfile({ id: "e", records: 1, customerIds: 1, profilesPerRecord: 0 });
    const results = checkExpectations(observer.summary(), [
      { kind: "relationships", maxClusterSize: 4 },
      { kind: "relationships", maxClusterSize: 5, name: "five" },
      { kind: "relationships", maxClusterSize: 3, name: "three" },
    ], { now: NOW }).results;
    expect(results).toStrictEqual([
      { name: "relationships", kind: "relationships", severity: "fail", passed: false, observed: 3, threshold: { max: 0 }, total: 5, failing: 3, sample: ["c", "d", "e"], message: "1 profile(s) hold more than 4 records; 2 profile(s) hold a record that is not in exactly one profile." },
      { name: "five", kind: "relationships", severity: "fail", passed: false, observed: 2, threshold: { max: 0 }, total: 5, failing: 2, sample: ["d", "e"], message: "2 profile(s) hold a record that is not in exactly one profile." },
      { name: "three", kind: "relationships", severity: "fail", passed: false, observed: 4, threshold: { max: 0 }, total: 5, failing: 4, sample: ["c", "a", "d", "e"], message: "2 profile(s) hold more than 3 records; 2 profile(s) hold a record that is not in exactly one profile." },
    ]);
    const clean = observeBatch();
    clean.addProfile({ id: "a", records: 4, customerIds: 1 });
    clean.addProfile({ id: "b", records: 3, customerIds: 1, profilesPerRecord: 1 });
    const [over, fits] = checkExpectations(clean.summary(), [{ kind: "relationships", maxClusterSize: 3 }, { kind: "relationships", maxClusterSize: 4, name: "four" }]).results;
    expect(over).toStrictEqual({ name: "relationships", kind: "relationships", severity: "fail", passed: false, observed: 1, threshold: { max: 0 }, total: 2, failing: 1, sample: ["a"], message: "1 profile(s) hold more than 3 records." });
    expect(fits).toStrictEqual({ name: "four", kind: "relationships", severity: "fail", passed: true, observed: 0, threshold: { max: 0 }, total: 2, failing: 0, sample: [], message: null });
  });

  it("relationships samples at most five profiles, the largest first", () => {
    const observer = observeBatch();
    for (let k = 0; k < 6; k++) observer.addProfile({ id: `big${k}`, records: 10 + k, customerIds: 1 });
    observer.addProfile({ id: "s1", records: 1, customerIds: 1, profilesPerRecord: 2 });
    observer.addProfile({ id: "s2", records: 1, customerIds: 1, profilesPerRecord: 2 });
    const [result] = checkExpectations(observer.summary(), [{ kind: "relationships", maxClusterSize: 3 }]).results;
    expect(result).toMatchObject({ passed: false, failing: 8, sample: ["big5", "big4", "big3", "big2", "big1"] });
  });

  it("refuses options that are not an object, and a time it cannot read", () => {
    const summary = fourRecords();
    const unreadable = "checkExpectations: options are an object { now } (they could not be read).";
    expectInvalidOptions(thrown(() => checkExpectations(summary, [], null as never)), unreadable);
    expectInvalidOptions(thrown(() => checkExpectations(summary, [], 5 as never)), unreadable);
    expectInvalidOptions(thrown(() => checkExpectations(summary, [], { get now(): number { throw new Error("trap"); } })), unreadable);
    expectInvalidOptions(thrown(() => checkExpectations(summary, [], { now: "not a time" })), "checkExpectations: options.now is not a readable time.");
    expectInvalidOptions(thrown(() => checkExpectations(summary, [], { now: Number.NaN })), "checkExpectations: options.now is not a readable time.");
    expectInvalidOptions(thrown(() => checkExpectations(summary, [{ kind: "volume" }])), "checkExpectations: expectations.0 (volume) needs min, max or both.");
    expect(checkExpectations(summary, []).passed).toBe(true);
  });
});

describe("profileBatch", () => {
  it("measures every metric of a known summary, in name order", () => {
    const observer = observeBatch();
    observer.addRecord(record("a:0", "crm", null, { present: ["email"], invalid: ["email"], issueCodes: ["bad_email"] }));
    observer.addRecord(record("a:1", "crm", null, { present: ["email"] }));
    observer.addRecord(record("a:2", "crm", null, { present: ["email", "phone"], invalid: ["phone"], issueCodes: ["bad_phone", "bad_email"] }));
    observer.addRecord(record("a:3", "web", null, { invalid: ["fax"] }));
    observer.addRecord(record(null, "", null));
    for (const [outcome, times] of [["created", 2], ["merged", 3], ["joined", 1], ["split", 1], ["rejected", 1], ["skipped", 2]] as const) {
      for (let k = 0; k < times; k++) observer.addOutcome(outcome);
    }
    for (const [id, records] of [["p1", 1], ["p2", 1], ["p3", 2], ["p4", 5], ["p5", 6]] as const) observer.addProfile({ id, records, customerIds: 1 });
    observer.addPersonalization(personalized(2, 0));
    observer.addPersonalization(personalized(2, 1));
    observer.addPersonalization(personalized(3, 2, "suppress"));
    observer.addPersonalization(personalized(1, 0));
    const metrics = profileBatch(observer.summary());
    const share = (value: number, n: number): BatchMetric => ({ value, n, rate: true });
    const expected = {
      fallback_rate: share(0.5, 4),
      "invalid_rate:email": share(1 / 3, 3),
      "invalid_rate:phone": share(1, 1),
      "issue_share:bad_email": share(0.4, 5),
      "issue_share:bad_phone": share(0.2, 5),
      join_rate: share(0.4, 10),
      merge_rate: share(0.3, 10),
      new_profile_rate: share(0.2, 10),
      "null_rate:email": share(0.4, 5),
      "null_rate:fax": share(1, 5),
      "null_rate:phone": share(0.8, 5),
      profile_share_size_2plus: share(0.6, 5),
      profile_share_size_6plus: share(0.2, 5),
      profile_size_mean: { value: 3, n: 5, rate: false },
      reject_rate: share(0.1, 10),
      slot_fallback_rate: share(3 / 8, 8),
      "source_share:crm": share(0.6, 5),
      "source_share:web": share(0.2, 5),
      split_rate: share(0.1, 10),
      suppress_rate: share(0.25, 4),
    };
    expect(metrics).toStrictEqual(expected);
    expect(Object.keys(metrics)).toEqual(Object.keys(expected).sort());
  });

  it("measures nothing on n of 0, and refuses a summary it did not get from observeBatch", () => {
    expect(profileBatch(observeBatch().summary())).toStrictEqual({});
    expectInvalidOptions(thrown(() => profileBatch({} as never)), "profileBatch: the summary must come from observeBatch().summary().");
  });
});

describe("detectAnomalies", () => {
  const metric = (value: number, n = 100, rate = true): BatchMetric => ({ value, n, rate });

  /** Three earlier batches with a wobbling merge rate and steady fallback, suppress, null and size metrics. */
  function stored(): AnomalyBaseline {
    return {
      format: "profile-kit/baseline@1",
      batches: [0.375, 0.5, 0.625].map((merge, k) => ({
        at: k,
        metrics: { fallback_rate: metric(0.5), merge_rate: metric(merge), "null_rate:email": metric(0.5), profile_size_mean: metric(2, 10, false), suppress_rate: metric(0.5) },
      })),
    };
  }

  /** Four records without email, eight created profiles of four records, four messages all fallen back and suppressed. */
  function shifted(): BatchSummary {
    const observer = observeBatch();
    for (let i = 0; i < 4; i++) observer.addRecord(record(`crm:${i}`, "crm", null));
    for (let i = 0; i < 8; i++) observer.addOutcome("created");
    for (let i = 0; i < 4; i++) observer.addProfile({ id: `p${i}`, records: 4, customerIds: 1 });
    for (let i = 0; i < 4; i++) observer.addPersonalization(personalized(1, 1, "suppress"));
    return observer.summary();
  }

  const up = (name: string, value: number, mean: number): unknown => ({ metric: name, value, direction: "up", baseline: { mean, sd: 0, batches: 3 }, z: 2 });
  const mergeFlag = { metric: "merge_rate", value: 0, direction: "down", baseline: { mean: 0.5, sd: 0.125, batches: 3 }, z: -2.31 };

  it("flags each shift with its value, direction, baseline and z, largest |z| first, ties by name", () => {
    const report = detectAnomalies(shifted(), stored(), { z: 1.6, at: 99 });
    expect(report.flags).toStrictEqual([mergeFlag, up("fallback_rate", 1, 0.5), up("null_rate:email", 1, 0.5), up("profile_size_mean", 4, 2), up("suppress_rate", 1, 0.5)]);
    // The vanished field is measured as a null rate of 1 on the batch's records, in name order.
    expect(report.metrics).toStrictEqual({ ...profileBatch(shifted()), "null_rate:email": metric(1, 4) });
    expect(Object.keys(report.metrics)).toEqual(Object.keys(report.metrics).sort());
    // A flagged batch does not join the baseline.
    expect(report.baseline).toStrictEqual(stored());
  });

  it("a |z| equal to the limit is flagged, a larger limit is not", () => {
    expect(detectAnomalies(shifted(), stored(), { z: 2, at: 1 }).flags.map((f) => f.metric)).toEqual(["merge_rate", "fallback_rate", "null_rate:email", "profile_size_mean", "suppress_rate"]);
    expect(detectAnomalies(shifted(), stored(), { z: 2.001, at: 1 }).flags).toStrictEqual([mergeFlag]);
    // The default limit is 4: nothing here reaches it.
    expect(detectAnomalies(shifted(), stored()).flags).toEqual([]);
  });

  it("a share must move by minChange, a mean by minRelativeChange (equal is enough)", () => {
    const names = (options: DetectAnomaliesOptions): string[] => detectAnomalies(shifted(), stored(), { z: 1.6, at: 1, ...options }).flags.map((f) => f.metric);
    expect(names({ minChange: 0.5, minRelativeChange: 1 })).toEqual(["merge_rate", "fallback_rate", "null_rate:email", "profile_size_mean", "suppress_rate"]);
    expect(names({ minChange: 0.5000001, minRelativeChange: 1 })).toEqual(["profile_size_mean"]);
    expect(names({ minChange: 0.5, minRelativeChange: 1.0000001 })).toEqual(["merge_rate", "fallback_rate", "null_rate:email", "suppress_rate"]);
    expect(names({ minChange: 3, minRelativeChange: 0 })).toEqual(["profile_size_mean"]);
    expect(names({ minChange: 0, minRelativeChange: 3 })).toEqual(["merge_rate", "fallback_rate", "null_rate:email", "suppress_rate"]);
  });

  it("keepAnomalous adds a flagged batch to the baseline, with its time", () => {
    const report = detectAnomalies(shifted(), stored(), { z: 1.6, at: 99, keepAnomalous: true });
    expect(report.flags).toHaveLength(5);
    expect(report.baseline).toStrictEqual({ format: "profile-kit/baseline@1", batches: [...stored().batches, { at: 99, metrics: report.metrics }] });
    expect(detectAnomalies(shifted(), stored(), { z: 1.6, at: 99, keepAnomalous: false }).baseline).toStrictEqual(stored());
  });

  it("a mean that never varied is judged against a floor: z stays finite", () => {
    const baseline: AnomalyBaseline = { format: "profile-kit/baseline@1", batches: [0, 1, 2].map((at) => ({ at, metrics: { profile_size_mean: metric(0, 5, false) } })) };
    const observer = observeBatch();
    observer.addProfile({ id: "p", records: 1, customerIds: 0 });
    const [flag] = detectAnomalies(observer.summary(), baseline, { at: 1 }).flags;
    expect(flag).toStrictEqual({ metric: "profile_size_mean", value: 1, direction: "up", baseline: { mean: 0, sd: 0, batches: 3 }, z: 1e9 });
  });

  it("with no limits at all, an unchanged metric is flagged with direction down", () => {
    const baseline: AnomalyBaseline = { format: "profile-kit/baseline@1", batches: [0, 1, 2].map((at) => ({ at, metrics: { fallback_rate: metric(1, 4) } })) };
    const observer = observeBatch();
    observer.addPersonalization(personalized(1, 1));
    expect(detectAnomalies(observer.summary(), baseline, { at: 3, z: 0, minChange: 0 }).flags).toStrictEqual([{ metric: "fallback_rate", value: 1, direction: "down", baseline: { mean: 1, sd: 0, batches: 3 }, z: 0 }]);
  });

  it("judges a metric once it has minBatches earlier values, counting only the batches that had it", () => {
    const baseline = stored();
    const four: AnomalyBaseline = { format: "profile-kit/baseline@1", batches: [{ at: -1, metrics: { other: metric(0.5) } }, ...baseline.batches] };
    expect(detectAnomalies(shifted(), four, { z: 2.001, at: 1 })).toMatchObject({ flags: [mergeFlag] });
    expect(detectAnomalies(shifted(), four, { z: 2.001, at: 1, minBatches: 4 }).flags).toEqual([]);
    const two: AnomalyBaseline = { format: "profile-kit/baseline@1", batches: baseline.batches.slice(1) };
    expect(detectAnomalies(shifted(), two, { z: 0, at: 1 }).flags).toEqual([]);
    expect(detectAnomalies(shifted(), two, { z: 2.001, at: 1, minBatches: 2 }).flags.map((f) => [f.metric, f.baseline])).toEqual([["merge_rate", { mean: 0.5625, sd: Math.sqrt(0.0078125), batches: 2 }]]);
  });

  it("a vanished field counts only when the batch has records; a present one keeps its own rate", () => {
    const observer = observeBatch();
    for (let i = 0; i < 8; i++) observer.addOutcome("created");
    const empty = detectAnomalies(observer.summary(), stored(), { at: 5 });
    expect(empty.metrics).toStrictEqual({ join_rate: metric(0, 8), merge_rate: metric(0, 8), new_profile_rate: metric(1, 8), reject_rate: metric(0, 8), split_rate: metric(0, 8) });
    const withEmail = observeBatch();
    for (let i = 0; i < 4; i++) withEmail.addRecord(record(`crm:${i}`, "crm", null, { present: i < 2 ? ["email"] : [] }));
    const report = detectAnomalies(withEmail.summary(), stored(), { at: 5 });
    expect(report.metrics).toStrictEqual({ "invalid_rate:email": metric(0, 2), "null_rate:email": metric(0.5, 4), "source_share:crm": metric(1, 4) });
    expect(report.flags).toEqual([]);
  });

  it("a calm batch joins the baseline, which keeps the last `window` batches", () => {
    const observer = observeBatch();
    for (let i = 0; i < 4; i++) observer.addRecord(record(`crm:${i}`, "crm", null, { present: i < 2 ? ["email"] : [] }));
    const summary = observer.summary();
    const baseline = stored();
    const measured = { "invalid_rate:email": metric(0, 2), "null_rate:email": metric(0.5, 4), "source_share:crm": metric(1, 4) };
    expect(detectAnomalies(summary, baseline, { at: 7 }).baseline.batches).toStrictEqual([...baseline.batches, { at: 7, metrics: measured }]);
    expect(detectAnomalies(summary, baseline, { at: 7, window: 3 }).baseline.batches).toStrictEqual([...baseline.batches.slice(1), { at: 7, metrics: measured }]);
    // A flagged batch leaves the baseline out, trimmed to the window too.
    expect(detectAnomalies(shifted(), baseline, { z: 1.6, at: 7, window: 2, minBatches: 2 }).baseline.batches).toStrictEqual(baseline.batches.slice(1));
    // The default window is 20.
    const long: AnomalyBaseline = { format: "profile-kit/baseline@1", batches: Array.from({ length: 20 }, (_, at) => ({ at, metrics: {} })) };
    expect(detectAnomalies(summary, long, { at: 20 }).baseline.batches.map((b) => b.at)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
    expect(detectAnomalies(summary, null, { at: 7 }).baseline).toStrictEqual({ format: "profile-kit/baseline@1", batches: [{ at: 7, metrics: measured }] });
  });

  it("reads a stored baseline into a plain copy: extra keys dropped, metrics in name order", () => {
    const baseline = { format: "profile-kit/baseline@1", note: "x", batches: [{ at: 3, extra: true, metrics: { b: { value: 1, n: 0.5, rate: false, extra: 1 }, a: { value: 0, n: 2, rate: true } } }] };
    const report = detectAnomalies(observeBatch().summary(), baseline as never, { at: 4 });
    expect(report.baseline).toStrictEqual({ format: "profile-kit/baseline@1", batches: [{ at: 3, metrics: { a: { value: 0, n: 2, rate: true }, b: { value: 1, n: 0.5, rate: false } } }, { at: 4, metrics: {} }] });
    expect(Object.keys(report.baseline.batches[0]?.metrics ?? {})).toEqual(["a", "b"]);
  });

  it("refuses each malformed piece of a baseline", () => {
    const message = "detectAnomalies: the baseline must be a previous report's baseline (format profile-kit/baseline@1) or null.";
    const batch = (metrics: unknown, at: unknown = 1): unknown => ({ format: "profile-kit/baseline@1", batches: [{ at, metrics }] });
    const bad = [
      5,
      { format: "profile-kit/baseline@2", batches: [] },
      { format: "profile-kit/baseline@1", batches: {} },
      { format: "profile-kit/baseline@1", batches: [null] },
      { format: "profile-kit/baseline@1", batches: [5] },
      batch({}, "1"),
      batch(null),
      batch(5),
      batch({ m: null }),
      batch({ m: 5 }),
      batch({ m: { value: Number.NaN, n: 1, rate: true } }),
      batch({ m: { value: "1", n: 1, rate: true } }),
      batch({ m: { value: 1, n: "1", rate: true } }),
      batch({ m: { value: 1, n: Number.POSITIVE_INFINITY, rate: true } }),
      batch({ m: { value: 1, n: 0, rate: true } }),
      batch({ m: { value: 1, n: -1, rate: true } }),
      batch({ m: { value: 1, n: 1, rate: "true" } }),
      { format: "profile-kit/baseline@1", get batches(): unknown { throw new Error("trap"); } },
    ];
    for (const baseline of bad) expectInvalidOptions(thrown(() => detectAnomalies(observeBatch().summary(), baseline as never, { at: 1 })), message);
    expect(detectAnomalies(observeBatch().summary(), { format: "profile-kit/baseline@1", batches: [] }, { at: 1 }).baseline.batches).toEqual([{ at: 1, metrics: {} }]);
  });

  it("refuses each invalid option with its message", () => {
    const summary = observeBatch().summary();
    const run = (options: unknown) => (): unknown => detectAnomalies(summary, null, options as DetectAnomaliesOptions);
    const window = "detectAnomalies: window must be an integer from 1 to 10,000.";
    const minBatches = "detectAnomalies: minBatches must be an integer from 2 to window.";
    for (const value of [0, 10_001, 1.5, "3"]) expectInvalidOptions(thrown(run({ window: value, at: 1 })), window);
    expectInvalidOptions(thrown(run({ window: 1, at: 1 })), minBatches);
    for (const value of [1, 6, 2.5]) expectInvalidOptions(thrown(run({ window: 5, minBatches: value, at: 1 })), minBatches);
    for (const name of ["z", "minChange", "minRelativeChange"]) {
      for (const value of [-0.001, Number.NaN, Number.POSITIVE_INFINITY, "1"]) expectInvalidOptions(thrown(run({ [name]: value, at: 1 })), `detectAnomalies: ${name} must be a non-negative number.`);
    }
    expectInvalidOptions(thrown(run({ keepAnomalous: "yes", at: 1 })), "detectAnomalies: keepAnomalous is true or false.");
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, "5"]) expectInvalidOptions(thrown(run({ at: value })), "detectAnomalies: at must be epoch milliseconds.");
    const unreadable = "detectAnomalies: options are an object { window, minBatches, z, minChange, minRelativeChange, keepAnomalous, at } (they could not be read).";
    for (const options of [null, 5, { get window(): number { throw new Error("trap"); } }]) expectInvalidOptions(thrown(run(options)), unreadable);
    // The bounds themselves are accepted.
    for (const options of [{ window: 10_000 }, { window: 2, minBatches: 2 }, { window: 5, minBatches: 5 }, { z: 0, minChange: 0, minRelativeChange: 0 }, { at: 0 }, { keepAnomalous: true }]) {
      expect(failure(run({ at: 1, ...options }))).toBe("no error");
    }
    expect(failure(run({}))).toBe("no error");
  });
});
