// The hardening promise, checked on every exported function: driven with arbitrary JSON, hostile strings,
// deep values, prototype-named keys and exotic objects (BigInt, Proxies, revoked Proxies, throwing
// getters, cycles), no call throws except a documented ProfileKitError, Object.prototype stays untouched,
// deep-frozen inputs work (so inputs are never changed), and the same input gives the same output.
//
// Seeded: FUZZ_SEED picks the run (default 20261203), FUZZ_RUNS its size (default 100 per function in the
// normal test run; `npm run fuzz` runs 2,000). A failure prints the seed, path and counterexample.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as root from "../index.js";
import * as testing from "../testing/index.js";
import { EXOTICS, exotic, PROTOTYPE_KEYS } from "./hostileValues.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_261_203);
const RUNS = Number(process.env["FUZZ_RUNS"] ?? 100);
const NOW = "2026-12-01T00:00:00.000Z";

// ---------------------------------------------------------------------------------------------------
// Hostile values


const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "\u202eevil\u202c",
  "ß".repeat(40),
  "İstanbul ǅ ﬁ",
  "😀👨‍👩‍👧",
  "a@b",
  "john@acme.constructor",
  "Constructor Smith",
  "__proto__ Smith",
  "+1 (555) 010-0000",
  "1900-01-01",
  "not a date",
  "9e15",
  "(".repeat(5_000),
  "a.".repeat(20_000),
  "m".repeat(1 << 20),
  ...PROTOTYPE_KEYS,
];

const key: fc.Arbitrary<string> = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) }, { weight: 3, arbitrary: fc.string({ maxLength: 12 }) }, fc.constantFrom("email", "firstName", "lastName", "phone", "dateOfBirth", "city", "updatedAt", "source", "id"));
const text: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) }, fc.constantFrom(...HOSTILE_STRINGS));

/**
 * An exotic value made only inside the property: fast-check inspects generated values (`in` checks for
 * clone methods), which a revoked Proxy would answer with a TypeError in fast-check itself.
 */
class Lazy {
  constructor(
    readonly label: string,
    readonly make: () => unknown,
  ) {}
  [fc.toStringMethod](): string {
    return `<${this.label}>`;
  }
}

const exoticValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(10n, Number.NaN, Number.POSITIVE_INFINITY, -0, 9e15, -9e15, true, null, undefined),
  fc.constantFrom(...EXOTICS).map((name) => new Lazy(name, () => exotic(name))),
);

/** The generated value with every Lazy made (own keys kept own, "__proto__" included). */
function materialize(value: unknown): unknown {
  if (value instanceof Lazy) return value.make();
  if (Array.isArray(value)) return value.map(materialize);
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, materialize(v)]));
  }
  return value;
}

/** Arbitrary JSON with prototype-named keys (as own properties, the way JSON.parse makes them), plus exotic values. */
const { value: hostile } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    exoticValue,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 5 }).map((entries) => Object.fromEntries(entries) as unknown),
  ),
}));

/** A record: mostly standard fields with hostile values, plus hostile keys. */
const record: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom("email", "firstName", "lastName", "fullName", "phone", "dateOfBirth", "street", "city", "postalCode", "country", "customerId", "updatedAt", "source"), fc.oneof(text, hostile)), { maxLength: 8 }),
    fc.array(fc.tuple(key, hostile), { maxLength: 3 }),
  )
  .map(([fields, extra]) => Object.fromEntries([...fields, ...extra]) as Record<string, unknown>);

/** Records with unique ids (so resolution gets past id checks), each sometimes replaced by anything at all. */
const records: fc.Arbitrary<unknown[]> = fc.array(fc.oneof({ weight: 6, arbitrary: record }, hostile), { maxLength: 6 }).map((list) => list.map((item, i) => (typeof item === "object" && item !== null && !Array.isArray(item) && !isExotic(item) ? { ...item, id: `r${i}` } : item)));

function isExotic(value: object): boolean {
  return value instanceof Lazy || Object.getPrototypeOf(value) !== Object.prototype;
}

// ---------------------------------------------------------------------------------------------------
// The checks around every call

