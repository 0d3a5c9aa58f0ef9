// The slot-spec checks of compileSlots: every invalid option gives invalid_options with a message naming
// the option and the problem, every valid one (at each limit) is accepted, and a valid spec is kept as given.
import { describe, expect, it } from "vitest";
import { failure } from "../../test/support/errors.js";
import { _internalOf } from "./_compiled.js";
import { _checkCompileOptions, _checkSlotSpecs } from "./_slotSpecs.js";
import { compileSlots } from "./compileSlots.js";
import { personalize } from "./personalize.js";
import type { SlotSpec } from "./types.js";

const INVALID = "invalid_options: compileSlots: invalid options.";
const PATH_EXPECTED = 'expected a path like "firstName" or "address.city"';
const UNSAFE_PATH = "a path may not use __proto__, constructor or prototype";

/** What compiling one slot "a" with this spec gives. */
const slot = (spec: unknown): string => failure(() => compileSlots({ a: spec as SlotSpec }));
/** What compiling one slot "a" with path "x" and these further options gives. */
const withPath = (options: Record<string, unknown>): string => slot({ path: "x", ...options });
/** What compiling one slot "a" with path "x" and this formatter gives. */
const withFormat = (format: unknown): string => withPath({ format });

describe("the slots argument", () => {
  it("must be an object of slot specs", () => {
    expect(failure(() => compileSlots(null as never))).toBe(`${INVALID} slots: expected an object of slot specs, received null`);
    expect(failure(() => compileSlots([] as never))).toBe(`${INVALID} slots: expected an object of slot specs, received array`);
    expect(failure(() => compileSlots("greeting" as never))).toBe(`${INVALID} slots: expected an object of slot specs, received string`);
    expect(failure(() => compileSlots({}))).toBe("no error");
  });

  it("accepts identifier slot names", () => {
    expect(failure(() => compileSlots({ a: { path: "x" }, _b: { path: "x" }, $c: { path: "x" }, d9: { path: "x" }, toString: { path: "x" } }))).toBe("no error");
  });

  it("refuses slot names that are not identifiers, or that could reach a prototype", () => {
    const notIdentifier = (name: string): string => `${INVALID} slots: slot name "${name}" is not an identifier; slot names are identifiers so every template engine can use them`;
    for (const name of ["first name", "1st", "a-b", "a.b", ""]) expect(failure(() => compileSlots({ [name]: { path: "x" } }))).toBe(notIdentifier(name));
    for (const name of ["constructor", "prototype"]) expect(failure(() => compileSlots({ [name]: { path: "x" } }))).toBe(notIdentifier(name));
    expect(failure(() => compileSlots(JSON.parse('{"__proto__": {"path": "x"}}') as Record<string, SlotSpec>))).toBe(notIdentifier("__proto__"));
  });

  it("quotes at most 40 characters of a bad slot name", () => {
    const name = `-${"n".repeat(59)}`;
    expect(failure(() => compileSlots({ [name]: { path: "x" } }))).toBe(`${INVALID} slots: slot name "-${"n".repeat(39)}" is not an identifier; slot names are identifiers so every template engine can use them`);
  });

  it("gives the specs back by name, in order, as they were given", () => {
    const b: SlotSpec = { path: "b" };
    const a: SlotSpec = { path: "a", fallback: ["c"], generic: "there" };
    const specs = _checkSlotSpecs({ b, a });
    expect(Array.from(specs.keys())).toEqual(["b", "a"]);
    expect(specs.get("b")).toBe(b);
    expect(specs.get("a")).toBe(a);
  });
});

describe("a slot spec", () => {
  it("must be an object", () => {
    expect(slot("x")).toBe(`${INVALID} options.a: expected an object, received string`);
    expect(slot(null)).toBe(`${INVALID} options.a: expected an object, received null`);
    expect(slot(["x"])).toBe(`${INVALID} options.a: expected an object, received array`);
  });

  it("refuses an unknown key, naming the slot and suggesting the closest key", () => {
    expect(withPath({ fallbak: [] })).toBe(`${INVALID} options.a.fallbak: unknown option; did you mean fallback?`);
    expect(failure(() => compileSlots({ greeting: { path: "x", minTrst: 0.5 } as never }))).toBe(`${INVALID} options.greeting.minTrst: unknown option; did you mean minTrust?`);
  });

  it("accepts every documented key together", () => {
    expect(failure(() => compileSlots({ b: { path: "z" }, a: { path: "x", fallback: ["y", { slot: "b" }], generic: "there", policy: "generic", format: { type: "text" }, maxAgeDays: 30, minTrust: 0.5, trustedSources: ["crm"], onConflict: "use", validate: /\w/, consentPath: "consent.email" } }))).toBe("no error");
  });
});

