import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve as resolvePath } from "node:path";
import { parseArgs } from "node:util";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import levenshtein from "fast-levenshtein";
import { cleanseRecords } from "../cleanse/cleanseRecords.js";
import { defineSchema, type Schema } from "../engine/defineSchema.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _own } from "../shared/_dict.js";
import { resolveIdentities } from "../identity/resolveIdentities.js";
import { explainMatch } from "../identity/explainMatch.js";
import { evaluateClusters } from "../identity/evaluateClusters.js";
import { trainModel } from "../identity/trainModel.js";
import type { MatchModel, ResolveIdentitiesOptions } from "../identity/types.js";
import { formatDecision } from "../identity/index.js";
import { checkColumns, CliError, csvLine, formatOf, openInput, Output, readRecords, type AsideColumn, type FileRead, type ReadSettings } from "./records.js";
import { progress, type CliIo } from "./progress.js";
import { proposeSchema } from "./proposeSchema.js";
import { createProfileEngine } from "../engine/createProfileEngine.js";
import { postgresStore, type PostgresStore } from "../postgres/postgresStore.js";
import type PgModule from "pg";
import { renderReport, type ReportData, type ResolutionSection } from "./report.js";
import { addQuality, EMPTY_QUALITY, layOutResolution } from "./reportData.js";
import { cleanseChunk, formatChunk, headerOf, ISSUES_COLUMN, type ChunkCounts, type Layout } from "./cleanseChunk.js";
import type { CliWorkerData, WorkerAnswer, WorkerSetup, WorkerTask } from "./cleanseWorker.js";
import { ProfileBuilder, type CleansedRows, type ProfileCluster, type ProfilesDone, type ProfilesSetup } from "./profiles.js";
import type { ProfilesAnswer, ProfilesTask } from "./profilesWorker.js";
import type { QualityReport } from "../cleanse/cleanseRecords.js";

export type { CliIo } from "./progress.js";

/** Options every file-reading command shares, as its help lists them. */
const READING_OPTIONS = `  --fail-on <share>   exit 1 when more than this share (0–1) of records has an unusable value
  --encoding <name>   utf8 (default) or latin1
  --skip-bad-rows     leave out lines that are not a record (a CSV line with more or fewer fields than the
                      header, an NDJSON line that is not an object), say them, count them for --fail-on
  --quiet             no progress and no summary
`;

const HELP: ReadonlyMap<string, string> = new Map(Object.entries({
  main: `profile-kit — clean, link and unify customer records from files

Usage:
  profile-kit cleanse <in.csv|in.ndjson> --out <file> [options]
  profile-kit resolve <in...> --out <profiles.ndjson|.csv> [options]
  profile-kit schema init <in> [--out schema.json]
  profile-kit train <in...> --out model.json [--schema schema.json]
  profile-kit explain <in...> <idA> <idB> [--schema schema.json] [--model model.json]
  profile-kit ingest <in...> --store postgres://… [--schema schema.json]
  profile-kit refresh --store postgres://… [--schema schema.json]
  profile-kit <command> --help

Commands:
  cleanse   standardise and validate every record (emails, phones, names, dates, addresses, countries)
  resolve   find the records of one person across files and write one unified profile each
  train     estimate the match model's parameters from your own data (m, u, the prior), for --model
  ingest    add the records of files to a PostgreSQL profile store, one by one, as real-time events would
  refresh   re-resolve every record of a PostgreSQL profile store, keeping profile ids stable
  schema    propose a schema from a file's header and values (schema init), for you to edit
  explain   why two records match or not: a waterfall of each field's weight

Exit codes: 0 ok, 1 data problems (above --fail-on, or an unreadable file), 2 usage.
`,
  cleanse: `profile-kit cleanse <in> --out <file> [--report quality.html] [--schema schema.json] [--fail-on <share>] [--quiet]

Streams the records of a CSV or NDJSON file through cleansing and writes the cleansed records (CSV or
NDJSON, by the --out extension). Memory stays flat whatever the file size. A summary of the problems found
goes to stderr.

Options:
  --out <file>        where the cleansed records go (.csv or .ndjson)
  --report <file>     also write an HTML report of the data quality (one self-contained file)
  --show-values       show values in the report unmasked, as cleansed (masked by default: j***@gmail.com)
  --schema <file>     a schema (JSON, the spec of defineSchema): which columns hold which fields
  --workers <n>       cleansing threads beside the one reading and writing (default: one per core for
                      files over 4 MB, none below; 0 cleanses in the reading thread); the output is the
                      same either way
${READING_OPTIONS}
Examples:
  profile-kit cleanse crm.csv --out crm.clean.csv --report quality.html
  profile-kit cleanse export.ndjson --schema schema.json --out clean.ndjson --fail-on 0.05
`,
  resolve: `profile-kit resolve <in...> --out <file> [--report report.html] [--schema schema.json] [--truth <column>] [--quiet]

Reads every input (each file is its own source when its records name none), links the records of one
person — within and across files, under the guards against over-merging — and writes one unified profile
per person: its id, its records and its golden attributes.

Options:
  --out <file>        the profiles (.ndjson: one JSON object per profile; .csv: one row per profile)
  --report <file>     also write an HTML report (one self-contained file, opens offline): data quality,
                      match-weight histogram, profile sizes, guard firings, the largest profiles,
                      waterfalls of pairs near the threshold, the model's m and u per level
  --show-values       show values in the report unmasked, as cleansed (masked by default: j***@gmail.com)
  --truth <column>    a column naming each record's true person (a labelled sample): kept out of
                      resolution and profiles; precision, recall and F1 are printed and reported,
                      with the profiles that mix people and the people split over profiles
  --schema <file>     a schema (JSON, the spec of defineSchema): columns, identity settings, merge policy
  --model <file>      a model trained by profile-kit train (default: the schema's, else built-in parameters)
  --workers <n>       1: cleanse and merge the profiles in a second thread while this one matches
                      (the default for inputs over 4 MB); 0: everything in one thread. The output is
                      the same either way
${READING_OPTIONS}
Examples:
  profile-kit resolve crm.csv orders.ndjson --out profiles.ndjson --report report.html
  profile-kit resolve labelled.csv --out profiles.ndjson --truth person --report report.html
  profile-kit resolve contacts.csv --schema schema.json --out profiles.csv
`,
  schema: `profile-kit schema init <in> [--out schema.json]

Reads a file's header and its first 1,000 records and proposes a schema: which column holds the id, the
source, the time a record was written, and each standard field (by the column's name, else by its values:
email addresses, phone numbers, dates), and how numeric dates are ordered. Writes it as JSON (to --out,
else to stdout) and says on stderr what it decided for each column and why. Read it, edit it, then pass it
to cleanse and resolve with --schema.

Examples:
  profile-kit schema init crm.csv --out schema.json
  profile-kit schema init export.ndjson > schema.json
`,
  train: `profile-kit train <in...> --out model.json [--schema schema.json] [--seed <n>] [--quiet]

Reads the files (as resolve does) and estimates the match model from the data itself, as Splink does:
u (how often different people agree by chance) from random pairs, m (how often one person's records
agree) by expectation-maximisation over the candidate pairs, and the prior. Writes the model as JSON
for resolve --model and explain --model. Exits 1 when the estimate did not converge (the model is
written all the same, with the reason on stderr).

Options:
  --out <file>        the model (.json)
  --schema <file>     a schema (JSON, the spec of defineSchema)
  --seed <n>          seed of the random pairs: the same seed, the same model (default 1)
  --encoding <name>   utf8 (default) or latin1
  --skip-bad-rows     leave out lines that are not a record (a CSV line with more or fewer fields than the
                      header, an NDJSON line that is not an object), say them, count them for --fail-on
  --quiet             no progress and no summary

Examples:
  profile-kit train crm.csv orders.ndjson --out model.json
  profile-kit resolve crm.csv orders.ndjson --model model.json --out profiles.ndjson
`,
  ingest: `profile-kit ingest <in...> --store postgres://user@host:5432/db [--store-schema name] [--schema schema.json]

Streams the records of the files into the profile engine over a PostgreSQL store (node-postgres must be
installed: npm install pg). Each record is resolved against the profiles already stored and joins,
creates or merges profiles, with their history; records seen before are counted as duplicates, so a
file can be ingested again safely. The tables are created or upgraded first (migrate).

Options:
  --store <url>           the PostgreSQL connection string
  --store-schema <name>   the PostgreSQL schema of the tables (default profile_kit)
  --schema <file>         a schema (JSON, the spec of defineSchema): the same one for every ingest and refresh
  --fail-on <share>       exit 1 when more than this share (0–1) of records is rejected
  --encoding <name>       utf8 (default) or latin1
  --skip-bad-rows         leave out lines that are not a record, and say them
  --quiet                 no progress and no summary

Examples:
  profile-kit ingest crm.csv orders.ndjson --store postgres://postgres@127.0.0.1:5432/app
  profile-kit ingest today.ndjson --store postgres://app@db/app --schema schema.json --fail-on 0.01
`,
  refresh: `profile-kit refresh --store postgres://user@host:5432/db [--store-schema name] [--schema schema.json]

Re-resolves every record in the PostgreSQL store as one batch (the periodic refresh): profiles merge,
split or move records, and keep their ids whenever they keep most of their records. Run it from several
processes at once and they share the work.

Options:
  --store <url>           the PostgreSQL connection string
  --store-schema <name>   the PostgreSQL schema of the tables (default profile_kit)
  --schema <file>         the schema the records were ingested with (JSON, the spec of defineSchema)
  --quiet                 no summary

Examples:
  profile-kit refresh --store postgres://postgres@127.0.0.1:5432/app
`,
  explain: `profile-kit explain <in...> <idA> <idB> [--schema schema.json] [--model model.json]

Reads the files (as resolve does) and shows why two records would or would not be linked: the prior,
each field's comparison level and weight in bits, the running total, the match probability and what
decided (the model, a rule such as the same email, or a guard's veto). The last two arguments are record
ids (the id column's values; a file's rows without ids are <file>-<row>).

Examples:
  profile-kit explain crm.csv orders.ndjson crm-17 orders-40
  profile-kit explain contacts.csv --schema schema.json C-1001 C-2044
`,
}));

