import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizePhone } from "./normalizePhone.js";

const formatted = fc
  .tuple(fc.constantFrom("212", "415", "617", "312", "713"), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 5 }))
  .map(([area, exchange, line, style]) => {
    const l = String(line).padStart(4, "0");
    return [`(${area}) ${exchange}-${l}`, `${area}.${exchange}.${l}`, `+1 ${area} ${exchange} ${l}`, `1-${area}-${exchange}-${l}`, `${area}${exchange}${l}`, `${area}-${exchange}-${l} x${line % 100}`][style] as string;
  });

// Digits in other scripts (Arabic-Indic, full-width), separators, extension markers and arbitrary Unicode.
const tricky = fc.constantFrom("0", "1", "2", "4", "7", "9", "+", "(", ")", "-", ".", " ", "x", "ext", "#", "٠", "١", "٢", "٣", "۴", "０", "１", "２", "\u00a0", "\u2011");
const international = fc
  .tuple(fc.constantFrom("+44 ", "0044 ", "+49 ", "+1 ", "+33 ", "44 ", ""), fc.string({ unit: fc.constantFrom("0", "1", "2", "3", "5", "7", "8", "9", " ", "-"), minLength: 6, maxLength: 14 }), fc.constantFrom("", " x12", " ext. 7", "#3"))
  .map(([prefix, digits, extension]) => `${prefix}${digits}${extension}`);
const unicode = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.string({ unit: tricky, maxLength: 20 }), international);

describe("normalizePhone (properties)", () => {
  it("is idempotent: an E.164 number stays itself", () => {
    fc.assert(
      fc.property(fc.oneof(formatted, unicode), fc.constantFrom("US", "GB", "DE", null), (input, country) => {
        const once = normalizePhone(input, { country });
        if (once.value === null) return;
        const twice = normalizePhone(once.value, { country });
        expect(twice.value).toBe(once.value);
        expect(twice.status).toBe("valid");
        expect(twice.country).toBe(once.country);
      }),
      { numRuns: 4000 },
    );
  });

  it("never throws on any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom("US", "GB", undefined, "zz"), (value, country) => void normalizePhone(value, country === undefined ? {} : { country })), { numRuns: 2000 });
  });
});
