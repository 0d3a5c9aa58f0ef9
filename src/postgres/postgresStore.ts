import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _pgSharedRefresh } from "./_sharedRefresh.js";
import { checkChangeSet, DOCUMENT_KINDS, type ChangeSet, type CommitResult, type DocumentKind, type IndexEntry, type ProfileStore, type StoredDocument } from "../engine/store.js";

/** What the store needs of a query result (node-postgres' `QueryResult`). */
export interface PgResult {
  readonly rows: readonly Record<string, unknown>[];
}

/** What the store needs of a connection (node-postgres' `PoolClient`). */
export interface PgClient {
  query(text: string, values?: readonly unknown[]): Promise<PgResult>;
  release(error?: Error | boolean): void;
}

/** What the store needs of a pool (node-postgres' `Pool`): the host creates it, the store never ends it. */
export interface PgPool {
  connect(): Promise<PgClient>;
}

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /** A node-postgres `Pool` (or anything with its `query` and `connect`). */
  readonly pool: PgPool;
  /** The PostgreSQL schema holding the tables. Default `"profile_kit"`. Lower-case letters, digits and `_`. */
  readonly schema?: string;
  /** How long a commit waits for a connection of the pool before failing. Default 10,000 ms. */
  readonly acquireTimeoutMs?: number;
  /**
   * How a commit makes sure what it read still holds. `"lockRows"` (the default): it locks the rows it
   * expects (`SELECT … FOR UPDATE`, in one order) and compares their versions, at READ COMMITTED.
   * `"serializable"`: it compares them without locks at SERIALIZABLE isolation, and PostgreSQL aborts one of
   * two commits that overlap (answered as a conflict; the engine retries). BENCHMARKS.md compares the two.
   */
  readonly concurrency?: "lockRows" | "serializable";
  /**
   * The size of a shared refresh's tasks: candidate-pair rows per scoring task (default 20,000) and records
   * per deciding task (default 5,000). A participant holds one task's records at a time: smaller tasks,
   * less memory per process and more, shorter transactions.
   */
  readonly refreshTaskSize?: { readonly pairs?: number; readonly records?: number };
}

/** A ProfileStore in PostgreSQL, with the migration of its tables. */
export interface PostgresStore extends ProfileStore {
  /** Creates or upgrades the tables: versioned, idempotent, safe to run from several processes at once. */
  migrate(): Promise<{ readonly applied: readonly number[] }>;
  /** Drops the schema and everything in it (tests, teardown). */
  drop(): Promise<void>;
  readonly schema: string;
}

const TABLES: Readonly<Record<DocumentKind, string>> = { record: "records", profile: "profiles", alias: "aliases", history: "histories", erasure: "erasures", batch: "batches" };
const documentTable = (kind: DocumentKind, s: string): string => `CREATE TABLE ${s}.${TABLES[kind]} (key text COLLATE "C" PRIMARY KEY, version integer NOT NULL CHECK (version > 0), value json NOT NULL)`;

/** The migrations, in order. A released migration is never edited: a change is a new one. */
const MIGRATIONS: readonly { readonly version: number; readonly sql: (schema: string) => readonly string[] }[] = [
  {
    version: 1,
    sql: (s) => [
      // json, not jsonb: values come back with their keys in the order they were written.
      ...(["record", "profile", "alias", "history", "erasure"] as const).map((kind) => documentTable(kind, s)),
      // The blocking-key index: one row per (key, member); the primary key serves look-ups by key.
      `CREATE TABLE ${s}.block_index (key text COLLATE "C" NOT NULL, member text COLLATE "C" NOT NULL, PRIMARY KEY (key, member))`,
      `CREATE TABLE ${s}.counters (key text COLLATE "C" PRIMARY KEY, value bigint NOT NULL)`,
    ],
  },
  {
    version: 2,
    sql: (s) => [
      // Index keys' versions (only while a key has members), from one sequence: a version is never reused.
      `CREATE TABLE ${s}.index_versions (key text COLLATE "C" PRIMARY KEY, version bigint NOT NULL)`,
      `CREATE SEQUENCE ${s}.index_sequence`,
    ],
  },
  {
    version: 3,
    sql: (s) => [
      // Counters in 16 shards per key: every commit adds to the record count and to value counts, and one
      // row per counter would serialise all writers on its lock. A writer adds to its own connection's shard.
      `CREATE TABLE ${s}.counter_shards (key text COLLATE "C" NOT NULL, shard smallint NOT NULL, value bigint NOT NULL, PRIMARY KEY (key, shard))`,
      `INSERT INTO ${s}.counter_shards (key, shard, value) SELECT key, 0, value FROM ${s}.counters`,
      `DROP TABLE ${s}.counters`,
    ],
  },
  {
    version: 4,
    sql: (s) => [
      // Shared refreshes: a run, and its tasks claimed by the processes taking part (see _sharedRefresh.ts).
      `CREATE TABLE ${s}.refresh_runs (id bigserial PRIMARY KEY, phase text NOT NULL, max_block_size integer NOT NULL, lease_ms integer NOT NULL,
         started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz, records bigint, profiles bigint, counts json)`,
      `CREATE TABLE ${s}.refresh_tasks (run bigint NOT NULL, phase text NOT NULL, part integer NOT NULL, state smallint NOT NULL DEFAULT 0,
         token text, claimed_at timestamptz, counts json, PRIMARY KEY (run, phase, part))`,
    ],
  },
  {
    version: 5,
    // The records of checked ingestMany calls (profile-kit/monitoring).
    sql: (s) => [documentTable("batch", s)],
  },
];

