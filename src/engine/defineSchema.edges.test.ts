import { describe, expect, it } from "vitest";
import * as zod from "zod";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _schemaOf, _STANDARD_FIELDS, type _SchemaData } from "../shared/_schema.js";
import { defineSchema, type SchemaSpec } from "./defineSchema.js";

/** The data a schema registered (fails the test when there is none). */
function dataOf(spec: SchemaSpec): _SchemaData {
  const data = _schemaOf(defineSchema(spec));
  if (data === null) throw new Error("defineSchema registered nothing");
  return data;
}

/** What defineSchema throws for a spec (fails the test when it throws nothing or something else). */
function refusal(spec: unknown): ProfileKitError {
  try {
    defineSchema(spec as SchemaSpec);
  } catch (error) {
    if (error instanceof ProfileKitError) return error;
    throw error;
  }
  throw new Error("expected defineSchema to throw");
}

const COMPARABLE = ["firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "customerId"] as const;
const NOTHING_TO_COMPARE = `defineSchema: schema.fields maps no field identity can compare (${COMPARABLE.join(", ")}) and there is no custom field: every record would stay alone.`;
const NOT_STANDARD = "defineSchema: invalid options. schema.record: expected a Standard Schema (zod, valibot, arktype…)";
const standard = (validate: unknown): unknown => ({ "~standard": { version: 1, vendor: "test", validate } });

describe("defineSchema: what it registers", () => {
  it("reads every standard field from its own column by default, with the default id, source and time columns", () => {
    const data = dataOf({});
    expect([...data.fields.entries()]).toEqual(_STANDARD_FIELDS.map((field) => [field, { columns: [field], separator: " " }]));
    expect(data).toMatchObject({ idColumn: "id", sourceColumn: "source", timeColumn: "updatedAt", defaultCountry: null, dateOrder: null, merge: null, slots: null, validator: null });
    expect(data.custom).toEqual([]);
    expect(data.sources).toEqual([]);
    expect(data.identity).toEqual({});
  });

  it("reads only the fields mapped: one column, several joined by a space, or by the separator given", () => {
    const data = dataOf({ fields: { email: "Mail", street: ["No", "Line"], fullName: { columns: ["First", "Last"] }, city: { columns: ["Town", "District"], separator: "-" }, phone: { columns: ["Tel"], separator: "" } } });
    expect(Object.fromEntries(data.fields)).toEqual({
      fullName: { columns: ["First", "Last"], separator: " " },
      email: { columns: ["Mail"], separator: " " },
      phone: { columns: ["Tel"], separator: "" },
      street: { columns: ["No", "Line"], separator: " " },
      city: { columns: ["Town", "District"], separator: "-" },
    });
  });

  it("registers the id, source and time columns given, and no time column for null", () => {
    expect(dataOf({ id: "no", source: "sys", observedAt: "modified" })).toMatchObject({ idColumn: "no", sourceColumn: "sys", timeColumn: "modified" });
    expect(dataOf({ observedAt: null }).timeColumn).toBeNull();
  });

  it("registers the country, date order, sources, identity options, merge policy, slots and record validator given", () => {
    const record = zod.object({ id: zod.string() });
    const merge = { attributes: { city: { strategy: "mostRecent" as const } } };
    const data = dataOf({ defaultCountry: "GB", dateOrder: "DMY", sources: ["crm", "web"], identity: { threshold: 0.9 }, merge, slots: { hi: { path: "firstName", generic: "there" } }, record });
    expect(data).toMatchObject({ defaultCountry: "GB", dateOrder: "DMY", sources: ["crm", "web"], identity: { threshold: 0.9 }, merge });
    expect(data.validator).toBe(record);
    expect(data.slots).not.toBeNull();
    for (const order of ["MDY", "DMY", "YMD"] as const) expect(dataOf({ dateOrder: order }).dateOrder).toBe(order);
  });

  it("registers custom fields with their column (default: the name) and only the options given", () => {
    const data = dataOf({
      custom: {
        plain: { compare: "exact" },
        loyalty: { column: "LoyaltyNo", compare: "exact", block: true, identifier: true },
        age: { compare: "numeric", tolerance: 2, block: false, identifier: false },
        zero: { compare: "numeric", tolerance: 0 },
        nick: { compare: "levenshtein", levels: [{ exact: true }, { name: "close", maxEdits: 1 }] },
        motto: { compare: "jaroWinkler" },
        joined: { compare: "date", levels: [{ maxDays: 30 }] },
      },
    });
    expect(data.custom).toStrictEqual([
      { name: "plain", column: "plain", kind: "exact" },
      { name: "loyalty", column: "LoyaltyNo", kind: "exact", block: true, identifier: true },
      { name: "age", column: "age", kind: "numeric", tolerance: 2, block: false, identifier: false },
      { name: "zero", column: "zero", kind: "numeric", tolerance: 0 },
      { name: "nick", column: "nick", kind: "levenshtein", levels: [{ exact: true }, { name: "close", maxEdits: 1 }] },
      { name: "motto", column: "motto", kind: "jaroWinkler" },
      { name: "joined", column: "joined", kind: "date", levels: [{ maxDays: 30 }] },
    ]);
  });

  it("gives back a frozen schema holding a frozen copy of the spec", () => {
    const spec: SchemaSpec = { id: "no", fields: { email: "Mail" } };
    const schema = defineSchema(spec);
    expect(schema.kind).toBe("profile-kit/schema");
    expect(schema.spec).toEqual(spec);
    expect(schema.spec).not.toBe(spec);
    expect(Object.isFrozen(schema)).toBe(true);
    expect(Object.isFrozen(schema.spec)).toBe(true);
    expect(Object.isFrozen(spec)).toBe(false);
    expect(Object.keys(schema).sort()).toEqual(["kind", "spec"]);
  });
});

describe("defineSchema: something to compare", () => {
  it("accepts a schema mapping any one comparable field, even beside fields it cannot compare", () => {
    for (const field of COMPARABLE) {
      expect(dataOf({ fields: { [field]: "col", country: "C", region: "R" } }).fields.get(field)).toEqual({ columns: ["col"], separator: " " });
    }
  });

  it("refuses a mapping of only region and country (or of nothing) without custom fields, listing what it can compare", () => {
    expect(refusal({ fields: { region: "R", country: "C" } })).toMatchObject({ code: "invalid_options", message: NOTHING_TO_COMPARE });
    expect(refusal({ fields: {} }).message).toBe(NOTHING_TO_COMPARE);
    expect(dataOf({ fields: {}, custom: { tier: { compare: "exact" } } }).fields.size).toBe(0);
  });
});

describe("defineSchema: refusals", () => {
  it("refuses custom fields named like a standard field or the id, source and time columns", () => {
    for (const name of ["id", "source", "updatedAt", "email", "country", "region"]) {
      expect(refusal({ custom: { tier: { compare: "exact" }, [name]: { compare: "exact" } } })).toMatchObject({
        code: "invalid_options",
        message: `defineSchema: schema.custom.${name}: a custom field cannot take a standard field's name; map the column in schema.fields, or name the custom field differently.`,
      });
    }
    // A name that merely contains one is fine.
    expect(dataOf({ custom: { emailHash: { compare: "exact" }, sourceRank: { compare: "numeric" } } }).custom.map((c) => c.name)).toEqual(["emailHash", "sourceRank"]);
  });

  it("refuses custom field names that reach the prototype", () => {
    for (const name of ["constructor", "prototype"]) {
      const error = refusal({ custom: { [name]: { compare: "exact" } } });
      expect(error.code).toBe("invalid_options");
      expect(error.message).toBe(`defineSchema: invalid options. schema.custom.${name}: custom field names __proto__, constructor and prototype are not allowed`);
    }
  });

  it("accepts each comparison kind of a custom field and refuses another", () => {
    const kinds = ["exact", "levenshtein", "jaroWinkler", "date", "numeric"] as const;
    expect(dataOf({ custom: Object.fromEntries(kinds.map((kind) => [`f_${kind}`, { compare: kind }])) }).custom.map((c) => c.kind)).toEqual(kinds);
    expect(refusal({ custom: { tier: { compare: "soundex" } } }).message).toMatch(/^defineSchema: invalid options\. schema\.custom\.tier\.compare: /);
  });

  it("checks a custom field's levels against its kind, naming defineSchema and the field", () => {
    expect(refusal({ custom: { n: { compare: "numeric", levels: [{ maxEdits: 1 }] } } })).toMatchObject({ code: "invalid_options", message: 'defineSchema: custom field "n", level 1: maxEdits cannot compare a numeric field (it can: exact, maxDifference).' });
  });

  it("takes a default country of two capital letters only", () => {
    expect(dataOf({ defaultCountry: "US" }).defaultCountry).toBe("US");
    for (const country of ["USA", "1US", "U", "us", "U1", "XUS"]) {
      expect(refusal({ defaultCountry: country }).message).toBe("defineSchema: invalid options. schema.defaultCountry: expected an ISO 3166-1 alpha-2 code such as US");
    }
  });

  it("takes a record validator only when it is a Standard Schema with a validate function", () => {
    const good = standard(() => ({ value: 1 }));
    expect(dataOf({ record: good as never }).validator).toBe(good);
    const callable = { "~standard": Object.assign(() => 1, { validate: () => 1 }) };
    for (const record of [null, 5, "zod", {}, { "~standard": null }, { "~standard": 5 }, { "~standard": "x" }, standard(1), standard(undefined), callable]) {
      expect(refusal({ record }).message).toBe(NOT_STANDARD);
    }
  });

  it("refuses identity options that say how records are read, pointing to the schema or the engine", () => {
    for (const key of ["idField", "sourceField", "fields", "customFields", "defaultCountry", "dateOrder", "schema"]) {
      expect(refusal({ identity: { [key]: "x" } })).toMatchObject({ code: "invalid_options", message: `defineSchema: schema.identity.${key} is not an identity decision option; say how records are read in the schema itself.` });
    }
    expect(refusal({ identity: { assertions: [] } }).message).toBe("defineSchema: schema.identity.assertions is not an identity decision option (assert links on the engine).");
  });

  it("reports identity options resolveIdentities refuses as its own, in schema.identity, with the cause", () => {
    const error = refusal({ identity: { threshold: 2 } });
    expect(error.code).toBe("invalid_options");
    expect(error.message).toBe("defineSchema: invalid options. options.threshold: Too big: expected number to be <1 (in schema.identity)");
    expect(error.cause).toBeInstanceOf(ProfileKitError);
    expect((error.cause as ProfileKitError).message).toMatch(/^resolveIdentities: invalid options\. options\.threshold/);
    // Still identity's fault when a valid merge policy is given too.
    expect(refusal({ identity: { threshold: 2 }, merge: { attributes: { city: { strategy: "mostRecent" } } } }).message).toBe("defineSchema: invalid options. options.threshold: Too big: expected number to be <1 (in schema.identity)");
  });

  it("reports a merge policy mergeRecords refuses in schema.merge, with the cause", () => {
    const error = refusal({ merge: { attributes: { city: { strategy: "newest" } } } });
    expect(error.code).toBe("invalid_options");
    expect(error.message).toMatch(/^defineSchema: invalid options\. options\.policy\.attributes\.city\.strategy: expected one of "mostRecent", .* \(in schema\.merge\)$/);
    expect((error.cause as ProfileKitError).message).toMatch(/^mergeRecords: invalid options\. options\.policy/);
    expect(dataOf({ merge: { attributes: {} } }).merge).toEqual({ attributes: {} });
  });

  it("reports slots compileSlots refuses in schema.slots, with the cause", () => {
    const error = refusal({ slots: { greeting: { path: "", generic: "there" } } });
    expect(error.code).toBe("invalid_options");
    expect(error.message).toBe('defineSchema: invalid options. options.greeting.path: expected a path like "firstName" or "address.city" (in schema.slots)');
    expect((error.cause as ProfileKitError).message).toMatch(/^compileSlots: invalid options\./);
  });

  it("refuses unknown keys and malformed column mappings", () => {
    expect(refusal({ fields: { email: { columns: [] } } }).message).toMatch(/^defineSchema: invalid options\. schema\.fields\.email/);
    expect(refusal({ fields: { email: { columns: ["a"], joiner: "-" } } }).message).toMatch(/^defineSchema: invalid options\. schema\.fields\.email/);
    expect(refusal({ fields: { email: [] } }).message).toMatch(/^defineSchema: invalid options\. schema\.fields\.email/);
    expect(refusal({ fields: { email: "" } }).message).toMatch(/^defineSchema: invalid options\. schema\.fields\.email/);
    expect(refusal({ sources: [""] }).message).toBe("defineSchema: invalid options. schema.sources.0: Too small: expected string to have >=1 characters");
  });

  it("takes a callable Standard Schema (arktype's types are functions)", () => {
    const validate = (value: unknown): unknown => ({ value });
    const callable = Object.assign((value: unknown) => value, { "~standard": { version: 1, vendor: "arktype", validate } });
    expect(_schemaOf(defineSchema({ fields: { email: "E" }, record: callable as never }))?.validator).toBe(callable);
  });

  it("refuses a custom field named __proto__ (as JSON.parse makes it) instead of dropping it", () => {
    const custom: unknown = JSON.parse('{"__proto__": {"compare": "exact"}}');
    expect(() => defineSchema({ fields: { email: "E" }, custom } as never)).toThrow("defineSchema: invalid options. schema.custom.__proto__: the key __proto__ is not allowed");
  });
});
