import { describe, expect, it } from "vitest";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ChangeSet, ProfileStore } from "./store.js";
import { ann, annWeb, bob, ticking, storeWith } from "../../test/support/engine.js";

// A batch of new records (ingestMany) is one commit. When another writer changed what it read, the batch
// is read and resolved again — at most four times, or maxAttempts if fewer — and then its records take
// the one-record path, each with its own retries. A batch some of whose records another writer stored
// meanwhile goes one by one at once.

const schema = defineSchema({});

/** A memory store that refuses its first `refuse` commits and logs the records each commit writes. */
function refusingStore(refuse: number, meanwhile?: (inner: ProfileStore) => Promise<void>): { store: ProfileStore; commits: { records: string[]; ok: boolean }[] } {
  const inner = memoryStore();
  const commits: { records: string[]; ok: boolean }[] = [];
  let left = refuse;
  const store: ProfileStore = storeWith(inner, {
    commit: async (changes: ChangeSet) => {
      const records = changes.put.filter((put) => put.kind === "record").map((put) => put.key).sort();
      if (left > 0) {
        left--;
        if (meanwhile !== undefined) await meanwhile(inner);
        commits.push({ records, ok: false });
        return { ok: false, conflicts: ["index:x"] };
      }
      commits.push({ records, ok: true });
      return inner.commit(changes);
    },
  });
  return { store, commits };
}

const batch = [ann, bob, annWeb];
const all = ["crm:1", "crm:2", "web:w1"];

describe("a batch that meets another writer", () => {
  it("is resolved again and committed whole when a retry succeeds", async () => {
    const { store, commits } = refusingStore(1);
    const engine = createProfileEngine({ schema, store, now: ticking() });
    const result = await engine.ingestMany(batch);
    expect(result.outcomes).toMatchObject({ created: 2, joined: 1 });
    expect(commits).toStrictEqual([{ records: all, ok: false }, { records: all, ok: true }]);
  });

  it("is tried four times as a batch, then record by record", async () => {
    const { store, commits } = refusingStore(4);
    const engine = createProfileEngine({ schema, store, now: ticking() });
    const result = await engine.ingestMany(batch);
    expect(result.outcomes).toMatchObject({ created: 2, joined: 1 });
    expect(commits.slice(0, 4)).toStrictEqual(Array.from({ length: 4 }, () => ({ records: all, ok: false })));
    // One record at a time, in input order.
    expect(commits.slice(4)).toStrictEqual([{ records: ["crm:1"], ok: true }, { records: ["crm:2"], ok: true }, { records: ["web:w1"], ok: true }]);
    expect((await engine.profileOf("web:w1"))?.recordKeys).toStrictEqual(["crm:1", "web:w1"]);
  });

  it("the fourth batch attempt is the last: three refusals leave it to succeed as a batch", async () => {
    const { store, commits } = refusingStore(3);
    const engine = createProfileEngine({ schema, store, now: ticking() });
    await engine.ingestMany(batch);
    expect(commits.map((c) => c.ok)).toStrictEqual([false, false, false, true]);
    expect(commits[3]?.records).toStrictEqual(all);
  });

  it("fewer batch attempts when maxAttempts is lower", async () => {
    const { store, commits } = refusingStore(2);
    const engine = createProfileEngine({ schema, store, maxAttempts: 2, now: ticking() });
    const result = await engine.ingestMany(batch);
    expect(result.outcomes).toMatchObject({ created: 2, joined: 1 });
    expect(commits.map((c) => c.records.length)).toStrictEqual([3, 3, 1, 1, 1]);
  });

  it("goes record by record at once when another writer stored one of its records meanwhile", async () => {
    // While the batch's first commit is refused, another engine stores Ann's web record.
    const { store, commits } = refusingStore(1, async (inner) => {
      await createProfileEngine({ schema, store: inner, now: ticking() }).ingest(annWeb);
    });
    const engine = createProfileEngine({ schema, store, now: ticking() });
    const result = await engine.ingestMany(batch);
    expect(commits.map((c) => c.records)).toStrictEqual([all, ["crm:1"], ["crm:2"]]);
    // Ann's CRM record joins the web one; the web record itself is a duplicate of what was stored.
    expect(result.outcomes).toMatchObject({ joined: 1, created: 1, duplicate: 1 });
    expect((await engine.profileOf("crm:1"))?.recordKeys).toStrictEqual(["crm:1", "web:w1"]);
  });
});

