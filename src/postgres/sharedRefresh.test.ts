// The shared refresh of the PostgreSQL store: candidate pairs made by a join inside PostgreSQL, tasks
// claimed by one or several processes. Needs a PostgreSQL server (see postgresStore.test.ts); skipped and
// reported without one, a failure under CI=true.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { available } from "../../test/support/skips.js";
import { POSTGRES, postgresProblem } from "../../test/support/servers.js";
import { createProfileEngine, type RefreshResult } from "../engine/createProfileEngine.js";
import { defineSchema } from "../engine/defineSchema.js";
import type { SharedRefresh } from "../engine/store.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { resolveIdentities } from "../identity/resolveIdentities.js";
import { generateCustomerDataset } from "../testing/generateCustomerDataset.js";
import { postgresStore, type PostgresStore } from "./postgresStore.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const problem = await postgresProblem();
const present = available(problem === "", "PostgreSQL shared refresh tests (src/postgres)", problem, true);
const schema = defineSchema({});
const { records, entityIds } = generateCustomerDataset({ entities: 600, seed: 77 });

/** Pairs of records in one cluster, as "a|b" with a < b. */
function pairsOf(clusters: readonly (readonly string[])[]): Set<string> {
  const out = new Set<string>();
  for (const cluster of clusters) {
    const sorted = [...cluster].sort();
    for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) out.add(`${sorted[i]}|${sorted[j]}`);
  }
  return out;
}

function f1(got: Set<string>, want: Set<string>): number {
  let both = 0;
  for (const pair of got) if (want.has(pair)) both++;
  return got.size + want.size === 0 ? 1 : (2 * both) / (got.size + want.size);
}

