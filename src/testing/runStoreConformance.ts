import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _createRandom, type _Random } from "../shared/_random.js";
import { createProfileEngine } from "../engine/createProfileEngine.js";
import { defineSchema } from "../engine/defineSchema.js";
import { memoryStore } from "../engine/memoryStore.js";
import { DOCUMENT_KINDS, type ChangeSet, type DocumentKind, type MaybePromise, type ProfileStore, type StoredDocument } from "../engine/store.js";
import { generateCustomerRecords } from "./generateCustomerRecords.js";

/** The test functions of the host's runner (vitest, jest, node:test, mocha all have this shape). */
export interface ConformanceRunner {
  readonly describe: (name: string, body: () => void) => void;
  readonly it: (name: string, body: () => Promise<void>, timeout?: number) => void;
}

/** Options of {@link runStoreConformance}. */
export interface StoreConformanceOptions extends ConformanceRunner {
  /** Seed of the random operation sequences. Default 1. */
  readonly seed?: number;
  /** Random sequences checked against the memory store. Default 20. */
  readonly runs?: number;
  /** Per-test timeout in ms, passed to `it`. Default 60,000. */
  readonly timeout?: number;
}

const KEYS = ["a", "b", "c", "d", "e", "f", "g", "h"];

/**
 * Registers a conformance suite for a {@link ProfileStore} implementation with the host's test runner:
 * random operation sequences checked against `memoryStore()` as oracle (documents, versions, index,
 * counters, scan order and paging), atomic refusal of stale change sets, racing engines on one profile
 * (one wins, the other retries, nothing lost), idempotent ingest, erasure completeness, and injected
 * failures (a store that throws on its Nth call) leaving no partial state. `createStore` is called once
 * per test and must return an empty store.
 *
 * @param createStore - makes a new, empty store (may be async)
 * @param options - the runner's `describe` and `it`, and optionally a seed
 * @example
 * ```ts
 * import { describe, it } from "vitest";
 * import { runStoreConformance } from "profile-kit/testing";
 * runStoreConformance(() => myStore(), { describe, it });
 * ```
 */
