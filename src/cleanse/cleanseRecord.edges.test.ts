import { describe, expect, it } from "vitest";
import { defineSchema } from "../engine/defineSchema.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { MAX_VALUE_DEPTH } from "../shared/_jsonValue.js";
import { _cleanseRecord, _Readings, cleanseRecord, type CleansedField, type CleansedRecord } from "./cleanseRecord.js";
import { compileCleanseSpec, type CleanseSpec, type CompiledCleanseSpec } from "./compileCleanseSpec.js";

/** Cleanses each record with one set of shared readings, as one batch does. */
function batch(records: readonly unknown[], spec: CompiledCleanseSpec): CleansedRecord[] {
  const readings = new _Readings();
  return records.map((record) => _cleanseRecord(record, spec, readings));
}

function field(result: CleansedRecord, name: string): CleansedField {
  const found = result.fields[name];
  if (found === undefined) throw new Error(`no field ${name}`);
  return found;
}

function codesAndPaths(result: CleansedRecord): unknown[] {
  return result.issues.map((issue) => [issue.code, issue.path]);
}

const now = "2026-01-01T00:00:00Z";

describe("cleanseRecord: values that are not records", () => {
  it("answers an invalid_type issue naming what was received, and an empty record", () => {
    const cases: [unknown, string][] = [
      [42, "number"],
      ["text", "string"],
      [true, "boolean"],
      [null, "null"],
      [undefined, "undefined"],
      [[], "array"],
      [[{ email: "a@acme.com" }], "array"],
    ];
    for (const [value, received] of cases) {
      expect(cleanseRecord(value), received).toEqual({
        record: {},
        original: {},
        derived: {},
        fields: {},
        issues: [{ code: "invalid_type", path: [], expected: "object", received, severity: "error", message: `Expected object but received ${received}.` }],
      });
    }
  });

  it("answers the same issue, as an unreadable object, for a record that cannot be read", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const throwingKeys = new Proxy(
      {},
      {
        ownKeys(): never {
          throw new Error("trap");
        },
      },
    );
    for (const value of [proxy, throwingKeys]) {
      expect(cleanseRecord(value)).toEqual({
        record: {},
        original: {},
        derived: {},
        fields: {},
        issues: [{ code: "invalid_type", path: [], expected: "object", received: "unreadable object", severity: "error", message: "Expected object but received unreadable object." }],
      });
    }
  });
});

describe("cleanseRecord: keys that could reach a prototype", () => {
  it("leaves each out and reports it at its own path, once", () => {
    const hostile = JSON.parse('{"prototype": 3, "email": "a@acme.com", "constructor": 2, "__proto__": 1}') as unknown;
    const result = cleanseRecord(hostile, compileCleanseSpec({ fields: { email: "email" }, address: false }));
    expect(result.record).toEqual({ email: "a@acme.com" });
    expect(Object.keys(result.record)).toEqual(["email"]);
    expect(result.issues.map((issue) => [issue.code, issue.path, (issue as { key?: unknown }).key])).toEqual([
      ["unsafe_key", ["__proto__"], "__proto__"],
      ["unsafe_key", ["constructor"], "constructor"],
      ["unsafe_key", ["prototype"], "prototype"],
    ]);
  });

  it("reports nothing for a record without them", () => {
    expect(cleanseRecord({ email: "a@acme.com", note: "x" }).issues).toEqual([]);
  });
});

