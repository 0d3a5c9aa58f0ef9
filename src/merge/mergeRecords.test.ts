import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _clusterId } from "../shared/_hash.js";
import { mergeRecords } from "./mergeRecords.js";
import type { MergePolicy } from "./types.js";
import { unmergeRecord } from "./unmergeRecord.js";

const records = [
  { id: "crm-1", source: "crm", updatedAt: "2022-01-01T00:00:00Z", firstName: "Robert", lastName: "Smith", email: "rob@old.com", street: "1 OAK ST", city: "Boston", postalCode: "02163", ltv: 100, vip: true, emailOptIn: true },
  { id: "web-1", source: "web", updatedAt: "2024-06-01T00:00:00Z", firstName: "Bob", lastName: "Smith", email: "bob@new.com", ltv: 50, vip: false, emailOptIn: true },
  { id: "orders-1", source: "orders", updatedAt: "2023-03-01T00:00:00Z", firstName: "Robert", lastName: "SMITH", street: "9 ELM ST", city: "Cambridge", postalCode: "02139", ltv: 25, emailOptIn: false },
];

describe("mergeRecords", () => {
  it("builds a golden profile with the default policy, provenance for every value, and conflicts", () => {
    const profile = mergeRecords(records);
    expect(profile.id).toBe(_clusterId("crm-1"));
    expect(profile.recordIds).toEqual(["crm-1", "orders-1", "web-1"]);
    expect(profile.attributes).toMatchObject({ firstName: "Robert", lastName: "Smith", email: "bob@new.com", street: "9 ELM ST", city: "Cambridge", postalCode: "02139" });
    expect(profile.provenance["email"]).toMatchObject({ recordId: "web-1", source: "web", observedAt: "2024-06-01T00:00:00Z", strategy: "mostRecent" });
    expect(profile.provenance["email"]?.alternatives).toEqual([{ value: "rob@old.com", recordId: "crm-1", source: "crm" }]);
    // The address comes from one record, all of it.
    expect(profile.provenance["city"]).toMatchObject({ recordId: "orders-1", strategy: "group:street" });
    expect(profile.conflicts.map((c) => c.attribute).sort()).toEqual(["email", "emailOptIn", "firstName", "ltv", "street", "vip"]);
    // lastName: "Smith" and "SMITH" are the same value, not a conflict.
    expect(profile.conflicts.find((c) => c.attribute === "lastName")).toBeUndefined();
  });

  it("reads canonical and other timestamps alike, and keeps a group to one record even when ids repeat", () => {
    const profile = mergeRecords([
      { id: "a", source: "crm", updatedAt: "2023-05-01T10:00:00.000Z", street: "1 OAK ST", city: "Boston", email: "a@x.com" },
      { id: "a", source: "web", updatedAt: "2023-05-01T12:00:00+01:00", street: "", city: "Salem", email: "b@x.com" },
      { id: "b", source: "orders", updatedAt: 1_682_942_400_000, email: "c@x.com" },
    ]);
    // 12:00+01:00 is 11:00Z: newer than the CRM record, older than the orders record (12:00Z).
    expect(profile.attributes["email"]).toBe("c@x.com");
    expect(profile.provenance["email"]?.alternatives.map((a) => a.value)).toEqual(["a@x.com", "b@x.com"]);
    // The web record is the most recent holding any part of the address: its city, and its empty street (null), not the street of the other "a".
    expect(profile.attributes).toMatchObject({ city: "Salem", street: null });
    expect(profile.provenance["city"]).toMatchObject({ source: "web", observedAt: "2023-05-01T12:00:00+01:00" });
    expect(profile.provenance["street"]?.alternatives).toEqual([{ value: "1 OAK ST", recordId: "a", source: "crm" }]);
    expect(profile.issues).toEqual([]);
  });

  it("lists each alternative once, in small and large profiles alike", () => {
    for (const size of [6, 40]) {
      const many = Array.from({ length: size }, (_, i) => ({ id: `r${String(i).padStart(2, "0")}`, source: "crm", updatedAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(), email: ["a@x.com", "B@X.com ", "c@x.com"][i % 3] }));
      const profile = mergeRecords(many);
      const winner = profile.attributes["email"];
      expect(profile.provenance["email"]?.alternatives.map((a) => a.value)).toEqual(["a@x.com", "B@X.com ", "c@x.com"].filter((v) => v.trim().toLowerCase() !== String(winner).trim().toLowerCase()));
      expect(profile.provenance["email"]?.contributors).toHaveLength(size);
    }
  });

  it("merges consent conservatively: an opt-out beats every older opt-in, a newer opt-in re-subscribes", () => {
    expect(mergeRecords(records.slice(0, 1).concat(records[2] as never)).attributes["emailOptIn"]).toBe(false);
    const profile = mergeRecords(records);
    expect(profile.attributes["emailOptIn"]).toBe(true);
    expect(profile.provenance["emailOptIn"]).toMatchObject({ recordId: "web-1", strategy: "consent" });
    const tie = mergeRecords([
      { id: "a", source: "crm", updatedAt: "2024-01-01T00:00:00Z", unsubscribed: false },
      { id: "b", source: "web", updatedAt: "2024-01-01T00:00:00Z", unsubscribed: true },
    ]);
    expect(tie.attributes["unsubscribed"]).toBe(true);
    expect(tie.provenance["unsubscribed"]?.recordId).toBe("b");
  });

  const strategies: readonly [MergePolicy["defaultRule"], unknown][] = [
    [{ strategy: "mostRecent" }, 50],
    [{ strategy: "oldest" }, 100],
    [{ strategy: "sourcePriority" }, 100],
    [{ strategy: ["sourcePriority", "mostRecent"] }, 100],
    [{ strategy: "mostFrequent" }, 50],
    [{ strategy: "min" }, 25],
    [{ strategy: "max" }, 100],
    [{ strategy: "sum" }, 175],
    [{ strategy: "average" }, 175 / 3],
    [{ strategy: "union", limit: 2 }, [50, 25]],
    [{ strategy: (candidates) => candidates.length }, 3],
  ];
  for (const [rule, expected] of strategies) {
    it(`applies ${typeof rule?.strategy === "function" ? "a custom function" : JSON.stringify(rule)} to a number`, () => {
      const profile = mergeRecords(records, { policy: { attributes: { ltv: rule as never }, sourcePriority: ["crm", "orders", "web"] } });
      expect(profile.attributes["ltv"]).toEqual(expected);
    });
  }

  it("applies longest, firstNonNull, any and all", () => {
    const policy: MergePolicy = { attributes: { firstName: { strategy: "longest" }, lastName: { strategy: "firstNonNull" }, vip: { strategy: "any" }, emailOptIn: { strategy: "all" } } };
    const profile = mergeRecords(records, { policy });
    expect(profile.attributes).toMatchObject({ firstName: "Robert", lastName: "Smith", vip: true, emailOptIn: false });
  });

  it("decays source trust so a fresh web form can beat an old CRM value", () => {
    const trust = { crm: { max: 0.9, min: 0.3, decayDays: 365 }, web: { max: 0.6, min: 0.2, decayDays: 365 } };
    const recent = mergeRecords(records.slice(0, 2), { policy: { attributes: { email: { strategy: "trust" } }, trust }, now: "2024-07-01T00:00:00Z" });
    expect(recent.attributes["email"]).toBe("bob@new.com");
    const early = mergeRecords(records.slice(0, 2), { policy: { attributes: { email: { strategy: "trust" } }, trust }, now: "2022-01-02T00:00:00Z" });
    expect(early.attributes["email"]).toBe("rob@old.com");
  });

  it("flags, ignores or refuses conflicts, with a tolerance for numbers", () => {
    const refuse = mergeRecords(records, { policy: { attributes: { email: { strategy: "mostRecent", onConflict: "refuse" } } } });
    expect(refuse.attributes["email"]).toBeNull();
    expect(refuse.conflicts.find((c) => c.attribute === "email")?.resolvedBy).toBe("refused");
    expect(refuse.issues.map((i) => i.code)).toContain("refused_conflict");
    const ignore = mergeRecords(records, { policy: { attributes: { email: { strategy: "mostRecent", onConflict: "ignore" } } } });
    expect(ignore.conflicts.find((c) => c.attribute === "email")).toBeUndefined();
    const tolerant = mergeRecords(records, { policy: { attributes: { ltv: { strategy: "max", tolerance: 100 } } } });
    expect(tolerant.conflicts.find((c) => c.attribute === "ltv")).toBeUndefined();
  });

  it("prefers a named side on conflict, and orders unions by recency, frequency or alphabet", () => {
    const prefer = mergeRecords(records, { policy: { attributes: { email: { strategy: "mostRecent", onConflict: { prefer: "crm" } } } } });
    expect(prefer.attributes["email"]).toBe("rob@old.com");
    expect(prefer.conflicts.find((c) => c.attribute === "email")?.resolvedBy).toBe("prefer:crm");
    const names = [
      { id: "1", source: "crm", updatedAt: "2020-01-01T00:00:00Z", tags: ["b", "a"] },
      { id: "2", source: "web", updatedAt: "2024-01-01T00:00:00Z", tags: ["c", "a"] },
    ];
    expect(mergeRecords(names, { policy: { attributes: { tags: { strategy: "union" } } } }).attributes["tags"]).toEqual(["c", "a", "b"]);
    expect(mergeRecords(names, { policy: { attributes: { tags: { strategy: "union", order: "frequency" } } } }).attributes["tags"]).toEqual(["a", "c", "b"]);
    expect(mergeRecords(names, { policy: { attributes: { tags: { strategy: "union", order: "alphabetical", limit: 2 } } } }).attributes["tags"]).toEqual(["a", "b"]);
  });

  it("lets a manual override win and says so in provenance", () => {
    const profile = mergeRecords(records, { policy: { overrides: { firstName: { value: "Rob", by: "agent-7", at: "2025-01-01T00:00:00Z" } } } });
    expect(profile.attributes["firstName"]).toBe("Rob");
    expect(profile.provenance["firstName"]).toMatchObject({ strategy: "override", overriddenBy: "agent-7", recordId: null });
    expect(mergeRecords(records).attributes["firstName"]).toBe("Robert");
  });

  it("unmerges exactly: a profile without a record is the profile of the others", () => {
    const without = mergeRecords(records.filter((r) => r.id !== "web-1"));
    expect(without.attributes["email"]).toBe("rob@old.com");
    const split = unmergeRecord(records, "web-1");
    expect(split.remaining).toEqual(without);
    expect(split.separated.recordIds).toEqual(["web-1"]);
    expect(() => unmergeRecord(records, "nope")).toThrow(expect.objectContaining({ code: "invalid_options" }));
    expect(mergeRecords([...records.filter((r) => r.id !== "web-1"), records[1] as never])).toEqual(mergeRecords(records));
  });

  it("reports bad input as issues, never throwing: missing times, mixed types, unknown sources, unused policy attributes", () => {
    const profile = mergeRecords(
      [
        { id: "a", source: "crm", updatedAt: "not a date", age: 30 },
        { id: "b", source: "fax", updatedAt: "2024-01-01T00:00:00Z", age: "thirty" },
      ],
      { policy: { attributes: { shoeSize: { strategy: "max" } } } },
    );
    expect(profile.issues.map((i) => i.code).sort()).toEqual(["missing_timestamp", "mixed_types", "unknown_source", "unused_policy_attribute"]);
    expect(profile.attributes["age"]).toBe("thirty");
  });

  it("rejects a policy that cannot work with invalid_options", () => {
    for (const policy of [{ attributes: { x: { strategy: "newest" } } }, { sourcePriority: [] }, { attributes: { x: { strategy: ["union"] } } }, { colour: "red" }]) {
      let caught: unknown;
      try {
        mergeRecords(records, { policy: policy as never });
      } catch (error) {
        caught = error;
      }
      expect(isProfileKitError(caught) && caught.code === "invalid_options", JSON.stringify(policy)).toBe(true);
    }
  });

  it("names what is wrong with options: a policy passed as options, an unknown strategy, a misspelled key", () => {
    const message = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return isProfileKitError(error) ? error.message : String(error);
      }
      return "no error";
    };
    expect(message(() => mergeRecords(records, { attributes: { email: { strategy: "mostRecent" } } } as never))).toContain("pass the policy as options.policy");
    const unknownStrategy = message(() => mergeRecords(records, { policy: { attributes: { email: { strategy: "newest" as never } } } }));
    expect(unknownStrategy).toContain("options.policy.attributes.email.strategy");
    expect(unknownStrategy).toContain('"mostRecent"');
    expect(message(() => mergeRecords(records, { idFeld: "id" } as never))).toContain("did you mean idField?");
    expect(message(() => mergeRecords(records, { now: "soon" }))).toContain("options.now");
  });
});