export function runStoreConformance(createStore: () => MaybePromise<ProfileStore>, options: StoreConformanceOptions): void {
  if (typeof createStore !== "function") throw new ProfileKitError("invalid_options", "runStoreConformance: createStore must be a function returning a new, empty store.");
  if (typeof options !== "object" || (options as unknown) === null || typeof options.describe !== "function" || typeof options.it !== "function") {
    throw new ProfileKitError("invalid_options", "runStoreConformance: pass your test runner's describe and it ({ describe, it }).");
  }
  const { describe, it } = options;
  const seed = options.seed ?? 1;
  const runs = options.runs ?? 20;
  const timeout = options.timeout ?? 60_000;
  const withStore = (body: (store: ProfileStore) => Promise<void>) => async (): Promise<void> => {
    const store = await createStore();
    try {
      await body(store);
    } finally {
      await store.close?.();
    }
  };

  describe("ProfileStore conformance", () => {
    it("answers like the memory store over random operation sequences", withStore(async (store) => {
      for (let run = 0; run < runs; run++) {
        const random = _createRandom(seed * 7919 + run);
        const oracle = memoryStore();
        const prefix = `r${run}-`;
        for (let step = 0; step < 40; step++) {
          const changes = await randomChanges(random, oracle, prefix);
          // Index keys' versions are each store's own numbers: the same expectation (true or stale) is
          // written with each store's version.
          const indexExpect = Array.from({ length: random.int(0, 1) }, () => ({ key: `${prefix}i${random.int(0, 3)}`, stale: random.next() < 0.3 }));
          const withIndex = async (target: ProfileStore): Promise<ChangeSet> => {
            const entries = await target.members(indexExpect.map((e) => e.key), 0);
            return { ...changes, expect: [...changes.expect, ...indexExpect.map((e, k) => ({ kind: "index" as const, key: e.key, version: (entries[k]?.version ?? 0) + (e.stale ? 1 + random.int(0, 5) : 0) }))] };
          };
          const [want, got] = [await oracle.commit(await withIndex(oracle)), await store.commit(await withIndex(store))];
          same(got.ok, want.ok, `run ${run} step ${step}: commit ok`);
          await compare(store, oracle, prefix, `run ${run} step ${step}`);
        }
      }
    }), timeout);

    it("applies nothing of a change set whose expectation is stale", withStore(async (store) => {
      await expectOk(store.commit(changeSet({ put: [{ kind: "record", key: "x", value: { n: 1 } }] })));
      const result = await store.commit(changeSet({
        expect: [{ kind: "record", key: "x", version: 7 }],
        put: [{ kind: "profile", key: "p", value: { n: 2 } }],
        delete: [{ kind: "record", key: "x" }],
        index: [{ key: "i", member: "x", op: "add" }],
        increment: [{ key: "c", by: 3 }],
      }));
      same(result.ok, false, "a stale expectation fails the commit");
      same(await store.get("record", ["x"]), [{ key: "x", version: 1, value: { n: 1 } }], "the document is unchanged");
      same(await store.get("profile", ["p"]), [null], "nothing was put");
      same((await store.members(["i"], 10))[0]?.size, 0, "nothing was indexed");
      same(await store.counters(["c"]), [0], "nothing was counted");
    }), timeout);

    it("versions index keys: 0 without members, a new number on every change, never one used before, and a stale one refuses the commit", withStore(async (store) => {
      const versionOf = async (key: string): Promise<number> => (await store.members([key], 0))[0]?.version ?? -1;
      same(await versionOf("k"), 0, "an unknown key has version 0");
      await expectOk(store.commit(changeSet({ index: [{ key: "k", member: "a", op: "add" }] })));
      const v1 = await versionOf("k");
      same(v1 > 0, true, "a key with a member has a version above 0");
      await expectOk(store.commit(changeSet({ index: [{ key: "k", member: "b", op: "add" }] })));
      const v2 = await versionOf("k");
      same(v2 !== v1 && v2 > 0, true, "adding a member changes the version");
      const stale = await store.commit(changeSet({ expect: [{ kind: "index", key: "k", version: v1 }], index: [{ key: "k", member: "c", op: "add" }], put: [{ kind: "record", key: "r", value: 1 }] }));
      same(stale.ok, false, "a stale index version refuses the commit");
      same((await store.members(["k"], 10))[0]?.size, 2, "nothing of the refused commit was applied");
      const limited = (await store.members(["k"], 1))[0];
      same(limited?.members.length, 1, "members answers at most the limit asked");
      same((limited?.size ?? 0) > 1, true, "a key with more members than the limit has a size above it");
      same(await store.get("record", ["r"]), [null], "nothing of the refused commit was put");
      await expectOk(store.commit(changeSet({ expect: [{ kind: "index", key: "k", version: v2 }], index: [{ key: "k", member: "a", op: "remove" }, { key: "k", member: "b", op: "remove" }] })));
      same(await versionOf("k"), 0, "a key without members is back to version 0");
      const filled = await store.commit(changeSet({ expect: [{ kind: "index", key: "k", version: 0 }], index: [{ key: "k", member: "d", op: "add" }] }));
      same(filled.ok, true, "expecting an empty key that is empty applies");
      const v3 = await versionOf("k");
      same(v3 !== v1 && v3 !== v2 && v3 > 0, true, "a key filled again never gets a version it had");
      const late = await store.commit(changeSet({ expect: [{ kind: "index", key: "k", version: 0 }], index: [{ key: "k", member: "e", op: "add" }] }));
      same(late.ok, false, "expecting an empty key that has members refuses the commit");
    }), timeout);

    it("places two records of one new person written at once in one profile (the second writer sees the first)", withStore(async (store) => {
      const schema = defineSchema({});
      const one = createProfileEngine({ schema, store });
      const two = createProfileEngine({ schema, store });
      const base = { firstName: "Kim", lastName: "Ortiz", email: "kim.ortiz@fastmail.com" };
      const [a, b] = await Promise.all([one.ingest({ ...base, id: "1", source: "crm" }), two.ingest({ ...base, id: "2", source: "web" })]);
      same(a.profileId === b.profileId, true, "one profile, not two");
      same([a.outcome, b.outcome].sort(), ["created", "joined"], "one created it, the other joined");
    }), timeout);

    it("lets racing engines on one profile both land: one wins, the other re-reads and retries", withStore(async (store) => {
      const schema = defineSchema({});
      const one = createProfileEngine({ schema, store });
      const two = createProfileEngine({ schema, store });
      const base = { firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" };
      const first = await one.ingest({ ...base, id: "1", source: "crm" });
      const results = await Promise.all([one.ingest({ ...base, id: "2", source: "web" }), two.ingest({ ...base, id: "3", source: "shop" }), two.ingest({ ...base, id: "4", source: "app" })]);
      for (const result of results) same(result.profileId, first.profileId, "every record joined the one profile");
      const profile = await one.getProfile(first.profileId as string);
      same(profile?.recordKeys, ["app:4", "crm:1", "shop:3", "web:2"], "no record was lost");
      same(await store.counters(["n"]), [4], "every record was counted once");
    }), timeout);

    it("is idempotent: the same event twice changes nothing", withStore(async (store) => {
      const engine = createProfileEngine({ schema: defineSchema({}), store });
      const records = sample(12);
      await engine.ingestMany(records);
      const before = await snapshot(store);
      const again = await engine.ingestMany(records);
      same(again.outcomes.duplicate, records.length, "every event is a duplicate");
      same(await snapshot(store), before, "the store is unchanged");
    }), timeout);

    it("erases every trace of a profile", withStore(async (store) => {
      const engine = createProfileEngine({ schema: defineSchema({}), store });
      const records = sample(30);
      await engine.ingestMany(records);
      const docs = await store.scan("record", null, 1000);
      const victim = docs[0]?.value as { profileId: string; key: string; blockingKeys: string[]; counterKeys: string[] };
      const profile = await engine.getProfile(victim.profileId);
      const keys = profile?.recordKeys ?? [];
      const stored = (await store.get("record", keys)).map((doc) => doc?.value as { blockingKeys: string[]; counterKeys: string[] });
      const countersBefore = await store.counters(stored.flatMap((r) => r.counterKeys));
      await engine.erase(victim.profileId);
      same((await store.get("record", keys)).every((doc) => doc === null), true, "no record is left");
      same(await store.get("profile", [victim.profileId]), [null], "no profile is left");
      same(await store.get("history", [victim.profileId]), [null], "no history is left");
      for (const entry of await store.members(stored.flatMap((r) => r.blockingKeys), 10_000)) {
        same(entry.members.some((member) => keys.includes(member)), false, "no index entry names an erased record");
      }
      const countersAfter = await store.counters(stored.flatMap((r) => r.counterKeys));
      same(countersAfter.every((value, k) => value < (countersBefore[k] as number)), true, "every value count went down");
      same((await engine.ingest(records.find((r) => `${String(r["source"])}:${String(r["id"])}` === keys[0]))).outcome, "rejected", "a later event for an erased record is refused");
    }), timeout);

    it("erases a person from the profiles their records left, not only from their own", withStore(async (store) => {
      const engine = createProfileEngine({ schema: defineSchema({}), store });
      const ann = { id: "1", source: "crm", updatedAt: "2025-01-01T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", city: "San Francisco" };
      // Another person's order, merged in by the shared email, then split off by a cannot-link.
      const other = { id: "o9", source: "orders", updatedAt: "2025-01-05T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", city: "Zanzibar City", dateOfBirth: "1990-02-02" };
      await engine.ingestMany([ann, other], { checks: { expectations: [{ kind: "relationships", maxClusterSize: 1 }], onFail: "stop" } });
      await engine.assert("crm:1", "orders:o9", false);
      const otherProfile = await engine.profileOf("orders:o9");
      same(otherProfile !== null && otherProfile.recordKeys.length === 1, true, "the order has its own profile after the split");
      await engine.erase(otherProfile?.id as string);
      const everything = JSON.stringify(await Promise.all(DOCUMENT_KINDS.map(async (kind) => store.scan(kind, null, 1_000_000))));
      for (const trace of ["Zanzibar", "1990-02-02", "orders:o9"]) same(everything.includes(trace), false, `no document holds ${JSON.stringify(trace)}`);
      same(everything.includes("San Francisco"), true, "the other person's values stay");
    }), timeout);

    it("leaves no partial state when the store fails on its Nth call", withStore(async (store) => {
      const schema = defineSchema({});
      const records = sample(8);
      await createProfileEngine({ schema, store }).ingestMany(records.slice(0, 6));
      // Each call of an ingest in turn fails, until three ingests in a row never reach their failing call
      // (every call, the commit included, has then failed once, and a few whole ingests were committed).
      let completed = 0;
      // Which kinds of call were made to fail: each an ingest makes must have been (else the check proved nothing).
      const failedKinds = new Set<string>();
      for (let n = 1; n <= 500; n++) {
        const before = await snapshot(store);
        let calls = 0;
        const failAt = (kind: string): boolean => {
          if (++calls !== n) return false;
          failedKinds.add(kind);
          return true;
        };
        const failing: ProfileStore = {
          get: (kind, keys) => (failAt("get") ? fail() : store.get(kind, keys)),
          members: (keys, limit) => (failAt("members") ? fail() : store.members(keys, limit)),
          counters: (keys) => (failAt("counters") ? fail() : store.counters(keys)),
          scan: (kind, after, limit) => (failAt("scan") ? fail() : store.scan(kind, after, limit)),
          commit: (changes) => (failAt("commit") ? fail() : store.commit(changes)),
        };
        const engine = createProfileEngine({ schema, store: failing });
        const record = { ...(records[6] as object), updatedAt: `2030-01-${String(n).padStart(2, "0")}T00:00:00Z` };
        let failed = false;
        try {
          await engine.ingest(record);
        } catch (error) {
          failed = true;
          same(error instanceof ProfileKitError && error.code === "store_failure", true, "a failure reaches the caller as store_failure");
        }
        if (failed) same(await snapshot(store), before, `a failure on call ${n} left the store as it was`);
        else if (calls < n && ++completed === 3) break;
      }
      same(["commit", "counters", "get", "members"].filter((kind) => !failedKinds.has(kind)), [], "an ingest was made to fail at each kind of call it makes (those never failed)");
    }), timeout);

    it("scans in ascending key order, page by page", withStore(async (store) => {
      const keys = Array.from({ length: 25 }, (_, k) => `k${String((k * 7) % 25).padStart(2, "0")}`);
      await expectOk(store.commit(changeSet({ put: keys.map((key) => ({ kind: "profile" as const, key, value: { key } })) })));
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: readonly StoredDocument[] = await store.scan("profile", after, 4);
        if (page.length === 0) break;
        for (const doc of page) seen.push(doc.key);
        after = page[page.length - 1]?.key ?? null;
      }
      same(seen, [...keys].sort(), "every key once, ascending");
    }), timeout);
  });
}

