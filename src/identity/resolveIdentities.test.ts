import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { formatDecision } from "./_decision.js";
import { evaluateClusters } from "./evaluateClusters.js";
import { explainMatch } from "./explainMatch.js";
import { resolveIdentities } from "./resolveIdentities.js";

type Row = Record<string, unknown>;

function clusterOf(result: ReturnType<typeof resolveIdentities>, id: string): readonly string[] {
  return result.clusters.find((cluster) => cluster.recordIds.includes(id))?.recordIds ?? [];
}

function together(result: ReturnType<typeof resolveIdentities>, a: string, b: string): boolean {
  return clusterOf(result, a).includes(b);
}

describe("resolveIdentities", () => {
  it("links one person's records across sources and keeps everyone else apart", () => {
    const records: Row[] = [
      { id: "crm-1", source: "crm", customerId: "C-1", firstName: "Robert", lastName: "Smith", email: "rob.smith@gmail.com", phone: "(212) 867-5309", dateOfBirth: "1980-04-02", street: "12 Oak Street", city: "Boston", postalCode: "02163", country: "US" },
      { id: "web-1", source: "web", firstName: "Bob", lastName: "SMITH", email: "Rob.Smith+news@GMAIL.com" },
      { id: "orders-1", source: "orders", customerId: "C-1", fullName: "Bob Smith", street: "12 Oak St", city: "Boston", postalCode: "2163", country: "USA" },
      { id: "crm-2", source: "crm", customerId: "C-2", firstName: "Alice", lastName: "Jones", email: "alice.jones@example.org", dateOfBirth: "1975-01-01" },
      { id: "web-2", source: "web", firstName: "Carol", lastName: "White", email: "carol.white@outlook.com" },
    ];
    const result = resolveIdentities(records);
    expect(clusterOf(result, "crm-1")).toEqual(["crm-1", "orders-1", "web-1"]);
    expect(clusterOf(result, "crm-2")).toEqual(["crm-2"]);
    expect(result.clusters).toHaveLength(3);
    expect(result.links.map((link) => formatDecision(link.decidedBy)).sort()).toEqual(["rule:customerId", "rule:email"]);
    expect(result.stats).toMatchObject({ records: 5, clusters: 3, singletons: 2 });
  });

  it("puts every record in exactly one cluster, with stable ids independent of input order", () => {
    const records = [...generateCustomerRecords({ entities: 300, seed: 5 })].map((g) => g.record);
    const a = resolveIdentities(records);
    const b = resolveIdentities([...records].reverse());
    expect(b.clusters).toEqual(a.clusters);
    const all = a.clusters.flatMap((cluster) => cluster.recordIds);
    expect(all).toHaveLength(records.length);
    expect(new Set(all).size).toBe(records.length);
    expect(new Set(a.clusters.map((cluster) => cluster.id)).size).toBe(a.clusters.length);
  });

  it("is accurate on generated data with zero configuration", () => {
    const generated = [...generateCustomerRecords({ entities: 2000, seed: 21 })];
    const result = resolveIdentities(generated.map((g) => g.record));
    const truth = new Map(generated.map((g) => [g.record.id, g.entityId]));
    const score = evaluateClusters(result.clusters, truth);
    expect(score.precision).toBeGreaterThanOrEqual(0.98);
    expect(score.f1).toBeGreaterThanOrEqual(0.9);
  });

  it("never links through a placeholder value (guard: placeholders are not evidence)", () => {
    const records: Row[] = [
      { id: "a", firstName: "Ann", lastName: "Lee", email: "test@test.com", phone: "000-000-0000", dateOfBirth: "1900-01-01" },
      { id: "b", firstName: "Bo", lastName: "Kim", email: "test@test.com", phone: "000-000-0000", dateOfBirth: "1900-01-01" },
      { id: "c", email: "test@test.com", phone: "000-000-0000", dateOfBirth: "1900-01-01" },
    ];
    const result = resolveIdentities(records);
    expect(result.clusters.every((cluster) => cluster.recordIds.length === 1)).toBe(true);
    expect(result.stats.guards.placeholderValues).toBe(9);
  });

  it("stops counting a value seen with several people (guard: shared values)", () => {
    const family: Row[] = [
      { id: "mum", firstName: "Mary", lastName: "Doe", email: "dmx77@gmail.com", phone: "+12128675309" },
      { id: "dad", firstName: "John", lastName: "Doe", email: "dmx77@gmail.com", phone: "+12128675309" },
      { id: "news", email: "dmx77@gmail.com" },
      { id: "kid", firstName: "Tim", lastName: "Doe", phone: "+12128675309" },
      ...[...generateCustomerRecords({ entities: 50, seed: 6 })].map((g) => g.record),
    ];
    const result = resolveIdentities(family, { maxPeoplePerValue: 1 });
    for (const id of ["mum", "dad", "news", "kid"]) expect(clusterOf(result, id)).toEqual([id]);
    expect(result.stats.guards.sharedValues).toBeGreaterThanOrEqual(2);
    // Allow two people per value and the same email links again.
    const twoEach = resolveIdentities([...family.slice(0, 3), ...family.slice(4)], { maxPeoplePerValue: 2 });
    expect(together(twoEach, "mum", "news") || together(twoEach, "dad", "news")).toBe(true);
  });

  it("does not take one person's nickname, typo or initial for a second person sharing the value (guard: shared values)", () => {
    const filler = [...generateCustomerRecords({ entities: 50, seed: 6 })].map((g) => g.record);
    const one: Row[] = [
      { id: "a", firstName: "Robert", lastName: "Smith", email: "rsmith.nyc@fastmail.com", phone: "+12127364281" },
      { id: "b", firstName: "Bob", lastName: "Smith", email: "rsmith.nyc@fastmail.com" },
      { id: "c", firstName: "Robret", lastName: "Smith", phone: "+12127364281" },
      { id: "d", firstName: "R", lastName: "Smith", email: "rsmith.nyc@fastmail.com", phone: "+12127364281" },
    ];
    const result = resolveIdentities([...one, ...filler], { maxPeoplePerValue: 1 });
    expect(clusterOf(result, "a")).toEqual(["a", "b", "c", "d"]);
    // Two people whose names cannot be one person's: the email and the phone stop counting.
    const two = resolveIdentities([...one.slice(0, 2), { id: "e", firstName: "Maria", lastName: "Smith", email: "rsmith.nyc@fastmail.com", phone: "+12127364281" }, ...filler], { maxPeoplePerValue: 1 });
    expect(clusterOf(two, "e")).toEqual(["e"]);
    expect(two.stats.guards.sharedValues).toBeGreaterThanOrEqual(1);
  });

  it("vetoes twins and parent-child pairs with different first names or birth dates a generation apart (guard: conflicts)", () => {
    const home = { lastName: "Rivera", street: "5 Elm Street", city: "Austin", postalCode: "78701", country: "US", phone: "+15125550123" };
    const twins = resolveIdentities([
      { id: "t1", firstName: "Daniel", dateOfBirth: "2001-06-01", ...home },
      { id: "t2", firstName: "Sofia", dateOfBirth: "2001-06-01", ...home },
    ]);
    expect(together(twins, "t1", "t2")).toBe(false);
    const juniors = resolveIdentities([
      { id: "sr", firstName: "Carlos", dateOfBirth: "1960-02-03", email: "c.rivera@aol.com", ...home },
      { id: "jr", firstName: "Carlos", dateOfBirth: "1990-07-08", email: "carlos.jr@gmail.com", ...home },
    ]);
    expect(together(juniors, "sr", "jr")).toBe(false);
    expect(juniors.stats.guards.conflictVetoes).toBeGreaterThan(0);
  });

  it("cuts the weakest link rather than give a profile two customer ids (guard: identifier limits)", () => {
    const filler = [...generateCustomerRecords({ entities: 100, seed: 4 })].map((g) => g.record);
    const records: Row[] = [
      ...filler,
      { id: "a", customerId: "C-1", firstName: "Samwise", lastName: "Parkinson", email: "sam.park@gmail.com" },
      { id: "b", firstName: "Samwise", lastName: "Parkinson", email: "sam.park@gmail.com", dateOfBirth: "1990-01-01", phone: "+12128675309" },
      { id: "c", customerId: "C-2", firstName: "Samwise", lastName: "Parkinson", dateOfBirth: "1990-01-01", phone: "+12128675309" },
    ];
    const result = resolveIdentities(records, { maxPeoplePerValue: 3 });
    expect(together(result, "a", "c")).toBe(false);
    expect(result.stats.guards.identifierLimitCuts).toBeGreaterThan(0);
    const loose = resolveIdentities(records, { maxPeoplePerValue: 3, identifierLimits: { customerId: 2 } });
    expect(together(loose, "a", "c")).toBe(true);
  });

  it("keeps oversized profiles to strict links only (guard: cluster size cap)", () => {
    const filler = [...generateCustomerRecords({ entities: 100, seed: 3 })].map((g) => g.record);
    const records: Row[] = [...filler, ...Array.from({ length: 6 }, (_, k) => ({ id: `r${k}`, firstName: "Leopold", lastName: "Chanterelle", dateOfBirth: "1970-01-01", city: "Leeds" }))];
    const capped = resolveIdentities(records, { maxClusterSize: 3, strictThreshold: 0.999999 });
    expect(capped.clusters.filter((cluster) => cluster.recordIds[0]?.startsWith("r")).every((cluster) => cluster.recordIds.length <= 3)).toBe(true);
    expect(capped.stats.guards.oversizedClustersResplit).toBeGreaterThan(0);
    const uncapped = resolveIdentities(records);
    expect(clusterOf(uncapped, "r0")).toEqual(["r0", "r1", "r2", "r3", "r4", "r5"]);
  });

  it("requires evidence about the person, not just the household", () => {
    const result = resolveIdentities([
      { id: "a", firstName: "Kevin", lastName: "Neill", street: "1 High Street", city: "Leeds", postalCode: "LS1 1AA", country: "GB" },
      { id: "b", lastName: "Neill", street: "1 High Street", city: "Leeds", postalCode: "LS1 1AA", country: "GB" },
    ]);
    expect(together(result, "a", "b")).toBe(false);
  });

  it("links only across sources in link mode", () => {
    const records: Row[] = [
      { id: "a1", source: "a", email: "xi.wong@acme.com", firstName: "Xi" },
      { id: "a2", source: "a", email: "xi.wong@acme.com", firstName: "Xi" },
      { id: "b1", source: "b", email: "xi.wong@acme.com", firstName: "Xi" },
    ];
    expect(resolveIdentities(records).clusters).toHaveLength(1);
    const linked = resolveIdentities(records, { mode: "link" });
    expect(linked.links.every((link) => link.a.slice(0, 1) !== link.b.slice(0, 1))).toBe(true);
  });

  it("honours must-link and cannot-link assertions", () => {
    const records: Row[] = [
      { id: "a", firstName: "Ann", email: "ann@acme.com" },
      { id: "b", firstName: "Ann", email: "ann@acme.com" },
      { id: "c", firstName: "Zed", email: "zed@acme.com" },
    ];
    const result = resolveIdentities(records, { assertions: [{ a: "a", b: "b", match: false }, { a: "a", b: "c", match: true }] });
    expect(together(result, "a", "b")).toBe(false);
    expect(together(result, "a", "c")).toBe(true);
    expect(result.stats.guards.cannotLinkCuts).toBe(1);
    expect(result.links.find((link) => link.decidedBy.kind === "assertion")).toBeDefined();
  });

  it("maps other column names and compares custom fields", () => {
    const records: Row[] = [
      { rec: "1", given: "Mia", family: "Lowe", born: "19140707", ssn: "2534242" },
      { rec: "2", given: "Mia", family: "Lowe", born: "19140707", ssn: "2534243" },
      { rec: "3", given: "Mia", family: "Lowe", born: "19140707", ssn: "9999999" },
    ];
    const result = resolveIdentities(records, {
      idField: "rec",
      fields: { given: "firstName", family: "lastName", born: "dateOfBirth" },
      customFields: { ssn: { kind: "levenshtein", block: true } },
    });
    expect(together(result, "1", "2")).toBe(true);
    const explanation = explainMatch(records, "1", "3", { idField: "rec", fields: { given: "firstName", family: "lastName", born: "dateOfBirth" }, customFields: { ssn: { kind: "levenshtein" } } });
    expect(explanation.fields.find((field) => field.field === "ssn")?.level).toBe("else");
  });

  it("returns an empty result for no records and singletons for empty records", () => {
    expect(resolveIdentities([])).toMatchObject({ clusters: [], links: [] });
    const empty = resolveIdentities([{ id: "a" }, { id: "b" }, { id: 3 }]);
    expect(empty.clusters.map((cluster) => cluster.recordIds).sort()).toEqual([["3"], ["a"], ["b"]]);
  });

  it("rejects missing or duplicate ids, and unknown options, naming counts not values", () => {
    const attempt = (records: unknown[], options: unknown = {}): unknown => {
      try {
        resolveIdentities(records, options as never);
      } catch (error) {
        return error;
      }
      return null;
    };
    const missing = attempt([{ id: "a" }, { email: "secret@x.com" }, { id: "" }]);
    expect(isProfileKitError(missing) && missing.code === "invalid_options" && missing.message.includes("2 records have no usable")).toBe(true);
    const duplicate = attempt([{ id: "a" }, { id: "a" }, { id: "b" }]);
    expect(isProfileKitError(duplicate) && duplicate.message.includes("1 record id is used more than once")).toBe(true);
    expect((duplicate as Error).message).not.toContain('"a"');
    for (const options of [{ treshold: 0.9 }, { threshold: 2 }, { mode: "merge" }, { fields: { x: "nickname" } }, { model: { version: 2 } }]) {
      const error = attempt([{ id: "a" }], options);
      expect(isProfileKitError(error) && error.code === "invalid_options", JSON.stringify(options)).toBe(true);
    }
  });
});

