// Reading and writing the CLI's files directly: formats by extension, CSV delimiters, headers, quotes,
// BOMs, empty cells, bad lines (said or skipped, with their line numbers), NDJSON's lines, a column read
// aside, text that is not UTF-8, the writer's CSV and NDJSON, and the records of several files in a row.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AsideColumn, checkColumns, CliError, type FileRead, formatOf, openInput, Output, readRecords, sourceOf } from "./records.js";

const dir = mkdtempSync(join(tmpdir(), "pk-records-"));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });
let files = 0;
/** Writes a file of this text (or bytes) and returns its path. */
function file(name: string, content: string | Buffer): string {
  const path = join(dir, `${files++}-${name}`);
  writeFileSync(path, content);
  return path;
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The CliError a promise or call ends in (its message and exit code). */
async function failure(run: () => unknown): Promise<{ message: string; exitCode: number }> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return { message: (error as CliError).message, exitCode: (error as CliError).exitCode };
  }
  throw new Error("expected a CliError");
}

describe("formats and sources", () => {
  it("reads .csv, .tsv and .txt as CSV, .ndjson and .jsonl as NDJSON, in any case", () => {
    expect(["a.csv", "b.TSV", "c.txt", "d.Csv"].map(formatOf)).toEqual(["csv", "csv", "csv", "csv"]);
    expect(["a.ndjson", "b.JSONL"].map(formatOf)).toEqual(["ndjson", "ndjson"]);
  });

  it("refuses another extension, naming it, as a usage error", async () => {
    expect(await failure(() => formatOf("x.xlsx"))).toEqual({ message: 'x.xlsx: unknown format ".xlsx"; use .csv or .ndjson (.jsonl).', exitCode: 2 });
    expect((await failure(() => formatOf("noext"))).message).toContain('unknown format ""');
  });

  it("names a file's records after the file", () => {
    expect(sourceOf("/data/crm.csv")).toBe("crm");
    expect(sourceOf("orders.2024.ndjson")).toBe("orders.2024");
    expect(new CliError("x").exitCode).toBe(2);
  });
});

