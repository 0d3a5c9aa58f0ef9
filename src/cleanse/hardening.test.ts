// Regression tests for the hardening of cleanse/: prototype-chain lookups, host rules touching the
// caller's input, options checks, unreadable values (revoked Proxies, throwing getters and traps), and
// over-long input refused before any work.
import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { MAX_VALUE_DEPTH } from "../shared/_jsonValue.js";
import { cleanseRecord } from "./cleanseRecord.js";
import { cleanseRecords } from "./cleanseRecords.js";
import { compileCleanseSpec } from "./compileCleanseSpec.js";
import { normalizeAddress } from "./normalizeAddress.js";
import { normalizeCountry } from "./normalizeCountry.js";
import { normalizeDate } from "./normalizeDate.js";
import { normalizeEmail } from "./normalizeEmail.js";
import { normalizeName } from "./normalizeName.js";
import { normalizePhone } from "./normalizePhone.js";

/** Every member name of Object.prototype, plus "prototype", in the spellings data may carry them. */
const MEMBERS = [...Object.getOwnPropertyNames(Object.prototype), "prototype"];
const SPELLINGS = [...new Set(MEMBERS.flatMap((name) => [name, name.toLowerCase(), name.toUpperCase(), `${name.charAt(0).toUpperCase()}${name.slice(1)}`]))];

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Objects that cannot be read without an exception: a revoked Proxy, a throwing getter, throwing traps. */
function unreadables(): readonly object[] {
  const throwing = () => {
    throw new Error("trap");
  };
  return [
    revoked(),
    Object.defineProperty({}, "email", { enumerable: true, get: throwing }),
    new Proxy({}, { ownKeys: throwing, get: throwing, getOwnPropertyDescriptor: throwing, getPrototypeOf: throwing, has: throwing }),
    new Proxy([], { get: throwing, ownKeys: throwing, getOwnPropertyDescriptor: throwing }),
  ];
}

function expectInvalidOptions(run: () => unknown, mentions?: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(isProfileKitError(caught) && caught.code === "invalid_options", String(caught)).toBe(true);
  if (mentions !== undefined) expect((caught as Error).message).toMatch(mentions);
}

/** True when no value reachable in `result` is a member of Object.prototype (a function or the prototype itself). */
function holdsNoPrototypeMember(result: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown): boolean => {
    if (typeof value === "function" || value === Object.prototype) return false;
    if (typeof value !== "object" || value === null || seen.has(value)) return true;
    seen.add(value);
    return Object.values(value).every(visit);
  };
  return visit(result);
}

