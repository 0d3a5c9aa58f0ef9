import { describe, expect, it } from "vitest";
import { expectInvalidOptions, thrown } from "../../test/support/errors.js";
import { evaluateClusters, type ClusterEvaluation } from "./evaluateClusters.js";

const clustersOf = (...groups: readonly (readonly string[])[]): { recordIds: readonly string[] }[] => groups.map((recordIds) => ({ recordIds }));
const f1 = (p: number, r: number): number => (2 * p * r) / (p + r);

const NOT_A_TRUTH = "evaluateClusters: truth must be a Map or a plain object from record id to entity id.";
const NOT_AN_ARRAY = "evaluateClusters: clusters must be an array of clusters with recordIds.";
const NO_RECORD_IDS = "evaluateClusters: every cluster needs a recordIds array.";
const NOT_STRINGS = "evaluateClusters: record ids must be strings.";
const TWICE = "evaluateClusters: a record id appears in more than one cluster.";
const UNREADABLE = "evaluateClusters: the clusters or the truth could not be read (each cluster needs a recordIds array of strings).";
const NOTHING = "evaluateClusters: there are no record ids to evaluate.";

describe("evaluateClusters: exact scores", () => {
  const truth = { a: "p1", b: "p1", c: "p2", d: "p2", e: "p3" };

  it("scores a merge of two people and a split of one, pair by pair and record by record", () => {
    // Cells: {a,b,c} holds p1 ×2 and p2 ×1; {d} p2 ×1; {e} p3 ×1.
    const score = evaluateClusters(clustersOf(["a", "b", "c"], ["d"], ["e"]), truth);
    const bp = (4 / 3 + 1 / 3 + 1 + 1) / 5; // each record: correct companions / its cluster's size
    const br = (2 + 1 / 2 + 1 / 2 + 1) / 5; // each record: correct companions / its person's size
    expect(score).toEqual<ClusterEvaluation>({
      precision: 1 / 3,
      recall: 1 / 2,
      f1: expect.closeTo(0.4, 12) as number,
      bCubed: { precision: expect.closeTo(11 / 15, 12) as number, recall: expect.closeTo(0.8, 12) as number, f1: expect.closeTo(f1(11 / 15, 0.8), 12) as number },
      pairs: { truePositive: 1, predicted: 3, actual: 2 },
      records: 5,
    });
    expect(score.bCubed.precision).toBeCloseTo(bp, 12);
    expect(score.bCubed.recall).toBeCloseTo(br, 12);
  });

  it("scores bigger cells: three of one person with two of another", () => {
    const score = evaluateClusters(clustersOf(["a", "b", "c", "d", "e"], ["f"]), { a: "p1", b: "p1", c: "p1", d: "p2", e: "p2", f: "p2" });
    // Predicted 10 pairs, true positive 3 + 1, actual 3 + 3.
    expect(score.pairs).toEqual({ truePositive: 4, predicted: 10, actual: 6 });
    expect(score.precision).toBe(0.4);
    expect(score.recall).toBeCloseTo(2 / 3, 12);
    expect(score.f1).toBeCloseTo(f1(0.4, 2 / 3), 12);
    // B-cubed precision: 3 · 3/5 + 2 · 2/5 + 1 · 1/1 = 18/5 over 6; recall: 3 · 3/3 + 2 · 2/3 + 1 · 1/3 = 14/3 over 6.
    expect(score.bCubed.precision).toBeCloseTo(0.6, 12);
    expect(score.bCubed.recall).toBeCloseTo(14 / 18, 12);
    expect(score.bCubed.f1).toBeCloseTo(f1(0.6, 14 / 18), 12);
    expect(score.records).toBe(6);
  });

  it("reads precision as 1 when nothing is put together (singletons only)", () => {
    const score = evaluateClusters(clustersOf(["a"], ["b"], ["c"]), truth);
    expect(score).toEqual({ precision: 1, recall: 0, f1: 0, bCubed: { precision: 1, recall: expect.closeTo(2 / 3, 12) as number, f1: expect.closeTo(0.8, 12) as number }, pairs: { truePositive: 0, predicted: 0, actual: 1 }, records: 3 });
  });

  it("reads recall as 1 when nothing belongs together, and scores singletons of singletons perfectly", () => {
    expect(evaluateClusters(clustersOf(["c"], ["e"]), truth)).toEqual({ precision: 1, recall: 1, f1: 1, bCubed: { precision: 1, recall: 1, f1: 1 }, pairs: { truePositive: 0, predicted: 0, actual: 0 }, records: 2 });
    expect(evaluateClusters(clustersOf(["a", "c"]), truth)).toEqual({ precision: 0, recall: 1, f1: 0, bCubed: { precision: 0.5, recall: 1, f1: expect.closeTo(2 / 3, 12) as number }, pairs: { truePositive: 0, predicted: 1, actual: 0 }, records: 2 });
  });

  it("gives an F1 of 0, not NaN, when precision and recall are both 0", () => {
    const score = evaluateClusters(clustersOf(["a", "c"], ["b", "d"]), truth);
    expect(score).toEqual({ precision: 0, recall: 0, f1: 0, bCubed: { precision: 0.5, recall: 0.5, f1: 0.5 }, pairs: { truePositive: 0, predicted: 2, actual: 2 }, records: 4 });
  });

  it("ignores records missing from the truth, in cluster sizes too", () => {
    // {a, x} counts as a cluster of one: no predicted pair.
    expect(evaluateClusters(clustersOf(["a", "x"], ["b", "y", "z"]), truth)).toEqual({ precision: 1, recall: 0, f1: 0, bCubed: { precision: 1, recall: 0.5, f1: expect.closeTo(2 / 3, 12) as number }, pairs: { truePositive: 0, predicted: 0, actual: 1 }, records: 2 });
    expect(evaluateClusters(clustersOf(["x", "a", "y", "b"]), truth)).toMatchObject({ precision: 1, recall: 1, pairs: { truePositive: 1, predicted: 1, actual: 1 }, records: 2 });
    // A cluster with no labelled record, and one with no record at all, count for nothing.
    expect(evaluateClusters(clustersOf(["x", "y"], [], ["a", "b"]), truth)).toMatchObject({ precision: 1, recall: 1, f1: 1, records: 2 });
  });

  it("ignores entities that are not strings in a plain object, and keys a record id only by own properties", () => {
    expect(evaluateClusters(clustersOf(["a", "b", "c"]), { a: "p1", b: 1, c: "p1" } as never)).toMatchObject({ precision: 1, recall: 1, records: 2 });
    expect(evaluateClusters(clustersOf(["a", "constructor", "toString"]), { a: "p1" })).toMatchObject({ records: 1 });
    const nullPrototype = Object.assign(Object.create(null) as Record<string, string>, { a: "p1", b: "p1" });
    expect(evaluateClusters(clustersOf(["a", "b"]), nullPrototype)).toMatchObject({ precision: 1, recall: 1, records: 2 });
  });

  it("reads a Map as it reads a plain object", () => {
    const clusters = clustersOf(["a", "b", "c"], ["d"], ["e"]);
    expect(evaluateClusters(clusters, new Map(Object.entries(truth)))).toEqual(evaluateClusters(clusters, truth));
    expect(evaluateClusters(clustersOf(["a", "x"], ["b"]), new Map([["a", "p1"], ["b", "p1"]]))).toMatchObject({ precision: 1, recall: 0, records: 2 });
  });

  it("does not depend on the order of clusters or of records", () => {
    const forward = evaluateClusters(clustersOf(["a", "b", "c"], ["d"], ["e"]), truth);
    const backward = evaluateClusters(clustersOf(["e"], ["d"], ["c", "b", "a"]), truth);
    expect(backward.pairs).toEqual(forward.pairs);
    expect(backward.records).toBe(forward.records);
    for (const [a, b] of [[backward.precision, forward.precision], [backward.recall, forward.recall], [backward.f1, forward.f1], [backward.bCubed.precision, forward.bCubed.precision], [backward.bCubed.recall, forward.bCubed.recall], [backward.bCubed.f1, forward.bCubed.f1]] as const) {
      expect(a).toBeCloseTo(b, 12);
    }
  });
});

