import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { normalizeAddress } from "./normalizeAddress.js";
import { normalizeCountry } from "./normalizeCountry.js";

const generated = [...generateCustomerRecords({ entities: 400, seed: 5, noise: 2 })].map((g) => g.record).filter((r) => r.street !== undefined || r.city !== undefined);

// Street words, USPS abbreviations, directionals, units, regions and countries in several spellings, and
// letters whose case mapping changes length or decomposes.
const token = fc.constantFrom("123", "4B", "1/2", "N", "north", "E.", "main", "MAIN", "St", "street", "Ave.", "Apt", "#", "12", "suite", "PH", "rear", "Park", "Key", "van", "de", "la", "Hauptstraße", "ß", "İ", "ǅ", "é", "e\u0301", "Σ", "ﬁ", ",", "-", "'", "O'Brien", "McDonald", "(", "/", ".");
const street = fc.array(token, { minLength: 1, maxLength: 7 }).map((words) => words.join(" "));
const region = fc.constantFrom("NV", "nv", "Nevada", "QUEBEC", "Québec", "P.E.I.", "Bavaria", "ile-de-france", "ÎLE-DE-FRANCE", "İstanbul", "σσ", "", "N/A");
const country = fc.constantFrom("US", "usa", "United States", "CA", "Canada", "GB", "uk", "DE", "Deutschland", "FR", "NL", "XX", "", "Türkiye", "日本");
const city = fc.oneof(fc.constantFrom("Las Vegas, NV", "MONTREAL", "münchen", "SAINT-ÉTIENNE", "o'fallon", "İZMİR", "straße", "Boston, Massachusetts"), fc.string({ unit: "grapheme", maxLength: 20 }));
const postal = fc.oneof(fc.constantFrom("2163", "02163", "532121234", "h2x7p4", "sw1a2aa", "80331", "1012lg", "ABC", "12345-6789"), fc.string({ maxLength: 12 }));
// Near the length limits (16 to 300), with letters that lengthen when cased (İ → i̇, ﬃ → FFI) or compose.
const long = fc.string({ unit: fc.constantFrom("İ", "ﬃ", "ß", "a", "1", "e\u0301", " "), minLength: 10, maxLength: 320 });
const unicode = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), long);

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

  it("are idempotent on realistic parts and arbitrary Unicode, for every default country and case", () => {
    fc.assert(
      fc.property(
        fc.oneof(street, unicode),
        fc.oneof(city, unicode),
        fc.oneof(region, unicode),
        fc.oneof(postal, unicode),
        fc.oneof(country, unicode),
        fc.constantFrom("US", "CA", "GB", null),
        fc.constantFrom("upper" as const, "title" as const),
        (streetText, cityText, regionText, postalCode, countryText, defaultCountry, letterCase) => {
          const options = { country: defaultCountry, case: letterCase };
          const once = normalizeAddress({ street: streetText, city: cityText, region: regionText, postalCode, country: countryText }, options);
          const twice = normalizeAddress({ street: once.street, city: once.city, region: once.region, postalCode: once.postalCode, country: once.country }, options);
          expect([twice.street, twice.city, twice.region, twice.postalCode, twice.country]).toEqual([once.street, once.city, once.region, once.postalCode, once.country]);
          expect(twice.streetKey).toBe(once.streetKey);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("normalizeCountry is idempotent: the code reads back as itself", () => {
    fc.assert(
      fc.property(fc.oneof(country, unicode), (input) => {
        const once = normalizeCountry(input);
        if (once.value === null) return;
        const twice = normalizeCountry(once.value);
        expect(twice.value).toBe(once.value);
        expect(twice.status).toBe("valid");
      }),
      { numRuns: 3000 },
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
