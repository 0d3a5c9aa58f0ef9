// profile-kit ingest and refresh against the real PostgreSQL (each test in its own schema, dropped
// afterwards). Skipped, and said so, without a server; a failure under CI=true.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { available } from "../../test/support/skips.js";
import { POSTGRES, postgresProblem } from "../../test/support/servers.js";
import { createProfileEngine } from "../engine/createProfileEngine.js";
import { defineSchema } from "../engine/defineSchema.js";
import { postgresStore } from "../postgres/postgresStore.js";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { runCli } from "./main.js";

const problem = await postgresProblem();
const present = available(problem === "", "CLI ingest and refresh (src/cli/store.test.ts)", problem, true);
const url = `postgres://${POSTGRES.user}${POSTGRES.password === undefined ? "" : `:${encodeURIComponent(POSTGRES.password)}`}@${POSTGRES.host}:${POSTGRES.port}/${POSTGRES.database}`;

async function cli(...argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const sink = (write: (text: string) => void): Writable => new Writable({ write(chunk: Buffer, _encoding, done) { write(chunk.toString()); done(); } });
  let clock = 0;
  const code = await runCli(argv, { stdout: sink(() => undefined), stderr: sink((t) => { stderr += t; }), isTTY: false, now: () => (clock += 1000) });
  return { code, stderr };
}

