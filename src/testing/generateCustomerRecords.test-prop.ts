import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCustomerNdjson } from "./generateCustomerNdjson.js";
import { generateCustomerRecords } from "./generateCustomerRecords.js";

describe("generateCustomerRecords (properties)", () => {
  it("is a pure function of its options and makes exactly the requested people", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 3, noNaN: true }), (seed, entities, noise) => {
        const a = [...generateCustomerNdjson({ seed, entities, noise })].join("");
        const b = [...generateCustomerNdjson({ seed, entities, noise })].join("");
        expect(a).toBe(b);
        const people = new Set([...generateCustomerRecords({ seed, entities, noise })].map((g) => g.entityId));
        expect(people.size).toBe(entities);
      }),
      { numRuns: 60 },
    );
  });
});