describe("lookup tables never reach Object.prototype (item 1)", () => {
  it("normalizeName keeps a word named like a prototype member, first, last or anywhere, as a word", () => {
    expect(normalizeName("Constructor Smith").honorific).toBeNull();
    expect(normalizeName("Constructor Smith").value).toBe("Constructor Smith");
    expect(normalizeName("__proto__ Smith").honorific).toBeNull();
    for (const word of SPELLINGS) {
      const inputs = [`${word} Smith`, `John ${word}`, `John ${word} Smith`, `Smith, ${word}`, `${word}, John`, `Dr. ${word} Smith`, `John Smith ${word}`, word, `${word}.`];
      for (const input of inputs) {
        for (const part of ["first", "last", "full"] as const) {
          const result = normalizeName(input, { part });
          expect(holdsNoPrototypeMember(result), `${input} (${part})`).toBe(true);
          expect(result.honorific === null || result.honorific === "Dr.", input).toBe(true);
          expect(result.suffix, input).toBeNull();
          // The word is kept, never swallowed as an honorific or a suffix.
          if (result.value !== null) expect(result.value.toLowerCase(), `${input} (${part})`).toContain(word.toLowerCase());
        }
      }
    }
  });

  it("normalizeEmail suggests nothing for a top-level domain or label named like a prototype member", () => {
    expect(normalizeEmail("john@acme.constructor").suggestion).toBeNull();
    for (const word of SPELLINGS) {
      for (const input of [`john@acme.${word}`, `${word}@acme.com`, `john@${word}.com`, `john@${word}.${word}`, `${word}@gmail.${word}`]) {
        const result = normalizeEmail(input);
        expect(holdsNoPrototypeMember(result), input).toBe(true);
        expect(result.suggestion, input).toBeNull();
        for (const issue of result.issues) expect(issue.message, input).not.toContain("native code");
      }
    }
  });

  it("normalizeCountry, normalizeDate and normalizePhone read such words as unknown", () => {
    for (const word of SPELLINGS) {
      const country = normalizeCountry(word);
      expect(country.value, word).toBeNull();
      expect(country.issues.map((issue) => issue.code)).toEqual(["unknown_country"]);
      for (const input of [`14 ${word} 1985`, `${word} 14, 1985`, `1985 ${word} 14`, `${word} ${word} ${word}`]) {
        const date = normalizeDate(input, { country: "US" });
        expect(date.value, input).toBeNull();
        expect(holdsNoPrototypeMember(date), input).toBe(true);
      }
      for (const input of [`+1 212 555 0182 x ${word}`, word, `${word} 212 555 0182`]) {
        expect(holdsNoPrototypeMember(normalizePhone(input, { country: "US" })), input).toBe(true);
      }
      expect(holdsNoPrototypeMember(normalizePhone("+12125550182", { country: word })), word).toBe(true);
    }
  });

  it("normalizeAddress reads such words as plain street words, regions and units", () => {
    for (const word of SPELLINGS) {
      const inputs = [
        { street: `123 Main ${word}`, city: `Springfield, ${word}`, region: word, postalCode: word, country: "US" },
        { street: `123 ${word} St`, region: word, country: "CA" },
        { street: `123 ${word} Main St ${word} 4`, city: word, region: word },
        { street: `123 N ${word} ${word}`, country: word, postalCode: "12345" },
      ];
      for (const input of inputs) {
        const result = normalizeAddress(input, { country: "US" });
        expect(holdsNoPrototypeMember(result), JSON.stringify(input)).toBe(true);
        if (result.streetParts !== null) {
          expect([result.streetParts.suffix, result.streetParts.predirectional, result.streetParts.unitDesignator].every((part) => part === null || /^[A-Z]+$/.test(part))).toBe(true);
        }
        expect(result.region === null || typeof result.region === "string").toBe(true);
      }
      expect(normalizeAddress({ region: word, country: "US" }).region).toBeNull();
    }
  });

  it("cleanseRecord keeps prototype-named fields inert", () => {
    const record = JSON.parse('{"email":"a@acme.com","firstName":"Constructor","lastName":"toString","hasOwnProperty":"x","valueOf":{"a":1}}') as unknown;
    const result = cleanseRecord(record, compileCleanseSpec({ fields: { email: "email", firstName: "firstName", lastName: "lastName" }, address: false }));
    expect(result.record).toEqual({ email: "a@acme.com", firstName: "Constructor", lastName: "toString", hasOwnProperty: "x", valueOf: { a: 1 } });
    // "constructor" is no top-level domain: the address is invalid, and nothing is read off a prototype.
    expect(normalizeEmail("a@acme.constructor")).toMatchObject({ value: null, suggestion: null });
    expect(holdsNoPrototypeMember(result.fields)).toBe(true);
  });
});

