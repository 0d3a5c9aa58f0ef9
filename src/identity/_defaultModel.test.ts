import { describe, expect, it } from "vitest";
import { _defaultModel } from "./_defaultModel.js";
import type { _LevelSpec } from "./_levels.js";
import type { ModelLevel } from "./types.js";

const level = (name: string, m: number, u: number): ModelLevel => ({ name, m, u });
const dates = (exactU: number): ModelLevel[] => [
  level("exact", 0.86, exactU),
  level("oneTypo", 0.05, 0.002),
  level("oneComponentOff", 0.03, 0.005),
  level("withinMonth", 0.01, 0.003),
  level("withinYear", 0.03, 0.03),
  level("sameYear", 0.02, 0.0025),
  level("withinDecade", 0.03, 0.15),
  level("else", 0.01, 0.81 - exactU),
];
/** Match weight in bits: log2(m / u). */
const weight = (l: ModelLevel | undefined): number => (l === undefined ? Number.NaN : Math.log2(l.m / l.u));
const spec = (name: string, test: _LevelSpec["test"], bound = 1): _LevelSpec => ({ name, test, bound });

describe("_defaultModel", () => {
  it("gives the built-in parameters of the built-in fields", () => {
    expect(_defaultModel({})).toEqual({
      version: 1,
      probabilityTwoRandomRecordsMatch: null,
      fields: {
        firstName: [level("exact", 0.82, 0.01), level("nickname", 0.07, 0.002), level("typo", 0.06, 0.004), level("initial", 0.02, 0.003), level("else", 0.03, 0.981)],
        lastName: [level("exact", 0.86, 0.004), level("jaroWinkler92", 0.05, 0.002), level("jaroWinkler80", 0.03, 0.015), level("else", 0.06, 0.979)],
        email: [level("exact", 0.7, 0.00005), level("samePersonalPart", 0.06, 0.0002), level("similarPersonalPart", 0.04, 0.002), level("else", 0.2, 0.99775)],
        phone: [level("exact", 0.78, 0.00005), level("oneTypo", 0.04, 0.0005), level("else", 0.18, 0.99945)],
        dateOfBirth: dates(0.0001),
        street: [level("exact", 0.7, 0.0005), level("similar", 0.1, 0.002), level("else", 0.2, 0.9975)],
        city: [level("exact", 0.82, 0.03), level("similar", 0.05, 0.005), level("else", 0.13, 0.965)],
        postalCode: [level("exact", 0.78, 0.003), level("samePrefix", 0.07, 0.02), level("else", 0.15, 0.977)],
        customerId: [level("exact", 0.95, 0.0000001), level("else", 0.05, 0.9999999)],
      },
    });
  });

  it("gives the built-in dates' else level the rest of u (0.81 - 0.0001)", () => {
    const dob = _defaultModel({}).fields["dateOfBirth"] ?? [];
    expect(dob.at(-1)).toEqual({ name: "else", m: 0.01, u: 0.81 - 0.0001 });
    expect(dob.at(-1)?.u).toBeCloseTo(0.8099, 12);
  });

  it("reads as evidence for a match at exact levels and against at else (match weights in bits)", () => {
    const fields = _defaultModel({}).fields;
    expect(weight(fields["firstName"]?.[0])).toBeCloseTo(Math.log2(82), 12);
    expect(weight(fields["email"]?.[0])).toBeCloseTo(Math.log2(14_000), 12);
    expect(weight(fields["customerId"]?.[0])).toBeCloseTo(Math.log2(9_500_000), 6);
    expect(weight(fields["dateOfBirth"]?.[4])).toBe(0); // withinYear: m = u
    expect(weight(fields["dateOfBirth"]?.[6])).toBeCloseTo(-2.3219, 4); // withinDecade
    expect(weight(fields["phone"]?.at(-1))).toBeCloseTo(Math.log2(0.18 / 0.99945), 12);
  });

  it("gives each custom kind its built-in levels", () => {
    const fields = _defaultModel({ a: "levenshtein", b: "jaroWinkler", c: "date", d: "numeric", e: "exact" }).fields;
    expect(fields["a"]).toEqual([level("exact", 0.85, 0.001), level("levenshtein1", 0.07, 0.002), level("levenshtein2", 0.03, 0.005), level("else", 0.05, 0.992)]);
    expect(fields["b"]).toEqual([level("exact", 0.85, 0.005), level("jaroWinkler92", 0.06, 0.005), level("jaroWinkler80", 0.04, 0.02), level("else", 0.05, 0.97)]);
    expect(fields["c"]).toEqual(dates(0.0005));
    expect(fields["c"]?.at(-1)?.u).toBeCloseTo(0.8095, 12);
    expect(fields["d"]).toEqual([level("exact", 0.85, 0.01), level("close", 0.1, 0.05), level("else", 0.05, 0.94)]);
    expect(fields["e"]).toEqual([level("exact", 0.9, 0.001), level("else", 0.1, 0.999)]);
    // The built-in fields stay.
    expect(Object.keys(fields)).toEqual(["firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "customerId", "a", "b", "c", "d", "e"]);
  });

  it("weighs a field's own levels: exact strong, each looser level's chance agreement doubling, else the rest", () => {
    const own = _defaultModel({ loyalty: [spec("exact", "exact", 0), spec("edits1", "maxEdits"), spec("looks alike", "minJaroWinkler", 0.8)] }).fields["loyalty"];
    // Two fuzzy levels share 0.1 of m; u doubles from 0.002.
    expect(own).toEqual([level("exact", 0.85, 0.001), level("edits1", 0.05, 0.002), level("looks alike", 0.05, 0.004), level("else", 1 - 0.85 - 0.05 - 0.05, 1 - 0.001 - 0.002 - 0.004)]);
    expect(own?.at(-1)?.m).toBeCloseTo(0.05, 12);
    expect(own?.at(-1)?.u).toBeCloseTo(0.993, 12);
  });

  it("gives one fuzzy level all of the fuzzy m, and a fuzzy level before the exact one its doubling u", () => {
    expect(_defaultModel({ x: [spec("prefix3", "samePrefix", 3)] }).fields["x"]).toEqual([level("prefix3", 0.1, 0.002), level("else", 1 - 0.1, 1 - 0.002)]);
    expect(_defaultModel({ x: [spec("edits1", "maxEdits"), spec("exact", "exact", 0), spec("edits2", "maxEdits", 2)] }).fields["x"]).toEqual([
      level("edits1", 0.05, 0.002),
      level("exact", 0.85, 0.001),
      level("edits2", 0.05, 0.004),
      level("else", 1 - 0.05 - 0.85 - 0.05, 1 - 0.002 - 0.001 - 0.004),
    ]);
    expect(_defaultModel({ x: [spec("a", "maxEdits"), spec("b", "maxEdits"), spec("c", "maxEdits"), spec("d", "maxEdits")] }).fields["x"]?.map((l) => l.u)).toEqual([0.002, 0.004, 0.008, 0.016, 1 - 0.002 - 0.004 - 0.008 - 0.016]);
  });

  it("keeps else at least 0.01 in m and u", () => {
    // Only exact levels: no fuzzy m, and two exact levels leave m below zero.
    expect(_defaultModel({ x: [spec("exact", "exact", 0), spec("same", "exact", 0)] }).fields["x"]).toEqual([level("exact", 0.85, 0.001), level("same", 0.85, 0.001), level("else", 0.01, 1 - 0.001 - 0.001)]);
    // Ten looser levels use up more than all of u (0.002 · (2^10 - 1)).
    const many = Array.from({ length: 10 }, (_, k) => spec(`l${k}`, "maxDays", k));
    const levels = _defaultModel({ x: many }).fields["x"] ?? [];
    expect(levels.at(-1)?.u).toBe(0.01);
    expect(levels.at(-1)?.m).toBeCloseTo(0.9, 12);
    expect(levels.at(-2)).toEqual({ name: "l9", m: 0.1 / 10, u: 0.002 * 512 });
  });

  it("gives a fresh model each call (training may change it)", () => {
    expect(_defaultModel({})).not.toBe(_defaultModel({}));
    expect(_defaultModel({}).fields).toEqual(_defaultModel({}).fields);
  });
});
