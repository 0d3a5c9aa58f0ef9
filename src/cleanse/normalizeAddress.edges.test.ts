import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { normalizeAddress, type AddressInput, type NormalizeAddressOptions, type StreetParts } from "./normalizeAddress.js";

// Edge cases of normalizeAddress, one behaviour per assertion: house numbers, units, directionals and
// suffixes of US street lines; regions peeled off cities; postal codes and their leading zeros; statuses,
// issue paths and the options.

const us = (street: string): ReturnType<typeof normalizeAddress> => normalizeAddress({ street, country: "US" });
const partsOf = (street: string): StreetParts | null => us(street).streetParts;
function parts(number: string, predirectional: string | null, name: string | null, suffix: string | null, postdirectional: string | null = null, unitDesignator: string | null = null, unit: string | null = null): StreetParts {
  return { number, predirectional, name, suffix, postdirectional, unitDesignator, unit };
}
const codes = (address: AddressInput, options?: NormalizeAddressOptions): string[] => normalizeAddress(address, options).issues.map((issue) => issue.code);

function optionsError(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isProfileKitError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected an invalid_options error");
}

describe("normalizeAddress: house numbers", () => {
  it("reads digits with a letter, a range and a fraction as a house number", () => {
    expect(partsOf("12A Main St")).toEqual(parts("12A", null, "MAIN", "ST"));
    expect(partsOf("100-102 Main St")).toEqual(parts("100-102", null, "MAIN", "ST"));
    expect(partsOf("100-102A Main St")).toEqual(parts("100-102A", null, "MAIN", "ST"));
    expect(partsOf("12/34 Main St")).toEqual(parts("12/34", null, "MAIN", "ST"));
    expect(us("12/34 Main St").street).toBe("12/34 MAIN ST");
  });

  it("does not parse a line whose first word only contains a house number", () => {
    for (const street of ["A12 Main St", "12AB Main St", "A1/2 Main St", "1/2X Main St", "Main St", "North Main Street"]) {
      expect(partsOf(street), street).toBeNull();
    }
    // Unparsed lines keep the writer's mixed case, and their key is still standardised.
    const unparsed = us("A12 Main St");
    expect(unparsed.street).toBe("A12 Main St");
    expect(unparsed.statuses.street).toBe("valid");
    expect(unparsed.streetKey).toBe("A12 MAIN ST");
  });

  it("needs a word after the house number", () => {
    const alone = us("123");
    expect(alone.streetParts).toBeNull();
    expect(alone.street).toBe("123");
    expect(partsOf("1 Main")).toEqual(parts("1", null, "MAIN", null));
  });

  it("reads every spelled-out house number from one to twelve, given a street after it", () => {
    const words = ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve"];
    words.forEach((word, i) => {
      expect(partsOf(`${word} Main St`), word).toEqual(parts(String(i + 1), null, "MAIN", "ST"));
    });
    // Two words only: "One Main" is a name, not house number one.
    expect(partsOf("One Main")).toBeNull();
    expect(us("One Main").street).toBe("One Main");
  });

  it("joins a letter or a fraction after the house number only on lines of four words or more", () => {
    expect(partsOf("4922 B South Cornell")).toEqual(parts("4922 B", "S", "CORNELL", null));
    expect(partsOf("123 11/16 Main St")).toEqual(parts("123 11/16", null, "MAIN", "ST"));
    // Three words: the fraction stays in the name.
    expect(partsOf("123 1/2 Main")).toEqual(parts("123", null, "1/2 MAIN", null));
    // A directional letter is no part of the number; nor is a word that only contains a fraction.
    expect(partsOf("123 N Main St")).toEqual(parts("123", "N", "MAIN", "ST"));
    expect(partsOf("123 A1/2 Main St")).toEqual(parts("123", null, "A1/2 MAIN", "ST"));
    expect(partsOf("123 1/2A Main St")).toEqual(parts("123", null, "1/2A MAIN", "ST"));
    expect(partsOf("123 Main Street West")).toEqual(parts("123", null, "MAIN", "ST", "W"));
  });
});