describe("paths", () => {
  it("refuses a path that is not a string", () => {
    expect(slot({})).toBe(`${INVALID} options.a.path: ${PATH_EXPECTED}`);
    expect(slot({ path: 42 })).toBe(`${INVALID} options.a.path: ${PATH_EXPECTED}`);
  });

  it("refuses a path with an empty segment or white space anywhere", () => {
    for (const path of ["", ".a", "a.", "a..b", " a", "a ", "a b", "a.\tb"]) expect(slot({ path })).toBe(`${INVALID} options.a.path: ${PATH_EXPECTED}`);
  });

  it("accepts dotted paths and array indexes", () => {
    for (const path of ["a", "address.city", "orders.0.total", "a-b.c_d"]) expect(slot({ path })).toBe("no error");
  });

  it("refuses a path through __proto__, constructor or prototype", () => {
    for (const path of ["__proto__", "a.constructor", "a.prototype.b"]) expect(slot({ path })).toBe(`${INVALID} options.a.path: ${UNSAFE_PATH}`);
  });
});

describe("fallback chains", () => {
  it("must be an array", () => {
    expect(withPath({ fallback: "y" })).toBe(`${INVALID} options.a.fallback: expected an array of paths and { slot } references, received string`);
    expect(withPath({ fallback: { slot: "b" } })).toBe(`${INVALID} options.a.fallback: expected an array of paths and { slot } references, received object`);
    expect(withPath({ fallback: null })).toBe(`${INVALID} options.a.fallback: expected an array of paths and { slot } references, received null`);
  });

  it("checks each path step, naming its index", () => {
    expect(withPath({ fallback: ["y", "bad path"] })).toBe(`${INVALID} options.a.fallback.1: ${PATH_EXPECTED}`);
    expect(withPath({ fallback: ["__proto__"] })).toBe(`${INVALID} options.a.fallback.0: ${UNSAFE_PATH}`);
  });

  it("checks each slot reference, naming its index", () => {
    expect(withPath({ fallback: ["y", null] })).toBe(`${INVALID} options.a.fallback.1: expected an object, received null`);
    expect(withPath({ fallback: [42] })).toBe(`${INVALID} options.a.fallback.0: expected an object, received number`);
    expect(withPath({ fallback: [{ slot: "b", path: "y" }] })).toBe(`${INVALID} options.a.fallback.0.path: unknown option; known options are slot`);
    expect(withPath({ fallback: [{ slto: "b" }] })).toBe(`${INVALID} options.a.fallback.0.slto: unknown option; did you mean slot?`);
  });

  it("needs the name of a slot in a reference", () => {
    for (const step of [{}, { slot: 42 }, { slot: "" }, { slot: null }]) expect(withPath({ fallback: ["y", step] })).toBe(`${INVALID} options.a.fallback.1.slot: expected the name of another slot`);
  });

  it("accepts paths and references to other slots, which compile to the paths of the chain", () => {
    const compiled = compileSlots({ a: { path: "x", fallback: ["y", { slot: "b" }, "z"] }, b: { path: "b1", fallback: ["b2"] } });
    expect(_internalOf(compiled).slots.map((item) => item.candidates.map((candidate) => candidate.path))).toEqual([
      ["x", "y", "b1", "b2", "z"],
      ["b1", "b2"],
    ]);
    expect(withPath({ fallback: [] })).toBe("no error");
  });
});

describe("generic and policy", () => {
  it("needs a string generic value", () => {
    expect(withPath({ generic: 42 })).toBe(`${INVALID} options.a.generic: expected a string, received number`);
    expect(withPath({ generic: null })).toBe(`${INVALID} options.a.generic: expected a string, received null`);
    expect(withPath({ generic: "" })).toBe("no error");
  });

  it("accepts the four policies and nothing else", () => {
    for (const policy of ["omit", "abort", "throw"]) expect(withPath({ policy })).toBe("no error");
    expect(withPath({ policy: "generic", generic: "there" })).toBe("no error");
    for (const policy of ["sometimes", 1, "Omit"]) expect(withPath({ policy })).toBe(`${INVALID} options.a.policy: expected one of "generic", "omit", "abort", "throw"`);
  });
});

