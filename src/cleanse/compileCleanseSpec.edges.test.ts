import { describe, expect, it } from "vitest";
import { profileKitErrorOf } from "../../test/support/errors.js";
import type { ProfileKitError } from "../errors/ProfileKitError.js";
import { _COMPILED, type _CompiledSpecData } from "./_compiledSpec.js";
import { cleanseRecord } from "./cleanseRecord.js";
import { compileCleanseSpec, type CleanseSpec } from "./compileCleanseSpec.js";

/** The compiled data behind the opaque type (this folder's private view). */
function data(spec: CleanseSpec = {}): _CompiledSpecData {
  return compileCleanseSpec(spec) as _CompiledSpecData;
}

function refused(spec: unknown): ProfileKitError {
  const error = profileKitErrorOf(() => compileCleanseSpec(spec as CleanseSpec));
  expect(error.code).toBe("invalid_options");
  return error;
}

const INVALID = "compileCleanseSpec: invalid options. ";

describe("compileCleanseSpec: what a compiled spec holds", () => {
  it("compiles the empty spec to the standard fields, the standard address and the defaults", () => {
    const compiled = data();
    expect(compiled.kind).toBe("profile-kit.compiled-cleanse-spec");
    expect([...compiled.fields]).toStrictEqual([
      ["id", { kind: "id", path: ["id"] }],
      ["source", { kind: "text", path: ["source"] }],
      ["updatedAt", { kind: "timestamp", path: ["updatedAt"] }],
      ["customerId", { kind: "id", path: ["customerId"] }],
      ["firstName", { kind: "firstName", path: ["firstName"] }],
      ["lastName", { kind: "lastName", path: ["lastName"] }],
      ["fullName", { kind: "fullName", path: ["fullName"] }],
      ["email", { kind: "email", path: ["email"] }],
      ["phone", { kind: "phone", path: ["phone"] }],
      ["dateOfBirth", { kind: "birthDate", path: ["dateOfBirth"] }],
    ]);
    expect(compiled.address).toStrictEqual({ street: "street", city: "city", region: "region", postalCode: "postalCode", country: "country", case: "upper" });
    expect(compiled.defaultCountry).toBeNull();
    expect(compiled.dateOrder).toBeNull();
    expect(compiled.now).toBeNull();
    expect(compiled.splitFullName).toBe(true);
    expect(compiled.rules).toBeNull();
    expect(compileCleanseSpec()).toMatchObject({ kind: "profile-kit.compiled-cleanse-spec" });
  });

  it("marks the spec with an enumerable symbol, so a spread copy is still a compiled spec", () => {
    const compiled = compileCleanseSpec({ defaultCountry: "US" });
    expect(Object.getOwnPropertyDescriptor(compiled, _COMPILED)).toMatchObject({ value: true, enumerable: true });
    expect(cleanseRecord({ phone: "(212) 867-5309" }, compiled).record).toEqual({ phone: "+12128675309" });
    expect(cleanseRecord({ phone: "(212) 867-5309" }, { ...compiled }).record).toEqual({ phone: "+12128675309" });
  });

  it("replaces the standard fields with the given ones, each kind as a string or an object", () => {
    const compiled = data({
      fields: {
        mail: "email",
        born: { kind: "birthDate", order: "DMY" },
        seen: { kind: "timestamp", zone: "Europe/Paris" },
        plain: { kind: "text" },
        both: { kind: "date", order: "YMD", zone: "UTC" },
      },
    });
    expect([...compiled.fields]).toStrictEqual([
      ["mail", { kind: "email", path: ["mail"] }],
      ["born", { kind: "birthDate", order: "DMY", path: ["born"] }],
      ["seen", { kind: "timestamp", zone: "Europe/Paris", path: ["seen"] }],
      ["plain", { kind: "text", path: ["plain"] }],
      ["both", { kind: "date", order: "YMD", zone: "UTC", path: ["both"] }],
    ]);
    // The options reach the standardisers.
    const result = cleanseRecord({ mail: " A@Acme.com ", born: "03/04/1985", seen: "2024-03-01 10:00", plain: " x " }, compileCleanseSpec({ fields: { mail: "email", born: { kind: "birthDate", order: "DMY" }, seen: { kind: "timestamp", zone: "Europe/Paris" }, plain: { kind: "text" } } }));
    expect(result.record).toEqual({ mail: "a@acme.com", born: "1985-04-03", seen: "2024-03-01T10:00:00.000+01:00", plain: "x" });
  });

  it("accepts an empty field list: no field but the address is standardised", () => {
    const compiled = data({ fields: {} });
    expect(compiled.fields.size).toBe(0);
    expect(cleanseRecord({ email: " A@X.COM ", city: "boston" }, compileCleanseSpec({ fields: {} })).record).toEqual({ email: " A@X.COM ", city: "Boston" });
  });

  it("removes the address fields from the field list, so each is standardised once, as an address part", () => {
    const compiled = data({ fields: { city: "firstName", zip: "id", email: "email" }, address: { postalCode: "zip" } });
    expect([...compiled.fields.keys()]).toEqual(["email"]);
    const result = cleanseRecord({ city: "st. louis", zip: "2163", email: "a@acme.com" }, compileCleanseSpec({ fields: { city: "firstName", zip: "id", email: "email" }, address: { postalCode: "zip" }, defaultCountry: "US" }));
    expect(result.fields["city"]).toMatchObject({ kind: "city", value: "St. Louis" });
    expect(result.fields["zip"]).toMatchObject({ kind: "postalCode", value: "02163" });
    // Without an address, those fields are ordinary fields again.
    expect([...data({ fields: { city: "text", zip: "id" }, address: false }).fields.keys()]).toEqual(["city", "zip"]);
  });

  it("reads each address field name, or the standard one when not given, and the street case", () => {
    expect(data({ address: { street: "a1", city: "town", region: "state", postalCode: "zip", country: "nation", case: "title" } }).address).toStrictEqual({
      street: "a1",
      city: "town",
      region: "state",
      postalCode: "zip",
      country: "nation",
      case: "title",
    });
    expect(data({ address: { city: "town" } }).address).toStrictEqual({ street: "street", city: "town", region: "region", postalCode: "postalCode", country: "country", case: "upper" });
    expect(data({ address: { case: "upper" } }).address?.case).toBe("upper");
    expect(data({ address: {} }).address).toStrictEqual(data().address);
  });

  it("reads `address: false` as no address: its fields are left as they are", () => {
    expect(data({ address: false }).address).toBeNull();
    const input = { street: "1 main street", city: "boston", country: "usa" };
    expect(cleanseRecord(input, compileCleanseSpec({ address: false })).record).toEqual(input);
    expect(cleanseRecord(input, compileCleanseSpec({})).record).toEqual({ street: "1 MAIN ST", city: "Boston", country: "US" });
  });

  it("title-cases street lines when the address case says so", () => {
    const record = { street: "1 main street", city: "boston", postalCode: "2163" };
    expect(cleanseRecord(record, compileCleanseSpec({ address: { case: "title" }, defaultCountry: "US" })).record).toEqual({ street: "1 Main St", city: "Boston", postalCode: "02163" });
    expect(cleanseRecord(record, compileCleanseSpec({ defaultCountry: "US" })).record).toEqual({ street: "1 MAIN ST", city: "Boston", postalCode: "02163" });
  });

  it("keeps the default country and each date order", () => {
    expect(data({ defaultCountry: "GB" }).defaultCountry).toBe("GB");
    for (const order of ["MDY", "DMY", "YMD"] as const) expect(data({ dateOrder: order }).dateOrder).toBe(order);
    expect(cleanseRecord({ dateOfBirth: "03/04/1985" }, compileCleanseSpec({ dateOrder: "DMY" })).record).toEqual({ dateOfBirth: "1985-04-03" });
    expect(cleanseRecord({ dateOfBirth: "03/04/1985" }, compileCleanseSpec({ dateOrder: "MDY" })).record).toEqual({ dateOfBirth: "1985-03-04" });
    expect(cleanseRecord({ phone: "020 7946 0018" }, compileCleanseSpec({ defaultCountry: "GB" })).record).toEqual({ phone: "+442079460018" });
  });

  it("reads `now` as epoch milliseconds, a time without a zone as UTC", () => {
    expect(data({ now: "1990-06-15 12:00" }).now).toBe(Date.UTC(1990, 5, 15, 12));
    expect(data({ now: "2026-01-01T00:00:00Z" }).now).toBe(Date.UTC(2026, 0, 1));
    expect(data({ now: 0 }).now).toBe(0);
    // A birth date after `now` is in the future; without `now`, the clock decides.
    const future = cleanseRecord({ dateOfBirth: "1990-06-16" }, compileCleanseSpec({ now: "1990-06-15 12:00" }));
    expect(future.issues.map((issue) => [issue.code, issue.path])).toEqual([["implausible_date", ["dateOfBirth"]]]);
    expect(cleanseRecord({ dateOfBirth: "1990-06-16" }, compileCleanseSpec({})).issues).toEqual([]);
  });

  it("splits full names unless told not to", () => {
    expect(data({ splitFullName: false }).splitFullName).toBe(false);
    expect(data({ splitFullName: true }).splitFullName).toBe(true);
    expect(cleanseRecord({ fullName: "Ann Lee" }, compileCleanseSpec({})).record).toEqual({ fullName: "Ann Lee", firstName: "Ann", lastName: "Lee" });
    expect(cleanseRecord({ fullName: "Ann Lee" }, compileCleanseSpec({ splitFullName: false })).record).toEqual({ fullName: "Ann Lee" });
  });

  it("compiles host rules only when given", () => {
    const compiled = data({ rules: { tier: { type: "string" } } });
    expect(typeof compiled.rules).toBe("function");
    expect(compiled.rules?.({ tier: 1 })).toEqual([{ field: "tier", rule: "string" }]);
    expect(data({}).rules).toBeNull();
  });
});

