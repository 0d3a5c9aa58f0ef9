import { describe, expect, it } from "vitest";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ChangeSet, ProfileStore } from "./store.js";
import { ann, annWeb, bob, ticking, storeWith } from "../../test/support/engine.js";

// What one ingest writes besides profiles — the blocking-key index and the value counters, an update's as
// well as a new record's — and what its commit guards against: another writer placing the same person's
// record, or erasing this record, between its reads and its commit.

const schema = defineSchema({});

/** A memory store that keeps every change set it applied, and runs `meanwhile` before the first commit. */
function watchedStore(meanwhile?: (inner: ProfileStore) => Promise<void>): { store: ProfileStore; commits: ChangeSet[] } {
  const inner = memoryStore();
  const commits: ChangeSet[] = [];
  let first = meanwhile;
  const store: ProfileStore = storeWith(inner, {
    commit: async (changes) => {
      if (first !== undefined) {
        const run = first;
        first = undefined;
        await run(inner);
      }
      const result = await inner.commit(changes);
      if (result.ok) commits.push(changes);
      return result;
    },
  });
  return { store, commits };
}

const indexOps = (changes: ChangeSet, op: "add" | "remove"): string[] => changes.index.filter((x) => x.op === op).map((x) => x.key).sort();
const increments = (changes: ChangeSet): Record<string, number> => Object.fromEntries(changes.increment.map((x) => [x.key, x.by]));

describe("an update's index and counters", () => {
  const before = { ...ann, email: "ann.lee@fastmail.com", phone: "+1 415 867 2211" };
  const after = { ...ann, updatedAt: "2025-02-01T00:00:00Z", email: "ann.lee@proton.me", phone: "+1 415 867 2211" };

  it("adds the blocking keys it gains and removes those it no longer has, no others", async () => {
    const { store, commits } = watchedStore();
    const engine = createProfileEngine({ schema, store, now: ticking() });
    await engine.ingest(before);
    expect(await engine.ingest(after)).toMatchObject({ outcome: "updated" });
    const { store: other, commits: alone } = watchedStore();
    await createProfileEngine({ schema, store: other, now: ticking() }).ingest(after);
    const [was, update, is] = [indexOps(commits[0] as ChangeSet, "add"), commits[1] as ChangeSet, indexOps(alone[0] as ChangeSet, "add")];
    expect(indexOps(update, "add")).toStrictEqual(is.filter((key) => !was.includes(key)));
    expect(indexOps(update, "remove")).toStrictEqual(was.filter((key) => !is.includes(key)));
    expect(indexOps(update, "remove").length).toBeGreaterThan(0);
    expect(update.index.every((x) => x.member === "crm:1")).toBe(true);
    // The old email's blocks no longer list the record; its new ones do.
    const entries = await store.members(indexOps(update, "remove"), 10);
    expect(entries.every((entry) => !entry.members.includes("crm:1"))).toBe(true);
    expect((await store.members(indexOps(update, "add"), 10)).every((entry) => entry.members.includes("crm:1"))).toBe(true);
  });

  it("moves the value counters from the old values to the new, writing no increment of zero and not counting the record again", async () => {
    const { store, commits } = watchedStore();
    const engine = createProfileEngine({ schema, store, now: ticking() });
    await engine.ingest(before);
    await engine.ingest(after);
    const { store: other, commits: alone } = watchedStore();
    await createProfileEngine({ schema, store: other, now: ticking() }).ingest(after);
    const was = increments(commits[0] as ChangeSet);
    const is = increments(alone[0] as ChangeSet);
    const want: Record<string, number> = {};
    for (const key of new Set([...Object.keys(was), ...Object.keys(is)])) {
      if (key === "n") continue;
      const by = (is[key] ?? 0) - (was[key] ?? 0);
      if (by !== 0) want[key] = by;
    }
    const update = commits[1] as ChangeSet;
    expect(increments(update)).toStrictEqual(want);
    expect(update.increment.some((x) => x.by === 0)).toBe(false);
    expect(Object.values(want)).toContain(-1);
    // The store's counters now read as if only the new version had ever been ingested.
    const keys = Object.keys(is);
    expect(await store.counters(keys)).toStrictEqual(await other.counters(keys));
  });
});

