// What the HTML report is made of, checked directly on small hand-made runs: quality summed over chunks,
// masked values, and the resolution section's samples (which profiles, which records, in which order, how
// many), the threshold, the histogram around it and the errors against a truth column.
import { describe, expect, it } from "vitest";
import type { QualityReport } from "../cleanse/cleanseRecords.js";
import type { ClusterEvaluation } from "../identity/evaluateClusters.js";
import type { ResolveIdentitiesResult } from "../identity/types.js";
import { addQuality, EMPTY_QUALITY, layOutResolution, maskId, maskValue, type ResolutionInput } from "./reportData.js";

describe("addQuality", () => {
  it("adds records, problems, each field's counts and every issue count; fields and issues of one side only are kept", () => {
    const a: QualityReport = {
      records: 3, recordsWithProblems: 1,
      fields: { email: { valid: 2, fixed: 1, invalid: 0, missing: 0, issues: { invalid_email: 1 } } },
      issues: { invalid_email: 1 },
    };
    const b: QualityReport = {
      records: 5, recordsWithProblems: 2,
      fields: {
        email: { valid: 1, fixed: 0, invalid: 3, missing: 1, issues: { invalid_email: 2, placeholder_value: 1 } },
        phone: { valid: 4, fixed: 0, invalid: 1, missing: 0, issues: { invalid_phone: 1 } },
      },
      issues: { invalid_email: 2, placeholder_value: 1, invalid_phone: 1 },
    };
    expect(addQuality(a, b)).toEqual({
      records: 8, recordsWithProblems: 3,
      fields: {
        email: { valid: 3, fixed: 1, invalid: 3, missing: 1, issues: { invalid_email: 3, placeholder_value: 1 } },
        phone: { valid: 4, fixed: 0, invalid: 1, missing: 0, issues: { invalid_phone: 1 } },
      },
      issues: { invalid_email: 3, placeholder_value: 1, invalid_phone: 1 },
    });
    expect(addQuality(EMPTY_QUALITY, a)).toEqual(a);
    expect(addQuality(a, EMPTY_QUALITY)).toEqual(a);
    expect(EMPTY_QUALITY).toEqual({ records: 0, recordsWithProblems: 0, fields: {}, issues: {} });
  });
});

describe("maskValue, every field", () => {
  it.each([
    ["email", "jane@x.org", "j***@x.org"],
    ["email", "a.b@c@d.org", "a***@d.org"],
    ["email", "@x.org", "@***"],
    ["email", "no-at-sign", "n***"],
    ["phone", "+1 (212) 867-5309", "***09"],
    ["phone", "x", "***"],
    ["customerId", "CUS-000123", "***23"],
    ["dateOfBirth", "1980-04-02", "1980-**-**"],
    ["dateOfBirth", "02/04/1980", "****"],
    ["postalCode", "SW1A 1AA", "SW***"],
    ["country", "DE", "DE"],
    ["city", "Zürich", "Z***"],
    ["lastName", "😀Smile", "😀***"],
    ["street", "", ""],
  ])("%s %s → %s", (field, value, masked) => {
    expect(maskValue(field, value)).toBe(masked);
  });

  it("leaves a record id as it is unless it holds an @", () => {
    expect(maskId("orders-9")).toBe("orders-9");
    expect(maskId("x@y.z")).toBe("x***@y.z");
  });
});

// A hand-made resolve result: only what the report reads.
function result(clusters: readonly (readonly string[])[], more: { thresholdWeight?: number; bins?: { from: number; linked: number; notLinked: number }[]; pairs?: number } = {}): ResolveIdentitiesResult {
  const pair = (k: number): { a: string; b: string; explanation: unknown } => ({ a: `a${k}@mail.com`, b: `b${k}`, explanation: { k } });
  return {
    clusters: clusters.map((recordIds, c) => ({ id: `p${String(c).padStart(2, "0")}`, recordIds })),
    links: [],
    issues: [],
    stats: { records: clusters.flat().length, clusters: clusters.length, comparisons: 77, matchedPairs: 12, guards: { vetoes: 1 }, ruleMatches: { email: 3 } },
    scores: {
      thresholdWeight: more.thresholdWeight ?? 0,
      histogram: more.bins ?? [],
      weakestLinks: Array.from({ length: more.pairs ?? 6 }, (_, k) => pair(k)),
      nearMisses: Array.from({ length: more.pairs ?? 6 }, (_, k) => pair(10 + k)),
      model: { fields: {} },
      priorWeight: -9.5,
    },
  } as unknown as ResolveIdentitiesResult;
}

const input = (r: ResolveIdentitiesResult, rest: Partial<ResolutionInput> = {}): ResolutionInput => ({ result: r, truth: null, scores: null, masked: false, ...rest });

