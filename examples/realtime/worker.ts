// A real-time worker: records from a RabbitMQ queue, resolved by the profile engine, committed to PostgreSQL.
//
//   npm run realtime:worker
//
// Start as many as the load needs (in other terminals or on other machines): they share the store and the
// queue, and the store's optimistic commits keep them from double-creating or losing anyone. Ctrl-C or
// SIGTERM drains what is in flight, then exits. A message the engine rejects goes to `<queue>.dead` with the
// reason in its `x-profile-kit-reason` header.
import pg from "pg";
import { createProfileEngine } from "profile-kit/engine";
import { postgresStore } from "profile-kit/postgres";
import { consumeRecords } from "profile-kit/rabbitmq";
import { schema, settings } from "./settings.js";

const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 8 });
const store = postgresStore({ pool, schema: settings.pgSchema });
const { applied } = await store.migrate(); // versioned and idempotent: every worker may run it
const engine = createProfileEngine({ schema, store });
const consumer = await consumeRecords({ url: settings.amqpUrl, queue: settings.queue, engine });
console.log(`worker ${process.pid}: consuming ${settings.queue} into schema ${settings.pgSchema}${applied.length > 0 ? ` (migrations ${applied.join(", ")} applied)` : ""}`);

let reported = -1;
const report = setInterval(() => {
  const { processed, deadLettered, inFlight, reconnects } = consumer.stats();
  if (processed === reported && inFlight === 0) return; // quiet while idle
  reported = processed;
  console.log(`worker ${process.pid}: ${processed} processed, ${deadLettered} dead-lettered, ${inFlight} in flight, ${reconnects} reconnects`);
}, 5_000);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  clearInterval(report);
  console.log(`worker ${process.pid}: ${signal}, draining`);
  void consumer
    .close()
    .then(() => pool.end())
    .then(() => {
      console.log(`worker ${process.pid}: stopped after ${consumer.stats().processed} messages`);
      process.exit(0);
    });
};
process.on("SIGTERM", () => { stop("SIGTERM"); });
process.on("SIGINT", () => { stop("SIGINT"); });
