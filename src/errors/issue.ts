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

/** The extra, non-personal fields carried by each issue code. */
export interface IssueDetails {
  /** A value had a JSON type the field cannot use (for example an object where a string belongs). */
  invalid_type: { readonly expected: string; readonly received: string };
  /** A value was longer than the field allows; it was not processed further. */
  too_long: { readonly maximum: number; readonly length: number };
  /** A value contained control characters, which were removed. */
  control_characters: { readonly count: number };
  /** A record key such as `__proto__` or `constructor` that could pollute prototypes was ignored. */
  unsafe_key: { readonly key: string };
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
