import * as z from "zod/mini";
import { _mapRecord, _schemaOf, type _SchemaData } from "../shared/_schema.js";
import { _createIssue } from "../errors/_createIssue.js";
import type { Issue } from "../errors/issue.js";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _isConsentAttribute } from "../shared/_consent.js";
import { _own, _setOwn } from "../shared/_dict.js";
import { _clusterId } from "../shared/_hash.js";
import { _readInstant } from "../shared/_time.js";
import { _validTimeSchema } from "../shared/_timeSchemas.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { _DEFAULT_SOURCE_PRIORITY, _policySchema, _SELECT, _tablesOf, type _PolicyTables } from "./_policy.js";
import { _collectCandidates, _readableCopies, _readRows, type _Collected, type _Fields, type _Keyed, type _Row } from "./_rows.js";
import { _applyRule, _conflictOf, _isoWriter, _provenanceOf, _select, type _SelectContext } from "./_select.js";
import { DEFAULT_MERGE_POLICY } from "./defaultMergePolicy.js";
import { PROVENANCE_LIMIT, type AttributeProvenance, type GoldenProfile, type MergeConflict, type MergePolicy, type MergeRecordsOptions, type SelectStrategy } from "./types.js";
import type { TimeInput } from "../shared/types.js";
import { _refuseCleansedResults } from "../shared/_cleansedResult.js";

const NO_OPTIONS: MergeRecordsOptions = Object.freeze({});
const POLICY_KEYS = new Set(["attributes", "defaultRule", "sourcePriority", "trust", "groups", "overrides"]);
const optionsSchema = z.strictObject({
  policy: z.optional(z.unknown()),
  idField: z.optional(z.string().check(z.minLength(1))),
  sourceField: z.optional(z.string().check(z.minLength(1))),
  timeField: z.optional(z.string().check(z.minLength(1))),
  now: z.optional(_validTimeSchema),
  profileId: z.optional(z.string().check(z.minLength(1))),
  schema: z.optional(z.unknown()),
});


/**
 * Merges the records of one person into a golden profile: per attribute a survivorship strategy (or a
 * chain of them), explicit conflicts when sources disagree, the provenance of every value, grouped
 * attributes taken from one record, conservative consent, and manual overrides. A pure function: the
 * same records and policy give the same profile, whatever their order, and unmerging a record is merging
 * without it.
 *
 * @param records - one person's records (cleansed plain objects with an id, a source and an observation time)
 * @param options - the survivorship `policy` (default {@link DEFAULT_MERGE_POLICY}), field names, `now`
 *   for trust decay, the profile id
 * @returns the profile with attributes, provenance, conflicts and issues
 * @throws ProfileKitError `invalid_options` for a policy that cannot work (unknown strategy, empty priority
 *   list) or unknown options
 * @example
 * ```ts
 * const profile = mergeRecords(recordsOfOnePerson, { policy: { attributes: { email: { strategy: "mostRecent" } } } });
 * profile.attributes.email; profile.provenance.email.source; profile.conflicts;
 * ```
 */
