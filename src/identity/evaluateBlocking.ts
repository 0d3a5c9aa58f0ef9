import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own } from "../shared/_dict.js";
import { _blockingRules, _candidatePairs } from "./_blocking.js";
import { _settingsOf } from "./_settings.js";
import type { ResolveIdentitiesOptions } from "./types.js";

/** How well blocking kept the true pairs of a data set (see {@link evaluateBlocking}). */
export interface BlockingEvaluation {
  /** Record pairs that truly belong together (records of one entity, two by two). */
  readonly truePairs: number;
  /** Of them, the ones blocking made candidates (only candidates are ever compared). */
  readonly truePairsCompared: number;
  /** `truePairsCompared / truePairs`: the recall resolution can reach at most, pair by pair. */
  readonly blockingRecall: number;
  /** Distinct candidate pairs compared. */
  readonly candidatePairs: number;
  /** Candidate pairs each blocking rule produced (a pair two rules find counts for both). */
  readonly byRule: Readonly<Record<string, number>>;
}

/**
 * Measures blocking on data with known truth: the share of true pairs that became candidate pairs
 * (blocking recall), the ceiling of what resolution can find, pair by pair. Runs the same preparation and
 * blocking as `resolveIdentities` with the same options, without scoring.
 *
 * @param records - the records, as for `resolveIdentities`
 * @param truth - the true entity of each record id: a Map or a plain object (records missing from it are ignored)
 * @param options - the options given to `resolveIdentities`
 * @returns true pairs, how many were compared, blocking recall and candidate pairs by rule
 * @throws ProfileKitError `invalid_options` for invalid options or truth, or when no record is in the truth
 * @example
 * ```ts
 * const { blockingRecall } = evaluateBlocking(records, truth);
 * ```
 */
export function evaluateBlocking(records: readonly unknown[], truth: ReadonlyMap<string, string> | Readonly<Record<string, string>>, options: ResolveIdentitiesOptions = {}): BlockingEvaluation {
  const input: unknown = truth;
  const unreadable = (error: unknown): ProfileKitError => new ProfileKitError("invalid_options", "evaluateBlocking: truth cannot be read (a revoked Proxy, a throwing getter?).", { cause: error });
  let isMap: boolean;
  try {
    isMap = input instanceof Map;
    if (!isMap && (typeof input !== "object" || input === null || Array.isArray(input))) {
      throw new ProfileKitError("invalid_options", "evaluateBlocking: truth must be a Map or a plain object from record id to entity id.");
    }
  } catch (error) {
    throw error instanceof ProfileKitError ? error : unreadable(error);
  }
  const settings = _settingsOf("evaluateBlocking", records, options);
  const p = settings.prepared;
  const candidates = _candidatePairs(p, _blockingRules(p), settings.maxBlockSize, settings.linkOnly, settings.maxComparisons);
  const entityOf = (id: string): unknown => {
    try {
      return isMap ? (truth as ReadonlyMap<string, string>).get(id) : _own(truth, id);
    } catch (error) {
      throw unreadable(error);
    }
  };
  const rowsOf = new Map<string, number[]>();
  for (let i = 0; i < p.n; i++) {
    const entity = entityOf(p.ids[i] as string);
    if (typeof entity !== "string") continue;
    const rows = rowsOf.get(entity);
    if (rows === undefined) rowsOf.set(entity, [i]);
    else rows.push(i);
  }
  if (rowsOf.size === 0) throw new ProfileKitError("invalid_options", "evaluateBlocking: no record id is in the truth (a blocking recall over no pair would read as perfect).");
  // Candidate pairs are sorted codes i * n + j (i < j): each true pair is found by binary search.
  const pairs = candidates.pairs;
  const has = (code: number): boolean => {
    let lo = 0;
    let hi = candidates.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = pairs[mid] as number;
      if (value === code) return true;
      if (value < code) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
  let truePairs = 0;
  let compared = 0;
  for (const rows of rowsOf.values()) {
    for (let a = 0; a < rows.length; a++) {
      for (let b = a + 1; b < rows.length; b++) {
        const i = Math.min(rows[a] as number, rows[b] as number);
        const j = Math.max(rows[a] as number, rows[b] as number);
        if (settings.linkOnly && p.source[i] != null && p.source[i] === p.source[j]) continue;
        truePairs++;
        if (has(i * p.n + j)) compared++;
      }
    }
  }
  return { truePairs, truePairsCompared: compared, blockingRecall: truePairs === 0 ? 1 : compared / truePairs, candidatePairs: candidates.count, byRule: candidates.byRule };
}
