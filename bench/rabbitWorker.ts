// A worker process of the "through RabbitMQ into PostgreSQL" benchmark: consumes a queue into a
// PostgreSQL store (the built package), measures publish→commit latency of each record (its publishedAt),
// and on SIGTERM drains, prints the latencies as JSON and exits.
import pg from "pg";
import { createProfileEngine, defineSchema } from "profile-kit/engine";
import { postgresStore } from "profile-kit/postgres";
import { consumeRecords } from "profile-kit/rabbitmq";

const [schemaName, queue, url] = process.argv.slice(2) as [string, string, string];
const pool = new pg.Pool({ host: "127.0.0.1", user: "postgres", database: "test", max: 8 });
const engine = createProfileEngine({ schema: defineSchema({}), store: postgresStore({ pool, schema: schemaName }), maxAttempts: 50 });
const latencies: number[] = [];
const timed = {
  async ingest(record: unknown) {
    const result = await engine.ingest(record);
    const publishedAt = (record as { publishedAt?: unknown } | null)?.publishedAt;
    if (typeof publishedAt === "number") latencies.push(Date.now() - publishedAt);
    return result;
  },
  async ingestMany(records: Iterable<unknown> | AsyncIterable<unknown>, options?: { readonly batchSize?: number }) {
    const list = [...(records as Iterable<unknown>)];
    const result = await engine.ingestMany(list, options);
    const now = Date.now();
    for (const record of list) {
      const publishedAt = (record as { publishedAt?: unknown } | null)?.publishedAt;
      if (typeof publishedAt === "number") latencies.push(now - publishedAt);
    }
    return result;
  },
};
const consumer = await consumeRecords({ url, queue, engine: timed });
console.log("ready");
process.on("SIGTERM", () => {
  void consumer.close().then(async () => {
    await pool.end();
    console.log(JSON.stringify(latencies));
    process.exit(0);
  });
});
