import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { MAX_FUZZY_VALUE_LENGTH } from "./_prepare.js";
import { explainMatch } from "./explainMatch.js";
import { resolveIdentities } from "./resolveIdentities.js";
import { trainModel } from "./trainModel.js";

function invalidOptions(run: () => unknown): boolean {
  try {
    run();
  } catch (error) {
    return isProfileKitError(error) && error.code === "invalid_options";
  }
  return false;
}

describe("resolveIdentities under hostile input", () => {
  it("caps custom-field values, compares them on their first characters and reports the truncation", () => {
    const long = "x".repeat(2_000);
    const records = Array.from({ length: 200 }, (_, i) => ({ id: `r${i}`, lastName: "Smith", note: `${long}${i}`, motto: `${long}${i}` }));
    const result = resolveIdentities(records, { customFields: { note: { kind: "levenshtein" }, motto: { kind: "jaroWinkler" } }, maxBlockSize: 500 });
    // 200 × 2 values over the limit; equal first 100 characters compare as equal.
    expect(result.stats.truncatedValues).toBe(400);
    const why = explainMatch(records, "r1", "r2", { customFields: { note: { kind: "levenshtein" }, motto: { kind: "jaroWinkler" } } });
    expect(why.fields.find((f) => f.field === "note")?.level).toBe("exact");
    expect(MAX_FUZZY_VALUE_LENGTH).toBe(100);
    // A short value is not cut.
    expect(resolveIdentities([{ id: "a", note: "short" }], { customFields: { note: { kind: "levenshtein" } } }).stats.truncatedValues).toBe(0);
  });

  it("keeps the run bounded in memory inside the documented option range: a comparison budget, reported when hit", () => {
    const records = Array.from({ length: 20_000 }, (_, i) => ({ id: `r${String(i).padStart(5, "0")}`, email: "shared@acme-mail.com", firstName: `Name${i}` }));
    const result = resolveIdentities(records, { maxBlockSize: 100_000, maxComparisons: 1_000_000 });
    // One block of 20,000 would be 199,990,000 pairs: skipped whole, and said.
    expect(result.stats.blocksOverBudget).toBeGreaterThanOrEqual(1);
    expect(result.stats.comparisons).toBeLessThanOrEqual(1_000_000);
    expect(result.clusters).toHaveLength(20_000);
    // Within budget the same block is compared.
    const small = records.slice(0, 300);
    const within = resolveIdentities(small, { maxBlockSize: 1_000, maxComparisons: 1_000_000 });
    expect(within.stats.blocksOverBudget).toBe(0);
    expect(within.stats.candidatePairsByRule["email"]).toBe((300 * 299) / 2);
    expect(invalidOptions(() => resolveIdentities(small, { maxComparisons: 0 }))).toBe(true);
    expect(invalidOptions(() => resolveIdentities(small, { maxComparisons: 1e12 }))).toBe(true);
  });

  it("handles must-link clusters larger than a call's argument limit", () => {
    const n = 200_000;
    const records: Record<string, unknown>[] = Array.from({ length: n }, (_, i) => ({ id: `m${String(i).padStart(6, "0")}` }));
    // Other people, so the pair's agreeing values are rare enough to count (term frequencies).
    for (let i = 0; i < 200; i++) records.push({ id: `o${i}`, firstName: `Given${i}`, lastName: `Family${i}`, dateOfBirth: `19${String(50 + (i % 40))}-0${1 + (i % 9)}-1${i % 10}`, postalCode: String(10_000 + i) });
    records.push({ id: "p1", firstName: "Jonathan", lastName: "Quackenbush", dateOfBirth: "1971-02-03", postalCode: "99501" });
    records.push({ id: "p2", firstName: "Jonathan", lastName: "Quackenbush", dateOfBirth: "1971-02-03", postalCode: "99501" });
    const assertions = [{ a: "m000000", b: "p1", match: true }];
    for (let i = 1; i < n; i++) assertions.push({ a: `m${String(i - 1).padStart(6, "0")}`, b: `m${String(i).padStart(6, "0")}`, match: true });
    // A model link below the strict threshold makes the oversized-cluster check look at the whole cluster.
    const result = resolveIdentities(records, { assertions, strictThreshold: 0.9999999 });
    expect(result.stats.guards.oversizedClustersResplit).toBe(1);
    expect(result.clusters.find((c) => c.recordIds.includes("p1"))?.recordIds).toHaveLength(n + 1);
  });

  it("refuses custom field names that could reach a prototype, and reads trained models only through own keys", () => {
    expect(invalidOptions(() => resolveIdentities([{ id: "a" }], { customFields: JSON.parse('{"constructor":{"kind":"exact"}}') as never }))).toBe(true);
    const records = [
      { id: "a", toString: "x1", lastName: "Doe" },
      { id: "b", toString: "x1", lastName: "Doe" },
    ];
    const options = { customFields: { toString: { kind: "exact" as const, identifier: true } } };
    expect(resolveIdentities(records, options).links.map((l) => l.decidedBy)).toEqual([{ kind: "rule", field: "toString" }]);
    const { model } = trainModel(records, options);
    expect(Object.hasOwn(model.fields, "toString")).toBe(true);
    // A model that lacks the custom field falls back to its defaults, never to Object.prototype.toString.
    const partial = { ...model, fields: { firstName: model.fields["firstName"] ?? [] } };
    expect(resolveIdentities(records, { ...options, model: partial }).clusters).toHaveLength(1);
  });
});
