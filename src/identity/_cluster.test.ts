import { describe, expect, it } from "vitest";
import { _clusterLinks, type _ClusterSettings, type _Clustering, type _LinkColumns } from "./_cluster.js";
import type { _Prepared } from "./_prepare.js";

type Link = readonly [i: number, j: number, probability: number, weight: number, by: string];
interface Identifiers {
  readonly customerId?: readonly (string | null)[];
  readonly email?: readonly (string | null)[];
  readonly phone?: readonly (string | null)[];
}

/** Rows r0, r1, … with only the identifier columns the guards read. */
function prepared(n: number, identifiers: Identifiers = {}): _Prepared {
  const none = Array.from({ length: n }, (): string | null => null);
  return {
    n,
    ids: Array.from({ length: n }, (_, i) => `r${i}`),
    source: none,
    first: none,
    firstNames: Array.from({ length: n }, (): string[] => []),
    last: none,
    email: identifiers.email ?? none,
    emailLocal: none,
    emailShared: Array.from({ length: n }, () => false),
    phone: identifiers.phone ?? none,
    dob: none,
    dobAlt: none,
    street: none,
    city: none,
    postal: none,
    customerId: identifiers.customerId ?? none,
    custom: [],
    placeholders: 0,
    truncated: 0,
  };
}

function columns(links: readonly Link[]): _LinkColumns {
  return { linkI: links.map((l) => l[0]), linkJ: links.map((l) => l[1]), linkP: links.map((l) => l[2]), linkW: links.map((l) => l[3]), linkBy: links.map((l) => l[4]) };
}

const SETTINGS: _ClusterSettings = { maxClusterSize: 100, strictThreshold: 0.99, limits: { customerId: 1, email: 3, phone: 3 } };

function cluster(n: number, links: readonly Link[], options: { settings?: Partial<_ClusterSettings>; identifiers?: Identifiers; cannot?: readonly (readonly [number, number])[]; groups?: readonly (readonly number[])[] } = {}): _Clustering {
  const cannotOf = new Map<number, number[]>();
  for (const [a, b] of options.cannot ?? []) {
    cannotOf.set(a, [...(cannotOf.get(a) ?? []), b]);
    cannotOf.set(b, [...(cannotOf.get(b) ?? []), a]);
  }
  return _clusterLinks(prepared(n, options.identifiers), columns(links), { ...SETTINGS, ...options.settings }, cannotOf, options.groups);
}

/** Each cluster's rows as listed by membersOf its root, roots in row order. */
function clustersOf(result: _Clustering, n: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) if (result.find(i) === i) out.push([...result.membersOf(i)]);
  return out;
}

/** The links kept, as "a~b by". */
function kept(result: _Clustering): string[] {
  return result.links.map((link) => `${link.a}~${link.b} ${link.decidedBy.kind === "rule" ? `rule:${link.decidedBy.field}` : link.decidedBy.kind}`);
}