describe("normalizeAddress: secondary units", () => {
  it("takes a designator and everything after it as the unit, without a # after the designator", () => {
    expect(partsOf("1 Main St Apt 4")).toEqual(parts("1", null, "MAIN", "ST", null, "APT", "4"));
    expect(partsOf("1 Main St Apt # 4")).toEqual(parts("1", null, "MAIN", "ST", null, "APT", "4"));
    expect(partsOf("1 Main St Apt 4 B")).toEqual(parts("1", null, "MAIN", "ST", null, "APT", "4 B"));
    expect(partsOf("1 Main St #12")).toEqual(parts("1", null, "MAIN", "ST", null, "#", "12"));
    expect(us("1 Main St #12").street).toBe("1 MAIN ST # 12");
    expect(partsOf("1 Main St Apt 2.5")).toEqual(parts("1", null, "MAIN", "ST", null, "APT", "2.5"));
    // "#" is a designator of its own, with or without a street type before it.
    expect(partsOf("1 Main #12")).toEqual(parts("1", null, "MAIN", null, null, "#", "12"));
  });

  it("leaves out the unit designator from the matching key", () => {
    expect(us("1 Main St Apt 4").streetKey).toBe("1 MAIN ST 4");
    expect(us("1 Main St Apt 4").street).toBe("1 MAIN ST APT 4");
    expect(us("1 Main St Suite 4").streetKey).toBe("1 MAIN ST 4");
  });

  it("reads a designator that may stand alone at the end of the line as a unit without a number", () => {
    const alone: readonly (readonly [string, string])[] = [
      ["Basement", "BSMT"], ["Front", "FRNT"], ["Lobby", "LBBY"], ["Lower", "LOWR"], ["Office", "OFC"],
      ["Penthouse", "PH"], ["Rear", "REAR"], ["Side", "SIDE"], ["Upper", "UPPR"],
    ];
    for (const [word, designator] of alone) {
      expect(partsOf(`1 Main St ${word}`), word).toEqual(parts("1", null, "MAIN", "ST", null, designator, null));
      expect(us(`1 Main St ${word}`).street, word).toBe(`1 MAIN ST ${designator}`);
    }
  });

  it("reads a designator that needs a unit as a street word when nothing follows it", () => {
    expect(partsOf("12 Oak Key")).toEqual(parts("12", null, "OAK", "KY"));
    expect(partsOf("1 Main St Apt")).toEqual(parts("1", null, "MAIN ST APT", null));
  });

  it("reads an ordinal before a floor as the floor's number, only when the floor ends the line", () => {
    expect(partsOf("1 Main 2nd Floor")).toEqual(parts("1", null, "MAIN", null, null, "FL", "2"));
    expect(partsOf("350 5th Ave 15th Floor")).toEqual(parts("350", null, "5TH", "AVE", null, "FL", "15"));
    expect(partsOf("1 Main St 3rd Floor 2")).toEqual(parts("1", null, "MAIN ST 3RD", null, null, "FL", "2"));
    // Right after the house number, "2nd Floor" is the street.
    expect(partsOf("1 2nd Floor")).toEqual(parts("1", null, "2ND FLOOR", null));
    // Not an ordinal: no unit.
    expect(partsOf("350 5th Ave X15th Floor")).toEqual(parts("350", null, "5TH AVE X15TH FLOOR", null));
    expect(partsOf("350 5th Ave 15thx Floor")).toEqual(parts("350", null, "5TH AVE 15THX FLOOR", null));
  });

  it("reads a unit written without a designator after the street type, as #", () => {
    expect(partsOf("1 Main St 4")).toEqual(parts("1", null, "MAIN", "ST", null, "#", "4"));
    expect(partsOf("12 Elm St 4B")).toEqual(parts("12", null, "ELM", "ST", null, "#", "4B"));
    expect(partsOf("12 Elm St B")).toEqual(parts("12", null, "ELM", "ST", null, "#", "B"));
    expect(partsOf("12 Elm St B12")).toEqual(parts("12", null, "ELM", "ST", null, "#", "B12"));
    expect(us("12 Elm St B12").street).toBe("12 ELM ST # B12");
    // Not unit-shaped, a directional, no street type before it, or too short a line: part of the street.
    expect(partsOf("12 Elm St Abc")).toEqual(parts("12", null, "ELM ST ABC", null));
    expect(partsOf("1 Main St N")).toEqual(parts("1", null, "MAIN", "ST", "N"));
    expect(partsOf("100 Route 9")).toEqual(parts("100", null, "ROUTE 9", null));
    expect(partsOf("1 St 4")).toEqual(parts("1", null, "ST 4", null));
    // A designator found first leaves the words before it to the street.
    expect(partsOf("1 Main St 4 Apt 5")).toEqual(parts("1", null, "MAIN ST 4", null, null, "APT", "5"));
  });
});

