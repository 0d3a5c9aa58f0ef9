// One chunk of `profile-kit cleanse`: cleansed, counted and written as text in the output's layout. The
// same code runs in the main thread and in the cleansing workers (cleanseWorker.ts), so a file cleansed
// with threads is byte for byte the file cleansed without.
import { cleanseRecords, type QualityReport } from "../cleanse/cleanseRecords.js";
import type { Schema } from "../engine/defineSchema.js";
import { CliError, csvLine, type Format } from "./records.js";

/** The column of the cleanse output that lists each record's warnings and errors (`email:invalid_email; phone:invalid_phone`). */
export const ISSUES_COLUMN = "profile_kit_issues";

/** How many records, how many with an unusable value, and in how many records each warning or error code. */
export interface ChunkCounts {
  readonly records: number;
  readonly withErrors: number;
  readonly codes: readonly (readonly [string, number])[];
}

/** A chunk cleansed: each record's input columns, its cleansed fields and its issues (as the column shows them). */
export interface CleansedChunk {
  readonly originals: readonly Readonly<Record<string, unknown>>[];
  readonly cleansed: readonly Readonly<Record<string, unknown>>[];
  readonly issues: readonly string[];
  readonly quality: QualityReport;
  readonly counts: ChunkCounts;
}

/** Cleanses one chunk of records and says, per record, its warnings and errors as the issues column shows them. */
export function cleanseChunk(chunk: readonly Readonly<Record<string, unknown>>[], schema: Schema): CleansedChunk {
  const result = cleanseRecords(chunk, schema);
  const issues = result.results.map((r) => {
    const named = new Set<string>();
    for (const issue of r.issues) if (issue.severity !== "info") named.add(`${typeof issue.path[0] === "string" ? `${issue.path[0]}:` : ""}${issue.code}`);
    return [...named].join("; ");
  });
  return { originals: chunk, cleansed: result.records, issues, quality: result.report, counts: countIssues(result.results) };
}

/** Records with an unusable value (an error), and in how many records each warning or error code occurs. */
export function countIssues(results: readonly { readonly issues: readonly { readonly code: string; readonly severity: string }[] }[]): ChunkCounts {
  let withErrors = 0;
  const codes = new Map<string, number>();
  for (const r of results) {
    if (r.issues.some((i) => i.severity === "error")) withErrors++;
    for (const code of new Set(r.issues.filter((i) => i.severity !== "info").map((i) => i.code))) codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  return { records: results.length, withErrors, codes: [...codes] };
}

/** Where each value goes: the output's format, its columns (CSV) and the columns the schema's fields are read from. */
export interface Layout {
  readonly path: string;
  readonly format: Format;
  /** The CSV header; ignored for NDJSON. */
  readonly columns: readonly string[];
  /** Standard field → the input column it was read from (cleansed values go back there). */
  readonly renamed: readonly (readonly [string, string])[];
}

/** The header of the first chunk: the file's columns, then what cleansing adds (derived fields), the issues column last. */
export function headerOf(fileColumns: readonly string[], chunk: CleansedChunk, renamed: ReadonlyMap<string, string>): string[] {
  const columns = [...fileColumns];
  const seen = new Set(columns);
  const add = (column: string): void => {
    if (seen.has(column)) return;
    seen.add(column);
    columns.push(column);
  };
  for (const original of chunk.originals) for (const key of Object.keys(original)) add(key);
  for (const clean of chunk.cleansed) for (const field of Object.keys(clean)) add(renamed.get(field) ?? field);
  for (const derived of ["firstName", "lastName", "region"]) add(derived);
  return [...columns.filter((c) => c !== ISSUES_COLUMN), ISSUES_COLUMN];
}

/** The chunk as output text: every input column kept, cleansed values in their columns, the issues beside them. */
export function formatChunk(chunk: CleansedChunk, layout: Layout): string {
  const renamed = new Map(layout.renamed);
  if (layout.format === "ndjson") {
    let text = "";
    chunk.cleansed.forEach((clean, k) => {
      const out = new Map<string, unknown>(Object.entries(chunk.originals[k] ?? {}));
      for (const [field, value] of Object.entries(clean)) out.set(renamed.get(field) ?? field, value);
      out.set(ISSUES_COLUMN, chunk.issues[k]);
      text += `${JSON.stringify(Object.fromEntries(out))}\n`;
    });
    return text;
  }
  const index = new Map(layout.columns.map((column, i) => [column, i]));
  const at = (column: string): number => {
    const i = index.get(column);
    if (i === undefined) throw new CliError(`${layout.path}: a record has the field ${JSON.stringify(column)}, which is not a column of this CSV; write NDJSON (.ndjson) to keep every field.`, 1);
    return i;
  };
  const issuesAt = at(ISSUES_COLUMN);
  let text = "";
  chunk.cleansed.forEach((clean, k) => {
    const row = new Array<unknown>(layout.columns.length).fill("");
    for (const [key, value] of Object.entries(chunk.originals[k] ?? {})) row[at(key)] = value;
    for (const [field, value] of Object.entries(clean)) row[at(renamed.get(field) ?? field)] = value;
    row[issuesAt] = chunk.issues[k];
    text += csvLine(row);
  });
  return text;
}
