import type { AnySchema } from "../engine/defineSchema.js";
import type { ComparisonLevel, DateOrder } from "../shared/types.js";

export type { ComparisonLevel } from "../shared/types.js";
import type { MatchExplanation } from "./explainMatch.js";
import type { Issue } from "../errors/issue.js";

/** The standard fields identity resolution understands without configuration. */
export type IdentityField =
  | "firstName"
  | "lastName"
  | "fullName"
  | "email"
  | "phone"
  | "dateOfBirth"
  | "street"
  | "city"
  | "region"
  | "postalCode"
  | "country"
  | "customerId";

/** How a custom field is compared. */
export type ComparisonKind = "exact" | "levenshtein" | "jaroWinkler" | "date" | "numeric";

/** A field outside the standard set, with its comparison. */
export interface CustomField {
  /** How values are compared: exact equality, Levenshtein distance bands, Jaro-Winkler bands, dates, numbers. */
  readonly kind: ComparisonKind;
  /** For `numeric`: the largest difference still counted as "close". Default 0. */
  readonly tolerance?: number;
  /** Also use the exact value as a blocking key (for identifiers such as a national id). Default false. */
  readonly block?: boolean;
  /**
   * This field alone identifies a person (like a customer id): equal values link by rule, different
   * values veto a probabilistic link, and a profile holds at most one value. Default false.
   */
  readonly identifier?: boolean;
  /**
   * The field's comparison as levels, most similar first, instead of the kind's built-in ones: e.g.
   * `[{ exact: true }, { maxEdits: 1 }, { minJaroWinkler: 0.88 }]`. The kind still says how values are
   * read (text, number, date). A level of one edit counts as a close identifier.
   */
  readonly levels?: readonly ComparisonLevel[];
}

/** One comparison level of a field, with its m and u probabilities. */
export interface ModelLevel {
  /** Level name ("exact", "nickname", "jaroWinkler92", "else"…). */
  readonly name: string;
  /** P(level | same person). */
  readonly m: number;
  /** P(level | different people). */
  readonly u: number;
}

/**
 * A Fellegi–Sunter match model: per field, the m and u probability of each comparison level, plus the
 * prior probability that two random records match. Plain JSON: store it, version it, pass it back.
 */
export interface MatchModel {
  /** Format version. */
  readonly version: 1;
  /** P(two random records are the same person); null to derive it from the number of records. */
  readonly probabilityTwoRandomRecordsMatch: number | null;
  /** Per compared field, its levels from most to least similar (the last is "else"). */
  readonly fields: Readonly<Record<string, readonly ModelLevel[]>>;
}

/** A match / no-match decision made by a person, honoured by every resolution. */
export interface MatchAssertion {
  /** One record id. */
  readonly a: string;
  /** The other record id. */
  readonly b: string;
  /** `true`: the same person (must link); `false`: different people (cannot link). */
  readonly match: boolean;
}