describe("host rules never touch the caller's input; deep values are refused first (item 2)", () => {
  const rules = {
    tier: { type: "string", trim: true },
    address: { type: "object", props: { zip: { type: "string", trim: true }, plus4: { type: "string", default: "0000" } } },
    tags: { type: "array", items: { type: "string", trim: true } },
    points: { type: "number", default: 5 },
  };
  const spec = compileCleanseSpec({ rules });

  it("leaves nested objects of the input unchanged, and the output too", () => {
    const input = { tier: " gold ", address: { zip: " 02163 " }, tags: [" vip "], email: "a@acme.com" };
    const before = JSON.stringify(input);
    const result = cleanseRecord(input, spec);
    expect(JSON.stringify(input)).toBe(before);
    expect(result.record).toMatchObject({ tier: " gold ", address: { zip: " 02163 " }, tags: [" vip "] });
    expect(result.record).not.toHaveProperty("points");
    // The output never shares an object with the input.
    expect(result.record["address"]).not.toBe(input.address);
    expect(result.record["tags"]).not.toBe(input.tags);
    expect(result.issues).toEqual([]);
  });

  it("works on deep-frozen input", () => {
    const deepFreeze = <T>(value: T): T => {
      if (typeof value === "object" && value !== null) for (const child of Object.values(value)) deepFreeze(child);
      return Object.freeze(value);
    };
    const input = deepFreeze({ tier: " gold ", address: { zip: " 02163 " }, tags: [" vip "], email: " A@acme.com " });
    const result = cleanseRecord(input, spec);
    expect(result.record).toMatchObject({ email: "a@acme.com", address: { zip: " 02163 " } });
    expect(input.address.zip).toBe(" 02163 ");
  });

  it("refuses values deeper than MAX_VALUE_DEPTH with too_deep before rules or copying see them", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    let deepArray: unknown = [];
    for (let i = 0; i < 10_000; i++) deepArray = [deepArray];
    for (const withRules of [spec, compileCleanseSpec({})]) {
      const input = { email: "a@acme.com", profile: deep, list: deepArray, tier: "gold", tags: ["x"] };
      const result = cleanseRecord(input, withRules);
      expect(result.record["profile"]).toBeNull();
      expect(result.record["list"]).toBeNull();
      expect(result.original["profile"]).toBe(deep);
      expect(result.issues.filter((issue) => issue.code === "too_deep").map((issue) => issue.path)).toEqual([["profile"], ["list"]]);
    }
    let ok: unknown = "leaf";
    for (let i = 1; i < MAX_VALUE_DEPTH; i++) ok = [ok];
    expect(cleanseRecord({ tier: "gold", tags: [], nested: ok }, spec).record["nested"]).toEqual(ok);
  });

  it("refuses cyclic and unreadable field values, and reports a throwing custom rule on its record only", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    const result = cleanseRecord({ tier: "gold", tags: [], loop: cyclic, gone: revoked() }, spec);
    expect(result.record).toMatchObject({ loop: null, gone: null });
    expect(result.issues.filter((issue) => issue.code !== "rule_failed").map((issue) => [issue.code, issue.path])).toEqual([
      ["invalid_type", ["loop"]],
      ["invalid_type", ["gone"]],
    ]);
    const throwing = compileCleanseSpec({
      rules: {
        tier: {
          type: "custom",
          check: () => {
            throw new Error("host bug");
          },
        },
      },
    });
    expect(cleanseRecord({ tier: "gold" }, throwing).issues).toEqual([expect.objectContaining({ code: "rule_failed", rule: "error" })]);
  });

  it("refuses asynchronous rules when the spec is compiled, not on the first record", () => {
    expectInvalidOptions(() => compileCleanseSpec({ rules: { $$async: true, tier: { type: "string" } } }), /asynchronous/);
  });
});