describe("openInput, NDJSON", () => {
  it("reads one object per line, skipping blank lines, with the first object's keys as columns and the bytes read", async () => {
    const text = '{"id":"1","email":"a@b.co"}\r\n\n  \n{"id":"2","extra":true}\n';
    const input = openInput(file("a.ndjson", text));
    expect(input.columns()).toBeNull();
    expect(input.size).toBe(Buffer.byteLength(text));
    expect(await all(input.records)).toEqual([{ id: "1", email: "a@b.co" }, { id: "2", extra: true }]);
    expect(input.columns()).toEqual(["id", "email"]);
    expect(input.bytesRead()).toBe(Buffer.byteLength(text));
    expect(input.skipped()).toEqual([]);
  });

  it("stops at a line that is not JSON or not an object, with its line number; with skipBadRows leaves it out and says why", async () => {
    const text = '{"id":"1"}\nnot json\n[1,2]\n"text"\nnull\n{"id":"2"}\n';
    const path = file("bad.ndjson", text);
    expect(await failure(() => all(openInput(path).records))).toEqual({ message: `${path}:2: not JSON (NDJSON has one JSON object per line; --skip-bad-rows leaves such lines out).`, exitCode: 1 });
    const notObject = file("arr.ndjson", '{"id":"1"}\n\n[1]\n');
    expect((await failure(() => all(openInput(notObject).records))).message).toBe(`${notObject}:3: not a JSON object (--skip-bad-rows leaves such lines out).`);
    const skipping = openInput(path, { skipBadRows: true });
    expect(await all(skipping.records)).toEqual([{ id: "1" }, { id: "2" }]);
    expect(skipping.skipped()).toEqual([{ line: 2, why: "not JSON" }, { line: 3, why: "not a JSON object" }, { line: 4, why: "not a JSON object" }, { line: 5, why: "not a JSON object" }]);
  });

  it("keeps a column aside: out of every record, its value (text or a number, as text) pushed per record, else null", async () => {
    const aside: AsideColumn = { column: "truth", values: [] };
    const text = ['{"id":"1","truth":"A"}', '{"id":"2","truth":7}', '{"id":"3"}', '{"id":"4","truth":""}', '{"id":"5","truth":{"x":1}}', '{"truth":"B","id":"6"}'].join("\n");
    const records = await all(openInput(file("t.ndjson", text), { aside }).records);
    expect(records).toEqual([{ id: "1" }, { id: "2" }, { id: "3" }, { id: "4" }, { id: "5" }, { id: "6" }]);
    expect(records.every((r) => !Object.hasOwn(r, "truth"))).toBe(true);
    expect(aside.values).toEqual(["A", "7", null, null, null, "B"]);
  });

  it("says a line that is not UTF-8, with what to do; reads it as Latin-1 when told", async () => {
    const path = file("l1.ndjson", Buffer.concat([Buffer.from('{"id":"1"}\n{"name":"Jos'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    expect(await failure(() => all(openInput(path).records))).toEqual({ message: `${path}:2: not UTF-8 text (bytes that are not UTF-8); if the file is Latin-1 (Windows-1252), run again with --encoding latin1.`, exitCode: 1 });
    expect(await all(openInput(path, { encoding: "latin1" }).records)).toEqual([{ id: "1" }, { name: "José" }]);
  });
});

describe("openInput, files that cannot be read", () => {
  it("a missing file and a directory are data errors (exit 1), said before anything is read", async () => {
    const missing = join(dir, "nope.csv");
    expect(await failure(() => openInput(missing))).toEqual({ message: `${missing}: no such file (or it cannot be read).`, exitCode: 1 });
    const folder = join(dir, "folder.csv");
    mkdirSync(folder);
    expect(await failure(() => openInput(folder))).toEqual({ message: `${folder}: not a file.`, exitCode: 1 });
    expect((await failure(() => openInput(file("x.xml", "<x/>")))).exitCode).toBe(2);
  });
});

describe("openInput, CSV", () => {
  it.each([
    [",", "id,first name,email\n1,Ann,a@b.co\n"],
    [";", "id;first name;email\n1;Ann;a@b.co\n"],
    ["tab", "id\tfirst name\temail\n1\tAnn\ta@b.co\n"],
    ["|", "id|first name|email\n1|Ann|a@b.co\n"],
  ])("finds the delimiter (%s) from the header line", async (_name, text) => {
    expect(await all(openInput(file("d.csv", text)).records)).toEqual([{ id: "1", "first name": "Ann", email: "a@b.co" }]);
  });

  it("counts delimiters outside quotes on the header line only, and picks the most frequent", async () => {
    // The header's quoted name holds three commas; its semicolons are the delimiter. Later lines hold more commas.
    const text = '"a,b,c,d";e;f\n1;2,2,2,2,2;3\n';
    expect(await all(openInput(file("q.csv", text)).records)).toEqual([{ "a,b,c,d": "1", e: "2,2,2,2,2", f: "3" }]);
    expect(await all(openInput(file("tie.csv", "a;b,c\n1;2,3\n")).records)).toEqual([{ "a;b": "1;2", c: "3" }]); // a tie: the comma
    expect(await all(openInput(file("pipe.csv", "a|b|c;d\n1|2|3;4\n")).records)).toEqual([{ a: "1", b: "2", "c;d": "3;4" }]);
  });

  it("reads a header from a CRLF file, trims names and values, drops a BOM, leaves empty cells out, skips empty lines", async () => {
    const text = "\uFEFF id , name ,city\r\n1, Ann ,\r\n\r\n2,,Paris\r\n";
    const input = openInput(file("crlf.csv", text));
    expect(await all(input.records)).toEqual([{ id: "1", name: "Ann" }, { id: "2", city: "Paris" }]);
    expect(input.columns()).toEqual(["id", "name", "city"]);
  });

  it("reads quoted values with delimiters, quotes and line breaks, and relaxed stray quotes", async () => {
    const text = 'id,note\n1,"a, ""b""\nc"\n2,say "hi"\n';
    expect(await all(openInput(file("quotes.csv", text)).records)).toEqual([{ id: "1", note: 'a, "b"\nc' }, { id: "2", note: 'say "hi"' }]);
  });

  it("refuses a header with a nameless or repeated column, naming it", async () => {
    const nameless = file("h1.csv", "id,,email\n1,2,3\n");
    expect(await failure(() => all(openInput(nameless).records))).toEqual({ message: `${nameless}: the header's column 2 has no name; name it (every column needs a name).`, exitCode: 1 });
    const twice = file("h2.csv", "id,email, email\n1,2,3\n");
    expect((await failure(() => all(openInput(twice).records))).message).toBe(`${twice}: the header names "email" twice; rename one of them.`);
  });

  it("stops at a line with another number of fields, saying its line and counts; with skipBadRows leaves it out and says why", async () => {
    const path = file("ragged.csv", "id,name,city\n1,Ann,Oslo\n2,Bo,Rome,extra\n3,Cy,Nice\n");
    expect(await failure(() => all(openInput(path).records))).toEqual({
      message: `${path}:3: line 3 has 4 fields, the header has 3; fix the line (a stray delimiter, or a value with the delimiter not in quotes), or leave such lines out with --skip-bad-rows.`,
      exitCode: 1,
    });
    const skipping = openInput(path, { skipBadRows: true });
    expect(await all(skipping.records)).toEqual([{ id: "1", name: "Ann", city: "Oslo" }, { id: "3", name: "Cy", city: "Nice" }]);
    expect(skipping.skipped().map((s) => ({ line: s.line, why: s.why }))).toEqual([{ line: 3, why: "4 fields, the header has 3" }]);
  });

  it("says a value that is not UTF-8 with its record number, an unnamed column too", async () => {
    const path = file("l1.csv", Buffer.concat([Buffer.from("id,name\n1,Ann\n2,Jos"), Buffer.from([0xe9]), Buffer.from("\n")]));
    expect(await failure(() => all(openInput(path).records))).toEqual({ message: `${path} (record 2): not UTF-8 text (bytes that are not UTF-8); if the file is Latin-1 (Windows-1252), run again with --encoding latin1.`, exitCode: 1 });
    expect(await all(openInput(path, { encoding: "latin1" }).records)).toEqual([{ id: "1", name: "Ann" }, { id: "2", name: "José" }]);
  });

  it("keeps a column aside, null where empty; all null when the file has no such column", async () => {
    const aside: AsideColumn = { column: "truth", values: [] };
    expect(await all(openInput(file("t.csv", "id,truth,name\n1,A,Ann\n2,,Bo\n3,C,\n"), { aside }).records)).toEqual([{ id: "1", name: "Ann" }, { id: "2", name: "Bo" }, { id: "3" }]);
    expect(aside.values).toEqual(["A", null, "C"]);
    const none: AsideColumn = { column: "truth", values: [] };
    expect(await all(openInput(file("n.csv", "id,name\n1,Ann\n2,Bo\n"), { aside: none }).records)).toEqual([{ id: "1", name: "Ann" }, { id: "2", name: "Bo" }]);
    expect(none.values).toEqual([null, null]);
    const bad: AsideColumn = { column: "truth", values: [] };
    const path = file("tl1.csv", Buffer.concat([Buffer.from("id,truth\n1,"), Buffer.from([0xff]), Buffer.from("\n")]));
    expect((await failure(() => all(openInput(path, { aside: bad }).records))).message).toContain(`${path} (record 1): not UTF-8`);
  });

  it("keeps records as plain data: a column named __proto__ is an own value", async () => {
    const [record] = await all(openInput(file("proto.csv", "id,__proto__\n1,x\n")).records);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record ?? {})).toEqual(["id", "__proto__"]);
  });
});

describe("Output", () => {
  it("writes a CSV: the header once, then each record's cells in the header's order", async () => {
    const path = join(dir, "out.csv");
    const out = new Output(path);
    out.header(["id", "name", "note"]);
    await out.write([{ id: "1", name: "Ann" }]);
    await out.write([{ note: 'say "hi", ok', id: 2 }, {}]);
    await out.close();
    expect(readFileSync(path, "utf8")).toBe('id,name,note\n1,Ann,\n2,,"say ""hi"", ok"\n,,\n');
  });

  it("writes only the header for a CSV of no records, and refuses a record with a field the header lacks", async () => {
    const empty = join(dir, "empty.csv");
    const out = new Output(empty);
    out.header(["id"]);
    await out.close();
    expect(readFileSync(empty, "utf8")).toBe("id\n");
    const strict = new Output(join(dir, "strict.csv"));
    strict.header(["id"]);
    expect(await failure(() => strict.write([{ id: "1", email: "x" }]))).toEqual({ message: `${join(dir, "strict.csv")}: a record has the field "email", which is not a column of this CSV; write NDJSON (.ndjson) to keep every field.`, exitCode: 1 });
    await strict.close();
    const headless = new Output(join(dir, "headless.csv"));
    await expect(headless.write([{ id: "1" }])).rejects.toThrow("Output.header() first");
    await headless.close();
    expect(readFileSync(join(dir, "headless.csv"), "utf8")).toBe("");
  });

  it("writes NDJSON, one object per line, and nothing for no records; .jsonl too", async () => {
    for (const name of ["out.ndjson", "out.JSONL"]) {
      const path = join(dir, name);
      const out = new Output(path);
      out.header(["ignored"]);
      await out.write([{ id: "1", list: [1] }, { id: "2" }]);
      await out.write([]);
      await out.close();
      expect(readFileSync(path, "utf8")).toBe('{"id":"1","list":[1]}\n{"id":"2"}\n');
    }
  });

  it("refuses an output that is not .csv, .ndjson or .jsonl, and says a file it cannot write", async () => {
    for (const name of ["out.tsv", "out.txt", "out.json"]) expect(await failure(() => new Output(join(dir, name)))).toEqual({ message: `${join(dir, name)}: an output is .csv, .ndjson or .jsonl.`, exitCode: 2 });
    const blocked = new Output(join(dir, "no-such-dir", "x.ndjson"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await failure(() => blocked.write([{ id: "1" }]))).message).toMatch(/x\.ndjson: cannot be written \(ENOENT/);
    expect((await failure(() => blocked.close())).message).toMatch(/cannot be written/);
    // Closed before the stream found it cannot open the file: still said as one line, not thrown raw.
    const early = new Output(join(dir, "no-such-dir", "y.ndjson"));
    expect(await failure(() => early.close())).toEqual({ message: expect.stringMatching(/y\.ndjson: cannot be written \(ENOENT: no such file or directory/) as string, exitCode: 1 });
    // Written in one go before the error: the write is taken, the close says it.
    const quick = new Output(join(dir, "no-such-dir", "z.csv"));
    quick.header(["id"]);
    await quick.write([{ id: "1" }]);
    expect((await failure(() => quick.close())).message).toMatch(/z\.csv: cannot be written \(ENOENT/);
  });
});

describe("checkColumns and readRecords", () => {
  const settings = { idColumn: "id", sourceColumn: "source", schemaColumns: ["email", "id", "source", "updatedAt"], encoding: "utf8", skipBadRows: false } as const;

  it("names the schema's columns a file lacks (id, source and time may be absent), one or several", async () => {
    const one = openInput(file("c1.csv", "name\nAnn\n"));
    checkColumns(one, ["email"]); // before the first record: nothing known yet
    await all(one.records);
    expect(await failure(() => { checkColumns(one, ["email", "id", "source", "updatedAt"]); })).toEqual({ message: `${one.path}: the schema's column "email" is not in this file; its columns are "name".`, exitCode: 2 });
    expect((await failure(() => { checkColumns(one, ["email", "phone"]); })).message).toBe(`${one.path}: the schema's columns "email", "phone" are not in this file; its columns are "name".`);
    checkColumns(one, ["name", "id"]);
  });

  it("gives records their file's source and a numbered id when they have none, reports each file, and the bytes read over all files", async () => {
    const crm = file("crm.csv", "email,source\na@b.co,\nc@d.co,shop\n");
    const web = file("web.ndjson", '{"email":"e@f.co","id":"w9"}\n{"email":"g@h.co"}\n');
    const read: FileRead[] = [];
    const bytes: number[] = [];
    const records = await all(readRecords([crm, web], settings, (b) => bytes.push(b), read));
    const crmSource = sourceOf(crm);
    const webSource = sourceOf(web);
    expect(records).toEqual([
      { email: "a@b.co", source: crmSource, id: `${crmSource}-1` },
      { email: "c@d.co", source: "shop", id: `${crmSource}-2` },
      { email: "e@f.co", id: "w9", source: webSource },
      { email: "g@h.co", source: webSource, id: `${webSource}-2` },
    ]);
    expect(read).toEqual([
      { path: crm, records: 2, columns: ["email", "source"], skipped: [] },
      { path: web, records: 2, columns: ["email", "id"], skipped: [] },
    ]);
    expect(bytes).toHaveLength(4);
    expect(bytes.every((b, k) => k === 0 || b >= (bytes[k - 1] as number))).toBe(true);
    expect(bytes[3]).toBe(statSync(crm).size + statSync(web).size);
    expect(bytes[2]).toBeGreaterThan(statSync(crm).size);
  });

  it("opens every file first: a missing second file is said before any record is read", async () => {
    const read: number[] = [];
    const missing = join(dir, "missing.csv");
    expect(await failure(() => all(readRecords([file("ok.csv", "email\na@b.co\n"), missing], settings, () => read.push(1))))).toEqual({ message: `${missing}: no such file (or it cannot be read).`, exitCode: 1 });
    expect(read).toEqual([]);
  });

  it("checks the schema's columns at each file's first record", async () => {
    const good = file("g.csv", "email\na@b.co\n");
    const bad = file("b.csv", "mail\na@b.co\n");
    const seen: Record<string, unknown>[] = [];
    const error = await failure(async () => { for await (const record of readRecords([good, bad], settings)) seen.push(record); });
    expect(error.message).toContain(`${bad}: the schema's column "email" is not in this file`);
    expect(seen).toHaveLength(1);
  });

  it("skips bad rows when told, and keeps a column aside across files", async () => {
    const aside: AsideColumn = { column: "truth", values: [] };
    const read: FileRead[] = [];
    const a = file("a.csv", "email,truth\nx@y.co,A\nbad,row,here\n");
    const b = file("b.ndjson", '{"email":"z@y.co","truth":"B"}\n');
    const records = await all(readRecords([a, b], { ...settings, skipBadRows: true }, undefined, read, aside));
    expect(records.map((r) => r["email"])).toEqual(["x@y.co", "z@y.co"]);
    expect(aside.values).toEqual(["A", "B"]);
    expect(read[0]?.skipped.map((s) => ({ ...s }))).toEqual([{ line: 3, why: "3 fields, the header has 2" }]);
  });
});
