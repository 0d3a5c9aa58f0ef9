import { z } from "zod";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { _own, _setOwn } from "../shared/_dict.js";
import { _jsonIssue, _jsonProblem } from "../shared/_jsonValue.js";
import { _createIssue, _describeType } from "../errors/_createIssue.js";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { Issue } from "../errors/issue.js";
import { _clusterId, _hash32 } from "../shared/_hash.js";
import { _isOptOut } from "../shared/_consent.js";
import { _parseUtcTimestamp } from "../shared/_parseUtcTimestamp.js";

/** A strategy that narrows the candidate values of an attribute; chained, each narrows what the previous left. */
export type SelectStrategy = "mostRecent" | "oldest" | "sourcePriority" | "mostFrequent" | "longest" | "firstNonNull" | "min" | "max" | "trust" | "consent";

/** A strategy that combines every candidate value into one. */
export type CombineStrategy = "union" | "sum" | "average" | "any" | "all";

/** One value a record offers for an attribute. */
export interface Candidate {
  readonly value: unknown;
  readonly recordId: string;
  readonly source: string | null;
  /** Epoch milliseconds of the observation, or null when the record had none. */
  readonly observedAt: number | null;
}

/** How one attribute is merged. */
export interface AttributeRule {
  /** A strategy, a chain of select strategies ("sourcePriority", then "mostRecent"), or a custom function. */
  readonly strategy: SelectStrategy | CombineStrategy | readonly SelectStrategy[] | ((candidates: readonly Candidate[]) => unknown);
  /**
   * When sources disagree: `"flag"` records a conflict (default), `"ignore"` does not, `"refuse"` leaves the
   * attribute empty, `{ prefer: "crm" }` takes that source's value (its most recent) and records the conflict.
   */
  readonly onConflict?: "flag" | "ignore" | "refuse" | { readonly prefer: string };
  /** Numbers this close, or texts equal ignoring case and spacing, are not a conflict. Default 0. */
  readonly tolerance?: number;
  /** For `union`: at most this many values. Default 10. */
  readonly limit?: number;
  /** For `union`: most recent first (default), most frequent first, or alphabetical. */
  readonly order?: "recency" | "frequency" | "alphabetical";
}

/** How a source's trust decays: from `max` when fresh to `min` after `decayDays`. */
export interface SourceTrust {
  readonly max: number;
  readonly min: number;
  readonly decayDays: number;
}

/** A value a person set by hand: it beats computed values until removed from the policy. */
export interface ManualOverride {
  readonly value: unknown;
  /** Who set it. */
  readonly by?: string;
  /** When (ISO 8601). */
  readonly at?: string;
}

/** A survivorship policy: how each attribute of a golden profile is chosen. */
export interface MergePolicy {
  /** Rules per attribute. Attributes without one use `defaultRule`. */
  readonly attributes?: Readonly<Record<string, AttributeRule>>;
  /** Rule for every other attribute. Default: most recent. */
  readonly defaultRule?: AttributeRule;
  /** Sources from most to least trusted, for `sourcePriority`. */
  readonly sourcePriority?: readonly string[];
  /** Trust per source with decay, for `trust`. */
  readonly trust?: Readonly<Record<string, SourceTrust>>;
  /** Attributes that must come from one record together (an address). The group's first attribute's rule picks the record. */
  readonly groups?: readonly (readonly string[])[];
  /** Manual values that win over computed ones. */
  readonly overrides?: Readonly<Record<string, ManualOverride>>;
}

/** Options of {@link mergeRecords}. */
export interface MergeRecordsOptions {
  /** Field holding each record's id. Default `"id"`. */
  readonly idField?: string;
  /** Field naming each record's source. Default `"source"`. */
  readonly sourceField?: string;
  /** Field holding when each record was observed. Default `"updatedAt"`. */
  readonly timeField?: string;
  /** The clock for trust decay (epoch ms, ISO string or Date). Needed only by the `trust` strategy. */
  readonly now?: Date | number | string;
  /** The profile id. Default: the identity cluster id of the records (as `resolveIdentities` gives it). */
  readonly profileId?: string;
}

/** Where an attribute's value came from. */
export interface AttributeProvenance {
  /** The record the value came from (the most recent contributor for combined values), or null for an override. */
  readonly recordId: string | null;
  readonly source: string | null;
  /** When the value was observed (ISO 8601, as the record wrote it, offset kept), if known. */
  readonly observedAt: string | null;
  /** What chose it: a strategy name, `"group:<first attribute>"`, `"override"` or `"custom"`. */
  readonly strategy: string;
  /** Every record that contributed (combined values) or could have (chosen values): the first {@link PROVENANCE_LIMIT} in record-id order. */
  readonly contributors: readonly string[];
  /** How many records contributed in all (more than `contributors` lists when over the limit). */
  readonly contributorCount: number;
  /** The other values on offer, with where they came from: the first {@link PROVENANCE_LIMIT} distinct ones. */
  readonly alternatives: readonly { readonly value: unknown; readonly recordId: string; readonly source: string | null }[];
  /** How many distinct other values were on offer in all. */
  readonly alternativeCount: number;
  /** For overrides: who set it. */
  readonly overriddenBy?: string;
}

/** Sources disagreeing about an attribute. */
export interface MergeConflict {
  readonly attribute: string;
  /** The values on offer with where they came from: the first {@link PROVENANCE_LIMIT} in record-id order. */
  readonly values: readonly { readonly value: unknown; readonly recordId: string; readonly source: string | null; readonly observedAt: string | null }[];
  /** How many values were on offer in all. */
  readonly valueCount: number;
  /** The value kept (null when the policy refused to choose). */
  readonly winner: unknown;
  /** The strategy that decided, or `"refused"`. */
  readonly resolvedBy: string;
}

