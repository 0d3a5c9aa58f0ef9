import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeDate, type DateKind } from "./normalizeDate.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const dates = fc.date({ min: new Date("1901-01-02T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true });
const written = fc.tuple(dates, fc.integer({ min: 0, max: 6 })).map(([date, style]) => {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  const p = (n: number) => String(n).padStart(2, "0");
  return {
    iso: `${y}-${p(m)}-${p(d)}`,
    text: [`${y}-${p(m)}-${p(d)}`, `${p(m)}/${p(d)}/${y}`, `${p(d)}.${p(m)}.${y}`, `${MONTHS[m - 1] as string} ${d}, ${y}`, `${d} ${MONTHS[m - 1] as string} ${y}`, `${y}${p(m)}${p(d)}`, `${y}/${m}/${d}`][style] as string,
    style,
  };
});

// Month names in the languages read, ordinals, separators, digits and arbitrary Unicode.
const tricky = fc.constantFrom("1", "2", "3", "0", "9", "12", "31", "1985", "/", "-", ".", " ", ",", "T", "Z", ":", "+", "mar", "März", "MAI", "août", "st", "th", "sept", "İ", "ß");
const timestamps = fc
  .tuple(dates, fc.integer({ min: 0, max: 86_399_999 }), fc.constantFrom("Z", "+05:30", "-0700", "", " ", "+14:00", "-12:00"), fc.boolean())
  .map(([date, ms, zone, space]) => `${date.toISOString().slice(0, 10)}${space ? " " : "T"}${new Date(ms).toISOString().slice(11, 23)}${zone}`);
const unicode = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.string({ unit: tricky, maxLength: 8 }));
const zones = fc.constantFrom<string | undefined>(undefined, "UTC", "America/New_York", "Asia/Kolkata", "Australia/Adelaide");

describe("normalizeDate (properties)", () => {
  it("reads every supported format back to the same calendar date", () => {
    fc.assert(
      fc.property(written, ({ iso, text }) => {
        const result = normalizeDate(text, { country: "US" });
        if (iso === "1970-01-01" || iso.endsWith("-01-01") || result.value === null) return;
        expect(result.value).toBe(iso);
      }),
      { numRuns: 2000 },
    );
  });

  it("is idempotent for dates and timestamps, whatever the options", () => {
    fc.assert(
      fc.property(
        fc.oneof(written.map((w) => w.text), unicode, dates.map((d) => d.toISOString()), timestamps, fc.integer({ min: -1e12, max: 4e12 })),
        fc.constantFrom<DateKind>("date", "birthDate", "timestamp"),
        fc.constantFrom("GB", "US", "CA", null),
        zones,
        fc.constantFrom<number | undefined>(undefined, Date.UTC(2026, 0, 1)),
        (input, kind, country, zone, now) => {
          const options = { kind, country, ...(zone === undefined ? {} : { zone }), ...(now === undefined ? {} : { now }) };
          const once = normalizeDate(input, options);
          if (once.value === null) return;
          const twice = normalizeDate(once.value, options);
          expect(twice.value).toBe(once.value);
          expect(twice.status).toBe("valid");
          expect(twice.epochMs).toBe(once.epochMs);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("never throws on any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom<DateKind>("date", "birthDate", "timestamp"), (value, kind) => void normalizeDate(value, { kind, now: 0 })), { numRuns: 2000 });
  });
});
