// consumeRecords against a stand-in broker that delivers messages by hand (the real broker is exercised by
// consumeRecords.test.ts): what it refuses, what it acknowledges and dead-letters and why, its retries,
// its batches, and what close() cancels and closes.
import { describe, expect, it } from "vitest";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import type { IngestManyResult, IngestResult } from "../engine/createProfileEngine.js";
import { consumeRecords, type ConsumeRecordsOptions } from "./consumeRecords.js";
import type { AmqpChannel, AmqpConnection, AmqpMessage } from "./types.js";

interface Broker {
  readonly connection: AmqpConnection;
  readonly calls: string[];
  readonly acked: number[];
  readonly deadLetters: { queue: string; body: string; reason: unknown }[];
  deliver(body: string, tag: number): void;
}

function broker(): Broker {
  const calls: string[] = [];
  const acked: number[] = [];
  const deadLetters: Broker["deadLetters"] = [];
  let onMessage: ((message: AmqpMessage | null) => void) | null = null;
  const channel: AmqpChannel = {
    assertQueue: (queue, options) => {
      calls.push(`assertQueue ${queue} ${JSON.stringify(options)}`);
      return Promise.resolve({});
    },
    prefetch: (count) => {
      calls.push(`prefetch ${count}`);
      return Promise.resolve({});
    },
    consume: (queue, listener) => {
      calls.push(`consume ${queue}`);
      onMessage = listener;
      return Promise.resolve({ consumerTag: "tag-1" });
    },
    cancel: (tag) => {
      calls.push(`cancel ${tag}`);
      return Promise.resolve({});
    },
    ack: (message) => {
      acked.push(message.fields.deliveryTag);
    },
    nack: (message) => {
      calls.push(`nack ${message.fields.deliveryTag}`);
    },
    sendToQueue: (queue, content, options) => {
      deadLetters.push({ queue, body: content.toString("utf8"), reason: (options?.["headers"] as Record<string, unknown> | undefined)?.["x-profile-kit-reason"] });
      return true;
    },
    close: () => {
      calls.push("close channel");
      return Promise.resolve();
    },
    on: () => undefined,
  };
  const connection: AmqpConnection = {
    createChannel: () => Promise.resolve(channel),
    createConfirmChannel: () => Promise.reject(new Error("not used")),
    close: () => {
      calls.push("close connection");
      return Promise.resolve();
    },
    on: () => undefined,
  };
  return {
    connection,
    calls,
    acked,
    deadLetters,
    deliver(body, tag) {
      onMessage?.({ content: Buffer.from(body), fields: { redelivered: false, deliveryTag: tag }, properties: { headers: {} } });
    },
  };
}

const result = (outcome: IngestResult["outcome"], issues: { code: string }[] = []): IngestResult => ({ recordKey: "crm:1", profileId: outcome === "rejected" ? null : "p1", outcome, issues }) as unknown as IngestResult;

async function refusal(options: unknown): Promise<string> {
  try {
    await consumeRecords(options as ConsumeRecordsOptions);
  } catch (error) {
    if (isProfileKitError(error) && error.code === "invalid_options") return error.message;
    throw error;
  }
  throw new Error("consumeRecords accepted the options");
}

