import { describe, expect, it } from "vitest";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { DocumentKind, IndexEntry, ProfileStore } from "./store.js";
import { ann, annWeb, ticking } from "../../test/support/engine.js";

// Which records one ingest reads as its candidates: the members of its blocks, smallest block first,
// within a budget of 2,000 records however large the blocks may be.

/**
 * A memory store whose blocks each hold up to `pad` more members than were written (keys of no record),
 * never more than the block's cap (the limit asked, less one), and that remembers the key lists of every
 * record read.
 */
function paddedStore(pad: number): { store: ProfileStore; recordReads: string[][]; answered: Set<string> } {
  const inner = memoryStore();
  const recordReads: string[][] = [];
  const answered = new Set<string>();
  const store: ProfileStore = {
    get: (kind: DocumentKind, keys: readonly string[]) => {
      if (kind === "record") recordReads.push([...keys]);
      return inner.get(kind, keys);
    },
    members: async (keys: readonly string[], limit: number) => {
      const entries = await inner.members(keys, limit);
      return entries.map((entry: IndexEntry): IndexEntry => {
        const extra = Array.from({ length: Math.max(0, Math.min(pad, limit - 1 - entry.size)) }, (_, k) => `ghost:${entry.key}:${k}`);
        for (const member of [...entry.members, ...extra]) answered.add(member);
        return { key: entry.key, members: [...entry.members, ...extra], size: entry.size + extra.length, version: entry.version };
      });
    },
    counters: (keys) => inner.counters(keys),
    scan: (kind, after, limit) => inner.scan(kind, after, limit),
    commit: (changes) => inner.commit(changes),
  };
  return { store, recordReads, answered };
}

describe("one ingest's candidates", () => {
  it("are at most 2,000 records, however many its blocks hold", async () => {
    // Blocks of up to 1,500 members are usable (the broad rules' caps are lower); each block is as full
    // as its cap allows: Ann's first record and others. Her second record has five blocks of 1,500.
    const schema = defineSchema({ identity: { maxBlockSize: 1_500 } });
    const { store, recordReads } = paddedStore(1_500);
    const engine = createProfileEngine({ schema, store, now: ticking() });
    const first = await engine.ingest(ann);
    recordReads.length = 0;
    const second = await engine.ingest({ ...ann, source: "web" });
    // The real record is among the first members of a block, so it is still found.
    expect(second).toMatchObject({ outcome: "joined", profileId: first.profileId });
    const widest = Math.max(...recordReads.map((keys) => keys.length));
    expect(widest).toBe(2_000);
  });

  it("take the smallest blocks first: the most specific evidence is read whole when the budget runs out", async () => {
    const schema = defineSchema({ identity: { maxBlockSize: 1_500 } });
    const { store, recordReads, answered } = paddedStore(1_500);
    const engine = createProfileEngine({ schema, store, now: ticking() });
    await engine.ingest(ann);
    recordReads.length = 0;
    answered.clear();
    await engine.ingest({ ...ann, source: "web" });
    const candidates = new Set(recordReads.reduce((a, b) => (b.length > a.length ? b : a)));
    expect(candidates.size).toBe(2_000);
    // Ghost members are named after their block: the blocks read whole are every block of up to 50.
    const blockOf = (ghost: string): string => ghost.slice("ghost:".length, ghost.lastIndexOf(":"));
    const ghosts = [...answered].filter((key) => key.startsWith("ghost:"));
    const sizeOf = new Map<string, number>();
    for (const key of ghosts) sizeOf.set(blockOf(key), (sizeOf.get(blockOf(key)) ?? 0) + 1);
    const small = ghosts.filter((key) => (sizeOf.get(blockOf(key)) ?? 0) < 50);
    expect(small.length).toBeGreaterThan(0);
    expect(small.every((key) => candidates.has(key))).toBe(true);
  });

  it("are every member of the usable blocks, once, but the record itself (an update is in its own blocks)", async () => {
    const schema = defineSchema({ identity: { maxBlockSize: 1_500 } });
    const { store, recordReads, answered } = paddedStore(30);
    const engine = createProfileEngine({ schema, store, now: ticking() });
    await engine.ingest(ann);
    await engine.ingest(annWeb);
    recordReads.length = 0;
    answered.clear();
    // Ann's CRM record again, with a new phone: an update, whose blocks hold it already.
    expect(await engine.ingest({ ...ann, updatedAt: "2025-02-01T00:00:00Z", phone: "+1 415 867 9900" })).toMatchObject({ outcome: "updated" });
    expect(answered.has("crm:1")).toBe(true);
    const candidates = recordReads.reduce((a, b) => (b.length > a.length ? b : a));
    expect(new Set(candidates).size).toBe(candidates.length);
    expect(new Set(candidates)).toStrictEqual(new Set([...answered].filter((key) => key !== "crm:1")));
    expect(candidates).toContain("web:w1");
  });
});

