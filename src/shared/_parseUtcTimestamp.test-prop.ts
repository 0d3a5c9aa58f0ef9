import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { _parseCanonicalTimestamp, _parseUtcTimestamp, _parseZonedIsoTimestamp } from "./_parseUtcTimestamp.js";

describe("_parseUtcTimestamp", () => {
  it("agrees with Date.parse on every canonical UTC timestamp from year 0 to 9999", () => {
    const min = Date.parse("0000-01-01T00:00:00.000Z");
    const max = Date.parse("9999-12-31T23:59:59.999Z");
    fc.assert(
      fc.property(fc.integer({ min, max }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(_parseUtcTimestamp(text)).toBe(Date.parse(text));
        expect(_parseUtcTimestamp(text)).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });

  it("returns NaN for any other text rather than guessing", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const parsed = _parseUtcTimestamp(text);
        // Whatever it accepts is exactly what Date.parse reads.
        if (!Number.isNaN(parsed)) expect(parsed).toBe(Date.parse(text));
      }),
    );
    for (const text of ["2024-02-30T00:00:00.000Z", "2023-02-29T00:00:00.000Z", "2024-13-01T00:00:00.000Z", "2024-01-01T24:00:00.000Z", "2024-01-01T00:60:00.000Z", "2024-01-01 00:00:00.000Z", "2024-01-01T00:00:00.000z", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000+01:00", "+02024-01-01T00:00:00.000Z", "2024-0a-01T00:00:00.000Z"]) {
      expect(_parseUtcTimestamp(text), text).toBeNaN();
    }
    expect(_parseUtcTimestamp("2024-02-29T23:59:59.999Z")).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(_parseUtcTimestamp("1969-12-31T23:59:59.999Z")).toBe(-1);
  });
});

describe("_parseCanonicalTimestamp", () => {
  it("agrees with Date.parse on canonical timestamps with any offset, and on the UTC form", () => {
    const min = Date.parse("0001-01-02T00:00:00.000Z");
    const max = Date.parse("9999-12-30T23:59:59.999Z");
    fc.assert(
      fc.property(fc.integer({ min, max }), fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }), (ms, offset) => {
        const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
        const sign = offset < 0 ? "-" : "+";
        const text = `${local}${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0")}:${String(Math.abs(offset) % 60).padStart(2, "0")}`;
        expect(_parseCanonicalTimestamp(text)).toBe(Date.parse(text));
        expect(_parseCanonicalTimestamp(text)).toBe(ms);
        expect(_parseCanonicalTimestamp(new Date(ms).toISOString())).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });

  it("returns NaN for any other text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const parsed = _parseCanonicalTimestamp(text);
        if (!Number.isNaN(parsed)) expect(parsed).toBe(Date.parse(text));
      }),
    );
    for (const text of ["2024-01-01T00:00:00.000+24:00", "2024-01-01T00:00:00.000+05:60", "2024-01-01T00:00:00.000*05:30", "2024-01-01T00:00:00.000+0530", "2024-02-30T00:00:00.000+05:30", "2024-01-01T00:00:00+05:30:00"]) {
      expect(_parseCanonicalTimestamp(text), text).toBeNaN();
    }
  });
});

describe("_parseZonedIsoTimestamp", () => {
  it("agrees with Date.parse on valid ISO times with a zone, and refuses impossible dates", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.boolean(), (date, offset, withMillis) => {
        const sign = offset < 0 ? "-" : "+";
        const abs = Math.abs(offset);
        const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, withMillis ? 23 : 19);
        const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
        expect(_parseZonedIsoTimestamp(text)).toBe(Date.parse(text));
      }),
      { numRuns: 2000 },
    );
    expect(_parseZonedIsoTimestamp("2024-02-30T00:00:00Z")).toBeNaN();
    expect(_parseZonedIsoTimestamp("2024-01-01T10:00:00")).toBeNaN();
    expect(_parseZonedIsoTimestamp("2024-01-01T10:00Z")).toBe(Date.UTC(2024, 0, 1, 10));
  });
});