/** Waits until `done` holds (the worker settles messages asynchronously). */
async function until(done: () => boolean): Promise<void> {
  for (let k = 0; k < 500 && !done(); k++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(done()).toBe(true);
}

describe("consumeRecords with a stand-in broker", () => {
  it("refuses options it cannot run with, naming the option", async () => {
    const { connection } = broker();
    const engine = { ingest: () => Promise.resolve(result("created")) };
    const base = { connection, queue: "records", engine };
    expect(await refusal(null)).toBe("consumeRecords: options.queue must be a queue name.");
    expect(await refusal({ ...base, queue: "" })).toBe("consumeRecords: options.queue must be a queue name.");
    expect(await refusal({ ...base, queue: 1 })).toBe("consumeRecords: options.queue must be a queue name.");
    expect(await refusal({ queue: "records", engine })).toBe("consumeRecords: give options.url or options.connection (one of them).");
    expect(await refusal({ ...base, url: "amqp://127.0.0.1" })).toBe("consumeRecords: give options.url or options.connection (one of them).");
    expect(await refusal({ ...base, engine: null })).toBe("consumeRecords: options.engine must be a profile engine.");
    expect(await refusal({ ...base, engine: {} })).toBe("consumeRecords: options.engine must be a profile engine.");
    for (const name of ["prefetch", "attempts", "batchSize"]) {
      for (const value of [0, -1, 1.5]) expect(await refusal({ ...base, [name]: value })).toBe(`consumeRecords: options.${name} must be a positive integer.`);
    }
    for (const name of ["backoffMs", "batchWaitMs"]) {
      for (const value of [-1, 0.5]) expect(await refusal({ ...base, [name]: value })).toBe(`consumeRecords: options.${name} must be a non-negative integer.`);
    }
    expect(await refusal({ ...base, prefetch: 4, batchSize: 5 })).toBe("consumeRecords: options.batchSize cannot exceed options.prefetch (a batch is filled from the messages in flight).");
    // The smallest values accepted: 0 ms of backoff and of batch wait, batches of one.
    const consumer = await consumeRecords({ ...base, prefetch: 1, batchSize: 1, attempts: 1, backoffMs: 0, batchWaitMs: 0 });
    await consumer.close();
  });

  it("declares both queues durable, sets the prefetch, and on close cancels, drains and closes its channel but not the host's connection", async () => {
    const b = broker();
    const consumer = await consumeRecords({ connection: b.connection, queue: "records", engine: { ingest: () => Promise.resolve(result("created")) }, prefetch: 7, batchSize: 1 });
    expect(b.calls).toStrictEqual(['assertQueue records {"durable":true}', 'assertQueue records.dead {"durable":true}', "prefetch 7", "consume records"]);
    b.deliver('{"id":"1"}', 1);
    await consumer.close();
    expect(b.acked).toStrictEqual([1]);
    expect(b.calls.slice(4)).toStrictEqual(["cancel tag-1", "close channel"]);
    expect(consumer.stats()).toStrictEqual({ processed: 1, deadLettered: 0, inFlight: 0, reconnects: 0 });
  });

  it("acknowledges what the engine wrote, dead-letters invalid JSON and rejected records with their reason, and reports each", async () => {
    const b = broker();
    const settled: unknown[] = [];
    const engine = { ingest: (record: unknown) => Promise.resolve((record as { id?: string }).id === undefined ? result("rejected", [{ code: "missing_key" }]) : result("joined")) };
    const consumer = await consumeRecords({ connection: b.connection, queue: "records", deadLetterQueue: "poison", engine, batchSize: 1, onSettled: (event) => settled.push(event) });
    b.deliver('{"id":"1"}', 1);
    b.deliver("{not json", 2);
    b.deliver('{"email":"a@b.co"}', 3);
    await until(() => b.acked.length === 3);
    await consumer.close();
    expect(b.acked.sort()).toStrictEqual([1, 2, 3]);
    expect(b.deadLetters).toStrictEqual([
      { queue: "poison", body: "{not json", reason: "invalid_json" },
      { queue: "poison", body: '{"email":"a@b.co"}', reason: "rejected: missing_key" },
    ]);
    expect(settled).toContainEqual({ outcome: "joined", redelivered: false });
    expect(settled).toContainEqual({ outcome: "dead_lettered", reason: "invalid_json", redelivered: false });
    expect(consumer.stats()).toMatchObject({ processed: 3, deadLettered: 2 });
  });

  it("retries a store failure with backoff up to `attempts`, then dead-letters it; another error is dead-lettered at once", async () => {
    const b = broker();
    const calls = new Map<string, number>();
    const engine = {
      ingest: (record: unknown): Promise<IngestResult> => {
        const id = (record as { id: string }).id;
        const n = (calls.get(id) ?? 0) + 1;
        calls.set(id, n);
        if (id === "flaky" && n < 3) return Promise.reject(new ProfileKitError("store_failure", "connection reset"));
        if (id === "down") return Promise.reject(new ProfileKitError("store_conflict", "too many writers"));
        if (id === "bug") return Promise.reject(new Error("boom"));
        return Promise.resolve(result("created"));
      },
    };
    const consumer = await consumeRecords({ connection: b.connection, queue: "records", engine, batchSize: 1, attempts: 3, backoffMs: 1 });
    b.deliver('{"id":"flaky"}', 1);
    b.deliver('{"id":"down"}', 2);
    b.deliver('{"id":"bug"}', 3);
    await until(() => b.acked.length === 3);
    await consumer.close();
    expect(Object.fromEntries(calls)).toStrictEqual({ flaky: 3, down: 3, bug: 1 });
    expect(b.deadLetters.map((d) => d.reason).sort()).toStrictEqual(["error: boom", "store_conflict: too many writers"]);
  });

  it("writes a batch with one ingestMany (invalid JSON set aside), and a batch whose store keeps failing one message at a time", async () => {
    const b = broker();
    const batches: unknown[][] = [];
    let failBatches = false;
    const singles: unknown[] = [];
    const engine = {
      ingest: (record: unknown) => {
        singles.push(record);
        return Promise.resolve(result("created"));
      },
      ingestMany: (records: Iterable<unknown> | AsyncIterable<unknown>, options?: { batchSize?: number }): Promise<IngestManyResult> => {
        const list = [...(records as unknown[])];
        batches.push(list);
        expect(options?.batchSize).toBe(list.length);
        if (failBatches) return Promise.reject(new ProfileKitError("store_failure", "down"));
        return Promise.resolve({ processed: list.length, outcomes: {}, rejected: list.flatMap((record, index) => ((record as { id?: string }).id === undefined ? [{ index, recordKey: null, issues: [{ code: "missing_key" }] }] : [])) } as unknown as IngestManyResult);
      },
    };
    const consumer = await consumeRecords({ connection: b.connection, queue: "records", engine, prefetch: 3, batchSize: 3, batchWaitMs: 1_000, attempts: 2, backoffMs: 0 });
    b.deliver('{"id":"1"}', 1);
    b.deliver("nope", 2);
    b.deliver('{"email":"x@y.co"}', 3);
    await until(() => b.acked.length === 3);
    expect(batches).toStrictEqual([[{ id: "1" }, { email: "x@y.co" }]]);
    expect(b.deadLetters.map((d) => d.reason)).toStrictEqual(["invalid_json", "rejected: missing_key"]);
    failBatches = true;
    b.deliver('{"id":"4"}', 4);
    b.deliver('{"id":"5"}', 5);
    b.deliver('{"id":"6"}', 6);
    await until(() => b.acked.length === 6);
    await consumer.close();
    // Two attempts of the batch, then each message on its own.
    expect(batches.length).toBe(3);
    expect(singles).toStrictEqual([{ id: "4" }, { id: "5" }, { id: "6" }]);
  });

  it("writes a partial batch after batchWaitMs, and what is pending when it closes", async () => {
    const b = broker();
    const batches: unknown[][] = [];
    const engine = {
      ingest: () => Promise.resolve(result("created")),
      ingestMany: (records: Iterable<unknown> | AsyncIterable<unknown>): Promise<IngestManyResult> => {
        batches.push([...(records as unknown[])]);
        return Promise.resolve({ processed: 0, outcomes: {}, rejected: [] } as unknown as IngestManyResult);
      },
    };
    const consumer = await consumeRecords({ connection: b.connection, queue: "records", engine, prefetch: 10, batchSize: 10, batchWaitMs: 5 });
    b.deliver('{"id":"1"}', 1);
    b.deliver('{"id":"2"}', 2);
    await until(() => b.acked.length === 2);
    expect(batches).toStrictEqual([[{ id: "1" }, { id: "2" }]]);
    const slow = await consumeRecords({ connection: b.connection, queue: "records", engine, prefetch: 10, batchSize: 10, batchWaitMs: 60_000 });
    b.deliver('{"id":"3"}', 3);
    b.deliver('{"id":"4"}', 4);
    await slow.close();
    expect(b.acked).toStrictEqual([1, 2, 3, 4]);
    await consumer.close();
  });
});
