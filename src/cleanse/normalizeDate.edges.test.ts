import { afterEach, describe, expect, it, vi } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { normalizeDate, type NormalizeDateOptions } from "./normalizeDate.js";

// Every clock is given: nothing here depends on the machine's time zone or the current time.
const NOW = Date.UTC(2026, 0, 1);
const PREFIX = "normalizeDate: invalid options. ";

/** The error `call` throws, checked to be an `invalid_options` ProfileKitError. */
function optionsError(call: () => unknown): { message: string; cause: unknown } {
  try {
    call();
  } catch (error) {
    if (!isProfileKitError(error)) throw new Error("expected a ProfileKitError", { cause: error });
    expect(error.code).toBe("invalid_options");
    return { message: error.message, cause: error.cause };
  }
  throw new Error("expected the call to throw");
}

describe("normalizeDate (edges): invalid options name the function, the option and the problem", () => {
  const cases: readonly (readonly [string, unknown, string])[] = [
    ["options that are not an object", null, "options: expected an object or undefined, received null"],
    ["options that are an array", [], "options: expected an object or undefined, received array"],
    ["an unknown key", { knd: "date" }, "options.knd: unknown option; did you mean kind?"],
    ["a path that is not an array", { path: "dob" }, "options.path: expected an array of strings and numbers, received string"],
    ["a path with a fractional step", { path: ["dob", 1.5] }, "options.path: expected an array of strings and integers, received an element of type number"],
    ["an unknown kind", { kind: "time" }, "options.kind: expected one of \"date\", \"birthDate\", \"timestamp\", received another string"],
    ["a kind that is not a string", { kind: 5 }, "options.kind: expected one of \"date\", \"birthDate\", \"timestamp\", received number"],
    ["an unknown order", { order: "XYZ" }, "options.order: expected one of \"MDY\", \"DMY\", \"YMD\", received another string"],
    ["a null order", { order: null }, "options.order: expected one of \"MDY\", \"DMY\", \"YMD\", received null"],
    ["a country that is not a string", { country: 5 }, "options.country: expected an ISO 3166-1 alpha-2 code (a string) or null, received number"],
    ["a now that is no time", { now: "nope" }, "options.now: expected a Date, epoch milliseconds or an ISO 8601 time that is valid"],
    ["a null now", { now: null }, "options.now: expected a Date, epoch milliseconds or an ISO 8601 time that is valid"],
    ["an infinite now", { now: Number.POSITIVE_INFINITY }, "options.now: expected a Date, epoch milliseconds or an ISO 8601 time that is valid"],
    ["a now beyond the Date range", { now: 8.64e15 + 1 }, "options.now: expected a Date, epoch milliseconds or an ISO 8601 time that is valid"],
    ["an invalid Date as now", { now: new Date(Number.NaN) }, "options.now: expected a Date, epoch milliseconds or an ISO 8601 time that is valid"],
    ["an unknown zone", { zone: "Mars/Base" }, "options.zone: expected an IANA time zone such as \"Europe/Paris\""],
    ["an empty zone", { zone: "" }, "options.zone: expected an IANA time zone such as \"Europe/Paris\""],
    ["a zone that is a number", { zone: 5 }, "options.zone: expected an IANA time zone such as \"Europe/Paris\""],
    ["a null zone", { zone: null }, "options.zone: expected an IANA time zone such as \"Europe/Paris\""],
    ["a zone of 65 characters", { zone: "x".repeat(65) }, "options.zone: expected an IANA time zone such as \"Europe/Paris\""],
  ];
  for (const [name, options, problem] of cases) {
    it(`refuses ${name}`, () => {
      const error = optionsError(() => normalizeDate("1985-03-14", options as NormalizeDateOptions));
      expect(error.message).toBe(PREFIX + problem);
      expect(error.cause).toBeUndefined();
    });
  }

  it("reports options that cannot be read, with the reader's error as the cause", () => {
    const boom = new Error("boom");
    const options = {
      get kind(): never {
        throw boom;
      },
    };
    const error = optionsError(() => normalizeDate("1985-03-14", options));
    expect(error.message).toBe(`${PREFIX}options: could not be read (a revoked Proxy or a throwing getter?)`);
    expect(error.cause).toBe(boom);
  });
});

