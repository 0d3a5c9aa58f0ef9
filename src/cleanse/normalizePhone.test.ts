import { describe, expect, it } from "vitest";
import { normalizePhone } from "./normalizePhone.js";

describe("normalizePhone", () => {
  // [input, default country, E.164, extension, issue codes]
  const table: readonly (readonly [unknown, string | null, string | null, string | null, readonly string[]])[] = [
    ["(212) 867-5309", "US", "+12128675309", null, []],
    ["212-867-5309", "US", "+12128675309", null, []],
    ["212.867.5309", "US", "+12128675309", null, []],
    ["2128675309", "US", "+12128675309", null, []],
    ["1-212-867-5309", "US", "+12128675309", null, []],
    ["+1 (212) 867-5309", null, "+12128675309", null, []],
    ["+1 212 867 5309", "GB", "+12128675309", null, []],
    ["212-867-5309 x123", "US", "+12128675309", "123", []],
    ["(212) 867-5309 ext. 44", "US", "+12128675309", "44", []],
    ["07987 932459", "GB", "+447987932459", null, []],
    ["+44 (0)7987 932459", null, "+447987932459", null, []],
    ["0044 7987 932459", null, "+447987932459", null, []],
    ["447987932459", null, "+447987932459", null, []],
    ["020 7946 0958", "GB", "+442079460958", null, []],
    ["0171 2345678", "DE", "+491712345678", null, []],
    ["+49 30 12345678", null, "+493012345678", null, []],
    ["(514) 631-5502", "CA", "+15146315502", null, []],
    [2128675309, "US", "+12128675309", null, ["coerced_type"]],
    ["000-000-0000", "US", null, null, ["placeholder_value"]],
    ["1234567890", "US", null, null, ["placeholder_value"]],
    ["999-999-9999", "US", null, null, ["placeholder_value"]],
    ["(555) 555-5555", "US", null, null, ["placeholder_value"]],
    ["212-555-0123", "US", null, null, ["placeholder_value"]],
    ["+1 111 111 1111", null, null, null, ["placeholder_value"]],
    ["212-867-5309", null, null, null, ["invalid_phone"]],
    ["12", "US", null, null, ["invalid_phone"]],
    ["call me", "US", null, null, ["invalid_phone"]],
    ["+1 212 867 53", null, null, null, ["invalid_phone"]],
    [true, "US", null, null, ["invalid_type"]],
    [null, "US", null, null, []],
  ];

  for (const [input, country, value, extension, codes] of table) {
    it(`standardises ${JSON.stringify(input)} (default ${String(country)})`, () => {
      const result = normalizePhone(input, { country });
      expect(result.value).toBe(value);
      expect(result.extension).toBe(extension);
      expect(result.issues.map((issue) => issue.code)).toEqual(codes);
    });
  }

  it("tells the number's country and type where the metadata allows", () => {
    const mobile = normalizePhone("07987 932459", { country: "GB" });
    expect(mobile.country).toBe("GB");
    expect(mobile.type).toBe("mobile");
    expect(normalizePhone("0800 123 4567", { country: "GB" }).type).toBe("toll_free");
  });

  it("says why a number was refused", () => {
    expect(normalizePhone("212-867-5309").issues[0]).toMatchObject({ code: "invalid_phone", reason: "unknown_country" });
    expect(normalizePhone("12", { country: "US" }).issues[0]).toMatchObject({ reason: "too_short" });
    expect(normalizePhone("hello", { country: "US" }).issues[0]).toMatchObject({ reason: "not_a_number" });
  });

  it("ignores a country option that is not an alpha-2 code instead of failing", () => {
    expect(normalizePhone("+12128675309", { country: "United States" }).value).toBe("+12128675309");
  });

  it("never puts the number in a message", () => {
    for (const input of ["212-867-5309", "000-000-0000", "12"]) {
      for (const issue of normalizePhone(input).issues) expect(issue.message).not.toMatch(/\d{3}/);
    }
  });
});
