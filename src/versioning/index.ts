/**
 * profile-kit/versioning: bitemporal profile history.
 * The same functions as the root entry point, for code that needs only this stage: a smaller bundle and a
 * faster cold start. Errors and the shared types come along.
 *
 * @packageDocumentation
 */
export type { Issue, IssueBase, IssueCode, IssueDetails, IssueOf, IssuePath, IssueSeverity } from "../errors/issue.js";
export { ProfileKitError, type ProfileKitErrorCode, type ProfileKitErrorOptions } from "../errors/ProfileKitError.js";
export { isProfileKitError } from "../errors/isProfileKitError.js";
export type { DateKind, DateOrder, FieldStatus, ProfileAttributes, ProfileView, TimeInput, ValueProvenance } from "../shared/types.js";

export type { ChangeInput, ErasureTombstone, HistoryEntry, ProfileHistory, ProfileSnapshot, RetentionPolicy, SnapshotProvenance } from "./types.js";
export { appendChanges, type AppendChangesOptions, type AppendChangesResult } from "./appendChanges.js";
export { profileAsOf, type ProfileAsOfQuery } from "./profileAsOf.js";
export { diffVersions, type AttributeChange } from "./diffVersions.js";
export { attributeTimeline, type AttributeTimeline, type AttributeTimelineOptions, type TimelinePeriod } from "./attributeTimeline.js";
export {
  attributeTrends,
  DEFAULT_CHURN_RULES,
  type AttributeTrend,
  type AttributeTrends,
  type AttributeTrendsOptions,
  type ChurnRule,
  type ChurnSignal,
} from "./attributeTrends.js";
export { countEvents, type CountEventsOptions, type EventBucket, type EventCounts } from "./countEvents.js";
export { eraseProfile, redactAttribute, redactValues, type EraseOptions } from "./eraseProfile.js";
export { applyRetention, type ApplyRetentionOptions, type ApplyRetentionResult } from "./applyRetention.js";
export { changesFromProfile } from "./changesFromProfile.js";
export { changesFromRecord, type ChangesFromRecordOptions } from "./changesFromRecord.js";
