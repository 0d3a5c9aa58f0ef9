import { describe, expect, it } from "vitest";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { defineSchema } from "../engine/defineSchema.js";
import { _defaultModel } from "./_defaultModel.js";
import { _settingsOf, _withSchema } from "./_settings.js";
import type { MatchModel, ResolveIdentitiesOptions } from "./types.js";

/** The error a call throws (or null when it returns). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return null;
}

/** The code and message of the ProfileKitError a call throws. */
function refusal(run: () => unknown): { code: string; message: string } | string {
  const error = thrownBy(run);
  if (error instanceof ProfileKitError) return { code: error.code, message: error.message };
  return `not a ProfileKitError: ${String(error)}`;
}

const settings = (records: readonly unknown[], options: unknown) => _settingsOf("fn", records, options as ResolveIdentitiesOptions);
const accepted = (options: unknown): boolean => thrownBy(() => settings([{ id: "a" }], options)) === null;

describe("_settingsOf defaults", () => {
  it("fills every decision setting with its documented default", () => {
    const s = settings([{ id: "a", firstName: "Ann" }], {});
    expect(s.threshold).toBe(0.95);
    expect(s.strictThreshold).toBe(0.999);
    expect(s.maxClusterSize).toBe(50);
    expect(s.maxBlockSize).toBe(200);
    expect(s.maxComparisons).toBe(25_000_000);
    expect(s.maxPeoplePerValue).toBe(1);
    expect(s.limits).toEqual({ customerId: 1, email: 5, phone: 5 });
    expect(s.linkOnly).toBe(false);
    expect(s.assertions).toEqual([]);
    expect(s.customerIdFormat).toBeNull();
    expect(s.unusedColumns).toEqual([]);
    expect(s.model).toEqual(_defaultModel({}));
    expect(s.prepared.ids).toEqual(["a"]);
    expect(s.prepared.first).toEqual(["ann"]);
    expect(s.prepared.custom).toEqual([]);
  });

  it("takes each decision setting given", () => {
    const assertions = [{ a: "a", b: "b", match: true }];
    const s = settings([{ id: "a" }, { id: "b" }], {
      threshold: 0.5,
      strictThreshold: 0.6,
      maxClusterSize: 7,
      maxBlockSize: 9,
      maxComparisons: 11,
      maxPeoplePerValue: 3,
      identifierLimits: { customerId: 2, email: 3, phone: 4 },
      mode: "link",
      assertions,
    });
    expect([s.threshold, s.strictThreshold, s.maxClusterSize, s.maxBlockSize, s.maxComparisons, s.maxPeoplePerValue]).toEqual([0.5, 0.6, 7, 9, 11, 3]);
    expect(s.limits).toEqual({ customerId: 2, email: 3, phone: 4 });
    expect(s.linkOnly).toBe(true);
    expect(s.assertions).toEqual(assertions);
    expect(settings([{ id: "a" }], { mode: "dedupe" }).linkOnly).toBe(false);
  });

  it("fills each identifier limit left out on its own", () => {
    expect(settings([{ id: "a" }], { identifierLimits: { email: 2 } }).limits).toEqual({ customerId: 1, email: 2, phone: 5 });
    expect(settings([{ id: "a" }], { identifierLimits: { customerId: 3 } }).limits).toEqual({ customerId: 3, email: 5, phone: 5 });
    expect(settings([{ id: "a" }], { identifierLimits: { phone: 4 } }).limits).toEqual({ customerId: 1, email: 5, phone: 4 });
  });
});