describe("options are checked: wrong types and unknown keys throw invalid_options (item 3)", () => {
  it("throws for options of the wrong type", () => {
    expectInvalidOptions(() => normalizeDate("2020-01-01", { country: 250 } as never), /options\.country/);
    expectInvalidOptions(() => normalizeEmail("a@acme.com", null as never), /options/);
    expectInvalidOptions(() => normalizeAddress({ street: "1 Main St" }, { path: 5 } as never), /options\.path/);
    expectInvalidOptions(() => normalizeName("Ann", { part: "middle" } as never), /options\.part/);
    expectInvalidOptions(() => normalizeDate("2020-01-01", { kind: "birthdate" } as never), /options\.kind/);
    expectInvalidOptions(() => normalizeDate("2020-01-01", { now: "someday" }), /options\.now/);
    expectInvalidOptions(() => normalizeDate("2020-01-01 10:00", { kind: "timestamp", zone: "Mars/Olympus" }), /options\.zone/);
    expectInvalidOptions(() => normalizeAddress({}, { case: "lower" } as never), /options\.case/);
    expectInvalidOptions(() => normalizeCountry("US", "US" as never), /options/);
    expectInvalidOptions(() => normalizePhone("+12125550182", { path: [{}] } as never), /options\.path/);
  });

  it("throws for an unknown key, naming it and the closest known one", () => {
    expectInvalidOptions(() => normalizePhone("(212) 555-0182", { contry: "US" } as never), /options\.contry: unknown option; did you mean country\?/);
    expectInvalidOptions(() => normalizeEmail("a@acme.com", { pth: [] } as never), /did you mean path\?/);
    expectInvalidOptions(() => normalizeName("Ann", { parts: "first" } as never), /did you mean part\?/);
    expectInvalidOptions(() => normalizeDate("2020-01-01", { zones: "UTC" } as never), /did you mean zone\?/);
    expectInvalidOptions(() => normalizeAddress({}, { Country: "US" } as never), /did you mean country\?/);
    expectInvalidOptions(() => normalizeCountry("US", { __proto__: null, constructor: 1 } as never), /options\.constructor: unknown option/);
    expectInvalidOptions(() => normalizeDate("2020-01-01", { somethingElse: 1 } as never), /known options are kind, order, country, now, zone, path/);
  });

  it("throws for options that cannot be read", () => {
    const standardisers = [
      (options: unknown) => normalizeEmail("a@acme.com", options as never),
      (options: unknown) => normalizePhone("+12125550182", options as never),
      (options: unknown) => normalizeName("Ann", options as never),
      (options: unknown) => normalizeDate("2020-01-01", options as never),
      (options: unknown) => normalizeAddress({}, options as never),
      (options: unknown) => normalizeCountry("US", options as never),
    ];
    for (const run of standardisers) for (const options of unreadables()) expectInvalidOptions(() => run(options));
  });

  it("reads undefined options, and undefined option values, as the defaults", () => {
    expect(normalizeDate("03/04/1985", undefined).issues[0]?.code).toBe("ambiguous_date");
    expect(normalizeDate("03/04/1985", { country: undefined, order: undefined, now: undefined, zone: undefined, kind: undefined, path: undefined } as never).issues[0]?.code).toBe("ambiguous_date");
    expect(normalizePhone("(212) 867-5309", { country: null }).issues[0]?.code).toBe("invalid_phone");
    expect(normalizeName("ann", { path: ["a", 0] }).value).toBe("Ann");
  });

  it("refuses a compiled spec that was stored as JSON, with a message that says to compile again", () => {
    const stored = JSON.parse(JSON.stringify(compileCleanseSpec({ defaultCountry: "US" }))) as never;
    expectInvalidOptions(() => cleanseRecord({ email: "a@acme.com" }, stored), /compileCleanseSpec/);
    expectInvalidOptions(() => cleanseRecords([{ email: "a@acme.com" }], stored), /compileCleanseSpec/);
    expectInvalidOptions(() => compileCleanseSpec(stored), /compiled spec/);
    // A spread copy keeps its compiled parts and still works.
    const compiled = compileCleanseSpec({ defaultCountry: "US" });
    expect(cleanseRecord({ phone: "(212) 867-5309" }, { ...compiled }).record["phone"]).toBe("+12128675309");
  });

  it("refuses a spec or a records list that cannot be read", () => {
    for (const spec of unreadables()) {
      expectInvalidOptions(() => cleanseRecord({}, spec));
      expectInvalidOptions(() => cleanseRecords([{}], spec));
      expectInvalidOptions(() => compileCleanseSpec(spec));
    }
    expectInvalidOptions(() => cleanseRecords(revoked() as never));
  });
});

describe("unreadable values are invalid_type issues, never exceptions (item 3)", () => {
  it("in every standardiser", () => {
    for (const value of unreadables()) {
      for (const result of [normalizeEmail(value), normalizePhone(value), normalizeName(value), normalizeDate(value), normalizeCountry(value)]) {
        expect(result.value).toBeNull();
        expect(result.issues.map((issue) => issue.code)).toEqual(["invalid_type"]);
      }
      expect(normalizeAddress({ street: value, city: value, region: value, postalCode: value, country: value }).issues.map((issue) => issue.code)).toEqual(Array(5).fill("invalid_type"));
    }
    const throwing = () => {
      throw new Error("trap");
    };
    for (const value of [revoked(), new Proxy({}, { getOwnPropertyDescriptor: throwing, get: throwing }), Object.defineProperty({}, "street", { enumerable: true, get: throwing })]) {
      const address = normalizeAddress(value);
      expect(address.issues.map((issue) => issue.code)).toEqual(["invalid_type"]);
      expect(address.statuses.street).toBe("invalid");
    }
  });

  it("as a record, a field value or an element of cleanseRecords", () => {
    for (const value of unreadables()) {
      const asRecord = cleanseRecord(value);
      expect(asRecord.record).toEqual({});
      expect(asRecord.issues).toEqual([expect.objectContaining({ code: "invalid_type", path: [] })]);
      const asField = cleanseRecord({ email: value, street: value, custom: value, firstName: "ann" });
      expect(asField.record).toMatchObject({ email: null, street: null, custom: null, firstName: "Ann" });
      expect(asField.issues.every((issue) => issue.code === "invalid_type")).toBe(true);
    }
    const records: unknown[] = [{ email: "a@acme.com" }, ...unreadables(), { email: "b@acme.com" }];
    Object.defineProperty(records, 1, {
      get: () => {
        throw new Error("element getter");
      },
    });
    const batch = cleanseRecords(records);
    expect(batch.records).toHaveLength(records.length);
    expect(batch.records.map((record) => record["email"])).toEqual(["a@acme.com", undefined, undefined, undefined, undefined, "b@acme.com"]);
    expect(batch.report.issues).toEqual({ invalid_type: 4 });
  });

  it("reports an address that is not an object", () => {
    for (const value of ["1 Main St", 42, ["1 Main St"], true]) {
      expect(normalizeAddress(value as never).issues).toEqual([expect.objectContaining({ code: "invalid_type", path: [] })]);
    }
    expect(normalizeAddress(null as never).issues).toEqual([]);
    expect(normalizeAddress({ street: "1 Main St" }, { path: ["home"] }).statuses.street).toBe("fixed");
  });
});