const OPTIONS = {
  out: { type: "string" },
  schema: { type: "string" },
  "fail-on": { type: "string" },
  encoding: { type: "string" },
  quiet: { type: "boolean" },
  report: { type: "string" },
  "show-values": { type: "boolean" },
  truth: { type: "string" },
  model: { type: "string" },
  seed: { type: "string" },
  store: { type: "string" },
  "store-schema": { type: "string" },
  "skip-bad-rows": { type: "boolean" },
  workers: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

interface Common {
  readonly out: string;
  readonly schema: Schema;
  readonly schemaColumns: readonly string[];
  readonly failOn: number | null;
  readonly encoding: "utf8" | "latin1";
  readonly quiet: boolean;
  /** Where the HTML report goes, or null. */
  readonly report: string | null;
  readonly showValues: boolean;
  /** The column naming each record's true person (resolve), or null. */
  readonly truth: string | null;
  /** A trained model (--model), or null for the schema's or the built-in one. */
  readonly model: MatchModel | null;
  readonly seed: number | null;
  /** ingest and refresh: the PostgreSQL connection string and schema. */
  readonly store: string | null;
  readonly storeSchema: string | null;
  /** Lines that cannot be read as a record (a ragged CSV line, an NDJSON line that is not an object) are left out and said, instead of stopping the run. */
  readonly skipBadRows: boolean;
  /** cleanse: cleansing threads (--workers), or null for the default. */
  readonly workers: number | null;
}

/** The columns a schema reads (its id, source, observation time and mapped fields). */
function columnsOf(spec: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  const fields = spec["fields"];
  if (typeof fields === "object" && fields !== null) {
    for (const columns of Object.values(fields)) {
      if (typeof columns === "string") out.push(columns);
      else if (Array.isArray(columns)) for (const c of columns) if (typeof c === "string") out.push(c);
    }
  }
  for (const key of ["id", "source", "observedAt"]) {
    const column = _own(spec, key);
    if (typeof column === "string") out.push(column);
  }
  return out;
}

function loadSchema(path: string | undefined): { schema: Schema; columns: readonly string[] } {
  if (path === undefined) return { schema: defineSchema({}), columns: [] };
  let spec: unknown;
  try {
    spec = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CliError(`${path}: ${error instanceof SyntaxError ? "not valid JSON" : "cannot be read"} (a schema is a JSON object: the spec of defineSchema).`);
  }
  try {
    return { schema: defineSchema(spec as never), columns: typeof spec === "object" && spec !== null ? columnsOf(spec as Record<string, unknown>) : [] };
  } catch (error) {
    throw new CliError(`${path}: ${isProfileKitError(error) ? error.message.replace(/^defineSchema: /, "") : String(error)}`);
  }
}

/** An output's folder must exist before any work is done (not found out after an hour of matching). */
function checkFolder(path: string): void {
  const folder = dirname(resolvePath(path));
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw new CliError(`${path}: the folder ${folder} does not exist; create it or write elsewhere.`);
}

/** A model file written by `profile-kit train` (resolveIdentities checks its contents). */
function loadModel(path: string): MatchModel {
  let model: unknown;
  try {
    model = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CliError(`${path}: ${error instanceof SyntaxError ? "not valid JSON" : "cannot be read"} (a model is the JSON profile-kit train writes).`);
  }
  if (typeof model !== "object" || model === null || _own(model, "version") !== 1 || typeof _own(model, "fields") !== "object") throw new CliError(`${path}: not a match model (the JSON profile-kit train writes: { "version": 1, "fields": … }).`);
  return model as MatchModel;
}

/** How the command's files are read (the schema's id and source columns, its columns, encoding, bad rows). */
function readSettingsOf(common: Common): ReadSettings {
  const spec = common.schema.spec;
  return { idColumn: spec.id ?? "id", sourceColumn: spec.source ?? "source", schemaColumns: common.schemaColumns, encoding: common.encoding, skipBadRows: common.skipBadRows };
}

/** The resolution options of a command: the schema, and the trained model when one was given. */
function resolveOptionsOf(common: Common): ResolveIdentitiesOptions {
  // Matching keeps to one thread: the other core is the profiles thread's (or, with --workers 0, unused as asked).
  return common.model === null ? { schema: common.schema, threads: 1 } : { schema: common.schema, model: common.model, threads: 1 };
}


/** What parseArgs refused, in our words: an unknown option with the nearest known one, if it is close. */
function argsError(command: string, error: unknown, known: readonly string[]): CliError {
  const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  const unknown = /Unknown option '--([^']+)'/.exec(message)?.[1];
  const near = unknown === undefined ? undefined : known.map((name) => ({ name, d: levenshtein.get(name, unknown) })).sort((a, b) => a.d - b.d)[0];
  const hint = near !== undefined && near.d <= 2 ? `; did you mean --${near.name}?` : "";
  return new CliError(`${command}: ${unknown === undefined ? message : `Unknown option '--${unknown}'${hint}`} (see profile-kit ${command} --help).`);
}