describe("_clusterLinks: order", () => {
  const links: Link[] = [
    [0, 1, 0.9, 5, "model"],
    [2, 3, 0.95, 8, "model"],
    [1, 2, 1, -3, "rule:email"],
    [4, 5, 1, -10, "assertion"],
    [7, 8, 0.8, 2, "model"],
    [6, 9, 0.8, 2, "model"],
    [6, 8, 0.8, 2, "model"],
    [0, 2, 0.99, 9, "model"],
  ];

  it("joins assertions first, then rules, then by weight, ties by rows; a link inside one cluster is not kept", () => {
    const result = cluster(10, links);
    expect(kept(result)).toEqual(["r4~r5 assertion", "r1~r2 rule:email", "r0~r2 model", "r2~r3 model", "r6~r8 model", "r6~r9 model", "r7~r8 model"]);
    expect(clustersOf(result, 10)).toEqual([[1, 2, 0, 3], [4, 5], [6, 8, 9, 7]]);
    expect(result.identifierLimitCuts).toBe(0);
    expect(result.cannotLinkCuts).toBe(0);
    expect([...result.oversized]).toEqual([]);
  });

  it("gives the same result whatever the order of the links", () => {
    const forward = cluster(10, links);
    const backward = cluster(10, [...links].reverse());
    expect(backward.links).toEqual(forward.links);
    expect(clustersOf(backward, 10)).toEqual(clustersOf(forward, 10));
  });

  it("keeps each link as its records, probability, weight and decision", () => {
    const result = cluster(4, [[0, 1, 0.93, 4.5, "model"], [2, 3, 1, 1.25, "rule:customerId"], [1, 2, 1, -2, "assertion"], [0, 3, 0.5, -1, "veto:firstName"]]);
    expect(result.links).toEqual([
      { a: "r1", b: "r2", probability: 1, matchWeight: -2, decidedBy: { kind: "assertion" } },
      { a: "r2", b: "r3", probability: 1, matchWeight: 1.25, decidedBy: { kind: "rule", field: "customerId" } },
      { a: "r0", b: "r1", probability: 0.93, matchWeight: 4.5, decidedBy: { kind: "model" } },
    ]);
  });

  it("orders links of no weight (NaN) or equal weight by rows", () => {
    const result = cluster(6, [[4, 5, 0.9, Number.NaN, "model"], [2, 3, 0.9, Number.NaN, "model"], [0, 1, 0.9, 0, "model"], [1, 2, 0.9, 0, "model"]]);
    expect(kept(result)).toEqual(["r0~r1 model", "r1~r2 model", "r2~r3 model", "r4~r5 model"]);
  });

  it("orders links of equal weight and first row by their second row", () => {
    const result = cluster(4, [[0, 3, 0.9, 1, "model"], [0, 2, 0.9, 1, "model"], [0, 1, 0.9, 1, "model"]]);
    expect(kept(result)).toEqual(["r0~r1 model", "r0~r2 model", "r0~r3 model"]);
  });

  it("ranks a rule above any model weight and an assertion above any rule", () => {
    const result = cluster(3, [[0, 1, 0.9, 100, "model"], [1, 2, 1, -100, "rule:phone"], [0, 2, 1, -200, "assertion"]]);
    expect(kept(result)).toEqual(["r0~r2 assertion", "r1~r2 rule:phone"]);
  });
});

