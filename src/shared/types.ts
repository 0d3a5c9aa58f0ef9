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
 * A point in time, everywhere profile-kit takes one (`now`, `validAt`, `recordedAt`, an observation time):
 * ISO 8601 text (a zone-less one is read in the call's time zone, UTC by default, and reported), epoch
 * milliseconds, or a `Date`.
 */
export type TimeInput = string | number | Date;
