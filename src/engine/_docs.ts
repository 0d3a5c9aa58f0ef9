import * as z from "zod/mini";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { _FeatureRow } from "../identity/_prepare.js";
import type { ProfileHistory } from "../versioning/types.js";
import { _isSummary } from "../monitoring/observeBatch.js";

/** A record as a profile engine stores it. */
export interface _StoredRecord {
  readonly key: string;
  readonly id: string;
  readonly source: string;
  readonly profileId: string;
  /** Valid time (epoch ms) of the values held, or null. */
  readonly observedAt: number | null;
  /** When the engine first saw the record (epoch ms): the oldest record keeps a profile's id. */
  readonly firstSeenAt: number;
  readonly contentHash: string;
  /** The record mapped through the schema and cleansed. */
  readonly record: Readonly<Record<string, unknown>>;
  readonly features: _FeatureRow;
  readonly blockingKeys: readonly string[];
  readonly counterKeys: readonly string[];
  /** Records asserted to be someone else (cannot-link) or the same person (must-link). */
  readonly cannot: readonly string[];
  readonly must: readonly string[];
  /**
   * Profiles the record belonged to before its present one (a split, a move or a merge took it away): their
   * histories and audit logs still hold its values and key, and an erasure scrubs them there. Absent: none.
   */
  readonly formerProfiles?: readonly string[];
}

/** A profile as a profile engine stores it. */
export interface _StoredProfile {
  readonly id: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly recordKeys: readonly string[];
  /** The golden attributes (their provenance and conflicts are merged again from the records on reading). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Ids of profiles merged into this one (now aliases of it). */
  readonly absorbed: readonly string[];
  /** Values set by hand (`engine.override`), which win over the records' until removed. */
  readonly overrides?: Readonly<Record<string, { readonly value: unknown; readonly by?: string; readonly at?: string }>>;
}

/**
 * Why a merge, split or erasure happened, as the audit log keeps it: the strongest link that joined the
 * profiles (its deciding rule or the model, with probability and match weight), a person's assertion, a
 * re-clustering that no longer joins them, or an erasure request.
 */
export type AuditReason =
  | { readonly kind: "link"; readonly a: string; readonly b: string; readonly decidedBy: string; readonly probability: number; readonly matchWeight: number }
  | { readonly kind: "assertion"; readonly a: string; readonly b: string; readonly match: boolean; readonly note?: string }
  | { readonly kind: "reclustered" }
  | { readonly kind: "erasure"; readonly records: number; readonly note?: string }
  | { readonly kind: "override"; readonly attribute: string; readonly removed: boolean; readonly note?: string };

/** One merge, split, join, move or erasure, as recorded in a profile's lineage (its audit log). */
export interface LineageEvent {
  readonly type: "created" | "joined" | "merged" | "split" | "updated" | "moved" | "asserted" | "overridden" | "erased";
  /** Epoch ms. */
  readonly at: number;
  readonly profileId: string;
  readonly recordKey?: string;
  /** For a merge: the ids merged into this profile. For a move: the profile the record left. */
  readonly from?: readonly string[];
  /** For a split: the new profiles split off. For a move: where the record went. */
  readonly into?: readonly string[];
  /** What caused it: an ingest, an assertion, a refresh, an override or an erasure. */
  readonly cause: "ingest" | "assert" | "refresh" | "override" | "erase";
  /** Who or what decided: `"engine"` for ingest and refresh, the `by` given to `assert` or `erase`. */
  readonly by?: string;
  /** Why (for merges, splits and erasures). */
  readonly why?: AuditReason;
}

/** A profile's history document: its versions and its lineage. */
export interface _StoredHistory {
  readonly history: ProfileHistory | null;
  readonly lineage: readonly LineageEvent[];
}

const json = z.unknown();
const str = z.string();
const strs = z.array(z.string());
const nullableStr = z.nullable(z.string());
const featureSchema = z.object({
  id: str, source: nullableStr, firstNames: strs, last: nullableStr, email: nullableStr, emailShared: z.boolean(), phone: nullableStr,
  dob: nullableStr, dobAlt: nullableStr, street: nullableStr, city: nullableStr, postal: nullableStr, customerId: nullableStr,
  custom: z.array(z.union([z.string(), z.number(), z.null()])),
});
const recordSchema = z.object({
  key: str, id: str, source: str, profileId: str, observedAt: z.nullable(z.number()), firstSeenAt: z.number(), contentHash: str,
  record: z.record(z.string(), json), features: featureSchema, blockingKeys: strs, counterKeys: strs, cannot: strs, must: strs,
  formerProfiles: z.optional(strs),
});
const profileSchema = z.object({
  id: str, createdAt: z.number(), updatedAt: z.number(), recordKeys: strs, attributes: z.record(z.string(), json),
  absorbed: strs,
  overrides: z.optional(z.record(z.string(), z.object({ value: json, by: z.optional(str), at: z.optional(str) }))),
});
const historySchema = z.object({ history: z.nullable(z.object({ format: z.literal("profile-kit/history@1"), profileId: str, entries: z.array(json) })), lineage: z.array(z.object({ type: str, at: z.number(), profileId: str })) });
const aliasSchema = z.object({ target: str });

