// Preparing records in several threads while the call stays synchronous. The rows are cut into chunks; the
// worker threads are sent the last chunks' values, the calling thread prepares the first ones itself, then
// takes back every chunk no worker has started (a claim in shared memory decides who prepares a chunk), and
// waits — Atomics.wait, then receiveMessageOnPort — only for the chunks a worker is preparing. A worker that
// cannot start, is missing (a bundled copy of the library), fails or stops answering costs time, never a
// row: its chunks are prepared here.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { _Features, _RowSetup } from "./_prepare.js";

/** Rows per chunk: small enough to share the work evenly, large enough that a message's cost does not count. */
const CHUNK_ROWS = 8192;
/** Below this many records one thread prepares them all: starting a thread (~50 ms) would cost more than it saves. */
export const THREADS_FROM_RECORDS = 50_000;
/** The most threads the default uses. */
const MAX_DEFAULT_THREADS = 4;
/** A worker silent this long while preparing a chunk is given up on: its chunk is prepared here. */
const STALL_MS = 10_000;

/** Shared state: [0] answers posted, [1] rows done (a sign of life), then one claim per chunk. */
const ANSWERS = 0;
const PROGRESS = 1;
const CLAIMS = 2;
const FREE = 0;
const BY_WORKER = 1;
const BY_CALLER = 2;
/** The shared state's layout, for tests. */
export const _STATE: { readonly ANSWERS: number; readonly PROGRESS: number; readonly CLAIMS: number; readonly FREE: number; readonly BY_WORKER: number; readonly BY_CALLER: number } = { ANSWERS, PROGRESS, CLAIMS, FREE, BY_WORKER, BY_CALLER };

/** The threads the default uses for `n` records. */
export function _defaultThreads(n: number): number {
  return n < THREADS_FROM_RECORDS ? 1 : Math.min(MAX_DEFAULT_THREADS, Math.max(1, availableParallelism()));
}

/** How the rows' values are read and the prepared features are put in place, by the calling thread. */
export interface _ChunkHost {
  /** Rows [from, to)'s values, row after row; `portable` when every value is a string, number, boolean, null or undefined. */
  values(from: number, to: number): { values: unknown[]; portable: boolean };
  /** Puts the features of rows from `from` on in place. */
  place(features: _Features, from: number): void;
  /** Tests: the calling thread starts on its chunks only once a worker has claimed one (or after a minute). */
  readonly waitForWorkers?: boolean;
  /** Tests: the workers' code (a CommonJS script, evaluated) instead of the library's worker file. */
  readonly workerCode?: string;
  /** Tests: how long a worker may stay silent while preparing a chunk (default 10 s). */
  readonly stallMs?: number;
}

/** What a worker thread is given once. */
export interface _WorkerSetup {
  readonly marker: "profile-kit/prepare";
  readonly setup: _RowSetup;
  readonly state: SharedArrayBuffer;
  readonly port: MessagePort;
}

interface Task {
  readonly k: number;
  readonly count: number;
  readonly values: unknown[];
}

type Answer = { readonly k: number; readonly features: _Features } | { readonly k: number; readonly error: string };

/** A thread's view of what its code is: the module file, and whether it is a TypeScript source. */
function workerFile(): { href: string; source: boolean } | null {
  let base: string;
  try {
    base = import.meta.url;
  } catch {
    return null;
  }
  if (typeof base !== "string" || !base.startsWith("file:")) return null;
  // From the sources (this project's tests) the worker is TypeScript, loaded through the project's tsx.
  const source = base.endsWith(".ts");
  // Built, this code is in a chunk at dist/ or in dist/identity/; from the sources it is beside the worker.
  const candidates = source ? ["./_prepareWorker.ts"] : ["./identity/_prepareWorker.js", "./_prepareWorker.js", "../identity/_prepareWorker.js"];
  for (const candidate of candidates) {
    const url = new URL(candidate, base);
    if (existsSync(fileURLToPath(url))) return { href: url.href, source };
  }
  return null;
}

interface Pool {
  readonly workers: readonly Worker[];
  readonly ports: readonly MessagePort[];
  readonly state: Int32Array;
}

