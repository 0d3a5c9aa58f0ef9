// Regression tests for the hardening of enrich/: a hook's bad answer (null, a Proxy, a throwing getter),
// a failing clock, and hooks that ignore their AbortSignal must affect only their own record, and
// `concurrency` must bound the calls in flight, timed out or not.
import { describe, expect, it } from "vitest";
import { cleanseRecords } from "../cleanse/cleanseRecords.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { enrichRecords, type Enricher } from "./enrichRecords.js";
import { verifyEmails, type EmailVerification, type EmailVerifier, type VerifiedField } from "./verifyEmails.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const throwing = (): never => {
  throw new Error("hostile");
};

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Answers a hook may give that are not usable: each must fail its own record only. */
function hostileAnswers(): readonly unknown[] {
  return [
    null,
    undefined,
    "deliverable",
    42,
    [],
    revoked(),
    Object.defineProperty({}, "status", { enumerable: true, get: throwing }),
    new Proxy({ status: "deliverable" }, { get: throwing, getOwnPropertyDescriptor: throwing, ownKeys: throwing, getPrototypeOf: throwing, has: throwing }),
    Object.create({ status: "deliverable" }) as unknown,
    { then: throwing },
  ];
}

/** Whether resolving a promise with `answer` rejects: reading its `then` throws. */
function rejects(answer: unknown): boolean {
  if (typeof answer !== "object" || answer === null) return false;
  try {
    const then: unknown = (answer as { then?: unknown }).then;
    if (typeof then === "function") then.call(answer, () => undefined, () => undefined);
    return false;
  } catch {
    return true;
  }
}

/** Counts calls in flight as the hook sees them: from its start until its own promise settles. */
function inFlightCounter() {
  let now = 0;
  let max = 0;
  let started = 0;
  return {
    enter() {
      now++;
      started++;
      max = Math.max(max, now);
    },
    leave() {
      now--;
    },
    get max() {
      return max;
    },
    get started() {
      return started;
    },
    get now() {
      return now;
    },
  };
}

describe("verifyEmails: a bad answer fails its own record only (item 4)", () => {
  const hostile = hostileAnswers();
  const { results: records } = cleanseRecords([...hostile.map((_, i) => ({ email: `user${i}@acme.com` })), { email: "good@acme.com" }]);

  it("treats null, Proxies, throwing getters and inherited fields as verification_failed on that record", async () => {
    const verifier: EmailVerifier = {
      name: "hostile",
      verify: (email) => {
        const index = Number(/^user(\d+)@/.exec(email)?.[1] ?? -1);
        return Promise.resolve((index >= 0 ? hostile[index] : { status: "deliverable", reason: "ok" }) as EmailVerification);
      },
    };
    const result = await verifyEmails(records, verifier);
    expect(result.records).toHaveLength(records.length);
    for (const [i, record] of result.records.entries()) {
      const field = record.fields["email"] as VerifiedField;
      if (i === hostile.length) {
        expect(field.verification).toEqual({ status: "deliverable", reason: "ok", verifier: "hostile" });
        expect(record.issues).toEqual([]);
      } else {
        expect(field.verification, String(i)).toEqual({ status: "unknown", verifier: "hostile" });
        expect(record.issues).toEqual([expect.objectContaining({ code: "verification_failed", reason: "error" })]);
      }
    }
    expect(result.stats).toMatchObject({ calls: hostile.length + 1, deliverable: 1, failed: hostile.length, unknown: hostile.length });
  });

  it("drops a reason that is too long or carries the address", async () => {
    const answers = new Map<string, EmailVerification>([
      ["ann@acme.com", { status: "undeliverable", reason: "mailbox ANN@acme.com not found" }],
      ["bob@acme.com", { status: "risky", reason: "x".repeat(1000) }],
    ]);
    const { results: two } = cleanseRecords([{ email: "ann@acme.com" }, { email: "bob@acme.com" }]);
    const result = await verifyEmails(two, { name: "v", verify: (email) => Promise.resolve(answers.get(email) as EmailVerification) });
    expect(result.records.map((record) => (record.fields["email"] as VerifiedField).verification)).toEqual([
      { status: "undeliverable", verifier: "v" },
      { status: "risky", verifier: "v" },
    ]);
  });

  it("rejects a verifier, records or a field option that cannot work with invalid_options", async () => {
    for (const [list, verifier, options] of [
      [records, revoked(), {}],
      [records, Object.defineProperty({ name: "x" }, "verify", { get: throwing }), {}],
      [revoked(), { name: "x", verify: () => Promise.resolve({ status: "deliverable" }) }, {}],
      [records, { name: "x", verify: () => Promise.resolve({ status: "deliverable" }) }, { field: "__proto__" }],
    ] as const) {
      const error: unknown = await verifyEmails(list as never, verifier as never, options).then(() => null, (e: unknown) => e);
      expect(isProfileKitError(error) && error.code === "invalid_options", String(error)).toBe(true);
    }
  });

  it("reads a prototype-named field option as an absent field, not Object.prototype", async () => {
    let calls = 0;
    const verifier: EmailVerifier = {
      name: "v",
      verify: () => {
        calls++;
        return Promise.resolve({ status: "deliverable" });
      },
    };
    const result = await verifyEmails(records, verifier, { field: "toString" });
    expect(calls).toBe(0);
    expect(result.records).toEqual(records);
  });
});

