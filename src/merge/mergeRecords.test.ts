import { describe, expect, it } from "vitest";
import { defineSchema } from "../engine/defineSchema.js";
import { cleanseRecord } from "../cleanse/cleanseRecord.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _clusterId } from "../shared/_hash.js";
import { mergeRecords } from "./mergeRecords.js";
import { PROVENANCE_LIMIT, type AttributeRule, type GoldenProfile, type MergePolicy, type MergeRecordsOptions } from "./types.js";
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

describe("mergeRecords: strategies both ways, and whole provenance", () => {
  // Caller's order: z (no nickname), m, a, b. Ids sort a, b, m, z; times put b last and a first.
  const ordered = [
    { id: "z", source: "crm", updatedAt: "2024-04-01T00:00:00Z", nick: null, vip: false, ok: true },
    { id: "m", source: "web", updatedAt: "2024-02-01T00:00:00Z", nick: "Second", vip: false, ok: true },
    { id: "a", source: "orders", updatedAt: "2024-01-01T00:00:00Z", nick: "Third", ok: true },
    { id: "b", source: "crm", updatedAt: "2024-03-01T00:00:00Z", nick: "Fourth", vip: "true", ok: false },
  ];

  it("firstNonNull takes the first record in the caller's order that has a value, whatever its time or id", () => {
    const profile = mergeRecords(ordered, { policy: { attributes: { nick: { strategy: "firstNonNull" } } } });
    expect(profile.attributes["nick"]).toBe("Second");
    expect(profile.provenance["nick"]).toEqual({
      recordId: "m",
      source: "web",
      observedAt: "2024-02-01T00:00:00Z",
      strategy: "firstNonNull",
      contributors: ["a", "b", "m"],
      contributorCount: 3,
      alternatives: [
        { value: "Third", recordId: "a", source: "orders" },
        { value: "Fourth", recordId: "b", source: "crm" },
      ],
      alternativeCount: 2,
    });
    expect(profile.conflicts.find((c) => c.attribute === "nick")).toMatchObject({ winner: "Second", resolvedBy: "firstNonNull", valueCount: 3 });
    // Another order, another first value.
    expect(mergeRecords([...ordered].reverse(), { policy: { attributes: { nick: { strategy: "firstNonNull" } } } }).attributes["nick"]).toBe("Fourth");
  });

  it("any is false when no record says true (only the boolean true counts), and true when one does", () => {
    const policy: MergePolicy = { attributes: { vip: { strategy: "any" }, ok: { strategy: "any" } } };
    const none = mergeRecords(ordered, { policy });
    // false, false and the text "true": not one record says true.
    expect(none.attributes["vip"]).toBe(false);
    expect(none.attributes["ok"]).toBe(true);
    expect(none.provenance["vip"]).toEqual({ recordId: "z", source: "crm", observedAt: "2024-04-01T00:00:00Z", strategy: "any", contributors: ["b", "m", "z"], contributorCount: 3, alternatives: [], alternativeCount: 0 });
    // A combined value is no conflict, whatever the records say.
    expect(none.conflicts.map((c) => c.attribute)).toEqual(["nick"]);
  });

  it("all is true when every record says true, and false when one does not", () => {
    const policy: MergePolicy = { attributes: { ok: { strategy: "all" }, vip: { strategy: "all" } } };
    const every = mergeRecords(ordered.slice(0, 3), { policy });
    expect(every.attributes).toMatchObject({ ok: true, vip: false });
    expect(every.provenance["ok"]).toEqual({ recordId: "z", source: "crm", observedAt: "2024-04-01T00:00:00Z", strategy: "all", contributors: ["a", "m", "z"], contributorCount: 3, alternatives: [], alternativeCount: 0 });
    expect(mergeRecords(ordered, { policy }).attributes["ok"]).toBe(false);
    // The text "true" is not true.
    expect(mergeRecords([{ id: "a", ok: "true" }, { id: "b", ok: true }], { policy }).attributes["ok"]).toBe(false);
  });

  it("records the value an override replaced, with its record and source, in full provenance", () => {
    const profile = mergeRecords(records, { policy: { overrides: { firstName: { value: "Rob", by: "agent-7", at: "2025-01-01T00:00:00Z" } } } });
    expect(profile.provenance["firstName"]).toEqual({
      recordId: null,
      source: null,
      observedAt: "2025-01-01T00:00:00Z",
      strategy: "override",
      contributors: ["crm-1", "orders-1", "web-1"],
      contributorCount: 3,
      // A policy of overrides alone merges by recency: the value replaced (Bob, the web form's) comes first,
      // then what was already an alternative.
      alternatives: [
        { value: "Bob", recordId: "web-1", source: "web" },
        { value: "Robert", recordId: "crm-1", source: "crm" },
      ],
      alternativeCount: 2,
      overriddenBy: "agent-7",
    });
  });

  it("overrides an attribute no record has, and one the policy refused, without inventing alternatives", () => {
    const policy: MergePolicy = { attributes: { email: { strategy: "mostRecent", onConflict: "refuse" } }, overrides: { email: { value: "o@x.com" }, nick: { value: "N" } } };
    const profile = mergeRecords(records, { policy });
    expect(profile.attributes).toMatchObject({ email: "o@x.com", nick: "N" });
    expect(profile.provenance["nick"]).toEqual({ recordId: null, source: null, observedAt: null, strategy: "override", contributors: [], contributorCount: 0, alternatives: [], alternativeCount: 0 });
    // A refused attribute had no value to replace: its alternatives stay as they were.
    const refused = mergeRecords(records, { policy: { attributes: { email: { strategy: "mostRecent", onConflict: "refuse" } } } }).provenance["email"];
    expect(profile.provenance["email"]).toEqual({ ...refused, recordId: null, source: null, observedAt: null, strategy: "override" });
    expect(profile.provenance["email"]?.alternativeCount).toBe(refused?.alternativeCount);
  });

  it("keeps the replaced value within the provenance limit when an override replaces a value with many alternatives", () => {
    const many = Array.from({ length: PROVENANCE_LIMIT + 5 }, (_, i) => ({ id: `r${String(i).padStart(3, "0")}`, updatedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(), note: `value ${i}` }));
    const provenance = mergeRecords(many, { policy: { overrides: { note: { value: "mine" } } } }).provenance["note"];
    expect(provenance?.alternatives).toHaveLength(PROVENANCE_LIMIT);
    expect(provenance?.alternatives[0]).toEqual({ value: `value ${PROVENANCE_LIMIT + 4}`, recordId: `r${PROVENANCE_LIMIT + 4}`, source: null });
    expect(provenance?.alternatives[1]).toEqual({ value: "value 0", recordId: "r000", source: null });
    expect(provenance?.alternativeCount).toBe(PROVENANCE_LIMIT + 5);
  });
});

