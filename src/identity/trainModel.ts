import * as z from "zod/mini";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _createRandom } from "../shared/_random.js";
import { _own, _setOwn } from "../shared/_dict.js";
import { _blockingRules, _candidatePairs } from "./_blocking.js";
import { _comparators } from "./_comparators.js";
import { _settingsOf } from "./_settings.js";
import type { MatchAssertion, MatchModel, ModelLevel, ResolveIdentitiesOptions } from "./types.js";

/** Options of {@link trainModel}: the resolution options it will be used with, plus training settings. */
export interface TrainModelOptions extends ResolveIdentitiesOptions {
  /** Seed for sampling random pairs: same seed, same model. Default 1. */
  readonly seed?: number;
  /** Random pairs sampled to estimate u (how often different people agree by chance). Default 200,000. */
  readonly randomPairs?: number;
  /** Expectation-maximisation rounds for m, at most (it stops when no parameter moves by 1e-5). Default 200. */
  readonly iterations?: number;
  /** Labelled pairs (record ids and whether they are the same person): when given, m comes from the matches. */
  readonly labels?: readonly MatchAssertion[];
}

/** The result of {@link trainModel}. */
export interface TrainModelResult {
  /** The trained model, plain JSON, for `resolveIdentities({ model })`. */
  readonly model: MatchModel;
  /** How it was estimated. */
  readonly report: {
    readonly randomPairs: number;
    readonly candidatePairs: number;
    readonly labelledMatches: number;
    readonly iterations: number;
    readonly converged: boolean;
    /** The largest change of any parameter in the last round (0 when m came from labels). */
    readonly lastChange: number;
    /** The estimated probability that two random records match (the prior), or null (labels, or nothing to estimate from). */
    readonly probabilityTwoRandomRecordsMatch: number | null;
    /** Fields no record pair held a value of: their built-in parameters were kept. */
    readonly fieldsWithoutValues: readonly string[];
    /** Why the estimate did not converge, in words, or null when it did. */
    readonly reason: string | null;
    /** What to look at even when it converged (the share of matches among candidates at a bound). */
    readonly warnings: readonly string[];
  };
}

// Loose: the rest are resolveIdentities options, checked by it.
const trainingSchema = z.looseObject({
  seed: z.optional(z.int().check(z.gte(0), z.lte(0xffffffff))),
  randomPairs: z.optional(z.int().check(z.gte(1000), z.lte(50_000_000))),
  iterations: z.optional(z.int().check(z.gte(1), z.lte(1000))),
  labels: z.optional(z.array(z.strictObject({ a: z.string().check(z.minLength(1)), b: z.string().check(z.minLength(1)), match: z.boolean() }))),
});

/**
 * Estimates the match model's parameters from the data itself, Splink-style: u (chance agreement) from
 * random record pairs, m (agreement among true matches) by expectation-maximisation over blocked
 * candidate pairs, and the prior probability that two records match. Deterministic for a given seed.
 * With `labels`, m is counted from the labelled matches instead (u still from random pairs).
 *
 * @param records - the records (with ids), as for `resolveIdentities`
 * @param options - the resolution options plus `seed`, `randomPairs`, `iterations`, `labels`
 * @returns a JSON-serialisable model and a report of the estimation
 * @throws ProfileKitError `invalid_options` for invalid options, ids, or labels naming unknown records
 * @example
 * ```ts
 * const { model } = trainModel(records, { seed: 42 });
 * const result = resolveIdentities(records, { model });
 * ```
 */