function fail(): never {
  throw new Error("injected failure");
}

function same(got: unknown, want: unknown, what: string): void {
  const a = JSON.stringify(got);
  const b = JSON.stringify(want);
  if (a !== b) throw new Error(`store conformance: ${what}: expected ${b.slice(0, 400)}, got ${a.slice(0, 400)}`);
}

async function expectOk(result: MaybePromise<{ readonly ok: boolean }>): Promise<void> {
  same((await result).ok, true, "the commit applies");
}

function changeSet(parts: Partial<ChangeSet>): ChangeSet {
  return { expect: parts.expect ?? [], put: parts.put ?? [], delete: parts.delete ?? [], index: parts.index ?? [], increment: parts.increment ?? [] };
}

function sample(count: number): Record<string, unknown>[] {
  return [...generateCustomerRecords({ entities: Math.ceil(count / 2), seed: 42 })].slice(0, count).map((g) => ({ ...g.record }));
}

async function randomChanges(random: _Random, oracle: ProfileStore, prefix: string): Promise<ChangeSet> {
  const kind = (): DocumentKind => random.pick(DOCUMENT_KINDS);
  const key = (): string => prefix + random.pick(KEYS);
  const expect: ChangeSet["expect"][number][] = [];
  for (let k = random.int(0, 2); k > 0; k--) {
    const which = kind();
    const name = key();
    const [doc] = await oracle.get(which, [name]);
    // Mostly the true version; sometimes a stale one, to exercise refusal.
    expect.push({ kind: which, key: name, version: random.next() < 0.8 ? (doc?.version ?? 0) : random.int(0, 3) });
  }
  const put = Array.from({ length: random.int(0, 3) }, () => ({ kind: kind(), key: key(), value: { n: random.int(0, 99), list: [random.pick(KEYS)], nested: { ok: random.next() < 0.5 } } }));
  const del = Array.from({ length: random.int(0, 1) }, () => ({ kind: kind(), key: key() }));
  const index = Array.from({ length: random.int(0, 3) }, () => ({ key: `${prefix}i${random.int(0, 3)}`, member: random.pick(KEYS), op: random.next() < 0.7 ? ("add" as const) : ("remove" as const) }));
  const increment = Array.from({ length: random.int(0, 2) }, () => ({ key: `${prefix}c${random.int(0, 2)}`, by: random.int(-1, 2) }));
  return changeSet({ expect, put, delete: del, index, increment });
}