describe("_settingsOf reading records", () => {
  it("reads ids from idField (default id) and sources from sourceField (default source)", () => {
    const byDefault = settings([{ id: "b", source: "crm" }, { id: "a", source: 7 }], {}).prepared;
    expect(byDefault.ids).toEqual(["a", "b"]);
    expect(byDefault.source).toEqual(["7", "crm"]);
    const mapped = settings([{ key: "k1", system: "web", id: "ignored", source: "ignored" }], { idField: "key", sourceField: "system" }).prepared;
    expect(mapped.ids).toEqual(["k1"]);
    expect(mapped.source).toEqual(["web"]);
  });

  it("maps columns onto standard fields", () => {
    const p = settings([{ id: "a", given: "Ann", family: "Lee", firstName: "Zed" }], { fields: { given: "firstName", family: "lastName" } }).prepared;
    expect(p.first).toEqual(["ann"]);
    expect(p.last).toEqual(["lee"]);
  });

  it("passes each custom field's kind, tolerance, block, identifier and levels to the preparation", () => {
    const p = settings([{ id: "a", n: 4, code: "AB1", tag: "x", d: "2001-02-03", name: "Ann" }], {
      customFields: {
        n: { kind: "numeric", tolerance: 2, block: true, identifier: true },
        code: { kind: "levenshtein", levels: [{ exact: true }, { maxEdits: 1 }] },
        tag: { kind: "exact", block: false, identifier: false, tolerance: 0 },
        d: { kind: "date" },
        name: { kind: "jaroWinkler" },
      },
    }).prepared;
    const summary = p.custom.map(({ name, kind, tolerance, block, identifier, levels }) => ({ name, kind, tolerance, block, identifier, levels }));
    expect(summary).toEqual([
      { name: "n", kind: "numeric", tolerance: 2, block: true, identifier: true, levels: null },
      { name: "code", kind: "levenshtein", tolerance: 0, block: false, identifier: false, levels: [{ name: "exact", test: "exact", bound: 0 }, { name: "edits1", test: "maxEdits", bound: 1 }] },
      { name: "tag", kind: "exact", tolerance: 0, block: false, identifier: false, levels: null },
      { name: "d", kind: "date", tolerance: 0, block: false, identifier: false, levels: null },
      { name: "name", kind: "jaroWinkler", tolerance: 0, block: false, identifier: false, levels: null },
    ]);
    expect(p.custom[0]?.number).toEqual([4]);
    expect(p.custom[1]?.text).toEqual(["ab1"]);
  });

  it("gives the built-in model of each custom field, by its kind or its own levels", () => {
    const s = settings([{ id: "a" }], { customFields: { code: { kind: "levenshtein", levels: [{ exact: true }, { maxEdits: 1 }] }, n: { kind: "numeric" } } });
    expect(s.model.fields["code"]?.map((level) => level.name)).toEqual(["exact", "edits1", "else"]);
    expect(s.model.fields["n"]?.map((level) => level.name)).toEqual(["exact", "close", "else"]);
    expect(s.model.fields["firstName"]).toEqual(_defaultModel({}).fields["firstName"]);
  });

  it("reads ambiguous birth dates by defaultCountry, then dateOrder, else both ways", () => {
    const record = { id: "a", dateOfBirth: "03/04/1980" };
    const either = settings([record], {}).prepared;
    expect([either.dob[0], either.dobAlt[0]]).toEqual(["1980-03-04", "1980-04-03"]);
    const british = settings([record], { defaultCountry: "GB" }).prepared;
    expect([british.dob[0], british.dobAlt[0]]).toEqual(["1980-04-03", null]);
    const dayFirst = settings([record], { dateOrder: "DMY" }).prepared;
    expect([dayFirst.dob[0], dayFirst.dobAlt[0]]).toEqual(["1980-04-03", null]);
    const monthFirst = settings([record], { dateOrder: "MDY" }).prepared;
    expect([monthFirst.dob[0], monthFirst.dobAlt[0]]).toEqual(["1980-03-04", null]);
    const yearFirst = settings([{ id: "a", dateOfBirth: "1980/03/04" }], { dateOrder: "YMD" }).prepared;
    expect(yearFirst.dob[0]).toBe("1980-03-04");
  });

  it("formats customer ids with the host's function, and keeps it", () => {
    const format = (value: string): string => `X${value}`;
    const s = settings([{ id: "a", customerId: "c-12" }], { customerIdFormat: format });
    expect(s.customerIdFormat).toBe(format);
    expect(s.prepared.customerId).toEqual(["Xc-12"]);
    expect(settings([{ id: "a", customerId: "c-12" }], {}).prepared.customerId).toEqual(["12"]);
  });
});

