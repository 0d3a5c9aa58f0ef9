// The HTML report, read as text: self-contained (no external reference), masked by default, sized by
// aggregates (not by the input), every section present, the truth column's scores right.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateClusters } from "../identity/evaluateClusters.js";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { runCli } from "./main.js";
import { maskId, maskValue } from "./reportData.js";

const dir = mkdtempSync(join(tmpdir(), "pk-report-"));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });
const at = (name: string): string => join(dir, name);
const COLUMNS = ["id", "source", "updatedAt", "customerId", "firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "country", "truth"];

function writeCsv(name: string, entities: number, seed: number): ReturnType<typeof generateCustomerRecords> extends Generator<infer G> ? G[] : never {
  const generated = [...generateCustomerRecords({ entities, seed })];
  writeFileSync(at(name), stringify(generated.map((g) => COLUMNS.map((c) => (c === "truth" ? g.entityId : g.record[c] ?? ""))), { header: true, columns: COLUMNS }));
  return generated;
}

async function cli(...argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const sink = (write: (text: string) => void): Writable => new Writable({ write(chunk: Buffer, _encoding, done) { write(chunk.toString()); done(); } });
  const code = await runCli(argv, { stdout: sink(() => undefined), stderr: sink((t) => { stderr += t; }), isTTY: false });
  return { code, stderr };
}

describe("the HTML report", () => {
  const small = writeCsv("small.csv", 300, 3);
  writeCsv("large.csv", 3000, 4);

  it("is one self-contained page: no src, href or url() pointing anywhere but inside it, and a policy forbidding requests", async () => {
    expect((await cli("resolve", at("small.csv"), "--out", at("small.ndjson"), "--report", at("small.html"), "--quiet")).code).toBe(0);
    const html = readFileSync(at("small.html"), "utf8");
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/\ssrc=/);
    expect(html.match(/href="([^"]*)"/g)?.every((h) => h.startsWith('href="#'))).toBe(true);
    expect(html).not.toMatch(/url\(/);
    expect(html).not.toMatch(/sourceMappingURL/);
    // Chart.js is inlined.
    expect(html).toMatch(/Chart\.js v4/);
    for (const heading of ["Data quality", "Match weights", "Profiles", "Guards against over-merging", "Pairs near the threshold", "Model parameters"]) expect(html).toContain(`>${heading}</h2>`);
    // Without a truth column there is no accuracy section.
    expect(html).not.toContain("Accuracy against the truth column");
  });

  it("masks values by default and shows them with --show-values", async () => {
    await cli("resolve", at("small.csv"), "--out", at("small.ndjson"), "--report", at("masked.html"), "--quiet");
    await cli("resolve", at("small.csv"), "--out", at("small.ndjson"), "--report", at("shown.html"), "--show-values", "--quiet");
    const masked = readFileSync(at("masked.html"), "utf8");
    const shown = readFileSync(at("shown.html"), "utf8");
    const emails = [...new Set(small.map((g) => (g.record["email"] ?? "").toLowerCase()).filter((e) => /^[a-z0-9._+-]+@[a-z0-9.-]+$/.test(e)))];
    expect(emails.filter((e) => masked.includes(`>${e}<`))).toEqual([]);
    expect(masked).toMatch(/>[a-z0-9]\*\*\*@[a-z0-9.-]+</);
    expect(emails.some((e) => shown.includes(`>${e}<`))).toBe(true);
    // A host whose record ids are email addresses: masked too.
    writeFileSync(at("byemail.csv"), "id,firstName,lastName,email\nann.lee@fastmail.com,Ann,Lee,ann.lee@fastmail.com\nann.lee@gmail.com,Ann,Lee,ann.lee@fastmail.com\n");
    await cli("resolve", at("byemail.csv"), "--out", at("byemail.ndjson"), "--report", at("byemail.html"), "--quiet");
    const byEmail = readFileSync(at("byemail.html"), "utf8");
    expect(byEmail).not.toContain("ann.lee@");
    expect(byEmail).toContain("a***@gmail.com");
  });

  it("scores the profiles against a truth column, kept out of resolution, and lists the errors", async () => {
    const { code, stderr } = await cli("resolve", at("small.csv"), "--out", at("truth.ndjson"), "--report", at("truth.html"), "--truth", "truth");
    expect(code).toBe(0);
    const profiles = readFileSync(at("truth.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { profileId: string; records: string[]; truth?: unknown });
    expect(profiles.some((p) => p.truth !== undefined)).toBe(false);
    const expected = evaluateClusters(profiles.map((p) => ({ recordIds: p.records })), new Map(small.map((g) => [g.record["id"], g.entityId])));
    const html = readFileSync(at("truth.html"), "utf8");
    expect(html).toContain("Accuracy against the truth column");
    expect(html).toContain(`<td class="num">${expected.precision.toFixed(4)}</td><td class="num">${expected.recall.toFixed(4)}</td><td class="num">${expected.f1.toFixed(4)}</td>`);
    expect(stderr).toContain(`F1 ${expected.f1.toFixed(4)}`);
    expect(html).toMatch(/People split over several profiles \(the \d+ most split\)/);
  });

  it("stays the same size whatever the input size: aggregates and samples only", async () => {
    await cli("resolve", at("large.csv"), "--out", at("large.ndjson"), "--report", at("large.html"), "--truth", "truth", "--quiet");
    await cli("resolve", at("small.csv"), "--out", at("small.ndjson"), "--report", at("small2.html"), "--truth", "truth", "--quiet");
    const large = readFileSync(at("large.html")).length;
    const smallSize = readFileSync(at("small2.html")).length;
    // Ten times the records, about the same page (the chart library is most of it).
    expect(large / smallSize).toBeLessThan(1.15);
    expect(large).toBeLessThan(2_000_000);
  });

  it("cleanse writes a quality report summed over the whole stream", async () => {
    expect((await cli("cleanse", at("small.csv"), "--out", at("clean.csv"), "--report", at("quality.html"), "--quiet")).code).toBe(0);
    const html = readFileSync(at("quality.html"), "utf8");
    expect(html).toContain(`${small.length.toLocaleString("en-US")} records cleansed`);
    expect(html).not.toContain("Match weights");
  });

  it("refuses a report that is not .html, one that would overwrite an input or the output, and --show-values or --truth where they do not apply", async () => {
    expect((await cli("resolve", at("small.csv"), "--out", at("x.ndjson"), "--report", at("x.txt"))).stderr).toMatch(/--report writes an HTML file/);
    expect((await cli("resolve", at("small.csv"), "--out", at("x.html"), "--report", at("x.html"))).code).toBe(2);
    expect((await cli("resolve", at("small.csv"), "--out", at("x.ndjson"), "--show-values")).stderr).toMatch(/--show-values applies to the report/);
    expect((await cli("cleanse", at("small.csv"), "--out", at("x.csv"), "--truth", "truth")).stderr).toMatch(/--truth applies to resolve/);
    const missing = await cli("resolve", at("small.csv"), "--out", at("x.ndjson"), "--truth", "person");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--truth person: no record has a value in a column of that name; the columns are "id", "source", .*"truth"/);
  });

  it("scores a partly labelled sample over its labelled records, and names a duplicated id", async () => {
    writeFileSync(at("partial.csv"), "id,firstName,lastName,email,truth\n1,Ann,Lee,ann.lee@fastmail.com,p1\n2,Ann,Lee,ann.lee@fastmail.com,\n3,Ann,Lee,ann.lee@fastmail.com,p1\n4,Bob,Ray,bob.ray@gmail.com,p2\n");
    const partial = await cli("resolve", at("partial.csv"), "--out", at("partial.ndjson"), "--truth", "truth", "--report", at("partial.html"));
    expect(partial.code).toBe(0);
    expect(partial.stderr).toMatch(/1 of 4 records have no label; the scores are over the 3 labelled ones/);
    expect(partial.stderr).toMatch(/precision 1\.0000, recall 1\.0000, F1 1\.0000/);
    expect(readFileSync(at("partial.html"), "utf8")).toContain("Profiles mixing several people (none)");
    writeFileSync(at("dup.csv"), "id,firstName,lastName,email\n1,Ann,Lee,ann@x.com\n1,Bob,Ray,bob@x.com\n");
    expect(await cli("resolve", at("dup.csv"), "--out", at("dup.ndjson"))).toMatchObject({ code: 1, stderr: expect.stringMatching(/the id "1" is used by .*dup\.csv record 1 and .*dup\.csv record 2/) as string });
    writeFileSync(at("empty.csv"), "");
    expect(await cli("resolve", at("empty.csv"), "--out", at("empty.ndjson"))).toMatchObject({ code: 1, stderr: expect.stringMatching(/no records to resolve/) as string });
  });
});

describe("maskValue", () => {
  it("keeps enough to tell values apart and hides the rest", () => {
    expect(maskValue("email", "jane.doe@gmail.com")).toBe("j***@gmail.com");
    expect(maskValue("phone", "+12128675309")).toBe("***09");
    expect(maskValue("firstName", "Émile")).toBe("É***");
    expect(maskValue("dateOfBirth", "1980-04-02")).toBe("1980-**-**");
    expect(maskValue("postalCode", "02163")).toBe("02***");
    expect(maskValue("country", "US")).toBe("US");
    expect(maskValue("email", "")).toBe("");
  });

  it("masks a record id only when the host made it an email address", () => {
    expect(maskId("crm-17")).toBe("crm-17");
    expect(maskId("jane.doe@gmail.com")).toBe("j***@gmail.com");
  });
});