describe.skipIf(!present)("postgresStore: a refresh shared between processes", () => {
  const pool = new pg.Pool({ ...POSTGRES, max: 6 });
  const stores: PostgresStore[] = [];
  /** A new store in its own schema, with the data set ingested (small tasks, so several processes share them). */
  async function loaded(): Promise<PostgresStore> {
    const store = postgresStore({ pool, schema: `pk_test_${randomUUID().replace(/-/g, "").slice(0, 20)}`, refreshTaskSize: { pairs: 1_000, records: 300 } });
    stores.push(store);
    await store.migrate();
    const result = await createProfileEngine({ schema, store }).ingestMany(records);
    expect(result.outcomes.rejected).toBe(0);
    return store;
  }
  async function partition(store: PostgresStore): Promise<string[]> {
    const out: string[] = [];
    for await (const profile of createProfileEngine({ schema, store }).profiles({ pageSize: 5_000 })) out.push(profile.recordKeys.map((key) => key.slice(key.indexOf(":") + 1)).sort().join(","));
    return out.sort();
  }
  /** Every record's profile is live and lists it; no live profile is an alias; each record is in one profile. */
  async function consistent(store: PostgresStore): Promise<void> {
    const stored = await store.scan("record", null, 100_000);
    const profiles = new Map((await store.scan("profile", null, 100_000)).map((doc) => [doc.key, (doc.value as { recordKeys: string[] }).recordKeys]));
    for (const alias of await store.scan("alias", null, 100_000)) expect(profiles.has(alias.key)).toBe(false);
    for (const doc of stored) {
      const { key, profileId } = doc.value as { key: string; profileId: string };
      expect(profiles.get(profileId)).toContain(key);
    }
    expect([...profiles.values()].reduce((sum, keys) => sum + keys.length, 0)).toBe(stored.length);
  }
  let alone: PostgresStore;
  let aloneResult: RefreshResult;
  beforeAll(async () => {
    alone = await loaded();
    aloneResult = await createProfileEngine({ schema, store: alone }).refresh();
  }, 120_000);
  afterAll(async () => {
    for (const store of stores) await store.drop();
    await pool.end();
  });

  it("re-resolves every record from pairs made inside PostgreSQL, close to the batch path and the truth, and a second refresh changes nothing", async () => {
    expect(aloneResult.records).toBe(records.length);
    const got = pairsOf((await partition(alone)).map((line) => line.split(",")));
    const batch = pairsOf(resolveIdentities(records, { schema }).clusters.map((cluster) => cluster.recordIds));
    const people = new Map<string, string[]>();
    records.forEach((record, i) => people.set(entityIds[i] as string, [...(people.get(entityIds[i] as string) ?? []), record["id"]]));
    const truth = pairsOf([...people.values()]);
    // Measured at 600 people: 0.99+ against batch, within 0.01 of the batch path's F1 against the truth.
    expect(f1(got, batch)).toBeGreaterThan(0.98);
    expect(f1(got, truth)).toBeGreaterThan(f1(batch, truth) - 0.01);
    const again = await createProfileEngine({ schema, store: alone }).refresh();
    expect(again).toMatchObject({ merged: 0, split: 0, moved: 0, profiles: aloneResult.profiles, records: records.length });
    await consistent(alone);
    // The run's work tables are gone; its totals stay on the run.
    const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'refresh\\_%\\_%'", [alone.schema]);
    expect(rows[0]?.n).toBe(0);
  });

  it("two processes refreshing at once share the tasks and give the partition of one process alone", async () => {
    const store = await loaded();
    const run = async (): Promise<{ result: RefreshResult; tasks: { pairs: number; units: number } }> => {
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", join(ROOT, "test", "support", "pgRefresh.ts"), store.schema, "1000", "300"], { cwd: ROOT, maxBuffer: 1 << 20 });
      return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { result: RefreshResult; tasks: { pairs: number; units: number } };
    };
    const [first, second] = await Promise.all([run(), run()]);
    // Both return the run's totals, and each did part of its work.
    expect(first.result).toEqual(second.result);
    expect(first.result).toEqual(aloneResult);
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${store.schema}.refresh_runs`);
    expect(rows[0]?.n).toBe(1);
    expect(first.tasks.pairs + first.tasks.units).toBeGreaterThan(0);
    expect(second.tasks.pairs + second.tasks.units).toBeGreaterThan(0);
    expect(await partition(store)).toEqual(await partition(alone));
    await consistent(store);
  }, 120_000);

  it("a task claimed by a participant that died is taken over once its lease runs out", async () => {
    const store = await loaded();
    const shared = store.sharedRefresh as SharedRefresh;
    // A participant starts the run with a short lease, claims a task, and dies without completing it.
    const run = await shared.begin({ maxBlockSize: 200, leaseMs: 200 });
    const claim = await shared.claim(run);
    expect(claim.kind).toBe("pairs");
    await new Promise((done) => setTimeout(done, 300));
    // refresh() joins the run under way (it does not start another) and finishes it, that task included.
    const result = await createProfileEngine({ schema, store }).refresh();
    expect(result).toEqual(aloneResult);
    expect(await partition(store)).toEqual(await partition(alone));
    // The dead participant's late completion is refused: its lease was lost.
    if (claim.kind === "pairs") expect(await shared.complete(run, claim.task, { links: [], counts: {} })).toBe(false);
  }, 120_000);

  it("records ingested while a refresh runs are kept, each in exactly one live profile", async () => {
    const store = await loaded();
    const engine = createProfileEngine({ schema, store });
    const late = generateCustomerDataset({ entities: 60, seed: 78 }).records.map((record) => ({ ...record, id: `late-${record["id"]}` }));
    const [result] = await Promise.all([engine.refresh(), (async () => { for (const record of late) await engine.ingest(record); })()]);
    expect(result.records).toBeGreaterThanOrEqual(records.length);
    expect(await store.scan("record", null, 100_000)).toHaveLength(records.length + late.length);
    await consistent(store);
    // What the refresh left for later is settled by the next one.
    await engine.refresh();
    await consistent(store);
  }, 120_000);

  it("a record changed between a claim and its commit is decided again from what is stored", async () => {
    const store = await loaded();
    const shared = store.sharedRefresh as SharedRefresh;
    const writer = createProfileEngine({ schema, store });
    let touched = 0;
    // Each units claim is answered, then one of its records is updated before the participant decides.
    const racing: SharedRefresh = {
      ...shared,
      async claim(run) {
        const claim = await shared.claim(run);
        if (claim.kind === "units" && touched < 3) {
          const key = claim.units.find((unit) => unit.records.length > 1)?.records[0];
          if (key !== undefined) {
            const original = records.find((record) => `${record["source"] as string}:${record["id"]}` === key);
            if (original !== undefined) {
              const result = await writer.ingest({ ...original, city: `Changed ${touched}` });
              expect(result.outcome).not.toBe("rejected");
              touched++;
            }
          }
        }
        return claim;
      },
    };
    const result = await createProfileEngine({ schema, store: { ...store, sharedRefresh: racing } }).refresh();
    expect(touched).toBeGreaterThan(0);
    expect(result.records).toBe(records.length);
    await consistent(store);
    // Nothing was lost: the next refresh finds almost nothing to change (only what the updates moved).
    const again = await createProfileEngine({ schema, store }).refresh();
    expect(again.merged + again.split + again.moved).toBeLessThanOrEqual(6);
  }, 120_000);

  it("refuses a run or a task it did not give", async () => {
    const shared = alone.sharedRefresh as SharedRefresh;
    const calls: (() => Promise<unknown>)[] = [() => shared.claim("x"), () => shared.claim("999999"), () => shared.complete("1", { phase: "other" } as never, { links: [], counts: {} }), () => shared.begin({ maxBlockSize: 1, leaseMs: 10 })];
    for (const call of calls) {
      const error = await Promise.resolve().then(call).then(() => null, (e: unknown) => e);
      expect(isProfileKitError(error) && error.code === "invalid_options").toBe(true);
    }
    expect(() => postgresStore({ pool, refreshTaskSize: { pairs: 0 } })).toThrow(/refreshTaskSize\.pairs/);
    expect(() => postgresStore({ pool, refreshTaskSize: { rows: 5 } as never })).toThrow(/refreshTaskSize/);
  });
});
