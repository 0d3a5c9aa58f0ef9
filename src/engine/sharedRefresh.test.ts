// The engine's side of a shared refresh (ProfileStore.sharedRefresh), driven by hand-made claims over the
// memory store: what it decides from a claim, and what it refuses. The PostgreSQL implementation is
// tested against a real server in src/postgres/sharedRefresh.test.ts.
import { describe, expect, it, vi } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ProfileStore, SharedRefresh, SharedRefreshClaim } from "./store.js";

const schema = defineSchema({});
const ann = { id: "1", source: "crm", updatedAt: "2025-01-01T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", phone: "+1 415 867 2211" };
const annWeb = { id: "w1", source: "web", updatedAt: "2025-01-02T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" };
const bob = { id: "1", source: "crm", updatedAt: "2025-02-01T00:00:00Z", firstName: "Bob", lastName: "Stone", email: "bob.stone@yahoo.com", phone: "+1 212 555 0199" };

/** A store whose shared refresh answers these claims in turn, then "done", and keeps what was completed. */
function scripted(base: ProfileStore, claims: readonly unknown[]): { store: ProfileStore; completed: unknown[]; released: number } {
  const completed: unknown[] = [];
  const state = { store: base, completed, released: 0 };
  let next = 0;
  const shared: SharedRefresh = {
    begin: () => Promise.resolve("run-1"),
    claim: () => Promise.resolve((next < claims.length ? claims[next++] : { kind: "done", counts: {}, records: 0, profiles: 0 }) as SharedRefreshClaim),
    complete: (_run, _task, outcome) => {
      completed.push(outcome);
      return Promise.resolve(true);
    },
    release: () => {
      state.released++;
      return Promise.resolve();
    },
  };
  state.store = { ...base, sharedRefresh: shared };
  return state;
}

/** The stored match data of a record, as a claim carries it. */
async function matchDoc(store: ProfileStore, key: string): Promise<{ key: string; version: number; value: unknown }> {
  const [doc] = await store.get("record", [key]);
  if (doc == null) throw new Error(`no record ${key}`);
  const { profileId, features, counterKeys, cannot, must } = doc.value as Record<string, unknown>;
  return { key, version: doc.version, value: { profileId, features, counterKeys, cannot, must } };
}

/** The stored profile of a record, as a claim carries it. */
async function profileDoc(store: ProfileStore, recordKey: string): Promise<{ key: string; version: number; recordKeys: string[] }> {
  const id = ((await matchDoc(store, recordKey)).value as { profileId: string }).profileId;
  const [doc] = await store.get("profile", [id]);
  return { key: id, version: doc?.version ?? 0, recordKeys: (doc?.value as { recordKeys: string[] }).recordKeys };
}

