import { _createIssue } from "../errors/_createIssue.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import type { Issue } from "../errors/issue.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own } from "../shared/_dict.js";
import type { IssueCode } from "../errors/issue.js";
import type { FieldStatus } from "../shared/types.js";
import { _asCompiledSpec } from "./_compiledSpec.js";
import { _schemaOf } from "../shared/_schema.js";
import type { AnySchema } from "../engine/defineSchema.js";
import { _cleanseRecord, _mapIfRecord, _Readings, _schemaCleanseSpec, type CleansedField, type CleansedRecord } from "./cleanseRecord.js";
import { compileCleanseSpec, type CleanseSpec, type CompiledCleanseSpec } from "./compileCleanseSpec.js";

/** Counts for one field across a batch. */
export interface FieldQuality {
  /** Already standard. */
  readonly valid: number;
  /** Standardised (changed) and usable. */
  readonly fixed: number;
  /** Present but unusable. */
  readonly invalid: number;
  /** Absent, null or blank. */
  readonly missing: number;
  /** How many issues of each code this field had. */
  readonly issues: Readonly<Partial<Record<IssueCode, number>>>;
}

/** A batch's data quality, per field and in total: ready for a dashboard. */
export interface QualityReport {
  /** Records cleansed. */
  readonly records: number;
  /** Records with at least one warning or error. */
  readonly recordsWithProblems: number;
  /** Per standardised field. */
  readonly fields: Readonly<Record<string, FieldQuality>>;
  /** Issues of each code across the batch. */
  readonly issues: Readonly<Partial<Record<IssueCode, number>>>;
}

/** The result of {@link cleanseRecords}. */
export interface CleanseRecordsResult {
  /**
   * The cleansed records, one per input record in input order (none is dropped): plain objects ready for
   * `resolveIdentities` and `mergeRecords`. `results[i].record` is `records[i]`.
   */
  readonly records: readonly Readonly<Record<string, unknown>>[];
  /** The full result per record (originals, per-field status, issues), for `verifyEmails`, `enrichRecords` and reports. */
  readonly results: readonly CleansedRecord[];
  /** Counts of valid / fixed / invalid / missing values and of each issue code. */
  readonly report: QualityReport;
}

/**
 * Cleanses a batch of records with one compiled spec and reports the batch's data quality: per field, how
 * many values were valid, fixed, invalid or missing, and how often each issue occurred.
 *
 * @param records - an array of records (each any JSON value)
 * @param spec - a {@link CleanseSpec} or a compiled one
 * @returns the cleansed records, in order; the full result of each; and a quality report
 * @throws ProfileKitError `invalid_options` when `records` is not a readable array or the spec is invalid
 * (see {@link cleanseRecord}); a record that cannot be read is an `invalid_type` issue on that record
 * @example
 * ```ts
 * const { records: clean, report } = cleanseRecords(rawRecords, { defaultCountry: "US", now: new Date() });
 * resolveIdentities(clean);
 * console.log(report.fields.email); // { valid: 812, fixed: 140, invalid: 9, missing: 39, issues: { … } }
 * ```
 */
export function cleanseRecords(records: readonly unknown[], spec: CleanseSpec | CompiledCleanseSpec | AnySchema = {}): CleanseRecordsResult {
  const schema = _schemaOf(spec);
  if (schema !== null) {
    spec = _schemaCleanseSpec(spec, schema);
    if (Array.isArray(records)) records = records.map((record) => _mapIfRecord(schema, record));
  }
  let count: number;
  try {
    if (!Array.isArray(records)) throw new ProfileKitError("invalid_options", "cleanseRecords: records must be an array.");
    count = records.length;
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    throw new ProfileKitError("invalid_options", "cleanseRecords: records must be an array that can be read (not a revoked Proxy).", { cause: error });
  }
  const compiled = _asCompiledSpec("cleanseRecords", spec) ?? compileCleanseSpec(spec as CleanseSpec);
  const results: CleansedRecord[] = [];
  // Readings shared by the records of this batch (names, places), dropped when it returns.
  const readings = new _Readings();
  const fields = new Map<string, { valid: number; fixed: number; invalid: number; missing: number; issues: Map<IssueCode, number> }>();
  const totals = new Map<IssueCode, number>();
  let recordsWithProblems = 0;

  // By index, not with the array's iterator (which a caller's object may replace); an element that cannot
  // be read (a getter or Proxy trap that throws) is that record's problem alone.
  for (let i = 0; i < count; i++) {
    let record: unknown;
    let readable = true;
    try {
      record = records[i];
    } catch {
      readable = false;
    }
    const result = readable ? _cleanseRecord(record, compiled, readings) : unreadable();
    results.push(result);
    for (const field in result.fields) {
      const cleansed = _own(result.fields, field) as CleansedField;
      let counts = fields.get(field);
      if (counts === undefined) fields.set(field, (counts = { valid: 0, fixed: 0, invalid: 0, missing: 0, issues: new Map() }));
      counts[cleansed.status satisfies FieldStatus]++;
    }
    let problem = false;
    for (const issue of result.issues) {
      totals.set(issue.code, (totals.get(issue.code) ?? 0) + 1);
      if (issue.severity !== "info") problem = true;
      const field = typeof issue.path[0] === "string" ? issue.path[0] : undefined;
      const counts = field === undefined ? undefined : fields.get(field);
      if (counts !== undefined) counts.issues.set(issue.code, (counts.issues.get(issue.code) ?? 0) + 1);
    }
    if (problem) recordsWithProblems++;
  }

  const report: QualityReport = {
    records: results.length,
    recordsWithProblems,
    fields: Object.fromEntries(
      [...fields].map(([field, counts]) => [field, { valid: counts.valid, fixed: counts.fixed, invalid: counts.invalid, missing: counts.missing, issues: Object.fromEntries(counts.issues) }]),
    ),
    issues: Object.fromEntries(totals),
  };
  return { records: results.map((result) => result.record), results, report };
}

function unreadable(): CleansedRecord {
  const issues: Issue[] = [_createIssue("invalid_type", [], { expected: "object", received: "unreadable object" })];
  return { record: {}, original: {}, derived: {}, fields: {}, issues };
}
