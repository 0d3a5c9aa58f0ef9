// Accuracy on the public development sets in ../shared/data (see its README), which CI lays beside the
// clone. They are data, not a server: without them this suite says loudly that it was skipped.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { available } from "../../test/support/skips.js";
import { _febrlOptions, _febrlRecords, _fakeOptions, _readDevData } from "./_devData.js";
import { evaluateClusters } from "./evaluateClusters.js";
import { resolveIdentities } from "./resolveIdentities.js";
import { trainModel } from "./trainModel.js";

const root = resolve(import.meta.dirname, "..", "..");
const febrl = _readDevData(root, "febrl1.csv");
const fake = _readDevData(root, "fake_1000.csv");
const present = available(febrl !== null && fake !== null, "accuracy on the development data sets", "../shared/data (febrl1.csv, fake_1000.csv) is not beside this checkout");

describe.skipIf(!present)("accuracy on the development data sets", () => {
  it("febrl1: F1 at least 0.995 with the documented column mapping", () => {
    const records = _febrlRecords(febrl ?? []);
    const truth = new Map(records.map((r) => [r["rec_id"] as string, (r["rec_id"] as string).replace(/-(org|dup-\d+)$/, "")]));
    const score = evaluateClusters(resolveIdentities(records, _febrlOptions).clusters, truth);
    expect(score.f1).toBeGreaterThanOrEqual(0.995);
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
  });

  it("fake_1000: a fifth of the fields empty, and still no false links", () => {
    const records = fake ?? [];
    const truth = new Map(records.map((r) => [r["unique_id"] as string, r["cluster"] as string]));
    const score = evaluateClusters(resolveIdentities(records, _fakeOptions).clusters, truth);
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
    expect(score.recall).toBeGreaterThan(0.65);
    // Trained on the data itself (no labels), recall rises without losing precision.
    const trained = evaluateClusters(resolveIdentities(records, { ..._fakeOptions, model: trainModel(records, { ..._fakeOptions, seed: 42 }).model }).clusters, truth);
    expect(trained.precision).toBeGreaterThanOrEqual(0.98);
    expect(trained.f1).toBeGreaterThanOrEqual(0.88);
  });
});
