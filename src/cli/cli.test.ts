// The command line, driven as a person would: generated CSV and NDJSON files in, exit codes, outputs and
// the plain progress lines out, each case in-process. (The worker threads' runs and the real bin are in
// cli.workers.test.ts: seconds each.)
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { _cliFixture } from "./_cliFixture.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const { at, cli, generated, crm, orders, remove } = _cliFixture();
afterAll(remove);
const entityOf = new Map(generated.map((g) => [g.record["id"], g.entityId]));

describe("profile-kit cleanse", () => {
  it("streams a CSV to a cleansed CSV: every record, standard values, a summary and plain progress lines", async () => {
    const { code, stderr } = await cli("cleanse", at("crm.csv"), "--out", at("clean.csv"));
    expect(code).toBe(0);
    const lines = readFileSync(at("clean.csv"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(crm.length + 1);
    expect(lines[0]?.startsWith("id,source,updatedAt,customerId,firstName,lastName,email,phone")).toBe(true);
    // Emails lower-cased, phones in E.164.
    const out = readFileSync(at("clean.csv"), "utf8");
    expect(out).not.toMatch(/@[A-Z]/);
    expect(out).toMatch(/,\+1\d{10},/);
    // Not a terminal: a progress line every two seconds of the (test) clock, then the total and the summary.
    expect(stderr).toMatch(/^cleanse: [\d,]+ records, \d+%, [\d,]+ records\/s, ETA /m);
    expect(stderr).toMatch(new RegExp(`^cleanse: ${crm.length.toLocaleString("en-US")} records in [\\d.]+ s`, "m"));
    expect(stderr).toMatch(/^cleanse: \d+ of [\d,]+ records have an unusable value; the warnings and errors found most often \(records\): /m);
  });

  it("writes NDJSON, and exits 1 above --fail-on", async () => {
    const { code, stderr } = await cli("cleanse", at("orders.ndjson"), "--out", at("clean.ndjson"), "--fail-on", "0", "--quiet");
    expect(code).toBe(1);
    expect(stderr).toMatch(/above --fail-on 0/);
    const rows = readFileSync(at("clean.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(orders.length);
    expect(rows.map((r) => r["id"])).toEqual(orders.map((g) => g.record["id"]));
  });

  it("reads a semicolon CSV with a BOM and a schema naming its own columns", async () => {
    writeFileSync(at("fr.csv"), "\uFEFFnum;prenom;courriel;note\n1;Zoë;ANN@Fastmail.com;\"a; b\"\n2;Bob;bob@fastmail.com;\n");
    writeFileSync(at("fr.json"), JSON.stringify({ id: "num", fields: { firstName: "prenom", email: "courriel" } }));
    const { code } = await cli("cleanse", at("fr.csv"), "--schema", at("fr.json"), "--out", at("fr.ndjson"), "--quiet");
    expect(code).toBe(0);
    const rows = readFileSync(at("fr.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    // The file's own columns, cleansed values in them, the others kept.
    expect(rows).toEqual([{ num: "1", prenom: "Zoë", courriel: "ann@fastmail.com", note: "a; b", profile_kit_issues: "" }, { num: "2", prenom: "Bob", courriel: "bob@fastmail.com", profile_kit_issues: "" }]);
  });
});

describe("profile-kit resolve", () => {
  it("links the records of one person across a CSV and an NDJSON file: every record in exactly one profile, accurate", async () => {
    const { code, stderr } = await cli("resolve", at("crm.csv"), at("orders.ndjson"), "--out", at("profiles.ndjson"));
    expect(code).toBe(0);
    expect(stderr).toMatch(new RegExp(`^resolve: ${generated.length.toLocaleString("en-US")} records → [\\d,]+ profiles`, "m"));
    const profiles = readFileSync(at("profiles.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { profileId: string; records: string[] });
    const all = profiles.flatMap((p) => p.records);
    expect(all.sort()).toEqual(generated.map((g) => g.record["id"]).sort());
    // Pairwise precision and recall against the generator's truth.
    let tp = 0;
    let predicted = 0;
    for (const p of profiles) for (let i = 0; i < p.records.length; i++) for (let j = i + 1; j < p.records.length; j++) {
      predicted++;
      if (entityOf.get(p.records[i] as string) === entityOf.get(p.records[j] as string)) tp++;
    }
    const sizes = new Map<string, number>();
    for (const g of generated) sizes.set(g.entityId, (sizes.get(g.entityId) ?? 0) + 1);
    const actual = [...sizes.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
    const precision = tp / predicted;
    const recall = tp / actual;
    expect(precision).toBeGreaterThan(0.95);
    expect(recall).toBeGreaterThan(0.8);
  });

  it("names a file's records by the file when they have no source, and numbers them when they have no id", async () => {
    writeFileSync(at("newsletter.csv"), "email,firstName\nann.lee@fastmail.com,Ann\nbob@stone.example,Bob\n");
    writeFileSync(at("shop.csv"), "email,firstName,city\nANN.LEE@fastmail.com,Ann,Oakland\n");
    const { code } = await cli("resolve", at("newsletter.csv"), at("shop.csv"), "--out", at("small.csv"), "--quiet");
    expect(code).toBe(0);
    const text = readFileSync(at("small.csv"), "utf8");
    expect(new Set(text.split("\n")[0]?.split(","))).toEqual(new Set(["profileId", "records", "email", "firstName", "city"]));
    const rows = text.trim().split("\n");
    expect(rows).toHaveLength(3);
    expect(rows.some((row) => row.includes('"[""newsletter-1"",""shop-1""]"') && row.includes("ann.lee@fastmail.com") && row.includes("Oakland"))).toBe(true);
  });
});

describe("the README's sample", () => {
  it("resolves examples/cli/customers.csv with its schema: the host's own columns, accurate against its person column", async () => {
    const sample = join(ROOT, "examples", "cli");
    const { code } = await cli("resolve", join(sample, "customers.csv"), "--schema", join(sample, "schema.json"), "--out", at("sample.ndjson"), "--quiet");
    expect(code).toBe(0);
    const truth = new Map(readFileSync(join(sample, "customers.csv"), "utf8").trim().split("\n").slice(1).map((line) => [line.split(",")[0] as string, line.split(",").at(-1) as string]));
    const profiles = readFileSync(at("sample.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { records: string[] });
    expect(profiles.flatMap((p) => p.records).length).toBe(truth.size);
    let tp = 0;
    let predicted = 0;
    for (const p of profiles) for (let i = 0; i < p.records.length; i++) for (let j = i + 1; j < p.records.length; j++) {
      predicted++;
      if (truth.get((p.records[i] as string).split(":").at(-1) as string) === truth.get((p.records[j] as string).split(":").at(-1) as string)) tp++;
    }
    expect(predicted).toBeGreaterThan(20);
    expect(tp / predicted).toBeGreaterThan(0.95);
    // The profiles carry the golden attributes under standard names, from the file's own columns.
    const withName = readFileSync(at("sample.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>).filter((p) => typeof p["lastName"] === "string");
    expect(withName.length).toBeGreaterThan(profiles.length / 2);
    expect(withName.some((p) => typeof p["email"] === "string" && typeof p["firstName"] === "string")).toBe(true);
  });
});

describe("the README's try-it lines", () => {
  it("the line on examples/cli runs as written (outputs redirected to a temporary folder) and reports against the truth column", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const line = block.split("\n").find((l) => l.includes("examples/cli/customers.csv")) ?? "";
    const words = line.trim().split(/\s+/);
    expect(words.slice(0, 2)).toEqual(["npx", "profile-kit"]);
    const args = words.slice(2).map((word, k, all) => (all[k - 1] === "--out" || all[k - 1] === "--report" ? at(`readme-${word}`) : word.startsWith("examples/") ? join(ROOT, word) : word));
    const { code } = await cli(...args);
    expect(code).toBe(0);
    const report = args[args.indexOf("--report") + 1] as string;
    expect(readFileSync(report, "utf8")).toContain("Accuracy against the truth column");
  });
});

describe("profile-kit schema init, nested values", () => {
  it("leaves out a column of nested values, saying to flatten it", async () => {
    writeFileSync(at("nested.ndjson"), '{"id":"1","name":{"first":"Ann"},"email":"ann@x.com"}\n');
    const { code, stdout, stderr } = await cli("schema", "init", at("nested.ndjson"));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ id: "id", fields: { email: "email" } });
    expect(stderr).toMatch(/"name" → \(left out\): holds nested values/);
  });
});

describe("profile-kit schema init", () => {
  it("proposes a schema from the header and the values, says why per column, and the proposal runs", async () => {
    const sample = join(ROOT, "examples", "cli", "customers.csv");
    const { code, stderr } = await cli("schema", "init", sample, "--out", at("proposed.json"));
    expect(code).toBe(0);
    const spec = JSON.parse(readFileSync(at("proposed.json"), "utf8")) as { id: string; source: string; observedAt: string; fields: Record<string, string> };
    // The same mapping as the hand-written examples/cli/schema.json.
    const written = JSON.parse(readFileSync(join(ROOT, "examples", "cli", "schema.json"), "utf8")) as typeof spec;
    expect({ id: spec.id, source: spec.source, observedAt: spec.observedAt, fields: spec.fields }).toEqual({ id: written.id, source: written.source, observedAt: written.observedAt, fields: written.fields });
    expect(stderr).toContain('schema: "person" → (left out): not recognised');
    expect((await cli("resolve", sample, "--schema", at("proposed.json"), "--out", at("proposed.ndjson"), "--quiet")).code).toBe(0);
  });

  it("reads values where names say nothing: an email column, day-first dates", async () => {
    writeFileSync(at("odd.csv"), "ref,contact,born,who\n1,ann@fastmail.com,25/12/1980,Ann\n2,bob@fastmail.com,03/04/1975,Bob\n3,cleo@fastmail.com,13/01/1990,Cleo\n");
    const { code, stdout } = await cli("schema", "init", at("odd.csv"));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ id: "ref", fields: { email: "contact", dateOfBirth: "born" }, dateOrder: "DMY" });
    expect((await cli("schema", "init")).code).toBe(2);
    expect((await cli("schema", "--help")).stdout).toContain("profile-kit schema init");
  });
});

describe("profile-kit explain", () => {
  it("shows a waterfall: the prior, each field's level and bits, the running total, and what decided", async () => {
    const sample = join(ROOT, "examples", "cli");
    const { code, stdout } = await cli("explain", join(sample, "customers.csv"), "--schema", join(sample, "schema.json"), "web-1", "orders-1");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^web-1 ↔ orders-1: (not )?linked \(decided by .+\), probability [\d.]+, match weight -?[\d.]+ bits$/);
    expect(lines[2]).toMatch(/^ {2}prior +-?\d+\.\d\d +-?\d+\.\d\d {2}/);
    expect(lines.some((line) => /^ {2}firstName +exact +\+\d/.test(line))).toBe(true);
    // The values compared, after the waterfall.
    const valuesAt = lines.findIndex((line) => /^ {2}values +web-1 +orders-1$/.test(line));
    expect(valuesAt).toBeGreaterThan(2);
    expect(lines.slice(valuesAt)).toContainEqual(expect.stringMatching(/^ {2}email +ashley44@gmail\.com +ashley\.myers@initechcorp\.com$/) as string);
    // The running total of the last waterfall row is the match weight.
    const total = /^ {2}\S+ +\S+ +[+-]\d+\.\d\d +(-?\d+\.\d\d)/.exec(lines[valuesAt - 2] ?? "")?.[1];
    expect(Number(total)).toBeCloseTo(Number(/match weight (-?[\d.]+)/.exec(lines[0] ?? "")?.[1]), 1);
    expect(await cli("explain", join(sample, "customers.csv"), "--schema", join(sample, "schema.json"), "web-1", "nobody")).toMatchObject({ code: 2 });
    // A record without a name is compared by the name its email spells: said under the values.
    const fromEmail = await cli("explain", join(sample, "customers.csv"), "--schema", join(sample, "schema.json"), "newsletter-6", "orders-7");
    expect(fromEmail.stdout).toMatch(/^ {2}firstName +exact/m);
    expect(fromEmail.stdout).toContain("(firstName of newsletter-6 and lastName of newsletter-6 read from the email address)");
  });
});

describe("profile-kit train", () => {
  it("writes a model the same seed reproduces, which resolve and explain then use", async () => {
    const first = await cli("train", at("crm.csv"), at("orders.ndjson"), "--out", at("model.json"), "--seed", "7");
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^train: [\d,]+ random pairs \(u\), [\d,]+ candidate pairs \(m\), \d+ rounds, converged/m);
    expect(first.stderr).toMatch(/use it with profile-kit resolve --model /);
    const model = JSON.parse(readFileSync(at("model.json"), "utf8")) as { version: number; fields: Record<string, { name: string; m: number; u: number }[]> };
    expect(model.version).toBe(1);
    expect(Object.keys(model.fields)).toEqual(expect.arrayContaining(["firstName", "lastName", "email"]));
    await cli("train", at("crm.csv"), at("orders.ndjson"), "--out", at("model2.json"), "--seed", "7", "--quiet");
    expect(readFileSync(at("model2.json"), "utf8")).toBe(readFileSync(at("model.json"), "utf8"));
    // A model that says every first-name agreement is chance makes first names count for nothing.
    const flat = { ...model, fields: { ...model.fields, firstName: (model.fields["firstName"] ?? []).map((level) => ({ ...level, u: level.m })) } };
    writeFileSync(at("flat.json"), JSON.stringify(flat));
    const [a, b] = [crm[0]?.record["id"] as string, crm[1]?.record["id"] as string];
    const built = await cli("explain", at("crm.csv"), a, b);
    const trained = await cli("explain", at("crm.csv"), a, b, "--model", at("flat.json"));
    expect(built.stdout).toMatch(/^ {2}firstName +\S+ +[+-](?!0\.00)\d+\.\d\d/m);
    expect(trained.stdout).toMatch(/^ {2}firstName +\S+ +\+0\.00/m);
    const resolved = await cli("resolve", at("crm.csv"), "--model", at("model.json"), "--out", at("trained.ndjson"), "--quiet");
    expect(resolved.code).toBe(0);
  });

  it("refuses a file that is not a model, a bad seed, and an output that is not .json", async () => {
    writeFileSync(at("notmodel.json"), JSON.stringify({ fields: {} }));
    expect(await cli("resolve", at("crm.csv"), "--model", at("notmodel.json"), "--out", at("x.ndjson"))).toMatchObject({ code: 2, stderr: expect.stringMatching(/notmodel\.json: not a match model/) as string });
    expect(await cli("train", at("crm.csv"), "--out", at("m.json"), "--seed", "1.5")).toMatchObject({ code: 2, stderr: expect.stringMatching(/--seed takes a whole number/) as string });
    expect(await cli("train", at("crm.csv"), "--out", at("m.csv"))).toMatchObject({ code: 2, stderr: expect.stringMatching(/ending in \.json/) as string });
    expect(await cli("resolve", at("crm.csv"), "--out", at("x.ndjson"), "--seed", "3")).toMatchObject({ code: 2, stderr: expect.stringMatching(/--seed applies to train/) as string });
  });
});

describe("explain, refused", () => {
  it("names an id that is in no file, and refuses one id twice", async () => {
    const [a] = [crm[0]?.record["id"] as string];
    expect(await cli("explain", at("crm.csv"), a, "nope-1")).toMatchObject({ code: 2, stderr: expect.stringMatching(/no record has the id "nope-1" in .*crm\.csv/) as string });
    expect(await cli("explain", at("crm.csv"), a, a)).toMatchObject({ code: 2, stderr: expect.stringMatching(/give two different record ids/) as string });
  });
});

describe("usage", () => {
  it("exits 2 with one line saying what to fix", async () => {
    expect((await cli()).code).toBe(2);
    expect(await cli("dedupe", "x.csv")).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command "dedupe"; the commands are cleanse, resolve, train, explain, ingest, refresh and schema init/) as string });
    expect(await cli("cleanse", at("crm.csv"))).toMatchObject({ code: 2, stderr: expect.stringMatching(/--out <file> is required/) as string });
    expect(await cli("cleanse", at("crm.csv"), "--out", at("x.csv"), "--colour")).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown option '--colour'/) as string });
    expect(await cli("cleanse", at("crm.csv"), "--out", at("x.csv"), "--reprot", "r.html")).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown option '--reprot'.*did you mean --report\?/) as string });
    expect(await cli("cleanse", at("crm.csv"), "--out", at("x.xlsx"))).toMatchObject({ code: 2, stderr: expect.stringMatching(/x\.xlsx: an output is \.csv, \.ndjson or \.jsonl/) as string });
    expect(await cli("cleanse", at("crm.csv"), "--out", at("x.txt"))).toMatchObject({ code: 2 });
    expect(await cli("cleanse", at("crm.csv"), "--out", at(join("no-such-folder", "x.csv")))).toMatchObject({ code: 2, stderr: expect.stringMatching(/the folder .*no-such-folder does not exist/) as string });
    expect(await cli("resolve", at("crm.csv"), "--out", at("x.ndjson"), "--report", at(join("no-such-folder", "r.html")))).toMatchObject({ code: 2, stderr: expect.stringMatching(/no-such-folder does not exist/) as string });
    expect(await cli("cleanse", at("crm.csv"), "--out", at("crm.csv"))).toMatchObject({ code: 2, stderr: expect.stringMatching(/crm\.csv is also an input/) as string });
    expect(readFileSync(at("crm.csv"), "utf8").length).toBeGreaterThan(1000);
    expect(await cli("cleanse", at("crm.csv"), "--out", at("x.csv"), "--fail-on", "5%")).toMatchObject({ code: 2, stderr: expect.stringMatching(/--fail-on takes a share from 0 to 1/) as string });
  });

  it("exits 1 for a file it cannot read as records, saying where and what to do", async () => {
    expect(await cli("cleanse", at("missing.csv"), "--out", at("x.csv"))).toMatchObject({ code: 1, stderr: expect.stringMatching(/missing\.csv: no such file/) as string });
    writeFileSync(at("ragged.csv"), "id,firstName,email\n1,Ann,ann@x.com,extra\n");
    expect(await cli("cleanse", at("ragged.csv"), "--out", at("x.csv"))).toMatchObject({ code: 1, stderr: expect.stringMatching(/ragged\.csv:2: line 2 has 4 fields, the header has 3/) as string });
    // With --skip-bad-rows the line is left out, said, and counted for --fail-on.
    writeFileSync(at("ragged2.csv"), "id,firstName,email\n1,Ann,ann@x.com,extra\n2,Bob,bob.ray@gmail.com\n");
    const skipping = await cli("cleanse", at("ragged2.csv"), "--out", at("ragged2.ndjson"), "--skip-bad-rows");
    expect(skipping.code).toBe(0);
    expect(skipping.stderr).toMatch(/ragged2\.csv: 1 bad line left out \(line 2: 4 fields, the header has 3\)/);
    expect(readFileSync(at("ragged2.ndjson"), "utf8").trim().split("\n")).toHaveLength(1);
    expect((await cli("cleanse", at("ragged2.csv"), "--out", at("ragged2.ndjson"), "--skip-bad-rows", "--fail-on", "0.1", "--quiet")).code).toBe(1);
    writeFileSync(at("bad.ndjson"), '{"id":"1","email":"ann@x.com"}\nnot json\n[1]\n{"id":"2","email":"bob.ray@gmail.com"}\n');
    const ndjson = await cli("resolve", at("bad.ndjson"), "--out", at("bad.out.ndjson"), "--skip-bad-rows");
    expect(ndjson.code).toBe(0);
    expect(ndjson.stderr).toMatch(/bad\.ndjson: 2 bad lines left out \(line 2: not JSON; line 3: not a JSON object\)/);
    writeFileSync(at("latin1.csv"), Buffer.from("id,firstName,lastName\n1,Jos\xe9,Garc\xeda\n", "latin1"));
    expect(await cli("cleanse", at("latin1.csv"), "--out", at("x.csv"))).toMatchObject({ code: 1, stderr: expect.stringMatching(/not UTF-8 text.*--encoding latin1/) as string });
    expect(await cli("cleanse", at("latin1.csv"), "--out", at("latin1.ndjson"), "--encoding", "latin1", "--quiet")).toMatchObject({ code: 0 });
    expect(readFileSync(at("latin1.ndjson"), "utf8")).toContain("José");
    writeFileSync(at("empty.csv"), "");
    expect(await cli("cleanse", at("empty.csv"), "--out", at("x.csv"))).toMatchObject({ code: 1, stderr: expect.stringMatching(/no records to cleanse \(the file is empty\)/) as string });
    writeFileSync(at("noname.csv"), "id,,email\n1,x,a@b.co\n");
    expect(await cli("cleanse", at("noname.csv"), "--out", at("x.csv"))).toMatchObject({ code: 1, stderr: expect.stringMatching(/column 2 has no name/) as string });
  });

  it("cleanse keeps every column it does not know, and says why a value was blanked", async () => {
    writeFileSync(at("extra.csv"), "id,notes,loyalty_tier,email,phone\n1,hello,gold,anna@example.de,+1 415 392 0147\n2,call back,,see notes,N/A\n");
    expect((await cli("cleanse", at("extra.csv"), "--out", at("extra.ndjson"), "--quiet")).code).toBe(0);
    const rows = readFileSync(at("extra.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows[0]).toMatchObject({ id: "1", notes: "hello", loyalty_tier: "gold", email: "anna@example.de", phone: "+14153920147", profile_kit_issues: "" });
    expect(rows[1]).toMatchObject({ id: "2", notes: "call back", email: null, phone: null });
    expect(rows[1]?.["profile_kit_issues"]).toMatch(/^email:invalid_email; phone:/);
    expect((await cli("cleanse", at("extra.csv"), "--out", at("extra.csv.csv"), "--quiet")).code).toBe(0);
    expect(readFileSync(at("extra.csv.csv"), "utf8").split("\n")[0]).toMatch(/^id,notes,loyalty_tier,email,phone,.*profile_kit_issues$/);
    // Cleansed again: the old issues column is replaced (not doubled, not kept stale), and that is said.
    const again = await cli("cleanse", at("extra.csv.csv"), "--out", at("extra.again.ndjson"));
    expect(again.stderr).toMatch(/^cleanse: the input's profile_kit_issues column is replaced with the issues this run finds$/m);
    const rerun = readFileSync(at("extra.again.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rerun.map((r) => r["profile_kit_issues"])).toEqual(["", ""]);
  });

  it("a misspelled column in the schema is named with the columns the file has", async () => {
    writeFileSync(at("typo.json"), JSON.stringify({ fields: { email: "emial" } }));
    const { code, stderr } = await cli("cleanse", at("crm.csv"), "--schema", at("typo.json"), "--out", at("x.csv"));
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/crm\.csv: the schema's column "emial" is not in this file; its columns are "id", "source", .*"email"/);
    writeFileSync(at("bad.json"), JSON.stringify({ fields: { mail: "email" } }));
    expect(await cli("cleanse", at("crm.csv"), "--schema", at("bad.json"), "--out", at("x.csv"))).toMatchObject({ code: 2, stderr: expect.stringMatching(/bad\.json: .*did you mean email/) as string });
  });

  it("--help for every command, with examples", async () => {
    for (const command of ["cleanse", "resolve", "train", "schema", "explain"]) {
      const { code, stdout } = await cli(command, "--help");
      expect(code).toBe(0);
      expect(stdout).toContain(`profile-kit ${command}`);
      expect(stdout).toContain("Examples:");
    }
    expect((await cli("--help")).stdout).toContain("Exit codes: 0 ok, 1 data problems");
  });

});
