import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { profileKitErrorOf } from "../../test/support/errors.js";
import { memoryStore } from "./memoryStore.js";
import { DOCUMENT_KINDS, type ChangeSet, type CommitResult, type DocumentKind, type IndexEntry, type ProfileStore, type StoredDocument } from "./store.js";

function changeSet(parts: Partial<ChangeSet>): ChangeSet {
  return { expect: parts.expect ?? [], put: parts.put ?? [], delete: parts.delete ?? [], index: parts.index ?? [], increment: parts.increment ?? [] };
}

// The memory store answers synchronously: these read its answers as plain values.
const commit = (store: ProfileStore, parts: Partial<ChangeSet>): CommitResult => store.commit(changeSet(parts)) as CommitResult;
const get = (store: ProfileStore, kind: DocumentKind, keys: readonly string[]): readonly (StoredDocument | null)[] => store.get(kind, keys) as readonly (StoredDocument | null)[];
const scan = (store: ProfileStore, kind: DocumentKind, after: string | null, limit: number): readonly StoredDocument[] => store.scan(kind, after, limit) as readonly StoredDocument[];
const members = (store: ProfileStore, keys: readonly string[], limit: number): readonly IndexEntry[] => store.members(keys, limit) as readonly IndexEntry[];
const counters = (store: ProfileStore, keys: readonly string[]): readonly number[] => store.counters(keys) as readonly number[];
const keysOf = (docs: readonly StoredDocument[]): string[] => docs.map((doc) => doc.key);

function withRecords(keys: readonly string[]): ProfileStore {
  const store = memoryStore();
  expect(commit(store, { put: keys.map((key, k) => ({ kind: "record" as const, key, value: { n: k } })) })).toEqual({ ok: true });
  return store;
}