describe("layOutResolution, without a truth", () => {
  it("copies the run's figures, and turns the threshold's weight into a probability", () => {
    const section = layOutResolution(input(result([["r1", "r2"], ["r3"]], { thresholdWeight: 3 }))).complete(() => undefined);
    expect(section).toMatchObject({ records: 3, profiles: 2, comparisons: 77, matchedPairs: 12, guards: { vetoes: 1 }, ruleMatches: { email: 3 }, model: { fields: {} }, priorWeight: -9.5, evaluation: null, thresholdWeight: 3 });
    expect(section.threshold).toBe(0.888889);
    expect(layOutResolution(input(result([], { thresholdWeight: 0 }))).complete(() => undefined).threshold).toBe(0.5);
    expect(layOutResolution(input(result([], { thresholdWeight: -2.5 }))).complete(() => undefined).threshold).toBe(0.150221);
  });

  it("counts profiles by size, smallest size first", () => {
    const section = layOutResolution(input(result([["a"], ["b", "c", "d"], ["e"], ["f", "g"], ["h", "i", "j"]]))).complete(() => undefined);
    expect(section.clusterSizes).toEqual([{ size: 1, count: 2 }, { size: 2, count: 1 }, { size: 3, count: 2 }]);
  });

  it("extends the histogram with empty bins down or up to the threshold's bin, and gives one bin when there are none", () => {
    const bins = [{ from: 2, linked: 1, notLinked: 4 }, { from: 3, linked: 5, notLinked: 0 }];
    const at = (thresholdWeight: number): unknown => layOutResolution(input(result([], { thresholdWeight, bins }))).complete(() => undefined).histogram.map((b) => b.from);
    expect(at(2.5)).toEqual([2, 3]);
    expect(at(-0.5)).toEqual([-1, 0, 1, 2, 3]);
    expect(at(5.9)).toEqual([2, 3, 4, 5]);
    const low = layOutResolution(input(result([], { thresholdWeight: -0.5, bins }))).complete(() => undefined).histogram;
    expect(low[0]).toEqual({ from: -1, linked: 0, notLinked: 0 });
    expect(low.slice(3)).toEqual(bins);
    expect(layOutResolution(input(result([], { thresholdWeight: 4.2 }))).complete(() => undefined).histogram).toEqual([{ from: 4, linked: 0, notLinked: 0 }]);
  });

  it("shows the five largest profiles of two records or more, largest first then by id, at most twenty records each", () => {
    const big = Array.from({ length: 25 }, (_, k) => `big${k}`);
    const clusters = [["s1"], ["x1", "x2"], big, ["y1", "y2", "y3"], ["z1", "z2"], ["w1", "w2"], ["v1", "v2"], ["u1", "u2"]];
    const laid = layOutResolution(input(result(clusters)));
    const section = laid.complete(() => undefined);
    expect(section.largest.map((l) => [l.profileId, l.records.length])).toEqual([["p02", 20], ["p03", 3], ["p01", 2], ["p04", 2], ["p05", 2]]);
    expect(section.largest[0]?.records.map((r) => r["record"])).toEqual(big.slice(0, 20));
    expect(laid.shown).toEqual([...big.slice(0, 20), "y1", "y2", "y3", "x1", "x2", "z1", "z2", "w1", "w2"]);
  });

  it("shows the four weakest links and the four strongest non-links the run explained, ids masked when values are", () => {
    const plain = layOutResolution(input(result([]))).complete(() => undefined);
    expect(plain.linksNearThreshold).toEqual([0, 1, 2, 3].map((k) => ({ a: `a${k}@mail.com`, b: `b${k}`, why: { k } })));
    expect(plain.nonLinksBelow.map((p) => p.b)).toEqual(["b10", "b11", "b12", "b13"]);
    const masked = layOutResolution(input(result([], { pairs: 2 }), { masked: true })).complete(() => undefined);
    expect(masked.linksNearThreshold).toEqual([{ a: "a***@mail.com", b: "b0", why: { k: 0 } }, { a: "a***@mail.com", b: "b1", why: { k: 1 } }]);
    expect(masked.nonLinksBelow[0]).toEqual({ a: "a***@mail.com", b: "b10", why: { k: 10 } });
  });
});

describe("layOutResolution, filling the shown records in", () => {
  const values: Record<string, Record<string, unknown>> = {
    r1: { lastName: "Lee", firstName: "Ann", email: "ann@x.org", notShown: "zz", phone: "", city: null, dateOfBirth: "1990-01-02", country: "US" },
    "r2@mail.com": { customerId: 12345, street: "1 Main St", postalCode: "94110" },
  };

  it("gives each row the record, then the standard fields in the report's order, skipping empty ones; other values as JSON", () => {
    const section = layOutResolution(input(result([["r1", "r2@mail.com"]]))).complete((id) => values[id]);
    const [first, second] = section.largest[0]?.records ?? [];
    expect(Object.entries(first ?? {})).toEqual([["record", "r1"], ["firstName", "Ann"], ["lastName", "Lee"], ["email", "ann@x.org"], ["dateOfBirth", "1990-01-02"], ["country", "US"]]);
    expect(second).toEqual({ record: "r2@mail.com", customerId: "12345", street: "1 Main St", postalCode: "94110" });
  });

  it("masks ids and values when the input says so", () => {
    const section = layOutResolution(input(result([["r1", "r2@mail.com"]]), { masked: true })).complete((id) => values[id]);
    expect(section.largest[0]?.records).toEqual([
      { record: "r1", firstName: "A***", lastName: "L***", email: "a***@x.org", dateOfBirth: "1990-**-**", country: "US" },
      { record: "r***@mail.com", customerId: "***45", street: "1***", postalCode: "94***" },
    ]);
  });

  it("leaves a record it has no values for with its id only", () => {
    const section = layOutResolution(input(result([["r1", "gone"]]))).complete((id) => (id === "gone" ? undefined : values[id]));
    expect(section.largest[0]?.records[1]).toEqual({ record: "gone" });
  });
});

