// The PostgreSQL store's own logic without a server: a scripted pool answers each statement, so what the
// store sends, how it reads the answers, how it refuses bad input, and how it treats a failing connection
// are checked on every machine (postgresStore.test.ts runs the store against the real server).
import { describe, expect, it } from "vitest";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { type ChangeSet, type SharedRefresh, type SharedRefreshTask } from "../engine/store.js";
import { postgresStore, type PgClient, type PgPool, type PgResult, type PostgresStoreOptions } from "./postgresStore.js";

interface Sent {
  readonly text: string;
  readonly values: readonly unknown[] | undefined;
}

/** A pool whose one kind of connection answers each statement with `answer` and records what it was sent. */
function scripted(answer: (text: string, values: readonly unknown[] | undefined) => PgResult | Promise<PgResult> = () => ({ rows: [] })): { pool: PgPool; sent: Sent[]; released: unknown[]; connects: () => number } {
  const sent: Sent[] = [];
  const released: unknown[] = [];
  let connects = 0;
  const client: PgClient = {
    async query(text, values) {
      sent.push({ text, values });
      return answer(text, values);
    },
    release(error) {
      released.push(error);
    },
  };
  const pool: PgPool = {
    connect() {
      connects++;
      return Promise.resolve(client);
    },
  };
  return { pool, sent, released, connects: () => connects };
}

/** A failed statement: a driver may reject with anything, not only an Error. */
function raise(value: unknown): Promise<never> {
  return new Promise<never>(() => {
    throw value;
  });
}

const empty: ChangeSet = { expect: [], put: [], delete: [], index: [], increment: [] };
const changes = (part: Partial<ChangeSet>): ChangeSet => ({ ...empty, ...part });
/** The statements sent, each cut to its first `n` characters and its whitespace collapsed. */
const texts = (sent: readonly Sent[], n = 400): string[] => sent.map((s) => s.text.replace(/\s+/g, " ").slice(0, n));

