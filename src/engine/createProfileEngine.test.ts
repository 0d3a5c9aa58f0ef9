import { describe, expect, it } from "vitest";
import * as z from "zod";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { compileExplainer } from "../identity/explainMatch.js";
import { resolveIdentities } from "../identity/resolveIdentities.js";
import { mergeRecords } from "../merge/mergeRecords.js";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { createProfileEngine, type ProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ProfileStore } from "./store.js";
import { ann, annWeb, bob, ticking } from "../../test/support/engine.js";

const schema = defineSchema({});

const annOrder = { id: "o1", source: "orders", updatedAt: "2025-01-03T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ANN.LEE@fastmail.com", dateOfBirth: "1985-04-12" };

async function partitionOf(engine: ProfileEngine): Promise<string[]> {
  const docs = await engine.store.scan("record", null, 1_000_000);
  const groups = new Map<string, string[]>();
  for (const doc of docs) {
    const value = doc.value as { id: string; profileId: string };
    groups.set(value.profileId, [...(groups.get(value.profileId) ?? []), value.id]);
  }
  return [...groups.values()].map((ids) => ids.sort().join(",")).sort();
}

describe("ingest", () => {
  it("answers a profile's provenance and conflicts as mergeRecords gives them over its records (they are merged again on reading, not stored)", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const { profileId } = await engine.ingest(ann);
    await engine.ingestMany([annWeb, { ...annOrder, firstName: "Anne" }]);
    const profile = await engine.getProfile(profileId as string);
    const records = await engine.store.get("record", profile?.recordKeys ?? []);
    const golden = mergeRecords(records.map((doc) => (doc?.value as { record: Record<string, unknown> }).record), { profileId: profileId as string });
    expect(profile?.recordKeys).toHaveLength(3);
    expect(profile?.attributes).toEqual(golden.attributes);
    expect(profile?.provenance).toEqual(golden.provenance);
    expect(profile?.conflicts).toEqual(golden.conflicts);
    expect(profile?.conflicts.map((c) => c.attribute)).toContain("firstName");
    expect(profile?.provenance["email"]).toMatchObject({ contributors: expect.arrayContaining(["1", "w1", "o1"]) as unknown });
    const stored = (await engine.store.get("profile", [profileId as string]))[0]?.value as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(["absorbed", "attributes", "createdAt", "id", "recordKeys", "updatedAt"]);
  });

  it("merges with the schema's survivorship policy, and with a hand-set value beside it", async () => {
    const policy = { attributes: { city: { strategy: "mostFrequent" as const }, firstName: { strategy: "longest" as const } } };
    const engine = createProfileEngine({ schema: defineSchema({ merge: policy }), now: ticking() });
    const records = [ann, { ...annWeb, city: "San Francisco" }, { ...annOrder, firstName: "Anne", city: "Oakland" }];
    const { profileId } = await engine.ingest(records[0]);
    await engine.ingestMany(records.slice(1));
    const stored = await engine.store.get("record", (await engine.getProfile(profileId as string))?.recordKeys ?? []);
    const inputs = stored.map((doc) => (doc?.value as { record: Record<string, unknown> }).record);
    const withPolicy = mergeRecords(inputs, { policy, profileId: profileId as string });
    // The policy decides here: without it, the most recent city and name would win.
    expect(mergeRecords(inputs, { profileId: profileId as string }).attributes).toMatchObject({ city: "Oakland" });
    expect(withPolicy.attributes).toMatchObject({ city: "San Francisco", firstName: "Anne" });
    expect((await engine.getProfile(profileId as string))?.attributes).toEqual(withPolicy.attributes);
    // A person's value for one attribute; the policy still decides the others.
    const overridden = await engine.override(profileId as string, "lastName", "Lee-Park");
    expect(overridden?.attributes).toEqual({ ...withPolicy.attributes, lastName: "Lee-Park" });
  });

  it("creates, joins and merges, keeping the oldest profile's id; the others stay answerable as aliases", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest(ann);
    expect(a).toMatchObject({ recordKey: "crm:1", outcome: "created" });
    const b = await engine.ingest(bob);
    expect(b.outcome).toBe("created");
    // An orders record with nothing in common with Ann's: its own profile until something bridges them.
    const c = await engine.ingest({ id: "o9", source: "orders", updatedAt: "2025-01-04T00:00:00Z", firstName: "Ann", customerId: "C-1001" });
    expect(c.outcome).toBe("created");
    expect(c.profileId).not.toBe(a.profileId);
    const joined = await engine.ingest(annWeb);
    expect(joined).toMatchObject({ outcome: "joined", profileId: a.profileId });
    // Ann's email and the orders record's customer id: both profiles are one person.
    const d = await engine.ingest({ id: "w2", source: "web", updatedAt: "2025-01-05T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", customerId: "C-1001" });
    expect(d).toMatchObject({ outcome: "merged", profileId: a.profileId, mergedFrom: [c.profileId] });
    const profile = await engine.getProfile(a.profileId as string);
    expect(profile?.id).toBe(a.profileId);
    expect(profile?.recordKeys).toEqual(["crm:1", "orders:o9", "web:w1", "web:w2"]);
    expect(profile?.attributes["email"]).toBe("ann.lee@fastmail.com");
    const viaAlias = await engine.getProfile(c.profileId as string);
    expect(viaAlias).toMatchObject({ id: a.profileId, requestedId: c.profileId });
    const history = await engine.history(c.profileId as string);
    expect(history?.profileId).toBe(a.profileId);
    const absorbed = await engine.store.get("history", [c.profileId as string]);
    expect((absorbed[0]?.value as { lineage: { type: string; into?: string[] }[] }).lineage.at(-1)).toMatchObject({ type: "merged", into: [a.profileId] });
    expect(history?.lineage.some((e) => e.type === "merged" && e.from?.includes(c.profileId as string))).toBe(true);
    expect(await engine.getProfile(b.profileId as string)).toMatchObject({ id: b.profileId, recordKeys: ["crm:2"] });
  });

  it("a new record reads only the profiles of the candidates it may link; the others' profiles and records stay unread", async () => {
    const inner = memoryStore();
    const read: string[] = [];
    const spy: ProfileStore = {
      get: (kind, keys) => {
        for (const key of keys) read.push(`${kind}:${key}`);
        return inner.get(kind, keys);
      },
      members: (keys, limit) => inner.members(keys, limit),
      counters: (keys) => inner.counters(keys),
      scan: (kind, after, limit) => inner.scan(kind, after, limit),
      commit: (changes) => inner.commit(changes),
    };
    const engine = createProfileEngine({ schema, store: spy, now: ticking() });
    const phone = "+1 415 867 9034";
    const bobId = (await engine.ingest({ ...bob, phone })).profileId as string;
    expect(await engine.ingest({ id: "o7", source: "orders", firstName: "Bob", email: "bob.stone@yahoo.com", dateOfBirth: "1971-02-03" })).toMatchObject({ outcome: "joined", profileId: bobId });
    const annId = (await engine.ingest({ ...ann, phone: "+1 415 867 2211" })).profileId as string;
    // Bob's wife shares his phone (a candidate: the phone's block) and nothing else of him but the
    // surname: the first names veto the pair, so his profile and his other record are never read.
    read.length = 0;
    const wife = await engine.ingest({ id: "9", source: "crm", firstName: "Carol", lastName: "Stone", phone, email: "carol.s@gmail.com" });
    expect(wife.outcome).toBe("created");
    expect(read).toContain("record:crm:2");
    expect(read).not.toContain(`profile:${bobId}`);
    expect(read).not.toContain("record:orders:o7");
    // Ann's web record is near Ann: her profile and its records are read, and it joins.
    read.length = 0;
    const web = await engine.ingest(annWeb);
    expect(web).toMatchObject({ outcome: "joined", profileId: annId });
    expect(read).toContain(`profile:${annId}`);
  });

  it("a new record loads the profile of a candidate within 10 bits below the link threshold, and not of one further", async () => {
    const inner = memoryStore();
    const read: string[] = [];
    const spy: ProfileStore = { ...inner, get: (kind, keys) => {
      for (const key of keys) read.push(`${kind}:${key}`);
      return inner.get(kind, keys);
    }, members: (keys, limit) => inner.members(keys, limit), counters: (keys) => inner.counters(keys), scan: (kind, after, limit) => inner.scan(kind, after, limit), commit: (changes) => inner.commit(changes) };
    const engine = createProfileEngine({ schema, store: spy, now: ticking() });
    // A hundred people first, so that names and places weigh what they do in a real store.
    await engine.ingestMany([...generateCustomerRecords({ entities: 100, seed: 3 })].map((g) => g.record));
    const dana = { id: "d1", source: "crm", firstName: "Dana", lastName: "Ito", email: "dana.ito@fastmail.com", phone: "+1 415 867 9034", city: "Austin", postalCode: "78701", dateOfBirth: "1984-03-02", street: "12 Main St" };
    const danaId = (await engine.ingest(dana)).profileId as string;
    const threshold = Math.log2(0.95 / 0.05);
    // Another Dana Ito, in Dallas: the model weighs the pair between 10 and 15 bits below the threshold.
    const other = { id: "d2", source: "web", firstName: "Dana", lastName: "Ito", email: "dito@yahoo.com", phone: "+1 214 555 0142", city: "Dallas", postalCode: "75201", street: "9 Elm Rd", dateOfBirth: "1986-07-09" };
    read.length = 0;
    expect(await engine.ingest(other)).toMatchObject({ outcome: "created" });
    const far = await engine.explain("crm:d1", "web:d2");
    expect(far.decidedBy).toStrictEqual({ kind: "model" });
    expect(far.matchWeight).toBeLessThan(threshold - 10);
    expect(far.matchWeight).toBeGreaterThan(threshold - 15);
    expect(read).toContain("record:crm:d1");
    expect(read).not.toContain(`profile:${danaId}`);
    // A Dana Ito with an email of her own and nothing else: near enough to load Dana's profile, too far to join it.
    const before = (await engine.store.get("profile", [danaId]))[0]?.version;
    read.length = 0;
    expect(await engine.ingest({ id: "d4", source: "web", firstName: "Dana", lastName: "Ito", email: "dana.i@gmail.com" })).toMatchObject({ outcome: "created" });
    const weighed = await engine.explain("crm:d1", "web:d4");
    expect(weighed.matchWeight).toBeGreaterThan(threshold - 10);
    expect(weighed.linked).toBe(false);
    expect(read).toContain(`profile:${danaId}`);
    // Loaded, not rewritten.
    expect((await engine.store.get("profile", [danaId]))[0]?.version).toBe(before);
    // Dana again with her birth date only: linked by the model, less than 10 bits above the threshold.
    read.length = 0;
    expect(await engine.ingest({ id: "d3", source: "web", firstName: "Dana", lastName: "Ito", dateOfBirth: "1984-03-02" })).toMatchObject({ outcome: "joined", profileId: danaId });
    const near = await engine.explain("crm:d1", "web:d3");
    expect(near.decidedBy).toStrictEqual({ kind: "model" });
    expect(near.matchWeight).toBeGreaterThan(threshold);
    expect(near.matchWeight).toBeLessThan(threshold + 10);
    expect(read).toContain(`profile:${danaId}`);
  });

  it("links a pair whose probability equals the threshold exactly, one at a time and in a batch", async () => {
    const people = [...generateCustomerRecords({ entities: 100, seed: 3 })].map((g) => g.record);
    const dana = { id: "d1", source: "crm", firstName: "Dana", lastName: "Ito", email: "dana.ito@fastmail.com", city: "Austin", dateOfBirth: "1984-03-02" };
    const again = { id: "d3", source: "web", firstName: "Dana", lastName: "Ito", dateOfBirth: "1984-03-02" };
    const first = createProfileEngine({ schema, now: ticking() });
    await first.ingestMany([...people, dana, again]);
    const { probability, decidedBy } = await first.explain("crm:d1", "web:d3");
    expect(decidedBy).toStrictEqual({ kind: "model" });
    const exact = defineSchema({ identity: { threshold: probability } });
    const oneByOne = createProfileEngine({ schema: exact, now: ticking() });
    await oneByOne.ingestMany(people);
    const danaId = (await oneByOne.ingest(dana)).profileId;
    expect(await oneByOne.ingest(again)).toMatchObject({ outcome: "joined", profileId: danaId });
    const batch = createProfileEngine({ schema: exact, now: ticking() });
    await batch.ingestMany([...people, dana, again]);
    expect((await batch.profileOf("web:d3"))?.recordKeys).toStrictEqual(["crm:d1", "web:d3"]);
    // A hair above it, they stay apart.
    const above = createProfileEngine({ schema: defineSchema({ identity: { threshold: probability + 1e-12 } }), now: ticking() });
    await above.ingestMany([...people, dana]);
    expect(await above.ingest(again)).toMatchObject({ outcome: "created" });
  });

  it("in link mode, links a new record only across sources, as the batch path does; a record of another source still bridges", async () => {
    const linking = defineSchema({ identity: { mode: "link" } });
    const twin = { ...ann, id: "1b" };
    const engine = createProfileEngine({ schema: linking, now: ticking() });
    const first = await engine.ingest(ann);
    expect(await engine.ingest(twin)).toMatchObject({ outcome: "created" });
    expect(resolveIdentities([ann, twin], { schema: linking }).clusters).toHaveLength(2);
    expect(await engine.refresh()).toMatchObject({ merged: 0, split: 0, moved: 0 });
    // The web record links to both: one profile, as resolveIdentities makes of the three.
    expect(await engine.ingest(annWeb)).toMatchObject({ outcome: "merged", profileId: first.profileId });
    expect(resolveIdentities([ann, twin, annWeb], { schema: linking }).clusters).toHaveLength(1);
    expect(await engine.refresh()).toMatchObject({ merged: 0, split: 0, moved: 0 });
  });

  it("takes candidates only from blocks within maxBlockSize: a block that has grown past it gives none", async () => {
    const capped = defineSchema({ identity: { maxBlockSize: 2 } });
    const engine = createProfileEngine({ schema: capped, now: ticking() });
    const copies = [1, 2, 3, 4].map((k) => ({ ...ann, id: `a${k}` }));
    const outcomes: string[] = [];
    for (const copy of copies) outcomes.push((await engine.ingest(copy)).outcome);
    // Two members in each block: still within the cap. Three: past it, so the fourth copy meets no one.
    expect(outcomes).toStrictEqual(["created", "joined", "joined", "created"]);
    // The batch path compares no pair of blocks of four (refresh would split the three).
    expect(resolveIdentities(copies, { schema: capped }).clusters).toHaveLength(4);
    // Refresh gives the batch's partition: the first copy keeps the profile, the two others move out of it.
    expect(await engine.refresh()).toStrictEqual({ records: 4, profiles: 4, merged: 0, split: 1, moved: 2, unchanged: 1 });
    expect((await engine.profileOf("crm:a1"))?.recordKeys).toStrictEqual(["crm:a1"]);
  });

  it("a value the candidates show in two people's hands stays shared when only one of them is near", async () => {
    const email = "kp.home@fastmail.com";
    const engine = createProfileEngine({ schema, now: ticking() });
    const kim = await engine.ingest({ id: "1", source: "crm", firstName: "Kim", lastName: "Park", email });
    const lee = await engine.ingest({ id: "2", source: "crm", firstName: "Lee", lastName: "Chan", email });
    expect(lee.profileId).not.toBe(kim.profileId);
    // A first name and the email: the email is two people's, so it says nothing, and a first name alone
    // does not link. (Lee's profile is not loaded — too far — but what the email is, Lee still tells.)
    const again = await engine.ingest({ id: "3", source: "web", firstName: "Kim", email });
    expect(again.outcome).toBe("created");
  });

  it("is idempotent: the same event twice is a duplicate and changes nothing", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const first = await engine.ingest(ann);
    const before = await engine.history(first.profileId as string);
    const again = await engine.ingest({ ...ann });
    expect(again).toMatchObject({ outcome: "duplicate", profileId: first.profileId });
    expect(await engine.history(first.profileId as string)).toEqual(before);
  });

  it("keeps the newer values when an older update arrives late (stale), and applies a newer one (updated)", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const first = await engine.ingest({ ...ann, updatedAt: "2025-02-01T00:00:00Z", city: "Oakland" });
    const late = await engine.ingest({ ...ann, updatedAt: "2025-01-15T00:00:00Z", city: "Berkeley" });
    expect(late.outcome).toBe("stale");
    expect(late.issues.map((i) => i.code)).toContain("stale_update");
    expect((await engine.getProfile(first.profileId as string))?.attributes["city"]).toBe("Oakland");
    const newer = await engine.ingest({ ...ann, updatedAt: "2025-03-01T00:00:00Z", city: "Portland" });
    expect(newer).toMatchObject({ outcome: "updated", profileId: first.profileId });
    expect((await engine.getProfile(first.profileId as string))?.attributes["city"]).toBe("Portland");
    const history = await engine.history(first.profileId as string);
    expect(history?.history?.entries.filter((e) => e.attribute === "city").map((e) => e.value)).toEqual(["Oakland", "Portland"]);
    const asOf = await engine.profileAsOf(first.profileId as string, { validAt: "2025-02-15T00:00:00Z" });
    expect(asOf?.attributes["city"]).toBe("Oakland");
    // A correction observed at the same instant is no older: applied.
    expect(await engine.ingest({ ...ann, updatedAt: "2025-03-01T00:00:00Z", city: "Salem" })).toMatchObject({ outcome: "updated", profileId: first.profileId });
    expect((await engine.getProfile(first.profileId as string))?.attributes["city"]).toBe("Salem");
  });

  it("re-evaluates an updated record's links: an update that removes the shared evidence splits the profile", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest(ann);
    const w = await engine.ingest(annWeb);
    expect(w.profileId).toBe(a.profileId);
    // The web record turns out to be someone else entirely.
    const changed = await engine.ingest({ ...annWeb, updatedAt: "2025-02-01T00:00:00Z", firstName: "Zoe", lastName: "Park", email: "zoe.park@outlook.com" });
    expect(changed.outcome).toBe("split");
    expect(changed.profileId).not.toBe(a.profileId);
    expect(changed.splitInto).toStrictEqual([changed.profileId]);
    expect((await engine.getProfile(a.profileId as string))?.recordKeys).toEqual(["crm:1"]);
    const lineage = (await engine.history(a.profileId as string))?.lineage ?? [];
    expect(lineage.at(-1)).toMatchObject({ type: "split", into: [changed.profileId] });
  });

  it("in a batch, the record that merges two profiles is 'merged' and the next one into that profile 'joined'", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest(ann);
    await engine.ingest(bob);
    const c = await engine.ingest({ id: "o9", source: "orders", updatedAt: "2025-01-04T00:00:00Z", firstName: "Ann", customerId: "C-1001" });
    expect(c.profileId).not.toBe(a.profileId);
    // Ann's email and the orders record's customer id, twice: the first bridges, the second joins.
    const bridge = { updatedAt: "2025-01-05T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", customerId: "C-1001" };
    const many = await engine.ingestMany([{ ...bridge, id: "w2", source: "web" }, { ...bridge, id: "p2", source: "app" }]);
    expect(many.outcomes).toMatchObject({ merged: 1, joined: 1, created: 0 });
    expect((await engine.profileOf("app:p2"))?.recordKeys).toStrictEqual(["app:p2", "crm:1", "orders:o9", "web:w2"]);
  });

  it("rejects bad input with an issue, writes nothing, and goes on", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const results = [await engine.ingest({ source: "crm", email: "x@y.com" }), await engine.ingest({ id: "9", email: "x@y.com" }), await engine.ingest(null), await engine.ingest("text"), await engine.ingest({ id: { nested: 1 }, source: "crm" })];
    expect(results.map((r) => r.outcome)).toEqual(["rejected", "rejected", "rejected", "rejected", "rejected"]);
    expect(results.map((r) => r.issues[0]?.code)).toEqual(["missing_key", "missing_key", "invalid_type", "invalid_type", "missing_key"]);
    expect(await engine.store.scan("record", null, 10)).toEqual([]);
    const many = await engine.ingestMany([ann, { nope: true }, bob]);
    expect(many.outcomes).toMatchObject({ created: 2, rejected: 1 });
    expect(many.rejected).toEqual([expect.objectContaining({ index: 1, recordKey: null })]);
  });

  it("ingestMany over a store that answers later: every record counted once, in input order, as over the memory store", async () => {
    const records = [...generateCustomerRecords({ entities: 20, seed: 12 })].map((g) => g.record).slice(0, 40);
    const input = [...records.slice(0, 13), { id: "bad" }, ...records.slice(13)];
    // A store that answers after a wait, as a database over the network does.
    const inner = memoryStore();
    const later = async <R>(value: R): Promise<R> => new Promise((done) => setTimeout(() => { done(value); }, 2));
    const slow: ProfileStore = {
      get: async (kind, keys) => later(await inner.get(kind, keys)),
      members: async (keys, limit) => later(await inner.members(keys, limit)),
      counters: async (keys) => later(await inner.counters(keys)),
      scan: async (kind, after, limit) => later(await inner.scan(kind, after, limit)),
      commit: async (changes) => later(await inner.commit(changes)),
    };
    async function* stream(): AsyncGenerator {
      for (const record of input) yield await Promise.resolve(record);
    }
    const progress: number[] = [];
    const engine = createProfileEngine({ schema, store: slow, now: ticking() });
    const many = await engine.ingestMany(stream(), { batchSize: 5, progressEvery: 1, onProgress: ({ processed }) => progress.push(processed) });
    expect(many.processed).toBe(41);
    expect(many.rejected).toEqual([expect.objectContaining({ index: 13 })]);
    expect(progress.slice(0, -1)).toEqual(Array.from({ length: 41 }, (_, k) => k + 1));
    // The same partition as one chunk at a time into the memory store.
    const reference = createProfileEngine({ schema, now: ticking() });
    await reference.ingestMany(input, { batchSize: 5 });
    expect(await partitionOf(engine)).toEqual(await partitionOf(reference));
  });

  it("ingestMany stops at a store failure with store_failure, what was committed before it kept; a reader's own error reaches the caller", async () => {
    const inner = memoryStore();
    let commits = 0;
    const failing: ProfileStore = { ...inner, commit: async (changes) => (++commits === 2 ? Promise.reject(new Error("disk full")) : inner.commit(changes)) };
    const records = [...generateCustomerRecords({ entities: 20, seed: 13 })].map((g) => g.record).slice(0, 30);
    const engine = createProfileEngine({ schema, store: failing, now: ticking() });
    await expect(engine.ingestMany(records, { batchSize: 10 })).rejects.toMatchObject({ code: "store_failure" });
    // The first chunk was written, the second not, the third never begun.
    expect(await inner.scan("record", null, 100)).toHaveLength(10);
    // A reader that fails after a full chunk: that chunk is written, then the reader's error answers.
    const store = memoryStore();
    const reading = createProfileEngine({ schema, store, now: ticking() });
    async function* broken(): AsyncGenerator {
      for (const record of records.slice(0, 10)) yield await Promise.resolve(record);
      throw new Error("the file ended early");
    }
    await expect(reading.ingestMany(broken(), { batchSize: 10 })).rejects.toThrow("the file ended early");
    expect(await store.scan("record", null, 100)).toHaveLength(10);
  });

  it("validates each record with the schema's Standard Schema and types the profile's attributes", async () => {
    const typed = defineSchema({ record: z.object({ id: z.string(), source: z.string(), email: z.email(), plan: z.optional(z.enum(["free", "pro"])) }) });
    const engine = createProfileEngine({ schema: typed, now: ticking() });
    const bad = await engine.ingest({ id: "1", source: "crm", email: "not an email" });
    expect(bad.outcome).toBe("rejected");
    expect(bad.issues[0]).toMatchObject({ code: "schema_mismatch" });
    expect(bad.issues[0]?.message).toContain("email");
    const good = await engine.ingest({ id: "1", source: "crm", email: "a@b.co", plan: "pro" });
    const profile = await engine.getProfile(good.profileId as string);
    const plan: "free" | "pro" | undefined = profile?.attributes.plan;
    expect(plan).toBe(undefined); // plan is not a schema field: only mapped fields reach the profile
  });

  it("refuses events for an erased record, and erase leaves no trace of the profile", async () => {
    const store = memoryStore();
    const engine = createProfileEngine({ schema, store, now: ticking() });
    const a = await engine.ingest(ann);
    await engine.ingest(annWeb);
    const other = await engine.ingest(bob);
    const emptyCounters = await store.counters(["n"]);
    expect(emptyCounters).toEqual([3]);
    const erased = await engine.erase(a.profileId as string);
    expect(erased).toEqual({ profileId: a.profileId, records: 2, aliases: 0 });
    expect(await engine.getProfile(a.profileId as string)).toBeNull();
    expect(await engine.history(a.profileId as string)).toBeNull();
    expect(await store.counters(["n"])).toEqual([1]);
    const records = await store.scan("record", null, 10);
    expect(records.map((d) => d.key)).toEqual(["crm:2"]);
    // Nothing about Ann is left in the index: a new store holding only Bob has the same index entries.
    const bobOnly = createProfileEngine({ schema, now: ticking() });
    await bobOnly.ingest(bob);
    const keysOf = (doc: unknown): string[] => (doc as { blockingKeys: string[] }).blockingKeys;
    const bobKeys = keysOf(records[0]?.value);
    const contents = async (s: typeof store): Promise<unknown> => (await s.members(bobKeys, 10)).map(({ key, members, size }) => ({ key, members, size }));
    expect(await contents(store)).toEqual(await contents(bobOnly.store));
    const annOnly = createProfileEngine({ schema, now: ticking() });
    await annOnly.ingestMany([ann, annWeb]);
    const annKeys = (await annOnly.store.scan("record", null, 10)).flatMap((doc) => keysOf(doc.value)).filter((key) => !bobKeys.includes(key));
    expect(annKeys.length).toBeGreaterThan(5);
    expect((await store.members(annKeys, 10)).every((entry) => entry.size === 0)).toBe(true);
    expect(await store.scan("history", null, 10)).toHaveLength(1);
    expect(await store.scan("profile", null, 10)).toHaveLength(1);
    const again = await engine.ingest(ann);
    expect(again).toMatchObject({ outcome: "rejected", issues: [expect.objectContaining({ code: "record_erased" })] });
    expect(await engine.getProfile(other.profileId as string)).not.toBeNull();
    expect(await engine.erase("p_unknown")).toBeNull();
  });
});