describe("normalizeAddress: directionals, suffixes and names", () => {
  it("takes a directional before the name only when a name is left", () => {
    expect(partsOf("123 N Main")).toEqual(parts("123", "N", "MAIN", null));
    expect(partsOf("123 North St")).toEqual(parts("123", null, "NORTH", "ST"));
    expect(partsOf("123 North")).toEqual(parts("123", null, "NORTH", null));
    expect(partsOf("123 Northeast Main Street")).toEqual(parts("123", "NE", "MAIN", "ST"));
  });

  it("takes a directional after the street type", () => {
    expect(partsOf("1 Ave N")).toEqual(parts("1", null, "AVE", null, "N"));
    expect(partsOf("1 Park Ave Main")).toEqual(parts("1", null, "PARK AVE MAIN", null));
    expect(partsOf("1 Main N")).toEqual(parts("1", null, "MAIN N", null));
    expect(partsOf("1600 Pennsylvania Ave N.W.")).toEqual(parts("1600", null, "PENNSYLVANIA", "AVE", "NW"));
  });

  it("reads grid addresses only after a directional and with a numbered street", () => {
    expect(partsOf("239 South 500 East")).toEqual(parts("239", "S", "500", null, "E"));
    expect(partsOf("1 500 East")).toEqual(parts("1", null, "500 EAST", null));
    expect(partsOf("1 N 500 E X")).toEqual(parts("1", "N", "500 E X", null));
    expect(partsOf("1 N A500 E")).toEqual(parts("1", "N", "A500 E", null));
    expect(partsOf("1 N 500A E")).toEqual(parts("1", "N", "500A E", null));
  });

  it("abbreviates the street type only when a name is left before it", () => {
    expect(partsOf("123 Street")).toEqual(parts("123", null, "STREET", null));
    expect(partsOf("1 Main Street")).toEqual(parts("1", null, "MAIN", "ST"));
    expect(partsOf("1 Route 9 Highway")).toEqual(parts("1", null, "ROUTE 9", "HWY"));
  });

  it("removes dots ending words and commas, keeping other dots", () => {
    expect(partsOf("1 Main St.")).toEqual(parts("1", null, "MAIN", "ST"));
    expect(partsOf("1 Main St,")).toEqual(parts("1", null, "MAIN", "ST"));
    expect(partsOf("1 Main St., Apt. 4")).toEqual(parts("1", null, "MAIN", "ST", null, "APT", "4"));
    expect(partsOf("101 W. Grand Ave. 600")).toEqual(parts("101", "W", "GRAND", "AVE", null, "#", "600"));
    expect(partsOf("1 Old.Mill Rd")).toEqual(parts("1", null, "OLD.MILL", "RD"));
  });

  it("writes the line in title case on request, and upper case by default or on request", () => {
    expect(normalizeAddress({ street: "6130 east elm parkway apartment 30", country: "US" }, { case: "title" }).street).toBe("6130 E Elm Pkwy Apt 30");
    expect(normalizeAddress({ street: "6130 east elm parkway apartment 30", country: "US" }, { case: "upper" }).street).toBe("6130 E ELM PKWY APT 30");
    expect(normalizeAddress({ street: "6130 east elm parkway apartment 30", country: "US" }).street).toBe("6130 E ELM PKWY APT 30");
  });
});

