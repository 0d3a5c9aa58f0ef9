// Benchmark cases. Each runs in its own child process (see index.ts) so its peak memory is its own.
// They use the built package (dist/), as users do; data comes from the project's seeded generator.
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { DateTime } from "luxon";
import Imported from "fastest-validator";
import { z } from "zod";
// "profile-kit" resolves to the built package at run time (bench/index.ts runs tsx without the tsconfig
// paths that point type checking at src/).
import { execFile, execFileSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from "node:fs";
import { stringify as stringifyCsv } from "csv-stringify/sync";
import { promisify } from "node:util";
import { resolve } from "node:path";
import levenshtein from "fast-levenshtein";
import { Liquid } from "liquidjs";
import { appendChanges, compileExplainer, compileSlots, personalize, renderWithFallback, type GoldenProfile, cleanseRecord, cleanseRecords, compileCleanseSpec, evaluateBlocking, evaluateClusters, mergeRecords, profileAsOf, resolveIdentities, type ResolveIdentitiesOptions, trainModel, type ChangeInput, type ProfileHistory } from "profile-kit";
import { generateCustomerDataset, generateCustomerNdjson, generateCustomerRecords } from "profile-kit/testing";
import { createProfileEngine, defineSchema, type ProfileEngine } from "profile-kit/engine";
import { postgresStore } from "profile-kit/postgres";
import { publishRecords } from "profile-kit/rabbitmq";
import pg from "pg";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { spawn } from "node:child_process";
import { _fakeOptions, _febrlOptions, _febrlRecords, _readDevData } from "../src/identity/_devData.js";
import { _engineMetrics } from "../src/engine/_metrics.js";
import type { Issue } from "profile-kit";

const Validator = Imported as unknown as typeof Imported.default;

/** What one case measured. `items` is what throughput is counted in. */
export interface CaseResult {
  readonly items: number;
  readonly unit: string;
  readonly accuracy?: string;
  readonly note?: string;
}

export interface BenchCase {
  readonly name: string;
  /** Sizes in the case's own unit (people for the generator, records elsewhere). */
  readonly sizes: readonly number[];
  /** Untimed preparation; its result is passed to `run`. */
  readonly prepare?: (size: number) => unknown;
  /** May report its own timed `seconds` when part of the run (checking accuracy) is not to be timed. */
  readonly run?: (size: number, prepared: unknown) => CaseResult & { readonly seconds?: number };
  /** For asynchronous cases, instead of `run`; may report its own timed `seconds`. */
  readonly runAsync?: (size: number, prepared: unknown) => Promise<CaseResult & { readonly seconds?: number }>;
}

const NOW = "2026-01-01T00:00:00Z";

/** `size` generated records and the truth of who is who. */
function labelledRecords(size: number): { records: readonly Record<string, unknown>[]; truth: Map<string, string> } {
  const { records: all, entityIds } = generateCustomerDataset({ entities: Math.ceil(size / 2.55) + 10, seed: 7 });
  return { records: all.slice(0, size), truth: new Map(all.slice(0, size).map((r, i) => [r.id, entityIds[i] as string])) };
}

/** resolveIdentities timed alone (scoring the result against the truth comes after), with its accuracy. */
function timedResolve(prepared: unknown, options: ResolveIdentitiesOptions): { items: number; unit: string; seconds: number; accuracy: string; note: string } {
  const { records: input, truth } = prepared as { records: readonly Record<string, unknown>[]; truth: Map<string, string> };
  const started = performance.now();
  const result = resolveIdentities(input, options);
  const seconds = (performance.now() - started) / 1000;
  const e = evaluateClusters(result.clusters, truth);
  // Blocking recall prepares the records again: measured up to 100k, after the timed run.
  const blocking = input.length <= 100_000 ? `; blocking recall ${evaluateBlocking(input, truth).blockingRecall.toFixed(4)}` : "";
  return {
    items: input.length,
    unit: "records",
    seconds,
    accuracy: `P ${e.precision.toFixed(4)} R ${e.recall.toFixed(4)} F1 ${e.f1.toFixed(4)}${blocking}`,
    note: `${result.stats.comparisons.toLocaleString("en-US")} comparisons`,
  };
}

function records(size: number): readonly Record<string, unknown>[] {
  // `size` records: generate enough people, then cut.
  const { records: all } = generateCustomerDataset({ entities: Math.ceil(size / 2.4) + 10, seed: 7 });
  return all.slice(0, size);
}

const RECORDING_START = "2026-01-01T00:00:00Z";

interface ChangeBatch {
  readonly profileId: string;
  readonly now: number;
  readonly changes: ChangeInput[];
}

/**
 * The changes a pipeline would append for `people` generated people: each source record becomes one batch
 * for its person's profile, holding the fields that differ from what that person's earlier records said,
 * valid at the record's update time and recorded one second after the previous batch.
 */
function changeBatches(people: number): ChangeBatch[] {
  const batches: ChangeBatch[] = [];
  const known = new Map<string, Map<string, string>>();
  let now = Date.parse(RECORDING_START);
  for (const { record, entityId } of generateCustomerRecords({ entities: people, seed: 11 })) {
    const seen = known.get(entityId) ?? new Map<string, string>();
    known.set(entityId, seen);
    const changes: ChangeInput[] = [];
    for (const [attribute, value] of Object.entries(record)) {
      if (attribute === "id" || attribute === "source" || attribute === "updatedAt" || value === undefined || value === "" || seen.get(attribute) === value) continue;
      seen.set(attribute, value);
      changes.push({ attribute, value, validAt: record.updatedAt, source: record.source });
    }
    batches.push({ profileId: entityId, now: (now += 1000), changes });
  }
  return batches;
}

/** A typical 10-slot email over the standard fields. */
const EMAIL_SLOTS = {
  firstName: { path: "firstName", generic: "there", format: { type: "name", part: "first" }, maxAgeDays: 5 * 365 },
  lastName: { path: "lastName", policy: "omit", format: { type: "name", part: "last" } },
  email: { path: "email", policy: "omit", format: { type: "text", case: "lower" } },
  phone: { path: "phone", policy: "omit", maxAgeDays: 3 * 365 },
  street: { path: "street", policy: "omit", format: { type: "text", maxLength: 40 }, maxAgeDays: 3 * 365 },
  city: { path: "city", generic: "your area", format: { type: "text", case: "title" }, maxAgeDays: 3 * 365 },
  postalCode: { path: "postalCode", policy: "omit" },
  country: { path: "country", generic: "US" },
  birthday: { path: "dateOfBirth", policy: "omit", format: { type: "date", style: "long" } },
  customerId: { path: "customerId", policy: "omit", validate: /^[A-Z0-9-]+$/i },
} as const;
const EMAIL_TEMPLATE = `<p>Hi {{ firstName }}{% if lastName %} {{ lastName }}{% endif %},</p>
<p>We have {{ email }}{% if phone %} and {{ phone }}{% endif %} on file.</p>
{% if street %}<p>Ship to {{ street }}, {{ city }} {{ postalCode }}, {{ country }}.</p>{% else %}<p>New in {{ city }} this week.</p>{% endif %}
{% if birthday %}<p>Your birthday is {{ birthday }}.</p>{% endif %}{% if customerId %}<p>Member {{ customerId }}</p>{% endif %}`;

/** The generator's true clusters of `size` records, cleansed: what merge receives after resolution. */
function trueClusters(size: number): Record<string, unknown>[][] {
  const { records: all, entityIds } = generateCustomerDataset({ entities: Math.ceil(size / 2.55) + 10, seed: 7 });
  const spec = compileCleanseSpec({ now: NOW });
  const clusters = new Map<string, Record<string, unknown>[]>();
  all.slice(0, size).forEach((record, i) => {
    const list = clusters.get(entityIds[i] as string) ?? [];
    list.push(cleanseRecord(record, spec).record);
    clusters.set(entityIds[i] as string, list);
  });
  return [...clusters.values()];
}

/** Golden profiles of about `size` generated records (the true clusters, cleansed and merged). */
function goldenProfiles(size: number): GoldenProfile[] {
  const profiles = trueClusters(size).map((records) => mergeRecords(records));
  // Enough profiles for the size asked for: repeat the list (personalization does not depend on order).
  const out: GoldenProfile[] = [];
  for (let i = 0; out.length < size; i++) out.push(profiles[i % profiles.length] as GoldenProfile);
  return out;
}

export const cases: readonly BenchCase[] = [
  {
    name: "generate records (in memory iteration)",
    sizes: [100_000, 1_000_000],
    run: (size) => {
      let count = 0;
      for (const generated of generateCustomerRecords({ entities: size, seed: 1 })) if (generated.record.id) count++;
      return { items: count, unit: "records", note: `${size.toLocaleString("en-US")} people` };
    },
  },
  {
    name: "generate NDJSON (streamed, bytes counted)",
    sizes: [100_000, 1_000_000],
    run: (size) => {
      let lines = 0;
      let bytes = 0;
      for (const line of generateCustomerNdjson({ entities: size, seed: 1 })) {
        lines++;
        bytes += line.length;
      }
      return { items: lines, unit: "records", note: `${(bytes / 1024 / 1024).toFixed(0)} MiB of NDJSON, ${size.toLocaleString("en-US")} people` };
    },
  },
  {
    name: "cleanseRecords (all standard fields)",
    sizes: [100_000],
    prepare: records,
    run: (_size, prepared) => {
      const input = prepared as readonly Record<string, unknown>[];
      const { report } = cleanseRecords(input, { now: NOW });
      return { items: input.length, unit: "records", note: `${report.recordsWithProblems.toLocaleString("en-US")} records with problems` };
    },
  },
  {
    name: "cleanseRecord, one at a time (results not kept)",
    sizes: [100_000],
    prepare: records,
    run: (_size, prepared) => {
      const input = prepared as readonly Record<string, unknown>[];
      const spec = compileCleanseSpec({ now: NOW });
      let problems = 0;
      for (const record of input) if (cleanseRecord(record, spec).issues.length > 0) problems++;
      return { items: input.length, unit: "records", note: `${problems.toLocaleString("en-US")} records with issues` };
    },
  },
  {
    name: "bare dependency calls (libphonenumber-js parse + luxon parse)",
    sizes: [100_000],
    prepare: records,
    run: (_size, prepared) => {
      // The dependency work cleansing needs, and nothing of ours: parse every phone with the max metadata
      // and ask its validity and type (as cleansing does), and parse every date field with luxon.
      const input = prepared as readonly Record<string, unknown>[];
      let sink = 0;
      for (const record of input) {
        const phone = record["phone"];
        if (typeof phone === "string") {
          const parsed = parsePhoneNumberFromString(phone, "US");
          if (parsed !== undefined) sink += (parsed.isValid() ? 1 : 0) + (parsed.getType() === undefined ? 0 : 1);
        }
        for (const field of ["updatedAt", "dateOfBirth"]) {
          const value = record[field];
          if (typeof value === "string") sink += DateTime.fromISO(value, { setZone: true }).isValid ? 1 : 0;
        }
      }
      return { items: input.length, unit: "records", note: `checksum ${sink}` };
    },
  },
  {
    name: "host rules: fastest-validator (compiled once)",
    sizes: [100_000],
    prepare: (size) => records(size).map((record) => cleanseRecord(record, compileCleanseSpec({ now: NOW })).record),
    run: (_size, prepared) => {
      const input = prepared as readonly Record<string, unknown>[];
      const check = new Validator().compile({
        $$strict: false,
        source: { type: "enum", values: ["crm", "web", "orders", "support", "newsletter"] },
        customerId: { type: "string", pattern: /^CUS-\d{9}$/, optional: true, nullable: true },
        email: { type: "email", optional: true, nullable: true },
        country: { type: "string", length: 2, optional: true, nullable: true },
      }) as (value: unknown) => true | unknown[];
      let failures = 0;
      for (const record of input) if (check({ ...record }) !== true) failures++;
      return { items: input.length, unit: "records", note: `${failures} failures` };
    },
  },
  {
    name: "host rules: zod (same rules, built once)",
    sizes: [100_000],
    prepare: (size) => records(size).map((record) => cleanseRecord(record, compileCleanseSpec({ now: NOW })).record),
    run: (_size, prepared) => {
      const input = prepared as readonly Record<string, unknown>[];
      const schema = z.looseObject({
        source: z.enum(["crm", "web", "orders", "support", "newsletter"]),
        customerId: z.string().regex(/^CUS-\d{9}$/).nullish(),
        email: z.email().nullish(),
        country: z.string().length(2).nullish(),
      });
      let failures = 0;
      for (const record of input) if (!schema.safeParse(record).success) failures++;
      return { items: input.length, unit: "records", note: `${failures} failures` };
    },
  },

  {
    name: "resolveIdentities (zero configuration)",
    sizes: [10_000, 100_000, 1_000_000],
    prepare: labelledRecords,
    run: (_size, prepared) => timedResolve(prepared, {}),
  },
  {
    // What the threads of preparation give: the same run in the calling thread alone.
    name: "resolveIdentities (zero configuration, one thread)",
    sizes: [100_000, 1_000_000],
    prepare: labelledRecords,
    run: (_size, prepared) => timedResolve(prepared, { threads: 1 }),
  },
  {
    name: "naive all-pairs Levenshtein dedupe (baseline)",
    sizes: [5_000],
    prepare: labelledRecords,
    run: (_size, prepared) => {
      // What a team writes first: lower-case and join name, email, phone and birth date, compare every
      // pair by edit distance, link pairs under 20% of the longer string.
      const { records: input, truth } = prepared as { records: readonly Record<string, unknown>[]; truth: Map<string, string> };
      const keys = input.map((r) => ["firstName", "lastName", "email", "phone", "dateOfBirth"].map((f) => { const v = r[f]; return typeof v === "string" ? v : ""; }).join("|").toLowerCase().replace(/\s+/g, ""));
      const parent = input.map((_, i) => i);
      const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] as number)));
      for (let i = 0; i < keys.length; i++) {
        for (let j = i + 1; j < keys.length; j++) {
          const a = keys[i] as string;
          const b = keys[j] as string;
          if (levenshtein.get(a, b) <= 0.2 * Math.max(a.length, b.length)) parent[find(i)] = find(j);
        }
      }
      const groups = new Map<number, string[]>();
      input.forEach((r, i) => {
        const root = find(i);
        const list = groups.get(root) ?? [];
        list.push(r["id"] as string);
        groups.set(root, list);
      });
      const e = evaluateClusters([...groups.values()].map((recordIds) => ({ recordIds })), truth);
      return { items: input.length, unit: "records", accuracy: `P ${e.precision.toFixed(4)} R ${e.recall.toFixed(4)} F1 ${e.f1.toFixed(4)}`, note: `${((keys.length * (keys.length - 1)) / 2).toLocaleString("en-US")} comparisons` };
    },
  },
  {
    // Issue #15 asks for at least 1,000 explained pairs a second: the data set is prepared once.
    name: "compileExplainer: explain every link of a resolved data set",
    sizes: [100_000],
    prepare: records,
    run: (_size, prepared) => {
      const input = prepared as readonly Record<string, unknown>[];
      const links = resolveIdentities(input).links;
      const started = performance.now();
      const explainer = compileExplainer(input);
      const compiled = (performance.now() - started) / 1000;
      let linked = 0;
      for (const link of links) if (explainer.explain(link.a, link.b).linked) linked++;
      const seconds = (performance.now() - started) / 1000;
      return { items: links.length, unit: "pairs", seconds, note: `${links.length.toLocaleString("en-US")} links of ${input.length.toLocaleString("en-US")} records (preparing them once: ${compiled.toFixed(2)} s), ${linked.toLocaleString("en-US")} explained as linked` };
    },
  },
  {
    name: "resolveIdentities at the same size as the baseline",
    sizes: [5_000],
    prepare: labelledRecords,
    run: (_size, prepared) => {
      const { records: input, truth } = prepared as { records: readonly Record<string, unknown>[]; truth: Map<string, string> };
      const e = evaluateClusters(resolveIdentities(input).clusters, truth);
      return { items: input.length, unit: "records", accuracy: `P ${e.precision.toFixed(4)} R ${e.recall.toFixed(4)} F1 ${e.f1.toFixed(4)}` };
    },
  },

  {
    name: "mergeRecords (default policy, with provenance)",
    sizes: [100_000],
    prepare: trueClusters,
    run: (_size, prepared) => {
      const clusters = prepared as Record<string, unknown>[][];
      let records = 0;
      let conflicts = 0;
      for (const cluster of clusters) {
        records += cluster.length;
        conflicts += mergeRecords(cluster).conflicts.length;
      }
      return { items: records, unit: "records", note: `${clusters.length.toLocaleString("en-US")} profiles, ${conflicts.toLocaleString("en-US")} conflicts` };
    },
  },
  {
    name: "appendChanges (one call per source record)",
    // In people: 100,000 people give about 1.08 million changes.
    sizes: [100_000],
    prepare: (size) => changeBatches(size),
    run: (_size, prepared) => {
      const batches = prepared as ChangeBatch[];
      const histories = new Map<string, ProfileHistory>();
      let changes = 0;
      let appended = 0;
      for (const batch of batches) {
        const result = appendChanges(histories.get(batch.profileId) ?? null, batch.changes, { now: batch.now, profileId: batch.profileId });
        histories.set(batch.profileId, result.history);
        changes += batch.changes.length;
        appended += result.appended;
      }
      return { items: changes, unit: "changes", note: `${histories.size.toLocaleString("en-US")} profiles, ${appended.toLocaleString("en-US")} versions` };
    },
  },
  {
    name: "profileAsOf (random valid and recorded times)",
    sizes: [100_000],
    prepare: (size) => {
      const histories = new Map<string, ProfileHistory>();
      for (const batch of changeBatches(100_000)) histories.set(batch.profileId, appendChanges(histories.get(batch.profileId) ?? null, batch.changes, { now: batch.now, profileId: batch.profileId }).history);
      const list = [...histories.values()];
      const queries: { history: ProfileHistory; validAt: number; recordedAt: number }[] = [];
      for (let i = 0; i < size; i++) queries.push({ history: list[(i * 7919) % list.length] as ProfileHistory, validAt: Date.parse("2024-01-01T00:00:00Z") + ((i * 104_729) % 730) * 86_400_000, recordedAt: Date.parse(RECORDING_START) + i * 3_600_000 });
      return queries;
    },
    run: (_size, prepared) => {
      const queries = prepared as { history: ProfileHistory; validAt: number; recordedAt: number }[];
      let values = 0;
      for (const query of queries) values += Object.keys(profileAsOf(query.history, { validAt: query.validAt, recordedAt: query.recordedAt }).attributes).length;
      return { items: queries.length, unit: "queries", note: `${values.toLocaleString("en-US")} attribute values returned` };
    },
  },
  {
    name: "profileAsOf on one profile with 1,000 versions",
    sizes: [10_000],
    prepare: () => {
      const attributes = ["email", "phone", "city", "street", "postalCode", "tier", "lastOrder", "firstName", "lastName", "consent"];
      let history: ProfileHistory | null = null;
      for (let i = 0; i < 1_000; i++) {
        const change: ChangeInput = { attribute: attributes[i % attributes.length] as string, value: `value-${i}`, validAt: Date.parse("2023-01-01T00:00:00Z") + ((i * 7919) % 1000) * 3_600_000, source: i % 3 === 0 ? "crm" : "web" };
        history = appendChanges(history, [change], { now: Date.parse("2024-01-01T00:00:00Z") + i * 60_000, profileId: "big" }).history;
      }
      return history;
    },
    run: (size, prepared) => {
      const history = prepared as ProfileHistory;
      let values = 0;
      const started = performance.now();
      for (let i = 0; i < size; i++) values += Object.keys(profileAsOf(history, { validAt: Date.parse("2023-01-01T00:00:00Z") + (i % 1000) * 3_600_000 }).attributes).length;
      const perQuery = ((performance.now() - started) * 1000) / size;
      return { items: size, unit: "queries", note: `${history.entries.length} versions, ${perQuery.toFixed(1)} µs per query, ${values.toLocaleString("en-US")} values` };
    },
  },
  {
    name: "personalize (10-slot email, compiled slots)",
    sizes: [100_000],
    prepare: goldenProfiles,
    run: (_size, prepared) => {
      const profiles = prepared as GoldenProfile[];
      const slots = compileSlots(EMAIL_SLOTS);
      const now = Date.parse("2024-01-01T00:00:00Z");
      let fellBack = 0;
      // Three passes over the profiles, so the rate is that of a warm send loop more than of JIT warm-up.
      for (let pass = 0; pass < 3; pass++) for (const profile of profiles) fellBack += personalize(profile, slots, { now }).fellBack.length;
      return { items: profiles.length * 3, unit: "profiles", note: `${profiles.length.toLocaleString("en-US")} golden profiles × 3 passes, ${(fellBack / (profiles.length * 3)).toFixed(2)} slots fell back per profile` };
    },
  },
  {
    name: "LiquidJS render: bare engine vs renderWithFallback",
    sizes: [100_000],
    prepare: goldenProfiles,
    runAsync: async (_size, prepared) => {
      const profiles = prepared as GoldenProfile[];
      const liquid = new Liquid({ outputEscape: "escape" });
      const template = liquid.parse(EMAIL_TEMPLATE);
      const slots = compileSlots(EMAIL_SLOTS);
      const now = Date.parse("2024-01-01T00:00:00Z");
      let started = performance.now();
      let bytes = 0;
      for (const profile of profiles) bytes += ((await liquid.render(template, profile.attributes)) as string).length;
      const bare = (performance.now() - started) / 1000;
      started = performance.now();
      let generic = 0;
      for (const profile of profiles) {
        const result = await renderWithFallback((parsed, data) => liquid.render(parsed, data) as Promise<string>, template, profile, slots, { now });
        bytes += result.output?.length ?? 0;
        if (result.decision !== "personalized") generic++;
      }
      const withFallbacks = (performance.now() - started) / 1000;
      return {
        items: profiles.length,
        unit: "profiles",
        seconds: withFallbacks,
        note: `${(bytes / 1e6).toFixed(0)} MB of HTML; bare engine ${bare.toFixed(2)} s (${Math.round(profiles.length / bare).toLocaleString("en-US")}/s); with fallbacks ${withFallbacks.toFixed(2)} s: +${(((withFallbacks - bare) / profiles.length) * 1e6).toFixed(1)} µs per email; ${generic} generic`,
      };
    },
  },
  {
    name: "bundle size (esbuild, minified, node20)",
    sizes: [3],
    runAsync: async () => {
      // Three small serverless functions, each bundled from the built package as a host's bundler would.
      const { build } = await import("esbuild");
      const root = resolve(import.meta.dirname, "..");
      const functions: Record<string, string> = {
        "personalize only": `import { compileSlots, personalize } from "profile-kit/fallback"; const s = compileSlots({ firstName: { path: "firstName", generic: "there", format: { type: "name", part: "first" } } }); export const handler = (p) => personalize(p, s, { now: Date.now() }).values;`,
        "cleanse email only": `import { normalizeEmail } from "profile-kit/cleanse"; export const handler = (v) => normalizeEmail(v).value;`,
        "resolve identities only": `import { resolveIdentities } from "profile-kit/identity"; export const handler = (r) => resolveIdentities(r).clusters;`,
      };
      const notes: string[] = [];
      for (const [name, contents] of Object.entries(functions)) {
        const result = await build({ stdin: { contents, resolveDir: root, loader: "js" }, bundle: true, minify: true, platform: "node", target: "node20", format: "esm", write: false, logLevel: "silent" });
        notes.push(`${name} ${((result.outputFiles[0]?.contents.length ?? 0) / 1024).toFixed(1)} KB`);
      }
      return { items: 3, unit: "bundles", note: notes.join("; ") };
    },
  },
  {
    name: "cold import (fresh node process, median of 15)",
    sizes: [15],
    run: (size) => {
      // Each entry point imported in a new process, as a serverless cold start does; the package resolves
      // itself by name (self-reference through its exports).
      const notes: string[] = [];
      for (const entry of ["profile-kit/fallback", "profile-kit/cleanse", "profile-kit"]) {
        const times: number[] = [];
        for (let i = 0; i < size; i++) {
          const output = execFileSync(process.execPath, ["--input-type=module", "-e", `const t = performance.now(); await import(${JSON.stringify(entry)}); console.log(performance.now() - t);`], { cwd: resolve(import.meta.dirname, ".."), encoding: "utf8" });
          times.push(Number(output.trim()));
        }
        times.sort((x, y) => x - y);
        notes.push(`${entry} ${(times[Math.floor(size / 2)] as number).toFixed(1)} ms`);
      }
      return { items: size * 3, unit: "imports", note: notes.join("; ") };
    },
  },
  {
    name: "engine: ingestMany into the memory store",
    sizes: [20_000],
    prepare: labelledRecords,
    runAsync: async (_size, prepared) => {
      const { records: input, truth } = prepared as { records: readonly Record<string, unknown>[]; truth: Map<string, string> };
      const engine = createProfileEngine({ schema: defineSchema({}) });
      const started = performance.now();
      const result = await engine.ingestMany(input);
      const seconds = (performance.now() - started) / 1000;
      // Before any refresh: how far one-at-a-time resolution is from the batch path, and from the truth.
      const incremental = await enginePartition(engine);
      const batch = resolveIdentities(input).clusters;
      const vsBatch = evaluateClusters(incremental, new Map(batch.flatMap((c) => c.recordIds.map((id) => [id, c.id]))));
      const vsTruth = evaluateClusters(incremental, truth);
      return {
        items: input.length,
        unit: "records",
        seconds,
        accuracy: `vs batch F1 ${vsBatch.f1.toFixed(4)}; vs truth P ${vsTruth.precision.toFixed(4)} R ${vsTruth.recall.toFixed(4)} F1 ${vsTruth.f1.toFixed(4)}`,
        note: `${result.outcomes.created} created, ${result.outcomes.joined} joined, ${result.outcomes.merged} merged`,
      };
    },
  },
  {
    name: "engine: ingest one record (p50/p99), N records loaded",
    sizes: [20_000],
    prepare: labelledRecords,
    runAsync: async (_size, prepared) => {
      const { records: input } = prepared as { records: readonly Record<string, unknown>[] };
      const engine = createProfileEngine({ schema: defineSchema({}) });
      await engine.ingestMany(input);
      const { count, seconds, at, warmAt } = await timeSingleIngests(engine, 2_000, true);
      return { items: count, unit: "records", seconds, note: `first ${count} new records: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms; the next ${count}: p50 ${warmAt(0.5)} ms, p99 ${warmAt(0.99)} ms, max ${warmAt(1)} ms` };
    },
  },
  {
    name: "engine: refresh (batch re-resolution of every stored record)",
    sizes: [20_000],
    prepare: labelledRecords,
    runAsync: async (_size, prepared) => {
      const { records: input, truth } = prepared as { records: readonly Record<string, unknown>[]; truth: Map<string, string> };
      const engine = createProfileEngine({ schema: defineSchema({}) });
      await engine.ingestMany(input);
      const started = performance.now();
      const result = await engine.refresh();
      const seconds = (performance.now() - started) / 1000;
      const e = evaluateClusters(await enginePartition(engine), truth);
      return { items: result.records, unit: "records", seconds, accuracy: `after refresh P ${e.precision.toFixed(4)} R ${e.recall.toFixed(4)} F1 ${e.f1.toFixed(4)}`, note: `${result.merged} merged, ${result.split} split, ${result.moved} moved, ${result.unchanged} unchanged` };
    },
  },
  {
    // The issue's scale: a million records in the memory store. Records are streamed from the generator,
    // never held as one array, so the heap measured is the store's.
    name: "engine at scale: ingestMany N, heap, ingest one (p50/p99), refresh",
    sizes: [1_000_000],
    runAsync: async (size) => {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      // The store's memory: the heap, and the buffers outside it that hold its documents' texts.
      const held = (): number => {
        const { heapUsed, arrayBuffers } = process.memoryUsage();
        return heapUsed + arrayBuffers;
      };
      const before = held();
      const heapBefore = process.memoryUsage().heapUsed;
      const engine = createProfileEngine({ schema: defineSchema({}) });
      const started = performance.now();
      const loaded = await engine.ingestMany(streamedRecords(size));
      const loadSeconds = (performance.now() - started) / 1000;
      gc?.();
      const perRecord = (held() - before) / size;
      const heapPerRecord = (process.memoryUsage().heapUsed - heapBefore) / size;
      const { at, warmAt } = await timeSingleIngests(engine, 2_000, true);
      const refreshStarted = performance.now();
      const refreshed = await engine.refresh();
      const refreshSeconds = (performance.now() - refreshStarted) / 1000;
      return {
        items: size,
        unit: "records",
        seconds: loadSeconds,
        note: `ingestMany ${Math.round(size / loadSeconds).toLocaleString("en-US")} records/s (${loaded.outcomes.created.toLocaleString("en-US")} created); store ${Math.round((perRecord * size) / 2 ** 20).toLocaleString("en-US")} MiB (${Math.round(perRecord).toLocaleString("en-US")} B/record, of which heap ${Math.round(heapPerRecord).toLocaleString("en-US")}); then ingest one: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms, the next 2,000: p50 ${warmAt(0.5)} ms, p99 ${warmAt(0.99)} ms, max ${warmAt(1)} ms; refresh ${refreshSeconds.toFixed(1)} s (${refreshed.merged} merged, ${refreshed.split} split, ${refreshed.moved} moved)`,
      };
    },
  },
  {
    name: "postgres: ingestMany, then ingest one record (p50/p99), N records loaded",
    sizes: [10_000, 1_000_000],
    runAsync: async (size) => {
      const pool = new pg.Pool({ host: "127.0.0.1", user: "postgres", database: "test", max: 4 });
      try {
        await pool.query("SELECT 1");
      } catch {
        return { items: 0, seconds: 1, unit: "records", note: "skipped: no PostgreSQL on 127.0.0.1:5432" };
      }
      const store = postgresStore({ pool, schema: `pk_bench_${Date.now()}` });
      await store.migrate();
      const engine = createProfileEngine({ schema: defineSchema({}), store });
      const started = performance.now();
      // Progress on stderr for the long run (a million records take a quarter of an hour here).
      await engine.ingestMany(streamedRecords(size), { progressEvery: 100_000, onProgress: ({ processed }) => { if (size >= 100_000) process.stderr.write(`  ${processed.toLocaleString("en-US")} records in ${((performance.now() - started) / 1000).toFixed(0)} s\n`); } });
      const loadSeconds = (performance.now() - started) / 1000;
      const { count, seconds, at } = await timeSingleIngests(engine, size >= 100_000 ? 2_000 : 500);
      await store.drop();
      await pool.end();
      return { items: count, unit: "records", seconds, note: `ingestMany of ${size.toLocaleString("en-US")} records: ${Math.round(size / loadSeconds).toLocaleString("en-US")} records/s; then one at a time: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms` };
    },
  },
  {
    name: "postgres: 4 worker processes racing over the same N events, row locks",
    sizes: [2_000],
    runAsync: async (size) => racingWorkers(size, "lockRows"),
  },
  {
    name: "postgres: 4 worker processes racing over the same N events, serializable",
    sizes: [2_000],
    runAsync: async (size) => racingWorkers(size, "serializable"),
  },
  {
    name: "postgres: shared refresh of N records, 1 worker process",
    sizes: [100_000, 1_000_000],
    runAsync: async (size) => sharedRefreshRun(size, 1),
  },
  {
    name: "postgres: shared refresh of N records, 2 worker processes",
    sizes: [100_000, 1_000_000],
    runAsync: async (size) => sharedRefreshRun(size, 2),
  },
  {
    name: "pipeline: RabbitMQ into PostgreSQL, N worker processes",
    sizes: [1, 2, 4],
    runAsync: async (workers) => pipelineRun(workers),
  },
  {
    name: "monitoring: ingest with a MeterProvider against without (alternating rounds)",
    sizes: [40_000],
    prepare: labelledRecords,
    runAsync: async (size, prepared) => {
      const { records } = prepared as ReturnType<typeof labelledRecords>;
      const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
      const provider = new MeterProvider({ readers: [reader] });
      const meter = provider.getMeter("profile-kit");
      const schema = defineSchema({ sources: ["crm", "web", "orders", "newsletter", "support"] });
      // Ten rounds, each on a fresh engine and fresh records, alternating which goes first: the machine's
      // speed drifts, and each side meets the same drift.
      const rounds = 10;
      const per = Math.floor(size / rounds / 2);
      const time = { with: 0, without: 0, withOne: 0, withoutOne: 0 };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? (["without", "with"] as const) : (["with", "without"] as const);
        for (const [k, side] of order.entries()) {
          const slice = records.slice((round * 2 + k) * per, (round * 2 + k + 1) * per);
          const engine = createProfileEngine({ schema, ...(side === "with" ? { meter } : {}) });
          // Half through ingestMany, half one at a time (a few hundred single ingests per side was noise).
          const many = slice.slice(0, per / 2);
          let started = performance.now();
          await engine.ingestMany(many);
          time[side] += performance.now() - started;
          started = performance.now();
          for (const record of slice.slice(per / 2)) await engine.ingest(record);
          time[side === "with" ? "withOne" : "withoutOne"] += performance.now() - started;
        }
      }
      await reader.forceFlush();
      await provider.shutdown();
      const pct = (a: number, b: number): string => `${(((a - b) / b) * 100).toFixed(1)}%`;
      return {
        items: rounds * per * 2,
        unit: "records",
        seconds: (time.with + time.without + time.withOne + time.withoutOne) / 1000,
        note: `ingestMany: ${Math.round(((per / 2) * rounds) / (time.without / 1000)).toLocaleString("en-US")} records/s without, ${Math.round(((per / 2) * rounds) / (time.with / 1000)).toLocaleString("en-US")} with a MeterProvider (${pct(time.with, time.without)}); one ingest at a time: ${pct(time.withOne, time.withoutOne)}`,
      };
    },
  },
  {
    name: "monitoring: what the metrics code costs one ingest, without and with a provider (replayed)",
    sizes: [4_000],
    prepare: labelledRecords,
    runAsync: async (size, prepared) => {
      const { records } = prepared as ReturnType<typeof labelledRecords>;
      const sources = ["crm", "web", "orders", "newsletter", "support"];
      const engine = createProfileEngine({ schema: defineSchema({ sources }) });
      const results: { source: string; outcome: string; issues: readonly Issue[] }[] = [];
      const started = performance.now();
      for (const record of records.slice(0, size)) {
        const result = await engine.ingest(record);
        results.push({ source: String(record["source"]), outcome: result.outcome, issues: result.issues });
      }
      const ingestNs = ((performance.now() - started) * 1e6) / size;
      // The calls one ingest makes to its metrics (and the commit's, through the measured store), with
      // these ingests' own outcomes and issues, replayed in a loop: without a provider (the silent
      // metrics: clock reads and empty calls) and with the SDK's MeterProvider (real instruments).
      const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
      const provider = new MeterProvider({ readers: [reader] });
      const silent = _engineMetrics(undefined, sources, [], []);
      if (silent.enabled) throw new Error("a MeterProvider is registered in the bench process: the silent path cannot be measured");
      const real = _engineMetrics(provider.getMeter("profile-kit"), sources, [], []);
      const clustering = { identifierLimitCuts: 0, cannotLinkCuts: 0, oversized: { size: 0 } };
      const conflicts: { attribute: string; resolvedBy: string }[] = [];
      const replay = (telemetry: typeof real): number => {
        const rounds = 100;
        const begun = performance.now();
        for (let round = 0; round < rounds; round++) {
          for (const result of results) {
            const at = performance.now();
            telemetry.guards(clustering);
            telemetry.conflicts(conflicts);
            telemetry.commit((performance.now() - at) / 1000, true);
            telemetry.ingested(result.source, result.outcome, result.issues, Date.now());
            telemetry.ingestDuration((performance.now() - at) / 1000, result.outcome);
          }
        }
        return ((performance.now() - begun) * 1e6) / (rounds * results.length);
      };
      replay(silent);
      replay(real);
      const silentNs = replay(silent);
      const realNs = replay(real);
      await provider.shutdown();
      const issuesPer = results.reduce((sum, r) => sum + r.issues.length, 0) / results.length;
      return {
        items: size,
        unit: "records",
        seconds: (ingestNs * size) / 1e9,
        note: `one ingest ${(ingestNs / 1000).toFixed(0)} µs (${issuesPer.toFixed(1)} issues a record); its metrics code: ${silentNs.toFixed(0)} ns without a provider (${((silentNs / ingestNs) * 100).toFixed(3)}%), ${(realNs / 1000).toFixed(1)} µs with one (${((realNs / ingestNs) * 100).toFixed(2)}%)`,
      };
    },
  },
  {
    name: "CLI: profile-kit resolve <N-record CSV> --report (parse, cleanse, resolve, merge, write, report)",
    sizes: [100_000, 1_000_000],
    prepare: (size) => writeBenchCsv(size),
    runAsync: async (_size, prepared) => {
      const csv = prepared as string;
      const report = csv.replace(/\.csv$/, ".html");
      const run = await runBin(["resolve", csv, "--out", csv.replace(/\.csv$/, ".profiles.ndjson"), "--report", report, "--truth", "truth"]);
      const f1 = /against --truth truth: precision ([\d.]+), recall ([\d.]+), F1 ([\d.]+)/.exec(run.stderr);
      const records = Number(/^resolve: ([\d,]+) records →/m.exec(run.stderr)?.[1]?.replace(/,/g, "") ?? 0);
      return { items: records, unit: "records", seconds: run.seconds, accuracy: f1 === null ? "no score line" : `P ${f1[1] ?? ""} R ${f1[2] ?? ""} F1 ${f1[3] ?? ""}`, note: `the bin in its own process: peak RSS ${run.peakMiB.toFixed(0)} MiB (the table's peak memory is the bench process); report ${(statSync(report).size / 1e6).toFixed(2)} MB` };
    },
  },
  {
    name: "CLI: profile-kit cleanse <N-record CSV> (streamed)",
    sizes: [100_000, 1_000_000],
    prepare: (size) => writeBenchCsv(size),
    runAsync: async (_size, prepared) => {
      const csv = prepared as string;
      const run = await runBin(["cleanse", csv, "--out", csv.replace(/\.csv$/, ".clean.csv"), "--report", csv.replace(/\.csv$/, ".quality.html")]);
      const records = Number(/^cleanse: ([\d,]+) records in/m.exec(run.stderr)?.[1]?.replace(/,/g, "") ?? 0);
      return { items: records, unit: "records", seconds: run.seconds, note: `the bin in its own process: peak RSS ${run.peakMiB.toFixed(0)} MiB (the table's peak memory is the bench process)` };
    },
  },
  {
    name: "accuracy: febrl1.csv (documented mapping)",
    sizes: [1_000],
    run: () => devAccuracy("febrl1.csv"),
  },
  {
    name: "accuracy: fake_1000.csv (zero configuration beyond column names)",
    sizes: [1_000],
    run: () => devAccuracy("fake_1000.csv"),
  },
];