describe("mergeRecords: select strategies, chains and trust", () => {
  const day = (d: number): string => new Date(Date.UTC(2024, 0, d)).toISOString();
  const three = [
    { id: "a", source: "web", updatedAt: day(1), n: "x" },
    { id: "b", source: "crm", updatedAt: day(2), n: "y" },
    { id: "c", source: "crm", updatedAt: day(3), n: "z" },
  ];
  const decide = (rule: AttributeRule, list: readonly Record<string, unknown>[] = three, extra: MergeRecordsOptions = {}): unknown[] => {
    const profile = mergeRecords(list, { ...extra, policy: { attributes: { n: rule }, ...extra.policy } });
    return [profile.attributes["n"], profile.provenance["n"]?.recordId, profile.provenance["n"]?.strategy, profile.conflicts.find((c) => c.attribute === "n")?.resolvedBy];
  };

  it("names the strategy that decided, adding +mostRecent when the chain left a tie", () => {
    expect(decide({ strategy: "sourcePriority" })).toEqual(["z", "c", "sourcePriority+mostRecent", "sourcePriority+mostRecent"]);
    expect(decide({ strategy: ["sourcePriority", "mostRecent"] })).toEqual(["z", "c", "mostRecent", "mostRecent"]);
    expect(decide({ strategy: ["sourcePriority", "oldest"] })).toEqual(["y", "b", "oldest", "oldest"]);
    expect(decide({ strategy: ["mostFrequent", "oldest"] })).toEqual(["x", "a", "oldest", "oldest"]);
    expect(decide({ strategy: "longest" })).toEqual(["z", "c", "longest+mostRecent", "longest+mostRecent"]);
    expect(decide({ strategy: "oldest" })).toEqual(["x", "a", "oldest", "oldest"]);
  });

  it("stops the chain once the values agree, and names the most recent record offering the value", () => {
    const same = [
      { id: "a", source: "crm", updatedAt: day(5), n: "Same" },
      { id: "b", source: "crm", updatedAt: day(9), n: "same " },
      { id: "c", source: "web", updatedAt: day(10), n: "other" },
    ];
    // sourcePriority leaves two CRM records with one value: oldest never runs, and b (the newer) is named.
    expect(decide({ strategy: ["sourcePriority", "oldest"] }, same)).toEqual(["same ", "b", "sourcePriority", "sourcePriority"]);
    const agreeing = mergeRecords(same.slice(0, 2), { policy: { attributes: { n: { strategy: ["oldest", "longest"] } } } });
    expect(agreeing.provenance["n"]).toEqual({ recordId: "b", source: "crm", observedAt: day(9), strategy: "oldest", contributors: ["a", "b"], contributorCount: 2, alternatives: [], alternativeCount: 0 });
    expect(agreeing.conflicts).toEqual([]);
  });

  it("counts an unknown time as the oldest for mostRecent and never as the oldest for oldest", () => {
    const timeless = [
      { id: "a", updatedAt: day(3), n: "dated" },
      { id: "b", n: "undated" },
    ];
    expect(decide({ strategy: "mostRecent" }, timeless)).toEqual(["dated", "a", "mostRecent", "mostRecent"]);
    expect(decide({ strategy: "oldest" }, timeless)).toEqual(["dated", "a", "oldest", "oldest"]);
    expect(decide({ strategy: "oldest" }, [...timeless, { id: "c", updatedAt: day(1), n: "first" }])).toEqual(["first", "c", "oldest", "oldest"]);
  });

  it("ranks sources by the priority list, an unlisted or missing source last", () => {
    const sources = [
      { id: "a", source: "fax", updatedAt: day(9), n: "fax" },
      { id: "b", updatedAt: day(8), n: "none" },
      { id: "c", source: "web", updatedAt: day(1), n: "web" },
    ];
    expect(decide({ strategy: ["sourcePriority"] }, sources, { policy: { sourcePriority: ["crm", "web"] } })).toEqual(["web", "c", "sourcePriority", "sourcePriority"]);
    expect(decide({ strategy: ["sourcePriority"] }, sources.slice(0, 2), { policy: { sourcePriority: ["crm", "web"] } })).toEqual(["fax", "a", "sourcePriority+mostRecent", "sourcePriority+mostRecent"]);
  });

  it("passes a tie of unknown times or unlisted sources on to the next strategy (it used to go to the smallest id)", () => {
    // The default chain for names is mostFrequent, sourcePriority, mostRecent: two sources outside the
    // priority list tie on sourcePriority, so the newer value wins.
    const unlisted = mergeRecords([
      { id: "a", source: "pos", updatedAt: "2024-01-01T00:00:00Z", firstName: "Old" },
      { id: "b", source: "app", updatedAt: "2024-06-01T00:00:00Z", firstName: "New" },
    ]);
    expect(unlisted.attributes["firstName"]).toBe("New");
    expect(unlisted.provenance["firstName"]).toMatchObject({ recordId: "b", strategy: "mostRecent" });
    const undated = [
      { id: "a", source: "web", n: "web" },
      { id: "b", source: "crm", n: "crm" },
    ];
    expect(decide({ strategy: ["mostRecent", "sourcePriority"] }, undated)).toEqual(["crm", "b", "sourcePriority", "sourcePriority"]);
    expect(decide({ strategy: ["oldest", "sourcePriority"] }, undated)).toEqual(["crm", "b", "sourcePriority", "sourcePriority"]);
    expect(decide({ strategy: ["sourcePriority", "mostRecent"] }, [{ id: "a", n: "old", updatedAt: day(1) }, { id: "b", source: "fax", n: "new", updatedAt: day(2) }])).toEqual(["new", "b", "mostRecent", "mostRecent"]);
  });

  it("takes the most frequent value, texts counted equal ignoring case and spacing", () => {
    const votes = [
      { id: "a", updatedAt: day(1), n: "Ann  Lee" },
      { id: "b", updatedAt: day(2), n: "ann lee" },
      { id: "c", updatedAt: day(3), n: "Anne" },
    ];
    expect(decide({ strategy: "mostFrequent" }, votes)).toEqual(["ann lee", "b", "mostFrequent", "mostFrequent"]);
  });

  it("measures longest by the text of numbers, booleans and objects too", () => {
    const lengths = [
      { id: "a", updatedAt: day(3), n: 12_345 },
      { id: "b", updatedAt: day(2), n: "abcd" },
      { id: "c", updatedAt: day(1), n: true },
    ];
    expect(decide({ strategy: "longest" }, lengths)).toEqual([12_345, "a", "longest", "longest"]);
    // "false" is as long as "12345": a tie, left to the most recent.
    expect(decide({ strategy: "longest" }, [...lengths, { id: "d", updatedAt: day(4), n: false }])).toEqual([false, "d", "longest+mostRecent", "longest+mostRecent"]);
    expect(decide({ strategy: "longest" }, [...lengths, { id: "d", updatedAt: day(1), n: { k: 1 } }])).toEqual([{ k: 1 }, "d", "longest", "longest"]);
  });

  it("orders numbers and numeric text as numbers for min and max, and a number beats what is not one", () => {
    const totals = [
      { id: "a", updatedAt: day(1), n: " 1e3 " },
      { id: "b", updatedAt: day(2), n: "+20.5" },
      { id: "c", updatedAt: day(3), n: ".5" },
      { id: "d", updatedAt: day(4), n: "9." },
      { id: "e", updatedAt: day(5), n: "zzz" },
      { id: "f", updatedAt: day(6), n: "1e999" },
      { id: "g", updatedAt: day(7), n: `1${"0".repeat(70)}` },
    ];
    expect(decide({ strategy: "max" }, totals)).toEqual([" 1e3 ", "a", "max", "max"]);
    expect(decide({ strategy: "min" }, totals)).toEqual([".5", "c", "min", "min"]);
    // Text that is no number (too long, infinite, a word) orders as text, below every number either way.
    const words = [
      { id: "a", updatedAt: day(1), n: "b" },
      { id: "b", updatedAt: day(2), n: "a" },
      { id: "c", updatedAt: day(3), n: "1e999" },
    ];
    expect(decide({ strategy: "max" }, words)).toEqual(["b", "a", "max", "max"]);
    expect(decide({ strategy: "min" }, words)).toEqual(["1e999", "c", "min", "min"]);
    expect(decide({ strategy: "min" }, [...words, { id: "d", updatedAt: day(1), n: 7 }])).toEqual([7, "d", "min", "min"]);
    expect(decide({ strategy: "max" }, [...words, { id: "d", updatedAt: day(1), n: -7 }])).toEqual([-7, "d", "max", "max"]);
  });

  it("decays trust from max to min over decayDays, capped at both ends", () => {
    const pair = [
      { id: "a", source: "crm", updatedAt: "2024-01-01T00:00:00Z", n: "crm" },
      { id: "b", source: "web", updatedAt: "2024-01-01T00:00:00Z", n: "web" },
    ];
    const trustAt = (trust: NonNullable<MergePolicy["trust"]>, now?: string, list: readonly Record<string, unknown>[] = pair): unknown => decide({ strategy: "trust" }, list, { policy: { trust }, ...(now === undefined ? {} : { now }) })[0];
    const linear = { crm: { max: 0.9, min: 0.1, decayDays: 10 }, web: { max: 0.5, min: 0.4, decayDays: 10 } };
    // Without a clock every source counts at its minimum.
    expect(trustAt(linear)).toBe("web");
    // 5 days: crm 0.5, web 0.45; 6 days: crm 0.42, web 0.44.
    expect(trustAt(linear, "2024-01-06T00:00:00Z")).toBe("crm");
    expect(trustAt(linear, "2024-01-07T00:00:00Z")).toBe("web");
    // Past decayDays trust stays at min: web (min 0.45) would be below crm (0.396) at 10 days if it kept falling.
    const floor = { crm: { max: 0.44, min: 0, decayDays: 100 }, web: { max: 0.5, min: 0.45, decayDays: 1 } };
    expect(trustAt(floor, "2024-01-11T00:00:00Z")).toBe("web");
    // An observation after the clock counts as fresh, not fresher: crm stays at 0.6, below web's 0.61.
    const ceiling = { crm: { max: 0.6, min: 0, decayDays: 1 }, web: { max: 0.61, min: 0.61, decayDays: 1 } };
    expect(trustAt(ceiling, "2023-12-31T00:00:00Z")).toBe("web");
    // An unknown time counts at min; a source without trust counts as 0.
    expect(trustAt(linear, "2024-01-01T00:00:00Z", [{ id: "a", source: "crm", n: "crm" }, pair[1] as Record<string, unknown>])).toBe("web");
    expect(trustAt({ web: { max: 0.1, min: 0.01, decayDays: 1 } }, "2024-06-01T00:00:00Z", [{ id: "a", source: "fax", updatedAt: "2024-06-01T00:00:00Z", n: "fax" }, pair[1] as Record<string, unknown>])).toBe("web");
  });

  it("merges every consent-named attribute conservatively, read word by word (optedOut yes, adoptOutcome no)", () => {
    const merged = mergeRecords([
      { id: "a", updatedAt: "2024-01-01T00:00:00Z", optedOut: true, adoptOutcome: "pending" },
      { id: "b", updatedAt: "2024-02-01T00:00:00Z", optedOut: false, adoptOutcome: "approved" },
    ]);
    expect(merged.provenance["optedOut"]).toMatchObject({ strategy: "consent" });
    expect(merged.provenance["adoptOutcome"]).toMatchObject({ strategy: "mostRecent", recordId: "b" });
  });

  it("merges consent by the latest opt-out unless a strictly newer opt-in follows", () => {
    const consent = (values: readonly [string, unknown][]): unknown => mergeRecords(values.map(([time, value], i) => ({ id: `r${i}`, updatedAt: time, emailOptIn: value }))).attributes["emailOptIn"];
    expect(consent([[day(1), true], [day(2), true]])).toBe(true);
    expect(consent([[day(1), "no"], [day(2), true]])).toBe(true);
    expect(consent([[day(2), "no"], [day(2), true]])).toBe("no");
    expect(consent([[day(1), true], [day(3), false], [day(2), true]])).toBe(false);
    expect(mergeRecords([{ id: "a", updatedAt: day(1), emailOptIn: true }, { id: "b", updatedAt: day(2), emailOptIn: false }]).provenance["emailOptIn"]).toMatchObject({ recordId: "b", strategy: "consent" });
    // An explicit rule wins over the consent reading of the name.
    expect(mergeRecords([{ id: "a", updatedAt: day(1), emailOptIn: true }, { id: "b", updatedAt: day(2), emailOptIn: false }], { policy: { attributes: { emailOptIn: { strategy: "oldest" } } } }).attributes["emailOptIn"]).toBe(true);
  });
});

