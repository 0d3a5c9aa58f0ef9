import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { mergeRecords } from "./mergeRecords.js";

const byPerson = new Map<string, Record<string, unknown>[]>();
for (const g of generateCustomerRecords({ entities: 120, seed: 12 })) {
  const list = byPerson.get(g.entityId) ?? [];
  list.push(g.record);
  byPerson.set(g.entityId, list);
}
const people = [...byPerson.values()];

describe("mergeRecords (properties)", () => {
  it("does not depend on record order (default policy: every strategy is order-independent)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...people), fc.integer(), (records, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }), { numRuns: 1, seed })[0] ?? records;
        expect(mergeRecords(shuffled)).toEqual(mergeRecords(records));
      }),
      { numRuns: 100 },
    );
  });

  it("merging a profile's records again changes nothing, and unmerge then re-merge restores the profile", () => {
    fc.assert(
      fc.property(fc.constantFrom(...people), fc.nat(), (records, pick) => {
        const profile = mergeRecords(records);
        expect(mergeRecords(records)).toEqual(profile);
        const out = records[pick % records.length] as Record<string, unknown>;
        const rest = records.filter((r) => r !== out);
        expect(mergeRecords([...rest, out])).toEqual(profile);
      }),
      { numRuns: 100 },
    );
  });
});
