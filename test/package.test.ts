// End-to-end check of the published package: pack it as `npm publish` would, install the tarball into a
// scratch project, then use it the ways a consumer would — `import`, `require`, both subpaths, and a
// strict NodeNext type check of the shipped declaration files from .mts and .cts files.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
let scratch = "";
let files: string[] = [];

function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "profile-kit-consumer-"));
  // Build dist/ from the current sources, then pack it as publishing would (prepack would only build again).
  run("npm", ["run", "build"], root);
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", scratch], root)) as [
    { filename: string; files: { path: string }[] },
  ];
  files = packed.files.map((file) => file.path);
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }));
  run("npm", ["install", join(scratch, packed.filename), "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], scratch);
});

afterAll(() => {
  if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("ships only the build, the package file, the readme, the license and third-party notices", () => {
    expect(files).toContain("package.json");
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/index.cjs");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/index.d.cts");
    expect(files).toContain("dist/testing/index.js");
    expect(files).toContain("dist/testing/index.cjs");
    expect(files).toContain("dist/testing/index.d.ts");
    expect(files).toContain("dist/testing/index.d.cts");
    expect(files).toContain("THIRD_PARTY_NOTICES.md");
    for (const file of files) expect(file).toMatch(/^(dist\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$|THIRD_PARTY_NOTICES\.md$)/);
  });

  it("works with import, from both entry points, and recognises errors across ESM and CJS copies", () => {
    writeFileSync(
      join(scratch, "esm.mjs"),
      `import { createRequire } from "node:module";
import { isProfileKitError, ProfileKitError, STANDARD_FIELDS } from "profile-kit";
import { generateCustomerDataset } from "profile-kit/testing";
import pkg from "profile-kit/package.json" with { type: "json" };
const cjsTesting = createRequire(import.meta.url)("profile-kit/testing");
const dataset = generateCustomerDataset({ entities: 20, seed: 5 });
let crossCopy = null;
try { cjsTesting.generateCustomerRecords({ entities: -1 }); } catch (error) {
  crossCopy = { guard: isProfileKitError(error), instanceOf: error instanceof ProfileKitError, code: error.code };
}
console.log(JSON.stringify({ fields: STANDARD_FIELDS.length, people: dataset.entityCount, records: dataset.records.length, name: pkg.name, crossCopy }));
`,
    );
    const output = JSON.parse(run("node", ["esm.mjs"], scratch)) as Record<string, unknown>;
    expect(output).toMatchObject({ fields: 14, people: 20, name: "profile-kit" });
    expect(output["records"]).toBeGreaterThanOrEqual(20);
    expect(output["crossCopy"]).toEqual({ guard: true, instanceOf: false, code: "invalid_options" });
  });

  it("works with require, from both entry points", () => {
    writeFileSync(
      join(scratch, "cjs.cjs"),
      `const { ProfileKitError, isProfileKitError } = require("profile-kit");
const { generateCustomerRecords, CUSTOMER_SOURCES } = require("profile-kit/testing");
const first = generateCustomerRecords({ entities: 3, seed: 1 }).next().value;
const error = new ProfileKitError("store_failure", "boom", { cause: new Error("inner") });
console.log(JSON.stringify({ sources: CUSTOMER_SOURCES, id: typeof first.record.id, guard: isProfileKitError(error), cause: error.cause.message }));
`,
    );
    const output = JSON.parse(run("node", ["cjs.cjs"], scratch)) as Record<string, unknown>;
    expect(output).toEqual({ sources: ["crm", "web", "orders", "support", "newsletter"], id: "string", guard: true, cause: "inner" });
  });

  it("installs the profile-kit command: npx profile-kit runs from the installed package", () => {
    writeFileSync(join(scratch, "people.csv"), "id,email\n1,ANN@Fastmail.com\n");
    expect(run("npx", ["--no-install", "profile-kit", "--help"], scratch)).toContain("profile-kit cleanse");
    run("npx", ["--no-install", "profile-kit", "cleanse", "people.csv", "--out", "clean.ndjson", "--quiet"], scratch);
    expect(JSON.parse(readFileSync(join(scratch, "clean.ndjson"), "utf8"))).toMatchObject({ id: "1", email: "ann@fastmail.com" });
  });

  it("has an entry point per stage, each sharing one copy of the library with the root (ESM and CJS)", () => {
    writeFileSync(
      join(scratch, "stages.mjs"),
      `import { compileSlots } from "profile-kit";
import { personalize } from "profile-kit/fallback";
import { normalizeEmail } from "profile-kit/cleanse";
import { resolveIdentities } from "profile-kit/identity";
import { mergeRecords } from "profile-kit/merge";
import { profileAsOf, appendChanges } from "profile-kit/versioning";
import { verifyEmails } from "profile-kit/enrich";
import { checkExpectations } from "profile-kit/monitoring";
import { createProfileEngine, defineSchema } from "profile-kit/engine";
import { postgresStore } from "profile-kit/postgres";
import { consumeRecords } from "profile-kit/rabbitmq";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const slots = compileSlots({ greeting: { path: "firstName", generic: "there" } });
const cjsSlots = require("profile-kit").compileSlots({ greeting: { path: "firstName", generic: "there" } });
const history = appendChanges(null, [{ attribute: "city", value: "York" }], { now: "2024-01-01T00:00:00Z", profileId: "p" }).history;
// A schema made through one entry point is recognised by every other, ESM and CJS alike.
const schema = defineSchema({ id: "key", source: "from" });
const engine = createProfileEngine({ schema });
const ingested = await engine.ingest({ key: "1", from: "crm", email: "ann@fastmail.com" });
const cjsEngine = require("profile-kit/engine").createProfileEngine({ schema });
const resolvedWithSchema = require("profile-kit/identity").resolveIdentities([{ key: "a", from: "x", email: "a@fastmail.com" }], { schema }).clusters.length;
console.log(JSON.stringify({
  engine: ingested.outcome + ":" + typeof cjsEngine.ingest + ":" + resolvedWithSchema + ":" + typeof postgresStore + ":" + typeof require("profile-kit/postgres").postgresStore + ":" + typeof consumeRecords + ":" + typeof require("profile-kit/rabbitmq").publishRecords,
  esm: personalize({ attributes: { firstName: "Ann" } }, slots).values.greeting,
  cjs: require("profile-kit/fallback").personalize({ attributes: { firstName: "Bo" } }, cjsSlots).values.greeting,
  email: normalizeEmail("A@X.COM").value,
  clusters: resolveIdentities([{ id: "a" }, { id: "b" }]).clusters.length,
  merged: mergeRecords([{ id: "a", x: 1 }]).attributes.x,
  city: profileAsOf(history).attributes.city,
  verify: typeof verifyEmails,
  monitoring: checkExpectations({ ...require("profile-kit/monitoring").observeBatch().summary() }, [{ kind: "volume", min: 0 }]).passed,
}));
`,
    );
    expect(JSON.parse(run("node", ["stages.mjs"], scratch))).toEqual({ engine: "created:function:1:function:function:function:function", esm: "Ann", cjs: "Bo", email: "a@x.com", clusters: 2, merged: 1, city: "York", verify: "function", monitoring: true });
  });

  it("prepares a large input in a worker thread, with import and with require, to the same result as one thread", () => {
    writeFileSync(
      join(scratch, "threads.mjs"),
      `import { createRequire } from "node:module";
import { resolveIdentities } from "profile-kit/identity";
import { generateCustomerDataset } from "profile-kit/testing";
const require = createRequire(import.meta.url);
let workers = 0;
process.on("worker", () => { workers++; });
const records = generateCustomerDataset({ entities: 8000, seed: 2 }).records;
const one = JSON.stringify(resolveIdentities(records, { threads: 1 }));
// The "worker" event comes once this thread is free again.
const settled = () => new Promise((resolve) => setTimeout(resolve, 50));
const esm = JSON.stringify(resolveIdentities(records, { threads: 2 }));
await settled();
const esmWorkers = workers;
const cjs = JSON.stringify(require("profile-kit/identity").resolveIdentities(records, { threads: 2 }));
await settled();
console.log(JSON.stringify({ records: records.length > 8192, esm: esm === one, cjs: cjs === one, esmWorkers, cjsWorkers: workers - esmWorkers }));
`,
    );
    // A worker is started from the installed package's own file (dist/identity/_prepareWorker.js) by both builds.
    expect(JSON.parse(run("node", ["threads.mjs"], scratch))).toEqual({ records: true, esm: true, cjs: true, esmWorkers: 1, cjsWorkers: 1 });
  });

  it("keeps serverless bundles small: personalize-only and email-cleansing-only functions within budget", async () => {
    const { build } = await import("esbuild");
    const sizes: Record<string, number> = {};
    const functions = {
      personalize: `import { compileSlots, personalize } from "profile-kit/fallback";
const slots = compileSlots({ firstName: { path: "firstName", generic: "there", format: { type: "name", part: "first" } }, since: { path: "memberSince", format: { type: "date" }, policy: "omit" } });
export const handler = (profile) => personalize(profile, slots, { now: Date.now() }).values;`,
      email: `import { normalizeEmail } from "profile-kit/cleanse";
export const handler = (value) => normalizeEmail(value).value;`,
      resolve: `import { resolveIdentities } from "profile-kit/identity";
export const handler = (records) => resolveIdentities(records).clusters;`,
    };
    for (const [name, code] of Object.entries(functions)) {
      writeFileSync(join(scratch, `fn-${name}.mjs`), code);
      const result = await build({ entryPoints: [join(scratch, `fn-${name}.mjs`)], absWorkingDir: scratch, bundle: true, minify: true, platform: "node", target: "node20", format: "esm", write: false, logLevel: "silent" });
      sizes[name] = (result.outputFiles[0]?.contents.length ?? 0) / 1024;
    }
    // The budgets of the issue that asked for serverless-sized entry points.
    expect(sizes["personalize"]).toBeLessThanOrEqual(120);
    expect(sizes["email"]).toBeLessThanOrEqual(250);
  });

  it("type-checks under NodeNext from .mts and .cts files with the strictest settings", () => {
    mkdirSync(join(scratch, "types"), { recursive: true });
    writeFileSync(
      join(scratch, "types", "consumer.mts"),
      `import { isProfileKitError, type Issue, type IssueCode, type CustomerRecord } from "profile-kit";
import { personalize, type PersonalizeResult } from "profile-kit/fallback";
import type { GoldenProfile } from "profile-kit/merge";
const personalized: PersonalizeResult = personalize(null, { a: { path: "x", generic: "y" } });
export const golden: GoldenProfile | null = personalized.send === "send" ? null : null;
import { generateCustomerDataset, type GeneratedRecord } from "profile-kit/testing";
const code: IssueCode = "invalid_type";
const record: CustomerRecord = { id: "1", email: "a@b.co", extra: 1 };
const dataset = generateCustomerDataset({ entities: 1 });
const first: GeneratedRecord["record"] | undefined = dataset.records[0];
export function describe(issue: Issue, error: unknown): string {
  return isProfileKitError(error) ? error.code : issue.code + code + String(record.id) + String(first?.id);
}
`,
    );
    writeFileSync(
      join(scratch, "types", "consumer.cts"),
      `import kit = require("profile-kit");
import identity = require("profile-kit/identity");
const resolved: identity.ResolveIdentitiesResult = identity.resolveIdentities([]);
import testing = require("profile-kit/testing");
import engine = require("profile-kit/engine");
const store: engine.ProfileStore = engine.memoryStore();
const typedEngine: engine.ProfileEngine<{ plan?: "free" | "pro" }> = engine.createProfileEngine({ schema: engine.defineSchema<{ plan?: "free" | "pro" }>({}), store });
const error: kit.ProfileKitError = new kit.ProfileKitError("invalid_options", "x");
const records: testing.GeneratedRecord[] = [...testing.generateCustomerRecords({ entities: 1 })];
export = { code: error.code, count: records.length, clusters: resolved.clusters.length, typedEngine };
`,
    );
    writeFileSync(
      join(scratch, "types", "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          noEmit: true,
          types: [],
        },
        include: ["*.mts", "*.cts"],
      }),
    );
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    let output: string;
    try {
      output = run("node", [tsc, "-p", join(scratch, "types", "tsconfig.json")], scratch);
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe("");
  });
});