describe("normalizeAddress: which street lines are parsed", () => {
  it("parses US, Canadian and country-less lines, and displays others as written", () => {
    expect(normalizeAddress({ street: "1 Main St" }).street).toBe("1 MAIN ST");
    expect(normalizeAddress({ street: "4538 liberty place", country: "CA" }).street).toBe("4538 LIBERTY PL");
    expect(normalizeAddress({ street: "4538 liberty place", country: "CA" }).streetParts).toEqual(parts("4538", null, "LIBERTY", "PL"));
    const gb = normalizeAddress({ street: "814 redwood avenue", country: "GB" });
    expect(gb.street).toBe("814 Redwood Avenue");
    expect(gb.streetParts).toBeNull();
    // The key abbreviates like USPS whenever the line parses, whatever the country.
    expect(gb.streetKey).toBe("814 REDWOOD AVE");
    expect(gb.statuses.street).toBe("fixed");
  });

  it("keys an unparsed line by its letters, digits and single spaces", () => {
    const fr = normalizeAddress({ street: "Rue de l'Église - Bât. 5", country: "FR" });
    expect(fr.street).toBe("Rue de l'Église - Bât. 5");
    expect(fr.statuses.street).toBe("valid");
    expect(fr.streetKey).toBe("RUE DE LEGLISE BAT 5");
    expect(normalizeAddress({ street: "- Damrak 1 -", country: "NL" }).streetKey).toBe("DAMRAK 1");
  });

  it("keeps the caller's string and status valid when the line is already standard", () => {
    const done = us("1 MAIN ST");
    expect(done.street).toBe("1 MAIN ST");
    expect(done.statuses.street).toBe("valid");
    expect(done.streetKey).toBe("1 MAIN ST");
  });

  it("uses the default country only when it is an upper-case alpha-2 code", () => {
    expect(normalizeAddress({ postalCode: "sw1a2aa" }, { country: "GB" }).postalCode).toBe("SW1A 2AA");
    expect(normalizeAddress({ postalCode: "sw1a2aa" }, { country: "GB" }).country).toBeNull();
    for (const country of ["us", "USA", "XUS"]) {
      const result = normalizeAddress({ street: "1 Main St", postalCode: "ab1 2cd" }, { country });
      expect(result.street, country).toBe("1 MAIN ST");
      expect(result.postalCode, country).toBe("AB1 2CD");
    }
    expect(normalizeAddress({ street: "1 Main St" }, { country: null }).street).toBe("1 MAIN ST");
    // The address's own country wins over the default.
    expect(normalizeAddress({ postalCode: "1012lg", country: "NL" }, { country: "GB" }).postalCode).toBe("1012 LG");
  });
});