/** Options of {@link resolveIdentities}. */
export interface ResolveIdentitiesOptions {
  /** The field holding each record's unique id. Default `"id"`. */
  readonly idField?: string;
  /** The field naming the record's source system. Default `"source"`. */
  readonly sourceField?: string;
  /** Map your column names onto the standard fields: `{ given_name: "firstName", zip: "postalCode" }`. */
  readonly fields?: Readonly<Record<string, IdentityField>>;
  /** Fields outside the standard set, with how to compare them. */
  readonly customFields?: Readonly<Record<string, CustomField>>;
  /**
   * `"dedupe"` (default) finds duplicates across all records; `"link"` only links records from different
   * sources, for sources that are each already clean.
   */
  readonly mode?: "dedupe" | "link";
  /** A trained model (see `trainModel`). Default: built-in parameters that work without training. */
  readonly model?: MatchModel;
  /** Match probability at or above which a scored pair links. Default 0.95. */
  readonly threshold?: number;
  /** Clusters larger than `maxClusterSize` are re-split keeping only links at or above this. Default 0.999. */
  readonly strictThreshold?: number;
  /** Largest profile before it is re-split at the strict threshold. Default 50. */
  readonly maxClusterSize?: number;
  /** Blocks larger than this are skipped (so one huge block cannot make a run quadratic). Default 200, at most 100,000. */
  readonly maxBlockSize?: number;
  /**
   * Most candidate pairs compared in one run, whatever the block sizes. A block whose pairs would exceed
   * what is left of this budget is skipped whole and counted in `stats.blocksOverBudget`, so memory and
   * time stay bounded for every allowed option value. Default 25,000,000 (about 200 MB), at most 200,000,000.
   */
  readonly maxComparisons?: number;
  /**
   * An email, phone or identifier seen with more than this many distinct people (told apart by their
   * first names) stops counting as evidence — a family email, a household phone. Default 1.
   */
  readonly maxPeoplePerValue?: number;
  /**
   * The comparable form of a customer id. By default one id written several ways is one id: case, spaces and
   * separators do not count, and digits behind at most three letters count as their number
   * (`75871826`, `C75871826`, `c-7587-1826` and `0075871826` agree). Give a function when your prefixes
   * tell customers apart or your ids have another format; return null for a value that is no id.
   */
  readonly customerIdFormat?: (value: string) => string | null;
  /** Most distinct values a profile may hold; a link that would exceed them is cut. Defaults: customerId 1, email 5, phone 5. */
  readonly identifierLimits?: { readonly customerId?: number; readonly email?: number; readonly phone?: number };
  /** ISO alpha-2 country for records without one (phones, dates, postal codes). */
  readonly defaultCountry?: string;
  /** How to read ambiguous numeric dates when nothing else decides. Ambiguous dates otherwise match either reading. */
  readonly dateOrder?: DateOrder;
  /** Match / no-match decisions to honour (must-link, cannot-link). */
  readonly assertions?: readonly MatchAssertion[];
  /**
   * Threads that standardise the records and extract what is compared, the calling one included (the call
   * stays synchronous: this thread prepares its share, then waits for the others'). 1 prepares everything
   * in this thread. Default: one per core, at most 4, for 50,000 records or more; 1 for fewer. Values of a
   * type other than string, number, boolean, null or undefined are prepared in the calling thread.
   */
  readonly threads?: number;
  /**
   * A schema from `defineSchema`: how records are read (id, source, columns, custom fields, country, date
   * order) and its identity settings, which the options given here override. Refused together with
   * `idField`, `sourceField`, `fields`, `customFields`, `defaultCountry` or `dateOrder`.
   */
  readonly schema?: AnySchema;
}

/** One resolved person: the records that belong together. */
export interface IdentityCluster {
  /** Stable id: the same records give the same id, whatever their order. */
  readonly id: string;
  /** Member record ids, sorted. */
  readonly recordIds: readonly string[];
}

/** A scored pair of records that joined a cluster. */
export interface IdentityLink {
  readonly a: string;
  readonly b: string;
  /** Match probability (1 for a deterministic rule or an assertion). */
  readonly probability: number;
  /** Match weight in bits (log2 Bayes factor including the prior), as the model scored the pair, also when a rule or an assertion decided. */
  readonly matchWeight: number;
  /** What decided: a rule (`{ kind: "rule", field: "email" }`), an assertion, or the model. */
  readonly decidedBy: MatchDecision;
}

/** Why a guard ruled a pair out. */
export type VetoReason = "customerId" | "firstName" | "dateOfBirth" | "noPersonEvidence";

/**
 * What decided a pair: the model's match weight against the threshold, a deterministic rule on one field
 * (the same customer id, an unshared email, a custom identifier), a person's assertion, or a veto (a guard
 * against over-merging that ruled the pair out). `formatDecision` gives it as one label ("rule:email").
 */
export type MatchDecision =
  | { readonly kind: "model" }
  | { readonly kind: "rule"; readonly field: string }
  | { readonly kind: "assertion" }
  | { readonly kind: "veto"; readonly reason: VetoReason };