describe("maxAgeDays", () => {
  it("accepts any positive finite number of days", () => {
    for (const maxAgeDays of [0.5, 1, 730, Number.MIN_VALUE]) expect(withPath({ maxAgeDays })).toBe("no error");
  });

  it("refuses zero, negative, non-finite and non-number ages", () => {
    const refused = (received: string): string => `${INVALID} options.a.maxAgeDays: expected a positive number of days, received ${received}`;
    expect(withPath({ maxAgeDays: 0 })).toBe(refused("number"));
    expect(withPath({ maxAgeDays: -1 })).toBe(refused("number"));
    expect(withPath({ maxAgeDays: Infinity })).toBe(refused("non-finite number"));
    expect(withPath({ maxAgeDays: NaN })).toBe(refused("non-finite number"));
    expect(withPath({ maxAgeDays: "30" })).toBe(refused("string"));
    // A symbol must be refused by its type, not reach `> 0` (which would throw a TypeError).
    expect(withPath({ maxAgeDays: Symbol("days") })).toBe(refused("symbol"));
  });
});

describe("minTrust", () => {
  it("accepts 0 to 1, both ends included", () => {
    for (const minTrust of [0, 0.5, 1]) expect(withPath({ minTrust })).toBe("no error");
  });

  it("refuses values outside 0 to 1 and non-numbers", () => {
    const refused = (received: string): string => `${INVALID} options.a.minTrust: expected a number from 0 to 1, received ${received}`;
    expect(withPath({ minTrust: -0.01 })).toBe(refused("number"));
    expect(withPath({ minTrust: 1.01 })).toBe(refused("number"));
    expect(withPath({ minTrust: NaN })).toBe(refused("non-finite number"));
    expect(withPath({ minTrust: "0.5" })).toBe(refused("string"));
  });
});

describe("trustedSources", () => {
  it("accepts a non-empty array of source names", () => {
    expect(withPath({ trustedSources: ["crm"] })).toBe("no error");
    expect(withPath({ trustedSources: ["crm", "web"] })).toBe("no error");
  });

  it("refuses anything else", () => {
    for (const trustedSources of ["crm", null, [], [""], [1], ["crm", ""], ["crm", 1], [null, "crm"]]) {
      expect(withPath({ trustedSources })).toBe(`${INVALID} options.a.trustedSources: expected a non-empty array of source names`);
    }
  });
});

describe("onConflict, validate and consentPath", () => {
  it("accepts the two conflict choices and nothing else", () => {
    for (const onConflict of ["fallback", "use"]) expect(withPath({ onConflict })).toBe("no error");
    for (const onConflict of ["ignore", true]) expect(withPath({ onConflict })).toBe(`${INVALID} options.a.onConflict: expected one of "fallback", "use"`);
  });

  it("accepts a RegExp or a function as validator and nothing else", () => {
    expect(withPath({ validate: /^\d+$/ })).toBe("no error");
    expect(withPath({ validate: () => true })).toBe("no error");
    expect(withPath({ validate: "^\\d+$" })).toBe(`${INVALID} options.a.validate: expected a RegExp or a function, received string`);
    expect(withPath({ validate: {} })).toBe(`${INVALID} options.a.validate: expected a RegExp or a function, received object`);
    expect(withPath({ validate: null })).toBe(`${INVALID} options.a.validate: expected a RegExp or a function, received null`);
  });

  it("checks a slot's consentPath as a path", () => {
    expect(withPath({ consentPath: "channels.email" })).toBe("no error");
    expect(withPath({ consentPath: "channels email" })).toBe(`${INVALID} options.a.consentPath: ${PATH_EXPECTED}`);
    expect(withPath({ consentPath: 42 })).toBe(`${INVALID} options.a.consentPath: ${PATH_EXPECTED}`);
    expect(withPath({ consentPath: "constructor" })).toBe(`${INVALID} options.a.consentPath: ${UNSAFE_PATH}`);
  });
});