function parse(argv: readonly string[], command: string): { positionals: string[]; common: Common } {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw argsError(command, error, Object.keys(OPTIONS));
  }
  const { values, positionals } = parsed;
  if (values.help === true) throw new HelpRequested(command);
  const storeCommand = command === "ingest" || command === "refresh";
  if (storeCommand && values.out !== undefined) throw new CliError(`${command}: --out does not apply: the profiles are written to the store (--store).`);
  if (!storeCommand && values.out === undefined) throw new CliError(`${command}: --out <file> is required (see profile-kit ${command} --help).`);
  if (storeCommand && values.store === undefined) throw new CliError(`${command}: --store postgres://user@host:5432/database is required (see profile-kit ${command} --help).`);
  if (!storeCommand && (values.store !== undefined || values["store-schema"] !== undefined)) throw new CliError(`${command}: --store applies to ingest and refresh.`);
  if (values.store !== undefined && !/^postgres(ql)?:\/\//.test(values.store)) throw new CliError(`${command}: --store takes a PostgreSQL connection string (postgres://user@host:5432/database).`);
  let failOn: number | null = null;
  if (values["fail-on"] !== undefined) {
    failOn = Number(values["fail-on"]);
    if (!(failOn >= 0 && failOn <= 1)) throw new CliError(`${command}: --fail-on takes a share from 0 to 1 (0.05 = 5%).`);
  }
  const encoding = values.encoding ?? "utf8";
  if (encoding !== "utf8" && encoding !== "latin1") throw new CliError(`${command}: --encoding is utf8 or latin1.`);
  const { schema, columns } = loadSchema(values.schema);
  for (const target of [values.out, values.report]) if (target !== undefined && target !== "-") checkFolder(target);
  const report = values.report ?? null;
  if (report !== null && command !== "cleanse" && command !== "resolve") throw new CliError(`${command}: --report applies to cleanse and resolve.`);
  if (report !== null && !/\.html?$/i.test(report)) throw new CliError(`${command}: --report writes an HTML file: give it a name ending in .html.`);
  if (values["show-values"] === true && report === null) throw new CliError(`${command}: --show-values applies to the report: give --report <file.html> too.`);
  if (values.truth !== undefined && command !== "resolve") throw new CliError(`${command}: --truth applies to resolve (it scores the profiles against a column of true people).`);
  if (values.model !== undefined && command === "cleanse") throw new CliError("cleanse: --model applies to resolve and explain (cleansing uses no match model).");
  if (values.model !== undefined && storeCommand) throw new CliError(`${command}: --model does not apply: a profile store's model is the schema's (identity.model), the same for every process.`);
  if (values.seed !== undefined && command !== "train") throw new CliError(`${command}: --seed applies to train.`);
  let seed: number | null = null;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new CliError(`${command}: --seed takes a whole number from 0 to 4294967295.`);
  }
  if (values.workers !== undefined && command !== "cleanse" && command !== "resolve") throw new CliError(`${command}: --workers applies to cleanse and resolve.`);
  let workers: number | null = null;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new CliError(`${command}: --workers takes a whole number from 0 to 64.`);
    if (command === "resolve" && workers > 1) throw new CliError(`resolve: --workers takes 0 or 1 (the profiles are built in one thread beside the one matching).`);
  }
  const model = values.model === undefined ? null : loadModel(values.model);
  return { positionals, common: { out: values.out ?? "", schema, schemaColumns: columns, failOn, encoding, quiet: values.quiet === true, report, showValues: values["show-values"] === true, truth: values.truth ?? null, model, seed, store: values.store ?? null, storeSchema: values["store-schema"] ?? null, skipBadRows: values["skip-bad-rows"] === true, workers } };
}

class HelpRequested extends Error {
  constructor(readonly command: string) {
    super(command);
  }
}

/** Counts of problems across a run, for the summary and --fail-on. */
class Problems {
  records = 0;
  withErrors = 0;
  readonly codes = new Map<string, number>();
  /** Lines left out by --skip-bad-rows: each a record with an unusable value (for --fail-on). */
  addSkipped(lines: number): void {
    if (lines === 0) return;
    this.records += lines;
    this.withErrors += lines;
    this.codes.set("unreadable_line", (this.codes.get("unreadable_line") ?? 0) + lines);
  }
  /** A chunk's counts, as cleanseChunk gives them. */
  addCounts(counts: ChunkCounts): void {
    this.records += counts.records;
    this.withErrors += counts.withErrors;
    for (const [code, n] of counts.codes) this.codes.set(code, (this.codes.get(code) ?? 0) + n);
  }
  summary(label: string): string {
    const top = [...this.codes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5).map(([code, n]) => `${code} ${n.toLocaleString("en-US")}`);
    return `${label}: ${this.withErrors.toLocaleString("en-US")} of ${this.records.toLocaleString("en-US")} records have an unusable value${top.length > 0 ? `; the warnings and errors found most often (records): ${top.join(", ")}` : ""}\n`;
  }
  verdict(failOn: number | null, io: CliIo, label: string): number {
    if (failOn === null || this.records === 0 || this.withErrors / this.records <= failOn) return 0;
    io.stderr.write(`${label}: ${((this.withErrors / this.records) * 100).toFixed(1)}% of records have an unusable value, above --fail-on ${failOn}\n`);
    return 1;
  }
}

