// One chunk of `profile-kit cleanse`, directly: the issues column's text, the counts, the header the first
// chunk fixes, the chunk as CSV or NDJSON text — and the cleansing thread answering chunks over a message
// port (here in this thread, so what it does is seen by coverage and by mutation testing).
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { defineSchema } from "../engine/defineSchema.js";
import { cleanseChunk, countIssues, formatChunk, headerOf, ISSUES_COLUMN, type CleansedChunk, type Layout } from "./cleanseChunk.js";
import { serveCleansing, type WorkerAnswer } from "./cleanseWorker.js";

const schema = defineSchema({});
const RECORDS = [
  { id: "1", source: "crm", email: "ANN.LEE@Fastmail.COM", phone: "not a phone", note: "vip" },
  { id: "2", source: "crm", fullName: "Bo Li", email: "bo@x.org" },
];

describe("cleanseChunk and countIssues", () => {
  it("cleanses each record and lists its warnings and errors as field:code, without info, once each", () => {
    const chunk = cleanseChunk(RECORDS, schema);
    expect(chunk.originals).toBe(RECORDS);
    expect(chunk.cleansed).toHaveLength(2);
    expect(chunk.cleansed[0]?.["email"]).toBe("ann.lee@fastmail.com");
    expect(chunk.issues[0]).toMatch(/^phone:[a-z_]+$/);
    expect(chunk.issues[0]?.split("; ")).toEqual([...new Set(chunk.issues[0]?.split("; "))]);
    expect(chunk.issues[1]).toBe("");
    expect(chunk.quality.records).toBe(2);
    expect(chunk.counts.records).toBe(2);
  });

  it("counts records with an error and, per code, the records holding it (once per record), info left out", () => {
    const issue = (code: string, severity: string): { code: string; severity: string } => ({ code, severity });
    expect(countIssues([
      { issues: [issue("invalid_phone", "error"), issue("invalid_phone", "error"), issue("trimmed", "info")] },
      { issues: [issue("placeholder_value", "warning")] },
      { issues: [issue("invalid_phone", "error"), issue("placeholder_value", "warning")] },
      { issues: [] },
    ])).toEqual({ records: 4, withErrors: 2, codes: [["invalid_phone", 2], ["placeholder_value", 2]] });
    expect(countIssues([])).toEqual({ records: 0, withErrors: 0, codes: [] });
  });

  it("names an issue without a field path by its code alone", () => {
    const chunk = cleanseChunk([{ id: "x", source: "s", email: "a@b.co", extra: { deep: { deeper: [1] } } }], schema);
    for (const named of chunk.issues[0]?.split("; ").filter((s) => s !== "") ?? []) expect(named).toMatch(/^([A-Za-z]+:)?[a-z_]+$/);
  });
});

/** A chunk made by hand: what formatChunk and headerOf read. */
function chunkOf(originals: Record<string, unknown>[], cleansed: Record<string, unknown>[], issues: string[]): CleansedChunk {
  return { originals, cleansed, issues, quality: { records: 0, recordsWithProblems: 0, fields: {}, issues: {} }, counts: { records: 0, withErrors: 0, codes: [] } };
}

describe("headerOf", () => {
  it("keeps the file's columns, adds the chunk's other input and cleansed columns (renamed back) and the derived fields, the issues column last", () => {
    const chunk = chunkOf([{ mail: "A@B.CO", extra: "x" }, { zz: "1" }], [{ email: "a@b.co", country: "US" }, { lastName: "Li" }], ["", ""]);
    expect(headerOf([ISSUES_COLUMN, "id", "mail"], chunk, new Map([["email", "mail"]]))).toEqual(["id", "mail", "extra", "zz", "country", "lastName", "firstName", "region", ISSUES_COLUMN]);
    expect(headerOf([], chunkOf([], [], []), new Map())).toEqual(["firstName", "lastName", "region", ISSUES_COLUMN]);
  });
});

describe("formatChunk", () => {
  const chunk = chunkOf([{ id: "1", mail: "A@B.CO", note: "x,y" }, { id: "2" }], [{ email: "a@b.co", country: "US" }, {}], ["email:fixed", ""]);
  const renamed: Layout["renamed"] = [["email", "mail"]];

  it("writes NDJSON: each input value, the cleansed values in the columns they were read from, then the issues", () => {
    const text = formatChunk(chunk, { path: "out.ndjson", format: "ndjson", columns: [], renamed });
    expect(text).toBe(`{"id":"1","mail":"a@b.co","note":"x,y","country":"US","${ISSUES_COLUMN}":"email:fixed"}\n{"id":"2","${ISSUES_COLUMN}":""}\n`);
    expect(formatChunk(chunkOf([], [], []), { path: "out.ndjson", format: "ndjson", columns: [], renamed })).toBe("");
  });

  it("writes CSV lines in the layout's columns, empty where a record has no value", () => {
    const columns = ["id", "mail", "note", "country", "firstName", ISSUES_COLUMN];
    expect(formatChunk(chunk, { path: "out.csv", format: "csv", columns, renamed })).toBe(`1,a@b.co,"x,y",US,,email:fixed\n2,,,,,\n`);
  });

  it("refuses a value with no column in the CSV (a later chunk's new field), and a layout without the issues column", () => {
    const columns = ["id", "mail", "note", ISSUES_COLUMN];
    expect(() => formatChunk(chunk, { path: "out.csv", format: "csv", columns, renamed })).toThrow('out.csv: a record has the field "country", which is not a column of this CSV; write NDJSON (.ndjson) to keep every field.');
    expect(() => formatChunk(chunk, { path: "out.csv", format: "csv", columns: ["id", "mail", "note", "country"], renamed })).toThrow(`"${ISSUES_COLUMN}"`);
  });
});

