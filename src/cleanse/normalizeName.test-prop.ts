import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { _displayName, normalizeName, type NamePart } from "./normalizeName.js";

const word = fc.constantFrom("john", "MARY", "o'brien", "McDonald", "van", "der", "berg", "de", "la", "cruz", "garcía", "LÓPEZ", "smith-jones", "Dr.", "jr.", "III", "Ann", "zoë", "محمد", "李", "q.", ",");
const name = fc.array(word, { minLength: 1, maxLength: 5 }).map((words) => words.join(" "));

describe("normalizeName (properties)", () => {
  it("is idempotent for every part", () => {
    fc.assert(
      fc.property(fc.oneof(name, fc.string()), fc.constantFrom<NamePart>("first", "last", "full"), (input, part) => {
        const once = normalizeName(input, { part });
        if (once.value === null) return;
        const twice = normalizeName(once.value, { part });
        expect(twice.value).toBe(once.value);
        expect(twice.matchKey).toBe(once.matchKey);
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom<NamePart>("first", "last", "full"), (value, part) => void normalizeName(value, { part })), { numRuns: 2000 });
  });
});

describe("_displayName", () => {
  it("gives normalizeName's display value (null for placeholders, undefined for non-names) for any input", () => {
    const names = fc.oneof(fc.string(), fc.constantFrom("JOHN", "o'brien", "Test", "n/a", "mary-jane", "McDONALD", "van der berg", "Ann", "x"), fc.anything());
    fc.assert(
      fc.property(names, fc.constantFrom<NamePart>("first", "last", "full"), (value, part) => {
        const full = normalizeName(value, { part });
        expect(_displayName(value, part)).toBe(full.value ?? (full.placeholder ? null : undefined));
      }),
      { numRuns: 1000 },
    );
  });
});
