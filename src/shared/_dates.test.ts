// The date parser on its own: every format it reads, the order rules for ambiguous dates, the edges of
// each check (calendar, range, placeholders, plausibility, two-digit years, offsets), and the whole result
// (value, status, issues, epoch) for each.
import { describe, expect, it } from "vitest";
import { _createIssue } from "../errors/_createIssue.js";
import type { Issue } from "../errors/issue.js";
import { _readDate, type _DateReading, type _DateSettings } from "./_dates.js";

const PATH = ["profile", "date"];

function settings(overrides: Partial<_DateSettings>): _DateSettings {
  return { path: PATH, kind: "date", order: null, country: null, now: null, zone: "UTC", ...overrides };
}

function read(value: unknown, overrides: Partial<_DateSettings> = {}): _DateReading {
  return _readDate(value, settings(overrides));
}

/** A value read and standardised (status `fixed`), or already standard (`valid`). */
function accepted(original: unknown, value: string, epochMs: number, issues: readonly Issue[] = []): _DateReading {
  return { value, original, status: original === value ? "valid" : "fixed", issues, epochMs, placeholder: false };
}

function refused(original: unknown, issues: readonly Issue[], status: "invalid" | "missing" = "invalid"): _DateReading {
  return { value: null, original, status, issues, epochMs: null, placeholder: false };
}

const invalidDate = (reason: "unrecognised_format" | "impossible_date" | "out_of_range"): Issue => _createIssue("invalid_date", PATH, { reason });
const UNRECOGNISED = invalidDate("unrecognised_format");
const IMPOSSIBLE = invalidDate("impossible_date");
const OUT_OF_RANGE = invalidDate("out_of_range");
const AMBIGUOUS = _createIssue("ambiguous_date", PATH, {});
const TWO_DIGIT_YEAR = _createIssue("two_digit_year", PATH, {});
const assumed = (zone: string): Issue => _createIssue("time_zone_assumed", PATH, { zone });

/** The date of `text` (YYYY-MM-DD) read as a date, fixed from `original`. */
function date(original: unknown, iso: string, issues: readonly Issue[] = []): _DateReading {
  return accepted(original, iso, Date.parse(`${iso}T00:00:00.000Z`), issues);
}

describe("_readDate: the issues it reports", () => {
  it("builds them with their standard messages", () => {
    expect([UNRECOGNISED, IMPOSSIBLE, OUT_OF_RANGE, AMBIGUOUS, TWO_DIGIT_YEAR, assumed("UTC")].map((issue) => [issue.code, issue.message])).toEqual([
      ["invalid_date", "Not a usable date (unrecognised format)."],
      ["invalid_date", "Not a usable date (impossible date)."],
      ["invalid_date", "Not a usable date (out of range)."],
      ["ambiguous_date", "Day and month are ambiguous; give the date order (normalizeDate's order option, dateOrder in identity options or a schema) or a country to decide."],
      ["two_digit_year", "Read a two-digit year as the most recent matching year."],
      ["time_zone_assumed", "The timestamp had no time zone; assumed UTC."],
    ]);
  });
});

describe("_readDate: missing and unusable values", () => {
  it("calls null, undefined, empty and blank text missing, with no issue", () => {
    for (const value of [null, undefined, "", "   ", "\t"]) expect(read(value), String(value)).toEqual(refused(value, [], "missing"));
  });

  it("refuses other types and non-finite numbers as the wrong type", () => {
    expect(read(true)).toEqual(refused(true, [_createIssue("invalid_type", PATH, { expected: "string", received: "boolean" })]));
    expect(read({})).toEqual(refused({}, [_createIssue("invalid_type", PATH, { expected: "string", received: "object" })]));
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(read(value), String(value)).toEqual(refused(value, [_createIssue("invalid_type", PATH, { expected: "string or finite number", received: "non-finite number" })]));
    }
  });

  it("refuses text longer than 64 characters before reading it", () => {
    const long = "1".repeat(65);
    expect(read(long)).toEqual(refused(long, [_createIssue("too_long", PATH, { maximum: 64, length: 65 })]));
  });

  it("refuses text in no known format", () => {
    for (const text of ["not a date", "14", "2024", "12345678901234", "2024-03", "March 1985", "14 March 1985 10"]) {
      expect(read(text), text).toEqual(refused(text, [UNRECOGNISED]));
    }
  });
});

