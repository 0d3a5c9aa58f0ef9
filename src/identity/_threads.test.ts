// Preparing records in worker threads: the same features as one thread, every chunk exactly once, values a
// thread cannot be sent kept in the calling one, the host's customer-id format still applied, and the
// option's bounds.
import { availableParallelism } from "node:os";
import { MessageChannel, type Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { profileKitErrorOf } from "../../test/support/errors.js";
import { generateCustomerDataset } from "../testing/index.js";
import { _features, _prepare, type _Features, type _PrepareOptions, type _RowSetup } from "./_prepare.js";
import { THREADS_FROM_RECORDS, _STATE, _defaultThreads, _inChunks, _serveChunks, type _WorkerSetup } from "./_threads.js";
import { resolveIdentities } from "./resolveIdentities.js";

const people = generateCustomerDataset({ entities: 9_000, seed: 3 }).records;
const COLUMNS = ["source", "street", "city", "region", "postalCode", "country", "firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "customerId"];

describe("_inChunks", () => {
  it("prepares every chunk exactly once, in worker threads too, to the same features as one thread", () => {
    const setup: _RowSetup = { defaultCountry: null, dateOrder: null, customKinds: [] };
    const flat = people.flatMap((record) => COLUMNS.map((column) => (record as Record<string, unknown>)[column]));
    const n = people.length;
    const placed: { from: number; features: _Features }[] = [];
    const result = _inChunks(n, 2, setup, {
      values: (from, to) => ({ values: flat.slice(from * COLUMNS.length, to * COLUMNS.length), portable: true }),
      place: (features, from) => placed.push({ from, features }),
      waitForWorkers: true,
    }, _features);
    expect(result.chunks).toBe(Math.ceil(n / 8192));
    expect(result.chunks).toBeGreaterThanOrEqual(3);
    expect(result.byWorkers).toBeGreaterThanOrEqual(1);
    placed.sort((a, b) => a.from - b.from);
    expect(placed.map((p) => p.from)).toEqual(Array.from({ length: result.chunks }, (_, k) => k * 8192));
    const whole = _features(flat, n, setup);
    for (const key of Object.keys(whole) as (keyof _Features)[]) {
      if (key === "placeholders" || key === "truncated") expect(placed.reduce((sum, p) => sum + p.features[key], 0)).toBe(whole[key]);
      else if (key === "customText" || key === "customNumber") expect(placed.every((p) => p.features[key].length === 0)).toBe(true);
      else expect(placed.flatMap((p) => p.features[key] as unknown[])).toEqual(whole[key]);
    }
  });

  it("prepares in this thread alone when one thread is asked for or there is one chunk", () => {
    const setup: _RowSetup = { defaultCountry: "US", dateOrder: null, customKinds: [] };
    const values = COLUMNS.map(() => null);
    for (const [n, threads] of [[1, 4], [100, 4], [20_000, 1]] as const) {
      let calls = 0;
      // Were a worker started, the calling thread would wait for it to take a chunk, and it would answer.
      const result = _inChunks(n, threads, setup, { values: (from, to) => ({ values: Array.from({ length: (to - from) * COLUMNS.length }, (_, k) => values[k % COLUMNS.length]), portable: true }), place: () => { calls++; }, waitForWorkers: true }, _features);
      expect(result.byWorkers).toBe(0);
      expect(calls).toBe(result.chunks);
    }
  });

  it("keeps a chunk whose values a thread cannot be sent (a function) in the calling thread", () => {
    const setup: _RowSetup = { defaultCountry: null, dateOrder: null, customKinds: [] };
    const n = 4 * 8192;
    const row = (i: number): unknown[] => COLUMNS.map((column) => (column === "firstName" ? (i === n - 1 ? () => "x" : "Ann") : column === "email" ? `p${i}@example.com` : null));
    const placed: number[] = [];
    const result = _inChunks(n, 2, setup, {
      // The last chunk holds a function: sending it would throw DataCloneError.
      values: (from, to) => ({ values: Array.from({ length: to - from }, (_, r) => row(from + r)).flat(), portable: to < n }),
      place: (features, from) => { placed.push(from, features.email.length); },
      waitForWorkers: true,
    }, _features);
    expect(result.byWorkers).toBeGreaterThanOrEqual(1);
    expect(placed.length / 2).toBe(4);
  });
});

// The chunk protocol with stand-in preparations: a chunk's "features" say who prepared it, so each test can
// tell which chunks the workers took, which the calling thread took back, and that none was placed twice.
type Stamp = { count: number; by: string; first: unknown };
const stamp = (by: string) => (values: readonly unknown[], count: number): _Features => ({ count, by, first: values[0] }) as unknown as _Features;
const SETUP: _RowSetup = { defaultCountry: null, dateOrder: null, customKinds: [] };

/** A worker (CommonJS, evaluated) serving chunks with the real `_serveChunks` and `body` as the preparation. */
function workerCode(body: string): string {
  const threads = JSON.stringify(new URL("./_threads.ts", import.meta.url).href);
  return `const { workerData } = require("node:worker_threads");
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${threads}); }).then(({ _serveChunks }) => {
  _serveChunks(workerData, (values, count, setup, tick) => { ${body} });
});`;
}

function chunked(n: number, threads: number, code: string, more: { waitForWorkers?: boolean; stallMs?: number } = {}): { result: { chunks: number; byWorkers: number }; placed: (Stamp & { from: number })[] } {
  const placed: (Stamp & { from: number })[] = [];
  const result = _inChunks(n, threads, SETUP, {
    values: (from, to) => ({ values: Array.from({ length: to - from }, (_, r) => from + r), portable: true }),
    place: (features, from) => placed.push({ from, ...(features as unknown as Stamp) }),
    waitForWorkers: more.waitForWorkers ?? true,
    workerCode: code,
    ...(more.stallMs === undefined ? {} : { stallMs: more.stallMs }),
  }, stamp("caller"));
  placed.sort((a, b) => a.from - b.from);
  return { result, placed };
}

/** Every chunk placed exactly once, with its own rows. */
function expectEveryChunkOnce(n: number, placed: readonly (Stamp & { from: number })[]): void {
  const chunks = Math.ceil(n / 8192);
  expect(placed.map((p) => p.from)).toEqual(Array.from({ length: chunks }, (_, k) => k * 8192));
  expect(placed.map((p) => p.count)).toEqual(Array.from({ length: chunks }, (_, k) => Math.min(8192, n - k * 8192)));
  expect(placed.every((p) => p.first === p.from)).toBe(true);
}

describe("_inChunks: the calling thread's side of the protocol", () => {
  const n = 6 * 8192 + 5;

  it("sends a worker the last chunks, places what it answers and prepares the rest itself", () => {
    const { result, placed } = chunked(n, 2, workerCode("tick(); return { count, by: 'worker', first: values[0] };"));
    expectEveryChunkOnce(n, placed);
    expect(result).toEqual({ chunks: 7, byWorkers: placed.filter((p) => p.by === "worker").length });
    expect(result.byWorkers).toBeGreaterThanOrEqual(1);
    // One worker of two threads is sent the second half (chunks 3 to 6); the first half is the caller's own.
    expect(placed.slice(0, 3).every((p) => p.by === "caller")).toBe(true);
  });

  it("starts one worker fewer than the threads asked for, and never more than the chunks after the first", async () => {
    const started: number[] = [];
    const count = (): void => { started.push(1); };
    // Node announces a new worker on the process after the synchronous call has returned.
    const announced = async (): Promise<void> => new Promise((done) => setTimeout(done, 20));
    // The earlier (synchronous) tests' workers are announced at the first turn of the event loop: first theirs.
    await announced();
    process.on("worker", count);
    try {
      chunked(3 * 8192, 8, workerCode("return { count, by: 'worker', first: values[0] };"));
      await announced();
      expect(started).toHaveLength(2);
      started.length = 0;
      chunked(5 * 8192, 3, workerCode("return { count, by: 'worker', first: values[0] };"));
      await announced();
      expect(started).toHaveLength(2);
    } finally {
      process.off("worker", count);
    }
  });

  it("prepares a chunk itself when the worker's preparation throws", () => {
    const { result, placed } = chunked(n, 2, workerCode("throw new Error('boom');"));
    expectEveryChunkOnce(n, placed);
    expect(result.byWorkers).toBe(0);
    expect(placed.every((p) => p.by === "caller")).toBe(true);
  });

  it("ignores answers for chunks it is not waiting for, and a second answer for one", () => {
    // The worker answers each chunk twice, and once more for a chunk that does not exist.
    const { result, placed } = chunked(n, 2, workerCode(`
      const k = values[0] / 8192;
      workerData.port.postMessage({ k: k + 1000, features: { count: 1, by: 'stray', first: -1 } });
      workerData.port.postMessage({ k, features: { count, by: 'worker', first: values[0] } });
      return { count, by: 'again', first: values[0] };`));
    expectEveryChunkOnce(n, placed);
    expect(placed.some((p) => p.by === "stray" || p.by === "again")).toBe(false);
    expect(result.byWorkers).toBe(placed.filter((p) => p.by === "worker").length);
    expect(result.byWorkers).toBeGreaterThanOrEqual(1);
  });

  it("gives up on a worker silent for longer than the stall limit, and prepares its chunk itself", () => {
    const { result, placed } = chunked(n, 2, workerCode("sleep(3000); return { count, by: 'worker', first: values[0] };"), { stallMs: 200 });
    expectEveryChunkOnce(n, placed);
    expect(result.byWorkers).toBe(0);
  });

  it("waits for a slow worker that shows signs of life", () => {
    // Two seconds per chunk, a sign of life every 250 ms, against a stall limit of 1 s (room for a busy
    // machine). The calling thread looks every 100 ms, so it sees quiet spells shorter than the limit.
    const { result, placed } = chunked(n, 2, workerCode("for (let i = 0; i < 8; i++) { sleep(250); tick(); } return { count, by: 'worker', first: values[0] };"), { stallMs: 1_000 });
    expectEveryChunkOnce(n, placed);
    expect(result.byWorkers).toBeGreaterThanOrEqual(1);
  });

  it("gives up on a worker that showed signs of life, then fell silent", () => {
    const { result, placed } = chunked(n, 2, workerCode("for (let i = 0; i < 3; i++) { sleep(100); tick(); } sleep(4000); return { count, by: 'worker', first: values[0] };"), { stallMs: 600 });
    expectEveryChunkOnce(n, placed);
    expect(result.byWorkers).toBe(0);
  });

  it("prepares everything itself when the workers fail to start, and their failure stays theirs", async () => {
    const uncaught: unknown[] = [];
    const seen = (error: unknown): void => { uncaught.push(error); };
    process.on("uncaughtException", seen);
    try {
      const { result, placed } = chunked(n, 3, "throw new Error('no worker today');", { waitForWorkers: false });
      expectEveryChunkOnce(n, placed);
      expect(result.byWorkers).toBe(0);
      await new Promise((done) => setTimeout(done, 300));
    } finally {
      process.off("uncaughtException", seen);
    }
    expect(uncaught).toEqual([]);
  });

  it("stops its workers when it is done", async () => {
    const exited: Promise<number>[] = [];
    const track = (worker: Worker): void => { exited.push(new Promise((done) => worker.once("exit", done))); };
    await new Promise((done) => setTimeout(done, 20));
    process.on("worker", track);
    try {
      chunked(n, 3, workerCode("return { count, by: 'worker', first: values[0] };"));
      await new Promise((done) => setTimeout(done, 20));
    } finally {
      process.off("worker", track);
    }
    expect(exited).toHaveLength(2);
    // Terminated, not left to idle: a worker listening on its port would never exit by itself.
    const outcome = await Promise.race([Promise.all(exited).then(() => "exited"), new Promise((done) => setTimeout(() => { done("still running"); }, 5_000))]);
    expect(outcome).toBe("exited");
  });
});

describe("_serveChunks: the worker's side of the protocol, in this thread", () => {
  function serve(chunks: number, features: (values: readonly unknown[], count: number, setup: _RowSetup, tick: () => void) => _Features): { state: Int32Array; port: MessageChannel["port1"]; answers: unknown[]; close: () => void } {
    const state = new Int32Array(new SharedArrayBuffer((_STATE.CLAIMS + chunks) * 4));
    const { port1, port2 } = new MessageChannel();
    const answers: unknown[] = [];
    port1.on("message", (answer: unknown) => answers.push(answer));
    const data: _WorkerSetup = { marker: "profile-kit/prepare", setup: SETUP, state: state.buffer, port: port2 };
    _serveChunks(data, features);
    return { state, port: port1, answers, close: () => { port1.close(); port2.close(); } };
  }
  const settle = async (): Promise<void> => new Promise((done) => setTimeout(done, 50));

  it("claims a free chunk, answers its features, counts the answer and its signs of life", async () => {
    const { state, port, answers, close } = serve(3, (values, count, _setup, tick) => { tick(); tick(); return stamp("worker")(values, count); });
    port.postMessage({ k: 1, count: 2, values: ["a", "b"] });
    port.postMessage({ k: 2, count: 1, values: ["c"] });
    await settle();
    close();
    expect(answers).toEqual([{ k: 1, features: { count: 2, by: "worker", first: "a" } }, { k: 2, features: { count: 1, by: "worker", first: "c" } }]);
    expect([...state]).toEqual([2, 4, _STATE.FREE, _STATE.BY_WORKER, _STATE.BY_WORKER]);
  });

  it("leaves a chunk the calling thread has claimed alone", async () => {
    let calls = 0;
    const { state, port, answers, close } = serve(2, (values, count) => { calls++; return stamp("worker")(values, count); });
    Atomics.store(state, _STATE.CLAIMS + 0, _STATE.BY_CALLER);
    port.postMessage({ k: 0, count: 1, values: ["a"] });
    port.postMessage({ k: 1, count: 1, values: ["b"] });
    await settle();
    close();
    expect(calls).toBe(1);
    expect(answers).toEqual([{ k: 1, features: { count: 1, by: "worker", first: "b" } }]);
    expect(Atomics.load(state, _STATE.CLAIMS + 0)).toBe(_STATE.BY_CALLER);
    expect(Atomics.load(state, _STATE.ANSWERS)).toBe(1);
  });

  it("answers a preparation that throws with its message (an Error's, or the thrown value's)", async () => {
    const { state, port, answers, close } = serve(2, (values) => {
      if (values[0] === "a") throw new Error("bad row");
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a thrown value that is no Error is what this case is about
      throw "not an error";
    });
    port.postMessage({ k: 0, count: 1, values: ["a"] });
    port.postMessage({ k: 1, count: 1, values: ["b"] });
    await settle();
    close();
    expect(answers).toEqual([{ k: 0, error: "bad row" }, { k: 1, error: "not an error" }]);
    expect(Atomics.load(state, _STATE.ANSWERS)).toBe(2);
  });
});

describe("_features: the names memo", () => {
  it("reads each first and last name once per memo, to the same features as without one", () => {
    const setup: _RowSetup = { defaultCountry: null, dateOrder: null, customKinds: [] };
    const slice = people.slice(0, 3000);
    const flat = slice.flatMap((record) => COLUMNS.map((column) => (record as Record<string, unknown>)[column]));
    const memo = { first: new Map(), last: new Map() };
    const half = 1500 * COLUMNS.length;
    const parts = [_features(flat.slice(0, half), 1500, setup, undefined, memo), _features(flat.slice(half), 1500, setup, undefined, memo)];
    const whole = _features(flat, 3000, setup);
    expect([...parts[0]?.firstNames ?? [], ...parts[1]?.firstNames ?? []]).toEqual(whole.firstNames);
    expect([...parts[0]?.last ?? [], ...parts[1]?.last ?? []]).toEqual(whole.last);
    expect((parts[0]?.placeholders ?? 0) + (parts[1]?.placeholders ?? 0)).toBe(whole.placeholders);
    const texts = (column: string): number => new Set(slice.map((r) => (r as Record<string, unknown>)[column]).filter((v) => typeof v === "string")).size;
    expect(memo.first.size).toBe(texts("firstName"));
    expect(memo.last.size).toBe(texts("lastName"));
    expect(memo.first.size).toBeLessThan(slice.length / 2);
  });
});

describe("_prepare in threads", () => {
  const options: _PrepareOptions = {
    idField: "id",
    sourceField: "source",
    fields: {},
    customFields: { tier: { kind: "exact" }, spend: { kind: "numeric" }, joined: { kind: "date" }, note: { kind: "levenshtein" } },
    defaultCountry: null,
    dateOrder: null,
  };
  // Custom values of every kind; every 997th record holds a Date (an object: prepared in the calling thread).
  const records = people.map((record, i) => ({
    ...record,
    tier: i % 3 === 0 ? "Gold" : null,
    spend: i % 5 === 0 ? String(i) : i,
    joined: i % 997 === 0 ? new Date(Date.UTC(2020, 0, 1 + (i % 28))) : `2021-02-${String(1 + (i % 28)).padStart(2, "0")}`,
    note: i % 7 === 0 ? `  a note ${"x".repeat(i % 150)} ` : undefined,
  }));

  it("gives the same prepared records as one thread, the host's customer-id format included", () => {
    const format = (value: string): string | null => (value.endsWith("7") ? null : `id:${value}`);
    const one = _prepare("test", records, { ...options, customerIdFormat: format, threads: 1 });
    const three = _prepare("test", records, { ...options, customerIdFormat: format, threads: 3 });
    expect(three).toEqual(one);
    expect(one.customerId.some((id) => id?.startsWith("id:"))).toBe(true);
    // A Date is no date string (normalizeDate refuses objects): null, in whichever thread.
    expect(one.custom.find((c) => c.name === "joined")?.text.filter((v) => v === null)).toHaveLength(Math.ceil(records.length / 997));
    expect(one.truncated).toBeGreaterThan(0);
    expect(one.placeholders).toBeGreaterThan(0);
  });

  it("still refuses a customer-id format that throws", () => {
    const error = profileKitErrorOf(() => _prepare("test", records, { ...options, customerIdFormat: () => { throw new Error("no"); }, threads: 2 }));
    expect(error.code).toBe("invalid_options");
    expect(error.message).toContain("customerIdFormat threw");
  });
});

describe("resolveIdentities: threads", () => {
  it("resolves the same, one thread or several", () => {
    const one = resolveIdentities(people, { threads: 1 });
    const two = resolveIdentities(people, { threads: 2 });
    expect(two).toEqual(one);
    expect(one.stats.clusters).toBeLessThan(people.length);
  });

  it("refuses a thread count that is not a whole number from 1 to 64", () => {
    for (const threads of [0, 1.5, 65, -1, "2", Number.NaN]) {
      expect(profileKitErrorOf(() => resolveIdentities(people.slice(0, 2), { threads } as never)).code).toBe("invalid_options");
    }
    expect(resolveIdentities(people.slice(0, 2), { threads: 64 }).stats.records).toBe(2);
  });

  it("uses one thread below 50,000 records, one per core (at most 4) from there", () => {
    expect(THREADS_FROM_RECORDS).toBe(50_000);
    expect(_defaultThreads(0)).toBe(1);
    expect(_defaultThreads(49_999)).toBe(1);
    expect(_defaultThreads(50_000)).toBe(Math.min(4, availableParallelism()));
  });
});
