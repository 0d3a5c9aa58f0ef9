import type { AnySchema } from "../engine/defineSchema.js";
import type { Issue } from "../errors/issue.js";
import type { ProfileAttributes, TimeInput } from "../shared/types.js";
/**
 * The types of merge/: survivorship policies, golden profiles and their provenance. Only types and the
 * provenance limit live here; the functions are in mergeRecords.ts and unmergeRecord.ts.
 */

/** A strategy that narrows the candidate values of an attribute; chained, each narrows what the previous left. */
export type SelectStrategy = "mostRecent" | "oldest" | "sourcePriority" | "mostFrequent" | "longest" | "firstNonNull" | "min" | "max" | "trust" | "consent";

/** A strategy that combines every candidate value into one. */
export type CombineStrategy = "union" | "sum" | "average" | "any" | "all";

/** One value a record offers for an attribute. */
export interface MergeCandidate {
  readonly value: unknown;
  readonly recordId: string;
  readonly source: string | null;
  /** Epoch milliseconds of the observation, or null when the record had none. */
  readonly observedAt: number | null;
}

/** How one attribute is merged. */
export interface AttributeRule {
  /** A strategy, a chain of select strategies ("sourcePriority", then "mostRecent"), or a custom function. */
  readonly strategy: SelectStrategy | CombineStrategy | readonly SelectStrategy[] | ((candidates: readonly MergeCandidate[]) => unknown);
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
  /** The survivorship policy. Default {@link DEFAULT_MERGE_POLICY}, or the schema's. */
  readonly policy?: MergePolicy;
  /**
   * A schema from `defineSchema`: records are read through it (id, source, observation time, columns) and
   * its merge policy applies unless `policy` is given. Refused with `idField`, `sourceField`, `timeField`.
   */
  readonly schema?: AnySchema;
  /** Field holding each record's id. Default `"id"`. */
  readonly idField?: string;
  /** Field naming each record's source. Default `"source"`. */
  readonly sourceField?: string;
  /** Field holding when each record was observed. Default `"updatedAt"`. */
  readonly timeField?: string;
  /** The clock for trust decay (epoch ms, ISO string or Date). Needed only by the `trust` strategy. */
  readonly now?: TimeInput;
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

/**
 * A golden profile, as `mergeRecords` builds it from one person's records: one value per attribute, the
 * provenance of each, and the conflicts between sources. It fits `ProfileView`, so personalization
 * and versioning read it as it is.
 */
export interface GoldenProfile {
  readonly id: string;
  readonly attributes: ProfileAttributes;
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
