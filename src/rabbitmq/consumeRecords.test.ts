// The RabbitMQ worker against a real broker (amqp://guest:guest@127.0.0.1:5672, or AMQP_URL). Without a
// broker the suite is skipped and reported once at the end of the run; under CI=true that is a failure.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import amqp from "amqplib";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { available } from "../../test/support/skips.js";
import { AMQP_URL, POSTGRES } from "../../test/support/servers.js";
import { createProfileEngine } from "../engine/createProfileEngine.js";
import { defineSchema } from "../engine/defineSchema.js";
import { memoryStore } from "../engine/memoryStore.js";
import type { ProfileStore } from "../engine/store.js";
import { postgresStore } from "../postgres/postgresStore.js";
import { generateCustomerDataset } from "../testing/generateCustomerDataset.js";
import { consumeRecords } from "./consumeRecords.js";
import { publishRecords } from "./publishRecords.js";

/** A metric reader collected on demand (the OpenTelemetry SDK's, a dev dependency). */
class TestReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const URL = AMQP_URL;
const ROOT = resolve(import.meta.dirname, "..", "..");
let reason = "";
let admin: amqp.ChannelModel | null = null;
try {
  admin = await amqp.connect(URL);
} catch (error) {
  reason = error instanceof Error ? error.message : String(error);
}
const present = available(admin !== null, "RabbitMQ worker tests (src/rabbitmq)", `no RabbitMQ at ${URL.replace(/\/\/[^@]*@/, "//")} (${reason})`, true);
const queues: string[] = [];
const queueName = (): string => {
  const name = `pk-test-${randomUUID()}`;
  queues.push(name, `${name}.dead`);
  return name;
};
afterAll(async () => {
  if (admin === null) return;
  const channel = await admin.createChannel();
  for (const queue of queues) await channel.deleteQueue(queue).catch(() => undefined);
  await admin.close();
});

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function deadLetters(queue: string): Promise<{ reason: unknown; body: string }[]> {
  const channel = await (admin as amqp.ChannelModel).createChannel();
  const out: { reason: unknown; body: string }[] = [];
  for (;;) {
    const message = await channel.get(`${queue}.dead`, { noAck: true });
    if (message === false) break;
    out.push({ reason: message.properties.headers?.["x-profile-kit-reason"], body: message.content.toString() });
  }
  await channel.close();
  return out;
}

