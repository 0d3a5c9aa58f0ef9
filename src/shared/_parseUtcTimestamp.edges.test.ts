// Exact answers and the edges of the three fast timestamp readers: every separator, every field's
// range on both sides, characters just outside the digits, and the offset forms they accept.
import { describe, expect, it } from "vitest";
import { _parseCanonicalTimestamp, _parseUtcTimestamp, _parseZonedIsoTimestamp } from "./_parseUtcTimestamp.js";

const SAMPLE = "2024-03-15T12:34:56.789Z";
const SAMPLE_MS = Date.UTC(2024, 2, 15, 12, 34, 56, 789);

/** `text` with the character at `index` replaced. */
function replaced(text: string, index: number, character: string): string {
  return `${text.slice(0, index)}${character}${text.slice(index + 1)}`;
}

/** The last day of a month (1–12), with Date's own calendar (setUTCFullYear reads years 0–99 as written). */
function lastDay(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

describe("_parseUtcTimestamp", () => {
  it("reads every field of a canonical UTC timestamp", () => {
    expect(_parseUtcTimestamp(SAMPLE)).toBe(SAMPLE_MS);
    expect(_parseUtcTimestamp("1970-01-01T00:00:00.000Z")).toBe(0);
    expect(_parseUtcTimestamp("1970-01-01T00:00:00.001Z")).toBe(1);
    expect(_parseUtcTimestamp("1970-01-01T00:00:01.000Z")).toBe(1000);
    expect(_parseUtcTimestamp("1970-01-01T00:01:00.000Z")).toBe(60_000);
    expect(_parseUtcTimestamp("1970-01-01T01:00:00.000Z")).toBe(3_600_000);
    expect(_parseUtcTimestamp("1970-01-02T00:00:00.000Z")).toBe(86_400_000);
    expect(_parseUtcTimestamp("1969-12-31T23:59:59.999Z")).toBe(-1);
    expect(_parseUtcTimestamp("9999-12-31T23:59:59.999Z")).toBe(253_402_300_799_999);
  });

  it("agrees with Date.UTC on the first and last day of every month, across centuries, eras and leap years", () => {
    for (const year of [0, 1, 3, 4, 99, 100, 399, 400, 401, 1600, 1899, 1900, 1969, 1970, 1999, 2000, 2023, 2024, 2100, 9999]) {
      for (let month = 1; month <= 12; month++) {
        for (const day of [1, 15, lastDay(year, month)]) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T23:59:58.250Z`;
          const expected = new Date(Date.UTC(2000, month - 1, day, 23, 59, 58, 250)).setUTCFullYear(year);
          expect(_parseUtcTimestamp(text), text).toBe(expected);
        }
      }
    }
  });

  it("accepts the smallest value of every field and the largest valid one", () => {
    expect(_parseUtcTimestamp("0000-01-01T00:00:00.000Z")).toBe(Date.parse("0000-01-01T00:00:00.000Z"));
    expect(_parseUtcTimestamp("2023-12-31T23:59:59.999Z")).toBe(Date.UTC(2023, 11, 31, 23, 59, 59, 999));
    expect(_parseUtcTimestamp("2024-02-29T00:00:00.000Z")).toBe(Date.UTC(2024, 1, 29));
    expect(_parseUtcTimestamp("2000-02-29T00:00:00.000Z")).toBe(Date.UTC(2000, 1, 29));
    expect(_parseUtcTimestamp("2024-04-30T00:00:00.000Z")).toBe(Date.UTC(2024, 3, 30));
    expect(_parseUtcTimestamp("2024-09-09T09:09:09.999Z")).toBe(Date.UTC(2024, 8, 9, 9, 9, 9, 999));
  });

  it("refuses each field one past its range", () => {
    for (const text of [
      "2024-00-15T12:34:56.789Z",
      "2024-13-15T12:34:56.789Z",
      "2024-03-00T12:34:56.789Z",
      "2024-03-32T12:34:56.789Z",
      "2024-04-31T12:34:56.789Z",
      "2023-02-29T12:34:56.789Z",
      "1900-02-29T12:34:56.789Z",
      "2024-03-15T24:00:00.000Z",
      "2024-03-15T12:60:56.789Z",
      "2024-03-15T12:34:60.789Z",
    ]) {
      expect(_parseUtcTimestamp(text), text).toBeNaN();
    }
  });

  it("refuses a character that is not a digit in any field, just below '0' or just above '9'", () => {
    for (const index of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22]) {
      for (const character of ["/", ":", "a", " "]) {
        const text = replaced(SAMPLE, index, character);
        expect(_parseUtcTimestamp(text), text).toBeNaN();
      }
    }
    // Digits 0 and 9 are digits.
    expect(_parseUtcTimestamp("1999-09-09T09:09:09.909Z")).toBe(Date.UTC(1999, 8, 9, 9, 9, 9, 909));
  });

  it("refuses a wrong separator at each place", () => {
    for (const [index, character] of [[4, "/"], [7, "/"], [10, " "], [10, "t"], [13, "."], [16, "."], [19, ":"], [19, ","]] as const) {
      const text = replaced(SAMPLE, index, character);
      expect(_parseUtcTimestamp(text), text).toBeNaN();
    }
  });

  it("takes only 24 characters ending in a capital Z", () => {
    expect(_parseUtcTimestamp("2024-03-15T12:34:56.7890Z")).toBeNaN();
    expect(_parseUtcTimestamp("2024-03-15T12:34:56.78Z")).toBeNaN();
    expect(_parseUtcTimestamp("2024-03-15T12:34:56.789z")).toBeNaN();
    expect(_parseUtcTimestamp("2024-03-15T12:34:56.789+")).toBeNaN();
    expect(_parseUtcTimestamp("2024-03-15T12:34:56.7890")).toBeNaN();
    expect(_parseUtcTimestamp("2024-03-15T12:34:56.789Z0")).toBeNaN();
    expect(_parseUtcTimestamp("2024-03-15T12:34:56.789ZZ")).toBeNaN();
    expect(_parseUtcTimestamp("")).toBeNaN();
  });
});

describe("_parseCanonicalTimestamp", () => {
  it("reads the UTC form as _parseUtcTimestamp does, and nothing else of 24 characters", () => {
    expect(_parseCanonicalTimestamp(SAMPLE)).toBe(SAMPLE_MS);
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789+")).toBeNaN();
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.7890")).toBeNaN();
  });

  it("subtracts a positive offset and adds a negative one, hours and minutes", () => {
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789+05:30")).toBe(SAMPLE_MS - 330 * 60_000);
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789-05:30")).toBe(SAMPLE_MS + 330 * 60_000);
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789+00:45")).toBe(SAMPLE_MS - 45 * 60_000);
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789-09:00")).toBe(SAMPLE_MS + 9 * 3_600_000);
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789+14:00")).toBe(SAMPLE_MS - 14 * 3_600_000);
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789-12:00")).toBe(SAMPLE_MS + 12 * 3_600_000);
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789+00:00")).toBe(SAMPLE_MS);
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789-00:00")).toBe(SAMPLE_MS);
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789+23:59")).toBe(SAMPLE_MS - (23 * 60 + 59) * 60_000);
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789-23:59")).toBe(SAMPLE_MS + (23 * 60 + 59) * 60_000);
  });

  it("refuses an offset out of range, not written in digits, or with another sign or separator", () => {
    for (const text of [
      "2024-03-15T12:34:56.789+24:00",
      "2024-03-15T12:34:56.789-24:00",
      "2024-03-15T12:34:56.789+05:60",
      "2024-03-15T12:34:56.789+0a:00",
      "2024-03-15T12:34:56.789+/5:00",
      "2024-03-15T12:34:56.789+05:a0",
      "2024-03-15T12:34:56.789+05:/0",
      "2024-03-15T12:34:56.789*05:30",
      "2024-03-15T12:34:56.789Z05:30",
      "2024-03-15T12:34:56.789+05-30",
      "2024-03-15T12:34:56.789+05.30",
    ]) {
      expect(_parseCanonicalTimestamp(text), text).toBeNaN();
    }
  });

  it("takes exactly 29 characters, and refuses an impossible wall time before the offset", () => {
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789+0530")).toBeNaN();
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789+05:300")).toBeNaN();
    expect(_parseCanonicalTimestamp("2024-03-15T12:34:56.789+05:3")).toBeNaN();
    expect(_parseCanonicalTimestamp("2024-02-30T12:34:56.789+05:30")).toBeNaN();
    expect(_parseCanonicalTimestamp("2024-03-15 12:34:56.789+05:30")).toBeNaN();
    expect(_parseCanonicalTimestamp("")).toBeNaN();
  });
});

describe("_parseZonedIsoTimestamp", () => {
  it("reads minutes, seconds and fractions of one to nine digits, with Z or an offset", () => {
    expect(_parseZonedIsoTimestamp("2024-03-15T12:34Z")).toBe(Date.UTC(2024, 2, 15, 12, 34));
    expect(_parseZonedIsoTimestamp("2024-03-15T12:34:56Z")).toBe(Date.UTC(2024, 2, 15, 12, 34, 56));
    expect(_parseZonedIsoTimestamp("2024-03-15T12:34:56.7Z")).toBe(Date.UTC(2024, 2, 15, 12, 34, 56, 700));
    expect(_parseZonedIsoTimestamp("2024-03-15T12:34:56.78Z")).toBe(Date.UTC(2024, 2, 15, 12, 34, 56, 780));
    expect(_parseZonedIsoTimestamp("2024-03-15T12:34:56.123456789Z")).toBe(Date.UTC(2024, 2, 15, 12, 34, 56, 123));
    expect(_parseZonedIsoTimestamp("2024-03-15T12:34+05:30")).toBe(Date.UTC(2024, 2, 15, 7, 4));
    expect(_parseZonedIsoTimestamp("2024-03-15T12:34-05:30")).toBe(Date.UTC(2024, 2, 15, 18, 4));
    expect(_parseZonedIsoTimestamp("2024-03-15T12:34+0530")).toBe(Date.UTC(2024, 2, 15, 7, 4));
    expect(_parseZonedIsoTimestamp("2024-03-15T12:34:56.5-0930")).toBe(Date.UTC(2024, 2, 15, 22, 4, 56, 500));
  });

  it("accepts the first and last value of every field", () => {
    expect(_parseZonedIsoTimestamp("2024-01-01T00:00Z")).toBe(Date.UTC(2024, 0, 1));
    expect(_parseZonedIsoTimestamp("2024-12-31T23:59Z")).toBe(Date.UTC(2024, 11, 31, 23, 59));
    expect(_parseZonedIsoTimestamp("2024-02-29T10:00Z")).toBe(Date.UTC(2024, 1, 29, 10));
    expect(_parseZonedIsoTimestamp("2024-04-30T10:00Z")).toBe(Date.UTC(2024, 3, 30, 10));
  });

  it("refuses impossible dates and times that Date.parse would roll over", () => {
    for (const text of [
      "2024-02-30T10:00Z",
      "2023-02-29T10:00Z",
      "2024-04-31T10:00Z",
      "2024-01-01T24:00Z",
      "2024-00-01T10:00Z",
      "2024-13-01T10:00Z",
      "2024-01-00T10:00Z",
      "2024-01-32T10:00Z",
      "2024-01-01T10:60Z",
    ]) {
      expect(_parseZonedIsoTimestamp(text), text).toBeNaN();
    }
  });

  it("refuses forms other than exactly ISO 8601 with a zone, even those Date.parse reads", () => {
    for (const text of [
      "2024-03-15T12:34",
      "2024-03-15T12:34:56",
      "2024-03-15T12:34z",
      "2024-03-15 12:34Z",
      "2024-03-15T12:34:56.1234567890Z",
      "2024-03-15T12:34:56.Z",
      "2024-03-15T12:34:5Z",
      "2024-3-15T12:34Z",
      "+000001-01-01T00:00Z",
      "2024-03-15T12:34*05:30",
      "2024-03-15T12:34+05:3",
      "x2024-03-15T12:34Z",
      "2024-03-15T12:34Zx",
      "",
    ]) {
      expect(_parseZonedIsoTimestamp(text), text).toBeNaN();
    }
  });
});