describe("_settingsOf unusedColumns", () => {
  it("lists the mapped columns no record holds a value of (empty text and null hold none)", () => {
    const records = [
      { id: "a", given: "Ann", mail: "", tel: null, zip: 0 },
      { id: "b", given: "", family: "Lee" },
    ];
    const s = settings(records, { fields: { given: "firstName", family: "lastName", mail: "email", tel: "phone", zip: "postalCode", dob: "dateOfBirth" } });
    expect(s.unusedColumns).toEqual(["mail", "tel", "dob"]);
  });

  it("lists none when no column is mapped", () => {
    expect(settings([{ id: "a" }], {}).unusedColumns).toEqual([]);
  });
});

describe("_settingsOf model", () => {
  it("fills a given model's missing fields from the built-in model, keeping its own fields and prior", () => {
    const given: MatchModel = { version: 1, probabilityTwoRandomRecordsMatch: 0.25, fields: { firstName: [{ name: "exact", m: 0.5, u: 0.5 }, { name: "else", m: 0.5, u: 0.5 }] } };
    const s = settings([{ id: "a" }], { model: given, customFields: { loyalty: { kind: "exact" } } });
    const defaults = _defaultModel({ loyalty: "exact" });
    expect(s.model.version).toBe(1);
    expect(s.model.probabilityTwoRandomRecordsMatch).toBe(0.25);
    expect(s.model.fields["firstName"]).toEqual(given.fields["firstName"]);
    expect(s.model.fields["lastName"]).toEqual(defaults.fields["lastName"]);
    expect(s.model.fields["loyalty"]).toEqual(defaults.fields["loyalty"]);
  });

  it("accepts a null prior in a model, and refuses models outside the format", () => {
    const fields = { email: [{ name: "exact", m: 0.9, u: 0.1 }, { name: "else", m: 0.1, u: 0.9 }] };
    expect(accepted({ model: { version: 1, probabilityTwoRandomRecordsMatch: null, fields } })).toBe(true);
    expect(accepted({ model: { version: 2, probabilityTwoRandomRecordsMatch: null, fields } })).toBe(false);
    expect(accepted({ model: { version: 1, probabilityTwoRandomRecordsMatch: 1, fields } })).toBe(false);
    expect(accepted({ model: { version: 1, probabilityTwoRandomRecordsMatch: null, fields: { email: [{ name: "exact", m: 0.9, u: 0.1 }] } } })).toBe(false);
    expect(accepted({ model: { version: 1, probabilityTwoRandomRecordsMatch: null, fields, extra: 1 } })).toBe(false);
  });
});