/** Whether a store's answer is an array (typed so that the elements stay typed). */
export function _isList(value: unknown): boolean {
  return Array.isArray(value);
}

// Fast checks of the same shapes, for the reads of every ingest (zod's parse was a twentieth of ingestMany's
// time). Each says whether a value has the shape its zod schema above describes; the zod schema is then
// only run to name what is wrong. A property test holds the two to each other.
const isStr = (v: unknown): boolean => typeof v === "string";
const isNum = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v);
const isNullableStr = (v: unknown): boolean => v === null || typeof v === "string";
/** Every element, holes included (`every` skips the holes of a sparse array). */
function each(v: unknown, test: (item: unknown) => boolean): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!test(v[i])) return false;
  return true;
}
const isStrs = (v: unknown): boolean => each(v, isStr);
const isDict = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const FEATURE_STRINGS = ["last", "email", "phone", "dob", "dobAlt", "street", "city", "postal", "customerId", "source"] as const;

function isFeatures(v: unknown): boolean {
  if (!isDict(v) || !isStr(v["id"]) || typeof v["emailShared"] !== "boolean" || !isStrs(v["firstNames"])) return false;
  for (const name of FEATURE_STRINGS) if (!isNullableStr(v[name])) return false;
  const custom = v["custom"];
  return each(custom, (c) => c === null || typeof c === "string" || isNum(c));
}

/** @internal */
export function _isRecordDoc(v: unknown): boolean {
  return isDict(v) && isStr(v["key"]) && isStr(v["id"]) && isStr(v["source"]) && isStr(v["profileId"]) && (v["observedAt"] === null || isNum(v["observedAt"])) && isNum(v["firstSeenAt"]) && isStr(v["contentHash"]) && isDict(v["record"]) && isFeatures(v["features"]) && isStrs(v["blockingKeys"]) && isStrs(v["counterKeys"]) && isStrs(v["cannot"]) && isStrs(v["must"]) && (v["formerProfiles"] === undefined || isStrs(v["formerProfiles"]));
}

/** What scoring and clustering read of a stored record (a shared refresh's claims carry only this). */
export type _MatchRecord = Pick<_StoredRecord, "key" | "profileId" | "features" | "counterKeys" | "cannot" | "must">;

/** A record's match data from a shared refresh's claim, checked: `store_failure` when malformed. @internal */
export function _readMatchRecord(key: string, value: unknown): _MatchRecord {
  const v = value as Record<string, unknown> | null;
  if (!isDict(v) || !isStr(v["profileId"]) || !isFeatures(v["features"]) || !isStrs(v["counterKeys"]) || !isStrs(v["cannot"]) || !isStrs(v["must"])) {
    throw new ProfileKitError("store_failure", `profile engine: the store's shared refresh gave malformed match data for record ${JSON.stringify(key)}.`);
  }
  return { key, profileId: v["profileId"] as string, features: v["features"] as _FeatureRow, counterKeys: v["counterKeys"] as string[], cannot: v["cannot"] as string[], must: v["must"] as string[] };
}

/** @internal */
export function _isProfileDoc(v: unknown): boolean {
  return isDict(v) && isStr(v["id"]) && isNum(v["createdAt"]) && isNum(v["updatedAt"]) && isStrs(v["recordKeys"]) && isDict(v["attributes"]) && isStrs(v["absorbed"]) && (v["overrides"] === undefined || isOverrides(v["overrides"]));
}

/** Manual overrides as the profile schema reads them: each an object (its value), with an optional string `by` and `at`. */
function isOverrides(v: unknown): boolean {
  if (!isDict(v)) return false;
  for (const entry of Object.values(v)) {
    if (!isDict(entry)) return false;
    if ((entry["by"] !== undefined && !isStr(entry["by"])) || (entry["at"] !== undefined && !isStr(entry["at"]))) return false;
  }
  return true;
}

/** @internal */
export function _isHistoryDoc(v: unknown): boolean {
  if (!isDict(v)) return false;
  const history = v["history"];
  if (history !== null && !(isDict(history) && history["format"] === "profile-kit/history@1" && isStr(history["profileId"]) && Array.isArray(history["entries"]))) return false;
  const lineage = v["lineage"];
  return each(lineage, (e) => isDict(e) && isStr(e["type"]) && isNum(e["at"]) && isStr(e["profileId"]));
}

