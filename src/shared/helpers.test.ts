// Direct tests of the small shared helpers (issue #19): each was tested only through its callers.
import { describe, expect, it } from "vitest";
import { _daysInMonth, _utc } from "./_calendar.js";
import { _editDistanceWithin } from "./_editDistance.js";
import { _clusterId, _hash32 } from "./_hash.js";
import { _createRandom, _deriveSeed, _mix32 } from "./_random.js";

describe("_hash32 and _clusterId", () => {
  it("is FNV-1a, 32 bits (the published test values), with a seed of choice", () => {
    expect(_hash32("")).toBe(0x811c9dc5);
    expect(_hash32("a")).toBe(0xe40c292c);
    expect(_hash32("foobar")).toBe(0xbf9cf968);
    // Characters beyond one byte take part (their UTF-16 code units).
    expect(_hash32("é")).not.toBe(_hash32("e"));
    expect(_hash32("a", 0x01000193)).toBe(2231570422);
    expect(_hash32("a", -1)).toBe(_hash32("a", 0xffffffff));
  });

  it("derives a profile id from two halves: pk_ and 16 hex digits, zero-padded", () => {
    expect(_clusterId("crm-1")).toBe("pk_1916b74d02f8817f");
    for (const id of ["", "a", "x".repeat(100), "crm-2"]) expect(_clusterId(id)).toMatch(/^pk_[0-9a-f]{16}$/);
    expect(_clusterId("a")).toBe(`pk_${_hash32("a").toString(16).padStart(8, "0")}${_hash32("a", 0x01000193).toString(16).padStart(8, "0")}`);
  });
});

describe("_createRandom", () => {
  it("gives the same sequence for a seed on every platform, a different one for another seed", () => {
    const r = _createRandom(42);
    expect([r.next(), r.next(), r.next()]).toEqual([0.8179972891230136, 0.14600675203837454, 0.49522040830925107]);
    expect(_createRandom(43).next()).not.toBe(0.8179972891230136);
    expect(_mix32(0)).toBe(2462723854);
    expect(_mix32(1)).toBe(2527132011);
    expect([_deriveSeed(7, 0), _deriveSeed(7, 1)]).toEqual([3577524237, 2624609718]);
  });

  it("draws in [0, 1), integers in [min, max] inclusive, chances and picks that reach every item", () => {
    const r = _createRandom(1);
    const ints = new Set<number>();
    const picks = new Set<string>();
    let trues = 0;
    for (let k = 0; k < 2_000; k++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      ints.add(r.int(3, 6));
      picks.add(r.pick(["a", "b", "c"]));
      if (r.chance(0.25)) trues++;
      expect(r.chance(0)).toBe(false);
      expect(r.chance(1)).toBe(true);
    }
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
    expect([...picks].sort()).toEqual(["a", "b", "c"]);
    expect(trues).toBeGreaterThan(400);
    expect(trues).toBeLessThan(600);
  });
});

describe("_editDistanceWithin", () => {
  it("counts insertions, deletions, substitutions and adjacent transpositions, up to the bound", () => {
    expect(_editDistanceWithin("smith", "smith", 2)).toBe(0);
    expect(_editDistanceWithin("smith", "smyth", 2)).toBe(1);
    expect(_editDistanceWithin("smith", "smiht", 2)).toBe(1);
    expect(_editDistanceWithin("smith", "mith", 2)).toBe(1);
    expect(_editDistanceWithin("", "ab", 2)).toBe(2);
    expect(_editDistanceWithin("abc", "", 5)).toBe(3);
    // Beyond the bound: bound + 1, from the lengths alone or from a row whose best is past it.
    expect(_editDistanceWithin("a", "abcd", 2)).toBe(3);
    expect(_editDistanceWithin("abcd", "wxyz", 2)).toBe(3);
    expect(_editDistanceWithin("abcd", "wxyz", 4)).toBe(4);
    // Optimal string alignment, not Damerau: "ca" → "abc" is 3, not 2.
    expect(_editDistanceWithin("ca", "abc", 5)).toBe(3);
  });

  it("gives the same answer for long texts, which get rows of their own, and leaves no state behind", () => {
    const long = "abcdefghijklmnopqrstuvwxyz0123456789";
    expect(_editDistanceWithin(long, `${long.slice(0, 10)}X${long.slice(11)}`, 3)).toBe(1);
    expect(_editDistanceWithin(long, long.split("").reverse().join(""), 3)).toBe(4);
    expect(_editDistanceWithin("ab", "ba", 2)).toBe(1);
    expect(_editDistanceWithin("abcdefgh", "abcdefgh", 0)).toBe(0);
  });
});

describe("_utc and _daysInMonth", () => {
  it("is Date.UTC for every year, also 0–99, which Date.UTC reads as 1900–1999", () => {
    expect(_utc(2024, 1, 29, 12, 30, 15, 250)).toBe(Date.UTC(2024, 1, 29, 12, 30, 15, 250));
    expect(_utc(1900, 0, 1)).toBe(Date.UTC(1900, 0, 1));
    expect(new Date(_utc(99, 2, 14)).toISOString()).toBe("0099-03-14T00:00:00.000Z");
    expect(new Date(_utc(0, 1, 29)).toISOString()).toBe("0000-02-29T00:00:00.000Z"); // year 0 is a leap year
    expect(new Date(_utc(5, 11, 31, 23, 59, 59, 999)).toISOString()).toBe("0005-12-31T23:59:59.999Z");
    expect(new Date(_utc(-1, 0, 1)).toISOString()).toBe("-000001-01-01T00:00:00.000Z");
    expect(new Date(_utc(100, 0, 1)).toISOString()).toBe("0100-01-01T00:00:00.000Z");
    // Fields past their range roll over as in Date.UTC.
    expect(new Date(_utc(99, 11, 31, 24)).toISOString()).toBe("0100-01-01T00:00:00.000Z");
  });

  it("counts the days of each month, leap years by the Gregorian rule", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => _daysInMonth(2023, month))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect([2024, 1900, 2000, 2100, 0].map((year) => _daysInMonth(year, 2))).toEqual([29, 28, 29, 28, 29]);
  });
});