describe("serveCleansing (the cleansing thread's loop, run in this thread)", () => {
  const open: MessagePort[] = [];
  afterEach(() => { for (const port of open.splice(0)) port.close(); });

  /** Serves on one end of a channel; `ask` posts a task on the other and waits for its answer. */
  function served(layout: Layout): (task: unknown) => Promise<WorkerAnswer> {
    const { port1, port2 } = new MessageChannel();
    open.push(port1, port2);
    serveCleansing(port1, { spec: {}, layout });
    return (task) => new Promise((resolve) => {
      port2.once("message", resolve);
      port2.postMessage(task);
    });
  }

  it("answers a chunk with its number, text, quality and counts: what cleanseChunk and formatChunk give in one thread", async () => {
    const layout: Layout = { path: "out.ndjson", format: "ndjson", columns: [], renamed: [] };
    const ask = served(layout);
    const local = cleanseChunk(RECORDS, schema);
    expect(await ask({ seq: 7, records: RECORDS })).toEqual({ seq: 7, text: formatChunk(local, layout), quality: local.quality, counts: local.counts });
    expect(await ask({ seq: 8, records: [] })).toEqual({ seq: 8, text: "", quality: cleanseChunk([], schema).quality, counts: { records: 0, withErrors: 0, codes: [] } });
  });

  it("answers a chunk the output cannot hold with the one-line problem and its exit code", async () => {
    const ask = served({ path: "out.csv", format: "csv", columns: ["id", ISSUES_COLUMN], renamed: [] });
    expect(await ask({ seq: 3, records: [{ id: "1", city: "Oslo" }] })).toEqual({ seq: 3, error: 'out.csv: a record has the field "city", which is not a column of this CSV; write NDJSON (.ndjson) to keep every field.', exitCode: 1 });
  });

  it("answers a failure that is not the CLI's own with its stack, as a bug to report", async () => {
    const ask = served({ path: "out.ndjson", format: "ndjson", columns: [], renamed: [] });
    const answer = await ask({ seq: 4, records: null });
    expect(answer).toMatchObject({ seq: 4, exitCode: 1 });
    expect("error" in answer ? answer.error : "").toMatch(/^cleansing failed: (TypeError|ProfileKitError)[^\n]*\n\s+at /);
  });
});

describe("the worker modules in a thread", () => {
  /** Starts a thread that imports the module (TypeScript, through tsx) with this data, and reports when it is loaded. */
  function thread(module: string, workerData: unknown): Worker {
    const url = new URL(module, import.meta.url).href;
    return new Worker(`const { parentPort } = require("node:worker_threads"); import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); }).then(() => parentPort.postMessage("loaded"), (error) => parentPort.postMessage("failed: " + String(error)));`, { eval: true, workerData });
  }
  const next = (worker: Worker): Promise<unknown> => new Promise((resolve, reject) => { worker.once("message", resolve); worker.once("error", reject); });

  it("serve only in the thread the CLI started for them: another thread's data (a test runner's) is not their setup", async () => {
    for (const module of ["./cleanseWorker.ts", "./profilesWorker.ts"]) {
      const foreign = thread(module, { poolId: 1, files: ["x.test.ts"] });
      try {
        expect(await next(foreign)).toBe("loaded");
      } finally {
        await foreign.terminate();
      }
    }
  });

  it("the cleansing thread answers chunks when its data names it", async () => {
    const layout: Layout = { path: "out.ndjson", format: "ndjson", columns: [], renamed: [] };
    const worker = thread("./cleanseWorker.ts", { worker: "cleanseWorker", setup: { spec: {}, layout } });
    try {
      expect(await next(worker)).toBe("loaded");
      worker.postMessage({ seq: 1, records: RECORDS });
      const local = cleanseChunk(RECORDS, schema);
      expect(await next(worker)).toEqual({ seq: 1, text: formatChunk(local, layout), quality: local.quality, counts: local.counts });
    } finally {
      await worker.terminate();
    }
  });
});
