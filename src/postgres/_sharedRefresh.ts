import { randomUUID } from "node:crypto";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { SharedRefresh, SharedRefreshClaim, SharedRefreshRecord, SharedRefreshTask } from "../engine/store.js";
import type { PgClient, PgResult } from "./postgresStore.js";

/** What a claim carries of a stored record: what scoring and clustering read of it, built by the server. */
const MATCH_DATA = `json_build_object('profileId', r.value->'profileId', 'features', r.value->'features', 'counterKeys', r.value->'counterKeys', 'cannot', r.value->'cannot', 'must', r.value->'must')`;

interface Helpers {
  /** The quoted schema name. */
  readonly s: string;
  /** The schema's name, for the advisory lock. */
  readonly name: string;
  readonly run: (text: string, values: readonly unknown[]) => Promise<PgResult>;
  readonly transaction: <T>(body: (client: PgClient) => Promise<T>) => Promise<T>;
  /** Candidate-pair rows per scoring task (about): what one participant holds at a time, with their records. */
  readonly pairsPerTask: number;
  /** Records per deciding task (about). */
  readonly recordsPerTask: number;
}

/**
 * The shared refresh of the PostgreSQL store. A run's state lives in two tables (`refresh_runs`,
 * `refresh_tasks`) and three work tables named after the run: its blocks cut into tasks (each task's
 * candidate pairs are a self-join of the blocking-key index over its blocks, made when it is claimed), the
 * links participants found, and the units (connected records) to decide.
 * Phases move on under an advisory lock, by whichever participant finds the last task of a phase done.
 */