/** A golden profile: one value per attribute, with provenance and conflicts. */
export interface GoldenProfile {
  readonly id: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly provenance: Readonly<Record<string, AttributeProvenance>>;
  readonly conflicts: readonly MergeConflict[];
  /** The record ids merged. */
  readonly recordIds: readonly string[];
  readonly issues: readonly Issue[];
}

/**
 * Most record ids, alternatives and conflicting values a profile's provenance keeps per attribute; beyond
 * it only the counts grow, so a profile's size is bounded by its attributes times this, not by its records.
 */
export const PROVENANCE_LIMIT = 100;

/** Largest epoch-millisecond value a `Date` can hold. */
const MAX_TIME = 8.64e15;

const SELECT = ["mostRecent", "oldest", "sourcePriority", "mostFrequent", "longest", "firstNonNull", "min", "max", "trust", "consent"] as const;
const COMBINE = ["union", "sum", "average", "any", "all"] as const;
const ruleSchema = z.strictObject({
  strategy: z.union([z.enum([...SELECT, ...COMBINE]), z.array(z.enum(SELECT)).min(1), z.custom<(c: readonly Candidate[]) => unknown>((v) => typeof v === "function", "expected a function")]),
  onConflict: z.union([z.enum(["flag", "ignore", "refuse"]), z.strictObject({ prefer: z.string().min(1) })]).optional(),
  tolerance: z.number().min(0).optional(),
  limit: z.number().int().min(1).optional(),
  order: z.enum(["recency", "frequency", "alphabetical"]).optional(),
});
const policySchema = z.strictObject({
  attributes: z.record(z.string().min(1), ruleSchema).optional(),
  defaultRule: ruleSchema.optional(),
  sourcePriority: z.array(z.string().min(1)).min(1, "an empty source priority list cannot rank anything").optional(),
  trust: z.record(z.string().min(1), z.strictObject({ max: z.number().min(0).max(1), min: z.number().min(0).max(1), decayDays: z.number().positive() })).optional(),
  groups: z.array(z.array(z.string().min(1)).min(2)).optional(),
  overrides: z.record(z.string().min(1), z.strictObject({ value: z.unknown(), by: z.string().optional(), at: z.string().optional() })).optional(),
});
const optionsSchema = z.strictObject({
  idField: z.string().min(1).optional(),
  sourceField: z.string().min(1).optional(),
  timeField: z.string().min(1).optional(),
  now: z.union([z.date(), z.number(), z.string().refine((s) => Number.isFinite(Date.parse(s)), "expected an ISO date")]).optional(),
  profileId: z.string().min(1).optional(),
});

const LOWER_NO_SPACE = /^[a-z0-9@._+-]*$/;
const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$/;
const CONSENT = /opt.?in|consent|subscri/i;
const DEFAULT_SOURCE_PRIORITY = ["crm", "orders", "support", "web", "newsletter"];
const ADDRESS = ["street", "city", "region", "postalCode", "country"];

/**
 * The default policy for the standard customer fields: names and birth date by majority then source
 * priority (CRM first) then recency; contact details and the address (kept together) by recency; consent
 * conservatively (an opt-out beats any older opt-in); everything else by recency.
 */
