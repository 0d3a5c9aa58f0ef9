import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizePhone } from "./normalizePhone.js";

const formatted = fc
  .tuple(fc.constantFrom("212", "415", "617", "312", "713"), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 5 }))
  .map(([area, exchange, line, style]) => {
    const l = String(line).padStart(4, "0");
    return [`(${area}) ${exchange}-${l}`, `${area}.${exchange}.${l}`, `+1 ${area} ${exchange} ${l}`, `1-${area}-${exchange}-${l}`, `${area}${exchange}${l}`, `${area}-${exchange}-${l} x${line % 100}`][style] as string;
  });

describe("normalizePhone (properties)", () => {
  it("is idempotent: an E.164 number stays itself", () => {
    fc.assert(
      fc.property(fc.oneof(formatted, fc.string()), fc.constantFrom("US", "GB", "DE", null), (input, country) => {
        const once = normalizePhone(input, { country });
        if (once.value === null) return;
        const twice = normalizePhone(once.value, { country });
        expect(twice.value).toBe(once.value);
        expect(twice.status).toBe("valid");
      }),
      { numRuns: 1500 },
    );
  });

  it("never throws on any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom("US", "GB", undefined, "zz"), (value, country) => void normalizePhone(value, country === undefined ? {} : { country })), { numRuns: 2000 });
  });
});
