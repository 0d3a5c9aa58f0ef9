import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ProfileStore } from "./store.js";
import { ann, ticking } from "../../test/support/engine.js";
import { profileKitErrorOf } from "../../test/support/errors.js";

// What an engine makes of its options and of each input before anything is matched: the record's key
// (id and source), the refusals and their issues, the validator's answers, the store's counters.

const schema = defineSchema({ id: "cid", source: "sys" });
const email = "dana.ito@fastmail.com";

describe("a record's key", () => {
  it("is the source and the id, each trimmed, the source percent-encoded; a finite number serves as either", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const keys = [];
    for (const [cid, sys] of [[" 7 ", " crm "], [42, "web"], ["x", 3], ["a:b", "my shop"], [-0.5, "pos"]] as const) {
      keys.push((await engine.ingest({ cid, sys, email })).recordKey);
    }
    expect(keys).toStrictEqual(["crm:7", "web:42", "3:x", "my%20shop:a:b", "pos:-0.5"]);
  });

  it("refuses an id or a source that is empty, blank, not finite or not text, naming the host's column", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const refusal = async (record: Record<string, unknown>): Promise<unknown> => {
      const result = await engine.ingest(record);
      expect(result).toMatchObject({ outcome: "rejected", recordKey: null, profileId: null });
      expect(result.issues).toHaveLength(1);
      const [issue] = result.issues;
      return { code: issue?.code, path: issue?.path, field: (issue as { field?: string } | undefined)?.field, severity: issue?.severity };
    };
    for (const cid of [undefined, "", "   ", Number.NaN, Number.POSITIVE_INFINITY, true, { v: 1 }, ["1"]]) {
      expect(await refusal({ cid, sys: "crm", email })).toStrictEqual({ code: "missing_key", path: ["cid"], field: "id", severity: "error" });
    }
    for (const sys of [undefined, "", " \t", Number.NaN, null, ["crm"]]) {
      expect(await refusal({ cid: "1", sys, email })).toStrictEqual({ code: "missing_key", path: ["sys"], field: "source", severity: "error" });
    }
    // The id is checked first: a record with neither is refused for its id.
    expect(await refusal({ email })).toStrictEqual({ code: "missing_key", path: ["cid"], field: "id", severity: "error" });
    expect(await engine.store.scan("record", null, 10)).toStrictEqual([]);
  });

  it("takes an id of up to 1,000 characters and a source of up to 200, trimmed, and refuses longer ones", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const id = "i".repeat(1000);
    const source = "s".repeat(200);
    expect((await engine.ingest({ cid: ` ${id} `, sys: ` ${source} `, email })).recordKey).toBe(`${source}:${id}`);
    // Said as too long, not as missing: the value is there.
    expect(await engine.ingest({ cid: `${id}i`, sys: "crm", email })).toStrictEqual({
      recordKey: null,
      profileId: null,
      outcome: "rejected",
      issues: [{ code: "missing_key", path: ["cid"], field: "id", length: 1001, maximum: 1000, severity: "error", message: "The record's id is 1001 characters long; the maximum is 1000. It was not ingested." }],
    });
    expect((await engine.ingest({ cid: "2", sys: `${source}s`, email })).issues).toStrictEqual([
      { code: "missing_key", path: ["sys"], field: "source", length: 201, maximum: 200, severity: "error", message: "The record's source is 201 characters long; the maximum is 200. It was not ingested." },
    ]);
  });
});

describe("inputs that are not records", () => {
  it("refuses each with invalid_type, saying what it received", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const received = [];
    for (const input of [null, undefined, [ann], 5, "text", true]) {
      const result = await engine.ingest(input);
      expect(result).toMatchObject({ outcome: "rejected", recordKey: null, profileId: null });
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]).toMatchObject({ code: "invalid_type", path: [], severity: "error", expected: "object" });
      expect(result.issues[0]?.path).toStrictEqual([]);
      received.push((result.issues[0] as { received?: string } | undefined)?.received);
    }
    expect(received).toStrictEqual(["null", "undefined", "array", "number", "string", "boolean"]);
  });

  it("refuses a revoked proxy (even asking whether it is a list throws) as an unreadable object", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const { proxy, revoke } = Proxy.revocable({ cid: "1", sys: "crm", email }, {});
    revoke();
    const result = await engine.ingest(proxy);
    expect(result).toStrictEqual({ recordKey: null, profileId: null, outcome: "rejected", issues: [expect.objectContaining({ code: "invalid_type", path: [], expected: "object", received: "unreadable object", severity: "error" })] });
    const many = await engine.ingestMany([proxy, { cid: "2", sys: "crm", email }]);
    expect(many.outcomes).toMatchObject({ rejected: 1, created: 1 });
  });

  it("refuses a record whose id cannot be read for its id, and throws nothing", async () => {
    const engine = createProfileEngine({ schema, now: ticking() });
    const hostile = Object.defineProperty({ sys: "crm", email }, "cid", { enumerable: true, get: () => { throw new Error("no"); } });
    expect(await engine.ingest(hostile)).toMatchObject({ outcome: "rejected", issues: [{ code: "missing_key", field: "id", path: ["cid"] }] });
  });
});