const NO_POSTGRES: CaseResult & { seconds: number } = { items: 0, seconds: 1, unit: "records", note: "skipped: no PostgreSQL on 127.0.0.1:5432" };

/** A small pool on the local PostgreSQL, or null (and the pool closed) when the server does not answer. */
async function benchPool(): Promise<pg.Pool | null> {
  const pool = new pg.Pool({ host: "127.0.0.1", user: "postgres", database: "test", max: 2 });
  try {
    await pool.query("SELECT 1");
    return pool;
  } catch {
    await pool.end();
    return null;
  }
}

/**
 * Four worker processes each ingest the same `size` events in their own order into one fresh PostgreSQL
 * schema (the scale-out test's workload: every record and person races), with the store's `concurrency`.
 */
async function racingWorkers(size: number, concurrency: "lockRows" | "serializable"): Promise<CaseResult & { seconds: number }> {
  const pool = await benchPool();
  if (pool === null) return NO_POSTGRES;
  const schemaName = `pk_bench_${Date.now()}`;
  const store = postgresStore({ pool, schema: schemaName });
  await store.migrate();
  const events = generateCustomerDataset({ entities: Math.ceil(size / 2.5), seed: 31 }).records.slice(0, size);
  const dir = resolve(import.meta.dirname, "..", ".tmp", "bench-racing");
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const outputs = await Promise.all([1, 2, 3, 4].map(async (worker) => {
    const file = resolve(dir, `${schemaName}-${worker}.json`);
    // Each worker meets the events in its own (seeded) order.
    const order = [...events].map((event, k) => ({ event, key: Math.sin(k * 12.9898 + worker * 78.233) })).sort((a, b) => a.key - b.key).map((x) => x.event);
    writeFileSync(file, JSON.stringify(order));
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "..", "test", "support", "pgWorker.ts"), schemaName, file, concurrency], { maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, number>;
  }));
  const seconds = (performance.now() - started) / 1000;
  const total = (name: string): number => outputs.reduce((sum, o) => sum + (o[name] ?? 0), 0);
  const stored = (await store.counters(["n"]))[0] ?? 0;
  await store.drop();
  await pool.end();
  return { items: size * 4, unit: "deliveries", seconds, note: `${concurrency}: ${total("refused").toLocaleString("en-US")} commits refused and retried; ${stored.toLocaleString("en-US")} records stored (of ${size.toLocaleString("en-US")}), ${total("duplicate").toLocaleString("en-US")} duplicates` };
}

