import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { createProfileEngine, type LineageEvent } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import { generateCustomerDataset } from "../testing/generateCustomerDataset.js";
import type { DocumentKind, ProfileStore, StoredDocument } from "./store.js";
import { ann, annWeb, bob, ticking } from "../../test/support/engine.js";

// What the engine makes of a store's answers to `get` (every read goes through one check), and what an
// erasure leaves of the erased person's record keys in other profiles' audit logs and in batch records.

const schema = defineSchema({});
const stranger = { id: "o9", source: "orders", updatedAt: "2025-01-05T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", phone: "+1 212 555 0199", city: "Boston", dateOfBirth: "1990-02-02" };

/** A memory store whose `get` answers are rewritten by `answer` (the real answer given). */
function rewriting(answer: (kind: DocumentKind, keys: readonly string[], real: readonly (StoredDocument | null)[]) => unknown): { store: ProfileStore; inner: ProfileStore; gets: (readonly string[])[] } {
  const inner = memoryStore();
  const gets: (readonly string[])[] = [];
  const store: ProfileStore = {
    get: async (kind, keys) => {
      gets.push(keys);
      return answer(kind, keys, await inner.get(kind, keys)) as (StoredDocument | null)[];
    },
    members: (keys, limit) => inner.members(keys, limit),
    counters: (keys) => inner.counters(keys),
    scan: (kind, after, limit) => inner.scan(kind, after, limit),
    commit: (changes) => inner.commit(changes),
  };
  return { store, inner, gets };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isProfileKitError(error)) throw new Error(`expected a ProfileKitError, got ${String(error)}`);
  expect(error.code).toBe("store_failure");
  return error;
}

describe("the store's answers to get", () => {
  it("refuses a list of the wrong length, saying how many documents came for how many keys", async () => {
    for (const [answer, said] of [
      [(real: readonly unknown[]) => real.slice(1), "answered 0 documents for 1 keys"],
      [(real: readonly unknown[]) => [...real, null], "answered 2 documents for 1 keys"],
      [() => ({ 0: null, length: 1 }), "answered object documents for 1 keys"],
      [() => "x", "answered string documents for 1 keys"],
    ] as const) {
      const { store } = rewriting((_kind, _keys, real) => answer(real));
      const engine = createProfileEngine({ schema, store, now: ticking() });
      expect((await failure(engine.getProfile("p_x"))).message).toContain(said);
    }
  });

  it("takes version 1 and refuses a document whose version is not a whole number of at least 1, naming it", async () => {
    const { store, inner } = rewriting((_kind, keys, real) => real.map((doc, k) => (doc === null ? null : { ...doc, key: keys[k] })));
    const engine = createProfileEngine({ schema, store, now: ticking() });
    const { profileId } = await engine.ingest(ann);
    const id = profileId as string;
    const [doc] = await inner.get("profile", [id]);
    expect(doc?.version).toBe(1);
    expect(await engine.getProfile(id)).not.toBeNull();
    for (const version of [0, -1, 1.5, "1", null, Number.NaN]) {
      const odd = createProfileEngine({ schema, store: { ...store, get: async (kind, keys) => (await store.get(kind, keys)).map((d) => (d === null ? null : { ...d, version })) as never }, now: ticking() });
      const error = await failure(odd.getProfile(id));
      expect(error.message).toBe(`profile engine: the store returned a document without a valid version for profile ${JSON.stringify(id)}.`);
    }
    const missing = createProfileEngine({ schema, store: { ...store, get: async (kind, keys) => (await store.get(kind, keys)).map((d) => (d === null ? null : { key: d.key, value: d.value })) as never }, now: ticking() });
    expect((await failure(missing.getProfile(id))).message).toContain("without a valid version");
    for (const notObject of ["doc", 7, true]) {
      const odd = createProfileEngine({ schema, store: { ...store, get: (_kind, keys) => Promise.resolve(keys.map(() => notObject) as never) }, now: ticking() });
      expect((await failure(odd.getProfile(id))).message).toContain("without a valid version for alias");
    }
    // Absent documents, as null or undefined, are absent: no profile, no failure.
    for (const absent of [null, undefined]) {
      const none = createProfileEngine({ schema, store: { ...store, get: (_kind, keys) => Promise.resolve(keys.map(() => absent) as never) }, now: ticking() });
      expect(await none.getProfile(id)).toBeNull();
    }
  });

  it("asks the store for no documents when it has no key to read", async () => {
    const { store, gets } = rewriting((_kind, _keys, real) => real);
    const engine = createProfileEngine({ schema, store, now: ticking() });
    await engine.ingest(ann);
    await engine.ingest({ ...stranger, firstName: "Zed", lastName: "Quist", email: "zq@example.org", phone: null, id: "z1" });
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.filter((keys) => keys.length === 0)).toEqual([]);
  });
});