describe("cleanseRecord: what it keeps, changes and adds", () => {
  const spec = compileCleanseSpec({ now, defaultCountry: "US" });

  it("keeps no original for a value that did not change, and the raw value for one that did", () => {
    const result = cleanseRecord({ email: "a@acme.com", phone: "(212) 867-5309", note: "as is" }, spec);
    expect(result.record).toEqual({ email: "a@acme.com", phone: "+12128675309", note: "as is" });
    expect(result.original).toEqual({ phone: "(212) 867-5309" });
    expect(Object.keys(result.original)).toEqual(["phone"]);
  });

  it("adds no key for a standardised field the record did not have", () => {
    const result = cleanseRecord({ note: "x" }, spec);
    expect(result.record).toEqual({ note: "x" });
    expect(Object.keys(result.record)).toEqual(["note"]);
    expect(result.original).toEqual({});
  });

  it("sets a present but blank or null value to null, keeping what it was", () => {
    const result = cleanseRecord({ email: "", phone: null, source: "   " }, spec);
    expect(result.record).toEqual({ email: null, phone: null, source: null });
    expect(result.original).toEqual({ email: "", source: "   " });
    expect(Object.hasOwn(result.original, "phone")).toBe(false);
    expect(field(result, "email")).toMatchObject({ value: null, original: "", status: "missing" });
    expect(field(result, "phone")).toMatchObject({ value: null, original: null, status: "missing" });
  });

  it("shares one frozen result per kind for absent fields, never for present ones", () => {
    const a = cleanseRecord({}, spec);
    const b = cleanseRecord({ note: "x" }, spec);
    for (const name of ["email", "phone", "street", "city", "region", "postalCode", "country", "id", "source", "updatedAt", "firstName", "dateOfBirth"]) {
      expect(field(a, name), name).toBe(field(b, name));
      expect(Object.isFrozen(field(a, name)), name).toBe(true);
      expect(field(a, name), name).toMatchObject({ value: null, status: "missing", matchKey: null });
      expect(field(a, name).original, name).toBeUndefined();
    }
    // A present value, even a missing one, has its own result with its original.
    const blank = cleanseRecord({ email: "", phone: null }, spec);
    expect(field(blank, "email")).not.toBe(field(a, "email"));
    expect(field(blank, "phone")).not.toBe(field(a, "phone"));
    expect(Object.isFrozen(field(blank, "phone"))).toBe(false);
    expect(field(blank, "phone").original).toBeNull();
  });

  it("fills in the region from a city written 'City, ST', as derived from the city field, and no original for it", () => {
    // An absent region first, so that the kind's shared absent result exists.
    expect(field(cleanseRecord({}, spec), "region").value).toBeNull();
    const result = cleanseRecord({ city: "Milwaukee, WI" }, spec);
    expect(result.record).toEqual({ city: "Milwaukee", region: "WI" });
    expect(result.derived).toEqual({ region: "city" });
    expect(result.original).toEqual({ city: "Milwaukee, WI" });
    expect(Object.hasOwn(result.original, "region")).toBe(false);
    expect(field(result, "region")).toMatchObject({ kind: "region", value: "WI", status: "fixed", original: undefined });
    expect(field(cleanseRecord({}, spec), "region").value).toBeNull();
    // With the address under other names, the derived field names the city's field.
    const custom = cleanseRecord({ town: "Milwaukee, WI" }, compileCleanseSpec({ address: { city: "town", region: "state" } }));
    expect(custom.record).toEqual({ town: "Milwaukee", state: "WI" });
    expect(custom.derived).toEqual({ state: "town" });
  });

  it("shares one frozen empty `derived` between records that derived nothing", () => {
    const a = cleanseRecord({ email: "a@acme.com" }, spec);
    const b = cleanseRecord({}, spec);
    expect(a.derived).toEqual({});
    expect(a.derived).toBe(b.derived);
    expect(Object.isFrozen(a.derived)).toBe(true);
    const derived = cleanseRecord({ city: "Milwaukee, WI" }, spec).derived;
    expect(Object.isFrozen(derived)).toBe(false);
    expect(derived).not.toBe(a.derived);
    // No issues: the shared empty list.
    expect(a.issues).toBe(b.issues);
    expect(a.issues).toEqual([]);
  });
});

describe("cleanseRecord: objects and arrays outside the spec", () => {
  it("copies plain JSON, so the result shares no object with the input, and keeps no original for it", () => {
    const input = { tags: ["a", { b: 1 }], profile: { a: { b: [1, 2] } }, when: new Date(0), note: null };
    const result = cleanseRecord(input);
    expect(result.record).toEqual(input);
    expect(result.record["tags"]).not.toBe(input.tags);
    expect(result.record["profile"]).not.toBe(input.profile);
    expect(result.record["when"]).not.toBe(input.when);
    expect(result.record["when"]).toEqual(new Date(0));
    expect(result.original).toEqual({});
    expect(result.issues).toEqual([]);
  });

  it("refuses values too deep, cyclic or not plain JSON, at their key, keeping the original", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < MAX_VALUE_DEPTH + 1; i++) deep = [deep];
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    const map = new Map([["a", 1]]);
    const result = cleanseRecord({ deep, cyclic, map, fine: [1] });
    expect(result.record).toEqual({ deep: null, cyclic: null, map: null, fine: [1] });
    expect(result.original["deep"]).toBe(deep);
    expect(result.original["cyclic"]).toBe(cyclic);
    expect(result.original["map"]).toBe(map);
    expect(Object.keys(result.original)).toEqual(["deep", "cyclic", "map"]);
    expect(result.issues).toEqual([
      expect.objectContaining({ code: "too_deep", path: ["deep"], maximum: MAX_VALUE_DEPTH }),
      expect.objectContaining({ code: "invalid_type", path: ["cyclic"], expected: "a JSON value", received: "cyclic value" }),
      expect.objectContaining({ code: "invalid_type", path: ["map"], expected: "a JSON value", received: "class instance" }),
    ]);
  });

  it("refuses a value that reads once and then throws, as unreadable, at its key", () => {
    let reads = 0;
    const flaky = Object.defineProperty({}, "x", {
      enumerable: true,
      get(): number {
        reads++;
        if (reads > 1) throw new Error("second read");
        return 1;
      },
    });
    const result = cleanseRecord({ flaky, ok: { y: 2 } });
    expect(result.record).toEqual({ flaky: null, ok: { y: 2 } });
    expect(result.original["flaky"]).toBe(flaky);
    expect(result.issues).toEqual([{ code: "invalid_type", path: ["flaky"], expected: "a JSON value", received: "unreadable object", severity: "error", message: "Expected a JSON value but received unreadable object." }]);
  });

  it("keeps the object a standardised field held as its original, the field's value being null", () => {
    const object = { a: 1 };
    const list = ["x"];
    const result = cleanseRecord({ email: object, firstName: list }, compileCleanseSpec({ fields: { email: "email", firstName: "firstName" }, address: false }));
    expect(result.record).toEqual({ email: null, firstName: null });
    expect(result.original["email"]).toBe(object);
    expect(result.original["firstName"]).toBe(list);
    expect(codesAndPaths(result)).toEqual([
      ["invalid_type", ["email"]],
      ["invalid_type", ["firstName"]],
    ]);
  });
});