export function _pgSharedRefresh({ s, name, run, transaction, pairsPerTask, recordsPerTask }: Helpers): SharedRefresh {
  const runId = (value: unknown): number => {
    const id = typeof value === "string" && /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(id)) throw new ProfileKitError("invalid_options", `postgresStore: ${JSON.stringify(value)} is not a refresh run of this store.`);
    return id;
  };
  const taskOf = (task: unknown): SharedRefreshTask => {
    const t = task as Partial<SharedRefreshTask> | null;
    if (typeof t !== "object" || t === null || (t.phase !== "pairs" && t.phase !== "units") || !Number.isInteger(t.part) || typeof t.token !== "string") {
      throw new ProfileKitError("invalid_options", "postgresStore: a refresh task is { phase, part, token } as claim gave it.");
    }
    return t as SharedRefreshTask;
  };
  const blocks = (id: number): string => `${s}.refresh_blocks_${id}`;
  const links = (id: number): string => `${s}.refresh_links_${id}`;
  const units = (id: number): string => `${s}.refresh_units_${id}`;
  const document = (row: Record<string, unknown>): SharedRefreshRecord => ({ key: row["key"] as string, version: Number(row["version"]), value: row["value"] });
  /** The match data of these records (those still stored). */
  const matchData = async (keys: readonly string[]): Promise<SharedRefreshRecord[]> => {
    if (keys.length === 0) return [];
    const { rows } = await run(`SELECT r.key, r.version, ${MATCH_DATA} AS value FROM ${s}.records r WHERE r.key = ANY($1::text[])`, [keys]);
    return rows.map(document);
  };
  const lock = (client: PgClient): Promise<PgResult> => client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`profile-kit-refresh:${name}`]);

  /** After the last scoring task: the units, as connected components of links, must-links and profiles. */
  async function buildUnits(client: PgClient, id: number): Promise<void> {
    const edges = `${s}.refresh_edges_${id}`;
    await client.query("SET LOCAL work_mem = '64MB'");
    await client.query(`CREATE TABLE ${edges} (a text COLLATE "C" NOT NULL, b text COLLATE "C" NOT NULL)`);
    await client.query(`INSERT INTO ${edges} SELECT a, b FROM ${links(id)} UNION ALL SELECT b, a FROM ${links(id)}`);
    // Must-link assertions, both ways.
    await client.query(
      `INSERT INTO ${edges} SELECT r.key, m.k FROM ${s}.records r, json_array_elements_text(r.value->'must') AS m(k)
        WHERE json_typeof(r.value->'must') = 'array' AND m.k <> r.key`,
    );
    await client.query(
      `INSERT INTO ${edges} SELECT m.k, r.key FROM ${s}.records r, json_array_elements_text(r.value->'must') AS m(k)
        WHERE json_typeof(r.value->'must') = 'array' AND m.k <> r.key`,
    );
    // A stored profile's records: each joined to its first, both ways.
    await client.query(
      `INSERT INTO ${edges} SELECT p.value->'recordKeys'->>0, m.k FROM ${s}.profiles p, json_array_elements_text(p.value->'recordKeys') AS m(k)
        WHERE json_array_length(p.value->'recordKeys') > 1 AND m.k <> p.value->'recordKeys'->>0`,
    );
    await client.query(
      `INSERT INTO ${edges} SELECT m.k, p.value->'recordKeys'->>0 FROM ${s}.profiles p, json_array_elements_text(p.value->'recordKeys') AS m(k)
        WHERE json_array_length(p.value->'recordKeys') > 1 AND m.k <> p.value->'recordKeys'->>0`,
    );
    await client.query(`CREATE INDEX ON ${edges} (a)`);
    await client.query(`CREATE TABLE ${units(id)} (node text COLLATE "C" PRIMARY KEY, label text COLLATE "C" NOT NULL, part integer NOT NULL DEFAULT 0)`);
    await client.query(`INSERT INTO ${units(id)} (node, label) SELECT DISTINCT a, a FROM ${edges}`);
    // A pair sharing several blocks may have been linked by several tasks: one link each.
    const distinct = `${s}.refresh_distinct_${id}`;
    await client.query(`CREATE TABLE ${distinct} AS SELECT DISTINCT a, b FROM ${links(id)}`);
    await client.query(`DROP TABLE ${links(id)}`);
    await client.query(`ALTER TABLE ${distinct} RENAME TO refresh_links_${id}`);
    await client.query(`ANALYZE ${edges}`);
    await client.query(`ANALYZE ${units(id)}`);
    // Connected components by label propagation: each node takes its neighbours' smallest label, then
    // the label of its label (pointer jumping), until no label moves.
    for (;;) {
      const { rows } = await client.query(
        `WITH moved AS (
           UPDATE ${units(id)} u SET label = m.label
             FROM (SELECT e.a AS node, min(v.label) AS label FROM ${edges} e JOIN ${units(id)} v ON v.node = e.b GROUP BY e.a) m
            WHERE u.node = m.node AND m.label < u.label RETURNING 1)
         SELECT count(*)::int AS n FROM moved`,
      );
      if (Number(rows[0]?.["n"] ?? 0) === 0) break;
      for (;;) {
        const jumped = await client.query(
          `WITH moved AS (UPDATE ${units(id)} u SET label = v.label FROM ${units(id)} v WHERE u.label = v.node AND v.label < u.label RETURNING 1) SELECT count(*)::int AS n FROM moved`,
        );
        if (Number(jumped.rows[0]?.["n"] ?? 0) === 0) break;
      }
    }
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${units(id)}`);
    const parts = Math.max(1, Math.ceil(Number(rows[0]?.["n"] ?? 0) / recordsPerTask));
    await client.query(`UPDATE ${units(id)} SET part = (hashtext(label) & 2147483647) % $1`, [parts]);
    await client.query(`CREATE INDEX ON ${units(id)} (part)`);
    await client.query(`CREATE INDEX ON ${links(id)} (a)`);
    // Fresh statistics, so each task's reads are planned as index look-ups.
    await client.query(`ANALYZE ${units(id)}`);
    await client.query(`ANALYZE ${links(id)}`);
    await client.query(`INSERT INTO ${s}.refresh_tasks (run, phase, part) SELECT $1, 'units', g FROM generate_series(0, $2 - 1) AS g`, [id, parts]);
    await client.query(`DROP TABLE ${edges}`);
    await client.query(`DROP TABLE ${blocks(id)}`);
    await client.query(`UPDATE ${s}.refresh_runs SET phase = 'units' WHERE id = $1`, [id]);
  }

  /** After the last deciding task: the totals, kept on the run; its work tables dropped. */
  async function finish(client: PgClient, id: number): Promise<void> {
    const { rows } = await client.query(`SELECT counts FROM ${s}.refresh_tasks WHERE run = $1 AND phase = 'units'`, [id]);
    const sums = new Map<string, number>();
    for (const row of rows) for (const [key, value] of Object.entries((row["counts"] ?? {}) as Record<string, unknown>)) if (typeof value === "number") sums.set(key, (sums.get(key) ?? 0) + value);
    const counts = Object.fromEntries(sums);
    const records = Number((await client.query(`SELECT count(*)::bigint AS n FROM ${s}.records`)).rows[0]?.["n"] ?? 0);
    const profiles = Number((await client.query(`SELECT count(*)::bigint AS n FROM ${s}.profiles`)).rows[0]?.["n"] ?? 0);
    await client.query(`UPDATE ${s}.refresh_runs SET phase = 'done', finished_at = now(), records = $2, profiles = $3, counts = $4::json WHERE id = $1`, [id, records, profiles, JSON.stringify(counts)]);
    await client.query(`DELETE FROM ${s}.refresh_tasks WHERE run = $1`, [id]);
    await client.query(`DROP TABLE IF EXISTS ${links(id)}`);
    await client.query(`DROP TABLE IF EXISTS ${units(id)}`);
  }

  /** Moves the run on if every task of its phase is done; nothing when another participant did. */
  async function advance(id: number, phase: string): Promise<void> {
    await transaction(async (client) => {
      await lock(client);
      const now = (await client.query(`SELECT phase FROM ${s}.refresh_runs WHERE id = $1`, [id])).rows[0]?.["phase"];
      if (now !== phase) return;
      const open = Number((await client.query(`SELECT count(*)::int AS n FROM ${s}.refresh_tasks WHERE run = $1 AND phase = $2 AND state <> 2`, [id, phase])).rows[0]?.["n"] ?? 0);
      if (open > 0) return;
      if (phase === "pairs") await buildUnits(client, id);
      else await finish(client, id);
    });
  }

  return {
    async begin(options) {
      const maxBlockSize = options.maxBlockSize;
      const leaseMs = options.leaseMs;
      if (!Number.isInteger(maxBlockSize) || maxBlockSize < 2 || !Number.isInteger(leaseMs) || leaseMs < 1) throw new ProfileKitError("invalid_options", "postgresStore: sharedRefresh.begin takes { maxBlockSize ≥ 2, leaseMs ≥ 1 }, integers.");
      return transaction(async (client) => {
        await lock(client);
        const active = (await client.query(`SELECT id FROM ${s}.refresh_runs WHERE phase <> 'done' ORDER BY id LIMIT 1`)).rows[0];
        if (active !== undefined) return String(active["id"]);
        const id = Number((await client.query(`INSERT INTO ${s}.refresh_runs (phase, max_block_size, lease_ms) VALUES ('pairs', $1, $2) RETURNING id`, [maxBlockSize, leaseMs])).rows[0]?.["id"]);
        await client.query("SET LOCAL work_mem = '64MB'");
        // The blocks small enough to compare, with their sizes, cut into tasks of about `pairsPerTask`
        // candidate pairs each (in key order: keys are hashes, so each task is a random draw of blocks).
        await client.query(`CREATE TABLE ${blocks(id)} (key text COLLATE "C" PRIMARY KEY, size integer NOT NULL, part integer NOT NULL DEFAULT 0)`);
        await client.query(`INSERT INTO ${blocks(id)} (key, size) SELECT key, count(*) FROM ${s}.block_index GROUP BY key HAVING count(*) BETWEEN 2 AND $1`, [maxBlockSize]);
        await client.query(
          `UPDATE ${blocks(id)} b SET part = c.part FROM (
             SELECT key, ((sum(size::bigint * (size - 1) / 2) OVER (ORDER BY key)) - size::bigint * (size - 1) / 2) / $1 AS part FROM ${blocks(id)}) c
           WHERE b.key = c.key`,
          [pairsPerTask],
        );
        await client.query(`CREATE INDEX ON ${blocks(id)} (part)`);
        await client.query(`ANALYZE ${blocks(id)}`);
        const parts = Number((await client.query(`SELECT coalesce(max(part) + 1, 0)::int AS n FROM ${blocks(id)}`)).rows[0]?.["n"] ?? 0);
        await client.query(`CREATE TABLE ${links(id)} (a text COLLATE "C" NOT NULL, b text COLLATE "C" NOT NULL)`);
        await client.query(`INSERT INTO ${s}.refresh_tasks (run, phase, part) SELECT $1, 'pairs', g FROM generate_series(0, $2 - 1) AS g`, [id, parts]);
        return String(id);
      });
    },

    async claim(runValue): Promise<SharedRefreshClaim> {
      const id = runId(runValue);
      for (;;) {
        const state = (await run(`SELECT phase, lease_ms, records, profiles, counts FROM ${s}.refresh_runs WHERE id = $1`, [id])).rows[0];
        if (state === undefined) throw new ProfileKitError("invalid_options", `postgresStore: no refresh run ${id} in this store.`);
        const phase = state["phase"] as string;
        if (phase === "done") return { kind: "done", counts: (state["counts"] ?? {}) as Record<string, number>, records: Number(state["records"]), profiles: Number(state["profiles"]) };
        const token = randomUUID();
        // One task not yet claimed, or whose claim outlived its lease; a task another is claiming is skipped.
        const claimed = await run(
          `UPDATE ${s}.refresh_tasks t SET state = 1, token = $3, claimed_at = clock_timestamp()
             FROM (SELECT run, phase, part FROM ${s}.refresh_tasks
                    WHERE run = $1 AND phase = $2 AND (state = 0 OR (state = 1 AND claimed_at < clock_timestamp() - $4 * interval '1 millisecond'))
                    ORDER BY part LIMIT 1 FOR UPDATE SKIP LOCKED) c
            WHERE t.run = c.run AND t.phase = c.phase AND t.part = c.part RETURNING t.part`,
          [id, phase, token, Number(state["lease_ms"])],
        );
        const row = claimed.rows[0];
        if (row !== undefined) {
          const task: SharedRefreshTask = { phase: phase as "pairs" | "units", part: Number(row["part"]), token };
          if (phase === "pairs") {
            // The candidate pairs of the task's blocks: the blocking-key index joined with itself.
            // Each block's members read by its key (OFFSET 0 keeps PostgreSQL from flattening the lateral
            // subqueries into a hash join that scanned the whole index for every task: 1.2 s a task at a
            // million records, 0.3 s this way). JIT is off: compiling the plan cost more than running it.
            const { rows } = await transaction(async (client) => {
              await client.query("SET LOCAL jit = off");
              return client.query(
                `SELECT x.member AS a, y.member AS b, k.key, k.size FROM ${blocks(id)} k
                   CROSS JOIN LATERAL (SELECT member FROM ${s}.block_index b WHERE b.key = k.key OFFSET 0) x
                   CROSS JOIN LATERAL (SELECT member FROM ${s}.block_index b WHERE b.key = k.key AND b.member > x.member OFFSET 0) y
                  WHERE k.part = $1`,
                [task.part],
              );
            });
            const pairList = rows.map((r) => ({ a: r["a"] as string, b: r["b"] as string, key: r["key"] as string, size: Number(r["size"]) }));
            const keys = [...new Set(pairList.flatMap((pair) => [pair.a, pair.b]))];
            return { kind: "pairs", task, pairs: pairList, records: await matchData(keys) };
          }
          const members = await run(`SELECT label, array_agg(node ORDER BY node) AS records FROM ${units(id)} WHERE part = $1 GROUP BY label ORDER BY label`, [task.part]);
          const found = await run(`SELECT u.label, l.a, l.b FROM ${links(id)} l JOIN ${units(id)} u ON u.node = l.a WHERE u.part = $1`, [task.part]);
          // By key lists (index look-ups): a semi-join here was planned as a scan of every record.
          const records = await matchData(members.rows.flatMap((r) => r["records"] as string[]));
          const profileIds = [...new Set(records.map((r) => (r.value as { profileId?: unknown }).profileId).filter((id): id is string => typeof id === "string"))];
          const profiles = await run(`SELECT key, version, value->'recordKeys' AS record_keys FROM ${s}.profiles WHERE key = ANY($1::text[])`, [profileIds]);
          const byLabel = new Map<string, [string, string][]>();
          for (const r of found.rows) {
            const label = r["label"] as string;
            const list = byLabel.get(label) ?? [];
            list.push([r["a"] as string, r["b"] as string]);
            byLabel.set(label, list);
          }
          return {
            kind: "units",
            task,
            units: members.rows.map((r) => ({ records: r["records"] as string[], links: byLabel.get(r["label"] as string) ?? [] })),
            records,
            profiles: profiles.rows.map((r) => ({ key: r["key"] as string, version: Number(r["version"]), recordKeys: r["record_keys"] as string[] })),
          };
        }
        const open = Number((await run(`SELECT count(*)::int AS n FROM ${s}.refresh_tasks WHERE run = $1 AND phase = $2 AND state <> 2`, [id, phase])).rows[0]?.["n"] ?? 0);
        if (open > 0) return { kind: "wait" };
        await advance(id, phase);
      }
    },

    async complete(runValue, taskValue, outcome) {
      const id = runId(runValue);
      const task = taskOf(taskValue);
      const given: unknown = outcome.links;
      if (!Array.isArray(given) || !given.every((link: unknown) => Array.isArray(link) && typeof link[0] === "string" && typeof link[1] === "string")) throw new ProfileKitError("invalid_options", "postgresStore: sharedRefresh.complete takes links as [key, key] pairs.");
      const found = given as readonly (readonly [string, string])[];
      return transaction(async (client) => {
        const done = await client.query(
          `UPDATE ${s}.refresh_tasks SET state = 2, counts = $5::json WHERE run = $1 AND phase = $2 AND part = $3 AND token = $4 AND state = 1 RETURNING part`,
          [id, task.phase, task.part, task.token, JSON.stringify(outcome.counts)],
        );
        if (done.rows.length === 0) return false;
        if (task.phase === "pairs" && found.length > 0) {
          await client.query(`INSERT INTO ${links(id)} (a, b) SELECT * FROM unnest($1::text[], $2::text[])`, [found.map((link) => link[0]), found.map((link) => link[1])]);
        }
        return true;
      });
    },

    async release(runValue, taskValue) {
      const id = runId(runValue);
      const task = taskOf(taskValue);
      await run(`UPDATE ${s}.refresh_tasks SET state = 0, token = NULL, claimed_at = NULL WHERE run = $1 AND phase = $2 AND part = $3 AND token = $4 AND state = 1`, [id, task.phase, task.part, task.token]);
    },
  };
}
