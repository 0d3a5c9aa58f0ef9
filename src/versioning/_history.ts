import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { _plainObjects, _youngList } from "../shared/_young.js";
import { _describeProblem, _valueProblem } from "./_values.js";
import type { ErasureTombstone, HistoryEntry, ProfileHistory } from "./types.js";

const FORMAT = "profile-kit/history@1";

/**
 * Marks the histories versioning/ built itself (frozen, so nobody can change them after they were
 * checked): they skip validation. A module-private symbol on a non-enumerable, non-configurable property:
 * JSON, structuredClone and object spread all leave it behind, so a stored or copied history is checked
 * again; and a Proxy cannot claim a non-configurable property its target lacks. (A WeakSet would do too,
 * but adding to one costs about 1.5 µs per history in GC work, more than half an append.)
 */
const TRUSTED: unique symbol = Symbol("profile-kit.history");

function isTrusted(value: unknown): value is ProfileHistory {
  if (typeof value !== "object" || value === null) return false;
  try {
    const descriptor = Object.getOwnPropertyDescriptor(value, TRUSTED);
    return descriptor !== undefined && descriptor.configurable === false && descriptor.value === true;
  } catch {
    // A revoked proxy, or a trap that throws.
    return false;
  }
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * History entries and histories as plain objects made by `new`: a profile engine copies a stored history's
 * entries on every ingest that touches the profile, and an object literal's site learns from a batch
 * (`ingestMany`) to allocate them straight in the old generation, where dead ones keep their young values
 * alive through every young-generation collection (see shared/_young.ts).
 */
const PlainEntry = _plainObjects(function (this: Writable<HistoryEntry>, version: number, attribute: string, value: unknown, validAt: number, recordedAt: number, source: string | null): void {
  this.version = version;
  this.attribute = attribute;
  this.value = value;
  this.validAt = validAt;
  this.recordedAt = recordedAt;
  this.source = source;
});
const PlainHistory = _plainObjects(function (this: Writable<ProfileHistory>, profileId: string, entries: readonly HistoryEntry[], lastVersion: number, retainedFrom: number | null, redactions: ProfileHistory["redactions"], erased: ErasureTombstone | null): void {
  this.format = FORMAT;
  this.profileId = profileId;
  this.entries = entries;
  this.lastVersion = lastVersion;
  this.retainedFrom = retainedFrom;
  this.redactions = redactions;
  this.erased = erased;
});

/** A frozen history entry (not redacted). @internal */
export function _newEntry(version: number, attribute: string, value: unknown, validAt: number, recordedAt: number, source: string | null): HistoryEntry {
  return Object.freeze(new PlainEntry(version, attribute, value, validAt, recordedAt, source));
}

/** A new, empty history. @internal */
export function _emptyHistory(profileId: string): ProfileHistory {
  return _sealHistory(new PlainHistory(profileId, _youngList<HistoryEntry>(), 0, null, _youngList<ProfileHistory["redactions"][number]>(), null));
}

/**
 * Throws `invalid_options` unless `value` is a well-formed history; returns it unchanged. A history comes
 * back from a store, so it is untrusted input: every entry is checked (a linear pass, no recursion past
 * `MAX_VALUE_DEPTH`), except for histories this module built and froze, which are known good. The message
 * says what is wrong and where, never a value.
 *
 * @internal
 */
export function _checkHistory(functionName: string, value: unknown): ProfileHistory {
  if (isTrusted(value)) return value;
  let problem: string | null;
  try {
    problem = historyProblem(value);
  } catch {
    // A getter or a proxy trap threw while reading it.
    problem = "it could not be read";
  }
  if (problem !== null) {
    throw new ProfileKitError("invalid_options", `${functionName}: not a valid profile history (format "${FORMAT}", as appendChanges returns it): ${problem}.`);
  }
  return value as ProfileHistory;
}

/**
 * Like {@link _checkHistory}, for functions that build a new history from this one: the result is a frozen
 * copy made of fresh entries (unknown fields dropped, object values copied), so nothing the caller still
 * holds can change it later.
 *
 * @internal
 */
export function _ownedHistory(functionName: string, value: unknown): ProfileHistory {
  if (isTrusted(value)) return value;
  const history = _checkHistory(functionName, value);
  return _sealHistory(
    new PlainHistory(
      history.profileId,
      history.entries.map(_entry),
      history.lastVersion,
      history.retainedFrom,
      history.redactions.map((redaction) => Object.freeze({ attribute: redaction.attribute, at: redaction.at })),
      history.erased === null ? null : { erasedAt: history.erased.erasedAt, versionsErased: history.erased.versionsErased },
    ),
  );
}

/** A frozen entry holding only the fields of a history entry (a copy of a checked one). @internal */
export function _entry(entry: HistoryEntry): HistoryEntry {
  const { version, attribute, validAt, recordedAt, source } = entry;
  // Checked values are plain JSON within the depth limit: the copy cannot overflow.
  const value = typeof entry.value === "object" && entry.value !== null ? (JSON.parse(JSON.stringify(entry.value)) as unknown) : entry.value;
  return entry.redacted === true ? Object.freeze({ version, attribute, value, validAt, recordedAt, source, redacted: true as const }) : _newEntry(version, attribute, value, validAt, recordedAt, source);
}

/**
 * A sealed copy of `history` with some fields replaced. Written out field by field: spreading a frozen
 * object is V8's slow path, and this runs on every append.
 *
 * @internal
 */
export function _withHistory(history: ProfileHistory, changes: Partial<Pick<ProfileHistory, "entries" | "lastVersion" | "retainedFrom" | "redactions">>): ProfileHistory {
  return _sealHistory(
    new PlainHistory(
      history.profileId,
      changes.entries ?? history.entries,
      changes.lastVersion ?? history.lastVersion,
      changes.retainedFrom === undefined ? history.retainedFrom : changes.retainedFrom,
      changes.redactions ?? history.redactions,
      history.erased,
    ),
  );
}

/**
 * Freezes a history built here from frozen entries, and remembers it as checked. The history object, its
 * entries, redactions and tombstone are frozen. Two things are not: values (queries hand them out, and
 * every step that walks a value checks it first), and the entries array itself, because V8 reads frozen
 * arrays about a quarter slower and every query scans it (measured on a 1,000-version history). Histories
 * are typed read-only; code that writes into `entries` anyway is on its own.
 *
 * @internal
 */
export function _sealHistory(history: ProfileHistory): ProfileHistory {
  Object.freeze(history.redactions);
  if (history.erased !== null) Object.freeze(history.erased);
  Object.defineProperty(history, TRUSTED, { value: true });
  Object.freeze(history);
  return history;
}

/** Why `value` is not a history, or null. Reads every field once; may throw on hostile objects (the caller catches). */
function historyProblem(value: unknown): string | null {
  if (!isObject(value)) return "expected an object";
  const { format, profileId, entries, lastVersion, retainedFrom, redactions, erased } = value as Partial<Record<keyof ProfileHistory, unknown>>;
  if (format !== FORMAT) return `format is not "${FORMAT}"`;
  if (typeof profileId !== "string" || profileId.length === 0) return "profileId is not a non-empty string";
  if (!Array.isArray(entries)) return "entries is not an array";
  if (!isCount(lastVersion)) return "lastVersion is not a non-negative integer";
  if (retainedFrom !== null && !isTime(retainedFrom)) return "retainedFrom is neither null nor a time in epoch milliseconds";
  if (!Array.isArray(redactions)) return "redactions is not an array";
  for (let index = 0; index < redactions.length; index++) {
    const redaction: unknown = redactions[index];
    if (!isObject(redaction)) return `redactions[${index}] is not an object`;
    const { attribute, at } = redaction as { attribute?: unknown; at?: unknown };
    const problem = attributeProblem(attribute) ?? (isTime(at) ? null : "has an at that is not a time in epoch milliseconds");
    if (problem !== null) return `redactions[${index}] ${problem}`;
  }
  if (erased !== null) {
    if (!isObject(erased)) return "erased is neither null nor a tombstone object";
    const { erasedAt, versionsErased } = erased as Partial<Record<keyof ErasureTombstone, unknown>>;
    if (!isTime(erasedAt)) return "erased.erasedAt is not a time in epoch milliseconds";
    if (!isCount(versionsErased)) return "erased.versionsErased is not a non-negative integer";
    if (entries.length > 0) return "the profile is erased but entries remain";
  }
  let previousVersion = 0;
  let previousRecorded = -Infinity;
  for (let index = 0; index < entries.length; index++) {
    const entry: unknown = entries[index];
    const problem = entryProblem(entry, previousVersion, previousRecorded);
    if (problem !== null) return `entries[${index}] ${problem}`;
    previousVersion = (entry as HistoryEntry).version;
    previousRecorded = (entry as HistoryEntry).recordedAt;
  }
  if (lastVersion < previousVersion) return "lastVersion is below the version of the last entry";
  return null;
}

function entryProblem(entry: unknown, previousVersion: number, previousRecorded: number): string | null {
  if (!isObject(entry)) return "is not an entry object";
  const { version, attribute, value, validAt, recordedAt, source, redacted } = entry as Partial<Record<keyof HistoryEntry, unknown>>;
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 1) return "has a version that is not a positive integer";
  if (version <= previousVersion) return "has a version not above the one before it (entries are in version order)";
  const badAttribute = attributeProblem(attribute);
  if (badAttribute !== null) return badAttribute;
  if (!isTime(validAt)) return "has a validAt that is not a time in epoch milliseconds";
  if (!isTime(recordedAt)) return "has a recordedAt that is not a time in epoch milliseconds";
  if (recordedAt < previousRecorded) return "was recorded before the entry before it (entries are in recorded order)";
  if (source !== null && typeof source !== "string") return "has a source that is neither a string nor null";
  if (redacted !== undefined && redacted !== true) return "has a redacted flag that is not true";
  if (redacted === true && value !== null) return "is redacted but still holds a value";
  return valueProblem(value);
}

