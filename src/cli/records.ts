import { closeSync, createReadStream, createWriteStream, openSync, readSync, statSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { basename, extname } from "node:path";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import { _own, _setOwn } from "../shared/_dict.js";

/** A usage or input problem: one line saying what to fix; exit code 2 (usage) or 1 (data). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 2) {
    super(message);
  }
}

/** The formats read and written, by file extension. */
export type Format = "csv" | "ndjson";

export function formatOf(path: string): Format {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv" || ext === ".tsv" || ext === ".txt") return "csv";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  throw new CliError(`${path}: unknown format ${JSON.stringify(ext)}; use .csv or .ndjson (.jsonl).`);
}

/** A file's name without its extension: the source of its records when they name none. */
export function sourceOf(path: string): string {
  return basename(path, extname(path));
}

/** An input file being read: its records, its columns once known, and how far the reading is (bytes). */
export interface Input {
  readonly path: string;
  readonly size: number;
  readonly bytesRead: () => number;
  /** The CSV header (or the first NDJSON record's keys), once the first record was read. */
  readonly columns: () => readonly string[] | null;
  /** With `skipBadRows`: the lines left out so far (their line number and why). */
  readonly skipped: () => readonly { readonly line: number; readonly why: string }[];
  readonly records: AsyncIterable<Record<string, unknown>>;
}

/** A column read aside: kept out of every record, its value (or null) pushed to `values` per record read. */
export interface AsideColumn {
  readonly column: string;
  readonly values: (string | null)[];
}

/** "1 field", "4 fields": a CSV line's length, as the CLI says it. */
const fieldCount = (n: number): string => `${n} field${n === 1 ? "" : "s"}`;

/**
 * Reads a CSV (header row; delimiter `,`, `;`, tab or `|`, whichever the header holds most; quotes; a UTF-8 BOM;
 * UTF-8 or, with `encoding`, latin1) or NDJSON file as a stream of records: memory stays flat however
 * large the file. Empty CSV cells are absent values. With `aside`, that column is kept out of every record
 * and its value pushed to `aside.values`, one per record read (null when empty or absent).
 */
export function openInput(path: string, options: { readonly encoding?: "utf8" | "latin1"; readonly skipBadRows?: boolean; readonly aside?: AsideColumn } = {}): Input {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new CliError(`${path}: not a file.`, 1);
    size = stat.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path}: no such file (or it cannot be read).`, 1);
  }
  const format = formatOf(path);
  const encoding = options.encoding ?? "utf8";
  const stream = createReadStream(path, { encoding });
  // Bytes that are not UTF-8 decode to U+FFFD: said once, with what to do, rather than written on as "�".
  const checkText = (text: string, where: string): void => {
    if (encoding === "utf8" && text.includes("\uFFFD")) throw new CliError(`${path}${where}: not UTF-8 text (bytes that are not UTF-8); if the file is Latin-1 (Windows-1252), run again with --encoding latin1.`, 1);
  };
  let columns: string[] | null = null;
  const bytesRead = (): number => stream.bytesRead;
  const skippedLines: { line: number; why: string }[] = [];
  const skipped = (): readonly { line: number; why: string }[] => skippedLines;
  const skipBadRows = options.skipBadRows === true;
  const aside = options.aside ?? null;
  if (format === "ndjson") {
    const records = (async function* () {
      let line = 0;
      for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
        line++;
        checkText(text, `:${line}`);
        const trimmed = text.trim();
        if (trimmed === "") continue;
        let value: unknown;
        try {
          value = JSON.parse(trimmed);
        } catch {
          if (skipBadRows) {
            skippedLines.push({ line, why: "not JSON" });
            continue;
          }
          throw new CliError(`${path}:${line}: not JSON (NDJSON has one JSON object per line; --skip-bad-rows leaves such lines out).`, 1);
        }
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          if (skipBadRows) {
            skippedLines.push({ line, why: "not a JSON object" });
            continue;
          }
          throw new CliError(`${path}:${line}: not a JSON object (--skip-bad-rows leaves such lines out).`, 1);
        }
        columns ??= Object.keys(value);
        yield aside === null ? (value as Record<string, unknown>) : withoutAside(value as Record<string, unknown>, aside);
      }
    })();
    return { path, size, bytesRead, columns: () => columns, skipped, records };
  }
  const records = (async function* () {
    // Rows as arrays (the first is the header): the records are built here, once, not by the parser and again.
    const header = (names: readonly string[]): string[] => {
      const named = names.map((name) => name.trim());
      const seen = new Set<string>();
      for (const [k, name] of named.entries()) {
        if (name === "") throw new CliError(`${path}: the header's column ${k + 1} has no name; name it (every column needs a name).`, 1);
        if (seen.has(name)) throw new CliError(`${path}: the header names ${JSON.stringify(name)} twice; rename one of them.`, 1);
        seen.add(name);
      }
      return named;
    };
    // The parser reads a whole chunk before the loop below sees its first row: a bad line of the first chunk
    // is skipped, or fails the stream, before the header reached the loop. The header's length is taken as
    // the parser reads it, so both can be said against it.
    let headerLength: number | null = null;
    const parser = stream.pipe(parse({
      bom: true,
      delimiter: delimiterOf(path),
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: skipBadRows,
      trim: true,
      on_record: (record: string[]) => {
        headerLength ??= record.length;
        return record;
      },
    }));
    parser.on("skip", (error: { lines?: number; record?: unknown[]; code?: string }) => {
      const fields = Array.isArray(error.record) ? error.record.length : null;
      skippedLines.push({ line: error.lines ?? 0, why: fields !== null && headerLength !== null ? `${fieldCount(fields)}, the header has ${headerLength}` : (error.code ?? "unreadable") });
    });
    try {
      let row = 0;
      let asideAt = -1;
      for await (const fields of parser as AsyncIterable<string[]>) {
        if (columns === null) {
          columns = header(fields);
          asideAt = aside === null ? -1 : columns.indexOf(aside.column);
          continue;
        }
        row++;
        const record: Record<string, unknown> = {};
        for (let k = 0; k < fields.length; k++) {
          const value = fields[k] as string;
          if (k === asideAt || value === "") continue;
          checkText(value, ` (record ${row})`);
          _setOwn(record, columns[k] as string, value);
        }
        if (aside !== null) {
          const value = asideAt < 0 ? "" : (fields[asideAt] ?? "");
          if (value !== "") checkText(value, ` (record ${row})`);
          aside.values.push(value === "" ? null : value);
        }
        yield record;
      }
    } catch (error) {
      if (error instanceof CliError) throw error;
      const details = error as { code?: string; lines?: number; record?: unknown[] };
      const where = details.lines === undefined ? "" : `:${details.lines}`;
      // Set by the parser (TypeScript does not follow the assignment into its callback).
      const expected = headerLength as number | null;
      if ((details.code === "CSV_RECORD_INCONSISTENT_COLUMNS" || details.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH") && expected !== null) {
        throw new CliError(`${path}${where}: line ${details.lines ?? "?"} has ${Array.isArray(details.record) ? fieldCount(details.record.length) : "a different number of fields"}, the header has ${expected}; fix the line (a stray delimiter, or a value with the delimiter not in quotes), or leave such lines out with --skip-bad-rows.`, 1);
      }
      throw new CliError(`${path}${where}: ${error instanceof Error ? error.message.replace(/^Invalid Record Length: /, "") : "unreadable CSV"}`, 1);
    }
  })();
  return { path, size, bytesRead, columns: () => columns, skipped, records };
}