describe("a batch's candidates", () => {
  const capped = defineSchema({ identity: { maxBlockSize: 2 } });
  const copy = (k: number): typeof ann => ({ ...ann, id: `a${k}` });

  it("come from a stored block while it and the batch's own records in it stay within maxBlockSize", async () => {
    const engine = createProfileEngine({ schema: capped, now: ticking() });
    await engine.ingest(copy(1));
    // One stored and one new in each block: two, within the cap.
    const result = await engine.ingestMany([copy(2)]);
    expect(result.outcomes).toMatchObject({ joined: 1 });
    expect((await engine.profileOf("crm:a2"))?.recordKeys).toStrictEqual(["crm:a1", "crm:a2"]);
  });

  it("count the batch's own records: a stored block they would take past maxBlockSize gives none", async () => {
    const engine = createProfileEngine({ schema: capped, now: ticking() });
    await engine.ingest(copy(1));
    // One stored and two new: three, past the cap. The two new ones still meet each other (their own
    // block of two), not the stored one.
    const result = await engine.ingestMany([copy(2), copy(3)]);
    expect(result.outcomes).toMatchObject({ created: 1, joined: 1 });
    expect((await engine.profileOf("crm:a3"))?.recordKeys).toStrictEqual(["crm:a2", "crm:a3"]);
    expect((await engine.profileOf("crm:a1"))?.recordKeys).toStrictEqual(["crm:a1"]);
  });

  it("a block already full in the store gives none to a batch of one", async () => {
    const engine = createProfileEngine({ schema: capped, now: ticking() });
    await engine.ingestMany([copy(1), copy(2)]);
    const result = await engine.ingestMany([copy(3)]);
    expect(result.outcomes).toMatchObject({ created: 1 });
  });
});

describe("a broad rule's own block cap", () => {
  // Only the names' consonant skeletons (a rule whose blocks are capped at six records) bring Jonn Smiith
  // to Jon Smyth; their loyalty number, a custom identifier that is no blocking key, links them.
  const schema = defineSchema({ custom: { loyalty: { compare: "exact", identifier: true } } });
  const jon = { id: "j1", source: "crm", firstName: "Jon", lastName: "Smyth", loyalty: "L-9" };
  const jonn = { id: "j2", source: "web", firstName: "Jonn", lastName: "Smiith", loyalty: "L-9" };
  const others = [["Jan", "Smith"], ["Jen", "Smath"], ["Jin", "Smoth"], ["Jun", "Smuth"], ["Jean", "Smeth"], ["Jane", "Smitho"]].map(([firstName, lastName], k) => ({ id: `o${k}`, source: "crm", firstName, lastName, loyalty: `L-${k}` }));

  async function loaded(fillers: number): Promise<ReturnType<typeof createProfileEngine>> {
    const engine = createProfileEngine({ schema, now: ticking() });
    for (const record of [jon, ...others.slice(0, fillers)]) await engine.ingest(record);
    return engine;
  }

  it("lets one record meet a block of six, its cap", async () => {
    const engine = await loaded(5);
    expect(await engine.ingest(jonn)).toMatchObject({ outcome: "joined" });
  });

  it("keeps one record from a block of seven, past its cap though far below maxBlockSize", async () => {
    const engine = await loaded(6);
    expect(await engine.ingest(jonn)).toMatchObject({ outcome: "created" });
  });

  it("keeps a batch from a block of six that its own record takes past the cap", async () => {
    const engine = await loaded(5);
    expect((await engine.ingestMany([jonn])).outcomes).toMatchObject({ created: 1 });
    const fewer = await loaded(4);
    expect((await fewer.ingestMany([jonn])).outcomes).toMatchObject({ joined: 1 });
  });
});