/** Deep-freezes what can be frozen (iteratively: values may be thousands of levels deep). */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== "object" || item === null || seen.has(item)) continue;
    seen.add(item);
    try {
      Object.freeze(item);
      for (const child of Object.values(item)) stack.push(child);
    } catch {
      // A revoked Proxy or a throwing getter: nothing more to freeze.
    }
  }
  return value;
}

function prototypeSnapshot(): string {
  return Object.getOwnPropertyNames(Object.prototype)
    .sort()
    .map((name) => {
      const descriptor = Object.getOwnPropertyDescriptor(Object.prototype, name);
      return `${name}:${typeof descriptor?.value}:${typeof descriptor?.get}`;
    })
    .join("|");
}
const PROTOTYPE = prototypeSnapshot();

/**
 * A comparable form of a result, built without recursion: results may hand back a caller's own values
 * (thousands of levels deep, cyclic, BigInt, revoked Proxies), which JSON.stringify cannot encode.
 */
function fingerprint(value: unknown): string {
  const out: string[] = [];
  const stack: { readonly item: unknown; readonly depth: number }[] = [{ item: value, depth: 0 }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { item, depth } = stack.pop() as { readonly item: unknown; readonly depth: number };
    if (typeof item !== "object" || item === null) {
      out.push(typeof item === "string" ? JSON.stringify(item) : typeof item === "symbol" || typeof item === "function" ? typeof item : `${typeof item}:${String(item)}`);
      continue;
    }
    if (seen.has(item)) {
      out.push("<seen>");
      continue;
    }
    seen.add(item);
    try {
      if (depth > 200) {
        out.push("<deep>");
        continue;
      }
      if (item instanceof Date) {
        out.push(`date:${item.getTime()}`);
        continue;
      }
      const entries = item instanceof Map ? [...item.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(item);
      out.push(Array.isArray(item) ? `[${entries.length}` : `{${entries.map(([k]) => k).join(",")}`);
      for (let k = entries.length - 1; k >= 0; k--) stack.push({ item: (entries[k] as readonly [string, unknown])[1], depth: depth + 1 });
    } catch {
      out.push("<unreadable>");
    }
  }
  return out.join(" ");
}

type Outcome = { readonly ok: true; readonly result: string } | { readonly ok: false; readonly code: string };

async function outcomeOf(call: () => unknown): Promise<Outcome> {
  try {
    let result = call();
    if (result instanceof Promise) result = await result;
    return { ok: true, result: fingerprint(result) };
  } catch (error) {
    if (root.isProfileKitError(error)) return { ok: false, code: error.code };
    throw error;
  }
}

/**
 * Runs a driver twice on deep-frozen input: neither run may throw anything but a ProfileKitError with an
 * allowed code, both must agree, and Object.prototype must be as it was.
 */
async function check(name: string, allowed: readonly string[], call: () => unknown): Promise<void> {
  const first = await outcomeOf(call);
  const second = await outcomeOf(call);
  if (!first.ok) expect(allowed, `${name} threw ${first.code}`).toContain(first.code);
  expect(second, `${name} is not deterministic`).toEqual(first);
  expect(prototypeSnapshot(), `${name} changed Object.prototype`).toBe(PROTOTYPE);
  expect(({} as Record<string, unknown>)["isAdmin"], `${name} polluted Object.prototype`).toBeUndefined();
}

// ---------------------------------------------------------------------------------------------------
// One driver per exported function: arbitrary input → a call.

type Driver = { readonly input: fc.Arbitrary<unknown>; readonly allowed: readonly string[]; readonly call: (input: never) => unknown };
const INVALID = ["invalid_options"] as const;
const driver = <T>(input: fc.Arbitrary<T>, call: (input: T) => unknown, allowed: readonly string[] = INVALID): Driver => ({ input, allowed, call });

const options: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, hostile);
const history = fc.tuple(fc.array(fc.record({ attribute: fc.oneof(key, text), value: hostile, validAt: fc.oneof(fc.constant(undefined), fc.constantFrom("2024-01-01T00:00:00Z", "2025-06-01T00:00:00Z", 9e15, "bad"), hostile), source: fc.oneof(fc.constant("crm"), hostile) }), { maxLength: 5 }), fc.boolean()).map(([changes, asIs]) => {
  let built: unknown;
  try {
    built = root.appendChanges(null, changes as never, { now: NOW, profileId: "p-1" }).history;
  } catch (error) {
    // Reported by the appendChanges driver itself; here the history is only an input.
    built = { failedToBuild: String(error) };
  }
  return asIs ? built : (JSON.parse(JSON.stringify(built)) as unknown);
});
const storedHistory: fc.Arbitrary<unknown> = fc.oneof(history, history.chain((h) => hostile.map((junk) => ({ ...(h as object), entries: [junk] }))), hostile);
const slotSpecs: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({ greeting: { path: "firstName", generic: "there", format: { type: "name", part: "first" } }, city: { path: "city", policy: "omit", format: { type: "text", maxLength: 12 } }, total: { path: "total", format: { type: "currency", currency: "EUR" } }, when: { path: "lastOrderAt", format: { type: "date" }, maxAgeDays: 30 } }),
  fc.constant({ toString: { path: "x" } }),
  fc.constant({ a: { path: "a", fallback: [{ slot: "toString" }] } }),
  fc.constant({ a: { path: "constructor.prototype" } }),
  fc.constant({ a: { path: "a", policy: "throw" } }),
  hostile,
);
const profile: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(fc.array(fc.tuple(fc.oneof(key, fc.constantFrom("firstName", "city", "total", "lastOrderAt")), hostile), { maxLength: 6 }), hostile, hostile, hostile).map(([attributes, provenance, conflicts, erased]) => ({ attributes: Object.fromEntries(attributes), provenance, conflicts, erased })),
  hostile,
);
const clusters = records.map((list) => list.map((_, i) => ({ recordIds: [`r${i}`] })));

