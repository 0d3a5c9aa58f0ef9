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

export { normalizeEmail, type NormalizeEmailOptions, type NormalizedEmail } from "./cleanse/normalizeEmail.js";
export { normalizePhone, type NormalizePhoneOptions, type NormalizedPhone, type PhoneType } from "./cleanse/normalizePhone.js";
export { displayName, normalizeName, type DisplayNameOptions, type NamePart, type NormalizeNameOptions, type NormalizedName } from "./cleanse/normalizeName.js";
export { normalizeDate, type NormalizeDateOptions, type NormalizedDate } from "./cleanse/normalizeDate.js";
export { normalizeCountry, type NormalizeCountryOptions, type NormalizedCountry } from "./cleanse/normalizeCountry.js";
export {
  normalizeAddress,
  type AddressInput,
  type NormalizeAddressOptions,
  type NormalizedAddress,
  type StreetParts,
} from "./cleanse/normalizeAddress.js";
export type { DateKind, DateOrder, FieldStatus, ProfileAttributes, ProfileView, TimeInput, ValueProvenance } from "./shared/types.js";
export {
  compileCleanseSpec,
  type AddressSpec,
  type CleanseSpec,
  type CompiledCleanseSpec,
  type FieldKind,
  type FieldSpec,
} from "./cleanse/compileCleanseSpec.js";
export { cleanseRecord, type CleansedField, type CleansedRecord } from "./cleanse/cleanseRecord.js";
export { cleanseRecords, type CleanseRecordsResult, type FieldQuality, type QualityReport } from "./cleanse/cleanseRecords.js";
export {
  verifyEmails,
  type EmailVerification,
  type EmailVerifier,
  type VerifiedField,
  type VerifyEmailsOptions,
  type VerifyEmailsResult,
} from "./enrich/verifyEmails.js";
export { enrichRecords, type EnrichRecordsOptions, type EnrichedRecord, type Enricher, type EnrichmentProvenance } from "./enrich/enrichRecords.js";
export { resolveIdentities } from "./identity/resolveIdentities.js";
export { explainMatch, type FieldExplanation, type MatchExplanation } from "./identity/explainMatch.js";
export { evaluateClusters, type ClusterEvaluation } from "./identity/evaluateClusters.js";
export { trainModel, type TrainModelOptions, type TrainModelResult } from "./identity/trainModel.js";
export type {
  ComparisonKind,
  CustomField,
  GuardStats,
  IdentityCluster,
  IdentityField,
  IdentityLink,
  MatchAssertion,
  MatchModel,
  ModelLevel,
  ResolutionStats,
  ResolveIdentitiesOptions,
  ResolveIdentitiesResult,
} from "./identity/types.js";
export { mergeRecords } from "./merge/mergeRecords.js";
export { unmergeRecord, type UnmergeResult } from "./merge/unmergeRecord.js";
export { DEFAULT_MERGE_POLICY } from "./merge/defaultMergePolicy.js";
export {
  PROVENANCE_LIMIT,
  type AttributeProvenance,
  type AttributeRule,
  type CombineStrategy,
  type GoldenProfile,
  type ManualOverride,
  type MergeCandidate,
  type MergeConflict,
  type MergePolicy,
  type MergeRecordsOptions,
  type SelectStrategy,
  type SourceTrust,
} from "./merge/types.js";

export type { ChangeInput, ErasureTombstone, HistoryEntry, ProfileHistory, ProfileSnapshot, RetentionPolicy, SnapshotProvenance } from "./versioning/types.js";
export { appendChanges, type AppendChangesOptions, type AppendChangesResult } from "./versioning/appendChanges.js";
export { profileAsOf, type ProfileAsOfQuery } from "./versioning/profileAsOf.js";
export { diffVersions, type AttributeChange } from "./versioning/diffVersions.js";
export { attributeTimeline, type AttributeTimeline, type AttributeTimelineOptions, type TimelinePeriod } from "./versioning/attributeTimeline.js";
export {
  attributeTrends,
  DEFAULT_CHURN_RULES,
  type AttributeTrend,
  type AttributeTrends,
  type AttributeTrendsOptions,
  type ChurnRule,
  type ChurnSignal,
} from "./versioning/attributeTrends.js";
export { countEvents, type CountEventsOptions, type EventBucket, type EventCounts } from "./versioning/countEvents.js";
export { eraseProfile, redactAttribute, type EraseOptions } from "./versioning/eraseProfile.js";
export { applyRetention, type ApplyRetentionOptions, type ApplyRetentionResult } from "./versioning/applyRetention.js";
export { changesFromProfile } from "./versioning/changesFromProfile.js";

export type {
  FallbackReason,
  FallbackStep,
  PersonalizeContext,
  PersonalizeResult,
  SlotFormatter,
  SendDecision,
  SlotOutcome,
  SlotPolicy,
  SlotSpec,
} from "./fallback/types.js";
export { compileSlots, type CompiledSlots, type CompileSlotsOptions } from "./fallback/compileSlots.js";
export { personalize, type PersonalizeOptions } from "./fallback/personalize.js";
export { allOf, anyOf, atLeast, atMost, hasValue, noneOf, valueIn, withinDays, type ContentCondition, type ProfileReader } from "./fallback/conditions.js";
export { selectContent, type ContentRules, type ContentSelection, type ContentVariant, type SelectContentOptions } from "./fallback/selectContent.js";
export { renderWithFallback, type RenderFunction, type RenderResult, type RenderWithFallbackOptions } from "./fallback/renderWithFallback.js";
export {
  previewPersonalization,
  type PersonalizationPreview,
  type PreviewPersonalizationOptions,
  type PreviewScenario,
  type ScenarioPreview,
} from "./fallback/previewPersonalization.js";