/** Tables of a PostgreSQL store that hold data (copied from a loaded template to a fresh schema). */
const STORE_TABLES = ["records", "profiles", "aliases", "histories", "erasures", "block_index", "index_versions", "counter_shards"];

/**
 * `size` generated records ingested into a PostgreSQL schema kept as a template (a million take about 20
 * minutes here), then copied into a fresh schema for each run: every run refreshes the same stored state.
 * The template is dropped afterwards unless PK_BENCH_KEEP_TEMPLATES=1 (then later runs reuse it).
 */
async function loadedCopy(pool: pg.Pool, size: number): Promise<string> {
  const template = `pk_bench_template_${size}`;
  const templateStore = postgresStore({ pool, schema: template });
  const loaded = await pool.query<{ n: string }>(`SELECT coalesce((SELECT sum(value) FROM ${template}.counter_shards WHERE key = 'n'), 0) AS n`).then((r) => Number(r.rows[0]?.n), () => 0);
  if (loaded !== size) {
    await templateStore.drop();
    await templateStore.migrate();
    const engine = createProfileEngine({ schema: defineSchema({}), store: templateStore });
    const started = performance.now();
    await engine.ingestMany(streamedRecords(size), { progressEvery: 100_000, onProgress: ({ processed }) => { process.stderr.write(`  template: ${processed.toLocaleString("en-US")} records in ${((performance.now() - started) / 1000).toFixed(0)} s\n`); } });
  }
  const copy = `pk_bench_${Date.now()}`;
  await postgresStore({ pool, schema: copy }).migrate();
  for (const table of STORE_TABLES) await pool.query(`INSERT INTO ${copy}.${table} SELECT * FROM ${template}.${table}`);
  await pool.query(`SELECT setval('${copy}.index_sequence', (SELECT last_value FROM ${template}.index_sequence))`);
  await pool.query(`ANALYZE`);
  if (process.env["PK_BENCH_KEEP_TEMPLATES"] !== "1") await templateStore.drop();
  return copy;
}