const CHUNK = 2_000;
/** cleanse's chunks: smaller, so that less of a chunk is alive (and copied) at each young-generation collection, and the workers take turns often. */
const CLEANSE_CHUNK = 1_000;

/** The output must not be an input: it would be emptied before it is read. */
function refuseOverwrite(inputs: readonly string[], out: string): void {
  const target = resolvePath(out);
  for (const input of inputs) if (resolvePath(input) === target) throw new CliError(`${out} is also an input: write the output to another file.`);
}

/** A schema's standard fields read from one column of another name (field → column); empty without `fields` or `id`/`source`/`observedAt` names. */
function singleColumns(spec: Readonly<Record<string, unknown>>): ReadonlyMap<string, string> {
  const fields = spec["fields"];
  const out = new Map<string, string>();
  if (typeof fields === "object" && fields !== null) for (const [field, columns] of Object.entries(fields)) if (typeof columns === "string") out.set(field, columns);
  for (const [key, standard] of [["id", "id"], ["source", "source"], ["observedAt", "updatedAt"]] as const) {
    const column = _own(spec, key);
    if (typeof column === "string") out.set(standard, column);
  }
  return out;
}

/** Where tsx's loader API is, for a worker started from the TypeScript sources (resolved from this file when the runtime can). */
function tsxApi(): string {
  try {
    return import.meta.resolve("tsx/esm/api");
  } catch {
    return "tsx/esm/api";
  }
}

/** Inputs smaller than this are handled in one thread (cleanse, resolve): starting workers would cost more than they save. */
const WORKERS_FROM_BYTES = 4 * 1024 * 1024;

/** A thread of the command (cleanseWorker or profilesWorker), given its setup. */
function startWorker(name: "cleanseWorker" | "profilesWorker", setup: WorkerSetup | ProfilesSetup): Worker {
  // Built, a worker is its .js file beside the bin. From the sources (tests, tsx) it is TypeScript: a small
  // script registers tsx's loader in the thread first, then imports it.
  const source = import.meta.url.endsWith(".ts");
  const url = new URL(`./${name}.${source ? "ts" : "js"}`, import.meta.url);
  // The thread's data names the worker it is for: a module imported in another thread (a test runner's)
  // must not take that thread's data for its setup.
  const workerData: CliWorkerData = { worker: name, setup };
  if (!source) return new Worker(url, { workerData });
  return new Worker(`import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData });
}

/**
 * Cleansing threads: chunks go out in turn, and each answer comes back as a promise that never rejects (a
 * crashed worker answers with its error), so the chunks can be awaited, and written, in their order.
 */
class CleansePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { worker: Worker; resolve: (answer: WorkerAnswer) => void }>();
  private turn = 0;

  constructor(count: number, setup: WorkerSetup) {
    this.workers = Array.from({ length: count }, () => {
      const worker = startWorker("cleanseWorker", setup);
      worker.on("message", (answer: WorkerAnswer) => {
        const entry = this.waiting.get(answer.seq);
        this.waiting.delete(answer.seq);
        entry?.resolve(answer);
      });
      const fail = (why: string): void => {
        for (const [seq, entry] of this.waiting) {
          if (entry.worker !== worker) continue;
          this.waiting.delete(seq);
          entry.resolve({ seq, error: `a cleansing thread stopped (${why}); run again with --workers 0 to cleanse in one thread`, exitCode: 1 });
        }
      };
      worker.on("error", (error) => { fail(error.message); });
      worker.on("exit", (code) => { fail(`exit code ${code}`); });
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  run(task: WorkerTask): Promise<WorkerAnswer> {
    const worker = this.workers[this.turn++ % this.workers.length] as Worker;
    return new Promise((resolve) => {
      this.waiting.set(task.seq, { worker, resolve });
      worker.postMessage(task);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** The profiles side in a second thread (which reads the files itself): the clusters go out, the profiles are written there; a crash answers every question with its error. */
class ProfilesThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<"written" | "rows", (answer: ProfilesAnswer) => void>();
  private failure: ProfilesAnswer | null = null;

  constructor(setup: ProfilesSetup) {
    const worker = (this.worker = startWorker("profilesWorker", setup));
    const answer = (message: ProfilesAnswer): void => {
      if (message.kind === "error") {
        this.failure ??= message;
        for (const resolve of this.waiting.values()) resolve(message);
        this.waiting.clear();
        return;
      }
      this.waiting.get(message.kind)?.(message);
      this.waiting.delete(message.kind);
    };
    worker.on("message", answer);
    const fail = (why: string): void => { answer({ kind: "error", error: `the profiles thread stopped (${why}); run again with --workers 0 to build the profiles in one thread`, exitCode: 1 }); };
    worker.on("error", (error) => { fail(error.message); });
    worker.on("exit", (code) => { fail(`exit code ${code}`); });
  }

  private async ask(task: ProfilesTask, kind: "written" | "rows"): Promise<ProfilesAnswer> {
    if (this.failure !== null) return this.failure;
    const answer = new Promise<ProfilesAnswer>((resolve) => { this.waiting.set(kind, resolve); });
    this.worker.postMessage(task);
    return await answer;
  }

  async write(clusters: readonly ProfileCluster[]): Promise<ProfilesDone> {
    const answer = await this.ask({ kind: "write", clusters }, "written");
    if (answer.kind === "error") throw new CliError(answer.error, answer.exitCode);
    if (answer.kind !== "written") throw new Error("profiles thread: an answer out of turn");
    return answer.done;
  }

  async rows(ids: readonly string[]): Promise<CleansedRows> {
    const answer = await this.ask({ kind: "rows", ids }, "rows");
    if (answer.kind === "error") throw new CliError(answer.error, answer.exitCode);
    if (answer.kind !== "rows") throw new Error("profiles thread: an answer out of turn");
    return answer.rows;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}

async function cleanse(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, common } = parse(argv, "cleanse");
  if (positionals.length !== 1) throw new CliError(`cleanse: give one input file (see profile-kit cleanse --help).`);
  refuseOverwrite(positionals, common.out);
  if (common.report !== null) refuseOverwrite([...positionals, common.out], common.report);
  const input = openInput(positionals[0] as string, { encoding: common.encoding, skipBadRows: common.skipBadRows });
  const output = new Output(common.out);
  const bar = progress(io, "cleanse", input.size, { quiet: common.quiet });
  const problems = new Problems();
  let quality = EMPTY_QUALITY;
  // With a schema naming columns, the cleansed values go back into the file's own columns, and every
  // other column is kept: the output has the input's shape.
  const spec = common.schema.spec as unknown as Readonly<Record<string, unknown>>;
  const renamed = singleColumns(spec);
  const workers = common.workers ?? (input.size >= WORKERS_FROM_BYTES ? availableParallelism() : 0);
  let chunk: Record<string, unknown>[] = [];
  // Set by the first chunk (flush, a closure): the output's layout, and the workers once it is fixed.
  const state: { layout: Layout | null; pool: CleansePool | null } = { layout: null, pool: null };
  let seq = 0;
  // Chunks handed to the workers, in order: written as they come back, at most two per worker ahead.
  const inFlight: Promise<WorkerAnswer>[] = [];
  const take = async (text: string, counts: ChunkCounts, chunkQuality: QualityReport): Promise<void> => {
    problems.addCounts(counts);
    if (common.report !== null) quality = addQuality(quality, chunkQuality);
    await output.writeText(text);
    bar.update(problems.records, input.bytesRead());
  };
  const settle = async (answer: WorkerAnswer): Promise<void> => {
    if ("error" in answer) throw new CliError(answer.error, answer.exitCode);
    await take(answer.text, answer.counts, answer.quality);
  };
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const records = chunk;
    chunk = [];
    const pool = state.pool;
    if (state.layout === null || pool === null) {
      // Every input column is kept (cleansed values replace the originals of the fields cleansing knows),
      // and the issues of each record are written beside it: a value cleansing blanked says why.
      const cleansed = cleanseChunk(records, common.schema);
      let layout = state.layout;
      if (layout === null) {
        layout = state.layout = { path: common.out, format: formatOf(common.out), columns: headerOf(input.columns() ?? [], cleansed, renamed), renamed: [...renamed] };
        if (layout.format === "csv") await output.writeText(csvLine(layout.columns));
        // A file cleansed before (or a host column of that name): its issues are this run's now, said once.
        if ((input.columns() ?? []).includes(ISSUES_COLUMN) && !common.quiet) io.stderr.write(`cleanse: the input's ${ISSUES_COLUMN} column is replaced with the issues this run finds\n`);
        // The first chunk, cleansed here, fixed the header: the workers write the rest to it.
        if (workers > 0) state.pool = new CleansePool(workers, { spec, layout });
      }
      await take(formatChunk(cleansed, layout), cleansed.counts, cleansed.quality);
      return;
    }
    inFlight.push(pool.run({ seq: seq++, records }));
    while (inFlight.length >= pool.size * 2) await settle(await (inFlight.shift() as Promise<WorkerAnswer>));
  };
  try {
    for await (const record of input.records) {
      if (state.layout === null && chunk.length === 0) checkColumns(input, common.schemaColumns);
      chunk.push(record);
      if (chunk.length % 100 === 0) bar.update(problems.records + chunk.length, input.bytesRead());
      if (chunk.length >= CLEANSE_CHUNK) await flush();
    }
    await flush();
    while (inFlight.length > 0) await settle(await (inFlight.shift() as Promise<WorkerAnswer>));
    if (state.layout === null) output.header(input.columns() ?? []);
  } finally {
    await state.pool?.close();
    await output.close();
  }
  bar.done(problems.records);
  problems.addSkipped(saySkipped(io, common, [{ path: input.path, records: problems.records, columns: input.columns() ?? [], skipped: input.skipped() }]));
  if (problems.records === 0) throw new CliError(`${input.path}: no records to cleanse (${input.columns() === null ? "the file is empty" : "a header and no row"}).`, 1);
  if (common.report !== null) {
    writeReport(common.report, { command: "cleanse", generatedAt: new Date().toISOString(), inputs: [{ path: input.path, records: problems.records }], masked: !common.showValues, quality, resolution: null });
    if (!common.quiet) io.stderr.write(`cleanse: report written to ${common.report}\n`);
  }
  if (!common.quiet) io.stderr.write(problems.summary("cleanse"));
  return problems.verdict(common.failOn, io, "cleanse");
}

