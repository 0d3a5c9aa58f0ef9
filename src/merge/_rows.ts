import { _createIssue, _describeType } from "../errors/_createIssue.js";
import type { Issue } from "../errors/issue.js";
import { _own, _setOwn } from "../shared/_dict.js";
import { _hash32 } from "../shared/_hash.js";
import { _jsonIssue, _jsonProblem } from "../shared/_jsonValue.js";
import { _parseUtcTimestamp, _parseZonedIsoTimestamp } from "../shared/_parseUtcTimestamp.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import type { MergeCandidate } from "./types.js";
import { _readInstant } from "../shared/_time.js";

/** Largest epoch-millisecond value a `Date` can hold. */
const MAX_TIME = 8.64e15;

const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$/;

// Stryker disable next-line Regex: a fast path; the general path gives every text it matches the same key
const LOWER_NO_SPACE = /^[a-z0-9@._+-]*$/;

/** The field names that are not attributes. */
export interface _Fields {
  readonly id: string;
  readonly source: string;
  readonly time: string;
}

/** A record with its id, source and observation time read once. */
export interface _Row {
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
export interface _Slot {
  readonly candidates: _Keyed[];
  readonly positions: number[];
}

/** Every attribute's slot. */
export type _Collected = Map<string, _Slot>;

/** A candidate with its comparison key computed once. */
export interface _Keyed extends MergeCandidate {
  readonly key: string;
}

/**
 * Records in a canonical order — by id, then by content — so every order-independent strategy gives the
 * same answer whatever order the caller passed them in, also when ids repeat. A record without a usable id
 * gets one derived from its content (`#` and 8 hex digits), with a `missing_id` issue. A value that is not
 * a record is reported and left out.
 */
export function _readRows(records: readonly unknown[], fields: _Fields, issues: Issue[]): _Row[] {
  const rows: _Row[] = [];
  // Stryker disable next-line BooleanLiteral: only saves looking for ties (sorting by content when there are none changes nothing)
  let tiesPossible = false;
  for (let index = 0; index < records.length; index++) {
    const record: unknown = records[index];
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      issues.push(_createIssue("invalid_type", ["records", index], { expected: "a record (an object)", received: _describeType(record) }));
      continue;
    }
    const fieldsOf = record as Readonly<Record<string, unknown>>;
    const rawId = own(fieldsOf, fields.id);
    // Number.isFinite is false for anything that is not a number, so it is the number test too.
    let id = typeof rawId === "string" && rawId !== "" ? rawId : Number.isFinite(rawId) ? String(rawId) : null;
    let content: string | null = null;
    if (id === null) {
      content = contentKey(fieldsOf);
      id = `#${_hash32(content).toString(16).padStart(8, "0")}`;
    }
    const rawSource = own(fieldsOf, fields.source);
    const source = typeof rawSource === "string" ? rawSource : null;
    const rawTime = own(fieldsOf, fields.time);
    // Cleansed records carry canonical UTC timestamps, read without the general parser; anything else goes
    // through it (a zone-less time is read in UTC, never in the process zone).
    const canonical = typeof rawTime === "string" ? _parseUtcTimestamp(rawTime) : Number.NaN;
    const read = typeof rawTime === "number" ? rawTime : typeof rawTime === "string" ? (Number.isNaN(canonical) ? readTime(rawTime) : canonical) : dateTime(rawTime);
    // Epoch milliseconds a Date cannot hold (9e15) are as unusable as text that is not a time.
    const time = Number.isFinite(read) && Math.abs(read) <= MAX_TIME ? read : Number.NaN;
    const raw = typeof rawTime === "string" && !Number.isNaN(time) && (!Number.isNaN(canonical) || ISO_TIMESTAMP.test(rawTime)) ? rawTime : null;
    rows.push({ id, source, time: Number.isNaN(time) ? null : time, raw, record: fieldsOf, index, content, missingId: content !== null });
  }
  rows.sort(byId);
  // Stryker disable next-line ConditionalExpression: stopping at the first tie only saves time
  for (let i = 1; i < rows.length && !tiesPossible; i++) if ((rows[i] as _Row).id === (rows[i - 1] as _Row).id) tiesPossible = true;
  // Stryker disable next-line ConditionalExpression: sorting by content when no id repeats changes nothing
  if (tiesPossible) {
    // Records sharing an id are ordered by what they hold, so the caller's order never decides.
    for (const row of rows) row.content ??= contentKey(row.record);
    rows.sort(byIdThenContent);
  }
  // Reported in the canonical order too: the same records give the same issues, whatever their order.
  for (const row of rows) {
    if (row.missingId) issues.push(_createIssue("missing_id", [row.id, fields.id], {}));
    if (row.time === null) issues.push(_createIssue("missing_timestamp", [row.id, fields.time], {}));
  }
  return rows;
}