describe("what a store throws, and its index entries", () => {
  /** The memory store with one method replaced. */
  function withMethod(method: "get" | "members" | "counters" | "commit", impl: (...args: never[]) => unknown): ProfileStore {
    const inner = memoryStore();
    const store: ProfileStore = {
      get: (kind, keys) => inner.get(kind, keys),
      members: (keys, limit) => inner.members(keys, limit),
      counters: (keys) => inner.counters(keys),
      scan: (kind, after, limit) => inner.scan(kind, after, limit),
      commit: (changes) => inner.commit(changes),
    };
    return { ...store, [method]: impl };
  }

  it("wraps an error as store_failure naming the call and keeping the error as its cause; a non-error by its text", async () => {
    const cause = new Error("disk on fire");
    for (const [method, thrown, said] of [
      ["get", cause, "profile engine: the store's get failed: disk on fire"],
      ["members", cause, "profile engine: the store's members failed: disk on fire"],
      ["counters", "socket closed", "profile engine: the store's counters failed: socket closed"],
      ["commit", cause, "profile engine: the store's commit failed: disk on fire"],
    ] as const) {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a store may throw anything, a string too
      const engine = createProfileEngine({ schema, store: withMethod(method, () => { throw thrown; }), now: ticking() });
      const error = await failure(engine.ingest(ann));
      expect(error.message).toBe(said);
      expect(error.cause).toBe(thrown);
    }
  });

  it("passes a ProfileKitError a store throws through as it is", async () => {
    const own = new ProfileKitError("store_conflict", "the store's own words");
    const engine = createProfileEngine({ schema, store: withMethod("get", () => Promise.reject(own)), now: ticking() });
    expect(await engine.ingest(ann).catch((e: unknown) => e)).toBe(own);
  });

  it("refuses an index entry whose version is not a whole number of at least 0", async () => {
    const store = memoryStore();
    const seeded = createProfileEngine({ schema, store, now: ticking() });
    await seeded.ingest(ann);
    for (const version of [-1, 0.5, "3", undefined]) {
      const odd = createProfileEngine({ schema, store: { ...store, members: async (keys, limit) => (await store.members(keys, limit)).map((entry) => ({ ...entry, version })) as never }, now: ticking() });
      const error = await failure(odd.ingest(annWeb));
      expect(error.message).toBe("profile engine: an index entry without a valid version.");
    }
    // Version 0 is an entry never written: taken.
    const fresh = createProfileEngine({ schema, store: { ...store, members: async (keys, limit) => (await store.members(keys, limit)).map((entry) => ({ ...entry, version: entry.size === 0 ? 0 : entry.version })) }, now: ticking() });
    expect((await fresh.ingest(annWeb)).outcome).toBe("joined");
  });
});

