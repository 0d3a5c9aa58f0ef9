// One worker process of the scale-out test: ingests its share of events into a PostgreSQL store, in the
// order it was given, and reports its outcomes as one JSON line. Run by src/postgres/scaleOut.test.ts.
import pg from "pg";
import { POSTGRES } from "./servers.js";
import { readFileSync } from "node:fs";
import { createProfileEngine } from "../../src/engine/createProfileEngine.js";
import { defineSchema } from "../../src/engine/defineSchema.js";
import { postgresStore } from "../../src/postgres/postgresStore.js";

const [schemaName, eventsFile] = process.argv.slice(2) as [string, string];
const events = JSON.parse(readFileSync(eventsFile, "utf8")) as unknown[];
const pool = new pg.Pool({ ...POSTGRES, max: 4 });
const engine = createProfileEngine({ schema: defineSchema({}), store: postgresStore({ pool, schema: schemaName }), maxAttempts: 50 });
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
console.log(JSON.stringify(outcomes));
