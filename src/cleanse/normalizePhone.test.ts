import { describe, expect, it } from "vitest";
import { _rememberingPhones, normalizePhone } from "./normalizePhone.js";

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

describe("normalizePhone: every field of the result", () => {
  it("names each line type the numbering plan knows, and the number's country", () => {
    // [input, type, country]
    const table: readonly (readonly [string, string, string | null])[] = [
      ["+44 121 234 5678", "fixed_line", "GB"],
      ["+44 7400 123456", "mobile", "GB"],
      ["+1 212 867 5309", "fixed_line_or_mobile", "US"],
      ["+44 800 123 4567", "toll_free", "GB"],
      ["+44 901 234 5678", "premium_rate", "GB"],
      ["+49 1801 234567", "shared_cost", "DE"],
      ["+44 56 1234 5678", "voip", "GB"],
      ["+44 70 1234 5678", "personal_number", "GB"],
      ["+44 7640 123456", "pager", "GB"],
      ["+44 55 1234 5678", "uan", "GB"],
      ["+47 812 12 345", "voicemail", "NO"],
      // International freephone (+800) belongs to no country.
      ["+800 8001 8001", "toll_free", null],
    ];
    for (const [input, type, country] of table) {
      const result = normalizePhone(input);
      expect(result.type, input).toBe(type);
      expect(result.country, input).toBe(country);
      expect(result.status, input).toBe("fixed");
      expect(result.placeholder, input).toBe(false);
      expect(result.matchKey, input).toBe(result.value);
    }
  });

  it("skips the line type with lineType: false, and refuses a lineType that is not a boolean", () => {
    expect(normalizePhone("07987 932459", { country: "GB", lineType: false })).toMatchObject({ value: "+447987932459", type: null, country: "GB" });
    expect(normalizePhone("07987 932459", { country: "GB", lineType: true }).type).toBe("mobile");
    expect(() => normalizePhone("07987 932459", { lineType: "no" as never })).toThrow(expect.objectContaining({ code: "invalid_options" }));
    expect(() => normalizePhone("07987 932459", { contry: "GB" } as never)).toThrow(expect.objectContaining({ code: "invalid_options" }));
    expect(() => normalizePhone("07987 932459", { country: 44 as never })).toThrow(expect.objectContaining({ code: "invalid_options" }));
  });

  it("says valid only for a value already in E.164", () => {
    expect(normalizePhone("+12128675309")).toMatchObject({ value: "+12128675309", status: "valid", matchKey: "+12128675309", extension: null });
    expect(normalizePhone("+1 212 867 5309").status).toBe("fixed");
  });

  it("gives the reason for each refusal", () => {
    // [input, default country, reason]
    const table: readonly (readonly [unknown, string | null, string])[] = [
      ["hello", "US", "not_a_number"],
      ["x12", "US", "not_a_number"],
      ["111", "US", "too_short"],
      ["12345", "US", "too_short"],
      ["12a", "US", "too_short"],
      ["+1 2128", null, "too_short"],
      ["123456", "DE", "invalid_number"],
      ["123456789012345678", "US", "too_long"],
      ["12345678901234567", "US", "too_long"],
      ["+44 20 7946 09581234", null, "too_long"],
      ["+44 20 7946 0958 x 12345678", null, "too_long"],
      ["+1 212 867 53", null, "invalid_number"],
      ["+999 123 456 789", null, "invalid_number"],
      ["2128675309 abc12", "US", "invalid_number"],
      ["2128675309", "us", "unknown_country"],
      ["2128675309", "United States", "unknown_country"],
      ["4420794609", null, "unknown_country"],
    ];
    for (const [input, country, reason] of table) {
      const result = normalizePhone(input, { country, path: ["phone"] });
      expect(result.issues, String(input)).toEqual([expect.objectContaining({ code: "invalid_phone", reason, path: ["phone"], severity: "error" })]);
      expect(result, String(input)).toMatchObject({ value: null, status: "invalid", extension: null, country: null, type: null, matchKey: null, placeholder: false });
    }
  });

  it("refuses placeholders: repeated digits, counting sequences, fictional 555-01XX and zero area or line numbers", () => {
    // [input, default country]
    const table: readonly (readonly [string, string | null])[] = [
      ["1111", "US"],
      ["1111 x 12", "US"],
      ["0123456789", "US"],
      ["9876543210", "US"],
      ["0987654321", "US"],
      ["12345678", "DE"],
      ["123456789", "DE"],
      ["11234567890", "US"],
      ["1-212-555-0123", "US"],
      ["+1 201 555 0199", null],
      ["000-123-4567", "US"],
      ["212-000-0000", "US"],
      // The digits are not a placeholder, the national number is.
      ["+44 1111 111111", null],
    ];
    for (const [input, country] of table) {
      const result = normalizePhone(input, { country, path: ["phone"] });
      expect(result.issues, input).toEqual([expect.objectContaining({ code: "placeholder_value", kind: "phone", path: ["phone"] })]);
      expect(result, input).toMatchObject({ value: null, status: "invalid", placeholder: true, matchKey: null, country: null });
    }
  });

  it("keeps extensions of up to seven digits apart, after #, x, ext, ext. or extension", () => {
    // [input, default country, extension]
    const table: readonly (readonly [string, string | null, string | null])[] = [
      ["2128675309 #12", "US", "12"],
      ["2128675309 extension 12", "US", "12"],
      ["2128675309 Extension 12", "US", "12"],
      ["2128675309x12", "US", "12"],
      ["2128675309 ext12", "US", "12"],
      ["2128675309 EXT. 12", "US", "12"],
      ["(212) 867-5309 ext", "US", null],
      // Twelve digits and a seven-digit extension: over the 17-digit limit unless the extension is set apart.
      ["+44 20 7946 0958 x 1234567", null, "1234567"],
      ["+44 20 7946 0958 #1234567", null, "1234567"],
      ["+44 20 7946 0958 ext. 1234567", null, "1234567"],
      ["+44 20 7946 0958 extension 1234567", null, "1234567"],
      ["+44 20 7946 0958 x 1", null, "1"],
    ];
    for (const [input, country, extension] of table) {
      const result = normalizePhone(input, { country });
      expect(result.extension, input).toBe(extension);
      expect(result.issues, input).toEqual([]);
      expect(result.value, input).toMatch(/^\+\d+$/);
    }
    // "x9" is not a marker followed by digits: the 20 digits are all the number's.
    expect(normalizePhone("+44 20 7946 0958 x9 1234567").issues[0]).toMatchObject({ reason: "too_long" });
  });

  it("reads a country code written without +, also when the default country reads the number otherwise", () => {
    expect(normalizePhone("4930123456").value).toBe("+4930123456");
    expect(normalizePhone("447987932459", { country: "US" }).value).toBe("+447987932459");
    expect(normalizePhone("+44 7987 932459", { country: "DE" }).value).toBe("+447987932459");
    expect(normalizePhone("00447987932459", { country: "DE" }).value).toBe("+447987932459");
    expect(normalizePhone("0044 7987 932459", { country: "US" }).value).toBe("+447987932459");
    expect(normalizePhone("0049 30 12345678", { country: "DE" }).value).toBe("+493012345678");
  });
});

