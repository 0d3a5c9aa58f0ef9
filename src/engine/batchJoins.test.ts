import { describe, expect, it } from "vitest";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";

// A batch (ingestMany) resolves its new records among the stored profiles they may join. A stored profile
// stands as it is: a new record that matches one of its records joins all of it, and the profile's
// records count against the guards as one side (the identifier limits see every email the profile has).

const schema = defineSchema({});
// Other people first, so that values are weighed as in a real store (two records alone make every shared name common).
const crowd = [...generateCustomerRecords({ entities: 150, seed: 5 })].map((g) => g.record);

/** An engine holding the crowd and `first` and `second` as one profile (asserted: the test is not about their link). */
async function engineWith(a: Record<string, unknown>, b: Record<string, unknown>, limits: { email: number } | null = null): Promise<ReturnType<typeof createProfileEngine>> {
  const engine = createProfileEngine({ schema: limits === null ? schema : defineSchema({ identity: { identifierLimits: limits } }), store: memoryStore() });
  await engine.ingestMany([...crowd, a, b]);
  await engine.assert(`${String(a["source"])}:${String(a["id"])}`, `${String(b["source"])}:${String(b["id"])}`, true);
  return engine;
}

// Two records of one person joined by their phone and name; only the first has the email.
const first = { id: "a1", source: "crm", updatedAt: "2024-01-01T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", phone: "+1 415 867 2211", dateOfBirth: "1990-04-02" };
const second = { id: "a2", source: "shop", updatedAt: "2024-02-01T00:00:00Z", firstName: "Ann", lastName: "Lee", phone: "+1 415 867 2211", city: "Oslo", dateOfBirth: "1990-04-02" };
// New: the email of the first; with the second only the name, another phone and another city.
const later = { id: "w1", source: "web", updatedAt: "2025-01-01T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", phone: "+1 212 555 0199", city: "Lima" };
const unrelated = { id: "w2", source: "web", updatedAt: "2025-01-01T00:00:00Z", firstName: "Zed", lastName: "Ochoa", email: "zed.ochoa@proton.me" };

describe("a batch meeting a stored profile", () => {
  it("joins the whole profile when it matches one of its records, splitting nothing", async () => {
    const engine = await engineWith(first, second);
    const before = await engine.profileOf("crm:a1");
    expect(before?.recordKeys).toEqual(["crm:a1", "shop:a2"]);
    const result = await engine.ingestMany([later, unrelated]);
    expect(result.outcomes).toMatchObject({ joined: 1, created: 1 });
    const after = await engine.profileOf("web:w1");
    expect(after?.id).toBe(before?.id);
    expect(after?.recordKeys).toEqual(["crm:a1", "shop:a2", "web:w1"]);
    expect((await engine.profileOf("shop:a2"))?.id).toBe(before?.id);
    expect((await engine.history(before?.id as string))?.lineage.some((event) => event.type === "split")).toBe(false);
    // The new record and the profile's second record alone would not link: the profile stood as one.
    expect((await engine.explain("shop:a2", "web:w1")).linked).toBe(false);
    expect((await engine.explain("crm:a1", "web:w1")).linked).toBe(true);
  });

  it("counts every email of the stored profile against the email limit", async () => {
    // One person, two emails.
    const one = { ...first, email: "ann.one@fastmail.com" };
    const two = { ...second, email: "ann.two@fastmail.com" };
    const engine = await engineWith(one, two, { email: 2 });
    const profile = await engine.profileOf("crm:a1");
    expect(profile?.recordKeys).toEqual(["crm:a1", "shop:a2"]);
    // A third email on a record that matches the first by phone: the profile would hold three.
    const third = { id: "w3", source: "web", updatedAt: "2025-01-01T00:00:00Z", firstName: "Ann", lastName: "Lee", phone: "+1 415 867 2211", email: "ann.three@fastmail.com" };
    const result = await engine.ingestMany([third, unrelated]);
    expect(result.outcomes).toMatchObject({ created: 2 });
    expect((await engine.profileOf("web:w3"))?.recordKeys).toEqual(["web:w3"]);
    expect((await engine.profileOf("crm:a1"))?.recordKeys).toEqual(["crm:a1", "shop:a2"]);
  });
});

describe("assertions among the stored records a new record meets", () => {
  it("a batch keeps apart stored records asserted not to match, even when a new record matches both", async () => {
    const engine = await engineWith(first, second);
    await engine.assert("crm:a1", "shop:a2", false);
    const a = (await engine.profileOf("crm:a1"))?.id;
    const b = (await engine.profileOf("shop:a2"))?.id;
    expect(a).not.toBe(b);
    // The same email as the first, the phone of both, the second's city and birth date.
    const both = { id: "w4", source: "web", updatedAt: "2025-01-01T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", phone: "+1 415 867 2211", city: "Oslo", dateOfBirth: "1990-04-02" };
    // explain says the assertion decided the pair, whatever the weights say.
    expect(await engine.explain("crm:a1", "shop:a2")).toMatchObject({ decidedBy: { kind: "assertion" }, linked: false });
    expect(await engine.explain("shop:a2", "crm:a1")).toMatchObject({ decidedBy: { kind: "assertion" }, linked: false });
    await engine.ingestMany([both, unrelated]);
    expect((await engine.profileOf("crm:a1"))?.id).not.toBe((await engine.profileOf("shop:a2"))?.id);
    expect([(await engine.profileOf("crm:a1"))?.id, (await engine.profileOf("shop:a2"))?.id]).toContain((await engine.profileOf("web:w4"))?.id);
  });

  it("one new record keeps together stored records asserted to match, even when it matches only one of them", async () => {
    const engine = createProfileEngine({ schema, store: memoryStore() });
    await engine.ingestMany(crowd);
    // Two records that would not link by themselves, joined by an assertion.
    await engine.ingest(first);
    await engine.ingest({ id: "b1", source: "shop", updatedAt: "2024-03-01T00:00:00Z", firstName: "Bea", lastName: "Kim", email: "bea.kim@proton.me" });
    await engine.assert("crm:a1", "shop:b1", true);
    const id = (await engine.profileOf("crm:a1"))?.id;
    expect((await engine.profileOf("shop:b1"))?.id).toBe(id);
    const asserted = await engine.explain("shop:b1", "crm:a1");
    expect(asserted).toMatchObject({ decidedBy: { kind: "assertion" }, linked: true });
    expect(asserted.probability).toBeLessThan(0.5); // the model's weights, still shown
    const result = await engine.ingest(later);
    expect(result).toMatchObject({ outcome: "joined", profileId: id });
    expect((await engine.profileOf("shop:b1"))?.recordKeys).toEqual(["crm:a1", "shop:b1", "web:w1"]);
    // An update of the first re-weighs its profile's links: the assertion still holds the second in it.
    const update = await engine.ingest({ ...first, updatedAt: "2025-06-01T00:00:00Z", city: "Bergen" });
    expect(update).toMatchObject({ outcome: "updated", profileId: id });
    expect((await engine.profileOf("shop:b1"))?.recordKeys).toEqual(["crm:a1", "shop:b1", "web:w1"]);
  });
});