describe("over-long input is refused before any work (item 7)", () => {
  const megabyte = `${"\u0000 x".repeat(350_000)}@gmail.con`;

  it("every standardiser answers too_long alone for a 1 MB string (no control-character scan, no parsing)", () => {
    for (const result of [normalizeEmail(megabyte), normalizePhone(megabyte), normalizeName(megabyte), normalizeDate(megabyte), normalizeCountry(megabyte)]) {
      expect(result.value).toBeNull();
      expect(result.issues.map((issue) => issue.code)).toEqual(["too_long"]);
    }
    const address = normalizeAddress({ street: megabyte, city: megabyte, region: megabyte, postalCode: megabyte, country: megabyte });
    expect(address.issues.map((issue) => issue.code)).toEqual(Array(5).fill("too_long"));
    expect(cleanseRecord({ email: megabyte, id: megabyte, source: megabyte }).issues.map((issue) => issue.code)).toEqual(["too_long", "too_long", "too_long"]);
  });

  it("suggests domains only within the length limit, and reads long internationalised domains as data", () => {
    const label = "b".repeat(60);
    expect(normalizeEmail(`a@${label}.${label}.${label}.${label}.con`).suggestion).toBe(`${label}.${label}.${label}.${label}.com`);
    const idn = `a@${"ü".repeat(60)}.${"ö".repeat(60)}.de`;
    expect(normalizeEmail(idn).issues.map((issue) => issue.code)).toEqual(["invalid_email"]);
    expect(normalizeEmail(`a@${"ü".repeat(300)}.de`).issues.map((issue) => issue.code)).toEqual(["too_long"]);
  });
});

describe("standardisers are idempotent on the cases the property tests found (item 6)", () => {
  it("normalizeName keeps a letter whose capital is several letters, and composes what casing decomposed", () => {
    for (const input of ["ß", "ßmith", "ŉame", "ﬁona", "İZMİR", "İ𐐀", "ÉLODIE", "i\u0307lker"]) {
      for (const part of ["first", "last", "full"] as const) {
        const once = normalizeName(input, { part });
        expect(once.value, input).not.toBeNull();
        expect(normalizeName(once.value, { part }).value, input).toBe(once.value);
        expect(once.value?.normalize("NFC"), input).toBe(once.value);
      }
    }
    expect(normalizeName("ß", { part: "first" }).value).toBe("ß");
    expect(normalizeName("ßmith", { part: "last" }).value).toBe("ßmith");
  });

  it("refuses a value that casing lengthens past the field's limit, instead of one that would not read back", () => {
    const name = normalizeName("İ".repeat(150), { part: "first" });
    expect(name.value).toBeNull();
    expect(name.issues.map((issue) => issue.code)).toEqual(["too_long"]);
    const address = normalizeAddress({ city: "İ".repeat(80), postalCode: "ﬃ".repeat(15), street: `1 ${"ﬃ".repeat(140)}` });
    expect([address.city, address.postalCode, address.street]).toEqual([null, null, null]);
    expect(address.issues.map((issue) => issue.code)).toEqual(["too_long", "too_long", "too_long"]);
  });

  it("normalizeDate gives a timestamp whose epoch is the one its ISO value reads back as (offsets in seconds)", () => {
    const once = normalizeDate("1905-12-31", { kind: "timestamp", zone: "Asia/Kolkata" });
    expect(once.value).toBe("1905-12-31T00:00:00.000+05:21");
    expect(once.epochMs).toBe(Date.parse("1905-12-31T00:00:00.000+05:21"));
    expect(normalizeDate(once.value, { kind: "timestamp", zone: "Asia/Kolkata" }).epochMs).toBe(once.epochMs);
  });
});