describe("_readDate: epoch numbers and epoch text", () => {
  it("reads ten digits or fewer as seconds, more as milliseconds, the boundary at 1e11", () => {
    expect(read(1_710_506_096, { kind: "timestamp" })).toEqual(accepted(1_710_506_096, "2024-03-15T12:34:56.000Z", 1_710_506_096_000));
    expect(read(1_710_506_096_789, { kind: "timestamp" })).toEqual(accepted(1_710_506_096_789, "2024-03-15T12:34:56.789Z", 1_710_506_096_789));
    expect(read(1e11, { kind: "timestamp" })).toEqual(accepted(1e11, "1973-03-03T09:46:40.000Z", 1e11));
    expect(read(99_999_999_999, { kind: "timestamp" })).toEqual(accepted(99_999_999_999, "5138-11-16T09:46:39.000Z", 99_999_999_999_000));
    expect(read(-1, { kind: "timestamp" })).toEqual(accepted(-1, "1969-12-31T23:59:59.000Z", -1000));
    expect(read(-1e11, { kind: "timestamp" })).toEqual(accepted(-1e11, "1966-10-31T14:13:20.000Z", -1e11));
    expect(read(0, { kind: "timestamp" })).toEqual(accepted(0, "1970-01-01T00:00:00.000Z", 0));
  });

  it("keeps the date of an epoch for dates, at UTC midnight", () => {
    expect(read(1_710_506_096)).toEqual(date(1_710_506_096, "2024-03-15"));
    expect(read(1_710_506_096_789, { kind: "birthDate" })).toEqual(date(1_710_506_096_789, "2024-03-15"));
    expect(read(0)).toEqual(date(0, "1970-01-01"));
  });

  it("reads years 1000 to 9999 only", () => {
    const first = Date.parse("1000-01-01T00:00:00.000Z");
    const last = Date.parse("9999-12-31T23:59:59.999Z");
    expect(read(first / 1000, { kind: "timestamp" })).toEqual(accepted(first / 1000, "1000-01-01T00:00:00.000Z", first));
    expect(read(first / 1000 - 1, { kind: "timestamp" })).toEqual(refused(first / 1000 - 1, [OUT_OF_RANGE]));
    expect(read(last, { kind: "timestamp" })).toEqual(accepted(last, "9999-12-31T23:59:59.999Z", last));
    expect(read(last + 1, { kind: "timestamp" })).toEqual(refused(last + 1, [OUT_OF_RANGE]));
    expect(read(Date.parse("1000-01-02T00:00:00.000Z"))).toEqual(date(Date.parse("1000-01-02T00:00:00.000Z"), "1000-01-02"));
    // Past the Date range: no year at all.
    expect(read(9e15, { kind: "timestamp" })).toEqual(refused(9e15, [OUT_OF_RANGE]));
    expect(read(-9e15)).toEqual(refused(-9e15, [OUT_OF_RANGE]));
  });

  it("reads 9 to 13 digits of text, signed, as an epoch", () => {
    expect(read("1710506096", { kind: "timestamp" })).toEqual(accepted("1710506096", "2024-03-15T12:34:56.000Z", 1_710_506_096_000));
    expect(read("1710506096789", { kind: "timestamp" })).toEqual(accepted("1710506096789", "2024-03-15T12:34:56.789Z", 1_710_506_096_789));
    expect(read("123456789", { kind: "timestamp" })).toEqual(accepted("123456789", "1973-11-29T21:33:09.000Z", 123_456_789_000));
    expect(read("-123456789", { kind: "timestamp" })).toEqual(accepted("-123456789", "1966-02-02T02:26:51.000Z", -123_456_789_000));
    expect(read("1710506096")).toEqual(date("1710506096", "2024-03-15"));
    for (const text of ["17105060967890", "x1710506096", "1710506096x", "--123456789"]) expect(read(text, { kind: "timestamp" }), text).toEqual(refused(text, [UNRECOGNISED]));
  });
});

describe("_readDate: ISO dates", () => {
  it("keeps a standard date as it is and pads a short one", () => {
    expect(read("2024-03-15")).toEqual(date("2024-03-15", "2024-03-15"));
    expect(read("2024-3-5")).toEqual(date("2024-3-5", "2024-03-05"));
    expect(read("2024-03-15", { kind: "birthDate" })).toEqual(date("2024-03-15", "2024-03-15"));
  });

  it("accepts the first and last day and month, February 29 in leap years only", () => {
    for (const iso of ["2024-01-01", "2024-12-31", "2024-01-31", "2024-04-30", "2024-02-29", "2000-02-29", "1999-12-31"]) expect(read(iso), iso).toEqual(date(iso, iso));
    for (const iso of ["2024-00-10", "2024-13-01", "2024-01-00", "2024-01-32", "2024-04-31", "2023-02-29", "1900-02-29", "2024-02-30", "0000-01-01"]) {
      expect(read(iso), iso).toEqual(refused(iso, [IMPOSSIBLE]));
    }
  });

  it("reads years 1000 to 9999, and refuses earlier ones as out of range", () => {
    expect(read("1000-01-02")).toEqual(date("1000-01-02", "1000-01-02"));
    expect(read("9999-12-30")).toEqual(date("9999-12-30", "9999-12-30"));
    for (const iso of ["0999-12-31", "0001-01-01", "0500-06-15"]) expect(read(iso), iso).toEqual(refused(iso, [OUT_OF_RANGE]));
  });

  it("refuses an ISO date with anything before or after it, or letters in its fields", () => {
    for (const text of ["x2024-03-15", "2024-03-15x", "2024-ab-15", "abcd-03-15", "2024-03-ab", "2024--05", "2024-001-05", "12024-03-15"]) {
      expect(read(text), text).toEqual(refused(text, [UNRECOGNISED]));
    }
  });
});

