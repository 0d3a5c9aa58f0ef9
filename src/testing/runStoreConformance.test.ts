// The conformance suite is only as good as the broken stores it fails: each check here is shown failing a
// store broken in the way that check names, and the suite's own options are shown to take effect. (The
// memory store passing the suite is memoryStore.test.ts; the PostgreSQL store's, postgresStore.test.ts.)
import { describe, expect, it } from "vitest";
import { memoryStore } from "../engine/memoryStore.js";
import type { ChangeSet, ProfileStore } from "../engine/store.js";
import { runStoreConformance, type StoreConformanceOptions } from "./runStoreConformance.js";

interface Registered {
  readonly suite: string;
  readonly name: string;
  readonly body: () => Promise<void>;
  readonly timeout: number | undefined;
}

/** The tests the suite registers, without running them. */
function register(createStore: () => ProfileStore | Promise<ProfileStore>, options: Partial<StoreConformanceOptions> = { runs: 5 }): Registered[] {
  const tests: Registered[] = [];
  let suite = "";
  runStoreConformance(createStore, {
    describe: (name, body) => { suite = name; body(); },
    it: (name, body, timeout) => { tests.push({ suite, name, body, timeout }); },
    ...options,
  });
  return tests;
}

/** Runs the suite against a store and returns the names of the checks that failed, with their messages. */
async function failuresOf(createStore: () => ProfileStore): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  for (const test of register(createStore)) await test.body().catch((error: unknown) => failed.set(test.name, String(error)));
  return failed;
}

/** A memory store with some of its methods replaced. */
function bent(overrides: (inner: ProfileStore) => Partial<ProfileStore>): () => ProfileStore {
  return () => {
    const inner = memoryStore();
    return { ...inner, ...overrides(inner) };
  };
}

const CHECKS = {
  random: "answers like the memory store over random operation sequences",
  stale: "applies nothing of a change set whose expectation is stale",
  indexVersions: "versions index keys: 0 without members, a new number on every change, never one used before, and a stale one refuses the commit",
  newPerson: "places two records of one new person written at once in one profile (the second writer sees the first)",
  racing: "lets racing engines on one profile both land: one wins, the other re-reads and retries",
  idempotent: "is idempotent: the same event twice changes nothing",
  erases: "erases every trace of a profile",
  erasesLeft: "erases a person from the profiles their records left, not only from their own",
  partial: "leaves no partial state when the store fails on its Nth call",
  scan: "scans in ascending key order, page by page",
};

describe("the conformance suite", () => {
  it("registers its ten checks under one describe, each with the default timeout of a minute", () => {
    const tests = register(() => memoryStore());
    expect(tests.map((t) => t.name)).toEqual(Object.values(CHECKS));
    expect(new Set(tests.map((t) => t.suite))).toEqual(new Set(["ProfileStore conformance"]));
    expect(tests.every((t) => t.timeout === 60_000)).toBe(true);
    expect(register(() => memoryStore(), { runs: 5, timeout: 5_000 }).every((t) => t.timeout === 5_000)).toBe(true);
  });

  it("passes the memory store on every check, with a fresh store per check that it closes after", async () => {
    let made = 0;
    let closed = 0;
    const failed = await failuresOf(() => {
      made++;
      return { ...memoryStore(), close: () => { closed++; } };
    });
    expect([...failed]).toEqual([]);
    expect(made).toBe(10);
    expect(closed).toBe(10);
  });

  it("accepts an async store factory", async () => {
    const [first] = register(async () => Promise.resolve(memoryStore()));
    await expect(first?.body()).resolves.toBeUndefined();
  });

  it("runs as many random sequences as asked, 40 commits each, 20 by default, and the seed picks them", async () => {
    const commitsOf = async (options: Partial<StoreConformanceOptions>): Promise<ChangeSet[]> => {
      const seen: ChangeSet[] = [];
      const [random] = register(bent((inner) => ({ commit: (changes) => { seen.push(changes); return inner.commit(changes); } })), options);
      await random?.body();
      return seen;
    };
    expect(await commitsOf({ runs: 2 })).toHaveLength(80);
    const defaults = await commitsOf({});
    expect(defaults).toHaveLength(800);
    const seed1 = await commitsOf({ runs: 1, seed: 1 });
    expect(seed1).toEqual(defaults.slice(0, 40));
    expect(await commitsOf({ runs: 1, seed: 2 })).not.toEqual(seed1);
    expect(await commitsOf({ runs: 1, seed: 2 })).toEqual(await commitsOf({ runs: 1, seed: 2 }));
  });

  it("refuses to register without a store factory or without describe and it", () => {
    const run = { describe: () => undefined, it: () => undefined };
    expect(() => { runStoreConformance(memoryStore() as never, run); }).toThrow(/createStore must be a function/);
    expect(() => { runStoreConformance(() => memoryStore(), {} as never); }).toThrow(/describe and it/);
    expect(() => { runStoreConformance(() => memoryStore(), null as never); }).toThrow(/describe and it/);
    expect(() => { runStoreConformance(() => memoryStore(), { describe: () => undefined } as never); }).toThrow(/describe and it/);
    expect(() => { runStoreConformance(() => memoryStore(), { it: () => undefined } as never); }).toThrow(/describe and it/);
    for (const bad of [() => { runStoreConformance(memoryStore() as never, run); }, () => { runStoreConformance(() => memoryStore(), "x" as never); }]) {
      expect(bad).toThrow(expect.objectContaining({ code: "invalid_options" }));
    }
  });
});

