import { describe, expect, it } from "vitest";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ProfileStore } from "./store.js";
import { ann, annWeb, bob, ticking } from "../../test/support/engine.js";

// The engine's entry points beside ingest and refresh: ingestMany's options, reading profiles and batch
// records page by page, and close.

const schema = defineSchema({});

async function refusal(promise: Promise<unknown>): Promise<[string | undefined, string | undefined]> {
  const error = await promise.then(() => null, (e: unknown) => e);
  return [(error as { code?: string } | null)?.code, (error as Error | null)?.message];
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const people = (n: number): Record<string, string>[] => Array.from({ length: n }, (_, k) => ({ id: String(k), source: "crm", firstName: `Person${String.fromCharCode(97 + (k % 26))}${k}`, email: `p${k}@example.org` }));

describe("ingestMany's options", () => {
  it("refuses what it cannot use, naming it, before reading a record", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const cases: [unknown, unknown, string][] = [
      [null, undefined, "ingestMany: records must be an array, an iterable or an async iterable."],
      [{ length: 1, 0: ann }, undefined, "ingestMany: records must be an array, an iterable or an async iterable."],
      [[ann], null, "ingestMany: options are { onProgress, progressEvery, batchSize, checks }."],
      [[ann], 7, "ingestMany: options are { onProgress, progressEvery, batchSize, checks }."],
      [[ann], { batchsize: 5 }, 'ingestMany: option "batchsize" is unknown (onProgress, progressEvery, batchSize, checks).'],
      [[ann], { onProgress: "log" }, "ingestMany: onProgress is a function."],
      [[ann], { progressEvery: 0 }, "ingestMany: progressEvery must be a whole number of records, at least 1."],
      [[ann], { progressEvery: 2.5 }, "ingestMany: progressEvery must be a whole number of records, at least 1."],
      [[ann], { batchSize: 0 }, "ingestMany: batchSize must be an integer from 1 to 100,000."],
      [[ann], { batchSize: 100_001 }, "ingestMany: batchSize must be an integer from 1 to 100,000."],
      [[ann], { batchSize: 1.5 }, "ingestMany: batchSize must be an integer from 1 to 100,000."],
    ];
    for (const [records, options, message] of cases) expect(await refusal(engine.ingestMany(records as never, options as never)), message).toStrictEqual(["invalid_options", message]);
    expect(await engine.store.scan("record", null, 10)).toStrictEqual([]);
    expect((await engine.ingestMany([ann], { batchSize: 100_000 })).processed).toBe(1);
    // The smallest batch: one record at a time.
    expect((await engine.ingestMany([annWeb, bob], { batchSize: 1 })).outcomes).toMatchObject({ joined: 1, created: 1 });
  });

  it("reports progress every 1,000 records by default, and once more at the end", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const seen: number[] = [];
    await engine.ingestMany(people(2_100), { onProgress: ({ processed }) => seen.push(processed) });
    expect(seen).toStrictEqual([1_000, 2_000, 2_100]);
  });

  it("reports progress every progressEvery records, with the outcomes so far", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const seen: [number, number][] = [];
    await engine.ingestMany([...people(5), { nope: true }, ...people(5).map((p) => ({ ...p, source: "web" }))], { progressEvery: 4, onProgress: ({ processed, outcomes }) => seen.push([processed, outcomes.rejected]) });
    expect(seen).toStrictEqual([[4, 0], [8, 1], [11, 1]]);
  });
});