describe("_readDate: placeholders", () => {
  it("flags every placeholder date, and 1970-01-01 only for birth dates", () => {
    const placeholders = ["1900-01-01", "1901-01-01", "1899-12-31", "1800-01-01", "1000-01-01", "9999-12-31", "1111-11-11", "2999-12-31"];
    const placeholder = _createIssue("placeholder_value", PATH, { kind: "date" });
    for (const kind of ["date", "birthDate"] as const) {
      for (const iso of placeholders) expect(read(iso, { kind }), `${kind} ${iso}`).toEqual({ ...refused(iso, [placeholder]), placeholder: true });
    }
    expect(read("1970-01-01", { kind: "birthDate" })).toEqual({ ...refused("1970-01-01", [placeholder]), placeholder: true });
    expect(read("1970-01-01")).toEqual(date("1970-01-01", "1970-01-01"));
    expect(read("1900-01-02")).toEqual(date("1900-01-02", "1900-01-02"));
    expect(placeholder.message).toBe("The date is a placeholder, not real data; it was not used.");
  });

  it("flags a placeholder however it was written", () => {
    const placeholder = _createIssue("placeholder_value", PATH, { kind: "date" });
    for (const text of ["01/01/1900", "19000101", "January 1, 1900", "1900-1-1"]) {
      expect(read(text), text).toEqual({ ...refused(text, [placeholder]), placeholder: true });
    }
  });
});

describe("_readDate: birth date plausibility", () => {
  const now = Date.UTC(2024, 2, 15, 12);
  const YEAR_MS = 365.2425 * 24 * 3600 * 1000;

  it("refuses a birth date after now, and accepts today", () => {
    expect(read("2024-03-16", { kind: "birthDate", now })).toEqual(refused("2024-03-16", [_createIssue("implausible_date", PATH, { reason: "future" })]));
    expect(read("2024-03-15", { kind: "birthDate", now })).toEqual(date("2024-03-15", "2024-03-15"));
    expect(read("2024-03-15", { kind: "birthDate", now: Date.UTC(2024, 2, 15) })).toEqual(date("2024-03-15", "2024-03-15"));
    expect(read("2024-03-15", { kind: "birthDate", now: Date.UTC(2024, 2, 15) - 1 })).toEqual(refused("2024-03-15", [_createIssue("implausible_date", PATH, { reason: "future" })]));
  });

  it("refuses a birth date more than 120 average years before now, and accepts one exactly 120", () => {
    const born = Date.UTC(1904, 2, 15);
    expect(read("1904-03-15", { kind: "birthDate", now: born + 120 * YEAR_MS })).toEqual(date("1904-03-15", "1904-03-15"));
    expect(read("1904-03-15", { kind: "birthDate", now: born + 120 * YEAR_MS + 1 })).toEqual(refused("1904-03-15", [_createIssue("implausible_date", PATH, { reason: "too_old" })]));
    expect(read("1904-03-15", { kind: "birthDate", now: born + 119 * YEAR_MS })).toEqual(date("1904-03-15", "1904-03-15"));
    expect(_createIssue("implausible_date", PATH, { reason: "too_old" }).message).toBe("The birth date is more than 120 years ago.");
  });

  it("checks plausibility only for birth dates, and only with a clock", () => {
    expect(read("2024-03-16", { now })).toEqual(date("2024-03-16", "2024-03-16"));
    expect(read("1800-01-02", { now })).toEqual(date("1800-01-02", "1800-01-02"));
    expect(read("2099-03-16", { kind: "birthDate" })).toEqual(date("2099-03-16", "2099-03-16"));
    expect(read("1800-01-02", { kind: "birthDate" })).toEqual(date("1800-01-02", "1800-01-02"));
  });
});

describe("_readDate: compact dates", () => {
  it("reads YYYYMMDD from year 1000", () => {
    expect(read("20240315")).toEqual(date("20240315", "2024-03-15"));
    expect(read("10000102")).toEqual(date("10000102", "1000-01-02"));
  });

  it("reads DDMMYYYY and MMDDYYYY when YYYYMMDD is no date, by the order rules", () => {
    expect(read("14031985")).toEqual(date("14031985", "1985-03-14"));
    expect(read("03141985")).toEqual(date("03141985", "1985-03-14"));
    expect(read("03041985")).toEqual(refused("03041985", [AMBIGUOUS]));
    expect(read("03041985", { country: "US" })).toEqual(date("03041985", "1985-03-04"));
    expect(read("03041985", { country: "GB" })).toEqual(date("03041985", "1985-04-03"));
    expect(read("09991231")).toEqual(refused("09991231", [UNRECOGNISED]));
    expect(read("13131985")).toEqual(refused("13131985", [UNRECOGNISED]));
  });

  it("takes exactly eight digits", () => {
    for (const text of ["20240315x", "x20240315", "2024031", "2024 0315"]) expect(read(text), text).toEqual(refused(text, [UNRECOGNISED]));
  });
});

