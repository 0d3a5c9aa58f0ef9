// _readInstant, _iso and _isTimeZone on their own: every input type, the edges of the Date range, the
// issues each refusal adds (exactly those), and zone-less text read in the zone given.
import { describe, expect, it } from "vitest";
import { _createIssue } from "../errors/_createIssue.js";
import type { Issue } from "../errors/issue.js";
import { _isTimeZone, _iso, _readInstant } from "./_time.js";

const PATH = ["when"];

/** The instant read, and the issues it added. */
function read(value: unknown, zone = "UTC"): { ms: number | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const ms = _readInstant(value, zone, PATH, issues);
  return { ms, issues };
}

const outOfRange = _createIssue("invalid_date", PATH, { reason: "out_of_range" });

describe("_readInstant with a number", () => {
  it("takes epoch milliseconds up to the Date range on both sides", () => {
    expect(read(0)).toEqual({ ms: 0, issues: [] });
    expect(read(-1)).toEqual({ ms: -1, issues: [] });
    expect(read(1_710_506_096_789)).toEqual({ ms: 1_710_506_096_789, issues: [] });
    expect(read(8.64e15)).toEqual({ ms: 8.64e15, issues: [] });
    expect(read(-8.64e15)).toEqual({ ms: -8.64e15, issues: [] });
  });

  it("refuses numbers past the Date range and non-finite numbers, as out of range", () => {
    for (const value of [8.64e15 + 1, -8.64e15 - 1, 1e20, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(read(value), String(value)).toEqual({ ms: null, issues: [outOfRange] });
    }
    expect(outOfRange).toMatchObject({ code: "invalid_date", reason: "out_of_range", path: PATH, message: "Not a usable date (out of range)." });
  });
});

describe("_readInstant with a Date", () => {
  it("takes a valid Date's time and refuses an invalid one as impossible", () => {
    expect(read(new Date(0))).toEqual({ ms: 0, issues: [] });
    expect(read(new Date(Date.UTC(2024, 2, 15, 12, 34, 56, 789)))).toEqual({ ms: Date.UTC(2024, 2, 15, 12, 34, 56, 789), issues: [] });
    expect(read(new Date(Number.NaN))).toEqual({ ms: null, issues: [_createIssue("invalid_date", PATH, { reason: "impossible_date" })] });
    expect(read(new Date(Number.NaN)).issues[0]).toMatchObject({ reason: "impossible_date", message: "Not a usable date (impossible date)." });
  });
});

describe("_readInstant with text", () => {
  it("reads canonical UTC text, year 0 included (the fast path, before the date parser's range)", () => {
    expect(read("2024-03-15T12:34:56.789Z")).toEqual({ ms: Date.UTC(2024, 2, 15, 12, 34, 56, 789), issues: [] });
    expect(read("0000-01-01T00:00:00.000Z")).toEqual({ ms: Date.parse("0000-01-01T00:00:00.000Z"), issues: [] });
  });

  it("reads other ISO forms and epoch text with the date parser, written offsets first", () => {
    expect(read("2024-03-15T12:34:56+05:30")).toEqual({ ms: Date.UTC(2024, 2, 15, 7, 4, 56), issues: [] });
    expect(read("2024-03-15T12:34:56-05:30", "Asia/Kolkata")).toEqual({ ms: Date.UTC(2024, 2, 15, 18, 4, 56), issues: [] });
    expect(read("2024-03-15T12:34Z")).toEqual({ ms: Date.UTC(2024, 2, 15, 12, 34), issues: [] });
    expect(read("1710506096")).toEqual({ ms: 1_710_506_096_000, issues: [] });
  });

  it("reads zone-less text in the zone given, and reports the zone it assumed", () => {
    expect(read("2024-03-15T12:34:56")).toEqual({ ms: Date.UTC(2024, 2, 15, 12, 34, 56), issues: [_createIssue("time_zone_assumed", PATH, { zone: "UTC" })] });
    expect(read("2024-03-15T12:34:56", "Asia/Kolkata")).toEqual({ ms: Date.UTC(2024, 2, 15, 7, 4, 56), issues: [_createIssue("time_zone_assumed", PATH, { zone: "Asia/Kolkata" })] });
    expect(read("2024-03-15", "America/New_York")).toEqual({ ms: Date.UTC(2024, 2, 15, 4), issues: [_createIssue("time_zone_assumed", PATH, { zone: "America/New_York" })] });
  });

  it("refuses text that is no time with the parser's own issue, and nothing more", () => {
    expect(read("not a date")).toEqual({ ms: null, issues: [_createIssue("invalid_date", PATH, { reason: "unrecognised_format" })] });
    expect(read("2024-02-30T10:00:00Z")).toEqual({ ms: null, issues: [_createIssue("invalid_date", PATH, { reason: "impossible_date" })] });
    expect(read("2024-13-45")).toEqual({
      ms: null,
      issues: [_createIssue("time_zone_assumed", PATH, { zone: "UTC" }), _createIssue("invalid_date", PATH, { reason: "impossible_date" })],
    });
  });

  it("refuses empty and blank text as an unrecognised format", () => {
    const unrecognised = [_createIssue("invalid_date", PATH, { reason: "unrecognised_format" })];
    expect(read("")).toEqual({ ms: null, issues: unrecognised });
    expect(read("   ")).toEqual({ ms: null, issues: unrecognised });
    expect(unrecognised[0]).toMatchObject({ message: "Not a usable date (unrecognised format)." });
  });

  it("adds its issues after those already in the list", () => {
    const earlier = _createIssue("two_digit_year", ["earlier"], {});
    const issues: Issue[] = [earlier];
    expect(_readInstant("2024-03-15T12:34", "UTC", PATH, issues)).toBe(Date.UTC(2024, 2, 15, 12, 34));
    expect(issues).toEqual([earlier, _createIssue("time_zone_assumed", PATH, { zone: "UTC" })]);
  });
});

describe("_readInstant with another type", () => {
  it("refuses it as the wrong type, naming the type and never the value", () => {
    const cases: [unknown, string][] = [[null, "null"], [undefined, "undefined"], [true, "boolean"], [{}, "object"], [[1], "array"], [10n, "bigint"]];
    for (const [value, received] of cases) {
      expect(read(value), received).toEqual({ ms: null, issues: [_createIssue("invalid_type", PATH, { expected: "an ISO 8601 time, epoch milliseconds or a Date", received })] });
    }
    expect(read(null).issues[0]?.message).toBe("Expected an ISO 8601 time, epoch milliseconds or a Date but received null.");
  });
});

describe("_iso", () => {
  it("writes epoch milliseconds as canonical UTC", () => {
    expect(_iso(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(_iso(Date.UTC(2024, 2, 15, 12, 34, 56, 789))).toBe("2024-03-15T12:34:56.789Z");
    expect(_iso(-1)).toBe("1969-12-31T23:59:59.999Z");
  });
});

describe("_isTimeZone", () => {
  it("is true for zones the platform knows and false for anything else", () => {
    expect(["UTC", "Europe/Paris", "Asia/Kolkata", "America/St_Johns", "Etc/GMT+12"].map(_isTimeZone)).toEqual([true, true, true, true, true]);
    expect(["Mars/Olympus", "", "Europe/Pariss", "+25:00", "Not a zone"].map(_isTimeZone)).toEqual([false, false, false, false, false]);
  });
});