export const DEFAULT_MERGE_POLICY: MergePolicy = deepFreeze({
  attributes: {
    firstName: { strategy: ["mostFrequent", "sourcePriority", "mostRecent"] },
    lastName: { strategy: ["mostFrequent", "sourcePriority", "mostRecent"] },
    dateOfBirth: { strategy: ["mostFrequent", "sourcePriority", "mostRecent"] },
    customerId: { strategy: ["sourcePriority", "mostRecent"] },
    email: { strategy: "mostRecent" },
    phone: { strategy: "mostRecent" },
    street: { strategy: "mostRecent" },
  },
  defaultRule: { strategy: "mostRecent" },
  sourcePriority: DEFAULT_SOURCE_PRIORITY,
  groups: [ADDRESS],
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Merges the records of one person into a golden profile: per attribute a survivorship strategy (or a
 * chain of them), explicit conflicts when sources disagree, the provenance of every value, grouped
 * attributes taken from one record, conservative consent, and manual overrides. A pure function: the
 * same records and policy give the same profile, and unmerging a record is merging without it.
 *
 * @param records - one person's records (cleansed plain objects with an id, a source and an observation time)
 * @param policy - the survivorship policy; default {@link DEFAULT_MERGE_POLICY}
 * @param options - field names, the clock for trust decay, the profile id
 * @returns the profile with attributes, provenance, conflicts and issues
 * @throws ProfileKitError `invalid_options` for a policy that cannot work (unknown strategy, empty priority list)
 * @example
 * ```ts
 * const profile = mergeRecords(cluster.recordIds.map((id) => byId.get(id)));
 * profile.attributes.email; profile.provenance.email.source; profile.conflicts;
 * ```
 */
export function mergeRecords(records: readonly Readonly<Record<string, unknown>>[], policy: MergePolicy = DEFAULT_MERGE_POLICY, options: MergeRecordsOptions = {}): GoldenProfile {
  // The built-in policy is frozen and known valid: merging profile after profile with it skips validation.
  const rules = policy === DEFAULT_MERGE_POLICY ? policy : (_parseOptions("mergeRecords", policySchema, policy) as MergePolicy);
  const settings = Object.keys(options).length === 0 ? {} : _parseOptions("mergeRecords", optionsSchema, options);
  const idField = settings.idField ?? "id";
  const sourceField = settings.sourceField ?? "source";
  const timeField = settings.timeField ?? "updatedAt";
  const now = settings.now === undefined ? null : settings.now instanceof Date ? settings.now.getTime() : typeof settings.now === "number" ? settings.now : Date.parse(settings.now);
  if (!Array.isArray(records)) throw new ProfileKitError("invalid_options", "mergeRecords: records must be an array of records.");
  const fields: Fields = { id: idField, source: sourceField, time: timeField };
  try {
    return mergeRows(records, rules, settings.profileId, now, fields);
  } catch (error) {
    if (error instanceof ProfileKitError) throw error;
    // A record whose getters throw, or a Proxy: merge plain copies of what can be read, report the rest.
    const issues: Issue[] = [];
    const copies = readableCopies(records, issues);
    const profile = mergeRows(copies, rules, settings.profileId, now, fields);
    return { ...profile, issues: [...issues, ...profile.issues] };
  }
}

/** The rules a policy gives by attribute, and its source trust, as Maps (never read through a prototype). */
interface PolicyTables {
  readonly attributes: ReadonlyMap<string, AttributeRule>;
  readonly trust: ReadonlyMap<string, SourceTrust>;
}

const DEFAULT_TABLES: PolicyTables = tablesOf(DEFAULT_MERGE_POLICY);

function tablesOf(policy: MergePolicy): PolicyTables {
  return { attributes: new Map(Object.entries(policy.attributes ?? {})), trust: new Map(Object.entries(policy.trust ?? {})) };
}

function mergeRows(records: readonly unknown[], rules: MergePolicy, profileId: string | undefined, now: number | null, fields: Fields): GoldenProfile {
  const issues: Issue[] = [];
  const tables = rules === DEFAULT_MERGE_POLICY ? DEFAULT_TABLES : tablesOf(rules);
  const rows = readRows(records, fields, issues);
  const ranked = rules.sourcePriority ?? rules.trust === undefined ? (rules.sourcePriority ?? DEFAULT_SOURCE_PRIORITY) : Object.keys(rules.trust);
  for (const row of rows) if (row.source === null || (!ranked.includes(row.source) && !tables.trust.has(row.source))) issues.push(_createIssue("unknown_source", [row.id, fields.source], {}));

  const collected = collectCandidates(rows, fields, issues);
  // A caller's policy naming an attribute no record has is likely a typo; the built-in policy covers every
  // standard field and is not expected to find them all.
  if (rules !== DEFAULT_MERGE_POLICY) for (const name of Object.keys(rules.attributes ?? {})) if (!collected.has(name)) issues.push(_createIssue("unused_policy_attribute", [name], {}));

  const context: SelectContext = { priority: ranked, trust: tables.trust, now, rows, iso: isoWriter(rows) };
  const merged: Merged = { output: {}, provenance: {}, conflicts: [], grouped: new Set<string>(), issues };
  for (const group of rules.groups ?? []) mergeGroup(group, tables, rules, rows, collected, context, merged);
  for (const attribute of sortedStrings([...collected.keys()])) if (!merged.grouped.has(attribute)) mergeAttribute(attribute, tables, rules, collected.get(attribute)?.candidates ?? [], context, merged);
  const { output, provenance, conflicts } = merged;

  for (const [attribute, override] of Object.entries(rules.overrides ?? {})) {
    if (_UNSAFE_KEYS.has(attribute)) continue;
    const previous = _own(provenance, attribute) as AttributeProvenance | undefined;
    // The value the override replaces is an alternative, read before it is overwritten.
    const replaced = _own(output, attribute);
    _setOwn(output, attribute, override.value);
    const alternatives = previous === undefined ? [] : previous.recordId === null ? previous.alternatives : [{ value: replaced, recordId: previous.recordId, source: previous.source }, ...previous.alternatives].slice(0, PROVENANCE_LIMIT);
    _setOwn(provenance, attribute, {
      recordId: null,
      source: null,
      observedAt: override.at ?? null,
      strategy: "override",
      contributors: previous?.contributors ?? [],
      contributorCount: previous?.contributorCount ?? 0,
      alternatives,
      alternativeCount: previous === undefined ? 0 : previous.alternativeCount + (previous.recordId === null ? 0 : 1),
      ...(override.by === undefined ? {} : { overriddenBy: override.by }),
    } satisfies AttributeProvenance);
  }

  const recordIds = rows.map((row) => row.id);
  return {
    id: profileId ?? (recordIds.length === 0 ? _clusterId("") : _clusterId(recordIds[0] as string)),
    attributes: output,
    provenance,
    conflicts,
    recordIds,
    issues,
  };
}

/** The field names that are not attributes. */
interface Fields {
  readonly id: string;
  readonly source: string;
  readonly time: string;
}

/** A record with its id, source and observation time read once. */
interface Row {
  readonly id: string;
  readonly source: string | null;
  readonly time: number | null;
  /** The record's own timestamp text when it is ISO 8601, kept for provenance. */
  readonly raw: string | null;
  readonly record: Readonly<Record<string, unknown>>;
  readonly index: number;
  /** The record's content key, computed only when ids are missing or repeat. */
  content: string | null;
  /** The id was derived from the content. */
  readonly missingId: boolean;
}

/** An attribute's candidates (in row order) and, beside them, the position of the row each came from (ids may repeat). */
interface Slot {
  readonly candidates: Keyed[];
  readonly positions: number[];
}

/** Every attribute's slot. */
type Collected = Map<string, Slot>;

/** The profile being built. */
interface Merged {
  readonly output: Record<string, unknown>;
  readonly provenance: Record<string, AttributeProvenance>;
  readonly conflicts: MergeConflict[];
  readonly grouped: Set<string>;
  readonly issues: Issue[];
}

// mergeRecords is split into these small functions so that V8 optimises each quickly and a record of a new
// shape deoptimises only the step that reads it (one large function took ~25,000 profiles to settle).

/**
 * Records in a canonical order — by id, then by content — so every order-independent strategy gives the
 * same answer whatever order the caller passed them in, also when ids repeat. A record without a usable id
 * gets one derived from its content (`#` and 8 hex digits), with a `missing_id` issue. A value that is not
 * a record is reported and left out.
 */
function readRows(records: readonly unknown[], fields: Fields, issues: Issue[]): Row[] {
  const rows: Row[] = [];
  let tiesPossible = false;
  for (let index = 0; index < records.length; index++) {
    const record: unknown = records[index];
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      issues.push(_createIssue("invalid_type", ["records", index], { expected: "a record (an object)", received: _describeType(record) }));
      continue;
    }
    const fieldsOf = record as Readonly<Record<string, unknown>>;
    const rawId = _own(fieldsOf, fields.id);
    let id = typeof rawId === "string" && rawId !== "" ? rawId : typeof rawId === "number" && Number.isFinite(rawId) ? String(rawId) : null;
    let content: string | null = null;
    if (id === null) {
      content = contentKey(fieldsOf);
      id = `#${_hash32(content).toString(16).padStart(8, "0")}`;
      tiesPossible = true;
    }
    const rawSource = _own(fieldsOf, fields.source);
    const source = typeof rawSource === "string" ? rawSource : null;
    const rawTime = _own(fieldsOf, fields.time);
    // Cleansed records carry canonical UTC timestamps, read without Date.parse; anything else falls back to it.
    const canonical = typeof rawTime === "string" ? _parseUtcTimestamp(rawTime) : Number.NaN;
    const read = typeof rawTime === "number" ? rawTime : typeof rawTime === "string" ? (Number.isNaN(canonical) ? Date.parse(rawTime) : canonical) : dateTime(rawTime);
    // Epoch milliseconds a Date cannot hold (9e15) are as unusable as text that is not a time.
    const time = Number.isFinite(read) && Math.abs(read) <= MAX_TIME ? read : Number.NaN;
    const raw = typeof rawTime === "string" && !Number.isNaN(time) && (!Number.isNaN(canonical) || ISO_TIMESTAMP.test(rawTime)) ? rawTime : null;
    rows.push({ id, source, time: Number.isNaN(time) ? null : time, raw, record: fieldsOf, index, content, missingId: content !== null });
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < rows.length && !tiesPossible; i++) if ((rows[i] as Row).id === (rows[i - 1] as Row).id) tiesPossible = true;
  if (tiesPossible) {
    // Records sharing an id are ordered by what they hold, so the caller's order never decides.
    for (const row of rows) row.content ??= contentKey(row.record);
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : (a.content as string) < (b.content as string) ? -1 : (a.content as string) > (b.content as string) ? 1 : 0));
  }
  // Reported in the canonical order too: the same records give the same issues, whatever their order.
  for (const row of rows) {
    if (row.missingId) issues.push(_createIssue("missing_id", [row.id, fields.id], {}));
    if (row.time === null) issues.push(_createIssue("missing_timestamp", [row.id, fields.time], {}));
  }
  return rows;
}