describe("the schema's validator", () => {
  /** A Standard Schema validator answering `answer` (or throwing it). */
  function validating(answer: () => unknown): ReturnType<typeof defineSchema> {
    return defineSchema({ record: { "~standard": { version: 1, vendor: "test", validate: answer } } as never });
  }

  it("names the first issue's path (keys of segment objects too) before its message; no path, the message alone", async () => {
    const messages = [];
    for (const issues of [
      [{ message: "Invalid email", path: ["contact", 0, "email"] }, { message: "second" }],
      [{ message: "Required", path: [{ key: "plan" }, { key: 2 }] }],
      [{ message: "Bad record", path: [] }],
      [{ message: "Bad record" }],
    ]) {
      const engine = createProfileEngine({ schema: validating(() => ({ issues })), now: ticking() });
      const result = await engine.ingest(ann);
      expect(result).toMatchObject({ outcome: "rejected", recordKey: null, issues: [{ code: "schema_mismatch", severity: "error" }] });
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]?.path).toStrictEqual([]);
      messages.push((result.issues[0] as { message: string }).message);
    }
    const prefix = "The record does not match the schema's record validator: ";
    expect(messages).toStrictEqual([`${prefix}contact.0.email: Invalid email`, `${prefix}plan.2: Required`, `${prefix}Bad record`, `${prefix}Bad record`]);
  });

  it("accepts a record the validator passes (no issues, or an empty list), also asynchronously", async () => {
    for (const answer of [() => ({ value: ann }), () => ({ value: ann, issues: [] }), () => Promise.resolve({ value: ann })]) {
      const engine = createProfileEngine({ schema: validating(answer), now: ticking() });
      expect((await engine.ingest(ann)).outcome).toBe("created");
    }
  });

  it("turns a validator that throws into a schema_mismatch with its message", async () => {
    const throwing = createProfileEngine({ schema: validating(() => { throw new Error("validator down"); }), now: ticking() });
    const result = await throwing.ingest(ann);
    expect(result).toMatchObject({ outcome: "rejected", issues: [{ code: "schema_mismatch" }] });
    expect((result.issues[0] as { message: string }).message).toContain("the validator threw: validator down");
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.path).toStrictEqual([]);
    const odd = createProfileEngine({ schema: validating(() => { throw "a string" as unknown as Error; }), now: ticking() });
    expect(((await odd.ingest(ann)).issues[0] as { message: string }).message).toContain("the validator threw: a non-error");
  });
});

