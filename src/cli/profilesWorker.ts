// The profiles thread of `profile-kit resolve`: while the main thread matches, this one reads the same files
// (the same records: readRecords) and cleanses them for the profiles, then, once the clusters come, merges
// and writes the profiles. Nothing is copied between the threads but the clusters and a few shown records,
// and this thread's heap holds the cleansed records, so the main thread's stays smaller.
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { ProfileBuilder, type CleansedRows, type ProfileCluster, type ProfilesDone, type ProfilesSetup } from "./profiles.js";
import type { CliWorkerData } from "./cleanseWorker.js";
import { CliError, readRecords } from "./records.js";

/** What the main thread sends: the clusters, then the record ids the report shows. */
export type ProfilesTask =
  | { readonly kind: "write"; readonly clusters: readonly ProfileCluster[] }
  | { readonly kind: "rows"; readonly ids: readonly string[] };

/** An answer to "write" or "rows", or the one-line problem that stops the command. */
export type ProfilesAnswer =
  | { readonly kind: "written"; readonly done: ProfilesDone }
  | { readonly kind: "rows"; readonly rows: CleansedRows }
  | { readonly kind: "error"; readonly error: string; readonly exitCode: 1 | 2 };

type Failure = Extract<ProfilesAnswer, { kind: "error" }>;

/** A failure as the command says it: a CliError as it is, anything else with its stack (a bug to report). */
function failureOf(error: unknown): Failure {
  return error instanceof CliError ? { kind: "error", error: error.message, exitCode: error.exitCode } : { kind: "error", error: `building the profiles failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, exitCode: 1 };
}

/** Records handed to cleansing at a time (as the main thread does after matching with --workers 0). */
const CHUNK = 2_000;

/**
 * Reads and cleanses the setup's files at once, then answers the questions posted to `port` ("rows",
 * "write") when the reading is done; a failure is the answer to every question.
 */
export function serveProfiles(port: Pick<MessagePort, "on" | "postMessage">, setup: ProfilesSetup): void {
  const builder = new ProfileBuilder(setup);
  // Read and cleansed from the start; a question waits for it. A failure (the main thread, reading the
  // same files, says its own first) is the answer to every question.
  const reading = (async (): Promise<Failure | null> => {
    try {
      let chunk: Record<string, unknown>[] = [];
      const aside = setup.truthColumn === null ? null : { column: setup.truthColumn, values: [] };
      for await (const record of readRecords(setup.paths, setup.read, undefined, [], aside)) {
        chunk.push(record);
        // The labels are the main thread's business: read aside here only to keep them out of the profiles.
        if (aside !== null) aside.values.length = 0;
        if (chunk.length < CHUNK) continue;
        builder.add(chunk);
        chunk = [];
      }
      if (chunk.length > 0) builder.add(chunk);
      // Unpacked now, while matching still runs in the main thread, not after the clusters come.
      builder.unpacked();
      return null;
    } catch (error) {
      return failureOf(error);
    }
  })();
  port.on("message", (task: ProfilesTask) => {
    void reading.then(async (failure): Promise<ProfilesAnswer> => {
      if (failure !== null) return failure;
      if (task.kind === "rows") return { kind: "rows", rows: builder.rows(task.ids) };
      return { kind: "written", done: await builder.write(task.clusters) };
    }).catch(failureOf).then((answer) => { port.postMessage(answer); });
  });
}

// In the profiles thread main.ts starts (and only there: a test runner's thread has other data), serve the main thread.
const data = workerData as Partial<CliWorkerData> | null;
if (parentPort !== null && data?.worker === "profilesWorker") serveProfiles(parentPort, data.setup as ProfilesSetup);