describe("normalizeAddress: cities and regions", () => {
  it("peels a region off the city and marks it fixed even when it was a code", () => {
    const result = normalizeAddress({ city: "Las Vegas, NV" });
    expect([result.city, result.region]).toEqual(["Las Vegas", "NV"]);
    expect(result.statuses).toEqual({ street: "missing", city: "fixed", region: "fixed", postalCode: "missing", country: "missing" });
    expect(normalizeAddress({ city: "Las Vegas , NV" }).city).toBe("Las Vegas");
    expect(normalizeAddress({ city: "Albany, New York" }).region).toBe("NY");
    expect(normalizeAddress({ city: "Las Vegas, NV", region: null }).region).toBe("NV");
  });

  it("takes a given region over the one in the city", () => {
    const result = normalizeAddress({ city: "Las Vegas, NV", region: "CA" });
    expect([result.city, result.region]).toEqual(["Las Vegas", "CA"]);
    expect(result.statuses.region).toBe("valid");
  });

  it("leaves a city alone when what follows its last comma is not region-shaped", () => {
    for (const city of ["Springfield, 1IL", "Springfield, IL1", "Springfield, N", "Washington, D.C. Area Now Here"]) {
      const result = normalizeAddress({ city });
      expect([result.city, result.region], city).toEqual([city, null]);
      expect(result.statuses.city, city).toBe("valid");
      expect(result.statuses.region, city).toBe("missing");
    }
    // A region that only casing makes region-shaped (the long s ſ capitalises to S) comes off too.
    expect(normalizeAddress({ city: "paris, ſc" })).toMatchObject({ city: "Paris", region: "SC" });
    const comma = normalizeAddress({ city: ", NV" });
    expect([comma.city, comma.region]).toEqual([", Nv", null]);
  });

  it("keeps a mixed-case city and title-cases one written in one case", () => {
    expect(normalizeAddress({ city: "McAllen" }).city).toBe("McAllen");
    expect(normalizeAddress({ city: "McAllen" }).statuses.city).toBe("valid");
    expect(normalizeAddress({ city: "LONDON" }).city).toBe("London");
    expect(normalizeAddress({ city: "london" }).city).toBe("London");
    expect(normalizeAddress({ city: "o'fallon" }).city).toBe("O'Fallon");
    expect(normalizeAddress({ city: "SAINT-ÉTIENNE" }).city).toBe("Saint-Étienne");
    expect(normalizeAddress({ city: "NEW YORK" }).city).toBe("New York");
    expect(normalizeAddress({ city: "ST.LOUIS (CITY)/X" }).city).toBe("St.Louis (City)/X");
  });

  it("reads region names and codes of the US and Canada in any case and spelling", () => {
    const region = (value: string, country?: string): [string | null, string] => {
      const result = normalizeAddress({ region: value, country });
      return [result.region, result.statuses.region];
    };
    expect(region("NV")).toEqual(["NV", "valid"]);
    expect(region("nv", "US")).toEqual(["NV", "fixed"]);
    expect(region("N.V.")).toEqual(["NV", "fixed"]);
    expect(region("Nevada")).toEqual(["NV", "fixed"]);
    expect(region("  new   york ")).toEqual(["NY", "fixed"]);
    expect(region("Ontario")).toEqual(["ON", "fixed"]);
    expect(region("Ontario", "CA")).toEqual(["ON", "fixed"]);
    expect(region("québec")).toEqual(["QC", "fixed"]);
    expect(region("P.E.I", "CA")).toEqual(["PE", "fixed"]);
    expect(region("Calif.", "US")).toEqual(["CA", "fixed"]);
    expect(region("Montaña", "US")).toEqual(["MT", "fixed"]);
    expect(region("ON", "CA")).toEqual(["ON", "valid"]);
  });

  it("reports a region the US or Canada does not have, under the country", () => {
    for (const [value, country] of [["ZZ", "US"], ["Atlantis", "US"], ["Nevada", "CA"]] as const) {
      const result = normalizeAddress({ region: value, country }, { path: ["home"] });
      expect(result.region, value).toBeNull();
      expect(result.statuses.region, value).toBe("invalid");
      expect(result.issues, value).toEqual([{ code: "unknown_region", path: ["home", "region"], country, message: `The state or province was not recognised for ${country}.`, severity: "warning" }]);
    }
  });

  it("writes other countries' regions in display case, never as US or Canadian codes", () => {
    expect(normalizeAddress({ region: "Nevada", country: "DE" }).region).toBe("Nevada");
    expect(normalizeAddress({ region: "bavaria", country: "DE" }).region).toBe("Bavaria");
    expect(normalizeAddress({ region: "bavaria", country: "DE" }).statuses.region).toBe("fixed");
    expect(normalizeAddress({ region: "Bavaria", country: "DE" }).statuses.region).toBe("valid");
    expect(normalizeAddress({ region: "ON", country: "FR" }).region).toBe("On");
    expect(codes({ region: "Bavaria", country: "DE" })).toEqual([]);
  });

  it("gives a missing region when the region is empty, and an invalid one for a wrong type", () => {
    expect(normalizeAddress({ region: "" }).statuses.region).toBe("missing");
    expect(normalizeAddress({ region: "   " }).statuses.region).toBe("missing");
    const wrong = normalizeAddress({ region: 5 });
    expect(wrong.statuses.region).toBe("invalid");
    expect(wrong.region).toBeNull();
    expect(wrong.issues.map((issue) => [issue.code, issue.path])).toEqual([["invalid_type", ["region"]]]);
    const city = normalizeAddress({ city: "Reno" });
    expect(city.region).toBeNull();
    expect(city.statuses.region).toBe("missing");
  });

  it("gives a missing city when empty, an invalid one for a wrong type", () => {
    expect(normalizeAddress({ city: "" }).statuses.city).toBe("missing");
    const wrong = normalizeAddress({ city: 5 });
    expect(wrong.statuses.city).toBe("invalid");
    expect(wrong.city).toBeNull();
    expect(wrong.issues.map((issue) => [issue.code, issue.path])).toEqual([["invalid_type", ["city"]]]);
  });
});