describe("erasure beyond the erased profile", () => {
  // Someone else's order, merged into Ann's profile by a shared email, then split off by an assertion: Ann's
  // history still holds versions with that person's phone and city, and her audit log names the record.
  const stranger = { id: "o9", source: "orders", updatedAt: "2025-01-05T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", phone: "+1 212 555 0199", city: "Boston", dateOfBirth: "1990-02-02" };

  async function setUp(): Promise<{ engine: ProfileEngine; annId: string; strangerId: string }> {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest(ann);
    await engine.ingest(annWeb);
    const s = await engine.ingest(stranger);
    expect(s.profileId).toBe(a.profileId);
    expect((await engine.getProfile(a.profileId as string))?.attributes).toMatchObject({ city: "Boston", dateOfBirth: "1990-02-02" });
    const split = await engine.assert("crm:1", "orders:o9", false);
    const strangerId = (await engine.profileOf("orders:o9"))?.id as string;
    expect(split.profileIds).toContain(strangerId);
    expect(strangerId).not.toBe(a.profileId);
    return { engine, annId: a.profileId as string, strangerId };
  }

  it("redacts the erased person's values in the histories of profiles their records left, and keeps the others' values", async () => {
    const { engine, annId, strangerId } = await setUp();
    const before = JSON.stringify(await engine.history(annId));
    expect(before).toContain("Boston");
    expect(before).toContain("orders:o9");
    await engine.erase(strangerId);
    const after = await engine.history(annId);
    const text = JSON.stringify(after);
    for (const value of ["+12125550199", "Boston", "1990-02-02", "orders:o9"]) expect(text).not.toContain(value);
    // Ann's own values stay in her history, and at the times the stranger's were recorded the answer is redacted.
    expect(text).toContain("+14158672211");
    expect(text).toContain("San Francisco");
    expect(after?.history?.redactions.map((r) => r.attribute).sort()).toEqual(["city", "dateOfBirth"]);
    // The email both gave is Ann's too (her records give it): not redacted.
    expect(after?.history?.entries.filter((e) => e.attribute === "email").every((e) => e.redacted !== true)).toBe(true);
    // The audit log keeps that the split happened, not whose record it was.
    const events = (await engine.audit(annId)).events;
    expect(events.some((e) => e.type === "asserted" && e.why?.kind === "assertion" && (e.why.a === "(erased record)" || e.why.b === "(erased record)"))).toBe(true);
    expect(JSON.stringify(events)).not.toContain("o9");
    // Ann's record no longer names the erased record in its cannot-link list.
    const [annRecord] = await engine.store.get("record", ["crm:1"]);
    expect((annRecord?.value as { cannot: string[] }).cannot).toEqual([]);
    expect(await engine.getProfile(annId)).toMatchObject({ attributes: { phone: "+14158672211", city: "San Francisco" } });
  });

  it("a record remembers the profiles it left, once each", async () => {
    const { engine, annId } = await setUp();
    const [doc] = await engine.store.get("record", ["orders:o9"]);
    expect((doc?.value as { formerProfiles?: string[] }).formerProfiles).toEqual([annId]);
    const [annDoc] = await engine.store.get("record", ["crm:1"]);
    expect((annDoc?.value as { formerProfiles?: string[] }).formerProfiles).toBeUndefined();
  });

  it("takes an erased record's key out of the batch records that list it", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const same = Array.from({ length: 3 }, (_, k) => ({ id: `s${k}`, source: "crm", updatedAt: "2025-02-28T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" }));
    const { batch } = await engine.ingestMany([...same, bob], { checks: { expectations: [{ kind: "relationships", maxClusterSize: 2 }], onFail: "stop" } });
    expect(batch?.status).toBe("quarantined");
    expect([...(batch?.recordKeys ?? [])].sort()).toEqual(["crm:2", "crm:s0", "crm:s1", "crm:s2"]);
    await engine.erase((await engine.profileOf("crm:s0"))?.id as string);
    const listed = [];
    for await (const b of engine.batches()) listed.push(b);
    expect(listed.map((b) => b.recordKeys)).toEqual([["crm:2"]]);
  });
});