describe("the store's answers to members and commit", () => {
  /** A memory store with one method's answers rewritten. */
  function odd(members: ProfileStore["members"] | null, commit: ProfileStore["commit"] | null): ProfileStore {
    const inner = memoryStore();
    return {
      get: (kind, keys) => inner.get(kind, keys),
      members: members ?? ((keys, limit) => inner.members(keys, limit)),
      counters: (keys) => inner.counters(keys),
      scan: (kind, after, limit) => inner.scan(kind, after, limit),
      commit: commit ?? ((changes) => inner.commit(changes)),
    };
  }

  it("refuses a commit answer other than { ok: boolean } as store_failure, saying what it expects", async () => {
    for (const answer of [null, "ok", 1, {}, { ok: "yes" }, { ok: 1 }]) {
      const engine = createProfileEngine({ schema, store: odd(null, () => Promise.resolve(answer as never)), now: ticking() });
      expect((await failure(engine.ingest(ann))).message).toBe("profile engine: the store's commit answered neither { ok: true } nor { ok: false, conflicts }.");
    }
  });

  it("refuses index answers of the wrong length, without members or size, or with a member that is no record key", async () => {
    const cases: [ProfileStore["members"], string][] = [
      [(keys) => Promise.resolve(keys.slice(1).map(() => ({ key: "k", members: [], size: 0, version: 0 }))), "profile engine: the store's members answered a different number of index entries than keys asked."],
      [() => Promise.resolve("entries" as never), "profile engine: the store's members answered a different number of index entries than keys asked."],
      [(keys) => Promise.resolve(keys.map(() => null as never)), "profile engine: an index entry without members."],
      [(keys) => Promise.resolve(keys.map(() => ({ key: "k", members: "a,b", size: 2, version: 0 }) as never)), "profile engine: an index entry without members."],
      [(keys) => Promise.resolve(keys.map(() => ({ key: "k", members: [], size: "0", version: 0 }) as never)), "profile engine: an index entry without members."],
      [(keys) => Promise.resolve(keys.map(() => ({ key: "k", members: [7], size: 1, version: 0 }) as never)), "profile engine: an index member that is not a record key."],
    ];
    for (const [members, message] of cases) {
      const engine = createProfileEngine({ schema, store: odd(members, null), now: ticking() });
      expect((await failure(engine.ingest(ann))).message).toBe(message);
    }
  });
});