describe("_readDate: numeric dates with separators", () => {
  it("reads year first with any separator and spaces around it", () => {
    for (const text of ["2024/03/15", "2024.3.15", "2024 - 03 - 15", "2024/03-15", "2024-03-015"]) expect(read(text), text).toEqual(date(text, "2024-03-15"));
  });

  it("reads day and month in the only order that makes a date", () => {
    for (const text of ["14/03/1985", "14-03-1985", "14.03.1985", "14 / 03 / 1985", "14/3/1985", "14/03-1985"]) expect(read(text), text).toEqual(date(text, "1985-03-14"));
    for (const text of ["03/14/1985", "3/14/1985", "03 / 14 / 1985"]) expect(read(text), text).toEqual(date(text, "1985-03-14"));
    for (const text of ["13/13/1985", "32/01/1985", "00/00/1985"]) expect(read(text), text).toEqual(refused(text, [UNRECOGNISED]));
  });

  it("takes a year of two or four digits only", () => {
    for (const text of ["14/03/985", "14/03/1", "14/03/19850", "x14/03/1985", "14/03/1985x", "14|03|1985", "14/03|1985", "14//03/1985"]) {
      expect(read(text), text).toEqual(refused(text, [UNRECOGNISED]));
    }
  });

  it("needs no rule when day and month are the same", () => {
    expect(read("05/05/1985")).toEqual(date("05/05/1985", "1985-05-05"));
  });

  it("decides an ambiguous date by the order option first", () => {
    expect(read("03/04/1985", { order: "DMY" })).toEqual(date("03/04/1985", "1985-04-03"));
    expect(read("03/04/1985", { order: "MDY" })).toEqual(date("03/04/1985", "1985-03-04"));
    expect(read("03/04/1985", { order: "MDY", country: "GB" })).toEqual(date("03/04/1985", "1985-03-04"));
    expect(read("03/04/1985", { order: "DMY", country: "US" })).toEqual(date("03/04/1985", "1985-04-03"));
    expect(read("03/04/1985", { order: "YMD" })).toEqual(refused("03/04/1985", [AMBIGUOUS]));
  });

  it("reads a dotted date day first, wherever it is from", () => {
    expect(read("03.04.1985")).toEqual(date("03.04.1985", "1985-04-03"));
    expect(read("03.04.1985", { country: "US" })).toEqual(date("03.04.1985", "1985-04-03"));
    expect(read("03.04/1985")).toEqual(date("03.04/1985", "1985-04-03"));
    expect(read("03/04.1985")).toEqual(refused("03/04.1985", [AMBIGUOUS]));
  });

  it("reads month first for the countries that write it so, in any case, and day first elsewhere", () => {
    for (const country of ["US", "FM", "MH", "PW", "PH", "AS", "GU", "MP", "PR", "VI", "UM", "us", "Ph"]) {
      expect(read("03/04/1985", { country }), country).toEqual(date("03/04/1985", "1985-03-04"));
    }
    for (const country of ["GB", "DE", "FR", "IN", "gb", "XX"]) expect(read("03/04/1985", { country }), country).toEqual(date("03/04/1985", "1985-04-03"));
  });

  it("reports an ambiguous date rather than guess, without a country, for Canada, or for no country at all", () => {
    for (const country of [null, "", "CA", "ca"]) expect(read("03/04/1985", { country }), String(country)).toEqual(refused("03/04/1985", [AMBIGUOUS]));
    expect(read("03-04-1985")).toEqual(refused("03-04-1985", [AMBIGUOUS]));
  });
});

describe("_readDate: two-digit years", () => {
  it("reads them in 1930–2029 without a clock, the window's last year included", () => {
    expect(read("14/03/85")).toEqual(date("14/03/85", "1985-03-14", [TWO_DIGIT_YEAR]));
    expect(read("14/03/29")).toEqual(date("14/03/29", "2029-03-14", [TWO_DIGIT_YEAR]));
    expect(read("14/03/30")).toEqual(date("14/03/30", "1930-03-14", [TWO_DIGIT_YEAR]));
    expect(read("14/03/00")).toEqual(date("14/03/00", "2000-03-14", [TWO_DIGIT_YEAR]));
    expect(read("14/03/99")).toEqual(date("14/03/99", "1999-03-14", [TWO_DIGIT_YEAR]));
  });

  it("reads them as the latest year not after now's year, with a clock", () => {
    const now = Date.UTC(2024, 5, 1);
    expect(read("14/03/24", { now })).toEqual(date("14/03/24", "2024-03-14", [TWO_DIGIT_YEAR]));
    expect(read("14/03/25", { now })).toEqual(date("14/03/25", "1925-03-14", [TWO_DIGIT_YEAR]));
    expect(read("14/03/85", { now })).toEqual(date("14/03/85", "1985-03-14", [TWO_DIGIT_YEAR]));
    expect(read("14/03/50", { now: Date.UTC(1975, 0, 1) })).toEqual(date("14/03/50", "1950-03-14", [TWO_DIGIT_YEAR]));
    expect(read("14/03/80", { now: Date.UTC(1975, 0, 1) })).toEqual(date("14/03/80", "1880-03-14", [TWO_DIGIT_YEAR]));
    expect(read("14 March 24", { now })).toEqual(date("14 March 24", "2024-03-14", [TWO_DIGIT_YEAR]));
  });
});

