// Boundaries of the calendar helpers: every month of common and leap years, the century rules, and the
// years where _utc must (0–99) and need not (negative, 100 and later) move through the 400-year cycle.
import { describe, expect, it } from "vitest";
import { _daysInMonth, _utc } from "./_calendar.js";

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe("_daysInMonth", () => {
  it("counts every month of a common and of a leap year", () => {
    expect(MONTHS.map((month) => _daysInMonth(2023, month))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(MONTHS.map((month) => _daysInMonth(2024, month))).toEqual([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });

  it("makes February 29 days long every 4 years, except centuries, except every 400 years", () => {
    const years = [1, 3, 4, 100, 200, 400, 1600, 1700, 1800, 1900, 1996, 1999, 2000, 2004, 2100, 2400, 9996, 9999];
    expect(years.map((year) => _daysInMonth(year, 2))).toEqual([28, 28, 29, 28, 28, 29, 29, 28, 28, 28, 29, 28, 29, 29, 28, 29, 29, 28]);
  });

  it("gives months other than February the same length in any year", () => {
    for (const year of [1900, 2000, 2023, 2024]) {
      expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => _daysInMonth(year, month))).toEqual([31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    }
  });
});

describe("_utc", () => {
  it("reads years 0–99 as themselves, not as 1900–1999", () => {
    expect(new Date(_utc(0, 0, 1)).toISOString()).toBe("0000-01-01T00:00:00.000Z");
    expect(new Date(_utc(1, 0, 1)).toISOString()).toBe("0001-01-01T00:00:00.000Z");
    expect(new Date(_utc(99, 11, 31, 23, 59, 59, 999)).toISOString()).toBe("0099-12-31T23:59:59.999Z");
    expect(_utc(0, 0, 1)).toBe(-62_167_219_200_000);
    expect(_utc(1, 0, 1)).toBe(-62_135_596_800_000);
  });

  it("agrees with Date.UTC outside 0–99, negative years and the last representable year included", () => {
    for (const year of [100, 101, 400, 1900, 1970, 2024, 9999, -1, -100, -350, -399, -400, -401, 275_760]) {
      expect(_utc(year, 0, 1), String(year)).toBe(Date.UTC(year, 0, 1));
    }
    expect(_utc(-350, 5, 15, 12)).toBe(Date.UTC(-350, 5, 15, 12));
    expect(_utc(275_760, 8, 13)).toBe(8.64e15);
  });

  it("passes every field on, with the defaults midnight and zero", () => {
    expect(_utc(50, 5, 15, 13, 14, 15, 16)).toBe(_utc(50, 5, 15) + ((13 * 60 + 14) * 60 + 15) * 1000 + 16);
    expect(new Date(_utc(50, 5, 15, 13, 14, 15, 16)).toISOString()).toBe("0050-06-15T13:14:15.016Z");
    expect(_utc(2024, 1, 29)).toBe(Date.UTC(2024, 1, 29, 0, 0, 0, 0));
  });
});
