// A real-time worker process for the RabbitMQ tests: consumes a queue into a PostgreSQL store until it
// is killed, or until SIGTERM (then it drains what is in flight and exits 0).
import pg from "pg";
import { createProfileEngine } from "../../src/engine/createProfileEngine.js";
import { defineSchema } from "../../src/engine/defineSchema.js";
import { postgresStore } from "../../src/postgres/postgresStore.js";
import { consumeRecords } from "../../src/rabbitmq/consumeRecords.js";

const [schemaName, queue] = process.argv.slice(2) as [string, string];
const pool = new pg.Pool({ host: process.env["PGHOST"] ?? "127.0.0.1", port: Number(process.env["PGPORT"] ?? 5432), user: process.env["PGUSER"] ?? "postgres", database: process.env["PGDATABASE"] ?? "test", max: 8 });
const engine = createProfileEngine({ schema: defineSchema({}), store: postgresStore({ pool, schema: schemaName }), maxAttempts: 50 });
const consumer = await consumeRecords({ url: process.env["AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672", queue, engine, prefetch: 8 });
console.log("ready");
process.on("SIGTERM", () => {
  void consumer.close().then(async () => {
    await pool.end();
    process.exit(0);
  });
});
