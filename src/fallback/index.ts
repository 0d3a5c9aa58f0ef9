/**
 * profile-kit/fallback: personalization that never breaks a send.
 * The same functions as the root entry point, for code that needs only this stage: a smaller bundle and a
 * faster cold start. Errors and the shared types come along.
 *
 * @packageDocumentation
 */
export type { Issue, IssueBase, IssueCode, IssueDetails, IssueOf, IssuePath, IssueSeverity } from "../errors/issue.js";
export { ProfileKitError, type ProfileKitErrorCode, type ProfileKitErrorOptions } from "../errors/ProfileKitError.js";
export { isProfileKitError } from "../errors/isProfileKitError.js";
export type { DateKind, DateOrder, FieldStatus, ProfileAttributes, ProfileView, TimeInput, ValueProvenance } from "../shared/types.js";

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
} from "./types.js";
export { compileSlots, type CompiledSlots, type CompileSlotsOptions } from "./compileSlots.js";
export { personalize, type PersonalizeOptions } from "./personalize.js";
export { allOf, anyOf, atLeast, atMost, hasValue, noneOf, valueIn, withinDays, type ContentCondition, type ProfileReader } from "./conditions.js";
export { selectContent, type ContentRules, type ContentSelection, type ContentVariant, type SelectContentOptions } from "./selectContent.js";
export { renderWithFallback, type RenderFunction, type RenderResult, type RenderWithFallbackOptions } from "./renderWithFallback.js";
export {
  previewPersonalization,
  type PersonalizationPreview,
  type PreviewPersonalizationOptions,
  type PreviewScenario,
  type ScenarioPreview,
} from "./previewPersonalization.js";
