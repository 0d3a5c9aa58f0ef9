import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { cleanseRecord } from "./cleanseRecord.js";
import { compileCleanseSpec } from "./compileCleanseSpec.js";

const spec = compileCleanseSpec({ now: "2026-01-01T00:00:00Z", rules: { tier: { type: "string", optional: true } } });
const keys = fc.constantFrom("id", "source", "updatedAt", "firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "region", "postalCode", "country", "customerId", "__proto__", "constructor", "prototype", "tier", "toString");
const records = fc.dictionary(keys, fc.jsonValue(), { maxKeys: 16 });
const generated = [...generateCustomerRecords({ entities: 300, seed: 9, noise: 2 })].map((g) => g.record);

describe("cleanseRecord (properties)", () => {
  it("never throws and never pollutes a prototype, whatever JSON arrives", () => {
    fc.assert(
      fc.property(fc.oneof(records, fc.jsonValue()), (input) => {
        const hostile = JSON.parse(JSON.stringify(input)) as unknown;
        const result = cleanseRecord(hostile, spec);
        expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
        expect(Object.getPrototypeOf(result.record)).toBe(Object.prototype);
        expect(Object.hasOwn(result.record, "__proto__")).toBe(false);
        for (const issue of result.issues) expect(typeof issue.code).toBe("string");
      }),
      { numRuns: 3000 },
    );
  });

  it("is idempotent: cleansing a cleansed record changes no value", () => {
    fc.assert(
      fc.property(fc.constantFrom(...generated), (record) => {
        const once = cleanseRecord(record, spec).record;
        const twice = cleanseRecord(once, spec).record;
        expect(twice).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it("loses nothing: every field the input had is in the output, its original kept when changed", () => {
    fc.assert(
      fc.property(fc.constantFrom(...generated), (record) => {
        const result = cleanseRecord(record, spec);
        for (const [key, value] of Object.entries(record)) {
          expect(Object.hasOwn(result.record, key)).toBe(true);
          if (result.record[key] !== value) expect(result.original[key]).toBe(value);
        }
      }),
      { numRuns: 300 },
    );
  });
});
