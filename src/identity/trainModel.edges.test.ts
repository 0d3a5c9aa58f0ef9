import { describe, expect, it } from "vitest";
import { refusalOf } from "../../test/support/errors.js";
import { _defaultModel } from "./_defaultModel.js";
import { trainModel, type TrainModelOptions } from "./trainModel.js";
import type { ModelLevel } from "./types.js";

// Given names no two of which are related (no nickname, typo, initial or short form of another).
const NAMES = ["ann", "boris", "carl", "doug", "ezra", "fiona", "gus", "helga", "ivan", "jude", "kurt", "lola", "mavis", "nigel", "olga", "piet"];
const SURNAMES = ["smith", "jones", "brown", "taylor", "wilson", "davies", "evans", "thomas"];

const CEILING = "every candidate pair looks like a match (the share of matches rose to its ceiling): m is learnt from matches only and u from random pairs, which holds when blocking is tight; with loose blocking, give labels";
const FLOOR = "no candidate pair looks like a match (the share of matches fell to its floor): check the column mapping, or give labels";

const round6 = (value: number): number => Number(value.toPrecision(6));
const ms = (levels: readonly ModelLevel[] | undefined): number[] => (levels ?? []).map((level) => level.m);
const us = (levels: readonly ModelLevel[] | undefined): number[] => (levels ?? []).map((level) => level.u);

/** Ten people with unrelated given names, all in one city: no blocking key is shared. */
function strangers(): Record<string, unknown>[] {
  return NAMES.slice(0, 10).map((name, k) => ({ id: `s${String(k)}`, firstName: name, city: "Boston" }));
}

/** Eight people seen twice (same names and birth date), and eight namesakes of "Lee" born years apart. */
function households(): Record<string, unknown>[] {
  const twice = SURNAMES.flatMap((last, k) => [0, 1].map((copy) => ({ id: `d${String(k)}${String(copy)}`, firstName: NAMES[k], lastName: last, dateOfBirth: `19${String(50 + k)}-0${String(1 + k)}-1${String(k)}` })));
  const lees = NAMES.slice(8, 16).map((name, k) => ({ id: `l${String(k)}`, firstName: name, lastName: "Lee", dateOfBirth: `19${String(70 + k)}-1${String(k % 3)}-2${String(k)}` }));
  return [...twice, ...lees];
}

describe("trainModel options", () => {
  it("needs two records", () => {
    const expected = { code: "invalid_options", message: "trainModel: at least two records are needed." };
    expect(refusalOf(() => trainModel([]))).toEqual(expected);
    expect(refusalOf(() => trainModel([{ id: "a" }]))).toEqual(expected);
    expect(trainModel([{ id: "a" }, { id: "b" }], { randomPairs: 1000 }).report.randomPairs).toBe(1);
  });

  it("checks its own options, and names trainModel for the resolution options", () => {
    const records = [{ id: "a" }, { id: "b" }];
    const accepted = (options: TrainModelOptions): boolean => refusalOf(() => trainModel(records, options)) === "no error";
    expect(accepted({ seed: 0, randomPairs: 1000, iterations: 1, labels: [] })).toBe(true);
    expect(accepted({ seed: 0xffffffff, iterations: 1000 })).toBe(true);
    expect(accepted({ seed: -1 })).toBe(false);
    expect(accepted({ seed: 1.5 })).toBe(false);
    expect(accepted({ randomPairs: 999 })).toBe(false);
    expect(accepted({ iterations: 0 })).toBe(false);
    expect(accepted({ iterations: 1001 })).toBe(false);
    expect(accepted({ labels: [{ a: "a", b: "b", match: true, note: "x" }] } as unknown as TrainModelOptions)).toBe(false);
    expect(accepted({ labels: [{ a: "", b: "b", match: true }] })).toBe(false);
    expect(refusalOf(() => trainModel(records, { threshold: 2 }))).toMatchObject({ code: "invalid_options", message: expect.stringMatching(/^trainModel: invalid options\. options\.threshold/) as unknown });
  });
});