async function resolve(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, common } = parse(argv, "resolve");
  if (positionals.length === 0) throw new CliError(`resolve: give at least one input file (see profile-kit resolve --help).`);
  refuseOverwrite(positionals, common.out);
  if (common.report !== null) refuseOverwrite([...positionals, common.out], common.report);
  const spec = common.schema.spec;
  const idColumn = spec.id ?? "id";
  const bar = progress(io, "resolve: reading", positionals.reduce((sum, path) => sum + sizeOf(path), 0), { quiet: common.quiet });
  const counts: number[] = [];
  const columnsSeen: string[][] = [];
  const skipped = { lines: 0 };
  // The profiles side: for large inputs in a second thread, which reads the files itself and cleanses them
  // while this thread matches, then merges and writes the profiles; else here, after matching.
  const setup: ProfilesSetup = { spec, paths: positionals, read: readSettingsOf(common), truthColumn: common.truth, idColumn, out: common.out };
  const threaded = (common.workers ?? (positionals.reduce((sum, path) => sum + sizeOf(path), 0) >= WORKERS_FROM_BYTES ? 1 : 0)) > 0;
  const side: ProfileBuilder | ProfilesThread = threaded ? new ProfilesThread(setup) : new ProfileBuilder(setup);
  try {
    // The truth column names each record's true person: read aside, kept out of resolution and profiles, used to score them.
    const labels: AsideColumn | null = common.truth === null ? null : { column: common.truth, values: [] };
    const records = await readAll(positionals, common, (count, bytes) => { bar.update(count, bytes); }, counts, columnsSeen, io, skipped, labels);
    bar.done(records.length);
    const firstColumns = columnsSeen[0];
    const keys = records.map((record) => String(_own(record, idColumn)));
    // Each labelled record's true person, by record id (records without a label are resolved all the same
    // and left out of the scores: a partly labelled sample).
    let truth: { column: string; labels: Map<string, string> } | null = null;
    if (labels !== null) {
      const column = labels.column;
      const entityOf = new Map<string, string>();
      for (const [k, key] of keys.entries()) {
        const entity = labels.values[k];
        if (entity !== null && entity !== undefined) entityOf.set(key, entity);
      }
      labels.values.length = 0;
      const labelled = entityOf.size;
      if (labelled === 0) throw new CliError(`--truth ${column}: no record has a value in a column of that name; the columns are ${(firstColumns ?? []).map((c) => JSON.stringify(c)).join(", ")}.`, records.length === 0 ? 1 : 2);
      if (labelled < records.length && !common.quiet) io.stderr.write(`resolve: --truth ${column}: ${(records.length - labelled).toLocaleString("en-US")} of ${records.length.toLocaleString("en-US")} records have no label; the scores are over the ${labelled.toLocaleString("en-US")} labelled ones\n`);
      truth = { column, labels: entityOf };
    }
    const started = Date.now();
    const stage = (text: string): void => { if (!common.quiet) io.stderr.write(`resolve: [${((Date.now() - started) / 1000).toFixed(1)} s] ${text}\n`); };
    if (records.length === 0) throw new CliError(`${positionals.join(", ")}: no records to resolve.`, 1);
    // A duplicated id is refused before matching (and before any profile is written).
    refuseDuplicateIds(keys, positionals, counts);
    stage(`matching ${records.length.toLocaleString("en-US")} records${threaded ? " (the profiles are cleansed in a second thread meanwhile)" : ""}…`);
    const resolved = resolveIdentities(records, resolveOptionsOf(common));
    if (side instanceof ProfileBuilder) {
      // Cleansed after matching, in chunks, each raw record let go once cleansed: the raw and the cleansed
      // records are never all held at once.
      stage(`cleansing for the profiles…`);
      const raw: (Record<string, unknown> | undefined)[] = records;
      for (let start = 0; start < raw.length; start += CHUNK) {
        side.add(records.slice(start, start + CHUNK));
        raw.fill(undefined, start, start + CHUNK);
      }
    }
    // The raw records are not needed any more (the thread read its own).
    records.length = 0;
    stage(`merging ${resolved.clusters.length.toLocaleString("en-US")} profiles and writing ${common.out}…`);
    // The profiles are written (in the profiles thread, or here between writes) while this thread scores
    // against the truth and lays out the report.
    const writing = side.write(resolved.clusters);
    writing.catch(() => undefined); // awaited below: not an unhandled rejection meanwhile
    const scores = truth === null ? null : evaluateClusters(resolved.clusters, truth.labels);
    let resolution: ResolutionSection | null = null;
    if (common.report !== null) {
      const laid = layOutResolution({ result: resolved, truth, scores, masked: !common.showValues });
      const rows = new Map(side instanceof ProfilesThread ? await side.rows(laid.shown) : side.rows(laid.shown));
      resolution = laid.complete((id) => rows.get(id));
    }
    const done = await writing;
    const seconds = (Date.now() - started) / 1000;
    const problems = new Problems();
    problems.addSkipped(skipped.lines);
    for (const chunkCounts of done.counts) problems.addCounts(chunkCounts);
    if (common.report !== null) {
      stage(`writing the report ${common.report}…`);
      writeReport(common.report, { command: "resolve", generatedAt: new Date().toISOString(), inputs: positionals.map((path, k) => ({ path, records: counts[k] ?? 0 })), masked: !common.showValues, quality: done.quality, resolution });
    }
    if (!common.quiet) {
      const multi = resolved.clusters.filter((c) => c.recordIds.length > 1).length;
      io.stderr.write(`resolve: ${keys.length.toLocaleString("en-US")} records → ${resolved.clusters.length.toLocaleString("en-US")} profiles (${multi.toLocaleString("en-US")} with more than one record) in ${seconds.toFixed(1)} s\n`);
      if (resolved.issues.length > 0) for (const issue of resolved.issues) io.stderr.write(`resolve: ${issue.code}: ${issue.message}\n`);
      io.stderr.write(problems.summary("resolve"));
      if (truth !== null && scores !== null) io.stderr.write(`resolve: against --truth ${truth.column}: precision ${scores.precision.toFixed(4)}, recall ${scores.recall.toFixed(4)}, F1 ${scores.f1.toFixed(4)}\n`);
      if (common.report !== null) io.stderr.write(`resolve: report written to ${common.report}\n`);
    }
    return problems.verdict(common.failOn, io, "resolve");
  } finally {
    if (side instanceof ProfilesThread) await side.close();
  }
}

