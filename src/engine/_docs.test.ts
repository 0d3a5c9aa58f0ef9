import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { _DOC_SCHEMAS, _isHistoryDoc, _isProfileDoc, _isRecordDoc, _readRecord } from "./_docs.js";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ProfileStore } from "./store.js";

/** Real documents of each kind, from an engine run with merges and histories. */
async function realDocuments(): Promise<Record<"record" | "profile" | "history", unknown[]>> {
  const store = memoryStore();
  const engine = createProfileEngine({ schema: defineSchema({ custom: { loyalty: { compare: "exact" } } }), store });
  const records = [...generateCustomerRecords({ entities: 15, seed: 5 })].map((g, k) => ({ ...g.record, ...(k % 3 === 0 ? { loyalty: `L-${k}` } : {}) }));
  await engine.ingestMany(records);
  await engine.assert(`${String(records[0]?.["source"])}:${String(records[0]?.["id"])}`, `${String(records[1]?.["source"])}:${String(records[1]?.["id"])}`, false);
  const docs = async (kind: "record" | "profile" | "history"): Promise<unknown[]> => (await store.scan(kind, null, 1_000)).map((d) => d.value);
  return { record: await docs("record"), profile: await docs("profile"), history: await docs("history") };
}

/** Every path to a value inside a document. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  const own: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return [...own, ...entries.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

function corrupted(doc: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (replacement === "<delete>") Reflect.deleteProperty(node, last);
  else node[last] = replacement;
  return copy;
}

const REPLACEMENTS = [null, 0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "", "x", true, false, [], ["x"], [1], {}, { a: 1 }, "<delete>", "profile-kit/history@1"];

describe("the engine's fast document checks", () => {
  it("accept and refuse exactly what the documents' zod schemas do, over real documents and random corruptions of them", async () => {
    const docs = await realDocuments();
    const checks = { record: _isRecordDoc, profile: _isProfileDoc, history: _isHistoryDoc } as const;
    for (const kind of ["record", "profile", "history"] as const) {
      expect(docs[kind].length).toBeGreaterThan(3);
      for (const doc of docs[kind]) expect(checks[kind](doc)).toBe(true);
      const candidates = docs[kind].flatMap((doc) => pathsOf(doc).map((path) => ({ doc, path })));
      fc.assert(
        fc.property(fc.constantFrom(...candidates), fc.constantFrom(...REPLACEMENTS), ({ doc, path }, replacement) => {
          const value = corrupted(doc, path, replacement);
          expect(checks[kind](value)).toBe(_DOC_SCHEMAS[kind].safeParse(value).success);
        }),
        { numRuns: 2_000 },
      );
    }
    for (const odd of [null, 1, "x", [], { history: null }, { history: null, lineage: [] }]) {
      expect(_isHistoryDoc(odd)).toBe(_DOC_SCHEMAS.history.safeParse(odd).success);
      expect(_isRecordDoc(odd)).toBe(false);
      expect(_isProfileDoc(odd)).toBe(false);
    }
  });
});

describe("records read again", () => {
  it("are checked again (a changed copy fails)", async () => {
    const { record } = await realDocuments();
    const read = structuredClone(record[0]) as Record<string, unknown>;
    expect(_readRecord("k", read)).toBe(read);
    expect(_readRecord("k", read)).toBe(read);
    delete read["features"];
    expect(() => _readRecord("k", read)).toThrow(/malformed record document/);
    expect(() => _readRecord("k", { ...structuredClone(record[0]) as Record<string, unknown>, profileId: 7 })).toThrow(/malformed record document/);
  });
});

describe("documents a store hands back as the engine gave them", () => {
  it("pass the checks: an engine on a store that keeps the objects it is given works as on the memory store", async () => {
    // A store that answers reads with the very objects the engine committed (no copy), as a host's store
    // might: every one of them is now checked when read back, so each must have its document's shape.
    const base = memoryStore();
    const given = new Map<string, unknown>();
    const store: ProfileStore = {
      ...base,
      async get(kind, keys) {
        const docs = await base.get(kind, keys);
        return docs.map((doc) => (doc === null || !given.has(`${kind}:${doc.key}`) ? doc : { ...doc, value: given.get(`${kind}:${doc.key}`) }));
      },
      async commit(changes) {
        const result = await base.commit(changes);
        if (result.ok) {
          for (const put of changes.put) given.set(`${put.kind}:${put.key}`, put.value);
          for (const gone of changes.delete) given.delete(`${gone.kind}:${gone.key}`);
        }
        return result;
      },
    };
    const schema = defineSchema({ custom: { loyalty: { compare: "exact" } } });
    const records = [...generateCustomerRecords({ entities: 15, seed: 5 })].map((g, k) => ({ ...g.record, ...(k % 3 === 0 ? { loyalty: `L-${k}` } : {}) }));
    const keeping = createProfileEngine({ schema, store });
    const copying = createProfileEngine({ schema, store: memoryStore() });
    const kept = await keeping.ingestMany(records);
    const copied = await copying.ingestMany(records);
    expect(kept.outcomes).toStrictEqual(copied.outcomes);
    expect(given.size).toBeGreaterThan(records.length);
    const keyOf = (r: Record<string, unknown>): string => `${String(r["source"])}:${String(r["id"])}`;
    await keeping.assert(keyOf(records[0] as Record<string, unknown>), keyOf(records[1] as Record<string, unknown>), false);
    for (const record of records.slice(0, 5)) {
      const again = await keeping.ingest({ ...record, email: "changed@example.com" });
      expect(again.outcome).not.toBe("rejected");
    }
    const refreshed = await keeping.refresh();
    expect(refreshed.records).toBe(records.length);
    const [first] = await store.scan("profile", null, 1);
    expect(first).toBeDefined();
    const profile = await keeping.getProfile(first?.key ?? "");
    expect(profile?.id).toBe(first?.key);
  });
});
