import * as z from "zod/mini";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { _createIssue, _describeType } from "../errors/_createIssue.js";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { Issue } from "../errors/issue.js";
import { _jsonIssue, _jsonProblem } from "../shared/_jsonValue.js";
import { _emptyHistory, _newEntry, _ownedHistory, _withHistory } from "./_history.js";
import { _valueKey, _valueProblem } from "./_values.js";
import { _applyRetention, _retentionSchema } from "./_retention.js";
import { _readInstant } from "../shared/_time.js";
import { _timeInputSchema, _timeZoneSchema } from "../shared/_timeSchemas.js";
import type { ChangeInput, HistoryEntry, ProfileHistory, RetentionPolicy } from "./types.js";
import type { TimeInput } from "../shared/types.js";

/** Options of {@link appendChanges}. */
export interface AppendChangesOptions {
  /** The clock: the recorded time of every change that does not carry one, and the limit for future times. Required. */
  readonly now: TimeInput;
  /** The profile id of a new history (when `history` is null). */
  readonly profileId?: string;
  /** IANA zone for times written without one (reported as an issue). Default `"UTC"`. */
  readonly timeZone?: string;
  /** How far past `now` a time may be and still count as now (clock skew between systems). Default 5 minutes. */
  readonly maxClockSkewMs?: number;
  /** Drop versions the policy does not keep, after appending. */
  readonly retention?: RetentionPolicy;
}

/** The result of {@link appendChanges}. */
export interface AppendChangesResult {
  /** The new history (the one passed in is not modified). */
  readonly history: ProfileHistory;
  /** How many changes became versions. */
  readonly appended: number;
  /** How many were already in the history (same source, attribute, value and valid time) and were skipped. */
  readonly duplicates: number;
  /** How many could not be applied (each with an issue). */
  readonly rejected: number;
  /** Versions dropped by the retention policy. */
  readonly dropped: number;
  readonly issues: readonly Issue[];
}

const optionsSchema = z.strictObject({
  now: _timeInputSchema,
  profileId: z.optional(z.string().check(z.minLength(1))),
  timeZone: z.optional(_timeZoneSchema),
  maxClockSkewMs: z.optional(z.number().check(z.gte(0))),
  retention: z.optional(_retentionSchema),
});


interface Accepted {
  readonly index: number;
  readonly attribute: string;
  readonly value: unknown;
  readonly validAt: number;
  readonly recordedAt: number;
  readonly source: string | null;
  readonly key: string;
}

/**
 * Records changes in a profile's history on two time axes: valid time (when the value was true, from the
 * source's observation time) and recorded time (when profile-kit learned it). Late-arriving data — observed
 * earlier, recorded later — lands in its place on both axes, so earlier answers about what was known stay
 * as they were. The same change delivered twice is kept once. Changes it cannot apply (invalid or future
 * times, a recorded time before the history's latest, an erased profile) are reported, never thrown and
 * never reordered into a wrong answer.
 *
 * @param history - the history so far, or null to start one (then `options.profileId` is required)
 * @param changes - the changes, in any order
 * @param options - `now` (required), `profileId`, `timeZone`, `maxClockSkewMs`, `retention`
 * @returns the new history, counts and issues
 * @example
 * ```ts
 * const { history } = appendChanges(null, [
 *   { attribute: "email", value: "ann@example.com", validAt: "2024-01-05T09:00:00Z", source: "crm" },
 * ], { now: "2024-01-06T00:00:00Z", profileId: "p-1" });
 * profileAsOf(history).attributes.email; // "ann@example.com"
 * ```
 */