async function refusal(run: () => unknown): Promise<ProfileKitError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ProfileKitError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("postgresStore options, refused in their own words", () => {
  const { pool } = scripted();
  const cases: [string, unknown, string][] = [
    ["no options", null, "postgresStore: options must be an object with a pool."],
    ["options not an object", "postgres://x", "postgresStore: options must be an object with a pool."],
    ["no pool", {}, "postgresStore: options.pool must be a node-postgres Pool (new pg.Pool(...))."],
    ["a pool without connect", { pool: { query: () => undefined } }, "postgresStore: options.pool must be a node-postgres Pool (new pg.Pool(...))."],
    ["an upper-case schema", { pool, schema: "Profiles" }, "postgresStore: options.schema must be 1–63 lower-case letters, digits or _, starting with a letter or _."],
    ["a schema starting with a digit", { pool, schema: "1kit" }, "postgresStore: options.schema must be 1–63 lower-case letters, digits or _, starting with a letter or _."],
    ["an empty schema", { pool, schema: "" }, "postgresStore: options.schema must be 1–63 lower-case letters, digits or _, starting with a letter or _."],
    ["a schema of 64 characters", { pool, schema: "a".repeat(64) }, "postgresStore: options.schema must be 1–63 lower-case letters, digits or _, starting with a letter or _."],
    ["a schema with a quote after a valid start", { pool, schema: 'kit"; drop' }, "postgresStore: options.schema must be 1–63 lower-case letters, digits or _, starting with a letter or _."],
    ["a schema that is no string", { pool, schema: 7 }, "postgresStore: options.schema must be 1–63 lower-case letters, digits or _, starting with a letter or _."],
    ["a wait of 0 ms", { pool, acquireTimeoutMs: 0 }, "postgresStore: options.acquireTimeoutMs must be a positive integer."],
    ["a fractional wait", { pool, acquireTimeoutMs: 1.5 }, "postgresStore: options.acquireTimeoutMs must be a positive integer."],
    ["a wait as text", { pool, acquireTimeoutMs: "100" }, "postgresStore: options.acquireTimeoutMs must be a positive integer."],
    ["an unknown concurrency", { pool, concurrency: "optimistic" }, 'postgresStore: options.concurrency must be "lockRows" or "serializable".'],
    ["pairs per task 0", { pool, refreshTaskSize: { pairs: 0 } }, "postgresStore: options.refreshTaskSize.pairs must be an integer from 1 to 10,000,000."],
    ["pairs per task above ten million", { pool, refreshTaskSize: { pairs: 10_000_001 } }, "postgresStore: options.refreshTaskSize.pairs must be an integer from 1 to 10,000,000."],
    ["fractional pairs per task", { pool, refreshTaskSize: { pairs: 2.5 } }, "postgresStore: options.refreshTaskSize.pairs must be an integer from 1 to 10,000,000."],
    ["pairs per task as text", { pool, refreshTaskSize: { pairs: "100" } }, "postgresStore: options.refreshTaskSize.pairs must be an integer from 1 to 10,000,000."],
    ["records per task 0", { pool, refreshTaskSize: { records: 0 } }, "postgresStore: options.refreshTaskSize.records must be an integer from 1 to 10,000,000."],
    ["records per task above ten million", { pool, refreshTaskSize: { records: 10_000_001 } }, "postgresStore: options.refreshTaskSize.records must be an integer from 1 to 10,000,000."],
    ["task sizes that are no object", { pool, refreshTaskSize: 100 }, "postgresStore: options.refreshTaskSize.pairs must be an integer from 1 to 10,000,000."],
    ["an unknown task size", { pool, refreshTaskSize: { pairs: 10, rows: 5 } }, 'postgresStore: options.refreshTaskSize has pairs and records, not "rows".'],
  ];
  it.each(cases)("%s", (_name, options, message) => {
    let thrown: unknown;
    try {
      postgresStore(options as PostgresStoreOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProfileKitError);
    expect((thrown as ProfileKitError).code).toBe("invalid_options");
    expect((thrown as ProfileKitError).message).toBe(message);
  });

  it("accepts the limits themselves, and names its schema (profile_kit by default); null task sizes are the defaults", () => {
    expect(postgresStore({ pool }).schema).toBe("profile_kit");
    expect(postgresStore({ pool, refreshTaskSize: null as never }).schema).toBe("profile_kit");
    expect(postgresStore({ pool, schema: `_${"a".repeat(62)}` }).schema).toBe(`_${"a".repeat(62)}`);
    expect(postgresStore({ pool, schema: "k", acquireTimeoutMs: 1, refreshTaskSize: { pairs: 1, records: 10_000_000 } }).schema).toBe("k");
    expect(postgresStore({ pool, refreshTaskSize: { pairs: 10_000_000, records: 1 }, concurrency: "serializable" }).schema).toBe("profile_kit");
    expect(postgresStore({ pool, refreshTaskSize: {}, concurrency: "lockRows" }).schema).toBe("profile_kit");
  });
});

describe("postgresStore reads, against a scripted pool", () => {
  it("get: one statement for the keys, answers in the keys' order with null for a missing one, versions as numbers", async () => {
    const { pool, sent, released } = scripted(() => ({ rows: [{ key: "b", version: "3", value: { n: 2 } }, { key: "a", version: 1, value: [1] }] }));
    const store = postgresStore({ pool, schema: "kit" });
    expect(await store.get("record", ["a", "x", "b"])).toEqual([{ key: "a", version: 1, value: [1] }, null, { key: "b", version: 3, value: { n: 2 } }]);
    expect(sent).toEqual([{ text: 'SELECT key, version, value FROM "kit".records WHERE key = ANY($1::text[])', values: [["a", "x", "b"]] }]);
    expect(released).toEqual([false]);
  });

  it("get: each kind from its own table", async () => {
    const { pool, sent } = scripted();
    const store = postgresStore({ pool, schema: "kit" });
    for (const kind of ["record", "profile", "alias", "history", "erasure", "batch"] as const) await store.get(kind, ["k"]);
    expect(sent.map((s) => /FROM (\S+) WHERE/.exec(s.text)?.[1])).toEqual(['"kit".records', '"kit".profiles', '"kit".aliases', '"kit".histories', '"kit".erasures', '"kit".batches']);
  });

  it("asks nothing of the server for no keys", async () => {
    const { pool, connects } = scripted();
    const store = postgresStore({ pool });
    expect(await store.get("record", [])).toEqual([]);
    expect(await store.members([], 5)).toEqual([]);
    expect(await store.counters([])).toEqual([]);
    expect(connects()).toBe(0);
  });

  it("members: the keys once each with the limit, a key without a row as empty, sizes and versions as numbers", async () => {
    const { pool, sent } = scripted(() => ({ rows: [{ key: "k1", members: ["r1", "r2"], size: "3", version: "17" }, { key: "k2", members: [], size: 0, version: null }] }));
    const store = postgresStore({ pool, schema: "kit" });
    expect(await store.members(["k1", "k2", "k1", "k3"], 2)).toEqual([
      { key: "k1", members: ["r1", "r2"], size: 3, version: 17 },
      { key: "k2", members: [], size: 0, version: 0 },
      { key: "k1", members: ["r1", "r2"], size: 3, version: 17 },
      { key: "k3", members: [], size: 0, version: 0 },
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.values).toEqual([["k1", "k2", "k3"], 2]);
    expect(texts(sent)[0]).toBe(
      'SELECT k.key, (SELECT count(*) FROM (SELECT 1 FROM "kit".block_index b WHERE b.key = k.key LIMIT $2 + 1) AS c) AS size, ARRAY(SELECT member FROM "kit".block_index b WHERE b.key = k.key LIMIT $2) AS members, (SELECT version FROM "kit".index_versions v WHERE v.key = k.key) AS version FROM unnest($1::text[]) AS k(key)',
    );
  });

  it("counters: summed over the shards, 0 for a key without one", async () => {
    const { pool, sent } = scripted(() => ({ rows: [{ key: "n", value: "41" }] }));
    const store = postgresStore({ pool, schema: "kit" });
    expect(await store.counters(["n", "m"])).toEqual([41, 0]);
    expect(sent).toEqual([{ text: 'SELECT key, sum(value) AS value FROM "kit".counter_shards WHERE key = ANY($1::text[]) GROUP BY key', values: [["n", "m"]] }]);
  });

  it("scan: the page after a key (or from the start), in key order, versions as numbers", async () => {
    const { pool, sent } = scripted(() => ({ rows: [{ key: "b", version: "2", value: "x" }] }));
    const store = postgresStore({ pool, schema: "kit" });
    expect(await store.scan("profile", "a", 10)).toEqual([{ key: "b", version: 2, value: "x" }]);
    expect(await store.scan("profile", null, 0)).toEqual([{ key: "b", version: 2, value: "x" }]);
    expect(sent).toEqual([
      { text: 'SELECT key, version, value FROM "kit".profiles WHERE ($1::text IS NULL OR key > $1::text) ORDER BY key LIMIT $2', values: ["a", 10] },
      { text: 'SELECT key, version, value FROM "kit".profiles WHERE ($1::text IS NULL OR key > $1::text) ORDER BY key LIMIT $2', values: [null, 0] },
    ]);
  });

  it("refuses bad arguments before it connects", async () => {
    const { pool, connects } = scripted();
    const store = postgresStore({ pool });
    const cases: [() => unknown, string][] = [
      [() => store.get("record", "a" as never), "postgresStore: get takes an array of string keys."],
      [() => store.get("record", ["a", 1] as never), "postgresStore: get takes an array of string keys."],
      [() => store.get("person" as never, ["a"]), 'postgresStore: unknown document kind "person".'],
      [() => store.get("toString" as never, ["a"]), 'postgresStore: unknown document kind "toString".'],
      [() => store.members(["a"], -1), "postgresStore: members(keys, limit) takes a limit that is a non-negative integer."],
      [() => store.members(["a"], 1.5), "postgresStore: members(keys, limit) takes a limit that is a non-negative integer."],
      [() => store.members(null as never, 1), "postgresStore: members takes an array of string keys."],
      [() => store.counters([null] as never), "postgresStore: counters takes an array of string keys."],
      [() => store.scan("record", 5 as never, 10), "postgresStore: scan(kind, after, limit) takes a key or null and a non-negative integer limit."],
      [() => store.scan("record", null, -1), "postgresStore: scan(kind, after, limit) takes a key or null and a non-negative integer limit."],
      [() => store.scan("record", "a", 2.5), "postgresStore: scan(kind, after, limit) takes a key or null and a non-negative integer limit."],
      [() => store.scan("nothing" as never, null, 1), 'postgresStore: unknown document kind "nothing".'],
    ];
    for (const [run, message] of cases) {
      const error = await refusal(run);
      expect([error.code, error.message]).toEqual(["invalid_options", message]);
    }
    expect(connects()).toBe(0);
  });
});

describe("postgresStore connections", () => {
  it("gives up waiting for a connection after acquireTimeoutMs, and returns one that arrives later to the pool", async () => {
    let arrive: ((client: PgClient) => void) | undefined;
    const released: unknown[] = [];
    const pool: PgPool = {
      connect: () =>
        new Promise<PgClient>((resolve) => {
          arrive = resolve;
        }),
    };
    const store = postgresStore({ pool, acquireTimeoutMs: 20 });
    const error = await refusal(() => store.get("record", ["a"]));
    expect([error.code, error.message]).toEqual(["store_failure", "postgresStore: no connection from the pool within 20 ms (is the pool exhausted, or the server down?)."]);
    arrive?.({ query: () => Promise.resolve({ rows: [] }), release: (e) => { released.push(e); } });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(released).toEqual([undefined]);
  });

  it("passes on a pool's own failure to connect", async () => {
    const pool: PgPool = { connect: () => Promise.reject(new Error("ECONNREFUSED")) };
    await expect(postgresStore({ pool }).get("record", ["a"])).rejects.toThrow("ECONNREFUSED");
  });

  it("keeps a connection whose statement the server refused, and discards one that failed itself", async () => {
    const refused = Object.assign(new Error("relation does not exist"), { code: "42P01" });
    const { pool, released } = scripted(() => Promise.reject(refused));
    await expect(postgresStore({ pool }).get("record", ["a"])).rejects.toBe(refused);
    expect(released).toEqual([false]);
    const broken = new Error("Connection terminated unexpectedly");
    const second = scripted(() => Promise.reject(broken));
    await expect(postgresStore({ pool: second.pool }).counters(["a"])).rejects.toBe(broken);
    expect(second.released).toEqual([broken]);
    const thrownText = scripted(() => raise("socket hang up"));
    await expect(postgresStore({ pool: thrownText.pool }).scan("record", null, 1)).rejects.toBe("socket hang up");
    expect(thrownText.released).toHaveLength(1);
    expect(thrownText.released[0]).toBeInstanceOf(Error);
    expect((thrownText.released[0] as Error).message).toBe("socket hang up");
  });

  it("drop removes the schema and everything in it", async () => {
    const { pool, sent } = scripted();
    await postgresStore({ pool, schema: "kit" }).drop();
    expect(sent).toEqual([{ text: 'DROP SCHEMA IF EXISTS "kit" CASCADE', values: [] }]);
  });
});

describe("postgresStore migrate", () => {
  it("under one advisory lock per schema, applies the migrations not yet recorded, in order, in one transaction", async () => {
    const { pool, sent, released } = scripted((text) => ({ rows: text.startsWith("SELECT version") ? [{ version: 1 }, { version: "2" }] : [] }));
    expect(await postgresStore({ pool, schema: "kit" }).migrate()).toEqual({ applied: [3, 4, 5] });
    const lines = texts(sent, 90);
    expect(lines.slice(0, 5)).toEqual([
      "BEGIN",
      "SELECT pg_advisory_xact_lock(hashtext($1))",
      'CREATE SCHEMA IF NOT EXISTS "kit"',
      'CREATE TABLE IF NOT EXISTS "kit".migrations (version integer PRIMARY KEY, applied_at times',
      'SELECT version FROM "kit".migrations',
    ]);
    expect(sent[1]?.values).toEqual(["profile-kit:kit"]);
    expect(lines.at(-1)).toBe("COMMIT");
    const recorded = sent.filter((s) => s.text.startsWith('INSERT INTO "kit".migrations')).map((s) => s.values);
    expect(recorded).toEqual([[3], [4], [5]]);
    // Migration 3 moves the counters into shards, 4 adds the shared refresh's tables, 5 the batches' table.
    expect(lines.filter((line) => /^(CREATE|INSERT INTO "kit".counter_shards|DROP)/.test(line) && !line.includes("IF NOT EXISTS"))).toEqual([
      'CREATE TABLE "kit".counter_shards (key text COLLATE "C" NOT NULL, shard smallint NOT NULL,',
      'INSERT INTO "kit".counter_shards (key, shard, value) SELECT key, 0, value FROM "kit".count',
      'DROP TABLE "kit".counters',
      'CREATE TABLE "kit".refresh_runs (id bigserial PRIMARY KEY, phase text NOT NULL, max_block_',
      'CREATE TABLE "kit".refresh_tasks (run bigint NOT NULL, phase text NOT NULL, part integer N',
      'CREATE TABLE "kit".batches (key text COLLATE "C" PRIMARY KEY, version integer NOT NULL CHE',
    ]);
    expect(released).toEqual([false]);
  });

  it("on a new schema applies all five: the five document tables, the index, its versions, the counters", async () => {
    const { pool, sent } = scripted();
    expect(await postgresStore({ pool, schema: "kit" }).migrate()).toEqual({ applied: [1, 2, 3, 4, 5] });
    const created = texts(sent, 400).filter((line) => line.startsWith("CREATE TABLE \"kit\".") || line.startsWith("CREATE SEQUENCE"));
    expect(created.slice(0, 9)).toEqual([
      'CREATE TABLE "kit".records (key text COLLATE "C" PRIMARY KEY, version integer NOT NULL CHECK (version > 0), value json NOT NULL)',
      'CREATE TABLE "kit".profiles (key text COLLATE "C" PRIMARY KEY, version integer NOT NULL CHECK (version > 0), value json NOT NULL)',
      'CREATE TABLE "kit".aliases (key text COLLATE "C" PRIMARY KEY, version integer NOT NULL CHECK (version > 0), value json NOT NULL)',
      'CREATE TABLE "kit".histories (key text COLLATE "C" PRIMARY KEY, version integer NOT NULL CHECK (version > 0), value json NOT NULL)',
      'CREATE TABLE "kit".erasures (key text COLLATE "C" PRIMARY KEY, version integer NOT NULL CHECK (version > 0), value json NOT NULL)',
      'CREATE TABLE "kit".block_index (key text COLLATE "C" NOT NULL, member text COLLATE "C" NOT NULL, PRIMARY KEY (key, member))',
      'CREATE TABLE "kit".counters (key text COLLATE "C" PRIMARY KEY, value bigint NOT NULL)',
      'CREATE TABLE "kit".index_versions (key text COLLATE "C" PRIMARY KEY, version bigint NOT NULL)',
      'CREATE SEQUENCE "kit".index_sequence',
    ]);
  });

  it("rolls back and passes the failure on when a migration fails", async () => {
    const failure = Object.assign(new Error("permission denied for database"), { code: "42501" });
    const { pool, sent, released } = scripted((text) => (text.startsWith("CREATE SCHEMA") ? Promise.reject(failure) : { rows: [] }));
    await expect(postgresStore({ pool }).migrate()).rejects.toBe(failure);
    expect(texts(sent, 20).at(-1)).toBe("ROLLBACK");
    expect(released).toEqual([false]);
  });
});

describe("postgresStore commit, against a scripted pool", () => {
  /** A pool that answers the version checks from `versions` (kind:key → version) and inserts as told. */
  function server(versions: Record<string, number> = {}, options: { refuseInsertOf?: readonly string[]; fail?: (text: string) => unknown } = {}) {
    return scripted((text, values) => {
      const failure = options.fail?.(text);
      if (failure !== undefined) return raise(failure);
      const checked = /^SELECT key, version FROM "kit"\.(\w+)/.exec(text);
      if (checked !== null) {
        const kind = checked[1] === "index_versions" ? "index" : ({ records: "record", profiles: "profile", aliases: "alias", histories: "history", erasures: "erasure", batches: "batch" } as Record<string, string>)[checked[1] as string];
        const keys = (values?.[0] ?? []) as string[];
        return { rows: keys.flatMap((key) => (`${kind}:${key}` in versions ? [{ key, version: versions[`${kind}:${key}`] }] : [])) };
      }
      if (text.includes("RETURNING key")) return { rows: ((values?.[0] ?? []) as string[]).filter((key) => !(options.refuseInsertOf ?? []).includes(key)).map((key) => ({ key })) };
      if (text.startsWith("SELECT nextval")) return { rows: [{ v: "42" }] };
      return { rows: [] };
    });
  }

  it("locks the expected rows kind by kind in key order, writes, and commits", async () => {
    const { pool, sent, released } = server({ "record:b": 2, "record:a": 1, "profile:p": 5, "index:k": 9 });
    const store = postgresStore({ pool, schema: "kit" });
    const result = await store.commit(changes({
      expect: [{ kind: "profile", key: "p", version: 5 }, { kind: "record", key: "b", version: 2 }, { kind: "record", key: "a", version: 1 }, { kind: "record", key: "n", version: 0 }, { kind: "index", key: "k", version: 9 }],
      put: [{ kind: "record", key: "n", value: { v: 1 } }, { kind: "record", key: "a", value: { v: 2 } }, { kind: "profile", key: "p", value: "P" }],
      delete: [{ kind: "record", key: "b" }],
    }));
    expect(result).toEqual({ ok: true });
    expect(texts(sent)).toEqual([
      "BEGIN",
      'SELECT key, version FROM "kit".records WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE',
      'SELECT key, version FROM "kit".profiles WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE',
      'SELECT key, version FROM "kit".index_versions WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE',
      'INSERT INTO "kit".records (key, version, value) SELECT k, n, v::json FROM unnest($1::text[], $2::int[], $3::text[]) AS u(k, n, v) ON CONFLICT (key) DO NOTHING RETURNING key',
      'INSERT INTO "kit".records AS t (key, version, value) SELECT k, n, v::json FROM unnest($1::text[], $2::int[], $3::text[]) AS u(k, n, v) ON CONFLICT (key) DO UPDATE SET version = t.version + EXCLUDED.version, value = EXCLUDED.value',
      'INSERT INTO "kit".profiles AS t (key, version, value) SELECT k, n, v::json FROM unnest($1::text[], $2::int[], $3::text[]) AS u(k, n, v) ON CONFLICT (key) DO UPDATE SET version = t.version + EXCLUDED.version, value = EXCLUDED.value',
      'DELETE FROM "kit".records WHERE key = ANY($1::text[])',
      "COMMIT",
    ]);
    expect(sent[1]?.values).toEqual([["a", "b", "n"]]);
    expect(sent[2]?.values).toEqual([["p"]]);
    expect(sent[3]?.values).toEqual([["k"]]);
    expect(sent[4]?.values).toEqual([["n"], [1], ['{"v":1}']]);
    expect(sent[5]?.values).toEqual([["a"], [1], ['{"v":2}']]);
    expect(sent[6]?.values).toEqual([["p"], [1], ['"P"']]);
    expect(sent[7]?.values).toEqual([["b"]]);
    expect(released).toEqual([false]);
  });

  it("at serializable isolation begins so and locks nothing", async () => {
    const { pool, sent } = server({ "record:a": 1 });
    await postgresStore({ pool, schema: "kit", concurrency: "serializable" }).commit(changes({ expect: [{ kind: "record", key: "a", version: 1 }], put: [{ kind: "record", key: "a", value: 1 }] }));
    expect(texts(sent, 200).slice(0, 2)).toEqual(["BEGIN ISOLATION LEVEL SERIALIZABLE", 'SELECT key, version FROM "kit".records WHERE key = ANY($1::text[]) ORDER BY key']);
  });

  it("writes a key put twice once, its version moved by two", async () => {
    const { pool, sent } = server({ "record:a": 3 });
    await postgresStore({ pool, schema: "kit" }).commit(changes({ expect: [{ kind: "record", key: "a", version: 3 }], put: [{ kind: "record", key: "a", value: 1 }, { kind: "record", key: "a", value: 2 }, { kind: "record", key: "z", value: 0 }] }));
    expect(sent.find((s) => s.text.includes("DO UPDATE SET version"))?.values).toEqual([["a", "z"], [2, 1], ["2", "0"]]);
  });

  it("refuses itself, rolling back, when an expected version moved or an expected-absent row exists, naming each", async () => {
    const { pool, sent, released } = server({ "record:a": 2, "alias:x": 1, "index:k": 4 });
    const store = postgresStore({ pool, schema: "kit" });
    const result = await store.commit(changes({
      expect: [{ kind: "record", key: "a", version: 1 }, { kind: "record", key: "b", version: 0 }, { kind: "alias", key: "x", version: 0 }, { kind: "index", key: "k", version: 4 }, { kind: "index", key: "j", version: 2 }],
      put: [{ kind: "record", key: "a", value: 1 }],
    }));
    expect(result).toEqual({ ok: false, conflicts: ["record:a", "alias:x", "index:j"] });
    expect(texts(sent, 30).at(-1)).toBe("ROLLBACK");
    expect(sent.some((s) => s.text.startsWith("INSERT"))).toBe(false);
    expect(released).toEqual([false]);
  });

  it("is refused when a row expected absent was inserted by a racing commit, naming the rows it lost", async () => {
    const { pool, sent } = server({}, { refuseInsertOf: ["b"] });
    const store = postgresStore({ pool, schema: "kit" });
    const result = await store.commit(changes({ expect: [{ kind: "record", key: "a", version: 0 }, { kind: "record", key: "b", version: 0 }], put: [{ kind: "record", key: "a", value: 1 }, { kind: "record", key: "b", value: 2 }] }));
    expect(result).toEqual({ ok: false, conflicts: ["record:b"] });
    expect(texts(sent, 30).at(-1)).toBe("ROLLBACK");
  });

  it("the index: the last operation on a pair decides; touched keys get one new version; a key expected empty must stay so", async () => {
    const { pool, sent } = server({ "index:k": 7 });
    const store = postgresStore({ pool, schema: "kit" });
    const result = await store.commit(changes({
      expect: [{ kind: "index", key: "new", version: 0 }, { kind: "index", key: "k", version: 7 }, { kind: "index", key: "new", version: 0 }],
      index: [
        { key: "k", member: "r1", op: "add" },
        { key: "k", member: "r1", op: "remove" },
        { key: "new", member: "r2", op: "add" },
        { key: "k", member: "r3", op: "remove" },
        { key: "k", member: "r3", op: "add" },
        { key: "gone", member: "r4", op: "remove" },
      ],
    }));
    expect(result).toEqual({ ok: true });
    const lines = texts(sent, 400);
    expect(lines.slice(2, -1)).toEqual([
      'INSERT INTO "kit".block_index (key, member) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING',
      'DELETE FROM "kit".block_index b USING unnest($1::text[], $2::text[]) AS u(k, m) WHERE b.key = u.k AND b.member = u.m',
      "SELECT nextval('\"kit\".index_sequence') AS v",
      'INSERT INTO "kit".index_versions (key, version) SELECT k, $2 FROM unnest($1::text[]) AS k ON CONFLICT (key) DO NOTHING RETURNING key',
      'INSERT INTO "kit".index_versions AS v (key, version) SELECT k, $2 FROM unnest($1::text[]) AS k ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version',
      'DELETE FROM "kit".index_versions v USING unnest($1::text[]) AS u(k) WHERE v.key = u.k AND NOT EXISTS (SELECT 1 FROM "kit".block_index b WHERE b.key = v.key)',
    ]);
    expect(sent[1]?.values).toEqual([["k", "new"]]);
    expect(sent[2]?.values).toEqual([["new", "k"], ["r2", "r3"]]);
    expect(sent[3]?.values).toEqual([["k", "gone"], ["r1", "r4"]]);
    expect(sent[5]?.values).toEqual([["new"], 42]);
    expect(sent[6]?.values).toEqual([["gone", "k"], 42]);
    expect(sent[7]?.values).toEqual([["gone", "k"]]);
  });

  it("adds only: no removal statement and no emptied-key check", async () => {
    const { pool, sent } = server({});
    await postgresStore({ pool, schema: "kit" }).commit(changes({ index: [{ key: "k", member: "r", op: "add" }] }));
    expect(texts(sent, 60).slice(1, -1)).toEqual([
      'INSERT INTO "kit".block_index (key, member) SELECT * FROM un',
      "SELECT nextval('\"kit\".index_sequence') AS v",
      'INSERT INTO "kit".index_versions AS v (key, version) SELECT ',
    ]);
  });

  it("is refused when a key expected without members got some from a racing commit", async () => {
    const { pool } = server({}, { refuseInsertOf: ["new"] });
    const result = await postgresStore({ pool, schema: "kit" }).commit(changes({
      expect: [{ kind: "index", key: "new", version: 0 }, { kind: "index", key: "new2", version: 0 }],
      index: [{ key: "new", member: "r", op: "add" }, { key: "new2", member: "r", op: "add" }],
    }));
    expect(result).toEqual({ ok: false, conflicts: ["index:new"] });
  });

  it("counters: summed per key in key order into this connection's shard, rows at 0 removed", async () => {
    const { pool, sent } = server({});
    await postgresStore({ pool, schema: "kit" }).commit(changes({ increment: [{ key: "n", by: 2 }, { key: "b", by: 1 }, { key: "n", by: -5 }, { key: "b", by: 3 }] }));
    const lines = texts(sent, 400);
    expect(lines.slice(1, -1)).toEqual([
      'INSERT INTO "kit".counter_shards AS c (key, shard, value) SELECT k, pg_backend_pid() % 16, v FROM unnest($1::text[], $2::bigint[]) AS u(k, v) ON CONFLICT (key, shard) DO UPDATE SET value = c.value + EXCLUDED.value',
      'DELETE FROM "kit".counter_shards WHERE key = ANY($1::text[]) AND value = 0',
    ]);
    expect(sent[1]?.values).toEqual([["b", "n"], [4, -3]]);
    expect(sent[2]?.values).toEqual([["b", "n"]]);
  });

  it("an empty change set is an empty transaction", async () => {
    const { pool, sent } = server({});
    expect(await postgresStore({ pool, schema: "kit" }).commit(empty)).toEqual({ ok: true });
    expect(texts(sent)).toEqual(["BEGIN", "COMMIT"]);
  });

  it("answers a serialisation failure, a deadlock and a racing unique insert as a conflict; passes on anything else", async () => {
    for (const code of ["40001", "40P01", "23505"]) {
      const { pool, sent } = server({}, { fail: (text) => (text.startsWith("INSERT") ? Object.assign(new Error(code), { code }) : undefined) });
      const result = await postgresStore({ pool, schema: "kit" }).commit(changes({ put: [{ kind: "record", key: "a", value: 1 }] }));
      expect(result).toEqual({ ok: false, conflicts: [`sqlstate:${code}`] });
      expect(texts(sent, 30).at(-1)).toBe("ROLLBACK");
    }
    const other = Object.assign(new Error("disk full"), { code: "53100" });
    const { pool } = server({}, { fail: (text) => (text.startsWith("INSERT") ? other : undefined) });
    await expect(postgresStore({ pool, schema: "kit" }).commit(changes({ put: [{ kind: "record", key: "a", value: 1 }] }))).rejects.toBe(other);
    const noCode = new Error("boom");
    const third = server({}, { fail: (text) => (text.startsWith("INSERT") ? noCode : undefined) });
    await expect(postgresStore({ pool: third.pool, schema: "kit" }).commit(changes({ put: [{ kind: "record", key: "a", value: 1 }] }))).rejects.toBe(noCode);
    const numericCode = Object.assign(new Error("odd"), { code: 40001 });
    const fourth = server({}, { fail: (text) => (text.startsWith("INSERT") ? numericCode : undefined) });
    await expect(postgresStore({ pool: fourth.pool, schema: "kit" }).commit(changes({ put: [{ kind: "record", key: "a", value: 1 }] }))).rejects.toBe(numericCode);
  });

  it("discards a connection whose rollback failed (the server ended it), and passes on the first failure", async () => {
    const killed = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    const gone = new Error("Client has encountered a connection error and is not queryable");
    const { pool, released } = server({}, { fail: (text) => (text.startsWith("INSERT") ? killed : text === "ROLLBACK" ? gone : undefined) });
    await expect(postgresStore({ pool, schema: "kit" }).commit(changes({ put: [{ kind: "record", key: "a", value: 1 }] }))).rejects.toBe(killed);
    expect(released).toEqual([gone]);
    const odd = server({}, { fail: (text) => (text.startsWith("INSERT") ? killed : text === "ROLLBACK" ? "gone" : undefined) });
    await expect(postgresStore({ pool: odd.pool, schema: "kit" }).commit(changes({ put: [{ kind: "record", key: "a", value: 1 }] }))).rejects.toBe(killed);
    expect((odd.released[0] as Error).message).toBe("gone");
  });

  it("refuses a value that is not JSON before it connects", async () => {
    const { pool, connects } = server({});
    const store = postgresStore({ pool, schema: "kit" });
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    const cycle = await refusal(() => store.commit(changes({ put: [{ kind: "record", key: "a", value: cyclic }] })));
    expect([cycle.code, cycle.message]).toEqual(["invalid_options", "postgresStore: a value to put is not plain JSON (a cycle, a BigInt?)."]);
    expect(cycle.cause).toBeInstanceOf(TypeError);
    const big = await refusal(() => store.commit(changes({ put: [{ kind: "record", key: "a", value: 10n }] })));
    expect(big.message).toBe("postgresStore: a value to put is not plain JSON (a cycle, a BigInt?).");
    const fn = await refusal(() => store.commit(changes({ put: [{ kind: "record", key: "a", value: () => 1 }] })));
    expect([fn.code, fn.message]).toEqual(["invalid_options", "postgresStore: a value to put is not plain JSON."]);
    const malformed = await refusal(() => store.commit({ ...empty, put: "x" } as never));
    expect(malformed.message).toBe("postgresStore: commit takes a change set { expect, put, delete, index, increment }; put is not an array.");
    expect(connects()).toBe(0);
  });
});

describe("postgresStore sharedRefresh, against a scripted pool", () => {
  /** The store's shared refresh over a pool answering each statement by the first pattern it matches. */
  function sharedOver(answers: readonly [RegExp, (values: readonly unknown[] | undefined) => PgResult][]) {
    const script = scripted((text, values) => {
      const found = answers.find(([pattern]) => pattern.test(text.replace(/\s+/g, " ")));
      return found === undefined ? { rows: [] } : found[1](values);
    });
    return { ...script, shared: postgresStore({ pool: script.pool, schema: "kit" }).sharedRefresh as SharedRefresh };
  }
  const task: SharedRefreshTask = { phase: "pairs", part: 3, token: "t-1" };

  it("refuses a run it did not give, a task not as claim gave it, links that are no pairs, and bad begin options, in their own words, before it connects", async () => {
    const { shared, connects } = sharedOver([]);
    const cases: [() => unknown, string][] = [
      [() => shared.claim("x"), 'postgresStore: "x" is not a refresh run of this store.'],
      [() => shared.claim("0"), 'postgresStore: "0" is not a refresh run of this store.'],
      [() => shared.claim("07"), 'postgresStore: "07" is not a refresh run of this store.'],
      [() => shared.claim(" 7"), 'postgresStore: " 7" is not a refresh run of this store.'],
      [() => shared.claim("7x"), 'postgresStore: "7x" is not a refresh run of this store.'],
      [() => shared.claim("12345678901234567"), 'postgresStore: "12345678901234567" is not a refresh run of this store.'],
      [() => shared.claim("9999999999999999"), 'postgresStore: "9999999999999999" is not a refresh run of this store.'],
      [() => shared.claim(7 as never), "postgresStore: 7 is not a refresh run of this store."],
      [() => shared.release("x", task), 'postgresStore: "x" is not a refresh run of this store.'],
      [() => shared.complete("x", task, { links: [], counts: {} }), 'postgresStore: "x" is not a refresh run of this store.'],
      [() => shared.complete("1", null as never, { links: [], counts: {} }), "postgresStore: a refresh task is { phase, part, token } as claim gave it."],
      [() => shared.complete("1", "t" as never, { links: [], counts: {} }), "postgresStore: a refresh task is { phase, part, token } as claim gave it."],
      [() => shared.complete("1", { ...task, phase: "other" } as never, { links: [], counts: {} }), "postgresStore: a refresh task is { phase, part, token } as claim gave it."],
      [() => shared.complete("1", { ...task, part: 1.5 }, { links: [], counts: {} }), "postgresStore: a refresh task is { phase, part, token } as claim gave it."],
      [() => shared.complete("1", { ...task, token: 5 } as never, { links: [], counts: {} }), "postgresStore: a refresh task is { phase, part, token } as claim gave it."],
      [() => shared.release("1", { phase: "units", part: 0 } as never), "postgresStore: a refresh task is { phase, part, token } as claim gave it."],
      [() => shared.complete("1", task, { links: "a,b" as never, counts: {} }), "postgresStore: sharedRefresh.complete takes links as [key, key] pairs."],
      [() => shared.complete("1", task, { links: [["a", 2]] as never, counts: {} }), "postgresStore: sharedRefresh.complete takes links as [key, key] pairs."],
      [() => shared.complete("1", task, { links: [[1, "b"]] as never, counts: {} }), "postgresStore: sharedRefresh.complete takes links as [key, key] pairs."],
      [() => shared.complete("1", task, { links: ["ab"] as never, counts: {} }), "postgresStore: sharedRefresh.complete takes links as [key, key] pairs."],
      [() => shared.begin({ maxBlockSize: 1, leaseMs: 10 }), "postgresStore: sharedRefresh.begin takes { maxBlockSize ≥ 2, leaseMs ≥ 1 }, integers."],
      [() => shared.begin({ maxBlockSize: 2.5, leaseMs: 10 }), "postgresStore: sharedRefresh.begin takes { maxBlockSize ≥ 2, leaseMs ≥ 1 }, integers."],
      [() => shared.begin({ maxBlockSize: 10, leaseMs: 0 }), "postgresStore: sharedRefresh.begin takes { maxBlockSize ≥ 2, leaseMs ≥ 1 }, integers."],
      [() => shared.begin({ maxBlockSize: 10, leaseMs: 0.5 }), "postgresStore: sharedRefresh.begin takes { maxBlockSize ≥ 2, leaseMs ≥ 1 }, integers."],
    ];
    for (const [call, message] of cases) {
      const error = await refusal(call);
      expect([error.code, error.message]).toEqual(["invalid_options", message]);
    }
    expect(connects()).toBe(0);
  });

  it("begin: joins the run under way, or starts one with its blocks cut into tasks, at the smallest options allowed", async () => {
    const going = sharedOver([[/^SELECT id FROM "kit".refresh_runs WHERE phase <> 'done'/, () => ({ rows: [{ id: "12" }] })]]);
    expect(await going.shared.begin({ maxBlockSize: 2, leaseMs: 1 })).toBe("12");
    expect(texts(going.sent)).toEqual(["BEGIN", "SELECT pg_advisory_xact_lock(hashtext($1))", "SELECT id FROM \"kit\".refresh_runs WHERE phase <> 'done' ORDER BY id LIMIT 1", "COMMIT"]);
    expect(going.sent[1]?.values).toEqual(["profile-kit-refresh:kit"]);
    const fresh = sharedOver([
      [/^INSERT INTO "kit".refresh_runs/, () => ({ rows: [{ id: "13" }] })],
      [/^SELECT coalesce\(max\(part\)/, () => ({ rows: [{ n: 4 }] })],
    ]);
    expect(await fresh.shared.begin({ maxBlockSize: 50, leaseMs: 1000 })).toBe("13");
    const at = (start: string): Sent | undefined => fresh.sent.find((s) => s.text.replace(/\s+/g, " ").startsWith(start));
    expect(at('INSERT INTO "kit".refresh_runs')?.values).toEqual([50, 1000]);
    expect(at('CREATE TABLE "kit".refresh_blocks_13 ')).toBeDefined();
    expect(at('INSERT INTO "kit".refresh_blocks_13 (key, size)')?.values).toEqual([50]);
    expect(at('UPDATE "kit".refresh_blocks_13 b SET part')?.values).toEqual([20_000]);
    expect(at('CREATE TABLE "kit".refresh_links_13 ')).toBeDefined();
    expect(at('INSERT INTO "kit".refresh_tasks (run, phase, part)')?.values).toEqual([13, 4]);
    expect(texts(fresh.sent, 10).at(-1)).toBe("COMMIT");
  });

  it("claim: a run that is done answers its totals; one unknown is refused", async () => {
    const done = sharedOver([[/^SELECT phase, lease_ms/, () => ({ rows: [{ phase: "done", lease_ms: 10, records: "120", profiles: "80", counts: { merged: 3 } }] })]]);
    expect(await done.shared.claim("5")).toEqual({ kind: "done", counts: { merged: 3 }, records: 120, profiles: 80 });
    expect(done.sent[0]?.values).toEqual([5]);
    const noCounts = sharedOver([[/^SELECT phase, lease_ms/, () => ({ rows: [{ phase: "done", lease_ms: 10, records: 1, profiles: 1, counts: null }] })]]);
    expect(await noCounts.shared.claim("5")).toEqual({ kind: "done", counts: {}, records: 1, profiles: 1 });
    const unknown = sharedOver([]);
    const error = await refusal(() => unknown.shared.claim("6"));
    expect([error.code, error.message]).toEqual(["invalid_options", "postgresStore: no refresh run 6 in this store."]);
  });

  it("claim: waits while another holds the phase's last tasks; moves the phase on when none is open", async () => {
    const waiting = sharedOver([
      [/^SELECT phase, lease_ms/, () => ({ rows: [{ phase: "pairs", lease_ms: 2500 }] })],
      [/^SELECT count\(\*\)::int AS n FROM "kit".refresh_tasks/, () => ({ rows: [{ n: 2 }] })],
    ]);
    expect(await waiting.shared.claim("5")).toEqual({ kind: "wait" });
    const claimed = waiting.sent.find((s) => s.text.startsWith('UPDATE "kit".refresh_tasks t SET state = 1'));
    expect(claimed?.values?.[0]).toBe(5);
    expect(claimed?.values?.[1]).toBe("pairs");
    expect(claimed?.values?.[2]).toMatch(/^[0-9a-f-]{36}$/);
    expect(claimed?.values?.[3]).toBe(2500);
    expect(waiting.sent.at(-1)?.values).toEqual([5, "pairs"]);
    // The units phase's last task done: this participant finishes the run (totals summed), then answers them.
    let phase = "units";
    const finishing = sharedOver([
      [/^SELECT phase, lease_ms/, () => ({ rows: [phase === "done" ? { phase, lease_ms: 10, records: 9, profiles: 4, counts: { merged: 3, split: 1 } } : { phase, lease_ms: 10 }] })],
      [/^SELECT phase FROM "kit".refresh_runs/, () => ({ rows: [{ phase }] })],
      [/^SELECT count\(\*\)::int AS n FROM "kit".refresh_tasks/, () => ({ rows: [{ n: 0 }] })],
      [/^SELECT counts FROM "kit".refresh_tasks/, () => ({ rows: [{ counts: { merged: 1, split: 1, note: "x" } }, { counts: { merged: 2 } }, { counts: null }] })],
      [/^SELECT count\(\*\)::bigint AS n FROM "kit".records/, () => ({ rows: [{ n: "9" }] })],
      [/^SELECT count\(\*\)::bigint AS n FROM "kit".profiles/, () => ({ rows: [{ n: "4" }] })],
      [/^UPDATE "kit".refresh_runs SET phase = 'done'/, () => { phase = "done"; return { rows: [] }; }],
    ]);
    expect(await finishing.shared.claim("8")).toEqual({ kind: "done", counts: { merged: 3, split: 1 }, records: 9, profiles: 4 });
    const finished = finishing.sent.find((s) => s.text.startsWith('UPDATE "kit".refresh_runs SET phase = \'done\''));
    expect(finished?.values).toEqual([8, 9, 4, '{"merged":3,"split":1}']);
    expect(texts(finishing.sent, 60).filter((line) => /^(DELETE|DROP)/.test(line))).toEqual(["DELETE FROM \"kit\".refresh_tasks WHERE run = $1", "DROP TABLE IF EXISTS \"kit\".refresh_links_8", "DROP TABLE IF EXISTS \"kit\".refresh_units_8"]);
  });

  it("claim: after the last scoring task, this participant builds the units (labels spread until none moves) and cuts them into tasks", async () => {
    let phase = "pairs";
    const spread = [3, 0];
    const jumps = [2, 1, 0, 0];
    const building = sharedOver([
      [/^SELECT phase, lease_ms/, () => ({ rows: [phase === "units" ? { phase: "done", lease_ms: 10, records: 1, profiles: 1, counts: {} } : { phase, lease_ms: 10 }] })],
      [/^SELECT phase FROM "kit".refresh_runs/, () => ({ rows: [{ phase }] })],
      [/^SELECT count\(\*\)::int AS n FROM "kit".refresh_tasks/, () => ({ rows: [{ n: 0 }] })],
      [/^WITH moved AS \( UPDATE "kit".refresh_units_8 u SET label = m.label/, () => ({ rows: [{ n: spread.shift() }] })],
      [/^WITH moved AS \(UPDATE "kit".refresh_units_8 u SET label = v.label/, () => ({ rows: [{ n: jumps.shift() }] })],
      [/^SELECT count\(\*\)::int AS n FROM "kit".refresh_units_8/, () => ({ rows: [{ n: 12_001 }] })],
      [/^UPDATE "kit".refresh_runs SET phase = 'units'/, () => { phase = "units"; return { rows: [] }; }],
    ]);
    expect((await building.shared.claim("8")).kind).toBe("done");
    // Spread, jump until none moves (2, 1, 0), spread again (0): done; the jumps' last answer is never asked.
    expect(spread).toEqual([]);
    expect(jumps).toEqual([0]);
    const at = (start: string): Sent | undefined => building.sent.find((sent) => sent.text.replace(/\s+/g, " ").startsWith(start));
    expect(at('UPDATE "kit".refresh_units_8 SET part')?.values).toEqual([3]);
    expect(at("INSERT INTO \"kit\".refresh_tasks (run, phase, part) SELECT $1, 'units'")?.values).toEqual([8, 3]);
    expect(at("UPDATE \"kit\".refresh_runs SET phase = 'units'")?.values).toEqual([8]);
    expect(texts(building.sent).filter((line) => /^(DROP|ALTER)/.test(line))).toEqual(['DROP TABLE "kit".refresh_links_8', 'ALTER TABLE "kit".refresh_distinct_8 RENAME TO refresh_links_8', 'DROP TABLE "kit".refresh_edges_8', 'DROP TABLE "kit".refresh_blocks_8']);
    // No records at all: still one task, so the run can finish.
    phase = "pairs";
    spread.push(0);
    const emptyRun = sharedOver([
      [/^SELECT phase, lease_ms/, () => ({ rows: [phase === "units" ? { phase: "done", lease_ms: 10, records: 0, profiles: 0, counts: {} } : { phase, lease_ms: 10 }] })],
      [/^SELECT phase FROM "kit".refresh_runs/, () => ({ rows: [{ phase }] })],
      [/^UPDATE "kit".refresh_runs SET phase = 'units'/, () => { phase = "units"; return { rows: [] }; }],
    ]);
    expect((await emptyRun.shared.claim("9")).kind).toBe("done");
    expect(emptyRun.sent.find((sent) => sent.text.startsWith('UPDATE "kit".refresh_units_9 SET part'))?.values).toEqual([1]);
  });

  it("claim: a phase another participant already moved on is left as it is", async () => {
    let reads = 0;
    const moved = sharedOver([
      [/^SELECT phase, lease_ms/, () => ({ rows: [reads++ === 0 ? { phase: "units", lease_ms: 10 } : { phase: "done", lease_ms: 10, records: 1, profiles: 1, counts: {} }] })],
      [/^SELECT phase FROM "kit".refresh_runs/, () => ({ rows: [{ phase: "done" }] })],
    ]);
    expect((await moved.shared.claim("8")).kind).toBe("done");
    expect(moved.sent.some((s) => s.text.startsWith("SELECT counts") || s.text.startsWith("UPDATE \"kit\".refresh_runs"))).toBe(false);
    // Still tasks open at the lock: nothing moves either.
    let again = 0;
    let counted = 0;
    const open = sharedOver([
      [/^SELECT phase, lease_ms/, () => ({ rows: [again++ === 0 ? { phase: "pairs", lease_ms: 10 } : { phase: "done", lease_ms: 10, records: 1, profiles: 1, counts: {} }] })],
      [/^SELECT phase FROM "kit".refresh_runs/, () => ({ rows: [{ phase: "pairs" }] })],
      // None open when claim looks, one again (a task given back) when advance looks under the lock.
      [/^SELECT count\(\*\)::int AS n FROM "kit".refresh_tasks WHERE run = \$1 AND phase = \$2 AND state <> 2/, () => ({ rows: [{ n: counted++ === 0 ? 0 : 1 }] })],
    ]);
    expect((await open.shared.claim("8")).kind).toBe("done");
    expect(open.sent.some((s) => s.text.startsWith("SET LOCAL work_mem"))).toBe(false);
  });

  it("claim: a pairs task carries its candidate pairs and the match data of each record they name, once", async () => {
    const pairs = sharedOver([
      [/^SELECT phase, lease_ms/, () => ({ rows: [{ phase: "pairs", lease_ms: 10 }] })],
      [/^UPDATE "kit".refresh_tasks t SET state = 1/, () => ({ rows: [{ part: "2" }] })],
      [/^SELECT x.member AS a/, () => ({ rows: [{ a: "r:1", b: "r:2", key: "k1", size: "3" }, { a: "r:1", b: "r:3", key: "k1", size: "3" }] })],
      [/^SELECT r.key, r.version/, () => ({ rows: [{ key: "r:1", version: "2", value: { profileId: "p1" } }] })],
    ]);
    const claim = await pairs.shared.claim("4");
    expect(claim.kind).toBe("pairs");
    if (claim.kind !== "pairs") return;
    expect(claim.task).toEqual({ phase: "pairs", part: 2, token: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown });
    expect(claim.pairs).toEqual([{ a: "r:1", b: "r:2", key: "k1", size: 3 }, { a: "r:1", b: "r:3", key: "k1", size: 3 }]);
    expect(claim.records).toEqual([{ key: "r:1", version: 2, value: { profileId: "p1" } }]);
    const lines = texts(pairs.sent, 40);
    expect(lines.slice(lines.indexOf("BEGIN"), lines.indexOf("COMMIT") + 1)).toEqual(["BEGIN", "SET LOCAL jit = off", "SELECT x.member AS a, y.member AS b, k.k", "COMMIT"]);
    expect(pairs.sent.find((s) => s.text.startsWith("SELECT x.member"))?.values).toEqual([2]);
    expect(pairs.sent.find((s) => s.text.startsWith("SELECT r.key"))?.values).toEqual([["r:1", "r:2", "r:3"]]);
    // No pairs: no records to read.
    const none = sharedOver([
      [/^SELECT phase, lease_ms/, () => ({ rows: [{ phase: "pairs", lease_ms: 10 }] })],
      [/^UPDATE "kit".refresh_tasks t SET state = 1/, () => ({ rows: [{ part: 0 }] })],
    ]);
    const empty = await none.shared.claim("4");
    expect(empty.kind === "pairs" ? [empty.pairs, empty.records] : null).toEqual([[], []]);
    expect(none.sent.some((s) => s.text.startsWith("SELECT r.key"))).toBe(false);
  });

  it("claim: a units task carries each unit's records with the links among them, the records' match data and their profiles' members", async () => {
    const units = sharedOver([
      [/^SELECT phase, lease_ms/, () => ({ rows: [{ phase: "units", lease_ms: 10 }] })],
      [/^UPDATE "kit".refresh_tasks t SET state = 1/, () => ({ rows: [{ part: 1 }] })],
      [/^SELECT label, array_agg/, () => ({ rows: [{ label: "r:1", records: ["r:1", "r:2"] }, { label: "r:5", records: ["r:5"] }] })],
      [/^SELECT u.label, l.a, l.b/, () => ({ rows: [{ label: "r:1", a: "r:1", b: "r:2" }, { label: "r:1", a: "r:2", b: "r:1" }] })],
      [/^SELECT r.key, r.version/, () => ({ rows: [{ key: "r:1", version: 1, value: { profileId: "p1" } }, { key: "r:2", version: 1, value: { profileId: "p1" } }, { key: "r:5", version: 3, value: { profileId: null } }] })],
      [/^SELECT key, version, value->'recordKeys'/, () => ({ rows: [{ key: "p1", version: "4", record_keys: ["r:1", "r:2"] }] })],
    ]);
    const claim = await units.shared.claim("4");
    expect(claim).toEqual({
      kind: "units",
      task: { phase: "units", part: 1, token: expect.any(String) as unknown },
      units: [{ records: ["r:1", "r:2"], links: [["r:1", "r:2"], ["r:2", "r:1"]] }, { records: ["r:5"], links: [] }],
      records: [{ key: "r:1", version: 1, value: { profileId: "p1" } }, { key: "r:2", version: 1, value: { profileId: "p1" } }, { key: "r:5", version: 3, value: { profileId: null } }],
      profiles: [{ key: "p1", version: 4, recordKeys: ["r:1", "r:2"] }],
    });
    expect(units.sent.find((s) => s.text.startsWith("SELECT label"))?.values).toEqual([1]);
    expect(units.sent.find((s) => s.text.startsWith("SELECT u.label"))?.values).toEqual([1]);
    expect(units.sent.find((s) => s.text.startsWith("SELECT r.key"))?.values).toEqual([["r:1", "r:2", "r:5"]]);
    expect(units.sent.find((s) => s.text.startsWith("SELECT key, version, value"))?.values).toEqual([["p1"]]);
  });

  it("complete: records the task done with its counts and, for a pairs task, its links; false when the lease was lost", async () => {
    const done = sharedOver([[/^UPDATE "kit".refresh_tasks SET state = 2/, () => ({ rows: [{ part: 3 }] })]]);
    expect(await done.shared.complete("4", task, { links: [["a", "b"], ["c", "d"]], counts: { merged: 1 } })).toBe(true);
    expect(done.sent.find((s) => s.text.startsWith("UPDATE"))?.values).toEqual([4, "pairs", 3, "t-1", '{"merged":1}']);
    expect(done.sent.find((s) => s.text.startsWith("INSERT INTO \"kit\".refresh_links_4"))?.values).toEqual([["a", "c"], ["b", "d"]]);
    const noLinks = sharedOver([[/^UPDATE "kit".refresh_tasks SET state = 2/, () => ({ rows: [{ part: 3 }] })]]);
    expect(await noLinks.shared.complete("4", task, { links: [], counts: {} })).toBe(true);
    expect(noLinks.sent.some((s) => s.text.startsWith("INSERT"))).toBe(false);
    const unitsTask = sharedOver([[/^UPDATE "kit".refresh_tasks SET state = 2/, () => ({ rows: [{ part: 3 }] })]]);
    expect(await unitsTask.shared.complete("4", { ...task, phase: "units" }, { links: [["a", "b"]], counts: {} })).toBe(true);
    expect(unitsTask.sent.some((s) => s.text.startsWith("INSERT"))).toBe(false);
    const lost = sharedOver([]);
    expect(await lost.shared.complete("4", task, { links: [["a", "b"]], counts: {} })).toBe(false);
    expect(lost.sent.some((s) => s.text.startsWith("INSERT"))).toBe(false);
  });

  it("release: gives the task back only if this claim still holds it", async () => {
    const { shared, sent } = sharedOver([]);
    await shared.release("4", task);
    expect(texts(sent)).toEqual(['UPDATE "kit".refresh_tasks SET state = 0, token = NULL, claimed_at = NULL WHERE run = $1 AND phase = $2 AND part = $3 AND token = $4 AND state = 1']);
    expect(sent[0]?.values).toEqual([4, "pairs", 3, "t-1"]);
  });
});