describe("reading page by page", () => {
  it("profiles() gives every profile once, in id order, whatever the page size; refuses a page size it cannot use", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    await engine.ingestMany(people(7));
    const ids = (await all(engine.profiles())).map((p) => p.id);
    expect(ids).toHaveLength(7);
    expect([...ids].sort()).toStrictEqual(ids);
    for (const pageSize of [1, 3, 100_000]) expect((await all(engine.profiles({ pageSize }))).map((p) => p.id)).toStrictEqual(ids);
    for (const pageSize of [0, 100_001, 2.5]) expect(await refusal(all(engine.profiles({ pageSize })))).toStrictEqual(["invalid_options", "profiles: pageSize must be an integer from 1 to 100,000."]);
  });

  it("profiles() refuses a store whose pages go back or are no list", async () => {
    const inner = memoryStore();
    await createProfileEngine({ schema, store: inner, now: ticking() }).ingestMany([ann, bob]);
    const answering = (scan: ProfileStore["scan"]): ProfileStore => ({ ...inner, get: inner.get.bind(inner), members: inner.members.bind(inner), counters: inner.counters.bind(inner), commit: inner.commit.bind(inner), scan });
    const backwards = answering(async (kind, after, limit) => (after === null ? inner.scan(kind, after, limit) : inner.scan(kind, null, limit)));
    expect(await refusal(all(createProfileEngine({ schema, store: backwards }).profiles({ pageSize: 1 })))).toStrictEqual(["store_failure", "profile engine: the store's scan did not answer keys in ascending order."]);
    const notAList = answering(() => Promise.resolve("page" as never));
    expect(await refusal(all(createProfileEngine({ schema, store: notAList }).profiles()))).toStrictEqual(["store_failure", "profile engine: the store's scan answered something other than an array."]);
    expect(await refusal(all(createProfileEngine({ schema, store: notAList }).batches()))).toStrictEqual(["store_failure", "profile engine: the store's scan answered something other than an array."]);
  });

  it("batches() gives every checked call's record; batch(id) one of them, or null; a batch id is a non-empty string", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const first = await engine.ingestMany([ann], { checks: { expectations: [] } });
    const second = await engine.ingestMany([annWeb], { checks: { expectations: [] } });
    const records = await all(engine.batches());
    expect(records.map((b) => b.id).sort()).toStrictEqual([first.batch?.id, second.batch?.id].sort());
    expect(await engine.batch(first.batch?.id as string)).toStrictEqual(first.batch);
    expect(await engine.batch("b_none")).toBeNull();
    for (const id of ["", 7]) expect(await refusal(engine.batch(id as string))).toStrictEqual(["invalid_options", "profile engine: a batch id is a non-empty string."]);
  });
});

describe("a store that fails", () => {
  it("names the call that failed: a scan while paging profiles or batch records", async () => {
    const inner = memoryStore();
    await createProfileEngine({ schema, store: inner, now: ticking() }).ingestMany([ann]);
    const failing: ProfileStore = { ...inner, get: inner.get.bind(inner), members: inner.members.bind(inner), counters: inner.counters.bind(inner), commit: inner.commit.bind(inner), scan: () => Promise.reject(new Error("connection reset")) };
    const engine = createProfileEngine({ schema, store: failing });
    expect(await refusal(all(engine.profiles()))).toStrictEqual(["store_failure", "profile engine: the store's scan failed: connection reset"]);
    expect(await refusal(all(engine.batches()))).toStrictEqual(["store_failure", "profile engine: the store's scan failed: connection reset"]);
  });
});

describe("personalize", () => {
  it("says that a schema without slots has nothing to personalize with, and where to turn", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const { profileId } = await engine.ingest(ann);
    expect(await refusal(engine.personalize(profileId as string))).toStrictEqual(["invalid_options", "personalize: the schema has no slots; give defineSchema({ slots: { … } }), or call personalize(profile, slots) from profile-kit/fallback."]);
  });
});

describe("close", () => {
  it("closes the store once, and reports a store that fails to close as store_failure", async () => {
    let closed = 0;
    const inner = memoryStore();
    const closing: ProfileStore = { ...inner, get: inner.get.bind(inner), members: inner.members.bind(inner), counters: inner.counters.bind(inner), scan: inner.scan.bind(inner), commit: inner.commit.bind(inner), close: () => { closed++; } };
    await createProfileEngine({ schema, store: closing }).close();
    expect(closed).toBe(1);
    const failing: ProfileStore = { ...closing, close: () => Promise.reject(new Error("socket hang up")) };
    const [code, message] = await refusal(createProfileEngine({ schema, store: failing }).close());
    expect(code).toBe("store_failure");
    expect(message).toBe("profile engine: the store's close failed: socket hang up");
    // A store without close: nothing to do.
    await expect(createProfileEngine({ schema }).close()).resolves.toBeUndefined();
  });
});
