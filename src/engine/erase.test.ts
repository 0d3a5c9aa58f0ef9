import { describe, expect, it } from "vitest";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ProfileStore } from "./store.js";
import { ann, annWeb, bob, ticking, storeWith } from "../../test/support/engine.js";

// What erase leaves of the erased person in the store's statistics and aliases, and how it meets another
// writer adding a record to the profile being erased.

const schema = defineSchema({});
const annShop = { id: "s1", source: "shop", updatedAt: "2025-01-03T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", phone: "+1 415 867 2211" };

/** Every counter key the stored records name. */
async function counterKeysOf(store: ProfileStore): Promise<string[]> {
  const docs = await store.scan("record", null, 100);
  return [...new Set(["n", ...docs.flatMap((doc) => (doc.value as { counterKeys: string[] }).counterKeys)])].sort();
}

describe("erase", () => {
  it("takes the erased records out of the value counters: they read as if only the others had been ingested", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    await engine.ingestMany([ann, annWeb, bob]);
    const keys = await counterKeysOf(engine.store);
    await engine.erase((await engine.profileOf("crm:1"))?.id as string);
    const onlyBob = createProfileEngine({ schema, now: ticking() });
    await onlyBob.ingest(bob);
    expect(await engine.store.counters(keys)).toStrictEqual(await onlyBob.store.counters(keys));
    expect((await engine.store.counters(["n"]))[0]).toBe(1);
  });

  it("deletes the aliases of the profiles merged into the erased one, and counts them", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest(ann);
    const c = await engine.ingest({ id: "o9", source: "orders", updatedAt: "2025-01-04T00:00:00Z", firstName: "Ann", customerId: "C-1001" });
    await engine.ingest({ id: "w2", source: "web", updatedAt: "2025-01-05T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", customerId: "C-1001" });
    expect(await engine.store.get("alias", [c.profileId as string])).toStrictEqual([expect.objectContaining({ value: { target: a.profileId } })]);
    expect(await engine.erase(c.profileId as string)).toStrictEqual({ profileId: a.profileId, records: 3, aliases: 1 });
    expect(await engine.store.get("alias", [c.profileId as string])).toStrictEqual([null]);
    expect(await engine.store.scan("alias", null, 10)).toStrictEqual([]);
    expect(await engine.getProfile(c.profileId as string)).toBeNull();
  });

  it("takes the erased records' keys out of other records' assertions, keeping the rest, and expects every document it rewrites once", async () => {
    const inner = memoryStore();
    const commits: Parameters<ProfileStore["commit"]>[0][] = [];
    const store = storeWith(inner, {
      commit: (changes) => {
        commits.push(changes);
        return inner.commit(changes);
      },
    });
    const engine = createProfileEngine({ schema, store, now: ticking() });
    const carl = { id: "3", source: "crm", updatedAt: "2025-01-01T00:00:00Z", firstName: "Carl", lastName: "Mott", email: "carl.mott@gmx.com" };
    const bobWeb = { id: "b2", source: "web", updatedAt: "2025-01-02T00:00:00Z", firstName: "Robert", lastName: "Stone", email: "rstone@gmx.com" };
    await engine.ingestMany([ann, annWeb, bob, carl, bobWeb]);
    await engine.assert("crm:2", "crm:1", false);
    await engine.assert("crm:2", "crm:3", false);
    await engine.assert("crm:2", "web:b2", true);
    // Ann's own records asserted together: both go; neither is rewritten.
    await engine.assert("crm:1", "web:w1", true);
    const lists = async (key: string): Promise<unknown> => {
      const value = (await inner.get("record", [key]))[0]?.value as { cannot: string[]; must: string[] };
      return { cannot: value.cannot, must: value.must };
    };
    expect(await lists("crm:2")).toStrictEqual({ cannot: ["crm:1", "crm:3"], must: ["web:b2"] });
    commits.length = 0;
    await engine.erase((await engine.profileOf("crm:1"))?.id as string);
    expect(await lists("crm:2")).toStrictEqual({ cannot: ["crm:3"], must: ["web:b2"] });
    expect(await lists("crm:3")).toStrictEqual({ cannot: ["crm:2"], must: [] });
    expect(await lists("web:b2")).toStrictEqual({ cannot: [], must: ["crm:2"] });
    // One commit; each document it rewrites or deletes is expected once, at the version read (a record's
    // erasure marker, only ever written, aside).
    expect(commits).toHaveLength(1);
    const change = commits[0] as Parameters<ProfileStore["commit"]>[0];
    const written = [...change.put, ...change.delete].filter((d) => !(d.kind === "erasure" && !d.key.startsWith("profile:"))).map((d) => `${d.kind}/${d.key}`);
    expect(written).toContain("record/crm:2");
    const expected = change.expect.map((e) => `${e.kind}/${e.key}`);
    for (const doc of new Set(written)) expect(expected.filter((e) => e === doc), doc).toHaveLength(1);
    expect(new Set(expected)).toStrictEqual(new Set(written));
    const deleted = new Set(change.delete.map((d) => `${d.kind}/${d.key}`));
    expect(change.put.map((d) => `${d.kind}/${d.key}`).filter((doc) => deleted.has(doc))).toStrictEqual([]);
  });

  it("meets a record joining the profile while it erases: refused, read again, it erases that record too", async () => {
    const inner = memoryStore();
    const loader = createProfileEngine({ schema, store: inner, now: ticking() });
    await loader.ingestMany([ann, annWeb, bob]);
    let first = true;
    const store: ProfileStore = storeWith(inner, {
      commit: async (changes) => {
        if (first) {
          first = false;
          // Another writer: Ann's shop record joins her profile.
          expect(await createProfileEngine({ schema, store: inner, now: ticking() }).ingest(annShop)).toMatchObject({ outcome: "joined" });
        }
        return inner.commit(changes);
      },
    });
    const engine = createProfileEngine({ schema, store, now: ticking() });
    const id = (await engine.profileOf("crm:1"))?.id as string;
    expect(await engine.erase(id)).toStrictEqual({ profileId: id, records: 3, aliases: 0 });
    expect((await inner.scan("record", null, 10)).map((doc) => doc.key)).toStrictEqual(["crm:2"]);
    expect((await inner.scan("profile", null, 10)).map((doc) => doc.key)).toStrictEqual([(await engine.profileOf("crm:2"))?.id]);
  });
});