describe.runIf(present)("profile-kit ingest and refresh --store postgres://…", () => {
  const dir = mkdtempSync(join(tmpdir(), "pk-store-"));
  const schemaName = `pk_cli_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  const pool = new pg.Pool({ ...POSTGRES, max: 2 });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schemaName} CASCADE`);
    await pool.query(`DROP SCHEMA IF EXISTS ${schemaName}_rejects CASCADE`);
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  });
  const COLUMNS = ["id", "source", "updatedAt", "customerId", "firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "country"];
  const generated = [...generateCustomerRecords({ entities: 150, seed: 23 })];
  writeFileSync(join(dir, "day1.csv"), stringify(generated.slice(0, 200).map((g) => COLUMNS.map((c) => g.record[c] ?? "")), { header: true, columns: COLUMNS }));
  writeFileSync(join(dir, "day2.ndjson"), generated.slice(200).map((g) => JSON.stringify(g.record)).join("\n") + "\n");

  it("ingests files into the store, with plain progress lines and a summary of outcomes; again, every record is a duplicate", async () => {
    const first = await cli("ingest", join(dir, "day1.csv"), join(dir, "day2.ndjson"), "--store", url, "--store-schema", schemaName);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^ingest: [\d,]+ records, \d+%, [\d,]+ records\/s, ETA /m);
    expect(first.stderr).toMatch(new RegExp(`^ingest: ${generated.length} records into ${schemaName}: created \\d+, joined \\d+`, "m"));
    const again = await cli("ingest", join(dir, "day1.csv"), "--store", url, "--store-schema", schemaName, "--quiet");
    expect(again).toEqual({ code: 0, stderr: "" });
    const counted = await cli("ingest", join(dir, "day1.csv"), "--store", url, "--store-schema", schemaName);
    expect(counted.stderr).toMatch(/: duplicate 200\n/);

    // What the store holds is what an engine over it answers.
    const engine = createProfileEngine({ schema: defineSchema({}), store: postgresStore({ pool, schema: schemaName }) });
    let profiles = 0;
    let records = 0;
    for await (const profile of engine.profiles()) {
      profiles++;
      records += profile.recordKeys.length;
    }
    expect(records).toBe(generated.length);
    expect(profiles).toBeLessThan(generated.length);
  });

  it("refresh re-resolves the store and keeps the profile ids of unchanged profiles", async () => {
    const engine = createProfileEngine({ schema: defineSchema({}), store: postgresStore({ pool, schema: schemaName }) });
    const before = new Set<string>();
    for await (const profile of engine.profiles()) before.add(profile.id);
    const { code, stderr } = await cli("refresh", "--store", url, "--store-schema", schemaName);
    expect(code).toBe(0);
    const line = /^refresh: ([\d,]+) records → ([\d,]+) profiles in [\d.]+ s: (\d+) merged, (\d+) split, (\d+) moved, ([\d,]+) unchanged/m.exec(stderr);
    expect(line).not.toBeNull();
    expect(Number(line?.[1])).toBe(generated.length);
    const after = new Set<string>();
    for await (const profile of engine.profiles()) after.add(profile.id);
    expect(after.size).toBe(Number(line?.[2]?.replace(/,/g, "")));
    // Unchanged profiles keep their ids.
    expect([...after].filter((id) => before.has(id)).length).toBeGreaterThanOrEqual(Number(line?.[6]?.replace(/,/g, "")));
  });

  it("names the first five rejected records, counts the rest, and exits 1 above --fail-on", async () => {
    const long = (n: number): string => `${n}`.padStart(1001, "x");
    const rows = [["id", "email"], ["ok-1", "ann@example.com"], ...[1, 2, 3, 4, 5, 6, 7].map((n) => [long(n), `p${n}@example.com`]), ["ok-2", "bob@example.com"]];
    writeFileSync(join(dir, "rejects.csv"), stringify(rows));
    const target = `${schemaName}_rejects`;
    const first = await cli("ingest", join(dir, "rejects.csv"), "--store", url, "--store-schema", target, "--fail-on", "0.5");
    const lines = first.stderr.split("\n").filter((line) => !/records\/s/.test(line));
    expect(lines).toEqual([
      `ingest: 9 records into ${target}: created 2, rejected 7`,
      ...[2, 3, 4, 5, 6].map((n) => `ingest: record ${n} rejected: The record's id is 1001 characters long; the maximum is 1000. It was not ingested.`),
      "ingest: … and 2 more rejected",
      "ingest: 77.8% of records were rejected, above --fail-on 0.5",
      "",
    ]);
    expect(first.code).toBe(1);
    // At or below --fail-on (or without it): exit 0.
    expect((await cli("ingest", join(dir, "rejects.csv"), "--store", url, "--store-schema", target, "--fail-on", "0.8", "--quiet"))).toEqual({ code: 0, stderr: "" });
    expect((await cli("ingest", join(dir, "rejects.csv"), "--store", url, "--store-schema", target, "--quiet")).code).toBe(0);
  });

  it("says what to fix: no --store, not a PostgreSQL url, an unreachable server, --out or --model", async () => {
    expect((await cli("ingest", join(dir, "day1.csv"))).stderr).toMatch(/--store postgres:\/\/user@host:5432\/database is required/);
    expect((await cli("ingest", join(dir, "day1.csv"), "--store", "mysql://x")).stderr).toMatch(/takes a PostgreSQL connection string/);
    expect((await cli("ingest", join(dir, "day1.csv"), "--store", url, "--out", "x.csv")).stderr).toMatch(/--out does not apply/);
    expect((await cli("refresh", "--store", url, "--model", "m.json")).stderr).toMatch(/--model does not apply/);
    expect((await cli("refresh", join(dir, "day1.csv"), "--store", url)).stderr).toMatch(/refresh: takes no file/);
    const down = await cli("refresh", "--store", "postgres://postgres@127.0.0.1:1/test");
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^profile-kit: --store: cannot use the PostgreSQL store \(.+\)\.\n$/);
    const badName = await cli("refresh", "--store", url, "--store-schema", "Bad-Name");
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/^profile-kit: --store-schema: the name /);
    // A mistyped schema is not a new, empty store.
    const typo = await cli("refresh", "--store", url, "--store-schema", `${schemaName}_typo`);
    expect(typo).toMatchObject({ code: 1, stderr: expect.stringMatching(/no profile store in the PostgreSQL schema .*_typo/) as string });
    expect((await pool.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [`${schemaName}_typo`])).rowCount).toBe(0);
  });
});
