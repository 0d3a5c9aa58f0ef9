import { describe, expect, it } from "vitest";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ProfileStore } from "./store.js";
import type { LineageEvent } from "./_docs.js";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";

const schema = defineSchema({});
const T0 = Date.parse("2025-03-01T00:00:00Z");
function ticking(): () => number {
  let t = T0;
  return () => (t += 1000);
}

const ann = { id: "1", source: "crm", updatedAt: "2025-01-01T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", phone: "+1 415 867 2211" };
const annWeb = { id: "w1", source: "web", updatedAt: "2025-01-02T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" };
const annShop = { id: "s1", source: "shop", updatedAt: "2025-01-03T00:00:00Z", firstName: "Ann", lastName: "Lee", phone: "+1 415 867 2211" };
// Same name and city, nothing else: the model is unsure.
const annMaybe = { id: "m1", source: "events", updatedAt: "2025-01-04T00:00:00Z", firstName: "Ann", lastName: "Lee", city: "Oakland", postalCode: "94607", dateOfBirth: "1985-04-12" };
const annMaybe2 = { id: "m2", source: "crm", updatedAt: "2025-01-05T00:00:00Z", firstName: "Anne", lastName: "Lee", city: "Oakland", postalCode: "94607" };

describe("audit log", () => {
  it("records a profile's creation: when, by what", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest(ann);
    const b = await engine.ingest(annWeb);
    expect(b).toMatchObject({ profileId: a.profileId, outcome: "joined" });
    const log = await engine.audit(a.profileId as string);
    expect(log.profileId).toBe(a.profileId);
    // A record joining a profile changes no profile's standing: only the creation is an audit event.
    expect(log.events.map((e) => e.type)).toEqual(["created"]);
    expect(log.events[0]).toMatchObject({ cause: "ingest", by: "engine", recordKey: "crm:1" });
  });

  it("a merge of two profiles names the strongest link between them; the absorbed id's log is followed", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest({ ...ann, email: undefined, customerId: "C-1001" });
    const w = await engine.ingest(annWeb);
    // The bridge: shares the customer id with one, the email with the other.
    const bridge = await engine.ingest({ id: "b1", source: "shop", updatedAt: "2025-01-06T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", customerId: "C-1001" });
    if (a.profileId === w.profileId) return expect.unreachable("the two profiles should start apart");
    expect(bridge.outcome).toBe("merged");
    const log = await engine.audit(bridge.profileId as string);
    const merged = log.events.find((e) => e.type === "merged" && e.profileId === bridge.profileId);
    expect(merged).toMatchObject({ cause: "ingest", by: "engine", why: { kind: "link" } });
    expect(["rule:email", "rule:customerId"]).toContain((merged?.why as { decidedBy: string }).decidedBy);
    const why = merged?.why as { a: string; b: string; probability: number };
    expect([why.a, why.b]).toContain("shop:b1");
    expect(why.probability).toBeGreaterThan(0.9);
    // Asked by the absorbed id, the log is the surviving profile's, with the absorbed one's events in it.
    const absorbed = (merged?.from ?? [])[0] as string;
    const byAlias = await engine.audit(absorbed);
    expect(byAlias.profileId).toBe(bridge.profileId);
    expect(byAlias.events.some((e) => e.profileId === absorbed && e.type === "merged" && e.into?.[0] === bridge.profileId)).toBe(true);
    expect(byAlias.events.map((e) => e.at)).toEqual([...byAlias.events.map((e) => e.at)].sort((x, y) => x - y));
  });

  it("a merge keeps the older profile's id whichever id sorts first; profiles created at the same instant keep the smaller id", async () => {
    const kept: boolean[] = [];
    const tied: boolean[] = [];
    for (let k = 0; k < 12; k++) {
      const first = { ...ann, id: `a${k}`, email: undefined, customerId: `C-${k}` };
      const second = { ...annWeb, id: `w${k}` };
      const bridge = { id: `b${k}`, source: "shop", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", customerId: `C-${k}` };
      // A clock that moves: the first profile is the older.
      const moving = createProfileEngine({ schema, now: ticking() });
      const older = (await moving.ingest(first)).profileId as string;
      const newer = (await moving.ingest(second)).profileId as string;
      const merged = await moving.ingest(bridge);
      expect(merged).toMatchObject({ outcome: "merged", profileId: older, mergedFrom: [newer] });
      kept.push(older > newer);
      // A clock that stands still: the smaller id is kept.
      const still = createProfileEngine({ schema, now: () => Date.parse("2025-03-01T00:00:00Z") });
      const x = (await still.ingest(first)).profileId as string;
      const y = (await still.ingest(second)).profileId as string;
      expect((await still.ingest(bridge)).profileId).toBe(x < y ? x : y);
      tied.push(x < y);
    }
    // Both orders of the ids were met.
    expect(new Set(kept)).toStrictEqual(new Set([true, false]));
    expect(new Set(tied)).toStrictEqual(new Set([true, false]));
  });

  it("an assertion is logged with who decided and the note, also when it changes nothing; a split names it as the reason", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest(ann);
    await engine.ingest(annWeb);
    const bob = await engine.ingest({ id: "2", source: "crm", firstName: "Bob", lastName: "Stone", email: "bob@stone.example" });
    // Nothing changes: already apart.
    await engine.assert("crm:1", "crm:2", false, { by: "reviewer:maria", note: "different people" });
    expect((await engine.audit(bob.profileId as string)).events.at(-1)).toMatchObject({ type: "asserted", cause: "assert", by: "reviewer:maria", why: { kind: "assertion", a: "crm:1", b: "crm:2", match: false, note: "different people" } });
    // A split.
    const { profileIds } = await engine.assert("crm:1", "web:w1", false, { by: "reviewer:maria" });
    expect(profileIds).toHaveLength(2);
    const log = await engine.audit(a.profileId as string);
    const split = log.events.find((e) => e.type === "split");
    expect(split).toMatchObject({ cause: "assert", by: "reviewer:maria", why: { kind: "assertion", a: "crm:1", b: "web:w1", match: false } });
    expect(log.events.filter((e) => e.type === "split")).toHaveLength(1);
    // Joined again by a person: the merge names the assertion as its reason.
    const joined = await engine.assert("crm:1", "web:w1", true, { by: "reviewer:li" });
    expect(joined.profileIds).toHaveLength(1);
    const merged = (await engine.audit(joined.profileIds[0] as string)).events.find((e) => e.type === "merged");
    expect(merged).toMatchObject({ cause: "assert", by: "reviewer:li", why: { kind: "assertion", a: "crm:1", b: "web:w1", match: true } });
    await expect(engine.assert("crm:1", "web:w1", true, { by: "" })).rejects.toThrow(/by names who decided/);
    await expect(engine.assert("crm:1", "web:w1", true, { who: "x" } as never)).rejects.toThrow(/unknown/);
  });

  it("an assertion that changes no profile still guards the histories it appends to: a history written meanwhile is not lost", async () => {
    const inner = memoryStore();
    let meanwhile: (() => Promise<unknown>) | null = null;
    const racing: ProfileStore = { get: (kind, keys) => inner.get(kind, keys), members: (keys, limit) => inner.members(keys, limit), counters: (keys) => inner.counters(keys), scan: (kind, after, limit) => inner.scan(kind, after, limit), commit: async (changes) => {
      const run = meanwhile;
      meanwhile = null;
      if (run !== null) await run();
      return inner.commit(changes);
    } };
    const engine = createProfileEngine({ schema, store: racing, now: ticking() });
    const other = createProfileEngine({ schema, store: inner, now: ticking() });
    const a = (await engine.ingest(ann)).profileId as string;
    await engine.ingest({ id: "2", source: "crm", firstName: "Bob", lastName: "Stone", email: "bob@stone.example" });
    // While the assertion commits, another writer adds Ann's birth date to her profile's history.
    meanwhile = () => other.ingest({ ...annWeb, dateOfBirth: "1985-04-12" });
    await engine.assert("crm:1", "crm:2", false, { by: "reviewer:maria" });
    const history = await engine.history(a);
    expect(history?.history?.entries.some((e) => e.attribute === "dateOfBirth")).toBe(true);
    expect(history?.lineage.map((e) => e.type)).toContain("asserted");
  });

  it("an erasure leaves no history and no record key, only the erasure in the audit log", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest(ann);
    await engine.ingest(annWeb);
    await engine.erase(a.profileId as string, { by: "dsar:4711", note: "GDPR art. 17 request" });
    expect(await engine.history(a.profileId as string)).toBeNull();
    const log = await engine.audit(a.profileId as string);
    expect(log.events).toEqual([{ type: "erased", at: expect.any(Number) as number, profileId: a.profileId, cause: "erase", by: "dsar:4711", why: { kind: "erasure", records: 2, note: "GDPR art. 17 request" } }]);
    expect(JSON.stringify(log)).not.toMatch(/crm:1|web:w1|fastmail/);
    expect(await engine.audit("p_never_seen")).toEqual({ profileId: "p_never_seen", events: [] });
    // Asked by the id of a profile merged into the erased one, the audit still answers.
    const engine2 = createProfileEngine({ schema, now: ticking() });
    const x = await engine2.ingest({ ...ann, email: undefined, customerId: "C-1001" });
    const y = await engine2.ingest(annWeb);
    const bridge = await engine2.ingest({ id: "b1", source: "shop", updatedAt: "2025-01-06T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", customerId: "C-1001" });
    const absorbed = [x.profileId, y.profileId].find((id) => id !== bridge.profileId) as string;
    await engine2.erase(bridge.profileId as string, { by: "dsar:1" });
    expect((await engine2.audit(absorbed)).events.map((e) => [e.type, e.by])).toEqual([["erased", "dsar:1"]]);
    // Without a note, the erasure's reason has none (not a note that is undefined).
    expect((await engine2.audit(bridge.profileId as string)).events.map((e) => e.why)).toStrictEqual([{ kind: "erasure", records: 3 }]);
  });

  it("refuses a profile id that is not a non-empty string, and an erasure record that is not one", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    for (const id of ["", 7, null]) {
      const error = await engine.audit(id as string).then(() => null, (e: unknown) => e);
      expect([(error as { code?: string } | null)?.code, (error as Error | null)?.message]).toStrictEqual(["invalid_options", "audit: a profile id is a non-empty string."]);
    }
    for (const value of [null, "erased", { type: "merged", at: 1 }, { type: "erased", at: "2025-01-01" }, { type: "erased" }]) {
      const store = memoryStore();
      await store.commit({ expect: [], put: [{ kind: "erasure", key: "profile:p_gone", value }], delete: [], index: [], increment: [] });
      const error = await createProfileEngine({ schema, store }).audit("p_gone").then(() => null, (e: unknown) => e);
      expect([(error as { code?: string } | null)?.code, (error as Error | null)?.message]).toStrictEqual(["store_failure", 'profile engine: the store\'s erasure record of "p_gone" is not one.']);
    }
  });

  it("refresh merges and splits are logged as the engine's, a merge with the link that joined it", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    // One at a time, records arrive before the evidence that joins them; refresh weighs them all again.
    for (const { record } of generateCustomerRecords({ entities: 150, seed: 3 })) await engine.ingest(record);
    const result = await engine.refresh();
    expect(result.merged + result.split).toBeGreaterThan(0);
    const events: LineageEvent[] = [];
    for await (const profile of engine.profiles()) events.push(...(await engine.audit(profile.id)).events.filter((e) => e.cause === "refresh"));
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.by).toBe("engine");
    const merges = events.filter((e) => e.type === "merged" && e.from !== undefined);
    expect(merges.length > 0).toBe(result.merged > 0);
    for (const e of merges) expect(e.why).toMatchObject({ kind: "link", probability: expect.any(Number) as number });
    for (const e of events.filter((x) => x.type === "split")) expect(e.why).toEqual({ kind: "reclustered" });
  });
});