describe("mergeRecords: combined values, custom functions and conflict handling", () => {
  const day = (d: number): string => new Date(Date.UTC(2024, 0, d)).toISOString();
  const tags = [
    { id: "a", updatedAt: day(1), tags: ["b", "a", 1] },
    { id: "b", updatedAt: day(3), tags: "c" },
    { id: "c", tags: ["z"] },
    { id: "d", updatedAt: day(3), tags: ["a", "A "] },
  ];
  const merged = (rule: AttributeRule, list: readonly Record<string, unknown>[] = tags): GoldenProfile => mergeRecords(list, { policy: { attributes: { tags: rule, v: rule } } });

  it("unions values newest first (ties by record id, unknown times last), once each, ignoring case and spacing", () => {
    const profile = merged({ strategy: "union" });
    expect(profile.attributes["tags"]).toEqual(["c", "a", "b", 1, "z"]);
    // A combined value names the most recent contributor and has no alternatives.
    expect(profile.provenance["tags"]).toEqual({ recordId: "b", source: null, observedAt: day(3), strategy: "union", contributors: ["a", "b", "c", "d"], contributorCount: 4, alternatives: [], alternativeCount: 0 });
    expect(profile.conflicts).toEqual([]);
    expect(merged({ strategy: "union", order: "frequency" }).attributes["tags"]).toEqual(["a", "c", "b", 1, "z"]);
    expect(merged({ strategy: "union", order: "alphabetical" }).attributes["tags"]).toEqual([1, "a", "b", "c", "z"]);
    expect(merged({ strategy: "union", order: "recency", limit: 1 }).attributes["tags"]).toEqual(["c"]);
    const twelve = Array.from({ length: 12 }, (_, i) => ({ id: `r${String(i).padStart(2, "0")}`, updatedAt: day(i + 1), tags: [`t${i}`] }));
    expect(merged({ strategy: "union" }, twelve).attributes["tags"]).toEqual(["t11", "t10", "t9", "t8", "t7", "t6", "t5", "t4", "t3", "t2"]);
  });

  it("sums and averages numbers and numeric text, reporting each value that is not a number", () => {
    const values = [{ id: "a", v: "2" }, { id: "b", v: "x" }, { id: "c", v: 4 }];
    const sum = merged({ strategy: "sum" }, values);
    expect(sum.attributes["v"]).toBe(6);
    expect(sum.issues.filter((issue) => issue.code === "not_numeric")).toEqual([expect.objectContaining({ code: "not_numeric", path: ["b", "v"], severity: "warning" })]);
    expect(merged({ strategy: "average" }, values).attributes["v"]).toBe(3);
    // Nothing to count: a sum of nothing is 0, an average of nothing is no value.
    expect(merged({ strategy: "sum" }, [{ id: "a", v: "x" }]).attributes["v"]).toBe(0);
    expect(merged({ strategy: "average" }, [{ id: "a", v: "x" }]).attributes["v"]).toBeNull();
  });

  it("gives a custom function every candidate, and no value when it throws", () => {
    const seen: unknown[] = [];
    const list = [{ id: "a", source: "crm", updatedAt: day(1), v: 1 }, { id: "b", v: 2 }];
    const custom = merged({ strategy: (candidates) => { seen.push(...candidates); return "mine"; } }, list);
    expect(custom.attributes["v"]).toBe("mine");
    expect(seen).toEqual([
      { value: 1, recordId: "a", source: "crm", observedAt: Date.parse(day(1)), key: "\u0000j1" },
      { value: 2, recordId: "b", source: null, observedAt: null, key: "\u0000j2" },
    ]);
    const failing = merged({ strategy: () => { throw new Error("bug"); } }, list);
    expect(failing.attributes["v"]).toBeNull();
    expect(failing.provenance["v"]).toEqual({ recordId: "a", source: "crm", observedAt: day(1), strategy: "custom", contributors: ["a", "b"], contributorCount: 2, alternatives: [], alternativeCount: 0 });
    expect(failing.conflicts).toEqual([]);
  });

  it("prefers a named source's most recent value on conflict, and chooses normally when it is absent or all agree", () => {
    const prefer: AttributeRule = { strategy: "oldest", onConflict: { prefer: "crm" } };
    const three = [{ id: "a", source: "crm", updatedAt: day(1), v: 1 }, { id: "c", source: "crm", updatedAt: day(3), v: 3 }, { id: "b", source: "web", updatedAt: day(2), v: 2 }];
    const chosen = merged(prefer, three);
    expect(chosen.attributes["v"]).toBe(3);
    expect(chosen.provenance["v"]).toEqual({ recordId: "c", source: "crm", observedAt: day(3), strategy: "prefer:crm", contributors: ["a", "b", "c"], contributorCount: 3, alternatives: [{ value: 1, recordId: "a", source: "crm" }, { value: 2, recordId: "b", source: "web" }], alternativeCount: 2 });
    expect(chosen.conflicts).toEqual([{ attribute: "v", values: [
      { value: 1, recordId: "a", source: "crm", observedAt: day(1) },
      { value: 2, recordId: "b", source: "web", observedAt: day(2) },
      { value: 3, recordId: "c", source: "crm", observedAt: day(3) },
    ], valueCount: 3, winner: 3, resolvedBy: "prefer:crm" }]);
    const absent = merged(prefer, three.slice(2).concat({ id: "d", source: "web", updatedAt: day(4), v: 4 }));
    expect(absent.attributes["v"]).toBe(2);
    expect(absent.conflicts).toMatchObject([{ winner: 2, resolvedBy: "oldest" }]);
    const agree = merged(prefer, [{ id: "a", source: "web", updatedAt: day(1), v: 1 }, { id: "b", source: "crm", updatedAt: day(2), v: 1 }]);
    // One value: provenance names its most recent record.
    expect(agree.provenance["v"]).toMatchObject({ recordId: "b", strategy: "oldest" });
    expect(agree.conflicts).toEqual([]);
  });

  it("refuses to choose on conflict: no value, a conflict resolved as refused, and an issue", () => {
    const refused = merged({ strategy: "oldest", onConflict: "refuse" }, [{ id: "a", source: "crm", updatedAt: day(1), v: 1 }, { id: "b", source: "web", updatedAt: day(2), v: 2 }]);
    expect(refused.attributes["v"]).toBeNull();
    expect(refused.provenance["v"]).toMatchObject({ recordId: null, strategy: "refused", contributors: ["a", "b"] });
    expect(refused.conflicts).toEqual([{ attribute: "v", values: [{ value: 1, recordId: "a", source: "crm", observedAt: day(1) }, { value: 2, recordId: "b", source: "web", observedAt: day(2) }], valueCount: 2, winner: null, resolvedBy: "refused" }]);
    expect(refused.issues.filter((issue) => issue.code === "refused_conflict")).toEqual([expect.objectContaining({ code: "refused_conflict", path: ["v"], severity: "warning" })]);
    // Agreeing records are no conflict to refuse.
    expect(merged({ strategy: "oldest", onConflict: "refuse" }, [{ id: "a", v: 1 }, { id: "b", v: 1 }]).attributes["v"]).toBe(1);
  });

  it("counts numbers within the tolerance (inclusive) as agreeing", () => {
    const conflicts = (tolerance: number): number => merged({ strategy: "max", tolerance }, [{ id: "a", updatedAt: day(1), v: 10 }, { id: "b", updatedAt: day(2), v: 11.5 }]).conflicts.length;
    expect([conflicts(1), conflicts(1.5), conflicts(2)]).toEqual([1, 0, 0]);
    // Texts are compared by content, whatever the tolerance.
    expect(merged({ strategy: "max", tolerance: 5 }, [{ id: "a", v: "10" }, { id: "b", v: "11" }]).conflicts).toHaveLength(1);
  });
});

