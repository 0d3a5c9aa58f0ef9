import { describe, expect, it } from "vitest";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { DocumentKind } from "./store.js";
import { ann, annWeb, bob, ticking } from "../../test/support/engine.js";

// A new profile's id comes from its oldest record's key, and is never one in use: not a profile's, not an
// alias's (a merged profile's old id), not a history's (an erased profile's tombstone).

const schema = defineSchema({});

async function idWith(taken: readonly (readonly [DocumentKind, string])[]): Promise<string> {
  const store = memoryStore();
  if (taken.length > 0) await store.commit({ expect: [], put: taken.map(([kind, key]) => ({ kind, key, value: { placeholder: true } })), delete: [], index: [], increment: [] });
  const engine = createProfileEngine({ schema, store, now: ticking() });
  return (await engine.ingest(ann)).profileId as string;
}

describe("a new profile's id", () => {
  it("is the same for the same oldest record, and skips an id held by a profile, an alias or a history", async () => {
    const first = await idWith([]);
    expect(first).toMatch(/^p_[0-9a-z]+$/);
    expect(await idWith([])).toBe(first);
    const next: string[] = [];
    for (const kind of ["profile", "alias", "history"] as const) next.push(await idWith([[kind, first]]));
    // The next id in the sequence, the same whichever kind of document held the first.
    expect(new Set(next).size).toBe(1);
    const second = next[0] as string;
    expect(second).not.toBe(first);
    expect(second).toMatch(/^p_[0-9a-z]+$/);
    // Both held (by documents of different kinds): the third.
    const third = await idWith([["alias", first], ["history", second]]);
    expect([first, second]).not.toContain(third);
    expect(await idWith([["profile", first], ["profile", second]])).toBe(third);
    // A document of another kind under that key is no profile id in use.
    expect(await idWith([["record", first], ["batch", first]])).toBe(first);
  });

  it("in a batch, only the profile whose id is taken moves on; the others keep their own", async () => {
    const annAlone = await idWith([]);
    const bobAlone = (await createProfileEngine({ schema, now: ticking() }).ingest(bob)).profileId as string;
    const store = memoryStore();
    await store.commit({ expect: [], put: [{ kind: "profile", key: annAlone, value: { placeholder: true } }], delete: [], index: [], increment: [] });
    const engine = createProfileEngine({ schema, store, now: ticking() });
    await engine.ingestMany([ann, bob]);
    const annNow = (await engine.profileOf("crm:1"))?.id;
    expect(annNow).not.toBe(annAlone);
    expect(annNow).toBe(await idWith([["profile", annAlone]]));
    expect((await engine.profileOf("crm:2"))?.id).toBe(bobAlone);
  });
});

describe("the oldest record decides", () => {
  it("a split keeps the id with the part holding the record seen first, though its key sorts after the other's", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const id = (await engine.ingest(annWeb)).profileId as string;
    expect(await engine.ingest(ann)).toMatchObject({ outcome: "joined", profileId: id });
    await engine.assert("crm:1", "web:w1", false);
    expect((await engine.profileOf("web:w1"))?.id).toBe(id);
    expect((await engine.profileOf("crm:1"))?.id).not.toBe(id);
  });

  it("records first seen at the same instant: the smaller key names the new profile", async () => {
    const at = (): number => Date.parse("2025-03-01T00:00:00Z");
    const alone = async (record: object): Promise<string> => (await createProfileEngine({ schema, now: at }).ingest(record)).profileId as string;
    const both = createProfileEngine({ schema, now: at });
    await both.ingestMany([annWeb, ann]);
    // crm:1 sorts before web:w1.
    expect((await both.profileOf("web:w1"))?.id).toBe(await alone(ann));
    expect(await alone(ann)).not.toBe(await alone(annWeb));
  });
});