describe("normalizeDate (edges): defaults and every field of the result", () => {
  it("gives the same result without options, with {} and with every default spelled out", () => {
    const expected = { value: "1985-03-14", original: "1985-03-14", status: "valid", issues: [], epochMs: Date.UTC(1985, 2, 14), placeholder: false };
    expect(normalizeDate("1985-03-14")).toEqual(expected);
    expect(normalizeDate("1985-03-14", {})).toEqual(expected);
    expect(normalizeDate("1985-03-14", { kind: "date", order: undefined as never, country: null, now: undefined as never, zone: "UTC", path: [] })).toEqual(expected);
    expect(normalizeDate("1985-03-14", { kind: undefined as never, country: undefined as never, zone: undefined as never, path: undefined as never })).toEqual(expected);
  });

  it("reads a date-only input as a date by default, not as a timestamp", () => {
    expect(normalizeDate("2024-03-01 10:00")).toEqual({ value: "2024-03-01", original: "2024-03-01 10:00", status: "fixed", issues: [], epochMs: Date.UTC(2024, 2, 1), placeholder: false });
    expect(normalizeDate("2024-03-01 10:00", {})).toEqual(normalizeDate("2024-03-01 10:00"));
  });

  it("puts the given path on every issue, and no path by default", () => {
    expect(normalizeDate("03/04/1985")).toEqual({
      value: null,
      original: "03/04/1985",
      status: "invalid",
      issues: [{ code: "ambiguous_date", path: [], message: "Day and month are ambiguous; give the date order (normalizeDate's order option, dateOrder in identity options or a schema) or a country to decide.", severity: "error" }],
      epochMs: null,
      placeholder: false,
    });
    expect(normalizeDate("03/04/1985", { path: ["records", 0, "dob"] }).issues).toMatchObject([{ code: "ambiguous_date", path: ["records", 0, "dob"] }]);
  });

  it("decides ambiguous numeric dates from order first, then country, and otherwise refuses to guess", () => {
    expect(normalizeDate("03/04/1985", { order: "MDY" }).value).toBe("1985-03-04");
    expect(normalizeDate("03/04/1985", { order: "DMY" }).value).toBe("1985-04-03");
    expect(normalizeDate("03/04/1985", { order: "DMY", country: "US" }).value).toBe("1985-04-03");
    expect(normalizeDate("03/04/1985", { order: "MDY", country: "DE" }).value).toBe("1985-03-04");
    expect(normalizeDate("03/04/1985", { country: "US" }).value).toBe("1985-03-04");
    expect(normalizeDate("03/04/1985", { country: "DE" }).value).toBe("1985-04-03");
    expect(normalizeDate("03/04/1985", { country: null }).issues.map((issue) => issue.code)).toEqual(["ambiguous_date"]);
    expect(normalizeDate("03/04/1985", { order: undefined as never }).issues.map((issue) => issue.code)).toEqual(["ambiguous_date"]);
  });

  it("keeps each kind's meaning: a date, a checked birth date, a timestamp with its zone", () => {
    expect(normalizeDate("2030-05-01", { kind: "date", now: NOW })).toMatchObject({ value: "2030-05-01", status: "valid", issues: [] });
    expect(normalizeDate("2030-05-01", { kind: "birthDate", now: NOW })).toEqual({
      value: null,
      original: "2030-05-01",
      status: "invalid",
      issues: [{ code: "implausible_date", reason: "future", path: [], message: "The birth date is in the future.", severity: "warning" }],
      epochMs: null,
      placeholder: false,
    });
    expect(normalizeDate("2030-05-01T10:00:00Z", { kind: "timestamp" })).toEqual({
      value: "2030-05-01T10:00:00.000Z",
      original: "2030-05-01T10:00:00Z",
      status: "fixed",
      issues: [],
      epochMs: Date.UTC(2030, 4, 1, 10),
      placeholder: false,
    });
  });
});