describe("normalizePhone: numbers read again", () => {
  it("answers a number read before with the same reading, and never reuses issues with another path", () => {
    const first = normalizePhone("(415) 723-4000", { country: "US" });
    const again = normalizePhone("(415) 723-4000", { country: "US", path: ["phone"] });
    expect(first).toMatchObject({ value: "+14157234000", status: "fixed", issues: [] });
    expect(again).toEqual(first);
    // Served from the cache: one frozen object, not a second parse.
    expect(normalizePhone("(415) 723-4000", { country: "US" })).toBe(again);
    expect(Object.isFrozen(again)).toBe(true);
    expect(normalizePhone("(415) 723-4000", { country: "GB" }).value).not.toBe(first.value);
    expect(normalizePhone("(415) 723-4000", { country: "US", lineType: false }).type).toBeNull();
    // A reading with issues is never served again: its issues name the path of the call.
    const a = normalizePhone("415\u0007555-0134", { country: "US", path: ["a"] });
    const b = normalizePhone("415\u0007555-0134", { country: "US", path: ["b"] });
    expect(a.issues[0]?.path).toEqual(["a"]);
    expect(b.issues[0]?.path).toEqual(["b"]);
  });

  it("keeps every number of a batch while _rememberingPhones runs (the engine reads a batch's numbers twice), and only then", () => {
    const numbers = ["(415) 723-4000", "+44 20 7946 0018", "646-555-3890", "+33 1 42 68 53 00"];
    const outside = numbers.map((n) => normalizePhone(n, { country: "US" }));
    // Outside, only the number read last is kept.
    expect(normalizePhone(numbers[0], { country: "US" })).not.toBe(outside[0]);
    _rememberingPhones(() => {
      const firstPass = numbers.map((n) => normalizePhone(n, { country: "US" }));
      const secondPass = numbers.map((n) => normalizePhone(n, { country: "US", path: ["phone"] }));
      secondPass.forEach((reading, k) => {
        expect(reading).toBe(firstPass[k]);
      });
      expect(firstPass).toEqual(outside);
      expect(firstPass.every((reading) => reading.issues.length === 0)).toBe(true);
      // Per default country, and a reading with issues is never kept.
      expect(normalizePhone("020 7946 0018", { country: "GB" }).value).toBe("+442079460018");
      expect(normalizePhone("020 7946 0018", { country: "US" }).value).toBeNull();
      const a = normalizePhone("415\u0007555-0134", { country: "US", path: ["a"] });
      normalizePhone(numbers[0], { country: "US" });
      expect(normalizePhone("415\u0007555-0134", { country: "US", path: ["b"] }).issues[0]?.path).toEqual(["b"]);
      expect(a.issues[0]?.path).toEqual(["a"]);
    });
    // Forgotten afterwards.
    const after = normalizePhone(numbers[0], { country: "US" });
    normalizePhone(numbers[1], { country: "US" });
    expect(normalizePhone(numbers[0], { country: "US" })).not.toBe(after);
  });
});

