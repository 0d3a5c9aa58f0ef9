// The profiles thread's loop, run in this thread over a message channel (so coverage and mutation testing
// see it): it reads and cleanses the files in chunks of 2,000 at once, then answers "rows" and "write";
// a failure — reading, writing, or a bug — is the answer to every question.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { ProfilesSetup } from "./profiles.js";
import { serveProfiles, type ProfilesAnswer } from "./profilesWorker.js";

const dir = mkdtempSync(join(tmpdir(), "pk-profiles-worker-"));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

const lines = ["id,firstName,lastName,email,truth"];
for (let k = 1; k <= 2_500; k++) lines.push(`r${k},Ann${k % 7},Lee,ann${k}@fastmail.com,${k % 3}`);
const INPUT = join(dir, "people.csv");
writeFileSync(INPUT, `${lines.join("\n")}\n`);

function setup(overrides: Partial<ProfilesSetup> = {}): ProfilesSetup {
  return {
    spec: {},
    paths: [INPUT],
    read: { idColumn: "id", sourceColumn: "source", schemaColumns: [], encoding: "utf8", skipBadRows: false },
    truthColumn: "truth",
    idColumn: "id",
    out: join(dir, "profiles.ndjson"),
    ...overrides,
  };
}

const open: MessagePort[] = [];
afterEach(() => { for (const port of open.splice(0)) port.close(); });

/** Serves `setup` on one end of a channel; `ask` posts a task on the other and waits for the answer. */
function served(s: ProfilesSetup): (task: unknown) => Promise<ProfilesAnswer> {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  serveProfiles(port1, s);
  return (task) => new Promise((resolve) => {
    port2.once("message", resolve);
    port2.postMessage(task);
  });
}

describe("serveProfiles", () => {
  it("answers rows with the cleansed records asked for and known, without the truth column", async () => {
    const ask = served(setup());
    const answer = await ask({ kind: "rows", ids: ["r2", "nope", "r2500"] });
    expect(answer.kind).toBe("rows");
    const rows = answer.kind === "rows" ? answer.rows : [];
    expect(rows.map(([id]) => id)).toEqual(["r2", "r2500"]);
    expect(rows[0]?.[1]).toMatchObject({ id: "r2", source: "people", firstName: "Ann2", lastName: "Lee", email: "ann2@fastmail.com" });
    expect(Object.keys(rows[0]?.[1] ?? {})).not.toContain("truth");
  });

  it("writes the profiles of the clusters, and gives back the counts of each chunk of 2,000 records and the quality", async () => {
    const out = join(dir, "written.ndjson");
    const ask = served(setup({ out }));
    const answer = await ask({ kind: "write", clusters: [{ id: "p1", recordIds: ["r1", "r8"] }, { id: "p2", recordIds: ["r3"] }] });
    expect(answer.kind).toBe("written");
    const done = answer.kind === "written" ? answer.done : null;
    expect(done?.counts.map((c) => c.records)).toEqual([2_000, 500]);
    expect(done?.quality.records).toBe(2_500);
    const profiles = readFileSync(out, "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(profiles.map((p) => [p["profileId"], p["records"]])).toEqual([["p1", ["r1", "r8"]], ["p2", ["r3"]]]);
    expect(profiles[1]).toMatchObject({ firstName: "Ann3", lastName: "Lee", email: "ann3@fastmail.com" });
    expect(JSON.stringify(profiles)).not.toContain("truth");
  });

  it("answers every question with a reading failure, in the CLI's words", async () => {
    const missing = join(dir, "missing.csv");
    const ask = served(setup({ paths: [missing] }));
    const failure = { kind: "error", error: `${missing}: no such file (or it cannot be read).`, exitCode: 1 };
    expect(await ask({ kind: "rows", ids: ["r1"] })).toEqual(failure);
    expect(await ask({ kind: "write", clusters: [] })).toEqual(failure);
  });

  it("answers a write that fails with the problem, and a bug with its stack", async () => {
    const ask = served(setup({ out: join(dir, "no-such-dir", "out.ndjson") }));
    const unwritable = await ask({ kind: "write", clusters: [{ id: "p1", recordIds: ["r1"] }] });
    expect(unwritable).toMatchObject({ kind: "error", exitCode: 1 });
    expect(unwritable.kind === "error" ? unwritable.error : "").toMatch(/out\.ndjson: cannot be written \(ENOENT/);
    const buggy = await served(setup({ out: join(dir, "bug.ndjson") }))({ kind: "write", clusters: null });
    expect(buggy).toMatchObject({ kind: "error", exitCode: 1 });
    expect(buggy.kind === "error" ? buggy.error : "").toMatch(/^building the profiles failed: TypeError[^\n]*\n\s+at /);
  });
});
