import type { _LinkColumns } from "../identity/_cluster.js";
import { formatDecision } from "../identity/_decision.js";
import type { IdentityLink } from "../identity/types.js";
import type { AuditReason } from "./_docs.js";

/** The strongest of the links weighed that joins a record of `a` to one of `b`, or null. */
export type _Evidence = (a: ReadonlySet<string>, b: ReadonlySet<string>) => Extract<AuditReason, { kind: "link" }> | null;

/**
 * The links that cross two sets of record keys, by index: only the links of the smaller set's members are
 * looked at, through an index of links by key built on first use. (A scan of every link per question was
 * quadratic: at a million records, thousands of merge and split events each read every link of the run.)
 */
function crossingLinks(count: number, ends: (k: number) => readonly [string, string]): (a: ReadonlySet<string>, b: ReadonlySet<string>) => number[] {
  let byKey: Map<string, number[]> | null = null;
  return (a, b) => {
    if (byKey === null) {
      byKey = new Map();
      for (let k = 0; k < count; k++) {
        const [x, y] = ends(k);
        for (const key of x === y ? [x] : [x, y]) {
          const list = byKey.get(key);
          if (list === undefined) byKey.set(key, [k]);
          else list.push(k);
        }
      }
    }
    const [small, large] = a.size <= b.size ? [a, b] : [b, a];
    const out: number[] = [];
    for (const key of small) {
      for (const k of byKey.get(key) ?? []) {
        const [x, y] = ends(k);
        if (large.has(x === key ? y : x)) out.push(k);
      }
    }
    return out;
  };
}

/** The audit log's evidence from a batch resolution's links (record keys as ids). */
export function _linkEvidence(links: readonly IdentityLink[]): _Evidence {
  const crossing = crossingLinks(links.length, (k) => {
    const l = links[k] as IdentityLink;
    return [l.a, l.b];
  });
  return (a, b) => {
    // Strongest first: the first crossing link is the strongest.
    let first = -1;
    for (const k of crossing(a, b)) if (first < 0 || k < first) first = k;
    const link = first < 0 ? undefined : links[first];
    return link === undefined ? null : { kind: "link", a: link.a, b: link.b, decidedBy: formatDecision(link.decidedBy), probability: link.probability, matchWeight: link.matchWeight };
  };
}

/** The audit log's evidence from scored link columns (row indexes into `ids`). */
export function _evidenceOf(ids: readonly string[], links: _LinkColumns): _Evidence {
  const crossing = crossingLinks(links.linkI.length, (k) => [ids[links.linkI[k] as number] as string, ids[links.linkJ[k] as number] as string]);
  return (a, b) => {
    // The most probable crossing link, then the heaviest, then the first.
    let best = -1;
    for (const k of crossing(a, b)) {
      const p = links.linkP[k] as number;
      const w = links.linkW[k] as number;
      if (best < 0) best = k;
      else {
        const bestP = links.linkP[best] as number;
        const bestW = links.linkW[best] as number;
        if (p > bestP || (p === bestP && (w > bestW || (w === bestW && k < best)))) best = k;
      }
    }
    if (best < 0) return null;
    return { kind: "link", a: ids[links.linkI[best] as number] as string, b: ids[links.linkJ[best] as number] as string, decidedBy: links.linkBy[best] as string, probability: links.linkP[best] as number, matchWeight: links.linkW[best] as number };
  };
}
