import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { normalizeAddress } from "./normalizeAddress.js";
import { normalizeCountry } from "./normalizeCountry.js";

const generated = [...generateCustomerRecords({ entities: 400, seed: 5, noise: 2 })].map((g) => g.record).filter((r) => r.street !== undefined || r.city !== undefined);

describe("normalizeAddress and normalizeCountry (properties)", () => {
  it("are idempotent on generated addresses", () => {
    fc.assert(
      fc.property(fc.constantFrom(...generated), (record) => {
        const once = normalizeAddress({ street: record.street, city: record.city, postalCode: record.postalCode, country: record.country });
        const twice = normalizeAddress({ street: once.street, city: once.city, region: once.region, postalCode: once.postalCode, country: once.country });
        expect([twice.street, twice.city, twice.region, twice.postalCode, twice.country]).toEqual([once.street, once.city, once.region, once.postalCode, once.country]);
        expect(twice.streetKey).toBe(once.streetKey);
      }),
      { numRuns: 400 },
    );
  });

  it("are idempotent on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (street, city, postalCode) => {
        const once = normalizeAddress({ street, city, postalCode, country: "US" });
        const twice = normalizeAddress({ street: once.street, city: once.city, region: once.region, postalCode: once.postalCode, country: once.country });
        expect([twice.street, twice.city, twice.postalCode]).toEqual([once.street, once.city, once.postalCode]);
        const country = normalizeCountry(city);
        if (country.value !== null) expect(normalizeCountry(country.value).value).toBe(country.value);
      }),
      { numRuns: 1500 },
    );
  });

  it("never throw on any JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), (street, city, region, postalCode, country) => {
        normalizeAddress({ street, city, region, postalCode, country });
        normalizeCountry(country);
      }),
      { numRuns: 2000 },
    );
  });
});