/** How often each guard against over-merging fired. */
export interface GuardStats {
  /** Field values that were placeholders (test@test.com, 000-000-0000, 1900-01-01) and so never evidence. */
  readonly placeholderValues: number;
  /** Distinct values seen with more than `maxPeoplePerValue` people (they stopped counting). */
  readonly sharedValues: number;
  /**
   * Candidate pairs a guard vetoed: first names or birth dates that conflict, different customer ids, or no
   * evidence of the person beyond a shared household value (every `decidedBy.kind === "veto"`).
   */
  readonly conflictVetoes: number;
  /** Links cut because the profile would exceed an identifier limit. */
  readonly identifierLimitCuts: number;
  /** Links cut by a cannot-link assertion. */
  readonly cannotLinkCuts: number;
  /** Clusters re-split because they exceeded `maxClusterSize`. */
  readonly oversizedClustersResplit: number;
}

/** Counts that describe a run. */
export interface ResolutionStats {
  readonly records: number;
  readonly clusters: number;
  readonly singletons: number;
  /** Distinct candidate pairs each blocking rule produced (a pair two rules find counts for both). */
  readonly candidatePairsByRule: Readonly<Record<string, number>>;
  /** Distinct candidate pairs compared. */
  readonly comparisons: number;
  /** Blocks skipped because they exceeded `maxBlockSize`. */
  readonly skippedBlocks: number;
  /** Blocks skipped because their pairs would have exceeded `maxComparisons`. */
  readonly blocksOverBudget: number;
  /**
   * Custom-field values longer than their comparison limit (100 characters for fuzzy comparisons, 1,000
   * for exact ones), compared on their first characters only.
   */
  readonly truncatedValues: number;
  /** Pairs that scored at or above the threshold (or matched a rule). */
  readonly matchedPairs: number;
  /** Pairs decided by each deterministic rule. */
  readonly ruleMatches: Readonly<Record<string, number>>;
  readonly guards: GuardStats;
}

/** One bin of the match-weight histogram: compared pairs whose weight is in `[from, from + 1)` bits. */
export interface MatchWeightBin {
  /** The bin's lower edge in bits; the first and last bins also hold every weight beyond them. */
  readonly from: number;
  /** Pairs that reached the threshold or a rule. */
  readonly linked: number;
  /** Pairs below the threshold. */
  readonly notLinked: number;
}

/** A compared pair, with how its weight was reached (as `explainMatch` gives it). */
export interface ExplainedPair {
  readonly a: string;
  readonly b: string;
  readonly probability: number;
  readonly matchWeight: number;
  readonly explanation: MatchExplanation;
}

/**
 * How the compared pairs scored, for a Splink-style match-weight histogram and a look at the pairs just
 * below the threshold. Pairs a guard vetoed are left out (they are counted in `stats.guards.conflictVetoes`).
 */
export interface ScoreSummary {
  /** The threshold as a match weight in bits (log2 of its odds). */
  readonly thresholdWeight: number;
  /** The prior: log2 odds that two random records of the data set match, where every pair's weight starts. */
  readonly priorWeight: number;
  /** The model the pairs were scored with (the built-in parameters unless one was given), for its m and u per level. */
  readonly model: MatchModel;
  /** Pairs per 1-bit bin of match weight, from the lowest non-empty bin to the highest (weights beyond ±60 bits fall in the end bins). */
  readonly histogram: readonly MatchWeightBin[];
  /** The strongest pairs the model scored below the threshold, strongest first (at most 25). */
  readonly nearMisses: readonly ExplainedPair[];
  /** The weakest links the model decided (not a rule or an assertion) that joined a profile, weakest first (at most 25). */
  readonly weakestLinks: readonly ExplainedPair[];
}

/** The result of {@link resolveIdentities}. */
export interface ResolveIdentitiesResult {
  /** Every input record in exactly one cluster (singletons included), sorted by cluster id. */
  readonly clusters: readonly IdentityCluster[];
  /** The links that joined records, strongest first. */
  readonly links: readonly IdentityLink[];
  /**
   * Problems with the run as a whole: `nothing_comparable` when no record has a value identity compares;
   * `assertion_ignored` (path `["assertions", k]`) for each assertion not applied — a record not in the
   * data, a record with itself, or a must-link a cannot-link of the same pair contradicts.
   */
  readonly issues: readonly Issue[];
  readonly stats: ResolutionStats;
  /** The match weights of the compared pairs: a histogram and the strongest pairs below the threshold. */
  readonly scores: ScoreSummary;
}