describe("normalizeDate (edges): the now option", () => {
  it("reads a now written without a zone in UTC, whatever the zone option", () => {
    // The boundary: a birth date at exactly `now` is not in the future; one millisecond later it is.
    for (const zone of [undefined, "Asia/Kathmandu"]) {
      const base: NormalizeDateOptions = zone === undefined ? { kind: "birthDate" } : { kind: "birthDate", zone };
      expect(normalizeDate("2026-01-01", { ...base, now: "2026-01-01 00:00" })).toEqual({
        value: "2026-01-01",
        original: "2026-01-01",
        status: "valid",
        issues: [],
        epochMs: NOW,
        placeholder: false,
      });
      expect(normalizeDate("2026-01-01", { ...base, now: "2026-01-01" }).value).toBe("2026-01-01");
      expect(normalizeDate("2026-01-01", { ...base, now: "2025-12-31T23:59:59.999" }).issues).toMatchObject([{ code: "implausible_date", reason: "future" }]);
      expect(normalizeDate("2026-01-01", { ...base, now: "2025-12-31 23:59" }).value).toBeNull();
    }
  });

  it("takes now as a Date, epoch milliseconds, a canonical or an offset ISO time, all alike", () => {
    for (const now of [new Date(NOW), NOW, "2026-01-01T00:00:00.000Z", "2026-01-01T05:45:00+05:45"]) {
      expect(normalizeDate("2026-01-01", { kind: "birthDate", now }).value).toBe("2026-01-01");
      expect(normalizeDate("2026-01-02", { kind: "birthDate", now }).value).toBeNull();
    }
  });

  it("uses now for two-digit years, and the over-120-years check, only when given", () => {
    expect(normalizeDate("3/14/25", { order: "MDY", now: Date.UTC(2024, 0, 1) }).value).toBe("1925-03-14");
    expect(normalizeDate("3/14/25", { order: "MDY", now: Date.UTC(2026, 0, 1) }).value).toBe("2025-03-14");
    expect(normalizeDate("1905-06-01", { kind: "birthDate" }).value).toBe("1905-06-01");
    expect(normalizeDate("1905-06-01", { kind: "birthDate", now: NOW }).issues.map((issue) => issue.code)).toEqual(["implausible_date"]);
  });
});