describe("assertions", () => {
  it("cannot-link splits a profile now and is honoured from then on; must-link merges", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest(ann);
    await engine.ingest(annWeb);
    const split = await engine.assert("crm:1", { source: "web", id: "w1" }, false);
    expect(split.profileIds).toHaveLength(2);
    expect(split.profileIds[0]).toBe(a.profileId);
    expect((await engine.getProfile(a.profileId as string))?.recordKeys).toEqual(["crm:1"]);
    // A new copy of the web record stays apart from Ann's crm record.
    const again = await engine.ingest({ ...annWeb, updatedAt: "2025-02-01T00:00:00Z", city: "Oakland" });
    expect(again.profileId).not.toBe(a.profileId);
    await engine.refresh();
    expect((await engine.profileOf("crm:1"))?.recordKeys).toEqual(["crm:1"]);
    const merged = await engine.assert("crm:1", "crm:2x", true).catch((error: unknown) => error);
    expect(isProfileKitError(merged) && merged.code).toBe("invalid_options");
    const b = await engine.ingest(bob);
    const joined = await engine.assert("crm:2", "orders:none", true).catch((error: unknown) => error);
    expect(isProfileKitError(joined)).toBe(true);
    const together = await engine.assert("crm:1", "crm:2", true);
    expect(together.profileIds).toHaveLength(1);
    expect((await engine.profileOf("crm:2"))?.recordKeys).toEqual(["crm:1", "crm:2"]);
    expect(b.profileId).not.toBe(a.profileId);
  });

  it("explains a stored pair with the same pieces as explainMatch", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    // One batch: the first record of a new person creates the profile, the next one of the batch joins it.
    const many = await engine.ingestMany([ann, annWeb, bob]);
    expect(many.outcomes).toMatchObject({ created: 2, joined: 1 });
    const why = await engine.explain("crm:1", "web:w1");
    expect(why).toMatchObject({ decidedBy: { kind: "rule", field: "email" }, linked: true, probability: 1 });
    expect(why.fields.find((f) => f.field === "email")).toMatchObject({ level: "exact" });
    const not = await engine.explain("crm:1", "crm:2");
    expect(not.linked).toBe(false);
  });
});