/**
 * A shared refresh of `size` stored records by `workers` processes at once (test/support/pgRefresh.ts):
 * the run's wall time, each worker's peak memory and share of the tasks.
 */
async function sharedRefreshRun(size: number, workers: number): Promise<CaseResult & { seconds: number }> {
  const pool = await benchPool();
  if (pool === null) return NO_POSTGRES;
  const schemaName = await loadedCopy(pool, size);
  const started = performance.now();
  const outputs = await Promise.all(Array.from({ length: workers }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "..", "test", "support", "pgRefresh.ts"), schemaName], { maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { result: { merged: number; split: number; moved: number; profiles: number }; tasks: { pairs: number; units: number }; peakRssMiB: number };
  }));
  const seconds = (performance.now() - started) / 1000;
  const first = outputs[0] as (typeof outputs)[number];
  await postgresStore({ pool, schema: schemaName }).drop();
  await pool.end();
  const each = outputs.map((o) => `${o.peakRssMiB} MiB, ${o.tasks.pairs}+${o.tasks.units} tasks`).join("; ");
  return { items: size, unit: "records", seconds, note: `${workers} worker(s) [${each}]; ${first.result.merged} merged, ${first.result.split} split, ${first.result.moved} moved, ${first.result.profiles.toLocaleString("en-US")} profiles` };
}

