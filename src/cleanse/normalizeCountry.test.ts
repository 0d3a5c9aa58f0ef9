import { describe, expect, it } from "vitest";
import { normalizeCountry } from "./normalizeCountry.js";

describe("normalizeCountry", () => {
  const table: readonly (readonly [unknown, string | null])[] = [
    ["US", "US"], ["us", "US"], ["USA", "US"], ["U.S.A.", "US"], ["United States", "US"],
    ["United States of America", "US"], ["america", "US"], ["GB", "GB"], ["UK", "GB"], ["England", "GB"],
    ["Great Britain", "GB"], ["United Kingdom", "GB"], ["DE", "DE"], ["DEU", "DE"], ["Germany", "DE"],
    ["Deutschland", "DE"], ["Allemagne", "DE"], ["Alemania", "DE"], ["CAN", "CA"], ["canada", "CA"],
    ["Holland", "NL"], ["The Netherlands", "NL"], ["Côte d'Ivoire", "CI"], ["Korea, Republic of", "KR"],
    ["South Korea", "KR"], ["España", "ES"], ["Schweiz", "CH"], ["  france ", "FR"], ["Narnia", null], ["", null],
  ];
  for (const [input, code] of table) {
    it(`maps ${JSON.stringify(input)} to ${String(code)}`, () => {
      expect(normalizeCountry(input).value).toBe(code);
    });
  }

  it("gives the alpha-3 code and English name", () => {
    expect(normalizeCountry("Deutschland")).toMatchObject({ value: "DE", alpha3: "DEU", name: "Germany", status: "fixed" });
    expect(normalizeCountry("FR")).toMatchObject({ status: "valid", alpha3: "FRA" });
  });

  it("reports unknown countries and wrong types as issues", () => {
    expect(normalizeCountry("Narnia").issues[0]?.code).toBe("unknown_country");
    expect(normalizeCountry(["US"]).issues[0]?.code).toBe("invalid_type");
    expect(normalizeCountry(undefined).status).toBe("missing");
  });
});

describe("normalizeCountry: every field of the result", () => {
  it("reads alpha-2 codes in any case, Kosovo's user-assigned XK included, and says valid only for the code itself", () => {
    expect(normalizeCountry("GB")).toMatchObject({ value: "GB", status: "valid", alpha3: "GBR", name: "United Kingdom", issues: [] });
    expect(normalizeCountry("Gb")).toMatchObject({ value: "GB", status: "fixed", alpha3: "GBR" });
    expect(normalizeCountry("gbr")).toMatchObject({ value: "GB", status: "fixed", alpha3: "GBR", name: "United Kingdom" });
    expect(normalizeCountry("XK")).toMatchObject({ value: "XK", status: "valid", alpha3: null, issues: [] });
    expect(normalizeCountry("xk")).toMatchObject({ value: "XK", status: "fixed" });
    expect(normalizeCountry("Kosovo").value).toBe("XK");
    // Two letters that are not an assigned code are not a country, nor read as a name.
    for (const input of ["ZZ", "EU", "aa"]) expect(normalizeCountry(input).value, input).toBeNull();
  });

  it("gives the English name of the code, whatever language the input was in", () => {
    expect(normalizeCountry("Allemagne").name).toBe("Germany");
    expect(normalizeCountry("États-Unis").name).toBe("United States");
    expect(normalizeCountry("Vereinigte Staaten")).toMatchObject({ value: "US", alpha3: "USA", name: "United States" });
    expect(normalizeCountry("España").name).toBe("Spain");
  });

  it("ignores dots, commas, brackets, apostrophes, a leading 'the' and spacing", () => {
    const table: readonly (readonly [string, string])[] = [
      ["U.K.", "GB"], ["(UK)", "GB"], ["the gambia", "GM"], ["Gambia", "GM"], ["us ", "US"], ["United\tStates", "US"],
      ["Myanmar (Burma)", "MM"], ["Myanmar Burma", "MM"], ["St. Lucia", "LC"], ["Congo - Kinshasa", "CD"], ["Cote dIvoire", "CI"],
      ["Korea Republic of", "KR"], ["THE NETHERLANDS", "NL"],
    ];
    for (const [input, code] of table) expect(normalizeCountry(input).value, input).toBe(code);
  });

  it("reads '&' and 'and', and 'St.' and 'Saint', as the same words", () => {
    const table: readonly (readonly [string, string])[] = [
      ["Bosnia & Herzegovina", "BA"], ["Bosnia and Herzegovina", "BA"], ["Trinidad and Tobago", "TT"], ["Antigua and Barbuda", "AG"],
      ["Turks and Caicos Islands", "TC"], ["Wallis and Futuna", "WF"], ["Saint Kitts and Nevis", "KN"], ["St Kitts & Nevis", "KN"],
      ["Saint Vincent and the Grenadines", "VC"], ["Saint Pierre and Miquelon", "PM"], ["Sao Tome and Principe", "ST"],
    ];
    for (const [input, code] of table) expect(normalizeCountry(input).value, input).toBe(code);
  });

  it("reads the common English names that the platform's display names no longer give", () => {
    const table: readonly (readonly [string, string])[] = [
      ["Turkey", "TR"], ["Hong Kong", "HK"], ["Macau", "MO"], ["Macao", "MO"], ["Democratic Republic of the Congo", "CD"],
      ["DR Congo", "CD"], ["Republic of the Congo", "CG"],
    ];
    for (const [input, code] of table) expect(normalizeCountry(input).value, input).toBe(code);
  });

  it("reports an unknown country under the given path, and refuses unknown options", () => {
    expect(normalizeCountry("Narnia", { path: ["records", 2, "country"] })).toEqual({
      value: null,
      original: "Narnia",
      status: "invalid",
      issues: [{ code: "unknown_country", path: ["records", 2, "country"], message: "The country was not recognised.", severity: "error" }],
      alpha3: null,
      name: null,
    });
    expect(normalizeCountry(null)).toEqual({ value: null, original: null, status: "missing", issues: [], alpha3: null, name: null });
    expect(normalizeCountry(7)).toMatchObject({ value: null, status: "invalid", alpha3: null, name: null });
    expect(() => normalizeCountry("US", { paht: [] } as never)).toThrow(expect.objectContaining({ code: "invalid_options" }));
    expect(() => normalizeCountry("US", { path: "country" } as never)).toThrow(expect.objectContaining({ code: "invalid_options" }));
  });
});