function attributeProblem(attribute: unknown): string | null {
  if (typeof attribute !== "string" || attribute.length === 0) return "has an attribute that is not a non-empty string";
  // The name is one of a fixed set, never customer data.
  if (_UNSAFE_KEYS.has(attribute)) return `has the attribute name "${attribute}", which could modify object prototypes`;
  return null;
}

function valueProblem(value: unknown): string | null {
  switch (typeof value) {
    case "string":
    case "boolean":
      return null;
    case "undefined":
      return "has no value (null says the attribute had none)";
    default: {
      const problem = _valueProblem(value);
      return problem === null ? null : `has a value that is not plain JSON (${_describeProblem(problem)})`;
    }
  }
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** Epoch milliseconds a Date can hold. */
function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= 8.64e15;
}

/** True when `a` decides the attribute over `b` at any time both apply: later valid time, then later version. @internal */
export function _outranks(a: HistoryEntry, b: HistoryEntry): boolean {
  return a.validAt > b.validAt || (a.validAt === b.validAt && a.version > b.version);
}

/** Index one past the last entry recorded at or before `recordedAt` (entries are in recorded order). @internal */
export function _recordedUpTo(entries: readonly HistoryEntry[], recordedAt: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((entries[mid] as HistoryEntry).recordedAt <= recordedAt) low = mid + 1;
    else high = mid;
  }
  return low;
}

// The value key has lived here; tests written against this module still import it from here.
export { _valueKey } from "./_values.js";
