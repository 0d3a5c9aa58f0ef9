import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ProfileStore } from "./store.js";
import { ann, ticking } from "../../test/support/engine.js";

// refresh() against other writers: a record changed after the scan, or a commit refused, sends the round
// again from a new scan; after maxAttempts rounds it gives up with store_conflict, having written nothing.

// Four copies of Ann one at a time under a block cap of two: the fourth meets no one (its blocks are past
// the cap), so three share a profile that refresh (which compares no pair of a block of four) splits.
const capped = defineSchema({ identity: { maxBlockSize: 2 } });
const copies = [1, 2, 3, 4].map((k) => ({ ...ann, id: `a${k}` }));

interface Watched {
  readonly store: ProfileStore;
  readonly inner: ProfileStore;
  /** Full passes over the records (scans from the start). */
  passes: number;
  commits: boolean[];
}

async function watched(options: { onFirstPass?: (inner: ProfileStore) => Promise<void>; refuse?: number }): Promise<Watched> {
  const inner = memoryStore();
  const loader = createProfileEngine({ schema: capped, store: inner, now: ticking() });
  for (const copy of copies) await loader.ingest(copy);
  let refuse = options.refuse ?? 0;
  const state: Watched = {
    inner,
    passes: 0,
    commits: [],
    store: {
      get: (kind, keys) => inner.get(kind, keys),
      members: (keys, limit) => inner.members(keys, limit),
      counters: (keys) => inner.counters(keys),
      scan: async (kind, after, limit) => {
        const page = await inner.scan(kind, after, limit);
        if (kind === "record" && after === null) {
          state.passes++;
          if (state.passes === 1 && options.onFirstPass !== undefined) await options.onFirstPass(inner);
        }
        return page;
      },
      commit: async (changes) => {
        if (refuse > 0) {
          refuse--;
          state.commits.push(false);
          return { ok: false, conflicts: ["profile:x"] };
        }
        const result = await inner.commit(changes);
        state.commits.push(result.ok);
        return result;
      },
    },
  };
  return state;
}

const split = { records: 4, profiles: 4, merged: 0, split: 1, moved: 2, unchanged: 1 };

describe("refresh against other writers", () => {
  it("splits the stored profile once nothing interferes (the setting of the tests below)", async () => {
    const w = await watched({});
    const engine = createProfileEngine({ schema: capped, store: w.store, now: ticking() });
    expect(await engine.refresh()).toStrictEqual(split);
    expect([w.passes, w.commits]).toStrictEqual([1, [true]]);
  });

  it("scans again when a record it would move changed after the scan, and places the record as it is now", async () => {
    // While the first pass is read, the second copy gets a new email.
    const w = await watched({
      onFirstPass: async (inner) => {
        await createProfileEngine({ schema: capped, store: inner, now: ticking() }).ingest({ ...copies[1], updatedAt: "2025-06-01T00:00:00Z", email: "a2@proton.me" });
      },
    });
    const engine = createProfileEngine({ schema: capped, store: w.store, now: ticking() });
    await engine.refresh();
    expect(w.passes).toBe(2);
    expect(w.commits).toStrictEqual([true]);
    const stored = await w.inner.get("record", ["crm:a2"]);
    expect((stored[0]?.value as { record: { email: string } }).record.email).toBe("a2@proton.me");
  });

  it("resolves again when its commit is refused, and then writes its partition", async () => {
    const w = await watched({ refuse: 1 });
    const engine = createProfileEngine({ schema: capped, store: w.store, now: ticking() });
    expect(await engine.refresh()).toStrictEqual(split);
    expect([w.passes, w.commits]).toStrictEqual([2, [false, true]]);
    expect((await engine.profileOf("crm:a1"))?.recordKeys).toStrictEqual(["crm:a1"]);
  });

  it("gives up after maxAttempts refused rounds with store_conflict, having written nothing", async () => {
    const w = await watched({ refuse: 3 });
    const engine = createProfileEngine({ schema: capped, store: w.store, maxAttempts: 3, now: ticking() });
    const error = await engine.refresh().then(() => null, (e: unknown) => e);
    expect(isProfileKitError(error) && [error.code, error.message]).toStrictEqual(["store_conflict", "profile engine: 3 attempts to refresh all met concurrent changes; nothing was written."]);
    expect([w.passes, w.commits]).toStrictEqual([3, [false, false, false]]);
    expect((await engine.profileOf("crm:a1"))?.recordKeys).toStrictEqual(["crm:a1", "crm:a2", "crm:a3"]);
  });
});