describe("memoryStore documents", () => {
  it("keeps values and versions past its first 1,024 documents, across kinds, and after deletes free their places", () => {
    const store = memoryStore();
    const keys = Array.from({ length: 1500 }, (_, k) => `r${k}`);
    expect(commit(store, { put: keys.map((key, k) => ({ kind: "record" as const, key, value: { n: k, name: "é".repeat(k % 7) } })) })).toEqual({ ok: true });
    expect(commit(store, { put: keys.slice(0, 700).map((key) => ({ kind: "profile" as const, key, value: [key] })) })).toEqual({ ok: true });
    expect(commit(store, { put: keys.filter((_, k) => k % 3 === 0).map((key) => ({ kind: "record" as const, key, value: { again: key } })), delete: keys.filter((_, k) => k % 3 === 1).map((key) => ({ kind: "record" as const, key })) })).toEqual({ ok: true });
    expect(commit(store, { put: Array.from({ length: 600 }, (_, k) => ({ kind: "history" as const, key: `h${k}`, value: k })) })).toEqual({ ok: true });
    const records = get(store, "record", keys);
    keys.forEach((key, k) => {
      const want = k % 3 === 0 ? { key, version: 2, value: { again: key } } : k % 3 === 1 ? null : { key, version: 1, value: { n: k, name: "é".repeat(k % 7) } };
      expect(records[k]).toEqual(want);
    });
    expect(get(store, "profile", ["r0", "r699", "r700"])).toEqual([{ key: "r0", version: 1, value: ["r0"] }, { key: "r699", version: 1, value: ["r699"] }, null]);
    expect(get(store, "history", ["h0", "h599"])).toEqual([{ key: "h0", version: 1, value: 0 }, { key: "h599", version: 1, value: 599 }]);
  });

  it("answers get in the order asked, null where absent, with versions counting writes from 1", () => {
    const store = memoryStore();
    expect(commit(store, { put: [{ kind: "profile", key: "p1", value: { a: 1 } }] })).toEqual({ ok: true });
    expect(commit(store, { put: [{ kind: "profile", key: "p1", value: { a: 2 } }, { kind: "profile", key: "p2", value: [1, "x"] }] })).toEqual({ ok: true });
    expect(commit(store, { put: [{ kind: "profile", key: "p1", value: null }] })).toEqual({ ok: true });
    expect(get(store, "profile", ["p2", "nope", "p1"])).toEqual([{ key: "p2", version: 1, value: [1, "x"] }, null, { key: "p1", version: 3, value: null }]);
    expect(get(store, "profile", [])).toEqual([]);
  });

  it("keeps each kind in its own key space", () => {
    const store = memoryStore();
    commit(store, { put: DOCUMENT_KINDS.map((kind, k) => ({ kind, key: "same", value: k })) });
    for (const [k, kind] of DOCUMENT_KINDS.entries()) expect(get(store, kind, ["same"])).toEqual([{ key: "same", version: 1, value: k }]);
    commit(store, { delete: [{ kind: "alias", key: "same" }] });
    expect(get(store, "alias", ["same"])).toEqual([null]);
    expect(get(store, "record", ["same"])).toEqual([{ key: "same", version: 1, value: 0 }]);
  });

  it("stores a copy: neither the value put nor a value read can change what is stored", () => {
    const store = memoryStore();
    const value = { list: [1, 2], nested: { x: "a" } };
    commit(store, { put: [{ kind: "record", key: "r", value }] });
    value.list.push(3);
    value.nested.x = "changed";
    const first = get(store, "record", ["r"])[0];
    (first?.value as { list: number[] }).list.push(99);
    expect(get(store, "record", ["r"])).toEqual([{ key: "r", version: 1, value: { list: [1, 2], nested: { x: "a" } } }]);
    expect(scan(store, "record", null, 10)).toEqual([{ key: "r", version: 1, value: { list: [1, 2], nested: { x: "a" } } }]);
  });

  it("deletes documents, and a document put again starts at version 1", () => {
    const store = withRecords(["a", "b"]);
    commit(store, { put: [{ kind: "record", key: "a", value: "v2" }] });
    expect(commit(store, { delete: [{ kind: "record", key: "a" }, { kind: "record", key: "absent" }] })).toEqual({ ok: true });
    expect(get(store, "record", ["a", "b"])).toEqual([null, { key: "b", version: 1, value: { n: 1 } }]);
    commit(store, { put: [{ kind: "record", key: "a", value: "again" }] });
    expect(get(store, "record", ["a"])).toEqual([{ key: "a", version: 1, value: "again" }]);
  });

  it("refuses a kind it does not know, on every method that takes one", () => {
    const store = memoryStore();
    for (const kind of ["index", "records", "", 5, null]) {
      const message = `memoryStore: unknown document kind ${JSON.stringify(kind)}.`;
      expect(profileKitErrorOf(() => store.get(kind as never, ["k"]))).toMatchObject({ code: "invalid_options", message });
      expect(profileKitErrorOf(() => store.scan(kind as never, null, 5))).toMatchObject({ code: "invalid_options", message });
    }
    // A kind inherited by every object is no kind either.
    expect(profileKitErrorOf(() => store.get("constructor" as never, ["k"])).message).toBe('memoryStore: unknown document kind "constructor".');
  });

  it("refuses keys that are not an array of strings, naming the method", () => {
    const store = memoryStore();
    const { proxy, revoke } = Proxy.revocable([] as string[], {});
    revoke();
    for (const keys of ["k", null, [1], ["a", 2], ["a", null], { length: 0 }, proxy]) {
      expect(profileKitErrorOf(() => store.get("record", keys as never))).toMatchObject({ code: "invalid_options", message: "memoryStore: get takes an array of string keys." });
      expect(profileKitErrorOf(() => store.members(keys as never, 1))).toMatchObject({ code: "invalid_options", message: "memoryStore: members takes an array of string keys." });
      expect(profileKitErrorOf(() => store.counters(keys as never))).toMatchObject({ code: "invalid_options", message: "memoryStore: counters takes an array of string keys." });
    }
  });
});