describe("normalizeAddress: postal codes", () => {
  it("restores the leading zero of four-digit ZIPs in the states whose ZIPs start with 0", () => {
    for (const region of ["CT", "MA", "ME", "NH", "NJ", "PR", "RI", "VT", "VI", "AE", "NY"]) {
      expect(normalizeAddress({ postalCode: "2163", region, country: "US" }).postalCode, region).toBe("02163");
    }
    expect(normalizeAddress({ postalCode: "2163", country: "US" }).postalCode).toBe("02163");
    expect(normalizeAddress({ postalCode: "21631234", country: "US" }).postalCode).toBe("02163-1234");
    expect(normalizeAddress({ postalCode: "2163", country: "US" }).statuses.postalCode).toBe("fixed");
    // Elsewhere a four-digit ZIP is wrong.
    expect(normalizeAddress({ postalCode: "7870", region: "TX", country: "US" }).postalCode).toBeNull();
    expect(codes({ postalCode: "1234", country: "DE" })).toEqual(["invalid_postal_code"]);
  });

  it("keeps five- and nine-digit ZIPs as they are, with a hyphen before the four", () => {
    const zip = normalizeAddress({ postalCode: "89136", country: "US" });
    expect(zip.postalCode).toBe("89136");
    expect(zip.statuses.postalCode).toBe("valid");
    expect(normalizeAddress({ postalCode: "891361234", region: "MA", country: "US" }).postalCode).toBe("89136-1234");
    expect(normalizeAddress({ postalCode: "89136 - 1234", country: "US" }).postalCode).toBe("89136-1234");
  });

  it("reads numbers as postal codes, with a coerced_type notice", () => {
    const result = normalizeAddress({ postalCode: 90210, country: "US" });
    expect(result.postalCode).toBe("90210");
    expect(result.statuses.postalCode).toBe("fixed");
    expect(result.issues.map((issue) => [issue.code, issue.path])).toEqual([["coerced_type", ["postalCode"]]]);
  });

  it("upper-cases postal codes of countries without a known shape, or of no country", () => {
    expect(normalizeAddress({ postalCode: "ab1 2cd" }).postalCode).toBe("AB1 2CD");
    expect(normalizeAddress({ postalCode: "06600", country: "MX" }).postalCode).toBe("06600");
    expect(normalizeAddress({ postalCode: "06600", country: "MX" }).statuses.postalCode).toBe("valid");
    expect(normalizeAddress({ postalCode: "h2x 7p4", country: "CA" }).postalCode).toBe("H2X 7P4");
  });

  it("reports a postal code of the wrong shape under the country", () => {
    const result = normalizeAddress({ postalCode: "ABC", country: "US" }, { path: ["address"] });
    expect(result.postalCode).toBeNull();
    expect(result.statuses.postalCode).toBe("invalid");
    expect(result.issues).toEqual([{ code: "invalid_postal_code", path: ["address", "postalCode"], country: "US", message: "The postal code does not have the shape used in US.", severity: "warning" }]);
  });

  it("refuses a postal code that upper-casing makes too long", () => {
    const result = normalizeAddress({ postalCode: "ß".repeat(10) });
    expect(result.postalCode).toBeNull();
    expect(result.statuses.postalCode).toBe("invalid");
    expect(result.issues.map((issue) => [issue.code, issue.path, issue.message])).toEqual([["too_long", ["postalCode"], "Value is 20 characters long; the maximum is 16."]]);
  });

  it("gives missing and invalid postal code statuses", () => {
    expect(normalizeAddress({ postalCode: "" }).statuses.postalCode).toBe("missing");
    expect(normalizeAddress({ postalCode: true }).statuses.postalCode).toBe("invalid");
  });
});

