// Edge cases of resolveIdentities itself: the exact statistics, the order of clusters and links, the
// match-weight histogram, near misses and weakest links, assertions, link mode, each option at and just
// past its bound, the nothing_comparable warning and the errors thrown for bad input.
import { describe, expect, it } from "vitest";
import { expectInvalidOptions, profileKitErrorOf, refusalOf } from "../../test/support/errors.js";
import { explainMatch } from "./explainMatch.js";
import { resolveIdentities } from "./resolveIdentities.js";
import type { MatchWeightBin, ModelLevel, ResolveIdentitiesOptions } from "./types.js";

type Row = Record<string, unknown>;
type Result = ReturnType<typeof resolveIdentities>;

const membersOf = (result: Result): string[][] => result.clusters.map((cluster) => [...cluster.recordIds]);
const pairsOf = (list: readonly { readonly a: string; readonly b: string }[]): string[] => list.map((pair) => `${pair.a}-${pair.b}`);

/** Consecutive 1-bit bins from the lowest to the highest key, empty where the map says nothing. */
function bins(filled: ReadonlyMap<number, readonly [linked: number, notLinked: number]>): MatchWeightBin[] {
  const keys = [...filled.keys()];
  const out: MatchWeightBin[] = [];
  for (let from = Math.min(...keys); from <= Math.max(...keys); from++) {
    const [linked, notLinked] = filled.get(from) ?? [0, 0];
    out.push({ from, linked, notLinked });
  }
  return out;
}

/** The statistics of a run in which no guard fired, with these counts. */
const noGuards = { placeholderValues: 0, sharedValues: 0, conflictVetoes: 0, identifierLimitCuts: 0, cannotLinkCuts: 0, oversizedClustersResplit: 0 };

/** Every standard blocking rule with no candidate pair, for stats of runs that only a custom rule blocks. */
const noStandardPairs = {
  email: 0,
  phone: 0,
  customerId: 0,
  emailPersonalPart: 0,
  "lastName+dateOfBirth": 0,
  "firstName+dateOfBirth": 0,
  "firstName+lastName": 0,
  "names+postalCode": 0,
  nameSkeletons: 0,
  dateOfBirth: 0,
  lastName: 0,
  "dateOfBirth+postalCode": 0,
  "firstName+postalCode": 0,
  "lastName+postalCode": 0,
  "street+postalCode": 0,
};

// A small population with one of each decision: two customer-id rules, two email rules, a first-name
// veto, a model pair below the threshold, a placeholder email and a singleton. k2–k3 join first (the
// stronger rule), then k1 joins them: the cluster's rows come together out of id order.
const people: Row[] = [
  { id: "s", firstName: "Zed", lastName: "Lonely", email: "test@test.com" },
  { id: "e1", firstName: "Ann", lastName: "Okafor", email: "ann.okafor@fastmail.com" },
  { id: "e2", firstName: "Ann", lastName: "Okafor", email: "ann.okafor@fastmail.com", city: "Leeds" },
  { id: "c1", customerId: "C-100", firstName: "Bram", lastName: "Stoker" },
  { id: "c2", customerId: "C-100", lastName: "Stoker", city: "Dublin" },
  { id: "t1", firstName: "Daniel", lastName: "Rivera", dateOfBirth: "2001-06-01", street: "5 Elm Street", city: "Austin", postalCode: "78701", country: "US" },
  { id: "t2", firstName: "Sofia", lastName: "Rivera", dateOfBirth: "2001-06-01", street: "5 Elm Street", city: "Austin", postalCode: "78701", country: "US" },
  { id: "m1", firstName: "Jonathan", lastName: "Quackenbush", dateOfBirth: "1971-02-03", postalCode: "99501", country: "US" },
  { id: "m2", firstName: "Jonathan", lastName: "Quackenbush", dateOfBirth: "1971-02-03", postalCode: "99501", country: "US" },
  { id: "k1", firstName: "Wanda", lastName: "Maximoff", email: "wanda.m@proton.me" },
  { id: "k2", customerId: "C-7", firstName: "Wanda", lastName: "Maximoff", email: "wanda.m@proton.me", phone: "+12027364281", dateOfBirth: "1989-02-10" },
  { id: "k3", customerId: "C-7", firstName: "Wanda", lastName: "Maximoff", phone: "+12027364281", dateOfBirth: "1989-02-10" },
];
const weightOf = (records: readonly Row[], a: string, b: string, options: ResolveIdentitiesOptions = {}): number => explainMatch(records, a, b, options).matchWeight;