describe("evaluateClusters: refusals", () => {
  const truth = { a: "p1", b: "p1" };

  it("refuses a truth that is neither a Map nor a plain object", () => {
    for (const bad of [null, undefined, "a", 5, [], [["a", "p1"]], () => "p1"]) {
      expectInvalidOptions(thrown(() => evaluateClusters(clustersOf(["a"]), bad as never)), NOT_A_TRUTH);
    }
  });

  it("refuses clusters that are not an array", () => {
    for (const bad of [null, undefined, { recordIds: ["a"] }, "a"]) {
      expectInvalidOptions(thrown(() => evaluateClusters(bad as never, truth)), NOT_AN_ARRAY);
    }
  });

  it("refuses a cluster without a recordIds array, and record ids that are not strings", () => {
    expectInvalidOptions(thrown(() => evaluateClusters([{ recordIds: "a" }] as never, truth)), NO_RECORD_IDS);
    expectInvalidOptions(thrown(() => evaluateClusters([{}] as never, truth)), NO_RECORD_IDS);
    expectInvalidOptions(thrown(() => evaluateClusters([{ recordIds: ["a", 1] }] as never, truth)), NOT_STRINGS);
    expectInvalidOptions(thrown(() => evaluateClusters([{ recordIds: [null] }] as never, truth)), NOT_STRINGS);
  });

  it("refuses a record id in two clusters or twice in one, even one missing from the truth", () => {
    expectInvalidOptions(thrown(() => evaluateClusters(clustersOf(["a"], ["b", "a"]), truth)), TWICE);
    expectInvalidOptions(thrown(() => evaluateClusters(clustersOf(["a", "a"]), truth)), TWICE);
    expectInvalidOptions(thrown(() => evaluateClusters(clustersOf(["x"], ["x"]), truth)), TWICE);
  });

  it("refuses nothing to score, saying whether there were record ids at all", () => {
    expectInvalidOptions(thrown(() => evaluateClusters([], truth)), NOTHING);
    expectInvalidOptions(thrown(() => evaluateClusters(clustersOf([], []), truth)), NOTHING);
    expectInvalidOptions(thrown(() => evaluateClusters(clustersOf(["x", "y"], ["z"]), truth)), "evaluateClusters: none of the 3 record ids is in the truth; are the truth's keys the records' ids?");
    expectInvalidOptions(thrown(() => evaluateClusters(clustersOf(["x"]), new Map([["a", "p1"]]))), "evaluateClusters: none of the 1 record ids is in the truth; are the truth's keys the records' ids?");
  });

  it("refuses clusters or a truth that cannot be read, with the error as cause", () => {
    const nullCluster = thrown(() => evaluateClusters([null] as never, truth));
    expectInvalidOptions(nullCluster, UNREADABLE);
    expect((nullCluster as Error).cause).toBeInstanceOf(TypeError);
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const revokedTruth = thrown(() => evaluateClusters(clustersOf(["a"]), revoked.proxy));
    expectInvalidOptions(revokedTruth, UNREADABLE);
    expect((revokedTruth as Error).cause).toBeInstanceOf(TypeError);
    expectInvalidOptions(thrown(() => evaluateClusters(clustersOf(["a"]), new Proxy(new Map([["a", "p1"]]), {}))), UNREADABLE);
    const throwing = Object.defineProperty({}, "recordIds", {
      get: () => {
        throw new Error("no");
      },
    });
    expectInvalidOptions(thrown(() => evaluateClusters([throwing] as never, truth)), UNREADABLE);
  });
});

describe("evaluateClusters: a Map truth is read as a plain object is", () => {
  it("leaves out records whose entity is not a string (null for unlabelled) instead of making them one entity", () => {
    const clusters = [{ recordIds: ["a"] }, { recordIds: ["b"] }, { recordIds: ["c", "d"] }];
    const truth: Record<string, string | null> = { a: null, b: null, c: "p1", d: "p2" };
    const fromObject = evaluateClusters(clusters, truth as Record<string, string>);
    const fromMap = evaluateClusters(clusters, new Map(Object.entries(truth)) as Map<string, string>);
    expect(fromMap).toEqual(fromObject);
    expect(fromMap).toMatchObject({ records: 2, precision: 0, recall: 1, pairs: { truePositive: 0, predicted: 1, actual: 0 } });
    expect(() => evaluateClusters([{ recordIds: ["a", "b"] }], new Map([["a", null], ["b", null]]) as unknown as Map<string, string>)).toThrow(/none of the 2 record ids is in the truth/);
  });
});