/** Two records with one id cannot both be resolved: the first such id is named with where it occurs (exit 1). */
function refuseDuplicateIds(keys: readonly string[], paths: readonly string[], counts: readonly number[]): void {
  const first = new Map<string, number>();
  const where = (k: number): string => {
    let row = k;
    for (const [f, count] of counts.entries()) {
      if (row < count) return `${paths[f] ?? ""} record ${row + 1}`;
      row -= count;
    }
    return `record ${k + 1}`;
  };
  for (const [k, key] of keys.entries()) {
    const before = first.get(key);
    if (before !== undefined) throw new CliError(`the id ${JSON.stringify(key)} is used by ${where(before)} and ${where(k)}; every record needs its own id (or leave the id column out: rows are then numbered per file).`, 1);
    first.set(key, k);
  }
}

/** Writes the report whole or not at all (a half-written page is never left behind). */
function writeReport(path: string, data: ReportData): void {
  const temporary = `${path}.partial`;
  writeFileSync(temporary, renderReport(data));
  renameSync(temporary, path);
}

/** A file's size in bytes (0 when it cannot be read: openInput then says why). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Reads input files into records as resolve does: a file's records without a source are the file's, without an id numbered by row. */
async function readAll(paths: readonly string[], common: Common, onRecord: (count: number, bytes: number) => void, counts: number[] = [], columns: string[][] = [], io: CliIo | null = null, skipped: { lines: number } = { lines: 0 }, aside: AsideColumn | null = null): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  const files: FileRead[] = [];
  for await (const record of readRecords(paths, readSettingsOf(common), (bytes) => { if (records.length % CHUNK === 0) onRecord(records.length, bytes); }, files, aside)) records.push(record);
  for (const file of files) {
    counts.push(file.records);
    columns.push([...file.columns]);
  }
  skipped.lines = io === null ? 0 : saySkipped(io, common, files);
  return records;
}


/** Lines --skip-bad-rows left out, said per file (the first few with why); their number. */
function saySkipped(io: CliIo, common: Common, files: readonly FileRead[]): number {
  let total = 0;
  for (const file of files) {
    if (file.skipped.length === 0) continue;
    total += file.skipped.length;
    if (common.quiet) continue;
    const first = file.skipped.slice(0, 3).map((s) => `line ${s.line}: ${s.why}`).join("; ");
    io.stderr.write(`${file.path}: ${file.skipped.length.toLocaleString("en-US")} bad line${file.skipped.length === 1 ? "" : "s"} left out (${first}${file.skipped.length > 3 ? "; …" : ""})\n`);
  }
  return total;
}

