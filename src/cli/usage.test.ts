// Every refusal of the command line in its own words and with its exit code: 2 for a usage mistake, 1 for a
// missing optional package. Each line is what a user sees after "profile-kit: ". (cli.test.ts runs the
// commands themselves; these are refused before any record is read or any file written.)
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./main.js";

const dir = mkdtempSync(join(tmpdir(), "pk-usage-"));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });
const at = (name: string): string => join(dir, name);
writeFileSync(at("in.csv"), "id,source,email\n1,crm,a@example.com\n");
writeFileSync(at("broken.json"), "{ not json");
writeFileSync(at("unknown-key.json"), JSON.stringify({ feilds: {} }));
writeFileSync(at("array.json"), "[1]");
writeFileSync(at("string.json"), '"x"');
writeFileSync(at("model-v2.json"), JSON.stringify({ version: 2, fields: {} }));

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (write: (text: string) => void): Writable => new Writable({ write(chunk: Buffer, _encoding, done) { write(chunk.toString()); done(); } });
  const code = await runCli(argv, { stdout: sink((t) => { stdout += t; }), stderr: sink((t) => { stderr += t; }), isTTY: false, now: () => 0 });
  return { code, stdout, stderr };
}

describe("the command line's refusals", () => {
  const cases: [string, string[], string][] = [
    ["cleanse without a file", ["cleanse", "--out", at("o.csv")], "cleanse: give one input file (see profile-kit cleanse --help)."],
    ["cleanse with two files", ["cleanse", at("in.csv"), at("in.csv"), "--out", at("o.csv")], "cleanse: give one input file (see profile-kit cleanse --help)."],
    ["cleanse with a model", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--model", at("m.json")], "cleanse: --model applies to resolve and explain (cleansing uses no match model)."],
    ["resolve without a file", ["resolve", "--out", at("o.ndjson")], "resolve: give at least one input file (see profile-kit resolve --help)."],
    ["train without a file", ["train", "--out", at("m.json")], "train: give at least one input file (see profile-kit train --help)."],
    ["train writing a model not named .json", ["train", at("in.csv"), "--out", at("model.txt")], "train: --out names the model file: give it a name ending in .json."],
    ["ingest without a file", ["ingest", "--store", "postgres://u@127.0.0.1:1/x"], "ingest: give at least one input file (see profile-kit ingest --help)."],
    ["ingest with --out", ["ingest", at("in.csv"), "--store", "postgres://u@127.0.0.1:1/x", "--out", at("o.csv")], "ingest: --out does not apply: the profiles are written to the store (--store)."],
    ["ingest without a store", ["ingest", at("in.csv")], "ingest: --store postgres://user@host:5432/database is required (see profile-kit ingest --help)."],
    ["refresh without a store", ["refresh"], "refresh: --store postgres://user@host:5432/database is required (see profile-kit refresh --help)."],
    ["a store for cleanse", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--store", "postgres://u@h/x"], "cleanse: --store applies to ingest and refresh."],
    ["a store schema for resolve", ["resolve", at("in.csv"), "--out", at("o.csv"), "--store-schema", "s"], "resolve: --store applies to ingest and refresh."],
    ["an output for resolve missing", ["resolve", at("in.csv")], "resolve: --out <file> is required (see profile-kit resolve --help)."],
    ["a report for train", ["train", at("in.csv"), "--out", at("m.json"), "--report", at("r.html")], "train: --report applies to cleanse and resolve."],
    ["a report not named .html", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--report", at("r.pdf")], "cleanse: --report writes an HTML file: give it a name ending in .html."],
    ["an unknown encoding", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--encoding", "utf16"], "cleanse: --encoding is utf8 or latin1."],
    ["explain with one id", ["explain", at("in.csv"), "1"], "explain: give the input file(s), then two record ids (see profile-kit explain --help)."],
    ["schema without init", ["schema", "make", at("in.csv")], "schema: use profile-kit schema init <file> [--out schema.json]."],
    ["schema init without a file", ["schema", "init"], "schema: use profile-kit schema init <file> [--out schema.json]."],
    ["schema init with two files", ["schema", "init", at("in.csv"), at("in.csv")], "schema: use profile-kit schema init <file> [--out schema.json]."],
    ["schema init in an unknown encoding", ["schema", "init", at("in.csv"), "--encoding", "ascii"], "schema: --encoding is utf8 or latin1."],
    ["schema with an unknown option", ["schema", "init", at("in.csv"), "--outt", "x.json"], "schema: Unknown option '--outt'; did you mean --out? (see profile-kit schema --help)."],
    ["schema with an option far from any", ["schema", "init", at("in.csv"), "--columns", "x"], "schema: Unknown option '--columns' (see profile-kit schema --help)."],
    ["schema with a value missing", ["schema", "init", at("in.csv"), "--out"], "schema: Option '--out <value>' argument missing (see profile-kit schema --help)."],
    ["a schema that is not JSON", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--schema", at("broken.json")], `${at("broken.json")}: not valid JSON (a schema is a JSON object: the spec of defineSchema).`],
    ["a schema that cannot be read", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--schema", at("none.json")], `${at("none.json")}: cannot be read (a schema is a JSON object: the spec of defineSchema).`],
    ["a schema with an unknown key (defineSchema's words, without its name)", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--schema", at("unknown-key.json")], `${at("unknown-key.json")}: invalid options. schema.feilds: unknown option; did you mean fields?`],
    ["a schema that is a string", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--schema", at("string.json")], `${at("string.json")}: invalid options. schema: Invalid input: expected object, received string`],
    ["a model that is not JSON", ["resolve", at("in.csv"), "--out", at("o.ndjson"), "--model", at("broken.json")], `${at("broken.json")}: not valid JSON (a model is the JSON profile-kit train writes).`],
    ["a model that cannot be read", ["resolve", at("in.csv"), "--out", at("o.ndjson"), "--model", at("none.json")], `${at("none.json")}: cannot be read (a model is the JSON profile-kit train writes).`],
    ["a model of another version", ["resolve", at("in.csv"), "--out", at("o.ndjson"), "--model", at("model-v2.json")], `${at("model-v2.json")}: not a match model (the JSON profile-kit train writes: { "version": 1, "fields": … }).`],
    ["a model that is an array", ["resolve", at("in.csv"), "--out", at("o.ndjson"), "--model", at("array.json")], `${at("array.json")}: not a match model (the JSON profile-kit train writes: { "version": 1, "fields": … }).`],
    ["an output in a folder that does not exist", ["cleanse", at("in.csv"), "--out", join(dir, "nowhere", "o.csv")], `${join(dir, "nowhere", "o.csv")}: the folder ${join(dir, "nowhere")} does not exist; create it or write elsewhere.`],
    ["a report in a folder that does not exist", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--report", join(dir, "nowhere", "r.html")], `${join(dir, "nowhere", "r.html")}: the folder ${join(dir, "nowhere")} does not exist; create it or write elsewhere.`],
    ["a store that is no PostgreSQL connection string", ["ingest", at("in.csv"), "--store", "mypostgres://u@h/x"], "ingest: --store takes a PostgreSQL connection string (postgres://user@host:5432/database)."],
    ["a --fail-on above 1", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--fail-on", "1.5"], "cleanse: --fail-on takes a share from 0 to 1 (0.05 = 5%)."],
    ["a --fail-on below 0", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--fail-on=-0.1"], "cleanse: --fail-on takes a share from 0 to 1 (0.05 = 5%)."],
    ["a report named .html, then something else", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--report", at("r.html.pdf")], "cleanse: --report writes an HTML file: give it a name ending in .html."],
    ["--show-values without a report", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--show-values"], "cleanse: --show-values applies to the report: give --report <file.html> too."],
    ["--truth for cleanse", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--truth", "person"], "cleanse: --truth applies to resolve (it scores the profiles against a column of true people)."],
    ["a --seed below 0", ["train", at("in.csv"), "--out", at("m.json"), "--seed=-1"], "train: --seed takes a whole number from 0 to 4294967295."],
    ["a --seed above 32 bits", ["train", at("in.csv"), "--out", at("m.json"), "--seed", "4294967296"], "train: --seed takes a whole number from 0 to 4294967295."],
    ["--workers for train", ["train", at("in.csv"), "--out", at("m.json"), "--workers", "2"], "train: --workers applies to cleanse and resolve."],
    ["--workers above 64", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--workers", "65"], "cleanse: --workers takes a whole number from 0 to 64."],
    ["--workers below 0", ["cleanse", at("in.csv"), "--out", at("o.csv"), "--workers=-1"], "cleanse: --workers takes a whole number from 0 to 64."],
    ["--workers 2 for resolve", ["resolve", at("in.csv"), "--out", at("o.ndjson"), "--workers", "2"], "resolve: --workers takes 0 or 1 (the profiles are built in one thread beside the one matching)."],
    // Each option at its bound is taken: the command goes on to its next refusal.
    ["--fail-on 1, --report .HTM, --show-values with it, --workers 64 taken", ["cleanse", at("in.csv"), at("in.csv"), "--out", at("o.csv"), "--fail-on", "1", "--report", at("r.HTM"), "--show-values", "--workers", "64"], "cleanse: give one input file (see profile-kit cleanse --help)."],
    ["--fail-on 0, --workers 0 taken", ["cleanse", "--out", at("o.csv"), "--fail-on", "0", "--workers", "0"], "cleanse: give one input file (see profile-kit cleanse --help)."],
    ["--seed 0 taken", ["train", "--out", at("m.json"), "--seed", "0"], "train: give at least one input file (see profile-kit train --help)."],
    ["--seed 4294967295 taken", ["train", "--out", at("m.json"), "--seed", "4294967295"], "train: give at least one input file (see profile-kit train --help)."],
    ["--workers 1 and --truth for resolve taken", ["resolve", "--out", at("o.ndjson"), "--workers", "1", "--truth", "person"], "resolve: give at least one input file (see profile-kit resolve --help)."],
    ["an unknown command", ["clense", at("in.csv")], 'unknown command "clense"; the commands are cleanse, resolve, train, explain, ingest, refresh and schema init (profile-kit --help).'],
  ];

  it.each(cases)("%s", async (_name, argv, message) => {
    const { code, stdout, stderr } = await cli(...argv);
    expect({ code, stderr, stdout }).toEqual({ code: 2, stderr: `profile-kit: ${message}\n`, stdout: "" });
    // Nothing written by a refused command.
    for (const name of ["o.csv", "o.ndjson", "m.json", "model.txt", "r.html", "r.pdf"]) expect(existsSync(at(name))).toBe(false);
  });

  it("names a column the schema reads that the file lacks: one of a field's several columns, or the id column", async () => {
    writeFileSync(at("mail.csv"), "id,source,E-mail\n1,crm,ann.lee@fastmail.com\n");
    writeFileSync(at("several.json"), JSON.stringify({ fields: { email: ["E-mail", "Mail"] } }));
    for (const command of ["cleanse", "resolve"]) {
      const { code, stderr } = await cli(command, at("mail.csv"), "--out", at(`cols.${command}.ndjson`), "--schema", at("several.json"), "--quiet");
      expect({ code, stderr }, command).toEqual({ code: 2, stderr: `profile-kit: ${at("mail.csv")}: the schema's column "Mail" is not in this file; its columns are "id", "source", "E-mail".\n` });
    }
    writeFileSync(at("cid.json"), JSON.stringify({ id: "cid", fields: { email: "E-mail" } }));
    const { code, stderr } = await cli("cleanse", at("mail.csv"), "--out", at("cols.ndjson"), "--schema", at("cid.json"), "--quiet");
    expect({ code, stderr }).toEqual({ code: 2, stderr: `profile-kit: ${at("mail.csv")}: the schema's column "cid" is not in this file; its columns are "id", "source", "E-mail".\n` });
  });

  it("without a command: the help on stdout and exit code 2; with --help, -h or help: the help and 0", async () => {
    const bare = await cli();
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain("Exit codes: 0 ok, 1 data problems");
    for (const ask of ["--help", "-h", "help"]) expect(await cli(ask)).toEqual({ code: 0, stdout: bare.stdout, stderr: "" });
  });

  it("a command's --help (or -h) is its own help, exit code 0, whatever else is given", async () => {
    for (const command of ["cleanse", "resolve", "train", "explain", "ingest", "refresh"]) {
      const asked = await cli(command, "--help");
      expect(asked.code).toBe(0);
      expect(asked.stdout).toContain(`profile-kit ${command}`);
      expect(asked.stdout).not.toBe((await cli("--help")).stdout);
      expect(await cli(command, at("in.csv"), "-h")).toEqual(asked);
    }
  });
});

describe("problems in the data, said with where they are (exit code 1)", () => {
  it("names both places of a duplicate id, across files, counting records per file", async () => {
    writeFileSync(at("one.csv"), "id,source,email\n1,crm,a@example.com\n2,crm,b@example.com\n");
    writeFileSync(at("two.csv"), "id,source,email\n3,crm,c@example.com\n4,crm,d@example.com\n2,crm,e@example.com\n");
    const { code, stderr } = await cli("resolve", at("one.csv"), at("two.csv"), "--out", at("dup.ndjson"), "--quiet");
    expect({ code, stderr }).toEqual({ code: 1, stderr: `profile-kit: the id "2" is used by ${at("one.csv")} record 2 and ${at("two.csv")} record 3; every record needs its own id (or leave the id column out: rows are then numbered per file).\n` });
    expect(existsSync(at("dup.ndjson"))).toBe(false);
  });

  it("says the lines --skip-bad-rows left out per file, the first three with why, and nothing of them with --quiet", async () => {
    writeFileSync(at("ragged.csv"), "id,source,email\n1,crm,a@example.com\n2,crm\n3,crm,c@example.com,x\n4\n5,crm,e@example.com,y,z\n6,crm,f@example.com\n");
    const said = await cli("cleanse", at("ragged.csv"), "--out", at("ragged.out.csv"), "--skip-bad-rows");
    expect(said.code).toBe(0);
    expect(said.stderr).toContain(`${at("ragged.csv")}: 4 bad lines left out (line 3: 2 fields, the header has 3; line 4: 4 fields, the header has 3; line 5: 1 field, the header has 3; …)\n`);
    const quiet = await cli("cleanse", at("ragged.csv"), "--out", at("ragged.quiet.csv"), "--skip-bad-rows", "--quiet");
    expect({ code: quiet.code, stderr: quiet.stderr }).toEqual({ code: 0, stderr: "" });
  });

  it("without --skip-bad-rows, stops at a bad line and says how many fields it has, one field in the singular", async () => {
    writeFileSync(at("short.csv"), "id,source,email\n1,crm,a@example.com\n2\n");
    const { code, stderr } = await cli("cleanse", at("short.csv"), "--out", at("short.out.csv"), "--quiet");
    expect({ code, stderr }).toEqual({ code: 1, stderr: `profile-kit: ${at("short.csv")}:3: line 3 has 1 field, the header has 3; fix the line (a stray delimiter, or a value with the delimiter not in quotes), or leave such lines out with --skip-bad-rows.\n` });
  });
});

describe("the summary of problems and --fail-on", () => {
  // Five records: one bad email, two bad phones, one line with too few fields (left out with --skip-bad-rows).
  writeFileSync(at("problems.csv"), "id,source,email,phone\n1,crm,bad-email,\n2,crm,b2@fastmail.com,123\n3,crm,ok@fastmail.com,456\n4,crm,ok2@fastmail.com,\n5,crm\n");
  const lines = async (failOn: string): Promise<[number, string[]]> => {
    const { code, stderr } = await cli("cleanse", at("problems.csv"), "--out", at("problems.out.csv"), "--skip-bad-rows", "--fail-on", failOn);
    return [code, stderr.split("\n").filter((line) => line.startsWith("cleanse: ") && !/ s \(/.test(line))];
  };
  const summary = "cleanse: 4 of 5 records have an unusable value; the warnings and errors found most often (records): invalid_phone 2, invalid_email 1, unreadable_line 1";

  it("counts left-out lines as records with an unusable value; the codes most often first, then by name", async () => {
    expect(await lines("0.8")).toStrictEqual([0, [summary]]);
  });

  it("exits 1 only above the share given, saying the share", async () => {
    expect(await lines("0.79")).toStrictEqual([1, [summary, "cleanse: 80.0% of records have an unusable value, above --fail-on 0.79"]]);
  });

  it("says no codes for a clean file", async () => {
    writeFileSync(at("clean.csv"), "id,source,email\n1,crm,ann.lee@fastmail.com\n");
    const { code, stderr } = await cli("cleanse", at("clean.csv"), "--out", at("clean.out.csv"), "--fail-on", "0");
    expect(code).toBe(0);
    expect(stderr.split("\n")).toContain("cleanse: 0 of 1 records have an unusable value");
  });
});

describe("a store without node-postgres installed", () => {
  afterEach(() => {
    vi.doUnmock("pg");
    vi.resetModules();
  });

  it("says how to install it, exit code 1", async () => {
    vi.doMock("pg", () => {
      throw new Error("Cannot find package 'pg'");
    });
    const { runCli: run } = await import("./main.js");
    let stderr = "";
    const sink = new Writable({ write(chunk: Buffer, _encoding, done) { stderr += chunk.toString(); done(); } });
    const code = await run(["refresh", "--store", "postgres://postgres@127.0.0.1:1/test"], { stdout: sink, stderr: sink, isTTY: false });
    expect({ code, stderr }).toEqual({ code: 1, stderr: "profile-kit: --store needs node-postgres: npm install pg (an optional peer dependency of profile-kit).\n" });
  });
});