describe("the store's answers to scan, and alias chains", () => {
  /** A memory store holding Ann's two records and Bob's, whose scan answers are rewritten by `answer`. */
  async function scanning(answer: (real: readonly StoredDocument[], kind: DocumentKind) => unknown): Promise<ReturnType<typeof createProfileEngine>> {
    const inner = memoryStore();
    await createProfileEngine({ schema, store: inner, now: ticking() }).ingestMany([ann, annWeb, bob]);
    const store: ProfileStore = {
      get: (kind, keys) => inner.get(kind, keys),
      members: (keys, limit) => inner.members(keys, limit),
      counters: (keys) => inner.counters(keys),
      scan: async (kind, after, limit) => answer(await inner.scan(kind, after, limit), kind) as StoredDocument[],
      commit: (changes) => inner.commit(changes),
    };
    return createProfileEngine({ schema, store, now: ticking() });
  }

  it("refuses a page that is not a list, a document without a key, keys out of order, a version below 1 or not whole", async () => {
    const cases: [(real: readonly StoredDocument[]) => unknown, string][] = [
      [() => ({ length: 0 }), "profile engine: the store's scan answered something other than an array."],
      [(real) => real.map((doc, k) => (k === 1 ? { ...doc, key: 7 } : doc)), "profile engine: the store's scan answered a document without a key."],
      [(real) => real.map((doc, k) => (k === 1 ? null : doc)), "profile engine: the store's scan answered a document without a key."],
      [(real) => [...real].reverse(), "profile engine: the store's scan did not answer keys in ascending order."],
      [(real) => [...real, ...real.slice(-1)], "profile engine: the store's scan did not answer keys in ascending order."],
      [(real) => real.map((doc, k) => (k === 1 ? { ...doc, version: 0 } : doc)), 'profile engine: the store returned a document without a valid version for record "crm:2".'],
      [(real) => real.map((doc, k) => (k === 1 ? { ...doc, version: 1.5 } : doc)), 'profile engine: the store returned a document without a valid version for record "crm:2".'],
    ];
    for (const [answer, message] of cases) {
      const engine = await scanning((real, kind) => (kind === "record" && real.length > 0 ? answer(real) : real));
      expect((await failure(engine.refresh())).message).toBe(message);
    }
  });

  it("takes a page that continues after the last key of the page before", async () => {
    // Pages of one document: each must come after the one before, and does.
    const engine = await scanning((real) => real.slice(0, 1));
    expect(await engine.refresh()).toMatchObject({ records: 3 });
  });

  it("follows an alias chain of several merges to the surviving profile", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    // Three profiles of one person, oldest first; the two younger merge first, then the oldest takes them.
    const oldest = await engine.ingest({ id: "1", source: "crm", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" });
    const middle = await engine.ingest({ id: "2", source: "web", firstName: "Ann", lastName: "Lee", email: "annlee@proton.me" });
    const youngest = await engine.ingest({ id: "3", source: "orders", firstName: "Ann", customerId: "C-3" });
    expect(new Set([oldest.profileId, middle.profileId, youngest.profileId]).size).toBe(3);
    expect(await engine.ingest({ id: "4", source: "app", firstName: "Ann", lastName: "Lee", email: "annlee@proton.me", customerId: "C-3" })).toMatchObject({ outcome: "merged", profileId: middle.profileId });
    expect(await engine.store.get("alias", [youngest.profileId as string])).toStrictEqual([expect.objectContaining({ value: { target: middle.profileId } })]);
    expect(await engine.ingest({ id: "5", source: "app", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", customerId: "C-3" })).toMatchObject({ outcome: "merged", profileId: oldest.profileId });
    expect((await engine.getProfile(youngest.profileId as string))?.id).toBe(oldest.profileId);
    expect((await engine.getProfile(youngest.profileId as string))?.requestedId).toBe(youngest.profileId);
  });

  it("refuses an alias chain that never ends (a cycle) as store_failure", async () => {
    const inner = memoryStore();
    await inner.commit({ expect: [], put: [{ kind: "alias", key: "p_a", value: { target: "p_b" } }, { kind: "alias", key: "p_b", value: { target: "p_a" } }], delete: [], index: [], increment: [] });
    const engine = createProfileEngine({ schema, store: inner, now: ticking() });
    expect((await failure(engine.getProfile("p_a"))).message).toBe('profile engine: the aliases of "p_a" form a chain longer than 64 (a cycle?).');
  });

  it("refuses a profile id that is not a non-empty string", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    for (const id of ["", 7, null]) {
      const error = await engine.getProfile(id as string).then(() => null, (e: unknown) => e);
      expect(isProfileKitError(error) && [error.code, error.message]).toStrictEqual(["invalid_options", "profile engine: a profile id is a non-empty string."]);
    }
  });
});

describe("erasure in other profiles' audit logs and in batch records", () => {
  /**
   * Ann's profile absorbs a second profile (a record of someone else, shop:x1) through a bridging order
   * (orders:o9) that links to both; an assertion then splits shop:x1 off again. Ann's log names shop:x1
   * as the record its absorbed profile was created by and as a side of the merge's link. Background
   * people first, so that the names' frequencies are those of a store, not of three records.
   */
  async function setUp(): Promise<{ engine: ReturnType<typeof createProfileEngine>; annId: string; erasedId: string; erasedKeys: Set<string> }> {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest({ id: "1", source: "crm", updatedAt: "2025-01-01T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" });
    await engine.ingestMany(generateCustomerDataset({ entities: 40, seed: 3 }).records);
    const place = { phone: "+1 617 253 1000", dateOfBirth: "1990-02-02", street: "77 Massachusetts Ave", city: "Cambridge", postalCode: "02139" };
    const x = await engine.ingest({ id: "x1", source: "shop", updatedAt: "2025-01-04T00:00:00Z", firstName: "Ann", lastName: "Lee", ...place });
    const merged = await engine.ingest({ id: "o9", source: "orders", updatedAt: "2025-01-05T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", ...place });
    expect(merged).toMatchObject({ outcome: "merged", profileId: a.profileId, mergedFrom: [x.profileId] });
    await engine.assert("crm:1", "shop:x1", false);
    const erasedId = (await engine.profileOf("shop:x1"))?.id as string;
    expect(erasedId).not.toBe(a.profileId);
    const erasedKeys = new Set((await engine.store.scan("record", null, 1000)).filter((doc) => (doc.value as { profileId: string }).profileId === erasedId).map((doc) => doc.key));
    expect(erasedKeys.has("shop:x1")).toBe(true);
    return { engine, annId: a.profileId as string, erasedId, erasedKeys };
  }

  /** An event with the erased keys taken out: its record key dropped, a reason's side replaced. */
  function scrubbed(e: LineageEvent, keys: ReadonlySet<string>): LineageEvent {
    const { recordKey, why, ...rest } = e;
    const side = (k: string): string => (keys.has(k) ? "(erased record)" : k);
    const reason = why !== undefined && (why.kind === "link" || why.kind === "assertion") ? { ...why, a: side(why.a), b: side(why.b) } : why;
    return { ...rest, ...(recordKey === undefined || keys.has(recordKey) ? {} : { recordKey }), ...(reason === undefined ? {} : { why: reason }) };
  }

  it("keeps every event of the log, with only the erased records' keys taken out of it", async () => {
    const { engine, annId, erasedId, erasedKeys } = await setUp();
    const before = (await engine.audit(annId)).events;
    // The log names shop:x1 on every path: as the record an event is about, as a side of a link and of an assertion.
    expect(before.some((e) => e.recordKey === "shop:x1")).toBe(true);
    expect(before.some((e) => e.recordKey === "crm:1")).toBe(true);
    expect(before.some((e) => e.why?.kind === "link" && e.why.b === "shop:x1" && e.why.a === "orders:o9")).toBe(true);
    expect(before.some((e) => e.why?.kind === "assertion" && e.why.a === "crm:1" && e.why.b === "shop:x1")).toBe(true);
    await engine.erase(erasedId);
    const after = (await engine.audit(annId)).events;
    expect(after).toStrictEqual(before.map((e) => scrubbed(e, erasedKeys)));
    const text = JSON.stringify(after);
    for (const key of erasedKeys) expect(text).not.toContain(key);
    expect(text).toContain("crm:1");
    expect(after.filter((e) => e.why?.kind === "assertion").every((e) => e.why?.kind === "assertion" && e.why.a === "crm:1" && e.why.b === "(erased record)")).toBe(true);
  });

  it("leaves a log that never named the erased record as it was", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest(ann);
    await engine.ingest(annWeb);
    const other = await engine.ingest(bob);
    const [historyBefore] = await engine.store.get("history", [a.profileId as string]);
    await engine.erase(other.profileId as string);
    const [historyAfter] = await engine.store.get("history", [a.profileId as string]);
    // Not rewritten at all: the same version of the document.
    expect(historyAfter?.version).toBe(historyBefore?.version);
    expect(historyAfter?.value).toStrictEqual(historyBefore?.value);
  });

  it("takes the key out of every list of a batch record, nested ones too, and leaves other batch records as they were", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const same = Array.from({ length: 3 }, (_, k) => ({ id: `s${k}`, source: "crm", updatedAt: "2025-02-28T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" }));
    const cy = { id: "3", source: "crm", updatedAt: "2025-01-01T00:00:00Z", firstName: "Cy", lastName: "Young", email: "cy.young@example.org" };
    // A check's results list objects whose samples name records: lists inside objects inside lists.
    await engine.ingestMany([...same, bob], { checks: { expectations: [{ kind: "relationships", maxClusterSize: 2 }, { kind: "completeness", field: "phone", mostly: 1, severity: "warn" }], onFail: "stop" } });
    await engine.ingestMany([cy], { checks: { expectations: [{ kind: "completeness", field: "phone", mostly: 1 }], onFail: "stop" } });
    const batchesBefore = await engine.store.scan("batch", null, 10);
    expect(batchesBefore).toHaveLength(2);
    const named = batchesBefore.filter((doc) => JSON.stringify(doc.value).includes("crm:s0"));
    expect(JSON.stringify((named[0]?.value as { checks: { results: unknown[] } }).checks.results)).toContain("crm:s0");
    const untouched = batchesBefore.filter((doc) => !JSON.stringify(doc.value).includes("crm:s"));
    expect(named).toHaveLength(1);
    expect(untouched).toHaveLength(1);
    await engine.erase((await engine.profileOf("crm:s0"))?.id as string);
    const batchesAfter = await engine.store.scan("batch", null, 10);
    const text = JSON.stringify(batchesAfter.map((doc) => doc.value));
    for (const key of ["crm:s0", "crm:s1", "crm:s2"]) expect(text).not.toContain(key);
    expect(text).toContain("crm:2");
    // The rewritten record keeps everything but the erased keys: the same document with them filtered out.
    const drop = (value: unknown): unknown => (Array.isArray(value) ? value.filter((item) => typeof item !== "string" || !item.startsWith("crm:s")).map(drop) : typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, drop(v)])) : value);
    const rewritten = batchesAfter.find((doc) => doc.key === named[0]?.key);
    expect(rewritten?.value).toStrictEqual(drop(named[0]?.value));
    expect(rewritten?.version).toBe((named[0]?.version ?? 0) + 1);
    const kept = batchesAfter.find((doc) => doc.key === untouched[0]?.key);
    expect(kept).toStrictEqual(untouched[0]);
  });
});
