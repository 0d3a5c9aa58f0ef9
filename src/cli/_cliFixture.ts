// The fixture of the command line's end-to-end tests (cli.test.ts, cli.workers.test.ts): generated people
// as a CSV file and an NDJSON file in a temporary folder, and the CLI run in-process with its output caught.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import type { GeneratedRecord } from "../testing/types.js";
import { _own } from "../shared/_dict.js";
import { runCli } from "./main.js";

/** The columns the generated CSV files have. @internal */
export const _COLUMNS: readonly string[] = ["id", "source", "updatedAt", "customerId", "firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "country"];

/** A run of the CLI: its exit code and what it wrote. @internal */
export interface _CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The fixture's folder, data and runner. @internal */
export interface _CliFixture {
  /** A path in the fixture's temporary folder. */
  readonly at: (name: string) => string;
  /** 400 generated people (seed 11): `crm.csv` holds the records of every source but orders, `orders.ndjson` the orders. */
  readonly generated: readonly GeneratedRecord[];
  readonly crm: readonly GeneratedRecord[];
  readonly orders: readonly GeneratedRecord[];
  /** Runs the CLI in-process, stdout and stderr caught; the clock moves a second per reading. */
  readonly cli: (...argv: string[]) => Promise<_CliRun>;
  /** Removes the temporary folder. */
  readonly remove: () => void;
}

/** Writes generated records as a CSV file of `_COLUMNS`. @internal */
export function _writeCsv(path: string, records: readonly GeneratedRecord[]): void {
  writeFileSync(path, stringify(records.map((g) => _COLUMNS.map((c) => _own(g.record, c) ?? "")), { header: true, columns: [..._COLUMNS] }));
}

/** A temporary folder with `crm.csv` and `orders.ndjson` written in it. @internal */
export function _cliFixture(): _CliFixture {
  const dir = mkdtempSync(join(tmpdir(), "pk-cli-"));
  const at = (name: string): string => join(dir, name);
  const generated = [...generateCustomerRecords({ entities: 400, seed: 11 })];
  const crm = generated.filter((g) => g.record["source"] !== "orders");
  const orders = generated.filter((g) => g.record["source"] === "orders");
  _writeCsv(at("crm.csv"), crm);
  writeFileSync(at("orders.ndjson"), orders.map((g) => JSON.stringify(g.record)).join("\n") + "\n");
  const cli = async (...argv: string[]): Promise<_CliRun> => {
    let stdout = "";
    let stderr = "";
    const sink = (write: (text: string) => void): Writable => new Writable({ write(chunk: Buffer, _encoding, done) { write(chunk.toString()); done(); } });
    let clock = 0;
    const code = await runCli(argv, { stdout: sink((t) => { stdout += t; }), stderr: sink((t) => { stderr += t; }), isTTY: false, now: () => (clock += 1000) });
    return { code, stdout, stderr };
  };
  return { at, generated, crm, orders, cli, remove: () => { rmSync(dir, { recursive: true, force: true }); } };
}