describe("_settingsOf option checks", () => {
  it("accepts each comparison kind, mode and date order", () => {
    for (const kind of ["exact", "levenshtein", "jaroWinkler", "date", "numeric"]) expect(accepted({ customFields: { c: { kind } } })).toBe(true);
    expect(accepted({ customFields: { c: { kind: "soundex" } } })).toBe(false);
    expect(accepted({ mode: "dedupe" })).toBe(true);
    expect(accepted({ mode: "link" })).toBe(true);
    expect(accepted({ mode: "merge" })).toBe(false);
    for (const dateOrder of ["MDY", "DMY", "YMD"]) expect(accepted({ dateOrder })).toBe(true);
    expect(accepted({ dateOrder: "DYM" })).toBe(false);
  });

  it("refuses custom fields named like prototype members, saying why", () => {
    const error = thrownBy(() => settings([{ id: "a" }], { customFields: { constructor: { kind: "exact" } } }));
    expect(error).toBeInstanceOf(ProfileKitError);
    expect(error).toMatchObject({ code: "invalid_options", message: "fn: invalid options. options.customFields.constructor: custom field names __proto__, constructor and prototype are not allowed" });
    expect((error as ProfileKitError).cause).toEqual([expect.objectContaining({ path: ["customFields", "constructor"], issues: [expect.objectContaining({ message: "custom field names __proto__, constructor and prototype are not allowed" })] })]);
    expect(accepted({ customFields: { loyalty: { kind: "exact", unknown: true } } })).toBe(false);
  });

  it("checks defaultCountry is two capital letters", () => {
    expect(accepted({ defaultCountry: "US" })).toBe(true);
    expect(refusal(() => settings([{ id: "a" }], { defaultCountry: "USA" }))).toEqual({ code: "invalid_options", message: "fn: invalid options. options.defaultCountry: expected an ISO 3166-1 alpha-2 code such as US" });
    expect(accepted({ defaultCountry: "xUS" })).toBe(false);
    expect(accepted({ defaultCountry: "U" })).toBe(false);
  });

  it("checks customerIdFormat is a function", () => {
    expect(refusal(() => settings([{ id: "a" }], { customerIdFormat: "upper" }))).toEqual({ code: "invalid_options", message: "fn: invalid options. options.customerIdFormat: expected a function (value: string) => string | null" });
  });

  it("checks identifier limits and assertions by shape", () => {
    expect(accepted({ identifierLimits: { email: 2, fax: 1 } })).toBe(false);
    expect(accepted({ assertions: [{ a: "a", b: "b", match: false }] })).toBe(true);
    expect(accepted({ assertions: [{ a: "a", b: "b", match: false, why: "x" }] })).toBe(false);
  });
});

