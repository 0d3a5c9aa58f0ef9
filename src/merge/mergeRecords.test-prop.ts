import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { mergeRecords } from "./mergeRecords.js";
import type { MergePolicy, SelectStrategy } from "./types.js";

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

  it("does not depend on record order for any strategy that claims it, alone or chained, with groups or without", () => {
    // Numbers, booleans and lists beside the generator's texts, derived from each record's id.
    const enrich = (record: Record<string, unknown>, i: number): Record<string, unknown> => {
      const id = String(record["id"]);
      let h = 7;
      for (let k = 0; k < id.length; k++) h = (h * 31 + id.charCodeAt(k)) % 1000;
      return { ...record, ltv: h % 7 === 0 ? null : h % 50, vip: h % 3 === 0, tags: h % 4 === 0 ? [] : [`t${h % 5}`, `t${(h + i) % 3}`] };
    };
    const select: SelectStrategy[] = ["mostRecent", "oldest", "sourcePriority", "mostFrequent", "longest", "min", "max", "trust", "consent"];
    const strategy = fc.oneof(
      fc.constantFrom<MergePolicy["defaultRule"] & object>(...select.map((s) => ({ strategy: s })), { strategy: "union" }, { strategy: "union", order: "frequency" }, { strategy: "union", order: "alphabetical", limit: 2 }, { strategy: "any" }, { strategy: "all" }),
      fc.shuffledSubarray(select, { minLength: 2, maxLength: 4 }).map((chain) => ({ strategy: chain })),
    );
    const onConflict = fc.constantFrom<"flag" | "ignore" | "refuse" | { prefer: string }>("flag", "ignore", "refuse", { prefer: "web" });
    fc.assert(
      fc.property(fc.constantFrom(...people), strategy, onConflict, fc.boolean(), fc.integer(), (people, rule, conflict, grouped, seed) => {
        const records = people.map(enrich);
        const policy: MergePolicy = {
          defaultRule: { ...rule, onConflict: conflict },
          trust: { crm: { max: 0.9, min: 0.5, decayDays: 365 }, web: { max: 0.8, min: 0.2, decayDays: 90 }, orders: { max: 0.7, min: 0.6, decayDays: 700 } },
          sourcePriority: ["crm", "orders", "support", "web", "newsletter"],
          groups: grouped ? [["street", "city", "postalCode", "country"]] : [],
        };
        const options = { now: "2025-01-01T00:00:00.000Z" };
        const shuffled = fc.sample(fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }), { numRuns: 1, seed })[0] ?? records;
        expect(mergeRecords(shuffled, { policy, ...options })).toEqual(mergeRecords(records, { policy, ...options }));
      }),
      { numRuns: 300 },
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