describe("formatters", () => {
  it("accepts a function", () => {
    expect(withFormat((value: unknown) => typeof value)).toBe("no error");
  });

  it("must be an object or a function", () => {
    for (const format of [null, "text", 42]) expect(withFormat(format)).toBe(`${INVALID} options.a.format: expected a formatter object or function`);
  });

  it("needs one of the five types", () => {
    for (const format of [{}, { type: "bogus" }, { type: 1 }, { type: "Text" }, []]) {
      expect(withFormat(format)).toBe(`${INVALID} options.a.format.type: expected one of "text", "name", "date", "currency", "number"`);
    }
  });

  it("refuses the options of another type", () => {
    expect(withFormat({ type: "text", part: "first" })).toBe(`${INVALID} options.a.format.part: unknown option; known options are type, case, maxLength`);
    expect(withFormat({ type: "name", case: "upper" })).toBe(`${INVALID} options.a.format.case: unknown option; known options are type, part`);
    expect(withFormat({ type: "date", currency: "EUR" })).toBe(`${INVALID} options.a.format.currency: unknown option; known options are type, style, locale, timeZone`);
    expect(withFormat({ type: "currency", currency: "EUR", maxLength: 3 })).toBe(`${INVALID} options.a.format.maxLength: unknown option; known options are type, currency, locale`);
    expect(withFormat({ type: "number", timeZone: "UTC" })).toBe(`${INVALID} options.a.format.timeZone: unknown option; known options are type, maximumFractionDigits, locale`);
  });

  describe("text", () => {
    it("accepts each case and a maxLength of at least 1", () => {
      for (const letterCase of ["none", "upper", "lower", "title"]) expect(withFormat({ type: "text", case: letterCase })).toBe("no error");
      for (const maxLength of [1, 2, 10_000]) expect(withFormat({ type: "text", maxLength })).toBe("no error");
      expect(withFormat({ type: "text", case: "upper", maxLength: 3 })).toBe("no error");
    });

    it("refuses another case", () => {
      for (const letterCase of ["camel", "", 0]) expect(withFormat({ type: "text", case: letterCase })).toBe(`${INVALID} options.a.format.case: expected one of "none", "upper", "lower", "title"`);
    });

    it("refuses a maxLength that is not a whole number of at least 1", () => {
      const refused = (received: string): string => `${INVALID} options.a.format.maxLength: expected a whole number of at least 1, received ${received}`;
      expect(withFormat({ type: "text", maxLength: 0 })).toBe(refused("number"));
      expect(withFormat({ type: "text", maxLength: -5 })).toBe(refused("number"));
      expect(withFormat({ type: "text", maxLength: 1.5 })).toBe(refused("number"));
      expect(withFormat({ type: "text", maxLength: Infinity })).toBe(refused("non-finite number"));
      expect(withFormat({ type: "text", maxLength: "3" })).toBe(refused("string"));
    });
  });

  describe("name", () => {
    it("accepts each part and nothing else", () => {
      for (const part of ["first", "last", "full"]) expect(withFormat({ type: "name", part })).toBe("no error");
      for (const part of ["middle", null]) expect(withFormat({ type: "name", part })).toBe(`${INVALID} options.a.format.part: expected one of "first", "last", "full"`);
    });
  });

  describe("date", () => {
    it("accepts each style, a locale and a time zone", () => {
      for (const style of ["short", "medium", "long", "full"]) expect(withFormat({ type: "date", style })).toBe("no error");
      expect(withFormat({ type: "date", locale: "en-GB" })).toBe("no error");
      expect(withFormat({ type: "date", timeZone: "Europe/Paris" })).toBe("no error");
      expect(withFormat({ type: "date", style: "long", locale: "fr-FR", timeZone: "UTC" })).toBe("no error");
    });

    it("refuses another style", () => {
      expect(withFormat({ type: "date", style: "tiny" })).toBe(`${INVALID} options.a.format.style: expected one of "short", "medium", "long", "full"`);
    });

    it("refuses a locale that is malformed, unsupported or not a string", () => {
      const refused = (received: string): string => `${INVALID} options.a.format.locale: expected a BCP 47 locale such as "en-GB", received ${received}`;
      expect(withFormat({ type: "date", locale: "xx-!!" })).toBe(refused("string"));
      expect(withFormat({ type: "date", locale: "zz" })).toBe(refused("string"));
      expect(withFormat({ type: "date", locale: 42 })).toBe(refused("number"));
      expect(withFormat({ type: "date", locale: ["en-GB"] })).toBe(refused("array"));
    });

    it("refuses a time zone that is unknown or not a string", () => {
      const refused = (received: string): string => `${INVALID} options.a.format.timeZone: expected an IANA time zone such as "Europe/Paris", received ${received}`;
      expect(withFormat({ type: "date", timeZone: "Mars/Olympus_Mons" })).toBe(refused("string"));
      expect(withFormat({ type: "date", timeZone: 42 })).toBe(refused("number"));
      // Intl would read this object as "UTC": the check wants the string itself.
      expect(withFormat({ type: "date", timeZone: { toString: () => "UTC" } })).toBe(refused("object"));
    });
  });

  describe("currency", () => {
    it("needs an ISO 4217 code in capitals, and accepts a locale", () => {
      expect(withFormat({ type: "currency", currency: "EUR" })).toBe("no error");
      expect(withFormat({ type: "currency", currency: "JPY", locale: "ja-JP" })).toBe("no error");
      expect(withFormat({ type: "currency", currency: "EUR", locale: "zz" })).toBe(`${INVALID} options.a.format.locale: expected a BCP 47 locale such as "en-GB", received string`);
    });

    it("refuses a missing, lower-case, misshapen or non-string code", () => {
      for (const currency of [undefined, "eur", "Eur", "EURO", "EU", "E1R", "euro", "", 978, "XYZ", "ABC", " EUR", "EUR "]) {
        expect(withFormat({ type: "currency", currency })).toBe(`${INVALID} options.a.format.currency: expected an ISO 4217 currency code such as "EUR"`);
      }
    });
  });

  describe("number", () => {
    it("accepts 0 to 20 fraction digits and a locale", () => {
      for (const maximumFractionDigits of [0, 2, 20]) expect(withFormat({ type: "number", maximumFractionDigits })).toBe("no error");
      expect(withFormat({ type: "number", locale: "de-DE" })).toBe("no error");
    });

    it("refuses fraction digits outside 0 to 20 or not whole", () => {
      const refused = (received: string): string => `${INVALID} options.a.format.maximumFractionDigits: expected a whole number from 0 to 20, received ${received}`;
      expect(withFormat({ type: "number", maximumFractionDigits: -1 })).toBe(refused("number"));
      expect(withFormat({ type: "number", maximumFractionDigits: 21 })).toBe(refused("number"));
      expect(withFormat({ type: "number", maximumFractionDigits: 1.5 })).toBe(refused("number"));
      expect(withFormat({ type: "number", maximumFractionDigits: NaN })).toBe(refused("non-finite number"));
      expect(withFormat({ type: "number", maximumFractionDigits: "2" })).toBe(refused("string"));
    });
  });

  it("formats with the options it accepted", () => {
    const slots = compileSlots({
      amount: { path: "amount", format: { type: "number", maximumFractionDigits: 0, locale: "en-US" } },
      price: { path: "amount", format: { type: "currency", currency: "EUR", locale: "en-US" } },
      code: { path: "code", format: { type: "text", case: "upper", maxLength: 4 } },
      day: { path: "day", format: { type: "date", style: "long", locale: "en-GB", timeZone: "UTC" } },
    });
    expect(personalize({ attributes: { amount: 1234.56, code: "abcdef", day: "2026-03-14" } }, slots).values).toEqual({ amount: "1,235", price: "€1,234.56", code: "ABC…", day: "14 March 2026" });
  });
});

