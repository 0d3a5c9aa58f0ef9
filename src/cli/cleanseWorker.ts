// A cleansing thread of `profile-kit cleanse`: chunks of records in, output text and counts out. The main
// thread reads and parses the file and writes the chunks back in order; cleansing (most of the work) runs
// here, one chunk at a time per worker.
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { defineSchema } from "../engine/defineSchema.js";
import { cleanseChunk, formatChunk, type ChunkCounts, type Layout } from "./cleanseChunk.js";
import { CliError } from "./records.js";
import type { QualityReport } from "../cleanse/cleanseRecords.js";

/** A CLI thread's data: which worker it is for, and that worker's setup. */
export interface CliWorkerData {
  readonly worker: "cleanseWorker" | "profilesWorker";
  readonly setup: unknown;
}

/** What the main thread gives a worker once. */
export interface WorkerSetup {
  readonly spec: unknown;
  readonly layout: Layout;
}

/** A chunk to cleanse, numbered so the answers are written in order. */
export interface WorkerTask {
  readonly seq: number;
  readonly records: readonly Readonly<Record<string, unknown>>[];
}

/** The answer: the chunk's output text, or the one-line problem that stops the command. */
export type WorkerAnswer =
  | { readonly seq: number; readonly text: string; readonly quality: QualityReport; readonly counts: ChunkCounts }
  | { readonly seq: number; readonly error: string; readonly exitCode: 1 | 2 };

/** Answers the chunks posted to `port`, each with its output text and counts or its one-line problem. */
export function serveCleansing(port: Pick<MessagePort, "on" | "postMessage">, setup: WorkerSetup): void {
  const schema = defineSchema(setup.spec as never);
  port.on("message", (task: WorkerTask) => {
    let answer: WorkerAnswer;
    try {
      const chunk = cleanseChunk(task.records, schema);
      answer = { seq: task.seq, text: formatChunk(chunk, setup.layout), quality: chunk.quality, counts: chunk.counts };
    } catch (error) {
      answer = error instanceof CliError ? { seq: task.seq, error: error.message, exitCode: error.exitCode } : { seq: task.seq, error: `cleansing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, exitCode: 1 };
    }
    port.postMessage(answer);
  });
}

// In the cleansing thread main.ts starts (and only there: a test runner's thread has other data), serve the main thread.
const data = workerData as Partial<CliWorkerData> | null;
if (parentPort !== null && data?.worker === "cleanseWorker") serveCleansing(parentPort, data.setup as WorkerSetup);