describe("_readDate: textual months", () => {
  const MONTH_NAMES: readonly (readonly [string, number])[] = [
    ["jan", 1], ["january", 1], ["feb", 2], ["february", 2], ["mar", 3], ["march", 3], ["apr", 4], ["april", 4], ["may", 5], ["jun", 6], ["june", 6],
    ["jul", 7], ["july", 7], ["aug", 8], ["august", 8], ["sep", 9], ["sept", 9], ["september", 9], ["oct", 10], ["october", 10], ["nov", 11],
    ["november", 11], ["dec", 12], ["december", 12],
    ["januar", 1], ["februar", 2], ["märz", 3], ["maerz", 3], ["mai", 5], ["juni", 6], ["juli", 7], ["oktober", 10], ["okt", 10], ["dezember", 12], ["dez", 12],
    ["janvier", 1], ["février", 2], ["fevrier", 2], ["mars", 3], ["avril", 4], ["juin", 6], ["juillet", 7], ["août", 8], ["aout", 8], ["septembre", 9],
    ["octobre", 10], ["novembre", 11], ["décembre", 12], ["decembre", 12], ["enero", 1], ["febrero", 2], ["marzo", 3], ["abril", 4], ["mayo", 5],
    ["junio", 6], ["julio", 7], ["agosto", 8], ["septiembre", 9], ["setiembre", 9], ["octubre", 10], ["noviembre", 11], ["diciembre", 12],
  ];

  it("knows every English, German, French and Spanish month name, in any case", () => {
    for (const [name, month] of MONTH_NAMES) {
      const iso = `1985-${String(month).padStart(2, "0")}-14`;
      const text = `14 ${name} 1985`;
      expect(read(text), name).toEqual(date(text, iso));
      const upper = `${name.toUpperCase()} 14, 1985`;
      expect(read(upper), upper).toEqual(date(upper, iso));
    }
  });

  it("takes the day before or after the month, the year first or last, and ordinal days", () => {
    for (const text of ["March 14, 1985", "14 Mar 1985", "1985 March 14", "1985-Mar-14", "14th March 1985", "14TH March 1985", "March 14th, 1985", "14. März 1985", "Mar.14.1985", "March 14, 1985."]) {
      expect(read(text), text).toEqual(date(text, "1985-03-14"));
    }
    for (const [text, iso] of [["March 1st, 1985", "1985-03-01"], ["2nd Jan 2000", "2000-01-02"], ["3rd Feb 2001", "2001-02-03"], ["5 March 1985", "1985-03-05"]] as const) {
      expect(read(text), text).toEqual(date(text, iso));
    }
  });

  it("refuses text with no month, two months, a bad day or a bad year", () => {
    for (const text of ["March 14 1985 extra", "March May 1985", "May 14 March", "March x14 1985", "March 14x 1985", "March 14st1 1985", "March 114 1985", "March 14 985", "March 14 198", "March 14 19855", "March 14 x85", "1985 March 14x", "11985 March 14", "14 1985 17", "March 31st 1985 x"]) {
      expect(read(text), text).toEqual(refused(text, [UNRECOGNISED]));
    }
  });

  it("refuses a day the month does not have", () => {
    for (const text of ["February 30, 2024", "April 31 2024", "29 Feb 2023", "March 0 1985", "March 32 1985"]) expect(read(text), text).toEqual(refused(text, [UNRECOGNISED]));
    expect(read("29 Feb 2024")).toEqual(date("29 Feb 2024", "2024-02-29"));
  });

  it("reads a year of two digits, reporting it, and refuses other lengths", () => {
    expect(read("March 14 85")).toEqual(date("March 14 85", "1985-03-14", [TWO_DIGIT_YEAR]));
    expect(read("1985 March 14th")).toEqual(date("1985 March 14th", "1985-03-14"));
    // Day first when the first number is not a four-digit year: 85 is then the day, and no date.
    expect(read("85 March 14")).toEqual(refused("85 March 14", [TWO_DIGIT_YEAR, UNRECOGNISED]));
  });
});

describe("_readDate: ISO date-times read as dates", () => {
  it("keeps the written date, whatever the time and zone", () => {
    for (const text of ["2024-03-15T12:34:56Z", "2024-03-15 12:34", "2024-03-15T23:59:59.999+14:00", "2024-03-15t00:00-12:00"]) {
      expect(read(text), text).toEqual(date(text, "2024-03-15"));
      expect(read(text, { kind: "birthDate" }), text).toEqual(date(text, "2024-03-15"));
    }
    expect(read("2024-02-30T10:00:00Z")).toEqual(refused("2024-02-30T10:00:00Z", [IMPOSSIBLE]));
    expect(read("1900-01-01T10:00:00Z")).toEqual({ ...refused("1900-01-01T10:00:00Z", [_createIssue("placeholder_value", PATH, { kind: "date" })]), placeholder: true });
  });

  it("refuses a date-time with anything before or after it", () => {
    for (const text of ["x2024-03-15T12:34", "2024-03-15T12:34x", "2024-03-15T12:34:56Zjunk", "2024-03-15X12:34"]) expect(read(text), text).toEqual(refused(text, [UNRECOGNISED]));
  });
});