describe("explain", () => {
  it("explains a stored pair as explainMatch does over the same records: values shared between people are read from the pair's blocks, not from the pair alone", async () => {
    const generated = [...generateCustomerRecords({ entities: 150, seed: 11, noise: 1.5 })];
    const all = generated.map((g) => g.record as Record<string, unknown> & { id: string; source: string });
    const engine = createProfileEngine({ schema, now: ticking() });
    await engine.ingestMany(all);
    const explainer = compileExplainer(all, { schema });
    let compared = 0;
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        // Every pair of one person, and a sample of the others.
        if ((generated[i] as { entityId: string }).entityId !== (generated[j] as { entityId: string }).entityId && (i + j) % 97 !== 0) continue;
        const a = all[i] as { id: string; source: string };
        const b = all[j] as { id: string; source: string };
        const want = explainer.explain(a.id, b.id);
        const got = await engine.explain({ source: a.source, id: a.id }, { source: b.source, id: b.id });
        expect({ pair: [a.id, b.id], ...got }).toEqual({ pair: [a.id, b.id], ...want });
        compared++;
      }
    }
    // Among them, pairs whose email two differently named people hold, and placeholders many hold:
    // with only the pair's two rows, 19 of these pairs were weighed otherwise.
    expect(compared).toBeGreaterThan(1000);
  });

  it("weighs the schema's custom fields as explainMatch does: their comparison, levels, tolerance and identifiers", async () => {
    const custom = defineSchema({ custom: {
      loyalty: { compare: "exact", identifier: true, block: true },
      tier: { compare: "exact", levels: [{ name: "same", exact: true }, { name: "prefix", samePrefix: 3 }] },
      spend: { compare: "numeric", tolerance: 5 },
    } });
    const generated = [...generateCustomerRecords({ entities: 60, seed: 5, noise: 1 })];
    const all = generated.map((g, k) => {
      const person = Number(g.entityId.replace(/\D/g, ""));
      // Loyalty numbers on two records in three, one shared by two people; tiers and spend by person, a little off.
      return { ...g.record, ...(k % 3 === 2 ? {} : { loyalty: person === 7 || person === 8 ? "L-78" : `L-${person}` }), tier: ["gold", "golden", "silver"][(person + k) % 3], spend: (person % 5) * 20 + (k % 4) };
    });
    const engine = createProfileEngine({ schema: custom, now: ticking() });
    await engine.ingestMany(all);
    const explainer = compileExplainer(all, { schema: custom });
    const levels = new Map<string, Set<string>>();
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j += 1 + ((i + j) % 5)) {
        const a = all[i] as { id: string; source: string };
        const b = all[j] as { id: string; source: string };
        const got = await engine.explain({ source: a.source, id: a.id }, { source: b.source, id: b.id });
        expect({ pair: [a.id, b.id], ...got }).toEqual({ pair: [a.id, b.id], ...explainer.explain(a.id, b.id) });
        for (const field of got.fields) if (["loyalty", "tier", "spend"].includes(field.field)) levels.set(field.field, (levels.get(field.field) ?? new Set()).add(String(field.level)));
      }
    }
    // Every level of each custom field met.
    expect(Object.fromEntries([...levels].map(([field, seen]) => [field, [...seen].sort()]))).toStrictEqual({ loyalty: ["else", "exact", "null"], tier: ["else", "prefix", "same"], spend: ["close", "else", "exact"] });
  });
});