describe("trainModel u from random pairs", () => {
  it("samples each pair of distinct records, and Laplace-smooths the counts", () => {
    const { model, report } = trainModel(strangers(), { randomPairs: 1000 });
    // 10 records: 45 pairs, all sampled (with replacement); every pair disagrees on the name and agrees on the city.
    expect(report.randomPairs).toBe(45);
    expect(us(model.fields["firstName"])).toEqual([1 / 50, 1 / 50, 1 / 50, 1 / 50, 46 / 50].map(round6));
    expect(us(model.fields["city"])).toEqual([46 / 48, 1 / 48, 1 / 48].map(round6));
    expect(model.fields["city"]?.map((level) => level.name)).toEqual(["exact", "similar", "else"]);
  });

  it("samples at most randomPairs pairs", () => {
    const records = Array.from({ length: 60 }, (_, k) => ({ id: `r${String(k)}`, city: "Boston" }));
    const { model, report } = trainModel(records, { randomPairs: 1000 });
    expect(report.randomPairs).toBe(1000);
    expect(us(model.fields["city"])).toEqual([1001 / 1003, 1 / 1003, 1 / 1003].map(round6));
  });
});

describe("trainModel without candidate pairs", () => {
  it("keeps the built-in m (0.5 for a level the model lacks) and no prior, and says why", () => {
    const given = { version: 1 as const, probabilityTwoRandomRecordsMatch: 0.01, fields: { firstName: [{ name: "exact", m: 0.3, u: 0.1 }, { name: "else", m: 0.7, u: 0.9 }] } };
    const { model, report } = trainModel(strangers(), { randomPairs: 1000, model: given });
    expect(ms(model.fields["firstName"])).toEqual([0.3, 0.5, 0.5, 0.5, 0.7]);
    expect(ms(model.fields["city"])).toEqual(ms(_defaultModel({}).fields["city"]));
    expect(model.probabilityTwoRandomRecordsMatch).toBeNull();
    expect(report).toMatchObject({
      candidatePairs: 0,
      labelledMatches: 0,
      iterations: 0,
      converged: false,
      lastChange: 0,
      probabilityTwoRandomRecordsMatch: null,
      reason: "no candidate pairs: no two records share a blocking key, so there is nothing to estimate m from; the built-in m and prior were kept",
      warnings: [],
    });
  });

  it("keeps the built-in parameters of fields no pair held, and learns those some pair held", () => {
    const { model, report } = trainModel(strangers(), { randomPairs: 1000 });
    const defaults = _defaultModel({});
    expect(report.fieldsWithoutValues).toEqual(["lastName", "email", "phone", "dateOfBirth", "street", "postalCode", "customerId"]);
    for (const field of report.fieldsWithoutValues) expect(model.fields[field]).toEqual(defaults.fields[field]);
    expect(Object.keys(model.fields)).toEqual(Object.keys(defaults.fields));
    expect(model.fields["city"]).not.toEqual(defaults.fields["city"]);
  });
});

describe("trainModel fields only candidates hold", () => {
  it("learns a field that only a candidate pair holds, even when no random pair held it", () => {
    // 200 records, 19,900 pairs, 1,000 sampled: the one pair with a street (and a shared key) is not among them.
    const records: Record<string, unknown>[] = Array.from({ length: 198 }, (_, k) => ({ id: `r${String(k).padStart(3, "0")}` }));
    records.push({ id: "x1", key: "k", street: "1 Main St" }, { id: "x2", key: "k", street: "1 Main St" });
    const { model, report } = trainModel(records, { randomPairs: 1000, customFields: { key: { kind: "exact", block: true } } });
    expect(report.candidatePairs).toBe(1);
    expect(report.fieldsWithoutValues).toEqual(["firstName", "lastName", "email", "phone", "dateOfBirth", "city", "postalCode", "customerId"]);
    // Never seen among random pairs: u is smoothed from no count at all.
    expect(us(model.fields["street"])).toEqual([1 / 3, 1 / 3, 1 / 3].map(round6));
    expect(us(model.fields["key"])).toEqual([0.5, 0.5]);
    // Learnt from the one candidate, a match: one exact agreement, smoothed over three levels.
    const street = ms(model.fields["street"]);
    expect(street[0]).toBeCloseTo(2 / 4, 3);
    expect(street[1]).toBeCloseTo(1 / 4, 3);
    expect(street[2]).toBeCloseTo(1 / 4, 3);
  });
});

