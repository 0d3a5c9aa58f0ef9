import type { Issue, IssueCode, IssueDetails, IssueOf, IssuePath, IssueSeverity } from "./issue.js";

/** No issues: one frozen empty list, shared by every result that has none (a batch keeps them all). */
export const _NO_ISSUES: readonly Issue[] = Object.freeze([]);

/** The issues found, or the shared empty list when there are none. */
export function _issuesOrNone(issues: readonly Issue[]): readonly Issue[] {
  return issues.length === 0 ? _NO_ISSUES : issues;
}

type MessageOf<Code extends IssueCode> = (details: IssueDetails[Code]) => string;

// Messages are built only from the non-personal details of an issue, never from the value itself.
const messages: { readonly [Code in IssueCode]: MessageOf<Code> } = {
  invalid_type: (d) => `Expected ${d.expected} but received ${d.received}.`,
  too_long: (d) => `Value is ${d.length} characters long; the maximum is ${d.maximum}.`,
  too_deep: (d) => `Value is nested more than ${d.maximum} levels deep; it was not used.`,
  too_large: (d) => `Value holds more than ${d.maximum} elements; it was not used.`,
  control_characters: (d) => `Removed ${d.count} control character${d.count === 1 ? "" : "s"}.`,
  unsafe_key: (d) => `Ignored the key "${d.key}", which could modify object prototypes.`,
  coerced_type: (d) => `Converted a ${d.from} to text.`,
  placeholder_value: (d) => `The ${d.kind} is a placeholder, not real data; it was not used.`,
  invalid_email: (d) => `Not a usable email address (${d.reason.replace(/_/g, " ")}).`,
  email_domain_typo: (d) => `The mail domain looks misspelled; did you mean ${d.suggestion}?`,
  disposable_email: () => "The address belongs to a disposable email service.",
  role_email: () => "The address is a role account, not a person.",
  invalid_phone: (d) => `Not a usable phone number (${d.reason.replace(/_/g, " ")}).`,
  unusual_name: (d) => `The name contains ${d.characters}; it was kept as given.`,
  several_people: () => "The name names several people; no first name was taken from it.",
  name_split: () => "Split a full name into first and last name.",
  invalid_date: (d) => `Not a usable date (${d.reason.replace(/_/g, " ")}).`,
  ambiguous_date: () => "Day and month are ambiguous; give the date order (normalizeDate's order option, dateOrder in identity options or a schema) or a country to decide.",
  implausible_date: (d) => (d.reason === "future" ? "The birth date is in the future." : "The birth date is more than 120 years ago."),
  two_digit_year: () => "Read a two-digit year as the most recent matching year.",
  time_zone_assumed: (d) => `The timestamp had no time zone; assumed ${d.zone}.`,
  invalid_postal_code: (d) => `The postal code does not have the shape used in ${d.country}.`,
  unknown_country: () => "The country was not recognised.",
  unknown_region: (d) => `The state or province was not recognised for ${d.country}.`,
  rule_failed: (d) => `The value failed the rule "${d.rule}".`,
  undeliverable_email: (d) => `${d.verifier} reported the address as ${d.status}.`,
  verification_failed: (d) => `${d.verifier} could not verify the address (${d.reason}); its status is unknown.`,
  enrichment_failed: (d) => `The enricher ${d.enricher} failed (${d.reason.replace(/_/g, " ")}); the record was kept without it.`,
  clock_failed: () => "The clock option threw or gave no valid time; the system clock was used instead.",
  missing_id: () => "The record has no usable id; it was given one derived from its content.",
  missing_timestamp: () => "The record has no usable observation time; it was treated as the oldest.",
  mixed_types: (d) => `Records give this attribute values of different types (${d.types.join(", ")}).`,
  unknown_source: () => "The record's source is not in the policy's source priority or trust list; it ranks last.",
  not_numeric: () => "The value is not a number; it was left out of the sum or average.",
  unused_policy_attribute: () => "The policy names an attribute that no record has.",
  refused_conflict: () => "Sources disagree and the policy refuses to choose: the attribute was left empty.",
  valid_time_assumed: () => "The change has no valid time; the time it was recorded was used instead.",
  future_time: (d) => `The ${d.axis} time is in the future of the clock; the change was not applied.`,
  duplicate_change: (d) => `The same change is already in the history as version ${d.version}; it was not added again.`,
  recorded_out_of_order: () => "The change says it was recorded before the history's latest change; it was not applied, so earlier answers do not change.",
  profile_erased: () => "The profile was erased; nothing is applied to it or returned from it.",
  outside_retention: (d) => `The query reaches before ${d.retainedFrom}, where older versions were dropped by retention; the answer may be incomplete.`,
  missing_key: (d) => (d.length === undefined || d.maximum === undefined ? `The record has no usable ${d.field} (a non-empty string or a number); it was not ingested.` : `The record's ${d.field} is ${d.length} characters long; the maximum is ${d.maximum}. It was not ingested.`),
  schema_mismatch: (d) => `The record does not match the schema's record validator: ${d.message}`,
  hook_failed: (d) => `A host function failed on this record, which was not ingested: ${d.message}`,
  stale_update: (d) => `The store holds a newer observation of this record (${d.storedAt}); the older one was not applied.`,
  record_erased: () => "The record was erased; events for it are refused.",
  assertion_ignored: ({ reason }) =>
    reason === "unknown_record"
      ? "The assertion names a record that is not in the data (reason: unknown record); it was not applied."
      : reason === "same_record"
        ? "The assertion names one record twice (reason: same record); it was not applied."
        : "A cannot-link assertion of the same pair contradicts this must-link (reason: contradicted); the records were kept apart.",
  nothing_comparable: ({ unusedColumns }) => `No record has a value in a field identity resolution compares, so every record stays alone; map your columns with options.fields or a schema${unusedColumns.length > 0 ? ` (no record has the mapped column${unusedColumns.length > 1 ? "s" : ""} ${unusedColumns.map((c) => JSON.stringify(c)).join(", ")})` : ""}.`,
};

