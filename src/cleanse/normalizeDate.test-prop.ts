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

  it("is idempotent for dates and timestamps", () => {
    fc.assert(
      fc.property(fc.oneof(written.map((w) => w.text), fc.string(), dates.map((d) => d.toISOString())), fc.constantFrom<DateKind>("date", "birthDate", "timestamp"), (input, kind) => {
        const once = normalizeDate(input, { kind, country: "GB" });
        if (once.value === null) return;
        const twice = normalizeDate(once.value, { kind, country: "GB" });
        expect(twice.value).toBe(once.value);
        expect(twice.epochMs).toBe(once.epochMs);
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom<DateKind>("date", "birthDate", "timestamp"), (value, kind) => void normalizeDate(value, { kind, now: 0 })), { numRuns: 2000 });
  });
});
