import { describe, expect, it } from "vitest";
import { _DEFAULT_SOURCE_PRIORITY } from "./_policy.js";
import { DEFAULT_MERGE_POLICY } from "./defaultMergePolicy.js";
import { mergeRecords } from "./mergeRecords.js";

describe("DEFAULT_MERGE_POLICY", () => {
  it("is the documented policy: names and birth date by majority, then source, then recency; the address kept together", () => {
    expect(DEFAULT_MERGE_POLICY).toEqual({
      attributes: {
        firstName: { strategy: ["mostFrequent", "sourcePriority", "mostRecent"] },
        lastName: { strategy: ["mostFrequent", "sourcePriority", "mostRecent"] },
        dateOfBirth: { strategy: ["mostFrequent", "sourcePriority", "mostRecent"] },
        customerId: { strategy: ["sourcePriority", "mostRecent"] },
        email: { strategy: "mostRecent" },
        phone: { strategy: "mostRecent" },
        street: { strategy: "mostRecent" },
      },
      defaultRule: { strategy: "mostRecent" },
      sourcePriority: _DEFAULT_SOURCE_PRIORITY,
      groups: [["street", "city", "region", "postalCode", "country"]],
    });
  });

  it("is frozen all the way down, so no caller can change the default for everyone", () => {
    const seen: unknown[] = [];
    const walk = (value: unknown): void => {
      if (typeof value !== "object" || value === null) return;
      seen.push(value);
      for (const inner of Object.values(value)) walk(inner);
    };
    walk(DEFAULT_MERGE_POLICY);
    expect(seen.length).toBeGreaterThan(10);
    for (const value of seen) expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (DEFAULT_MERGE_POLICY.attributes?.["lastName"]?.strategy as string[]).push("longest");
    }).toThrow(TypeError);
  });

  it("keeps a person's address whole: no region or country of an older address beside a newer street", () => {
    const golden = mergeRecords([
      { id: "a", source: "crm", street: "1 Old Road", city: "Leeds", region: "West Yorkshire", postalCode: "LS1 1AA", country: "GB", updatedAt: "2024-01-01T00:00:00Z" },
      { id: "b", source: "web", street: "9 New Street", city: "Boston", postalCode: "02108", updatedAt: "2024-06-01T00:00:00Z" },
    ]);
    expect(golden.attributes).toEqual({ street: "9 New Street", city: "Boston", region: null, postalCode: "02108", country: null });
    expect(golden.provenance["region"]?.strategy).toBe("group:street");
  });
});