describe("normalizeAddress: lengths", () => {
  it("measures the city as written, before the region comes off", () => {
    const result = normalizeAddress({ city: `${"x".repeat(98)}, NV` });
    expect(result.city).toBeNull();
    expect(result.region).toBeNull();
    expect(result.statuses.city).toBe("invalid");
    expect(result.issues.map((issue) => [issue.code, issue.path])).toEqual([["too_long", ["city"]]]);
  });

  it("refuses a city, region or street that casing makes too long", () => {
    const city = normalizeAddress({ city: "İ".repeat(60) });
    expect(city.city).toBeNull();
    expect(city.statuses.city).toBe("invalid");
    expect(city.issues.map((issue) => [issue.code, issue.path, issue.message])).toEqual([["too_long", ["city"], "Value is 119 characters long; the maximum is 100."]]);

    const region = normalizeAddress({ region: "İ".repeat(60), country: "DE" });
    expect(region.region).toBeNull();
    expect(region.statuses.region).toBe("invalid");
    expect(region.issues.map((issue) => [issue.code, issue.path])).toEqual([["too_long", ["region"]]]);

    const unparsed = normalizeAddress({ street: "İ".repeat(200), country: "GB" });
    expect(unparsed.street).toBeNull();
    expect(unparsed.streetKey).toBeNull();
    expect(unparsed.statuses.street).toBe("invalid");
    expect(unparsed.issues.map((issue) => [issue.code, issue.path])).toEqual([["too_long", ["street"]]]);

    const title = normalizeAddress({ street: `1 ${"İ".repeat(160)}`, country: "US" }, { case: "title" });
    expect(title.street).toBeNull();
    expect(title.streetParts).toBeNull();
    expect(title.streetKey).toBeNull();
    expect(title.statuses.street).toBe("invalid");
    expect(title.issues.map((issue) => [issue.code, issue.path, issue.message])).toEqual([["too_long", ["street"], "Value is 321 characters long; the maximum is 300."]]);
  });

  it("measures a street line as written, even when standardising would shorten it", () => {
    const result = normalizeAddress({ street: `1 Main${",".repeat(300)} St`, country: "US" });
    expect(result.street).toBeNull();
    expect(result.statuses.street).toBe("invalid");
    expect(result.issues.map((issue) => issue.code)).toEqual(["too_long"]);
  });

  it("measures a region as written", () => {
    const result = normalizeAddress({ region: "A".repeat(150), country: "US" });
    expect(result.region).toBeNull();
    expect(result.issues.map((issue) => issue.code)).toEqual(["too_long"]);
  });
});