describe("mergeRecords: reading records", () => {
  const codes = (profile: GoldenProfile): string[] => profile.issues.map((issue) => `${issue.code}@${issue.path.join(".")}`);

  it("reads ids, sources and times from the fields named in the options, and merges the usual names as attributes", () => {
    const profile = mergeRecords(
      [
        { key: 7, from: "crm", at: "2024-01-01T10:00:00+02:00", email: "A@x.com" },
        { key: "", from: 5, at: "2024-01-02", email: "b@x.com" },
        { key: Number.NaN, at: "2024-01-03T00:00", email: "c@x.com" },
        { key: "k", from: "web", at: new Date("2024-01-04T00:00:00Z"), email: "d@x.com", id: "not-an-id", source: "x", updatedAt: "y" },
      ],
      { idField: "key", sourceField: "from", timeField: "at", policy: { defaultRule: { strategy: "oldest" } } },
    );
    // A number is an id; an empty text or NaN is none, and the record gets one derived from its content.
    expect(profile.recordIds).toEqual(["#87cbf1af", "#ac1d5ae5", "7", "k"]);
    expect(codes(profile)).toEqual(["missing_id@#87cbf1af.key", "missing_id@#ac1d5ae5.key", "unknown_source@#87cbf1af.from", "unknown_source@#ac1d5ae5.from"]);
    // An ISO time keeps the offset it was written with; a date, a zone-less time (read in UTC) and a Date are written in UTC.
    expect(profile.conflicts.find((c) => c.attribute === "email")?.values).toEqual([
      { value: "b@x.com", recordId: "#87cbf1af", source: null, observedAt: "2024-01-02T00:00:00.000Z" },
      { value: "c@x.com", recordId: "#ac1d5ae5", source: null, observedAt: "2024-01-03T00:00:00.000Z" },
      { value: "A@x.com", recordId: "7", source: "crm", observedAt: "2024-01-01T10:00:00+02:00" },
      { value: "d@x.com", recordId: "k", source: "web", observedAt: "2024-01-04T00:00:00.000Z" },
    ]);
    expect(profile.attributes).toEqual({ email: "A@x.com", id: "not-an-id", source: "x", updatedAt: "y" });
  });

  it("lists attributes and conflicts in code-unit order of their names, for a few attributes and for many", () => {
    const few = mergeRecords([{ id: "a", zeta: 1, alpha: 2, Mid: 3, beta: 4, _x: 5 }, { id: "b", zeta: 2, alpha: 3, Mid: 4, beta: 5, _x: 6 }]);
    expect(Object.keys(few.attributes)).toEqual(["Mid", "_x", "alpha", "beta", "zeta"]);
    expect(Object.keys(few.provenance)).toEqual(["Mid", "_x", "alpha", "beta", "zeta"]);
    expect(few.conflicts.map((c) => c.attribute)).toEqual(["Mid", "_x", "alpha", "beta", "zeta"]);
    const wide: Record<string, unknown> = { id: "a" };
    for (let i = 40; i > 0; i--) wide[`k${String(i).padStart(2, "0")}`] = i;
    expect(Object.keys(mergeRecords([wide]).attributes)).toEqual(Array.from({ length: 40 }, (_, i) => `k${String(i + 1).padStart(2, "0")}`));
  });

  it("leaves out attributes whose values are all empty, without calling them unused", () => {
    const profile = mergeRecords([{ id: "a", x: null, y: "", z: [] }, { id: "b", x: null }], { policy: { attributes: { x: { strategy: "max" } } } });
    expect(profile.attributes).toEqual({});
    expect(profile.provenance).toEqual({});
    expect(codes(profile).filter((code) => !code.startsWith("missing_timestamp") && !code.startsWith("unknown_source"))).toEqual([]);
  });

  it("keeps texts of different kinds apart: a text that looks like a number's key is not the number", () => {
    expect(mergeRecords([{ id: "a", v: "\u0000j1" }, { id: "b", v: 1 }]).conflicts).toHaveLength(1);
    expect(mergeRecords([{ id: "a", v: "Ann  LEE" }, { id: "b", v: " ann lee" }]).conflicts).toEqual([]);
  });

  it("reports values of mixed types, naming the types (arrays apart from objects)", () => {
    const profile = mergeRecords([{ id: "a", v: [1] }, { id: "b", v: { x: 1 } }, { id: "c", v: [2] }]);
    expect(profile.issues.filter((issue) => issue.code === "mixed_types")).toEqual([expect.objectContaining({ code: "mixed_types", path: ["v"], types: ["array", "object"], severity: "warning" })]);
    expect(mergeRecords([{ id: "a", v: [1] }, { id: "b", v: [2] }]).issues.filter((issue) => issue.code === "mixed_types")).toEqual([]);
  });

  it("reports a source the policy does not rank or trust, and none it does", () => {
    const records = [{ id: "a", source: "crm", x: 1 }, { id: "b", source: "fax", x: 1 }, { id: "c", x: 1 }, { id: "d", source: "web", x: 1 }];
    const unknown = (policy: MergePolicy): string[] => codes(mergeRecords(records, { policy })).filter((code) => code.startsWith("unknown_source"));
    expect(unknown({ sourcePriority: ["crm"], trust: { web: { max: 1, min: 0, decayDays: 1 } } })).toEqual(["unknown_source@b.source", "unknown_source@c.source"]);
    // Without a priority list, a trust table ranks the sources it names.
    expect(unknown({ trust: { web: { max: 1, min: 0, decayDays: 1 } } })).toEqual(["unknown_source@a.source", "unknown_source@b.source", "unknown_source@c.source"]);
    expect(unknown({})).toEqual(["unknown_source@b.source", "unknown_source@c.source"]);
  });

  it("reports a policy attribute no record has, only for the caller's policy", () => {
    expect(codes(mergeRecords([{ id: "a", updatedAt: "2024-01-01T00:00:00Z", email: "a@x.com" }], { policy: { attributes: { emial: { strategy: "mostRecent" }, email: { strategy: "mostRecent" } } } }))).toEqual(["unknown_source@a.source", "unused_policy_attribute@emial"]);
    expect(mergeRecords([{ id: "a", source: "crm", updatedAt: "2024-01-01T00:00:00Z", email: "a@x.com" }]).issues).toEqual([]);
  });

  it("merges what can be read of a record whose getters throw, the issues first", () => {
    const throwing = Object.defineProperty({ id: "c", ok: 1 }, "email", { enumerable: true, get: () => { throw new Error("boom"); } });
    const profile = mergeRecords([throwing, { id: "a", source: "crm", email: "a@x.com", updatedAt: "2024-01-01T00:00:00Z" }]);
    expect(profile.attributes).toEqual({ email: "a@x.com", ok: 1 });
    expect(codes(profile)).toEqual(["invalid_type@records.0.email", "missing_timestamp@c.updatedAt", "unknown_source@c.source"]);
  });

  it("names a profile after its first record id, or after nothing, unless given a profile id", () => {
    expect(mergeRecords([]).id).toBe(_clusterId(""));
    expect(mergeRecords([{ id: "b" }, { id: "a" }]).id).toBe(_clusterId("a"));
    expect(mergeRecords([{ id: "b" }, { id: "a" }], { profileId: "me" }).id).toBe("me");
    expect(unmergeRecord([{ id: "b", x: 1 }, { id: "a", x: 2 }], "a", {}).remaining.id).toBe(_clusterId("b"));
  });

  it("takes now as a Date or epoch milliseconds too", () => {
    const trust = { crm: { max: 0.9, min: 0.1, decayDays: 10 }, web: { max: 0.5, min: 0.4, decayDays: 10 } };
    const list = [{ id: "a", source: "crm", updatedAt: "2024-01-01T00:00:00Z", n: "crm" }, { id: "b", source: "web", updatedAt: "2024-01-01T00:00:00Z", n: "web" }];
    for (const now of [new Date("2024-01-02T00:00:00Z"), Date.parse("2024-01-02T00:00:00Z"), "2024-01-02T00:00:00Z"]) {
      expect(mergeRecords(list, { now, policy: { defaultRule: { strategy: "trust" }, trust } }).attributes["n"]).toBe("crm");
    }
  });

  it("refuses options that are not an object with invalid_options, not a TypeError (null used to throw one, 42 passed)", () => {
    for (const [options, received] of [[null, "null"], [42, "number"], ["x", "string"]] as const) {
      let message = "";
      try {
        mergeRecords([{ id: "a" }], options as never);
      } catch (error) {
        message = isProfileKitError(error) ? `${error.code}: ${error.message}` : String(error);
      }
      expect(message).toBe(`invalid_options: mergeRecords: invalid options. options: Invalid input: expected object, received ${received}`);
    }
    // No options, or an empty object, is the default.
    expect(mergeRecords([{ id: "a", x: 1 }], {})).toEqual(mergeRecords([{ id: "a", x: 1 }]));
  });

  it("says which policy setting was passed as an option, and how to pass it", () => {
    let message = "";
    try {
      mergeRecords([], { sourcePriority: ["crm"], trust: {} } as never);
    } catch (error) {
      message = isProfileKitError(error) ? `${error.code}: ${error.message}` : String(error);
    }
    expect(message).toBe("invalid_options: mergeRecords: invalid options. options.sourcePriority: a policy setting; pass the policy as options.policy ({ policy: { sourcePriority, trust } }).");
  });
});