describe("_readDate: timestamps with a written zone", () => {
  const ts = { kind: "timestamp" } as const;

  it("keeps the written offset and reads the instant", () => {
    expect(read("2024-03-15T12:34:56.789Z", ts)).toEqual(accepted("2024-03-15T12:34:56.789Z", "2024-03-15T12:34:56.789Z", Date.UTC(2024, 2, 15, 12, 34, 56, 789)));
    expect(read("2024-03-15T12:34:56.789+05:30", ts)).toEqual(accepted("2024-03-15T12:34:56.789+05:30", "2024-03-15T12:34:56.789+05:30", Date.UTC(2024, 2, 15, 7, 4, 56, 789)));
    expect(read("2024-03-15T12:34:56-05:30", ts)).toEqual(accepted("2024-03-15T12:34:56-05:30", "2024-03-15T12:34:56.000-05:30", Date.UTC(2024, 2, 15, 18, 4, 56)));
    expect(read("2024-03-15T12:34+0530", ts)).toEqual(accepted("2024-03-15T12:34+0530", "2024-03-15T12:34:00.000+05:30", Date.UTC(2024, 2, 15, 7, 4)));
    expect(read("2024-03-15T12:34+05", ts)).toEqual(accepted("2024-03-15T12:34+05", "2024-03-15T12:34:00.000+05:00", Date.UTC(2024, 2, 15, 7, 34)));
    expect(read("2024-03-15T12:34-09", ts)).toEqual(accepted("2024-03-15T12:34-09", "2024-03-15T12:34:00.000-09:00", Date.UTC(2024, 2, 15, 21, 34)));
    expect(read("2024-03-15T12:34:56+10:10", ts)).toEqual(accepted("2024-03-15T12:34:56+10:10", "2024-03-15T12:34:56.000+10:10", Date.UTC(2024, 2, 15, 2, 24, 56)));
    expect(read("2024-03-15T12:34:56+00:00", ts)).toEqual(accepted("2024-03-15T12:34:56+00:00", "2024-03-15T12:34:56.000+00:00", Date.UTC(2024, 2, 15, 12, 34, 56)));
    expect(read("2024-03-15T12:34:56-00:00", ts)).toEqual(accepted("2024-03-15T12:34:56-00:00", "2024-03-15T12:34:56.000-00:00", Date.UTC(2024, 2, 15, 12, 34, 56)));
  });

  it("ignores the assumed zone when the text has one", () => {
    expect(read("2024-03-15T12:34:56+05:30", { kind: "timestamp", zone: "America/New_York" })).toEqual(accepted("2024-03-15T12:34:56+05:30", "2024-03-15T12:34:56.000+05:30", Date.UTC(2024, 2, 15, 7, 4, 56)));
    expect(read("2024-03-15T12:34:56Z", { kind: "timestamp", zone: "Asia/Kolkata" })).toEqual(accepted("2024-03-15T12:34:56Z", "2024-03-15T12:34:56.000Z", Date.UTC(2024, 2, 15, 12, 34, 56)));
  });

  it("accepts offsets up to 23:59 either way and refuses larger ones", () => {
    expect(read("2024-03-15T12:00+23:59", ts)).toEqual(accepted("2024-03-15T12:00+23:59", "2024-03-15T12:00:00.000+23:59", Date.UTC(2024, 2, 15, 12) - (23 * 60 + 59) * 60_000));
    expect(read("2024-03-15T12:00-23:59", ts)).toEqual(accepted("2024-03-15T12:00-23:59", "2024-03-15T12:00:00.000-23:59", Date.UTC(2024, 2, 15, 12) + (23 * 60 + 59) * 60_000));
    expect(read("2024-03-15T12:00+14:00", ts)).toEqual(accepted("2024-03-15T12:00+14:00", "2024-03-15T12:00:00.000+14:00", Date.UTC(2024, 2, 14, 22)));
    expect(read("2024-03-15T12:00-12:00", ts)).toEqual(accepted("2024-03-15T12:00-12:00", "2024-03-15T12:00:00.000-12:00", Date.UTC(2024, 2, 16, 0)));
    for (const text of ["2024-03-15T12:00+24:00", "2024-03-15T12:00-24:00", "2024-03-15T12:00+05:60", "2024-03-15T12:00+2400"]) expect(read(text, ts), text).toEqual(refused(text, [IMPOSSIBLE]));
  });

  it("reads seconds, fractions of 1 to 9 digits (point or comma) and lower-case letters", () => {
    const cases: [string, string, number][] = [
      ["2024-03-15T12:34Z", "2024-03-15T12:34:00.000Z", Date.UTC(2024, 2, 15, 12, 34)],
      ["2024-03-15T12:34:56Z", "2024-03-15T12:34:56.000Z", Date.UTC(2024, 2, 15, 12, 34, 56)],
      ["2024-03-15T12:34:56.5Z", "2024-03-15T12:34:56.500Z", Date.UTC(2024, 2, 15, 12, 34, 56, 500)],
      ["2024-03-15T12:34:56.05Z", "2024-03-15T12:34:56.050Z", Date.UTC(2024, 2, 15, 12, 34, 56, 50)],
      ["2024-03-15T12:34:56.005Z", "2024-03-15T12:34:56.005Z", Date.UTC(2024, 2, 15, 12, 34, 56, 5)],
      ["2024-03-15T12:34:56,25Z", "2024-03-15T12:34:56.250Z", Date.UTC(2024, 2, 15, 12, 34, 56, 250)],
      ["2024-03-15T12:34:56.123456789Z", "2024-03-15T12:34:56.123Z", Date.UTC(2024, 2, 15, 12, 34, 56, 123)],
      ["2024-03-15t12:34:56z", "2024-03-15T12:34:56.000Z", Date.UTC(2024, 2, 15, 12, 34, 56)],
      ["2024-03-15 12:34:56 Z", "2024-03-15T12:34:56.000Z", Date.UTC(2024, 2, 15, 12, 34, 56)],
      ["2024-03-15 12:34:56 +05:30", "2024-03-15T12:34:56.000+05:30", Date.UTC(2024, 2, 15, 7, 4, 56)],
      ["2009-09-09T09:09:09.009Z", "2009-09-09T09:09:09.009Z", Date.UTC(2009, 8, 9, 9, 9, 9, 9)],
      ["2010-10-10T10:10:10.010Z", "2010-10-10T10:10:10.010Z", Date.UTC(2010, 9, 10, 10, 10, 10, 10)],
    ];
    for (const [text, iso, ms] of cases) expect(read(text, ts), text).toEqual(accepted(text, iso, ms));
    for (const text of ["2024-03-15T12:34:56.1234567890Z", "2024-03-15T12:34:56.Z", "2024-03-15T12:34:5Z", "2024-03-15T1:34Z", "2024-03-15T12:34:56+5:30", "2024-03-15T12:34:56*05:30"]) {
      expect(read(text, ts), text).toEqual(refused(text, [UNRECOGNISED]));
    }
  });

  it("reads years before 1000 and before 100 as written", () => {
    expect(read("0500-01-01T00:00Z", ts)).toEqual(accepted("0500-01-01T00:00Z", "0500-01-01T00:00:00.000Z", Date.parse("0500-01-01T00:00:00.000Z")));
    expect(read("0050-06-15T12:00+01:00", ts)).toEqual(accepted("0050-06-15T12:00+01:00", "0050-06-15T12:00:00.000+01:00", Date.parse("0050-06-15T11:00:00.000Z")));
  });

  it("refuses impossible dates and times, and accepts the last valid ones", () => {
    for (const text of ["2024-02-30T10:00Z", "2023-02-29T10:00Z", "2024-13-01T10:00Z", "2024-00-01T10:00Z", "2024-01-00T10:00Z", "2024-01-01T24:00Z", "2024-01-01T10:60Z", "2024-01-01T10:00:60Z", "0000-01-01T10:00Z"]) {
      expect(read(text, ts), text).toEqual(refused(text, [IMPOSSIBLE]));
    }
    expect(read("2024-12-31T23:59:59.999Z", ts)).toEqual(accepted("2024-12-31T23:59:59.999Z", "2024-12-31T23:59:59.999Z", Date.UTC(2024, 11, 31, 23, 59, 59, 999)));
    expect(read("2024-02-29T00:00Z", ts)).toEqual(accepted("2024-02-29T00:00Z", "2024-02-29T00:00:00.000Z", Date.UTC(2024, 1, 29)));
  });
});

