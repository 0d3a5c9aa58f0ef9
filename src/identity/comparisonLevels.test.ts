import { describe, expect, it } from "vitest";
import { createProfileEngine } from "../engine/createProfileEngine.js";
import { defineSchema } from "../engine/defineSchema.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { explainMatch } from "./explainMatch.js";
import { formatDecision } from "./_decision.js";
import { resolveIdentities } from "./resolveIdentities.js";
import { trainModel } from "./trainModel.js";

const filler = [...generateCustomerRecords({ entities: 60, seed: 21 })].map((g) => g.record);
const loyalty = { loyalty: { kind: "levenshtein" as const, levels: [{ exact: true as const }, { maxEdits: 1 }, { name: "looks alike", minJaroWinkler: 0.8 }] } };

describe("comparisons as data: a custom field's own levels", () => {
  it("compares at the levels given, in order, with default names, and else beyond them", () => {
    const level = (a: string, b: string): string | null =>
      explainMatch([{ id: "a", lastName: "Okafor", loyalty: a }, { id: "b", lastName: "Okafor", loyalty: b }, ...filler], "a", "b", { customFields: loyalty }).fields.find((f) => f.field === "loyalty")?.level ?? null;
    expect(level("LX-4471", "LX-4471")).toBe("exact");
    expect(level("LX-4471", "LX-4417")).toBe("edits1"); // a swap of neighbours is one edit
    expect(level("LX-4471", "LX-4489")).toBe("looks alike");
    expect(level("LX-4471", "QQ-0000")).toBe("else");
    expect(level("LX-4471", "")).toBeNull();
  });

  it("weighs its own levels from strong to weak before any training", () => {
    const weight = (b: string): number => explainMatch([{ id: "a", loyalty: "LX-4471" }, { id: "b", loyalty: b }, ...filler], "a", "b", { customFields: loyalty }).fields.find((f) => f.field === "loyalty")?.weight ?? Number.NaN;
    const [exact, one, alike, other] = ["LX-4471", "LX-4417", "LX-4489", "QQ-0000"].map(weight) as [number, number, number, number];
    expect(exact).toBeGreaterThan(one);
    expect(one).toBeGreaterThan(alike);
    expect(alike).toBeGreaterThan(0);
    expect(other).toBeLessThan(0);
  });

  it("compares numbers and dates at their own bands", () => {
    const options = { customFields: { income: { kind: "numeric" as const, levels: [{ exact: true as const }, { maxDifference: 1000 }, { maxDifference: 10_000 }] }, signup: { kind: "date" as const, levels: [{ maxDays: 0, name: "same day" }, { maxDays: 31 }] } } };
    const why = explainMatch([{ id: "a", income: 52_000, signup: "2024-03-01" }, { id: "b", income: 51_200, signup: "2024-03-20" }], "a", "b", options);
    expect(why.fields.find((f) => f.field === "income")?.level).toBe("within1000");
    expect(why.fields.find((f) => f.field === "signup")?.level).toBe("days31");
  });

  it("counts a one-edit level of an identifier as close: it outweighs a first-name conflict", () => {
    const customFields = { ssn: { kind: "exact" as const, identifier: true, levels: [{ exact: true as const }, { maxEdits: 1 }] } };
    const a = { id: "a", firstName: "Caitlin", lastName: "Panagaris", ssn: "2439383", dateOfBirth: "1938-07-26", postalCode: "5038", country: "AU" };
    const b = { id: "b", firstName: "Lauren", lastName: "Panagais", ssn: "2493383", dateOfBirth: "1938-07-26", postalCode: "5038", country: "AU" };
    expect(explainMatch([a, b], "a", "b", { customFields }).decidedBy).toEqual({ kind: "model" });
    expect(formatDecision(explainMatch([a, { ...b, ssn: "7700112" }], "a", "b", { customFields }).decidedBy)).toBe("veto:firstName");
  });

  it("refuses levels that cannot work, naming the field and the level", () => {
    const bad: unknown[] = [
      [{ exact: true, maxEdits: 1 }], // two tests
      [{ name: "x" }], // none
      [{ maxDays: 3 }], // a date test on text
      [{ exact: true }, { exact: true }], // the same name twice
      [{ name: "else", maxEdits: 1 }], // a reserved name
      [], // no level
    ];
    for (const levels of bad) {
      let error: unknown;
      try {
        resolveIdentities([{ id: "a", loyalty: "x" }], { customFields: { loyalty: { kind: "levenshtein", levels } } } as never);
      } catch (caught) {
        error = caught;
      }
      expect(isProfileKitError(error) && error.code === "invalid_options", JSON.stringify(levels)).toBe(true);
    }
    expect(() => defineSchema({ custom: { loyalty: { compare: "numeric", levels: [{ minJaroWinkler: 0.9 }] } } })).toThrow(/custom field "loyalty", level 1: minJaroWinkler cannot compare a numeric field/);
  });

  it("reads levels from a schema, and scores a pair the same in the engine as in batch", async () => {
    const schema = defineSchema({ fields: { lastName: "surname" }, custom: { loyalty: { compare: "levenshtein", levels: [{ exact: true }, { maxEdits: 1 }] } } });
    const rows = [{ id: "1", source: "crm", surname: "Okafor", loyalty: "LX-4471" }, { id: "2", source: "shop", surname: "Okafor", loyalty: "LX-4417" }];
    const batch = explainMatch(rows.map((r) => ({ ...r, id: `${r.source}:${r.id}` })), "crm:1", "shop:2", { schema });
    expect(batch.fields.find((f) => f.field === "loyalty")?.level).toBe("edits1");
    const engine = createProfileEngine({ schema });
    for (const row of rows) await engine.ingest(row);
    const live = await engine.explain("crm:1", "shop:2");
    expect(live.fields.find((f) => f.field === "loyalty")).toEqual(batch.fields.find((f) => f.field === "loyalty"));
  });

  it("is trained like any field: trainModel estimates m and u for each level by name", () => {
    const records = filler.map((r, k) => ({ ...r, loyalty: `LX-${1000 + (k % 40)}` }));
    const { model } = trainModel(records, { customFields: loyalty, seed: 3, randomPairs: 5_000 });
    expect(model.fields["loyalty"]?.map((level) => level.name)).toEqual(["exact", "edits1", "looks alike", "else"]);
  });
});

