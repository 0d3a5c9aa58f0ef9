/**
 * profile-kit: turn messy customer records from many sources into clean, unified, versioned customer
 * profiles that email personalization can trust.
 *
 * @packageDocumentation
 */
export type { Issue, IssueBase, IssueCode, IssueDetails, IssueOf, IssuePath, IssueSeverity } from "./errors/issue.js";
export { ProfileKitError, type ProfileKitErrorCode, type ProfileKitErrorOptions } from "./errors/ProfileKitError.js";
export { isProfileKitError } from "./errors/isProfileKitError.js";
export { STANDARD_FIELDS, type CustomerRecord, type StandardField } from "./shared/customerRecord.js";
