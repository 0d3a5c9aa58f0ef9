import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeEmail } from "./normalizeEmail.js";

const messy = fc
  .tuple(fc.emailAddress(), fc.constantFrom("", " ", "  ", "\t"), fc.boolean())
  .map(([email, pad, upper]) => `${pad}${upper ? email.toUpperCase() : email}${pad}`);

// Addresses with Unicode local parts and internationalised domains, including letters whose case mapping
// changes length or decomposes (İ, ß, ǅ), and arbitrary Unicode text.
const tricky = fc.constantFrom("İ", "ß", "ẞ", "ǅ", "Σ", "ς", "ﬁ", "é", "e\u0301", "ü", "Ä", "ı", "a", "B", "1", ".", "-", "+", "_", "@", " ");
const unicodeAddress = fc
  .tuple(fc.string({ unit: tricky, minLength: 1, maxLength: 10 }), fc.string({ unit: tricky, minLength: 1, maxLength: 10 }), fc.constantFrom("com", "de", "CON", "xn--p1ai", "рф", "org"))
  .map(([local, domain, top]) => `${local}@${domain}.${top}`);
// Near the length limits (64 for the local part, 254 in all), with letters that lengthen when cased.
const longAddress = fc
  .tuple(fc.string({ unit: fc.constantFrom("İ", "a", "ß", "e\u0301"), minLength: 20, maxLength: 70 }), fc.string({ unit: fc.constantFrom("ü", "b", "-", "."), minLength: 20, maxLength: 250 }))
  .map(([local, domain]) => `${local}@${domain}.com`);
const unicode = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), unicodeAddress, longAddress);

describe("normalizeEmail (properties)", () => {
  it("is idempotent: standardising a standard address changes nothing", () => {
    fc.assert(
      fc.property(fc.oneof(messy, unicode), (input) => {
        const once = normalizeEmail(input);
        if (once.value === null) return;
        const twice = normalizeEmail(once.value);
        expect(twice.value).toBe(once.value);
        expect(twice.status).toBe("valid");
        expect(twice.matchKey).toBe(once.matchKey);
      }),
      { numRuns: 5000 },
    );
  });

  it("never throws on any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void normalizeEmail(value)), { numRuns: 2000 });
  });
});