describe("mergeRecords: groups", () => {
  const day = (d: number): string => new Date(Date.UTC(2024, 0, d)).toISOString();
  const parts = [
    { id: "a", source: "crm", updatedAt: day(1), street: "1 A", city: "X" },
    { id: "b", source: "web", updatedAt: day(2), city: "x " },
    { id: "c", source: "web", updatedAt: day(3), street: "2 B" },
  ];
  const grouped = (rule?: AttributeRule, policy: MergePolicy = {}): GoldenProfile => mergeRecords(parts, { policy: { groups: [["street", "city", "zip"], ["nope", "none"]], ...(rule === undefined ? {} : { attributes: { street: rule } }), ...policy } });
  const values = [
    { value: ["1 A", "X"], recordId: "a", source: "crm", observedAt: day(1) },
    { value: [null, "x "], recordId: "b", source: "web", observedAt: day(2) },
    { value: ["2 B", null], recordId: "c", source: "web", observedAt: day(3) },
  ];

  it("takes every part of a group from one record, the one its first attribute's rule picks (most recent by default)", () => {
    const profile = grouped();
    // c is the most recent record holding any part: its street, and no city (not b's or a's).
    expect(profile.attributes).toEqual({ street: "2 B", city: null });
    expect(profile.provenance["city"]).toEqual({ recordId: "c", source: "web", observedAt: day(3), strategy: "group:street", contributors: ["a", "b", "c"], contributorCount: 3, alternatives: [{ value: "X", recordId: "a", source: "crm" }], alternativeCount: 1 });
    expect(profile.provenance["street"]).toMatchObject({ recordId: "c", strategy: "group:street", contributorCount: 3 });
    expect(profile.provenance["street"]?.alternatives[0]).toEqual({ value: "1 A", recordId: "a", source: "crm" });
    expect(profile.conflicts).toEqual([{ attribute: "street", values, valueCount: 3, winner: ["2 B", null], resolvedBy: "mostRecent" }]);
  });

  it("applies the lead attribute's strategy or chain, else the default rule; a combining strategy picks by recency", () => {
    expect(grouped({ strategy: "oldest" }).attributes).toEqual({ street: "1 A", city: "X" });
    expect(grouped({ strategy: ["sourcePriority"] }).conflicts).toMatchObject([{ winner: ["1 A", "X"], resolvedBy: "sourcePriority" }]);
    expect(grouped(undefined, { defaultRule: { strategy: "oldest" } }).attributes).toEqual({ street: "1 A", city: "X" });
    expect(grouped({ strategy: "union" }).conflicts).toMatchObject([{ winner: ["2 B", null], resolvedBy: "mostRecent" }]);
    expect(grouped({ strategy: "oldest", onConflict: "ignore" }).conflicts).toEqual([]);
  });

  it("sees no conflict where records only lack parts, or agree ignoring case and spacing", () => {
    const disjoint = mergeRecords([{ id: "a", updatedAt: day(1), street: "1 A" }, { id: "b", updatedAt: day(2), city: "X" }], { policy: { groups: [["street", "city"]] } });
    expect(disjoint.conflicts).toEqual([]);
    expect(disjoint.attributes).toEqual({ street: null, city: "X" });
    const same = mergeRecords([{ id: "a", updatedAt: day(1), street: "1 A", city: "X" }, { id: "b", updatedAt: day(2), street: "1 a " }], { policy: { groups: [["street", "city"]] } });
    expect(same.conflicts).toEqual([]);
    // A group none of whose attributes any record has adds nothing.
    expect(Object.keys(grouped().attributes)).toEqual(["street", "city"]);
  });

  it("keeps the whole address when a newer record repeats only part of it, and moves when a part differs", () => {
    const full = { id: "crm-1", source: "crm", updatedAt: day(1), street: "1 OAK ST", city: "Boston", region: "MA", postalCode: "02101", country: "US" };
    // A newer record with the country alone (or the city and country, in another case) contradicts nothing.
    const countryOnly = { id: "web-1", source: "web", updatedAt: day(5), country: "us" };
    const cityOnly = { id: "app-1", source: "app", updatedAt: day(6), city: "BOSTON ", country: "US" };
    const kept = mergeRecords([full, countryOnly, cityOnly]);
    expect(kept.attributes).toMatchObject({ street: "1 OAK ST", city: "Boston", region: "MA", postalCode: "02101", country: "US" });
    expect(kept.provenance["street"]).toMatchObject({ recordId: "crm-1", strategy: "group:street" });
    expect(kept.provenance["country"]).toMatchObject({ recordId: "crm-1", contributors: ["app-1", "crm-1", "web-1"] });
    expect(kept.conflicts).toEqual([]);
    // A newer city is a move: its parts win together, and the street it lacks is not taken from the old address.
    const moved = mergeRecords([full, countryOnly, { id: "app-2", source: "app", updatedAt: day(7), city: "Cambridge", country: "US" }]);
    expect(moved.attributes).toMatchObject({ street: null, city: "Cambridge", region: null, postalCode: null, country: "US" });
    expect(moved.conflicts.map((conflict) => conflict.attribute)).toEqual(["street"]);
    // Two records holding different parts stay apart: neither repeats the other.
    const apart = mergeRecords([{ id: "a", updatedAt: day(1), street: "1 OAK ST" }, { id: "b", updatedAt: day(2), city: "Boston" }]);
    expect(apart.attributes).toMatchObject({ street: null, city: "Boston" });
    // The same holds under any rule of the group: the oldest record, here the coarser one, gives way too.
    const oldest = mergeRecords([{ ...countryOnly, updatedAt: day(0) }, full], { policy: { groups: [["street", "city", "region", "postalCode", "country"]], attributes: { street: { strategy: "oldest" } } } });
    expect(oldest.attributes).toMatchObject({ street: "1 OAK ST", country: "US" });
  });
});

