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