describe("history after splits and moves", () => {
  it("a split withdraws the other person's values from the history at every later valid time", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    await engine.ingestMany([
      { id: "1", source: "crm", updatedAt: "2025-01-01T00:00:00Z", firstName: "Sam", lastName: "Ortiz", email: "sam.ortiz@fastmail.com", city: "Austin" },
      { id: "2", source: "web", updatedAt: "2025-02-01T00:00:00Z", firstName: "Sam", lastName: "Ortiz", email: "sam.ortiz@fastmail.com", city: "Dallas", phone: "+1 415 867 2211" },
    ]);
    const before = await engine.profileOf("crm:1");
    expect((await engine.profileAsOf(before?.id ?? "", { validAt: "2025-06-01T00:00:00Z" }))?.attributes).toMatchObject({ city: "Dallas", phone: "+14158672211" });
    await engine.assert("crm:1", "web:2", false);
    const samuel = await engine.profileOf("crm:1");
    const later = await engine.profileAsOf(samuel?.id ?? "", { validAt: "2025-06-01T00:00:00Z" });
    expect(later?.attributes["city"]).toBe("Austin");
    expect(later?.attributes["phone"]).toBeUndefined();
    // What was believed before the split is still there, by recorded time: the history is bitemporal.
    expect((await engine.profileAsOf(samuel?.id ?? "", { validAt: "2025-06-01T00:00:00Z", version: 1 }))?.version).toBeGreaterThan(0);
  });

  it("a record observed after the engine's clock enters the history, valid from the engine's now", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    // Stamped six months after the engine's clock (T0 = 2025-03-01): a source whose clock runs ahead.
    const ahead = await engine.ingest({ ...ann, updatedAt: "2025-09-01T00:00:00Z" });
    const id = ahead.profileId ?? "";
    const { history } = (await engine.history(id)) ?? { history: null };
    expect(history?.entries.map((e) => e.attribute).sort()).toEqual(["email", "firstName", "lastName", "phone"]);
    for (const entry of history?.entries ?? []) expect(entry.validAt).toBeLessThanOrEqual(entry.recordedAt);
    expect((await engine.profileAsOf(id))?.attributes).toMatchObject({ email: "ann.lee@fastmail.com", phone: "+14158672211" });
    // A later record, also ahead, changes the value: the history follows.
    await engine.ingest({ ...annShop, updatedAt: "2025-10-01T00:00:00Z", phone: "+1 415 867 9999" });
    const golden = await engine.getProfile(id);
    expect((await engine.profileAsOf(id))?.attributes["phone"]).toBe(golden?.attributes["phone"]);
  });

  it("invariant: after any ingests, refresh and assertions, each profile's latest history is its golden profile", async () => {
    // A clock in the middle of the generated records' times: some are observed after it.
    let t = Date.parse("2023-06-01T00:00:00Z");
    const engine = createProfileEngine({ schema, now: () => (t += 1000) });
    for (const { record } of generateCustomerRecords({ entities: 120, seed: 8 })) await engine.ingest(record);
    await engine.refresh();
    let asserted = 0;
    for await (const profile of engine.profiles()) {
      if (profile.recordKeys.length >= 2 && asserted++ < 5) await engine.assert(profile.recordKeys[0] as string, profile.recordKeys[1] as string, false);
    }
    let checked = 0;
    for await (const profile of engine.profiles()) {
      const latest = await engine.profileAsOf(profile.id);
      // A history does not keep an attribute without a value: the golden profile's nulls are absent there.
      expect(latest?.attributes, profile.id).toEqual(Object.fromEntries(Object.entries(profile.attributes).filter(([, v]) => v !== null)));
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe("overrides", () => {
  it("a hand-set value wins until removed, survives new records and refresh, and is audited without its value", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const { profileId } = await engine.ingest(ann);
    const id = profileId as string;
    const set = await engine.override(id, "firstName", "Annabel", { by: "agent:42", note: "customer called" });
    expect(set?.attributes["firstName"]).toBe("Annabel");
    await engine.ingest(annWeb);
    expect((await engine.getProfile(id))?.attributes["firstName"]).toBe("Annabel");
    await engine.refresh();
    expect((await engine.getProfile(id))?.attributes["firstName"]).toBe("Annabel");
    expect((await engine.getProfile(id))?.provenance["firstName"]).toMatchObject({ strategy: "override", overriddenBy: "agent:42" });
    // History has the change.
    expect((await engine.profileAsOf(id))?.attributes["firstName"]).toBe("Annabel");
    const events = (await engine.audit(id)).events.filter((e) => e.type === "overridden");
    expect(events).toEqual([{ type: "overridden", at: expect.any(Number) as number, profileId: id, cause: "override", by: "agent:42", why: { kind: "override", attribute: "firstName", removed: false, note: "customer called" } }]);
    expect(JSON.stringify(events)).not.toContain("Annabel");
    // Removed: the records decide again.
    expect((await engine.override(id, "firstName", undefined, { by: "agent:42" }))?.attributes["firstName"]).toBe("Ann");
    expect((await engine.audit(id)).events.at(-1)).toMatchObject({ type: "overridden", why: { attribute: "firstName", removed: true } });
  });

  it("keeps the profile's other overrides when one is set or removed, and stores none once the last is removed", async () => {
    const store = memoryStore();
    const engine = createProfileEngine({ schema, store, now: ticking() });
    const id = (await engine.ingest(ann)).profileId as string;
    await engine.override(id, "city", "Oakland", { by: "x" });
    expect((await engine.override(id, "lastName", "Lee-Park", { by: "y" }))?.attributes).toMatchObject({ city: "Oakland", lastName: "Lee-Park" });
    expect((await engine.override(id, "city", undefined, { by: "x" }))?.attributes).toMatchObject({ lastName: "Lee-Park" });
    expect((await engine.getProfile(id))?.attributes["city"]).toBeUndefined();
    const stored = async (): Promise<Record<string, unknown>> => (await store.get("profile", [id]))[0]?.value as Record<string, unknown>;
    expect(Object.keys((await stored())["overrides"] as object)).toStrictEqual(["lastName"]);
    await engine.override(id, "lastName", undefined);
    expect(await stored()).not.toHaveProperty("overrides");
    // Without a note, the audit's reason has none (not a note that is undefined).
    const events = (await engine.audit(id)).events.filter((e) => e.type === "overridden");
    expect(events.map((e) => e.why)).toStrictEqual([
      { kind: "override", attribute: "city", removed: false },
      { kind: "override", attribute: "lastName", removed: false },
      { kind: "override", attribute: "city", removed: true },
      { kind: "override", attribute: "lastName", removed: true },
    ]);
    expect(events.map((e) => e.by)).toStrictEqual(["x", "y", "x", "unknown"]);
  });

  it("in a merge the surviving profile's overrides win; both sides' others are kept", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const a = await engine.ingest({ ...ann, email: undefined, customerId: "C-1001" });
    const w = await engine.ingest(annWeb);
    await engine.override(a.profileId as string, "city", "Oakland", { by: "x" });
    await engine.override(w.profileId as string, "city", "Berkeley", { by: "y" });
    await engine.override(w.profileId as string, "lastName", "Lee-Park", { by: "y" });
    const bridge = await engine.ingest({ id: "b1", source: "shop", updatedAt: "2025-01-06T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", customerId: "C-1001" });
    expect(bridge.outcome).toBe("merged");
    const merged = await engine.getProfile(bridge.profileId as string);
    const keeper = bridge.profileId === a.profileId ? "Oakland" : "Berkeley";
    expect(merged?.attributes["city"]).toBe(keeper);
    expect(merged?.attributes["lastName"]).toBe("Lee-Park");
  });

  it("refuses bad input and answers null for an unknown profile", async () => {
    const engine = createProfileEngine({ schema });
    const { profileId } = await engine.ingest(ann);
    expect(await engine.override("p_unknown", "city", "x")).toBeNull();
    await expect(engine.override(profileId as string, "__proto__", "x")).rejects.toThrow(/attribute/);
    await expect(engine.override(profileId as string, "city", () => 1)).rejects.toThrow(/JSON/);
    await expect(engine.override(profileId as string, "city", "x", { by: 7 } as never)).rejects.toThrow(/by/);
  });

  it("says each refusal of override in its own words, writes nothing, and takes names of 1 to 200 characters", async () => {
    const engine = createProfileEngine({ schema });
    const { profileId } = await engine.ingest(ann);
    const id = profileId as string;
    const refusal = async (...args: unknown[]): Promise<unknown> => {
      const error = await (engine.override as (...a: unknown[]) => Promise<unknown>)(...args).catch((e: unknown) => e);
      return error instanceof Error ? [(error as { code?: unknown }).code, error.message] : error;
    };
    const badName = ["invalid_options", "override: the attribute is a name of 1 to 200 characters (not __proto__, constructor or prototype)."];
    for (const attribute of ["", "x".repeat(201), "__proto__", "constructor", "prototype", 7, null]) expect(await refusal(id, attribute, "x")).toEqual(badName);
    for (const bad of ["", 7, null]) expect(await refusal(bad, "city", "x")).toEqual(["invalid_options", "override: a profile id is a non-empty string."]);
    expect(await refusal(id, "city", Number.NaN)).toEqual(["invalid_options", "override: the value must be JSON data; it is a non-finite number."]);
    expect(await refusal(id, "city", () => 1)).toEqual(["invalid_options", "override: the value must be JSON data; it is a function."]);
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(await refusal(id, "city", cyclic)).toEqual(["invalid_options", "override: the value must be JSON data; it is a cyclic value."]);
    expect(await refusal(id, "city", [new Map()])).toEqual(["invalid_options", "override: the value must be JSON data; it is a class instance."]);
    expect((await engine.audit(id)).events.map((e) => e.type)).toEqual(["created"]);
    // The longest name allowed, and a value removed (undefined) that was never set.
    expect((await engine.override(id, "x".repeat(200), "long"))?.attributes["x".repeat(200)]).toBe("long");
    expect((await engine.override(id, "nickname", undefined))?.attributes["nickname"]).toBeUndefined();
  });
});

describe("review queue", () => {
  it("offers pairs between lower and the threshold, across profiles, with explanations, the largest decisions first; a decision removes them", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    await engine.ingestMany([ann, annWeb, annShop, annMaybe, annMaybe2]);
    const queue = await engine.reviewQueue({ lower: 0.01 });
    expect(queue.length).toBeGreaterThan(0);
    for (const pair of queue) {
      expect(pair.profileIds[0]).not.toBe(pair.profileIds[1]);
      expect(pair.explanation.fields.length).toBeGreaterThan(0);
      expect(pair.explanation.linked).toBe(false);
      expect(pair.impact).toBe(((await engine.profileOf(pair.a))?.recordKeys.length ?? 0) * ((await engine.profileOf(pair.b))?.recordKeys.length ?? 0));
    }
    for (let k = 1; k < queue.length; k++) expect((queue[k - 1] as { impact: number }).impact).toBeGreaterThanOrEqual((queue[k] as { impact: number }).impact);
    const first = queue[0] as (typeof queue)[number];
    await engine.assert(first.a, first.b, false, { by: "reviewer" });
    const again = await engine.reviewQueue({ lower: 0.01 });
    expect(again.some((p) => (p.a === first.a && p.b === first.b) || (p.a === first.b && p.b === first.a))).toBe(false);
    // The decision holds in later runs: a refresh does not join them.
    await engine.refresh();
    expect((await engine.profileOf(first.a))?.id).not.toBe((await engine.profileOf(first.b))?.id);
  });

  it("a yes joins the two profiles, for good", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    await engine.ingestMany([ann, annMaybe]);
    const [pair] = await engine.reviewQueue({ lower: 0.001, limit: 1 });
    if (pair === undefined) return expect.unreachable("expected an uncertain pair");
    await engine.assert(pair.a, pair.b, true, { by: "reviewer" });
    expect((await engine.profileOf(pair.a))?.id).toBe((await engine.profileOf(pair.b))?.id);
    await engine.refresh();
    expect((await engine.profileOf(pair.a))?.id).toBe((await engine.profileOf(pair.b))?.id);
    expect(await engine.reviewQueue({ lower: 0.001 })).toEqual([]);
  });

  it("a vetoed pair is no question, even from lower 0: the engine would never link it (its explanation's probability is 0)", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const vetoed = { ...annMaybe2, customerId: "C-2" };
    const unsure = { ...annMaybe, id: "m3", dateOfBirth: "1990-07-02" };
    await engine.ingestMany([{ ...annMaybe, customerId: "C-1" }, vetoed, unsure]);
    const veto = await engine.explain("events:m1", "crm:m2");
    expect([veto.linked, veto.probability, veto.decidedBy]).toStrictEqual([false, 0, { kind: "veto", reason: "customerId" }]);
    const queue = await engine.reviewQueue({ lower: 0 });
    // The two same-named records without a veto are the only question.
    expect(queue.map((pair) => [pair.a, pair.b])).toStrictEqual([["events:m1", "events:m3"]]);
    expect(queue[0]?.explanation.decidedBy).toStrictEqual({ kind: "model" });
  });

  it("refuses bad options", async () => {
    const engine = createProfileEngine({ schema });
    await expect(engine.reviewQueue({ lower: 0.99 })).rejects.toThrow(/lower/);
    await expect(engine.reviewQueue({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(engine.reviewQueue({ upper: 1 } as never)).rejects.toThrow(/unknown/);
  });

  it("refuses each bad option with invalid_options and what it expects: lower at or past the threshold, limit past 10,000", async () => {
    const engine = createProfileEngine({ schema });
    const lower = "reviewQueue: lower is a probability from 0 up to the link threshold (0.95).";
    const limit = "reviewQueue: limit is an integer from 1 to 10,000.";
    const cases: [unknown, string][] = [
      [null, "reviewQueue: options are { lower, limit }."],
      ["0.5", "reviewQueue: options are { lower, limit }."],
      [{ lower: 0.95 }, lower],
      [{ lower: -0.01 }, lower],
      [{ lower: Number.NaN }, lower],
      [{ lower: "0.5" }, lower],
      [{ limit: 10_001 }, limit],
      [{ limit: 1.5 }, limit],
      [{ limit: "5" }, limit],
      [{ lower: 0.5, upper: 1 }, 'reviewQueue: option "upper" is unknown (lower, limit).'],
      [{ get lower(): number { throw new Error("unreadable"); } }, "reviewQueue: options are { lower, limit } (they could not be read)."],
    ];
    for (const [options, message] of cases) {
      const error = await engine.reviewQueue(options as never).then(() => null, (e: unknown) => e);
      expect([(error as { code?: string } | null)?.code, (error as Error | null)?.message]).toStrictEqual(["invalid_options", message]);
    }
    // The bounds themselves are taken.
    expect(await engine.reviewQueue({ lower: 0, limit: 10_000 })).toStrictEqual([]);
    expect(await engine.reviewQueue({ lower: 0.9499, limit: 1 })).toStrictEqual([]);
  });

  describe("over generated people", () => {
    const records = [...generateCustomerRecords({ entities: 120, seed: 9, noise: 2.5 })].map((g) => g.record);
    const loaded = async (): Promise<ReturnType<typeof createProfileEngine>> => {
      const engine = createProfileEngine({ schema, now: ticking() });
      await engine.ingestMany(records);
      return engine;
    };

    it("orders pairs by impact, then nearness to the threshold, then keys; each between lower and the threshold as ingest weighs it", async () => {
      const engine = await loaded();
      const all = await engine.reviewQueue({ lower: 0.05, limit: 10_000 });
      expect(all.length).toBeGreaterThan(10);
      for (const pair of all) {
        expect(pair.probability).toBeGreaterThanOrEqual(0.05);
        expect(pair.probability).toBeLessThan(0.95);
        expect(pair.probability).toBe(pair.explanation.probability);
        expect(pair.a < pair.b).toBe(true);
        expect(pair.explanation).toStrictEqual(await engine.explain(pair.a, pair.b));
      }
      const order = (x: (typeof all)[number], y: (typeof all)[number]): number => y.impact - x.impact || y.probability - x.probability || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0);
      expect([...all].sort(order)).toStrictEqual(all);
      // Ties of impact are met, and ordered by nearness within them.
      expect(all.some((pair, k) => k > 0 && (all[k - 1] as typeof pair).impact === pair.impact && (all[k - 1] as typeof pair).probability > pair.probability)).toBe(true);
    });

    it("answers the first `limit` pairs, and by default those from 0.5, 50 at most", async () => {
      const engine = await loaded();
      const all = await engine.reviewQueue({ lower: 0.05, limit: 10_000 });
      expect(await engine.reviewQueue({ lower: 0.05, limit: 5 })).toStrictEqual(all.slice(0, 5));
      expect(await engine.reviewQueue({ lower: 0.05, limit: 1 })).toStrictEqual(all.slice(0, 1));
      const fromHalf = all.filter((pair) => pair.probability >= 0.5);
      expect(fromHalf.length).toBeGreaterThan(0);
      expect(fromHalf.length).toBeLessThan(all.length);
      expect(await engine.reviewQueue()).toStrictEqual(fromHalf.slice(0, 50));
      expect(await engine.reviewQueue({})).toStrictEqual(fromHalf.slice(0, 50));
    });
  });
});
