import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { IssueCode } from "../errors/issue.js";
import type { FieldStatus } from "./_text.js";
import { cleanseRecord, type CleansedRecord } from "./cleanseRecord.js";
import { _isCompiledSpec, compileCleanseSpec, type CleanseSpec, type CompiledCleanseSpec } from "./compileCleanseSpec.js";

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
  /** One result per input record, in input order. None is dropped. */
  readonly records: readonly CleansedRecord[];
  /** Counts of valid / fixed / invalid / missing values and of each issue code. */
  readonly report: QualityReport;
}

/**
 * Cleanses a batch of records with one compiled spec and reports the batch's data quality: per field, how
 * many values were valid, fixed, invalid or missing, and how often each issue occurred.
 *
 * @param records - an array of records (each any JSON value)
 * @param spec - a {@link CleanseSpec} or a compiled one
 * @returns the cleansed records, in order, and a quality report
 * @throws ProfileKitError `invalid_options` when `records` is not an array or the spec is invalid
 * @example
 * ```ts
 * const { records: clean, report } = cleanseRecords(records, { defaultCountry: "US", now: new Date() });
 * console.log(report.fields.email); // { valid: 812, fixed: 140, invalid: 9, missing: 39, issues: { … } }
 * ```
 */
export function cleanseRecords(records: readonly unknown[], spec: CleanseSpec | CompiledCleanseSpec = {}): CleanseRecordsResult {
  if (!Array.isArray(records)) {
    throw new ProfileKitError("invalid_options", "cleanseRecords: records must be an array.");
  }
  const compiled = _isCompiledSpec(spec) ? spec : compileCleanseSpec(spec);
  const results: CleansedRecord[] = [];
  const fields = new Map<string, { valid: number; fixed: number; invalid: number; missing: number; issues: Map<IssueCode, number> }>();
  const totals = new Map<IssueCode, number>();
  let recordsWithProblems = 0;

  for (const record of records) {
    const result = cleanseRecord(record, compiled);
    results.push(result);
    for (const field in result.fields) {
      const cleansed = result.fields[field] as (typeof result.fields)[string];
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
  return { records: results, report };
}
