// The worker thread's entry, run in this thread: with workerData mocked, importing it serves chunks on the
// given port with the real preparation (and a names memo kept across chunks); without its marker, nothing.
import { MessageChannel } from "node:worker_threads";
import type * as WorkerThreads from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import { generateCustomerDataset } from "../testing/index.js";
import { _features, type _RowSetup } from "./_prepare.js";
import { _STATE } from "./_threads.js";

const COLUMNS = ["source", "street", "city", "region", "postalCode", "country", "firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "customerId"];
const SETUP: _RowSetup = { defaultCountry: "US", dateOrder: null, customKinds: [] };

async function startWith(workerData: unknown): Promise<void> {
  vi.resetModules();
  vi.doMock("node:worker_threads", async (original) => ({ ...(await original<typeof WorkerThreads>()), workerData }));
  await import("./_prepareWorker.js");
}

const settle = async (): Promise<void> => new Promise((done) => setTimeout(done, 50));

afterEach(() => {
  vi.doUnmock("node:worker_threads");
  vi.resetModules();
});

describe("_prepareWorker", () => {
  it("prepares each chunk it is sent with _features, the same features as the calling thread's", async () => {
    const records = generateCustomerDataset({ entities: 1_000, seed: 5 }).records.slice(0, 2_100);
    const flat = records.flatMap((record) => COLUMNS.map((column) => (record as Record<string, unknown>)[column]));
    const state = new Int32Array(new SharedArrayBuffer((_STATE.CLAIMS + 2) * 4));
    const { port1, port2 } = new MessageChannel();
    const answers: unknown[] = [];
    port1.on("message", (answer: unknown) => answers.push(answer));
    await startWith({ marker: "profile-kit/prepare", setup: SETUP, state: state.buffer, port: port2 });
    const half = 1_050 * COLUMNS.length;
    port1.postMessage({ k: 0, count: 1_050, values: flat.slice(0, half) });
    port1.postMessage({ k: 1, count: 1_050, values: flat.slice(half) });
    for (let waited = 0; answers.length < 2 && waited < 10_000; waited += 20) await new Promise((done) => setTimeout(done, 20));
    port1.close();
    port2.close();
    expect(answers).toEqual([
      { k: 0, features: _features(flat.slice(0, half), 1_050, SETUP) },
      { k: 1, features: _features(flat.slice(half), 1_050, SETUP) },
    ]);
    expect([...state.subarray(_STATE.CLAIMS)]).toEqual([_STATE.BY_WORKER, _STATE.BY_WORKER]);
    // Signs of life while preparing: one per 1,024 rows.
    expect(Atomics.load(state, _STATE.PROGRESS)).toBe(2);
    expect(Atomics.load(state, _STATE.ANSWERS)).toBe(2);
  });

  it("does nothing when its workerData is not a preparation's (another worker, or none)", async () => {
    for (const workerData of [null, "profile-kit/prepare", { marker: "something else" }]) {
      const { port1, port2 } = new MessageChannel();
      const state = new Int32Array(new SharedArrayBuffer((_STATE.CLAIMS + 1) * 4));
      const answers: unknown[] = [];
      port1.on("message", (answer: unknown) => answers.push(answer));
      await startWith(typeof workerData === "object" && workerData !== null ? { ...workerData, setup: SETUP, state: state.buffer, port: port2 } : workerData);
      port1.postMessage({ k: 0, count: 1, values: COLUMNS.map(() => null) });
      await settle();
      port1.close();
      port2.close();
      expect(answers).toEqual([]);
      expect(Atomics.load(state, _STATE.CLAIMS)).toBe(_STATE.FREE);
    }
  });
});