/** Epoch milliseconds of a Date, NaN for anything else (a revoked Proxy included). */
function dateTime(value: unknown): number {
  try {
    return value instanceof Date ? value.getTime() : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** A text equal for records with equal own fields, whatever their key order; unusable values read as one marker. */
function contentKey(record: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const value = _own(record, key);
    parts.push(key, value === undefined ? "u" : _jsonProblem(value) === null ? keyOf(value) : "\u0000!");
  }
  return JSON.stringify(parts);
}

/**
 * Plain copies of the records (own enumerable fields read once), for records whose getters throw or that
 * are Proxies: what cannot be read is reported as `invalid_type`, and the record is left out.
 */
function readableCopies(records: readonly unknown[], issues: Issue[]): unknown[] {
  const copies: unknown[] = [];
  for (let index = 0; index < records.length; index++) {
    try {
      const record: unknown = records[index];
      if (typeof record !== "object" || record === null || Array.isArray(record)) {
        copies.push(record);
        continue;
      }
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(record)) {
        if (_UNSAFE_KEYS.has(key)) continue;
        try {
          // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- an own key just listed; read directly so a throwing getter is seen
          _setOwn(copy, key, (record as Record<string, unknown>)[key]);
        } catch {
          issues.push(_createIssue("invalid_type", ["records", index, key], { expected: "a readable value", received: "unreadable value" }));
        }
      }
      copies.push(copy);
    } catch {
      issues.push(_createIssue("invalid_type", ["records", index], { expected: "a record (an object)", received: "unreadable object" }));
    }
  }
  return copies;
}