describe("batch and real time agree", () => {
  const records = [...generateCustomerRecords({ entities: 150, seed: 11, noise: 1.5 })].map((g) => g.record);

  it("after refresh, ingesting one at a time in any order gives resolveIdentities' partition", async () => {
    const batch = resolveIdentities(records, { schema });
    const want = batch.clusters.map((c) => [...c.recordIds].sort().join(",")).sort();
    for (const seed of [1, 2, 3]) {
      const shuffled = [...records];
      let s = seed;
      for (let i = shuffled.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) % 2 ** 31;
        const j = s % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j] as (typeof records)[number], shuffled[i] as (typeof records)[number]];
      }
      // One record at a time, and in batches of a few (the batch path of ingestMany).
      const engine = createProfileEngine({ schema, now: ticking() });
      for (const record of shuffled) await engine.ingest(record);
      await engine.refresh();
      expect(await partitionOf(engine)).toEqual(want);
      const batched = createProfileEngine({ schema, now: ticking() });
      await batched.ingestMany(shuffled, { batchSize: 3 + seed * 20 });
      await batched.refresh();
      expect(await partitionOf(batched)).toEqual(want);
      // A second refresh with nothing new changes nothing.
      expect(await engine.refresh()).toMatchObject({ merged: 0, split: 0, moved: 0 });
    }
  });
});

