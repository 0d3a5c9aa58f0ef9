import type { FieldQuality, QualityReport } from "../cleanse/cleanseRecords.js";
import type { IssueCode } from "../errors/issue.js";
import type { ClusterEvaluation } from "../identity/evaluateClusters.js";
import type { MatchWeightBin, ResolveIdentitiesResult } from "../identity/types.js";
import { _own, _setOwn } from "../shared/_dict.js";
import type { ReportEvaluation, ReportPair, ReportRow, ResolutionSection } from "./report.js";

/** Sums the quality reports of several chunks of one stream. */
export function addQuality(a: QualityReport, b: QualityReport): QualityReport {
  const fields = new Map<string, FieldQuality>(Object.entries(a.fields));
  const addIssues = (x: Readonly<Partial<Record<IssueCode, number>>>, y: Readonly<Partial<Record<IssueCode, number>>>): Partial<Record<IssueCode, number>> => {
    const out = new Map<string, number>(Object.entries(x));
    for (const [code, n] of Object.entries(y)) out.set(code, (out.get(code) ?? 0) + n);
    return Object.fromEntries(out);
  };
  for (const [field, q] of Object.entries(b.fields)) {
    const before = fields.get(field);
    fields.set(field, before === undefined ? q : { valid: before.valid + q.valid, fixed: before.fixed + q.fixed, invalid: before.invalid + q.invalid, missing: before.missing + q.missing, issues: addIssues(before.issues, q.issues) });
  }
  return { records: a.records + b.records, recordsWithProblems: a.recordsWithProblems + b.recordsWithProblems, fields: Object.fromEntries(fields), issues: addIssues(a.issues, b.issues) };
}

export const EMPTY_QUALITY: QualityReport = { records: 0, recordsWithProblems: 0, fields: {}, issues: {} };