describe("cleanseRecord: the address", () => {
  it("reads phones with the record's country before the default one", () => {
    const spec = compileCleanseSpec({ defaultCountry: "US" });
    expect(cleanseRecord({ phone: "020 7946 0018", country: "GB" }, spec).record).toEqual({ phone: "+442079460018", country: "GB" });
    expect(cleanseRecord({ phone: "(212) 867-5309" }, spec).record).toEqual({ phone: "+12128675309" });
    expect(cleanseRecord({ phone: "020 7946 0018", country: "Atlantis" }, compileCleanseSpec({ defaultCountry: "GB" })).record).toEqual({ phone: "+442079460018", country: null });
  });

  it("reads postal codes with the default country and the street in the spec's case", () => {
    expect(cleanseRecord({ postalCode: "2163", street: "1 main street" }, compileCleanseSpec({ defaultCountry: "US" })).record).toEqual({ postalCode: "02163", street: "1 MAIN ST" });
    expect(cleanseRecord({ postalCode: "2163", street: "1 main street" }, compileCleanseSpec({ defaultCountry: "US", address: { case: "title" } })).record).toEqual({ postalCode: "02163", street: "1 Main St" });
  });

  it("reports each part's issues once, under the record's own field name", () => {
    const spec = compileCleanseSpec({ address: { postalCode: "zip", region: "state" } });
    const result = cleanseRecord({ zip: "ABCDE", state: "ZZ", country: "US", city: "Boston" }, spec);
    expect(result.issues.map((issue) => [issue.code, issue.path, issue.severity])).toEqual([
      ["unknown_region", ["state"], "warning"],
      ["invalid_postal_code", ["zip"], "warning"],
    ]);
    expect(result.record).toEqual({ zip: null, state: null, country: "US", city: "Boston" });
    expect(field(result, "zip")).toMatchObject({ kind: "postalCode", value: null, original: "ABCDE", status: "invalid", matchKey: null });
    expect(field(result, "state")).toMatchObject({ kind: "region", value: null, original: "ZZ", status: "invalid" });
    expect(field(result, "country")).toMatchObject({ kind: "country", value: "US", original: "US", status: "valid", matchKey: "US" });
    expect(field(result, "city")).toMatchObject({ kind: "city", value: "Boston", status: "valid", matchKey: null });
  });

  it("gives streets and postal codes their matching keys", () => {
    const result = cleanseRecord({ street: "1 main street", postalCode: "02163", country: "US" });
    expect(field(result, "street")).toMatchObject({ kind: "street", value: "1 MAIN ST", original: "1 main street", status: "fixed" });
    expect(field(result, "street").matchKey).toEqual(expect.any(String));
    expect(field(result, "postalCode")).toMatchObject({ value: "02163", matchKey: "02163", status: "valid" });
  });
});