/** One pass over the rows collects every attribute's candidates. Attributes whose values are all empty are listed with none. */
function collectCandidates(rows: readonly Row[], fields: Fields, issues: Issue[]): Collected {
  const collected: Collected = new Map();
  for (let position = 0; position < rows.length; position++) {
    const row = rows[position] as Row;
    const record = row.record;
    for (const key of Object.keys(record)) {
      if (key === fields.id || key === fields.source || key === fields.time || _UNSAFE_KEYS.has(key)) continue;
      // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- an own key Object.keys just listed
      const value = record[key];
      let slot = collected.get(key);
      if (slot === undefined) collected.set(key, (slot = { candidates: [], positions: [] }));
      if (value === undefined || value === null || value === "") continue;
      // Objects, arrays and anything not plain JSON are checked before any recursive step (a JSON key, a
      // comparison) sees them: too deep, too large, cyclic or BigInt values are reported and left out.
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        const problem = _jsonProblem(value);
        if (problem !== null) {
          issues.push(_jsonIssue(problem, [row.id, key]));
          continue;
        }
        if (Array.isArray(value) && value.length === 0) continue;
      } else if (typeof value === "number" && !Number.isFinite(value)) {
        issues.push(_jsonIssue({ problem: "not_json", received: "non-finite number" }, [row.id, key]));
        continue;
      }
      slot.positions.push(position);
      slot.candidates.push({ value, recordId: row.id, source: row.source, observedAt: row.time, key: keyOf(value) });
    }
  }
  return collected;
}

/** A group: one record supplies every attribute of the group; the value compared is the whole group. */
function mergeGroup(group: readonly string[], tables: PolicyTables, rules: MergePolicy, rows: readonly Row[], collected: Collected, context: SelectContext, merged: Merged): void {
  const present: string[] = [];
  for (const attribute of group) if (collected.has(attribute)) present.push(attribute);
  if (present.length === 0) return;
  const lead = group[0] as string;
  const rule = tables.attributes.get(lead) ?? rules.defaultRule ?? { strategy: "mostRecent" };
  // Candidates are the records holding any part of the group. Part keys come from the per-attribute
  // candidates, computed once; those are in row order, so one cursor per part walks them alongside the rows.
  const parts = present.map((attribute) => collected.get(attribute)?.candidates ?? []);
  const partRows = present.map((attribute) => collected.get(attribute)?.positions ?? []);
  const cursors = present.map(() => 0);
  const candidates: Keyed[] = [];
  const keysByCandidate: (string | undefined)[][] = [];
  for (let position = 0; position < rows.length; position++) {
    const row = rows[position] as Row;
    const keys: (string | undefined)[] = [];
    const values: unknown[] = [];
    let any = false;
    for (let k = 0; k < parts.length; k++) {
      const at = cursors[k] as number;
      if ((partRows[k] as number[])[at] === position) {
        const part = (parts[k] as Keyed[])[at] as Keyed;
        keys.push(part.key);
        values.push(part.value);
        cursors[k] = at + 1;
        any = true;
      } else {
        // An empty part ("" or missing) is null in the group's value.
        keys.push(undefined);
        values.push(null);
      }
    }
    if (!any) continue;
    keysByCandidate.push(keys);
    candidates.push({ value: values, recordId: row.id, source: row.source, observedAt: row.time, key: keys.map((key) => key ?? "").join("\u0001") });
  }
  const chain = typeof rule.strategy === "string" && (SELECT as readonly string[]).includes(rule.strategy) ? [rule.strategy as SelectStrategy] : Array.isArray(rule.strategy) ? (rule.strategy as readonly SelectStrategy[]) : ["mostRecent" as const];
  const winner = select(candidates, chain, context);
  if (winner === null) return;
  for (const [k, attribute] of present.entries()) {
    merged.grouped.add(attribute);
    _setOwn(merged.output, attribute, (winner.candidate.value as unknown[])[k] ?? null);
    const partCandidates = candidates.map((c, x): Keyed => ({ value: (c.value as unknown[])[k], recordId: c.recordId, source: c.source, observedAt: c.observedAt, key: keysByCandidate[x]?.[k] ?? "" }));
    _setOwn(merged.provenance, attribute, provenanceOf(partCandidates[candidates.indexOf(winner.candidate)] as Keyed, `group:${lead}`, partCandidates, context.iso));
  }
  // Two addresses conflict when some part has two different values; a part one record lacks does not.
  let disagree = false;
  for (let k = 0; k < present.length && !disagree; k++) {
    let seen: string | undefined;
    for (const keys of keysByCandidate) {
      const key = keys[k];
      if (key === undefined) continue;
      if (seen === undefined) seen = key;
      else if (key !== seen) {
        disagree = true;
        break;
      }
    }
  }
  if (disagree && (rule.onConflict ?? "flag") !== "ignore") merged.conflicts.push(conflictOf(lead, candidates, winner.candidate.value, winner.strategy, context.iso));
}

/** Sorts strings in code-unit order; an insertion sort for the dozen or so attributes of a profile, which beats Array#sort there. */
function sortedStrings(list: string[]): string[] {
  if (list.length > 32) return list.sort();
  for (let i = 1; i < list.length; i++) {
    const item = list[i] as string;
    let j = i - 1;
    while (j >= 0 && (list[j] as string) > item) {
      list[j + 1] = list[j] as string;
      j--;
    }
    list[j + 1] = item;
  }
  return list;
}