describe("normalizePhone: behaviour the mutation run showed no test reading", () => {
  it("refuses North American placeholders written with the country code, and counting sequences after it", () => {
    expect(normalizePhone("1 (212) 555-0134", { country: "US" }).placeholder).toBe(true);
    expect(normalizePhone("+1 212 555 0134").placeholder).toBe(true);
    expect(normalizePhone("+1 123 456 7890").placeholder).toBe(true);
    expect(normalizePhone("1 212 000 0000", { country: "US" }).placeholder).toBe(true);
    // Eleven digits that do not start with the North American 1 are read as they are.
    expect(normalizePhone("+44 20 7946 0018").placeholder).toBe(false);
  });

  it("keeps an extension apart after ext, ext., extension, x or #", () => {
    for (const marker of ["ext", "ext.", "extension", "x", "#"]) {
      const r = normalizePhone(`(415) 723-4000 ${marker} 12`, { country: "US" });
      expect([marker, r.value, r.extension]).toEqual([marker, "+14157234000", "12"]);
    }
  });

  it("names itself in every options error", () => {
    expect(() => normalizePhone("4157234000", { lineType: "no" } as never)).toThrow(/normalizePhone/);
    expect(() => normalizePhone("4157234000", { contry: "US" } as never)).toThrow(/normalizePhone/);
    expect(() => normalizePhone("4157234000", { path: 3 } as never)).toThrow(/normalizePhone/);
    expect(() => normalizePhone("4157234000", { country: 3 } as never)).toThrow(/normalizePhone/);
  });

  it("gives the line type unless asked not to, and one shared result for an absent value", () => {
    expect(normalizePhone("(415) 723-4000", { country: "US" }).type).not.toBeNull();
    expect(normalizePhone("+44 7911 123456").type).toBe("mobile");
    expect(normalizePhone("+44 7911 123456", { lineType: false }).type).toBeNull();
    expect(normalizePhone(undefined)).toBe(normalizePhone(undefined));
    expect(normalizePhone(null)).toBe(normalizePhone(null));
    expect(normalizePhone(undefined).status).toBe("missing");
  });
});