describe("cleanseRecord: readings shared within a batch", () => {
  const spec = compileCleanseSpec({ now });

  it("shares a city, region and country read before, frozen, but never a street or a postal code", () => {
    const [a, b] = batch(
      [
        { street: "1 Main St", city: "Boston", region: "MA", postalCode: "02163", country: "US" },
        { street: "1 Main St", city: "Boston", region: "MA", postalCode: "02163", country: "US" },
      ],
      spec,
    ) as [CleansedRecord, CleansedRecord];
    for (const name of ["city", "region", "country"]) {
      expect(field(b, name), name).toBe(field(a, name));
      expect(Object.isFrozen(field(a, name)), name).toBe(true);
    }
    for (const name of ["street", "postalCode"]) {
      expect(field(b, name), name).not.toBe(field(a, name));
      expect(field(b, name), name).toEqual(field(a, name));
    }
  });

  it("does not share a part alone, nor a part with issues", () => {
    const alone = [cleanseRecord({ city: "Boston" }, spec), cleanseRecord({ city: "Boston" }, spec)];
    expect(field(alone[1] as CleansedRecord, "city")).not.toBe(field(alone[0] as CleansedRecord, "city"));
    const [a, b] = batch([{ region: "ZZ", country: "US" }, { region: "ZZ", country: "US" }], spec) as [CleansedRecord, CleansedRecord];
    expect(field(b, "region")).not.toBe(field(a, "region"));
    expect(codesAndPaths(b)).toEqual([["unknown_region", ["region"]]]);
    expect(codesAndPaths(a)).toEqual([["unknown_region", ["region"]]]);
  });

  it("shares a part of up to 64 characters only", () => {
    const short = "a".repeat(64);
    const long = "a".repeat(65);
    const [a, b, c, d] = batch([{ city: short }, { city: short }, { city: long }, { city: long }], spec) as [CleansedRecord, CleansedRecord, CleansedRecord, CleansedRecord];
    expect(field(b, "city")).toBe(field(a, "city"));
    expect(field(d, "city")).not.toBe(field(c, "city"));
    expect(field(d, "city")).toEqual(field(c, "city"));
    expect(field(c, "city").value).toBe(`A${"a".repeat(64)}`);
  });

  it("reads a part again when the same text reads differently in another country", () => {
    const [us, au, again] = batch([{ region: "wa", country: "US" }, { region: "wa", country: "AU" }, { region: "wa", country: "US" }], spec) as [CleansedRecord, CleansedRecord, CleansedRecord];
    expect(us.record).toEqual({ region: "WA", country: "US" });
    expect(au.record).toEqual({ region: "Wa", country: "AU" });
    expect(again.record).toEqual({ region: "WA", country: "US" });
    expect(field(au, "region")).toMatchObject({ value: "Wa", original: "wa", status: "fixed" });
  });

  it("keeps several readings of one kind at once", () => {
    const [a, , c] = batch([{ city: "Boston" }, { city: "Denver" }, { city: "Boston" }], spec) as [CleansedRecord, CleansedRecord, CleansedRecord];
    expect(field(c, "city")).toBe(field(a, "city"));
    const results = batch([{ firstName: "Ann" }, { firstName: "Bob" }, { firstName: "Ann" }, { source: "crm" }, { source: "web" }, { source: "crm" }], spec) as [CleansedRecord, CleansedRecord, CleansedRecord, CleansedRecord, CleansedRecord, CleansedRecord];
    expect(field(results[2], "firstName")).toBe(field(results[0], "firstName"));
    expect(field(results[5], "source")).toBe(field(results[3], "source"));
  });

  it("shares an email address read without issues, up to 254 characters as written", () => {
    const fits = `${" ".repeat(244)}a@acme.com`;
    const over = `${" ".repeat(245)}a@acme.com`;
    expect(fits).toHaveLength(254);
    const [a, b, c, d] = batch([{ email: fits }, { email: fits }, { email: over }, { email: over }], spec) as [CleansedRecord, CleansedRecord, CleansedRecord, CleansedRecord];
    expect(field(b, "email")).toBe(field(a, "email"));
    expect(Object.isFrozen(field(a, "email"))).toBe(true);
    expect(Object.isFrozen(field(a, "email").email)).toBe(true);
    expect(b.record).toEqual({ email: "a@acme.com" });
    expect(b.original).toEqual({ email: fits });
    expect(b.issues).toEqual([]);
    expect(field(d, "email")).not.toBe(field(c, "email"));
    expect(d.record).toEqual({ email: "a@acme.com" });
  });

  it("never shares an email with issues, and keeps its issues on each record", () => {
    const [a, b] = batch([{ email: "bob@gmial.com" }, { email: "bob@gmial.com" }], spec) as [CleansedRecord, CleansedRecord];
    expect(field(b, "email")).not.toBe(field(a, "email"));
    expect(codesAndPaths(a)).toEqual([["email_domain_typo", ["email"]]]);
    expect(codesAndPaths(b)).toEqual([["email_domain_typo", ["email"]]]);
    const alone = [cleanseRecord({ email: "a@acme.com" }, spec), cleanseRecord({ email: "a@acme.com" }, spec)] as [CleansedRecord, CleansedRecord];
    expect(field(alone[1], "email")).not.toBe(field(alone[0], "email"));
  });

  it("shares a name read without issues, up to 64 characters as written, per kind", () => {
    const fits = `${" ".repeat(59)}Maria`;
    const over = `${" ".repeat(60)}Maria`;
    const [a, b, c, d] = batch([{ firstName: fits }, { firstName: fits }, { firstName: over }, { firstName: over }], spec) as [CleansedRecord, CleansedRecord, CleansedRecord, CleansedRecord];
    expect(field(b, "firstName")).toBe(field(a, "firstName"));
    expect(Object.isFrozen(field(a, "firstName").name)).toBe(true);
    expect(b.record).toEqual({ firstName: "Maria" });
    expect(b.original).toEqual({ firstName: fits });
    expect(field(d, "firstName")).not.toBe(field(c, "firstName"));
    // The same text as another kind of name is another reading.
    const [first, last] = batch([{ firstName: "Maria" }, { lastName: "Maria" }], spec) as [CleansedRecord, CleansedRecord];
    expect(field(last, "lastName")).toMatchObject({ kind: "lastName", value: "Maria" });
    expect(field(first, "firstName")).toMatchObject({ kind: "firstName", value: "Maria" });
    const [x, y] = batch([{ firstName: "M4ria" }, { firstName: "M4ria" }], spec) as [CleansedRecord, CleansedRecord];
    expect(field(y, "firstName")).not.toBe(field(x, "firstName"));
    expect(codesAndPaths(y)).toEqual(codesAndPaths(x));
    expect(y.issues.length).toBeGreaterThan(0);
  });

  it("shares short texts read without issues, never ids", () => {
    const fits = "s".repeat(64);
    const over = "s".repeat(65);
    const [a, b, c, d] = batch([{ source: fits, id: "r1" }, { source: fits, id: "r1" }, { source: over }, { source: over }], spec) as [CleansedRecord, CleansedRecord, CleansedRecord, CleansedRecord];
    expect(field(b, "source")).toBe(field(a, "source"));
    expect(Object.isFrozen(field(a, "source"))).toBe(true);
    expect(field(b, "id")).not.toBe(field(a, "id"));
    expect(field(b, "id")).toEqual(field(a, "id"));
    expect(field(d, "source")).not.toBe(field(c, "source"));
    const [x, y] = batch([{ source: "cr\u0000m" }, { source: "cr\u0000m" }], spec) as [CleansedRecord, CleansedRecord];
    expect(field(y, "source")).not.toBe(field(x, "source"));
    expect(codesAndPaths(y)).toEqual([["control_characters", ["source"]]]);
    const known = batch([{ source: " crm " }, { source: " crm " }], spec)[1] as CleansedRecord;
    expect(known.record).toEqual({ source: "crm" });
    expect(known.original).toEqual({ source: " crm " });
  });
});