/** Publishes 4,000 records to a fresh queue consumed by `workers` processes into a fresh PostgreSQL schema. */
async function pipelineRun(workers: number): Promise<CaseResult & { seconds: number }> {
  const url = "amqp://guest:guest@127.0.0.1:5672";
  const pool = await benchPool();
  if (pool === null) return NO_POSTGRES;
  const schemaName = `pk_bench_${Date.now()}`;
  const queue = `pk-bench-${Date.now()}`;
  const store = postgresStore({ pool, schema: schemaName });
  await store.migrate();
  const records = generateCustomerDataset({ entities: 1_700, seed: 21 }).records.slice(0, 4_000);
  const children = Array.from({ length: workers }, () => spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "rabbitWorker.ts"), schemaName, queue, url], { env: process.env, stdio: ["ignore", "pipe", "inherit"] }));
  const outputs = children.map((child) => {
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => { text += chunk.toString(); });
    return { child, text: () => text };
  });
  while (!outputs.every((o) => o.text().includes("ready"))) await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  await publishRecords(records.map((record) => ({ ...record, publishedAt: Date.now() })), { url, queue });
  while (((await store.counters(["n"]))[0] ?? 0) < records.length) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - started) / 1000;
  for (const { child } of outputs) child.kill("SIGTERM");
  await Promise.all(outputs.map(({ child }) => new Promise((r) => child.once("exit", r))));
  const latencies = outputs.flatMap((o) => JSON.parse(o.text().trim().split("\n").at(-1) ?? "[]") as number[]).sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.floor(q * (latencies.length - 1))] ?? 0;
  await store.drop();
  await pool.end();
  return { items: records.length, unit: "records", seconds, note: `${workers} worker process(es); publish→commit p50 ${at(0.5)} ms, p99 ${at(0.99)} ms (all 4,000 published at once)` };
}