describe("stable ids from day 1 to day 2", () => {
  it("keeps at least 99.5% of day-1 profile ids, and every one that changes is a recorded merge or split", async () => {
    // The user's story: three exports on day 1, the same exports again on day 2 with a tenth more records.
    const all = [...generateCustomerRecords({ entities: 600, seed: 23, noise: 1.5 })].map((g) => g.record);
    const day1 = all.filter((_, i) => i % 10 !== 9);
    const day2 = all;
    const engine = createProfileEngine({ schema, now: ticking() });
    await engine.ingestMany(day1);
    await engine.refresh();
    const day1Ids = new Set((await engine.store.scan("profile", null, 1_000_000)).map((d) => d.key));
    await engine.ingestMany(day2);
    await engine.refresh();
    let kept = 0;
    const lost: string[] = [];
    for (const id of day1Ids) {
      const profile = await engine.getProfile(id);
      if (profile?.id === id) kept++;
      else lost.push(id);
    }
    expect(kept / day1Ids.size).toBeGreaterThanOrEqual(0.995);
    for (const id of lost) {
      const lineage = (await engine.store.get("history", [id]))[0]?.value as { lineage: { type: string }[] } | undefined;
      expect(lineage?.lineage.some((e) => e.type === "merged" || e.type === "split")).toBe(true);
    }
  });
});