async function train(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, common } = parse(argv, "train");
  if (positionals.length === 0) throw new CliError("train: give at least one input file (see profile-kit train --help).");
  if (!/\.json$/i.test(common.out)) throw new CliError("train: --out names the model file: give it a name ending in .json.");
  refuseOverwrite(positionals, common.out);
  const bar = progress(io, "train: reading", positionals.reduce((sum, path) => sum + sizeOf(path), 0), { quiet: common.quiet });
  const records = await readAll(positionals, common, (count, bytes) => { bar.update(count, bytes); }, [], [], io);
  bar.done(records.length);
  const started = Date.now();
  const { model, report } = trainModel(records, { ...resolveOptionsOf(common), ...(common.seed === null ? {} : { seed: common.seed }) });
  writeFileSync(common.out, `${JSON.stringify(model, null, 2)}\n`);
  if (!common.quiet) {
    const prior = report.probabilityTwoRandomRecordsMatch;
    io.stderr.write(`train: ${report.randomPairs.toLocaleString("en-US")} random pairs (u), ${report.candidatePairs.toLocaleString("en-US")} candidate pairs (m), ${report.iterations} rounds, ${report.converged ? "converged" : `did not converge: ${report.reason ?? ""}`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    if (prior !== null) io.stderr.write(`train: two random records match with probability ${prior.toPrecision(3)}\n`);
    if (report.fieldsWithoutValues.length > 0) io.stderr.write(`train: no values of ${report.fieldsWithoutValues.join(", ")}: their built-in parameters were kept\n`);
    for (const warning of report.warnings) io.stderr.write(`train: ${warning}\n`);
    if (records.length < 1000) io.stderr.write(`train: only ${records.length.toLocaleString("en-US")} records: too few for reliable estimates (a few thousand or more is better); the built-in parameters may serve you better\n`);
    io.stderr.write(`train: model written to ${common.out}; use it with profile-kit resolve --model ${common.out}\n`);
  }
  return report.converged ? 0 : 1;
}

/** The PostgreSQL store of --store: node-postgres (an optional peer dependency) loaded only here. */
async function openStore(common: Common, createIfMissing: boolean): Promise<{ store: PostgresStore; close: () => Promise<void> }> {
  let pg: typeof PgModule;
  try {
    pg = (await import("pg")).default;
  } catch {
    throw new CliError("--store needs node-postgres: npm install pg (an optional peer dependency of profile-kit).", 1);
  }
  const pool = new pg.Pool({ connectionString: common.store ?? "", max: 4, connectionTimeoutMillis: 10_000 });
  // An idle client's error (the server restarting) must not end the process unhandled.
  pool.on("error", () => undefined);
  try {
    let store: PostgresStore;
    try {
      store = postgresStore({ pool, ...(common.storeSchema === null ? {} : { schema: common.storeSchema }) });
    } catch (error) {
      throw new CliError(`--store-schema: ${isProfileKitError(error) ? error.message.replace(/^postgresStore: options\.schema /, "the name ") : String(error)}`);
    }
    if (!createIfMissing) {
      // refresh works on a store that exists: a mistyped --store-schema must not create an empty one.
      const found = await pool.query("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'records'", [store.schema]);
      if (found.rowCount === 0) throw new CliError(`--store: no profile store in the PostgreSQL schema ${JSON.stringify(store.schema)} of this database (profile-kit ingest creates one; check --store-schema).`, 1);
    }
    await store.migrate();
    return { store, close: () => pool.end() };
  } catch (error) {
    await pool.end();
    if (error instanceof CliError) throw error;
    if (isProfileKitError(error) && error.code === "invalid_options") throw new CliError(error.message);
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError(`--store: cannot use the PostgreSQL store (${why}).`, 1);
  }
}


async function ingest(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, common } = parse(argv, "ingest");
  if (positionals.length === 0) throw new CliError("ingest: give at least one input file (see profile-kit ingest --help).");
  const { store, close } = await openStore(common, true);
  try {
    const engine = createProfileEngine({ schema: common.schema, store });
    const bar = progress(io, "ingest", positionals.reduce((sum, path) => sum + sizeOf(path), 0), { quiet: common.quiet });
    let bytes = 0;
    const files: FileRead[] = [];
    const result = await engine.ingestMany(readRecords(positionals, readSettingsOf(common), (b) => { bytes = b; }, files), { progressEvery: 100, onProgress: (p) => { bar.update(p.processed, bytes); } });
    bar.done(result.processed);
    saySkipped(io, common, files);
    if (!common.quiet) {
      const outcomes = Object.entries(result.outcomes).filter(([, n]) => n > 0).map(([outcome, n]) => `${outcome} ${n.toLocaleString("en-US")}`);
      io.stderr.write(`ingest: ${result.processed.toLocaleString("en-US")} records into ${store.schema}: ${outcomes.join(", ")}\n`);
      for (const rejected of result.rejected.slice(0, 5)) io.stderr.write(`ingest: record ${rejected.index + 1}${rejected.recordKey === null ? "" : ` (${rejected.recordKey})`} rejected: ${rejected.issues.map((i) => i.message).join("; ")}\n`);
      if (result.rejected.length > 5) io.stderr.write(`ingest: … and ${(result.rejected.length - 5).toLocaleString("en-US")} more rejected\n`);
    }
    const share = result.processed === 0 ? 0 : result.rejected.length / result.processed;
    if (common.failOn !== null && share > common.failOn) {
      io.stderr.write(`ingest: ${(share * 100).toFixed(1)}% of records were rejected, above --fail-on ${common.failOn}\n`);
      return 1;
    }
    return 0;
  } finally {
    await close();
  }
}

async function refreshStore(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, common } = parse(argv, "refresh");
  if (positionals.length > 0) throw new CliError("refresh: takes no file: it re-resolves every record in the store (see profile-kit refresh --help).");
  const { store, close } = await openStore(common, false);
  try {
    const engine = createProfileEngine({ schema: common.schema, store });
    const started = Date.now();
    const r = await engine.refresh();
    if (!common.quiet) io.stderr.write(`refresh: ${r.records.toLocaleString("en-US")} records → ${r.profiles.toLocaleString("en-US")} profiles in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.merged} merged, ${r.split} split, ${r.moved} moved, ${r.unchanged.toLocaleString("en-US")} unchanged (profile ids kept)\n`);
    return 0;
  } finally {
    await close();
  }
}

async function explainPair(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, common } = parse(["--out", "-", ...argv], "explain");
  if (positionals.length < 3) throw new CliError("explain: give the input file(s), then two record ids (see profile-kit explain --help).");
  const files = positionals.slice(0, -2);
  const [a, b] = positionals.slice(-2) as [string, string];
  if (a === b) throw new CliError(`explain: give two different record ids (${JSON.stringify(a)} twice).`);
  const records = await readAll(files, common, () => undefined, [], [], io);
  const idColumn = common.schema.spec.id ?? "id";
  const ids = new Set(records.map((record) => String(_own(record, idColumn))));
  for (const id of [a, b]) if (!ids.has(id)) throw new CliError(`explain: no record has the id ${JSON.stringify(id)} in ${files.join(", ")} (ids are the ${JSON.stringify(idColumn)} column's values; rows without one are <file>-<row>).`);
  const why = explainMatch(records, a, b, resolveOptionsOf(common));
  const label = why.decidedBy.kind === "model" ? "the model" : formatDecision(why.decidedBy);
  const lines: string[] = [`${a} ↔ ${b}: ${why.linked ? "linked" : "not linked"} (decided by ${label}), probability ${why.probability.toFixed(4)}, match weight ${why.matchWeight.toFixed(2)} bits`];
  let scale = Math.max(1, Math.abs(why.priorWeight));
  for (const field of why.fields) scale = Math.max(scale, Math.abs(field.weight));
  const bar = (weight: number): string => {
    const n = Math.round((Math.abs(weight) / scale) * 24);
    return weight >= 0 ? `${" ".repeat(24)}|${"+".repeat(n)}` : `${" ".repeat(24 - n)}${"-".repeat(n)}|`;
  };
  const signed = (w: number): string => `${w >= 0 ? "+" : ""}${w.toFixed(2)}`.padStart(7);
  const row = (name: string, level: string, weight: number, total: number): string => `  ${name.padEnd(14)} ${level.padEnd(12)} ${signed(weight)} ${total.toFixed(2).padStart(8)}  ${bar(weight)}`;
  let total = why.priorWeight;
  lines.push(`  ${"field".padEnd(14)} ${"level".padEnd(12)} ${"bits".padStart(7)} ${"total".padStart(8)}`);
  lines.push(row("prior", "", why.priorWeight, total));
  for (const field of why.fields) {
    total += field.weight;
    lines.push(row(field.field, field.ignored ?? field.level ?? "-", field.weight, total));
  }
  // What was compared: each field's cleansed value in both records (this is the user's own terminal).
  const pair = [a, b].map((id) => records.find((record) => String(_own(record, idColumn)) === id) as Record<string, unknown>);
  const [cleanA, cleanB] = cleanseRecords(pair, common.schema).records as [Readonly<Record<string, unknown>>, Readonly<Record<string, unknown>>];
  const shown = (value: unknown): string => {
    const text = value == null || value === "" ? "–" : typeof value === "string" ? value : JSON.stringify(value);
    return text.length > 30 ? `${text.slice(0, 29)}…` : text;
  };
  const width = Math.max(14, Math.min(31, a.length), Math.min(31, b.length));
  lines.push("", `  ${"values".padEnd(14)} ${a.slice(0, 31).padEnd(width + 17)} ${b.slice(0, 31)}`);
  const derived: string[] = [];
  for (const field of why.fields) {
    const va = _own(cleanA, field.field);
    const vb = _own(cleanB, field.field);
    lines.push(`  ${field.field.padEnd(14)} ${shown(va).padEnd(width + 17)} ${shown(vb)}`);
    // A record without a name is compared by the name its email spells (harold.logan01@… → Harold Logan).
    if ((field.field === "firstName" || field.field === "lastName") && field.level !== null && field.ignored === null) {
      for (const [id, value] of [[a, va], [b, vb]] as const) if (value == null || value === "") derived.push(`${field.field} of ${id}`);
    }
  }
  if (derived.length > 0) lines.push(`  (${derived.join(" and ")} read from the email address)`);
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

async function schemaInit(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: { values: { out?: string; encoding?: string; help?: boolean }; positionals: string[] };
  const options = { out: { type: "string" }, encoding: { type: "string" }, help: { type: "boolean", short: "h" } } as const;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw argsError("schema", error, Object.keys(options));
  }
  if (parsed.values.help === true) throw new HelpRequested("schema");
  const [sub, file, ...more] = parsed.positionals;
  if (sub !== "init" || file === undefined || more.length > 0) throw new CliError("schema: use profile-kit schema init <file> [--out schema.json].");
  const encoding = parsed.values.encoding ?? "utf8";
  if (encoding !== "utf8" && encoding !== "latin1") throw new CliError("schema: --encoding is utf8 or latin1.");
  const input = openInput(file, { encoding });
  const rows: Record<string, unknown>[] = [];
  for await (const record of input.records) {
    rows.push(record);
    if (rows.length >= 1000) break;
  }
  const columns = input.columns() ?? [];
  if (columns.length === 0) throw new CliError(`${file}: no header and no record: nothing to propose a schema from.`, 1);
  const { spec, guesses } = proposeSchema(columns, rows);
  // The proposal must be a schema the library accepts.
  defineSchema(spec as never);
  const json = `${JSON.stringify(spec, null, 2)}\n`;
  if (parsed.values.out === undefined) io.stdout.write(json);
  else writeFileSync(parsed.values.out, json);
  for (const guess of guesses) io.stderr.write(`schema: ${JSON.stringify(guess.column)} → ${guess.field ?? "(left out)"}: ${guess.why}\n`);
  return 0;
}

/**
 * Runs the command line: `argv` without node and the script. Resolves to the exit code: 0 ok, 1 data
 * problems (above `--fail-on`, or an unreadable file), 2 usage. Writes only to `io`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      io.stdout.write(HELP.get("main") as string);
      return command === undefined ? 2 : 0;
    }
    if (command === "cleanse") return await cleanse(rest, io);
    if (command === "resolve") return await resolve(rest, io);
    if (command === "schema") return await schemaInit(rest, io);
    if (command === "explain") return await explainPair(rest, io);
    if (command === "train") return await train(rest, io);
    if (command === "ingest") return await ingest(rest, io);
    if (command === "refresh") return await refreshStore(rest, io);
    throw new CliError(`unknown command ${JSON.stringify(command)}; the commands are cleanse, resolve, train, explain, ingest, refresh and schema init (profile-kit --help).`);
  } catch (error) {
    if (error instanceof HelpRequested) {
      io.stdout.write(HELP.get(error.command) ?? (HELP.get("main") as string));
      return 0;
    }
    if (error instanceof CliError) {
      io.stderr.write(`profile-kit: ${error.message}\n`);
      return error.exitCode;
    }
    if (isProfileKitError(error)) {
      io.stderr.write(`profile-kit: ${error.message}\n`);
      return error.code === "invalid_options" ? 2 : 1;
    }
    throw error;
  }
}