/** SQLSTATEs after which the transaction is refused as a conflict (the engine re-reads and retries). */
const RETRYABLE = new Set(["40001", "40P01", "23505"]);

/**
 * A {@link ProfileStore} in PostgreSQL over node-postgres (`pg`, an optional peer dependency: install it to
 * use this entry point). One table per document kind with a version column, the blocking-key index and the
 * value counters; one engine commit is one transaction that locks the rows it expects (in a fixed order,
 * so two commits cannot deadlock on them) and refuses itself when a version moved. A serialisation failure,
 * a deadlock or a concurrent insert of the same key is answered as a conflict, so the engine re-reads and
 * retries with its bounded attempts.
 *
 * @param options - the pool, and optionally the schema name and connection wait
 * @returns the store; call `migrate()` once before use
 * @throws ProfileKitError `invalid_options` for a missing pool or an invalid schema name
 * @example
 * ```ts
 * import pg from "pg";
 * const store = postgresStore({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) });
 * await store.migrate();
 * const engine = createProfileEngine({ schema, store });
 * ```
 */
export function postgresStore(options: PostgresStoreOptions): PostgresStore {
  if (typeof options !== "object" || (options as unknown) === null) throw new ProfileKitError("invalid_options", "postgresStore: options must be an object with a pool.");
  const given = options.pool as PgPool | undefined;
  if (given === undefined || typeof given.connect !== "function") throw new ProfileKitError("invalid_options", "postgresStore: options.pool must be a node-postgres Pool (new pg.Pool(...)).");
  const pool: PgPool = given;
  const name = options.schema ?? "profile_kit";
  if (typeof name !== "string" || !/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new ProfileKitError("invalid_options", "postgresStore: options.schema must be 1–63 lower-case letters, digits or _, starting with a letter or _.");
  const acquireTimeoutMs = options.acquireTimeoutMs ?? 10_000;
  if (!Number.isInteger(acquireTimeoutMs) || acquireTimeoutMs < 1) throw new ProfileKitError("invalid_options", "postgresStore: options.acquireTimeoutMs must be a positive integer.");
  const concurrency: unknown = options.concurrency ?? "lockRows";
  if (concurrency !== "lockRows" && concurrency !== "serializable") throw new ProfileKitError("invalid_options", 'postgresStore: options.concurrency must be "lockRows" or "serializable".');
  const lock = concurrency === "lockRows" ? " FOR UPDATE" : "";
  const taskSize: unknown = options.refreshTaskSize ?? {};
  const size = (key: "pairs" | "records", fallback: number): number => {
    const value = typeof taskSize === "object" && taskSize !== null ? (taskSize as Record<string, unknown>)[key] ?? fallback : Number.NaN;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 10_000_000) throw new ProfileKitError("invalid_options", `postgresStore: options.refreshTaskSize.${key} must be an integer from 1 to 10,000,000.`);
    return value;
  };
  const pairsPerTask = size("pairs", 20_000);
  const recordsPerTask = size("records", 5_000);
  const unknownSize = typeof taskSize === "object" && taskSize !== null ? Object.keys(taskSize).find((key) => key !== "pairs" && key !== "records") : undefined;
  if (unknownSize !== undefined) throw new ProfileKitError("invalid_options", `postgresStore: options.refreshTaskSize has pairs and records, not ${JSON.stringify(unknownSize)}.`);
  const s = `"${name}"`;
  const table = (kind: DocumentKind): string => {
    if (!Object.hasOwn(TABLES, kind)) throw new ProfileKitError("invalid_options", `postgresStore: unknown document kind ${JSON.stringify(kind)}.`);
    return `${s}.${TABLES[kind]}`;
  };
  const keysOf = (method: string, keys: unknown): string[] => {
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === "string")) throw new ProfileKitError("invalid_options", `postgresStore: ${method} takes an array of string keys.`);
    return keys;
  };

  async function connect(): Promise<PgClient> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => { reject(new ProfileKitError("store_failure", `postgresStore: no connection from the pool within ${acquireTimeoutMs} ms (is the pool exhausted, or the server down?).`)); }, acquireTimeoutMs);
    });
    const attempt = pool.connect();
    try {
      return await Promise.race([attempt, timeout]);
    } catch (error) {
      // A connection that arrives after the wait was given up goes back to the pool.
      attempt.then((client) => { client.release(); }, () => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** One statement on a connection of the pool, waited for at most `acquireTimeoutMs`. */
  async function run(text: string, values: readonly unknown[]): Promise<PgResult> {
    const client = await connect();
    let failed: Error | undefined;
    try {
      return await client.query(text, values);
    } catch (error) {
      failed = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      // A connection whose statement failed for the connection's sake is not reused.
      client.release(failed !== undefined && !("code" in failed) ? failed : false);
    }
  }

  async function transaction<T>(body: (client: PgClient) => Promise<T>, begin = "BEGIN"): Promise<T> {
    const client = await connect();
    let broken: Error | undefined;
    try {
      await client.query(begin);
      const result = await body(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        // The connection is gone (killed, reset): the server rolled back; the client is discarded.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.release(broken ?? false);
    }
  }

  const store: PostgresStore = {
    schema: name,
    async migrate() {
      return transaction(async (client) => {
        // One migrating process at a time per schema; the others wait, then find nothing to do.
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`profile-kit:${name}`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${s}.migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
        const done = new Set((await client.query(`SELECT version FROM ${s}.migrations`)).rows.map((row) => Number(row["version"])));
        const applied: number[] = [];
        for (const migration of MIGRATIONS) {
          if (done.has(migration.version)) continue;
          for (const statement of migration.sql(s)) await client.query(statement);
          await client.query(`INSERT INTO ${s}.migrations (version) VALUES ($1)`, [migration.version]);
          applied.push(migration.version);
        }
        return { applied };
      });
    },
    async drop() {
      await run(`DROP SCHEMA IF EXISTS ${s} CASCADE`, []);
    },
    async get(kind, keys) {
      const list = keysOf("get", keys);
      if (list.length === 0) return [];
      const { rows } = await run(`SELECT key, version, value FROM ${table(kind)} WHERE key = ANY($1::text[])`, [list]);
      const byKey = new Map(rows.map((row) => [row["key"] as string, { key: row["key"] as string, version: Number(row["version"]), value: row["value"] }]));
      return list.map((key) => byKey.get(key) ?? null);
    },
    async members(keys, limit) {
      const list = keysOf("members", keys);
      if (!Number.isInteger(limit) || limit < 0) throw new ProfileKitError("invalid_options", "postgresStore: members(keys, limit) takes a limit that is a non-negative integer.");
      if (list.length === 0) return [];
      const { rows } = await run(
        // Counted up to one past the limit: the contract asks no more, and a common surname's block at a
        // million records is thousands of rows to count for every batch that meets it.
        `SELECT k.key, (SELECT count(*) FROM (SELECT 1 FROM ${s}.block_index b WHERE b.key = k.key LIMIT $2 + 1) AS c) AS size,
                ARRAY(SELECT member FROM ${s}.block_index b WHERE b.key = k.key LIMIT $2) AS members,
                (SELECT version FROM ${s}.index_versions v WHERE v.key = k.key) AS version
           FROM unnest($1::text[]) AS k(key)`,
        [[...new Set(list)], limit],
      );
      const byKey = new Map(rows.map((row) => [row["key"] as string, { key: row["key"] as string, members: row["members"] as string[], size: Number(row["size"]), version: Number(row["version"] ?? 0) }]));
      return list.map((key): IndexEntry => byKey.get(key) ?? { key, members: [], size: 0, version: 0 });
    },
    async counters(keys) {
      const list = keysOf("counters", keys);
      if (list.length === 0) return [];
      const { rows } = await run(`SELECT key, sum(value) AS value FROM ${s}.counter_shards WHERE key = ANY($1::text[]) GROUP BY key`, [list]);
      const byKey = new Map(rows.map((row) => [row["key"] as string, Number(row["value"])]));
      return list.map((key) => byKey.get(key) ?? 0);
    },
    async scan(kind, after, limit) {
      if ((after !== null && typeof after !== "string") || !Number.isInteger(limit) || limit < 0) throw new ProfileKitError("invalid_options", "postgresStore: scan(kind, after, limit) takes a key or null and a non-negative integer limit.");
      const { rows } = await run(`SELECT key, version, value FROM ${table(kind)} WHERE ($1::text IS NULL OR key > $1::text) ORDER BY key LIMIT $2`, [after, limit]);
      return rows.map((row): StoredDocument => ({ key: row["key"] as string, version: Number(row["version"]), value: row["value"] }));
    },
    async commit(changes: ChangeSet): Promise<CommitResult> {
      checkChangeSet("postgresStore", changes);
      // JSON text made before the transaction: a value that is not JSON fails the commit before it starts.
      const puts = new Map<string, { kind: DocumentKind; key: string; json: string; times: number }>();
      for (const { kind, key, value } of changes.put) {
        table(kind);
        let text: unknown;
        try {
          text = JSON.stringify(value);
        } catch (error) {
          throw new ProfileKitError("invalid_options", "postgresStore: a value to put is not plain JSON (a cycle, a BigInt?).", { cause: error });
        }
        if (typeof text !== "string") throw new ProfileKitError("invalid_options", "postgresStore: a value to put is not plain JSON.");
        const json = text;
        const id = `${kind}\u0000${key}`;
        puts.set(id, { kind, key, json, times: (puts.get(id)?.times ?? 0) + 1 });
      }
      const expected = new Map<string, number>();
      for (const { kind, key, version } of changes.expect) if (kind !== "index") expected.set(`${kind}\u0000${key}`, version);
      try {
        return await transaction(async (client): Promise<CommitResult> => {
          // 1. Lock every expected row, in one order for all commits (no lock-order deadlocks), and compare.
          //    (At SERIALIZABLE nothing is locked: PostgreSQL aborts one of two overlapping commits instead.)
          const conflicts: string[] = [];
          for (const kind of DOCUMENT_KINDS) {
            const keys = [...new Set(changes.expect.filter((e) => e.kind === kind).map((e) => e.key))].sort();
            if (keys.length === 0) continue;
            const { rows } = await client.query(`SELECT key, version FROM ${table(kind)} WHERE key = ANY($1::text[]) ORDER BY key${lock}`, [keys]);
            const versions = new Map(rows.map((row) => [row["key"] as string, Number(row["version"])]));
            for (const { kind: k, key, version } of changes.expect) if (k === kind && (versions.get(key) ?? 0) !== version) conflicts.push(`${kind}:${key}`);
          }
          const indexExpected = [...new Set(changes.expect.filter((e) => e.kind === "index").map((e) => e.key))].sort();
          if (indexExpected.length > 0) {
            const { rows } = await client.query(`SELECT key, version FROM ${s}.index_versions WHERE key = ANY($1::text[]) ORDER BY key${lock}`, [indexExpected]);
            const versions = new Map(rows.map((row) => [row["key"] as string, Number(row["version"])]));
            for (const { kind, key, version } of changes.expect) if (kind === "index" && (versions.get(key) ?? 0) !== version) conflicts.push(`index:${key}`);
          }
          if (conflicts.length > 0) throw new Conflict(conflicts);
          // 2. Documents: a row expected absent is inserted only if still absent (a racing insert is a conflict).
          for (const kind of DOCUMENT_KINDS) {
            const mine = [...puts.values()].filter((p) => p.kind === kind);
            if (mine.length === 0) continue;
            const fresh = mine.filter((p) => expected.get(`${kind}\u0000${p.key}`) === 0);
            const other = mine.filter((p) => expected.get(`${kind}\u0000${p.key}`) !== 0);
            if (fresh.length > 0) {
              const { rows } = await client.query(
                `INSERT INTO ${table(kind)} (key, version, value) SELECT k, n, v::json FROM unnest($1::text[], $2::int[], $3::text[]) AS u(k, n, v) ON CONFLICT (key) DO NOTHING RETURNING key`,
                [fresh.map((p) => p.key), fresh.map((p) => p.times), fresh.map((p) => p.json)],
              );
              if (rows.length !== fresh.length) throw new Conflict(fresh.filter((p) => !rows.some((row) => row["key"] === p.key)).map((p) => `${kind}:${p.key}`));
            }
            if (other.length > 0) {
              await client.query(
                `INSERT INTO ${table(kind)} AS t (key, version, value) SELECT k, n, v::json FROM unnest($1::text[], $2::int[], $3::text[]) AS u(k, n, v)
                 ON CONFLICT (key) DO UPDATE SET version = t.version + EXCLUDED.version, value = EXCLUDED.value`,
                [other.map((p) => p.key), other.map((p) => p.times), other.map((p) => p.json)],
              );
            }
          }
          for (const kind of DOCUMENT_KINDS) {
            const keys = changes.delete.filter((d) => d.kind === kind).map((d) => d.key);
            if (keys.length > 0) await client.query(`DELETE FROM ${table(kind)} WHERE key = ANY($1::text[])`, [keys]);
          }
          // 3. The index: the last operation on a (key, member) pair decides, as if applied in order.
          const last = new Map<string, { key: string; member: string; op: "add" | "remove" }>();
          for (const op of changes.index) last.set(`${op.key}\u0000${op.member}`, op);
          const adds = [...last.values()].filter((op) => op.op === "add");
          const removes = [...last.values()].filter((op) => op.op === "remove");
          if (adds.length > 0) await client.query(`INSERT INTO ${s}.block_index (key, member) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, [adds.map((op) => op.key), adds.map((op) => op.member)]);
          if (removes.length > 0) await client.query(`DELETE FROM ${s}.block_index b USING unnest($1::text[], $2::text[]) AS u(k, m) WHERE b.key = u.k AND b.member = u.m`, [removes.map((op) => op.key), removes.map((op) => op.member)]);
          // The touched index keys' new version; a key expected without members must still have none.
          const touched = [...new Set(changes.index.map((op) => op.key))].sort();
          if (touched.length > 0) {
            const expectedEmpty = new Set(changes.expect.filter((e) => e.kind === "index" && e.version === 0).map((e) => e.key));
            const { rows } = await client.query(`SELECT nextval('${s}.index_sequence') AS v`);
            const version = Number(rows[0]?.["v"]);
            const fresh = touched.filter((key) => expectedEmpty.has(key));
            const other = touched.filter((key) => !expectedEmpty.has(key));
            if (fresh.length > 0) {
              const inserted = await client.query(`INSERT INTO ${s}.index_versions (key, version) SELECT k, $2 FROM unnest($1::text[]) AS k ON CONFLICT (key) DO NOTHING RETURNING key`, [fresh, version]);
              if (inserted.rows.length !== fresh.length) throw new Conflict(fresh.filter((key) => !inserted.rows.some((row) => row["key"] === key)).map((key) => `index:${key}`));
            }
            if (other.length > 0) await client.query(`INSERT INTO ${s}.index_versions AS v (key, version) SELECT k, $2 FROM unnest($1::text[]) AS k ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version`, [other, version]);
            // Only a removal can leave a key without members (a batch of new records only adds: the check,
            // an anti-join over thousands of keys, took a second a commit at 100k records).
            const emptied = [...new Set(removes.map((op) => op.key))].sort();
            if (emptied.length > 0) await client.query(`DELETE FROM ${s}.index_versions v USING unnest($1::text[]) AS u(k) WHERE v.key = u.k AND NOT EXISTS (SELECT 1 FROM ${s}.block_index b WHERE b.key = v.key)`, [emptied]);
          }
          // 4. Counters: summed per key, in key order (no deadlocks between commits), removed at 0.
          const sums = new Map<string, number>();
          for (const { key, by } of changes.increment) sums.set(key, (sums.get(key) ?? 0) + by);
          const counterKeys = [...sums.keys()].sort();
          if (counterKeys.length > 0) {
            await client.query(
              `INSERT INTO ${s}.counter_shards AS c (key, shard, value) SELECT k, pg_backend_pid() % 16, v FROM unnest($1::text[], $2::bigint[]) AS u(k, v) ON CONFLICT (key, shard) DO UPDATE SET value = c.value + EXCLUDED.value`,
              [counterKeys, counterKeys.map((key) => sums.get(key) as number)],
            );
            await client.query(`DELETE FROM ${s}.counter_shards WHERE key = ANY($1::text[]) AND value = 0`, [counterKeys]);
          }
          return { ok: true };
        }, concurrency === "serializable" ? "BEGIN ISOLATION LEVEL SERIALIZABLE" : "BEGIN");
      } catch (error) {
        if (error instanceof Conflict) return { ok: false, conflicts: error.conflicts };
        const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
        if (typeof code === "string" && RETRYABLE.has(code)) return { ok: false, conflicts: [`sqlstate:${code}`] };
        throw error;
      }
    },
    close() {},
    sharedRefresh: _pgSharedRefresh({ s, name, run, transaction: (body) => transaction(body), pairsPerTask, recordsPerTask }),
  };
  return store;
}

/** A commit refused because what it read has changed: rolled back, answered as `{ ok: false }`. */
class Conflict extends Error {
  constructor(readonly conflicts: readonly string[]) {
    super("conflict");
  }
}