describe("normalizeAddress: the address value and its parts", () => {
  it("gives each part's issues a path under the part, and under the caller's path", () => {
    const bad: AddressInput = { street: 1, city: 2, region: 3, postalCode: true, country: 5 };
    expect(normalizeAddress(bad).issues.map((issue) => issue.path)).toEqual([["country"], ["city"], ["region"], ["postalCode"], ["street"]]);
    expect(normalizeAddress(bad, { path: ["records", 0] }).issues.map((issue) => issue.path)).toEqual([
      ["records", 0, "country"], ["records", 0, "city"], ["records", 0, "region"], ["records", 0, "postalCode"], ["records", 0, "street"],
    ]);
    expect(normalizeAddress({ country: "Narnia" }).issues.map((issue) => [issue.code, issue.path])).toEqual([["unknown_country", ["country"]]]);
  });

  it("reads undefined and null as an empty address", () => {
    for (const value of [undefined, null]) {
      const result = normalizeAddress(value as never);
      expect(result.issues).toEqual([]);
      expect(result.statuses).toEqual({ street: "missing", city: "missing", region: "missing", postalCode: "missing", country: "missing" });
      expect(result.original).toEqual({ street: undefined, city: undefined, region: undefined, postalCode: undefined, country: undefined });
    }
  });

  it("reports an address that is not an object, with what it is", () => {
    const cases: readonly (readonly [unknown, string])[] = [[5, "number"], ["1 Main St", "string"], [[], "array"], [true, "boolean"]];
    for (const [value, received] of cases) {
      const result = normalizeAddress(value as never, { path: ["home"] });
      expect(result.issues, received).toEqual([{ code: "invalid_type", path: ["home"], expected: "an address object", received, message: `Expected an address object but received ${received}.`, severity: "error" }]);
      expect(result).toMatchObject({ street: null, city: null, region: null, postalCode: null, country: null, original: {}, streetParts: null, streetKey: null });
      expect(result.statuses).toEqual({ street: "invalid", city: "invalid", region: "invalid", postalCode: "invalid", country: "invalid" });
    }
  });

  it("reports an address whose properties cannot be read", () => {
    const throwing = Object.defineProperty({}, "street", {
      enumerable: true,
      get() {
        throw new Error("no");
      },
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const value of [throwing, proxy]) {
      const result = normalizeAddress(value);
      expect(result.issues.map((issue) => [issue.code, issue.path, issue.message])).toEqual([["invalid_type", [], "Expected an address object but received unreadable object."]]);
      expect(result.statuses.street).toBe("invalid");
    }
  });

  it("reads only the address's own parts, each of them", () => {
    const inherited = Object.create({ street: "1 Main St", city: "Reno" }) as AddressInput;
    expect(normalizeAddress(inherited).statuses).toEqual({ street: "missing", city: "missing", region: "missing", postalCode: "missing", country: "missing" });
    const input = { street: "1 main st", city: "reno", region: "nevada", postalCode: "89501", country: "usa" };
    const result = normalizeAddress(input);
    expect(result.original).toEqual(input);
    expect([result.street, result.city, result.region, result.postalCode, result.country]).toEqual(["1 MAIN ST", "Reno", "NV", "89501", "US"]);
    expect(result.statuses).toEqual({ street: "fixed", city: "fixed", region: "fixed", postalCode: "valid", country: "fixed" });
    expect(result.issues).toEqual([]);
  });
});

describe("normalizeAddress: options", () => {
  it("accepts each option", () => {
    expect(normalizeAddress({ street: "1 Main St" }, { country: "US" }).street).toBe("1 MAIN ST");
    expect(normalizeAddress({ street: "1 main st" }, { case: "title" }).street).toBe("1 Main St");
    expect(normalizeAddress({ street: 1 }, { path: ["a", "b"] }).issues[0]?.path).toEqual(["a", "b", "street"]);
    expect(normalizeAddress({ street: "1 Main St" }, {}).street).toBe("1 MAIN ST");
  });

  it("refuses an unknown option, a wrong case and a wrong country type, naming the function", () => {
    const unknownKey = optionsError(() => normalizeAddress({}, { Country: "US" } as never));
    expect(unknownKey.code).toBe("invalid_options");
    expect(unknownKey.message).toMatch(/^normalizeAddress: invalid options\..*did you mean country\?/);
    const badCase = optionsError(() => normalizeAddress({}, { case: "lower" } as never));
    expect(badCase.code).toBe("invalid_options");
    expect(badCase.message).toMatch(/^normalizeAddress: invalid options\. options\.case: /);
    expect(badCase.message).toContain('"upper"');
    expect(badCase.message).toContain('"title"');
    expect(optionsError(() => normalizeAddress({}, { country: 5 } as never)).message).toMatch(/^normalizeAddress: invalid options\. options\.country: /);
    expect(optionsError(() => normalizeAddress({}, { path: "x" } as never)).message).toMatch(/^normalizeAddress: invalid options\. options\.path: /);
  });

  it("refuses options that cannot be read", () => {
    const options = Object.defineProperty({}, "country", {
      enumerable: true,
      get() {
        throw new Error("no");
      },
    });
    expect(optionsError(() => normalizeAddress({}, options as never))).toEqual({ code: "invalid_options", message: "normalizeAddress: invalid options. options: could not be read (a revoked Proxy or a throwing getter?)" });
  });

  it("reads US military mail: regions AA, AE and AP (by code or name) and the APO/FPO/DPO city kept in capitals", () => {
    expect(normalizeAddress({ city: "APO", region: "AE", postalCode: "09012", country: "US" })).toMatchObject({ city: "APO", region: "AE", postalCode: "09012", issues: [] });
    expect(normalizeAddress({ city: "fpo", region: "Armed Forces Pacific", postalCode: "96601", country: "US" })).toMatchObject({ city: "FPO", region: "AP", issues: [] });
    expect(normalizeAddress({ city: "Dpo", region: "aa", postalCode: "34001", country: "US" })).toMatchObject({ city: "DPO", region: "AA", issues: [] });
    // A ZIP of the AE region that lost its leading zero gets it back.
    expect(normalizeAddress({ city: "APO", region: "AE", postalCode: "9012", country: "US" }).postalCode).toBe("09012");
    // Only the whole city: a town whose name starts so is cased as a name.
    expect(normalizeAddress({ city: "APOPKA", region: "FL", country: "US" }).city).toBe("Apopka");
  });
});
