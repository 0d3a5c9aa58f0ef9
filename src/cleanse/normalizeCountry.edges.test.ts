import { describe, expect, it, vi } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { normalizeCountry, type NormalizeCountryOptions } from "./normalizeCountry.js";

const PREFIX = "normalizeCountry: invalid options. ";

/** The error `call` throws, checked to be an `invalid_options` ProfileKitError. */
function optionsError(call: () => unknown): { message: string; cause: unknown } {
  try {
    call();
  } catch (error) {
    if (!isProfileKitError(error)) throw new Error("expected a ProfileKitError", { cause: error });
    expect(error.code).toBe("invalid_options");
    return { message: error.message, cause: error.cause };
  }
  throw new Error("expected the call to throw");
}

describe("normalizeCountry (edges): options", () => {
  const cases: readonly (readonly [string, unknown, string])[] = [
    ["options that are not an object", null, "options: expected an object or undefined, received null"],
    ["options that are a string", "GB", "options: expected an object or undefined, received string"],
    ["an unknown key", { paht: [] }, "options.paht: unknown option; did you mean path?"],
    ["a path that is not an array", { path: "country" }, "options.path: expected an array of strings and numbers, received string"],
    ["a path with a boolean step", { path: [true] }, "options.path: expected an array of strings and integers, received an element of type boolean"],
  ];
  for (const [name, options, problem] of cases) {
    it(`refuses ${name}`, () => {
      const error = optionsError(() => normalizeCountry("US", options as NormalizeCountryOptions));
      expect(error.message).toBe(PREFIX + problem);
      expect(error.cause).toBeUndefined();
    });
  }

  it("reports options that cannot be read, with the reader's error as the cause", () => {
    const boom = new Error("boom");
    const options = {
      get path(): never {
        throw boom;
      },
    };
    const error = optionsError(() => normalizeCountry("US", options));
    expect(error.message).toBe(`${PREFIX}options: could not be read (a revoked Proxy or a throwing getter?)`);
    expect(error.cause).toBe(boom);
  });

  it("gives the same result without options, with {} and with an explicit undefined path", () => {
    const expected = { value: null, original: "Narnia", status: "invalid", issues: [{ code: "unknown_country", path: [], message: "The country was not recognised.", severity: "error" }], alpha3: null, name: null };
    expect(normalizeCountry("Narnia")).toEqual(expected);
    expect(normalizeCountry("Narnia", {})).toEqual(expected);
    expect(normalizeCountry("Narnia", { path: undefined as never })).toEqual(expected);
    expect(normalizeCountry("Narnia", { path: ["c", 0] }).issues).toMatchObject([{ code: "unknown_country", path: ["c", 0] }]);
  });
});

describe("normalizeCountry (edges): codes and names", () => {
  it("gives every field for a code, an alpha-3 code and names in each language consulted", () => {
    expect(normalizeCountry("FR")).toEqual({ value: "FR", original: "FR", status: "valid", issues: [], alpha3: "FRA", name: "France" });
    expect(normalizeCountry("fra")).toEqual({ value: "FR", original: "fra", status: "fixed", issues: [], alpha3: "FRA", name: "France" });
    expect(normalizeCountry("Germany")).toEqual({ value: "DE", original: "Germany", status: "fixed", issues: [], alpha3: "DEU", name: "Germany" });
    // Names only the display names give (no alias): German, French, Spanish, Italian, Dutch, Portuguese, Swedish, Polish.
    const table: readonly (readonly [string, string, string])[] = [
      ["Frankreich", "FR", "France"], ["Japon", "JP", "Japan"], ["Alemania", "DE", "Germany"], ["Giappone", "JP", "Japan"],
      ["Duitsland", "DE", "Germany"], ["Alemanha", "DE", "Germany"], ["Tyskland", "DE", "Germany"], ["Niemcy", "DE", "Germany"],
      ["Vereinigtes Königreich", "GB", "United Kingdom"], ["Suède", "SE", "Sweden"],
    ];
    for (const [input, code, name] of table) expect(normalizeCountry(input), input).toMatchObject({ value: code, status: "fixed", name });
  });

  it("reads two letters only as a code: a name of two letters is no country", () => {
    for (const input of ["ZZ", "Zz", "QQ"]) expect(normalizeCountry(input), input).toMatchObject({ value: null, status: "invalid", issues: [{ code: "unknown_country" }] });
    expect(normalizeCountry("de")).toEqual({ value: "DE", original: "de", status: "fixed", issues: [], alpha3: "DEU", name: "Germany" });
  });

  it("ignores punctuation that leaves spaces at either end of a name", () => {
    for (const input of ["Germany ()", "() Germany", "Germany .", "Germany, ", "' Germany'"]) {
      expect(normalizeCountry(input), input).toMatchObject({ value: "DE", status: "fixed", alpha3: "DEU", name: "Germany" });
    }
    expect(normalizeCountry("France &")).toMatchObject({ value: null, status: "invalid" });
  });

  it("drops 'the' only at the start of a name", () => {
    expect(normalizeCountry("The Gambia").value).toBe("GM");
    expect(normalizeCountry("the Isle of Man").value).toBe("IM");
    for (const input of ["Isle of the Man", "United the States", "Gambia the Gambia"]) {
      expect(normalizeCountry(input), input).toMatchObject({ value: null, status: "invalid", issues: [{ code: "unknown_country" }] });
    }
  });
});

