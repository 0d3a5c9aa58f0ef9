import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateClusters } from "./evaluateClusters.js";

/** The definitions, computed the slow way: every pair of labelled records, every labelled record's companions. */
function naive(clusters: readonly (readonly string[])[], truth: ReadonlyMap<string, string>): { tp: number; predicted: number; actual: number; bp: number; br: number; records: number } {
  const labelled = clusters.map((ids) => ids.filter((id) => truth.has(id)));
  const all = labelled.flat();
  const clusterOf = new Map<string, number>();
  labelled.forEach((ids, c) => { for (const id of ids) clusterOf.set(id, c); });
  let tp = 0;
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i] as string;
      const b = all[j] as string;
      const same = clusterOf.get(a) === clusterOf.get(b);
      const person = truth.get(a) === truth.get(b);
      if (same) predicted++;
      if (person) actual++;
      if (same && person) tp++;
    }
  }
  let bp = 0;
  let br = 0;
  for (const a of all) {
    const mates = all.filter((b) => clusterOf.get(b) === clusterOf.get(a));
    const people = all.filter((b) => truth.get(b) === truth.get(a));
    const correct = mates.filter((b) => truth.get(b) === truth.get(a)).length;
    bp += correct / mates.length;
    br += correct / people.length;
  }
  return { tp, predicted, actual, bp: bp / all.length, br: br / all.length, records: all.length };
}

describe("evaluateClusters (properties)", () => {
  it("counts pairs and B-cubed scores as their definitions do, on any clustering and partial truth", () => {
    const case_ = fc
      .array(fc.record({ cluster: fc.nat(6), person: fc.option(fc.nat(4), { nil: undefined }) }), { minLength: 1, maxLength: 30 })
      .filter((rows) => rows.some((row) => row.person !== undefined));
    fc.assert(
      fc.property(case_, (rows) => {
        const byCluster = new Map<number, string[]>();
        const truth = new Map<string, string>();
        rows.forEach((row, k) => {
          const id = `r${k}`;
          byCluster.set(row.cluster, [...(byCluster.get(row.cluster) ?? []), id]);
          if (row.person !== undefined) truth.set(id, `p${row.person}`);
        });
        const clusters = [...byCluster.values()];
        const score = evaluateClusters(clusters.map((recordIds) => ({ recordIds })), truth);
        const expected = naive(clusters, truth);
        expect(score.pairs).toEqual({ truePositive: expected.tp, predicted: expected.predicted, actual: expected.actual });
        expect(score.records).toBe(expected.records);
        expect(score.bCubed.precision).toBeCloseTo(expected.bp, 12);
        expect(score.bCubed.recall).toBeCloseTo(expected.br, 12);
      }),
    );
  });
});
