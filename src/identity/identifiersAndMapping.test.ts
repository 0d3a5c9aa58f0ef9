import { describe, expect, it } from "vitest";
import { createProfileEngine } from "../engine/createProfileEngine.js";
import { defineSchema } from "../engine/defineSchema.js";
import { _normalizeCustomerId } from "./_prepare.js";
import { explainMatch } from "./explainMatch.js";
import { resolveIdentities } from "./resolveIdentities.js";

describe("customer ids: one id written several ways is one id", () => {
  it("normalises case, separators, a short letter prefix and leading zeros", () => {
    for (const form of ["75871826", "C75871826", "c-7587-1826", "0075871826", " c 7587 1826 ", "C.75871826", "#75871826"]) expect(_normalizeCustomerId(form)).toBe("75871826");
    expect(_normalizeCustomerId("CUS-000248517")).toBe("248517");
    expect(_normalizeCustomerId("000")).toBe("0");
    // Four letters are no prefix, and letters among digits stay: only the case and separators go.
    expect(_normalizeCustomerId("ABCD-12")).toBe("ABCD12");
    expect(_normalizeCustomerId("x7-q")).toBe("X7Q");
    expect(_normalizeCustomerId("ｃ７５８")).toBe("758"); // full-width forms (NFKC)
    expect(_normalizeCustomerId(" - ")).toBeNull();
  });

  const jon = { id: "a", source: "crm", customerId: "75871826", firstName: "Jon", lastName: "Smyth", city: "Leeds" };
  const john = { id: "b", source: "shop", customerId: "C75871826", firstName: "Johnny", lastName: "Smith", email: "js1982@fastmail.com" };
  const j = { id: "c", source: "support", customerId: "c-7587-1826", lastName: "Smith", phone: "+44 7700 900123" };

  it("links records whose ids differ only in format (they were vetoed as different customers before)", () => {
    const result = resolveIdentities([jon, john, j]);
    expect(result.clusters.map((c) => c.recordIds)).toEqual([["a", "b", "c"]]);
    expect(explainMatch([jon, john], "a", "b").decidedBy).toEqual({ kind: "rule", field: "customerId" });
  });

  it("keeps different ids apart, however alike the rest is", () => {
    const ann = { id: "1", source: "crm", customerId: "C-1001", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" };
    const other = { ...ann, id: "2", customerId: "C-1002" };
    expect(explainMatch([ann, other], "1", "2").decidedBy).toEqual({ kind: "veto", reason: "customerId" });
    expect(resolveIdentities([ann, other]).clusters).toHaveLength(2);
  });

  it("uses the host's format instead when given one (here: prefixes tell customers apart)", () => {
    const customerIdFormat = (value: string): string | null => value.toUpperCase().replace(/-/g, "");
    expect(explainMatch([jon, john], "a", "b", { customerIdFormat }).decidedBy).toEqual({ kind: "veto", reason: "customerId" });
    expect(resolveIdentities([jon, john, j], { customerIdFormat }).clusters.map((c) => c.recordIds)).toEqual([["a"], ["b", "c"]]);
    // null: not an id at all.
    expect(resolveIdentities([jon, john], { customerIdFormat: () => null }).clusters).toHaveLength(2);
  });

  it("refuses a format that throws, returns something else than a string or null, or is not a function", () => {
    expect(() => resolveIdentities([jon], { customerIdFormat: () => { throw new Error("boom"); } })).toThrow(expect.objectContaining({ code: "invalid_options", message: "resolveIdentities: customerIdFormat threw for a customer id." }) as Error);
    expect(() => resolveIdentities([jon], { customerIdFormat: () => 7 as never })).toThrow(/customerIdFormat must return a string/);
    expect(() => resolveIdentities([jon], { customerIdFormat: "upper" as never })).toThrow(/customerIdFormat.*expected a function/);
  });

  it("is read from a schema by the engine, as by batch resolution", async () => {
    const joined = createProfileEngine({ schema: defineSchema({}) });
    const first = await joined.ingest(jon);
    expect((await joined.ingest(john)).profileId).toBe(first.profileId);
    const strict = createProfileEngine({ schema: defineSchema({ identity: { customerIdFormat: (value: string) => value.toUpperCase() } }) });
    const one = await strict.ingest(jon);
    expect((await strict.ingest(john)).profileId).not.toBe(one.profileId);
  });
});

describe("a run with nothing to compare", () => {
  it("warns (nothing_comparable) instead of silently leaving every record alone, naming mapped columns no record holds", () => {
    const records = [{ id: "1", mail: "ann@fastmail.com" }, { id: "2", mail: "ann@fastmail.com" }];
    const result = resolveIdentities(records, { fields: { email_address: "email" } });
    expect(result.clusters).toHaveLength(2);
    expect(result.issues).toEqual([
      {
        code: "nothing_comparable",
        path: [],
        severity: "warning",
        unusedColumns: ["email_address"],
        message: 'No record has a value in a field identity resolution compares, so every record stays alone; map your columns with options.fields or a schema (no record has the mapped column "email_address").',
      },
    ]);
    expect(resolveIdentities(records).issues.map((issue) => [issue.code, issue.code === "nothing_comparable" ? issue.unusedColumns : null])).toEqual([["nothing_comparable", []]]);
    // Mapped, the same records link and nothing is reported.
    const mapped = resolveIdentities(records, { fields: { mail: "email" } });
    expect(mapped.clusters).toHaveLength(1);
    expect(mapped.issues).toEqual([]);
    // One record has nobody to be compared with: no warning.
    expect(resolveIdentities(records.slice(0, 1)).issues).toEqual([]);
  });
});

describe("a title alone in the first-name column", () => {
  it("is no first name, so it neither vetoes nor counts as agreement", () => {
    const rev = { id: "a", firstName: "Rev.", lastName: "Okafor", dateOfBirth: "1961-03-09", street: "14 Mill Lane", postalCode: "LS6 2AB", country: "GB" };
    const ann = { id: "b", firstName: "Ann", lastName: "Okafor", dateOfBirth: "1961-03-09", street: "14 Mill Lane", postalCode: "LS6 2AB", country: "GB" };
    const why = explainMatch([rev, ann], "a", "b");
    expect(why.decidedBy).not.toEqual({ kind: "veto", reason: "firstName" });
    expect(why.fields.find((f) => f.field === "firstName")).toMatchObject({ level: null, ignored: "missing" });
    // A real first name that differs still vetoes.
    expect(explainMatch([{ ...rev, firstName: "Grace" }, ann], "a", "b").decidedBy).toEqual({ kind: "veto", reason: "firstName" });
  });
});