describe("_Readings", () => {
  const result = (value: string): CleansedField => ({ kind: "text", value, original: value, status: "valid", matchKey: null });

  it("keeps readings apart by kind and by text", () => {
    const readings = new _Readings();
    expect(readings.get("city", "Boston")).toBeUndefined();
    const boston = result("Boston");
    const denver = result("Denver");
    readings.set("city", "Boston", boston);
    readings.set("city", "Denver", denver);
    expect(readings.get("city", "Boston")).toBe(boston);
    expect(readings.get("city", "Denver")).toBe(denver);
    expect(readings.get("region", "Boston")).toBeUndefined();
    expect(readings.get("city", "Austin")).toBeUndefined();
  });

  it("holds 20,000 readings of a kind, and starts again on the next one", () => {
    const readings = new _Readings();
    const first = result("t0");
    readings.set("text", "t0", first);
    for (let i = 1; i < 20_000; i++) readings.set("text", `t${String(i)}`, result(`t${String(i)}`));
    expect(readings.get("text", "t0")).toBe(first);
    expect(readings.get("text", "t19999")?.value).toBe("t19999");
    readings.set("city", "Boston", result("Boston"));
    const next = result("t20000");
    readings.set("text", "t20000", next);
    expect(readings.get("text", "t0")).toBeUndefined();
    expect(readings.get("text", "t19999")).toBeUndefined();
    expect(readings.get("text", "t20000")).toBe(next);
    // Another kind keeps its own.
    expect(readings.get("city", "Boston")?.value).toBe("Boston");
  });
});

