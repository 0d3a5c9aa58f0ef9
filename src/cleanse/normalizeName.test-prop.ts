import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { displayName } from "./displayName.js";
import { normalizeName, type NamePart } from "./normalizeName.js";

// Letters whose case mapping is not one-to-one (ß → SS, İ → i̇, ŉ → ʼN, ǆ/ǅ/Ǆ, ﬁ → FI, final sigma…),
// combining marks and separators: where casing and Unicode normalisation stop being idempotent.
const tricky = fc.constantFrom("ß", "ẞ", "İ", "ı", "ŉ", "ǆ", "ǅ", "Ǆ", "ﬁ", "ﬀ", "Σ", "ς", "σ", "ΐ", "ǰ", "\u0301", "\u0308", "\u0307", "e", "E", "a", "o", "'", "’", "-", " ", ".", ",", "Mc", "mac", "van", "Dr", "jr", "ǈ", "ꭰ", "Ꭰ", "𐐨", "𐐀", "ǃ", "ʼ");
// Near the length limit, with letters that lengthen when cased (İ → i̇) or compose (e + ́ → é).
const long = fc.string({ unit: fc.constantFrom("İ", "ﬃ", "ß", "a", "e\u0301", " ", "-"), minLength: 60, maxLength: 220 });
const unicode = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.string({ unit: tricky, maxLength: 12 }), long);
const word = fc.constantFrom("john", "MARY", "o'brien", "McDonald", "van", "der", "berg", "de", "la", "cruz", "garcía", "LÓPEZ", "smith-jones", "Dr.", "jr.", "III", "Ann", "zoë", "محمد", "李", "q.", ",");
const name = fc.array(word, { minLength: 1, maxLength: 5 }).map((words) => words.join(" "));

describe("normalizeName (properties)", () => {
  it("is idempotent for every part, on realistic names and arbitrary Unicode", () => {
    fc.assert(
      fc.property(fc.oneof(name, unicode), fc.constantFrom<NamePart>("first", "last", "full"), (input, part) => {
        const once = normalizeName(input, { part });
        if (once.value === null) return;
        const twice = normalizeName(once.value, { part });
        expect(twice.value).toBe(once.value);
        expect(twice.status).toBe("valid");
        expect(twice.matchKey).toBe(once.matchKey);
      }),
      { numRuns: 5000 },
    );
  });

  it("never throws on any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom<NamePart>("first", "last", "full"), (value, part) => void normalizeName(value, { part })), { numRuns: 2000 });
  });
});

describe("displayName", () => {
  it("gives normalizeName's display value (null when not a usable name) for any input", () => {
    const names = fc.oneof(fc.string(), fc.constantFrom("JOHN", "o'brien", "Test", "n/a", "mary-jane", "McDONALD", "van der berg", "Ann", "x"), fc.anything());
    fc.assert(
      fc.property(names, fc.constantFrom<NamePart>("first", "last", "full"), (value, part) => {
        const full = normalizeName(value, { part });
        expect(displayName(value, { part })).toBe(full.value);
      }),
      { numRuns: 1000 },
    );
  });
});