/** How a worker is started: from the test's code, or from the library's worker file; null when there is none. */
function workerStarter(code: string | undefined): ((workerData: _WorkerSetup) => Worker) | null {
  if (code !== undefined) return (workerData) => new Worker(code, { eval: true, workerData, transferList: [workerData.port] });
  const file = workerFile();
  if (file === null) return null;
  const { href, source } = file;
  return source
    ? (workerData) => new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(href)}); });`, { eval: true, workerData, transferList: [workerData.port] })
    : (workerData) => new Worker(new URL(href), { workerData, transferList: [workerData.port] });
}

function startPool(count: number, chunks: number, setup: _RowSetup, code: string | undefined): Pool | null {
  const start = workerStarter(code);
  if (start === null) return null;
  const state = new Int32Array(new SharedArrayBuffer((CLAIMS + chunks) * 4));
  const workers: Worker[] = [];
  const ports: MessagePort[] = [];
  try {
    for (let w = 0; w < count; w++) {
      const { port1, port2 } = new MessageChannel();
      // Listed before the worker starts, so that a failure to start closes this channel too.
      ports.push(port1);
      const worker = start({ marker: "profile-kit/prepare", setup, state: state.buffer, port: port2 });
      // A worker that fails is noticed by its silence; its error must not become the host's uncaught exception.
      worker.on("error", () => undefined);
      worker.unref();
      workers.push(worker);
    }
  } catch {
    stopPool({ workers, ports, state });
    return null;
  }
  return { workers, ports, state };
}

function stopPool(pool: Pool): void {
  for (const port of pool.ports) port.close();
  for (const worker of pool.workers) void worker.terminate().then(undefined, () => undefined);
}

/**
 * Prepares rows 0…n−1 in chunks, in `threads` threads (this one included), and puts every chunk's
 * features in place here, each exactly once, in any order.
 *
 * @param features - the per-row preparation (`_features`)
 */
export function _inChunks(n: number, threads: number, setup: _RowSetup, host: _ChunkHost, features: (values: readonly unknown[], count: number, setup: _RowSetup) => _Features): { readonly chunks: number; readonly byWorkers: number } {
  const chunks = Math.ceil(n / CHUNK_ROWS);
  const bounds = (k: number): [from: number, to: number] => [k * CHUNK_ROWS, Math.min(n, (k + 1) * CHUNK_ROWS)];
  const here = (k: number): void => {
    const [from, to] = bounds(k);
    host.place(features(host.values(from, to).values, to - from, setup), from);
  };
  const pool = threads > 1 && chunks > 1 ? startPool(Math.min(threads - 1, chunks - 1), chunks, setup, host.workerCode) : null;
  if (pool === null) {
    for (let k = 0; k < chunks; k++) here(k);
    return { chunks, byWorkers: 0 };
  }
  let byWorkers = 0;
  try {
    const { state, ports } = pool;
    const claim = (k: number, by: number): boolean => Atomics.compareExchange(state, CLAIMS + k, FREE, by) === FREE;
    // The workers' share: the last chunks, dealt in turn. A chunk holding values a thread cannot be sent
    // (objects, functions) stays here.
    const firstShared = Math.floor(chunks / (ports.length + 1));
    const sent: number[] = [];
    for (let k = firstShared; k < chunks; k++) {
      const [from, to] = bounds(k);
      const { values, portable } = host.values(from, to);
      if (!portable) continue;
      const task: Task = { k, count: to - from, values };
      (ports[sent.length % ports.length] as MessagePort).postMessage(task);
      sent.push(k);
    }
    const mine = new Set(sent);
    if (host.waitForWorkers === true) {
      const until = performance.now() + 60_000;
      while (!sent.some((k) => Atomics.load(state, CLAIMS + k) === BY_WORKER) && performance.now() < until) Atomics.wait(state, ANSWERS, Atomics.load(state, ANSWERS), 10);
    }
    for (let k = 0; k < chunks; k++) if (!mine.has(k) && claim(k, BY_CALLER)) here(k);
    // Then every sent chunk no worker has started, from the last.
    for (let x = sent.length - 1; x >= 0; x--) {
      const k = sent[x] as number;
      if (claim(k, BY_CALLER)) here(k);
    }
    // The chunks a worker claimed: their answers, or this thread's work when an answer fails or never comes.
    const pending = new Set(sent.filter((k) => Atomics.load(state, CLAIMS + k) === BY_WORKER));
    let answersSeen = Atomics.load(state, ANSWERS);
    let progress = Atomics.load(state, PROGRESS);
    let quietSince = performance.now();
    while (pending.size > 0) {
      for (const port of ports) {
        for (let message = receiveMessageOnPort(port); message !== undefined; message = receiveMessageOnPort(port)) {
          const answer = message.message as Answer;
          if (!pending.has(answer.k)) continue;
          pending.delete(answer.k);
          if ("features" in answer) {
            host.place(answer.features, bounds(answer.k)[0]);
            byWorkers++;
          } else here(answer.k);
        }
      }
      if (pending.size === 0) break;
      Atomics.wait(state, ANSWERS, answersSeen, 100);
      answersSeen = Atomics.load(state, ANSWERS);
      const now = Atomics.load(state, PROGRESS);
      if (now !== progress) {
        progress = now;
        quietSince = performance.now();
      } else if (performance.now() - quietSince > (host.stallMs ?? STALL_MS)) {
        for (const k of pending) here(k);
        pending.clear();
      }
    }
  } finally {
    stopPool(pool);
  }
  return { chunks, byWorkers };
}

/**
 * A worker thread's loop: each chunk sent is prepared unless the calling thread has claimed it, and
 * answered with its features (or the error, which the calling thread then meets itself).
 */
export function _serveChunks(data: _WorkerSetup, features: (values: readonly unknown[], count: number, setup: _RowSetup, tick: () => void) => _Features): void {
  const state = new Int32Array(data.state);
  const tick = (): void => {
    Atomics.add(state, PROGRESS, 1);
  };
  data.port.on("message", (task: Task) => {
    if (Atomics.compareExchange(state, CLAIMS + task.k, FREE, BY_WORKER) !== FREE) return;
    let answer: Answer;
    try {
      answer = { k: task.k, features: features(task.values, task.count, data.setup, tick) };
    } catch (error) {
      answer = { k: task.k, error: error instanceof Error ? error.message : String(error) };
    }
    data.port.postMessage(answer);
    Atomics.add(state, ANSWERS, 1);
    Atomics.notify(state, ANSWERS);
  });
}
