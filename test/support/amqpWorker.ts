// A real-time worker process for the RabbitMQ tests: consumes a queue into a PostgreSQL store until it
// is killed, or until SIGTERM (then it drains what is in flight and exits 0).
import pg from "pg";
import { AMQP_URL, POSTGRES } from "./servers.js";
import { createProfileEngine } from "../../src/engine/createProfileEngine.js";
import { defineSchema } from "../../src/engine/defineSchema.js";
import { postgresStore } from "../../src/postgres/postgresStore.js";
import { consumeRecords } from "../../src/rabbitmq/consumeRecords.js";

const [schemaName, queue] = process.argv.slice(2) as [string, string];
const pool = new pg.Pool({ ...POSTGRES, max: 8 });
const engine = createProfileEngine({ schema: defineSchema({}), store: postgresStore({ pool, schema: schemaName }), maxAttempts: 50 });
const consumer = await consumeRecords({ url: AMQP_URL, queue, engine, prefetch: 8 });
console.log("ready");
process.on("SIGTERM", () => {
  void consumer.close().then(async () => {
    await pool.end();
    process.exit(0);
  });
});
