/**
 * profile-kit: turn messy customer records from many sources into clean, unified, versioned customer
 * profiles that email personalization can trust. Every stage is also its own entry point
 * (`profile-kit/cleanse`, `/identity`, `/merge`, `/versioning`, `/fallback`, `/enrich`, `/engine`, `/monitoring`) for smaller bundles.
 *
 * @packageDocumentation
 */
export type { Issue, IssueBase, IssueCode, IssueDetails, IssueOf, IssuePath, IssueSeverity } from "./errors/issue.js";
export { ProfileKitError, type ProfileKitErrorCode, type ProfileKitErrorOptions } from "./errors/ProfileKitError.js";
export { isProfileKitError } from "./errors/isProfileKitError.js";
export { STANDARD_FIELDS, type CustomerRecord, type StandardField } from "./shared/customerRecord.js";
export type { DateKind, DateOrder, FieldStatus, ProfileAttributes, ProfileView, TimeInput, ValueProvenance } from "./shared/types.js";
export * from "./cleanse/index.js";
export * from "./enrich/index.js";
export * from "./identity/index.js";
export * from "./merge/index.js";
export * from "./versioning/index.js";
export * from "./fallback/index.js";
export * from "./engine/index.js";
export * from "./monitoring/index.js";