describe("compile options", () => {
  it("must be an object with known keys", () => {
    expect(failure(() => compileSlots({ a: { path: "x" } }, null as never))).toBe(`${INVALID} options: expected an object or undefined, received null`);
    expect(failure(() => compileSlots({ a: { path: "x" } }, { consentpath: "x" } as never))).toBe(`${INVALID} options.consentpath: unknown option; did you mean consentPath?`);
  });

  it("checks consentPath as a path", () => {
    expect(failure(() => compileSlots({ a: { path: "x" } }, { consentPath: "channels email" }))).toBe(`${INVALID} options.consentPath: ${PATH_EXPECTED}`);
    expect(failure(() => compileSlots({ a: { path: "x" } }, { consentPath: 42 } as never))).toBe(`${INVALID} options.consentPath: ${PATH_EXPECTED}`);
    expect(failure(() => compileSlots({ a: { path: "x" } }, { consentPath: "__proto__.x" }))).toBe(`${INVALID} options.consentPath: ${UNSAFE_PATH}`);
  });

  it("gives the consent path, or null without one", () => {
    expect(_checkCompileOptions({ consentPath: "channels.email" })).toEqual({ consentPath: "channels.email" });
    expect(_checkCompileOptions({})).toEqual({ consentPath: null });
    expect(_checkCompileOptions({ consentPath: undefined })).toEqual({ consentPath: null });
  });
});
