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