describe("unmergeRecord", () => {
  const failure = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      return isProfileKitError(error) ? `${error.code}: ${error.message}` : String(error);
    }
    return "no error";
  };

  it("splits out a record by the id field of the options, numeric ids read as text", () => {
    const list = [{ key: 1, x: "a" }, { key: 2, x: "b" }, { key: "1", x: "c" }];
    const { remaining, separated } = unmergeRecord(list, "1", { idField: "key" });
    expect(remaining).toEqual(mergeRecords([{ key: 2, x: "b" }], { idField: "key" }));
    expect(separated.recordIds).toEqual(["1", "1"]);
    expect(separated.attributes["x"]).toBe("c");
    expect(unmergeRecord([{ id: 5, x: "a" }, { id: 6, x: "b" }], "5").separated.attributes).toEqual({ x: "a" });
  });

  it("leaves values that are not records with the remaining ones, for mergeRecords to report", () => {
    const { remaining } = unmergeRecord([null, { id: "a", x: 1 }, { id: "b", x: 2 }] as never, "a");
    expect(remaining.recordIds).toEqual(["b"]);
    expect(remaining.issues.filter((issue) => issue.code === "invalid_type").map((issue) => issue.path)).toEqual([["records", 0]]);
  });

  it("throws invalid_options for records that are not a list, or a record id not among them", () => {
    expect(failure(() => unmergeRecord(null as never, "a"))).toBe("invalid_options: unmergeRecord: records must be an array of records.");
    expect(failure(() => unmergeRecord([{ id: "a" }], "b"))).toBe("invalid_options: unmergeRecord: the record id is not among the records.");
    expect(failure(() => unmergeRecord([{ key: "a" }], "a"))).toBe("invalid_options: unmergeRecord: the record id is not among the records.");
    expect(failure(() => unmergeRecord([{ id: "a", x: 1 }], "a", null as never))).toMatch(/^invalid_options: mergeRecords: /);
  });
});