describe("cleanseRecord: names", () => {
  it("reads each kind of name as that part, with its issues at the record's field", () => {
    const spec = compileCleanseSpec({ fields: { given: "firstName", family: "lastName", whole: "fullName" }, address: false, splitFullName: false });
    const result = cleanseRecord({ given: "maria garcia", family: "maria garcia", whole: "maria garcia" }, spec);
    expect(field(result, "given").name).toMatchObject({ firstName: "Maria Garcia", lastName: null });
    expect(field(result, "family").name).toMatchObject({ firstName: null, lastName: "Maria Garcia", nicknameKeys: [] });
    expect(field(result, "whole").name).toMatchObject({ firstName: "Maria", lastName: "Garcia" });
    expect(field(result, "given")).toMatchObject({ kind: "firstName", value: "Maria Garcia", original: "maria garcia", status: "fixed", matchKey: "mariagarcia" });
    expect(field(result, "family").kind).toBe("lastName");
    expect(field(result, "whole").kind).toBe("fullName");
    expect(codesAndPaths(cleanseRecord({ given: "M4ria" }, spec))).toEqual([["unusual_name", ["given"]]]);
  });

  it("splits a full name into first and last name, with their details", () => {
    const result = cleanseRecord({ fullName: "Dr. Robert \"Bob\" O'Brien Jr." }, compileCleanseSpec({ now }));
    expect(result.record).toEqual({ fullName: "Robert O'Brien", firstName: "Robert", lastName: "O'Brien" });
    expect(result.derived).toEqual({ firstName: "fullName", lastName: "fullName" });
    expect(result.original).toEqual({ fullName: "Dr. Robert \"Bob\" O'Brien Jr." });
    expect(codesAndPaths(result)).toEqual([["name_split", ["fullName"]]]);
    const first = field(result, "firstName");
    expect(first).toStrictEqual({
      kind: "firstName",
      value: "Robert",
      original: undefined,
      status: "fixed",
      matchKey: "robert",
      name: { honorific: "Dr.", suffix: null, nickname: "Bob", firstName: "Robert", middleName: null, lastName: null, nicknameKeys: field(result, "fullName").name?.nicknameKeys },
    });
    expect(first.name?.nicknameKeys).toEqual(expect.arrayContaining(["robert", "bob"]));
    expect(field(result, "lastName")).toStrictEqual({
      kind: "lastName",
      value: "O'Brien",
      original: undefined,
      status: "fixed",
      matchKey: "obrien",
      name: { honorific: null, suffix: "Jr.", nickname: null, firstName: null, middleName: null, lastName: "O'Brien", nicknameKeys: [] },
    });
  });

  it("folds the split last name's key to letters only", () => {
    expect(field(cleanseRecord({ fullName: "Ann García-López" }), "lastName").matchKey).toBe("garcialopez");
  });

  it("fills in only the part a full name has", () => {
    const single = cleanseRecord({ fullName: "Cher" });
    expect(single.record).toEqual({ fullName: "Cher", firstName: "Cher" });
    expect(single.derived).toEqual({ firstName: "fullName" });
    expect(field(single, "lastName").value).toBeNull();
    expect(codesAndPaths(single)).toEqual([["name_split", ["fullName"]]]);
    const family = cleanseRecord({ fullName: "Mr Smith" });
    expect(family.record).toEqual({ fullName: "Smith", lastName: "Smith" });
    expect(family.derived).toEqual({ lastName: "fullName" });
    expect(field(family, "firstName").value).toBeNull();
    expect(codesAndPaths(family)).toEqual([["name_split", ["fullName"]]]);
  });

  it("names the full name's own field, the first full name field when there are two", () => {
    const spec = compileCleanseSpec({ fields: { name: "fullName", alias: "fullName" }, address: false });
    const result = cleanseRecord({ name: "Ann Lee", alias: "Bo Chen" }, spec);
    expect(result.record).toEqual({ name: "Ann Lee", alias: "Bo Chen", firstName: "Ann", lastName: "Lee" });
    expect(result.derived).toEqual({ firstName: "name", lastName: "name" });
    expect(codesAndPaths(result)).toEqual([["name_split", ["name"]]]);
    const second = cleanseRecord({ alias: "Bo Chen" }, spec);
    expect(second.record).toEqual({ alias: "Bo Chen", firstName: "Bo", lastName: "Chen" });
  });

  it("splits when the first and last names are present but unusable, not when one is usable", () => {
    const spec = compileCleanseSpec({ now });
    const blank = cleanseRecord({ fullName: "Ann Lee", firstName: "", lastName: null }, spec);
    expect(blank.record).toEqual({ fullName: "Ann Lee", firstName: "Ann", lastName: "Lee" });
    expect(blank.original).toEqual({ firstName: "" });
    const usable = cleanseRecord({ fullName: "Ann Lee", lastName: "lee" }, spec);
    expect(usable.record).toEqual({ fullName: "Ann Lee", lastName: "Lee" });
    expect(usable.derived).toEqual({});
    expect(usable.issues).toEqual([]);
    // A full name that reads as nothing is not split.
    const unusable = cleanseRecord({ fullName: "-" }, spec);
    expect(unusable.record).toEqual({ fullName: null });
    expect(codesAndPaths(unusable)).toEqual([["placeholder_value", ["fullName"]]]);
  });
});