describe("one ingest's commit against another writer", () => {
  it("is refused when another writer placed the same person's record in its blocks meanwhile: re-read, it joins", async () => {
    // While the web record is being resolved (no candidate yet), another engine stores Ann's CRM record.
    const { store } = watchedStore(async (inner) => {
      await createProfileEngine({ schema, store: inner, now: ticking() }).ingest(ann);
    });
    const engine = createProfileEngine({ schema, store, now: ticking() });
    const web = await engine.ingest(annWeb);
    expect(web.outcome).toBe("joined");
    expect((await engine.profileOf("crm:1"))?.id).toBe(web.profileId);
  });

  it("is refused when another writer stored the same record meanwhile: re-read, an older version is stale", async () => {
    const newer = { ...ann, updatedAt: "2025-06-01T00:00:00Z", email: "ann.lee@proton.me" };
    const { store } = watchedStore(async (inner) => {
      await createProfileEngine({ schema, store: inner, now: ticking() }).ingest(newer);
    });
    const engine = createProfileEngine({ schema, store, now: ticking() });
    expect(await engine.ingest(ann)).toMatchObject({ outcome: "stale", recordKey: "crm:1" });
    const [doc] = await store.get("record", ["crm:1"]);
    expect((doc?.value as { record: { email: string } }).record.email).toBe("ann.lee@proton.me");
  });

  it("is refused when another writer changed the profile it joins meanwhile: re-read, the other writer's change is kept", async () => {
    const inner = memoryStore();
    const first = await createProfileEngine({ schema, store: inner, now: ticking() }).ingest(ann);
    let once = true;
    const store: ProfileStore = storeWith(inner, {
      commit: async (changes) => {
        if (once) {
          once = false;
          // Another writer sets a hand-set value on Ann's profile.
          await createProfileEngine({ schema, store: inner, now: ticking() }).override(first.profileId as string, "lastName", "Lee-Park");
        }
        return inner.commit(changes);
      },
    });
    const engine = createProfileEngine({ schema, store, now: ticking() });
    expect(await engine.ingest(annWeb)).toMatchObject({ outcome: "joined", profileId: first.profileId });
    const profile = await engine.getProfile(first.profileId as string);
    expect(profile?.recordKeys).toStrictEqual(["crm:1", "web:w1"]);
    expect(profile?.attributes["lastName"]).toBe("Lee-Park");
  });

  it("is refused when another writer stored and erased this very record meanwhile: re-read, it is rejected as erased", async () => {
    const { store } = watchedStore(async (inner) => {
      const other = createProfileEngine({ schema, store: inner, now: ticking() });
      const stored = await other.ingest(ann);
      await other.erase(stored.profileId as string);
    });
    const engine = createProfileEngine({ schema, store, now: ticking() });
    const result = await engine.ingest(ann);
    expect(result).toMatchObject({ outcome: "rejected", profileId: null });
    expect(result.issues.map((issue) => issue.code)).toContain("record_erased");
    expect(await store.scan("record", null, 10)).toStrictEqual([]);
  });
});

describe("what one ingest rewrites", () => {
  it("leaves the documents of records whose profile does not change as they were (no new version)", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    await engine.ingest(ann);
    const [before] = await engine.store.get("record", ["crm:1"]);
    expect(await engine.ingest(annWeb)).toMatchObject({ outcome: "joined" });
    const [after] = await engine.store.get("record", ["crm:1"]);
    expect(after?.version).toBe(before?.version);
    expect(after).toStrictEqual(before);
  });

  it("an update that moves its record into another existing profile is 'updated' there, not a split", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest(ann);
    await engine.ingest(annWeb);
    const b = await engine.ingest(bob);
    // The web record now carries Bob's details: it leaves Ann's profile for Bob's.
    const moved = await engine.ingest({ ...bob, id: "w1", source: "web", updatedAt: "2025-03-01T00:00:00Z" });
    expect(moved).toStrictEqual({ recordKey: "web:w1", profileId: b.profileId, outcome: "updated", issues: [] });
    expect((await engine.getProfile(a.profileId as string))?.recordKeys).toStrictEqual(["crm:1"]);
    expect((await engine.audit(a.profileId as string)).events.map((e) => e.type)).not.toContain("split");
  });
});