const DRIVERS: Readonly<Record<string, Driver>> = {
  normalizeEmail: driver(fc.tuple(hostile, options), ([v, o]) => root.normalizeEmail(v, o as never)),
  normalizePhone: driver(fc.tuple(hostile, options), ([v, o]) => root.normalizePhone(v, o as never)),
  isPlaceholderName: driver(fc.tuple(hostile, options), ([v, o]) => root.isPlaceholderName(v, o as never)),
  displayName: driver(fc.tuple(hostile, options), ([v, o]) => root.displayName(v, o as never)),
  normalizeName: driver(fc.tuple(hostile, options), ([v, o]) => root.normalizeName(v, o as never)),
  normalizeDate: driver(fc.tuple(hostile, options), ([v, o]) => root.normalizeDate(v, o as never)),
  normalizeCountry: driver(fc.tuple(hostile, options), ([v, o]) => root.normalizeCountry(v, o as never)),
  normalizeAddress: driver(fc.tuple(fc.oneof(record, hostile), options), ([v, o]) => root.normalizeAddress(v as never, o as never)),
  compileCleanseSpec: driver(hostile, (spec) => root.compileCleanseSpec(spec as never)),
  cleanseRecord: driver(fc.tuple(fc.oneof(record, hostile), fc.boolean()), ([r, rules]) => root.cleanseRecord(r, rules ? { rules: { tags: { type: "array", optional: true, items: { type: "string", trim: true } }, zip: { type: "string", optional: true, trim: true, default: "x" } } } : {})),
  cleanseRecords: driver(records, (list) => root.cleanseRecords(list, { defaultCountry: "US", now: NOW })),
  verifyEmails: driver(fc.tuple(records, hostile), ([list, answer]) => root.verifyEmails(root.cleanseRecords(list).results, { name: "fuzz", verify: () => Promise.resolve(answer as never) }, { timeoutMs: 50 })),
  enrichRecords: driver(fc.tuple(records, hostile), ([list, answer]) => root.enrichRecords(root.cleanseRecords(list).results, [{ name: "fuzz", enrich: () => Promise.resolve(answer as never) }], { timeoutMs: 50, clock: () => Date.parse(NOW) })),
  resolveIdentities: driver(fc.tuple(records, options), ([list, o]) => root.resolveIdentities(list, o as never)),
  explainMatch: driver(records, (list) => root.explainMatch(list, "r0", "r1")),
  compileExplainer: driver(fc.tuple(records, hostile, hostile), ([list, a, b]) => root.compileExplainer(list).explain(a as never, b as never)),
  evaluateClusters: driver(fc.tuple(clusters, hostile), ([c, truth]) => root.evaluateClusters(c, truth as never)),
  evaluateBlocking: driver(fc.tuple(records, fc.oneof(records.map((list) => new Map(list.map((_, i) => [`r${i}`, `e${i % 3}`]))), hostile), options), ([list, truth, o]) => root.evaluateBlocking(list, truth as never, o as never)),
  formatDecision: driver(fc.oneof(fc.constantFrom({ kind: "model" }, { kind: "rule", field: "email" }, { kind: "veto", reason: "firstName" }, { kind: "assertion" }), hostile), (d) => root.formatDecision(d as never)),
  trainModel: driver(records, (list) => root.trainModel(list, { randomPairs: 50, iterations: 3 })),
  mergeRecords: driver(fc.tuple(records, options, fc.boolean()), ([list, o, asPolicy]) => root.mergeRecords(list as never, (asPolicy ? { policy: o } : o) as never)),
  unmergeRecord: driver(records, (list) => root.unmergeRecord(list as never, "r0")),
  appendChanges: driver(fc.tuple(fc.oneof(fc.constant(null), storedHistory), fc.array(hostile, { maxLength: 4 })), ([h, changes]) => root.appendChanges(h as never, changes as never, { now: NOW, profileId: "p-1" })),
  profileAsOf: driver(fc.tuple(storedHistory, options), ([h, query]) => root.profileAsOf(h as never, query as never)),
  diffVersions: driver(fc.tuple(profile, profile), ([a, b]) => root.diffVersions(a as never, b as never)),
  attributeTimeline: driver(fc.tuple(storedHistory, fc.oneof(key, text)), ([h, attribute]) => root.attributeTimeline(h as never, attribute)),
  attributeTrends: driver(storedHistory, (h) => root.attributeTrends(h as never, { now: NOW })),
  countEvents: driver(fc.tuple(storedHistory, fc.oneof(key, text)), ([h, attribute]) => root.countEvents(h as never, attribute, { bucket: "month" })),
  eraseProfile: driver(storedHistory, (h) => root.eraseProfile(h as never, { now: NOW })),
  redactAttribute: driver(fc.tuple(storedHistory, fc.oneof(key, text)), ([h, attribute]) => root.redactAttribute(h as never, attribute, { now: NOW })),
  redactValues: driver(fc.tuple(storedHistory, fc.oneof(hostile, fc.dictionary(fc.oneof(key, text), fc.oneof(fc.array(hostile, { maxLength: 3 }), hostile), { maxKeys: 3 }))), ([h, values]) => root.redactValues(h as never, values as never, { now: NOW })),
  applyRetention: driver(fc.tuple(storedHistory, hostile), ([h, policy]) => root.applyRetention(h as never, policy as never)),
  changesFromProfile: driver(profile, (p) => root.changesFromProfile(p as never)),
  changesFromRecord: driver(fc.tuple(fc.oneof(record, hostile), fc.boolean()), ([r, withSchema]) => root.changesFromRecord(r as never, withSchema ? { schema: root.defineSchema({ fields: { email: "email", street: ["house", "street"] } }) } : {})),
  compileSlots: driver(slotSpecs, (specs) => root.compileSlots(specs as never)),
  personalize: driver(fc.tuple(profile, slotSpecs), ([p, specs]) => root.personalize(p as never, specs as never, { now: NOW }), ["invalid_options", "personalization_failed"]),
  selectContent: driver(profile, (p) => root.selectContent(p as never, { variants: [{ name: "a", when: root.allOf(root.hasValue("firstName"), root.anyOf(root.valueIn("city", ["x"]), root.atLeast("total", 1)), root.noneOf(root.atMost("total", 0))), content: "A" }, { name: "b", when: root.withinDays("lastOrderAt", 30), content: "B" }], generic: "G" }, { now: NOW })),
  renderWithFallback: driver(fc.tuple(profile, slotSpecs), ([p, specs]) => root.renderWithFallback((template: string, data: Record<string, unknown>) => `${template}:${Object.keys(data).length}`, "T", p as never, specs as never, { now: NOW })),
  previewPersonalization: driver(slotSpecs, (specs) => root.previewPersonalization(specs as never, { now: NOW })),
  hasValue: driver(fc.tuple(hostile, profile), ([path, p]) => root.selectContent(p as never, { variants: [{ name: "x", when: root.hasValue(path as never), content: 1 }], generic: 0 }, { now: NOW })),
  valueIn: driver(fc.tuple(hostile, hostile, profile), ([path, values, p]) => root.selectContent(p as never, { variants: [{ name: "x", when: root.valueIn(path as never, values as never), content: 1 }], generic: 0 }, { now: NOW })),
  atLeast: driver(fc.tuple(hostile, hostile, profile), ([path, n, p]) => root.selectContent(p as never, { variants: [{ name: "x", when: root.atLeast(path as never, n as never), content: 1 }], generic: 0 }, { now: NOW })),
  atMost: driver(fc.tuple(hostile, hostile, profile), ([path, n, p]) => root.selectContent(p as never, { variants: [{ name: "x", when: root.atMost(path as never, n as never), content: 1 }], generic: 0 }, { now: NOW })),
  withinDays: driver(fc.tuple(hostile, hostile, profile), ([path, n, p]) => root.selectContent(p as never, { variants: [{ name: "x", when: root.withinDays(path as never, n as never), content: 1 }], generic: 0 }, { now: NOW })),
  allOf: driver(fc.tuple(hostile, profile), ([c, p]) => root.selectContent(p as never, { variants: [{ name: "x", when: root.allOf(c as never), content: 1 }], generic: 0 }, { now: NOW })),
  anyOf: driver(fc.tuple(hostile, profile), ([c, p]) => root.selectContent(p as never, { variants: [{ name: "x", when: root.anyOf(c as never), content: 1 }], generic: 0 }, { now: NOW })),
  noneOf: driver(fc.tuple(hostile, profile), ([c, p]) => root.selectContent(p as never, { variants: [{ name: "x", when: root.noneOf(c as never), content: 1 }], generic: 0 }, { now: NOW })),
  isProfileKitError: driver(hostile, (value) => root.isProfileKitError(value), []),
  defineSchema: driver(hostile, (spec) => root.defineSchema(spec as never).kind),
  createProfileEngine: driver(fc.tuple(records, hostile), async ([list, ref]) => {
    // The id doubles as the source, so generated records (which have ids, not sources) are ingested.
    const engine = root.createProfileEngine({ schema: root.defineSchema({ source: "id" }), now: () => Date.parse(NOW) });
    const outcomes: string[] = [];
    for (const item of list) outcomes.push((await engine.ingest(item)).outcome);
    const many = await engine.ingestMany(list);
    await engine.refresh();
    const answers = await Promise.all([engine.getProfile(ref as never).catch(codeOf), engine.profileOf(ref as never).catch(codeOf), engine.explain(ref as never, "r0:r0").catch(codeOf), engine.assert("r0:r0", ref as never, true).catch(codeOf), engine.erase(ref as never).catch(codeOf)]);
    return { outcomes, many: many.outcomes, answers: answers.map((a) => (typeof a === "string" ? a : "ok")) };
  }),
  memoryStore: driver(fc.tuple(hostile, hostile), async ([changes, keys]) => {
    const store = root.memoryStore();
    return [await Promise.resolve(store.commit(changes as never)).catch(codeOf), await Promise.resolve(store.get("record", keys as never)).catch(codeOf), await Promise.resolve(store.scan("record", keys as never, 10)).catch(codeOf)];
  }),
  recordKeyOf: driver(hostile, (ref) => root.recordKeyOf(ref as never)),
  observeBatch: driver(fc.tuple(fc.array(fc.oneof(hostile, fc.record({ key: fc.oneof(key, fc.constant(null)), source: key, observedAt: fc.oneof(fc.integer(), fc.constant(null)), present: fc.array(key), invalid: fc.array(key), issueCodes: fc.array(key) })), { maxLength: 4 }), fc.array(hostile, { maxLength: 3 })), ([recordsIn, profilesIn]) => {
    const observer = root.observeBatch();
    const outcomes: unknown[] = [];
    for (const r of recordsIn) outcomes.push((() => { try { observer.addRecord(r as never); return "ok"; } catch (error) { return codeOf(error); } })());
    for (const p of profilesIn) outcomes.push((() => { try { observer.addProfile(p as never); return "ok"; } catch (error) { return codeOf(error); } })());
    for (const p of profilesIn) outcomes.push((() => { try { observer.addPersonalization(p as never); observer.addOutcome(p as never); return "ok"; } catch (error) { return codeOf(error); } })());
    return [outcomes, observer.summary()];
  }),
  checkExpectations: driver(fc.tuple(fc.oneof(hostile, fc.constant("summary")), hostile), ([summary, expectations]) => root.checkExpectations((summary === "summary" ? root.observeBatch().summary() : summary) as never, expectations as never, { now: NOW })),
  isRecordExpectation: driver(hostile, (e) => root.isRecordExpectation(e as never)),
  profileBatch: driver(hostile, (summary) => root.profileBatch(summary as never)),
  detectAnomalies: driver(fc.tuple(hostile, hostile, options), ([summary, baseline, o]) => [root.detectAnomalies(root.observeBatch().summary(), baseline as never, o as never).flags, root.detectAnomalies(summary as never, null, { at: 0 })]),
  checkChangeSet: driver(hostile, (changes) => { root.checkChangeSet("fuzz", changes); }),
  runStoreConformance: driver(fc.tuple(hostile, fc.boolean()), ([store, asFactory]) => { testing.runStoreConformance((asFactory ? () => store : store) as never, { describe: () => undefined, it: () => undefined }); }),
  generateCustomerRecords: driver(options, (o) => {
    const iterator = testing.generateCustomerRecords(o as never);
    return [iterator.next().value, iterator.next().value, iterator.next().value] as unknown[];
  }),
  generateCustomerNdjson: driver(options, (o) => testing.generateCustomerNdjson(o as never).next().value),
  generateCustomerDataset: driver(fc.tuple(fc.array(fc.tuple(key, hostile), { maxLength: 3 }), fc.integer({ min: 0, max: 5 })).map(([entries, entities]) => ({ ...Object.fromEntries(entries), entities })), (o) => testing.generateCustomerDataset(o as never).records.length),
};