describe("mergeRecords: options, schemas and the edges of groups and overrides (mutation testing, issue #19)", () => {
  const records = [
    { id: "a", source: "crm", updatedAt: "2024-01-01T00:00:00Z", email: "a@x.com" },
    { id: "b", source: "web", updatedAt: "2024-02-01T00:00:00Z", email: "b@x.com" },
  ];

  it("refuses each policy setting passed as an option, naming it", () => {
    for (const key of ["attributes", "defaultRule", "sourcePriority", "trust", "groups", "overrides"]) {
      expect(() => mergeRecords(records, { [key]: {} }), key).toThrow(new RegExp(`^mergeRecords: invalid options\\. options\\.${key}: a policy setting`));
    }
  });

  it("refuses options it cannot read, and says so rather than blaming a policy key", () => {
    const throwing = new Proxy({}, { ownKeys: () => { throw new Error("no"); } });
    expect(() => mergeRecords(records, throwing as never)).toThrow(/^mergeRecords: the options could not be read/);
  });

  it("names itself when the records are not an array or are cleansing results", () => {
    expect(() => mergeRecords("nope" as never)).toThrow(/^mergeRecords: records must be an array/);
    expect(() => mergeRecords([cleanseRecord({ id: "a", email: "a@x.com" })] as never)).toThrow(/^mergeRecords: /);
  });

  describe("with a schema", () => {
    const schema = defineSchema({ id: "customer_no", source: "system", observedAt: "modified", fields: { email: "E-mail", city: "Town" } });
    const rows = [
      { customer_no: "A1", system: "crm", modified: "2025-01-01T00:00:00Z", "E-mail": "ann@x.com", Town: "Springfield" },
      { customer_no: "A2", system: "web", modified: "2025-01-03T00:00:00Z", "E-mail": "ann@y.com" },
    ];

    it("reads the records through it: standard names, ids, sources and times from the host's columns", () => {
      const profile = mergeRecords(rows, { schema });
      expect(profile.recordIds).toEqual(["A1", "A2"]);
      expect(profile.attributes).toMatchObject({ email: "ann@y.com", city: "Springfield" });
      expect(profile.provenance["email"]).toMatchObject({ recordId: "A2", source: "web", observedAt: "2025-01-03T00:00:00Z" });
    });

    it("refuses a value that is not a schema, and field names given beside one", () => {
      expect(() => mergeRecords(rows, { schema: {} as never })).toThrow(/^mergeRecords: options\.schema must be a schema made by defineSchema/);
      for (const key of ["idField", "sourceField", "timeField"]) {
        expect(() => mergeRecords(rows, { schema, [key]: "x" }), key).toThrow(new RegExp(`^mergeRecords: options\\.${key} cannot be given with options\\.schema`));
      }
    });

    it("reports a record it cannot read instead of failing the profile", () => {
      const profile = mergeRecords([...rows, null as never], { schema });
      expect(profile.recordIds).toEqual(["A1", "A2"]);
      expect(profile.issues.length).toBeGreaterThan(0);
    });
  });

  it("knows the built-in sources without a policy, and says why an empty priority list is refused", () => {
    const fromEach = ["crm", "orders", "support", "web", "newsletter"].map((source, i) => ({ id: `r${i}`, source, updatedAt: `2024-01-0${i + 1}T00:00:00Z`, email: `${source}@x.com` }));
    expect(mergeRecords(fromEach).issues).toEqual([]);
    expect(mergeRecords([...fromEach, { id: "r9", source: "pos", updatedAt: "2024-01-09T00:00:00Z" }]).issues.map((issue) => issue.code)).toEqual(["unknown_source"]);
    expect(() => mergeRecords(fromEach, { policy: { sourcePriority: [] } })).toThrow(/options\.policy\.sourcePriority: an empty source priority list cannot rank anything/);
  });

  it("leaves overriddenBy out of an override's provenance when no one is named", () => {
    const profile = mergeRecords(records, { policy: { overrides: { email: { value: "c@x.com" } } } });
    expect(profile.attributes["email"]).toBe("c@x.com");
    expect(Object.keys(profile.provenance["email"] ?? {})).not.toContain("overriddenBy");
  });

  it("refuses an override named __proto__ rather than write it or drop it silently", () => {
    expect(() => mergeRecords(records, { policy: JSON.parse('{"overrides":{"__proto__":{"value":{"polluted":true}}}}') as MergePolicy })).toThrow(
      "mergeRecords: invalid options. options.policy.overrides.__proto__: the key __proto__ is not allowed",
    );
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("tells grouped values apart part by part: [ab, c] is not [a, bc]", () => {
    const profile = mergeRecords([{ id: "a", updatedAt: "2024-01-01T00:00:00Z", street: "ab", city: "c" }, { id: "b", updatedAt: "2024-02-01T00:00:00Z", street: "a", city: "bc" }], { policy: { groups: [["street", "city"]] } });
    expect(profile.attributes).toMatchObject({ street: "a", city: "bc" });
    expect(profile.provenance["street"]?.alternatives.map((alternative) => alternative.value)).toEqual(["ab"]);
    expect(profile.conflicts.map((conflict) => conflict.attribute)).toEqual(["street"]);
  });
});

describe("mergeRecords: reading ids, times and values (mutation testing of _rows.ts, issue #19)", () => {
  const idsOf = (list: readonly Record<string, unknown>[]): readonly string[] => mergeRecords(list).recordIds;

  it("derives an id of '#' and eight hex digits from the content, leading zeros included", () => {
    const ids = idsOf(Array.from({ length: 200 }, (_, n) => ({ n })));
    expect(ids).toHaveLength(200);
    for (const id of ids) expect(id).toMatch(/^#[0-9a-f]{8}$/);
    // With 200 ids, some hash below 0x10000000: its text keeps the zero.
    expect(ids.some((id) => id.startsWith("#0"))).toBe(true);
  });

  it("tells an absent value, an empty text and a value that is not JSON apart in the content that names a record", () => {
    const ids = [idsOf([{ v: undefined, n: 1 }]), idsOf([{ v: "", n: 1 }]), idsOf([{ v: 1n, n: 1 }]), idsOf([{ n: 1 }])].map((list) => list[0]);
    expect(new Set(ids).size).toBe(4);
  });

  it("leaves keys that could reach a prototype out of the content, whether or not the record had to be copied", () => {
    const plain = JSON.parse('{"n": 1, "constructor": "c", "__proto__": "p"}') as Record<string, unknown>;
    expect(idsOf([plain])).toEqual(idsOf([{ n: 1 }]));
    const throwing = Object.defineProperty(JSON.parse('{"n": 1, "constructor": "c"}') as Record<string, unknown>, "bad", { enumerable: true, get: () => { throw new Error("boom"); } });
    expect(idsOf([throwing])).toEqual(idsOf([{ n: 1 }]));
  });

  it("takes a time up to the largest a Date holds, and not beyond", () => {
    const profile = mergeRecords([{ id: "a", updatedAt: 8.64e15, v: 1 }, { id: "b", updatedAt: 8.64e15 + 1, v: 2 }, { id: "c", updatedAt: -8.64e15, v: 3 }]);
    expect(profile.conflicts[0]?.values.map((value) => value.observedAt)).toEqual(["+275760-09-13T00:00:00.000Z", null, "-271821-04-20T00:00:00.000Z"]);
    expect(profile.issues.filter((issue) => issue.code === "missing_timestamp").map((issue) => issue.path[0])).toEqual(["b"]);
  });

  it("keeps an ISO time with its zone as written, and writes any other time it can read in UTC", () => {
    const observed = (updatedAt: string): string | null | undefined => mergeRecords([{ id: "a", updatedAt, v: 1 }, { id: "b", updatedAt: "2020-01-01T00:00:00Z", v: 2 }]).conflicts[0]?.values[0]?.observedAt;
    for (const kept of ["2024-01-01T10:00+02:00", "2024-01-01T10:00:00.5+02:00", "2024-01-01T10:00:00.123+0200", "2024-01-01T10:00:00-05:30"]) expect(observed(kept), kept).toBe(kept);
    for (const rewritten of [" 2024-01-01T10:00:00+02:00", "2024-01-01T10:00:00+02:00 ", "2024-01-01T10:00:00+02"]) expect(observed(rewritten), rewritten).toBe("2024-01-01T08:00:00.000Z");
    expect(observed("2024-01-01T10:00:00.1a+02:00")).toBeNull();
  });

  it("ignores an own property holding undefined, without an issue", () => {
    const profile = mergeRecords([{ id: "a", source: "crm", updatedAt: "2024-01-01T00:00:00Z", x: undefined, y: 1 }]);
    expect(profile.attributes).toEqual({ y: 1 });
    expect(profile.issues).toEqual([]);
  });

  it("says what it expected and what it got for values and records it cannot use", () => {
    const profile = mergeRecords([{ id: "a", v: Number.POSITIVE_INFINITY, w: 1 }, 42 as never]);
    expect(profile.issues.filter((issue) => issue.code === "invalid_type")).toEqual([
      expect.objectContaining({ path: ["records", 1], expected: "a record (an object)", received: "number" }),
      expect.objectContaining({ path: ["a", "v"], expected: "a JSON value", received: "non-finite number" }),
    ]);
    const throwing = Object.defineProperty({ id: "c" }, "email", { enumerable: true, get: () => { throw new Error("boom"); } });
    const { proxy, revoke } = Proxy.revocable({ id: "d" }, {});
    revoke();
    const copied = mergeRecords([throwing, proxy]);
    expect(copied.issues.filter((issue) => issue.code === "invalid_type")).toEqual([
      expect.objectContaining({ path: ["records", 0, "email"], expected: "a readable value", received: "unreadable value" }),
      expect.objectContaining({ path: ["records", 1], expected: "a record (an object)", received: "unreadable object" }),
    ]);
  });

  it("compares texts ignoring case and runs of spaces, but not spaces themselves, nor what follows a leading NUL", () => {
    expect(mergeRecords([{ id: "a", v: "Ann Lee" }, { id: "b", v: "AnnLee" }]).conflicts).toHaveLength(1);
    expect(mergeRecords([{ id: "a", v: "Ann \t Lee" }, { id: "b", v: "ann lee" }]).conflicts).toEqual([]);
    expect(mergeRecords([{ id: "a", v: "\u0000a" }, { id: "b", v: "\u0000b" }]).conflicts).toHaveLength(1);
  });

  it("orders records by id, then those sharing an id by content, whatever order they come in", () => {
    const list = Array.from({ length: 120 }, (_, n) => ({ id: `r${String(n % 40).padStart(2, "0")}`, updatedAt: "2024-01-01T00:00:00Z", v: n }));
    const expected = mergeRecords(list, { policy: { defaultRule: { strategy: "mostRecent" } } });
    expect(expected.recordIds).toEqual([...new Set(list.map((record) => record.id))].sort().flatMap((id) => [id, id, id]));
    let seed = 7;
    const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 5; round++) {
      const shuffled = [...list].sort(() => random() - 0.5);
      expect(mergeRecords(shuffled, { policy: { defaultRule: { strategy: "mostRecent" } } })).toEqual(expected);
    }
  });

  it("orders records sharing an id by content only within their id, also when content would order them otherwise", () => {
    // "a" sorts before "id" in a record's content, and its values run against the ids.
    const list = Array.from({ length: 60 }, (_, n) => ({ id: `r${String(n % 20).padStart(2, "0")}`, a: String(99 - n), updatedAt: "2024-01-01T00:00:00Z" }));
    const ids = mergeRecords(list).recordIds;
    expect(ids).toEqual([...ids].sort());
    expect(mergeRecords([...list].reverse())).toEqual(mergeRecords(list));
  });

  it("reads a field named like an Object.prototype member only from the record itself", () => {
    expect(mergeRecords([{ toString: "t1", v: 1 }], { idField: "toString" }).recordIds).toEqual(["t1"]);
    Object.defineProperty(Object.prototype, "inheritedId", { value: "leaked", configurable: true, writable: true });
    try {
      expect(mergeRecords([{ v: 1 }], { idField: "inheritedId" }).recordIds[0]).toMatch(/^#[0-9a-f]{8}$/);
    } finally {
      Reflect.deleteProperty(Object.prototype, "inheritedId");
    }
  });
});

describe("mergeRecords: numbers in text, ties and unknown times (mutation testing of _select.ts, issue #19)", () => {
  const day = (d: number): string => new Date(Date.UTC(2024, 0, d)).toISOString();
  const merge = (rule: AttributeRule, list: readonly Record<string, unknown>[]): GoldenProfile => mergeRecords(list, { policy: { attributes: { v: rule } } });

  it("reads as a number only text that writes one whole: signs, a leading or trailing point, exponents with a sign and several digits", () => {
    const numeric = ["+5", "-.55", "1.", " 3 ", "1e+3", "2E-10", "1e10", `${"0".repeat(63)}1`];
    const notNumeric = ["x5", "5x", "1e", "e5", "--5", "1e+", " ", "0x10", "0b1", "Infinity", `${"0".repeat(64)}1`];
    for (const text of numeric) expect(merge({ strategy: "sum" }, [{ id: "a", v: text }]).issues.filter((issue) => issue.code === "not_numeric"), text).toEqual([]);
    for (const text of notNumeric) expect(merge({ strategy: "sum" }, [{ id: "a", v: text }]).issues.filter((issue) => issue.code === "not_numeric"), text).toHaveLength(1);
    expect(merge({ strategy: "sum" }, [{ id: "a", v: "+5" }, { id: "b", v: "-.5" }, { id: "c", v: "1e+1" }, { id: "d", v: "2E-1" }]).attributes["v"]).toBeCloseTo(14.7, 10);
  });

  it("leaves equal values tied for max and min, so the most recent record offering one is named", () => {
    for (const strategy of ["max", "min"] as const) {
      // Different values written the same (true and "true") tie too.
      for (const [v1, v2] of [[5, "5.0"], ["b", "b"], [true, "true"]] as const) {
        const newerFirst = merge({ strategy }, [{ id: "a", updatedAt: day(2), v: v1 }, { id: "b", updatedAt: day(1), v: v2 }]);
        expect(newerFirst.provenance["v"]?.recordId, `${strategy} ${v1}`).toBe("a");
        const newerSecond = merge({ strategy }, [{ id: "a", updatedAt: day(1), v: v1 }, { id: "b", updatedAt: day(2), v: v2 }]);
        expect(newerSecond.provenance["v"]?.recordId, `${strategy} ${v1}`).toBe("b");
      }
    }
  });

  it("measures a number's length for longest as it is written, not by its internal key", () => {
    expect(merge({ strategy: "longest" }, [{ id: "a", v: 123 }, { id: "b", v: "abcd" }]).attributes["v"]).toBe("abcd");
    expect(merge({ strategy: "longest" }, [{ id: "a", v: true }, { id: "b", v: "abcde" }]).attributes["v"]).toBe("abcde");
  });

  it("names a record with a time, not one without, as a combined value's latest contributor", () => {
    expect(merge({ strategy: "sum" }, [{ id: "a", v: 1 }, { id: "b", updatedAt: day(1), v: 2 }]).provenance["v"]?.recordId).toBe("b");
  });

  it("puts values of records without a time after the others in a union, whichever record id comes first", () => {
    expect(merge({ strategy: "union" }, [{ id: "a", v: ["x"] }, { id: "b", updatedAt: day(1), v: ["y"] }]).attributes["v"]).toEqual(["y", "x"]);
  });

  it("orders a union alphabetically by the text as written (capitals first), and leaves it out once per spelling", () => {
    expect(merge({ strategy: "union", order: "alphabetical" }, [{ id: "a", v: ["b", "Ab", "aa"] }]).attributes["v"]).toEqual(["Ab", "aa", "b"]);
    // A text and a number written alike tie, and keep their recency order.
    expect(merge({ strategy: "union", order: "alphabetical" }, [{ id: "a", updatedAt: day(2), v: ["\u0000j1"] }, { id: "b", updatedAt: day(1), v: [1] }]).attributes["v"]).toEqual(["\u0000j1", 1]);
  });

  it("reads consent without times as oldest: a timed opt-in beats an untimed opt-out, an untimed opt-in never beats an opt-out", () => {
    const consent = (list: readonly Record<string, unknown>[]): unknown => mergeRecords(list).attributes["emailOptIn"];
    expect(consent([{ id: "a", emailOptIn: false }, { id: "b", updatedAt: day(1), emailOptIn: true }])).toBe(true);
    expect(consent([{ id: "a", updatedAt: day(1), emailOptIn: false }, { id: "b", emailOptIn: true }])).toBe(false);
    // Only opt-ins, none with a time: still a value.
    expect(consent([{ id: "a", emailOptIn: true }, { id: "b", emailOptIn: "yes" }])).toBe(true);
  });
});