describe("cleanseRecord: dates, countries, phones and emails under other names", () => {
  it("reads a date with the field's order first, then the spec's", () => {
    const spec = compileCleanseSpec({ fields: { born: { kind: "birthDate", order: "DMY" }, joined: "date" }, address: false, dateOrder: "MDY", now });
    const result = cleanseRecord({ born: "03/04/1985", joined: "03/04/2020" }, spec);
    expect(result.record).toEqual({ born: "1985-04-03", joined: "2020-03-04" });
    expect(field(result, "born")).toEqual({ kind: "birthDate", value: "1985-04-03", original: "03/04/1985", status: "fixed", matchKey: "1985-04-03" });
    expect(field(result, "joined")).toEqual({ kind: "date", value: "2020-03-04", original: "03/04/2020", status: "fixed", matchKey: "2020-03-04" });
    const unordered = cleanseRecord({ joined: "03/04/2020" }, compileCleanseSpec({ fields: { joined: "date" }, address: false }));
    expect(codesAndPaths(unordered)).toEqual([["ambiguous_date", ["joined"]]]);
  });

  it("checks birth dates against the spec's `now`, and reads timestamps in the field's zone", () => {
    const spec = compileCleanseSpec({ fields: { born: "birthDate", seen: { kind: "timestamp", zone: "Europe/Paris" } }, address: false, now: "1990-06-15T00:00:00Z" });
    const result = cleanseRecord({ born: "1990-06-16", seen: "2024-03-01 10:00" }, spec);
    expect(codesAndPaths(result)).toEqual([
      ["implausible_date", ["born"]],
      ["time_zone_assumed", ["seen"]],
    ]);
    expect(result.issues[1]).toMatchObject({ zone: "Europe/Paris" });
    expect(result.record).toEqual({ born: null, seen: "2024-03-01T10:00:00.000+01:00" });
  });

  it("reads countries, phones and emails at their own fields", () => {
    const spec = compileCleanseSpec({ fields: { nation: "country", tel: "phone", mail: "email" }, address: false, defaultCountry: "US" });
    const good = cleanseRecord({ nation: "usa", tel: "(212) 867-5309", mail: " Ann@Acme.com " }, spec);
    expect(good.record).toEqual({ nation: "US", tel: "+12128675309", mail: "ann@acme.com" });
    expect(field(good, "nation")).toEqual({ kind: "country", value: "US", original: "usa", status: "fixed", matchKey: "US" });
    expect(field(good, "tel")).toMatchObject({ kind: "phone", value: "+12128675309", matchKey: "+12128675309", phone: { country: "US", extension: null } });
    expect(field(good, "mail")).toMatchObject({ kind: "email", value: "ann@acme.com", matchKey: "ann@acme.com", email: { domain: "acme.com" } });
    const bad = cleanseRecord({ nation: "Atlantis", tel: "000-000-0000", mail: "nope" }, spec);
    expect(codesAndPaths(bad)).toEqual([
      ["unknown_country", ["nation"]],
      ["placeholder_value", ["tel"]],
      ["invalid_email", ["mail"]],
    ]);
  });
});

describe("cleanseRecord: texts and ids", () => {
  const spec = compileCleanseSpec({ fields: { id: "id", source: "text" }, address: false });

  it("gives each its status: valid, fixed, missing or invalid", () => {
    expect(field(cleanseRecord({ source: "crm" }, spec), "source")).toEqual({ kind: "text", value: "crm", original: "crm", status: "valid", matchKey: null });
    expect(field(cleanseRecord({ source: " crm " }, spec), "source")).toEqual({ kind: "text", value: "crm", original: " crm ", status: "fixed", matchKey: null });
    expect(field(cleanseRecord({ source: "  " }, spec), "source")).toEqual({ kind: "text", value: null, original: "  ", status: "missing", matchKey: null });
    expect(field(cleanseRecord({ source: {} }, spec), "source")).toEqual({ kind: "text", value: null, original: {}, status: "invalid", matchKey: null });
    expect(field(cleanseRecord({ id: "r1" }, spec), "id")).toEqual({ kind: "id", value: "r1", original: "r1", status: "valid", matchKey: "r1" });
    expect(field(cleanseRecord({ id: " r1 " }, spec), "id")).toEqual({ kind: "id", value: "r1", original: " r1 ", status: "fixed", matchKey: "r1" });
  });

  it("accepts numbers as text, converted", () => {
    const result = cleanseRecord({ id: 42, source: 7 }, spec);
    expect(result.record).toEqual({ id: "42", source: "7" });
    expect(field(result, "id")).toEqual({ kind: "id", value: "42", original: 42, status: "fixed", matchKey: "42" });
    expect(codesAndPaths(result)).toEqual([
      ["coerced_type", ["id"]],
      ["coerced_type", ["source"]],
    ]);
  });

  it("takes ids up to 256 characters and texts far longer", () => {
    expect(cleanseRecord({ id: "x".repeat(256) }, spec).issues).toEqual([]);
    const long = cleanseRecord({ id: "x".repeat(257), source: "s".repeat(300) }, spec);
    expect(long.record).toEqual({ id: null, source: "s".repeat(300) });
    expect(long.issues).toEqual([expect.objectContaining({ code: "too_long", path: ["id"], maximum: 256, length: 257 })]);
  });
});