describe("memoryStore scan", () => {
  it("pages through keys in code-unit order (not insertion order, not locale order)", () => {
    const keys = ["b", "a", "B", "é", "aa", "A", "_", "a0", "z", "Z"];
    const store = withRecords(keys);
    const sorted = ["A", "B", "Z", "_", "a", "a0", "aa", "b", "z", "é"];
    expect(keysOf(scan(store, "record", null, 100))).toEqual(sorted);
    expect(scan(store, "record", null, 100)[0]).toEqual({ key: "A", version: 1, value: { n: 5 } });
    // Page by page, each after the last key of the one before.
    const pages: string[][] = [];
    let after: string | null = null;
    for (;;) {
      const page: readonly StoredDocument[] = scan(store, "record", after, 3);
      if (page.length === 0) break;
      pages.push(keysOf(page));
      after = page[page.length - 1]?.key ?? null;
    }
    expect(pages).toEqual([["A", "B", "Z"], ["_", "a", "a0"], ["aa", "b", "z"], ["é"]]);
  });

  it("starts strictly after a key that exists, or at the next key when it does not", () => {
    const store = withRecords(["k1", "k3", "k5", "k7"]);
    expect(keysOf(scan(store, "record", "k3", 10))).toEqual(["k5", "k7"]);
    expect(keysOf(scan(store, "record", "k4", 10))).toEqual(["k5", "k7"]);
    expect(keysOf(scan(store, "record", "", 10))).toEqual(["k1", "k3", "k5", "k7"]);
    expect(keysOf(scan(store, "record", "a", 10))).toEqual(["k1", "k3", "k5", "k7"]);
    expect(keysOf(scan(store, "record", "k1", 10))).toEqual(["k3", "k5", "k7"]);
    expect(keysOf(scan(store, "record", "k7", 10))).toEqual([]);
    expect(keysOf(scan(store, "record", "z", 10))).toEqual([]);
    expect(keysOf(scan(store, "record", "k0", 2))).toEqual(["k1", "k3"]);
  });

  it("returns at most the limit, none for 0, and an empty kind has nothing", () => {
    const store = withRecords(["a", "b", "c"]);
    expect(keysOf(scan(store, "record", null, 0))).toEqual([]);
    expect(keysOf(scan(store, "record", null, 1))).toEqual(["a"]);
    expect(keysOf(scan(store, "record", null, 2))).toEqual(["a", "b"]);
    expect(keysOf(scan(store, "record", null, 3))).toEqual(["a", "b", "c"]);
    expect(keysOf(scan(store, "record", "a", 1))).toEqual(["b"]);
    expect(scan(store, "profile", null, 10)).toEqual([]);
    expect(scan(store, "profile", "a", 10)).toEqual([]);
  });

  it("sees keys put and deleted since its last scan", () => {
    const store = withRecords(["m", "c"]);
    expect(keysOf(scan(store, "record", null, 10))).toEqual(["c", "m"]);
    commit(store, { put: [{ kind: "record", key: "a", value: 1 }, { kind: "record", key: "x", value: 1 }] });
    expect(keysOf(scan(store, "record", null, 10))).toEqual(["a", "c", "m", "x"]);
    commit(store, { delete: [{ kind: "record", key: "c" }] });
    expect(keysOf(scan(store, "record", null, 10))).toEqual(["a", "m", "x"]);
    expect(keysOf(scan(store, "record", "a", 10))).toEqual(["m", "x"]);
    // Rewriting a key keeps the order and shows the new value and version.
    commit(store, { put: [{ kind: "record", key: "m", value: "new" }] });
    expect(scan(store, "record", "a", 1)).toEqual([{ key: "m", version: 2, value: "new" }]);
    // Another kind's changes leave this kind's order alone.
    commit(store, { put: [{ kind: "profile", key: "b", value: 1 }] });
    expect(keysOf(scan(store, "record", null, 10))).toEqual(["a", "m", "x"]);
    expect(keysOf(scan(store, "profile", null, 10))).toEqual(["b"]);
  });

  it("answers like a sorted filter of the keys, for any keys and any start (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 4 }), { maxLength: 30 }), fc.option(fc.string({ maxLength: 4 }), { nil: null }), fc.nat(40), (keys, after, limit) => {
        const store = withRecords(keys);
        const want = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).filter((key) => after === null || key > after).slice(0, limit);
        expect(keysOf(scan(store, "record", after, limit))).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses an after that is neither a key nor null, and a limit that is not a non-negative integer", () => {
    const store = withRecords(["a"]);
    const message = "memoryStore: scan(kind, after, limit) takes a key or null and a non-negative integer limit.";
    for (const [after, limit] of [[undefined, 1], [5, 1], [{}, 1], [null, -1], [null, 1.5], [null, Number.NaN], [null, "2"], ["a", -1], ["a", Number.POSITIVE_INFINITY]] as const) {
      expect(profileKitErrorOf(() => store.scan("record", after as never, limit as never))).toMatchObject({ code: "invalid_options", message });
    }
  });
});

