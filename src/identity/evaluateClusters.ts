import { ProfileKitError } from "../errors/ProfileKitError.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _own } from "../shared/_dict.js";

/** Pairwise and B-cubed scores of a clustering against the truth. */
export interface ClusterEvaluation {
  /** Of the record pairs put together, the share that truly belong together. */
  readonly precision: number;
  /** Of the record pairs that truly belong together, the share put together. */
  readonly recall: number;
  /** Harmonic mean of pairwise precision and recall. */
  readonly f1: number;
  /** B-cubed precision, recall and F1 (per-record averages; less dominated by large clusters). */
  readonly bCubed: { readonly precision: number; readonly recall: number; readonly f1: number };
  /** Pair counts behind the pairwise scores. */
  readonly pairs: { readonly truePositive: number; readonly predicted: number; readonly actual: number };
  /** Records scored (present in both the clusters and the truth). */
  readonly records: number;
}

/**
 * Scores clusters against known truth, from the contingency counts of (cluster, entity) — no pair is
 * enumerated, so a million records score in linear time. Records missing from the truth, or whose entity
 * is not a string (null for an unlabelled record), are ignored.
 *
 * @param clusters - clusters as `resolveIdentities` returns them (anything with `recordIds`)
 * @param truth - the true entity of each record id: a Map or a plain object
 * @returns pairwise precision, recall and F1, and B-cubed scores
 * @throws ProfileKitError `invalid_options` when a record id appears in two clusters, when `truth` is not a
 *   Map or a plain object, or when no record id of the clusters is in `truth` (a score over no records
 *   would read as perfect)
 * @example
 * ```ts
 * const { precision, recall, f1 } = evaluateClusters(result.clusters, new Map(records.map((r, i) => [r.id, entityIds[i]])));
 * ```
 */
export function evaluateClusters(
  clusters: readonly { readonly recordIds: readonly string[] }[],
  truth: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): ClusterEvaluation {
  try {
    const input: unknown = truth;
    if (!(input instanceof Map) && (typeof input !== "object" || input === null || Array.isArray(input))) {
      throw new ProfileKitError("invalid_options", "evaluateClusters: truth must be a Map or a plain object from record id to entity id.");
    }
    if (!Array.isArray(clusters)) throw new ProfileKitError("invalid_options", "evaluateClusters: clusters must be an array of clusters with recordIds.");
    return evaluate(clusters, truth);
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    throw new ProfileKitError("invalid_options", "evaluateClusters: the clusters or the truth could not be read (each cluster needs a recordIds array of strings).", { cause: error });
  }
}

function evaluate(clusters: readonly { readonly recordIds: readonly string[] }[], truth: ReadonlyMap<string, string> | Readonly<Record<string, string>>): ClusterEvaluation {
  // A Map and a plain object are read alike: an entity that is not a string (null for an unlabelled record)
  // leaves the record out, as it does in evaluateBlocking, rather than making every null one entity.
  const entityOf = (id: string): string | undefined => {
    const entity: unknown = truth instanceof Map ? (truth as ReadonlyMap<string, unknown>).get(id) : _own(truth, id);
    return typeof entity === "string" ? entity : undefined;
  };
  const seen = new Set<string>();
  const entitySizes = new Map<string, number>();
  // Per cluster, its labelled size and how many of its records each person has, in flat arrays (a Map per
  // cluster would be hundreds of thousands of Maps alive at once on a million records).
  const clusterSizes: number[] = [];
  const cellEntity: string[] = [];
  const cellCount: number[] = [];
  const cellEnd: number[] = [];
  const counts = new Map<string, number>();
  let records = 0;
  for (const cluster of clusters) {
    counts.clear();
    let clusterSize = 0;
    const ids: unknown = cluster.recordIds;
    if (!Array.isArray(ids)) throw new ProfileKitError("invalid_options", "evaluateClusters: every cluster needs a recordIds array.");
    for (const id of ids as readonly unknown[]) {
      if (typeof id !== "string") throw new ProfileKitError("invalid_options", "evaluateClusters: record ids must be strings.");
      if (seen.has(id)) throw new ProfileKitError("invalid_options", "evaluateClusters: a record id appears in more than one cluster.");
      seen.add(id);
      const entity = entityOf(id);
      if (entity === undefined) continue;
      clusterSize++;
      counts.set(entity, (counts.get(entity) ?? 0) + 1);
      entitySizes.set(entity, (entitySizes.get(entity) ?? 0) + 1);
    }
    records += clusterSize;
    clusterSizes.push(clusterSize);
    for (const [entity, count] of counts) {
      cellEntity.push(entity);
      cellCount.push(count);
    }
    cellEnd.push(cellEntity.length);
  }
  if (records === 0) {
    throw new ProfileKitError(
      "invalid_options",
      seen.size === 0 ? "evaluateClusters: there are no record ids to evaluate." : `evaluateClusters: none of the ${seen.size} record ids is in the truth; are the truth's keys the records' ids?`,
    );
  }
  const choose2 = (k: number): number => (k * (k - 1)) / 2;
  let truePositive = 0;
  let predicted = 0;
  let bPrecision = 0;
  let bRecall = 0;
  let cell = 0;
  for (const [k, clusterSize] of clusterSizes.entries()) {
    predicted += choose2(clusterSize);
    for (const end = cellEnd[k] as number; cell < end; cell++) {
      const count = cellCount[cell] as number;
      truePositive += choose2(count);
      // Each of the `count` records sees `count` correct companions (itself included).
      bPrecision += (count * count) / clusterSize;
      bRecall += (count * count) / (entitySizes.get(cellEntity[cell] as string) as number);
    }
  }
  let actual = 0;
  for (const size of entitySizes.values()) actual += choose2(size);
  const precision = predicted === 0 ? 1 : truePositive / predicted;
  const recall = actual === 0 ? 1 : truePositive / actual;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const bp = records === 0 ? 1 : bPrecision / records;
  const br = records === 0 ? 1 : bRecall / records;
  return {
    precision,
    recall,
    f1,
    bCubed: { precision: bp, recall: br, f1: bp + br === 0 ? 0 : (2 * bp * br) / (bp + br) },
    pairs: { truePositive, predicted, actual },
    records,
  };
}