describe("resolveIdentities on a population with one of each decision", () => {
  it("returns the clusters sorted by cluster id, each with its record ids sorted", () => {
    expect(resolveIdentities(people).clusters).toEqual([
      { id: "pk_0744eb43a9b6c7b5", recordIds: ["t2"] },
      { id: "pk_0844ecd6a6b6c2fc", recordIds: ["t1"] },
      { id: "pk_841acf0322dc5709", recordIds: ["e1", "e2"] },
      { id: "pk_8829dfd91ecd4633", recordIds: ["c1", "c2"] },
      { id: "pk_942e6feb32eff7f1", recordIds: ["m1"] },
      { id: "pk_952e717e2feff338", recordIds: ["m2"] },
      { id: "pk_983d80c12ee0e71b", recordIds: ["k1", "k2", "k3"] },
      { id: "pk_f60c45827302f3a0", recordIds: ["s"] },
    ]);
  });

  it("returns the links that joined records, strongest rule first, each with the model's weight for the pair", () => {
    expect(resolveIdentities(people).links).toEqual([
      { a: "k2", b: "k3", probability: 1, matchWeight: weightOf(people, "k2", "k3"), decidedBy: { kind: "rule", field: "customerId" } },
      { a: "c1", b: "c2", probability: 1, matchWeight: weightOf(people, "c1", "c2"), decidedBy: { kind: "rule", field: "customerId" } },
      { a: "e1", b: "e2", probability: 1, matchWeight: weightOf(people, "e1", "e2"), decidedBy: { kind: "rule", field: "email" } },
      { a: "k1", b: "k2", probability: 1, matchWeight: weightOf(people, "k1", "k2"), decidedBy: { kind: "rule", field: "email" } },
    ]);
  });

  it("counts records, clusters, singletons, candidate pairs per rule, rule matches and each guard exactly", () => {
    expect(resolveIdentities(people).stats).toEqual({
      records: 12,
      clusters: 8,
      singletons: 5,
      candidatePairsByRule: {
        email: 2,
        phone: 1,
        customerId: 2,
        emailPersonalPart: 2,
        "lastName+dateOfBirth": 3,
        "firstName+dateOfBirth": 2,
        "firstName+lastName": 5,
        "names+postalCode": 1,
        nameSkeletons: 5,
        dateOfBirth: 3,
        lastName: 7,
        "dateOfBirth+postalCode": 2,
        "firstName+postalCode": 1,
        "lastName+postalCode": 2,
        "street+postalCode": 1,
      },
      comparisons: 7,
      skippedBlocks: 0,
      blocksOverBudget: 0,
      truncatedValues: 0,
      // k1–k3 is compared too but scores below the threshold: 4 of the 7 pairs match.
      matchedPairs: 4,
      ruleMatches: { customerId: 2, email: 2 },
      guards: { ...noGuards, placeholderValues: 1, conflictVetoes: 1 },
    });
  });

  it("puts every compared pair but the vetoed one in a 1-bit histogram bin, from the lowest to the highest non-empty bin", () => {
    expect(resolveIdentities(people).scores.histogram).toEqual(bins(new Map([[0, [1, 1]], [1, [1, 0]], [3, [0, 1]], [22, [1, 0]], [24, [1, 0]]])));
  });

  it("lists the model's pairs below the threshold as near misses, strongest first, explained as explainMatch explains them", () => {
    const { scores } = resolveIdentities(people);
    expect(pairsOf(scores.nearMisses)).toEqual(["m1-m2", "k1-k3"]);
    for (const miss of scores.nearMisses) {
      const why = explainMatch(people, miss.a, miss.b);
      expect(miss).toEqual({ a: miss.a, b: miss.b, probability: why.probability, matchWeight: why.matchWeight, explanation: why });
      expect(why.linked).toBe(false);
    }
    // Only rules linked: no model link to list among the weakest.
    expect(scores.weakestLinks).toEqual([]);
  });

  it("reports no issue, the default threshold as log2 odds, and the prior explainMatch starts from", () => {
    const result = resolveIdentities(people);
    expect(result.issues).toEqual([]);
    expect(result.scores.thresholdWeight).toBeCloseTo(Math.log2(19), 12);
    expect(result.scores.priorWeight).toBe(explainMatch(people, "m1", "m2").priorWeight);
  });

  it("gives the same result whatever the order of the input records", () => {
    expect(resolveIdentities([...people].reverse())).toEqual(resolveIdentities(people));
  });
});

describe("the threshold", () => {
  const p = explainMatch(people, "m1", "m2").probability;

  it("links a model pair whose probability equals the threshold exactly", () => {
    const result = resolveIdentities(people, { threshold: p });
    expect(result.links.filter((link) => link.decidedBy.kind === "model")).toEqual([{ a: "m1", b: "m2", probability: p, matchWeight: weightOf(people, "m1", "m2"), decidedBy: { kind: "model" } }]);
    expect(result.stats.matchedPairs).toBe(5);
    expect(pairsOf(result.scores.nearMisses)).toEqual(["k1-k3"]);
    expect(pairsOf(result.scores.weakestLinks)).toEqual(["m1-m2"]);
    expect(result.scores.weakestLinks[0]?.explanation).toEqual(explainMatch(people, "m1", "m2", { threshold: p }));
    // The pair moved from the not-linked to the linked count of its bin.
    expect(result.scores.histogram[3]).toEqual({ from: 3, linked: 1, notLinked: 0 });
  });

  it("keeps the same pair apart when the threshold is just above its probability", () => {
    const result = resolveIdentities(people, { threshold: p + 1e-12 });
    expect(result.links.filter((link) => link.decidedBy.kind === "model")).toEqual([]);
    expect(result.stats.matchedPairs).toBe(4);
    expect(pairsOf(result.scores.nearMisses)).toEqual(["m1-m2", "k1-k3"]);
  });

  it("reports the threshold as log2 of its odds", () => {
    expect(resolveIdentities(people, { threshold: 0.8 }).scores.thresholdWeight).toBeCloseTo(2, 12);
    expect(resolveIdentities(people, { threshold: 0.2 }).scores.thresholdWeight).toBeCloseTo(-2, 12);
  });
});