const severities: { readonly [Code in IssueCode]: IssueSeverity } = {
  invalid_type: "error",
  too_long: "error",
  too_deep: "error",
  too_large: "error",
  control_characters: "info",
  unsafe_key: "warning",
  coerced_type: "info",
  placeholder_value: "warning",
  invalid_email: "error",
  email_domain_typo: "warning",
  disposable_email: "warning",
  role_email: "info",
  invalid_phone: "error",
  unusual_name: "warning",
  several_people: "warning",
  name_split: "info",
  invalid_date: "error",
  ambiguous_date: "error",
  implausible_date: "warning",
  two_digit_year: "info",
  time_zone_assumed: "info",
  invalid_postal_code: "warning",
  unknown_country: "error",
  unknown_region: "warning",
  rule_failed: "error",
  undeliverable_email: "warning",
  verification_failed: "info",
  enrichment_failed: "warning",
  clock_failed: "warning",
  missing_id: "warning",
  missing_timestamp: "warning",
  mixed_types: "warning",
  unknown_source: "info",
  not_numeric: "warning",
  unused_policy_attribute: "info",
  refused_conflict: "warning",
  valid_time_assumed: "info",
  future_time: "error",
  duplicate_change: "info",
  recorded_out_of_order: "error",
  profile_erased: "error",
  outside_retention: "warning",
  missing_key: "error",
  schema_mismatch: "error",
  hook_failed: "error",
  stale_update: "info",
  record_erased: "error",
  nothing_comparable: "warning",
  assertion_ignored: "warning",
};

/** Builds an issue of `code` at `path`, with its standard message and severity. */
export function _createIssue<Code extends IssueCode>(
  code: Code,
  path: IssuePath,
  details: IssueDetails[Code],
): IssueOf<Code> {
  const message = (messages[code] as MessageOf<Code>)(details);
  return { ...details, code, path, message, severity: severities[code] } as unknown as IssueOf<Code>;
}

/** A short, non-personal description of a value's JSON type, for `invalid_type` issues. */
export function _describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && !Number.isFinite(value)) return "non-finite number";
  return typeof value;
}
