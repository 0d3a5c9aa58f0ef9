/**
 * profile-kit/identity: who is who across sources.
 * The same functions as the root entry point, for code that needs only this stage: a smaller bundle and a
 * faster cold start. Errors and the shared types come along.
 *
 * @packageDocumentation
 */
export type { Issue, IssueBase, IssueCode, IssueDetails, IssueOf, IssuePath, IssueSeverity } from "../errors/issue.js";
export { ProfileKitError, type ProfileKitErrorCode, type ProfileKitErrorOptions } from "../errors/ProfileKitError.js";
export { isProfileKitError } from "../errors/isProfileKitError.js";
export type { DateKind, DateOrder, FieldStatus, ProfileAttributes, ProfileView, TimeInput, ValueProvenance } from "../shared/types.js";

export { resolveIdentities } from "./resolveIdentities.js";
export { compileExplainer, explainMatch, type FieldExplanation, type MatchExplainer, type MatchExplanation } from "./explainMatch.js";
export { evaluateClusters, type ClusterEvaluation } from "./evaluateClusters.js";
export { evaluateBlocking, type BlockingEvaluation } from "./evaluateBlocking.js";
export { trainModel, type TrainModelOptions, type TrainModelResult } from "./trainModel.js";
export type {
  ComparisonKind,
  ComparisonLevel,
  CustomField,
  GuardStats,
  IdentityCluster,
  IdentityField,
  IdentityLink,
  MatchAssertion,
  MatchDecision,
  MatchModel,
  ExplainedPair,
  MatchWeightBin,
  ModelLevel,
  ResolutionStats,
  ResolveIdentitiesOptions,
  ResolveIdentitiesResult,
  ScoreSummary,
  VetoReason,
} from "./types.js";
export { formatDecision } from "./_decision.js";
