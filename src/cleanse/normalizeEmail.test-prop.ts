import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeEmail } from "./normalizeEmail.js";

const messy = fc
  .tuple(fc.emailAddress(), fc.constantFrom("", " ", "  ", "\t"), fc.boolean())
  .map(([email, pad, upper]) => `${pad}${upper ? email.toUpperCase() : email}${pad}`);

describe("normalizeEmail (properties)", () => {
  it("is idempotent: standardising a standard address changes nothing", () => {
    fc.assert(
      fc.property(fc.oneof(messy, fc.string()), (input) => {
        const once = normalizeEmail(input);
        if (once.value === null) return;
        const twice = normalizeEmail(once.value);
        expect(twice.value).toBe(once.value);
        expect(twice.status).toBe("valid");
        expect(twice.matchKey).toBe(once.matchKey);
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void normalizeEmail(value)), { numRuns: 2000 });
  });
});