describe.skipIf(!present)("consumeRecords / publishRecords (RabbitMQ)", () => {
  const records = generateCustomerDataset({ entities: 60, seed: 12 }).records.slice(0, 100);

  it("ingests every published record, acks after commit, and dead-letters poison with its reason", async () => {
    const queue = queueName();
    const engine = createProfileEngine({ schema: defineSchema({}), store: memoryStore() });
    expect(await publishRecords([...records, { source: "crm", email: "no-id@fastmail.com" }, records[0]], { url: URL, queue })).toEqual({ published: 102 });
    const raw = await (admin as amqp.ChannelModel).createChannel();
    raw.sendToQueue(queue, Buffer.from("{not json"));
    await raw.close();
    const consumer = await consumeRecords({ url: URL, queue, engine, prefetch: 8 });
    await until("every message", () => consumer.stats().processed === 103);
    await consumer.close();
    expect(consumer.stats()).toMatchObject({ processed: 103, deadLettered: 2, inFlight: 0 });
    expect(await engine.store.counters(["n"])).toEqual([100]);
    const dead = await deadLetters(queue);
    expect(dead.map((d) => d.reason).sort()).toEqual(["invalid_json", "rejected: missing_key"]);
  });

  it("reports messages, dead letters by kind of reason and the lag since publishing as metrics, with no record value", async () => {
    const queue = queueName();
    const reader = new TestReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter("profile-kit");
    const engine = createProfileEngine({ schema: defineSchema({}), store: memoryStore() });
    const marker = "zqxmarker";
    await publishRecords([...records.slice(0, 20), { source: "crm", email: `${marker}@fastmail.com` }], { url: URL, queue });
    const raw = await (admin as amqp.ChannelModel).createChannel();
    raw.sendToQueue(queue, Buffer.from(`{${marker}`));
    await raw.close();
    const consumer = await consumeRecords({ url: URL, queue, engine, prefetch: 8, meter });
    await until("every message", () => consumer.stats().processed === 22);
    await consumer.close();
    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
    const messages = all.find((metric) => metric.descriptor.name === "profile_kit.queue.messages")?.dataPoints ?? [];
    const count = (result: string, reason?: string): number => messages.filter((p) => p.attributes["profile_kit.queue.result"] === result && p.attributes["profile_kit.dead_letter.reason"] === reason).reduce((sum, p) => sum + (p.value as number), 0);
    expect(count("ingested")).toBe(20);
    expect(count("dead_lettered", "rejected")).toBe(1);
    expect(count("dead_lettered", "invalid_json")).toBe(1);
    // Every published message was stamped; the one sent raw was not, so 21 lags were recorded.
    const lag = all.find((metric) => metric.descriptor.name === "profile_kit.queue.lag")?.dataPoints[0]?.value as { count: number } | undefined;
    expect(lag?.count).toBe(21);
    expect(all.some((metric) => metric.descriptor.name === "profile_kit.queue.in_flight")).toBe(true);
    expect(JSON.stringify(resourceMetrics)).not.toContain(marker);
  });

  it("retries a store failure with backoff, then dead-letters it with the reason", async () => {
    const queue = queueName();
    const inner = memoryStore();
    let failures = 2;
    let broken = false;
    const flaky: ProfileStore = {
      get: (kind, keys) => inner.get(kind, keys),
      members: (keys, limit) => inner.members(keys, limit),
      counters: (keys) => inner.counters(keys),
      scan: (kind, after, limit) => inner.scan(kind, after, limit),
      commit: (changes) => {
        if (broken || failures-- > 0) throw new Error("disk full");
        return inner.commit(changes);
      },
    };
    const engine = createProfileEngine({ schema: defineSchema({}), store: flaky });
    const consumer = await consumeRecords({ url: URL, queue, engine, attempts: 4, backoffMs: 5 });
    await publishRecords([records[0]], { url: URL, queue });
    await until("the first record", () => consumer.stats().processed === 1);
    expect(await inner.counters(["n"])).toEqual([1]);
    broken = true;
    await publishRecords([records[1]], { url: URL, queue });
    await until("the second record", () => consumer.stats().processed === 2);
    await consumer.close();
    const dead = await deadLetters(queue);
    expect(dead).toHaveLength(1);
    expect(String(dead[0]?.reason)).toMatch(/^store_failure: .*disk full/);
  });

  it("reconnects when the broker drops its connection, and goes on consuming", async () => {
    // The broker closes the consumer's connection, found by its name (rabbitmqctl, as root on this machine).
    let ctl = "";
    try {
      await promisify(execFile)("rabbitmqctl", ["list_connections", "name"], { timeout: 30_000 });
    } catch (error) {
      ctl = error instanceof Error ? error.message : String(error);
    }
    if (!available(ctl === "", "RabbitMQ reconnection test (needs rabbitmqctl)", ctl, true)) return;
    const queue = queueName();
    const engine = createProfileEngine({ schema: defineSchema({}), store: memoryStore() });
    const connectionName = `pk-test-consumer-${randomUUID()}`;
    const consumer = await consumeRecords({ url: URL, queue, engine, connectionName });
    await publishRecords(records.slice(0, 10), { url: URL, queue });
    await until("the first records", () => consumer.stats().processed === 10);
    const { stdout } = await promisify(execFile)("rabbitmqctl", ["list_connections", "--no-table-headers", "--silent", "pid", "client_properties"], { timeout: 30_000 });
    const line = stdout.split("\n").find((row) => row.includes(connectionName));
    expect(line).toBeDefined();
    await promisify(execFile)("rabbitmqctl", ["close_connection", (line as string).split("\t")[0] as string, "profile-kit reconnection test"], { timeout: 30_000 });
    await until("the reconnection", () => consumer.stats().reconnects >= 1, 60_000);
    await publishRecords(records.slice(10, 30), { url: URL, queue });
    await until("the records after the reconnection", () => consumer.stats().processed === 30, 60_000);
    await consumer.close();
    expect(await engine.store.counters(["n"])).toEqual([30]);
  }, 120_000);

  it("drains what is in flight on close, and leaves the rest in the queue", async () => {
    const queue = queueName();
    let started = 0;
    const slow = { ingest: async (record: unknown) => { started++; await new Promise((r) => setTimeout(r, 150)); return engine.ingest(record); } };
    const engine = createProfileEngine({ schema: defineSchema({}), store: memoryStore() });
    await publishRecords(records.slice(0, 10), { url: URL, queue });
    const consumer = await consumeRecords({ url: URL, queue, engine: slow, prefetch: 2 });
    await until("work in flight", () => started > 0);
    await consumer.close();
    const { processed, inFlight } = consumer.stats();
    expect(inFlight).toBe(0);
    expect(processed).toBe(started);
    expect(processed).toBeLessThan(10);
    const channel = await (admin as amqp.ChannelModel).createChannel();
    expect((await channel.checkQueue(queue)).messageCount).toBe(10 - processed);
    await channel.close();
  });

  it("survives kill -9 of a worker mid-stream: restarted, every record is in exactly once and no change is recorded twice", async () => {
    let pgReason = "";
    const pool = new pg.Pool({ ...POSTGRES, max: 4 });
    try {
      await pool.query("SELECT 1");
    } catch (error) {
      pgReason = error instanceof Error ? error.message : String(error);
    }
    if (!available(pgReason === "", "RabbitMQ kill -9 test (needs PostgreSQL too)", pgReason, true)) {
      await pool.end();
      return;
    }
    const queue = queueName();
    const schemaName = `pk_test_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
    const store = postgresStore({ pool, schema: schemaName });
    await store.migrate();
    const many = generateCustomerDataset({ entities: 400, seed: 13 }).records.slice(0, 1_000);
    const start = (): ChildProcess => spawn(process.execPath, ["--import", "tsx", resolve(ROOT, "test/support/amqpWorker.ts"), schemaName, queue], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    try {
      await publishRecords(many, { url: URL, queue });
      const first = start();
      await until("the first worker's progress", async () => ((await store.counters(["n"]))[0] ?? 0) >= 150, 120_000);
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
      const second = start();
      const channel = await (admin as amqp.ChannelModel).createChannel();
      await until("the queue drained and every record stored", async () => (await channel.checkQueue(queue)).messageCount === 0 && (await store.counters(["n"]))[0] === many.length, 180_000);
      await channel.close();
      second.kill("SIGTERM");
      await new Promise((r) => second.once("exit", r));
      expect(await store.scan("record", null, 10_000)).toHaveLength(many.length);
      // No change recorded twice: within each history, every (attribute, value, valid time) is unique.
      for (const doc of await store.scan("history", null, 10_000)) {
        const entries = ((doc.value as { history: { entries: { attribute: string; value: unknown; validAt: number }[] } | null }).history?.entries ?? []).map((e) => JSON.stringify([e.attribute, e.value, e.validAt]));
        expect(new Set(entries).size).toBe(entries.length);
      }
      expect(await deadLetters(queue)).toEqual([]);
    } finally {
      await store.drop();
      await pool.end();
    }
  }, 300_000);
});