describe("layOutResolution, against a truth", () => {
  const scores = { precision: 0.5, recall: 0.75, f1: 0.6, bCubed: { precision: 0.9, recall: 0.8, f1: 0.85 }, pairs: { truePositive: 3, predicted: 6, actual: 4 } } as unknown as ClusterEvaluation;

  it("lists over-merged profiles (records of several labelled people) largest first, each record with its true person", () => {
    const labels = new Map([["a1", "A"], ["a2", "A"], ["b1", "B"], ["c1", "C"], ["c2", "C"], ["d1", "D"]]);
    // p00 mixes A and B (plus an unlabelled record), p01 is only C, p02 mixes C and D.
    const laid = layOutResolution(input(result([["a1", "b1", "u1"], ["c1"], ["c2", "d1"], ["a2"]]), { truth: { column: "person", labels }, scores }));
    const evaluation = laid.complete(() => undefined).evaluation;
    expect(evaluation).toMatchObject({ column: "person", precision: 0.5, recall: 0.75, f1: 0.6, bCubed: { f1: 0.85 }, pairs: { truePositive: 3 } });
    expect(evaluation?.falseMerges).toEqual([
      { profileId: "p00", records: [{ record: "a1", truth: "A" }, { record: "b1", truth: "B" }, { record: "u1", truth: "" }] },
      { profileId: "p02", records: [{ record: "c2", truth: "C" }, { record: "d1", truth: "D" }] },
    ]);
  });

  it("lists people split over the most profiles first (then by name), their records in the labels' order with the profile each is in", () => {
    // E is over three profiles, A and C over two each, B and D over one.
    const labels = new Map([["e3", "E"], ["c1", "C"], ["a1", "A"], ["e1", "E"], ["a2", "A"], ["b1", "B"], ["c2", "C"], ["e2", "E"], ["d1", "D"], ["e4", "E"]]);
    const clusters = [["a1", "b1"], ["a2"], ["c1", "e1", "e4"], ["c2"], ["e2"], ["e3", "d1"]];
    const evaluation = layOutResolution(input(result(clusters), { truth: { column: "t", labels }, scores })).complete(() => undefined).evaluation;
    expect(evaluation?.missedLinks.map((m) => m.entity)).toEqual(["E", "A", "C"]);
    expect(evaluation?.missedLinks[0]?.records).toEqual([
      { record: "e3", profile: "p05" }, { record: "e1", profile: "p02" }, { record: "e2", profile: "p04" }, { record: "e4", profile: "p02" },
    ]);
    expect(evaluation?.missedLinks[1]?.records).toEqual([{ record: "a1", profile: "p00" }, { record: "a2", profile: "p01" }]);
  });

  it("shows at most five people, five over-merged profiles and twenty records each; a record shown twice is looked up once", () => {
    const labels = new Map<string, string>();
    const clusters: string[][] = [];
    // Seven people, each split over two profiles that each also hold one record of the next person.
    for (let k = 0; k < 7; k++) {
      clusters.push([`p${k}a`, `p${(k + 1) % 7}b`], [`p${k}c`]);
      for (const suffix of ["a", "b", "c"]) labels.set(`p${k}${suffix}`, `P${k}`);
    }
    const many = Array.from({ length: 30 }, (_, i) => `m${i}`);
    clusters.push(many);
    for (const id of many) labels.set(id, id === "m0" ? "M0" : "M");
    // Q: 25 records over four profiles, the most split of all.
    const q = Array.from({ length: 25 }, (_, i) => `q${i}`);
    clusters.push(q.slice(0, 22), ["q22"], ["q23"], ["q24"]);
    for (const id of q) labels.set(id, "Q");
    const laid = layOutResolution(input(result(clusters), { truth: { column: "t", labels }, scores }));
    const evaluation = laid.complete(() => undefined).evaluation;
    expect(evaluation?.falseMerges).toHaveLength(5);
    expect(evaluation?.falseMerges[0]?.records.map((r) => r["record"])).toEqual(many.slice(0, 20));
    expect(evaluation?.missedLinks.map((m) => m.entity)).toEqual(["Q", "P0", "P1", "P2", "P3"]);
    expect(evaluation?.missedLinks[0]?.records.map((r) => r["record"])).toEqual(q.slice(0, 20));
    expect(new Set(laid.shown).size).toBe(laid.shown.length);
  });

  it("has no evaluation without scores, even with a truth", () => {
    const labels = new Map([["a", "A"]]);
    expect(layOutResolution(input(result([["a"]]), { truth: { column: "t", labels }, scores: null })).complete(() => undefined).evaluation).toBeNull();
  });
});
