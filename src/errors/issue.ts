/**
 * Problems found in data are returned as values, never thrown. Every problem is an {@link Issue}: a plain
 * object with a machine-readable `code`, the `path` to the offending value, a human `message` that never
 * contains the raw value (it may be personal data), and a `severity`.
 *
 * The union is derived from {@link IssueDetails}: each key is a code, each value the extra fields that
 * issues of that code carry. Modules add their codes there, so `IssueCode` always lists every code.
 */

/** Where in a record (or a batch of records) an issue was found: property names and array indexes. */
export type IssuePath = readonly (string | number)[];

/** How bad an issue is: `error` means the value could not be used, `warning` that it was used with doubt, `info` that it was changed or flagged for information. */
export type IssueSeverity = "error" | "warning" | "info";

/** Issue codes whose issues carry nothing beyond code, path, message and severity. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- deliberately no extra fields
export interface NoDetails {}

/** The extra, non-personal fields carried by each issue code. */
export interface IssueDetails {
  /** A value had a JSON type the field cannot use (for example an object where a string belongs). */
  invalid_type: { readonly expected: string; readonly received: string };
  /** A value was longer than the field allows; it was not processed further. */
  too_long: { readonly maximum: number; readonly length: number };
  /** A value nests deeper than the documented limit (`MAX_VALUE_DEPTH`, 64 levels); it was not used. */
  too_deep: { readonly maximum: number };
  /** A value holds more elements than the documented limit (`MAX_VALUE_NODES`); it was not used. */
  too_large: { readonly maximum: number };
  /** A value contained control characters, which were removed. */
  control_characters: { readonly count: number };
  /** A record key such as `__proto__` or `constructor` that could pollute prototypes was ignored. */
  unsafe_key: { readonly key: string };
  /** A number was accepted where text belongs (a phone or postal code sent as a number) and converted. */
  coerced_type: { readonly from: string };
  /** A value is a known placeholder (test@test.com, 000-000-0000, 1900-01-01): it is never used as data. */
  placeholder_value: { readonly kind: "email" | "phone" | "date" | "name" | "text" };

  /** An email address is not syntactically usable. */
  invalid_email: {
    readonly reason:
      | "missing_at"
      | "empty_local_part"
      | "local_part_too_long"
      | "invalid_local_part"
      | "invalid_domain"
      | "domain_too_long"
      | "missing_top_level_domain"
      | "unknown_top_level_domain"
      | "reserved_domain"
      | "too_long";
  };
  /** The mail domain looks like a misspelling of a common provider; the address was not changed. */
  email_domain_typo: { readonly suggestion: string };
  /** The mail domain belongs to a disposable (throw-away) email service. */
  disposable_email: NoDetails;
  /** The address is a role account (info@, sales@…), usually not one person. */
  role_email: NoDetails;

  /** A phone number could not be used. */
  invalid_phone: {
    readonly reason: "not_a_number" | "too_short" | "too_long" | "unknown_country" | "invalid_number";
  };

  /** A name contains characters names rarely have (digits, symbols, emoji); it was kept. */
  unusual_name: { readonly characters: "digits" | "symbols" | "emoji" };
  /** The name names several people ("John and Jane Smith"): no first name is taken from it. */
  several_people: NoDetails;
  /** A full name was split into first and last name because the source had nothing else. */
  name_split: NoDetails;

  /** A date could not be read. */
  invalid_date: { readonly reason: "unrecognised_format" | "impossible_date" | "out_of_range" };
  /** Day and month could each be the other (03/04/2001) and neither an option nor the country decides. */
  ambiguous_date: NoDetails;
  /** A birth date is in the future or more than 120 years ago. */
  implausible_date: { readonly reason: "future" | "too_old" };
  /** A two-digit year was expanded to four digits (the most recent century that is not in the future). */
  two_digit_year: NoDetails;
  /** A timestamp had no time zone; the given zone was assumed. */
  time_zone_assumed: { readonly zone: string };

  /** A postal code does not have the shape its country uses. */
  invalid_postal_code: { readonly country: string };
  /** A country name or code was not recognised. */
  unknown_country: NoDetails;
  /** A US state or Canadian province name or code was not recognised. */
  unknown_region: { readonly country: string };