describe("the match-weight histogram", () => {
  // Two custom codes whose agreement is near-certain evidence either way: about ±80 bits a pair.
  const certain: ModelLevel[] = [{ name: "exact", m: 0.999999, u: 1e-30 }, { name: "else", m: 1e-30, u: 0.999999 }];
  const extreme: ResolveIdentitiesOptions = {
    customFields: { code1: { kind: "exact" }, code2: { kind: "exact" } },
    model: { version: 1, probabilityTwoRandomRecordsMatch: null, fields: { code1: certain, code2: certain } },
  };
  const kenjis: Row[] = [
    { id: "a", firstName: "Kenji", lastName: "Nakamura", code1: "K1", code2: "Q1" },
    { id: "b", firstName: "Kenji", lastName: "Nakamura", code1: "K1", code2: "Q1" },
    { id: "c", firstName: "Kenji", lastName: "Nakamura", code1: "K2", code2: "Q2" },
  ];

  it("puts weights beyond 60 bits either side in the end bins, from -60 to 60", () => {
    const result = resolveIdentities(kenjis, extreme);
    expect(weightOf(kenjis, "a", "b", extreme)).toBeGreaterThan(61);
    expect(weightOf(kenjis, "a", "c", extreme)).toBeLessThan(-61);
    expect(result.scores.histogram).toEqual(bins(new Map([[-60, [0, 2]], [60, [1, 0]]])));
    expect(result.scores.histogram).toHaveLength(121);
    expect(membersOf(result)).toEqual([["a", "b"], ["c"]]);
  });

  it("reports the model it scored with: the given fields over the built-in ones", () => {
    const { model } = resolveIdentities(kenjis, extreme).scores;
    expect(model.fields["code1"]).toEqual(certain);
    expect(model.fields["firstName"]).toEqual(resolveIdentities([]).scores.model.fields["firstName"]);
    expect(Object.keys(model.fields)).toEqual(["firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "customerId", "code1", "code2"]);
  });

  it("is one bin of linked pairs when every compared pair linked", () => {
    const pair = people.filter((record) => record["id"] === "e1" || record["id"] === "e2");
    const bin = Math.floor(weightOf(pair, "e1", "e2"));
    expect(resolveIdentities(pair).scores.histogram).toEqual([{ from: bin, linked: 1, notLinked: 0 }]);
  });

  it("is one bin of pairs not linked when no compared pair linked", () => {
    const pair = people.filter((record) => record["id"] === "m1" || record["id"] === "m2");
    const bin = Math.floor(weightOf(pair, "m1", "m2"));
    const result = resolveIdentities(pair);
    expect(result.scores.histogram).toEqual([{ from: bin, linked: 0, notLinked: 1 }]);
    expect(pairsOf(result.scores.nearMisses)).toEqual(["m1-m2"]);
  });

  it("leaves vetoed pairs out of the histogram and the near misses, counting them as conflict vetoes", () => {
    const twins = people.filter((record) => record["id"] === "t1" || record["id"] === "t2");
    const result = resolveIdentities(twins);
    expect(result.scores.histogram).toEqual([]);
    expect(result.scores.nearMisses).toEqual([]);
    expect(result.stats).toMatchObject({ comparisons: 1, matchedPairs: 0, ruleMatches: {}, guards: { ...noGuards, conflictVetoes: 1 } });
    expect(membersOf(result)).toEqual([["t2"], ["t1"]]);
  });

  it("is empty, like everything else, for no records", () => {
    const result = resolveIdentities([]);
    expect({ ...result, scores: { ...result.scores, thresholdWeight: null, model: null } }).toEqual({
      clusters: [],
      links: [],
      issues: [],
      stats: { records: 0, clusters: 0, singletons: 0, candidatePairsByRule: noStandardPairs, comparisons: 0, skippedBlocks: 0, blocksOverBudget: 0, truncatedValues: 0, matchedPairs: 0, ruleMatches: {}, guards: noGuards },
      scores: { thresholdWeight: null, priorWeight: 0, model: null, histogram: [], nearMisses: [], weakestLinks: [] },
    });
  });
});

describe("near misses", () => {
  // Records that agree on a name and a block key and on some of four codes (the bits of their number):
  // a pair's weight grows with the codes it agrees on, with many ties. No pair reaches the threshold.
  const soft: ModelLevel[] = [{ name: "exact", m: 0.6, u: 0.3 }, { name: "else", m: 0.4, u: 0.7 }];
  const options: ResolveIdentitiesOptions = {
    customFields: { grp: { kind: "exact", block: true }, g0: { kind: "exact" }, g1: { kind: "exact" }, g2: { kind: "exact" }, g3: { kind: "exact" } },
    model: { version: 1, probabilityTwoRandomRecordsMatch: null, fields: { grp: soft, g0: soft, g1: soft, g2: soft, g3: soft } },
  };
  const bit = (i: number, b: number): string => String((i >> b) & 1);
  const idOf = (i: number): string => `n${String(i).padStart(2, "0")}`;
  const coded = (count: number): Row[] => Array.from({ length: count }, (_, i) => ({ id: idOf(i), firstName: "Ilse", grp: "G", g0: bit(i, 0), g1: bit(i, 1), g2: bit(i, 2), g3: bit(i, 3) }));
  /** Every pair of the records, strongest first by explainMatch's weight, ties in id order. */
  const strongestFirst = (records: readonly Row[]): string[] => {
    const ids = records.map((record) => String(record["id"])).sort();
    const pairs: { a: string; b: string; weight: number }[] = [];
    for (const [k, a] of ids.entries()) for (const b of ids.slice(k + 1)) pairs.push({ a, b, weight: weightOf(records, a, b, options) });
    pairs.sort((x, y) => y.weight - x.weight || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
    return pairsOf(pairs);
  };

  it("keeps the 25 strongest of 66 pairs below the threshold, strongest first and ties in id order", () => {
    const records = coded(12);
    const result = resolveIdentities(records, options);
    expect(result.stats).toMatchObject({ comparisons: 66, matchedPairs: 0, guards: noGuards });
    expect(pairsOf(result.scores.nearMisses)).toEqual(strongestFirst(records).slice(0, 25));
    // The 20 pairs one code apart, then the first 5 of the 26 pairs two codes apart.
    expect(result.scores.histogram).toEqual(bins(new Map([[-6, [0, 4]], [-5, [0, 16]], [-3, [0, 26]], [-1, [0, 20]]])));
  });

  it("explains each near miss as explainMatch does", () => {
    const records = coded(12);
    for (const miss of resolveIdentities(records, options).scores.nearMisses) {
      const why = explainMatch(records, miss.a, miss.b, options);
      expect(miss).toEqual({ a: miss.a, b: miss.b, probability: why.probability, matchWeight: why.matchWeight, explanation: why });
    }
  });

  it("keeps at most 25 near misses when fewer than 50 pairs are below the threshold", () => {
    const records = coded(8);
    const result = resolveIdentities(records, options);
    expect(result.stats.comparisons).toBe(28);
    expect(pairsOf(result.scores.nearMisses)).toEqual(strongestFirst(records).slice(0, 25));
  });
});

describe("weakest links", () => {
  // 28 households of identical records (one of three), each alone in its names, so every link is the
  // model's; their weights differ by which of birth date, postcode and city they hold. Ids interleave
  // (r00 with r99, r04 with r95…) so that links of equal weight cross in id order.
  const firsts = ["Abigail", "Barnaby", "Cordelia", "Desmond", "Evangeline", "Fitzgerald", "Gwendolyn", "Horatio", "Isadora", "Jasper", "Kassandra", "Leopold", "Marguerite", "Nathaniel", "Octavia", "Percival", "Rosalind", "Sebastian", "Theodora", "Ulysses", "Valentina", "Wilhelmina", "Xavier", "Yolanda", "Zachariah", "Anastasia", "Bartholomew", "Clementine"];
  const lasts = ["Ashcombe", "Blackwood", "Cromwell", "Davenport", "Ellsworth", "Fairweather", "Greystone", "Hawthorne", "Ingleby", "Jernigan", "Kettering", "Lockwood", "Merriweather", "Northcott", "Oakenshield", "Pemberton", "Quimby", "Ravenscroft", "Sinclair", "Thistlewood", "Underhill", "Vanderbilt", "Whitlock", "Yarborough", "Zellweger", "Abernathy", "Bellingham", "Chadwick"];
  const pad = (k: number): string => String(k).padStart(2, "0");
  const households: Row[] = firsts.flatMap((firstName, k) => {
    const person: Row = { firstName, lastName: lasts[k] };
    if (k % 4 !== 2) person["dateOfBirth"] = `19${50 + k}-0${1 + (k % 9)}-1${k % 10}`;
    if (k % 4 === 1 || k % 4 === 2) person["postalCode"] = String(10_100 + k * 7);
    if (k % 4 >= 2) person["city"] = `Town${firstName}`;
    const copies = [{ id: `r${pad(k)}`, ...person }, { id: `r${pad(99 - k)}`, ...person }];
    return k === 5 ? [...copies, { id: "r50", ...person }] : copies;
  });
  const options: ResolveIdentitiesOptions = { threshold: 0.5 };

  it("keeps the 25 weakest of 29 model links, weakest first and links of equal weight in id order", () => {
    const result = resolveIdentities(households, options);
    expect(result.links.map((link) => link.decidedBy.kind)).toEqual(Array.from({ length: 29 }, () => "model"));
    expect(pairsOf(result.scores.weakestLinks)).toEqual([
      "r00-r99", "r04-r95", "r08-r91", "r12-r87", "r16-r83", "r20-r79", "r24-r75",
      "r05-r50", "r05-r94",
      "r02-r97", "r06-r93", "r10-r89", "r14-r85", "r18-r81", "r22-r77", "r26-r73",
      "r01-r98", "r09-r90", "r13-r86", "r17-r82", "r21-r78", "r25-r74",
      "r03-r96", "r07-r92", "r11-r88",
    ]);
  });

  it("lists the weakest links by weight, as the links carry it", () => {
    const result = resolveIdentities(households, options);
    const byWeight = [...result.links].sort((x, y) => x.matchWeight - y.matchWeight || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
    expect(result.scores.weakestLinks.map((link) => [link.a, link.b, link.matchWeight])).toEqual(byWeight.slice(0, 25).map((link) => [link.a, link.b, link.matchWeight]));
  });

  it("explains each weakest link as explainMatch does, as linked", () => {
    const { weakestLinks } = resolveIdentities(households, options).scores;
    for (const link of weakestLinks) {
      const why = explainMatch(households, link.a, link.b, options);
      expect(link).toEqual({ a: link.a, b: link.b, probability: why.probability, matchWeight: why.matchWeight, explanation: why });
      expect(why.linked).toBe(true);
    }
  });

  it("leaves rule and assertion links out of the weakest links", () => {
    const records: Row[] = [...households.slice(0, 4), { id: "x1", email: "solo.mail@fastmail.com", firstName: "Ines" }, { id: "x2", email: "solo.mail@fastmail.com", firstName: "Ines" }, { id: "y1", firstName: "Pia" }, { id: "y2", firstName: "Rafe" }];
    const result = resolveIdentities(records, { ...options, assertions: [{ a: "y1", b: "y2", match: true }] });
    expect(result.links.map((link) => [link.a, link.b, link.decidedBy.kind])).toEqual([["y1", "y2", "assertion"], ["x1", "x2", "rule"], ["r00", "r99", "model"], ["r01", "r98", "model"]]);
    expect(pairsOf(result.scores.weakestLinks)).toEqual(["r01-r98", "r00-r99"]);
  });
});

describe("assertions", () => {
  const strangers: Row[] = [
    { id: "x", firstName: "Ann", lastName: "Lee", city: "Leeds" },
    { id: "y", firstName: "Bob", lastName: "Kim", city: "York" },
  ];

  it("joins records nothing else links on a must-link, first among the links, with the model's weight for the pair and ids in order", () => {
    const result = resolveIdentities(strangers, { assertions: [{ a: "y", b: "x", match: true }] });
    expect(result.links).toEqual([{ a: "x", b: "y", probability: 1, matchWeight: weightOf(strangers, "x", "y"), decidedBy: { kind: "assertion" } }]);
    expect(membersOf(result)).toEqual([["x", "y"]]);
    // An assertion is not a compared pair: nothing was blocked, scored or matched.
    expect(result.stats).toMatchObject({ clusters: 1, singletons: 0, comparisons: 0, matchedPairs: 0, ruleMatches: {}, guards: noGuards });
    expect(result.scores.histogram).toEqual([]);
    expect(result.scores.weakestLinks).toEqual([]);
  });

  it("puts must-links before rule links", () => {
    const result = resolveIdentities(people, { assertions: [{ a: "s", b: "m2", match: true }] });
    expect(result.links.map((link) => [link.a, link.b, link.decidedBy.kind])).toEqual([["m2", "s", "assertion"], ["k2", "k3", "rule"], ["c1", "c2", "rule"], ["e1", "e2", "rule"], ["k1", "k2", "rule"]]);
  });

  it("keeps apart a pair a rule would link on a cannot-link, given in either order, and counts the cut", () => {
    for (const [a, b] of [["e1", "e2"], ["e2", "e1"]] as const) {
      const result = resolveIdentities(people, { assertions: [{ a, b, match: false }] });
      expect(membersOf(result).filter((ids) => ids.includes("e1") || ids.includes("e2"))).toEqual([["e1"], ["e2"]]);
      expect(pairsOf(result.links)).toEqual(["k2-k3", "c1-c2", "k1-k2"]);
      // The rule still matched the pair; clustering cut it.
      expect(result.stats).toMatchObject({ clusters: 9, singletons: 7, matchedPairs: 4, ruleMatches: { customerId: 2, email: 2 }, guards: { ...noGuards, placeholderValues: 1, conflictVetoes: 1, cannotLinkCuts: 1 } });
    }
  });

  it("refuses a link that would put two records asserted apart in one cluster through a third", () => {
    const result = resolveIdentities(people, { assertions: [{ a: "k3", b: "k1", match: false }] });
    expect(membersOf(result).filter((ids) => ids.some((id) => id.startsWith("k")))).toEqual([["k2", "k3"], ["k1"]]);
    expect(result.stats.guards.cannotLinkCuts).toBe(1);
  });

  it("lets a cannot-link win over a must-link of the same pair, and says so", () => {
    const result = resolveIdentities(strangers, { assertions: [{ a: "x", b: "y", match: true }, { a: "y", b: "x", match: false }] });
    expect(membersOf(result)).toEqual([["y"], ["x"]]);
    expect(result.links).toEqual([]);
    expect(result.stats.guards.cannotLinkCuts).toBe(1);
    expect(result.issues.map((issue) => [issue.code, issue.path, issue.severity, issue.code === "assertion_ignored" ? issue.reason : null])).toEqual([["assertion_ignored", ["assertions", 0], "warning", "contradicted"]]);
  });

  it("lists the assertions not applied in the order they were given", () => {
    const assertions = [{ a: "x", b: "y", match: true }, { a: "x", b: "nobody", match: false }, { a: "y", b: "x", match: false }, { a: "y", b: "y", match: true }];
    const result = resolveIdentities(strangers, { assertions });
    expect(result.issues.map((issue) => [issue.path, issue.code === "assertion_ignored" ? issue.reason : null])).toEqual([
      [["assertions", 0], "contradicted"],
      [["assertions", 1], "unknown_record"],
      [["assertions", 3], "same_record"],
    ]);
  });

  it("joins on a must-link what a veto and the customer-id limit keep apart", () => {
    const records: Row[] = [
      { id: "a", customerId: "C-1", firstName: "Ola", lastName: "Nordmann" },
      { id: "b", customerId: "C-2", firstName: "Ola", lastName: "Nordmann" },
    ];
    expect(membersOf(resolveIdentities(records))).toEqual([["a"], ["b"]]);
    const result = resolveIdentities(records, { assertions: [{ a: "a", b: "b", match: true }] });
    expect(membersOf(result)).toEqual([["a", "b"]]);
    expect(result.links).toEqual([{ a: "a", b: "b", probability: 1, matchWeight: weightOf(records, "a", "b"), decidedBy: { kind: "assertion" } }]);
    expect(result.stats).toMatchObject({ comparisons: 1, matchedPairs: 0, guards: { ...noGuards, conflictVetoes: 1 } });
  });

  it("does not apply assertions naming a record that is not in the run, or a record with itself, and reports each", () => {
    const plain = resolveIdentities(people);
    const assertions = [
      { a: "nobody", b: "m1", match: true },
      { a: "m2", b: "nobody", match: true },
      { a: "nobody", b: "ghost", match: true },
      { a: "e1", b: "nobody", match: false },
      { a: "nobody", b: "e2", match: false },
      { a: "m1", b: "m1", match: true },
      { a: "e1", b: "e1", match: false },
    ];
    const result = resolveIdentities(people, { assertions });
    // Nothing changes but the issues: one per assertion not applied, at its index (no ids in them).
    expect({ ...result, issues: [] }).toEqual(plain);
    expect(result.issues.map((issue) => [issue.code, issue.path, issue.code === "assertion_ignored" ? issue.reason : null])).toEqual([
      ["assertion_ignored", ["assertions", 0], "unknown_record"],
      ["assertion_ignored", ["assertions", 1], "unknown_record"],
      ["assertion_ignored", ["assertions", 2], "unknown_record"],
      ["assertion_ignored", ["assertions", 3], "unknown_record"],
      ["assertion_ignored", ["assertions", 4], "unknown_record"],
      ["assertion_ignored", ["assertions", 5], "same_record"],
      ["assertion_ignored", ["assertions", 6], "same_record"],
    ]);
    expect(JSON.stringify(result.issues)).not.toContain("nobody");
    // Applied assertions raise no issue.
    expect(resolveIdentities(people, { assertions: [{ a: "e1", b: "e2", match: false }] }).issues).toEqual([]);
  });
});

describe("link mode", () => {
  const xi: Row[] = [
    { id: "a1", source: "a", email: "xi.wong@acme.com", firstName: "Xi" },
    { id: "a2", source: "a", email: "xi.wong@acme.com", firstName: "Xi" },
    { id: "b1", source: "b", email: "xi.wong@acme.com", firstName: "Xi" },
    { id: "n1", email: "xi.wong@acme.com", firstName: "Xi" },
  ];
  const emailPairs = (pairs: number): Record<string, number> => ({ ...noStandardPairs, email: pairs, emailPersonalPart: pairs, "firstName+lastName": pairs });

  it("compares every pair in dedupe mode", () => {
    const result = resolveIdentities(xi);
    expect(result.stats).toMatchObject({ comparisons: 6, matchedPairs: 6, candidatePairsByRule: emailPairs(6) });
    expect(pairsOf(result.links)).toEqual(["a1-a2", "a1-b1", "a1-n1"]);
  });

  it("compares only records of different sources, and a record without a source with every other", () => {
    const result = resolveIdentities(xi, { mode: "link" });
    expect(result.stats).toMatchObject({ comparisons: 5, matchedPairs: 5, candidatePairsByRule: emailPairs(5) });
    expect(pairsOf(result.links)).toEqual(["a1-b1", "a1-n1", "a2-b1"]);
    expect(membersOf(result)).toEqual([["a1", "a2", "b1", "n1"]]);
  });

  it("reads the source from the field sourceField names", () => {
    const renamed = xi.map(({ source, ...rest }) => (source === undefined ? rest : { ...rest, system: source }));
    expect(pairsOf(resolveIdentities(renamed, { mode: "link", sourceField: "system" }).links)).toEqual(["a1-b1", "a1-n1", "a2-b1"]);
    // Without it the column is no source: every pair is compared.
    expect(resolveIdentities(renamed, { mode: "link" }).stats.comparisons).toBe(6);
  });
});

describe("options at and just past their bounds", () => {
  const blockOnly: ResolveIdentitiesOptions = { customFields: { grp: { kind: "exact", block: true } } };
  const sameBlock = (count: number): Row[] => Array.from({ length: count }, (_, i) => ({ id: `g${i}`, firstName: "Ilse", grp: "G" }));
  const blockStats = (records: number, pairs: number, skippedBlocks: number, blocksOverBudget: number): Record<string, unknown> => ({
    records,
    clusters: pairs > 0 ? 1 : records,
    singletons: pairs > 0 ? 0 : records,
    candidatePairsByRule: { ...noStandardPairs, "custom:grp": pairs },
    comparisons: pairs,
    skippedBlocks,
    blocksOverBudget,
    truncatedValues: 0,
    matchedPairs: pairs,
    ruleMatches: {},
    guards: noGuards,
  });

  it("compares a block of exactly maxBlockSize records", () => {
    expect(resolveIdentities(sameBlock(3), { ...blockOnly, maxBlockSize: 3 }).stats).toEqual(blockStats(3, 3, 0, 0));
  });

  it("skips a block one record larger than maxBlockSize, and counts it", () => {
    expect(resolveIdentities(sameBlock(4), { ...blockOnly, maxBlockSize: 3 }).stats).toEqual(blockStats(4, 0, 1, 0));
  });

  it("compares a block whose pairs use exactly the maxComparisons budget", () => {
    expect(resolveIdentities(sameBlock(4), { ...blockOnly, maxComparisons: 6 }).stats).toEqual(blockStats(4, 6, 0, 0));
  });

  it("skips a block with one pair more than the budget, and counts it", () => {
    expect(resolveIdentities(sameBlock(4), { ...blockOnly, maxComparisons: 5 }).stats).toEqual(blockStats(4, 0, 0, 1));
  });

  describe("maxClusterSize and strictThreshold", () => {
    const triple: Row[] = ["q1", "q2", "q3"].map((id) => ({ id, firstName: "Jonathan", lastName: "Quackenbush", dateOfBirth: "1971-02-03", postalCode: "99501", country: "US" }));
    const p = explainMatch(triple, "q1", "q2").probability;
    const run = (maxClusterSize: number, strictThreshold: number): Result => resolveIdentities(triple, { threshold: 0.3, maxClusterSize, strictThreshold });

    it("keeps a cluster of exactly maxClusterSize records joined by links below the strict threshold", () => {
      const result = run(3, p + 1e-12);
      expect(membersOf(result)).toEqual([["q1", "q2", "q3"]]);
      expect(result.stats.guards.oversizedClustersResplit).toBe(0);
    });

    it("refuses the link that would grow the cluster past maxClusterSize when it is below the strict threshold", () => {
      const result = run(2, p + 1e-12);
      expect(membersOf(result)).toEqual([["q1", "q2"], ["q3"]]);
      expect(pairsOf(result.links)).toEqual(["q1-q2"]);
      expect(result.stats).toMatchObject({ matchedPairs: 3, guards: { ...noGuards, oversizedClustersResplit: 1 } });
    });

    it("lets a link at exactly the strict threshold grow the cluster past maxClusterSize", () => {
      const result = run(2, p);
      expect(membersOf(result)).toEqual([["q1", "q2", "q3"]]);
      expect(result.stats.guards.oversizedClustersResplit).toBe(0);
    });
  });

  it("cuts a link that would give a profile more emails or phones than identifierLimits allows, and not at the limit", () => {
    const records: Row[] = [
      { id: "a", customerId: "C-9", firstName: "Ola", email: "ola1@fastmail.com", phone: "+12127364281" },
      { id: "b", customerId: "C-9", firstName: "Ola", email: "ola2@proton.me", phone: "+12127364282" },
    ];
    for (const identifierLimits of [{ email: 1 }, { phone: 1 }]) {
      const result = resolveIdentities(records, { identifierLimits });
      expect(membersOf(result)).toEqual([["a"], ["b"]]);
      expect(result.stats).toMatchObject({ matchedPairs: 1, ruleMatches: { customerId: 1 }, guards: { ...noGuards, identifierLimitCuts: 1 } });
    }
    for (const identifierLimits of [{ email: 2 }, { phone: 2 }]) {
      const result = resolveIdentities(records, { identifierLimits });
      expect(membersOf(result)).toEqual([["a", "b"]]);
      expect(result.stats.guards.identifierLimitCuts).toBe(0);
    }
  });

  it("stops counting an email two people share at maxPeoplePerValue 1, and counts it at 2", () => {
    const family: Row[] = [
      { id: "mum", firstName: "Mary", lastName: "Doe", email: "doe.family@gmail.com" },
      { id: "dad", firstName: "John", lastName: "Doe", email: "doe.family@gmail.com" },
    ];
    expect(resolveIdentities(family, { maxPeoplePerValue: 1 }).stats.guards).toEqual({ ...noGuards, sharedValues: 1, conflictVetoes: 1 });
    expect(resolveIdentities(family, { maxPeoplePerValue: 2 }).stats.guards).toEqual({ ...noGuards, conflictVetoes: 1 });
  });

  it("counts custom values over their comparison limit (100 characters fuzzy, 1,000 exact) as truncated, not those at it", () => {
    const records: Row[] = [
      { id: "a", note: "x".repeat(100), code: "x".repeat(1_000) },
      { id: "b", note: "x".repeat(101), code: "x".repeat(1_001) },
      { id: "c", note: `${"x".repeat(101)}y`, code: `${"x".repeat(1_001)}y` },
    ];
    expect(resolveIdentities(records, { customFields: { note: { kind: "levenshtein" }, code: { kind: "exact" } } }).stats.truncatedValues).toBe(4);
  });
});

describe("rules and vetoes in the statistics", () => {
  it("counts a custom identifier's rule under the field's name, and its block under custom:<name>", () => {
    const records: Row[] = [
      { id: "a", firstName: "Ola", ssn: "123-45-6789" },
      { id: "b", firstName: "Ola", ssn: "123-45-6789" },
      { id: "c", firstName: "Ola", ssn: "987-65-4321" },
    ];
    const result = resolveIdentities(records, { customFields: { ssn: { kind: "exact", block: true, identifier: true } } });
    expect(result.links).toEqual([{ a: "a", b: "b", probability: 1, matchWeight: weightOf(records, "a", "b", { customFields: { ssn: { kind: "exact" } } }), decidedBy: { kind: "rule", field: "ssn" } }]);
    expect(result.stats).toEqual({
      records: 3,
      clusters: 2,
      singletons: 1,
      candidatePairsByRule: { ...noStandardPairs, "custom:ssn": 1 },
      comparisons: 1,
      skippedBlocks: 0,
      blocksOverBudget: 0,
      truncatedValues: 0,
      matchedPairs: 1,
      ruleMatches: { ssn: 1 },
      guards: noGuards,
    });
  });

  it("counts pairs vetoed for different customer ids or for no evidence about the person among the conflict vetoes", () => {
    const records: Row[] = [
      { id: "a", customerId: "C-1", firstName: "Ola", lastName: "Nordmann" },
      { id: "b", customerId: "C-2", firstName: "Ola", lastName: "Nordmann" },
      { id: "c", lastName: "Nordmann", street: "1 Storgata", postalCode: "0155", country: "NO" },
      { id: "d", lastName: "Nordmann", street: "1 Storgata", postalCode: "0155", country: "NO" },
    ];
    expect(explainMatch(records, "a", "b").decidedBy).toEqual({ kind: "veto", reason: "customerId" });
    expect(explainMatch(records, "c", "d").decidedBy).toEqual({ kind: "veto", reason: "noPersonEvidence" });
    const result = resolveIdentities(records);
    expect(result.stats).toMatchObject({ records: 4, clusters: 4, singletons: 4, comparisons: 6, matchedPairs: 0, ruleMatches: {}, guards: { ...noGuards, conflictVetoes: 6 } });
    expect(result.scores.histogram).toEqual([]);
    expect(result.scores.nearMisses).toEqual([]);
  });
});

describe("the nothing_comparable warning", () => {
  const unmapped: Row[] = [{ id: "1", mail: "ann@fastmail.com" }, { id: "2", mail: "ann@fastmail.com" }];

  it("is given for two records with nothing to compare, naming the mapped columns no record holds", () => {
    expect(resolveIdentities(unmapped, { fields: { email_address: "email", tel: "phone" } }).issues).toEqual([
      {
        code: "nothing_comparable",
        path: [],
        severity: "warning",
        unusedColumns: ["email_address", "tel"],
        message: 'No record has a value in a field identity resolution compares, so every record stays alone; map your columns with options.fields or a schema (no record has the mapped columns "email_address", "tel").',
      },
    ]);
    expect(resolveIdentities(unmapped).issues.map((issue) => (issue.code === "nothing_comparable" ? issue.unusedColumns : null))).toEqual([[]]);
  });

  it("is not given for a single record, which has nobody to be compared with", () => {
    expect(resolveIdentities(unmapped.slice(0, 1)).issues).toEqual([]);
  });

  it("is not given when only a custom text or numeric field holds values", () => {
    expect(resolveIdentities([{ id: "1", ssn: "123" }, { id: "2", ssn: "456" }], { customFields: { ssn: { kind: "exact" } } }).issues).toEqual([]);
    expect(resolveIdentities([{ id: "1", age: 41 }, { id: "2", age: 42 }], { customFields: { age: { kind: "numeric" } } }).issues).toEqual([]);
  });

  it("is not given when only the last record holds a compared value", () => {
    expect(resolveIdentities([{ id: "1" }, { id: "2" }, { id: "3", lastName: "Okafor" }]).issues).toEqual([]);
  });
});

describe("refusals", () => {
  it("names the function and the option for invalid options", () => {
    const cases: [ResolveIdentitiesOptions, string][] = [
      [{ threshold: 1 }, "options.threshold: Too big: expected number to be <1"],
      [{ threshold: 0 }, "options.threshold: Too small: expected number to be >0"],
      [{ strictThreshold: 1 }, "options.strictThreshold: Too big: expected number to be <1"],
      [{ maxClusterSize: 1 }, "options.maxClusterSize: Too small: expected number to be >=2"],
      [{ maxBlockSize: 1 }, "options.maxBlockSize: Too small: expected number to be >=2"],
      [{ maxBlockSize: 100_001 }, "options.maxBlockSize: Too big: expected number to be <=100000"],
      [{ maxPeoplePerValue: 0 }, "options.maxPeoplePerValue: Too small: expected number to be >=1"],
      [{ identifierLimits: { email: 0 } }, "options.identifierLimits.email: Too small: expected number to be >=1"],
      [{ mode: "merge" as never }, 'options.mode: Invalid option: expected one of "dedupe"|"link"'],
      [{ assertions: [{ a: "a", b: "", match: true }] }, "options.assertions.0.b: Too small: expected string to have >=1 characters"],
      [{ treshold: 0.5 } as never, "options.treshold: unknown option; did you mean threshold?"],
    ];
    for (const [options, detail] of cases) {
      expect(refusalOf(() => resolveIdentities([{ id: "a" }], options))).toEqual({ code: "invalid_options", message: `resolveIdentities: invalid options. ${detail}` });
    }
  });

  it("counts records without a usable id and ids used twice, without naming them", () => {
    expectInvalidOptions(profileKitErrorOf(() => resolveIdentities([{ id: "a" }, { email: "x@y.com" }])), 'resolveIdentities: 1 record has no usable "id" (a non-empty string or a number). Every record needs a unique id.');
    expectInvalidOptions(profileKitErrorOf(() => resolveIdentities([{ rec: "a" }, { rec: "a" }, { rec: "b" }], { idField: "rec" })), 'resolveIdentities: 1 record id is used more than once in "rec". Every record needs a unique id.');
  });

  it("refuses records that are not an array", () => {
    expectInvalidOptions(profileKitErrorOf(() => resolveIdentities("records" as never)), "resolveIdentities: records must be an array.");
  });
});