const isAliasDoc = (v: unknown): boolean => isDict(v) && isStr(v["target"]);

/**
 * A document read from a store, checked by its fast check (the zod schema only names what is wrong). Every
 * document is checked, even one the engine built itself and a store handed back as it was given: a weak set
 * of values known good, kept here before, made every young-generation collection slower (by 1-2 ms at
 * 150,000 records) to save checks that cost microseconds.
 */
function check(schema: z.ZodMiniType, fast: (value: unknown) => boolean, kind: string, key: string, value: unknown): unknown {
  if (!fast(value)) {
    const result = schema.safeParse(value);
    const where = result.success ? "" : `${result.error.issues[0]?.path.join(".") ?? ""}: ${result.error.issues[0]?.message ?? ""}`;
    throw new ProfileKitError("store_failure", `profile engine: the store returned a malformed ${kind} document for ${JSON.stringify(key)} (${where}).`);
  }
  return value;
}

/** The zod schemas the fast checks follow (for the property test that holds them to each other). @internal */
export const _DOC_SCHEMAS: { readonly record: z.ZodMiniType; readonly profile: z.ZodMiniType; readonly history: z.ZodMiniType; readonly alias: z.ZodMiniType } = { record: recordSchema, profile: profileSchema, history: historySchema, alias: aliasSchema };

export const _readRecord = (key: string, value: unknown): _StoredRecord => check(recordSchema, _isRecordDoc, "record", key, value) as _StoredRecord;
export const _readProfile = (key: string, value: unknown): _StoredProfile => check(profileSchema, _isProfileDoc, "profile", key, value) as _StoredProfile;
export const _readHistory = (key: string, value: unknown): _StoredHistory => check(historySchema, _isHistoryDoc, "history", key, value) as _StoredHistory;
export const _readAlias = (key: string, value: unknown): { readonly target: string } => check(aliasSchema, isAliasDoc, "alias", key, value) as { readonly target: string };

// A batch record, read back from a store: every field the engine and a host read, to the leaves (the
// summary by the same check observeBatch's readers use).
const finite = z.number().check(z.refine(Number.isFinite));
const count = z.number().check(z.int(), z.gte(0));
const metricSchema = z.object({ value: finite, n: finite, rate: z.boolean() });
const batchProfileSchema = z.record(z.string(), metricSchema);
const checkResultSchema = z.object({
  name: str,
  kind: z.enum(["completeness", "validity", "freshness", "volume", "uniqueness", "relationships"]),
  severity: z.enum(["warn", "fail"]),
  passed: z.boolean(),
  observed: z.nullable(finite),
  threshold: z.object({ min: z.optional(finite), max: z.optional(finite) }),
  total: count,
  failing: count,
  sample: strs,
  message: nullableStr,
});
const batchSchema = z.object({
  id: str,
  at: finite,
  status: z.enum(["passed", "warned", "stopped", "quarantined", "interrupted"]),
  records: count,
  checks: z.object({ passed: z.boolean(), results: z.array(checkResultSchema), failed: z.array(checkResultSchema), warned: z.array(checkResultSchema) }),
  summary: z.custom((value) => _isSummary(value)),
  anomalies: z.nullable(z.object({
    flags: z.array(z.object({ metric: str, value: finite, direction: z.enum(["up", "down"]), baseline: z.object({ mean: finite, sd: finite, batches: count }), z: finite })),
    metrics: batchProfileSchema,
    baseline: z.object({ format: z.literal("profile-kit/baseline@1"), batches: z.array(z.object({ at: finite, metrics: batchProfileSchema })) }),
  })),
  recordKeys: strs,
});

/** A stored batch record, checked to its leaves: `store_failure` naming the first wrong field. @internal */
export function _readBatch(key: string, value: unknown): unknown {
  let result: ReturnType<typeof batchSchema.safeParse>;
  try {
    result = batchSchema.safeParse(value);
  } catch (error) {
    throw new ProfileKitError("store_failure", `profile engine: the store's batch ${JSON.stringify(key)} could not be read.`, { cause: error });
  }
  const id = result.success ? result.data.id : null;
  if (!result.success || id !== key) {
    const where = result.success ? "id: not the key it is stored under" : `${result.error.issues[0]?.path.join(".") ?? ""}: ${result.error.issues[0]?.message ?? ""}`;
    throw new ProfileKitError("store_failure", `profile engine: the store's batch ${JSON.stringify(key)} is not a batch record (${where}).`);
  }
  return value;
}