describe("a batch's commit against another writer", () => {
  it("is refused when another writer placed the same person's record in its blocks meanwhile: re-read, it joins", async () => {
    const { store } = refusingStore(0);
    let once = true;
    const racing: ProfileStore = {
      ...store,
      commit: async (changes) => {
        if (once) {
          once = false;
          await createProfileEngine({ schema, store, now: ticking() }).ingest(ann);
        }
        return store.commit(changes);
      },
    };
    const engine = createProfileEngine({ schema, store: racing, now: ticking() });
    const result = await engine.ingestMany([annWeb, bob]);
    expect(result.outcomes).toMatchObject({ joined: 1, created: 1 });
    expect((await engine.profileOf("web:w1"))?.recordKeys).toStrictEqual(["crm:1", "web:w1"]);
  });

  it("never writes a record another writer stored and erased meanwhile", async () => {
    const { store } = refusingStore(0);
    let once = true;
    const racing: ProfileStore = {
      ...store,
      commit: async (changes) => {
        if (once) {
          once = false;
          const other = createProfileEngine({ schema, store, now: ticking() });
          await other.erase((await other.ingest(ann)).profileId as string);
        }
        return store.commit(changes);
      },
    };
    const engine = createProfileEngine({ schema, store: racing, now: ticking() });
    const result = await engine.ingestMany([ann, bob]);
    expect(result.outcomes).toMatchObject({ rejected: 1, created: 1 });
    expect(result.rejected).toStrictEqual([{ index: 0, recordKey: "crm:1", issues: [expect.objectContaining({ code: "record_erased" })] }]);
    expect((await store.scan("record", null, 10)).map((doc) => doc.key)).toStrictEqual(["crm:2"]);
  });
});

describe("a batch's own checks", () => {
  it("rejects a record erased before, never writing it again", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    await engine.erase((await engine.ingest(ann)).profileId as string);
    const result = await engine.ingestMany([ann, bob]);
    expect(result.outcomes).toMatchObject({ rejected: 1, created: 1 });
    expect(result.rejected).toStrictEqual([{ index: 0, recordKey: "crm:1", issues: [expect.objectContaining({ code: "record_erased" })] }]);
    expect((await engine.store.scan("record", null, 10)).map((doc) => doc.key)).toStrictEqual(["crm:2"]);
  });

  it("writes nothing for a batch of records all seen before", async () => {
    const { store, commits } = refusingStore(0);
    const engine = createProfileEngine({ schema, store, now: ticking() });
    await engine.ingestMany([ann, bob]);
    expect(commits).toHaveLength(1);
    expect((await engine.ingestMany([ann, bob])).outcomes).toMatchObject({ duplicate: 2 });
    expect(commits).toHaveLength(1);
  });

  it("links a pair a rule decides, and logs the profile as the engine's", async () => {
    // A first name and a customer id: the identifier rule links them.
    const orders = { id: "o9", source: "orders", firstName: "Ann", customerId: "C-1001" };
    const web = { id: "w9", source: "web", firstName: "Ann", customerId: "C-1001" };
    const engine = createProfileEngine({ schema, now: ticking() });
    const result = await engine.ingestMany([orders, web]);
    expect(result.outcomes).toMatchObject({ created: 1, joined: 1 });
    const explanation = await engine.explain("orders:o9", "web:w9");
    expect(explanation.decidedBy.kind).toBe("rule");
    const id = (await engine.profileOf("web:w9"))?.id as string;
    expect((await engine.audit(id)).events.map((e) => [e.type, e.cause, e.by])).toStrictEqual([["created", "ingest", "engine"]]);
  });
});
