import { describe, expect, it } from "vitest";
import { normalizeDate, type NormalizeDateOptions } from "./normalizeDate.js";

const NOW = "2026-01-01T00:00:00Z";

describe("normalizeDate", () => {
  // [input, options, value, issue codes]
  const table: readonly (readonly [unknown, NormalizeDateOptions, string | null, readonly string[]])[] = [
    ["1985-03-14", {}, "1985-03-14", []],
    ["1985-3-4", {}, "1985-03-04", []],
    ["03/14/1985", {}, "1985-03-14", []],
    ["14/03/1985", {}, "1985-03-14", []],
    ["3/14/1985", {}, "1985-03-14", []],
    ["14.03.1985", {}, "1985-03-14", []],
    ["03.04.1985", {}, "1985-04-03", []],
    ["1985/03/14", {}, "1985-03-14", []],
    ["03/04/1985", {}, null, ["ambiguous_date"]],
    ["03/04/1985", { country: "US" }, "1985-03-04", []],
    ["03/04/1985", { country: "GB" }, "1985-04-03", []],
    ["03/04/1985", { country: "CA" }, null, ["ambiguous_date"]],
    ["03/04/1985", { order: "DMY", country: "US" }, "1985-04-03", []],
    ["04/04/1985", {}, "1985-04-04", []],
    ["March 14, 1985", {}, "1985-03-14", []],
    ["14 Mar 1985", {}, "1985-03-14", []],
    ["Mar 14 1985", {}, "1985-03-14", []],
    ["14th March 1985", {}, "1985-03-14", []],
    ["14-MAR-1985", {}, "1985-03-14", []],
    ["14. März 1985", {}, "1985-03-14", []],
    ["19850314", {}, "1985-03-14", []],
    ["14031985", {}, "1985-03-14", []],
    ["3/14/85", { now: NOW }, "1985-03-14", ["two_digit_year"]],
    ["1/2/03", { now: NOW, order: "MDY" }, "2003-01-02", ["two_digit_year"]],
    [479606400, {}, "1985-03-14", []],
    [479606400000, {}, "1985-03-14", []],
    ["1985-03-14T23:30:00-05:00", {}, "1985-03-14", []],
    ["2023-02-29", {}, null, ["invalid_date"]],
    ["13/13/2000", {}, null, ["invalid_date"]],
    ["yesterday", {}, null, ["invalid_date"]],
    ["1900-01-01", { kind: "birthDate" }, null, ["placeholder_value"]],
    ["01/01/1900", { kind: "birthDate" }, null, ["placeholder_value"]],
    ["1970-01-01", { kind: "birthDate" }, null, ["placeholder_value"]],
    ["1970-01-01", {}, "1970-01-01", []],
    ["2030-05-01", { kind: "birthDate", now: NOW }, null, ["implausible_date"]],
    ["1890-05-01", { kind: "birthDate", now: NOW }, null, ["implausible_date"]],
    [{ year: 1985 }, {}, null, ["invalid_type"]],
    [Number.NaN, {}, null, ["invalid_type"]],
    ["", {}, null, []],
  ];

  for (const [input, options, value, codes] of table) {
    it(`reads ${JSON.stringify(input)} ${JSON.stringify(options)}`, () => {
      const result = normalizeDate(input, options);
      expect(result.value).toBe(value);
      expect(result.issues.map((issue) => issue.code)).toEqual(codes);
    });
  }

  it("keeps a timestamp's own offset and computes the instant", () => {
    const result = normalizeDate("2024-03-01T10:00:00+05:30", { kind: "timestamp" });
    expect(result.value).toBe("2024-03-01T10:00:00.000+05:30");
    expect(result.epochMs).toBe(Date.UTC(2024, 2, 1, 4, 30));
    expect(normalizeDate("2024-03-01T10:00:00.123Z", { kind: "timestamp" }).value).toBe("2024-03-01T10:00:00.123Z");
    expect(normalizeDate("2024-03-01T10:00:00-0700", { kind: "timestamp" }).value).toBe("2024-03-01T10:00:00.000-07:00");
  });

  it("assumes a zone for timestamps without one, and says so", () => {
    const utc = normalizeDate("2024-03-01 10:00:00", { kind: "timestamp" });
    expect(utc.value).toBe("2024-03-01T10:00:00.000Z");
    expect(utc.issues[0]).toMatchObject({ code: "time_zone_assumed", zone: "UTC" });
    const newYork = normalizeDate("2024-03-01 10:00", { kind: "timestamp", zone: "America/New_York" });
    expect(newYork.value).toBe("2024-03-01T10:00:00.000-05:00");
    expect(newYork.epochMs).toBe(Date.UTC(2024, 2, 1, 15));
  });

  it("reads epoch numbers as timestamps in UTC", () => {
    expect(normalizeDate(1_700_000_000, { kind: "timestamp" }).value).toBe("2023-11-14T22:13:20.000Z");
    expect(normalizeDate("1700000000000", { kind: "timestamp" }).value).toBe("2023-11-14T22:13:20.000Z");
  });

  it("skips the clock-dependent checks when no clock is given", () => {
    expect(normalizeDate("2030-05-01", { kind: "birthDate" }).value).toBe("2030-05-01");
  });

  it("never puts the date in a message", () => {
    for (const input of ["03/04/1985", "2030-05-01", "13/13/2000"]) {
      for (const issue of normalizeDate(input, { kind: "birthDate", now: NOW }).issues) expect(issue.message).not.toMatch(/19\d\d|20\d\d/);
    }
  });
});