describe("normalizeCountry (edges): the name tables, with the platform's display names replaced", () => {
  /**
   * A fresh copy of the module whose name tables are built from display names that `names` gives (the
   * platform's when it returns null). The tables are built on first use, here, and then kept.
   */
  async function withDisplayNames(names: (language: string, code: string) => string | undefined | null): Promise<typeof normalizeCountry> {
    const Real = Intl.DisplayNames;
    class Fake extends Real {
      readonly #language: string;
      constructor(locales: Intl.LocalesArgument, options: Intl.DisplayNamesOptions) {
        super(locales, options);
        this.#language = String(locales instanceof Array ? locales[0] : locales);
      }
      override of(code: string): string | undefined {
        const name = names(this.#language, code);
        return name === null ? super.of(code) : name;
      }
    }
    Reflect.set(Intl, "DisplayNames", Fake);
    try {
      vi.resetModules();
      const fresh = (await import("./normalizeCountry.js")).normalizeCountry;
      fresh("US");
      return fresh;
    } finally {
      Reflect.set(Intl, "DisplayNames", Real);
    }
  }

  it("skips a code the platform has no name for (it gives the code back, or nothing), and a name it cannot give", async () => {
    const fresh = await withDisplayNames((language, code) => {
      if (language === "en" && code === "FR") return "FR";
      if (language === "en" && code === "JP") return undefined;
      if (language === "en" && code === "IT") throw new RangeError("no name");
      return null;
    });
    expect(fresh("FR")).toEqual({ value: "FR", original: "FR", status: "valid", issues: [], alpha3: "FRA", name: null });
    expect(fresh("Frankreich")).toEqual({ value: "FR", original: "Frankreich", status: "fixed", issues: [], alpha3: "FRA", name: null });
    expect(fresh("JP")).toMatchObject({ value: "JP", name: null });
    expect(fresh("IT")).toMatchObject({ value: "IT", name: null });
    expect(fresh("Italien")).toMatchObject({ value: "IT", alpha3: "ITA", name: null });
    expect(fresh("Italy")).toMatchObject({ value: null, status: "invalid" });
    expect(fresh("Germany")).toMatchObject({ value: "DE", name: "Germany" });
  });

  it("keeps the first country a name was given to, and never lets a name take an alpha-3 code", async () => {
    const fresh = await withDisplayNames((language, code) => {
      // Later countries, in later languages, named like earlier ones (Austria, AUT, Albania).
      if (language === "pl" && code === "ZA") return "Austria";
      if (language === "sv" && code === "ZM") return "AUT";
      if (language === "de" && code === "ZW") return "Albania";
      return null;
    });
    expect(fresh("Austria")).toMatchObject({ value: "AT", alpha3: "AUT", name: "Austria" });
    expect(fresh("AUT")).toMatchObject({ value: "AT", name: "Austria" });
    expect(fresh("Albania")).toMatchObject({ value: "AL", name: "Albania" });
    expect(fresh("South Africa")).toMatchObject({ value: "ZA", name: "South Africa" });
    expect(fresh("ZW")).toMatchObject({ value: "ZW", name: "Zimbabwe" });
  });

  it("takes the English name from English only", async () => {
    const fresh = await withDisplayNames((language, code) => (language === "pl" && code === "NO" ? "Norwegia!" : null));
    expect(fresh("NO")).toMatchObject({ value: "NO", alpha3: "NOR", name: "Norway" });
    expect(fresh("Norwegia!")).toMatchObject({ value: "NO", name: "Norway" });
  });
});