export function appendChanges(history: ProfileHistory | null, changes: readonly ChangeInput[], options: AppendChangesOptions): AppendChangesResult {
  const parsed = _parseOptions("appendChanges", optionsSchema, options);
  const count = countOf(changes);
  const zone = parsed.timeZone ?? "UTC";
  const issues: Issue[] = [];
  const now = _readInstant(parsed.now, zone, ["options", "now"], issues);
  if (now === null) throw new ProfileKitError("invalid_options", "appendChanges: options.now is not a usable time.", { cause: issues });
  let base: ProfileHistory;
  if (history === null) {
    if (parsed.profileId === undefined) throw new ProfileKitError("invalid_options", "appendChanges: a new history (history null) needs options.profileId.");
    base = _emptyHistory(parsed.profileId);
  } else {
    base = _ownedHistory("appendChanges", history);
  }
  if (base.erased !== null) {
    if (count > 0) issues.push(_createIssue("profile_erased", ["changes"], {}));
    return { history: base, appended: 0, duplicates: 0, rejected: count, dropped: 0, issues };
  }
  const latest = now + (parsed.maxClockSkewMs ?? 300_000);

  const accepted: Accepted[] = [];
  let rejected = 0;
  const inputs: readonly unknown[] = changes;
  for (let index = 0; index < count; index++) {
    let change: Accepted | null;
    try {
      change = readChange(inputs[index], index, now, latest, zone, issues);
    } catch {
      // A change object whose getters (or proxy traps) throw: reported like any other unusable change.
      issues.push(_createIssue("invalid_type", ["changes", index], { expected: "a change object", received: "unreadable object" }));
      change = null;
    }
    if (change === null) rejected++;
    else accepted.push(change);
  }
  accepted.sort((a, b) => a.recordedAt - b.recordedAt || a.index - b.index);

  const lastRecorded = base.entries.length === 0 ? -Infinity : (base.entries[base.entries.length - 1] as HistoryEntry).recordedAt;
  const known = knownChanges(base.entries, accepted);
  const entries = base.entries.slice();
  let version = base.lastVersion;
  let duplicates = 0;
  for (const change of accepted) {
    if (change.recordedAt < lastRecorded) {
      issues.push(_createIssue("recorded_out_of_order", ["changes", change.index, "recordedAt"], {}));
      rejected++;
      continue;
    }
    const existing = known.get(change.key);
    if (existing !== undefined) {
      issues.push(_createIssue("duplicate_change", ["changes", change.index], { version: existing }));
      duplicates++;
      continue;
    }
    version++;
    known.set(change.key, version);
    entries.push(_newEntry(version, change.attribute, change.value, change.validAt, change.recordedAt, change.source));
  }
  let next: ProfileHistory = _withHistory(base, { entries, lastVersion: version });
  let dropped = 0;
  if (parsed.retention !== undefined) {
    const retained = _applyRetention(next, parsed.retention, zone, issues);
    next = retained.history;
    dropped = retained.dropped;
  }
  return { history: next, appended: version - base.lastVersion, duplicates, rejected, dropped, issues };
}

/** How many changes there are; `invalid_options` unless `changes` is a readable array. */
function countOf(changes: unknown): number {
  let count: unknown;
  try {
    count = Array.isArray(changes) ? (changes as readonly unknown[]).length : undefined;
    // Stryker disable next-line BlockStatement: count is still undefined without the assignment
  } catch {
    // A revoked proxy.
    count = undefined;
  }
  if (typeof count !== "number") throw new ProfileKitError("invalid_options", "appendChanges: changes must be an array of changes.");
  return count;
}

function readChange(input: unknown, index: number, now: number, latest: number, zone: string, issues: Issue[]): Accepted | null {
  const path = ["changes", index];
  if (typeof input !== "object" || input === null) {
    issues.push(_createIssue("invalid_type", path, { expected: "a change object", received: _describeType(input) }));
    return null;
  }
  const { attribute, source } = input as Partial<Record<keyof ChangeInput, unknown>>;
  if (typeof attribute !== "string" || attribute.length === 0) {
    issues.push(_createIssue("invalid_type", [...path, "attribute"], { expected: "a non-empty attribute name", received: _describeType(attribute) }));
    return null;
  }
  if (_UNSAFE_KEYS.has(attribute)) {
    issues.push(_createIssue("unsafe_key", [...path, "attribute"], { key: attribute }));
    return null;
  }
  if (source !== undefined && source !== null && typeof source !== "string") {
    issues.push(_createIssue("invalid_type", [...path, "source"], { expected: "a source name", received: _describeType(source) }));
    return null;
  }
  const { value: rawValue, validAt: rawValidAt, recordedAt: rawRecordedAt } = input as Partial<Record<keyof ChangeInput, unknown>>;
  const value = readValue(rawValue, [...path, "value"], issues);
  if (value === undefined) return null;

  let recordedAt = now;
  if (rawRecordedAt !== undefined && rawRecordedAt !== null) {
    const read = readTime(rawRecordedAt, "recorded", [...path, "recordedAt"], zone, latest, issues);
    if (read === null) return null;
    recordedAt = read;
  }
  let validAt = recordedAt;
  if (rawValidAt === undefined || rawValidAt === null) {
    issues.push(_createIssue("valid_time_assumed", [...path, "validAt"], {}));
  } else {
    const read = readTime(rawValidAt, "valid", [...path, "validAt"], zone, latest, issues);
    if (read === null) return null;
    validAt = read;
  }
  const sourceName = source ?? null;
  return { index, attribute, value, validAt, recordedAt, source: sourceName, key: changeKey(attribute, validAt, sourceName, value) };
}