describe("normalizeDate (edges): the zone option", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The time zones the platform's Intl.DateTimeFormat is asked about while `call` runs. */
  function zonesChecked(call: () => unknown): unknown[] {
    const spy = vi.spyOn(Intl, "DateTimeFormat");
    try {
      call();
    } catch {
      // Refused zones are checked too.
    }
    const zones = spy.mock.calls.map((args) => args[1]?.timeZone);
    spy.mockRestore();
    return zones;
  }

  it("accepts UTC without consulting the platform's zone database", async () => {
    // A fresh copy of the module, whose remembered zones are only its own.
    vi.resetModules();
    const fresh = await import("./normalizeDate.js");
    expect(zonesChecked(() => fresh.normalizeDate("1985-03-14", { zone: "UTC" }))).toEqual([]);
    expect(zonesChecked(() => fresh.normalizeDate("2024-03-01 10:00", { kind: "timestamp", zone: "UTC" }))).toEqual([]);
    expect(normalizeDate("2024-03-01 10:00", { kind: "timestamp", zone: "UTC" })).toMatchObject({ value: "2024-03-01T10:00:00.000Z", issues: [{ code: "time_zone_assumed", zone: "UTC" }] });
  });

  it("assumes UTC for a timestamp without a zone when no zone is given", () => {
    const expected = {
      value: "2024-03-01T10:00:00.000Z",
      original: "2024-03-01 10:00",
      status: "fixed",
      issues: [{ code: "time_zone_assumed", zone: "UTC", path: ["t"], message: "The timestamp had no time zone; assumed UTC.", severity: "info" }],
      epochMs: Date.UTC(2024, 2, 1, 10),
      placeholder: false,
    };
    expect(normalizeDate("2024-03-01 10:00", { kind: "timestamp", path: ["t"] })).toEqual(expected);
    expect(normalizeDate("2024-03-01 10:00", { kind: "timestamp", path: ["t"], zone: undefined as never })).toEqual(expected);
    expect(normalizeDate("2024-03-01", { kind: "timestamp" })).toMatchObject({ value: "2024-03-01T00:00:00.000Z", epochMs: Date.UTC(2024, 2, 1), issues: [{ zone: "UTC" }] });
  });

  it("checks a new zone with the platform once, and then remembers it", () => {
    expect(zonesChecked(() => normalizeDate("1985-03-14", { zone: "Pacific/Chatham" }))).toEqual(["Pacific/Chatham"]);
    expect(zonesChecked(() => normalizeDate("1985-03-14", { zone: "Pacific/Chatham" }))).toEqual([]);
    const result = normalizeDate("2024-03-01 10:00", { kind: "timestamp", zone: "Pacific/Chatham" });
    expect(result).toEqual({
      value: "2024-03-01T10:00:00.000+13:45",
      original: "2024-03-01 10:00",
      status: "fixed",
      issues: [{ code: "time_zone_assumed", zone: "Pacific/Chatham", path: [], message: "The timestamp had no time zone; assumed Pacific/Chatham.", severity: "info" }],
      epochMs: Date.UTC(2024, 1, 29, 20, 15),
      placeholder: false,
    });
  });

  it("does not remember a refused zone", () => {
    expect(zonesChecked(() => normalizeDate("1985-03-14", { zone: "Mars/Olympus" }))).toEqual(["Mars/Olympus"]);
    expect(zonesChecked(() => normalizeDate("1985-03-14", { zone: "Mars/Olympus" }))).toEqual(["Mars/Olympus"]);
  });

  it("asks the platform about names of up to 64 characters only, and never about an empty name or a non-string", () => {
    const longest = `Mars/${"x".repeat(59)}`;
    expect(longest).toHaveLength(64);
    expect(zonesChecked(() => normalizeDate("1985-03-14", { zone: longest }))).toEqual([longest]);
    expect(zonesChecked(() => normalizeDate("1985-03-14", { zone: `${longest}x` }))).toEqual([]);
    expect(zonesChecked(() => normalizeDate("1985-03-14", { zone: "" }))).toEqual([]);
    expect(zonesChecked(() => normalizeDate("1985-03-14", { zone: 7 as never }))).toEqual([]);
    expect(optionsError(() => normalizeDate("1985-03-14", { zone: longest })).message).toBe(`${PREFIX}options.zone: expected an IANA time zone such as "Europe/Paris"`);
  });

  it("accepts a zone of exactly 64 characters when the platform knows it", () => {
    // A platform whose zone database accepts any name: the only limit left is the length.
    const Real = Intl.DateTimeFormat;
    vi.spyOn(Intl, "DateTimeFormat").mockImplementation(function (this: unknown, locales?: Intl.LocalesArgument, options?: Intl.DateTimeFormatOptions) {
      return new Real(locales, { ...options, timeZone: "UTC" });
    });
    const longest = `Moon/${"y".repeat(59)}`;
    expect(normalizeDate("1985-03-14", { zone: longest })).toMatchObject({ value: "1985-03-14", status: "valid" });
    expect(optionsError(() => normalizeDate("1985-03-14", { zone: `${longest}y` })).message).toBe(`${PREFIX}options.zone: expected an IANA time zone such as "Europe/Paris"`);
  });
});
