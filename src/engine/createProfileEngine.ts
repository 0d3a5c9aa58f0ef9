import { _createIssue } from "../errors/_createIssue.js";
import type { Issue } from "../errors/issue.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own } from "../shared/_dict.js";
import { _hash32 } from "../shared/_hash.js";
import { _mapRecord, _schemaOf, type _SchemaData } from "../shared/_schema.js";
import type { TimeInput } from "../shared/types.js";
import { _blockingRules, _candidatePairs } from "../identity/_blocking.js";
import { _clusterLinks, type _Clustering, type _LinkColumns } from "../identity/_cluster.js";
import { _decisionOf } from "../identity/_decision.js";
import { _comparators } from "../identity/_comparators.js";
import { _customSpecsOf, _fromRows, _prepare, _rowOf, type _CustomSpec, type _FeatureRow, type _Prepared } from "../identity/_prepare.js";
import { _compileScorer, _TERM_FREQUENCY_FIELDS, _valueStatsOf, type _ValueStats } from "../identity/_score.js";
import { _settingsOf, type _Settings } from "../identity/_settings.js";
import { _resolvePrepared } from "../identity/resolveIdentities.js";
import { _evidenceOf, _linkEvidence, type _Evidence } from "./_evidence.js";
import type { MatchExplanation } from "../identity/explainMatch.js";
import type { MatchDecision } from "../identity/types.js";
import { _cleanseRecord, _Readings, _schemaCleanseSpec } from "../cleanse/cleanseRecord.js";
import { _rememberingPhones } from "../cleanse/normalizePhone.js";
import { mergeRecords } from "../merge/mergeRecords.js";
import type { GoldenProfile, MergePolicy } from "../merge/types.js";
import { appendChanges } from "../versioning/appendChanges.js";
import { redactValues } from "../versioning/eraseProfile.js";
import { personalize as personalizeProfile, type PersonalizeOptions } from "../fallback/personalize.js";
import type { CompiledSlots } from "../fallback/compileSlots.js";
import type { PersonalizeResult } from "../fallback/types.js";
import { profileAsOf, type ProfileAsOfQuery } from "../versioning/profileAsOf.js";
import type { ProfileHistory, ProfileSnapshot } from "../versioning/types.js";
import { _historyChanges as historyChanges } from "./_historyChanges.js";
import { _isList, _readAlias, _readBatch, _readHistory, _readMatchRecord, _readProfile, _readRecord, type _MatchRecord, type _StoredHistory, type _StoredProfile, type _StoredRecord, type AuditReason, type LineageEvent } from "./_docs.js";
import type { Schema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import { _IndexEntry } from "./_memberIndex.js";
import { _engineMetrics, _measuredStore } from "./_metrics.js";
import type { Meter } from "@opentelemetry/api";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { _plainObjects, _youngList, _youngListOf } from "../shared/_young.js";
import { _STANDARD_FIELDS } from "../shared/_schema.js";
import { _copyJson, _jsonProblem, _jsonProblemText } from "../shared/_jsonValue.js";
import { checkExpectations, isRecordExpectation, parseExpectations, type Expectation, type ExpectationReport } from "../monitoring/checkExpectations.js";
import { detectAnomalies, type AnomalyBaseline, type AnomalyReport, type DetectAnomaliesOptions } from "../monitoring/detectAnomalies.js";
import { observeBatch, type BatchSummary } from "../monitoring/observeBatch.js";
import type { ChangeSet, DocumentKind, IndexEntry, ProfileStore, SharedRefresh, SharedRefreshClaim, StoredDocument } from "./store.js";

export type { AuditReason, LineageEvent } from "./_docs.js";

/** What an audit log keeps of an erased record: not its key. */
const ERASED_RECORD = "(erased record)";

/** A lineage event without these record keys (the same event when it names none). */
function withoutKeys(e: LineageEvent, keys: ReadonlySet<string>): LineageEvent {
  const why = e.why !== undefined && (e.why.kind === "link" || e.why.kind === "assertion") && (keys.has(e.why.a) || keys.has(e.why.b)) ? { ...e.why, a: keys.has(e.why.a) ? ERASED_RECORD : e.why.a, b: keys.has(e.why.b) ? ERASED_RECORD : e.why.b } : e.why;
  const named = e.recordKey !== undefined && keys.has(e.recordKey);
  if (!named && why === e.why) return e;
  const { recordKey, ...rest } = e;
  return { ...rest, ...(named || recordKey === undefined ? {} : { recordKey }), ...(why === undefined ? {} : { why }) };
}

/** A JSON value whose lists no longer hold these strings (the same value when none does). */
function withoutStrings<V>(value: V, strings: ReadonlySet<string>): V {
  if (Array.isArray(value)) {
    let changed = false;
    const out: unknown[] = [];
    for (const item of value as unknown[]) {
      if (typeof item === "string" && strings.has(item)) {
        changed = true;
        continue;
      }
      const next = withoutStrings(item, strings);
      if (next !== item) changed = true;
      out.push(next);
    }
    return (changed ? out : value) as V;
  }
  if (typeof value !== "object" || value === null) return value;
  let out: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const next = withoutStrings(item, strings);
    if (next === item) continue;
    out ??= { ...(value as Record<string, unknown>) };
    Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return (out ?? value) as V;
}

/** What `ingest` did with a record. */
export type IngestOutcome = "created" | "joined" | "merged" | "updated" | "split" | "duplicate" | "stale" | "rejected";

/** The result of ingesting one record. */
export interface IngestResult {
  /** The record's key in the store: its source and id, `source:id` (the source percent-encoded); null when rejected without one. */
  readonly recordKey: string | null;
  /** The profile holding the record now, or null when rejected. */
  readonly profileId: string | null;
  readonly outcome: IngestOutcome;
  /** For `merged`: the profile ids merged into `profileId` (now its aliases). */
  readonly mergedFrom?: readonly string[];
  /** For `split`: the new profiles split off the record's former profile. */
  readonly splitInto?: readonly string[];
  /** Cleansing issues, and for `rejected` or `stale` why. */
  readonly issues: readonly Issue[];
}

/** Progress of `ingestMany`. */
export interface IngestProgress {
  readonly processed: number;
  readonly outcomes: Readonly<Record<IngestOutcome, number>>;
}

/** The summary of `ingestMany`. */
export interface IngestManyResult extends IngestProgress {
  /** Every rejected record: its position in the input and why. */
  readonly rejected: readonly { readonly index: number; readonly recordKey: string | null; readonly issues: readonly Issue[] }[];
  /** With `checks`: the batch's record, also stored (see `engine.batch(id)`). */
  readonly batch?: BatchRecord;
  /**
   * With `checks` and `onFail: "stop"`, when a `fail` check failed before commit: every input record, as
   * given, in input order — none was written. Nothing is lost: fix and ingest them again.
   */
  readonly quarantined?: readonly unknown[];
}

/** Data-quality checks on one `ingestMany` call (see profile-kit/monitoring). */
export interface IngestChecks {
  readonly expectations?: readonly Expectation[];
  /**
   * What a failing `fail` check does. `"stop"`: the record checks (completeness, validity, freshness,
   * volume) run on the whole input before anything is written, and a failure writes nothing (the input
   * comes back as `quarantined`; the input is held in memory until then). `"mark"` (default): records
   * are written batch by batch and the call's batch record is marked `quarantined`, naming every record
   * written, for the host to review or erase. Profile checks (uniqueness, relationships) read what was
   * written, so they can only mark.
   */
  readonly onFail?: "stop" | "mark";
  /** The previous call's `batch.anomalies.baseline` (or null for the first): flags shifts against it. */
  readonly baseline?: AnomalyBaseline | null;
  readonly anomalies?: Omit<DetectAnomaliesOptions, "at">;
}

/** One checked `ingestMany` call, as stored. */
export interface BatchRecord {
  readonly id: string;
  /** When the call ended (epoch ms). */
  readonly at: number;
  /**
   * `passed`; `warned` (a `warn` check failed, or an anomaly was flagged); `stopped` (nothing written);
   * `quarantined` (written and marked); `interrupted` (the input or the store failed midway: what was
   * written is named, the call threw).
   */
  readonly status: "passed" | "warned" | "stopped" | "quarantined" | "interrupted";
  readonly records: number;
  readonly checks: ExpectationReport;
  readonly summary: BatchSummary;
  /** Flags and the next baseline, when a baseline was given (null included). */
  readonly anomalies: AnomalyReport | null;
  /** For `quarantined` and `interrupted`: the keys of the records written (not duplicates, not stale ones). */
  readonly recordKeys: readonly string[];
}

/** The summary of `refresh`. */
export interface RefreshResult {
  readonly records: number;
  readonly profiles: number;
  /** Profiles whose members changed, by kind of change. */
  readonly merged: number;
  readonly split: number;
  readonly moved: number;
  readonly unchanged: number;
}

/** A profile as the engine answers it. */
export interface EngineProfile<T = Record<string, unknown>> {
  /** The profile's id now. */
  readonly id: string;
  /** The id asked for (an alias of `id` when they differ, after a merge). */
  readonly requestedId: string;
  readonly attributes: { readonly [K in keyof T]?: T[K] } & Readonly<Record<string, unknown>>;
  /** Where each attribute's value came from (as `mergeRecords` gives it). */
  readonly provenance: GoldenProfile["provenance"];
  /** Attributes on which sources disagree. */
  readonly conflicts: GoldenProfile["conflicts"];
  /** The keys of the records merged into it. */
  readonly recordKeys: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A profile's versions and lineage. */
export interface EngineHistory {
  readonly profileId: string;
  /** Versions of the golden attributes (bitemporal), or null before the first. */
  readonly history: ProfileHistory | null;
  /** Merges, splits, joins and moves, oldest first. */
  readonly lineage: readonly LineageEvent[];
}

/** What `erase` removed. */
export interface EraseResult {
  readonly profileId: string;
  readonly records: number;
  /** Ids of profiles merged into it earlier, erased with it. */
  readonly aliases: number;
}

/** Who decided (a reviewer's id, a service's name) and a note, kept in the audit log. */
export interface DecisionOptions {
  /** Who or what decided: at most 200 characters. Default `"unknown"`. */
  readonly by?: string;
  /** Why, in the decider's words: at most 2,000 characters. */
  readonly note?: string;
}

/** A profile's audit log: every creation, merge, split, assertion, override and erasure, oldest first. */
export interface AuditLog {
  /** The profile the id names now (an alias is followed), or the id itself when erased or unknown. */
  readonly profileId: string;
  /** Its events and those of the profiles merged into it. Empty for an id never seen. */
  readonly events: readonly LineageEvent[];
}

/** A pair of records the model is unsure about, for a person to decide (see `engine.reviewQueue`). */
export interface ReviewPair {
  readonly a: string;
  readonly b: string;
  /**
   * The match probability as `explain` weighs the pair now (with the store's value counts, as ingest
   * does). The pair was chosen by scoring every candidate pair with the whole store's value counts (as the
   * in-process refresh does) between `lower` and the link threshold; the two can differ a little.
   */
  readonly probability: number;
  readonly matchWeight: number;
  /** The profiles the two records are in now. */
  readonly profileIds: readonly [string, string];
  /** Record pairs whose standing a "same person" decision would change: the two profiles' sizes multiplied. */
  readonly impact: number;
  /** Field by field, why the model scored it so. */
  readonly explanation: MatchExplanation;
}

/** Options of `engine.reviewQueue`. */
export interface ReviewQueueOptions {
  /** Lowest match probability shown. Default 0.5. */
  readonly lower?: number;
  /** Most pairs answered. Default 50, at most 10,000. */
  readonly limit?: number;
}

/** A record named by its key (`source:id`) or by source and id (read as `ingest` reads them: trimmed, a finite number as its text). */
export type RecordRef = string | { readonly source: string | number; readonly id: string | number };

/** Options of {@link createProfileEngine}. */
export interface ProfileEngineOptions<T> {
  readonly schema: Schema<T>;
  /** Where profiles live. Default: a new `memoryStore()`. */
  readonly store?: ProfileStore;
  /** The clock (recorded times). Default: the system clock. */
  readonly now?: () => TimeInput;
  /** Attempts of one operation when another writer changed what it read. Default 8. */
  readonly maxAttempts?: number;
  /**
   * Where the engine's metrics go (an OpenTelemetry `Meter`). Default: the global MeterProvider's meter
   * `"profile-kit"` — a no-op unless the host registers a provider. See the README's Monitoring section.
   */
  readonly meter?: Meter;
}

/** A profile engine: unified, versioned profiles over a store, fed one record or a batch at a time. */
export interface ProfileEngine<T = Record<string, unknown>> {
  readonly store: ProfileStore;
  ingest(record: unknown): Promise<IngestResult>;
  /**
   * Many records, read from an array, an iterable or an async iterable (a stream), written in batches of
   * `batchSize` (default 1,000): each batch of new records is resolved together and committed at once;
   * records seen before, and any batch meeting a concurrent writer, take the one-record path.
   */
  ingestMany(records: Iterable<unknown> | AsyncIterable<unknown>, options?: { readonly onProgress?: (progress: IngestProgress) => void; readonly progressEvery?: number; readonly batchSize?: number; readonly checks?: IngestChecks }): Promise<IngestManyResult>;
  /** A checked `ingestMany` call's record, or null. */
  batch(id: string): Promise<BatchRecord | null>;
  /** Every checked call's record, in id (= time) order. */
  batches(): AsyncIterable<BatchRecord>;
  /**
   * Re-resolves every stored record and applies only the differences (merges, splits, moves). On a store
   * with `sharedRefresh` (PostgreSQL) the work is shared: every `refresh()` running at the same time, in
   * any process, joins one run and returns its totals, and none holds all records. Otherwise the batch
   * path runs in this process.
   */
  refresh(): Promise<RefreshResult>;
  getProfile(profileId: string): Promise<EngineProfile<T> | null>;
  /** Every profile, in id order, read page by page (for a batch send or an export). */
  profiles(options?: { readonly pageSize?: number }): AsyncIterable<EngineProfile<T>>;
  profileOf(record: RecordRef): Promise<EngineProfile<T> | null>;
  profileAsOf(profileId: string, query?: ProfileAsOfQuery): Promise<ProfileSnapshot | null>;
  history(profileId: string): Promise<EngineHistory | null>;
  /**
   * The profile's personalization with the schema's slots (`personalize` of profile-kit/fallback, whose
   * options it takes), or null for an unknown profile. `invalid_options` when the schema has no slots.
   */
  personalize(profileId: string, options?: PersonalizeOptions): Promise<PersonalizeResult | null>;
  /**
   * Why two stored records are (or are not) linked: `explainMatch`'s answer over the stored records, with
   * the store's value counts and, for the shared-value guard, the records of the pair's blocks. A pair
   * asserted to match or not (`assert`) is decided by the assertion: `decidedBy` `{ kind: "assertion" }`,
   * `linked` as asserted, the weights still the model's.
   */
  explain(a: RecordRef, b: RecordRef): Promise<MatchExplanation>;
  /**
   * A person's decision on two records: the same person (`true`, must-link) or not (`false`, cannot-link).
   * Stored with the records and honoured by every later ingest and refresh; recorded in the audit log
   * with `by` and `note`.
   */
  assert(a: RecordRef, b: RecordRef, match: boolean, options?: DecisionOptions): Promise<{ readonly profileIds: readonly string[] }>;
  /**
   * Pairs of records in different profiles that the model scored between `lower` and the link threshold,
   * with their explanations, the most consequential first (the largest profiles a "same person" decision
   * would join). Decide them with `assert`; asserted pairs are not offered again. Reads every record (as
   * the in-process refresh does).
   */
  reviewQueue(options?: ReviewQueueOptions): Promise<readonly ReviewPair[]>;
  /**
   * Sets an attribute of a profile by hand (a support agent's correction): it wins over the records'
   * values until removed (`value` undefined), survives merges (the surviving profile's win) and refreshes,
   * and is recorded in the history and in the audit log (attribute and who, never the value). The
   * profile as it is now, or null for an unknown profile.
   */
  override(profileId: string, attribute: string, value: unknown, options?: DecisionOptions): Promise<EngineProfile<T> | null>;
  /** The audit log of a profile: merges, splits, assertions, overrides and erasure, who decided and why. */
  audit(profileId: string): Promise<AuditLog>;
  /**
   * Erases a profile: records, history, aliases; a tombstone per record refuses them later; the audit log
   * keeps the erasure. Profiles its records belonged to before lose the person's values from their
   * histories (redacted, unless their own records give the same value) and the records' keys from their
   * audit logs; other records' assertions and batch records forget the keys.
   */
  erase(profileId: string, options?: DecisionOptions): Promise<EraseResult | null>;
  close(): Promise<void>;
}

const OUTCOMES: readonly IngestOutcome[] = ["created", "joined", "merged", "updated", "split", "duplicate", "stale", "rejected"];
/** Candidates scored per record at most: the nearest blocks first. */
const MAX_CANDIDATES = 2_000;
/**
 * How far below the link threshold (in bits of match weight) a new record's score against a candidate may
 * fall for the candidate's profile still to be loaded and weighed with it. Scored among the candidates
 * alone, a pair can only weigh a little more or less than among their whole profiles (the statistics of
 * more rows may call a value shared), never by anything near a thousandfold in odds.
 */
const NEAR_LINK_BITS = 10;
const MAX_ALIAS_HOPS = 64;
/** The longest id and source (in characters, trimmed) a record key holds. */
const MAX_ID_LENGTH = 1000;
const MAX_SOURCE_LENGTH = 200;
/** How `explain` says an assertion decided a pair. */
const ASSERTION: MatchDecision = Object.freeze({ kind: "assertion" });
/** The erasure-kind key prefix of a profile's erasure event (records' tombstones are hashes: no colon). */
const ERASED_PROFILE = "profile:";
/** How long a claimed task of a shared refresh stays its participant's before another may take it. */
const SHARED_REFRESH_LEASE_MS = 10 * 60_000;
/** How often a participant waiting for others' tasks asks again. */
const SHARED_REFRESH_POLL_MS = 200;

/** A short, stable hash of a text (two FNV-1a halves): keys in the store never hold raw personal data. */
function hashKey(text: string): string {
  return _hash32(text).toString(36) + _hash32(text, 0x01000193).toString(36);
}

/** A record's id or source as its key holds it: a non-empty text, trimmed, or a finite number's text (as the missing_key issue says). */
function keyPart(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : typeof value === "number" && Number.isFinite(value) ? String(value) : null;
}

/** The store key of a record: its source (percent-encoded, so `:` cannot appear in it) and its id, read as ingest reads them. */
export function recordKeyOf(ref: RecordRef): string {
  if (typeof ref === "string") {
    if (ref.indexOf(":") <= 0) throw new ProfileKitError("invalid_options", `profile engine: ${JSON.stringify(ref.slice(0, 80))} is not a record key (source:id); pass { source, id } instead.`);
    return ref;
  }
  let source: unknown;
  let id: unknown;
  try {
    const given = ref as unknown as { readonly source?: unknown; readonly id?: unknown } | null;
    if (typeof given === "object" && given !== null) ({ source, id } = given);
  } catch {
    // An unreadable object names no record.
  }
  const sourcePart = keyPart(source);
  const idPart = keyPart(id);
  if (sourcePart === null || idPart === null) throw new ProfileKitError("invalid_options", "profile engine: a record is named by its key (\"source:id\") or by { source, id }.");
  return `${encodeURIComponent(sourcePart)}:${idPart}`;
}

interface Prepared {
  readonly key: string;
  readonly id: string;
  readonly source: string;
  readonly observedAt: number | null;
  readonly contentHash: string;
  readonly record: Readonly<Record<string, unknown>>;
  readonly features: _FeatureRow;
  readonly blockingKeys: readonly string[];
  /**
   * Each blocking key's size cap (its rule's, as the batch path applies it): a larger block is skipped,
   * so neither path compares the members of a broad block (a common surname, a birth date).
   */
  readonly blockCaps: ReadonlyMap<string, number>;
  readonly counterKeys: readonly string[];
  readonly issues: readonly Issue[];
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A prepared record, made by `new`: every ingest makes one, and an object literal's site learns from
 * `ingestMany` (whose batches keep them alive) to allocate straight in the old generation, where a dead one
 * keeps its young record, features and keys alive through every young-generation collection until the next
 * full one (see shared/_young.ts). Positional: an object literal of fields would be a site of its own.
 */
const PreparedRecord = _plainObjects(function (this: Writable<Prepared>, key: string, id: string, source: string, observedAt: number | null, contentHash: string, record: Readonly<Record<string, unknown>>, features: _FeatureRow, blockingKeys: readonly string[], blockCaps: ReadonlyMap<string, number>, counterKeys: readonly string[], issues: readonly Issue[]): void {
  this.key = key;
  this.id = id;
  this.source = source;
  this.observedAt = observedAt;
  this.contentHash = contentHash;
  this.record = record;
  this.features = features;
  this.blockingKeys = blockingKeys;
  this.blockCaps = blockCaps;
  this.counterKeys = counterKeys;
  this.issues = issues;
});

/** A change set being built, as a class: it holds everything an ingest writes (see shared/_young.ts). */
class ChangeLists {
  readonly put = _youngList<ChangeSet["put"][number]>();
  readonly delete = _youngList<ChangeSet["delete"][number]>();
  readonly expect = _youngList<ChangeSet["expect"][number]>();
  readonly index = _youngList<ChangeSet["index"][number]>();
  readonly increment = _youngList<ChangeSet["increment"][number]>();
}

type Put = ChangeSet["put"][number];

type Overrides = NonNullable<_StoredProfile["overrides"]>;
/** A profile document, plain and young (see shared/_young.ts): it holds the golden attributes and record keys. */
const ProfileDocument = _plainObjects(function (this: Writable<_StoredProfile>, id: string, createdAt: number, updatedAt: number, recordKeys: readonly string[], attributes: Readonly<Record<string, unknown>>, absorbed: readonly string[], overrides: Overrides | null): void {
  this.id = id;
  this.createdAt = createdAt;
  this.updatedAt = updatedAt;
  this.recordKeys = recordKeys;
  this.attributes = attributes;
  this.absorbed = absorbed;
  if (overrides !== null) this.overrides = overrides;
});

/** A document to write, a version expected and a history document: plain objects, made young (shared/_young.ts). */
const PutItem = _plainObjects(function (this: Writable<Put>, kind: DocumentKind, key: string, value: unknown): void {
  this.kind = kind;
  this.key = key;
  this.value = value;
});
const ExpectedVersion = _plainObjects(function (this: { kind: DocumentKind; key: string; version: number }, kind: DocumentKind, key: string, version: number): void {
  this.kind = kind;
  this.key = key;
  this.version = version;
});
const HistoryDocument = _plainObjects(function (this: Writable<_StoredHistory>, history: ProfileHistory | null, lineage: readonly LineageEvent[]): void {
  this.history = history;
  this.lineage = lineage;
});

/**
 * Documents of one kind from a store, checked: one answer per key, each absent (null) or with a valid
 * version. Every read of the engine goes through here; the documents' values are checked by `_read*`.
 */
async function readDocuments(store: ProfileStore, kind: DocumentKind, keys: readonly string[]): Promise<(StoredDocument | null)[]> {
  if (keys.length === 0) return [];
  const docs = await guard("get", () => store.get(kind, keys));
  if (!_isList(docs) || docs.length !== keys.length) throw new ProfileKitError("store_failure", `profile engine: the store's get answered ${_isList(docs) ? docs.length : typeof docs} documents for ${keys.length} keys.`);
  return keys.map((key, k) => {
    const doc: StoredDocument | null | undefined = docs[k];
    if (doc == null) return null;
    if (typeof doc !== "object" || !Number.isInteger(doc.version) || doc.version < 1) throw new ProfileKitError("store_failure", `profile engine: the store returned a document without a valid version for ${kind} ${JSON.stringify(key)}.`);
    return doc;
  });
}

/** Reads of one attempt, with their versions, for the commit's expectations. */
class Session {
  /** Versions read, by kind, then key (not by a joined "kind:key": a string made for every key read). */
  private readonly versions = new Map<DocumentKind, Map<string, number>>();
  readonly records = new Map<string, _StoredRecord | null>();
  readonly profiles = new Map<string, _StoredProfile | null>();
  readonly histories = new Map<string, _StoredHistory | null>();
  constructor(private readonly store: ProfileStore) {}

  private async read(kind: DocumentKind, keys: readonly string[]): Promise<(StoredDocument | null)[]> {
    const docs = await readDocuments(this.store, kind, keys);
    let versions = this.versions.get(kind);
    if (versions === undefined) {
      versions = new Map();
      this.versions.set(kind, versions);
    }
    for (let k = 0; k < keys.length; k++) versions.set(keys[k] as string, docs[k]?.version ?? 0);
    return docs;
  }

  /** Reads what the cache does not hold yet, checking each value with `parse`. */
  private async load<V>(kind: DocumentKind, cache: Map<string, V | null>, keys: readonly string[], parse: (key: string, value: unknown) => V): Promise<void> {
    const missing = [...new Set(keys)].filter((key) => !cache.has(key));
    const docs = await this.read(kind, missing);
    missing.forEach((key, k) => {
      const doc = docs[k];
      cache.set(key, doc == null ? null : parse(key, doc.value));
    });
  }

  recordsOf(keys: readonly string[]): Promise<void> {
    return this.load("record", this.records, keys, _readRecord);
  }

  profilesOf(ids: readonly string[]): Promise<void> {
    return this.load("profile", this.profiles, ids, _readProfile);
  }

  historiesOf(ids: readonly string[]): Promise<void> {
    return this.load("history", this.histories, ids, _readHistory);
  }

  async exists(kind: DocumentKind, keys: readonly string[]): Promise<boolean[]> {
    return (await this.read(kind, keys)).map((doc) => doc !== null);
  }

  /** The version a document had when this session read it; undefined when it did not read it. */
  versionOf(kind: DocumentKind, key: string): number | undefined {
    return this.versions.get(kind)?.get(key);
  }

  expectation(kind: DocumentKind, key: string): { kind: DocumentKind; key: string; version: number } {
    return new ExpectedVersion(kind, key, this.versionOf(kind, key) ?? 0);
  }
}

/** An index entry's version, checked: a store that answers none is malformed. */
function indexVersion(entry: { readonly version?: unknown }): number {
  const version = entry.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 0) throw new ProfileKitError("store_failure", "profile engine: an index entry without a valid version.");
  return version;
}

async function guard<T>(what: string, call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ProfileKitError) throw error;
    throw new ProfileKitError("store_failure", `profile engine: the store's ${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function readTime(value: TimeInput): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new ProfileKitError("invalid_options", "profile engine: the clock gave no valid time.");
  return ms;
}

/**
 * Creates a profile engine: records go in one at a time (`ingest`) or in batches (`ingestMany`), are
 * cleansed, matched against the profiles in the store and merged into golden profiles with a versioned
 * history; `refresh` re-resolves everything with the batch path and applies only the differences. Profile
 * ids are stable: a merge keeps the oldest profile's id (the others become aliases), a split keeps it for
 * the part holding the oldest record. Every write is one atomic commit guarded by the versions it read.
 *
 * @param options - the schema, and optionally the store (default `memoryStore()`) and clock
 * @returns the engine
 * @throws ProfileKitError `invalid_options` for a value that is not a schema or a store
 * @example
 * ```ts
 * const engine = createProfileEngine({ schema });
 * const { profileId, outcome } = await engine.ingest({ id: "c-1", source: "crm", email: "ann@example.com" });
 * const profile = await engine.getProfile(profileId!);
 * ```
 */
export function createProfileEngine<T>(options: ProfileEngineOptions<T>): ProfileEngine<T> {
  if (typeof options !== "object" || (options as unknown) === null) throw new ProfileKitError("invalid_options", "createProfileEngine: options must be an object with a schema.");
  const data = _schemaOf(options.schema);
  if (data === null) throw new ProfileKitError("invalid_options", "createProfileEngine: options.schema must be a schema made by defineSchema.");
  const unknown = Object.keys(options).filter((key) => !["schema", "store", "now", "maxAttempts", "meter"].includes(key));
  if (unknown.length > 0) throw new ProfileKitError("invalid_options", `createProfileEngine: unknown option ${JSON.stringify(unknown[0])} (expected schema, store, now, maxAttempts, meter).`);
  const given = options.store ?? memoryStore();
  if (options.meter !== undefined && (typeof options.meter !== "object" || (options.meter as unknown) === null || typeof options.meter.createCounter !== "function")) throw new ProfileKitError("invalid_options", "createProfileEngine: options.meter must be an OpenTelemetry Meter (meterProvider.getMeter(...)).");
  const telemetry = _engineMetrics(options.meter, data.sources, data.custom.map((field) => field.name), Object.keys((options.schema.spec as { slots?: object }).slots ?? {}));
  const store = _measuredStore(given, telemetry);
  for (const method of ["get", "members", "counters", "scan", "commit"] as const) {
    if (typeof (given as unknown as Record<string, unknown>)[method] !== "function") throw new ProfileKitError("invalid_options", `createProfileEngine: options.store has no ${method} method (see ProfileStore).`);
  }
  const clock = options.now ?? (() => Date.now());
  const maxAttempts = options.maxAttempts ?? 8;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 1000) throw new ProfileKitError("invalid_options", "createProfileEngine: options.maxAttempts must be an integer from 1 to 1000.");
  const schemaData: _SchemaData = data;
  const policy = (schemaData.merge ?? undefined) as MergePolicy | undefined;
  // Identity's settings from the schema, resolved once (an empty run validates them).
  const settings: _Settings = _settingsOf("createProfileEngine", [], { schema: options.schema });
  const customFields = Object.fromEntries(schemaData.custom.map(({ name, kind, tolerance, block, identifier, levels }) => [name, { kind, tolerance: tolerance ?? 0, block: block ?? false, identifier: identifier ?? false, ...(levels === undefined ? {} : { levels }) }]));
  const prepareOptions = { idField: "id", sourceField: "source", fields: {}, customFields, defaultCountry: schemaData.defaultCountry, dateOrder: schemaData.dateOrder, customerIdFormat: settings.customerIdFormat };
  const custom: readonly _CustomSpec[] = _customSpecsOf(_prepare("createProfileEngine", [], prepareOptions));
  let lastNow = -Infinity;
  const now = (): number => {
    // Recorded times never go backwards: histories refuse changes recorded out of order.
    lastNow = Math.max(lastNow, readTime(clock()));
    return lastNow;
  };

  // ---------------------------------------------------------------- one record, prepared once

  type Rejected = { readonly rejected: readonly Issue[]; readonly key: string | null };
  interface Staged {
    readonly mapped: Record<string, unknown>;
    readonly id: string;
    readonly source: string;
    readonly key: string;
  }

  /** The record's key from its mapped id and source, or why it has none. */
  function stage(mapped: Record<string, unknown>): Staged | Rejected {
    const idValue = mapped["id"];
    const sourceValue = mapped["source"];
    const id = keyPart(idValue);
    const source = keyPart(sourceValue);
    if (id === null) return { rejected: [_createIssue("missing_key", [schemaData.idColumn], { field: "id" })], key: null };
    if (id.length > MAX_ID_LENGTH) return { rejected: [_createIssue("missing_key", [schemaData.idColumn], { field: "id", length: id.length, maximum: MAX_ID_LENGTH })], key: null };
    if (source === null) return { rejected: [_createIssue("missing_key", [schemaData.sourceColumn], { field: "source" })], key: null };
    if (source.length > MAX_SOURCE_LENGTH) return { rejected: [_createIssue("missing_key", [schemaData.sourceColumn], { field: "source", length: source.length, maximum: MAX_SOURCE_LENGTH })], key: null };
    return { mapped, id, source, key: `${encodeURIComponent(source)}:${id}` };
  }

  /**
   * Cleansing, match features, blocking keys and value-counter keys of staged records. Identity's features
   * are computed for the whole list at once (one pass of identity's preparation, its rules and comparators).
   */
  function prepareMany(staged: readonly Staged[]): (Prepared | Rejected)[] {
    try {
      return prepareAll(staged);
    } catch (error) {
      // A record's own (a host hook such as customerIdFormat threw for its value, or it could not be read)
      // is an issue of that record; anything else is thrown on.
      if (error instanceof ProfileKitError && error.code !== "invalid_options") throw error;
      // One record's failure must not cost the others: prepared one by one.
      if (staged.length > 1) return staged.map((one) => prepareMany([one])[0] as Prepared | Rejected);
      const cause = error instanceof ProfileKitError && error.cause instanceof Error ? ` (${error.cause.message})` : "";
      // The message names the function that threw ("ingest: customerIdFormat threw …"): the issue says what failed, not where.
      const issue = error instanceof ProfileKitError ? _createIssue("hook_failed", [], { message: `${error.message.replace(/^\w+: /, "").replace(/\.$/, "")}${cause}.` }) : _createIssue("invalid_type", [], { expected: "object", received: "unreadable object" });
      return staged.map((one) => ({ rejected: [issue], key: one.key }));
    }
  }

  function prepareAll(staged: readonly Staged[]): Prepared[] {
    // Identity's preparation reads the batch's phone numbers, then cleansing reads them again: kept between.
    return _rememberingPhones(() => prepareBatch(staged));
  }

  function prepareBatch(staged: readonly Staged[]): Prepared[] {
    const spec = _schemaCleanseSpec(options.schema, schemaData);
    // Names, cities, countries and short texts repeat across a batch: read once (as cleanseRecords does).
    const readings = new _Readings();
    // Positions as ids, so the same key twice in one list is no duplicate for identity's preparation.
    const p = _prepare("ingest", staged.map((s, k) => ({ ...s.mapped, id: `#${k}`, source: s.source })), prepareOptions);
    const rowOf = new Map<number, number>();
    for (let i = 0; i < p.n; i++) rowOf.set(Number((p.ids[i] as string).slice(1)), i);
    const rules = _blockingRules(p);
    const comparators = _comparators(p).filter((c) => c.value !== null && _TERM_FREQUENCY_FIELDS.has(c.field));
    return staged.map((s, k) => {
      const i = rowOf.get(k) as number;
      const cleansed = _cleanseRecord({ ...s.mapped, id: s.id, source: s.source }, spec, readings);
      const record = cleansed.record;
      const blockCaps = blockCapsOf(rules, i);
      const counterKeys = _youngList<string>();
      for (const comparator of comparators) {
        const value = (comparator.value as (row: number) => string | null)(i);
        if (value !== null) counterKeys.push(`present:${comparator.field}`, `tf:${comparator.field}:${hashKey(value)}`);
      }
      const observed = record["updatedAt"];
      const observedAt = typeof observed === "string" ? Date.parse(observed) : typeof observed === "number" ? observed : Number.NaN;
      return new PreparedRecord(s.key, s.id, s.source, Number.isFinite(observedAt) ? observedAt : null, hashKey(JSON.stringify(record)), record, { ..._rowOf(p, i), id: s.key }, [...blockCaps.keys()].sort(), blockCaps, counterKeys, cleansed.issues);
    });
  }

  /** A prepared row's blocking keys, each with its rule's block-size cap. */
  function blockCapsOf(rules: ReturnType<typeof _blockingRules>, i: number): Map<string, number> {
    const blockCaps = new Map<string, number>();
    for (const rule of rules) {
      const cap = Math.min(settings.maxBlockSize, rule.maxBlockSize ?? Number.POSITIVE_INFINITY);
      rule.keys(i, (part, second) => blockCaps.set(`b:${hashKey(`${rule.name}\u0001${part}\u0001${second ?? ""}`)}`, cap));
    }
    return blockCaps;
  }

  /** Maps and validates one input; the key it will be stored under, or why it is rejected. */
  async function stageInput(raw: unknown): Promise<Staged | Rejected> {
    const unreadable = { rejected: [_createIssue("invalid_type", [], { expected: "object", received: "unreadable object" })], key: null };
    let mapped: Record<string, unknown>;
    try {
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { rejected: [_createIssue("invalid_type", [], { expected: "object", received: raw === null ? "null" : Array.isArray(raw) ? "array" : typeof raw })], key: null };
      mapped = _mapRecord(schemaData, raw as Record<string, unknown>);
    } catch {
      return unreadable;
    }
    if (schemaData.validator !== null) {
      let result: { issues?: readonly { message: string; path?: readonly unknown[] }[] };
      try {
        result = (await schemaData.validator["~standard"].validate(raw)) as typeof result;
      } catch (error) {
        return { rejected: [_createIssue("schema_mismatch", [], { message: `the validator threw: ${error instanceof Error ? error.message : "a non-error"}` })], key: null };
      }
      if (result.issues !== undefined && result.issues.length > 0) {
        const first = result.issues[0] as { message: string; path?: readonly unknown[] };
        const where = first.path === undefined || first.path.length === 0 ? "" : `${first.path.map((segment) => (typeof segment === "object" && segment !== null && "key" in segment ? String((segment).key) : String(segment))).join(".")}: `;
        return { rejected: [_createIssue("schema_mismatch", [], { message: `${where}${first.message}` })], key: null };
      }
    }
    try {
      return stage(mapped);
    } catch {
      return unreadable;
    }
  }

  // ---------------------------------------------------------------- statistics

  async function statsFor(prepared: Pick<Prepared, "counterKeys" | "features"> | null, p: _Prepared, isNew: boolean): Promise<_ValueStats> {
    return statsWith(await countersOf(prepared), prepared, p, isNew, null);
  }

  /** The store's counters of these keys, each checked to be a finite number. */
  async function countersAt(keys: readonly string[]): Promise<Map<string, number>> {
    const values = await guard("counters", () => store.counters(keys));
    if (!_isList(values) || values.length !== keys.length || values.some((v) => !Number.isFinite(v))) throw new ProfileKitError("store_failure", "profile engine: the store's counters answered something other than one number per key.");
    return new Map(keys.map((key, k) => [key, values[k] as number]));
  }

  /** The store's counters a record's statistics read: the record count and its values' counts. */
  function countersOf(prepared: Pick<Prepared, "counterKeys"> | null): Promise<ReadonlyMap<string, number>> {
    // Stryker disable next-line ArrayDeclaration: a key no record counts reads 0, as an absent one does
    return countersAt(["n", ...(prepared?.counterKeys ?? [])]);
  }

  /**
   * The statistics of rows `p` with the store's counters; with `wider`, a value is also shared when it is
   * shared among the rows `wider` was computed over (rows considered first and since set aside).
   */
  function statsWith(counter: ReadonlyMap<string, number>, prepared: Pick<Prepared, "counterKeys" | "features"> | null, p: _Prepared, isNew: boolean, wider: _ValueStats["shared"] | null): _ValueStats {
    const add = isNew ? 1 : 0;
    const local = _valueStatsOf(p, settings.maxPeoplePerValue);
    const own = new Map<string, string>();
    if (prepared !== null) {
      // The record's own values, read from its row of `p` (every caller's rows include the record).
      const row = p.ids.indexOf(prepared.features.id);
      for (const comparator of _comparators(p)) {
        const value = comparator.value?.(row) ?? null;
        if (value !== null) own.set(comparator.field, value);
      }
    }
    return {
      n: Math.max(p.n, (counter.get("n") ?? 0) + add),
      present: (field) => Math.max(local.present(field), (counter.get(`present:${field}`) ?? 0) + (own.has(field) ? add : 0)),
      count: (field, value) => (own.get(field) === value ? Math.max(1, (counter.get(`tf:${field}:${hashKey(value)}`) ?? 0) + add) : local.count(field, value)),
      shared: wider === null ? local.shared : (field, value) => local.shared(field, value) || wider(field, value),
    };
  }

  /**
   * The candidates a new record may link: each scored against the record with the statistics of the
   * record and all candidates, kept when a rule links them or the model's weight is within
   * `NEAR_LINK_BITS` of the link threshold. The profiles of the others are not loaded: the record does not
   * join them, and nothing else about them changes. Also what the statistics of those rows say is shared.
   */
  function nearCandidates(self: _StoredRecord, candidates: readonly _StoredRecord[], counter: ReadonlyMap<string, number>, prepared: Prepared): { near: _StoredRecord[]; shared: _ValueStats["shared"] } {
    const rows = new Map(candidates.map((r) => [r.key, r]));
    rows.set(self.key, self);
    const p = localRows(rows);
    const stats = statsWith(counter, prepared, p, true, null);
    const scorer = _compileScorer(p, settings.model, settings.maxPeoplePerValue, stats);
    const rowOf = new Map(p.ids.map((id, i) => [id, i]));
    const f = rowOf.get(self.key) as number;
    const floor = Math.log2(settings.threshold / (1 - settings.threshold)) - NEAR_LINK_BITS;
    const near = candidates.filter((r) => {
      const j = rowOf.get(r.key) as number;
      if (!pairable(p, f, j)) return false;
      const score = scorer.score(Math.min(f, j), Math.max(f, j));
      return !score.decidedBy.startsWith("veto:") && (score.decidedBy !== "model" || score.matchWeight >= floor);
    });
    return { near, shared: stats.shared };
  }

  // ---------------------------------------------------------------- local resolution

  /** Whether two rows may be linked by their score: in link mode (`mode: "link"`) only across sources, as the batch path pairs them. */
  function pairable(p: _Prepared, i: number, j: number): boolean {
    return !settings.linkOnly || p.source[i] == null || p.source[i] !== p.source[j];
  }

  /** The clusters of a clustering, as lists of the rows' ids (record keys); what the guards cut is counted. */
  function clustered(p: _Prepared, clustering: _Clustering): string[][] {
    telemetry.guards(clustering);
    const byRoot = new Map<number, string[]>();
    for (let i = 0; i < p.n; i++) {
      const root = clustering.find(i);
      const list = byRoot.get(root);
      if (list === undefined) byRoot.set(root, _youngListOf(p.ids[i] as string));
      else list.push(p.ids[i] as string);
    }
    return [...byRoot.values()];
  }

  /** The features of records considered together, prepared once, in key order (as local clustering needs them). */
  function localRows(records: ReadonlyMap<string, _StoredRecord>): _Prepared {
    const rows = [...records.values()].map((r) => r.features).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return _fromRows(rows, custom);
  }

  interface Plan {
    /** Final clusters of the rows considered, as record keys. */
    readonly clusters: readonly (readonly string[])[];
    /** The links weighed, for the audit log's reasons. */
    readonly evidence: _Evidence;
  }

  /** What the audit log records of a change: who decided, and the links or assertion behind it. */
  interface Audit {
    readonly cause: LineageEvent["cause"];
    readonly by: string;
    readonly evidence?: _Evidence;
    readonly assertion?: Extract<AuditReason, { kind: "assertion" }>;
  }

  /**
   * Clusters records locally: the existing profiles in `groups` stand as they are, links are weighed
   * between `focus` records and all others, and among the `loose` records (whose links are re-evaluated).
   */
  function clusterLocally(p: _Prepared, stats: _ValueStats, groups: readonly (readonly string[])[], focus: ReadonlySet<string>, loose: ReadonlySet<string>, assertions: readonly { a: string; b: string; match: boolean }[]): Plan {
    const indexOf = new Map(p.ids.map((id, i) => [id, i]));
    const scorer = _compileScorer(p, settings.model, settings.maxPeoplePerValue, stats);
    const scored: _LinkColumns = { linkI: [], linkJ: [], linkP: [], linkW: [], linkBy: [] };
    const consider = (i: number, j: number): void => {
      if (!pairable(p, i, j)) return;
      const a = Math.min(i, j);
      const b = Math.max(i, j);
      const score = scorer.score(a, b);
      if (score.decidedBy.startsWith("veto:")) return;
      if (score.decidedBy === "model" && score.probability < settings.threshold) return;
      scored.linkI.push(a);
      scored.linkJ.push(b);
      scored.linkP.push(score.probability);
      scored.linkW.push(score.matchWeight);
      scored.linkBy.push(score.decidedBy);
    };
    const focusRows = [...focus].map((key) => indexOf.get(key)).filter((i): i is number => i !== undefined);
    const looseRows = [...loose].map((key) => indexOf.get(key)).filter((i): i is number => i !== undefined);
    const looseSet = new Set(looseRows);
    // Past the last row nothing is read and nothing links; a record weighed with itself, or a pair weighed
    // twice, adds only a link its cluster already has: the bounds and filters below save work, no more.
    // Stryker disable next-line EqualityOperator,ConditionalExpression,LogicalOperator: see above
    for (const f of focusRows) for (let j = 0; j < p.n; j++) if (j !== f && !(focus.has(p.ids[j] as string) && j < f)) consider(f, j);
    // Stryker disable next-line EqualityOperator,ConditionalExpression,LogicalOperator,ArithmeticOperator: see above
    for (let x = 0; x < looseRows.length; x++) for (let y = x + 1; y < looseRows.length; y++) if (!focus.has(p.ids[looseRows[x] as number] as string) && !focus.has(p.ids[looseRows[y] as number] as string)) consider(looseRows[x] as number, looseRows[y] as number);
    const cannotOf = new Map<number, number[]>();
    for (const { a, b, match } of assertions) {
      const i = indexOf.get(a);
      const j = indexOf.get(b);
      // Stryker disable next-line ConditionalExpression: assert refuses a record against itself, so no stored assertion names one record twice
      if (i === undefined || j === undefined || i === j) continue;
      if (match) {
        scored.linkI.push(Math.min(i, j));
        scored.linkJ.push(Math.max(i, j));
        scored.linkP.push(1);
        scored.linkW.push(scorer.score(Math.min(i, j), Math.max(i, j)).matchWeight);
        scored.linkBy.push("assertion");
      } else {
        cannotOf.set(i, [...(cannotOf.get(i) ?? []), j]);
        cannotOf.set(j, [...(cannotOf.get(j) ?? []), i]);
      }
    }
    const groupRows = groups.map((keys) => keys.map((key) => indexOf.get(key)).filter((i): i is number => i !== undefined && !looseSet.has(i)).sort((a, b) => a - b)).filter((rows) => rows.length > 0);
    return { clusters: clustered(p, _clusterLinks(p, scored, settings, cannotOf, groupRows)), evidence: _evidenceOf(p.ids, scored) };
  }

  // ---------------------------------------------------------------- applying a new partition

  interface Change {
    readonly put: ChangeSet["put"][number][];
    readonly delete: ChangeSet["delete"][number][];
    readonly expect: ChangeSet["expect"][number][];
    readonly index: ChangeSet["index"][number][];
    readonly increment: ChangeSet["increment"][number][];
  }

  // Young lists in a young object (see shared/_young.ts): a change set holds everything an ingest writes.
  const newChange = (): Change => new ChangeLists();

  /** New profile ids for clusters without one: derived from each one's oldest record key, never one in use. */
  async function freshIds(session: Session, oldestKeys: readonly string[], taken: Set<string>): Promise<string[]> {
    const out: (string | null)[] = oldestKeys.map(() => null);
    for (let attempt = 0; out.includes(null); attempt++) {
      const wanted: { k: number; id: string }[] = [];
      oldestKeys.forEach((key, k) => {
        if (out[k] !== null) return;
        const id = `p_${hashKey(attempt === 0 ? key : `${key}#${attempt}`)}`;
        if (!taken.has(id)) wanted.push({ k, id });
      });
      const ids = wanted.map((w) => w.id);
      const [profiles, aliases, histories] = await Promise.all([session.exists("profile", ids), session.exists("alias", ids), session.exists("history", ids)]);
      wanted.forEach(({ k, id }, w) => {
        if (profiles[w] === true || aliases[w] === true || histories[w] === true || taken.has(id)) return;
        taken.add(id);
        out[k] = id;
      });
    }
    return out as string[];
  }

  const oldestOf = (records: readonly _StoredRecord[]): _StoredRecord => records.reduce((best, r) => (r.firstSeenAt < best.firstSeenAt || (r.firstSeenAt === best.firstSeenAt && r.key < best.key) ? r : best));

  interface Applied {
    readonly profileOf: ReadonlyMap<string, string>;
    readonly merged: Map<string, string[]>;
    readonly split: Map<string, string[]>;
    readonly changedProfiles: number;
    readonly moved: number;
  }

  /** The schema's survivorship policy with a profile's hand-set values. */
  function policyWith(overrides: NonNullable<_StoredProfile["overrides"]>): { policy?: MergePolicy } {
    if (Object.keys(overrides).length === 0) return policy === undefined ? {} : { policy };
    return { policy: { ...(policy ?? {}), overrides: { ...(policy?.overrides ?? {}), ...overrides } } };
  }

  /** Appends one event to a profile's lineage in a change set (to the history written by it, or the stored one). */
  async function appendLineage(session: Session, change: Change, id: string, e: LineageEvent): Promise<void> {
    const existing = change.put.find((put) => put.kind === "history" && put.key === id);
    if (existing !== undefined) {
      const value = existing.value as _StoredHistory;
      (existing as { value: unknown }).value = new HistoryDocument(value.history, [...value.lineage, e]);
      return;
    }
    await session.historiesOf([id]);
    const stored = session.histories.get(id) ?? null;
    change.put.push(new PutItem("history", id, new HistoryDocument(stored?.history ?? null, [...(stored?.lineage ?? []), e])));
    // Stryker disable next-line all: only keeps one expectation per document; a repeated one (the same version) changes nothing
    if (!change.expect.some((x) => x.kind === "history" && x.key === id)) change.expect.push(session.expectation("history", id));
  }

  /** The reason of a merge: the assertion behind it, or the strongest link joining the two sides. */
  function reasonOf(audit: Audit, a: ReadonlySet<string>, b: ReadonlySet<string>): { why?: AuditReason } {
    // A person's must-link between the two sides is the reason, whatever the model also links there.
    const asserted = audit.assertion;
    if (asserted !== undefined && asserted.match && ((a.has(asserted.a) && b.has(asserted.b)) || (a.has(asserted.b) && b.has(asserted.a)))) return { why: asserted };
    const link = audit.evidence?.(a, b) ?? null;
    if (link !== null) return { why: link.decidedBy === "assertion" && audit.assertion !== undefined ? audit.assertion : link };
    return audit.assertion === undefined ? {} : { why: audit.assertion };
  }

  /**
   * Turns clusters of records (all loaded in the session, the new or updated record already as it will
   * be stored) into profile ids by the oldest-record rule, and writes the changed profiles, their golden
   * attributes, histories and lineage into the change set.
   */
  async function applyPartition(session: Session, clusters: readonly (readonly string[])[], recordsNow: ReadonlyMap<string, _StoredRecord>, at: number, audit: Audit, change: Change, focusKey: string | null): Promise<Applied> {
    const { cause, by } = audit;
    // Which old profiles are involved, with all their records.
    const oldProfiles = new Map<string, _StoredProfile>();
    for (const record of recordsNow.values()) {
      const previous = session.records.get(record.key);
      if (previous != null) {
        const profile = session.profiles.get(previous.profileId);
        if (profile != null) oldProfiles.set(profile.id, profile);
      }
    }
    // Each old profile is claimed by the cluster holding its oldest record still present.
    const clusterOf = new Map<string, number>();
    clusters.forEach((keys, c) => { for (const key of keys) clusterOf.set(key, c); });
    const claims = new Map<number, _StoredProfile[]>();
    for (const profile of oldProfiles.values()) {
      const members = profile.recordKeys.map((key) => recordsNow.get(key)).filter((r): r is _StoredRecord => r !== undefined);
      if (members.length === 0) continue;
      const c = clusterOf.get(oldestOf(members).key);
      if (c === undefined) continue;
      claims.set(c, [...(claims.get(c) ?? []), profile]);
    }
    const taken = new Set<string>();
    const profileOf = new Map<string, string>();
    const merged = new Map<string, string[]>();
    const split = new Map<string, string[]>();
    const absorbedInto = new Map<string, string>();
    const ids: string[] = [];
    for (const profile of oldProfiles.values()) taken.add(profile.id);
    const unclaimed = [...clusters.keys()].filter((c) => (claims.get(c) ?? []).length === 0);
    const fresh = await freshIds(session, unclaimed.map((c) => oldestOf((clusters[c] as readonly string[]).map((key) => recordsNow.get(key) as _StoredRecord)).key), taken);
    const freshOf = new Map(unclaimed.map((c, k) => [c, fresh[k]]));
    // Sorted below, the keeper first.
    const claimantsOf = (c: number): readonly _StoredProfile[] => claims.get(c) ?? [];
    for (const [c, keys] of clusters.entries()) {
      const claimants = (claims.get(c) ?? []).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const keeper = claimants[0];
      const id = keeper?.id ?? freshOf.get(c) ?? "";
      ids[c] = id;
      if (claimants.length > 1) {
        merged.set(id, claimants.slice(1).map((p) => p.id));
        for (const other of claimants.slice(1)) absorbedInto.set(other.id, id);
      }
      for (const key of keys) profileOf.set(key, id);
    }
    // Splits: old profiles whose records now sit in several clusters.
    for (const profile of oldProfiles.values()) {
      const targets = new Set(profile.recordKeys.filter((key) => recordsNow.has(key)).map((key) => profileOf.get(key) as string));
      const own = absorbedInto.get(profile.id) ?? (targets.has(profile.id) ? profile.id : null);
      const others = [...targets].filter((id) => id !== own && id !== profile.id && !oldProfiles.has(id));
      if (targets.size > 1 && others.length > 0) split.set(profile.id, others);
    }

    // Histories only of the profiles that change, are merged away or split: the others are not rewritten.
    const sortedClusters = clusters.map((keys) => [...keys].sort());
    const changed = sortedClusters.map((sortedKeys, c) => {
      const before = session.profiles.get(ids[c] as string) ?? null;
      const membersChanged = before === null || before.recordKeys.length !== sortedKeys.length || before.recordKeys.some((key, k) => key !== sortedKeys[k]);
      return membersChanged || (focusKey !== null && sortedKeys.includes(focusKey));
    });
    await session.historiesOf([...new Set([...ids.filter((_, c) => changed[c] === true), ...absorbedInto.keys(), ...split.keys()])]);
    let changedProfiles = 0;
    let moved = 0;
    const lineage = new Map<string, LineageEvent[]>();
    const event = (e: LineageEvent): void => { lineage.set(e.profileId, [...(lineage.get(e.profileId) ?? []), e]); };
    for (const [c, keys] of clusters.entries()) {
      const id = ids[c] as string;
      const before = session.profiles.get(id) ?? null;
      const sortedKeys = sortedClusters[c] as string[];
      const members = sortedKeys.map((key) => recordsNow.get(key) as _StoredRecord);
      // Records whose profile changes.
      for (const record of members) {
        const previous = session.records.get(record.key) ?? null;
        if (previous === null || previous.profileId !== id || record !== previous) {
          // The profiles it leaves keep its values in their histories: remembered, for an erasure to scrub.
          const former = previous?.formerProfiles ?? [];
          const left = previous !== null && previous.profileId !== id && !former.includes(previous.profileId) ? [...former, previous.profileId] : former;
          const written: { -readonly [K in keyof _StoredRecord]: _StoredRecord[K] } = { ...record, profileId: id };
          if (left.length === 0) delete written.formerProfiles;
          else written.formerProfiles = left;
          change.put.push(new PutItem("record", record.key, written));
          if (previous !== null && previous.profileId !== id && !absorbedInto.has(previous.profileId)) moved++;
        }
      }
      if (changed[c] !== true) continue;
      changedProfiles++;
      // Hand-set values: the surviving profile's win over those of the profiles merged into it.
      const overrides = new Map<string, NonNullable<_StoredProfile["overrides"]>[string]>();
      for (const claimant of [...claimantsOf(c)].reverse()) for (const [name, given] of Object.entries(claimant.overrides ?? {})) overrides.set(name, given);
      const overridesOf = Object.fromEntries(overrides);
      const golden = mergeRecords(members.map((r) => r.record), { ...policyWith(overridesOf), profileId: id });
      telemetry.conflicts(golden.conflicts);
      const absorbed = [...(before?.absorbed ?? []), ...(merged.get(id) ?? []).flatMap((other) => [other, ...(session.profiles.get(other)?.absorbed ?? [])])];
      const profile: _StoredProfile = new ProfileDocument(id, before?.createdAt ?? at, at, sortedKeys, golden.attributes, [...new Set(absorbed)], overrides.size === 0 ? null : overridesOf);
      change.put.push(new PutItem("profile", id, profile));
      const stored = session.histories.get(id) ?? null;
      const appended = appendChanges(stored?.history ?? null, historyChanges(stored?.history ?? null, golden, at), { now: at, profileId: id });
      if (before === null) event({ type: "created", at, profileId: id, ...(focusKey !== null && keys.includes(focusKey) ? { recordKey: focusKey } : {}), cause, by });
      const from = merged.get(id);
      if (from !== undefined) {
        // Why: the strongest link between the records of the profiles merged away and the others.
        const absorbedKeys = new Set(from.flatMap((other) => session.profiles.get(other)?.recordKeys ?? []));
        const rest = new Set(keys.filter((key) => !absorbedKeys.has(key)));
        event({ type: "merged", at, profileId: id, from, cause, by, ...reasonOf(audit, rest, absorbedKeys) });
      }
      const into = split.get(id);
      if (into !== undefined) event({ type: "split", at, profileId: id, into, cause, by, why: audit.assertion ?? { kind: "reclustered" } });
      lineage.set(id, lineage.get(id) ?? []);
      change.put.push(new PutItem("history", id, new HistoryDocument(appended.history, stored?.lineage ?? [])));
    }
    // Profiles merged away become aliases; their own history stays under their id, with the merge in its lineage.
    for (const [from, into] of absorbedInto) {
      change.delete.push({ kind: "profile", key: from });
      change.put.push({ kind: "alias", key: from, value: { target: into } });
      const own = new Set(session.profiles.get(from)?.recordKeys ?? []);
      const others = new Set((clusters[ids.indexOf(into)] ?? []).filter((key) => !own.has(key)));
      event({ type: "merged", at, profileId: from, into: [into], cause, by, ...reasonOf(audit, others, own) });
    }
    const idSet = new Set(ids);
    for (const [from, into] of split) if (!idSet.has(from)) event({ type: "split", at, profileId: from, into, cause, by, why: audit.assertion ?? { kind: "reclustered" } });
    // Lineage appended to every history document written (or written now for an absorbed or split profile).
    const historyPuts = new Map(change.put.filter((put) => put.kind === "history").map((put) => [put.key, put]));
    for (const [id, events] of lineage) {
      if (events.length === 0) continue;
      const existing = historyPuts.get(id);
      const stored = session.histories.get(id) ?? null;
      if (existing !== undefined) {
        const value = existing.value as _StoredHistory;
        (existing as { value: unknown }).value = new HistoryDocument(value.history, [...value.lineage, ...events]);
      } else change.put.push(new PutItem("history", id, new HistoryDocument(stored?.history ?? null, [...(stored?.lineage ?? []), ...events])));
    }
    // One expectation per document: a repeated one (the same version) would change nothing, so the set's
    // bookkeeping is marked equivalent.
    // Stryker disable next-line all: see above
    const expected = new Set(change.expect.map((e) => `${e.kind}:${e.key}`));
    for (const doc of [...change.put, ...change.delete]) {
      // Stryker disable next-line all: see above
      const name = `${doc.kind}:${doc.key}`;
      // Stryker disable next-line all: see above
      if (expected.has(name)) continue;
      expected.add(name);
      change.expect.push(session.expectation(doc.kind, doc.key));
    }
    return { profileOf, merged, split, changedProfiles, moved };
  }

  async function commit(change: Change): Promise<boolean> {
    const result = await guard("commit", () => store.commit(change));
    if (typeof result !== "object" || (result as unknown) === null || typeof result.ok !== "boolean") throw new ProfileKitError("store_failure", "profile engine: the store's commit answered neither { ok: true } nor { ok: false, conflicts }.");
    return result.ok;
  }

  /**
   * The index entries of these keys, in their order, each asked with its own cap plus one (one call per
   * cap: the broad rules' blocks are read up to 41 or 51 members, not 201, and need not be counted past).
   */
  async function membersOf(keys: readonly string[], capOf: (key: string) => number): Promise<IndexEntry[]> {
    const byCap = new Map<number, string[]>();
    for (const key of keys) {
      const cap = capOf(key);
      const group = byCap.get(cap);
      if (group === undefined) byCap.set(cap, [key]);
      else group.push(key);
    }
    const found = new Map<string, IndexEntry>();
    for (const [cap, group] of byCap) {
      const entries = await guard("members", () => store.members(group, cap + 1));
      if (!_isList(entries) || entries.length !== group.length) throw new ProfileKitError("store_failure", "profile engine: the store's members answered a different number of index entries than keys asked.");
      group.forEach((key, k) => {
        const entry = entries[k];
        if (typeof entry !== "object" || (entry as unknown) === null || !_isList(entry.members) || typeof entry.size !== "number") throw new ProfileKitError("store_failure", "profile engine: an index entry without members.");
        if (entry.members.some((member) => typeof member !== "string")) throw new ProfileKitError("store_failure", "profile engine: an index member that is not a record key.");
        // Kept under the key asked, whatever key the store wrote in its answer: commits expect these keys.
        found.set(key, new _IndexEntry(key, entry.members, entry.size, entry.version));
      });
    }
    return keys.map((key) => found.get(key) as IndexEntry);
  }

  /** The members of these index entries, in their order, within the candidate budget, but `skip`. */
  function membersWithin(entries: readonly IndexEntry[], skip: string | null): Set<string> {
    const found = new Set<string>();
    for (const entry of entries) for (const member of entry.members) if (member !== skip && found.size < MAX_CANDIDATES) found.add(member);
    return found;
  }

  /**
   * The records sharing a block with this one, and the versions of the blocks read: the commit expects
   * them, so two writers placing one person's records at once cannot both miss each other (the second is
   * refused, re-reads, and finds the first).
   */
  async function candidatesOf(prepared: Prepared): Promise<{ keys: string[]; blocks: { kind: "index"; key: string; version: number }[] }> {
    const limit = settings.maxBlockSize;
    const entries = await membersOf(prepared.blockingKeys, (key) => prepared.blockCaps.get(key) ?? limit);
    // Smallest blocks first: the most specific evidence, within the candidate budget.
    const usable = entries.filter((entry) => entry.size <= (prepared.blockCaps.get(entry.key) ?? limit)).sort((a, b) => a.size - b.size);
    return { keys: [...membersWithin(usable, prepared.key)], blocks: usable.map((entry) => ({ kind: "index" as const, key: entry.key, version: indexVersion(entry) })) };
  }

  // ---------------------------------------------------------------- ingest

  async function ingestPrepared(prepared: Prepared): Promise<IngestResult> {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const session = new Session(store);
      const erased = await session.exists("erasure", [hashKey(prepared.key)]);
      if (erased[0] === true) return { recordKey: prepared.key, profileId: null, outcome: "rejected", issues: [...prepared.issues, _createIssue("record_erased", [], {})] };
      await session.recordsOf([prepared.key]);
      const existing = session.records.get(prepared.key) ?? null;
      if (existing !== null) {
        if (existing.contentHash === prepared.contentHash) return { recordKey: prepared.key, profileId: await resolveAlias(existing.profileId), outcome: "duplicate", issues: prepared.issues };
        if (existing.observedAt !== null && prepared.observedAt !== null && prepared.observedAt < existing.observedAt) {
          return { recordKey: prepared.key, profileId: await resolveAlias(existing.profileId), outcome: "stale", issues: [...prepared.issues, _createIssue("stale_update", [], { storedAt: new Date(existing.observedAt).toISOString() })] };
        }
      }
      const at = now();
      const { keys: candidates, blocks } = await candidatesOf(prepared);
      await session.recordsOf(candidates);
      const candidateRecords = candidates.map((key) => session.records.get(key)).filter((r): r is _StoredRecord => r != null);
      const self: _StoredRecord = {
        key: prepared.key,
        id: prepared.id,
        source: prepared.source,
        profileId: existing?.profileId ?? "",
        observedAt: prepared.observedAt,
        firstSeenAt: existing?.firstSeenAt ?? at,
        contentHash: prepared.contentHash,
        record: prepared.record,
        features: prepared.features,
        blockingKeys: prepared.blockingKeys,
        counterKeys: prepared.counterKeys,
        cannot: existing?.cannot ?? [],
        must: existing?.must ?? [],
      };
      const counter = await countersOf(prepared);
      // A new record loads only the profiles of the candidates it may link; an update re-weighs its
      // former profile's links, so it loads every candidate's profile.
      const { near, shared } = existing === null && candidateRecords.length > 0 ? nearCandidates(self, candidateRecords, counter, prepared) : { near: candidateRecords, shared: null };
      const profileIds = new Set(near.map((r) => r.profileId));
      if (existing !== null) profileIds.add(existing.profileId);
      await session.profilesOf([...profileIds]);
      const profiles = [...profileIds].map((id) => session.profiles.get(id)).filter((p): p is _StoredProfile => p != null);
      await session.recordsOf(profiles.flatMap((p) => p.recordKeys));
      const recordsNow = new Map<string, _StoredRecord>();
      for (const profile of profiles) for (const key of profile.recordKeys) {
        const r = session.records.get(key);
        if (r != null) recordsNow.set(key, r);
      }
      recordsNow.set(self.key, self);
      // An update re-weighs every link of its former profile; a new record only its own.
      const formerId = existing?.profileId ?? null;
      const former = formerId === null ? null : (session.profiles.get(formerId) ?? null);
      const loose = new Set(former?.recordKeys ?? []);
      const groups = profiles.filter((profile) => profile.id !== formerId).map((profile) => profile.recordKeys);
      const assertions = [...recordsNow.values()].flatMap((r) => [...r.cannot.map((b) => ({ a: r.key, b, match: false })), ...r.must.map((b) => ({ a: r.key, b, match: true }))]);
      let plan: Plan;
      if (recordsNow.size === 1) {
        // A record with no profile near it stands alone: nothing to weigh.
        plan = { clusters: [[self.key]], evidence: _evidenceOf([self.key], { linkI: [], linkJ: [], linkP: [], linkW: [], linkBy: [] }) };
      } else {
        const p = localRows(recordsNow);
        plan = clusterLocally(p, statsWith(counter, prepared, p, existing === null, shared), groups, new Set([self.key]), loose, assertions);
      }
      const change = newChange();
      const applied = await applyPartition(session, plan.clusters, recordsNow, at, { cause: "ingest", by: "engine", evidence: plan.evidence }, change, self.key);
      // Index and counters: what the record adds, and on an update what it no longer holds.
      const oldKeys = new Set(existing?.blockingKeys ?? []);
      const newKeys = new Set(prepared.blockingKeys);
      for (const key of newKeys) if (!oldKeys.has(key)) change.index.push({ key, member: prepared.key, op: "add" });
      for (const key of oldKeys) if (!newKeys.has(key)) change.index.push({ key, member: prepared.key, op: "remove" });
      if (existing === null) change.increment.push({ key: "n", by: 1 });
      const counts = new Map<string, number>();
      for (const key of prepared.counterKeys) counts.set(key, (counts.get(key) ?? 0) + 1);
      for (const key of existing?.counterKeys ?? []) counts.set(key, (counts.get(key) ?? 0) - 1);
      for (const [key, by] of counts) if (by !== 0) change.increment.push({ key, by });
      // The record's own document is expected by applyPartition (it writes the record); its erasure here.
      change.expect.push(session.expectation("erasure", hashKey(prepared.key)));
      for (const block of blocks) change.expect.push(block);
      if (!(await commit(change))) continue;
      const profileId = applied.profileOf.get(prepared.key) as string;
      const mergedFrom = applied.merged.get(profileId);
      const splitInto = formerId === null ? undefined : applied.split.get(formerId);
      const outcome: IngestOutcome = mergedFrom !== undefined ? "merged" : splitInto !== undefined ? "split" : existing !== null ? "updated" : profileIds.has(profileId) ? "joined" : "created";
      return { recordKey: prepared.key, profileId, outcome, ...(mergedFrom === undefined ? {} : { mergedFrom }), ...(splitInto === undefined ? {} : { splitInto }), issues: prepared.issues };
    }
    throw new ProfileKitError("store_conflict", `profile engine: ${maxAttempts} attempts to ingest ${JSON.stringify(prepared.key)} all met concurrent changes; nothing was written.`);
  }

  /**
   * A batch of new records in one session and one commit: candidates of all of them from the index, one
   * local resolution over them and the profiles they touch (existing profiles stand as they are; the batch
   * path's blocking finds pairs among the new records), one write. Records seen before (duplicates, stale or
   * real updates), erased ones and any batch that meets a concurrent writer go through `ingest` one by one.
   */
  async function ingestChunk(chunk: readonly Prepared[]): Promise<IngestResult[]> {
    const results: (IngestResult | null)[] = chunk.map(() => null);
    const session = new Session(store);
    const seen = new Set<string>();
    const single: number[] = [];
    const fresh: number[] = [];
    await session.recordsOf(chunk.map((r) => r.key));
    const tombstones = await session.exists("erasure", chunk.map((r) => hashKey(r.key)));
    chunk.forEach((r, k) => {
      // A key met twice in one batch, or already stored, or erased: the one-record path decides.
      if (seen.has(r.key) || session.records.get(r.key) != null || tombstones[k] === true) single.push(k);
      else fresh.push(k);
      seen.add(r.key);
    });
    if (fresh.length > 0) {
      // A batch that meets another writer is read and resolved again, a few times, before its records
      // take the one-record path (each then retried on its own).
      let ok = await ingestFresh(session, fresh.map((k) => chunk[k] as Prepared), results, fresh);
      for (let attempt = 1; !ok && attempt < Math.min(maxAttempts, 4); attempt++) {
        const again = new Session(store);
        await again.recordsOf(fresh.map((k) => (chunk[k] as Prepared).key));
        const taken = fresh.filter((k) => again.records.get((chunk[k] as Prepared).key) != null);
        if (taken.length > 0) break; // another writer stored some of these records meanwhile: one by one
        ok = await ingestFresh(again, fresh.map((k) => chunk[k] as Prepared), results, fresh);
      }
      if (!ok) for (const k of fresh) single.push(k);
    }
    single.sort((a, b) => a - b);
    for (const k of single) results[k] = await ingestPrepared(chunk[k] as Prepared);
    return results as IngestResult[];
  }

  async function ingestFresh(session: Session, batch: readonly Prepared[], results: (IngestResult | null)[], positions: readonly number[]): Promise<boolean> {
    const at = now();
    const limit = settings.maxBlockSize;
    // Candidates: index members of every block key of the batch (blocks over the size cap skipped, counting
    // the batch's own records in them).
    const own = new Map<string, number>();
    const caps = new Map<string, number>();
    for (const r of batch) for (const key of r.blockingKeys) {
      own.set(key, (own.get(key) ?? 0) + 1);
      // Stryker disable next-line LogicalOperator: a block read past its rule's cap only adds rows; the local blocking below applies the same cap to them and pairs none
      caps.set(key, r.blockCaps.get(key) ?? limit);
    }
    const blockKeys = [...own.keys()];
    const entries = await membersOf(blockKeys, (key) => caps.get(key) ?? limit);
    const candidates = new Set<string>();
    const blocks: { kind: "index"; key: string; version: number }[] = [];
    entries.forEach((entry, k) => {
      if (entry.size + (own.get(blockKeys[k] as string) ?? 0) > (caps.get(blockKeys[k] as string) ?? limit)) return;
      blocks.push({ kind: "index", key: entry.key, version: indexVersion(entry) });
      for (const member of entry.members) candidates.add(member);
    });
    await session.recordsOf([...candidates]);
    const profileIds = new Set<string>();
    for (const key of candidates) {
      const r = session.records.get(key);
      if (r != null) profileIds.add(r.profileId);
    }
    await session.profilesOf([...profileIds]);
    const profiles = [...profileIds].map((id) => session.profiles.get(id)).filter((p): p is _StoredProfile => p != null);
    await session.recordsOf(profiles.flatMap((p) => p.recordKeys));
    const recordsNow = new Map<string, _StoredRecord>();
    for (const profile of profiles) for (const key of profile.recordKeys) {
      const r = session.records.get(key);
      if (r != null) recordsNow.set(key, r);
    }
    const newKeys = new Set<string>();
    for (const prepared of batch) {
      newKeys.add(prepared.key);
      recordsNow.set(prepared.key, {
        key: prepared.key, id: prepared.id, source: prepared.source, profileId: "", observedAt: prepared.observedAt, firstSeenAt: at,
        contentHash: prepared.contentHash, record: prepared.record, features: prepared.features, blockingKeys: prepared.blockingKeys,
        counterKeys: prepared.counterKeys, cannot: [], must: [],
      });
    }
    // Statistics: the store's counters plus what the batch adds.
    const counterKeys = [...new Set(batch.flatMap((r) => r.counterKeys))];
    const counter = await countersAt(["n", ...counterKeys]);
    const added = new Map<string, number>();
    for (const r of batch) for (const key of r.counterKeys) added.set(key, (added.get(key) ?? 0) + 1);
    const rows = [...recordsNow.values()].map((r) => r.features).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const p = _fromRows(rows, custom);
    const local = _valueStatsOf(p, settings.maxPeoplePerValue);
    const total = (key: string): number => (counter.get(key) ?? 0) + (added.get(key) ?? 0);
    const stats: _ValueStats = {
      n: Math.max(p.n, (counter.get("n") ?? 0) + batch.length),
      present: (field) => Math.max(local.present(field), total(`present:${field}`)),
      count: (field, value) => Math.max(local.count(field, value), total(`tf:${field}:${hashKey(value)}`)),
      shared: local.shared,
    };
    // Pairs: blocked pairs among all rows that involve a new record.
    const isNew = p.ids.map((id) => newKeys.has(id));
    const scorer = _compileScorer(p, settings.model, settings.maxPeoplePerValue, stats);
    const pairs = _candidatePairs(p, _blockingRules(p), limit, settings.linkOnly, settings.maxComparisons);
    const scored: _LinkColumns = { linkI: [], linkJ: [], linkP: [], linkW: [], linkBy: [] };
    for (let x = 0; x < pairs.count; x++) {
      const code = pairs.pairs[x] as number;
      const i = Math.floor(code / p.n);
      const j = code - i * p.n;
      if (!isNew[i] && !isNew[j]) continue;
      const score = scorer.score(i, j);
      if (score.decidedBy.startsWith("veto:") || (score.decidedBy === "model" && score.probability < settings.threshold)) continue;
      scored.linkI.push(i);
      scored.linkJ.push(j);
      scored.linkP.push(score.probability);
      scored.linkW.push(score.matchWeight);
      scored.linkBy.push(score.decidedBy);
    }
    const indexOf = new Map(p.ids.map((id, i) => [id, i]));
    const cannotOf = new Map<number, number[]>();
    for (const r of recordsNow.values()) for (const other of r.cannot) {
      const i = indexOf.get(r.key);
      const j = indexOf.get(other);
      if (i !== undefined && j !== undefined) cannotOf.set(i, [...(cannotOf.get(i) ?? []), j]);
    }
    const groups = profiles.map((profile) => profile.recordKeys.map((key) => indexOf.get(key)).filter((i): i is number => i !== undefined).sort((a, b) => a - b)).filter((g) => g.length > 0);
    const change = newChange();
    const applied = await applyPartition(session, clustered(p, _clusterLinks(p, scored, settings, cannotOf, groups)), recordsNow, at, { cause: "ingest", by: "engine", evidence: _evidenceOf(p.ids, scored) }, change, null);
    for (const prepared of batch) {
      for (const key of prepared.blockingKeys) change.index.push({ key, member: prepared.key, op: "add" });
      change.expect.push(session.expectation("record", prepared.key), session.expectation("erasure", hashKey(prepared.key)));
    }
    change.increment.push({ key: "n", by: batch.length });
    for (const [key, by] of added) change.increment.push({ key, by });
    for (const block of blocks) change.expect.push(block);
    if (!(await commit(change))) return false;
    // In input order: the first record of a new profile created it, the next ones of the batch joined it.
    const created = new Set<string>();
    batch.forEach((prepared, b) => {
      const profileId = applied.profileOf.get(prepared.key) as string;
      const mergedFrom = created.has(profileId) ? undefined : applied.merged.get(profileId);
      const outcome: IngestOutcome = mergedFrom !== undefined ? "merged" : profileIds.has(profileId) || created.has(profileId) ? "joined" : "created";
      created.add(profileId);
      results[positions[b] as number] = { recordKey: prepared.key, profileId, outcome, ...(mergedFrom === undefined ? {} : { mergedFrom }), issues: prepared.issues };
    });
    return true;
  }

  async function ingest(raw: unknown): Promise<IngestResult> {
    const started = performance.now();
    const staged = await stageInput(raw);
    const prepared = "rejected" in staged ? staged : (prepareMany([staged])[0] as Prepared | Rejected);
    const result = "rejected" in prepared ? { recordKey: prepared.key, profileId: null, outcome: "rejected" as const, issues: prepared.rejected } : await ingestPrepared(prepared);
    telemetry.ingested("rejected" in staged ? "" : staged.source, result.outcome, result.issues, "rejected" in prepared ? null : prepared.observedAt);
    telemetry.ingestDuration((performance.now() - started) / 1000, result.outcome);
    return result;
  }

  // ---------------------------------------------------------------- reading

  async function resolveAlias(id: string): Promise<string> {
    let current = id;
    for (let hop = 0; hop < MAX_ALIAS_HOPS; hop++) {
      const [alias] = await readDocuments(store, "alias", [current]);
      if (alias == null) return current;
      current = _readAlias(current, alias.value).target;
    }
    throw new ProfileKitError("store_failure", `profile engine: the aliases of ${JSON.stringify(id)} form a chain longer than ${MAX_ALIAS_HOPS} (a cycle?).`);
  }

  async function loadProfile(id: string): Promise<_StoredProfile | null> {
    if (typeof id !== "string" || id === "") throw new ProfileKitError("invalid_options", "profile engine: a profile id is a non-empty string.");
    const target = await resolveAlias(id);
    const [doc] = await readDocuments(store, "profile", [target]);
    return doc == null ? null : _readProfile(target, doc.value);
  }

  /**
   * A stored profile as callers see it. Provenance and conflicts are not stored (they were two thirds of
   * a profile document): they are merged again from the member records, by the same policy, which gives
   * what the stored attributes were merged with.
   */
  async function view(profile: _StoredProfile, requestedId: string): Promise<EngineProfile<T>> {
    const docs = await readDocuments(store, "record", profile.recordKeys);
    const members = docs.flatMap((doc, k) => (doc == null ? [] : [_readRecord(profile.recordKeys[k] as string, doc.value).record]));
    const golden = mergeRecords(members, { ...policyWith(profile.overrides ?? {}), profileId: profile.id });
    return {
      id: profile.id,
      requestedId,
      attributes: profile.attributes as EngineProfile<T>["attributes"],
      provenance: golden.provenance,
      conflicts: golden.conflicts,
      recordKeys: profile.recordKeys,
      createdAt: new Date(profile.createdAt).toISOString(),
      updatedAt: new Date(profile.updatedAt).toISOString(),
    };
  }

  async function loadRecord(ref: RecordRef): Promise<_StoredRecord> {
    const key = recordKeyOf(ref);
    const [doc] = await readDocuments(store, "record", [key]);
    if (doc == null) throw new ProfileKitError("invalid_options", `profile engine: no record ${JSON.stringify(key)} in the store.`);
    return _readRecord(key, doc.value);
  }

  // ---------------------------------------------------------------- refresh

  /**
   * Every document of a kind, page by page, each checked and reduced by `keep` as it arrives. Pages of a
   * thousand: a page's parsed documents are alive until it is reduced, and ten thousand of them (tens of
   * megabytes) outlived young-generation collections into the old one — `refresh()` of 200,000 records
   * took 6.2 s with pages of 1,000 against 6.8–7.5 s with 10,000.
   */
  async function scanAll<V>(kind: DocumentKind, keep: (doc: StoredDocument) => V): Promise<V[]> {
    const out: V[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await guard("scan", () => store.scan(kind, after, 1_000));
      if (!_isList(page)) throw new ProfileKitError("store_failure", "profile engine: the store's scan answered something other than an array.");
      if (page.length === 0) return out;
      for (const doc of page) {
        if (typeof doc !== "object" || (doc as unknown) === null || typeof doc.key !== "string") throw new ProfileKitError("store_failure", "profile engine: the store's scan answered a document without a key.");
        if (after !== null && !(doc.key > after)) throw new ProfileKitError("store_failure", "profile engine: the store's scan did not answer keys in ascending order.");
        if (!Number.isInteger(doc.version) || doc.version < 1) throw new ProfileKitError("store_failure", `profile engine: the store returned a document without a valid version for ${kind} ${JSON.stringify(doc.key)}.`);
        out.push(keep(doc));
        after = doc.key;
      }
    }
  }

  /** What refresh keeps of each stored record while it resolves them all: not the record's values. */
  interface Scanned {
    readonly key: string;
    readonly id: string;
    readonly source: string;
    readonly profileId: string;
    readonly version: number;
    readonly features: _FeatureRow;
    readonly cannot: readonly string[];
    readonly must: readonly string[];
  }

  /** What refresh keeps of each record once its features are in the prepared columns. */
  type Kept = Omit<Scanned, "features">;

  // ---------------------------------------------------------------- review queue and audit log

  async function explain(a: RecordRef, b: RecordRef): Promise<MatchExplanation> {
    const ra = await loadRecord(a);
    const rb = await loadRecord(b);
    // Stryker disable next-line EqualityOperator: equal keys are one record, the same either way round
    const [first, second] = ra.key < rb.key ? [ra, rb] : [rb, ra];
    // Whether a value is shared between people is read from the records of both records' blocks (as
    // ingest reads it from a new record's candidates): the pair alone would show a value held by two
    // differently named people as shared, and a placeholder held by many as not.
    const rows = new Map<string, _StoredRecord>();
    for (const r of await neighboursOf([first, second])) rows.set(r.key, r);
    rows.set(first.key, first);
    rows.set(second.key, second);
    const p = localRows(rows);
    // The stored value counts of the first row's values: an exact agreement is weighed by them, as in ingest.
    const stats = await statsFor(first, p, false);
    const scorer = _compileScorer(p, settings.model, settings.maxPeoplePerValue, stats);
    const { score, fields } = scorer.explain(p.ids.indexOf(first.key), p.ids.indexOf(second.key));
    const weights = { priorWeight: scorer.priorWeight, matchWeight: score.matchWeight, probability: score.probability };
    // An assertion decides its pair, whatever the weights say (they are still shown).
    const asserted = first.cannot.includes(second.key) || second.cannot.includes(first.key) ? false : first.must.includes(second.key) || second.must.includes(first.key) ? true : null;
    if (asserted !== null) return { ...weights, decidedBy: ASSERTION, linked: asserted, fields };
    const linked = score.decidedBy.startsWith("rule:") || (score.decidedBy === "model" && score.probability >= settings.threshold);
    return { ...weights, decidedBy: _decisionOf(score.decidedBy), linked, fields };
  }

  /** The stored records that share a block (of the global size cap at most) with any of `records`. */
  async function neighboursOf(records: readonly _StoredRecord[]): Promise<_StoredRecord[]> {
    const limit = settings.maxBlockSize;
    const keys = [...new Set(records.flatMap((r) => r.blockingKeys))];
    const found = membersWithin((await membersOf(keys, () => limit)).filter((entry) => entry.size <= limit), null);
    const session = new Session(store);
    await session.recordsOf([...found]);
    return [...found].map((key) => session.records.get(key)).filter((r): r is _StoredRecord => r != null);
  }

  async function reviewQueue(options: ReviewQueueOptions = {}): Promise<readonly ReviewPair[]> {
    const given = options as unknown;
    if (typeof given !== "object" || given === null) throw new ProfileKitError("invalid_options", "reviewQueue: options are { lower, limit }.");
    for (const key of Object.keys(given)) if (key !== "lower" && key !== "limit") throw new ProfileKitError("invalid_options", `reviewQueue: option ${JSON.stringify(key)} is unknown (lower, limit).`);
    let lower: unknown;
    let limit: unknown;
    try {
      lower = options.lower ?? 0.5;
      limit = options.limit ?? 50;
    } catch {
      throw new ProfileKitError("invalid_options", "reviewQueue: options are { lower, limit } (they could not be read).");
    }
    if (typeof lower !== "number" || !(lower >= 0 && lower < settings.threshold)) throw new ProfileKitError("invalid_options", `reviewQueue: lower is a probability from 0 up to the link threshold (${settings.threshold}).`);
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new ProfileKitError("invalid_options", "reviewQueue: limit is an integer from 1 to 10,000.");
    const records = await scanAll("record", (doc): Scanned => {
      const { key, id, source, profileId, features, cannot, must } = _readRecord(doc.key, doc.value);
      return { key, id, source, profileId, version: doc.version, features, cannot, must };
    });
    // In key order, as scanAll checks the store answers: each pair's a is the smaller key.
    const sizeOf = new Map<string, number>();
    for (const r of records) sizeOf.set(r.profileId, (sizeOf.get(r.profileId) ?? 0) + 1);
    const p = _fromRows(records.map((r) => r.features), custom);
    const scorer = _compileScorer(p, settings.model, settings.maxPeoplePerValue, _valueStatsOf(p, settings.maxPeoplePerValue));
    const pairs = _candidatePairs(p, _blockingRules(p), settings.maxBlockSize, settings.linkOnly, settings.maxComparisons);
    const found: { a: Scanned; b: Scanned; probability: number; impact: number }[] = [];
    for (let x = 0; x < pairs.count; x++) {
      const code = pairs.pairs[x] as number;
      const i = Math.floor(code / p.n);
      const a = records[i] as Scanned;
      const b = records[code - i * p.n] as Scanned;
      if (a.profileId === b.profileId || a.cannot.includes(b.key) || b.cannot.includes(a.key) || a.must.includes(b.key) || b.must.includes(a.key)) continue;
      const score = scorer.score(i, code - i * p.n);
      if (score.decidedBy !== "model" || score.probability < lower || score.probability >= settings.threshold) continue;
      found.push({ a, b, probability: score.probability, impact: (sizeOf.get(a.profileId) ?? 1) * (sizeOf.get(b.profileId) ?? 1) });
    }
    const nearness = (probability: number): number => settings.threshold - probability;
    found.sort((x, y) => y.impact - x.impact || nearness(x.probability) - nearness(y.probability) || (x.a.key < y.a.key ? -1 : x.a.key > y.a.key ? 1 : x.b.key < y.b.key ? -1 : 1));
    const out: ReviewPair[] = [];
    for (const pair of found) {
      if (out.length >= limit) break;
      // The explanation as ingest weighs the pair (with the stored value counts).
      const explanation = await explain(pair.a.key, pair.b.key);
      // Weighed as ingest weighs it, a pair the engine would link (or one below lower) is no question.
      if (explanation.linked || explanation.probability >= settings.threshold || explanation.probability < lower) continue;
      out.push({ a: pair.a.key, b: pair.b.key, probability: explanation.probability, matchWeight: explanation.matchWeight, profileIds: [pair.a.profileId, pair.b.profileId], impact: pair.impact, explanation });
    }
    return out;
  }

  async function audit(profileId: string): Promise<AuditLog> {
    if (typeof profileId !== "string" || profileId === "") throw new ProfileKitError("invalid_options", "audit: a profile id is a non-empty string.");
    const id = await resolveAlias(profileId);
    const profile = await loadProfile(id);
    const ids = [id, ...(profile?.absorbed ?? [])];
    const docs = await readDocuments(store, "history", ids);
    const events = docs.flatMap((doc, k) => (doc == null ? [] : _readHistory(ids[k] as string, doc.value).lineage));
    if (profile === null) {
      const [erased] = await readDocuments(store, "erasure", [`${ERASED_PROFILE}${id}`]);
      if (erased != null) {
        const event = erased.value as LineageEvent | null;
        if (typeof event !== "object" || event === null || event.type !== "erased" || typeof event.at !== "number") throw new ProfileKitError("store_failure", `profile engine: the store's erasure record of ${JSON.stringify(id)} is not one.`);
        events.push(event);
      }
    }
    // Oldest first; one time's events in the order they were written.
    const order = new Map(events.map((e, k) => [e, k]));
    events.sort((a, b) => a.at - b.at || (order.get(a) as number) - (order.get(b) as number));
    return { profileId: id, events };
  }

  async function refresh(): Promise<RefreshResult> {
    const started = performance.now();
    const result = await refreshOnce();
    telemetry.refreshed(result, (performance.now() - started) / 1000);
    return result;
  }

  async function refreshOnce(): Promise<RefreshResult> {
    const shared = store.sharedRefresh;
    if (shared !== undefined) return refreshShared(shared);
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      // Only what resolution needs is kept while every record is scanned: at a million records the
      // records' values would be gigabytes. Those of the profiles that change are read again below.
      const scanned = await scanAll("record", (doc): Scanned => {
        const { key, id, source, profileId, features, cannot, must } = _readRecord(doc.key, doc.value);
        return { key, id, source, profileId, version: doc.version, features, cannot, must };
      });
      // The batch order: by record id, then source (resolveIdentities' order when ids are unique).
      scanned.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
      const p = _fromRows(scanned.map((r) => r.features), custom);
      // The feature rows now live on in the prepared columns: the scanned objects that held them are let go
      // before resolution, which at a million records would otherwise carry them through every collection.
      const records = scanned.map(({ key, id, source, profileId, version, cannot, must }): Kept => ({ key, id, source, profileId, version, cannot, must }));
      scanned.length = 0;
      const byKey = new Map(records.map((r) => [r.key, r]));
      const sizeOf = new Map<string, number>();
      for (const r of records) sizeOf.set(r.profileId, (sizeOf.get(r.profileId) ?? 0) + 1);
      const assertions: { a: string; b: string; match: boolean }[] = [];
      for (const r of records) {
        for (const b of r.cannot) assertions.push({ a: r.key, b, match: false });
        for (const b of r.must) assertions.push({ a: r.key, b, match: true });
      }
      const result = _resolvePrepared(p, { ...settings, assertions });
      const cuts = result.stats.guards;
      // Counted once the attempt stands (a retried attempt resolves everything again).
      const countCuts = (): void => { telemetry.guards({ identifierLimitCuts: cuts.identifierLimitCuts, cannotLinkCuts: cuts.cannotLinkCuts, oversized: { size: cuts.oversizedClustersResplit } }); };
      // Only clusters that differ from a stored profile are applied: a cluster whose records all name one
      // profile, and all of that profile's records, is that profile.
      const changed: (readonly string[])[] = [];
      let unchanged = 0;
      for (const cluster of result.clusters) {
        const keys = cluster.recordIds;
        const first = (byKey.get(keys[0] as string) as Kept).profileId;
        const same = sizeOf.get(first) === keys.length && keys.every((key) => (byKey.get(key) as Kept).profileId === first);
        if (same) unchanged++;
        else changed.push(keys);
      }
      if (changed.length === 0) {
        countCuts();
        return { records: records.length, profiles: result.clusters.length, merged: 0, split: 0, moved: 0, unchanged };
      }
      // Every record of a profile that changes lies in a changed cluster (an unchanged cluster is a whole
      // stored profile), so the changed clusters place all of them. They are read again; any that changed
      // since the scan sends the refresh round again.
      const session = new Session(store);
      const changedKeys = changed.flat();
      await session.recordsOf(changedKeys);
      if (changedKeys.some((key) => session.versionOf("record", key) !== (byKey.get(key) as Kept).version)) continue;
      await session.profilesOf([...new Set(changedKeys.map((key) => (byKey.get(key) as Kept).profileId))]);
      const recordsNow = new Map<string, _StoredRecord>();
      for (const key of changedKeys) recordsNow.set(key, session.records.get(key) as _StoredRecord);
      const change = newChange();
      const applied = await applyPartition(session, changed, recordsNow, now(), { cause: "refresh", by: "engine", evidence: _linkEvidence(result.links) }, change, null);
      if (!(await commit(change))) continue;
      countCuts();
      return { records: records.length, profiles: result.clusters.length, merged: applied.merged.size, split: applied.split.size, moved: applied.moved, unchanged };
    }
    throw new ProfileKitError("store_conflict", `profile engine: ${maxAttempts} attempts to refresh all met concurrent changes; nothing was written.`);
  }

  // ---------------------------------------------------------------- shared refresh

  /**
   * A refresh shared with every other process refreshing the same store: candidate pairs come from the
   * store (a join of its blocking-key index), and this process claims tasks until the run is done —
   * scoring partitions of pairs, then deciding units of connected records — holding only one task's
   * records at a time. Every participant returns the run's totals.
   */
  async function refreshShared(shared: SharedRefresh): Promise<RefreshResult> {
    const run = await guard("sharedRefresh.begin", () => shared.begin({ maxBlockSize: settings.maxBlockSize, leaseMs: SHARED_REFRESH_LEASE_MS }));
    if (typeof run !== "string") throw new ProfileKitError("store_failure", "profile engine: the store's sharedRefresh.begin answered no run id.");
    for (;;) {
      const answer: unknown = await guard("sharedRefresh.claim", () => shared.claim(run));
      const kind = typeof answer === "object" && answer !== null ? _own(answer, "kind") : undefined;
      if (kind !== "done" && kind !== "wait" && kind !== "pairs" && kind !== "units") throw new ProfileKitError("store_failure", "profile engine: the store's sharedRefresh.claim answered no known kind of task.");
      const claim = answer as SharedRefreshClaim;
      if (claim.kind === "done") {
        if (!Number.isInteger(claim.records) || !Number.isInteger(claim.profiles) || typeof claim.counts !== "object" || (claim.counts as unknown) === null) throw new ProfileKitError("store_failure", "profile engine: the store's sharedRefresh.claim ended the run without its totals.");
        const count = (name: string): number => {
          const value = _own(claim.counts, name);
          return typeof value === "number" && Number.isFinite(value) ? value : 0;
        };
        const outside = Math.max(0, claim.records - count("decided") - count("skipped"));
        return { records: claim.records, profiles: claim.profiles, merged: count("merged"), split: count("split"), moved: count("moved"), unchanged: count("unchanged") + outside };
      }
      if (claim.kind === "wait") {
        await new Promise((resolve) => setTimeout(resolve, SHARED_REFRESH_POLL_MS));
        continue;
      }
      try {
        const outcome = claim.kind === "pairs" ? await scorePairs(claim) : await decideUnits(claim);
        await guard("sharedRefresh.complete", () => shared.complete(run, claim.task, outcome));
      } catch (error) {
        // Given back at once, so another participant (or this one's next call) need not wait out the lease.
        await Promise.resolve(shared.release(run, claim.task)).catch(() => undefined);
        throw error;
      }
    }
  }

  /** The match data a claim carries, checked, by record key. */
  function matchRecords(given: unknown): Map<string, { readonly version: number; readonly record: _MatchRecord }> {
    if (!_isList(given)) throw new ProfileKitError("store_failure", "profile engine: a refresh task without its records.");
    const out = new Map<string, { readonly version: number; readonly record: _MatchRecord }>();
    for (const doc of given as readonly unknown[]) {
      const key = typeof doc === "object" && doc !== null ? _own(doc, "key") : undefined;
      const version = typeof doc === "object" && doc !== null ? _own(doc, "version") : undefined;
      if (typeof key !== "string" || typeof version !== "number" || !Number.isInteger(version) || version < 1) throw new ProfileKitError("store_failure", "profile engine: a refresh task's record without a key and a version.");
      out.set(key, { version, record: _readMatchRecord(key, _own(doc as object, "value")) });
    }
    return out;
  }

  /** Reads into `counter` the value counters of these records it does not hold yet (and the record count). */
  async function fillCounters(records: readonly _MatchRecord[], counter: Map<string, number>): Promise<void> {
    const missing = [...new Set(["n", ...records.flatMap((r) => r.counterKeys)])].filter((key) => !counter.has(key));
    if (missing.length === 0) return;
    for (const [key, value] of await countersAt(missing)) counter.set(key, value);
  }

  /** Value statistics for these records' rows: counts from the store's counters, shared values among the rows. */
  async function storedStats(records: readonly _MatchRecord[], p: _Prepared, counter: Map<string, number>): Promise<_ValueStats> {
    await fillCounters(records, counter);
    const local = _valueStatsOf(p, settings.maxPeoplePerValue);
    return {
      n: Math.max(p.n, counter.get("n") ?? 0),
      present: (field) => Math.max(local.present(field), counter.get(`present:${field}`) ?? 0),
      count: (field, value) => Math.max(1, local.count(field, value), counter.get(`tf:${field}:${hashKey(value)}`) ?? 0),
      shared: local.shared,
    };
  }

  /** Whether a scored pair links (as a batch run and ingest decide it). */
  function links(score: { readonly decidedBy: string; readonly probability: number }): boolean {
    if (score.decidedBy.startsWith("veto:")) return false;
    return score.decidedBy !== "model" || score.probability >= settings.threshold;
  }

  /** A pairs task: each pair sharing a block within its rule's cap is scored; the links are kept. */
  async function scorePairs(claim: Extract<SharedRefreshClaim, { kind: "pairs" }>): Promise<{ links: [string, string][]; counts: Record<string, number> }> {
    const rows: unknown = claim.pairs;
    if (!_isList(rows)) throw new ProfileKitError("store_failure", "profile engine: a refresh task without its pairs.");
    for (const row of rows as readonly unknown[]) {
      const pair = row as Record<string, unknown> | null;
      if (typeof pair !== "object" || pair === null || typeof pair["a"] !== "string" || typeof pair["b"] !== "string" || typeof pair["key"] !== "string" || typeof pair["size"] !== "number") throw new ProfileKitError("store_failure", "profile engine: a refresh pair is not { a, b, key, size }.");
    }
    // Records erased since the blocks were read are absent: their pairs are left out.
    const records = [...matchRecords(claim.records).values()].map((m) => m.record).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    const p = _fromRows(records.map((r) => r.features), custom);
    const rowOf = new Map(records.map((r, i) => [r.key, i]));
    const rules = _blockingRules(p);
    const caps = new Map<number, Map<string, number>>();
    const capOf = (i: number, key: string): number => {
      let map = caps.get(i);
      if (map === undefined) caps.set(i, (map = blockCapsOf(rules, i)));
      return map.get(key) ?? 0;
    };
    const scorer = _compileScorer(p, settings.model, settings.maxPeoplePerValue, await storedStats(records, p, new Map()));
    const seen = new Set<string>();
    const found: [string, string][] = [];
    for (const row of claim.pairs) {
      const i = rowOf.get(row.a);
      const j = rowOf.get(row.b);
      if (i === undefined || j === undefined || i === j) continue;
      // A block larger than its rule's cap gives no pairs (as ingest reads it).
      if (row.size > capOf(i, row.key)) continue;
      const pair = `${row.a}\u0000${row.b}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      if (links(scorer.score(Math.min(i, j), Math.max(i, j)))) found.push([row.a, row.b]);
    }
    return { links: found, counts: { pairs: seen.size, links: found.length } };
  }

  /**
   * A units task: each unit's records are clustered again from its links (re-scored with the values the
   * unit's records share), and the clusters that differ from the stored profiles are committed at once.
   * The first attempt decides on the match data the claim carries and reads whole documents only for
   * the records whose profile changes; a record or profile changed since the claim, or a refused commit,
   * makes the next attempt read every document of the task again.
   */
  async function decideUnits(claim: Extract<SharedRefreshClaim, { kind: "units" }>): Promise<{ links: [string, string][]; counts: Record<string, number> }> {
    const units: unknown = claim.units;
    const isLink = (link: unknown): boolean => _isList(link) && typeof (link as readonly unknown[])[0] === "string" && typeof (link as readonly unknown[])[1] === "string";
    if (!_isList(units) || !(units as readonly unknown[]).every((unit) => typeof unit === "object" && unit !== null && _isList(_own(unit, "records")) && _isList(_own(unit, "links")) && (_own(unit, "links") as readonly unknown[]).every(isLink))) throw new ProfileKitError("store_failure", "profile engine: a refresh task without its units.");
    if (!_isList(claim.profiles) || !claim.profiles.every((profile) => typeof profile === "object" && (profile as unknown) !== null && typeof profile.key === "string" && Number.isInteger(profile.version) && _isList(profile.recordKeys))) throw new ProfileKitError("store_failure", "profile engine: a refresh task without its profiles.");
    const claimed = matchRecords(claim.records);
    const claimedProfiles = new Map(claim.profiles.map((profile) => [profile.key, profile]));
    const counter = new Map<string, number>();
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const session = new Session(store);
      let recordOf: (key: string) => _MatchRecord | null;
      let membersOf: (id: string) => readonly string[] | null;
      if (attempt === 0) {
        recordOf = (key) => claimed.get(key)?.record ?? null;
        membersOf = (id) => claimedProfiles.get(id)?.recordKeys ?? null;
      } else {
        await session.recordsOf(claim.units.flatMap((unit) => unit.records));
        await session.profilesOf([...new Set([...session.records.values()].filter((r): r is _StoredRecord => r !== null).map((r) => r.profileId))]);
        recordOf = (key) => session.records.get(key) ?? null;
        membersOf = (id) => session.profiles.get(id)?.recordKeys ?? null;
      }
      const counts = { decided: 0, skipped: 0, unchanged: 0, merged: 0, split: 0, moved: 0 };
      const changed: (readonly string[])[] = [];
      // One read of the counters for the whole task, not one per unit.
      await fillCounters(claim.units.flatMap((unit) => unit.records.map(recordOf).filter((r): r is _MatchRecord => r !== null)), counter);
      for (const unit of claim.units) {
        const members = new Set(unit.records);
        const records = unit.records.map(recordOf).filter((r): r is _MatchRecord => r !== null);
        // A profile with a record outside the unit gained it after the units were made: next refresh.
        const profiles = [...new Set(records.map((r) => r.profileId))].map(membersOf);
        if (profiles.some((keys) => keys === null || keys.some((key) => !members.has(key)))) {
          counts.skipped += records.length;
          continue;
        }
        counts.decided += records.length;
        for (const cluster of await clusterUnit(records, unit.links, counter)) {
          const first = recordOf(cluster[0] as string) as _MatchRecord;
          const same = membersOf(first.profileId)?.length === cluster.length && cluster.every((key) => recordOf(key)?.profileId === first.profileId);
          if (same) counts.unchanged++;
          else changed.push(cluster);
        }
      }
      if (changed.length === 0) return { links: [], counts };
      const changedKeys = changed.flat();
      await session.recordsOf(changedKeys);
      const recordsNow = new Map<string, _StoredRecord>();
      for (const key of changedKeys) {
        const record = session.records.get(key);
        if (record != null) recordsNow.set(key, record);
      }
      await session.profilesOf([...new Set([...recordsNow.values()].map((r) => r.profileId))]);
      // Decided on the claim's data: it must still be what is stored.
      if (attempt === 0) {
        const moved = changedKeys.some((key) => session.versionOf("record", key) !== claimed.get(key)?.version);
        const profileMoved = [...recordsNow.values()].some((r) => session.versionOf("profile", r.profileId) !== claimedProfiles.get(r.profileId)?.version);
        if (moved || profileMoved) continue;
      }
      if (recordsNow.size !== changedKeys.length) continue;
      const change = newChange();
      const applied = await applyPartition(session, changed, recordsNow, now(), { cause: "refresh", by: "engine" }, change, null);
      if (!(await commit(change))) continue;
      return { links: [], counts: { ...counts, merged: applied.merged.size, split: applied.split.size, moved: applied.moved } };
    }
    throw new ProfileKitError("store_conflict", `profile engine: ${maxAttempts} attempts to apply a refresh task met concurrent changes; the task is given back for a later attempt.`);
  }

  /**
   * One unit's clusters: its records split into the groups its links and must-links connect, each
   * clustered under the guards with its links re-scored against the values that group's records share.
   */
  async function clusterUnit(records: readonly _MatchRecord[], unitLinks: readonly (readonly [string, string])[], counter: Map<string, number>): Promise<string[][]> {
    const byKey = new Map(records.map((r) => [r.key, r]));
    const parent = new Map(records.map((r) => [r.key, r.key]));
    const find = (key: string): string => {
      let root = key;
      while (parent.get(root) !== root) root = parent.get(root) as string;
      parent.set(key, root);
      return root;
    };
    const join = (a: string, b: string): void => {
      if (!byKey.has(a) || !byKey.has(b)) return;
      const x = find(a);
      const y = find(b);
      if (x !== y) parent.set(x < y ? y : x, x < y ? x : y);
    };
    for (const [a, b] of unitLinks) join(a, b);
    for (const record of records) for (const other of record.must) join(record.key, other);
    const groups = new Map<string, _MatchRecord[]>();
    for (const record of records) {
      const root = find(record.key);
      const list = groups.get(root);
      if (list === undefined) groups.set(root, [record]);
      else list.push(record);
    }
    const out: string[][] = [];
    for (const group of groups.values()) {
      if (group.length === 1) {
        out.push([(group[0] as _MatchRecord).key]);
        continue;
      }
      group.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
      const p = _fromRows(group.map((r) => r.features), custom);
      const indexOf = new Map(group.map((r, i) => [r.key, i]));
      const scorer = _compileScorer(p, settings.model, settings.maxPeoplePerValue, await storedStats(group, p, counter));
      const scored: _LinkColumns = { linkI: [], linkJ: [], linkP: [], linkW: [], linkBy: [] };
      const add = (i: number, j: number, score: { probability: number; matchWeight: number; decidedBy: string }, by: string): void => {
        scored.linkI.push(i);
        scored.linkJ.push(j);
        scored.linkP.push(score.probability);
        scored.linkW.push(score.matchWeight);
        scored.linkBy.push(by);
      };
      for (const [a, b] of unitLinks) {
        const x = indexOf.get(a);
        const y = indexOf.get(b);
        if (x === undefined || y === undefined || x === y) continue;
        const score = scorer.score(Math.min(x, y), Math.max(x, y));
        if (links(score)) add(Math.min(x, y), Math.max(x, y), score, score.decidedBy);
      }
      const cannotOf = new Map<number, number[]>();
      for (const record of group) {
        const i = indexOf.get(record.key) as number;
        for (const other of record.must) {
          const j = indexOf.get(other);
          if (j !== undefined && i < j) add(i, j, { ...scorer.score(i, j), probability: 1 }, "assertion");
        }
        for (const other of record.cannot) {
          const j = indexOf.get(other);
          if (j !== undefined && j !== i) cannotOf.set(i, [...(cannotOf.get(i) ?? []), j]);
        }
      }
      for (const cluster of clustered(p, _clusterLinks(p, scored, settings, cannotOf))) out.push(cluster);
    }
    return out;
  }

  // ---------------------------------------------------------------- feedback and erasure

  /** Who decided and why, as given to assert and erase: checked, bounded, kept in the audit log. */
  function decisionOf(given: unknown, operation: string): { by: string; note?: string } {
    if (given === undefined) return { by: "unknown" };
    if (typeof given !== "object" || given === null) throw new ProfileKitError("invalid_options", `profile engine: ${operation}'s options are { by, note }.`);
    let by: unknown;
    let note: unknown;
    let keys: string[];
    try {
      ({ by, note } = given as { by?: unknown; note?: unknown });
      keys = Object.keys(given);
    } catch {
      throw new ProfileKitError("invalid_options", `profile engine: ${operation}'s options could not be read (a getter or Proxy threw).`);
    }
    for (const key of keys) if (key !== "by" && key !== "note") throw new ProfileKitError("invalid_options", `profile engine: ${operation}'s option ${JSON.stringify(key)} is unknown (by, note).`);
    if (by !== undefined && (typeof by !== "string" || by === "" || by.length > 200)) throw new ProfileKitError("invalid_options", `profile engine: ${operation}'s by names who decided (1 to 200 characters).`);
    if (note !== undefined && (typeof note !== "string" || note.length > 2000)) throw new ProfileKitError("invalid_options", `profile engine: ${operation}'s note is text of at most 2,000 characters.`);
    return { by: by ?? "unknown", ...(note === undefined ? {} : { note }) };
  }

  async function assert(a: RecordRef, b: RecordRef, match: boolean, options?: DecisionOptions): Promise<{ readonly profileIds: readonly string[] }> {
    if (typeof match !== "boolean") throw new ProfileKitError("invalid_options", "profile engine: assert(a, b, match) takes match true (same person) or false (different people).");
    const { by, note } = decisionOf(options, "assert");
    const keyA = recordKeyOf(a);
    const keyB = recordKeyOf(b);
    if (keyA === keyB) throw new ProfileKitError("invalid_options", "profile engine: a record cannot be asserted against itself.");
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const session = new Session(store);
      await session.recordsOf([keyA, keyB]);
      const ra = session.records.get(keyA) ?? null;
      const rb = session.records.get(keyB) ?? null;
      if (ra === null || rb === null) throw new ProfileKitError("invalid_options", `profile engine: no record ${JSON.stringify(ra === null ? keyA : keyB)} in the store.`);
      const at = now();
      const withAssertion = (r: _StoredRecord, other: string): _StoredRecord => ({
        ...r,
        cannot: match ? r.cannot.filter((k) => k !== other) : [...new Set([...r.cannot, other])],
        must: match ? [...new Set([...r.must, other])] : r.must.filter((k) => k !== other),
      });
      const profileIds = [...new Set([ra.profileId, rb.profileId])];
      await session.profilesOf(profileIds);
      const profiles = profileIds.map((id) => session.profiles.get(id)).filter((p): p is _StoredProfile => p != null);
      await session.recordsOf(profiles.flatMap((p) => p.recordKeys));
      const recordsNow = new Map<string, _StoredRecord>();
      for (const profile of profiles) for (const key of profile.recordKeys) { const r = session.records.get(key); if (r != null) recordsNow.set(key, r); }
      recordsNow.set(keyA, withAssertion(ra, keyB));
      recordsNow.set(keyB, withAssertion(rb, keyA));
      const p = localRows(recordsNow);
      const stats = await statsFor(null, p, false);
      const assertions = [...recordsNow.values()].flatMap((r) => [...r.cannot.map((k) => ({ a: r.key, b: k, match: false })), ...r.must.map((k) => ({ a: r.key, b: k, match: true }))]);
      // The two profiles' links are weighed again under the assertion: a split or a merge now.
      const plan = clusterLocally(p, stats, [], new Set(), new Set(recordsNow.keys()), assertions);
      const change = newChange();
      const assertion = { kind: "assertion", a: keyA, b: keyB, match, ...(note === undefined ? {} : { note }) } as const;
      const applied = await applyPartition(session, plan.clusters, recordsNow, at, { cause: "assert", by, evidence: plan.evidence, assertion }, change, null);
      // applyPartition writes every record of the plan that is a new object (as these two are), and the plan
      // holds every record: this is the guard should either ever change. Equivalent today:
      // Stryker disable all
      for (const key of [keyA, keyB]) {
        const r = recordsNow.get(key) as _StoredRecord;
        if (!change.put.some((put) => put.kind === "record" && put.key === key)) change.put.push({ kind: "record", key, value: { ...r, profileId: applied.profileOf.get(key) as string } });
        if (!change.expect.some((e) => e.kind === "record" && e.key === key)) change.expect.push(session.expectation("record", key));
      }
      // Stryker restore all
      // The assertion itself, in the audit log of each profile holding one of the two records now.
      for (const id of new Set([applied.profileOf.get(keyA) as string, applied.profileOf.get(keyB) as string])) {
        await appendLineage(session, change, id, { type: "asserted", at, profileId: id, cause: "assert", by, why: assertion });
      }
      if (!(await commit(change))) continue;
      return { profileIds: [...new Set([applied.profileOf.get(keyA) as string, applied.profileOf.get(keyB) as string])] };
    }
    throw new ProfileKitError("store_conflict", `profile engine: ${maxAttempts} attempts to assert all met concurrent changes; nothing was written.`);
  }

  // ---------------------------------------------------------------- checks of ingestMany calls

  interface Checking {
    readonly expectations: ReturnType<typeof parseExpectations>;
    readonly onFail: "stop" | "mark";
    readonly baseline: AnomalyBaseline | null | undefined;
    readonly anomalies: Omit<DetectAnomaliesOptions, "at">;
  }

  function checksOf(checks: IngestChecks | undefined): Checking | null {
    if (checks === undefined) return null;
    // Read once into plain values: a getter or Proxy that throws is refused, never rethrown.
    let read: { expectations: unknown; onFail: unknown; baseline: unknown; anomalies: unknown; keys: string[] };
    try {
      const given = checks as unknown as Partial<Record<keyof IngestChecks, unknown>> | null;
      if (typeof given !== "object" || given === null) throw new TypeError("checks");
      read = { expectations: given.expectations, onFail: given.onFail, baseline: given.baseline, anomalies: given.anomalies, keys: Object.keys(given) };
      if (typeof read.anomalies === "object" && read.anomalies !== null) read.anomalies = { ...read.anomalies };
    } catch {
      throw new ProfileKitError("invalid_options", "ingestMany: checks is an object { expectations, onFail, baseline, anomalies } (it could not be read).");
    }
    for (const key of read.keys) {
      if (!["expectations", "onFail", "baseline", "anomalies"].includes(key)) throw new ProfileKitError("invalid_options", `ingestMany: checks.${key} is not an option (expectations, onFail, baseline, anomalies).`);
    }
    const onFail = read.onFail ?? "mark";
    if (onFail !== "stop" && onFail !== "mark") throw new ProfileKitError("invalid_options", "ingestMany: checks.onFail is \"stop\" or \"mark\".");
    const anomalies: unknown = read.anomalies ?? {};
    if (typeof anomalies !== "object" || anomalies === null || "at" in anomalies) throw new ProfileKitError("invalid_options", "ingestMany: checks.anomalies takes detectAnomalies' options but at.");
    const baseline = read.baseline as AnomalyBaseline | null | undefined;
    // Options are checked now, not after the batch is written (the anomaly options also without a baseline).
    detectAnomalies(observeBatch().summary(), baseline ?? null, { ...anomalies, at: 0 });
    const expectations = parseExpectations(read.expectations ?? [], "ingestMany");
    // A field the schema does not have (a column name, a misspelling) would pass or fail every batch.
    const fields = new Set<string>([..._STANDARD_FIELDS, ...schemaData.custom.map((c) => c.name), "id", "source", "updatedAt"]);
    for (const e of expectations) {
      if ((e.kind === "completeness" || e.kind === "validity") && !fields.has(e.field)) {
        throw new ProfileKitError("invalid_options", `ingestMany: checks ${JSON.stringify(e.name)} names the field ${JSON.stringify(e.field)}, which the schema does not have; its fields are ${[...fields].join(", ")}.`);
      }
    }
    return { expectations, onFail, baseline, anomalies: anomalies };
  }

  /** Adds the profiles a batch touched (as they are now) to its observation: sizes, customer ids, consistency. */
  async function observeProfiles(ids: readonly string[], observer: ReturnType<typeof observeBatch>, checking: Checking): Promise<void> {
    const wantsRecords = checking.expectations.some((e) => e.kind === "uniqueness" || e.kind === "relationships");
    const wantsProfiles = wantsRecords || checking.baseline !== undefined;
    if (!wantsProfiles) return;
    const seen = new Set<string>();
    const PAGE = 500;
    for (let start = 0; start < ids.length; start += PAGE) {
      const page = ids.slice(start, start + PAGE);
      const docs = await readDocuments(store, "profile", page);
      const profiles: _StoredProfile[] = [];
      for (const [k, doc] of docs.entries()) {
        const id = page[k] as string;
        // Merged away since: its profile now is the one it is an alias of.
        const profile = doc == null ? await loadProfile(id) : _readProfile(id, doc.value);
        if (profile === null || seen.has(profile.id)) continue;
        seen.add(profile.id);
        profiles.push(profile);
      }
      if (!wantsRecords) {
        for (const profile of profiles) observer.addProfile({ id: profile.id, records: profile.recordKeys.length, customerIds: 0 });
        continue;
      }
      const keys = profiles.flatMap((p) => p.recordKeys);
      const recordDocs = await readDocuments(store, "record", keys);
      let at = 0;
      for (const profile of profiles) {
        const customerIds = new Set<string>();
        let elsewhere = false;
        for (const key of profile.recordKeys) {
          const doc = recordDocs[at++];
          if (doc == null) {
            elsewhere = true;
            continue;
          }
          const record = _readRecord(key, doc.value);
          if (record.features.customerId !== null) customerIds.add(record.features.customerId);
          if (record.profileId !== profile.id) elsewhere = true;
        }
        observer.addProfile({ id: profile.id, records: profile.recordKeys.length, customerIds: customerIds.size, profilesPerRecord: elsewhere ? 2 : 1 });
      }
    }
  }

  /** Runs the checks and anomaly flags on a call's summary and stores its batch record. */
  async function recordBatch(summary: BatchSummary, checking: Checking, forced: "stopped" | "interrupted" | null, written: readonly string[]): Promise<BatchRecord> {
    const at = now();
    const checks = checkExpectations(summary, forced === null ? checking.expectations : checking.expectations.filter(isRecordExpectation), { now: at });
    let anomalies = checking.baseline === undefined ? null : detectAnomalies(summary, checking.baseline, { ...checking.anomalies, at });
    // A batch that was not (wholly) written does not become part of what is normal.
    if (anomalies !== null && forced !== null) anomalies = { ...anomalies, baseline: checking.baseline ?? { format: "profile-kit/baseline@1", batches: [] } };
    const status = forced ?? (!checks.passed ? "quarantined" : checks.warned.length > 0 || (anomalies?.flags.length ?? 0) > 0 ? "warned" : "passed");
    telemetry.checked(checks.results, status);
    // A fresh key: a conflict can only be a store refusing for its own reasons (serializable); try another id.
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const id = `b_${at.toString(36).padStart(9, "0")}_${hashKey(`${at}\u0001${Math.random()}`)}`;
      const batch: BatchRecord = { id, at, status, records: summary.records, checks, summary, anomalies, recordKeys: status === "quarantined" || status === "interrupted" ? [...written] : [] };
      const change = newChange();
      change.put.push({ kind: "batch", key: id, value: batch });
      change.expect.push({ kind: "batch", key: id, version: 0 });
      if (await commit(change)) return batch;
    }
    throw new ProfileKitError("store_conflict", `profile engine: ${maxAttempts} attempts to store a batch record met conflicts; the records were written (status ${status}), the batch record was not.`);
  }

  function readBatch(key: string, value: unknown): BatchRecord {
    return _readBatch(key, value) as BatchRecord;
  }

  /** The profile an id names now (aliases followed), read into the session with its records; null when unknown. */
  async function profileWithRecords(session: Session, profileId: string): Promise<{ id: string; profile: _StoredProfile } | null> {
    const id = await resolveAlias(profileId);
    await session.profilesOf([id]);
    const profile = session.profiles.get(id) ?? null;
    if (profile === null) return null;
    await session.recordsOf(profile.recordKeys);
    return { id, profile };
  }

  async function override(profileId: string, attribute: string, value: unknown, options?: DecisionOptions): Promise<EngineProfile<T> | null> {
    const { by, note } = decisionOf(options, "override");
    if (typeof profileId !== "string" || profileId === "") throw new ProfileKitError("invalid_options", "override: a profile id is a non-empty string.");
    if (typeof attribute !== "string" || attribute === "" || attribute.length > 200 || _UNSAFE_KEYS.has(attribute)) throw new ProfileKitError("invalid_options", "override: the attribute is a name of 1 to 200 characters (not __proto__, constructor or prototype).");
    const problem = value === undefined ? null : _jsonProblem(value);
    if (problem !== null) throw new ProfileKitError("invalid_options", `override: the value must be JSON data; ${_jsonProblemText(problem)}.`);
    const copied = value === undefined ? undefined : _copyJson(value);
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const session = new Session(store);
      const loaded = await profileWithRecords(session, profileId);
      if (loaded === null) return null;
      const { id, profile } = loaded;
      await session.historiesOf([id]);
      const at = now();
      const overrides: Record<string, { value: unknown; by: string; at: string }> = {};
      for (const [name, given] of Object.entries(profile.overrides ?? {})) if (name !== attribute) Object.defineProperty(overrides, name, { value: given, enumerable: true, writable: true, configurable: true });
      if (copied !== undefined) Object.defineProperty(overrides, attribute, { value: { value: copied, by, at: new Date(at).toISOString() }, enumerable: true, writable: true, configurable: true });
      const members = profile.recordKeys.map((key) => session.records.get(key)).filter((r): r is _StoredRecord => r != null);
      const golden = mergeRecords(members.map((r) => r.record), { ...policyWith(overrides), profileId: id });
      const next: _StoredProfile = { id, createdAt: profile.createdAt, updatedAt: at, recordKeys: profile.recordKeys, attributes: golden.attributes, absorbed: profile.absorbed, ...(Object.keys(overrides).length === 0 ? {} : { overrides }) };
      const change = newChange();
      change.put.push({ kind: "profile", key: id, value: next });
      change.expect.push(session.expectation("profile", id));
      for (const key of profile.recordKeys) change.expect.push(session.expectation("record", key));
      const stored = session.histories.get(id) ?? null;
      const appended = appendChanges(stored?.history ?? null, historyChanges(stored?.history ?? null, golden, at), { now: at, profileId: id });
      // The audit log names the attribute and who set it, never the value (it may be personal data).
      // Stryker disable next-line ConditionalExpression: a note that is undefined is not kept (stores keep JSON, which drops it)
      const e: LineageEvent = { type: "overridden", at, profileId: id, cause: "override", by, why: { kind: "override", attribute, removed: copied === undefined, ...(note === undefined ? {} : { note }) } };
      change.put.push({ kind: "history", key: id, value: { history: appended.history, lineage: [...(stored?.lineage ?? []), e] } });
      change.expect.push(session.expectation("history", id));
      if (!(await commit(change))) continue;
      return await view(next, profileId);
    }
    throw new ProfileKitError("store_conflict", `profile engine: ${maxAttempts} attempts to override ${JSON.stringify(attribute)} of ${JSON.stringify(profileId)} all met concurrent changes; nothing was written.`);
  }

  /**
   * What an erasure must also remove outside the erased profile: the values its records gave to profiles
   * they belonged to before (a split or move took them away; those histories keep every version), their
   * keys in those profiles' audit logs, in other records' assertions and in batch records.
   */
  async function scrubElsewhere(session: Session, change: Change, erasedIds: readonly string[], keys: readonly string[]): Promise<void> {
    const erasedKeys = new Set(keys);
    const records = keys.map((key) => session.records.get(key) ?? null).filter((r): r is _StoredRecord => r !== null);
    // What this rewrites is never what erase itself expects: other records (not the erased ones), other
    // profiles' histories (not the erased ids), each named once.
    const expectDoc = (kind: DocumentKind, key: string): void => {
      change.expect.push(session.expectation(kind, key));
    };
    // Assertions name records on both sides: the other side forgets the erased key (its constraint is moot).
    const asserted = [...new Set(records.flatMap((r) => [...r.cannot, ...r.must]))].filter((key) => !erasedKeys.has(key));
    await session.recordsOf(asserted);
    for (const key of asserted) {
      const other = session.records.get(key) ?? null;
      if (other === null) continue;
      change.put.push({ kind: "record", key, value: { ...other, cannot: other.cannot.filter((k) => !erasedKeys.has(k)), must: other.must.filter((k) => !erasedKeys.has(k)) } });
      expectDoc("record", key);
    }
    const former = [...new Set(records.flatMap((r) => r.formerProfiles ?? []))].filter((id) => !erasedIds.includes(id));
    if (former.length > 0) {
      // The person's values: every version the erased histories held, and what each record gives alone.
      const given = new Map<string, Map<string, unknown>>();
      const add = (into: Map<string, Map<string, unknown>>, attribute: string, value: unknown): void => {
        if (value === null || value === undefined) return;
        let values = into.get(attribute);
        if (values === undefined) into.set(attribute, (values = new Map<string, unknown>()));
        values.set(JSON.stringify(value), value);
      };
      const alone = (record: _StoredRecord): Readonly<Record<string, unknown>> => mergeRecords([record.record], { ...policyWith({}), profileId: "p" }).attributes;
      for (const id of erasedIds) for (const entry of session.histories.get(id)?.history?.entries ?? []) add(given, entry.attribute, entry.value);
      for (const record of records) for (const [attribute, value] of Object.entries(alone(record))) add(given, attribute, value);
      await session.historiesOf(former);
      for (const id of former) {
        const stored = session.histories.get(id) ?? null;
        if (stored === null) continue;
        // A value the profile's present records also give is theirs as much as the erased person's: kept.
        const live = await resolveAlias(id);
        await session.profilesOf([live]);
        const keepers = (session.profiles.get(live)?.recordKeys ?? []).filter((key) => !erasedKeys.has(key));
        await session.recordsOf(keepers);
        const kept = new Map<string, Map<string, unknown>>();
        for (const key of keepers) {
          const record = session.records.get(key) ?? null;
          if (record !== null) for (const [attribute, value] of Object.entries(alone(record))) add(kept, attribute, value);
        }
        const values: Record<string, unknown[]> = {};
        for (const [attribute, byJson] of given) {
          const list = [...byJson].filter(([json]) => kept.get(attribute)?.has(json) !== true).map(([, value]) => value);
          if (list.length > 0) Object.defineProperty(values, attribute, { value: list, enumerable: true, writable: true, configurable: true });
        }
        const history = stored.history === null ? null : redactValues(stored.history, values, { now: now() });
        const lineage = stored.lineage.map((e) => withoutKeys(e, erasedKeys));
        if (history === stored.history && lineage.every((e, k) => e === stored.lineage[k])) continue;
        change.put.push({ kind: "history", key: id, value: { history, lineage } });
        expectDoc("history", id);
      }
    }
    // Batch records name records (the keys of a quarantined or interrupted batch, samples): not these.
    let after: string | null = null;
    for (;;) {
      const page: readonly StoredDocument[] = await guard("scan", () => store.scan("batch", after, 500));
      if (!_isList(page) || page.length === 0) break;
      for (const doc of page) {
        after = doc.key;
        const batch = readBatch(doc.key, doc.value);
        // Its key list, and the samples of its summary and checks (any list that names a record).
        const scrubbed = withoutStrings(batch, erasedKeys);
        if (scrubbed === batch) continue;
        change.put.push({ kind: "batch", key: doc.key, value: scrubbed });
        change.expect.push({ kind: "batch", key: doc.key, version: doc.version });
      }
    }
  }

  async function erase(profileId: string, options?: DecisionOptions): Promise<EraseResult | null> {
    const { by, note } = decisionOf(options, "erase");
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const session = new Session(store);
      const loaded = await profileWithRecords(session, profileId);
      if (loaded === null) return null;
      const { id, profile } = loaded;
      const change = newChange();
      const expectDoc = (kind: DocumentKind, key: string): void => { change.expect.push(session.expectation(kind, key)); };
      expectDoc("profile", id);
      change.delete.push({ kind: "profile", key: id });
      const ids = [id, ...profile.absorbed];
      await session.historiesOf(ids);
      await session.exists("alias", profile.absorbed);
      // The history goes with the profile (it holds the person's values); the audit log keeps one event,
      // beside the records' tombstones: the erasure, who asked and how many records — no key, no value.
      // Stryker disable next-line ConditionalExpression: a note that is undefined is not kept (stores keep JSON, which drops it)
      const erasedEvent: LineageEvent = { type: "erased", at: now(), profileId: id, cause: "erase", by, why: { kind: "erasure", records: profile.recordKeys.length, ...(note === undefined ? {} : { note }) } };
      // Under its own id and under each id merged into it (asked by an old id, the audit still answers).
      for (const erasedId of ids) {
        change.put.push({ kind: "erasure", key: `${ERASED_PROFILE}${erasedId}`, value: erasedEvent });
        expectDoc("erasure", `${ERASED_PROFILE}${erasedId}`);
      }
      for (const other of ids) {
        change.delete.push({ kind: "history", key: other });
        expectDoc("history", other);
        if (other !== id) {
          change.delete.push({ kind: "alias", key: other });
          expectDoc("alias", other);
        }
      }
      for (const key of profile.recordKeys) {
        const record = session.records.get(key) ?? null;
        expectDoc("record", key);
        if (record === null) continue;
        change.delete.push({ kind: "record", key });
        for (const blockKey of record.blockingKeys) change.index.push({ key: blockKey, member: key, op: "remove" });
        for (const counterKey of record.counterKeys) change.increment.push({ key: counterKey, by: -1 });
        change.increment.push({ key: "n", by: -1 });
        change.put.push({ kind: "erasure", key: hashKey(key), value: { at: now() } });
      }
      await scrubElsewhere(session, change, ids, profile.recordKeys);
      if (!(await commit(change))) continue;
      return { profileId: id, records: profile.recordKeys.length, aliases: profile.absorbed.length };
    }
    throw new ProfileKitError("store_conflict", `profile engine: ${maxAttempts} attempts to erase ${JSON.stringify(profileId)} all met concurrent changes; nothing was written.`);
  }

  return {
    store: given,
    ingest,
    async ingestMany(records, manyOptions = {}) {
      if (typeof manyOptions !== "object" || (manyOptions as unknown) === null) throw new ProfileKitError("invalid_options", "ingestMany: options are { onProgress, progressEvery, batchSize, checks }.");
      const unknownOption = Object.keys(manyOptions).find((key) => !["onProgress", "progressEvery", "batchSize", "checks"].includes(key));
      if (unknownOption !== undefined) throw new ProfileKitError("invalid_options", `ingestMany: option ${JSON.stringify(unknownOption)} is unknown (onProgress, progressEvery, batchSize, checks).`);
      if (manyOptions.onProgress !== undefined && typeof manyOptions.onProgress !== "function") throw new ProfileKitError("invalid_options", "ingestMany: onProgress is a function.");
      const every = manyOptions.progressEvery ?? 1000;
      if (!Number.isInteger(every) || every < 1) throw new ProfileKitError("invalid_options", "ingestMany: progressEvery must be a whole number of records, at least 1.");
      const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<IngestOutcome, number>;
      const rejected: { index: number; recordKey: string | null; issues: readonly Issue[] }[] = [];
      let processed = 0;
      if ((records as unknown) == null || (typeof (records as Iterable<unknown>)[Symbol.iterator] !== "function" && typeof (records as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function")) {
        throw new ProfileKitError("invalid_options", "ingestMany: records must be an array, an iterable or an async iterable.");
      }
      const chunkSize = manyOptions.batchSize ?? 1000;
      if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 100_000) throw new ProfileKitError("invalid_options", "ingestMany: batchSize must be an integer from 1 to 100,000.");
      const checking = checksOf(manyOptions.checks);
      const observer = checking === null ? null : observeBatch();
      const touched = new Set<string>();
      const written = new Set<string>();
      const observe = (key: string | null, source: string, observedAt: number | null, mapped: Readonly<Record<string, unknown>> | null, issues: readonly Issue[]): void => {
        if (observer === null) return;
        const present: string[] = [];
        if (mapped !== null) for (const [field, value] of Object.entries(mapped)) if (value !== null && value !== undefined && !(typeof value === "string" && value.trim() === "")) present.push(field);
        const invalid = issues.filter((issue) => issue.severity === "error" && typeof issue.path[0] === "string").map((issue) => issue.path[0] as string);
        observer.addRecord({ key, source, observedAt, present, invalid, issueCodes: issues.map((issue) => issue.code) });
      };
      let pending: { index: number; staged: Staged }[] = [];
      const count = (index: number, result: IngestResult): void => {
        outcomes[result.outcome]++;
        observer?.addOutcome(result.outcome);
        if (result.outcome === "rejected") rejected.push({ index, recordKey: result.recordKey, issues: result.issues });
        else if (checking !== null) {
          if (result.profileId !== null) touched.add(result.profileId);
          // Only what was written: a duplicate or a stale record changed nothing.
          if (result.recordKey !== null && result.outcome !== "duplicate" && result.outcome !== "stale") written.add(result.recordKey);
        }
        processed++;
        if (manyOptions.onProgress !== undefined && processed % every === 0) manyOptions.onProgress({ processed, outcomes: { ...outcomes } });
      };
      interface PreparedChunk {
        readonly staged: readonly { index: number; staged: Staged }[];
        readonly batch: readonly { index: number; prepared: Prepared }[];
        readonly rejectedAt: ReadonlyMap<number, Rejected>;
      }
      // Prepared (cleansed, keyed) but not yet written.
      const prepareChunk = (staged: readonly { index: number; staged: Staged }[]): PreparedChunk => {
        const prepared = prepareMany(staged.map((b) => b.staged));
        const batch: { index: number; prepared: Prepared }[] = [];
        // Rejected while preparing: counted in input order with the others.
        const rejectedAt = new Map<number, Rejected>();
        prepared.forEach((item, k) => {
          const index = (staged[k] as { index: number }).index;
          if ("rejected" in item) rejectedAt.set(index, item);
          else batch.push({ index, prepared: item });
        });
        return { staged, batch, rejectedAt };
      };
      const commitChunk = async (chunk: PreparedChunk, observed: boolean): Promise<void> => {
        const { staged, batch, rejectedAt } = chunk;
        const started = performance.now();
        const results = await ingestChunk(batch.map((b) => b.prepared));
        const byIndex = new Map<number, IngestResult>(batch.map((b, k) => [b.index, results[k] as IngestResult]));
        for (const [index, item] of rejectedAt) byIndex.set(index, { recordKey: item.key, profileId: null, outcome: "rejected", issues: item.rejected });
        telemetry.batchDuration((performance.now() - started) / 1000, staged.length);
        const stagedAt = new Map(staged.map((item) => [item.index, item.staged]));
        batch.forEach((b, k) => {
          const result = results[k] as IngestResult;
          telemetry.ingested(b.prepared.source, result.outcome, result.issues, b.prepared.observedAt);
          if (!observed) observe(b.prepared.key, b.prepared.source, b.prepared.observedAt, stagedAt.get(b.index)?.mapped ?? null, result.issues);
        });
        staged.forEach((item) => {
          const rejectedItem = rejectedAt.get(item.index);
          if (rejectedItem === undefined) return;
          telemetry.ingested(item.staged.source, "rejected", rejectedItem.rejected, null);
          if (!observed) observe(rejectedItem.key, item.staged.source, null, item.staged.mapped, rejectedItem.rejected);
        });
        for (const index of [...byIndex.keys()].sort((a, b) => a - b)) count(index, byIndex.get(index) as IngestResult);
      };
      // Under onFail "stop", everything is prepared and observed first and held until the checks pass.
      const held: (PreparedChunk | { index: number; rejected: Rejected })[] = [];
      const inputs: unknown[] = [];
      const stopping = checking?.onFail === "stop";
      const flush = async (): Promise<void> => {
        const staged = pending;
        pending = [];
        if (staged.length === 0) return;
        const chunk = prepareChunk(staged);
        if (!stopping) return commitChunk(chunk, false);
        const stagedAt = new Map(staged.map((item) => [item.index, item.staged]));
        for (const b of chunk.batch) observe(b.prepared.key, b.prepared.source, b.prepared.observedAt, stagedAt.get(b.index)?.mapped ?? null, b.prepared.issues);
        for (const [at, item] of chunk.rejectedAt) observe(item.key, stagedAt.get(at)?.source ?? "", null, stagedAt.get(at)?.mapped ?? null, item.rejected);
        held.push(chunk);
      };
      let index = 0;
      const one = async (record: unknown): Promise<void> => {
        const position = index++;
        if (stopping) inputs.push(record);
        const staged = await stageInput(record);
        if ("rejected" in staged) {
          // Counted in input order: what was read before it is settled first.
          await flush();
          observe(staged.key, "", null, null, staged.rejected);
          if (stopping) {
            held.push({ index: position, rejected: staged });
            return;
          }
          telemetry.ingested("", "rejected", staged.rejected, null);
          count(position, { recordKey: staged.key, profileId: null, outcome: "rejected", issues: staged.rejected });
          return;
        }
        pending.push({ index: position, staged });
        if (pending.length >= chunkSize) await flush();
      };
      // An array or other iterable is read as it is (for await would treat each record as a possible promise);
      // an async iterable (a stream) is read as batches are written, so a slow store slows the reader: backpressure.
      try {
        if (typeof (records as Iterable<unknown>)[Symbol.iterator] === "function") for (const record of records as Iterable<unknown>) await one(record);
        else for await (const record of records as AsyncIterable<unknown>) await one(record);
        await flush();
      } catch (error) {
        // The input (or the store) failed midway: what was written is named in an interrupted batch record.
        if (checking !== null && observer !== null && written.size > 0) await recordBatch(observer.summary(), checking, "interrupted", [...written]).catch(() => undefined);
        throw error;
      }
      if (checking === null || observer === null) {
        manyOptions.onProgress?.({ processed, outcomes: { ...outcomes } });
        return { processed, outcomes, rejected };
      }
      if (stopping) {
        const before = checkExpectations(observer.summary(), checking.expectations.filter(isRecordExpectation), { now: now() });
        if (!before.passed) {
          // Stryker disable next-line ArrayDeclaration: a stopped batch's record names no keys, whatever it is given
          const batch = await recordBatch(observer.summary(), checking, "stopped", []);
          manyOptions.onProgress?.({ processed, outcomes: { ...outcomes } });
          return { processed, outcomes, rejected, batch, quarantined: inputs };
        }
        inputs.length = 0;
        for (const item of held.splice(0)) {
          if ("rejected" in item) {
            telemetry.ingested("", "rejected", item.rejected.rejected, null);
            count(item.index, { recordKey: item.rejected.key, profileId: null, outcome: "rejected", issues: item.rejected.rejected });
          } else await commitChunk(item, true);
        }
      }
      await observeProfiles([...touched], observer, checking);
      const batch = await recordBatch(observer.summary(), checking, null, [...written]);
      manyOptions.onProgress?.({ processed, outcomes: { ...outcomes } });
      return { processed, outcomes, rejected, batch };
    },
    refresh,
    async batch(id) {
      if (typeof id !== "string" || id === "") throw new ProfileKitError("invalid_options", "profile engine: a batch id is a non-empty string.");
      const [doc] = await readDocuments(store, "batch", [id]);
      return doc == null ? null : readBatch(id, doc.value);
    },
    async *batches() {
      let after: string | null = null;
      for (;;) {
        const page: readonly StoredDocument[] = await guard("scan", () => store.scan("batch", after, 100));
        if (!_isList(page)) throw new ProfileKitError("store_failure", "profile engine: the store's scan answered something other than an array.");
        if (page.length === 0) return;
        for (const doc of page) {
          after = doc.key;
          yield readBatch(doc.key, doc.value);
        }
      }
    },
    async getProfile(profileId) {
      const profile = await loadProfile(profileId);
      return profile === null ? null : await view(profile, profileId);
    },
    async *profiles(pageOptions = {}) {
      const pageSize = pageOptions.pageSize ?? 1000;
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100_000) throw new ProfileKitError("invalid_options", "profiles: pageSize must be an integer from 1 to 100,000.");
      let after: string | null = null;
      for (;;) {
        const page: readonly StoredDocument[] = await guard("scan", () => store.scan("profile", after, pageSize));
        if (!_isList(page)) throw new ProfileKitError("store_failure", "profile engine: the store's scan answered something other than an array.");
        if (page.length === 0) return;
        for (const doc of page) {
          if (after !== null && !(doc.key > after)) throw new ProfileKitError("store_failure", "profile engine: the store's scan did not answer keys in ascending order.");
          after = doc.key;
          yield await view(_readProfile(doc.key, doc.value), doc.key);
        }
      }
    },
    async profileOf(ref) {
      const record = await loadRecord(ref);
      const profile = await loadProfile(record.profileId);
      return profile === null ? null : await view(profile, profile.id);
    },
    async personalize(profileId, personalizeOptions = {}) {
      if (schemaData.slots === null) throw new ProfileKitError("invalid_options", "personalize: the schema has no slots; give defineSchema({ slots: { … } }), or call personalize(profile, slots) from profile-kit/fallback.");
      const profile = await loadProfile(profileId);
      if (profile === null) return null;
      const result = personalizeProfile(await view(profile, profileId), schemaData.slots as CompiledSlots, personalizeOptions);
      telemetry.personalized(result.report, result.send, result.sendReason);
      return result;
    },
    async profileAsOf(profileId, query = {}) {
      const id = await resolveAlias(profileId);
      const [doc] = await readDocuments(store, "history", [id]);
      if (doc == null) return null;
      const stored = _readHistory(id, doc.value);
      return stored.history === null ? null : profileAsOf(stored.history, query);
    },
    async history(profileId) {
      const id = await resolveAlias(profileId);
      const [doc] = await readDocuments(store, "history", [id]);
      if (doc == null) return null;
      const stored = _readHistory(id, doc.value);
      return { profileId: id, history: stored.history, lineage: stored.lineage };
    },
    reviewQueue,
    audit,
    override,
    explain,
    assert,
    erase,
    async close() {
      await guard("close", () => store.close?.());
    },
  };
}