describe("_readDate: timestamps without a zone", () => {
  it("reads them in UTC by default, and reports the zone assumed", () => {
    const ts = { kind: "timestamp" } as const;
    expect(read("2024-03-15T12:34:56.789", ts)).toEqual(accepted("2024-03-15T12:34:56.789", "2024-03-15T12:34:56.789Z", Date.UTC(2024, 2, 15, 12, 34, 56, 789), [assumed("UTC")]));
    expect(read("2024-03-15 12:34", ts)).toEqual(accepted("2024-03-15 12:34", "2024-03-15T12:34:00.000Z", Date.UTC(2024, 2, 15, 12, 34), [assumed("UTC")]));
    for (const text of ["2024-02-30T10:00", "2024-01-01T24:00", "2024-01-01T10:60", "2024-01-01T10:00:60"]) expect(read(text, ts), text).toEqual(refused(text, [IMPOSSIBLE]));
  });

  it("reads them in a named zone, with its offset then", () => {
    const kolkata = { kind: "timestamp", zone: "Asia/Kolkata" } as const;
    expect(read("2024-03-15T12:34:56.789", kolkata)).toEqual(accepted("2024-03-15T12:34:56.789", "2024-03-15T12:34:56.789+05:30", Date.UTC(2024, 2, 15, 7, 4, 56, 789), [assumed("Asia/Kolkata")]));
    expect(read("2024-03-15T12:34", kolkata)).toEqual(accepted("2024-03-15T12:34", "2024-03-15T12:34:00.000+05:30", Date.UTC(2024, 2, 15, 7, 4), [assumed("Asia/Kolkata")]));
    expect(read("2024-03-15T12:34:56,5", kolkata)).toEqual(accepted("2024-03-15T12:34:56,5", "2024-03-15T12:34:56.500+05:30", Date.UTC(2024, 2, 15, 7, 4, 56, 500), [assumed("Asia/Kolkata")]));
    expect(read("2024-03-15T23:59:59", kolkata)).toEqual(accepted("2024-03-15T23:59:59", "2024-03-15T23:59:59.000+05:30", Date.UTC(2024, 2, 15, 18, 29, 59), [assumed("Asia/Kolkata")]));
    const newYork = { kind: "timestamp", zone: "America/New_York" } as const;
    expect(read("2024-01-15T08:00", newYork)).toEqual(accepted("2024-01-15T08:00", "2024-01-15T08:00:00.000-05:00", Date.UTC(2024, 0, 15, 13), [assumed("America/New_York")]));
    expect(read("2024-07-15T08:00", newYork)).toEqual(accepted("2024-07-15T08:00", "2024-07-15T08:00:00.000-04:00", Date.UTC(2024, 6, 15, 12), [assumed("America/New_York")]));
    // A zone whose offset is zero is still written as an offset; only UTC is written Z.
    expect(read("2024-01-15T08:00", { kind: "timestamp", zone: "Europe/London" })).toEqual(accepted("2024-01-15T08:00", "2024-01-15T08:00:00.000+00:00", Date.UTC(2024, 0, 15, 8), [assumed("Europe/London")]));
  });

  it("refuses impossible dates and times in a named zone too", () => {
    const kolkata = { kind: "timestamp", zone: "Asia/Kolkata" } as const;
    for (const text of ["2024-02-30T10:00", "2024-13-01T10:00", "2024-01-01T24:00", "2024-01-01T10:60", "2024-01-01T10:00:60", "0000-01-01T10:00"]) {
      expect(read(text, kolkata), text).toEqual(refused(text, [IMPOSSIBLE]));
    }
  });

  it("writes an offset with seconds to the minute, with the epoch of the value written", () => {
    const text = "1905-01-01T12:00:00";
    expect(read(text, { kind: "timestamp", zone: "Asia/Kolkata" })).toEqual(accepted(text, "1905-01-01T12:00:00.000+05:21", Date.UTC(1905, 0, 1, 12) - 321 * 60_000, [assumed("Asia/Kolkata")]));
  });
});

