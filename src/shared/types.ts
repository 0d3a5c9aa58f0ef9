/**
 * The vocabulary every stage shares: how a standardised value came out, what a date holds, and the one
 * way a point in time is given.
 */

/** How a field came out of standardisation, for quality reports: already standard, standardised, unusable or absent. */
export type FieldStatus = "valid" | "fixed" | "invalid" | "missing";

/** What a date field holds: a calendar date, a birth date (checked for plausibility) or a point in time. */
export type DateKind = "date" | "birthDate" | "timestamp";

/** How to read a numeric date whose day and month could be swapped. */
export type DateOrder = "MDY" | "DMY" | "YMD";

/**
 * One comparison level of a custom field, as Splink's comparison library builds them: a name (optional)
 * and the one test a pair's values must pass to reach it. Levels are tried in order, most similar first;
 * a missing value and "else" (no level reached) are implicit.
 *
 * - `exact: true` — the values are equal (any kind);
 * - `maxEdits` — text at most this many edits apart, a swap of neighbours counting as one;
 * - `minJaroWinkler` — text at least this Jaro-Winkler similar (0 to 1);
 * - `samePrefix` — text whose first characters agree, this many of them;
 * - `maxDifference` — numbers at most this far apart;
 * - `maxDays` — dates at most this many days apart.
 */
export type ComparisonLevel = { readonly name?: string } & (
  | { readonly exact: true }
  | { readonly maxEdits: number }
  | { readonly minJaroWinkler: number }
  | { readonly samePrefix: number }
  | { readonly maxDifference: number }
  | { readonly maxDays: number }
);

/**
 * A point in time, everywhere profile-kit takes one (`now`, `validAt`, `recordedAt`, an observation time):
 * ISO 8601 text (a zone-less one is read in the call's time zone, UTC by default, and reported), epoch
 * milliseconds, or a `Date`.
 */
export type TimeInput = string | number | Date;

/** The attributes of a profile: attribute name → value (plain JSON). */
export type ProfileAttributes = Readonly<Record<string, unknown>>;

/** Where a profile's value came from, as readers use it. Every field is optional. */
export interface ValueProvenance {
  /** When the value was observed: ISO 8601 or epoch milliseconds. */
  readonly observedAt?: string | number | null;
  readonly source?: string | null;
  /** 0–1. */
  readonly confidence?: number | null;
  /** 0–1, used when there is no `confidence`. */
  readonly trust?: number | null;
}

/**
 * A profile as every function that reads one takes it (`personalize`, `selectContent`, `diffVersions`,
 * `changesFromProfile`…). A `GoldenProfile` from `mergeRecords` and a `ProfileSnapshot` from `profileAsOf`
 * fit as they are; so does `{ attributes }` alone (then no value has a known age or source).
 */
export interface ProfileView {
  readonly attributes: ProfileAttributes;
  /** Per top-level attribute: where its value came from. */
  readonly provenance?: Readonly<Record<string, ValueProvenance | undefined>>;
  /** Open conflicts: sources disagree about these attributes. */
  readonly conflicts?: readonly { readonly attribute: string }[];
  /** Attributes whose values were redacted. */
  readonly redacted?: readonly string[];
  /** The whole profile was erased. */
  readonly erased?: boolean | null | object;
}