export function mergeRecords(records: readonly Readonly<Record<string, unknown>>[], options: MergeRecordsOptions = NO_OPTIONS): GoldenProfile {
  // Merging profile after profile with no options is the common loop: no options object to read.
  // Anything but an object (null, a number) goes to parseOptions, which refuses it as invalid_options.
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a fast path; parseOptions gives the same empty settings for {}
  const settings = options === NO_OPTIONS || isEmptyObject(options) ? NO_OPTIONS : parseOptions(options);
  const schema = settings.schema === undefined ? null : _schemaOf(settings.schema);
  if (settings.schema !== undefined) {
    if (schema === null) throw new ProfileKitError("invalid_options", "mergeRecords: options.schema must be a schema made by defineSchema.");
    const clash = ["idField", "sourceField", "timeField"].find((key) => Object.hasOwn(settings, key));
    if (clash !== undefined) throw new ProfileKitError("invalid_options", `mergeRecords: options.${clash} cannot be given with options.schema, which says how records are read.`);
    if (Array.isArray(records)) records = (records as readonly unknown[]).map((record) => mapThrough(schema, record));
  }
  const policy = settings.policy ?? (schema?.merge as MergePolicy | null | undefined) ?? DEFAULT_MERGE_POLICY;
  // The built-in policy is frozen and known valid: merging profile after profile with it skips validation.
  const rules = policy === DEFAULT_MERGE_POLICY ? policy : (_parseOptions("mergeRecords", _policySchema, policy, "options.policy") as MergePolicy);
  const idField = settings.idField ?? "id";
  const sourceField = settings.sourceField ?? "source";
  const timeField = settings.timeField ?? "updatedAt";
  const now = settings.now === undefined ? null : readNow(settings.now);
  if (!Array.isArray(records)) throw new ProfileKitError("invalid_options", "mergeRecords: records must be an array of records.");
  _refuseCleansedResults("mergeRecords", records);
  const fields: _Fields = { id: idField, source: sourceField, time: timeField };
  try {
    return mergeRows(records, rules, settings.profileId, now, fields);
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: the second attempt would throw the same ProfileKitError
    if (error instanceof ProfileKitError) throw error;
    // A record whose getters throw, or a Proxy: merge plain copies of what can be read, report the rest.
    const issues: Issue[] = [];
    const copies = _readableCopies(records, issues);
    const profile = mergeRows(copies, rules, settings.profileId, now, fields);
    return { ...profile, issues: [...issues, ...profile.issues] };
  }
}

/** An options object without keys; false for anything else, including an object that cannot be read. */
function isEmptyObject(options: unknown): boolean {
  try {
    // Stryker disable next-line ConditionalExpression: the fast path's test (see mergeRecords)
    return typeof options === "object" && options !== null && Object.keys(options).length === 0;
  } catch {
    return false;
  }
}

/** A record read through a schema; one that cannot be read stays as it is, for the merge to report. */
function mapThrough(schema: _SchemaData, record: unknown): Readonly<Record<string, unknown>> {
  try {
    if (typeof record === "object" && record !== null && !Array.isArray(record)) return _mapRecord(schema, record as Readonly<Record<string, unknown>>);
  } catch {
    // Left to mergeRecords' own handling of unreadable records.
  }
  return record as Readonly<Record<string, unknown>>;
}

function parseOptions(options: MergeRecordsOptions): Omit<MergeRecordsOptions, "policy"> & { readonly policy?: MergePolicy } {
  // Policy settings passed as options (the signature before 0.2 was mergeRecords(records, policy, options)).
  let stray: string[] = [];
  try {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: Object.keys of null throws (caught) and of a primitive is empty; parseOptions refuses both
    stray = typeof options === "object" && (options as unknown) !== null ? Object.keys(options).filter((key) => POLICY_KEYS.has(key)) : [];
  } catch {
    // Options that cannot be read are refused by the options parser below, with its message.
  }
  if (stray.length > 0) {
    // Stryker disable next-line StringLiteral: stray is not empty here
    throw new ProfileKitError("invalid_options", `mergeRecords: invalid options. options.${stray[0] ?? ""}: a policy setting; pass the policy as options.policy ({ policy: { ${stray.join(", ")} } }).`);
  }
  return _parseOptions("mergeRecords", optionsSchema, options) as Omit<MergeRecordsOptions, "policy"> & { readonly policy?: MergePolicy };
}

function readNow(now: TimeInput): number {
  const issues: Issue[] = [];
  const ms = _readInstant(now, "UTC", ["options", "now"], issues);
  // Stryker disable next-line StringLiteral,ObjectLiteral: unreachable — the options schema has already refused a time that cannot be read
  if (ms === null) throw new ProfileKitError("invalid_options", "mergeRecords: invalid options. options.now: expected an ISO 8601 time, epoch milliseconds or a Date.", { cause: issues });
  return ms;
}

const DEFAULT_TABLES: _PolicyTables = _tablesOf(DEFAULT_MERGE_POLICY);