describe("cleanseRecord: host rules", () => {
  it("reports a failure at the field's path, nested paths split at dots", () => {
    const spec = compileCleanseSpec({ fields: {}, address: false, rules: { tier: { type: "string", optional: true }, address: { type: "object", optional: true, props: { zip: { type: "string" } } } } });
    const result = cleanseRecord({ tier: 1, address: { zip: 2 } }, spec);
    expect(result.issues.map((issue) => [issue.code, issue.path, (issue as { rule?: unknown }).rule])).toEqual([
      ["rule_failed", ["tier"], "string"],
      ["rule_failed", ["address", "zip"], "string"],
    ]);
    expect(cleanseRecord({ tier: "gold" }, spec).issues).toEqual([]);
  });

  it("reports a rule that throws at the record, with rule `error`", () => {
    const spec = compileCleanseSpec({
      fields: {},
      address: false,
      rules: {
        tier: {
          type: "custom",
          check: (): never => {
            throw new Error("host bug");
          },
        },
      },
    });
    expect(cleanseRecord({ tier: "gold" }, spec).issues).toEqual([{ code: "rule_failed", path: [], rule: "error", severity: expect.any(String) as unknown, message: 'The value failed the rule "error".' }]);
  });

  it("checks the standardised record, not the input", () => {
    const spec = compileCleanseSpec({ rules: { email: { type: "email" } } });
    expect(cleanseRecord({ email: " Ann@Acme.com " }, spec).issues).toEqual([]);
  });
});

describe("cleanseRecord: with a schema", () => {
  it("maps the record through the schema and reads it with the schema's country and date order", () => {
    const schema = defineSchema({ fields: { email: "mail", phone: "tel", dateOfBirth: "dob" }, defaultCountry: "US", dateOrder: "DMY" });
    const result = cleanseRecord({ mail: " A@x.com ", tel: "(212) 867-5309", dob: "03/04/1985", other: 1 }, schema);
    expect(result.record).toEqual({ email: "a@x.com", phone: "+12128675309", dateOfBirth: "1985-04-03" });
    expect(result.issues).toEqual([]);
    // The same schema twice reads the same.
    expect(cleanseRecord({ mail: " A@x.com ", tel: "(212) 867-5309", dob: "03/04/1985" }, schema).record).toEqual(result.record);
  });

  it("works without a country or date order, leaving what needs them unread", () => {
    const schema = defineSchema({ fields: { email: "mail", phone: "tel", dateOfBirth: "dob" } });
    const result = cleanseRecord({ mail: "a@x.com", tel: "(212) 867-5309", dob: "03/04/1985" }, schema);
    expect(result.record).toEqual({ email: "a@x.com", phone: null, dateOfBirth: null });
    expect(codesAndPaths(result)).toEqual([
      ["invalid_phone", ["phone"]],
      ["ambiguous_date", ["dateOfBirth"]],
    ]);
    const dated = cleanseRecord({ dob: "03/04/1985" }, defineSchema({ fields: { dateOfBirth: "dob", email: "mail" }, dateOrder: "MDY" }));
    expect(dated.record).toEqual({ dateOfBirth: "1985-03-04" });
  });

  it("reports values that are not records, as without a schema", () => {
    const schema = defineSchema({ fields: { email: "mail" } });
    for (const [value, received] of [
      [42, "number"],
      [null, "null"],
      [["x"], "array"],
      ["text", "string"],
    ] as const) {
      const result = cleanseRecord(value, schema);
      expect(result.record).toEqual({});
      expect(result.issues.map((issue) => [issue.code, (issue as { received?: unknown }).received])).toEqual([["invalid_type", received]]);
    }
  });
});

describe("cleanseRecord: the spec argument", () => {
  it("compiles a plain spec, and names cleanseRecord when a compiled one went through JSON", () => {
    const plain: CleanseSpec = { defaultCountry: "US", fields: { tel: "phone" }, address: false };
    expect(cleanseRecord({ tel: "(212) 867-5309" }, plain).record).toEqual({ tel: "+12128675309" });
    let caught: unknown;
    try {
      cleanseRecord({}, JSON.parse(JSON.stringify(compileCleanseSpec(plain))) as never);
    } catch (error) {
      caught = error;
    }
    expect(isProfileKitError(caught) && caught.code === "invalid_options").toBe(true);
    expect((caught as Error).message).toMatch(/^cleanseRecord: this compiled cleanse spec was copied or stored as JSON/);
  });

  it("keeps a column the full name's split replaces in original: nothing is lost", () => {
    const spec = compileCleanseSpec({ fields: { name: "fullName" }, address: false });
    const result = cleanseRecord({ name: "Ann Lee", firstName: "Bob", lastName: { x: 1 } }, spec);
    expect(result.record).toEqual({ name: "Ann Lee", firstName: "Ann", lastName: "Lee" });
    expect(result.original).toEqual({ firstName: "Bob", lastName: { x: 1 } });
    expect(result.derived).toEqual({ firstName: "name", lastName: "name" });
    // The same value, or none, is nothing to keep.
    const same = cleanseRecord({ name: "Ann Lee", firstName: "Ann", lastName: null }, spec);
    expect(same.record).toEqual({ name: "Ann Lee", firstName: "Ann", lastName: "Lee" });
    expect(same.original).toEqual({});
  });
});
