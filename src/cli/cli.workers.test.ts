// The command line's runs that take seconds each: cleansing and building profiles in worker threads (the
// same bytes as in one thread), a write failure in either, and the real bin as a separate process.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { stringify } from "csv-stringify/sync";
import { afterAll, describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { _cliFixture, _COLUMNS as COLUMNS, _writeCsv } from "./_cliFixture.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const { at, cli, generated, crm, remove } = _cliFixture();
afterAll(remove);

describe("profile-kit cleanse", () => {
  it("cleanses in worker threads (--workers) to the same bytes as in one thread, and says a later chunk's problem as one line", async () => {
    const many = [...generateCustomerRecords({ entities: 1300, seed: 5 })];
    expect(many.length).toBeGreaterThan(3000);
    _writeCsv(at("many.csv"), many);
    writeFileSync(at("many.ndjson"), many.map((g) => JSON.stringify(g.record)).join("\n") + "\n");
    for (const [input, output] of [["many.csv", "csv"], ["many.ndjson", "ndjson"]] as const) {
      const runs = [];
      for (const workers of ["0", "1", "2"]) {
        const run = await cli("cleanse", at(input), "--out", at(`many.w${workers}.${output}`), "--workers", workers);
        expect(run.code).toBe(0);
        runs.push({ text: readFileSync(at(`many.w${workers}.${output}`), "utf8"), summary: run.stderr.split("\n").filter((line) => line.includes("unusable value")) });
      }
      expect(runs[0]?.text.trim().split("\n")).toHaveLength(many.length + (output === "csv" ? 1 : 0));
      expect(runs[1]).toEqual(runs[0]);
      expect(runs[2]).toEqual(runs[0]);
    }
    // A record after the first chunk with a field the CSV header (fixed by the first chunk) has no column for.
    writeFileSync(at("late.ndjson"), many.map((g, k) => JSON.stringify(k === 2500 ? { ...g.record, loyaltyTier: "gold" } : g.record)).join("\n") + "\n");
    const late = await cli("cleanse", at("late.ndjson"), "--out", at("late.csv"), "--workers", "2");
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/late\.csv: a record has the field "loyaltyTier", which is not a column of this CSV; write NDJSON/);
    expect(await cli("cleanse", at("many.csv"), "--out", at("x.csv"), "--workers", "1.5")).toMatchObject({ code: 2, stderr: expect.stringMatching(/--workers takes a whole number from 0 to 64/) as string });
    expect(await cli("train", at("many.csv"), "--out", at("x.json"), "--workers", "2")).toMatchObject({ code: 2, stderr: expect.stringMatching(/--workers applies to cleanse and resolve/) as string });
  }, 120_000);
});

describe("profile-kit resolve", () => {
  it("builds the profiles in a second thread (--workers 1) to the same bytes and the same report as in one thread", async () => {
    const labelled = [...COLUMNS, "person"];
    writeFileSync(at("labelled.csv"), stringify(crm.map((g) => labelled.map((c) => (c === "person" ? g.entityId : g.record[c] ?? ""))), { header: true, columns: labelled }));
    // The report's time stamp aside (it is the run's own), the pages must be the same.
    const page = (path: string): string => readFileSync(path, "utf8").replace(/"generatedAt":"[^"]*"/g, "").replace(/Made \S+ from/g, "");
    for (const output of ["ndjson", "csv"]) {
      const runs = [];
      for (const workers of ["0", "1"]) {
        const run = await cli("resolve", at("labelled.csv"), at("orders.ndjson"), "--out", at(`w${workers}.${output}`), "--report", at(`w${workers}.${output}.html`), "--truth", "person", "--workers", workers);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toMatch(workers === "1" ? /cleansed in a second thread meanwhile/ : /cleansing for the profiles/);
        runs.push({ text: readFileSync(at(`w${workers}.${output}`), "utf8"), page: page(at(`w${workers}.${output}.html`)), summary: run.stderr.split("\n").filter((line) => /unusable value|against --truth/.test(line)) });
      }
      const [one, two] = runs as [(typeof runs)[number], (typeof runs)[number]];
      expect(two.text).toBe(one.text);
      expect(two.page).toBe(one.page);
      expect(two.summary).toEqual(one.summary);
      expect(one.summary.join("\n")).toMatch(new RegExp(`of ${generated.length.toLocaleString("en-US")} records have an unusable value[\\s\\S]*F1 0\\.9`));
      // The truth column is kept out of every profile, also by the thread (which gets the records as read).
      expect(two.text).not.toMatch(/person/);
      // The report shows the largest profiles' records with their (masked) cleansed values.
      expect(two.page).toMatch(/\*\*\*@/);
    }
    expect(await cli("resolve", at("crm.csv"), "--out", at("x.ndjson"), "--workers", "2")).toMatchObject({ code: 2, stderr: expect.stringMatching(/resolve: --workers takes 0 or 1/) as string });
  });

  it("says in one line when the profiles cannot be written, in one thread or two", async () => {
    mkdirSync(at("taken.ndjson"));
    for (const workers of ["0", "1"]) {
      const run = await cli("resolve", at("crm.csv"), "--out", at("taken.ndjson"), "--workers", workers, "--quiet");
      expect(run).toMatchObject({ code: 1, stderr: expect.stringMatching(/taken\.ndjson: cannot be written \(EISDIR/) as string });
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("usage", () => {
  it("the bin runs as a command, with its exit code", async () => {
    const run = promisify(execFile);
    const { stderr } = await run(process.execPath, ["--import", "tsx", join(ROOT, "src", "cli", "bin.ts"), "cleanse", at("orders.ndjson"), "--out", at("bin.ndjson")], { cwd: ROOT });
    expect(stderr).toMatch(/^cleanse: [\d,]+ records in/m);
    const failed = await run(process.execPath, ["--import", "tsx", join(ROOT, "src", "cli", "bin.ts"), "nothing"], { cwd: ROOT }).catch((error: unknown) => error as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 2 });
    // Two processes that each load TypeScript through tsx: seconds on a busy two-core machine.
  }, 60_000);
});
