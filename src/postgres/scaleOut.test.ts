// Scale-out: several worker processes ingesting into one PostgreSQL store behave like one. Needs a
// PostgreSQL server (see postgresStore.test.ts); skipped and reported without one, a failure under CI=true.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { available } from "../../test/support/skips.js";
import { POSTGRES, postgresProblem } from "../../test/support/servers.js";
import { createProfileEngine } from "../engine/createProfileEngine.js";
import { defineSchema } from "../engine/defineSchema.js";
import { resolveIdentities } from "../identity/resolveIdentities.js";
import { generateCustomerDataset } from "../testing/generateCustomerDataset.js";
import { postgresStore } from "./postgresStore.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const config = POSTGRES;
const problem = await postgresProblem();
const present = available(problem === "", "PostgreSQL scale-out test (src/postgres)", problem, true);

/** A seeded shuffle, so each worker meets the events in its own order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe.skipIf(!present)("several workers, one PostgreSQL store", () => {
  it("4 processes × 5,000 interleaved events: nothing lost, no id live twice, and after refresh the partition of a sequential run", async () => {
    const { records } = generateCustomerDataset({ entities: 2_000, seed: 31 });
    const events = records.slice(0, 5_000);
    const pool = new pg.Pool({ ...config, max: 4 });
    const schemaName = `pk_test_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
    const store = postgresStore({ pool, schema: schemaName });
    await store.migrate();
    const alone = postgresStore({ pool, schema: `${schemaName}_one` });
    await alone.migrate();
    try {
      const dir = join(ROOT, ".tmp", "scale-out", schemaName);
      mkdirSync(dir, { recursive: true });
      // Every worker gets every event, in its own order: the same records and the same people race.
      const runs = [1, 2, 3, 4].map(async (worker) => {
        const file = join(dir, `events-${worker}.json`);
        writeFileSync(file, JSON.stringify(shuffled(events, worker * 7919)));
        const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", join(ROOT, "test", "support", "pgWorker.ts"), schemaName, file], { cwd: ROOT, maxBuffer: 1 << 20 });
        return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, number>;
      });
      const outcomes = await Promise.all(runs);
      const total = (name: string): number => outcomes.reduce((sum, o) => sum + (o[name] ?? 0), 0);
      expect(total("rejected")).toBe(0);
      // Each record landed once; every other delivery of it was a duplicate.
      const written = total("created") + total("joined") + total("merged");
      expect(written).toBe(events.length);
      expect(total("duplicate")).toBe(events.length * 3);

      const engine = createProfileEngine({ schema: defineSchema({}), store });
      const stored = await store.scan("record", null, 100_000);
      expect(stored).toHaveLength(events.length);
      expect(await store.counters(["n"])).toEqual([events.length]);
      // Consistency: every record's profile is live and lists it; no live profile is also an alias.
      const profiles = new Map<string, readonly string[]>();
      for await (const profile of engine.profiles({ pageSize: 5_000 })) profiles.set(profile.id, profile.recordKeys);
      const aliases = await store.scan("alias", null, 100_000);
      for (const alias of aliases) expect(profiles.has(alias.key)).toBe(false);
      for (const doc of stored) {
        const { key, profileId } = doc.value as { key: string; profileId: string };
        expect(profiles.get(profileId)).toContain(key);
      }
      expect([...profiles.values()].reduce((sum, keys) => sum + keys.length, 0)).toBe(events.length);

      // After refresh (shared, its pairs made inside PostgreSQL): the partition of one process that ingested
      // the events in order and refreshed.
      const partitionOf = async (of: typeof engine): Promise<string[]> => {
        const out: string[] = [];
        for await (const profile of of.profiles({ pageSize: 5_000 })) out.push(profile.recordKeys.map((k) => k.slice(k.indexOf(":") + 1)).sort().join(","));
        return out.sort();
      };
      await engine.refresh();
      const partition = await partitionOf(engine);
      const sequential = createProfileEngine({ schema: defineSchema({}), store: alone });
      await sequential.ingestMany(events);
      await sequential.refresh();
      expect(partition).toEqual(await partitionOf(sequential));
      // And close to the batch path's (measured: pairwise F1 0.997 at 2,000 people).
      const pairs = (clusters: readonly string[]): Set<string> => new Set(clusters.flatMap((line) => {
        const ids = line.split(",");
        return ids.flatMap((a, i) => ids.slice(i + 1).map((b) => `${a}|${b}`));
      }));
      const got = pairs(partition);
      const batch = pairs(resolveIdentities(events, { schema: defineSchema({}) }).clusters.map((c) => [...c.recordIds].sort().join(",")));
      const both = [...got].filter((pair) => batch.has(pair)).length;
      expect((2 * both) / (got.size + batch.size)).toBeGreaterThan(0.98);
    } finally {
      await store.drop();
      await alone.drop();
      await pool.end();
    }
  }, 600_000);
});