describe("_clusterLinks: union-find", () => {
  it("roots two equal clusters at the first row's and lists the bigger side first", () => {
    const result = cluster(8, [[0, 1, 0.9, 9, "model"], [2, 3, 0.9, 8, "model"], [1, 3, 0.9, 7, "model"], [6, 7, 0.9, 6, "model"], [5, 6, 0.9, 5, "model"], [0, 4, 0.9, 4, "model"]]);
    expect(clustersOf(result, 8)).toEqual([[0, 1, 2, 3, 4], [6, 7, 5]]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(result.find)).toEqual([0, 0, 0, 0, 0, 6, 6, 6]);
  });

  it("lists a row alone until it joins, and drops the list of a side that joined another", () => {
    const result = cluster(5, [[0, 1, 0.9, 9, "model"], [2, 3, 0.9, 8, "model"], [1, 2, 0.9, 7, "model"]]);
    expect(result.membersOf(4)).toEqual([4]);
    expect(result.membersOf(0)).toEqual([0, 1, 2, 3]);
    expect(result.membersOf(2)).toEqual([2]);
  });

  it("finds the root of a row two unions deep", () => {
    const result = cluster(6, [[4, 5, 0.9, 9, "model"], [2, 3, 0.9, 9, "model"], [3, 5, 0.9, 8, "model"], [0, 1, 0.9, 1, "model"], [1, 4, 0.9, 0.5, "model"]]);
    // 4~5 and 2~3, then {2,3} takes {4,5}, then {0,1} joins the bigger {2,3,4,5}.
    expect([5, 4, 3, 2, 1, 0].map(result.find)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(clustersOf(result, 6)).toEqual([[2, 3, 4, 5, 0, 1]]);
  });

  it("starts from existing profiles as groups, and skips an empty one", () => {
    const result = cluster(6, [[0, 1, 0.9, 9, "model"]], { groups: [[3, 1, 2], [], [5]] });
    expect(clustersOf(result, 6)).toEqual([[3, 1, 2, 0], [4], [5]]);
    expect(kept(result)).toEqual(["r0~r1 model"]);
  });

  it("counts a group's rows toward the size guard", () => {
    const result = cluster(5, [[0, 1, 0.9, 9, "model"]], { groups: [[3, 1, 2]], settings: { maxClusterSize: 3 } });
    expect(clustersOf(result, 5)).toEqual([[0], [3, 1, 2], [4]]);
    expect([...result.oversized]).toEqual([1]);
  });
});

describe("_clusterLinks: cannot-link", () => {
  it("refuses a link that would put two rows of a cannot-link in one cluster", () => {
    const result = cluster(4, [[0, 1, 0.9, 9, "model"], [1, 2, 0.9, 8, "model"], [2, 3, 0.9, 7, "model"]], { cannot: [[0, 2]] });
    expect(clustersOf(result, 4)).toEqual([[0, 1], [2, 3]]);
    expect(kept(result)).toEqual(["r0~r1 model", "r2~r3 model"]);
    expect(result.cannotLinkCuts).toBe(1);
  });

  it("checks every member of the smaller side against the bigger", () => {
    const result = cluster(5, [[0, 1, 0.9, 9, "model"], [2, 3, 0.9, 8, "model"], [0, 2, 0.9, 7, "model"], [1, 4, 0.9, 6, "model"], [3, 4, 0.9, 5, "model"]], { cannot: [[1, 3]] });
    // 0~2 joins {0,1} and {2,3}: 3 may not meet 1. 1~4 joins; then 3~4 meets 1 again.
    expect(clustersOf(result, 5)).toEqual([[0, 1, 4], [2, 3]]);
    expect(result.cannotLinkCuts).toBe(2);
  });

  it("holds even against an assertion, and counts nothing as an identifier cut", () => {
    const result = cluster(2, [[0, 1, 1, 3, "assertion"]], { cannot: [[0, 1]] });
    expect(clustersOf(result, 2)).toEqual([[0], [1]]);
    expect(result.links).toEqual([]);
    expect(result.cannotLinkCuts).toBe(1);
    expect(result.identifierLimitCuts).toBe(0);
  });
});

describe("_clusterLinks: identifier limits", () => {
  it("refuses a link that would give a cluster more customer ids than the limit", () => {
    const result = cluster(4, [[0, 1, 0.9, 9, "model"], [1, 2, 0.9, 8, "model"], [2, 3, 0.9, 7, "model"]], { identifiers: { customerId: ["C1", null, "C1", "C2"] } });
    expect(clustersOf(result, 4)).toEqual([[0, 1, 2], [3]]);
    expect(result.identifierLimitCuts).toBe(1);
  });

  it("counts each value once and never a missing one", () => {
    const result = cluster(6, [[0, 1, 0.9, 9, "model"], [2, 3, 0.9, 8, "model"], [4, 5, 0.9, 7, "model"]], { identifiers: { customerId: ["C1", "C1", "C2", null, null, "C3"] } });
    expect(clustersOf(result, 6)).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(result.identifierLimitCuts).toBe(0);
  });

  it("allows as many distinct emails as the limit and refuses one more", () => {
    const emails = ["a@x", "b@x", "c@x", "d@x"];
    const result = cluster(4, [[0, 1, 0.9, 9, "model"], [1, 2, 0.9, 8, "model"], [2, 3, 0.9, 7, "model"]], { identifiers: { email: emails } });
    expect(clustersOf(result, 4)).toEqual([[0, 1, 2], [3]]);
    expect(result.identifierLimitCuts).toBe(1);
  });

  it("allows as many distinct phones as the limit and refuses one more", () => {
    const result = cluster(3, [[0, 1, 0.9, 9, "model"], [1, 2, 0.9, 8, "model"]], { identifiers: { phone: ["1", "2", "3"] }, settings: { limits: { customerId: 1, email: 3, phone: 2 } } });
    expect(clustersOf(result, 3)).toEqual([[0, 1], [2]]);
    expect(result.identifierLimitCuts).toBe(1);
  });

  it("reads the values of both sides, the smaller side's first member included", () => {
    const result = cluster(4, [[0, 1, 0.9, 9, "model"], [2, 3, 0.9, 8, "model"], [1, 3, 0.9, 7, "model"]], { identifiers: { customerId: ["C1", null, "C2", null] } });
    expect(clustersOf(result, 4)).toEqual([[0, 1], [2, 3]]);
    expect(result.identifierLimitCuts).toBe(1);
  });

  it("lets an assertion join past the limits", () => {
    const result = cluster(2, [[0, 1, 1, -5, "assertion"]], { identifiers: { customerId: ["C1", "C2"] } });
    expect(clustersOf(result, 2)).toEqual([[0, 1]]);
    expect(result.identifierLimitCuts).toBe(0);
  });

  it("does not let a rule join past the limits", () => {
    const result = cluster(2, [[0, 1, 1, 5, "rule:email"]], { identifiers: { customerId: ["C1", "C2"] } });
    expect(clustersOf(result, 2)).toEqual([[0], [1]]);
    expect(result.identifierLimitCuts).toBe(1);
  });
});

describe("_clusterLinks: size guard", () => {
  const chain: Link[] = [[0, 1, 0.9, 9, "model"], [1, 2, 0.9, 8, "model"], [2, 3, 0.9, 7, "model"]];

  it("joins up to the size, and above it marks the cluster by its smallest row", () => {
    const result = cluster(4, chain, { settings: { maxClusterSize: 3 } });
    expect(clustersOf(result, 4)).toEqual([[0, 1, 2], [3]]);
    expect([...result.oversized]).toEqual([0]);
    expect(result.identifierLimitCuts).toBe(0);
  });

  it("names the oversized cluster by its smallest row, not its root", () => {
    const result = cluster(5, [[2, 3, 0.9, 9, "model"], [1, 2, 0.9, 8, "model"], [0, 3, 0.9, 7, "model"], [3, 4, 0.9, 6, "model"]], { settings: { maxClusterSize: 3 } });
    expect(clustersOf(result, 5)).toEqual([[0], [2, 3, 1], [4]]);
    expect([...result.oversized]).toEqual([1]);
  });

  it("lets a strict link join above the size, at the threshold and over it", () => {
    const atThreshold = cluster(4, [[0, 1, 0.9, 9, "model"], [1, 2, 0.9, 8, "model"], [2, 3, 0.99, 7, "model"]], { settings: { maxClusterSize: 3 } });
    expect(clustersOf(atThreshold, 4)).toEqual([[0, 1, 2, 3]]);
    expect([...atThreshold.oversized]).toEqual([]);
    const rule = cluster(3, [[0, 1, 1, 9, "rule:email"], [1, 2, 1, 8, "rule:email"]], { settings: { maxClusterSize: 2 } });
    expect(clustersOf(rule, 3)).toEqual([[0, 1, 2]]);
  });

  it("lets an assertion join above the size", () => {
    const result = cluster(3, [[1, 2, 0.5, 8, "assertion"]], { groups: [[0, 1]], settings: { maxClusterSize: 2 } });
    expect(clustersOf(result, 3)).toEqual([[0, 1, 2]]);
    expect([...result.oversized]).toEqual([]);
    const model = cluster(3, [[1, 2, 0.5, 8, "model"]], { groups: [[0, 1]], settings: { maxClusterSize: 2 } });
    expect(clustersOf(model, 3)).toEqual([[0, 1], [2]]);
    expect([...model.oversized]).toEqual([0]);
  });

  it("keeps counting the size as clusters grow", () => {
    const result = cluster(6, [[0, 1, 0.9, 9, "model"], [2, 3, 0.9, 8, "model"], [0, 2, 0.9, 7, "model"], [4, 5, 0.9, 6, "model"], [3, 4, 0.9, 5, "model"]], { settings: { maxClusterSize: 5 } });
    expect(clustersOf(result, 6)).toEqual([[0, 1, 2, 3], [4, 5]]);
    expect([...result.oversized]).toEqual([0]);
  });
});