const BENCH_CSV_COLUMNS = ["id", "source", "updatedAt", "customerId", "firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "country", "truth"];

/** A CSV of the first `size` generated records with a truth column, written as they are generated (.tmp/bench). */
function writeBenchCsv(size: number): string {
  const dir = resolve(import.meta.dirname, "..", ".tmp", "bench");
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `customers-${size}.csv`);
  const fd = openSync(path, "w");
  writeSync(fd, `${BENCH_CSV_COLUMNS.join(",")}\n`);
  let chunk: string[][] = [];
  let count = 0;
  for (const { record, entityId } of generateCustomerRecords({ entities: Math.ceil(size / 2.55) + 10, seed: 7 })) {
    if (count++ >= size) break;
    chunk.push(BENCH_CSV_COLUMNS.map((c) => (c === "truth" ? entityId : record[c] ?? "")));
    if (chunk.length === 5000) {
      writeSync(fd, stringifyCsv(chunk));
      chunk = [];
    }
  }
  writeSync(fd, stringifyCsv(chunk));
  closeSync(fd);
  return path;
}

/** Runs the built bin (dist/cli/bin.js) in its own process: its time, stderr and peak resident memory (VmHWM, read until it exits). */
async function runBin(args: readonly string[]): Promise<{ seconds: number; stderr: string; peakMiB: number }> {
  const bin = resolve(import.meta.dirname, "..", "dist", "cli", "bin.js");
  const started = performance.now();
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
  let peakKiB = 0;
  const poll = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(child.pid)}/status`, "utf8"));
      if (hwm !== null) peakKiB = Math.max(peakKiB, Number(hwm[1]));
    } catch {
      // The process has exited.
    }
  }, 50);
  const code = await new Promise<number | null>((done) => child.on("close", done));
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`profile-kit ${args[0] ?? ""} exited ${String(code)}: ${stderr}`);
  return { seconds, stderr, peakMiB: peakKiB / 1024 };
}

/** The first `size` generated records, one at a time (as labelledRecords draws them, without the array). */
function* streamedRecords(size: number): Generator<Record<string, unknown>> {
  let count = 0;
  for (const { record } of generateCustomerRecords({ entities: Math.ceil(size / 2.55) + 10, seed: 7 })) {
    if (count++ >= size) return;
    yield record;
  }
}

/** `count` new records (a seed of their own) ingested one at a time: the time and latency quantiles in ms. */
async function timeSingleIngests(engine: ProfileEngine, count: number, again = false): Promise<{ count: number; seconds: number; at: (q: number) => string; warmAt: (q: number) => string }> {
  // With `again`, as many more after the first `count` (timed apart): the first ones also pay for the
  // one-record path's compilation, the next ones show a process that has been serving for a while.
  const fresh = generateCustomerDataset({ entities: Math.ceil((again ? 2 * count : count) / 2), seed: 99 }).records.slice(0, again ? 2 * count : count);
  const latencies: number[] = [];
  const started = performance.now();
  let seconds = 0;
  for (const record of fresh) {
    const t = performance.now();
    await engine.ingest({ ...record, id: `new-${record.id}` });
    latencies.push(performance.now() - t);
    if (latencies.length === count) seconds = (performance.now() - started) / 1000;
  }
  const quantiles = (list: number[]): ((q: number) => string) => {
    const sorted = [...list].sort((a, b) => a - b);
    return (q) => (sorted[Math.floor(q * (sorted.length - 1))] ?? 0).toFixed(2);
  };
  const first = latencies.slice(0, count);
  return { count: first.length, seconds, at: quantiles(first), warmAt: quantiles(latencies.slice(count)) };
}

/** The engine's profiles as clusters of the records' own ids. */
async function enginePartition(engine: ProfileEngine): Promise<{ recordIds: string[] }[]> {
  const groups = new Map<string, string[]>();
  for (const doc of await engine.store.scan("record", null, 10_000_000)) {
    const { id, profileId } = doc.value as { id: string; profileId: string };
    const list = groups.get(profileId);
    if (list === undefined) groups.set(profileId, [id]);
    else list.push(id);
  }
  return [...groups.values()].map((recordIds) => ({ recordIds }));
}

function devAccuracy(file: "febrl1.csv" | "fake_1000.csv"): CaseResult {
  const root = resolve(import.meta.dirname, "..");
  const rows = _readDevData(root, file);
  if (rows === null) return { items: 0, unit: "records", note: "skipped: ../shared/data is not beside this checkout" };
  const febrl = file === "febrl1.csv";
  const records = febrl ? _febrlRecords(rows) : rows;
  const truth = new Map(records.map((r) => (febrl ? [r["rec_id"] as string, (r["rec_id"] as string).replace(/-(org|dup-\d+)$/, "")] : [r["unique_id"] as string, r["cluster"] as string])));
  const options = febrl ? _febrlOptions : _fakeOptions;
  const e = evaluateClusters(resolveIdentities(records, options).clusters, truth);
  const blocking = evaluateBlocking(records, truth, options);
  const t = evaluateClusters(resolveIdentities(records, { ...options, model: trainModel(records, { ...options, seed: 42 }).model }).clusters, truth);
  return { items: records.length, unit: "records", accuracy: `P ${e.precision.toFixed(4)} R ${e.recall.toFixed(4)} F1 ${e.f1.toFixed(4)}; blocking recall ${blocking.blockingRecall.toFixed(4)}; after trainModel P ${t.precision.toFixed(4)} R ${t.recall.toFixed(4)} F1 ${t.f1.toFixed(4)}` };
}
