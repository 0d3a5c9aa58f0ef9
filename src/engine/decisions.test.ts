import { describe, expect, it } from "vitest";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ProfileStore } from "./store.js";
import { ann, annWeb, bob, ticking, storeWith } from "../../test/support/engine.js";

// What assert, erase and override accept as who decided and why, what they refuse, and what they do when every
// attempt meets another writer.

const schema = defineSchema({});

async function refusal(promise: Promise<unknown>): Promise<[string | undefined, string | undefined]> {
  const error = await promise.then(() => null, (e: unknown) => e);
  return [(error as { code?: string } | null)?.code, (error as Error | null)?.message];
}

async function loaded(store?: ProfileStore): Promise<ReturnType<typeof createProfileEngine>> {
  const engine = createProfileEngine({ schema, now: ticking(), ...(store === undefined ? {} : { store }) });
  await engine.ingestMany([ann, annWeb, bob]);
  return engine;
}

describe("who decided and why (assert's and erase's options)", () => {
  const cases = (operation: string): [unknown, string][] => [
    [null, `profile engine: ${operation}'s options are { by, note }.`],
    ["reviewer", `profile engine: ${operation}'s options are { by, note }.`],
    [{ get by(): string { throw new Error("no"); } }, `profile engine: ${operation}'s options could not be read (a getter or Proxy threw).`],
    [new Proxy({}, { ownKeys: () => { throw new Error("no"); } }), `profile engine: ${operation}'s options could not be read (a getter or Proxy threw).`],
    [{ by: "x", who: "y" }, `profile engine: ${operation}'s option "who" is unknown (by, note).`],
    [{ by: "" }, `profile engine: ${operation}'s by names who decided (1 to 200 characters).`],
    [{ by: "x".repeat(201) }, `profile engine: ${operation}'s by names who decided (1 to 200 characters).`],
    [{ by: 7 }, `profile engine: ${operation}'s by names who decided (1 to 200 characters).`],
    [{ note: "x".repeat(2001) }, `profile engine: ${operation}'s note is text of at most 2,000 characters.`],
    [{ note: 7 }, `profile engine: ${operation}'s note is text of at most 2,000 characters.`],
  ];

  it("assert refuses each malformed option with invalid_options, saying what it takes", async () => {
    const engine = await loaded();
    for (const [options, message] of cases("assert")) expect(await refusal(engine.assert("crm:1", "crm:2", false, options as never))).toStrictEqual(["invalid_options", message]);
  });

  it("erase refuses them the same way, before anything is erased", async () => {
    const engine = await loaded();
    const id = (await engine.profileOf("crm:1"))?.id as string;
    for (const [options, message] of cases("erase")) expect(await refusal(engine.erase(id, options as never))).toStrictEqual(["invalid_options", message]);
    expect((await engine.profileOf("crm:1"))?.id).toBe(id);
  });

  it("override refuses them the same way, before anything is changed", async () => {
    const engine = await loaded();
    const id = (await engine.profileOf("crm:1"))?.id as string;
    for (const [options, message] of cases("override")) expect(await refusal(engine.override(id, "city", "Oakland", options as never))).toStrictEqual(["invalid_options", message]);
    expect((await engine.getProfile(id))?.attributes["city"]).toBe("San Francisco");
  });

  it("takes the longest by and note, and logs them", async () => {
    const engine = await loaded();
    const by = "r".repeat(200);
    const note = "n".repeat(2000);
    await engine.assert("crm:1", "crm:2", false, { by, note });
    const id = (await engine.profileOf("crm:1"))?.id as string;
    expect((await engine.audit(id)).events.at(-1)).toMatchObject({ type: "asserted", by, why: { note } });
    // A note without by: "unknown".
    await engine.assert("web:w1", "crm:2", false, { note: "a note" });
    expect((await engine.audit(id)).events.at(-1)).toMatchObject({ type: "asserted", by: "unknown", why: { note: "a note" } });
    // No options: "unknown", without a note.
    await engine.assert("web:w1", "crm:2", false);
    const last = (await engine.audit(id)).events.at(-1);
    expect(last).toMatchObject({ type: "asserted", by: "unknown" });
    expect(last?.why).not.toHaveProperty("note");
  });
});

describe("assert's refusals", () => {
  it("refuses a match that is not true or false, a record against itself, and a record not in the store", async () => {
    const engine = await loaded();
    for (const match of [1, "false", null, undefined]) {
      expect(await refusal(engine.assert("crm:1", "crm:2", match as never))).toStrictEqual(["invalid_options", "profile engine: assert(a, b, match) takes match true (same person) or false (different people)."]);
    }
    expect(await refusal(engine.assert("crm:1", { source: "crm", id: 1 }, false))).toStrictEqual(["invalid_options", "profile engine: a record cannot be asserted against itself."]);
    expect(await refusal(engine.assert("crm:1", "crm:9", false))).toStrictEqual(["invalid_options", 'profile engine: no record "crm:9" in the store.']);
    expect(await refusal(engine.assert("crm:9", "crm:1", false))).toStrictEqual(["invalid_options", 'profile engine: no record "crm:9" in the store.']);
  });
});

