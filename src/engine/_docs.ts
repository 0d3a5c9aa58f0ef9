import * as z from "zod/mini";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { _FeatureRow } from "../identity/_prepare.js";
import type { ProfileHistory } from "../versioning/types.js";

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
}

/** One merge, split, join or move, as recorded in a profile's lineage. */
export interface LineageEvent {
  readonly type: "created" | "joined" | "merged" | "split" | "updated" | "moved" | "asserted";
  /** Epoch ms. */
  readonly at: number;
  readonly profileId: string;
  readonly recordKey?: string;
  /** For a merge: the ids merged into this profile. For a move: the profile the record left. */
  readonly from?: readonly string[];
  /** For a split: the new profiles split off. For a move: where the record went. */
  readonly into?: readonly string[];
  /** What caused it: an ingest, an assertion or a refresh. */
  readonly cause: "ingest" | "assert" | "refresh";
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
});
const profileSchema = z.object({
  id: str, createdAt: z.number(), updatedAt: z.number(), recordKeys: strs, attributes: z.record(z.string(), json),
  absorbed: strs,
});
const historySchema = z.object({ history: z.nullable(z.object({ format: z.literal("profile-kit/history@1"), profileId: str, entries: z.array(json) })), lineage: z.array(z.object({ type: str, at: z.number(), profileId: str })) });
const aliasSchema = z.object({ target: str });

/** Documents this engine committed (or already checked): read back, they need no second check. */
const trusted = new WeakSet();

/** Marks a value the engine built itself. */
export function _trust<T extends object>(value: T): T {
  trusted.add(value);
  return value;
}

/** Whether a store's answer is an array (typed so that the elements stay typed). */
export function _isList(value: unknown): boolean {
  return Array.isArray(value);
}

function check(schema: z.ZodMiniType, kind: string, key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && trusted.has(value)) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw new ProfileKitError("store_failure", `profile engine: the store returned a malformed ${kind} document for ${JSON.stringify(key)} (${result.error.issues[0]?.path.join(".") ?? ""}: ${result.error.issues[0]?.message ?? ""}).`);
  if (typeof value === "object" && value !== null) trusted.add(value);
  return value;
}

export const _readRecord = (key: string, value: unknown): _StoredRecord => check(recordSchema, "record", key, value) as _StoredRecord;
export const _readProfile = (key: string, value: unknown): _StoredProfile => check(profileSchema, "profile", key, value) as _StoredProfile;
export const _readHistory = (key: string, value: unknown): _StoredHistory => check(historySchema, "history", key, value) as _StoredHistory;
export const _readAlias = (key: string, value: unknown): { readonly target: string } => check(aliasSchema, "alias", key, value) as { readonly target: string };