describe("compileCleanseSpec: what it refuses", () => {
  it("refuses a field name that could reach a prototype, with one message, whatever the other names", () => {
    for (const fields of ['{"__proto__": "email"}', '{"email": "email", "__proto__": "email"}', '{"constructor": "email", "email": "email"}', '{"prototype": "text"}']) {
      const error = refused({ fields: JSON.parse(fields) as unknown });
      expect(error.message, fields).toBe(`${INVALID}options.fields: field names __proto__, constructor and prototype are not allowed`);
      expect(error.cause).toBeUndefined();
    }
  });

  it("refuses such a name as an address field, with the same wording at its path", () => {
    expect(refused({ address: { city: "constructor" } }).message).toBe(`${INVALID}options.address.city: field names __proto__, constructor and prototype are not allowed`);
    expect(refused({ address: { street: "" } }).message).toMatch(/^compileCleanseSpec: invalid options\. options\.address\.street: /);
  });

  it("refuses what is not an object, with the options parser's message (nothing is read off it)", () => {
    expect(refused(null).message).toBe(`${INVALID}options: Invalid input: expected object, received null`);
    expect(refused(5).message).toBe(`${INVALID}options: Invalid input: expected object, received number`);
    expect(refused("US").message).toBe(`${INVALID}options: Invalid input: expected object, received string`);
    expect(refused({ fields: null }).message).toBe(`${INVALID}options.fields: Invalid input: expected record, received null`);
    expect(refused({ fields: "email" }).message).toMatch(/^compileCleanseSpec: invalid options\. options\.fields: /);
  });

  it("reads nothing off a function, even one carrying a prototype-named field or the compiled brand", () => {
    const withFields = Object.assign(() => 0, { fields: JSON.parse('{"__proto__": "email"}') as unknown });
    const branded = Object.assign(() => 0, { kind: "profile-kit.compiled-cleanse-spec" });
    for (const spec of [withFields, branded]) {
      expect(refused(spec).message).toBe(`${INVALID}options: Invalid input: expected object, received function`);
    }
  });

  it("refuses a compiled spec that went through JSON, saying to compile the CleanseSpec", () => {
    const stored: unknown = JSON.parse(JSON.stringify(compileCleanseSpec({ defaultCountry: "US" })));
    for (const spec of [stored, { kind: "profile-kit.compiled-cleanse-spec" }]) {
      const error = refused(spec);
      expect(error.message).toBe("compileCleanseSpec: this is a compiled spec that was copied or stored as JSON; compile the original CleanseSpec instead.");
    }
    // Another kind is an unknown option like any other.
    expect(refused({ kind: "other" }).message).toBe(`${INVALID}options.kind: unknown option; known options are fields, address, defaultCountry, dateOrder, now, splitFullName, rules`);
  });

  it("refuses unknown kinds, orders, cases and zones, and names the path", () => {
    expect(refused({ fields: { x: "emial" } }).message).toMatch(/^compileCleanseSpec: invalid options\. options\.fields\.x: /);
    expect(refused({ fields: { x: { kind: "date", order: "DYM" } } }).message).toMatch(/options\.fields\.x\.order/);
    expect(refused({ fields: { x: { kind: "date", extra: 1 } } }).message).toMatch(/options\.fields\.x\.extra: unknown option/);
    expect(refused({ fields: { "": "email" } }).message).toMatch(/^compileCleanseSpec: invalid options\. /);
    expect(refused({ dateOrder: "XYZ" }).message).toBe(`${INVALID}options.dateOrder: Invalid option: expected one of "MDY"|"DMY"|"YMD"`);
    expect(refused({ address: { case: "lower" } }).message).toMatch(/options\.address\.case/);
    expect(refused({ address: true }).message).toMatch(/^compileCleanseSpec: invalid options\. options\.address/);
    expect(refused({ fields: { t: { kind: "timestamp", zone: "Mars/Base" } } }).message).toBe(`${INVALID}options.fields.t.zone: expected an IANA time zone such as "Europe/Paris"`);
    expect(refused({ fields: { t: { kind: "timestamp", zone: "" } } }).message).toMatch(/options\.fields\.t\.zone/);
    expect(refused({ now: "someday" }).message).toMatch(/options\.now/);
    expect(refused({ splitFullName: "yes" }).message).toMatch(/options\.splitFullName/);
    expect(refused({ rules: 5 }).message).toMatch(/options\.rules/);
    expect(refused({ unknown: 1 }).message).toBe(`${INVALID}options.unknown: unknown option; known options are fields, address, defaultCountry, dateOrder, now, splitFullName, rules`);
  });

  it("takes only an upper-case alpha-2 default country", () => {
    for (const country of ["USA", "XUS", "USX", "us", "U", "U1", "12", ""]) {
      expect(refused({ defaultCountry: country }).message, country).toBe(`${INVALID}options.defaultCountry: expected an ISO 3166-1 alpha-2 code such as US`);
    }
    for (const country of ["US", "GB", "ZZ"]) expect(data({ defaultCountry: country }).defaultCountry).toBe(country);
  });

  it("refuses rules that are not a valid fastest-validator schema, or asynchronous ones, naming compileCleanseSpec", () => {
    const invalid = refused({ rules: { x: { type: "no-such-rule" } } });
    expect(invalid.message).toBe("compileCleanseSpec: options.rules is not a valid fastest-validator schema.");
    expect(invalid.cause).toBeInstanceOf(Error);
    expect(refused({ rules: { $$async: true, x: { type: "string" } } }).message).toBe("compileCleanseSpec: options.rules must not be asynchronous ($$async).");
  });

  it("refuses a spec that cannot be read, keeping the error as cause", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const revoked = refused(proxy);
    expect(revoked.message).toBe(`${INVALID}options: could not be read (a revoked Proxy or a throwing getter?)`);
    expect(revoked.cause).toBeInstanceOf(TypeError);
    const trap = new Error("trap");
    const throwing = Object.defineProperty({}, "fields", {
      enumerable: true,
      get(): never {
        throw trap;
      },
    });
    const second = refused(throwing);
    expect(second.message).toBe(`${INVALID}options: could not be read (a revoked Proxy or a throwing getter?)`);
    expect(second.cause).toBe(trap);
  });

  it("keeps the parser's own cause (the zod issues) for an invalid spec", () => {
    const error = refused({ defaultCountry: "usa" });
    expect(Array.isArray(error.cause)).toBe(true);
  });
});