describe("memoryStore commit", () => {
  it("applies a change set only when every expected version holds, naming each stale one", () => {
    const store = withRecords(["r"]);
    commit(store, { index: [{ key: "i", member: "m", op: "add" }] });
    const indexVersion = members(store, ["i"], 0)[0]?.version ?? -1;
    expect(indexVersion).toBeGreaterThan(0);
    // True expectations: an existing document at its version, an absent one at 0, the index key at its version.
    const ok = commit(store, { expect: [{ kind: "record", key: "r", version: 1 }, { kind: "profile", key: "none", version: 0 }, { kind: "index", key: "i", version: indexVersion }, { kind: "index", key: "empty", version: 0 }], put: [{ kind: "profile", key: "p", value: 1 }] });
    expect(ok).toEqual({ ok: true });
    const stale = commit(store, {
      expect: [{ kind: "record", key: "r", version: 2 }, { kind: "record", key: "absent", version: 1 }, { kind: "profile", key: "p", version: 1 }, { kind: "index", key: "i", version: indexVersion + 1 }, { kind: "index", key: "empty", version: 4 }],
      put: [{ kind: "record", key: "r", value: "lost" }],
      delete: [{ kind: "profile", key: "p" }],
      index: [{ key: "i", member: "x", op: "add" }],
      increment: [{ key: "c", by: 1 }],
    });
    expect(stale).toEqual({ ok: false, conflicts: ["record:r", "record:absent", "index:i", "index:empty"] });
    expect(get(store, "record", ["r"])).toEqual([{ key: "r", version: 1, value: { n: 0 } }]);
    expect(get(store, "profile", ["p"])).toEqual([{ key: "p", version: 1, value: 1 }]);
    expect(members(store, ["i"], 10)[0]).toEqual({ key: "i", members: ["m"], size: 1, version: indexVersion });
    expect(counters(store, ["c"])).toEqual([0]);
  });

  it("expects a version of a document present at 1, and refuses 0 for it", () => {
    const store = withRecords(["r"]);
    expect(commit(store, { expect: [{ kind: "record", key: "r", version: 0 }] })).toEqual({ ok: false, conflicts: ["record:r"] });
    expect(commit(store, { expect: [{ kind: "record", key: "r", version: 1 }] })).toEqual({ ok: true });
  });

  it("numbers index versions by the commits that change the index, one number for all keys of a commit", () => {
    const store = memoryStore();
    const version = (key: string): number => members(store, [key], 0)[0]?.version ?? -1;
    commit(store, { index: [{ key: "a", member: "1", op: "add" }, { key: "b", member: "1", op: "add" }] });
    expect([version("a"), version("b")]).toEqual([1, 1]);
    // Commits without index changes use no number.
    commit(store, { put: [{ kind: "record", key: "r", value: 1 }] });
    commit(store, { increment: [{ key: "c", by: 1 }] });
    commit(store, { index: [{ key: "b", member: "2", op: "add" }] });
    expect([version("a"), version("b")]).toEqual([1, 2]);
    // Removing a member that is not there still changes the key's version.
    commit(store, { index: [{ key: "a", member: "nobody", op: "remove" }] });
    expect([version("a"), version("b")]).toEqual([3, 2]);
    // A key left without members is back to 0; filled again, it gets a new number.
    commit(store, { index: [{ key: "a", member: "1", op: "remove" }] });
    expect(version("a")).toBe(0);
    commit(store, { index: [{ key: "a", member: "1", op: "add" }] });
    expect(version("a")).toBe(5);
  });

  it("adds and removes index members in one commit, in order", () => {
    const store = memoryStore();
    commit(store, { index: [{ key: "k", member: "a", op: "add" }, { key: "k", member: "b", op: "add" }, { key: "k", member: "c", op: "add" }, { key: "k", member: "a", op: "remove" }] });
    expect(members(store, ["k", "other"], 10)).toEqual([{ key: "k", members: ["b", "c"], size: 2, version: 1 }, { key: "other", members: [], size: 0, version: 0 }]);
    expect(members(store, ["k"], 1)).toEqual([{ key: "k", members: ["b"], size: 2, version: 1 }]);
    expect(members(store, ["k"], 0)).toEqual([{ key: "k", members: [], size: 2, version: 1 }]);
  });

  it("refuses a members limit that is not a non-negative integer", () => {
    const store = memoryStore();
    for (const limit of [-1, 1.5, Number.NaN, "1", null, Number.POSITIVE_INFINITY]) {
      expect(profileKitErrorOf(() => store.members(["k"], limit as never))).toMatchObject({ code: "invalid_options", message: "memoryStore: members(keys, limit) takes a limit that is a non-negative integer." });
    }
    expect(members(store, ["k"], 0)).toEqual([{ key: "k", members: [], size: 0, version: 0 }]);
  });

  it("adds to counters, and a counter that reaches 0 reads as 0", () => {
    const store = memoryStore();
    commit(store, { increment: [{ key: "c", by: 2 }, { key: "c", by: 3 }, { key: "d", by: -1 }] });
    expect(counters(store, ["c", "d", "e"])).toEqual([5, -1, 0]);
    commit(store, { increment: [{ key: "c", by: -5 }, { key: "d", by: 0.5 }] });
    expect(counters(store, ["c", "d"])).toEqual([0, -0.5]);
    commit(store, { increment: [{ key: "c", by: 4 }] });
    expect(counters(store, ["c"])).toEqual([4]);
    expect(counters(store, [])).toEqual([]);
  });

  it("refuses a value that is not JSON, and then applies nothing of the change set", () => {
    const store = withRecords(["r"]);
    const cycle: Record<string, unknown> = {};
    cycle["self"] = cycle;
    for (const bad of [cycle, 10n, () => 1, Symbol("s")]) {
      const error = profileKitErrorOf(() => store.commit(changeSet({ put: [{ kind: "record", key: "fine", value: 1 }, { kind: "record", key: "bad", value: bad }], delete: [{ kind: "record", key: "r" }], index: [{ key: "i", member: "m", op: "add" }], increment: [{ key: "c", by: 1 }] })));
      expect(error.code).toBe("invalid_options");
      expect(error.message).toBe("memoryStore: a value to put is not plain JSON (a cycle, a BigInt, a function?).");
      expect(error.cause).toBeInstanceOf(TypeError);
    }
    const fn = profileKitErrorOf(() => store.commit(changeSet({ put: [{ kind: "record", key: "f", value: () => 1 }] })));
    expect((fn.cause as Error).message).toBe("not JSON");
    expect(get(store, "record", ["fine", "bad", "r", "f"])).toEqual([null, null, { key: "r", version: 1, value: { n: 0 } }, null]);
    expect(members(store, ["i"], 1)[0]?.size).toBe(0);
    expect(counters(store, ["c"])).toEqual([0]);
  });

  it("checks the change set first, naming the memory store", () => {
    const store = memoryStore();
    expect(profileKitErrorOf(() => store.commit(null as never))).toMatchObject({ code: "invalid_options", message: "memoryStore: commit takes a change set { expect, put, delete, index, increment }; got no object." });
    expect(profileKitErrorOf(() => store.commit({ ...changeSet({}), put: [{ kind: "index", key: "k", value: 1 }] } as never)).message).toBe("memoryStore: commit takes a change set { expect, put, delete, index, increment }; an entry of put is malformed.");
  });

  it("has a close that does nothing", () => {
    const store = withRecords(["a"]);
    expect(store.close?.()).toBeUndefined();
    expect(get(store, "record", ["a"])).toEqual([{ key: "a", version: 1, value: { n: 0 } }]);
  });
});