/** One of a change's times, or null (with an issue) when it cannot be read or lies past `latest`. */
function readTime(raw: unknown, axis: "valid" | "recorded", path: readonly (string | number)[], zone: string, latest: number, issues: Issue[]): number | null {
  const read = _readInstant(raw, zone, path, issues);
  if (read === null) return null;
  if (read > latest) {
    issues.push(_createIssue("future_time", path, { axis }));
    return null;
  }
  return read;
}

/** Kinds of values that JSON leaves out of objects (and writes as null in arrays). */
const DROPPED_BY_JSON: ReadonlySet<string> = new Set(["undefined", "function", "symbol"]);

/**
 * The value as a plain JSON copy, or undefined (with an issue) when it is not JSON: checked without
 * recursion before anything walks it, so a value nested too deep, too large, cyclic or holding a BigInt is
 * reported, never thrown.
 */
function readValue(value: unknown, path: readonly (string | number)[], issues: Issue[]): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (Number.isFinite(value)) return value;
      issues.push(_createIssue("invalid_type", path, { expected: "a JSON value", received: _describeType(value) }));
      return undefined;
    case "object":
      // Stryker disable next-line ConditionalExpression: null read as an object is checked and copied as JSON, which gives null too
      if (value === null) return null;
      if (value instanceof Date) {
        if (Number.isFinite(value.getTime())) return value.toISOString();
        issues.push(_createIssue("invalid_type", path, { expected: "a JSON value", received: "invalid Date" }));
        return undefined;
      }
      break;
    default:
      issues.push(_createIssue("invalid_type", path, { expected: "a JSON value", received: _describeType(value) }));
      return undefined;
  }
  let problem = _valueProblem(value);
  // A property that is undefined (or a function) is left out, as JSON does: the copy below drops it, and
  // the copy is checked again.
  const lenient = problem !== null && problem.problem === "not_json" && DROPPED_BY_JSON.has(problem.received);
  if (problem === null || lenient) {
    let copy: unknown;
    try {
      // A copy, so the history is plain JSON that no caller can change afterwards.
      copy = JSON.parse(JSON.stringify(value)) as unknown;
      // Stryker disable next-line BlockStatement: copy is still undefined without the assignment
    } catch {
      // Read twice (checked, then copied): a proxy or getter may throw the second time.
      copy = undefined;
    }
    problem = copy === undefined ? { problem: "not_json", received: "unreadable object" } : lenient ? _jsonProblem(copy) : null;
    if (problem === null) return copy;
  }
  issues.push(_jsonIssue(problem, path));
  return undefined;
}

function changeKey(attribute: string, validAt: number, source: string | null, value: unknown): string {
  return `${attribute}\u0000${validAt}\u0000${source ?? "\u0001"}\u0000${_valueKey(value)}`;
}

/** The versions of the recorded changes that could repeat one of `incoming` (same attribute and valid time). */
function knownChanges(entries: readonly HistoryEntry[], incoming: readonly Accepted[]): Map<string, number> {
  const known = new Map<string, number>();
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut only; with no entries or no incoming changes the loops below find nothing either
  if (incoming.length === 0 || entries.length === 0) return known;
  const wanted = new Set<string>();
  for (const change of incoming) wanted.add(`${change.attribute}\u0000${change.validAt}`);
  for (const entry of entries) {
    if (entry.redacted === true || !wanted.has(`${entry.attribute}\u0000${entry.validAt}`)) continue;
    known.set(changeKey(entry.attribute, entry.validAt, entry.source, entry.value), entry.version);
  }
  return known;
}