describe("explainMatch", () => {
  it("gives every field's level, weight and term-frequency adjustment, adding up to the match weight", () => {
    const records = [...generateCustomerRecords({ entities: 200, seed: 8 })].map((g) => g.record);
    const result = resolveIdentities(records);
    const link = result.links.find((l) => l.decidedBy.kind === "model") ?? result.links[0];
    if (link === undefined) throw new Error("no link to explain");
    const explanation = explainMatch(records, link.a, link.b);
    expect(explanation.linked).toBe(true);
    const sum = explanation.priorWeight + explanation.fields.reduce((total, field) => total + field.weight, 0);
    expect(explanation.matchWeight).toBeCloseTo(sum, 6);
    for (const field of explanation.fields) {
      if (field.level === null) expect(field.ignored).toBe("missing");
      if (field.ignored !== null) expect(field.weight).toBe(0);
    }
  });

  it("rejects ids that are not in the records", () => {
    expect(() => explainMatch([{ id: "a" }], "a", "zz")).toThrow(expect.objectContaining({ code: "invalid_options" }));
  });
});

describe("resolveIdentities scores", () => {
  const records = [...generateCustomerRecords({ entities: 400, seed: 17 })].map((g) => g.record);
  // Resolved inside each test, not when the file loads: mutation testing then knows which tests reach
  // which code (work done at load is "static" to Stryker, and every static mutant runs every test).
  const resolved = (): ReturnType<typeof resolveIdentities> => resolveIdentities(records);

  it("counts every compared pair that no guard vetoed once in the match-weight histogram", () => {
    const result = resolved();
    const { histogram } = result.scores;
    const total = histogram.reduce((sum, bin) => sum + bin.linked + bin.notLinked, 0);
    expect(total).toBe(result.stats.comparisons - result.stats.guards.conflictVetoes);
    expect(histogram.reduce((sum, bin) => sum + bin.linked, 0)).toBe(result.stats.matchedPairs);
    // Consecutive 1-bit bins, the first and last not empty.
    histogram.forEach((bin, k) => { if (k > 0) expect(bin.from).toBe((histogram[k - 1] as { from: number }).from + 1); });
    expect((histogram[0] as { linked: number; notLinked: number }).notLinked + (histogram[0] as { linked: number }).linked).toBeGreaterThan(0);
    expect(result.scores.thresholdWeight).toBeCloseTo(Math.log2(0.95 / 0.05), 10);
    expect(result.scores.priorWeight).toBeCloseTo(explainMatch(records, result.scores.nearMisses[0]?.a ?? "", result.scores.nearMisses[0]?.b ?? "").priorWeight, 10);
    expect(Object.keys(result.scores.model.fields)).toContain("email");
  });

  it("keeps the weakest model links, weakest first, each explained", () => {
    const result = resolved();
    const modelLinks = result.links.filter((link) => link.decidedBy.kind === "model").sort((x, y) => x.matchWeight - y.matchWeight);
    const { weakestLinks } = result.scores;
    expect(weakestLinks.length).toBe(Math.min(25, modelLinks.length));
    expect(weakestLinks.map((link) => link.matchWeight)).toEqual(modelLinks.slice(0, weakestLinks.length).map((link) => link.matchWeight));
    for (const link of weakestLinks.slice(0, 5)) {
      expect(link.explanation).toEqual(explainMatch(records, link.a, link.b));
      expect(link.explanation.linked).toBe(true);
    }
  });

  it("keeps the strongest pairs below the threshold, strongest first, each explained the same way", () => {
    const result = resolved();
    const { nearMisses } = result.scores;
    expect(nearMisses.length).toBe(25);
    for (let k = 1; k < nearMisses.length; k++) expect((nearMisses[k] as { matchWeight: number }).matchWeight).toBeLessThanOrEqual((nearMisses[k - 1] as { matchWeight: number }).matchWeight);
    for (const miss of nearMisses) {
      expect(miss.probability).toBeLessThan(0.95);
      const why = explainMatch(records, miss.a, miss.b);
      expect(why.matchWeight).toBeCloseTo(miss.matchWeight, 9);
      expect(why.linked).toBe(false);
      expect(miss.explanation).toEqual(why);
    }
    // None of the not-linked pairs in bins above the weakest near miss's bin is missing from the list.
    const weakest = (nearMisses[nearMisses.length - 1] as { matchWeight: number }).matchWeight;
    const above = result.scores.histogram.filter((bin) => bin.from > Math.floor(weakest)).reduce((sum, bin) => sum + bin.notLinked, 0);
    expect(nearMisses.filter((m) => Math.floor(m.matchWeight) > Math.floor(weakest)).length).toBe(above);
  });
});