const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number, or the number a numeric text ("9.99", " -3 ", "1e3") writes; null for anything else. */
function numberOf(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || value.length > 64) return null;
  const text = value.trim();
  if (!NUMERIC_TEXT.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * Whether `a` is a better `max` (sign 1) or `min` (sign -1) than `b`: as numbers when both are numbers or
 * numeric text, else as text. A number beats a value that is not one either way: "n/a" is never the
 * largest or the smallest order total.
 */
function compareValues(a: Keyed, b: Keyed, sign: number): number {
  const na = numberOf(a.value);
  const nb = numberOf(b.value);
  if (na !== null && nb !== null) return sign * (na < nb ? -1 : na > nb ? 1 : 0);
  if (na !== null || nb !== null) return na !== null ? 1 : -1;
  const ta = textOf(a);
  const tb = textOf(b);
  return sign * (ta < tb ? -1 : ta > tb ? 1 : 0);
}

/** A candidate as text for `longest` and orderings: strings as they are, other values by their JSON key. */
function textOf(candidate: Keyed): string {
  const value = candidate.value;
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : candidate.key;
}

function typeOf(value: unknown): string {
  return Array.isArray(value) ? "array" : typeof value;
}

/** One attribute outside any group, by its rule. */
function mergeAttribute(attribute: string, tables: PolicyTables, rules: MergePolicy, candidates: readonly Keyed[], context: SelectContext, merged: Merged): void {
  if (candidates.length === 0) return;
  if (candidates.length > 1) {
    const first = typeOf((candidates[0] as Keyed).value);
    if (candidates.some((c) => typeOf(c.value) !== first)) merged.issues.push(_createIssue("mixed_types", [attribute], { types: [...new Set(candidates.map((c) => typeOf(c.value)))] }));
  }
  const rule = tables.attributes.get(attribute) ?? (CONSENT.test(attribute) ? { strategy: "consent" as const } : (rules.defaultRule ?? { strategy: "mostRecent" as const }));
  const { value, prov, conflict } = applyRule(attribute, rule, candidates, context, merged.issues);
  _setOwn(merged.output, attribute, value);
  _setOwn(merged.provenance, attribute, prov);
  if (conflict !== null) {
    merged.conflicts.push(conflict);
    if (conflict.resolvedBy === "refused") merged.issues.push(_createIssue("refused_conflict", [attribute], {}));
  }
}

/** A candidate with its comparison key computed once. */
interface Keyed extends Candidate {
  readonly key: string;
}

interface SelectContext {
  readonly priority: readonly string[];
  readonly trust: ReadonlyMap<string, SourceTrust>;
  readonly now: number | null;
  /** The rows, for `firstNonNull` (the caller's record order). */
  readonly rows: readonly Row[];
  readonly iso: (time: number | null) => string | null;
}

/**
 * The comparison key of a value: texts equal ignoring case and spacing share one. A plain lower-case text
 * is its own key (no new string per candidate); other values are marked with a leading NUL, and so is a
 * text that itself starts with one, so keys of different kinds never collide.
 */
function keyOf(value: unknown): string {
  if (typeof value === "string") {
    const text = LOWER_NO_SPACE.test(value) ? value : value.trim().toLowerCase().replace(/\s+/g, " ");
    return text.charCodeAt(0) === 0 ? `\u0000s${text}` : text;
  }
  return `\u0000j${JSON.stringify(value)}`;
}

/** Whether the candidates offer more than one value (numbers within `tolerance` of the first count as the same). */
function disagrees(candidates: readonly Keyed[], tolerance: number): boolean {
  const first = candidates[0];
  if (first === undefined) return false;
  for (let i = 1; i < candidates.length; i++) {
    const candidate = candidates[i] as Keyed;
    const same = typeof first.value === "number" && typeof candidate.value === "number" ? Math.abs(first.value - candidate.value) <= tolerance : first.key === candidate.key;
    if (!same) return true;
  }
  return false;
}

/** The first of the most recently observed candidates (unknown times count as oldest). */
function latestOf(candidates: readonly Keyed[]): Keyed {
  let latest = candidates[0] as Keyed;
  for (const candidate of candidates) if ((candidate.observedAt ?? -Infinity) > (latest.observedAt ?? -Infinity)) latest = candidate;
  return latest;
}

/** Observation times as ISO strings: a record's own timestamp text where it has one (its offset kept), else made once per time. */
function isoWriter(rows: readonly { readonly time: number | null; readonly raw: string | null }[]): (time: number | null) => string | null {
  const cache = new Map<number, string>();
  for (const row of rows) if (row.time !== null && row.raw !== null && !cache.has(row.time)) cache.set(row.time, row.raw);
  return (time) => {
    if (time === null) return null;
    let text = cache.get(time);
    if (text === undefined) {
      text = new Date(time).toISOString();
      cache.set(time, text);
    }
    return text;
  };
}

function provenanceOf(winner: Keyed, strategy: string, candidates: readonly Keyed[], iso: (time: number | null) => string | null): AttributeProvenance {
  const alternatives: { value: unknown; recordId: string; source: string | null }[] = [];
  let alternativeCount: number;
  // Usually a few candidates: a scan of the keys already listed beats building a Set; a large profile gets one.
  if (candidates.length <= 16) {
    const seen = [winner.key];
    for (const candidate of candidates) {
      if (seen.includes(candidate.key)) continue;
      seen.push(candidate.key);
      alternatives.push({ value: candidate.value, recordId: candidate.recordId, source: candidate.source });
    }
    alternativeCount = alternatives.length;
  } else {
    const seen = new Set([winner.key]);
    for (const candidate of candidates) {
      if (seen.has(candidate.key)) continue;
      seen.add(candidate.key);
      // Beyond the limit only the count grows: a profile's size is bounded by its attributes.
      if (alternatives.length < PROVENANCE_LIMIT) alternatives.push({ value: candidate.value, recordId: candidate.recordId, source: candidate.source });
    }
    alternativeCount = seen.size - 1;
  }
  const listed = candidates.length <= PROVENANCE_LIMIT ? candidates : candidates.slice(0, PROVENANCE_LIMIT);
  return {
    recordId: winner.recordId,
    source: winner.source,
    observedAt: iso(winner.observedAt),
    strategy,
    contributors: listed.map((c) => c.recordId),
    contributorCount: candidates.length,
    alternatives,
    alternativeCount,
  };
}

function conflictOf(attribute: string, candidates: readonly Candidate[], winner: unknown, resolvedBy: string, iso: (time: number | null) => string | null): MergeConflict {
  const listed = candidates.length <= PROVENANCE_LIMIT ? candidates : candidates.slice(0, PROVENANCE_LIMIT);
  return { attribute, values: listed.map((c) => ({ value: c.value, recordId: c.recordId, source: c.source, observedAt: iso(c.observedAt) })), valueCount: candidates.length, winner, resolvedBy };
}

const newest = (a: number | null, b: number | null): number => (b ?? -Infinity) - (a ?? -Infinity);

/** Narrows candidates with one strategy; returns them unchanged when the strategy cannot tell them apart. */
function narrow(candidates: readonly Keyed[], strategy: SelectStrategy, context: SelectContext, attribute: string): readonly Keyed[] {
  const best = <T>(score: (c: Keyed) => T, better: (a: T, b: T) => number): Keyed[] => {
    let top: Keyed[] = [];
    let topScore: T | undefined;
    for (const candidate of candidates) {
      const s = score(candidate);
      const cmp = topScore === undefined ? 1 : better(s, topScore);
      if (cmp > 0) {
        top = [candidate];
        topScore = s;
      } else if (cmp === 0) top.push(candidate);
    }
    return top;
  };
  switch (strategy) {
    case "mostRecent":
      return best((c) => c.observedAt ?? -Infinity, (a, b) => Math.sign(a - b));
    case "oldest":
      return best((c) => c.observedAt ?? Infinity, (a, b) => Math.sign(b - a));
    case "sourcePriority":
      return best((c) => (c.source === null ? Infinity : (context.priority.indexOf(c.source) + 1 || Infinity)), (a, b) => Math.sign(b - a));
    case "mostFrequent": {
      const counts = new Map<string, number>();
      for (const c of candidates) counts.set(c.key, (counts.get(c.key) ?? 0) + 1);
      return best((c) => counts.get(c.key) ?? 0, (a, b) => Math.sign(a - b));
    }
    case "longest":
      return best((c) => textOf(c).length, (a, b) => Math.sign(a - b));
    case "firstNonNull": {
      // Built only here: the one strategy that needs the caller's record order.
      const order = new Map(context.rows.map((row) => [row.id, row.index]));
      return best((c) => -(order.get(c.recordId) ?? 0), (a, b) => Math.sign(a - b));
    }
    case "min":
    case "max": {
      const sign = strategy === "max" ? 1 : -1;
      return best((c) => c, (a, b) => compareValues(a, b, sign));
    }
    case "trust":
      return best((c) => trustOf(c, context), (a, b) => Math.sign(a - b));
    case "consent": {
      // An opt-out wins over every older opt-in; only a strictly newer opt-in re-subscribes.
      const outs = candidates.filter((c) => _isOptOut(c.value, attribute));
      if (outs.length === 0) return narrow(candidates, "mostRecent", context, attribute);
      let latestOut = -Infinity;
      for (const out of outs) latestOut = Math.max(latestOut, out.observedAt ?? -Infinity);
      const newerIns = candidates.filter((c) => !_isOptOut(c.value, attribute) && (c.observedAt ?? -Infinity) > latestOut);
      return newerIns.length > 0 ? narrow(newerIns, "mostRecent", context, attribute) : narrow(outs, "mostRecent", context, attribute);
    }
  }
}

function trustOf(candidate: Candidate, context: SelectContext): number {
  const trust = candidate.source === null ? undefined : context.trust.get(candidate.source);
  if (trust === undefined) return 0;
  if (context.now === null || candidate.observedAt === null) return trust.min;
  const ageDays = Math.max(0, (context.now - candidate.observedAt) / 86_400_000);
  const fraction = Math.min(1, ageDays / trust.decayDays);
  return trust.max - (trust.max - trust.min) * fraction;
}

/** Runs a chain of select strategies; ties left at the end go to the most recent, then the smallest record id. */
function select(candidates: readonly Keyed[], chain: readonly SelectStrategy[], context: SelectContext, attribute = ""): { candidate: Keyed; strategy: string } | null {
  if (candidates.length === 0) return null;
  let remaining = candidates;
  let decidedBy: string = chain[0] ?? "mostRecent";
  for (const strategy of chain) {
    if (!disagrees(remaining, 0)) break;
    remaining = narrow(remaining, strategy, context, attribute);
    decidedBy = strategy;
  }
  if (disagrees(remaining, 0)) decidedBy = `${decidedBy}+mostRecent`;
  // Among records offering the chosen value, provenance names the most recent observation.
  remaining = narrow(remaining, "mostRecent", context, attribute);
  return { candidate: remaining[0] as Keyed, strategy: decidedBy };
}

function applyRule(attribute: string, rule: AttributeRule, candidates: readonly Keyed[], context: SelectContext, issues: Issue[]): { value: unknown; prov: AttributeProvenance; conflict: MergeConflict | null } {
  const strategy = rule.strategy;
  const latest = latestOf(candidates);
  if (typeof strategy === "function") {
    let value: unknown;
    try {
      value = strategy(candidates);
    } catch {
      value = null;
    }
    return { value, prov: { ...provenanceOf(latest, "custom", candidates, context.iso), alternatives: [], alternativeCount: 0 }, conflict: null };
  }
  if (typeof strategy === "string" && (COMBINE as readonly string[]).includes(strategy)) {
    let value: unknown;
    switch (strategy as CombineStrategy) {
      case "union": {
        const byRecency = [...candidates].sort((a, b) => newest(a.observedAt, b.observedAt) || (a.recordId < b.recordId ? -1 : 1));
        const values: unknown[] = [];
        const frequency = new Map<string, number>();
        for (const c of byRecency) {
          for (const item of Array.isArray(c.value) ? (c.value as unknown[]) : [c.value]) {
            const key = keyOf(item);
            if (!frequency.has(key)) values.push(item);
            frequency.set(key, (frequency.get(key) ?? 0) + 1);
          }
        }
        // Stable sorts: ties keep recency order.
        if (rule.order === "frequency") values.sort((a, b) => (frequency.get(keyOf(b)) ?? 0) - (frequency.get(keyOf(a)) ?? 0));
        if (rule.order === "alphabetical") {
          const texts = new Map(values.map((item) => [item, typeof item === "string" ? item : keyOf(item)]));
          values.sort((a, b) => {
            const ta = texts.get(a) as string;
            const tb = texts.get(b) as string;
            return ta < tb ? -1 : ta > tb ? 1 : 0;
          });
        }
        value = values.slice(0, rule.limit ?? 10);
        break;
      }
      case "sum":
      case "average": {
        // CSV sources send numbers as text ("9.99"): read them as numbers; anything else is left out, said.
        let total = 0;
        let count = 0;
        for (const c of candidates) {
          const n = numberOf(c.value);
          if (n === null) {
            issues.push(_createIssue("not_numeric", [c.recordId, attribute], {}));
            continue;
          }
          total += n;
          count++;
        }
        value = strategy === "sum" ? total : count === 0 ? null : total / count;
        break;
      }
      case "any":
        value = candidates.some((c) => c.value === true);
        break;
      case "all":
        value = candidates.every((c) => c.value === true);
        break;
    }
    return { value, prov: { ...provenanceOf(latest, strategy, candidates, context.iso), alternatives: [], alternativeCount: 0 }, conflict: null };
  }
  const chain = Array.isArray(strategy) ? (strategy as readonly SelectStrategy[]) : [strategy as SelectStrategy];
  const winner = select(candidates, chain, context, attribute) as { candidate: Keyed; strategy: string };
  const disagree = disagrees(candidates, rule.tolerance ?? 0);
  const onConflict = rule.onConflict ?? "flag";
  if (disagree && typeof onConflict === "object") {
    const preferred = candidates.filter((c) => c.source === onConflict.prefer);
    if (preferred.length > 0) {
      const chosen = narrow(preferred, "mostRecent", context, attribute)[0] as Keyed;
      const strategyName = `prefer:${onConflict.prefer}`;
      return { value: chosen.value, prov: provenanceOf(chosen, strategyName, candidates, context.iso), conflict: conflictOf(attribute, candidates, chosen.value, strategyName, context.iso) };
    }
  }
  if (disagree && onConflict === "refuse") {
    return { value: null, prov: { ...provenanceOf(winner.candidate, "refused", candidates, context.iso), recordId: null }, conflict: conflictOf(attribute, candidates, null, "refused", context.iso) };
  }
  return {
    value: winner.candidate.value,
    prov: provenanceOf(winner.candidate, winner.strategy, candidates, context.iso),
    conflict: disagree && onConflict !== "ignore" ? conflictOf(attribute, candidates, winner.candidate.value, winner.strategy, context.iso) : null,
  };
}

/** The result of {@link unmergeRecord}. */
export interface UnmergeResult {
  /** The profile of the remaining records: exactly as if the record had never been there. */
  readonly remaining: GoldenProfile;
  /** A profile of the split-off record alone. */
  readonly separated: GoldenProfile;
}

/**
 * Splits one record out of a profile: the remaining records are merged again from scratch, so nothing the
 * record contributed survives, and the record gets a profile of its own. Pair it with a cannot-link
 * assertion in `resolveIdentities` so the split survives every later resolution.
 *
 * @param records - the profile's records
 * @param recordId - the record to split out
 * @param policy - the survivorship policy
 * @param options - as for {@link mergeRecords} (except `profileId`)
 * @returns the remaining profile and the separated one
 * @throws ProfileKitError `invalid_options` when `recordId` is not among the records, or for an invalid policy
 * @example
 * ```ts
 * const { remaining, separated } = unmergeRecord(records, "web-7");
 * ```
 */
export function unmergeRecord(
  records: readonly Readonly<Record<string, unknown>>[],
  recordId: string,
  policy: MergePolicy = DEFAULT_MERGE_POLICY,
  options: Omit<MergeRecordsOptions, "profileId"> = {},
): UnmergeResult {
  const idField = typeof options === "object" && typeof options.idField === "string" ? options.idField : "id";
  const idOf = (record: unknown): string | null => {
    if (typeof record !== "object" || record === null) return null;
    const id = _own(record, idField);
    return typeof id === "string" ? id : typeof id === "number" ? String(id) : null;
  };
  const separated = records.filter((record) => idOf(record) === recordId);
  if (separated.length === 0) throw new ProfileKitError("invalid_options", "unmergeRecord: the record id is not among the records.");
  return {
    remaining: mergeRecords(records.filter((record) => idOf(record) !== recordId), policy, options),
    separated: mergeRecords(separated, policy, options),
  };
}