describe("trainModel with labels", () => {
  it("counts m from the labelled matches only, with no prior and no estimation rounds", () => {
    const records = [
      { id: "a", firstName: "Ann", city: "Boston" },
      { id: "b", firstName: "Ann", city: "Boston" },
      { id: "c", firstName: "Boris", city: "Boston" },
      { id: "d", firstName: "Doug" },
    ];
    const labels = [
      { a: "b", b: "a", match: true },
      { a: "c", b: "d", match: true },
      { a: "a", b: "c", match: false },
    ];
    const { model, report } = trainModel(records, { labels, randomPairs: 1000 });
    // firstName: one exact, one else; city: one exact (the other pair lacks a city).
    expect(ms(model.fields["firstName"])).toEqual([2 / 7, 1 / 7, 1 / 7, 1 / 7, 2 / 7].map(round6));
    expect(ms(model.fields["city"])).toEqual([2 / 4, 1 / 4, 1 / 4].map(round6));
    expect(model.probabilityTwoRandomRecordsMatch).toBeNull();
    expect(report).toMatchObject({ labelledMatches: 2, iterations: 0, converged: true, lastChange: 0, probabilityTwoRandomRecordsMatch: null, reason: null, warnings: [] });
  });

  it("refuses labels naming unknown records, or with no match", () => {
    const records = [{ id: "a", firstName: "Ann" }, { id: "b", firstName: "Ann" }];
    const unknown = { code: "invalid_options", message: "trainModel: a label names a record id that is not in records." };
    expect(refusalOf(() => trainModel(records, { labels: [{ a: "a", b: "zz", match: true }] }))).toEqual(unknown);
    expect(refusalOf(() => trainModel(records, { labels: [{ a: "zz", b: "a", match: true }] }))).toEqual(unknown);
    expect(refusalOf(() => trainModel(records, { labels: [{ a: "a", b: "b", match: true }, { a: "a", b: "zz", match: false }] }))).toEqual(unknown);
    expect(refusalOf(() => trainModel(records, { labels: [{ a: "a", b: "b", match: false }] }))).toEqual({ code: "invalid_options", message: "trainModel: labels contain no matching pair to learn m from." });
  });

  it("estimates as without labels when the list is empty", () => {
    const records = households();
    expect(trainModel(records, { labels: [], randomPairs: 1000 })).toEqual(trainModel(records, { randomPairs: 1000 }));
  });
});