describe("what assert stores", () => {
  it("the decision on both records, also when no profile changes; a reversal replaces it, and a repeat adds nothing", async () => {
    const inner = memoryStore();
    const engine = await loaded(inner);
    const lists = async (): Promise<unknown[]> => (await inner.get("record", ["crm:1", "crm:2"])).map((doc) => {
      const { cannot, must } = doc?.value as { cannot: string[]; must: string[] };
      return { cannot, must };
    });
    const together = async (): Promise<boolean> => (await engine.profileOf("crm:1"))?.id === (await engine.profileOf("crm:2"))?.id;
    expect(await lists()).toStrictEqual([{ cannot: [], must: [] }, { cannot: [], must: [] }]);
    // Ann and Bob are apart already: no profile changes, yet both records now carry the decision.
    await engine.assert("crm:1", "crm:2", false);
    expect(await lists()).toStrictEqual([{ cannot: ["crm:2"], must: [] }, { cannot: ["crm:1"], must: [] }]);
    expect(await together()).toBe(false);
    await engine.assert("crm:1", "crm:2", true);
    expect(await lists()).toStrictEqual([{ cannot: [], must: ["crm:2"] }, { cannot: [], must: ["crm:1"] }]);
    expect(await together()).toBe(true);
    await engine.assert("crm:2", "crm:1", true);
    expect(await lists()).toStrictEqual([{ cannot: [], must: ["crm:2"] }, { cannot: [], must: ["crm:1"] }]);
    await engine.assert("crm:1", "crm:2", false);
    await engine.assert("crm:1", "crm:2", false);
    expect(await lists()).toStrictEqual([{ cannot: ["crm:2"], must: [] }, { cannot: ["crm:1"], must: [] }]);
    expect(await together()).toBe(false);
    // Ann's web record, untouched by the decisions, stays with her.
    expect((await engine.profileOf("web:w1"))?.id).toBe((await engine.profileOf("crm:1"))?.id);
  });
});

describe("every attempt meeting another writer", () => {
  /** A memory store holding Ann's and Bob's records whose commits are all refused from now on. */
  async function contended(): Promise<{ engine: ReturnType<typeof createProfileEngine>; inner: ProfileStore; refused: () => number }> {
    const inner = memoryStore();
    await loaded(inner);
    let refuse = false;
    let refusals = 0;
    const store: ProfileStore = storeWith(inner, {
      commit: (changes) => (refuse ? (refusals++, { ok: false, conflicts: ["record:x"] }) : inner.commit(changes)),
    });
    const engine = createProfileEngine({ schema, store, maxAttempts: 2, now: ticking() });
    refuse = true;
    return { engine, inner, refused: () => refusals };
  }

  it("assert gives up with store_conflict, nothing written", async () => {
    const { engine, inner, refused } = await contended();
    const before = await inner.scan("record", null, 10);
    expect(await refusal(engine.assert("crm:1", "web:w1", false))).toStrictEqual(["store_conflict", "profile engine: 2 attempts to assert all met concurrent changes; nothing was written."]);
    // maxAttempts 2: two commits tried, no third.
    expect(refused()).toBe(2);
    expect(await inner.scan("record", null, 10)).toStrictEqual(before);
  });

  it("erase gives up with store_conflict, nothing erased", async () => {
    const { engine, inner, refused } = await contended();
    const id = (await engine.profileOf("crm:1"))?.id as string;
    expect(await refusal(engine.erase(id))).toStrictEqual(["store_conflict", `profile engine: 2 attempts to erase ${JSON.stringify(id)} all met concurrent changes; nothing was written.`]);
    expect(refused()).toBe(2);
    expect((await inner.scan("record", null, 10)).map((doc) => doc.key)).toStrictEqual(["crm:1", "crm:2", "web:w1"]);
  });

  it("override gives up with store_conflict after exactly maxAttempts commits, nothing written", async () => {
    const { engine, inner, refused } = await contended();
    const id = (await engine.profileOf("crm:1"))?.id as string;
    const before = await inner.get("profile", [id]);
    expect(await refusal(engine.override(id, "city", "Oakland", { by: "agent:1" }))).toStrictEqual(["store_conflict", `profile engine: 2 attempts to override "city" of ${JSON.stringify(id)} all met concurrent changes; nothing was written.`]);
    expect(refused()).toBe(2);
    expect(await inner.get("profile", [id])).toStrictEqual(before);
  });

  it("ingestMany with checks: records written, but a batch record every attempt of which is refused is store_conflict, saying so", async () => {
    const inner = memoryStore();
    let refusals = 0;
    const store: ProfileStore = storeWith(inner, {
      commit: (changes) => (changes.put.some((p) => p.kind === "batch") ? (refusals++, { ok: false, conflicts: ["batch:x"] }) : inner.commit(changes)),
    });
    const engine = createProfileEngine({ schema, store, maxAttempts: 2, now: ticking() });
    expect(await refusal(engine.ingestMany([ann, bob], { checks: { expectations: [{ kind: "volume", min: 1 }] } }))).toStrictEqual(["store_conflict", "profile engine: 2 attempts to store a batch record met conflicts; the records were written (status passed), the batch record was not."]);
    expect(refusals).toBe(2);
    expect((await inner.scan("record", null, 10)).map((doc) => doc.key)).toStrictEqual(["crm:1", "crm:2"]);
    expect(await inner.scan("batch", null, 10)).toStrictEqual([]);
  });
});
