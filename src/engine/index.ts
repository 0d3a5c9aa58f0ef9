/**
 * profile-kit/engine: one schema for every stage, and a profile engine over a pluggable store —
 * real-time ingest of one record, batch refresh, stable profile ids, history, feedback and erasure.
 */
export { defineSchema, type AnySchema, type FieldColumns, type Schema, type SchemaCustomField, type SchemaField, type SchemaIdentitySettings, type SchemaSpec, type StandardRecordSchema } from "./defineSchema.js";
export {
  createProfileEngine,
  recordKeyOf,
  type AuditLog,
  type AuditReason,
  type DecisionOptions,
  type EngineHistory,
  type EngineProfile,
  type EraseResult,
  type IngestManyResult,
  type IngestOutcome,
  type IngestProgress,
  type IngestResult,
  type LineageEvent,
  type ProfileEngine,
  type ProfileEngineOptions,
  type RecordRef,
  type RefreshResult,
  type ReviewPair,
  type ReviewQueueOptions,
  type BatchRecord,
  type IngestChecks,
} from "./createProfileEngine.js";
export { memoryStore } from "./memoryStore.js";
export { checkChangeSet, DOCUMENT_KINDS, type ChangeSet, type CommitResult, type DocumentKind, type IndexEntry, type MaybePromise, type ProfileStore, type SharedRefresh, type SharedRefreshClaim, type SharedRefreshRecord, type SharedRefreshTask, type StoredDocument } from "./store.js";