function byId(a: _Row, b: _Row): number {
  // Stryker disable next-line EqualityOperator: rows with equal ids are sorted again, by content
  if (a.id < b.id) return -1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort asks only whether the result is below zero
  return a.id > b.id ? 1 : 0;
}

function byIdThenContent(a: _Row, b: _Row): number {
  if (a.id !== b.id) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator: the rows arrive sorted by id, so V8's stable sort never asks about a smaller id second
    return a.id < b.id ? -1 : 1;
  }
  // Equal contents are equal records: either order gives the same profile.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equal records in either order, and V8's sort asks only whether the result is below zero
  return (a.content as string) < (b.content as string) ? -1 : (a.content as string) > (b.content as string) ? 1 : 0;
}

/** An own property, read at a site of its own (merging reads three per record; the shared _own is slower there). */
function own(record: Readonly<Record<string, unknown>>, key: string): unknown {
  // Only a key Object.prototype also has ("constructor", "toString") needs the own-property check; the
  // usual field names ("id", "source", "updatedAt") read directly.
  // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- inherited names take the own-property check
  return !(key in Object.prototype) || Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A record's time that is not canonical UTC: an ISO time with its zone written is read directly (exact,
 * and fast); anything else, a zone-less time included, goes to the one time parser, which reads it in
 * UTC — never in the process zone.
 */
function readTime(text: string): number {
  const zoned = _parseZonedIsoTimestamp(text);
  // Stryker disable next-line ArrayDeclaration: the issues are not kept, so neither is their path
  return Number.isNaN(zoned) ? (_readInstant(text, "UTC", [], []) ?? Number.NaN) : zoned;
}

/** Epoch milliseconds of a Date, NaN for anything else (a revoked Proxy included). */
function dateTime(value: unknown): number {
  try {
    return value instanceof Date ? value.getTime() : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * A text equal for records with equal own fields, whatever their key order; unusable values read as one
 * marker. Keys that could reach a prototype are no data here either (merging never reads them), so a record
 * gets the same content, and the same derived id, whether or not it had to be copied first.
 */
function contentKey(record: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (_UNSAFE_KEYS.has(key)) continue;
    const value = _own(record, key);
    parts.push(key, value === undefined ? "u" : _jsonProblem(value) === null ? _keyOf(value) : "\u0000!");
  }
  return JSON.stringify(parts);
}

/**
 * Plain copies of the records (own enumerable fields read once), for records whose getters throw or that
 * are Proxies: what cannot be read is reported as `invalid_type`, and the record is left out.
 */
export function _readableCopies(records: readonly unknown[], issues: Issue[]): unknown[] {
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
        // Stryker disable next-line ConditionalExpression: every reader of the copy (contentKey, _collectCandidates) skips these keys too
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
export function _collectCandidates(rows: readonly _Row[], fields: _Fields, issues: Issue[]): _Collected {
  const collected: _Collected = new Map();
  for (let position = 0; position < rows.length; position++) {
    const row = rows[position] as _Row;
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
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a fast path; _jsonProblem gives every text, number and boolean the answer the branch below gives
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
      slot.candidates.push({ value, recordId: row.id, source: row.source, observedAt: row.time, key: _keyOf(value) });
    }
  }
  return collected;
}

/**
 * The comparison key of a value: texts equal ignoring case and spacing share one. A plain lower-case text
 * is its own key (no new string per candidate); other values are marked with a leading NUL, and so is a
 * text that itself starts with one, so keys of different kinds never collide.
 */
export function _keyOf(value: unknown): string {
  if (typeof value === "string") {
    const text = LOWER_NO_SPACE.test(value) ? value : value.trim().toLowerCase().replace(/\s+/g, " ");
    return text.charCodeAt(0) === 0 ? `\u0000s${text}` : text;
  }
  return `\u0000j${JSON.stringify(value)}`;
}
