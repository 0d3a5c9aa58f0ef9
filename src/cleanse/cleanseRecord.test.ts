import { describe, expect, it } from "vitest";
import { resolveIdentities } from "../identity/resolveIdentities.js";
import { mergeRecords } from "../merge/mergeRecords.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { cleanseRecord, type CleansedRecord } from "./cleanseRecord.js";
import { cleanseRecords } from "./cleanseRecords.js";
import { compileCleanseSpec } from "./compileCleanseSpec.js";

const spec = compileCleanseSpec({ now: "2026-01-01T00:00:00Z" });

describe("cleanseRecord", () => {
  it("standardises every standard field and keeps the originals", () => {
    const input = {
      id: "crm-1",
      source: "crm",
      updatedAt: "2024-03-01T10:00:00+05:30",
      firstName: "JOHN",
      lastName: "o'brien",
      email: " John.OBrien@Gmail.com ",
      phone: "(212) 867-5309",
      dateOfBirth: "03/14/1985",
      street: "6130 East Elm Parkway, Apartment 30",
      city: "Milwaukee, WI",
      postalCode: "532121234",
      country: "USA",
      loyaltyTier: "gold",
    };
    const result = cleanseRecord(input, spec);
    expect(result.record).toEqual({
      id: "crm-1",
      source: "crm",
      updatedAt: "2024-03-01T10:00:00.000+05:30",
      firstName: "John",
      lastName: "O'Brien",
      email: "john.obrien@gmail.com",
      phone: "+12128675309",
      dateOfBirth: "1985-03-14",
      street: "6130 E ELM PKWY APT 30",
      city: "Milwaukee",
      region: "WI",
      postalCode: "53212-1234",
      country: "US",
      loyaltyTier: "gold",
    });
    expect(result.original).toEqual({
      updatedAt: "2024-03-01T10:00:00+05:30",
      firstName: "JOHN",
      lastName: "o'brien",
      email: " John.OBrien@Gmail.com ",
      phone: "(212) 867-5309",
      dateOfBirth: "03/14/1985",
      street: "6130 East Elm Parkway, Apartment 30",
      city: "Milwaukee, WI",
      region: undefined,
      postalCode: "532121234",
      country: "USA",
    });
    expect(result.issues).toEqual([]);
    expect(result.fields["email"]).toMatchObject({ kind: "email", status: "fixed", matchKey: "johnobrien@gmail.com" });
    expect(result.fields["phone"]?.phone).toMatchObject({ country: "US", extension: null });
    expect(result.fields["id"]).toMatchObject({ status: "valid", matchKey: "crm-1" });
  });

  it("reads phones and dates with the record's country, else the default country", () => {
    const uk = cleanseRecord({ phone: "07987 932459", dateOfBirth: "03/04/1985", country: "UK" }, spec);
    expect(uk.record).toMatchObject({ phone: "+447987932459", dateOfBirth: "1985-04-03" });
    const us = cleanseRecord({ phone: "(212) 867-5309", dateOfBirth: "03/04/1985" }, compileCleanseSpec({ defaultCountry: "US" }));
    expect(us.record).toMatchObject({ phone: "+12128675309", dateOfBirth: "1985-03-04" });
    const unknown = cleanseRecord({ phone: "(212) 867-5309", dateOfBirth: "03/04/1985" }, spec);
    expect(unknown.record).toMatchObject({ phone: null, dateOfBirth: null });
    expect(unknown.issues.map((issue) => issue.code)).toEqual(["invalid_phone", "ambiguous_date"]);
  });

  it("splits a full name when the source has nothing else, and says so", () => {
    const result = cleanseRecord({ fullName: "Dr. Maria GARCIA" }, spec);
    expect(result.record).toMatchObject({ fullName: "Maria Garcia", firstName: "Maria", lastName: "Garcia" });
    expect(result.issues.map((issue) => issue.code)).toEqual(["name_split"]);
    expect(result.fields["firstName"]?.name?.nicknameKeys).toContain("maria");
    expect(cleanseRecord({ fullName: "Maria Garcia", firstName: "Mary" }, spec).record).not.toHaveProperty("lastName");
    expect(cleanseRecord({ fullName: "Maria Garcia" }, compileCleanseSpec({ splitFullName: false })).record).not.toHaveProperty("firstName");
  });

  it("marks unusable values null, keeps them in original, and reports them with the field in the path", () => {
    const result = cleanseRecord({ email: "test@test.com", phone: "000-000-0000", dateOfBirth: "1900-01-01", firstName: 42 }, spec);
    expect(result.record).toMatchObject({ email: null, phone: null, dateOfBirth: null, firstName: null });
    expect(result.original).toMatchObject({ email: "test@test.com", phone: "000-000-0000", dateOfBirth: "1900-01-01", firstName: 42 });
    expect(result.issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["invalid_type", ["firstName"]],
      ["placeholder_value", ["email"]],
      ["placeholder_value", ["phone"]],
      ["placeholder_value", ["dateOfBirth"]],
    ]);
  });

  it("does not add fields the record did not have", () => {
    expect(cleanseRecord({ email: "a@acme.com" }, spec).record).toEqual({ email: "a@acme.com" });
  });

  it("maps custom column names through the spec", () => {
    const custom = compileCleanseSpec({
      fields: { mail: "email", tel: "phone", born: { kind: "birthDate", order: "DMY" }, given: "firstName" },
      address: { street: "addr1", postalCode: "zip", country: "nation" },
      defaultCountry: "US",
    });
    const result = cleanseRecord({ mail: "A@Acme.com", tel: "2128675309", born: "03/04/1985", given: "ann", addr1: "1 main street", zip: "2163", nation: "USA", email: "untouched" }, custom);
    expect(result.record).toEqual({ mail: "a@acme.com", tel: "+12128675309", born: "1985-04-03", given: "Ann", addr1: "1 MAIN ST", zip: "02163", nation: "US", email: "untouched" });
  });

  it("checks host rules with fastest-validator and reports failures without values", () => {
    const withRules = compileCleanseSpec({ rules: { loyaltyTier: { type: "enum", values: ["gold", "silver"], optional: true }, email: { type: "email", nullable: true, optional: true } } });
    const failing = cleanseRecord({ loyaltyTier: "platinum-secret", email: "a@acme.com" }, withRules);
    expect(failing.issues).toEqual([expect.objectContaining({ code: "rule_failed", path: ["loyaltyTier"], rule: "enumValue" })]);
    expect(failing.issues[0]?.message).not.toContain("platinum");
    expect(cleanseRecord({ loyaltyTier: "gold" }, withRules).issues).toEqual([]);
    expect(failing.record["loyaltyTier"]).toBe("platinum-secret");
  });

  it("accepts any JSON value as a record without throwing", () => {
    for (const value of [null, 42, "text", [], [1, 2], true]) {
      const result = cleanseRecord(value, spec);
      expect(result.record).toEqual({});
      expect(result.issues[0]?.code).toBe("invalid_type");
    }
  });

  it("never pollutes a prototype, and reports the keys it left out", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "email": "a@acme.com"}') as unknown;
    const result = cleanseRecord(hostile, spec);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getPrototypeOf(result.record)).toBe(Object.prototype);
    expect(Object.keys(result.record)).toEqual(["email"]);
    expect(result.issues.map((issue) => issue.code)).toEqual(["unsafe_key", "unsafe_key"]);
  });

  it("handles 1 MB strings, control characters, emoji and right-to-left text as data", () => {
    const result = cleanseRecord(
      {
        firstName: "x".repeat(1_000_000),
        lastName: "Ro\u0000bert\u202E",
        email: "😀@acme.com",
        city: "القاهرة",
        country: "EG",
        phone: "\u0661\u0662\u0663",
      },
      spec,
    );
    expect(result.record["firstName"]).toBeNull();
    expect(result.record["lastName"]).toBe("Robert");
    expect(result.record["city"]).toBe("القاهرة");
    const codes = result.issues.map((issue) => issue.code);
    expect(codes).toContain("too_long");
    expect(codes).toContain("control_characters");
  });

  it("drops the invisible characters copy and paste brings (zero-width space, direction marks, soft hyphen)", () => {
    const result = cleanseRecord({ firstName: "An\u200bn", lastName: "\u200eLee", email: "ann\u200b@acme.com", city: "Lon\u00addon" });
    expect(result.record).toMatchObject({ firstName: "Ann", lastName: "Lee", email: "ann@acme.com", city: "London" });
    expect(result.issues.filter((issue) => issue.code === "control_characters").map((issue) => issue.path).sort()).toEqual([["city"], ["email"], ["firstName"], ["lastName"]]);
  });

  it("throws invalid_options for a spec that cannot work", () => {
    const bad: unknown[] = [{ fields: { email: "emial" } }, { defaultCountry: "USA" }, JSON.parse('{"fields": {"__proto__": "email"}}'), { rules: { x: { type: "no-such-rule" } } }, { now: "someday" }, { unknown: 1 }];
    for (const options of bad) {
      let caught: unknown;
      try {
        compileCleanseSpec(options as never);
      } catch (error) {
        caught = error;
      }
      expect(isProfileKitError(caught) && caught.code === "invalid_options", JSON.stringify(options)).toBe(true);
    }
  });
});

