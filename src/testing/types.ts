/** The types of the customer generator. */

/** The source systems the generator imitates. */
export type CustomerSource = "crm" | "web" | "orders" | "support" | "newsletter";

/** Every source, in a fixed order. */
export const CUSTOMER_SOURCES: readonly CustomerSource[] = ["crm", "web", "orders", "support", "newsletter"];

/** A generated record: only standard fields, every value a string as a source system would send it. */
export interface GeneratedCustomerRecord {
  readonly id: string;
  readonly source: CustomerSource;
  readonly updatedAt: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly fullName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly dateOfBirth?: string;
  readonly street?: string;
  readonly city?: string;
  readonly postalCode?: string;
  readonly country?: string;
  readonly customerId?: string;
  readonly [field: string]: string | undefined;
}

/** What was done to one record to make it messy, so tests can find examples of each kind of noise. */
export type RecordNoise =
  | "name_case"
  | "name_whitespace"
  | "name_typo"
  | "nickname"
  | "old_last_name"
  | "full_name_only"
  | "email_case"
  | "email_whitespace"
  | "email_domain_typo"
  | "email_gmail_variant"
  | "email_alternate"
  | "email_family"
  | "phone_format"
  | "phone_household"
  | "date_format"
  | "date_typo"
  | "address_abbreviation"
  | "address_case"
  | "old_address"
  | "country_variant"
  | "postal_code_format"
  | "placeholder_email"
  | "placeholder_phone"
  | "placeholder_birth_date"
  | "timestamp_no_zone"
  | "name_title"
  | "name_swapped"
  | "surname_as_first_name"
  | "name_other_language"
  | "date_year_only"
  | "date_sentinel"
  | "customer_id_format"
  | "names_and_date_typos";

/** Facts about the person behind a record that make resolution hard (hard negatives and changes over time). */
export type EntityTrait =
  | "household_member"
  | "twin"
  | "common_name"
  | "shares_phone"
  | "shares_email"
  | "moved"
  | "name_changed"
  | "email_changed"
  | "has_work_email";

/** One generated record with its ground truth. */
export interface GeneratedRecord {
  /** The record, as the source would send it. Contains no ground truth. */
  readonly record: GeneratedCustomerRecord;
  /** The person it belongs to: records with the same `entityId` are the same person. */
  readonly entityId: string;
  /** The household the person lives in (family members share addresses, phones and sometimes emails). */
  readonly householdId: string;
  /** The noise applied to this record. */
  readonly noise: readonly RecordNoise[];
  /** The person's hard-negative traits. */
  readonly traits: readonly EntityTrait[];
}

/** Options of {@link generateCustomerRecords}. */
export interface GenerateCustomerRecordsOptions {
  /** How many people to _generate (each has one or more records). Default 1,000. */
  readonly entities?: number;
  /** Seed: the same seed gives the same records, byte for byte. Default 1. */
  readonly seed?: number;
  /** The generator's "now" (ISO 8601 with zone): timestamps fall in the six years before it. Default 2026-01-01T00:00:00Z. */
  readonly referenceDate?: string;
  /** Which sources to imitate. Default all of {@link CUSTOMER_SOURCES}. */
  readonly sources?: readonly CustomerSource[];
  /** Multiplies every noise probability: 0 gives clean records, 2 twice the noise. Default 1. */
  readonly noise?: number;
  /** Multiplies the hard-negative probabilities (households, twins, common names, placeholders). Default 1. */
  readonly hardNegatives?: number;
}