describe("trainModel expectation-maximisation", () => {
  it("rises to the ceiling when every candidate pair is a duplicate, and spreads the prior over all pairs", () => {
    const records = NAMES.slice(0, 10).flatMap((name, k) => [
      { id: `${String(k)}a`, firstName: name, key: `k${String(k)}` },
      { id: `${String(k)}b`, firstName: name, key: `k${String(k)}` },
    ]);
    const { model, report } = trainModel(records, { randomPairs: 1000, customFields: { key: { kind: "exact", block: true } } });
    expect(report.randomPairs).toBe(190);
    expect(report.candidatePairs).toBe(10);
    expect(report.converged).toBe(true);
    expect(report.reason).toBeNull();
    expect(report.iterations).toBeGreaterThan(1);
    expect(report.iterations).toBeLessThan(200);
    expect(report.lastChange).toBeLessThan(1e-5);
    expect(report.warnings).toEqual([CEILING]);
    // The share of matches among the 10 candidates is 0.999; spread over the 190 pairs.
    expect(model.probabilityTwoRandomRecordsMatch).toBe(round6((0.999 * 10) / 190));
    expect(report.probabilityTwoRandomRecordsMatch).toBe(model.probabilityTwoRandomRecordsMatch);
    // m from ten exact agreements, smoothed.
    const first = ms(model.fields["firstName"]);
    expect(first[0]).toBeCloseTo(11 / 15, 5);
    expect(first[4]).toBeCloseTo(1 / 15, 5);
    expect(ms(model.fields["key"])[0]).toBeCloseTo(11 / 12, 5);
  });

  it("falls to the floor when no candidate pair agrees on anything rare", () => {
    const records = NAMES.slice(0, 12).map((name, k) => ({ id: `r${String(k).padStart(2, "0")}`, firstName: name, lastName: "Lee" }));
    const { model, report } = trainModel(records, { randomPairs: 1000 });
    expect(report.randomPairs).toBe(66);
    expect(report.candidatePairs).toBeGreaterThan(0);
    expect(report.converged).toBe(true);
    expect(report.warnings).toEqual([FLOOR]);
    expect(model.probabilityTwoRandomRecordsMatch).toBe(round6((1e-6 * report.candidatePairs) / 66));
  });

  it("reports a run stopped before converging, and where it stood", () => {
    const { model, report } = trainModel(households(), { randomPairs: 1000, iterations: 1 });
    expect(report).toMatchObject({ randomPairs: 276, candidatePairs: 21, labelledMatches: 0, iterations: 1, converged: false, warnings: [] });
    expect(report.lastChange).toBeCloseTo(0.4852110335659688, 10);
    expect(report.reason).toBe("stopped after 1 rounds with parameters still moving by 0.49 (converged means below 1e-5): raise iterations, or give labels");
    // After one round the share of matches among the 21 candidates was 0.386.
    expect(model.probabilityTwoRandomRecordsMatch).toBe(0.0293627);
    expect(ms(model.fields["lastName"]).reduce((sum, m) => sum + m, 0)).toBeCloseTo(1, 5);
  });

  it("converges on the same data in a few rounds", () => {
    const { model, report } = trainModel(households(), { randomPairs: 1000 });
    expect(report).toMatchObject({ randomPairs: 276, candidatePairs: 21, iterations: 10, converged: true, reason: null, warnings: [CEILING] });
    expect(report.lastChange).toBeLessThan(1e-5);
    expect(report.lastChange).toBeGreaterThan(0);
    expect(report.fieldsWithoutValues).toEqual(["email", "phone", "street", "city", "postalCode", "customerId"]);
    expect(model.probabilityTwoRandomRecordsMatch).toBe(0.0760109);
    expect(ms(model.fields["firstName"])).toEqual([0.346193, 0.038466, 0.038466, 0.038466, 0.538409]);
    expect(ms(model.fields["lastName"])).toEqual([0.879986, 0.0400048, 0.0400048, 0.0400048]);
    expect(us(model.fields["lastName"])).toEqual([0.117857, 0.00357143, 0.00357143, 0.875]);
    for (const field of ["firstName", "lastName", "dateOfBirth"]) {
      expect(ms(model.fields[field]).reduce((sum, m) => sum + m, 0)).toBeCloseTo(1, 5);
      expect(us(model.fields[field]).reduce((sum, u) => sum + u, 0)).toBeCloseTo(1, 5);
    }
  });

  it("is a pure function of the records and the seed", () => {
    const records = Array.from({ length: 60 }, (_, k) => ({ id: `r${String(k)}`, city: k % 2 === 0 ? "Boston" : "Austin" }));
    const one = trainModel(records, { randomPairs: 1000, seed: 3 });
    expect(trainModel([...records].reverse(), { randomPairs: 1000, seed: 3 })).toEqual(one);
    expect(trainModel(records, { randomPairs: 1000, seed: 4 }).model.fields["city"]).not.toEqual(one.model.fields["city"]);
  });
});