describe("profile engine: a shared refresh's tasks", () => {
  it("scores a pairs task's candidate pairs and reports the links, leaving out a block over its rule's cap", async () => {
    const base = memoryStore();
    const engine = createProfileEngine({ schema, store: base });
    await engine.ingestMany([ann, annWeb]);
    const a = await matchDoc(base, "crm:1");
    const b = await matchDoc(base, "web:w1");
    const block = ((await base.get("record", ["crm:1"]))[0]?.value as { blockingKeys: string[] }).blockingKeys[0] as string;
    const { store, completed } = scripted(base, [
      { kind: "pairs", task: { phase: "pairs", part: 0, token: "t" }, pairs: [{ a: "crm:1", b: "web:w1", key: block, size: 2 }], records: [a, b] },
      { kind: "pairs", task: { phase: "pairs", part: 1, token: "t" }, pairs: [{ a: "crm:1", b: "web:w1", key: block, size: 100_000 }], records: [a, b] },
    ]);
    await createProfileEngine({ schema, store }).refresh();
    expect(completed).toEqual([
      { links: [["crm:1", "web:w1"]], counts: { pairs: 1, links: 1 } },
      { links: [], counts: { pairs: 0, links: 0 } },
    ]);
  });

  it("scores each pair once: a pair listed twice (from two blocks) and a record paired with itself are not counted again", async () => {
    const base = memoryStore();
    await createProfileEngine({ schema, store: base }).ingestMany([ann, annWeb]);
    const a = await matchDoc(base, "crm:1");
    const b = await matchDoc(base, "web:w1");
    const keys = ((await base.get("record", ["crm:1"]))[0]?.value as { blockingKeys: string[] }).blockingKeys;
    const pairs = [{ a: "crm:1", b: "web:w1", key: keys[0], size: 2 }, { a: "crm:1", b: "web:w1", key: keys[1], size: 2 }, { a: "crm:1", b: "crm:1", key: keys[0], size: 2 }];
    const { store, completed } = scripted(base, [{ kind: "pairs", task: { phase: "pairs", part: 0, token: "t" }, pairs, records: [a, b] }]);
    await createProfileEngine({ schema, store }).refresh();
    expect(completed).toEqual([{ links: [["crm:1", "web:w1"]], counts: { pairs: 1, links: 1 } }]);
  });

  it("answers the run's totals: records outside every unit count as unchanged; a count that is no finite number as 0", async () => {
    const totals = async (done: unknown): Promise<unknown> => createProfileEngine({ schema, store: scripted(memoryStore(), [done]).store }).refresh();
    expect(await totals({ kind: "done", records: 10, profiles: 7, counts: { decided: 3, skipped: 1, unchanged: 2, merged: 1, split: 1, moved: 2 } })).toStrictEqual({ records: 10, profiles: 7, merged: 1, split: 1, moved: 2, unchanged: 8 });
    // More decided than the run's records (records added during the run): none outside.
    expect(await totals({ kind: "done", records: 2, profiles: 2, counts: { decided: 3, unchanged: 1 } })).toStrictEqual({ records: 2, profiles: 2, merged: 0, split: 0, moved: 0, unchanged: 1 });
    expect(await totals({ kind: "done", records: 0, profiles: 0, counts: { merged: Number.POSITIVE_INFINITY, split: "2", moved: Number.NaN } })).toStrictEqual({ records: 0, profiles: 0, merged: 0, split: 0, moved: 0, unchanged: 0 });
  });

  it("waits 200 ms before claiming again when told to wait", async () => {
    vi.useFakeTimers();
    try {
      let claims = 0;
      const base = memoryStore();
      const answers: unknown[] = [{ kind: "wait" }, { kind: "done", counts: {}, records: 0, profiles: 0 }];
      const store: ProfileStore = { ...base, sharedRefresh: { begin: () => Promise.resolve("run"), claim: () => Promise.resolve(answers[claims++] as SharedRefreshClaim), complete: () => Promise.resolve(true), release: () => Promise.resolve() } };
      const running = createProfileEngine({ schema, store }).refresh();
      await vi.advanceTimersByTimeAsync(199);
      expect(claims).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(claims).toBe(2);
      expect(await running).toMatchObject({ records: 0 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("throws the task's own error when giving the task back fails too", async () => {
    const scriptedStore = scripted(memoryStore(), [{ kind: "pairs", task: { phase: "pairs", part: 0, token: "t" }, pairs: "no", records: [] }]);
    const shared = scriptedStore.store.sharedRefresh as SharedRefresh;
    const store: ProfileStore = { ...scriptedStore.store, sharedRefresh: { ...shared, release: () => Promise.reject(new Error("connection lost")) } };
    const error = await createProfileEngine({ schema, store }).refresh().then(() => null, (e: unknown) => e);
    expect((error as Error).message).toBe("profile engine: a refresh task without its pairs.");
  });

  it("splits a profile whose unit has no link left, and returns the run's totals", async () => {
    const base = memoryStore();
    await createProfileEngine({ schema, store: base }).ingestMany([ann, annWeb]);
    const a = await matchDoc(base, "crm:1");
    const b = await matchDoc(base, "web:w1");
    const profileId = (a.value as { profileId: string }).profileId;
    const [profile] = await base.get("profile", [profileId]);
    const { store, completed } = scripted(base, [
      { kind: "units", task: { phase: "units", part: 0, token: "t" }, units: [{ records: ["crm:1", "web:w1"], links: [] }], records: [a, b], profiles: [{ key: profileId, version: profile?.version ?? 1, recordKeys: ["crm:1", "web:w1"] }] },
      { kind: "done", counts: { split: 1, decided: 2, unchanged: 0 }, records: 2, profiles: 2 },
    ]);
    const result = await createProfileEngine({ schema, store }).refresh();
    expect(completed).toEqual([{ links: [], counts: { decided: 2, skipped: 0, unchanged: 0, merged: 0, split: 1, moved: 1 } }]);
    expect(result).toEqual({ records: 2, profiles: 2, merged: 0, split: 1, moved: 0, unchanged: 0 });
    const engine = createProfileEngine({ schema, store: base });
    expect((await engine.profileOf("crm:1"))?.id).not.toBe((await engine.profileOf("web:w1"))?.id);
  });

  it("decides again from what is stored when a record changed after the claim (stale match data never merges)", async () => {
    const base = memoryStore();
    const engine = createProfileEngine({ schema, store: base });
    await engine.ingestMany([ann, annWeb]);
    // The claim was made while crm:1 was Ann; since then it became Bob, and left Ann's profile.
    const stale = await matchDoc(base, "crm:1");
    expect((await engine.ingest(bob)).outcome).toBe("split");
    const b = await matchDoc(base, "web:w1");
    const bobNow = await matchDoc(base, "crm:1");
    const staleA = { ...stale, value: { ...(stale.value as object), profileId: (bobNow.value as { profileId: string }).profileId } };
    const profiles = await Promise.all(["crm:1", "web:w1"].map(async (key) => profileDoc(base, key)));
    const { store, completed } = scripted(base, [
      { kind: "units", task: { phase: "units", part: 0, token: "t" }, units: [{ records: ["crm:1", "web:w1"], links: [["crm:1", "web:w1"]] }], records: [staleA, b], profiles },
    ]);
    await createProfileEngine({ schema, store }).refresh();
    // With the stale features the two would have been merged; read again, Bob and Ann stay apart.
    expect(completed).toEqual([{ links: [], counts: { decided: 2, skipped: 0, unchanged: 2, merged: 0, split: 0, moved: 0 } }]);
    expect((await engine.profileOf("crm:1"))?.id).not.toBe((await engine.profileOf("web:w1"))?.id);
  });

  it("leaves a unit whose profile gained a record outside it to the next refresh", async () => {
    const base = memoryStore();
    await createProfileEngine({ schema, store: base }).ingestMany([ann, annWeb]);
    const a = await matchDoc(base, "crm:1");
    const profileId = (a.value as { profileId: string }).profileId;
    const { store, completed } = scripted(base, [
      { kind: "units", task: { phase: "units", part: 0, token: "t" }, units: [{ records: ["crm:1"], links: [] }], records: [a], profiles: [{ key: profileId, version: 1, recordKeys: ["crm:1", "web:w1"] }] },
    ]);
    await createProfileEngine({ schema, store }).refresh();
    expect(completed).toEqual([{ links: [], counts: { decided: 0, skipped: 1, unchanged: 0, merged: 0, split: 0, moved: 0 } }]);
  });

  it("names what is wrong in each malformed claim, each part of each check", async () => {
    const task = { phase: "pairs", part: 0, token: "t" };
    const pair = { a: "crm:1", b: "web:w1", key: "k", size: 2 };
    const record = { key: "crm:1", version: 1, value: {} };
    const unit = { records: [], links: [] };
    const profile = { key: "p", version: 1, recordKeys: [] };
    const kind = "profile engine: the store's sharedRefresh.claim answered no known kind of task.";
    const pairs = "profile engine: a refresh pair is not { a, b, key, size }.";
    const records = "profile engine: a refresh task's record without a key and a version.";
    const units = "profile engine: a refresh task without its units.";
    const profiles = "profile engine: a refresh task without its profiles.";
    const totals = "profile engine: the store's sharedRefresh.claim ended the run without its totals.";
    const cases: [unknown, string][] = [
      ["pairs", kind],
      [{ kind: "pairs", task, pairs: null, records: [] }, "profile engine: a refresh task without its pairs."],
      [{ kind: "pairs", task, pairs: [null], records: [] }, pairs],
      [{ kind: "pairs", task, pairs: [{ ...pair, b: 2 }], records: [] }, pairs],
      [{ kind: "pairs", task, pairs: [{ ...pair, key: null }], records: [] }, pairs],
      [{ kind: "pairs", task, pairs: [{ ...pair, size: "2" }], records: [] }, pairs],
      [{ kind: "pairs", task, pairs: [], records: "crm:1" }, "profile engine: a refresh task without its records."],
      [{ kind: "pairs", task, pairs: [], records: [null] }, records],
      [{ kind: "pairs", task, pairs: [], records: [{ ...record, key: 1 }] }, records],
      [{ kind: "pairs", task, pairs: [], records: [{ ...record, version: "1" }] }, records],
      [{ kind: "pairs", task, pairs: [], records: [{ ...record, version: 1.5 }] }, records],
      [{ kind: "units", task, units: "x", records: [], profiles: [] }, units],
      [{ kind: "units", task, units: [null], records: [], profiles: [] }, units],
      [{ kind: "units", task, units: [unit, null], records: [], profiles: [] }, units],
      [{ kind: "units", task, units: [{ ...unit, links: "x" }], records: [], profiles: [] }, units],
      [{ kind: "units", task, units: [{ ...unit, links: ["ab"] }], records: [], profiles: [] }, units],
      [{ kind: "units", task, units: [{ ...unit, links: [["a", 2]] }], records: [], profiles: [] }, units],
      [{ kind: "units", task, units: [unit], records: [], profiles: "p" }, profiles],
      [{ kind: "units", task, units: [unit], records: [], profiles: [null] }, profiles],
      [{ kind: "units", task, units: [unit], records: [], profiles: [profile, null] }, profiles],
      [{ kind: "units", task, units: [unit], records: [], profiles: [{ ...profile, version: 1.5 }] }, profiles],
      [{ kind: "units", task, units: [unit], records: [], profiles: [{ ...profile, recordKeys: "a" }] }, profiles],
      [{ kind: "done", counts: {}, records: 1, profiles: "1" }, totals],
      [{ kind: "done", counts: null, records: 1, profiles: 1 }, totals],
      [{ kind: "done", counts: "x", records: 1, profiles: 1 }, totals],
    ];
    for (const [claim, message] of cases) {
      const scriptedStore = scripted(memoryStore(), [claim]);
      const error = await createProfileEngine({ schema, store: scriptedStore.store }).refresh().then(() => null, (e: unknown) => e);
      expect([isProfileKitError(error) && error.code, (error as Error | null)?.message], JSON.stringify(claim)).toStrictEqual(["store_failure", message]);
      expect(scriptedStore.released, JSON.stringify(claim)).toBe(typeof claim === "object" && claim !== null && ["pairs", "units"].includes((claim as { kind: string }).kind) ? 1 : 0);
    }
    // A run id that is not text.
    const base = memoryStore();
    const noRun: ProfileStore = { ...base, sharedRefresh: { ...(scripted(base, []).store.sharedRefresh as SharedRefresh), begin: () => Promise.resolve(7 as never) } };
    const error = await createProfileEngine({ schema, store: noRun }).refresh().then(() => null, (e: unknown) => e);
    expect((error as Error).message).toBe("profile engine: the store's sharedRefresh.begin answered no run id.");
  });

  it("answers malformed claims with store_failure and gives the task back", async () => {
    const task = { phase: "pairs", part: 0, token: "t" };
    const bad: unknown[] = [
      null,
      { kind: "other" },
      { kind: "pairs", task, pairs: "no", records: [] },
      { kind: "pairs", task, pairs: [{ a: 1, b: "x", key: "k", size: 2 }], records: [] },
      { kind: "pairs", task, pairs: [], records: [{ key: "crm:1", version: 0, value: {} }] },
      { kind: "pairs", task, pairs: [], records: [{ key: "crm:1", version: 1, value: { profileId: "p" } }] },
      { kind: "units", task, units: [{ records: "x" }], records: [], profiles: [] },
      { kind: "units", task, units: [], records: [], profiles: [{ key: 1 }] },
      { kind: "units", task, units: [{ records: [], links: [[1, 2]] }], records: [], profiles: [] },
      { kind: "done", counts: {}, records: "many", profiles: 0 },
    ];
    for (const claim of bad) {
      const scriptedStore = scripted(memoryStore(), [claim]);
      const error = await createProfileEngine({ schema, store: scriptedStore.store }).refresh().then(() => null, (e: unknown) => e);
      expect(isProfileKitError(error) && error.code === "store_failure", JSON.stringify(claim) + String(error)).toBe(true);
      if (claim !== null && !["other", "done"].includes((claim as { kind: string }).kind)) expect(scriptedStore.released).toBe(1);
    }
  });
});

describe("profile engine: a shared refresh decides as ingest weighs", () => {
  // Nearly the same name, the same place, birth dates six years apart: a pair the model is unsure about.
  const maybeA = { id: "m1", source: "events", updatedAt: "2025-01-04T00:00:00Z", firstName: "Ann", lastName: "Lee", city: "Oakland", postalCode: "94607", dateOfBirth: "1985-04-12", email: "ann.lee@fastmail.com" };
  const maybeB = { id: "m2", source: "crm", updatedAt: "2025-01-05T00:00:00Z", firstName: "Anne", lastName: "Lee", city: "Oakland", postalCode: "94607", dateOfBirth: "1991-09-30" };
  // Other people in the store, ten of them Lees: the pair is weighed with the whole store's value counts
  // (its record count, how common Lee is), which move its probability (about 0.85 here; 0.70 with only the ten Lees).
  const names = ["Omar", "Priya", "Jonas", "Mei", "Tariq", "Bruno", "Chloe", "Dmitri", "Elena", "Farah"];
  const others = Array.from({ length: 30 }, (_, k) => ({ id: `o${k}`, source: "crm", updatedAt: "2025-01-01T00:00:00Z", firstName: names[k % 10] as string, lastName: k < 10 ? "Lee" : `Surname${String.fromCharCode(97 + k)}x`, city: ["Fresno", "Boise", "Tulsa"][k % 3] as string, email: `person${k}@example.org` }));
  const task = { phase: "units", part: 0, token: "t" };
  const A = "events:m1";
  const B = "crm:m2";

  async function loaded(): Promise<{ base: ProfileStore; probability: number }> {
    const base = memoryStore();
    const engine = createProfileEngine({ schema, store: base });
    await engine.ingestMany([...others, maybeA, maybeB]);
    const explained = await engine.explain(A, B);
    expect(explained.decidedBy).toStrictEqual({ kind: "model" });
    expect(explained.probability).toBeGreaterThan(0.01);
    expect(explained.probability).toBeLessThan(0.9);
    expect((await engine.profileOf(A))?.id).not.toBe((await engine.profileOf(B))?.id);
    return { base, probability: explained.probability };
  }

  const withThreshold = (threshold: number): ReturnType<typeof defineSchema> => defineSchema({ identity: { threshold } });

  it("links a pairs task's pair when the model's probability, with the store's value counts, reaches the schema's threshold", async () => {
    const { base, probability } = await loaded();
    const keysOf = async (key: string): Promise<string[]> => ((await base.get("record", [key]))[0]?.value as { blockingKeys: string[] }).blockingKeys;
    const keyB = new Set(await keysOf(B));
    const block = (await keysOf(A)).find((key) => keyB.has(key));
    if (block === undefined) return expect.unreachable("the two records share a block");
    // With a second pair, of Ann and another Lee (Omar): scored too, never linked.
    const omar = "crm:o0";
    const lees = (await keysOf(omar)).find((key) => keyB.has(key));
    if (lees === undefined) return expect.unreachable("the Lees share a block");
    const pairs = [{ a: A, b: B, key: block, size: 2 }, { a: A, b: omar, key: lees, size: 2 }];
    const claim = { kind: "pairs", task: { ...task, phase: "pairs" }, pairs, records: [await matchDoc(base, A), await matchDoc(base, B), await matchDoc(base, omar)] };
    // Just below and just above the probability ingest gives the pair: linked, then not.
    for (const [threshold, links] of [[probability * (1 - 1e-9), [[A, B]]], [probability * (1 + 1e-9), []]] as const) {
      const { store, completed } = scripted(base, [claim]);
      await createProfileEngine({ schema: withThreshold(threshold), store }).refresh();
      expect(completed, String(threshold)).toStrictEqual([{ links, counts: { pairs: 2, links: links.length } }]);
    }
  });

  it("merges two stored profiles a unit's link joins when the link holds re-scored; a link to a record outside the unit is ignored", async () => {
    const { base, probability } = await loaded();
    const claim = async (): Promise<unknown> => ({ kind: "units", task, units: [{ records: [A, B], links: [[A, B], [A, "crm:o3"]] }], records: [await matchDoc(base, A), await matchDoc(base, B)], profiles: [await profileDoc(base, A), await profileDoc(base, B)] });
    // Weighed with the default threshold the link does not hold: nothing changes, and nothing is written.
    let commits = 0;
    const counted: ProfileStore = { ...base, commit: (change) => { commits++; return base.commit(change); } };
    const held = scripted(counted, [await claim()]);
    await createProfileEngine({ schema, store: held.store }).refresh();
    expect(held.completed).toStrictEqual([{ links: [], counts: { decided: 2, skipped: 0, unchanged: 2, merged: 0, split: 0, moved: 0 } }]);
    expect(commits).toBe(0);
    // Links only through a record outside the unit join nothing, whatever the threshold.
    const around = scripted(base, [{ ...(await claim()) as object, units: [{ records: [A, B], links: [[A, "crm:o3"], [B, "crm:o3"]] }] }]);
    await createProfileEngine({ schema: withThreshold(0.01), store: around.store }).refresh();
    expect(around.completed).toStrictEqual([{ links: [], counts: { decided: 2, skipped: 0, unchanged: 2, merged: 0, split: 0, moved: 0 } }]);
    const joined = scripted(base, [await claim()]);
    await createProfileEngine({ schema: withThreshold(probability * (1 - 1e-9)), store: joined.store }).refresh();
    expect(joined.completed).toStrictEqual([{ links: [], counts: { decided: 2, skipped: 0, unchanged: 0, merged: 1, split: 0, moved: 0 } }]);
    const engine = createProfileEngine({ schema, store: base });
    expect((await engine.profileOf(A))?.id).toBe((await engine.profileOf(B))?.id);
    expect((await engine.profileOf("crm:o3"))?.recordKeys).toStrictEqual(["crm:o3"]);
    // The audit log says the refresh did it.
    const log = await engine.audit((await engine.profileOf(A))?.id as string);
    expect(log.events.find((e) => e.type === "merged")).toMatchObject({ cause: "refresh", by: "engine" });
  });

  it("re-clusters a unit of two stored profiles as its links say: a pair across them joins, the records without a link go alone", async () => {
    const { base } = await loaded();
    const engine = createProfileEngine({ schema, store: base });
    // Two profiles of two records each, joined by their emails: Ann's, and another Anne's.
    await engine.ingest({ id: "x1", source: "web", updatedAt: "2025-01-06T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" });
    await engine.ingest({ id: "s2", source: "shop", updatedAt: "2025-01-06T00:00:00Z", firstName: "Anne", lastName: "Lee", email: "anne.lee@yahoo.com" });
    await engine.ingest({ id: "t2", source: "web", updatedAt: "2025-01-07T00:00:00Z", firstName: "Anne", lastName: "Lee", email: "anne.lee@yahoo.com" });
    const [pA, pS] = [await profileDoc(base, A), await profileDoc(base, "shop:s2")];
    expect([pA.recordKeys, pS.recordKeys]).toStrictEqual([[A, "web:x1"], ["shop:s2", "web:t2"]]);
    // The unit's one link joins Ann to the first Anne record: a cluster as large as Ann's profile, not it.
    const keys = [A, "web:x1", "shop:s2", "web:t2"];
    const claim = { kind: "units", task, units: [{ records: keys, links: [[A, "shop:s2"]] }], records: await Promise.all(keys.map(async (key) => matchDoc(base, key))), profiles: [pA, pS] };
    const { store, completed } = scripted(base, [claim]);
    await createProfileEngine({ schema: withThreshold(0.001), store }).refresh();
    expect(completed).toStrictEqual([{ links: [], counts: { decided: 4, skipped: 0, unchanged: 0, merged: 1, split: 2, moved: 1 } }]);
    const profiles = await Promise.all(keys.map(async (key) => (await engine.profileOf(key))?.recordKeys));
    expect(profiles).toStrictEqual([[A, "shop:s2"], ["web:x1"], [A, "shop:s2"], ["web:t2"]]);
  });

  it("keeps a unit's assertions: a must-link holds two records together without a link, a cannot-link apart despite one", async () => {
    const { base } = await loaded();
    const engine = createProfileEngine({ schema, store: base });
    const claim = async (links: readonly (readonly [string, string])[]): Promise<unknown> => {
      const profiles = [await profileDoc(base, A), await profileDoc(base, B)];
      return { kind: "units", task, units: [{ records: [A, B], links }], records: [await matchDoc(base, A), await matchDoc(base, B)], profiles: profiles[0]?.key === profiles[1]?.key ? [profiles[0]] : profiles };
    };
    await engine.assert(A, B, true);
    const must = scripted(base, [await claim([])]);
    await createProfileEngine({ schema, store: must.store }).refresh();
    expect(must.completed).toStrictEqual([{ links: [], counts: { decided: 2, skipped: 0, unchanged: 1, merged: 0, split: 0, moved: 0 } }]);
    expect((await engine.profileOf(A))?.recordKeys).toStrictEqual([B, A]);
    await engine.assert(A, B, false);
    const cannot = scripted(base, [await claim([[A, B]])]);
    await createProfileEngine({ schema: withThreshold(0.001), store: cannot.store }).refresh();
    expect(cannot.completed).toStrictEqual([{ links: [], counts: { decided: 2, skipped: 0, unchanged: 2, merged: 0, split: 0, moved: 0 } }]);
    expect((await engine.profileOf(A))?.recordKeys).toStrictEqual([A]);
  });

  it("reads again a profile that changed after the claim (it gained a record) and leaves the unit to the next refresh", async () => {
    const { base, probability } = await loaded();
    const claim = { kind: "units", task, units: [{ records: [A, B], links: [[A, B]] }], records: [await matchDoc(base, A), await matchDoc(base, B)], profiles: [await profileDoc(base, A), await profileDoc(base, B)] };
    // After the claim, a record with Ann's email joins her profile: its version moves, her records' do not.
    const joiner = await createProfileEngine({ schema, store: base }).ingest({ id: "x1", source: "web", updatedAt: "2025-01-06T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" });
    expect(joiner.outcome).toBe("joined");
    expect((await matchDoc(base, A)).version).toBe((claim.records[0] as { version: number }).version);
    // (The joiner moved the store's counts too: a threshold well below the pair's probability still links it.)
    const { store, completed } = scripted(base, [claim]);
    await createProfileEngine({ schema: withThreshold(probability / 2), store }).refresh();
    expect(completed).toStrictEqual([{ links: [], counts: { decided: 0, skipped: 2, unchanged: 0, merged: 0, split: 0, moved: 0 } }]);
    const engine = createProfileEngine({ schema, store: base });
    expect((await engine.profileOf(A))?.recordKeys).toStrictEqual([A, "web:x1"]);
  });
});