describe("the conformance suite catches broken stores", () => {
  it("one that ignores expected versions (no optimistic concurrency)", async () => {
    const failed = await failuresOf(bent((inner) => ({ commit: (changes) => inner.commit({ ...changes, expect: [] }) })));
    expect([...failed.keys()]).toEqual(expect.arrayContaining([CHECKS.random, CHECKS.stale, CHECKS.indexVersions, CHECKS.newPerson]));
    expect(failed.get(CHECKS.stale)).toMatch(/store conformance: a stale expectation fails the commit: expected false, got true/);
  });

  it("one that refuses a stale change set but applies it anyway", async () => {
    const failed = await failuresOf(bent((inner) => ({
      commit: async (changes) => {
        const result = await inner.commit(changes);
        if (!result.ok) await inner.commit({ ...changes, expect: [] });
        return result;
      },
    })));
    expect(failed.get(CHECKS.stale)).toMatch(/the document is unchanged/);
    expect(failed.has(CHECKS.random)).toBe(true);
  });

  it("one that applies a change set in two steps, and fails between them", async () => {
    let commits = 0;
    const failed = await failuresOf(bent((inner) => ({
      async commit(changes) {
        await inner.commit({ ...changes, index: [], increment: [] });
        if (++commits % 3 === 0) throw new Error("lost connection");
        return inner.commit({ expect: [], put: [], delete: [], index: changes.index, increment: changes.increment });
      },
    })));
    expect(failed.get(CHECKS.partial)).toMatch(/a failure on call \d+ left the store as it was/);
  });

  it("one that scans out of order, and one that forgets to remove index members", async () => {
    const unordered = await failuresOf(bent((inner) => ({ scan: async (kind, after, limit) => [...(await inner.scan(kind, after, limit))].reverse() })));
    expect(unordered.get(CHECKS.scan)).toMatch(/every key once, ascending/);
    const sticky = await failuresOf(bent((inner) => ({ commit: (changes) => inner.commit({ ...changes, index: changes.index.filter((op) => op.op === "add") }) })));
    expect(sticky.get(CHECKS.erases)).toMatch(/no index entry names an erased record/);
    expect(sticky.has(CHECKS.random)).toBe(true);
  });

  it("one that keeps a profile's history when it is deleted", async () => {
    const failed = await failuresOf(bent((inner) => ({ commit: (changes) => inner.commit({ ...changes, delete: changes.delete.filter((d) => d.kind !== "history") }) })));
    expect(failed.get(CHECKS.erases)).toMatch(/no history is left/);
    expect(failed.get(CHECKS.erasesLeft)).toMatch(/no document holds/);
  });

  it("one that refuses a stale change set but applies its puts, its index changes or its counts anyway", async () => {
    const leaking = (part: "put" | "index" | "increment") => bent((inner) => ({
      async commit(changes: ChangeSet) {
        const result = await inner.commit(changes);
        if (!result.ok) await inner.commit({ expect: [], put: [], delete: [], index: [], increment: [], [part]: changes[part] });
        return result;
      },
    }));
    expect((await failuresOf(leaking("put"))).get(CHECKS.stale)).toBe('Error: store conformance: nothing was put: expected [null], got [{"key":"p","version":1,"value":{"n":2}}]');
    expect((await failuresOf(leaking("index"))).get(CHECKS.stale)).toBe("Error: store conformance: nothing was indexed: expected 0, got 1");
    expect((await failuresOf(leaking("increment"))).get(CHECKS.stale)).toBe("Error: store conformance: nothing was counted: expected [0], got [3]");
  });

  it("one that answers a stored record's content other than it was written (every event seems new)", async () => {
    const failed = await failuresOf(bent((inner) => ({
      get: async (kind, keys) => (await inner.get(kind, keys)).map((doc) => (doc === null || kind !== "record" ? doc : { ...doc, value: { ...(doc.value as object), contentHash: "changed" } })),
    })));
    expect(failed.get(CHECKS.idempotent)).toBe("Error: store conformance: every event is a duplicate: expected 12, got 0");
  });

  it("one that drops erasure markers (an erased record's next event is taken in again)", async () => {
    const failed = await failuresOf(bent((inner) => ({ commit: (changes) => inner.commit({ ...changes, put: changes.put.filter((p) => p.kind !== "erasure") }) })));
    expect(failed.get(CHECKS.erases)).toBe('Error: store conformance: a later event for an erased record is refused: expected "rejected", got "created"');
  });

  it("one that keeps deleted records, and one that keeps deleted profiles", async () => {
    const keeping = (kind: string) => bent((inner) => ({ commit: (changes: ChangeSet) => inner.commit({ ...changes, delete: changes.delete.filter((d) => d.kind !== kind) }) }));
    expect((await failuresOf(keeping("record"))).get(CHECKS.erases)).toBe("Error: store conformance: no record is left: expected true, got false");
    expect((await failuresOf(keeping("profile"))).get(CHECKS.erases)).toMatch(/^Error: store conformance: no profile is left: expected \[null\], got \[\{"key":"p_/);
  });

  it("one that keeps the last record a commit deletes, and one that drops the counts down of one value (some, not all)", async () => {
    const lastOf = <E,>(list: readonly E[], is: (entry: E) => boolean): number => {
      for (let k = list.length - 1; k >= 0; k--) if (is(list[k] as E)) return k;
      return -1;
    };
    const keepsOne = await failuresOf(bent((inner) => ({ commit: (changes) => inner.commit({ ...changes, delete: changes.delete.filter((d, k) => d.kind !== "record" || k !== lastOf(changes.delete, (e) => e.kind === "record")) }) })));
    expect(keepsOne.get(CHECKS.erases)).toBe("Error: store conformance: no record is left: expected true, got false");
    const missesOne = await failuresOf(bent((inner) => ({
      commit: (changes) => {
        // The counts down of one value (the last one a commit lowers, not the record count) are dropped.
        const skipped = changes.increment[lastOf(changes.increment, (e) => e.by < 0 && e.key !== "n")]?.key;
        return inner.commit({ ...changes, increment: changes.increment.filter((c) => c.by > 0 || c.key !== skipped) });
      },
    })));
    expect(missesOne.get(CHECKS.erases)).toBe("Error: store conformance: every value count went down: expected true, got false");
  });

  it("one that never counts down", async () => {
    const failed = await failuresOf(bent((inner) => ({ commit: (changes) => inner.commit({ ...changes, increment: changes.increment.filter((c) => c.by > 0) }) })));
    expect(failed.get(CHECKS.erases)).toMatch(/every value count went down/);
    expect(failed.get(CHECKS.random)).toMatch(/counters/);
  });

  it("one that counts every increment twice", async () => {
    const failed = await failuresOf(bent((inner) => ({ commit: (changes) => inner.commit({ ...changes, increment: changes.increment.map((c) => ({ ...c, by: 2 * c.by })) }) })));
    expect(failed.get(CHECKS.racing)).toMatch(/every record was counted once/);
    expect(failed.get(CHECKS.random)).toMatch(/counters/);
  });

  it("one that answers every index key with all its members, past the limit", async () => {
    const failed = await failuresOf(bent((inner) => ({ members: (keys) => inner.members(keys, 1_000_000) })));
    expect(failed.get(CHECKS.indexVersions)).toMatch(/members answers at most the limit asked/);
  });

  it("one whose index versions count members (a key emptied and filled again gets an old version back)", async () => {
    const failed = await failuresOf(bent((inner) => ({
      members: async (keys, limit) => (await inner.members(keys, limit)).map((entry) => ({ ...entry, version: entry.size })),
    })));
    expect(failed.get(CHECKS.indexVersions)).toMatch(/a key filled again never gets a version it had: expected true, got false/);
  });

  it("one that answers version 0 for every key, members or not", async () => {
    const failed = await failuresOf(bent((inner) => ({
      members: async (keys, limit) => (await inner.members(keys, limit)).map((entry) => ({ ...entry, version: 0 })),
    })));
    expect(failed.get(CHECKS.indexVersions)).toBe("Error: store conformance: a key with a member has a version above 0: expected true, got false");
  });

  it("one that answers a version for a key without members", async () => {
    const failed = await failuresOf(bent((inner) => ({
      members: async (keys, limit) => (await inner.members(keys, limit)).map((entry) => ({ ...entry, version: entry.version + 1 })),
    })));
    expect(failed.get(CHECKS.indexVersions)).toBe("Error: store conformance: an unknown key has version 0: expected 0, got 1");
  });

  it("one that answers a key's size as the members it returns (capped at the limit)", async () => {
    const failed = await failuresOf(bent((inner) => ({
      members: async (keys, limit) => (await inner.members(keys, limit)).map((entry) => ({ ...entry, size: entry.members.length })),
    })));
    expect(failed.get(CHECKS.indexVersions)).toBe("Error: store conformance: a key with more members than the limit has a size above it: expected true, got false");
  });

  it("one whose key keeps its first version while members are added", async () => {
    const first = new Map<string, number>();
    const failed = await failuresOf(bent((inner) => ({
      members: async (keys, limit) => (await inner.members(keys, limit)).map((entry, k) => {
        const key = keys[k] as string;
        if (entry.size === 0) return entry;
        if (!first.has(key)) first.set(key, entry.version);
        return { ...entry, version: first.get(key) as number };
      }),
    })));
    expect(failed.get(CHECKS.indexVersions)).toBe("Error: store conformance: adding a member changes the version: expected true, got false");
  });

  it("one that applies a refused commit's index changes", async () => {
    const failed = await failuresOf(bent((inner) => ({
      async commit(changes) {
        const result = await inner.commit(changes);
        if (!result.ok) await inner.commit({ expect: [], put: [], delete: [], index: changes.index, increment: [] });
        return result;
      },
    })));
    expect(failed.get(CHECKS.indexVersions)).toBe("Error: store conformance: nothing of the refused commit was applied: expected 2, got 3");
  });

  it("one whose documents' versions never move", async () => {
    const failed = await failuresOf(bent((inner) => ({
      get: async (kind, keys) => (await inner.get(kind, keys)).map((doc) => (doc === null ? null : { ...doc, version: 1 })),
    })));
    expect(failed.get(CHECKS.random)).toMatch(/run 0 step \d+: get [a-z]+: expected .*"version":2/);
    expect(failed.has(CHECKS.racing)).toBe(true);
  });

  it("one that answers get in its own order, not the keys'", async () => {
    const failed = await failuresOf(bent((inner) => ({ get: async (kind, keys) => [...(await inner.get(kind, keys))].reverse() })));
    expect(failed.get(CHECKS.random)).toMatch(/: get [a-z]+: expected/);
  });

  it("one that loses a document now and then", async () => {
    let puts = 0;
    const failed = await failuresOf(bent((inner) => ({ commit: (changes) => inner.commit({ ...changes, put: changes.put.filter(() => ++puts % 5 !== 0) }) })));
    expect(failed.size).toBeGreaterThan(1);
    expect(failed.has(CHECKS.random)).toBe(true);
  });
});