export function trainModel(records: readonly unknown[], options: TrainModelOptions = {}): TrainModelResult {
  const { seed = 1, randomPairs = 200_000, iterations = 200, labels, ...resolveOptions } = _parseOptions("trainModel", trainingSchema, options) as TrainModelOptions;
  const settings = _settingsOf("trainModel", records, resolveOptions);
  const p = settings.prepared;
  const n = p.n;
  if (n < 2) throw new ProfileKitError("invalid_options", "trainModel: at least two records are needed.");
  const comparators = _comparators(p).filter((c) => _own(settings.model.fields, c.field) !== undefined);
  // The m of each level in the model the options give (built-in, or a model passed in), by level name.
  const builtInM = (c: (typeof comparators)[number]): Float64Array => {
    const byName = new Map(((_own(settings.model.fields, c.field) as readonly ModelLevel[] | undefined) ?? []).map((level) => [level.name, level.m]));
    return Float64Array.from(c.levels, (name) => byName.get(name) ?? 0.5);
  };
  const fieldCount = comparators.length;

  // u: agreement among random pairs, Laplace-smoothed so no level is impossible.
  const random = _createRandom(seed);
  const totalPairs = (n * (n - 1)) / 2;
  const sampled = Math.min(randomPairs, totalPairs);
  const uCounts = comparators.map((c) => new Float64Array(c.levels.length));
  for (let s = 0; s < sampled; s++) {
    let i = random.int(0, n - 1);
    let j = random.int(0, n - 2);
    if (j >= i) j++;
    if (i > j) [i, j] = [j, i];
    for (let f = 0; f < fieldCount; f++) {
      const level = (comparators[f] as (typeof comparators)[number]).compare(i, j);
      if (level >= 0) increment(uCounts[f] as Float64Array, level);
    }
  }
  const u = uCounts.map((counts) => smooth(counts));

  // Level vectors of the blocked candidate pairs (where matches concentrate).
  const candidates = _candidatePairs(p, _blockingRules(p), settings.maxBlockSize, settings.linkOnly, settings.maxComparisons);
  const pairCount = Math.min(candidates.count, 3_000_000);
  const stride = candidates.count / pairCount;
  const levels = new Int8Array(pairCount * fieldCount);
  for (let x = 0; x < pairCount; x++) {
    const code = candidates.pairs[Math.floor(x * stride)] as number;
    const i = Math.floor(code / n);
    const j = code - i * n;
    for (let f = 0; f < fieldCount; f++) levels[x * fieldCount + f] = (comparators[f] as (typeof comparators)[number]).compare(i, j);
  }

  let m: Float64Array[];
  let lambda = 0.1;
  let rounds = 0;
  let converged = false;
  let lastChange = 0;
  let reason: string | null = null;
  const warnings: string[] = [];
  let labelledMatches = 0;
  if (labels !== undefined && labels.length > 0) {
    const indexOf = new Map(p.ids.map((id, i) => [id, i]));
    const mCounts = comparators.map((c) => new Float64Array(c.levels.length));
    for (const label of labels) {
      const a = indexOf.get(label.a);
      const b = indexOf.get(label.b);
      if (a === undefined || b === undefined) throw new ProfileKitError("invalid_options", "trainModel: a label names a record id that is not in records.");
      if (!label.match) continue;
      labelledMatches++;
      for (let f = 0; f < fieldCount; f++) {
        const level = (comparators[f] as (typeof comparators)[number]).compare(Math.min(a, b), Math.max(a, b));
        if (level >= 0) increment(mCounts[f] as Float64Array, level);
      }
    }
    if (labelledMatches === 0) throw new ProfileKitError("invalid_options", "trainModel: labels contain no matching pair to learn m from.");
    m = mCounts.map((counts) => smooth(counts));
    // The prior from the labelled share is biased by how pairs were chosen for labelling: leave it to the data size.
    lambda = Number.NaN;
    converged = true;
  } else if (pairCount === 0) {
    // Nothing to learn m from: the built-in m stays, and the prior is left to the data size.
    m = comparators.map(builtInM);
    lambda = Number.NaN;
    reason = "no candidate pairs: no two records share a blocking key, so there is nothing to estimate m from; the built-in m and prior were kept";
  } else {
    // m: expectation-maximisation over the candidate pairs, starting from the built-in m.
    m = comparators.map((c) => smooth(builtInM(c).map((value) => value * 1000)));
    const posterior = new Float64Array(pairCount);
    for (rounds = 1; rounds <= iterations; rounds++) {
      for (let x = 0; x < pairCount; x++) {
        let logRatio = Math.log(lambda / (1 - lambda));
        for (let f = 0; f < fieldCount; f++) {
          const level = levels[x * fieldCount + f] as number;
          if (level >= 0) logRatio += Math.log(((m[f] as Float64Array)[level] as number) / ((u[f] as Float64Array)[level] as number));
        }
        posterior[x] = 1 / (1 + Math.exp(-logRatio));
      }
      let change = 0;
      const next = comparators.map((c) => new Float64Array(c.levels.length));
      let total = 0;
      for (let x = 0; x < pairCount; x++) {
        const weight = posterior[x] as number;
        total += weight;
        for (let f = 0; f < fieldCount; f++) {
          const level = levels[x * fieldCount + f] as number;
          if (level >= 0) (next[f] as Float64Array)[level] = ((next[f] as Float64Array)[level] as number) + weight;
        }
      }
      const nextM = next.map((counts) => smooth(counts));
      for (let f = 0; f < fieldCount; f++) {
        for (let l = 0; l < (nextM[f] as Float64Array).length; l++) change = Math.max(change, Math.abs(((nextM[f] as Float64Array)[l] as number) - ((m[f] as Float64Array)[l] as number)));
      }
      m = nextM;
      const nextLambda = Math.min(0.999, Math.max(1e-6, total / Math.max(1, pairCount)));
      change = Math.max(change, Math.abs(nextLambda - lambda));
      lambda = nextLambda;
      lastChange = change;
      if (change < 1e-5) {
        converged = true;
        break;
      }
    }
    if (!converged) reason = `stopped after ${iterations} rounds with parameters still moving by ${lastChange.toPrecision(2)} (converged means below 1e-5): raise iterations, or give labels`;
    if (lambda <= 1e-6) warnings.push("no candidate pair looks like a match (the share of matches fell to its floor): check the column mapping, or give labels");
    else if (lambda >= 0.999) warnings.push("every candidate pair looks like a match (the share of matches rose to its ceiling): m is learnt from matches only and u from random pairs, which holds when blocking is tight; with loose blocking, give labels");
  }

  // The prior over all pairs: the expected matches among the candidates, spread over every pair.
  const expectedMatches = Number.isNaN(lambda) ? null : lambda * candidates.count;
  const probability = expectedMatches === null ? null : Math.min(0.5, Math.max(1e-12, expectedMatches / totalPairs));
  const fields: Record<string, readonly ModelLevel[]> = { ...settings.model.fields };
  // A field no pair held a value of taught nothing: its built-in parameters stay (m = u would silence it
  // on data that has it).
  const fieldsWithoutValues = comparators.filter((_, f) => {
    const seen = (uCounts[f] as Float64Array).some((count) => count > 0);
    let inCandidates = false;
    for (let x = 0; x < pairCount && !inCandidates; x++) inCandidates = (levels[x * fieldCount + f] as number) >= 0;
    return !seen && !inCandidates;
  }).map((c) => c.field);
  const without = new Set(fieldsWithoutValues);
  for (const [f, comparator] of comparators.entries()) {
    if (without.has(comparator.field)) continue;
    _setOwn(fields, comparator.field, comparator.levels.map((name, l) => ({ name, m: round((m[f] as Float64Array)[l] as number), u: round((u[f] as Float64Array)[l] as number) })));
  }
  return {
    model: { version: 1, probabilityTwoRandomRecordsMatch: probability === null ? null : round(probability), fields },
    report: { randomPairs: sampled, candidatePairs: pairCount, labelledMatches, iterations: Math.min(rounds, iterations), converged, lastChange, probabilityTwoRandomRecordsMatch: probability === null ? null : round(probability), fieldsWithoutValues, reason, warnings },
  };
}

function increment(counts: Float64Array, level: number): void {
  counts[level] = (counts[level] as number) + 1;
}

function smooth(counts: Float64Array): Float64Array {
  let total = 0;
  for (const count of counts) total += count;
  return Float64Array.from(counts, (count) => (count + 1) / (total + counts.length));
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}
