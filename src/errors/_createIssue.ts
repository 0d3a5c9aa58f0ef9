import type { IssueCode, IssueDetails, IssueOf, IssuePath, IssueSeverity } from "./issue.js";

type MessageOf<Code extends IssueCode> = (details: IssueDetails[Code]) => string;

// Messages are built only from the non-personal details of an issue, never from the value itself.
const messages: { readonly [Code in IssueCode]: MessageOf<Code> } = {
  invalid_type: (d) => `Expected ${d.expected} but received ${d.received}.`,
  too_long: (d) => `Value is ${d.length} characters long; the maximum is ${d.maximum}.`,
  control_characters: (d) => `Removed ${d.count} control character${d.count === 1 ? "" : "s"}.`,
  unsafe_key: (d) => `Ignored the key "${d.key}", which could modify object prototypes.`,
};

const severities: { readonly [Code in IssueCode]: IssueSeverity } = {
  invalid_type: "error",
  too_long: "error",
  control_characters: "info",
  unsafe_key: "warning",
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
