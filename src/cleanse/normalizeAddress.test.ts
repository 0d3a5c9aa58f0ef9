import { describe, expect, it } from "vitest";
import { normalizeAddress, type AddressInput } from "./normalizeAddress.js";

describe("normalizeAddress", () => {
  // [input, [street, city, region, postalCode, country], issue codes]
  const table: readonly (readonly [AddressInput, readonly (string | null)[], readonly string[]])[] = [
    [{ street: "6130 East Elm Parkway, Apartment 30", city: "Milwaukee, WI", postalCode: "532121234", country: "USA" }, ["6130 E ELM PKWY APT 30", "Milwaukee", "WI", "53212-1234", "US"], []],
    [{ street: "6709 E Ridge Av, Apt. 6", city: "Las Vegas, NV", postalCode: "89136", country: "US" }, ["6709 E RIDGE AVE APT 6", "Las Vegas", "NV", "89136", "US"], []],
    // Every trailing region-shaped part comes off the city, the one nearest it kept, so the city reads back as itself.
    [{ city: "Springfield, IL, USA", country: "US" }, [null, "Springfield", "IL", null, "US"], []],
    [{ city: "!,AA,AA", region: "NV", country: "US" }, [null, "!", "NV", null, "US"], []],
    [{ street: "123 North St", city: "BOSTON", region: "Massachusetts", postalCode: "2163", country: "us" }, ["123 NORTH ST", "Boston", "MA", "02163", "US"], []],
    // USPS keeps "#" when the designator is unknown (often a suite), rather than calling it an apartment.
    [{ street: "1 Main Street #12", city: "springfield", region: "illinois", country: "US" }, ["1 MAIN ST # 12", "Springfield", "IL", null, "US"], []],
    [{ street: "77 Park Avenue South", city: "new york", region: "NY", postalCode: "10016" }, ["77 PARK AVE S", "New York", "NY", "10016", null], []],
    [{ street: "500 W Madison Street Suite 1000", city: "Chicago", region: "IL", postalCode: "60661", country: "US" }, ["500 W MADISON ST STE 1000", "Chicago", "IL", "60661", "US"], []],
    [{ street: "12 Oak Boulevard Unit 4B", postalCode: "78701-1234", country: "US" }, ["12 OAK BLVD UNIT 4B", null, null, "78701-1234", "US"], []],
    [{ street: "4538 Liberty Pl", city: "Montreal", region: "Quebec", postalCode: "h2x7p4", country: "Canada" }, ["4538 LIBERTY PL", "Montreal", "QC", "H2X 7P4", "CA"], []],
    [{ street: "10 Downing Street", city: "LONDON", postalCode: "sw1a2aa", country: "UK" }, ["10 Downing Street", "London", null, "SW1A 2AA", "GB"], []],
    [{ street: "221b baker street", city: "london", postalCode: "NW1 6XE", country: "GB" }, ["221b Baker Street", "London", null, "NW1 6XE", "GB"], []],
    [{ street: "Hauptstraße 12", city: "münchen", postalCode: "80331", country: "Deutschland" }, ["Hauptstraße 12", "München", null, "80331", "DE"], []],
    [{ street: "Rue de Rivoli 1", city: "PARIS", postalCode: "75001", country: "France" }, ["Rue de Rivoli 1", "Paris", null, "75001", "FR"], []],
    [{ street: "Damrak 1", city: "Amsterdam", postalCode: "1012lg", country: "NL" }, ["Damrak 1", "Amsterdam", null, "1012 LG", "NL"], []],
    [{ postalCode: "ABC", country: "US" }, [null, null, null, null, "US"], ["invalid_postal_code"]],
    [{ postalCode: "1234", country: "DE" }, [null, null, null, null, "DE"], ["invalid_postal_code"]],
    [{ postalCode: "7870", region: "TX", country: "US" }, [null, null, "TX", null, "US"], ["invalid_postal_code"]],
    [{ city: "Springfield", region: "Atlantis", country: "US" }, [null, "Springfield", null, null, "US"], ["unknown_region"]],
    [{ country: "Narnia" }, [null, null, null, null, null], ["unknown_country"]],
    [{ street: 42, city: {} }, [null, null, null, null, null], ["invalid_type", "invalid_type"]],
    [{ postalCode: 90210, country: "US" }, [null, null, null, "90210", "US"], ["coerced_type"]],
    [{}, [null, null, null, null, null], []],
  ];

  for (const [input, expected, codes] of table) {
    it(`standardises ${JSON.stringify(input)}`, () => {
      const result = normalizeAddress(input);
      expect([result.street, result.city, result.region, result.postalCode, result.country]).toEqual(expected);
      expect(result.issues.map((issue) => issue.code).sort()).toEqual([...codes].sort());
    });
  }

  it("uses the default country for addresses without one", () => {
    expect(normalizeAddress({ postalCode: "sw1a2aa" }, { country: "GB" }).postalCode).toBe("SW1A 2AA");
  });

  it("writes US street lines in title case on request", () => {
    expect(normalizeAddress({ street: "6130 east elm parkway apartment 30", country: "US" }, { case: "title" }).street).toBe("6130 E Elm Pkwy Apt 30");
  });

  it("gives street parts and a matching key that ignores the unit designator", () => {
    const a = normalizeAddress({ street: "6709 E Ridge Av, Apt. 6", country: "US" });
    const b = normalizeAddress({ street: "6709 East Ridge Avenue #6", country: "US" });
    expect(a.streetParts).toMatchObject({ number: "6709", predirectional: "E", name: "RIDGE", suffix: "AVE", unitDesignator: "APT", unit: "6" });
    expect(a.streetKey).toBe(b.streetKey);
  });

  it("reports each part's status and issue paths under the part", () => {
    const result = normalizeAddress({ street: "1 Main St", postalCode: "ABC", country: "US" }, { path: ["address"] });
    expect(result.statuses).toEqual({ street: "fixed", city: "missing", region: "missing", postalCode: "invalid", country: "valid" });
    expect(result.issues[0]?.path).toEqual(["address", "postalCode"]);
  });

  it("reads a standard suffix abbreviation as the suffix it stands for, so a standardised line reads back as itself", () => {
    const once = normalizeAddress({ street: "123 north Key", country: "US" });
    expect(once.street).toBe("123 NORTH KY");
    expect(normalizeAddress({ street: once.street, country: "US" }).street).toBe("123 NORTH KY");
  });
});

