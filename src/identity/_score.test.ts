import { describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { _blockingRules, _candidatePairs } from "./_blocking.js";
import { _defaultModel } from "./_defaultModel.js";
import { _fromRows, _prepare, _rowOf, _customSpecsOf } from "./_prepare.js";
import { _compileScorer, _valueStatsOf } from "./_score.js";

const records = [...generateCustomerRecords({ entities: 400, seed: 5, noise: 1.5 })].map((g) => g.record);
const p = _prepare("test", records, { idField: "id", sourceField: "source", fields: {}, customFields: {}, defaultCountry: null, dateOrder: null });
const model = _defaultModel({});

describe("one pair, two paths", () => {
  it("scores a pair within a few rows, with the whole data set's statistics, exactly as the batch does", () => {
    const batch = _compileScorer(p, model, 1);
    const stats = _valueStatsOf(p, 1);
    const custom = _customSpecsOf(p);
    const candidates = _candidatePairs(p, _blockingRules(p), 200, false);
    expect(candidates.count).toBeGreaterThan(500);
    let checked = 0;
    let linked = 0;
    for (let x = 0; x < candidates.count; x += 3) {
      const code = candidates.pairs[x] as number;
      const i = Math.floor(code / p.n);
      const j = code - i * p.n;
      // The pair with a neighbour or two, as an engine sees a new record and its candidates.
      const rows = [i, (i + 7) % p.n, j].filter((row, k, all) => all.indexOf(row) === k).sort((a, b) => a - b);
      const small = _fromRows(rows.map((row) => _rowOf(p, row)), custom);
      const scorer = _compileScorer(small, model, 1, stats);
      const got = scorer.explain(rows.indexOf(i), rows.indexOf(j));
      const want = batch.explain(i, j);
      expect(got).toEqual(want);
      expect(scorer.priorWeight).toBe(batch.priorWeight);
      checked++;
      if (want.score.probability > 0.95) linked++;
    }
    expect(checked).toBeGreaterThan(150);
    expect(linked).toBeGreaterThan(20);
  });

  it("rebuilds prepared rows from their feature rows without loss", () => {
    const rows = Array.from({ length: p.n }, (_, i) => _rowOf(p, i));
    const again = _fromRows(JSON.parse(JSON.stringify(rows)) as typeof rows, _customSpecsOf(p));
    const a = _compileScorer(p, model, 1);
    const b = _compileScorer(again, model, 1);
    for (let i = 0; i + 1 < p.n; i += 11) expect(b.explain(i, i + 1)).toEqual(a.explain(i, i + 1));
    expect(again.email).toEqual(p.email);
    expect(again.emailLocal).toEqual(p.emailLocal);
    expect(again.first).toEqual(p.first);
  });
});