describe("email: one mailbox typed with a slip in its domain", () => {
  const level = (a: string, b: string): string | null =>
    explainMatch([{ id: "a", lastName: "Dixon", email: a }, { id: "b", lastName: "Dixon", email: b }, ...filler], "a", "b").fields.find((f) => f.field === "email")?.level ?? null;

  it("reads the same personal part at a domain one edit away as the same address (cleansing keeps .cm, a real domain)", () => {
    expect(level("roboyndixon@williams.com", "roboyndixon@williams.cm")).toBe("exact");
    expect(level("roboyndixon@williams.com", "roboyndixon@wlliams.com")).toBe("exact");
    expect(level("roboyndixon@williams.com", "roboyndixon@wiliams.cm")).toBe("samePersonalPart"); // two edits: another domain
    expect(level("rob@williams.com", "rob@williams.cm")).toBe("else"); // a personal part this short proves nothing
    expect(level("roboyndixon@williams.com", "roboyndixon@gmail.com")).toBe("samePersonalPart");
  });

  it("reads two letters of the domain swapped as the same slip", () => {
    expect(level("roboyndixon@hopkins.org", "roboyndixon@honkips.org")).toBe("exact");
    expect(level("roboyndixon@williams.com", "roboyndixon@willaims.com")).toBe("exact");
    // Two swaps, or the same letters in another order, are another domain.
    expect(level("roboyndixon@hopkins.org", "roboyndixon@ohpkisn.org")).toBe("samePersonalPart");
    expect(level("roboyndixon@live.com", "roboyndixon@evil.com")).toBe("samePersonalPart");
  });
});

describe("email: a personal part made of the person's names says nothing the names do not", () => {
  const level = (a: Record<string, string>, b: Record<string, string>): string | null =>
    explainMatch([{ id: "a", ...a }, { id: "b", ...b }, ...filler], "a", "b").fields.find((f) => f.field === "email")?.level ?? null;

  it("reads the names' own forms, the given name's nicknames included, as no evidence at two providers", () => {
    // What any Emilie or Sammy of that surname would choose: two people of one name are not one person by it.
    expect(level({ firstName: "Emilie", lastName: "Webster", email: "emily.webster@fourth.com" }, { firstName: "Emilie", lastName: "Webster", email: "emily.webster@msn.com" })).toBeNull();
    expect(level({ firstName: "Sammy", lastName: "Le", email: "samuel.le@hotmail.co.uk" }, { firstName: "Sammy", lastName: "Le", email: "samuel.le@outlook.com" })).toBeNull();
    expect(level({ firstName: "John", lastName: "Smith", email: "john.smith@gmail.com" }, { firstName: "John", lastName: "Smith", email: "john.smith@aol.com" })).toBeNull();
    // A personal part of its own still counts (roboyndixon is no one's name alone).
    expect(level({ firstName: "Robyn", lastName: "Dixon", email: "roboyndixon@gmail.com" }, { firstName: "Robyn", lastName: "Dixon", email: "roboyndixon@aol.com" })).toBe("samePersonalPart");
    // Another given name's personal part is not the person's own.
    expect(level({ firstName: "Emilie", lastName: "Webster", email: "jane.webster@fourth.com" }, { firstName: "Emilie", lastName: "Webster", email: "jane.webster@msn.com" })).toBe("samePersonalPart");
  });
});
