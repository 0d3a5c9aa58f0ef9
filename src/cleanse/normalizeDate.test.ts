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

describe("normalizeDate: options", () => {
  const invalidOptions: unknown = expect.objectContaining({ code: "invalid_options" });

  it("reads each order option, which takes precedence over the country", () => {
    expect(normalizeDate("03/04/1985", { order: "MDY" }).value).toBe("1985-03-04");
    expect(normalizeDate("03/04/1985", { order: "DMY" }).value).toBe("1985-04-03");
    expect(normalizeDate("1985/04/03", { order: "YMD" }).value).toBe("1985-04-03");
    expect(normalizeDate("03/04/1985", { order: "YMD" }).issues.map((issue) => issue.code)).toEqual(["ambiguous_date"]);
    expect(normalizeDate("03/04/1985", { order: "MDY", country: "GB" }).value).toBe("1985-03-04");
  });

  it("takes now as a Date, epoch milliseconds or an ISO time, and refuses anything else", () => {
    for (const now of [new Date("2026-01-01T00:00:00Z"), Date.UTC(2026, 0, 1), "2026-01-01T00:00:00Z"]) {
      const result = normalizeDate("2030-05-01", { kind: "birthDate", now });
      expect(result.value).toBeNull();
      expect(result.issues[0]).toMatchObject({ code: "implausible_date", reason: "future" });
    }
    for (const now of ["nope", null, Number.NaN, {}]) expect(() => normalizeDate("2030-05-01", { now: now as never })).toThrow(invalidOptions);
  });

  it("takes a zone the platform knows, the same zone again, and refuses others", () => {
    for (let i = 0; i < 2; i++) {
      const result = normalizeDate("2024-03-01 10:00", { kind: "timestamp", zone: "Europe/Paris" });
      expect(result.value).toBe("2024-03-01T10:00:00.000+01:00");
      expect(result.issues[0]).toMatchObject({ code: "time_zone_assumed", zone: "Europe/Paris" });
    }
    expect(normalizeDate("2024-03-01 10:00", { kind: "timestamp", zone: "UTC" }).value).toBe("2024-03-01T10:00:00.000Z");
    expect(normalizeDate("2024-03-01 10:00", { kind: "timestamp", zone: undefined as never }).issues[0]).toMatchObject({ zone: "UTC" });
    for (const zone of ["", "Mars/Base", 5, null, "x".repeat(65)]) {
      expect(() => normalizeDate("2024-03-01 10:00", { kind: "timestamp", zone: zone as never }), String(zone)).toThrow(invalidOptions);
    }
  });

  it("refuses unknown keys and values of the wrong type, and puts the path on issues", () => {
    for (const options of [{ nope: 1 }, { kind: "time" }, { order: "XYZ" }, { country: 5 }, { path: "x" }]) {
      expect(() => normalizeDate("1985-03-14", options as never), JSON.stringify(options)).toThrow(invalidOptions);
    }
    expect(normalizeDate("yesterday", { path: ["records", 1, "dob"] }).issues[0]).toMatchObject({ code: "invalid_date", path: ["records", 1, "dob"] });
    expect(normalizeDate("1985-03-14", { path: ["dob"] })).toMatchObject({ value: "1985-03-14", status: "valid", epochMs: Date.UTC(1985, 2, 14), placeholder: false });
  });
});