describe("enrichRecords: a bad result or a bad clock fails its own record only (item 4)", () => {
  const hostile = hostileAnswers();
  const clock = () => new Date("2026-11-29T12:00:00Z");

  it("reports invalid_result for null, Proxies, throwing getters, deep or cyclic results, and enriches the others", async () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    const results = [...hostile.filter((answer) => answer !== undefined), deep, cyclic, { tier: new Map() }, Object.defineProperty({ ok: 1 }, "tier", { enumerable: true, get: throwing })];
    const { results: records } = cleanseRecords([...results.map((_, i) => ({ id: String(i) })), { id: "good" }]);
    const enricher: Enricher = {
      name: "hostile",
      enrich: (record) => {
        const index = Number(record["id"]);
        return Promise.resolve((Number.isInteger(index) ? results[index] : { tier: "gold" }) as Record<string, unknown>);
      },
    };
    const enriched = await enrichRecords(records, [enricher], { clock });
    expect(enriched).toHaveLength(records.length);
    for (const [i, record] of enriched.entries()) {
      if (i === results.length) {
        expect(record.record).toEqual({ id: "good", tier: "gold" });
        expect(record.issues).toEqual([]);
      } else {
        expect(record.record, String(i)).toEqual({ id: String(i) });
        // An answer whose `then` cannot be read (a revoked Proxy, a throwing trap, a throwing `then`) rejects
        // the call itself ("error"); every other answer is read and refused ("invalid_result").
        const reason = rejects(results[i]) ? "error" : "invalid_result";
        expect(record.issues, String(i)).toEqual([expect.objectContaining({ code: "enrichment_failed", enricher: "hostile", reason })]);
        expect(record.enrichment).toEqual({});
      }
    }
  });

  it("copies what it keeps: an enricher cannot change the result later, nor the caller's record", async () => {
    const kept: Record<string, unknown>[] = [];
    const { results: records } = cleanseRecords([{ id: "1", tags: ["a"] }]);
    const enricher: Enricher = {
      name: "sneaky",
      enrich: (record) => {
        (record["tags"] as string[]).push("changed by the enricher");
        const answer = { profile: { tier: "gold" } };
        kept.push(answer);
        return Promise.resolve(answer);
      },
    };
    const [enriched] = await enrichRecords(records, [enricher], { clock });
    (kept[0]?.["profile"] as Record<string, unknown>)["tier"] = "changed later";
    expect(enriched?.record["profile"]).toEqual({ tier: "gold" });
    expect(records[0]?.record["tags"]).toEqual(["a"]);
    expect(enriched?.record["tags"]).toEqual(["a"]);
  });

  it("falls back to the system clock when the clock throws or gives no valid time, and says so", async () => {
    const { results: records } = cleanseRecords([{ id: "1" }, { id: "2" }]);
    const enricher: Enricher = { name: "geo", enrich: () => Promise.resolve({ timezone: "Europe/Paris" }) };
    for (const bad of [throwing, () => Number.NaN, () => new Date("nope"), () => Infinity, () => "2026" as never, () => revoked() as never]) {
      const before = Date.now();
      const enriched = await enrichRecords(records, [enricher], { clock: bad });
      expect(enriched).toHaveLength(2);
      for (const record of enriched) {
        expect(record.record["timezone"]).toBe("Europe/Paris");
        const at = Date.parse(record.enrichment["timezone"]?.at ?? "");
        expect(at).toBeGreaterThanOrEqual(before - 1);
        expect(record.issues).toEqual([expect.objectContaining({ code: "clock_failed" })]);
      }
    }
  });

  it("rejects enrichers and records that cannot be read with invalid_options", async () => {
    const { results: records } = cleanseRecords([{ id: "1" }]);
    const enricher: Enricher = { name: "geo", enrich: () => Promise.resolve({}) };
    for (const [list, enrichers] of [
      [records, [revoked()]],
      [records, revoked()],
      [revoked(), [enricher]],
      [[revoked()], [enricher]],
    ] as const) {
      const error: unknown = await enrichRecords(list as never, enrichers as never).then(() => null, (e: unknown) => e);
      expect(isProfileKitError(error) && error.code === "invalid_options", String(error)).toBe(true);
    }
  });
});