  /** A host-declared rule (fastest-validator) failed. */
  rule_failed: { readonly rule: string };
  /** The host's email verification service said the address cannot receive mail. */
  undeliverable_email: { readonly verifier: string; readonly status: "undeliverable" | "risky" };
  /** The host's email verification service failed or timed out; the status is unknown. */
  verification_failed: { readonly verifier: string; readonly reason: "timeout" | "error" };
  /** A host enricher failed or timed out for this record; the record is kept without its attributes. */
  enrichment_failed: { readonly enricher: string; readonly reason: "timeout" | "error" | "invalid_result" };
  /** The injected clock threw or gave no valid time; the system clock was used instead (for enrichment provenance). */
  clock_failed: NoDetails;

  /** A record has no usable id; it was given one derived from its content (`#` and 8 hex digits). */
  missing_id: NoDetails;
  /** A record has no usable observation time; it counts as the oldest. */
  missing_timestamp: NoDetails;
  /** Records give one attribute values of different types (text and number, say). */
  mixed_types: { readonly types: readonly string[] };
  /** A record's source is not named in the policy's source priority or trust. */
  unknown_source: NoDetails;
  /** A value that is neither a number nor numeric text was left out of a sum or an average. */
  not_numeric: NoDetails;
  /** The policy names an attribute no record has. */
  unused_policy_attribute: NoDetails;
  /** Sources disagree on an attribute the policy says to refuse on: it was left empty. */
  refused_conflict: NoDetails;

  /** A change had no valid time (when it was true); the time it was recorded was used. */
  valid_time_assumed: NoDetails;
  /** A time lies in the future of the injected clock (beyond the allowed skew); the change was not applied. */
  future_time: { readonly axis: "valid" | "recorded" };
  /** The same change (source, attribute, value and valid time) is already in the history; it was not added twice. */
  duplicate_change: { readonly version: number };
  /** A change says it was recorded before the history's latest recorded change; it was not applied, so past answers stay as they were. */
  recorded_out_of_order: NoDetails;
  /** The profile was erased; changes are not applied to it and queries return nothing. */
  profile_erased: NoDetails;
  /** A query reaches before the history's retention window; older versions were dropped, so the answer may be incomplete. */
  outside_retention: { readonly retainedFrom: string };

  /**
   * A record given to a profile engine has no usable id or source: it was not ingested. `length` and
   * `maximum` are set when the value is there but too long for a key (an id over 1,000 characters, a
   * source over 200).
   */
  missing_key: { readonly field: "id" | "source"; readonly length?: number; readonly maximum?: number };
  /** A record failed the schema's record validator: it was not ingested. */
  schema_mismatch: { readonly message: string };
  /** A host function the schema gives (identity's `customerIdFormat`) failed on the record's value: it was not ingested. */
  hook_failed: { readonly message: string };
  /** An update older (in valid time) than what the store holds for the record: the newer values stay. */
  stale_update: { readonly storedAt: string };
  /** The record was erased: events for it are refused, so a right to be forgotten stays honoured. */
  record_erased: NoDetails;

  /**
   * No record had a value in any field identity resolution compares, so every record stayed alone: the
   * columns are probably not mapped. `unusedColumns` lists mapped columns that no record holds.
   */
  nothing_comparable: { readonly unusedColumns: readonly string[] };
  /**
   * An assertion (`options.assertions[k]`, the path) was not applied: it names a record that is not in
   * the data (`unknown_record`: erased or not yet loaded), a record with itself (`same_record`), or it is a
   * must-link that a cannot-link of the same pair contradicts (`contradicted`: the cannot-link wins).
   */
  assertion_ignored: { readonly reason: "unknown_record" | "same_record" | "contradicted" };
}

/** Fields shared by every issue. */
export interface IssueBase<Code extends string> {
  /** Machine-readable code: match on it, not on the message. */
  readonly code: Code;
  /** Where the problem is. */
  readonly path: IssuePath;
  /** Human-readable explanation. Never contains the raw value. */
  readonly message: string;
  /** How bad it is. */
  readonly severity: IssueSeverity;
}

/** Every problem profile-kit can report, as a union discriminated on `code`. */
export type Issue = {
  [Code in keyof IssueDetails]: IssueBase<Code> & IssueDetails[Code];
}[keyof IssueDetails];

/** Every issue code. */
export type IssueCode = Issue["code"];

/** The issue of one code. */
export type IssueOf<Code extends IssueCode> = Extract<Issue, { readonly code: Code }>;