/**
 * A record without the aside column, its value pushed (text, a number as text, else null). The record is
 * copied without it rather than the property deleted: a deletion turns an object into a slow dictionary,
 * and a million of those cost a gigabyte and slow every later read.
 */
function withoutAside(record: Record<string, unknown>, aside: AsideColumn): Record<string, unknown> {
  if (!Object.hasOwn(record, aside.column)) {
    aside.values.push(null);
    return record;
  }
  const value = _own(record, aside.column);
  aside.values.push((typeof value === "string" && value !== "") || typeof value === "number" ? String(value) : null);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) if (key !== aside.column) _setOwn(copy, key, _own(record, key));
  return copy;
}

/** A CSV cell: text as it is, numbers and booleans as text, other values as JSON; quoted when it holds a comma, a quote or a line break. */
function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? "" : typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line of these cells, as csv-stringify writes it (a property test holds the two together). */
export function csvLine(cells: readonly unknown[]): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? "" : ",") + csvCell(cells[i]);
  return `${line}\n`;
}

/** The delimiter of a CSV file: whichever of `,` `;` tab `|` its header line holds most often outside quotes. */
function delimiterOf(path: string): string {
  const buffer = Buffer.alloc(65_536);
  const fd = openSync(path, "r");
  let length: number;
  try {
    length = readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = buffer.subarray(0, length).toString("utf8");
  const counts = new Map<string, number>([[",", 0], [";", 0], ["\t", 0], ["|", 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ",";
  for (const [ch, n] of counts) if (n > (counts.get(best) ?? 0)) best = ch;
  return best;
}

/** Writes records to a CSV (with `columns` as its header) or NDJSON file, with backpressure. */
export class Output {
  private readonly stream: WriteStream;
  private readonly format: Format;
  private columns: readonly string[] | null = null;
  private failure: Error | null = null;

  constructor(readonly path: string) {
    const ext = extname(path).toLowerCase();
    if (ext !== ".csv" && ext !== ".ndjson" && ext !== ".jsonl") throw new CliError(`${path}: an output is .csv, .ndjson or .jsonl.`);
    this.format = formatOf(path);
    this.stream = createWriteStream(path, { encoding: "utf8" });
    // A write that fails (a full disk) is said as one line at the next write or at close, never as a crash.
    this.stream.on("error", (error) => { this.failure = error; });
  }

  /** Sets the CSV header (ignored for NDJSON): every record written must keep to these columns. */
  header(columns: readonly string[]): void {
    this.columns = columns;
  }

  async write(records: readonly Readonly<Record<string, unknown>>[]): Promise<void> {
    let text: string;
    if (this.format === "ndjson") text = records.map((r) => JSON.stringify(r)).join("\n") + (records.length > 0 ? "\n" : "");
    else {
      const columns = this.columns;
      if (columns === null) throw new Error("Output.header() first");
      const known = new Set(columns);
      for (const record of records) {
        for (const key of Object.keys(record)) if (!known.has(key)) throw new CliError(`${this.path}: a record has the field ${JSON.stringify(key)}, which is not a column of this CSV; write NDJSON (.ndjson) to keep every field.`, 1);
      }
      text = (this.started ? "" : csvLine(columns)) + records.map((r) => csvLine(columns.map((c) => _own(r, c)))).join("");
    }
    await this.writeText(text);
  }

  private started = false;

  /** Writes text already in the output's format (the caller keeps to the header it wrote). */
  async writeText(text: string): Promise<void> {
    this.started = true;
    if (this.failure !== null) throw new CliError(`${this.path}: cannot be written (${this.failure.message}).`, 1);
    if (text === "") return;
    if (!this.stream.write(text)) await this.settled("drain");
  }

  /** Waits for the stream's event; a stream error meanwhile (a file that cannot be opened, a full disk) is kept and said as one line. */
  private async settled(...events: string[]): Promise<void> {
    try {
      await Promise.race(events.map((event) => once(this.stream, event)));
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    }
    if (this.failure !== null) throw new CliError(`${this.path}: cannot be written (${this.failure.message}).`, 1);
  }

  async close(): Promise<void> {
    if (this.format === "csv" && !this.started && this.columns !== null && this.failure === null) await this.write([]);
    if (this.failure === null) {
      this.stream.end();
      await this.settled("finish", "close");
    }
    if (this.failure !== null) throw new CliError(`${this.path}: cannot be written (${this.failure.message}).`, 1);
  }
}

/** How the files of a command are read: the schema's id and source columns, the columns it names, the encoding, bad rows. */
export interface ReadSettings {
  readonly idColumn: string;
  readonly sourceColumn: string;
  /** Every column the schema names (a file must have them, id, source and time aside). */
  readonly schemaColumns: readonly string[];
  readonly encoding: "utf8" | "latin1";
  readonly skipBadRows: boolean;
}

/** What was read of one input file. */
export interface FileRead {
  readonly path: string;
  readonly records: number;
  readonly columns: readonly string[];
  readonly skipped: readonly { readonly line: number; readonly why: string }[];
}

/** After the first record: every column the schema names must be in the file (a misspelling is named). */
export function checkColumns(input: Input, schemaColumns: readonly string[]): void {
  const columns = input.columns();
  if (columns === null) return;
  // Id, source and time are optional in a file (the file names the source; rows are numbered).
  const missing = schemaColumns.filter((c) => !columns.includes(c));
  const fields = missing.filter((c) => !["id", "source", "updatedAt"].includes(c));
  if (fields.length > 0) throw new CliError(`${input.path}: the schema's column${fields.length > 1 ? "s" : ""} ${fields.map((c) => JSON.stringify(c)).join(", ")} ${fields.length > 1 ? "are" : "is"} not in this file; its columns are ${columns.map((c) => JSON.stringify(c)).join(", ")}.`);
}

/**
 * The records of the files, one at a time: a record without a source is its file's (`crm.csv` → `crm`),
 * without an id numbered among its file's records (`crm-17`). Every file is opened first, so a missing one
 * is said before any is read. `files` receives what was read of each file once it is done. The same files
 * read twice with the same settings give the same records (resolve's profiles thread relies on it).
 */
export async function* readRecords(paths: readonly string[], settings: ReadSettings, onRecord: (bytes: number) => void = () => undefined, files: FileRead[] = [], aside: AsideColumn | null = null): AsyncGenerator<Record<string, unknown>> {
  const { idColumn, sourceColumn } = settings;
  const inputs = paths.map((path) => openInput(path, { encoding: settings.encoding, skipBadRows: settings.skipBadRows, ...(aside === null ? {} : { aside }) }));
  let bytesBefore = 0;
  for (const input of inputs) {
    let row = 0;
    for await (const record of input.records) {
      if (row === 0) checkColumns(input, settings.schemaColumns);
      row++;
      if (_own(record, sourceColumn) === undefined) Object.defineProperty(record, sourceColumn, { value: sourceOf(input.path), enumerable: true, writable: true, configurable: true });
      if (_own(record, idColumn) === undefined) Object.defineProperty(record, idColumn, { value: `${sourceOf(input.path)}-${row}`, enumerable: true, writable: true, configurable: true });
      onRecord(bytesBefore + input.bytesRead());
      yield record;
    }
    files.push({ path: input.path, records: row, columns: input.columns() ?? [], skipped: input.skipped() });
    bytesBefore += input.size;
  }
}
