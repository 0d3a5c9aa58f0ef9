import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import { cleanseRecord } from "../cleanse/cleanseRecord.js";
import { cleanseRecords } from "../cleanse/cleanseRecords.js";
import { resolveIdentities } from "../identity/resolveIdentities.js";
import { explainMatch } from "../identity/explainMatch.js";
import { mergeRecords } from "../merge/mergeRecords.js";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";

const invalid = (pattern: RegExp): unknown => expect.objectContaining({ code: "invalid_options", message: expect.stringMatching(pattern) as unknown });

// A host's own column names, with the street split into number and line as many CRMs export it.
const crm = defineSchema({
  id: "customer_no",
  source: "system",
  observedAt: "modified",
  fields: { firstName: "First", lastName: "Last", email: "E-mail", phone: "Tel", street: ["HouseNo", "StreetLine"], city: "Town", postalCode: "Zip", country: "Country" },
  custom: { loyalty: { column: "LoyaltyNo", compare: "exact", identifier: true, block: true } },
  defaultCountry: "US",
  merge: { attributes: { city: { strategy: "mostRecent" } } },
});
const rows = [
  { customer_no: "A1", system: "crm", modified: "2025-01-01T00:00:00Z", First: "Ann", Last: "Lee", "E-mail": "ann.lee@fastmail.com", HouseNo: "12", StreetLine: "Main Street", Town: "Springfield", Zip: "62701", LoyaltyNo: "L-77" },
  { customer_no: "B7", system: "shop", modified: "2025-02-01T00:00:00Z", First: "Anne", Last: "Lee", "E-mail": "other@proton.me", HouseNo: 12, StreetLine: "Main St", Town: "Springfield ", Zip: "62701", LoyaltyNo: "L-77" },
  { customer_no: "C3", system: "crm", modified: "2025-01-05T00:00:00Z", First: "Bob", Last: "Stone", "E-mail": "bob.stone@yahoo.com", Town: "Albany" },
];

describe("defineSchema", () => {
  it("refuses unknown keys and fields, clashing names and a mapping that leaves nothing to compare", () => {
    expect(() => defineSchema({ idd: "x" } as never)).toThrow(invalid(/idd/));
    expect(() => defineSchema({ fields: { emial: "E" } } as never)).toThrow(invalid(/emial/));
    expect(() => defineSchema({ fields: { country: "C", region: "R" } })).toThrow(invalid(/no field identity can compare/));
    expect(() => defineSchema({ custom: { email: { compare: "exact" } } })).toThrow(invalid(/standard field/));
    expect(() => defineSchema({ custom: { tier: { compare: "fuzzy" as never } } })).toThrow(invalid(/compare/));
    expect(() => defineSchema({ identity: { threshold: 2 } })).toThrow(invalid(/threshold/));
    expect(() => defineSchema({ identity: { idField: "x" } as never })).toThrow(invalid(/idField/));
    expect(() => defineSchema({ merge: { attributes: { city: { strategy: "newest" } } } as never })).toThrow(invalid(/merge/));
    expect(() => defineSchema({ record: { parse: () => 1 } as never })).toThrow(invalid(/Standard Schema/));
    // Only custom fields: still something to compare.
    expect(() => defineSchema({ fields: { country: "C" }, custom: { tier: { compare: "exact" } } })).not.toThrow();
  });

  it("combines several columns into one field and reads every stage through the same names", () => {
    const cleansed = cleanseRecord(rows[0], crm);
    expect(cleansed.record).toMatchObject({ id: "A1", source: "crm", email: "ann.lee@fastmail.com", street: "12 MAIN ST", city: "Springfield", loyalty: "L-77" });
    expect(cleanseRecords(rows, crm).records).toHaveLength(3);
    const { clusters } = resolveIdentities(rows, { schema: crm });
    expect(clusters.map((c) => c.recordIds)).toEqual(expect.arrayContaining([["A1", "B7"], ["C3"]]));
    expect(explainMatch(rows, "A1", "B7", { schema: crm }).decidedBy).toEqual({ kind: "rule", field: "loyalty" });
    const golden = mergeRecords(rows.slice(0, 2), { schema: crm });
    expect(golden.recordIds).toEqual(["A1", "B7"]);
    // The schema's policy: the most recent city.
    expect(golden.provenance["city"]?.recordId).toBe("B7");
  });

  it("refuses reading options beside a schema, and a value that is not a schema", () => {
    expect(() => resolveIdentities(rows, { schema: crm, idField: "customer_no" })).toThrow(invalid(/idField cannot be given with options.schema/));
    expect(() => mergeRecords(rows, { schema: crm, timeField: "modified" })).toThrow(invalid(/timeField/));
    expect(() => resolveIdentities(rows, { schema: { kind: "profile-kit/schema" } })).toThrow(invalid(/defineSchema/));
    expect(() => createProfileEngine({ schema: { kind: "profile-kit/schema" } as never })).toThrow(invalid(/defineSchema/));
    // Decision options still apply, over the schema's.
    expect(resolveIdentities(rows, { schema: crm, threshold: 0.99 }).clusters).toHaveLength(2);
  });

  it("carries the record type of a Standard Schema to the engine's profiles", async () => {
    const typed = defineSchema({ fields: { email: "email" }, custom: { plan: { compare: "exact" } }, record: z.object({ id: z.string(), source: z.string(), email: z.string(), plan: z.optional(z.enum(["free", "pro"])) }) });
    const engine = createProfileEngine({ schema: typed, now: () => Date.parse("2025-05-01T00:00:00Z") });
    const { profileId } = await engine.ingest({ id: "1", source: "crm", email: "a@fastmail.com", plan: "pro" });
    const profile = await engine.getProfile(profileId as string);
    expectTypeOf(profile?.attributes.plan).toEqualTypeOf<"free" | "pro" | undefined>();
    expectTypeOf(profile?.attributes["email"]).toEqualTypeOf<string | undefined>();
    expect(profile?.attributes.plan).toBe("pro");
  });

  it("carries the personalization slots: checked at definition, used by engine.personalize", async () => {
    expect(() => defineSchema({ slots: { greeting: { path: "", generic: "there" } } })).toThrow(invalid(/slots/));
    const schema = defineSchema({ slots: { greeting: { path: "firstName", generic: "there" }, town: { path: "city", policy: "omit" } } });
    const engine = createProfileEngine({ schema, now: () => Date.parse("2025-05-01T00:00:00Z") });
    const { profileId } = await engine.ingest({ id: "1", source: "crm", firstName: "ann", email: "ann@fastmail.com" });
    const result = await engine.personalize(profileId as string, { now: "2025-05-01T00:00:00Z" });
    expect(result?.values).toEqual({ greeting: "Ann", town: null });
    expect(await engine.personalize("p_nobody")).toBeNull();
    await expect(createProfileEngine({ schema: defineSchema({}) }).personalize("p_x")).rejects.toThrow(invalid(/no slots/));
  });
});
