import { describe, expect, it } from "vitest";
import { refusalOf } from "../../test/support/errors.js";
import { compileExplainer, explainMatch, type MatchExplanation } from "./explainMatch.js";

/** Six records: a and b share an email (a rule), c and d disagree on first names (a veto), c and e are close. */
function people(): Record<string, unknown>[] {
  return [
    { id: "a", firstName: "Ann", lastName: "Lee", email: "zq81@fastmail.com", dateOfBirth: "1980-03-04" },
    { id: "b", firstName: "Ann", lastName: "Lee", email: "zq81@fastmail.com", dateOfBirth: "1980-03-04" },
    { id: "c", firstName: "Ann", lastName: "Lee", city: "Boston", dateOfBirth: "1980-03-04", phone: "+1 415 555 2671", street: "1 Main St", postalCode: "02110" },
    { id: "d", firstName: "Bob", lastName: "Lee", city: "Boston", dateOfBirth: "1980-03-04" },
    { id: "e", firstName: "Ann", lastName: "Leed", city: "Boston" },
    { id: "f", firstName: "Ann", lastName: "Lee", city: "Boston", dateOfBirth: "1980-03-04", phone: "+1 415 555 2671", street: "1 Main St", postalCode: "02110" },
  ];
}

const levels = (explanation: MatchExplanation): (string | null)[] => explanation.fields.map((field) => field.level);

describe("explainMatch", () => {
  it("explains a pair field by field, comparing the two records (not one with itself)", () => {
    const why = explainMatch(people(), "c", "e");
    expect(why.fields.map((field) => field.field)).toEqual(["firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "customerId"]);
    expect(levels(why)).toEqual(["exact", "jaroWinkler92", null, null, null, null, "exact", null, null]);
    expect(why.fields[2]).toEqual({ field: "email", level: null, weight: 0, termFrequencyAdjustment: 0, ignored: "missing" });
    expect(why.decidedBy).toEqual({ kind: "model" });
    expect(why.probability).toBeGreaterThan(0.5);
    expect(why.probability).toBeLessThan(0.95);
    expect(why.linked).toBe(false);
    // Six records: the prior is log2 of the odds 1/5 against 4/5.
    expect(why.priorWeight).toBe(-2);
    expect(why.matchWeight).toBeCloseTo(why.priorWeight + why.fields.reduce((sum, field) => sum + field.weight, 0), 9);
  });

  it("gives the same explanation whichever id comes first", () => {
    const records = people();
    expect(explainMatch(records, "e", "c")).toEqual(explainMatch(records, "c", "e"));
    expect(levels(explainMatch(records, "e", "c"))[1]).toBe("jaroWinkler92");
  });

  it("links a pair a rule decides, whatever the threshold", () => {
    const why = explainMatch(people(), "b", "a", { threshold: 0.999999 });
    expect(why.decidedBy).toEqual({ kind: "rule", field: "email" });
    expect(why.probability).toBe(1);
    expect(why.linked).toBe(true);
  });

  it("never links a vetoed pair", () => {
    const why = explainMatch(people(), "c", "d", { threshold: 0.01 });
    expect(why.decidedBy).toEqual({ kind: "veto", reason: "firstName" });
    expect(why.probability).toBe(0);
    expect(why.linked).toBe(false);
  });

  it("links a pair the model scores at or above the threshold, and not below", () => {
    const records = people();
    const probability = explainMatch(records, "c", "e").probability;
    expect(explainMatch(records, "c", "e", { threshold: probability }).linked).toBe(true);
    expect(explainMatch(records, "c", "e", { threshold: probability * (1 + 1e-12) }).linked).toBe(false);
    expect(explainMatch(records, "c", "e", { threshold: probability / 2 }).linked).toBe(true);
    expect(explainMatch(records, "c", "f", { threshold: 0.5 }).linked).toBe(false);
  });

  it("refuses ids that are not in the records, naming explainMatch", () => {
    const expected = { code: "invalid_options", message: "explainMatch: both record ids must be in records." };
    expect(refusalOf(() => explainMatch(people(), "a", "nobody"))).toEqual(expected);
    expect(refusalOf(() => explainMatch(people(), "nobody", "a"))).toEqual(expected);
    expect(refusalOf(() => explainMatch(people(), "x", "y"))).toEqual(expected);
    expect(refusalOf(() => explainMatch(people(), "a", "b", { threshold: 3 }))).toMatchObject({ code: "invalid_options", message: expect.stringContaining("explainMatch: invalid options.") as unknown });
  });
});

describe("compileExplainer", () => {
  it("explains many pairs as explainMatch does, with the data set's prior", () => {
    const records = people();
    const explainer = compileExplainer(records, { threshold: 0.5 });
    expect(explainer.priorWeight).toBe(-2);
    for (const [a, b] of [["a", "b"], ["c", "d"], ["c", "e"], ["f", "c"], ["e", "e"]] as const) {
      expect(explainer.explain(a, b)).toEqual(explainMatch(records, a, b, { threshold: 0.5 }));
    }
    expect(explainer.explain("c", "e").linked).toBe(true);
    const defaults = compileExplainer(records);
    expect(defaults.explain("c", "e").linked).toBe(false);
  });

  it("refuses unknown ids and ids that are not strings, naming compileExplainer", () => {
    const explainer = compileExplainer(people());
    const expected = { code: "invalid_options", message: "compileExplainer: both record ids must be in records." };
    expect(refusalOf(() => explainer.explain("a", "zz"))).toEqual(expected);
    expect(refusalOf(() => explainer.explain("zz", "a"))).toEqual(expected);
    expect(refusalOf(() => explainer.explain(5 as unknown as string, "a"))).toEqual(expected);
    expect(refusalOf(() => explainer.explain("a", null as unknown as string))).toEqual(expected);
    // Still usable after a refusal.
    expect(explainer.explain("a", "b").linked).toBe(true);
  });

  it("reads numeric ids as their text", () => {
    const explainer = compileExplainer([{ id: 1, firstName: "Ann" }, { id: 2, firstName: "Ann" }]);
    expect(explainer.explain("1", "2").fields[0]?.level).toBe("exact");
    expect(refusalOf(() => explainer.explain(1 as unknown as string, "2"))).toEqual({ code: "invalid_options", message: "compileExplainer: both record ids must be in records." });
  });
});
