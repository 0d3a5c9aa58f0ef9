import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { evaluateClusters } from "./evaluateClusters.js";

describe("evaluateClusters", () => {
  const truth = { a: "p1", b: "p1", c: "p1", d: "p2", e: "p2", f: "p3" };

  it("scores a perfect clustering 1", () => {
    const score = evaluateClusters([{ recordIds: ["a", "b", "c"] }, { recordIds: ["d", "e"] }, { recordIds: ["f"] }], truth);
    expect(score).toMatchObject({ precision: 1, recall: 1, f1: 1, pairs: { truePositive: 4, predicted: 4, actual: 4 }, records: 6 });
    expect(score.bCubed).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it("counts pairs from the contingency table: over-merging costs precision, splitting costs recall", () => {
    const merged = evaluateClusters([{ recordIds: ["a", "b", "c", "d", "e", "f"] }], truth);
    expect(merged.pairs).toEqual({ truePositive: 4, predicted: 15, actual: 4 });
    expect(merged.precision).toBeCloseTo(4 / 15);
    expect(merged.recall).toBe(1);
    const split = evaluateClusters([{ recordIds: ["a", "b"] }, { recordIds: ["c"] }, { recordIds: ["d"] }, { recordIds: ["e"] }, { recordIds: ["f"] }], truth);
    expect(split.precision).toBe(1);
    expect(split.recall).toBeCloseTo(1 / 4);
    // B-cubed: a and b each see 2 of their 3, c sees 1 of 3; d, e see 1 of 2; f sees 1 of 1.
    expect(split.bCubed.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1 / 2 + 1 / 2 + 1) / 6);
  });

  it("accepts a Map, ignores records without truth, and rejects a record in two clusters", () => {
    const score = evaluateClusters([{ recordIds: ["a", "b", "zz"] }], new Map([["a", "p1"], ["b", "p1"]]));
    expect(score.records).toBe(2);
    expect(score.f1).toBe(1);
    expect(() => evaluateClusters([{ recordIds: ["a"] }, { recordIds: ["a"] }], truth)).toThrow(expect.objectContaining({ code: "invalid_options" }));
  });

  it("refuses truth that cannot score anything instead of reporting a perfect 1.0 over no records", () => {
    const clusters = [{ recordIds: ["a", "b"] }];
    const codes = [null, ["p1", "p1"], "truth", { x: "p1", y: "p1" }, new Map([["x", "p1"]])].map((bad) => {
      try {
        evaluateClusters(clusters, bad as never);
        return "no error";
      } catch (error) {
        return isProfileKitError(error) ? error.code : String(error);
      }
    });
    expect(codes).toEqual(["invalid_options", "invalid_options", "invalid_options", "invalid_options", "invalid_options"]);
    expect(() => evaluateClusters([], truth)).toThrow(/no record ids/);
    expect(() => evaluateClusters([{ recordIds: [1] }] as never, truth)).toThrow(/strings/);
    expect(() => evaluateClusters(null as never, truth)).toThrow(/array/);
  });
});