describe("the engine's options", () => {
  it("names the method a store lacks", () => {
    const store = memoryStore();
    for (const method of ["get", "members", "counters", "scan", "commit"] as const) {
      const lacking = { ...store, [method]: "not a function" };
      const error = profileKitErrorOf(() => createProfileEngine({ schema, store: lacking }));
      expect(error.code).toBe("invalid_options");
      expect(error.message).toBe(`createProfileEngine: options.store has no ${method} method (see ProfileStore).`);
    }
  });

  it("refuses options that are not an object, an unknown option, a schema not made by defineSchema and a meter that is not one, each saying so", () => {
    const message = (options: unknown): string => {
      const error = profileKitErrorOf(() => createProfileEngine(options as never));
      expect(error.code).toBe("invalid_options");
      return error.message;
    };
    for (const options of [null, undefined, "schema", 7]) expect(message(options)).toBe("createProfileEngine: options must be an object with a schema.");
    expect(message({ schema: { kind: "profile-kit/schema" } })).toBe("createProfileEngine: options.schema must be a schema made by defineSchema.");
    expect(message({ schema, stores: memoryStore() })).toBe('createProfileEngine: unknown option "stores" (expected schema, store, now, maxAttempts, meter).');
    for (const meter of [null, "meter", {}, { createCounter: "no" }, Object.assign(() => undefined, { createCounter: () => undefined })]) {
      expect(message({ schema, meter })).toBe("createProfileEngine: options.meter must be an OpenTelemetry Meter (meterProvider.getMeter(...)).");
    }
    for (const key of ["schema", "store", "now", "maxAttempts", "meter"]) expect(() => createProfileEngine({ schema, [key]: key === "schema" ? schema : undefined })).not.toThrow();
  });

  it("takes maxAttempts from 1 to 1,000, whole", () => {
    for (const maxAttempts of [1, 8, 1000]) expect(() => createProfileEngine({ schema, maxAttempts })).not.toThrow();
    for (const maxAttempts of [0, -1, 1001, 1.5, Number.NaN]) {
      expect(() => createProfileEngine({ schema, maxAttempts })).toThrow("createProfileEngine: options.maxAttempts must be an integer from 1 to 1000.");
    }
  });

  it("tries a contended ingest exactly maxAttempts times, then refuses it with store_conflict", async () => {
    const inner = memoryStore();
    let commits = 0;
    const contended: ProfileStore = { ...inner, get: (kind, keys) => inner.get(kind, keys), members: (keys, limit) => inner.members(keys, limit), counters: (keys) => inner.counters(keys), scan: (kind, after, limit) => inner.scan(kind, after, limit), commit: () => { commits++; return Promise.resolve({ ok: false as const, conflicts: [] }); } };
    for (const maxAttempts of [1, 3]) {
      commits = 0;
      const engine = createProfileEngine({ schema, store: contended, maxAttempts, now: ticking() });
      const error = await engine.ingest({ cid: "1", sys: "crm", email }).catch((e: unknown) => e);
      expect(isProfileKitError(error) && error.code).toBe("store_conflict");
      expect((error as Error).message).toContain(`${maxAttempts} attempts to ingest "crm:1"`);
      expect(commits).toBe(maxAttempts);
    }
  });

  it("never records a time before one it recorded already, whatever the clock says", async () => {
    const times = [Date.parse("2025-05-02T00:00:00Z"), Date.parse("2025-05-01T00:00:00Z")];
    let call = 0;
    const engine = createProfileEngine({ schema, now: () => times[Math.min(call++, 1)] as number });
    const first = await engine.ingest({ cid: "1", sys: "crm", email, firstName: "Dana" });
    await engine.ingest({ cid: "1", sys: "crm", email, firstName: "Dana", lastName: "Ito", updatedAt: "2025-04-01T00:00:00Z" });
    const history = await engine.history(first.profileId as string);
    const recorded = (history?.history?.entries ?? []).map((e) => e.recordedAt);
    expect(recorded.length).toBeGreaterThan(1);
    expect(Math.min(...recorded)).toBe(times[0]);
    expect(Math.max(...recorded)).toBe(times[0]);
  });

  it("refuses a clock that gives no valid time", async () => {
    for (const bad of [Number.NaN, "not a time", new Date(Number.NaN)]) {
      const engine = createProfileEngine({ schema, now: () => bad });
      await expect(engine.ingest({ cid: "1", sys: "crm", email })).rejects.toThrow("profile engine: the clock gave no valid time.");
    }
    // A clock may answer a Date or an ISO text.
    for (const good of [new Date("2025-05-01T00:00:00Z"), "2025-05-01T00:00:00Z"]) {
      const engine = createProfileEngine({ schema, now: () => good });
      expect((await engine.ingest({ cid: "1", sys: "crm", email })).outcome).toBe("created");
    }
  });
});

