// The README's real-time example, run as a user would: two worker processes and a producer against the
// local PostgreSQL and RabbitMQ. Skipped and reported without them; a failure under CI=true.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join, resolve } from "node:path";
import amqp from "amqplib";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { available } from "../../test/support/skips.js";
import { AMQP_URL, POSTGRES, postgresProblem, rabbitProblem } from "../../test/support/servers.js";
import { createProfileEngine } from "../../src/engine/createProfileEngine.js";
import { resolveIdentities } from "../../src/identity/resolveIdentities.js";
import { postgresStore } from "../../src/postgres/postgresStore.js";
import { generateCustomerRecords } from "../../src/testing/generateCustomerRecords.js";
import { schema } from "./settings.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const problem = [await postgresProblem(), await rabbitProblem()].filter(Boolean).join("; ");
const present = available(problem === "", "real-time example (examples/realtime)", problem, true);

interface Running {
  readonly child: ChildProcess;
  output: string;
  readonly exited: Promise<number | null>;
}

function start(script: string, args: readonly string[], env: Record<string, string>): Running {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "examples", "realtime", script), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  const running: Running = { child, output: "", exited: new Promise((done) => child.on("exit", (code) => { done(code); })) };
  child.stdout.on("data", (chunk: Buffer) => { running.output += chunk.toString(); });
  child.stderr.on("data", (chunk: Buffer) => { running.output += chunk.toString(); });
  return running;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe.skipIf(!present)("examples/realtime", () => {
  it("two workers and a producer: every record committed once, poison dead-lettered, SIGTERM drains, and refresh comes close to the batch partition", async () => {
    const id = randomUUID().replace(/-/g, "").slice(0, 16);
    const env = {
      DATABASE_URL: `postgres://${POSTGRES.user}${POSTGRES.password === undefined ? "" : `:${POSTGRES.password}`}@${POSTGRES.host}:${POSTGRES.port}/${POSTGRES.database}`,
      PG_SCHEMA: `pk_realtime_${id}`,
      AMQP_URL,
      QUEUE: `pk.realtime.${id}`,
    };
    const pool = new pg.Pool({ ...POSTGRES, max: 4 });
    const store = postgresStore({ pool, schema: env.PG_SCHEMA });
    const workers = [start("worker.ts", [], env), start("worker.ts", [], env)];
    const connection = await amqp.connect(AMQP_URL);
    try {
      await until("both workers", () => workers.every((w) => w.output.includes("consuming")));
      const producer = start("producer.ts", ["--generate", "300"], env);
      expect(await producer.exited).toBe(0);
      expect(producer.output).toMatch(/published 300 records/);
      // A message that is not JSON: dead-lettered with its reason, never retried.
      const channel = await connection.createChannel();
      channel.sendToQueue(env.QUEUE, Buffer.from("{not json"), { persistent: true });
      await until("300 records committed", async () => (await store.scan("record", null, 1_000)).length === 300);
      await until("the poison message in the dead-letter queue", async () => (await channel.checkQueue(`${env.QUEUE}.dead`)).messageCount === 1);
      const dead = await channel.get(`${env.QUEUE}.dead`, { noAck: true });
      expect(dead === false ? null : String(dead.properties.headers?.["x-profile-kit-reason"])).toMatch(/JSON/i);
      for (const worker of workers) worker.child.kill("SIGTERM");
      expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
      expect(workers.map((w) => /stopped after \d+ messages/.test(w.output))).toEqual([true, true]);
      // Each worker took part of the stream (prefetch shares it out).
      const counts = workers.map((w) => Number(/stopped after (\d+) messages/.exec(w.output)?.[1]));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(301);
      // After a refresh, the people are (nearly) those batch resolution finds in the same records.
      const engine = createProfileEngine({ schema, store });
      await engine.refresh();
      const records = [...generateCustomerRecords({ entities: 151, seed: 1 })].slice(0, 300).map((g) => g.record);
      const batch = resolveIdentities(records).clusters.map((c) => c.recordIds.map((rid) => `${records.find((r) => r["id"] === rid)?.["source"] as string}:${rid}`).sort().join(",")).sort();
      const groups = new Map<string, string[]>();
      for (const doc of await store.scan("record", null, 1_000)) {
        const { key, profileId } = doc.value as { key: string; profileId: string };
        groups.set(profileId, [...(groups.get(profileId) ?? []), key]);
      }
      // The PostgreSQL refresh is shared between processes and scores pairs as ingest does, so it is close
      // to the batch partition, not identical (borderline pairs may fall the other way): pairwise F1.
      const pairs = (clusters: readonly string[]): Set<string> => new Set(clusters.flatMap((line) => {
        const keys = line.split(",");
        return keys.flatMap((a, i) => keys.slice(i + 1).map((b) => `${a}|${b}`));
      }));
      const got = pairs([...groups.values()].map((keys) => keys.sort().join(",")));
      const want = pairs(batch);
      const both = [...got].filter((pair) => want.has(pair)).length;
      expect((2 * both) / (got.size + want.size)).toBeGreaterThan(0.97);
      await channel.deleteQueue(env.QUEUE);
      await channel.deleteQueue(`${env.QUEUE}.dead`);
    } finally {
      for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
      await connection.close();
      await store.drop();
      await pool.end();
    }
  }, 120_000);
});