describe("_readDate: dates read as timestamps", () => {
  it("reads them as midnight in the assumed zone, and reports the zone", () => {
    expect(read("2024-03-15", { kind: "timestamp" })).toEqual(accepted("2024-03-15", "2024-03-15T00:00:00.000Z", Date.UTC(2024, 2, 15), [assumed("UTC")]));
    expect(read("March 14, 1985", { kind: "timestamp", zone: "Asia/Kolkata" })).toEqual(accepted("March 14, 1985", "1985-03-14T00:00:00.000+05:30", Date.UTC(1985, 2, 13, 18, 30), [assumed("Asia/Kolkata")]));
    expect(read("14/03/85", { kind: "timestamp" })).toEqual(accepted("14/03/85", "1985-03-14T00:00:00.000Z", Date.UTC(1985, 2, 14), [TWO_DIGIT_YEAR, assumed("UTC")]));
    expect(read("2024-01-15", { kind: "timestamp", zone: "Europe/London" })).toEqual(accepted("2024-01-15", "2024-01-15T00:00:00.000+00:00", Date.UTC(2024, 0, 15), [assumed("Europe/London")]));
  });

  it("refuses an impossible date after reporting the zone, and reports ambiguity alone", () => {
    expect(read("2024-02-30", { kind: "timestamp" })).toEqual(refused("2024-02-30", [assumed("UTC"), IMPOSSIBLE]));
    expect(read("2024-13-01", { kind: "timestamp", zone: "Asia/Kolkata" })).toEqual(refused("2024-13-01", [assumed("Asia/Kolkata"), IMPOSSIBLE]));
    expect(read("03/04/1985", { kind: "timestamp" })).toEqual(refused("03/04/1985", [AMBIGUOUS]));
    expect(read("not a date", { kind: "timestamp" })).toEqual(refused("not a date", [UNRECOGNISED]));
  });
});

describe("_readDate: idempotence on its own output", () => {
  it("reads every value it writes back as itself, valid", () => {
    const inputs: [unknown, Partial<_DateSettings>][] = [
      ["14/03/1985", {}],
      ["March 14, 1985", { kind: "birthDate" }],
      ["2024-03-15T12:34:56.789+05:30", { kind: "timestamp" }],
      ["2024-03-15T12:34", { kind: "timestamp", zone: "America/New_York" }],
      ["1905-01-01T12:00:00", { kind: "timestamp", zone: "Asia/Kolkata" }],
      [1_710_506_096, { kind: "timestamp" }],
    ];
    for (const [input, overrides] of inputs) {
      const first = read(input, overrides);
      expect(first.value, String(input)).not.toBeNull();
      const again = read(first.value, overrides);
      expect(again, String(input)).toEqual({ value: first.value, original: first.value, status: "valid", issues: [], epochMs: first.epochMs, placeholder: false });
    }
  });
});
