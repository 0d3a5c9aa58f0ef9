import { _clusterId } from "../shared/_hash.js";
import { _candidatePairs, _blockingRules } from "./_blocking.js";
import { _compileScorer } from "./_score.js";
import { _settingsOf } from "./_settings.js";
import type {
  GuardStats,
  IdentityCluster,
  IdentityLink,
  ResolveIdentitiesOptions,
  ResolveIdentitiesResult,
} from "./types.js";

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
  const p = settings.prepared;
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
    else if (score.probability < settings.threshold) continue;
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
  for (const assertion of settings.assertions) {
    const a = indexOf.get(assertion.a);
    const b = indexOf.get(assertion.b);
    if (a === undefined || b === undefined || a === b) continue;
    if (assertion.match) {
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

  // Strongest first: assertions, rules, then by weight; ties by row order, so the result is deterministic.
  // (Rules and assertions carry their model weight, which may be anything: their rank puts them first.)
  // Plain arrays rather than typed ones throughout: typed arrays live outside the JavaScript heap, and V8
  // answers every 64 MB of such memory with a full collection — half a second each at a million records.
  const ranks = linkBy.map((by) => (by === "assertion" ? 0 : by.startsWith("rule:") ? 1 : 2));
  const order = Array.from({ length: linkI.length }, (_, x) => x).sort((x, y) => {
    const r = (ranks[x] as number) - (ranks[y] as number);
    if (r !== 0) return r;
    const w = (linkW[y] as number) - (linkW[x] as number);
    if (w !== 0 && !Number.isNaN(w)) return w;
    return (linkI[x] as number) - (linkI[y] as number) || (linkJ[x] as number) - (linkJ[y] as number);
  });

  const parent = Array.from({ length: n }, (_, i) => i);
  const size = new Array<number>(n).fill(1);
  // Members are listed only for clusters that have grown: most records stay singletons, and a list per
  // record would be a million small arrays for the garbage collector.
  const members = new Map<number, number[]>();
  const membersOf = (root: number): readonly number[] => members.get(root) ?? [root];
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) {
      const next = parent[i] as number;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  // One scratch list for every check: a million links should not each allocate two arrays.
  const seen: string[] = [];
  const distinct = (column: readonly (string | null)[], a: readonly number[], b: readonly number[], limit: number): boolean => {
    seen.length = 0;
    for (let k = 0; k < a.length + b.length; k++) {
      const value = column[(k < a.length ? a[k] : b[k - a.length]) as number];
      if (value == null || seen.includes(value)) continue;
      seen.push(value);
      if (seen.length > limit) return false;
    }
    return true;
  };

  let identifierLimitCuts = 0;
  let cannotLinkCuts = 0;
  const oversized = new Set<number>();
  const links: IdentityLink[] = [];
  for (const x of order) {
    const i = linkI[x] as number;
    const j = linkJ[x] as number;
    const by = linkBy[x] as string;
    const probability = linkP[x] as number;
    const ri = find(i);
    const rj = find(j);
    if (ri === rj) continue;
    const big = (size[ri] as number) >= (size[rj] as number) ? ri : rj;
    const small = big === ri ? rj : ri;
    const bigMembers = membersOf(big);
    const smallMembers = membersOf(small);
    // Cannot-link: no member of one side may be forbidden with a member of the other.
    let forbidden = false;
    if (cannotOf.size > 0) {
      for (const member of smallMembers) {
        for (const other of cannotOf.get(member) ?? []) if (find(other) === big) forbidden = true;
      }
    }
    if (forbidden) {
      cannotLinkCuts++;
      continue;
    }
    if (by !== "assertion") {
      const limits = settings.limits;
      if (!distinct(p.customerId, bigMembers, smallMembers, limits.customerId) || !distinct(p.email, bigMembers, smallMembers, limits.email) || !distinct(p.phone, bigMembers, smallMembers, limits.phone)) {
        identifierLimitCuts++;
        continue;
      }
      if ((size[big] as number) + (size[small] as number) > settings.maxClusterSize && probability < settings.strictThreshold) {
        // A loop, not Math.min(...members): a cluster joined by assertions can hold more records than
        // a call's arguments can.
        let smallest = big;
        for (const member of bigMembers) if (member < smallest) smallest = member;
        oversized.add(smallest);
        continue;
      }
    }
    parent[small] = big;
    size[big] = (size[big] as number) + (size[small] as number);
    // The bigger side's list grows in place (a new list per union would be garbage the size of the cluster).
    const grown = members.get(big);
    if (grown === undefined) members.set(big, [...bigMembers, ...smallMembers]);
    else for (const member of smallMembers) grown.push(member);
    members.delete(small);
    links.push({ a: p.ids[i] as string, b: p.ids[j] as string, probability, matchWeight: linkW[x] as number, decidedBy: by });
  }

  const clusters: IdentityCluster[] = [];
  for (let i = 0; i < n; i++) {
    if (find(i) !== i) continue;
    const rows = [...membersOf(i)].sort((a, b) => a - b);
    const recordIds = rows.map((row) => p.ids[row] as string);
    clusters.push({ id: _clusterId(recordIds[0] as string), recordIds });
  }
  clusters.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

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
  };
}
