import { _createIssue } from "../errors/_createIssue.js";
import type { Issue } from "../errors/issue.js";
import { _clusterId } from "../shared/_hash.js";
import { _candidatePairs, _blockingRules } from "./_blocking.js";
import { _compileScorer } from "./_score.js";
import { _clusterLinks } from "./_cluster.js";
import { _explanation } from "./explainMatch.js";
import { _settingsOf, type _Settings } from "./_settings.js";
import type { _Prepared } from "./_prepare.js";
import type {
  GuardStats,
  IdentityCluster,
  IdentityLink,
  ExplainedPair,
  MatchWeightBin,
  ResolveIdentitiesOptions,
  ResolveIdentitiesResult,
} from "./types.js";

/** Histogram bins span this many bits either side of zero; weights beyond fall in the end bins. */
const WEIGHT_SPAN = 60;
/** Pairs kept below the threshold for a look at near misses. */
const NEAR_MISSES = 25;

/**
 * Resolves which records belong to the same person. Records are standardised through cleanse/, blocked
 * by several rules (each pair compared once, oversized blocks skipped), decided by deterministic rules
 * (same customer id; same unshared email without a conflicting first name or birth date) and otherwise
 * scored with a Fellegi–Sunter model (fuzzy levels, term-frequency adjustment), then clustered strongest
 * link first under guards against over-merging: placeholders are never evidence, values shared by
 * several people stop counting, conflicting first names or birth dates veto a link, a profile holds at
 * most `identifierLimits` values, and profiles larger than `maxClusterSize` keep only strict links.
 * The result does not depend on input order; cluster ids are stable for the same members.
 *
 * @param records - plain objects with an id (by default in `id`) and any of the standard fields
 * @param options - field mapping, custom fields, mode, model, thresholds and guards
 * @returns clusters (every record exactly once), the links that joined them, and statistics
 * @throws ProfileKitError `invalid_options` for unknown or invalid options, missing or duplicate ids
 * @example
 * ```ts
 * const { clusters, links, stats } = resolveIdentities(records);
 * for (const cluster of clusters) if (cluster.recordIds.length > 1) console.log(cluster.id, cluster.recordIds);
 * ```
 */
export function resolveIdentities(records: readonly unknown[], options: ResolveIdentitiesOptions = {}): ResolveIdentitiesResult {
  const settings = _settingsOf("resolveIdentities", records, options);
  return _resolvePrepared(settings.prepared, settings);
}

/**
 * Resolution of prepared rows: blocking, scoring with the rows' own statistics, clustering under the
 * guards. The batch path of `resolveIdentities` and of a profile engine's refresh.
 *
 * @internal
 */
