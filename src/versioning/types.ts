import type { Issue } from "../errors/issue.js";

import type { ProfileAttributes, TimeInput } from "../shared/types.js";

/** One change to offer to a history: an attribute took a value at a point in valid time. */
export interface ChangeInput {
  /** The attribute that changed (`email`, `city`, `order`…). */
  readonly attribute: string;
  /** Its new value, any JSON value; `null` says the attribute stopped having a value. */
  readonly value: unknown;
  /** When it became true in the world (the source's observation time). Default: the recorded time, reported. */
  readonly validAt?: TimeInput | null | undefined;
  /** When profile-kit learned it. Default: the `now` of the call. Give it only when importing an existing log. */
  readonly recordedAt?: TimeInput | null | undefined;
  /** Where it came from (`crm`, `web`…). */
  readonly source?: string | null | undefined;
}

/** One version in a history: a change as recorded. Times are epoch milliseconds (UTC). */
export interface HistoryEntry {
  /** 1, 2, 3… in the order the changes were recorded. */
  readonly version: number;
  readonly attribute: string;
  /** The value, or null when the attribute stopped having one or was redacted. */
  readonly value: unknown;
  /** When it was true in the world. */
  readonly validAt: number;
  /** When it was recorded. */
  readonly recordedAt: number;
  readonly source: string | null;
  /** The value was removed by {@link redactAttribute}; the entry keeps only when and where. */
  readonly redacted?: true;
}

/** What is left of an erased profile: when, and how many versions went. No personal data. */
export interface ErasureTombstone {
  /** Epoch milliseconds of the erasure. */
  readonly erasedAt: number;
  /** How many versions were erased. */
  readonly versionsErased: number;
}

/**
 * The history of one profile: every version of every attribute on two time axes, valid time (when it was
 * true) and recorded time (when it was learned). Plain JSON that a store can persist as it is; treat it as
 * immutable and create new ones with {@link appendChanges} and the other functions of versioning/ (the
 * histories they return are frozen, all but the `entries` array, which is left unfrozen for speed).
 *
 * A history read back from a store is untrusted input: every function that takes one checks it entry by
 * entry (versions, attribute names, times, sources, values within `MAX_VALUE_DEPTH`, redactions, the
 * tombstone) and throws `invalid_options` naming what is wrong, never a value. Histories these functions
 * returned in the same process are known good and are not checked again.
 */
export interface ProfileHistory {
  readonly format: "profile-kit/history@1";
  readonly profileId: string;
  /** In version order, which is recorded order. */
  readonly entries: readonly HistoryEntry[];
  /** The highest version ever given (versions are never reused, even after retention). */
  readonly lastVersion: number;
  /** Versions recorded before this time (epoch ms) were dropped by retention, or null. */
  readonly retainedFrom: number | null;
  /** Attributes whose values were redacted, with when. */
  readonly redactions: readonly { readonly attribute: string; readonly at: number }[];
  /** Set once the profile was erased. */
  readonly erased: ErasureTombstone | null;
}

/** Where the current value of an attribute in a snapshot came from. */
export interface SnapshotProvenance {
  readonly version: number;
  readonly source: string | null;
  /** When it became true (ISO 8601, UTC). */
  readonly observedAt: string;
  /** When it was recorded (ISO 8601, UTC). */
  readonly recordedAt: string;
}

/**
 * A profile as `profileAsOf` reconstructs it from a history, at a point on both time axes. It fits
 * `ProfileView`, so personalization reads it as it is.
 */
export interface ProfileSnapshot {
  readonly profileId: string;
  readonly attributes: ProfileAttributes;
  readonly provenance: Readonly<Record<string, SnapshotProvenance>>;
  /** Attributes that had a value here but were redacted: the value is not returned. */
  readonly redacted: readonly string[];
  /** The profile was erased. */
  readonly erased: boolean;
  /** The highest version the answer used, 0 when none. */
  readonly version: number;
  readonly issues: readonly Issue[];
}

/** How much history to keep. */
export interface RetentionPolicy {
  /** Keep the last N versions (plus the version each attribute had before them). */
  readonly keepVersions?: number | undefined;
  /** Keep versions recorded at or after this time (plus the version each attribute had then). */
  readonly keepAfter?: TimeInput | undefined;
}
