/**
 * profile-kit/merge: golden profiles with survivorship and provenance.
 * The same functions as the root entry point, for code that needs only this stage: a smaller bundle and a
 * faster cold start. Errors and the shared types come along.
 *
 * @packageDocumentation
 */
export type { Issue, IssueBase, IssueCode, IssueDetails, IssueOf, IssuePath, IssueSeverity } from "../errors/issue.js";
export { ProfileKitError, type ProfileKitErrorCode, type ProfileKitErrorOptions } from "../errors/ProfileKitError.js";
export { isProfileKitError } from "../errors/isProfileKitError.js";
export type { DateKind, DateOrder, FieldStatus, ProfileAttributes, ProfileView, TimeInput, ValueProvenance } from "../shared/types.js";

export { mergeRecords } from "./mergeRecords.js";
export { unmergeRecord, type UnmergeResult } from "./unmergeRecord.js";
export { DEFAULT_MERGE_POLICY } from "./defaultMergePolicy.js";
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
} from "./types.js";