export function _resolvePrepared(p: _Prepared, settings: Omit<_Settings, "prepared">): ResolveIdentitiesResult {
  const n = p.n;
  const scorer = _compileScorer(p, settings.model, settings.maxPeoplePerValue);
  const candidates = _candidatePairs(p, _blockingRules(p), settings.maxBlockSize, settings.linkOnly, settings.maxComparisons);

  // Score every candidate pair once; keep the ones that link.
  const linkI: number[] = [];
  const linkJ: number[] = [];
  const linkP: number[] = [];
  const linkW: number[] = [];
  const linkBy: string[] = [];
  const ruleMatches = new Map<string, number>();
  let conflictVetoes = 0;
  // Match weights of compared pairs, linked and not, per 1-bit bin; the strongest pairs below the threshold.
  const linkedBins = new Float64Array(2 * WEIGHT_SPAN + 1);
  const notLinkedBins = new Float64Array(2 * WEIGHT_SPAN + 1);
  const binOf = (weight: number): number => Math.min(2 * WEIGHT_SPAN, Math.max(0, Math.floor(weight) + WEIGHT_SPAN));
  const near: { i: number; j: number; probability: number; matchWeight: number }[] = [];
  let nearFloor = -Infinity;
  for (let x = 0; x < candidates.count; x++) {
    const code = candidates.pairs[x] as number;
    const i = Math.floor(code / n);
    const j = code - i * n;
    const score = scorer.score(i, j);
    if (score.decidedBy.startsWith("veto:")) {
      conflictVetoes++;
      continue;
    }
    if (score.decidedBy !== "model") {
      const rule = score.decidedBy.slice(5);
      ruleMatches.set(rule, (ruleMatches.get(rule) ?? 0) + 1);
    }
    else if (score.probability < settings.threshold) {
      // An assignment, not `(… as number)++`: Stryker's instrumenter turns a cast's ++ into code that does not parse.
      const bin = binOf(score.matchWeight);
      notLinkedBins[bin] = (notLinkedBins[bin] as number) + 1;
      if (score.matchWeight > nearFloor) {
        near.push({ i, j, probability: score.probability, matchWeight: score.matchWeight });
        if (near.length > 2 * NEAR_MISSES) {
          near.sort((a, b) => b.matchWeight - a.matchWeight || a.i - b.i || a.j - b.j);
          near.length = NEAR_MISSES;
          nearFloor = (near[NEAR_MISSES - 1] as (typeof near)[number]).matchWeight;
        }
      }
      continue;
    }
    const bin = binOf(score.matchWeight);
    linkedBins[bin] = (linkedBins[bin] as number) + 1;
    linkI.push(i);
    linkJ.push(j);
    linkP.push(score.probability);
    linkW.push(score.matchWeight);
    linkBy.push(score.decidedBy);
  }
  const matchedPairs = linkI.length;

  // Assertions: must-links join first; cannot-links forbid.
  // Record id → row, built only when there are assertions (a million-entry map otherwise for nothing).
  const indexOf = new Map<string, number>();
  if (settings.assertions.length > 0) for (let i = 0; i < n; i++) indexOf.set(p.ids[i] as string, i);
  const cannotOf = new Map<number, number[]>();
  // An assertion that cannot be applied is reported, never dropped silently (path: its index, no ids).
  const assertionIssues: Issue[] = [];
  const mustLinks: (readonly [k: number, a: number, b: number])[] = [];
  for (const [k, assertion] of settings.assertions.entries()) {
    const a = indexOf.get(assertion.a);
    const b = indexOf.get(assertion.b);
    if (a === undefined || b === undefined || a === b) {
      assertionIssues.push(_createIssue("assertion_ignored", ["assertions", k], { reason: a === undefined || b === undefined ? "unknown_record" : "same_record" }));
      continue;
    }
    if (assertion.match) {
      mustLinks.push([k, a, b]);
      linkI.push(Math.min(a, b));
      linkJ.push(Math.max(a, b));
      linkP.push(1);
      linkW.push(scorer.score(Math.min(a, b), Math.max(a, b)).matchWeight);
      linkBy.push("assertion");
    } else {
      const listA = cannotOf.get(a) ?? [];
      listA.push(b);
      cannotOf.set(a, listA);
      const listB = cannotOf.get(b) ?? [];
      listB.push(a);
      cannotOf.set(b, listB);
    }
  }
  // A must-link that a cannot-link of the same pair contradicts: clustering keeps the pair apart.
  for (const [k, a, b] of mustLinks) {
    if (cannotOf.get(a)?.includes(b) === true) assertionIssues.push(_createIssue("assertion_ignored", ["assertions", k], { reason: "contradicted" }));
  }
  assertionIssues.sort((x, y) => (x.path[1] as number) - (y.path[1] as number));

  const { find, membersOf, links, identifierLimitCuts, cannotLinkCuts, oversized } = _clusterLinks(p, { linkI, linkJ, linkP, linkW, linkBy }, settings, cannotOf);

  const clusters: IdentityCluster[] = [];
  for (let i = 0; i < n; i++) {
    if (find(i) !== i) continue;
    const rows = [...membersOf(i)].sort((a, b) => a - b);
    const recordIds = rows.map((row) => p.ids[row] as string);
    clusters.push({ id: _clusterId(recordIds[0] as string), recordIds });
  }
  clusters.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  near.sort((a, b) => b.matchWeight - a.matchWeight || a.i - b.i || a.j - b.j);
  const explained = (i: number, j: number): ExplainedPair => {
    const explanation = _explanation(scorer, i, j, settings.threshold);
    return { a: p.ids[Math.min(i, j)] as string, b: p.ids[Math.max(i, j)] as string, probability: explanation.probability, matchWeight: explanation.matchWeight, explanation };
  };
  const nearMisses = near.slice(0, NEAR_MISSES).map((m) => explained(m.i, m.j));
  // Rows are sorted by id: a link's rows are found by binary search (no id map for 25 look-ups).
  const rowOf = (id: string): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((p.ids[mid] as string) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // The weakest model links, kept in a small sorted list while the links are read once.
  const weaker = (x: IdentityLink, y: IdentityLink): number => x.matchWeight - y.matchWeight || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0);
  const weakest: IdentityLink[] = [];
  for (const link of links) {
    if (link.decidedBy.kind !== "model") continue;
    if (weakest.length === NEAR_MISSES && weaker(link, weakest[NEAR_MISSES - 1] as IdentityLink) >= 0) continue;
    let at = weakest.length;
    while (at > 0 && weaker(link, weakest[at - 1] as IdentityLink) < 0) at--;
    weakest.splice(at, 0, link);
    if (weakest.length > NEAR_MISSES) weakest.pop();
  }
  const weakestLinks = weakest.map((link) => explained(rowOf(link.a), rowOf(link.b)));
  const histogram: MatchWeightBin[] = [];
  let lowest = 0;
  while (lowest < linkedBins.length && linkedBins[lowest] === 0 && notLinkedBins[lowest] === 0) lowest++;
  let highest = linkedBins.length - 1;
  while (highest >= lowest && linkedBins[highest] === 0 && notLinkedBins[highest] === 0) highest--;
  for (let bin = lowest; bin <= highest; bin++) histogram.push({ from: bin - WEIGHT_SPAN, linked: linkedBins[bin] as number, notLinked: notLinkedBins[bin] as number });

  const guards: GuardStats = {
    placeholderValues: p.placeholders,
    sharedValues: scorer.sharedValues,
    conflictVetoes,
    identifierLimitCuts,
    cannotLinkCuts,
    oversizedClustersResplit: oversized.size,
  };
  return {
    clusters,
    links,
    issues: [...(n >= 2 && !anyComparable(p) ? [_createIssue("nothing_comparable", [], { unusedColumns: settings.unusedColumns ?? [] })] : []), ...assertionIssues],
    stats: {
      records: n,
      clusters: clusters.length,
      singletons: clusters.filter((cluster) => cluster.recordIds.length === 1).length,
      candidatePairsByRule: candidates.byRule,
      comparisons: candidates.count,
      skippedBlocks: candidates.skippedBlocks,
      blocksOverBudget: candidates.overBudget,
      truncatedValues: p.truncated,
      matchedPairs,
      ruleMatches: Object.fromEntries(ruleMatches),
      guards,
    },
    scores: {
      thresholdWeight: Math.log2(settings.threshold / (1 - settings.threshold)),
      priorWeight: scorer.priorWeight,
      model: settings.model,
      histogram,
      nearMisses,
      weakestLinks,
    },
  };
}

/** Whether any row has a value identity compares: without one, every record stays alone. */
function anyComparable(p: _Prepared): boolean {
  const columns = [p.first, p.last, p.email, p.phone, p.dob, p.street, p.city, p.postal, p.customerId, ...p.custom.flatMap((c) => [c.text, c.number])];
  for (const column of columns) for (let i = 0; i < p.n; i++) if (column[i] != null) return true;
  return false;
}