function mergeRows(records: readonly unknown[], rules: MergePolicy, profileId: string | undefined, now: number | null, fields: _Fields): GoldenProfile {
  const issues: Issue[] = [];
  // Stryker disable next-line ConditionalExpression: a cache of the built-in policy's tables
  const tables = rules === DEFAULT_MERGE_POLICY ? DEFAULT_TABLES : _tablesOf(rules);
  const rows = _readRows(records, fields, issues);
  const ranked = rules.sourcePriority ?? rules.trust === undefined ? (rules.sourcePriority ?? _DEFAULT_SOURCE_PRIORITY) : Object.keys(rules.trust);
  for (const row of rows) if (row.source === null || (!ranked.includes(row.source) && !tables.trust.has(row.source))) issues.push(_createIssue("unknown_source", [row.id, fields.source], {}));

  const collected = _collectCandidates(rows, fields, issues);
  // A caller's policy naming an attribute no record has is likely a typo; the built-in policy covers every
  // standard field and is not expected to find them all.
  if (rules !== DEFAULT_MERGE_POLICY) for (const name of Object.keys(rules.attributes ?? {})) if (!collected.has(name)) issues.push(_createIssue("unused_policy_attribute", [name], {}));

  const context: _SelectContext = { priority: ranked, trust: tables.trust, now, rows, iso: _isoWriter(rows) };
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

/** A group: one record supplies every attribute of the group; the value compared is the whole group. */
function mergeGroup(group: readonly string[], tables: _PolicyTables, rules: MergePolicy, rows: readonly _Row[], collected: _Collected, context: _SelectContext, merged: Merged): void {
  const present: string[] = [];
  for (const attribute of group) if (collected.has(attribute)) present.push(attribute);
  // Stryker disable next-line ConditionalExpression: with no part present there is no candidate, and _select returns null
  if (present.length === 0) return;
  const lead = group[0] as string;
  const rule = tables.attributes.get(lead) ?? rules.defaultRule ?? { strategy: "mostRecent" };
  // Candidates are the records holding any part of the group. Part keys come from the per-attribute
  // candidates, computed once; those are in row order, so one cursor per part walks them alongside the rows.
  // Stryker disable next-line ArrayDeclaration: present holds collected attributes only
  const parts = present.map((attribute) => collected.get(attribute)?.candidates ?? []);
  // Stryker disable next-line ArrayDeclaration: present holds collected attributes only
  const partRows = present.map((attribute) => collected.get(attribute)?.positions ?? []);
  const cursors = present.map(() => 0);
  const candidates: _Keyed[] = [];
  const keysByCandidate: (string | undefined)[][] = [];
  // Stryker disable next-line EqualityOperator: a position past the rows matches no part and is skipped
  for (let position = 0; position < rows.length; position++) {
    const row = rows[position] as _Row;
    const keys: (string | undefined)[] = [];
    const values: unknown[] = [];
    let any = false;
    for (let k = 0; k < parts.length; k++) {
      const at = cursors[k] as number;
      if ((partRows[k] as number[])[at] === position) {
        const part = (parts[k] as _Keyed[])[at] as _Keyed;
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
  const chain = typeof rule.strategy === "string" && (_SELECT as readonly string[]).includes(rule.strategy) ? [rule.strategy as SelectStrategy] : Array.isArray(rule.strategy) ? (rule.strategy as readonly SelectStrategy[]) : ["mostRecent" as const];
  const winner = _select(withoutCoarser(candidates, keysByCandidate), chain, context);
  if (winner === null) return;
  for (const [k, attribute] of present.entries()) {
    merged.grouped.add(attribute);
    // Attribute names here are record keys with __proto__, constructor and prototype removed: plain writes
    // make own properties, and a write site of its own stays fast (the shared _setOwn turns megamorphic).
    // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- unsafe keys filtered in _collectCandidates
    merged.output[attribute] = (winner.candidate.value as unknown[])[k] ?? null;
    // Stryker disable next-line StringLiteral: a missing part has the same key in every candidate, whatever it is
    const partCandidates = candidates.map((c, x): _Keyed => ({ value: (c.value as unknown[])[k], recordId: c.recordId, source: c.source, observedAt: c.observedAt, key: keysByCandidate[x]?.[k] ?? "" }));
    // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- as above
    merged.provenance[attribute] = _provenanceOf(partCandidates[candidates.indexOf(winner.candidate)] as _Keyed, `group:${lead}`, partCandidates, context.iso);
  }
  // Two addresses conflict when some part has two different values; a part one record lacks does not.
  let disagree = false;
  // Stryker disable next-line EqualityOperator: a part past the last has undefined keys, which are skipped
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
  if (disagree && (rule.onConflict ?? "flag") !== "ignore") merged.conflicts.push(_conflictOf(lead, candidates, winner.candidate.value, winner.strategy, context.iso));
}

/**
 * A group's candidates without those that only repeat part of another: a record holding fewer parts of the
 * group, each equal to the other's (a newer record with the country alone, after one with the whole
 * address), contradicts nothing and would otherwise blank the parts it lacks. A record whose parts differ
 * from every fuller one (another city) stays, and competes by the group's rule.
 */
function withoutCoarser(candidates: readonly _Keyed[], keysByCandidate: readonly (readonly (string | undefined)[])[]): _Keyed[] {
  // Compared once per distinct value (a profile holds a few addresses, however many records repeat them).
  const distinct = new Map<string, readonly (string | undefined)[]>();
  candidates.forEach((candidate, c) => {
    if (!distinct.has(candidate.key)) distinct.set(candidate.key, keysByCandidate[c] as readonly (string | undefined)[]);
  });
  if (distinct.size < 2) return candidates.slice();
  const values = [...distinct.values()];
  const partCount = values.map((keys) => keys.reduce((n, key) => (key === undefined ? n : n + 1), 0));
  const coarser = new Set<string>();
  for (const [key, keys] of distinct) {
    const own = keys.reduce((n, part) => (part === undefined ? n : n + 1), 0);
    const refined = values.some((fine, f) => (partCount[f] as number) > own && keys.every((part, k) => part === undefined || part === fine[k]));
    if (refined) coarser.add(key);
  }
  return candidates.filter((candidate) => !coarser.has(candidate.key));
}

/** Sorts strings in code-unit order; an insertion sort for the dozen or so attributes of a profile, which beats Array#sort there. */
function sortedStrings(list: string[]): string[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: both sorts give code-unit order; the switch is for speed
  if (list.length > 32) return list.sort();
  for (let i = 1; i < list.length; i++) {
    const item = list[i] as string;
    let j = i - 1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: list[-1] is undefined and compares false; attribute names are distinct
    while (j >= 0 && (list[j] as string) > item) {
      list[j + 1] = list[j] as string;
      j--;
    }
    list[j + 1] = item;
  }
  return list;
}

function typeOf(value: unknown): string {
  return Array.isArray(value) ? "array" : typeof value;
}

/** One attribute outside any group, by its rule. */
function mergeAttribute(attribute: string, tables: _PolicyTables, rules: MergePolicy, candidates: readonly _Keyed[], context: _SelectContext, merged: Merged): void {
  if (candidates.length === 0) return;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: one candidate has one type
  if (candidates.length > 1) {
    const first = typeOf((candidates[0] as _Keyed).value);
    if (candidates.some((c) => typeOf(c.value) !== first)) merged.issues.push(_createIssue("mixed_types", [attribute], { types: [...new Set(candidates.map((c) => typeOf(c.value)))] }));
  }
  const rule = tables.attributes.get(attribute) ?? (_isConsentAttribute(attribute) ? { strategy: "consent" as const } : (rules.defaultRule ?? { strategy: "mostRecent" as const }));
  const { value, prov, conflict } = _applyRule(attribute, rule, candidates, context, merged.issues);
  // Unsafe keys were filtered in _collectCandidates: plain writes make own properties (see mergeGroup).
  // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- unsafe keys filtered
  merged.output[attribute] = value;
  // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- unsafe keys filtered
  merged.provenance[attribute] = prov;
  if (conflict !== null) {
    merged.conflicts.push(conflict);
    if (conflict.resolvedBy === "refused") merged.issues.push(_createIssue("refused_conflict", [attribute], {}));
  }
}