describe("cleanseRecords", () => {
  it("cleanses a batch in order, drops nothing, and counts quality per field", () => {
    const { results: records, report } = cleanseRecords(
      [
        { email: "a@acme.com", phone: "+12128675309" },
        { email: " B@acme.com", phone: "000-000-0000" },
        { email: "not-an-email" },
        { phone: "212 867 5309" },
        "garbage",
      ],
      { defaultCountry: "US" },
    );
    expect(records).toHaveLength(5);
    expect(records.map((r) => r.record["email"])).toEqual(["a@acme.com", "b@acme.com", null, undefined, undefined]);
    expect(report.records).toBe(5);
    expect(report.recordsWithProblems).toBe(3);
    expect(report.fields["email"]).toEqual({ valid: 1, fixed: 1, invalid: 1, missing: 1, issues: { invalid_email: 1 } });
    expect(report.fields["phone"]).toEqual({ valid: 1, fixed: 1, invalid: 1, missing: 1, issues: { placeholder_value: 1 } });
    expect(report.issues).toEqual({ placeholder_value: 1, invalid_email: 1, invalid_type: 1 });
  });

  it("shares one frozen result for each kind of absent field, and one nickname list per first name", () => {
    // A batch keeps every result alive: what is the same for every record is kept once.
    const { results } = cleanseRecords([{ email: "a@example.com", firstName: "Bob" }, { email: "b@example.com", firstName: "bob" }, { phone: null, firstName: "Zyx" }]);
    const [a, b, c] = results as [CleansedRecord, CleansedRecord, CleansedRecord];
    for (const field of ["phone", "street", "fullName", "dateOfBirth"]) {
      expect(a.fields[field], field).toBe(b.fields[field]);
      expect(Object.isFrozen(a.fields[field]), field).toBe(true);
    }
    expect(a.fields["phone"]).toMatchObject({ value: null, status: "missing", matchKey: null, phone: { type: null } });
    // A null value is no absent value: its original (null) is kept, so its result is its own.
    expect(c.fields["phone"]).toMatchObject({ value: null, original: null, status: "missing" });
    expect(c.fields["phone"]).not.toBe(a.fields["phone"]);
    expect(a.fields["firstName"]?.name?.nicknameKeys).toBe(b.fields["firstName"]?.name?.nicknameKeys);
    expect(a.fields["firstName"]?.name?.nicknameKeys).toEqual(expect.arrayContaining(["bob", "robert"]));
    expect(c.fields["firstName"]?.name?.nicknameKeys).toEqual(["zyx"]);
    // Records with the field keep their own results.
    expect(a.fields["email"]).not.toBe(b.fields["email"]);
  });

  it("keeps one result per distinct name written without issues, and its own for a name with issues", () => {
    const { results } = cleanseRecords([{ firstName: "Maria", lastName: "o'brien" }, { firstName: "Maria", lastName: "o'brien" }, { firstName: "M4ria" }, { firstName: "M4ria" }]);
    const [a, b, c, d] = results as [CleansedRecord, CleansedRecord, CleansedRecord, CleansedRecord];
    expect(b.fields["firstName"]).toBe(a.fields["firstName"]);
    const [x, y, z] = cleanseRecords([{ city: "Milwaukee", country: "USA" }, { city: "Milwaukee", country: "USA" }, { city: "milwaukee", country: "US" }]).results as [CleansedRecord, CleansedRecord, CleansedRecord];
    expect(y.fields["city"]).toBe(x.fields["city"]);
    expect(y.fields["country"]).toBe(x.fields["country"]);
    expect(z.fields["city"]).toMatchObject({ value: "Milwaukee", original: "milwaukee", status: "fixed" });
    expect(z.fields["country"]).toMatchObject({ value: "US", original: "US", status: "valid" });
    expect(b.fields["lastName"]).toEqual(a.fields["lastName"]);
    expect(b.record).toEqual({ firstName: "Maria", lastName: "O'Brien" });
    expect(b.original).toEqual({ lastName: "o'brien" });
    // Issues name their field and record: never shared.
    expect(c.issues.length).toBeGreaterThan(0);
    expect(d.fields["firstName"]).not.toBe(c.fields["firstName"]);
    expect(d.issues).toEqual(c.issues);
    // Readings are shared within one batch only: a record cleansed alone keeps nothing for the next call.
    expect(cleanseRecord({ firstName: "Maria" }).fields["firstName"]).not.toBe(cleanseRecord({ firstName: "Maria" }).fields["firstName"]);
    expect(cleanseRecords([{ firstName: "Maria" }]).results[0]?.fields["firstName"]).not.toBe(a.fields["firstName"]);
  });

  it("reads an email address once per batch when it recurs without issues, and each with issues on its own", () => {
    const { results } = cleanseRecords([
      { email: "Ann.Lee@Acme.org" },
      { email: "Ann.Lee@Acme.org" },
      { email: "ann.lee@acme.org" },
      { email: "bob@gmial.com" },
      { email: "bob@gmial.com" },
    ]);
    const [a, b, c, d, e] = results as [CleansedRecord, CleansedRecord, CleansedRecord, CleansedRecord, CleansedRecord];
    expect(b.fields["email"]).toBe(a.fields["email"]);
    expect(Object.isFrozen(a.fields["email"])).toBe(true);
    expect(b.record).toEqual({ email: "ann.lee@acme.org" });
    expect(b.original).toEqual({ email: "Ann.Lee@Acme.org" });
    // Another spelling is its own reading, with its own original and status.
    expect(c.fields["email"]).not.toBe(a.fields["email"]);
    expect(c.fields["email"]).toMatchObject({ value: "ann.lee@acme.org", original: "ann.lee@acme.org", status: "valid" });
    // A suspected typo is an issue naming its field: read again for each record, never shared.
    expect(d.issues.length).toBeGreaterThan(0);
    expect(e.fields["email"]).not.toBe(d.fields["email"]);
    expect(e.issues).toEqual(d.issues);
  });

  it("bounds each kind's shared readings apart: many distinct emails do not push out a name read before them", () => {
    const batch: Record<string, unknown>[] = [{ firstName: "Maria" }];
    for (let i = 0; i < 20_100; i++) batch.push({ email: `person${String(i)}@acme.org` });
    batch.push({ firstName: "Maria" });
    const { results } = cleanseRecords(batch);
    expect(results.at(-1)?.fields["firstName"]).toBe(results[0]?.fields["firstName"]);
  });

  it("rejects a non-array with invalid_options", () => {
    expect(() => cleanseRecords("nope" as never)).toThrow(expect.objectContaining({ code: "invalid_options" }));
  });

  it("lists fields it filled in as derived (with their source), never as originals of undefined", () => {
    const result = cleanseRecord({ fullName: "Dr. Mary Smith", city: "Milwaukee, WI" }, { defaultCountry: "US" });
    expect(result.derived).toEqual({ region: "city", firstName: "fullName", lastName: "fullName" });
    expect(result.original).toEqual({ fullName: "Dr. Mary Smith", city: "Milwaukee, WI" });
    expect(Object.values(result.original)).not.toContain(undefined);
    expect(result.record).toMatchObject({ region: "WI", firstName: "Mary", lastName: "Smith" });
  });

  it("gives plain records for the next stage, and refuses results passed where records belong", () => {
    const batch = cleanseRecords([{ id: "a", email: "A@X.COM" }, { id: "b", email: "b@x.com" }]);
    expect(batch.records).toEqual([{ id: "a", email: "a@x.com" }, { id: "b", email: "b@x.com" }]);
    expect(batch.results[0]?.record).toBe(batch.records[0]);
    expect(resolveIdentities(batch.records).stats.records).toBe(2);
    expect(() => resolveIdentities(batch.results)).toThrow(/cleanseRecord results, not records/);
    expect(() => mergeRecords(batch.results as never)).toThrow(/cleanseRecord results, not records/);
  });
});