describe("store failures and races", () => {
  it("wraps what a store throws as store_failure and leaves it unchanged", async () => {
    const inner = memoryStore();
    let failOn = "commit";
    const failing: ProfileStore = {
      get: (kind, keys) => (failOn === "get" ? Promise.reject(new Error("disk on fire")) : inner.get(kind, keys)),
      members: (keys, limit) => inner.members(keys, limit),
      counters: (keys) => inner.counters(keys),
      scan: (kind, after, limit) => inner.scan(kind, after, limit),
      commit: (changes) => {
        if (failOn === "commit") throw new Error("connection reset");
        return inner.commit(changes);
      },
    };
    const engine = createProfileEngine({ schema, store: failing, now: ticking() });
    const error = await engine.ingest(ann).catch((e: unknown) => e);
    expect(isProfileKitError(error) && error.code).toBe("store_failure");
    expect((error as Error).message).toContain("connection reset");
    expect(await inner.scan("record", null, 10)).toEqual([]);
    failOn = "get";
    await expect(engine.getProfile("p_x")).rejects.toMatchObject({ code: "store_failure" });
  });

  it("refuses malformed documents from a store as store_failure", async () => {
    const inner = memoryStore();
    const engine = createProfileEngine({ schema, store: inner, now: ticking() });
    const { profileId } = await engine.ingest(ann);
    await inner.commit({ expect: [], put: [{ kind: "profile", key: profileId as string, value: { id: 5 } }], delete: [], index: [], increment: [] });
    await expect(engine.getProfile(profileId as string)).rejects.toMatchObject({ code: "store_failure" });
    // Answers of the wrong shape, on every read path (a profile, a record, a history).
    const odd = createProfileEngine({ schema, store: { ...inner, get: () => ({}) as never }, now: ticking() });
    await expect(odd.getProfile("p_x")).rejects.toMatchObject({ code: "store_failure" });
    await expect(odd.profileOf("crm:1")).rejects.toMatchObject({ code: "store_failure" });
    await expect(odd.history("p_x")).rejects.toMatchObject({ code: "store_failure" });
    const unversioned = createProfileEngine({ schema, store: { ...inner, get: (_kind, keys) => keys.map((key) => ({ key, version: "1", value: {} })) as never }, now: ticking() });
    await expect(unversioned.getProfile("p_x")).rejects.toMatchObject({ code: "store_failure" });
  });

  it("racing writers on one profile: one wins each round, the others re-read and retry, nothing is lost", async () => {
    const inner = memoryStore();
    let refused = 0;
    const counting: ProfileStore = {
      get: (kind, keys) => inner.get(kind, keys),
      members: (keys, limit) => inner.members(keys, limit),
      counters: (keys) => inner.counters(keys),
      scan: (kind, after, limit) => inner.scan(kind, after, limit),
      commit: async (changes) => {
        const result = await inner.commit(changes);
        if (!result.ok) refused++;
        return result;
      },
    };
    const engine = createProfileEngine({ schema, store: counting, now: ticking() });
    const first = await engine.ingest(ann);
    const results = await Promise.all([engine.ingest(annWeb), engine.ingest(annOrder), engine.ingest({ ...ann, id: "1b", email: "ann.lee@fastmail.com" })]);
    for (const r of results) expect(r.profileId, JSON.stringify(r)).toBe(first.profileId);
    expect((await engine.getProfile(first.profileId as string))?.recordKeys).toEqual(["crm:1", "crm:1b", "orders:o1", "web:w1"]);
    expect(refused).toBeGreaterThan(0);
    expect(await inner.counters(["n"])).toEqual([4]);
  });
});