describe("US street lines with their units (#18)", () => {
  const line = (street: string) => normalizeAddress({ street, country: "US" });
  it("keeps # for an unknown designator, and finds units written without one", () => {
    expect(line("123 Main St # 2510").streetParts).toMatchObject({ name: "MAIN", suffix: "ST", unitDesignator: "#", unit: "2510" });
    expect(line("101 W. Grand Ave. 600").streetParts).toMatchObject({ predirectional: "W", name: "GRAND", suffix: "AVE", unitDesignator: "#", unit: "600" });
    expect(line("350 5th Ave 15th Floor").streetParts).toMatchObject({ name: "5TH", suffix: "AVE", unitDesignator: "FL", unit: "15" });
    expect(line("233 S Wacker Dr Flr 43").streetParts).toMatchObject({ name: "WACKER", suffix: "DR", unitDesignator: "FL", unit: "43" });
    expect(line("1600 Main St PMB 123").streetParts).toMatchObject({ suffix: "ST", unitDesignator: "PMB", unit: "123" });
    expect(line("1600 Main St MSC 4").streetParts).toMatchObject({ suffix: "ST", unitDesignator: "MSC", unit: "4" });
    // A number that is the street's own stays the name: no street type before it.
    expect(line("100 Route 9").streetParts).toMatchObject({ name: "ROUTE 9", unit: null });
  });

  it("keeps a letter or a fraction with the house number, and reads spelled-out numbers, dotted directionals and grid addresses", () => {
    expect(line("4922 B South Cornell").streetParts).toMatchObject({ number: "4922 B", predirectional: "S", name: "CORNELL" });
    expect(line("123 1/2 Main St").streetParts).toMatchObject({ number: "123 1/2", name: "MAIN", suffix: "ST" });
    expect(line("123 N Main St").streetParts).toMatchObject({ number: "123", predirectional: "N", name: "MAIN" });
    expect(line("One S. Dearborn St.").streetParts).toMatchObject({ number: "1", predirectional: "S", name: "DEARBORN", suffix: "ST" });
    expect(line("1600 Pennsylvania Ave N.W.").streetParts).toMatchObject({ name: "PENNSYLVANIA", suffix: "AVE", postdirectional: "NW" });
    expect(line("239 South 500 East").streetParts).toMatchObject({ number: "239", predirectional: "S", name: "500", postdirectional: "E" });
  });

  it("stays idempotent on each of them", () => {
    for (const street of ["123 Main St # 2510", "101 W. Grand Ave. 600", "350 5th Ave 15th Floor", "4922 B South Cornell", "123 1/2 Main St", "One S. Dearborn St.", "239 South 500 East"]) {
      const once = line(street).street as string;
      expect(line(once).street, street).toBe(once);
    }
  });
});
