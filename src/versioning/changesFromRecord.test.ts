import { describe, expect, it } from "vitest";
import { defineSchema } from "../engine/defineSchema.js";
import { appendChanges } from "./appendChanges.js";
import { changesFromRecord } from "./changesFromRecord.js";

const schema = defineSchema({
  id: "customer_id",
  source: "system",
  observedAt: "modified",
  fields: { email: "Email", firstName: "First", street: ["house_no", "street_line"] },
  custom: { plan: { column: "Plan", compare: "exact" } },
});

describe("changesFromRecord", () => {
  it("reads a host row through the schema: its time and source columns, fields from several columns joined, custom fields", () => {
    const row = { customer_id: 7, system: "crm", modified: "2025-03-01T09:00:00Z", Email: "ann@example.com", First: "", house_no: "12", street_line: "High St", Plan: "pro", ignored: "x" };
    const changes = changesFromRecord(row, { schema });
    expect(changes).toEqual([
      { attribute: "email", value: "ann@example.com", validAt: "2025-03-01T09:00:00Z", source: "crm" },
      { attribute: "street", value: "12 High St", validAt: "2025-03-01T09:00:00Z", source: "crm" },
      { attribute: "plan", value: "pro", validAt: "2025-03-01T09:00:00Z", source: "crm" },
    ]);
    const { history } = appendChanges(null, changes, { now: "2025-06-01T00:00:00Z", profileId: "p-7" });
    expect(history.entries.map((e) => [e.attribute, e.value, new Date(e.validAt).toISOString(), e.source])).toEqual([
      ["email", "ann@example.com", "2025-03-01T09:00:00.000Z", "crm"],
      ["street", "12 High St", "2025-03-01T09:00:00.000Z", "crm"],
      ["plan", "pro", "2025-03-01T09:00:00.000Z", "crm"],
    ]);
  });

  it("reads the standard vocabulary without a schema; null is a change, an empty string or a missing column is none", () => {
    expect(changesFromRecord({ id: "1", source: "web", updatedAt: 1_700_000_000_000, email: "a@b.com", city: null, phone: "  " })).toEqual([
      { attribute: "email", value: "a@b.com", validAt: 1_700_000_000_000, source: "web" },
      { attribute: "city", value: null, validAt: 1_700_000_000_000, source: "web" },
    ]);
    // No time, no source: appendChanges times it by its clock and reports that.
    expect(changesFromRecord({ email: "a@b.com" })).toEqual([{ attribute: "email", value: "a@b.com", validAt: null, source: null }]);
  });

  it("throws invalid_options for a record that is not an object, a value that is not a schema, or an unknown option", () => {
    const codeOf = (run: () => unknown): unknown => {
      try {
        run();
        return "no error";
      } catch (error) {
        return [(error as { code?: unknown }).code, (error as Error).message];
      }
    };
    expect(codeOf(() => changesFromRecord(null as never))).toEqual(["invalid_options", "changesFromRecord: the record must be an object."]);
    expect(codeOf(() => changesFromRecord({}, { schema: { id: "x" } }))).toEqual(["invalid_options", "changesFromRecord: options.schema must be a schema made by defineSchema."]);
    expect(codeOf(() => changesFromRecord({}, { scheme: schema } as never))).toEqual(["invalid_options", 'changesFromRecord: unknown option "scheme" (expected schema).']);
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("trap"); } });
    expect(codeOf(() => changesFromRecord(hostile))).toEqual(["invalid_options", "changesFromRecord: the record could not be read."]);
  });
});
