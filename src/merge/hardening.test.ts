import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { MAX_VALUE_DEPTH } from "../shared/_jsonValue.js";
import { mergeRecords } from "./mergeRecords.js";
import { PROVENANCE_LIMIT } from "./types.js";
import { unmergeRecord } from "./unmergeRecord.js";

const PROTOTYPE_NAMES = ["valueOf", "toString", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "constructor", "__proto__", "__defineGetter__", "__lookupGetter__"];
const nested = (depth: number): unknown => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown;

/** An own value, read without TypeScript taking `valueOf` for Object's method. */
const own = (object: object, key: string): unknown => new Map(Object.entries(object)).get(key);

describe("mergeRecords under hostile input", () => {
  it("merges attributes named like Object.prototype members normally", () => {
    const profile = mergeRecords(JSON.parse('[{"id":"a","valueOf":"x","updatedAt":"2024-01-01T00:00:00Z"},{"id":"b","valueOf":"y","updatedAt":"2024-02-01T00:00:00Z"}]') as Record<string, unknown>[]);
    expect(Object.hasOwn(profile.attributes, "valueOf")).toBe(true);
    expect(own(profile.attributes, "valueOf")).toBe("y");
    expect(own(profile.provenance, "valueOf")).toMatchObject({ recordId: "b", strategy: "mostRecent" });
    for (const name of PROTOTYPE_NAMES.filter((n) => n !== "constructor" && n !== "__proto__")) {
      const merged = mergeRecords([{ id: "a", [name]: "one" }, { id: "b", [name]: "two" }]);
      expect(Object.hasOwn(merged.attributes, name), name).toBe(true);
      expect(merged.conflicts.map((c) => c.attribute), name).toEqual([name]);
    }
    expect(Object.getPrototypeOf(mergeRecords([{ id: "a", x: 1 }]).attributes)).toBe(Object.prototype);
  });

  it("applies policy rules and overrides named like prototype members, and unmerges such records", () => {
    const overridden = mergeRecords([{ id: "a", x: 1 }], { policy: { overrides: { toString: { value: 1 } } } });
    expect(own(overridden.attributes, "toString")).toBe(1);
    expect(own(overridden.provenance, "toString")).toMatchObject({ strategy: "override", contributors: [], alternatives: [] });
    const ruled = mergeRecords([{ id: "a", valueOf: 3 }, { id: "b", valueOf: 5 }], { policy: { attributes: { valueOf: { strategy: "min" as const } } } });
    expect(own(ruled.attributes, "valueOf")).toBe(3);
    const trusted = mergeRecords([{ id: "a", source: "toString", updatedAt: "2024-01-01T00:00:00Z", x: 1 }], { policy: { trust: { crm: { max: 1, min: 0.5, decayDays: 10 } }, defaultRule: { strategy: "trust" as const } } });
    expect(trusted.attributes["x"]).toBe(1);
    expect(trusted.issues.map((i) => i.code)).toContain("unknown_source");
    const { remaining, separated } = unmergeRecord([{ id: "a", hasOwnProperty: "x" }, { id: "b", hasOwnProperty: "y" }], "a");
    expect(own(remaining.attributes, "hasOwnProperty")).toBe("y");
    expect(own(separated.attributes, "hasOwnProperty")).toBe("x");
  });

  it("never lets a __proto__ or constructor key reach a profile", () => {
    const records = JSON.parse('[{"id":"a","__proto__":{"isAdmin":true},"constructor":{"x":1},"email":"a@b.com"}]') as Record<string, unknown>[];
    const profile = mergeRecords(records);
    expect((profile.attributes as Record<string, unknown>)["isAdmin"]).toBeUndefined();
    expect(Object.keys(profile.attributes)).toEqual(["email"]);
    // An override of that name is refused (options, not data: said, not dropped).
    expect(() => mergeRecords(records, { policy: { overrides: JSON.parse('{"__proto__":{"value":{"isAdmin":true}}}') as Record<string, { value: unknown }> } })).toThrow(/the key __proto__ is not allowed/);
    expect(({} as Record<string, unknown>)["isAdmin"]).toBeUndefined();
  });

  it("treats a numeric time outside the Date range as unusable, with an issue", () => {
    const profile = mergeRecords([{ id: "a", updatedAt: 9e15, email: "a@b.com" }]);
    expect(profile.attributes["email"]).toBe("a@b.com");
    expect(profile.provenance["email"]?.observedAt).toBeNull();
    expect(profile.issues.map((i) => i.code)).toContain("missing_timestamp");
    const dated = mergeRecords([{ id: "a", updatedAt: new Date("2024-01-01T00:00:00Z"), email: "a@b.com" }]);
    expect(dated.provenance["email"]?.observedAt).toBe("2024-01-01T00:00:00.000Z");
  });

  it("refuses values deeper than the limit, BigInt and cyclic values with issues, before any recursion", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic["self"] = cyclic;
    const profile = mergeRecords([
      { id: "a", deep: nested(5_000), ok: nested(MAX_VALUE_DEPTH), big: 10n, loop: cyclic, nan: Number.NaN },
      { id: "b", deep: nested(10_000), tags: ["x"] },
    ]);
    expect(profile.attributes).toEqual({ ok: nested(MAX_VALUE_DEPTH), tags: ["x"] });
    const codes = profile.issues.filter((i) => i.code !== "missing_timestamp" && i.code !== "unknown_source").map((i) => `${i.code}@${i.path.join(".")}`).sort();
    expect(codes).toEqual(["invalid_type@a.big", "invalid_type@a.loop", "invalid_type@a.nan", "too_deep@a.deep", "too_deep@b.deep"]);
  });

  it("reports null, primitive and unreadable records instead of throwing; refuses a non-array", () => {
    const throwing = Object.defineProperty({ id: "c" }, "email", { enumerable: true, get: () => { throw new Error("boom"); } });
    const { proxy, revoke } = Proxy.revocable({ id: "d" }, {});
    revoke();
    const profile = mergeRecords([null, 7, "x", [1], { id: "a", email: "a@b.com" }, throwing, proxy] as never);
    expect(profile.attributes["email"]).toBe("a@b.com");
    // The record whose getter throws keeps what can be read; only its unreadable field is left out, said.
    expect(profile.recordIds).toEqual(["a", "c"]);
    expect(profile.issues.filter((i) => i.code === "invalid_type").map((i) => i.path)).toEqual([
      ["records", 5, "email"],
      ["records", 6],
      ["records", 0],
      ["records", 1],
      ["records", 2],
      ["records", 3],
    ]);
    let caught: unknown;
    try {
      mergeRecords(null as never);
    } catch (error) {
      caught = error;
    }
    expect(isProfileKitError(caught) && caught.code === "invalid_options").toBe(true);
  });

  it("does not depend on input order when records lack ids or share one", () => {
    const records = [
      { email: "a@x.com", source: "crm", updatedAt: "2024-01-01T00:00:00Z" },
      { email: "b@x.com", source: "web", updatedAt: "2024-01-01T00:00:00Z" },
      { id: "same", email: "c@x.com", updatedAt: "2024-01-01T00:00:00Z" },
      { id: "same", email: "d@x.com", updatedAt: "2024-01-01T00:00:00Z" },
    ];
    const forward = mergeRecords(records);
    const backward = mergeRecords([...records].reverse());
    expect(backward).toEqual(forward);
    expect(forward.recordIds.filter((id) => id.startsWith("#"))).toHaveLength(2);
    expect(forward.issues.filter((i) => i.code === "missing_id")).toHaveLength(2);
  });

  it("bounds provenance and conflicts per attribute, keeping counts", () => {
    const size = PROVENANCE_LIMIT * 3;
    const records = Array.from({ length: size }, (_, i) => ({ id: `r${String(i).padStart(4, "0")}`, updatedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(), note: `value ${i}` }));
    const profile = mergeRecords(records);
    const provenance = profile.provenance["note"];
    expect(provenance?.contributors).toHaveLength(PROVENANCE_LIMIT);
    expect(provenance?.contributorCount).toBe(size);
    expect(provenance?.alternatives).toHaveLength(PROVENANCE_LIMIT);
    expect(provenance?.alternativeCount).toBe(size - 1);
    const conflict = profile.conflicts.find((c) => c.attribute === "note");
    expect(conflict?.values).toHaveLength(PROVENANCE_LIMIT);
    expect(conflict?.valueCount).toBe(size);
    expect(profile.attributes["note"]).toBe(`value ${size - 1}`);
  });

  it("records the value a manual override replaced as an alternative (not the override's own value)", () => {
    const profile = mergeRecords([{ id: "a", firstName: "Robert" }], { policy: { overrides: { firstName: { value: "Rob" } } } });
    expect(profile.provenance["firstName"]?.alternatives).toEqual([{ value: "Robert", recordId: "a", source: null }]);
    expect(profile.provenance["firstName"]?.alternativeCount).toBe(1);
  });

  it("reads numeric text as numbers for min, max, sum and average, and reports what is not a number", () => {
    const records = [{ id: "a", total: "9.99" }, { id: "b", total: "10.00" }, { id: "c", total: 2 }, { id: "d", total: "n/a" }];
    expect(mergeRecords(records, { policy: { defaultRule: { strategy: "max" } } }).attributes["total"]).toBe("10.00");
    expect(mergeRecords(records, { policy: { defaultRule: { strategy: "min" } } }).attributes["total"]).toBe(2);
    const sum = mergeRecords(records, { policy: { defaultRule: { strategy: "sum" } } });
    expect(sum.attributes["total"]).toBeCloseTo(21.99, 10);
    expect(sum.issues.filter((i) => i.code === "not_numeric").map((i) => i.path)).toEqual([["d", "total"]]);
    expect(mergeRecords(records, { policy: { defaultRule: { strategy: "average" } } }).attributes["total"]).toBeCloseTo(21.99 / 3, 10);
    // Objects whose toString / valueOf are data, not functions, still order without a TypeError.
    const odd = mergeRecords([{ id: "a", x: { toString: "a", valueOf: "b" } }, { id: "b", x: { toString: "c" } }], { policy: { defaultRule: { strategy: "max" } } });
    expect(odd.attributes["x"]).toEqual({ toString: "c" });
    expect(mergeRecords([{ id: "a", x: { toString: "a" } }, { id: "b", x: "b" }], { policy: { defaultRule: { strategy: "longest" } } }).attributes["x"]).toEqual({ toString: "a" });
  });
});
