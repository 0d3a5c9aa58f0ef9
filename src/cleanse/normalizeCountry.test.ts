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