/** The standard fields a report shows of a record, in this order. */
const SHOWN = ["customerId", "firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "country"] as const;

const initial = (s: string): string => `${Array.from(s)[0] ?? ""}***`;

/**
 * A value as a report shows it by default: enough to tell records apart, not enough to read a person's
 * data (`j***@gmail.com`, `***09`, `R***`, `1980-**-**`).
 */
export function maskValue(field: string, value: string): string {
  if (value === "") return value;
  switch (field) {
    case "email": {
      const at = value.lastIndexOf("@");
      return at > 0 ? `${initial(value.slice(0, at))}${value.slice(at)}` : initial(value);
    }
    case "phone":
    case "customerId":
      return `***${value.replace(/\D/g, "").slice(-2)}`;
    case "dateOfBirth":
      return /^\d{4}/.test(value) ? `${value.slice(0, 4)}-**-**` : "****";
    case "postalCode":
      return `${value.slice(0, 2)}***`;
    case "country":
      return value;
    default:
      return initial(value);
  }
}

/** A record id as a masked report shows it: as it is, unless the host made it an email address. */
export function maskId(id: string): string {
  return id.includes("@") ? maskValue("email", id) : id;
}

/** A shown record's cleansed values (standard names and values, for display), by its id. */
export type CleansedOf = (id: string) => Readonly<Record<string, unknown>> | undefined;

/** What a report needs from a resolve run. */
export interface ResolutionInput {
  readonly result: ResolveIdentitiesResult;
  /** The truth column and each labelled record's true person (by record id: the map evaluateClusters scored), or null. */
  readonly truth: { readonly column: string; readonly labels: ReadonlyMap<string, string> } | null;
  /** The clusters scored against the truth (evaluateClusters), when there is one. */
  readonly scores: ClusterEvaluation | null;
  readonly masked: boolean;
}

const LARGEST = 5;
const ROWS_PER_CLUSTER = 20;
const WATERFALLS = 4;

/** A section laid out before the shown records' values are known: which records it shows, and the section once they are. */
export interface LaidOutSection {
  /** The ids of the records shown with their values (the largest profiles; with a truth, the profiles that mix people and the people split over profiles). */
  readonly shown: readonly string[];
  /** The section, each shown record with its cleansed values (masked unless the input says not). */
  complete(cleansed: CleansedOf): ResolutionSection;
}

/** The histogram's bins, extended with empty ones so the threshold's bin is among them (its line is drawn inside the chart). */
function withThreshold(bins: readonly MatchWeightBin[], thresholdWeight: number): MatchWeightBin[] {
  const at = Math.floor(thresholdWeight);
  const out = [...bins];
  if (out.length === 0) return [{ from: at, linked: 0, notLinked: 0 }];
  while ((out[0] as MatchWeightBin).from > at) out.unshift({ from: (out[0] as MatchWeightBin).from - 1, linked: 0, notLinked: 0 });
  while ((out[out.length - 1] as MatchWeightBin).from < at) out.push({ from: (out[out.length - 1] as MatchWeightBin).from + 1, linked: 0, notLinked: 0 });
  return out;
}

/**
 * Lays the resolution section out once (the truth's evaluation walks every record: done twice, its maps
 * would be built twice), leaving the shown records' values to be filled in when they are known — in
 * `resolve`, they come from the profiles thread.
 */
export function layOutResolution(input: ResolutionInput): LaidOutSection {
  const { result } = input;
  // Each shown row is an object filled in by complete(), in the order the page shows its cells.
  const pending: { key: string; extra: Readonly<Record<string, string>> | undefined; row: Record<string, string> }[] = [];
  const row = (key: string, extra?: Readonly<Record<string, string>>): ReportRow => {
    const filled: Record<string, string> = {};
    pending.push({ key, extra, row: filled });
    return filled;
  };

  const sizes = new Map<number, number>();
  for (const cluster of result.clusters) sizes.set(cluster.recordIds.length, (sizes.get(cluster.recordIds.length) ?? 0) + 1);
  const bySize = [...result.clusters].sort((a, b) => b.recordIds.length - a.recordIds.length || (a.id < b.id ? -1 : 1));
  const largest = bySize.filter((c) => c.recordIds.length > 1).slice(0, LARGEST).map((c) => ({ profileId: c.id, records: c.recordIds.slice(0, ROWS_PER_CLUSTER).map((id) => row(id)) }));

  // Waterfalls: the model's weakest links and its strongest non-links, as the run explained them.
  const shownId = (id: string): string => (input.masked ? maskId(id) : id);
  const linksNearThreshold: ReportPair[] = result.scores.weakestLinks.slice(0, WATERFALLS).map((link) => ({ a: shownId(link.a), b: shownId(link.b), why: link.explanation }));
  const nonLinksBelow: ReportPair[] = result.scores.nearMisses.slice(0, WATERFALLS).map((miss) => ({ a: shownId(miss.a), b: shownId(miss.b), why: miss.explanation }));

  let evaluation: ReportEvaluation | null = null;
  if (input.truth !== null && input.scores !== null) {
    // Labelled records only (a record without a label is in no error list).
    const entityOf = input.truth.labels;
    const scores = input.scores;
    const labelsIn = (ids: readonly string[]): Set<string> => {
      const out = new Set<string>();
      for (const id of ids) {
        const entity = entityOf.get(id);
        if (entity !== undefined) out.add(entity);
      }
      return out;
    };
    const falseMerges = bySize
      .filter((c) => labelsIn(c.recordIds).size > 1)
      .slice(0, LARGEST)
      .map((c) => ({ profileId: c.id, records: c.recordIds.slice(0, ROWS_PER_CLUSTER).map((id) => row(id, { truth: entityOf.get(id) ?? "" })) }));
    // The people split over the most profiles: counted per person (a cluster's records are met together,
    // so a person is counted once per cluster), then only the few shown are looked up record by record —
    // maps over every record would be a few hundred megabytes at a million records.
    const profileCount = new Map<string, number>();
    const lastCluster = new Map<string, number>();
    result.clusters.forEach((cluster, c) => {
      for (const id of cluster.recordIds) {
        const entity = entityOf.get(id);
        if (entity === undefined || lastCluster.get(entity) === c) continue;
        lastCluster.set(entity, c);
        profileCount.set(entity, (profileCount.get(entity) ?? 0) + 1);
      }
    });
    lastCluster.clear();
    const split = [...profileCount]
      .filter(([, profiles]) => profiles > 1)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, LARGEST)
      .map(([entity]) => entity);
    const shownPeople = new Set(split);
    const profileOf = new Map<string, string>();
    for (const cluster of result.clusters) {
      for (const id of cluster.recordIds) {
        const entity = entityOf.get(id);
        if (entity !== undefined && shownPeople.has(entity)) profileOf.set(id, cluster.id);
      }
    }
    // Each person's records in the order of the labels (the input's), as before.
    const keysOf = new Map<string, string[]>(split.map((entity) => [entity, []]));
    for (const [key, entity] of entityOf) keysOf.get(entity)?.push(key);
    const missedLinks = split.map((entity) => ({ entity, records: (keysOf.get(entity) ?? []).slice(0, ROWS_PER_CLUSTER).map((key) => row(key, { profile: profileOf.get(key) ?? "" })) }));
    evaluation = { column: input.truth.column, precision: scores.precision, recall: scores.recall, f1: scores.f1, bCubed: scores.bCubed, pairs: scores.pairs, falseMerges, missedLinks };
  }

  const section: ResolutionSection = {
    records: result.stats.records,
    profiles: result.stats.clusters,
    comparisons: result.stats.comparisons,
    matchedPairs: result.stats.matchedPairs,
    // The threshold probability, from its weight (log2 odds).
    threshold: Number((2 ** result.scores.thresholdWeight / (1 + 2 ** result.scores.thresholdWeight)).toPrecision(6)),
    thresholdWeight: result.scores.thresholdWeight,
    histogram: withThreshold(result.scores.histogram, result.scores.thresholdWeight),
    clusterSizes: [...sizes].sort((a, b) => a[0] - b[0]).map(([size, count]) => ({ size, count })),
    guards: result.stats.guards,
    ruleMatches: result.stats.ruleMatches,
    largest,
    linksNearThreshold,
    nonLinksBelow,
    model: result.scores.model,
    priorWeight: result.scores.priorWeight,
    evaluation,
  };
  return {
    shown: [...new Set(pending.map((p) => p.key))],
    complete(cleansed) {
      for (const { key, extra, row: filled } of pending) {
        const out = new Map<string, string>([["record", input.masked ? maskId(key) : key]]);
        if (extra !== undefined) for (const [name, value] of Object.entries(extra)) out.set(name, value);
        const clean = cleansed(key);
        if (clean !== undefined) {
          for (const field of SHOWN) {
            const value = _own(clean, field);
            if (value == null || value === "") continue;
            const text = typeof value === "string" ? value : JSON.stringify(value);
            out.set(field, input.masked ? maskValue(field, text) : text);
          }
        }
        for (const [name, value] of out) _setOwn(filled, name, value);
      }
      return section;
    },
  };
}
