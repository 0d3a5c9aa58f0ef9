/**
 * profile-kit/enrich: email verification and enrichment through host hooks.
 * The same functions as the root entry point, for code that needs only this stage: a smaller bundle and a
 * faster cold start. Errors and the shared types come along.
 *
 * @packageDocumentation
 */
export type { Issue, IssueBase, IssueCode, IssueDetails, IssueOf, IssuePath, IssueSeverity } from "../errors/issue.js";
export { ProfileKitError, type ProfileKitErrorCode, type ProfileKitErrorOptions } from "../errors/ProfileKitError.js";
export { isProfileKitError } from "../errors/isProfileKitError.js";
export type { DateKind, DateOrder, FieldStatus, ProfileAttributes, ProfileView, TimeInput, ValueProvenance } from "../shared/types.js";

export {
  verifyEmails,
  type EmailVerification,
  type EmailVerifier,
  type VerifiedField,
  type VerifyEmailsOptions,
  type VerifyEmailsResult,
} from "./verifyEmails.js";
export { enrichRecords, type EnrichRecordsOptions, type EnrichedRecord, type Enricher, type EnrichmentProvenance } from "./enrichRecords.js";
