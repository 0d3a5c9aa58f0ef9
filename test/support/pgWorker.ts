// One worker process of the scale-out test: ingests its share of events into a PostgreSQL store, in the
// order it was given, and reports its outcomes (and its refused commits) as one JSON line. Run by
// src/postgres/scaleOut.test.ts and the benchmark comparing the store's two concurrency modes.
import pg from "pg";
import { POSTGRES } from "./servers.js";
import { readFileSync } from "node:fs";
import { createProfileEngine } from "../../src/engine/createProfileEngine.js";
import { defineSchema } from "../../src/engine/defineSchema.js";
import { postgresStore } from "../../src/postgres/postgresStore.js";

const [schemaName, eventsFile, concurrency = "lockRows"] = process.argv.slice(2) as [string, string, string?];
const events = JSON.parse(readFileSync(eventsFile, "utf8")) as unknown[];
const pool = new pg.Pool({ ...POSTGRES, max: 4 });
const store = postgresStore({ pool, schema: schemaName, concurrency: concurrency as "lockRows" | "serializable" });
// Commits refused (another worker changed what this one read), counted for the benchmark.
let refused = 0;
const counting = { ...store, commit: async (changes: Parameters<typeof store.commit>[0]) => {
  const result = await store.commit(changes);
  if (!result.ok) refused++;
  return result;
} };
const engine = createProfileEngine({ schema: defineSchema({}), store: counting, maxAttempts: 50 });
const outcomes: Record<string, number> = {};
// Small batches and single events alternate, so both paths race with the other workers.
for (let i = 0; i < events.length; ) {
  if (i % 200 < 100) {
    const result = await engine.ingest(events[i]);
    outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
    i++;
  } else {
    const batch = events.slice(i, i + 20);
    const result = await engine.ingestMany(batch, { batchSize: 20 });
    for (const [outcome, n] of Object.entries(result.outcomes)) outcomes[outcome] = (outcomes[outcome] ?? 0) + n;
    i += batch.length;
  }
}
await pool.end();
console.log(JSON.stringify({ ...outcomes, refused }));
