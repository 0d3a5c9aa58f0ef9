/**
 * profile-kit/monitoring: data-quality expectations on a batch, batch-over-batch anomaly flags against a
 * stored baseline, and the summaries both read — counts and sample keys, never values. The engine's
 * `ingestMany({ checks })` runs them on every batch; they also run on their own.
 */
export { observeBatch, SAMPLE_SIZE, type BatchObserver, type BatchSummary, type ObservedProfile, type ObservedRecord } from "./observeBatch.js";
export { checkExpectations, isRecordExpectation, type CheckResult, type CheckSeverity, type Expectation, type ExpectationReport } from "./checkExpectations.js";
export { detectAnomalies, profileBatch, type AnomalyBaseline, type AnomalyFlag, type AnomalyReport, type BatchMetric, type BatchProfile, type DetectAnomaliesOptions } from "./detectAnomalies.js";