describe("_withSchema", () => {
  it("leaves records and options as they are without a schema", () => {
    const records = [{ id: "a" }];
    const options = { threshold: 0.5 };
    const read = _withSchema("fn", records, options);
    expect(read.records).toBe(records);
    expect(read.options).toBe(options);
  });

  it("leaves options whose schema cannot be read to the options parser", () => {
    const records = [{ id: "a" }];
    const options = Object.defineProperty({}, "schema", { enumerable: true, get: () => { throw new Error("no"); } }) as ResolveIdentitiesOptions;
    const read = _withSchema("fn", records, options);
    expect(read.records).toBe(records);
    expect(read.options).toBe(options);
    expect(refusal(() => _settingsOf("fn", records, options))).toEqual({ code: "invalid_options", message: "fn: the options could not be read (a getter or Proxy threw)." });
    expect(refusal(() => _settingsOf("fn", records, null as unknown as ResolveIdentitiesOptions))).toMatchObject({ code: "invalid_options" });
  });

  it("refuses a schema not made by defineSchema", () => {
    expect(refusal(() => settings([{ id: "a" }], { schema: { kind: "profile-kit/schema" } }))).toEqual({ code: "invalid_options", message: "fn: options.schema must be a schema made by defineSchema." });
  });

  it("refuses reading options given with a schema, naming the first", () => {
    const schema = defineSchema({});
    expect(refusal(() => settings([{ id: "a" }], { schema, dateOrder: "DMY", idField: "key" }))).toEqual({ code: "invalid_options", message: "fn: options.idField cannot be given with options.schema, which says how records are read." });
    for (const key of ["sourceField", "fields", "customFields", "defaultCountry", "dateOrder"]) {
      expect(refusal(() => settings([{ id: "a" }], { schema, [key]: undefined }))).toEqual({ code: "invalid_options", message: `fn: options.${key} cannot be given with options.schema, which says how records are read.` });
    }
  });

  it("refuses records that are not an array with a schema", () => {
    expect(refusal(() => _withSchema("fn", {} as unknown as readonly unknown[], { schema: defineSchema({}) }))).toEqual({ code: "invalid_options", message: "fn: records must be an array." });
  });

  it("maps records through the schema and takes its reading settings", () => {
    const schema = defineSchema({ id: "key", source: "system", fields: { firstName: "given", dateOfBirth: "born" }, defaultCountry: "GB" });
    const s = settings([{ key: "k1", system: "crm", given: "Ann", born: "03/04/1980", firstName: "Zed" }], { schema });
    expect(s.prepared.ids).toEqual(["k1"]);
    expect(s.prepared.source).toEqual(["crm"]);
    expect(s.prepared.first).toEqual(["ann"]);
    expect([s.prepared.dob[0], s.prepared.dobAlt[0]]).toEqual(["1980-04-03", null]);
    const mdy = settings([{ id: "a", dateOfBirth: "03/04/1980" }], { schema: defineSchema({ dateOrder: "MDY" }) }).prepared;
    expect([mdy.dob[0], mdy.dobAlt[0]]).toEqual(["1980-03-04", null]);
    const neither = settings([{ id: "a", dateOfBirth: "03/04/1980" }], { schema: defineSchema({}) }).prepared;
    expect([neither.dob[0], neither.dobAlt[0]]).toEqual(["1980-03-04", "1980-04-03"]);
  });

  it("keeps records that are not plain objects as they are (refused by the preparation)", () => {
    const schema = defineSchema({});
    const listWithId = Object.assign([], { id: "x" });
    const read = _withSchema("fn", [listWithId, null, 5, { id: "a", extra: 1 }], { schema });
    expect(read.records[0]).toBe(listWithId);
    expect(read.records[1]).toBeNull();
    expect(read.records[2]).toBe(5);
    expect(read.records[3]).toEqual({ id: "a" });
    expect(refusal(() => settings([listWithId, { id: "a" }], { schema }))).toMatchObject({ code: "invalid_options", message: expect.stringContaining("1 record has no usable") as unknown });
  });

  it("takes the schema's custom fields with their settings", () => {
    const schema = defineSchema({
      fields: {},
      custom: {
        n: { column: "num", compare: "numeric", tolerance: 2, block: true, identifier: true },
        code: { compare: "levenshtein", levels: [{ exact: true }, { maxEdits: 1 }] },
        tag: { compare: "exact" },
      },
    });
    const p = settings([{ id: "a", num: 4, code: "AB1", tag: "t" }], { schema }).prepared;
    expect(p.custom.map(({ name, kind, tolerance, block, identifier, levels }) => ({ name, kind, tolerance, block, identifier, levels }))).toEqual([
      { name: "n", kind: "numeric", tolerance: 2, block: true, identifier: true, levels: null },
      { name: "code", kind: "levenshtein", tolerance: 0, block: false, identifier: false, levels: [{ name: "exact", test: "exact", bound: 0 }, { name: "edits1", test: "maxEdits", bound: 1 }] },
      { name: "tag", kind: "exact", tolerance: 0, block: false, identifier: false, levels: null },
    ]);
    expect(p.custom[0]?.number).toEqual([4]);
    // Settings a custom field leaves out are left out (not set to undefined) in the options it implies.
    expect(_withSchema("fn", [], { schema }).options.customFields).toStrictEqual({
      n: { kind: "numeric", tolerance: 2, block: true, identifier: true },
      code: { kind: "levenshtein", levels: [{ exact: true }, { maxEdits: 1 }] },
      tag: { kind: "exact" },
    });
  });

  it("takes the schema's identity settings, which options given override", () => {
    const schema = defineSchema({ identity: { threshold: 0.8, maxClusterSize: 9 } });
    const fromSchema = settings([{ id: "a" }], { schema });
    expect([fromSchema.threshold, fromSchema.maxClusterSize]).toEqual([0.8, 9]);
    const overridden = settings([{ id: "a" }], { schema, threshold: 0.6 });
    expect([overridden.threshold, overridden.maxClusterSize]).toEqual([0.6, 9]);
    const read = _withSchema("fn", [], { schema, threshold: 0.6 });
    expect(Object.hasOwn(read.options, "schema")).toBe(false);
    expect(read.options).toEqual({ threshold: 0.6, maxClusterSize: 9, customFields: {} });
  });
});
