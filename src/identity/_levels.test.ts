import { describe, expect, it } from "vitest";
import type { ComparisonLevel } from "../shared/types.js";
import { expectInvalidOptions, thrown } from "../../test/support/errors.js";
import { _compareByLevels, _levelSpecs, _levelsSchema, type _LevelSpec } from "./_levels.js";
import { _jaroWinkler } from "./_stringMetrics.js";
import type { ComparisonKind } from "./types.js";

const TESTS = "exact, maxEdits, minJaroWinkler, samePrefix, maxDifference, maxDays";
const where = (k: number): string => `resolveIdentities: custom field "loyalty", level ${k}`;
const specs = (kind: ComparisonKind, levels: readonly ComparisonLevel[]): _LevelSpec[] => _levelSpecs("resolveIdentities", "loyalty", kind, levels);
const refusal = (kind: ComparisonKind, levels: readonly unknown[]): unknown => thrown(() => specs(kind, levels as ComparisonLevel[]));

describe("_levelsSchema", () => {
  const accepts = (levels: unknown): boolean => _levelsSchema.safeParse(levels).success;

  it("accepts each test with a bound in range, and a name", () => {
    expect(accepts([{ exact: true }])).toBe(true);
    expect(accepts([{ name: "close", maxEdits: 1 }, { maxEdits: 5 }])).toBe(true);
    expect(accepts([{ minJaroWinkler: 0.5 }])).toBe(true);
    expect(accepts([{ samePrefix: 1 }, { samePrefix: 50 }])).toBe(true);
    expect(accepts([{ maxDifference: 0 }, { maxDifference: 2.5 }])).toBe(true);
    expect(accepts([{ maxDays: 0 }, { maxDays: 366_000 }])).toBe(true);
    expect(accepts([{ name: "x".repeat(40), exact: true }])).toBe(true);
    expect(accepts(Array.from({ length: 8 }, (_, k) => ({ maxEdits: 1, name: `l${k}` })))).toBe(true);
  });

  it("refuses bounds out of range, unknown keys, and lists of no level or more than 8", () => {
    for (const bad of [
      [{ exact: false }],
      [{ maxEdits: 0 }],
      [{ maxEdits: 6 }],
      [{ maxEdits: 1.5 }],
      [{ minJaroWinkler: 0 }],
      [{ minJaroWinkler: 1 }],
      [{ samePrefix: 0 }],
      [{ samePrefix: 51 }],
      [{ maxDifference: -1 }],
      [{ maxDays: -1 }],
      [{ maxDays: 366_001 }],
      [{ name: "", exact: true }],
      [{ name: "x".repeat(41), exact: true }],
      [{ exact: true, other: 1 }],
      [],
      Array.from({ length: 9 }, () => ({ exact: true })),
      "exact",
    ]) {
      expect(accepts(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("_levelSpecs", () => {
  it("names each level by its test and bound when it has no name", () => {
    expect(specs("levenshtein", [{ exact: true }, { maxEdits: 2 }, { minJaroWinkler: 0.92 }, { samePrefix: 3 }])).toEqual([
      { name: "exact", test: "exact", bound: 0 },
      { name: "edits2", test: "maxEdits", bound: 2 },
      { name: "jaroWinkler92", test: "minJaroWinkler", bound: 0.92 },
      { name: "prefix3", test: "samePrefix", bound: 3 },
    ]);
    expect(specs("numeric", [{ exact: true }, { maxDifference: 10 }, { maxDifference: 2.5 }])).toEqual([
      { name: "exact", test: "exact", bound: 0 },
      { name: "within10", test: "maxDifference", bound: 10 },
      { name: "within2.5", test: "maxDifference", bound: 2.5 },
    ]);
    expect(specs("date", [{ maxDays: 0 }, { maxDays: 31 }, { exact: true }])).toEqual([
      { name: "days0", test: "maxDays", bound: 0 },
      { name: "days31", test: "maxDays", bound: 31 },
      { name: "exact", test: "exact", bound: 0 },
    ]);
    // Math.round of the percentage: 0.805 → 81, 0.8 → 80.
    expect(specs("jaroWinkler", [{ minJaroWinkler: 0.805 }, { minJaroWinkler: 0.8 }]).map((spec) => spec.name)).toEqual(["jaroWinkler81", "jaroWinkler80"]);
  });

  it("keeps a level's own name", () => {
    expect(specs("exact", [{ name: "same", exact: true }, { name: "typo", maxEdits: 1 }])).toEqual([
      { name: "same", test: "exact", bound: 0 },
      { name: "typo", test: "maxEdits", bound: 1 },
    ]);
  });

  it("lets every text kind run the text tests", () => {
    for (const kind of ["exact", "levenshtein", "jaroWinkler"] as const) {
      expect(specs(kind, [{ exact: true }, { maxEdits: 1 }, { minJaroWinkler: 0.9 }, { samePrefix: 2 }]).map((spec) => spec.test)).toEqual(["exact", "maxEdits", "minJaroWinkler", "samePrefix"]);
    }
  });

  it("refuses a level with no test or two, naming them", () => {
    expectInvalidOptions(refusal("exact", [{ name: "x" }]), `${where(1)}: give exactly one test (${TESTS}); got none.`);
    expectInvalidOptions(refusal("exact", [{ exact: true }, { exact: true, maxEdits: 1 }]), `${where(2)}: give exactly one test (${TESTS}); got exact and maxEdits.`);
    expectInvalidOptions(refusal("numeric", [{ maxDifference: 1, maxDays: 2, samePrefix: 3 }]), `${where(1)}: give exactly one test (${TESTS}); got samePrefix and maxDifference and maxDays.`);
    expectInvalidOptions(refusal("date", [{ minJaroWinkler: 0.9, maxDays: 1 }]), `${where(1)}: give exactly one test (${TESTS}); got minJaroWinkler and maxDays.`);
  });

  it("refuses a test the kind cannot run, listing those it can", () => {
    expectInvalidOptions(refusal("levenshtein", [{ maxDays: 3 }]), `${where(1)}: maxDays cannot compare a levenshtein field (it can: exact, maxEdits, minJaroWinkler, samePrefix).`);
    expectInvalidOptions(refusal("exact", [{ maxDifference: 3 }]), `${where(1)}: maxDifference cannot compare a exact field (it can: exact, maxEdits, minJaroWinkler, samePrefix).`);
    expectInvalidOptions(refusal("jaroWinkler", [{ exact: true }, { maxDays: 3 }]), `${where(2)}: maxDays cannot compare a jaroWinkler field (it can: exact, maxEdits, minJaroWinkler, samePrefix).`);
    expectInvalidOptions(refusal("numeric", [{ maxEdits: 1 }]), `${where(1)}: maxEdits cannot compare a numeric field (it can: exact, maxDifference).`);
    expectInvalidOptions(refusal("date", [{ samePrefix: 4 }]), `${where(1)}: samePrefix cannot compare a date field (it can: exact, maxDays).`);
    expectInvalidOptions(refusal("date", [{ maxDifference: 4 }]), `${where(1)}: maxDifference cannot compare a date field (it can: exact, maxDays).`);
    expectInvalidOptions(refusal("numeric", [{ maxDays: 4 }]), `${where(1)}: maxDays cannot compare a numeric field (it can: exact, maxDifference).`);
  });

  it("refuses the name else and a name taken by an earlier level", () => {
    expectInvalidOptions(refusal("exact", [{ name: "else", exact: true }]), `${where(1)}: the level name "else" is reserved.`);
    expectInvalidOptions(refusal("exact", [{ exact: true }, { exact: true }]), `${where(2)}: the level name "exact" is taken by an earlier level.`);
    expectInvalidOptions(refusal("exact", [{ maxEdits: 1 }, { maxEdits: 2 }, { name: "edits1", samePrefix: 2 }]), `${where(3)}: the level name "edits1" is taken by an earlier level.`);
    expectInvalidOptions(refusal("exact", [{ name: "a", exact: true }, { name: "else", maxEdits: 1 }]), `${where(2)}: the level name "else" is reserved.`);
  });

  it("names the function and the field in every refusal", () => {
    expectInvalidOptions(thrown(() => _levelSpecs("defineSchema", "a \"b\"", "exact", [{ name: "x" }] as never)), `defineSchema: custom field "a \\"b\\"", level 1: give exactly one test (${TESTS}); got none.`);
  });
});

describe("_compareByLevels", () => {
  const text = (levels: readonly ComparisonLevel[], a: string | null, b: string | null, kind: ComparisonKind = "levenshtein"): number => _compareByLevels(specs(kind, levels), kind, [a, b], [null, null])(0, 1);
  const number = (levels: readonly ComparisonLevel[], a: number | null, b: number | null): number => _compareByLevels(specs("numeric", levels), "numeric", ["1", "1"], [a, b])(0, 1);

  it("gives the first level passed, the number of levels for else, and -1 for a missing value", () => {
    const levels = [{ exact: true as const }, { maxEdits: 1 }, { maxEdits: 2 }];
    expect(text(levels, "abcd", "abcd")).toBe(0);
    expect(text(levels, "abcd", "abce")).toBe(1);
    expect(text(levels, "abcd", "abxy")).toBe(2);
    expect(text(levels, "abcd", "wxyz")).toBe(3);
    expect(text(levels, null, "abcd")).toBe(-1);
    expect(text(levels, "abcd", null)).toBe(-1);
    expect(text(levels, null, null)).toBe(-1);
  });

  it("compares rows i and j of the columns", () => {
    const compare = _compareByLevels(specs("exact", [{ exact: true }]), "exact", ["a", "b", "a", null], []);
    expect([compare(0, 2), compare(0, 1), compare(1, 2), compare(2, 0), compare(3, 0), compare(0, 3)]).toEqual([0, 1, 1, 0, -1, -1]);
  });

  it("reads maxEdits as at most that many edits", () => {
    expect(text([{ maxEdits: 2 }], "abcd", "abxy")).toBe(0);
    expect(text([{ maxEdits: 2 }], "abcd", "axyz")).toBe(1);
    expect(text([{ maxEdits: 1 }], "abc", "abcd")).toBe(0);
    expect(text([{ maxEdits: 1 }], "abc", "abc")).toBe(0);
  });

  it("reads minJaroWinkler as at least that similarity", () => {
    const bound = _jaroWinkler("MARTHA", "MARHTA");
    expect(_compareByLevels([{ name: "jw", test: "minJaroWinkler", bound }], "jaroWinkler", ["MARTHA", "MARHTA"], [])(0, 1)).toBe(0);
    expect(_compareByLevels([{ name: "jw", test: "minJaroWinkler", bound: bound + 1e-9 }], "jaroWinkler", ["MARTHA", "MARHTA"], [])(0, 1)).toBe(1);
    expect(text([{ minJaroWinkler: 0.8 }], "DIXON", "DICKSONX", "jaroWinkler")).toBe(0);
    expect(text([{ minJaroWinkler: 0.85 }], "DIXON", "DICKSONX", "jaroWinkler")).toBe(1);
  });

  it("reads samePrefix as the first characters equal, the first value at least that long", () => {
    expect(text([{ samePrefix: 3 }], "abcx", "abcy")).toBe(0);
    expect(text([{ samePrefix: 3 }], "abc", "abcd")).toBe(0);
    expect(text([{ samePrefix: 3 }], "abx", "aby")).toBe(1);
    expect(text([{ samePrefix: 3 }], "xbcd", "abcd")).toBe(1);
    // Equal but shorter than the prefix: not the same prefix of that length.
    expect(text([{ samePrefix: 3 }], "ab", "ab")).toBe(1);
    expect(text([{ samePrefix: 3 }], "ab", "abc")).toBe(1);
  });

  it("reads maxDifference as at most that far apart, on the number column", () => {
    expect(number([{ maxDifference: 10 }], 5, 15)).toBe(0);
    expect(number([{ maxDifference: 10 }], 15, 5)).toBe(0);
    expect(number([{ maxDifference: 10 }], 5, 16)).toBe(1);
    expect(number([{ maxDifference: 10 }], 16, 5)).toBe(1);
    expect(number([{ maxDifference: 0 }], -3, 3)).toBe(1);
    expect(number([{ exact: true }, { maxDifference: 1 }], 7, 7)).toBe(0);
    expect(number([{ exact: true }], 7, 8)).toBe(1);
    expect(number([{ exact: true }], 7, null)).toBe(-1);
    expect(number([{ exact: true }], null, 7)).toBe(-1);
  });

  it("reads maxDays as at most that many days apart, and unreadable dates as no match", () => {
    const days = (bound: number, a: string, b: string): number => _compareByLevels(specs("date", [{ maxDays: bound }]), "date", [a, b], [null, null])(0, 1);
    expect(days(31, "2020-01-01", "2020-02-01")).toBe(0);
    expect(days(31, "2020-02-01", "2020-01-01")).toBe(0);
    expect(days(31, "2020-01-01", "2020-02-02")).toBe(1);
    expect(days(0, "2020-01-01", "2020-01-01")).toBe(0);
    expect(days(0, "2020-01-01", "2020-01-02")).toBe(1);
    expect(days(1, "2020-01-01", "2020-01-02")).toBe(0);
    expect(days(366_000, "not a date", "2020-01-01")).toBe(1);
    expect(days(366_000, "2020-01-01", "not a date")).toBe(1);
  });
});
