import { describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { evaluateClusters } from "./evaluateClusters.js";
import { resolveIdentities } from "./resolveIdentities.js";
import { trainModel } from "./trainModel.js";
import { defineSchema } from "../engine/defineSchema.js";

const generated = [...generateCustomerRecords({ entities: 800, seed: 31 })];
const records = generated.map((g) => g.record);
const truth = new Map(generated.map((g) => [g.record.id, g.entityId]));

describe("trainModel", () => {
  it("estimates a JSON model deterministically from unlabelled data, usable by resolveIdentities", () => {
    const a = trainModel(records, { seed: 7, randomPairs: 20_000 });
    const b = trainModel([...records].reverse(), { seed: 7, randomPairs: 20_000 });
    expect(JSON.parse(JSON.stringify(a.model))).toEqual(a.model);
    expect(b.model).toEqual(a.model);
    expect(a.report.candidatePairs).toBeGreaterThan(0);
    const email = a.model.fields["email"];
    // Agreement is far likelier among matches than among random pairs.
    expect((email?.[0]?.m ?? 0) / (email?.[0]?.u ?? 1)).toBeGreaterThan(100);
    for (const levels of Object.values(a.model.fields)) {
      const m = levels.reduce((total, level) => total + level.m, 0);
      const u = levels.reduce((total, level) => total + level.u, 0);
      expect(m).toBeCloseTo(1, 3);
      expect(u).toBeCloseTo(1, 3);
    }
    const score = evaluateClusters(resolveIdentities(records, { model: a.model }).clusters, truth);
    expect(score.precision).toBeGreaterThan(0.95);
  });

  it("learns m from labelled pairs", () => {
    const matches = generated.flatMap((g, i) => (i > 0 && generated[i - 1]?.entityId === g.entityId ? [{ a: generated[i - 1]?.record.id as string, b: g.record.id, match: true }] : []));
    const trained = trainModel(records, { labels: matches.slice(0, 300), randomPairs: 20_000 });
    expect(trained.report.labelledMatches).toBe(300);
    expect(trained.model.probabilityTwoRandomRecordsMatch).toBeNull();
  });

  it("rejects bad labels and options with invalid_options", () => {
    expect(() => trainModel(records, { labels: [{ a: "nope", b: "crm-1", match: true }] })).toThrow(expect.objectContaining({ code: "invalid_options" }));
    expect(() => trainModel(records, { labels: [{ a: "crm-1", b: "crm-2", match: false }] })).toThrow(expect.objectContaining({ code: "invalid_options" }));
    expect(() => trainModel(records, { randomPairs: 3 })).toThrow(expect.objectContaining({ code: "invalid_options" }));
    expect(() => trainModel([{ id: "a" }])).toThrow(expect.objectContaining({ code: "invalid_options" }));
  });

  it("says whether it converged, and why not when it did not", () => {
    const done = trainModel(records, { seed: 7, randomPairs: 20_000 });
    expect(done.report).toMatchObject({ converged: true, reason: null });
    expect(done.report.lastChange).toBeLessThan(1e-5);
    expect(done.report.probabilityTwoRandomRecordsMatch).toBe(done.model.probabilityTwoRandomRecordsMatch);
    expect(done.report.probabilityTwoRandomRecordsMatch).toBeGreaterThan(0);
    const cut = trainModel(records, { seed: 7, randomPairs: 20_000, iterations: 1 });
    expect(cut.report.converged).toBe(false);
    expect(cut.report.reason).toMatch(/stopped after 1 rounds with parameters still moving by .*raise iterations/);
    // Records no two of which share a blocking key: nothing to learn m from, and it says so.
    const apart = trainModel([{ id: "a", firstName: "Ann" }, { id: "b", firstName: "Bo" }, { id: "c", firstName: "Cy" }], { randomPairs: 1_000 });
    expect(apart.report.reason).toMatch(/no candidate pairs/);
    expect(apart.model.probabilityTwoRandomRecordsMatch).toBeNull();
  });

  it("keeps the built-in parameters of fields no record has, instead of learning that they say nothing", () => {
    const noPhones = records.map((record) => ({ ...record, phone: undefined }));
    const { model, report } = trainModel(noPhones, { seed: 7, randomPairs: 20_000 });
    expect(report.fieldsWithoutValues).toContain("phone");
    const builtIn = trainModel([{ id: "x" }, { id: "y" }], { randomPairs: 1_000 }).model.fields["phone"];
    expect(model.fields["phone"]).toEqual(builtIn);
    expect((model.fields["phone"]?.[0]?.m ?? 0) / (model.fields["phone"]?.[0]?.u ?? 1)).toBeGreaterThan(100);
  });

  it("takes the same schema as resolution", () => {
    const rows = records.map(({ firstName, lastName, ...rest }) => ({ ...rest, given: firstName, family: lastName }));
    const schema = defineSchema({ fields: { firstName: "given", lastName: "family", email: "email", phone: "phone", dateOfBirth: "dateOfBirth", street: "street", city: "city", postalCode: "postalCode", country: "country", customerId: "customerId", fullName: "fullName" } });
    const viaSchema = trainModel(rows, { schema, seed: 7, randomPairs: 20_000 });
    const viaOptions = trainModel(records, { seed: 7, randomPairs: 20_000 });
    expect(viaSchema.model.fields["firstName"]).toEqual(viaOptions.model.fields["firstName"]);
    expect(resolveIdentities(rows, { schema, model: viaSchema.model }).clusters.length).toBe(resolveIdentities(records, { model: viaOptions.model }).clusters.length);
  });
});