describe("a host function failing on one record", () => {
  // identity's customerIdFormat, given in the schema, throws for one customer id.
  const hooked = defineSchema({ id: "cid", source: "sys", identity: { customerIdFormat: (value: string) => {
    if (value === "C-0") throw new Error("no format for C-0");
    return value.toLowerCase();
  } } });
  const good = [{ cid: "1", sys: "crm", email, customerId: "C-1" }, { cid: "2", sys: "crm", email: "lee.park@fastmail.com", customerId: "C-2" }];
  const bad = { cid: "3", sys: "crm", email: "max.roe@fastmail.com", customerId: "C-0" };
  const issue = { code: "hook_failed", path: [], severity: "error", message: "A host function failed on this record, which was not ingested: customerIdFormat threw for a customer id (no format for C-0)." };

  it("rejects that record alone with hook_failed, naming the cause; the others of its batch are ingested", async () => {
    const engine = createProfileEngine({ schema: hooked, now: ticking() });
    const result = await engine.ingestMany([good[0], bad, good[1]]);
    expect(result.outcomes).toMatchObject({ created: 2, rejected: 1 });
    expect(result.rejected).toStrictEqual([{ index: 1, recordKey: "crm:3", issues: [expect.objectContaining(issue)] }]);
    expect((await engine.profileOf("crm:1"))?.recordKeys).toStrictEqual(["crm:1"]);
    await expect(engine.profileOf("crm:3")).rejects.toThrow('profile engine: no record "crm:3" in the store.');
  });

  it("with checks, observes that record as rejected, and counts every record in input order", async () => {
    const engine = createProfileEngine({ schema: hooked, now: ticking() });
    const seen: [number, number, number][] = [];
    const result = await engine.ingestMany([good[0], bad, good[1]], { progressEvery: 1, onProgress: ({ processed, outcomes }) => seen.push([processed, outcomes.created, outcomes.rejected]), checks: { expectations: [] } });
    expect(seen).toStrictEqual([[1, 1, 0], [2, 1, 1], [3, 2, 1], [3, 2, 1]]);
    const summary = result.batch?.summary;
    expect(summary?.records).toBe(3);
    expect([...(summary?.sample ?? [])].sort()).toStrictEqual(["crm:1", "crm:2", "crm:3"]);
    expect(summary?.issueCodes).toStrictEqual({ hook_failed: 1 });
    expect(summary?.outcomes).toStrictEqual({ created: 2, rejected: 1 });
    expect(summary?.bySource["crm"]?.records).toBe(3);
  });

  it("rejects it the same way when it comes alone", async () => {
    const engine = createProfileEngine({ schema: hooked, now: ticking() });
    expect(await engine.ingest(bad)).toStrictEqual({ recordKey: "crm:3", profileId: null, outcome: "rejected", issues: [expect.objectContaining(issue)] });
    expect(await engine.ingest(good[0])).toMatchObject({ outcome: "created" });
  });
});

describe("the store's counters", () => {
  it("counts the record and the values term frequencies read (present and each value's count), nothing else", async () => {
    const inner = memoryStore();
    const increments: string[] = [];
    const watched: ProfileStore = { ...inner, get: (kind, keys) => inner.get(kind, keys), members: (keys, limit) => inner.members(keys, limit), counters: (keys) => inner.counters(keys), scan: (kind, after, limit) => inner.scan(kind, after, limit), commit: (changes) => {
      for (const increment of changes.increment) increments.push(increment.key);
      return inner.commit(changes);
    } };
    const engine = createProfileEngine({ schema: defineSchema({ id: "cid", source: "sys", custom: { tier: { compare: "exact" } } }), store: watched, now: ticking() });
    await engine.ingestMany([{ cid: "1", sys: "crm", firstName: "Dana", lastName: "Ito", email, customerId: "C-1", tier: "gold", country: "US" }]);
    await engine.ingest({ cid: "2", sys: "crm", firstName: "Lee", email: "lee.park@fastmail.com", customerId: "C-2", tier: "gold" });
    const fields = (key: string): string => key.split(":").slice(0, 2).join(":");
    expect([...new Set(increments.filter((key) => key !== "n").map(fields))].sort()).toStrictEqual(["present:email", "present:firstName", "present:lastName", "tf:email", "tf:firstName", "tf:lastName"]);
    expect(increments.filter((key) => key === "n")).toHaveLength(2);
  });


  it("refuses an answer that is not one finite number per key as store_failure", async () => {
    for (const answer of [(keys: readonly string[]) => keys.slice(1).map(() => 0), (keys: readonly string[]) => [...keys.map(() => 0), 0], (keys: readonly string[]) => keys.map(() => "1"), (keys: readonly string[]) => keys.map(() => Number.NaN), (keys: readonly string[]) => keys.map(() => Number.POSITIVE_INFINITY), () => "0", (keys: readonly string[]) => keys.map((_, k) => (k > 0 && k === keys.length - 1 ? Number.NaN : 0)), (keys: readonly string[]) => keys.map((_, k) => (k === 0 ? "0" : 0))]) {
      const inner = memoryStore();
      const odd: ProfileStore = { get: (kind, keys) => inner.get(kind, keys), members: (keys, limit) => inner.members(keys, limit), counters: (keys) => Promise.resolve(answer(keys) as never), scan: (kind, after, limit) => inner.scan(kind, after, limit), commit: (changes) => inner.commit(changes) };
      const engine = createProfileEngine({ schema, store: odd, now: ticking() });
      const error = await engine.ingest({ cid: "1", sys: "crm", email }).catch((e: unknown) => e);
      expect(isProfileKitError(error) && error.code).toBe("store_failure");
      expect((error as Error).message).toBe("profile engine: the store's counters answered something other than one number per key.");
    }
  });
});
