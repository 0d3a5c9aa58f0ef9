// One participant of a shared refresh: refreshes a PostgreSQL store with the other processes running
// this at the same time, and reports the run's totals and how many tasks it did itself as one JSON line.
// Run by src/postgres/sharedRefresh.test.ts and the benchmark of 1 against 2 refresh workers.
import pg from "pg";
import { POSTGRES } from "./servers.js";
import { createProfileEngine } from "../../src/engine/createProfileEngine.js";
import { defineSchema } from "../../src/engine/defineSchema.js";
import type { SharedRefresh } from "../../src/engine/store.js";
import { postgresStore } from "../../src/postgres/postgresStore.js";

const [schemaName, pairs = "20000", records = "5000"] = process.argv.slice(2) as [string, string?, string?];
const pool = new pg.Pool({ ...POSTGRES, max: 2 });
const store = postgresStore({ pool, schema: schemaName, refreshTaskSize: { pairs: Number(pairs), records: Number(records) } });
const shared = store.sharedRefresh as SharedRefresh;
const tasks = { pairs: 0, units: 0 };
const counting: SharedRefresh = {
  ...shared,
  async claim(run) {
    const claim = await shared.claim(run);
    if (claim.kind === "pairs" || claim.kind === "units") tasks[claim.kind]++;
    return claim;
  },
};
const engine = createProfileEngine({ schema: defineSchema({}), store: { ...store, sharedRefresh: counting } });
const started = performance.now();
const result = await engine.refresh();
const seconds = (performance.now() - started) / 1000;
await pool.end();
console.log(JSON.stringify({ result, tasks, seconds, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