async function compare(store: ProfileStore, oracle: ProfileStore, prefix: string, where: string): Promise<void> {
  const keys = KEYS.map((k) => prefix + k);
  for (const kind of DOCUMENT_KINDS) same(await store.get(kind, keys), await oracle.get(kind, keys), `${where}: get ${kind}`);
  const indexKeys = [0, 1, 2, 3].map((i) => `${prefix}i${i}`);
  const members = async (s: ProfileStore): Promise<unknown> => (await s.members(indexKeys, 100)).map((entry) => ({ key: entry.key, size: entry.size, members: [...entry.members].sort() }));
  same(await members(store), await members(oracle), `${where}: members`);
  const counterKeys = [0, 1, 2].map((c) => `${prefix}c${c}`);
  same(await store.counters(counterKeys), await oracle.counters(counterKeys), `${where}: counters`);
  for (const kind of DOCUMENT_KINDS) {
    const page = async (s: ProfileStore): Promise<unknown> => (await s.scan(kind, prefix, 100)).filter((doc) => doc.key.startsWith(prefix));
    same(await page(store), await page(oracle), `${where}: scan ${kind}`);
  }
}

async function snapshot(store: ProfileStore): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const kind of DOCUMENT_KINDS) out[kind] = await store.scan(kind, null, 1_000_000);
  const records = (out["record"] as StoredDocument[]).map((doc) => doc.value as { blockingKeys: string[]; counterKeys: string[] });
  out["index"] = (await store.members(records.flatMap((r) => r.blockingKeys), 1_000_000)).map((entry) => ({ key: entry.key, size: entry.size, members: [...entry.members].sort() }));
  out["counters"] = await store.counters(["n", ...records.flatMap((r) => r.counterKeys)]);
  return out;
}
