/**
 * profile-kit/cleanse: standardise, validate and report on customer records.
 * The same functions as the root entry point, for code that needs only this stage: a smaller bundle and a
 * faster cold start. Errors and the shared types come along.
 *
 * @packageDocumentation
 */
export type { Issue, IssueBase, IssueCode, IssueDetails, IssueOf, IssuePath, IssueSeverity } from "../errors/issue.js";
export { ProfileKitError, type ProfileKitErrorCode, type ProfileKitErrorOptions } from "../errors/ProfileKitError.js";
export { isProfileKitError } from "../errors/isProfileKitError.js";
export type { DateKind, DateOrder, FieldStatus, ProfileAttributes, ProfileView, TimeInput, ValueProvenance } from "../shared/types.js";

export { normalizeEmail, type NormalizeEmailOptions, type NormalizedEmail } from "./normalizeEmail.js";
export { normalizePhone, type NormalizePhoneOptions, type NormalizedPhone, type PhoneType } from "./normalizePhone.js";
export { normalizeName, type NamePart, type NormalizeNameOptions, type NormalizedName } from "./normalizeName.js";
export { displayName, type DisplayNameOptions } from "./displayName.js";
export { isPlaceholderName } from "./isPlaceholderName.js";
export { normalizeDate, type NormalizeDateOptions, type NormalizedDate } from "./normalizeDate.js";
export { normalizeCountry, type NormalizeCountryOptions, type NormalizedCountry } from "./normalizeCountry.js";
export {
  normalizeAddress,
  type AddressInput,
  type NormalizeAddressOptions,
  type NormalizedAddress,
  type StreetParts,
} from "./normalizeAddress.js";
export {
  compileCleanseSpec,
  type AddressSpec,
  type CleanseSpec,
  type CompiledCleanseSpec,
  type FieldKind,
  type FieldSpec,
} from "./compileCleanseSpec.js";
export { cleanseRecord, type CleansedField, type CleansedRecord } from "./cleanseRecord.js";
export { cleanseRecords, type CleanseRecordsResult, type FieldQuality, type QualityReport } from "./cleanseRecords.js";
