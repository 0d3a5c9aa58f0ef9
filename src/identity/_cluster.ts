import type { _Prepared } from "./_prepare.js";
import type { IdentityLink } from "./types.js";
import { _decisionOf } from "./_decision.js";

/** Scored pairs that may link, as parallel columns (rows i < j). */
export interface _LinkColumns {
  readonly linkI: number[];
  readonly linkJ: number[];
  readonly linkP: number[];
  readonly linkW: number[];
  readonly linkBy: string[];
}

/** The guards of clustering. */
export interface _ClusterSettings {
  readonly maxClusterSize: number;
  readonly strictThreshold: number;
  readonly limits: { readonly customerId: number; readonly email: number; readonly phone: number };
}

/** Clusters as a union-find over rows, with the links kept and what the guards cut. */
export interface _Clustering {
  readonly find: (i: number) => number;
  readonly membersOf: (root: number) => readonly number[];
  readonly links: IdentityLink[];
  readonly identifierLimitCuts: number;
  readonly cannotLinkCuts: number;
  readonly oversized: ReadonlySet<number>;
}

/**
 * Joins rows strongest link first under the over-merging guards: cannot-link assertions, the identifier
 * limits, and the cluster size above which only strict links join. The one clustering step of batch
 * resolution and of the profile engine's one-record decisions, which passes the profiles that already
 * exist as `groups` (joined before any link, as they stand).
 */
export function _clusterLinks(p: _Prepared, scored: _LinkColumns, settings: _ClusterSettings, cannotOf: ReadonlyMap<number, readonly number[]>, groups: readonly (readonly number[])[] = []): _Clustering {
  const n = p.n;
  const { linkI, linkJ, linkP, linkW, linkBy } = scored;
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

  // Profiles that already exist stand as they are: their rows are joined before any link is weighed.
  for (const group of groups) {
    const root = group[0];
    if (root === undefined) continue;
    const list: number[] = [root];
    for (let k = 1; k < group.length; k++) {
      const row = group[k] as number;
      parent[row] = root;
      list.push(row);
    }
    size[root] = list.length;
    if (list.length > 1) members.set(root, list);
  }

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
    links.push({ a: p.ids[i] as string, b: p.ids[j] as string, probability, matchWeight: linkW[x] as number, decidedBy: _decisionOf(by) });
  }

  return { find, membersOf, links, identifierLimitCuts, cannotLinkCuts, oversized };
}
