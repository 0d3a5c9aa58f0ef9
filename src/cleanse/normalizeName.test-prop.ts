import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeName, type NamePart } from "./normalizeName.js";

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