describe("concurrency bounds calls in flight, timed out or not (item 5)", () => {
  const addresses = Array.from({ length: 40 }, (_, i) => ({ email: `user${i}@acme.com` }));

  it("verifyEmails: a verifier that never settles and ignores its signal never has more than `concurrency` calls in flight", async () => {
    const counter = inFlightCounter();
    const verifier: EmailVerifier = {
      name: "stuck",
      verify: () => {
        counter.enter();
        return new Promise<never>(() => undefined);
      },
    };
    const { results: records } = cleanseRecords(addresses);
    const result = await verifyEmails(records, verifier, { concurrency: 2, timeoutMs: 20 });
    expect(counter.max).toBe(2);
    expect(counter.started).toBe(2);
    // Both slots are held by abandoned calls, so the other 38 addresses are not sent: the batch still ends.
    expect(result.stats).toMatchObject({ calls: 2, timedOut: 2, abandoned: 2, skipped: 38, unknown: 40 });
    expect(result.records.every((record) => record.issues.some((issue) => issue.code === "verification_failed" && issue.reason === "timeout"))).toBe(true);
  });

  it("verifyEmails: a verifier that settles late keeps its slot until it settles, and every address is still sent", async () => {
    const counter = inFlightCounter();
    const verifier: EmailVerifier = {
      name: "late",
      async verify() {
        counter.enter();
        try {
          await tick(45); // ignores the signal; settles after its 30 ms timeout, within the 30 ms grace period
          return { status: "deliverable" };
        } finally {
          counter.leave();
        }
      },
    };
    const { results: records } = cleanseRecords(addresses.slice(0, 8));
    const result = await verifyEmails(records, verifier, { concurrency: 2, timeoutMs: 30 });
    expect(counter.max).toBe(2);
    expect(counter.started).toBe(8);
    expect(counter.now).toBe(0);
    expect(result.stats).toMatchObject({ calls: 8, timedOut: 8, abandoned: 0, skipped: 0 });
  });

  it("enrichRecords: an enricher that never settles never has more than `concurrency` calls in flight", async () => {
    const counter = inFlightCounter();
    const stuck: Enricher = {
      name: "stuck",
      enrich: () => {
        counter.enter();
        return new Promise<never>(() => undefined);
      },
    };
    const quick: Enricher = { name: "quick", enrich: () => Promise.resolve({ tier: "gold" }) };
    const { results: records } = cleanseRecords(addresses.slice(0, 12));
    const enriched = await enrichRecords(records, [stuck, quick], { concurrency: 3, timeoutMs: 20 });
    expect(counter.max).toBe(3);
    expect(enriched).toHaveLength(12);
    for (const record of enriched) {
      expect(record.issues.map((issue) => [issue.code, "enricher" in issue ? issue.enricher : null, "reason" in issue ? issue.reason : null])).toEqual([
        ["enrichment_failed", "stuck", "timeout"],
        ["enrichment_failed", "quick", "timeout"],
      ]);
    }
  });

  it("enrichRecords: late calls hold their slot, and the batch waits for them before it resolves", async () => {
    const counter = inFlightCounter();
    const late: Enricher = {
      name: "late",
      async enrich() {
        counter.enter();
        try {
          await tick(45);
          return { tier: "gold" };
        } finally {
          counter.leave();
        }
      },
    };
    const { results: records } = cleanseRecords(addresses.slice(0, 6));
    const enriched = await enrichRecords(records, [late], { concurrency: 2, timeoutMs: 30 });
    expect(counter.max).toBe(2);
    expect(counter.started).toBe(6);
    expect(counter.now).toBe(0);
    expect(enriched.every((record) => record.issues.some((issue) => issue.code === "enrichment_failed" && issue.reason === "timeout"))).toBe(true);
  });
});
