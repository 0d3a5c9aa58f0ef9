// The PostgreSQL store against a real server: 127.0.0.1:5432, user postgres, database test by default
// (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE override). Without a server the suite is skipped and
// the skip is reported once at the end of the run; under CI=true a missing server fails the run.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { available } from "../../test/support/skips.js";
import { POSTGRES, postgresProblem } from "../../test/support/servers.js";
import { createProfileEngine } from "../engine/createProfileEngine.js";
import { defineSchema } from "../engine/defineSchema.js";
import { resolveIdentities } from "../identity/resolveIdentities.js";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { runStoreConformance } from "../testing/runStoreConformance.js";
import { postgresStore, type PgClient, type PgPool, type PostgresStore } from "./postgresStore.js";

const config = POSTGRES;
const problem = await postgresProblem();
const present = available(problem === "", "PostgreSQL store tests (src/postgres)", problem, true);

const pool = present ? new pg.Pool({ ...config, max: 8 }) : null;
const created: PostgresStore[] = [];
/** A new, empty store in its own schema, dropped after the run. */
async function freshStore(options: { pool?: PgPool; acquireTimeoutMs?: number; concurrency?: "lockRows" | "serializable" } = {}): Promise<PostgresStore> {
  const store = postgresStore({
    pool: options.pool ?? (pool as pg.Pool),
    schema: `pk_test_${randomUUID().replace(/-/g, "").slice(0, 20)}`,
    ...(options.acquireTimeoutMs === undefined ? {} : { acquireTimeoutMs: options.acquireTimeoutMs }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  await store.migrate();
  created.push(store);
  return store;
}
afterAll(async () => {
  for (const store of created) await store.drop();
  await pool?.end();
});

describe.skipIf(!present)("postgresStore", () => {
  runStoreConformance(() => freshStore(), { describe, it });

  // The lock-free alternative passes the same suite (racing engines included): PostgreSQL's serializable
  // isolation refuses one of two overlapping commits.
  describe("with concurrency: serializable", () => {
    runStoreConformance(() => freshStore({ concurrency: "serializable" }), { describe, it });
  });

  it("refuses an unknown concurrency mode", () => {
    expect(() => postgresStore({ pool: pool as pg.Pool, concurrency: "optimistic" as never })).toThrow(/concurrency must be "lockRows" or "serializable"/);
  });

  it("migrates once, from several processes at once, and again finds nothing to do", async () => {
    const schema = `pk_test_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
    const stores = [1, 2, 3, 4].map(() => postgresStore({ pool: pool as pg.Pool, schema }));
    created.push(stores[0] as PostgresStore);
    const results = await Promise.all(stores.map((store) => store.migrate()));
    expect(results.map((r) => r.applied).sort()).toEqual([[], [], [], [1, 2, 3, 4, 5]]);
    expect(await (stores[0] as PostgresStore).migrate()).toEqual({ applied: [] });
  });

  it("runs the engine: after refresh the same partition as resolveIdentities", async () => {
    const schema = defineSchema({});
    const records = [...generateCustomerRecords({ entities: 60, seed: 4, noise: 1.5 })].map((g) => g.record);
    const engine = createProfileEngine({ schema, store: await freshStore() });
    for (const record of records.slice(0, 40)) await engine.ingest(record);
    await engine.ingestMany(records.slice(40), { batchSize: 25 });
    await engine.refresh();
    const groups = new Map<string, string[]>();
    for await (const profile of engine.profiles()) groups.set(profile.id, profile.recordKeys.map((key) => key.slice(key.indexOf(":") + 1)).sort());
    const want = resolveIdentities(records, { schema }).clusters.map((c) => [...c.recordIds].sort().join(",")).sort();
    expect([...groups.values()].map((ids) => ids.join(",")).sort()).toEqual(want);
  });

  it("leaves nothing partial when the connection is killed mid-transaction, and says store_failure", async () => {
    const store = await freshStore();
    const engine = createProfileEngine({ schema: defineSchema({}), store });
    const base = { firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" };
    await engine.ingest({ ...base, id: "1", source: "crm" });
    const snapshot = async (): Promise<unknown> => {
      const out: unknown[] = [];
      for (const kind of ["record", "profile", "history"] as const) out.push(await store.scan(kind, null, 100));
      return out;
    };
    const before = await snapshot();
    // A pool whose connection is terminated by the server right after the commit's first write.
    let killed = false;
    const killing: PgPool = {
      async connect() {
        const client = await (pool as pg.Pool).connect();
        const pid = Number((await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
        const wrapped: PgClient = {
          async query(text, values) {
            const result = await client.query(text, values as unknown[]);
            if (!killed && text.trimStart().startsWith("INSERT")) {
              killed = true;
              await (pool as pg.Pool).query("SELECT pg_terminate_backend($1)", [pid]);
            }
            return result;
          },
          release: (error) => { client.release(error); },
        };
        client.on("error", () => undefined);
        return wrapped;
      },
    };
    const victim = createProfileEngine({ schema: defineSchema({}), store: postgresStore({ pool: killing, schema: store.schema }) });
    const error = await victim.ingest({ ...base, id: "2", source: "web" }).catch((e: unknown) => e);
    expect(killed).toBe(true);
    expect(error).toMatchObject({ code: "store_failure" });
    expect(await snapshot()).toEqual(before);
    // The pool recovers: the same record goes in afterwards.
    expect((await engine.ingest({ ...base, id: "2", source: "web" })).outcome).toBe("joined");
  });

  it("answers an exhausted pool with a clear store_failure, not a hang", async () => {
    const small = new pg.Pool({ ...config, max: 1 });
    const store = await freshStore({ pool: small, acquireTimeoutMs: 300 });
    created.pop(); // dropped below, while its pool is still open
    const held = await small.connect();
    try {
      const engine = createProfileEngine({ schema: defineSchema({}), store });
      await expect(engine.getProfile("p_1")).rejects.toMatchObject({ code: "store_failure", message: expect.stringContaining("no connection from the pool within 300 ms") as unknown });
      await expect(store.commit({ expect: [], put: [{ kind: "record", key: "x", value: 1 }], delete: [], index: [], increment: [] })).rejects.toThrow(/no connection from the pool within 300 ms/);
    } finally {
      held.release();
      await store.drop();
      await small.end();
    }
  });

  it("keeps the records of checked ingestMany calls (migration 5): a quarantined batch, read back and listed", async () => {
    const store = await freshStore();
    const engine = createProfileEngine({ schema: defineSchema({}), store });
    const records = [...generateCustomerRecords({ entities: 30, seed: 5 })].map((g) => ({ ...g.record, email: undefined }));
    const { batch } = await engine.ingestMany(records, { checks: { expectations: [{ kind: "completeness", field: "email", mostly: 0.9 }] } });
    expect(batch?.status).toBe("quarantined");
    expect(batch?.recordKeys.length).toBe(records.length);
    expect(await engine.batch(batch?.id as string)).toEqual(batch);
    const listed = [];
    for await (const b of engine.batches()) listed.push(b.id);
    expect(listed).toEqual([batch?.id]);
  });

  it("refuses a bad pool or schema name as invalid_options", () => {
    expect(() => postgresStore({ pool: {} as never })).toThrow(/pg.Pool/);
    expect(() => postgresStore({ pool: pool as pg.Pool, schema: "Robert'); DROP TABLE x;--" })).toThrow(/lower-case/);
  });
});