/** A ProfileKitError's code, thrown again if anything else was thrown. */
function codeOf(error: unknown): string {
  if (root.isProfileKitError(error)) return error.code;
  throw error;
}

/** Fails with the seed, the path and a shortened counterexample (inputs hold megabyte strings). */
const reporter: fc.Plugin<[unknown]> = () => ({ onAllRunsComplete: report });

function report(details: fc.RunDetails<[unknown]>): void {
  if (!details.failed) return;
  const example = fc.stringify(details.counterexample).replace(/(.)\1{40,}/gu, (run, char: string) => `${char}…×${run.length}`);
  const cause = details.errorInstance instanceof Error ? `${details.errorInstance.name}: ${details.errorInstance.message}\n${details.errorInstance.stack ?? ""}` : String(details.errorInstance);
  throw new Error(`Property failed (seed ${details.seed}, path "${details.counterexamplePath ?? ""}"): ${cause.slice(0, 2_000)}\non ${example.slice(0, 1_500)}`);
}

describe("every exported function under hostile input", () => {
  it("has a driver for every exported function", () => {
    const exported = [...Object.entries(root), ...Object.entries(testing)]
      .filter(([name, value]) => typeof value === "function" && name !== "ProfileKitError")
      .map(([name]) => name)
      .sort();
    expect(exported).toEqual(Object.keys(DRIVERS).sort());
  });

  for (const [name, { input, allowed, call }] of Object.entries(DRIVERS)) {
    it(`${name}: no undocumented throw, no prototype pollution, frozen input works, deterministic`, async () => {
      await fc.assert(
        fc.asyncProperty(input, async (generated) => {
          const value = deepFreeze(materialize(generated));
          await check(name, allowed, () => call(value as never));
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true, noDefaultPlugins: true, plugins: [reporter] },
      );
    });
  }
});
