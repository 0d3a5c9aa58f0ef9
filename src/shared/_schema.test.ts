// Direct tests of the schema registry and of mapping a host record onto the standard fields (issue #19).
import { describe, expect, it, vi } from "vitest";
import { _mapRecord, _registerSchema, _schemaOf, _STANDARD_FIELDS, type _ColumnMap, type _SchemaCustom, type _SchemaData, type _StandardField } from "./_schema.js";

function schemaData(overrides: { timeColumn?: string | null; fields?: [_StandardField, _ColumnMap][]; custom?: _SchemaCustom[] } = {}): _SchemaData {
  return {
    idColumn: "customer_id",
    sourceColumn: "system",
    timeColumn: overrides.timeColumn === undefined ? "modified" : overrides.timeColumn,
    fields: new Map(overrides.fields ?? []),
    custom: overrides.custom ?? [],
    defaultCountry: null,
    dateOrder: null,
    identity: {},
    merge: null,
    slots: null,
    validator: null,
    sources: [],
  };
}

const one = (column: string): _ColumnMap => ({ columns: [column], separator: " " });

describe("_STANDARD_FIELDS", () => {
  it("lists the fields a schema maps columns onto, in order", () => {
    expect(_STANDARD_FIELDS).toEqual(["firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "region", "postalCode", "country", "customerId"]);
  });
});

describe("_registerSchema and _schemaOf", () => {
  it("finds the data of a registered schema, and null for anything else", () => {
    const schema = {};
    const data = schemaData();
    expect(_schemaOf(schema)).toBeNull();
    _registerSchema(schema, data);
    expect(_schemaOf(schema)).toBe(data);
    expect(_schemaOf({})).toBeNull();
    for (const value of [null, undefined, "schema", 1, true, Symbol.for("x")]) expect(_schemaOf(value)).toBeNull();
  });

  it("does not take a function for a schema, even one registered", () => {
    const notASchema = (): null => null;
    _registerSchema(notASchema, schemaData());
    expect(_schemaOf(notASchema)).toBeNull();
  });

  it("keeps one registry per process under a registered symbol, shared by a second copy of the module", async () => {
    const schema = {};
    const data = schemaData();
    _registerSchema(schema, data);
    const registry: unknown = Reflect.get(globalThis, Symbol.for("profile-kit.schemas@1"));
    expect(registry).toBeInstanceOf(WeakMap);
    expect(registry instanceof WeakMap ? registry.get(schema) : "not a WeakMap").toBe(data);

    vi.resetModules();
    const copy = await import("./_schema.js");
    expect(copy._schemaOf).not.toBe(_schemaOf);
    expect(copy._schemaOf(schema)).toBe(data);
    const other = {};
    const otherData = schemaData({ timeColumn: null });
    copy._registerSchema(other, otherData);
    expect(_schemaOf(other)).toBe(otherData);
    expect(Reflect.get(globalThis, Symbol.for("profile-kit.schemas@1"))).toBe(registry);
  });
});

describe("_mapRecord", () => {
  it("maps id, source, time, standard and custom fields in that order, leaving other columns out", () => {
    const data = schemaData({
      fields: [
        ["firstName", one("first")],
        ["fullName", { columns: ["first", "middle", "last"], separator: " " }],
        ["street", { columns: ["line1", "line2"], separator: ", " }],
      ],
      custom: [{ name: "loyaltyTier", column: "tier", kind: "exact" }],
    });
    const record = { tier: "gold", line2: "Apt 4", line1: "1 Main St", last: "Lee", middle: "Q", first: "Ann", modified: "2024-03-01", system: "crm", customer_id: "c-1", unmapped: "x" };
    const mapped = _mapRecord(data, record);
    expect(mapped).toStrictEqual({ id: "c-1", source: "crm", updatedAt: "2024-03-01", firstName: "Ann", fullName: "Ann Q Lee", street: "1 Main St, Apt 4", loyaltyTier: "gold" });
    expect(Object.keys(mapped)).toEqual(["id", "source", "updatedAt", "firstName", "fullName", "street", "loyaltyTier"]);
  });

  it("leaves out a field whose column is absent or undefined, and keeps null and every other value as it is", () => {
    const data = schemaData({ fields: [["email", one("mail")], ["phone", one("tel")], ["city", one("town")]], custom: [{ name: "score", column: "pts", kind: "numeric" }, { name: "vip", column: "isVip", kind: "exact" }] });
    expect(_mapRecord(data, {})).toStrictEqual({});
    expect(_mapRecord(data, { customer_id: undefined, system: undefined, modified: undefined, mail: undefined, pts: undefined })).toStrictEqual({});
    const values = { customer_id: 7, system: null, modified: 1_700_000_000_000, mail: "  ann@example.com  ", tel: 5551234, town: { name: "Oslo" }, pts: Number.NaN, isVip: false };
    expect(_mapRecord(data, values)).toStrictEqual({ id: 7, source: null, updatedAt: 1_700_000_000_000, email: "  ann@example.com  ", phone: 5551234, city: { name: "Oslo" }, score: Number.NaN, vip: false });
    expect(_mapRecord(data, { mail: "", tel: "   " })).toStrictEqual({ email: "", phone: "   " });
  });

  it("maps no time without a time column, even from a column named null or updatedAt", () => {
    const data = schemaData({ timeColumn: null });
    expect(_mapRecord(data, { customer_id: "c-1", system: "crm", null: "2024-01-01", updatedAt: "2024-02-02", modified: "2024-03-03" })).toStrictEqual({ id: "c-1", source: "crm" });
  });

  it("joins several columns: trimmed text and finite numbers, blank and other values skipped", () => {
    const data = schemaData({ fields: [["street", { columns: ["a", "b", "c", "d"], separator: " | " }]] });
    expect(_mapRecord(data, { a: " 1 ", b: "Main  St ", c: 42, d: "\tApt\n" })).toStrictEqual({ street: "1 | Main  St | 42 | Apt" });
    expect(_mapRecord(data, { a: "x", b: "", c: "   ", d: "y" })).toStrictEqual({ street: "x | y" });
    expect(_mapRecord(data, { a: 0, b: -1.5, c: Number.NaN, d: Number.POSITIVE_INFINITY })).toStrictEqual({ street: "0 | -1.5" });
    expect(_mapRecord(data, { a: true, b: null, c: { x: 1 }, d: ["y"] })).toStrictEqual({});
    expect(_mapRecord(data, { b: "only" })).toStrictEqual({ street: "only" });
    expect(_mapRecord(data, { a: "", b: " ", c: Number.NEGATIVE_INFINITY })).toStrictEqual({});
    expect(_mapRecord(data, {})).toStrictEqual({});
  });

  it("joins with the field's own separator, also an empty one", () => {
    const data = schemaData({ fields: [["postalCode", { columns: ["outward", "inward"], separator: "" }], ["fullName", { columns: ["first", "last"], separator: "-" }]] });
    expect(_mapRecord(data, { outward: "SW1A", inward: "1AA", first: "Ann", last: "Lee" })).toStrictEqual({ postalCode: "SW1A1AA", fullName: "Ann-Lee" });
  });

  it("reads own properties only, and writes a custom field named __proto__ as data", () => {
    const data = schemaData({ fields: [["email", one("toString")]], custom: [{ name: "__proto__", column: "proto", kind: "exact" }] });
    const inherited = Object.create({ customer_id: "c-1", system: "crm" }) as Record<string, unknown>;
    expect(_mapRecord(data, inherited)).toStrictEqual({});
    const mapped = _mapRecord(data, { proto: { polluted: true } });
    expect(Object.getPrototypeOf(mapped)).toBe(Object.prototype);
    expect(Object.keys(mapped)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(mapped, "__proto__")?.value).toEqual({ polluted: true });
  });
});
