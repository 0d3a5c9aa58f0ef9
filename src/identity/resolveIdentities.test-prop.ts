import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { resolveIdentities } from "./resolveIdentities.js";

const pool = [...generateCustomerRecords({ entities: 150, seed: 17, noise: 1.5 })].map((g) => g.record);

describe("resolveIdentities (properties)", () => {
  it("is deterministic and independent of input order", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 0, maxLength: 120 }), fc.integer(), (subset, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(subset, { minLength: subset.length, maxLength: subset.length }), { numRuns: 1, seed })[0] ?? subset;
        const a = resolveIdentities(subset);
        const b = resolveIdentities(shuffled);
        expect(b.clusters).toEqual(a.clusters);
        expect(b.links.length).toBe(a.links.length);
        expect(new Set(a.clusters.flatMap((cluster) => cluster.recordIds)).size).toBe(subset.length);
      }),
      { numRuns: 40 },
    );
  });
});
