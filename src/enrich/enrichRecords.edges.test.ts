import { afterEach, describe, expect, it, vi } from "vitest";
import type { CleansedRecord } from "../cleanse/cleanseRecord.js";
import { _createIssue } from "../errors/_createIssue.js";
import type { Issue } from "../errors/issue.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { expectInvalidOptions, failureOf } from "../../test/support/errors.js";
import { enrichRecords, type EnrichedRecord, type Enricher } from "./enrichRecords.js";

const NOW = "2030-01-02T03:04:05.000Z";
const CLOCK_AT = "2026-11-29T12:00:00.000Z";
const clock = (): Date => new Date(CLOCK_AT);

/** A cleansed record built by hand: only `record` and `issues` matter to enrichment. */
function cleansed(record: Record<string, unknown>, issues: readonly Issue[] = []): CleansedRecord {
  return { record, original: { kept: "original" }, derived: { derivedField: "from" }, fields: {}, issues };
}

function enricher(name: string, answer: (record: Readonly<Record<string, unknown>>, signal: AbortSignal) => unknown): Enricher {
  return { name, enrich: (record, { signal }) => answer(record, signal) as Promise<Readonly<Record<string, unknown>>> };
}

const failed = (name: string, reason: "timeout" | "error" | "invalid_result"): Issue => _createIssue("enrichment_failed", [], { enricher: name, reason });
const CLOCK_FAILED: Issue = _createIssue("clock_failed", [], {});

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

/** Resolves with `value` after `ms` (fake-timer friendly). */
function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => {
    resolve(value);
  }, ms));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("enrichRecords: invalid options, enrichers and records", () => {
  const geo = enricher("geo", () => Promise.resolve({ timezone: "UTC" }));

  it("names each bad option", async () => {
    const cases: [unknown, string][] = [
      [{ timeoutMs: 0 }, "options.timeoutMs: Too small: expected number to be >0"],
      [{ timeoutMs: 600_001 }, "options.timeoutMs: Too big: expected number to be <=600000"],
      [{ concurrency: 0 }, "options.concurrency: Too small: expected number to be >=1"],
      [{ concurrency: 257 }, "options.concurrency: Too big: expected number to be <=256"],
      [{ clock: "now" }, "options.clock: expected a function"],
      [{ clock: new Date(0) }, "options.clock: expected a function"],
      [{ retries: 1 }, "options.retries: unknown option; known options are timeoutMs, concurrency, clock"],
    ];
    for (const [options, problem] of cases) {
      expect(await failureOf(() => enrichRecords([], [geo], options as never))).toBe(`invalid_options: enrichRecords: invalid options. ${problem}`);
    }
  });

  it("accepts the limits of each option and a function clock", async () => {
    const records = [cleansed({ id: "1" })];
    for (const options of [{ timeoutMs: 1 }, { timeoutMs: 600_000 }, { concurrency: 1 }, { concurrency: 256 }, { clock }]) {
      await expect(enrichRecords(records, [], options)).resolves.toHaveLength(1);
    }
  });

  it("refuses an enricher without a non-empty string name and an enrich function", async () => {
    const enrich = (): Promise<Record<string, unknown>> => Promise.resolve({});
    const hook = Object.assign(function hook() {
      return undefined;
    }, { enrich });
    for (const bad of [null, undefined, "geo", hook, { name: "geo" }, { name: "geo", enrich: "nope" }, { name: 5, enrich }, { name: "", enrich }, { enrich }]) {
      expect(await failureOf(() => enrichRecords([], [geo, bad as never]))).toBe("invalid_options: enrichRecords: every enricher must have a non-empty name and an enrich function.");
    }
  });

  it("names the enricher that cannot be read, with the cause", async () => {
    const trap = new Error("getter");
    const hostile = Object.defineProperty({ enrich: () => Promise.resolve({}) }, "name", {
      get: () => {
        throw trap;
      },
    });
    const error: unknown = await enrichRecords([], [geo, hostile as never]).then(
      () => null,
      (e: unknown) => e,
    );
    expectInvalidOptions(error, "enrichRecords: enrichers[1] could not be read.");
    expect(isProfileKitError(error) ? error.cause : null).toBe(trap);
  });

  it("refuses records and enrichers that are not arrays", async () => {
    expect(await failureOf(() => enrichRecords("records" as never, [geo]))).toBe("invalid_options: enrichRecords: records must be an array.");
    expect(await failureOf(() => enrichRecords([], geo as never))).toBe("invalid_options: enrichRecords: enrichers must be an array.");
  });

  it("names a record that cannot be read before any enricher runs, with the cause", async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    let calls = 0;
    const counting = enricher("counting", () => {
      calls++;
      return Promise.resolve({});
    });
    for (const bad of [proxy, cleansed({ id: "2" }, null as never)]) {
      const error: unknown = await enrichRecords([cleansed({ id: "1" }), bad as CleansedRecord], [counting]).then(
        () => null,
        (e: unknown) => e,
      );
      expectInvalidOptions(error, "enrichRecords: records[1] is not a readable cleansed record.");
      expect(isProfileKitError(error) ? error.cause : null).toBeInstanceOf(TypeError);
    }
    expect(calls).toBe(0);
  });
});

describe("enrichRecords: what is added, and what is kept", () => {
  it("returns the whole cleansed record with the added attributes, provenance, and its earlier issues first", async () => {
    const earlier = _createIssue("role_email", ["email"], {});
    const input = cleansed({ id: "1", email: "ann@acme.com" }, [earlier]);
    const [enriched] = await enrichRecords([input], [enricher("survey", () => Promise.resolve({ tier: "gold", score: 3 })), enricher("broken", () => Promise.reject(new Error("down")))], { clock });
    expect(enriched).toStrictEqual({
      record: { id: "1", email: "ann@acme.com", tier: "gold", score: 3 },
      original: { kept: "original" },
      derived: { derivedField: "from" },
      fields: {},
      issues: [earlier, failed("broken", "error")],
      enrichment: { tier: { enricher: "survey", at: CLOCK_AT }, score: { enricher: "survey", at: CLOCK_AT } },
    } satisfies EnrichedRecord);
    // The caller's record and issue list are not changed.
    expect(input.record).toEqual({ id: "1", email: "ann@acme.com" });
    expect(input.issues).toEqual([earlier]);
  });

  it("fills only absent, undefined or null values: source data wins, and so does the first enricher", async () => {
    const seenBySecond: Readonly<Record<string, unknown>>[] = [];
    const first = enricher("first", () => Promise.resolve({ kept: "first", empty: "first", missing: "first", zero: 1, blank: "first", no: true, added: "first" }));
    const second = enricher("second", (record) => {
      seenBySecond.push(record);
      return Promise.resolve({ added: "second", late: "second" });
    });
    const [enriched] = await enrichRecords([cleansed({ kept: "source", empty: null, missing: undefined, zero: 0, blank: "", no: false })], [first, second], { clock });
    expect(enriched?.record).toStrictEqual({ kept: "source", empty: "first", missing: "first", zero: 0, blank: "", no: false, added: "first", late: "second" });
    expect(enriched?.enrichment).toStrictEqual({
      empty: { enricher: "first", at: CLOCK_AT },
      missing: { enricher: "first", at: CLOCK_AT },
      added: { enricher: "first", at: CLOCK_AT },
      late: { enricher: "second", at: CLOCK_AT },
    });
    // The second enricher is given what the first one added.
    expect(seenBySecond).toEqual([{ kept: "source", empty: "first", missing: "first", zero: 0, blank: "", no: false, added: "first" }]);
    expect(enriched?.issues).toEqual([]);
  });

  it("reports every key that could reach a prototype and adds the others", async () => {
    const answer = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1, "tier": "gold", "prototype": 2}') as Record<string, unknown>;
    const [enriched] = await enrichRecords([cleansed({ id: "1" })], [enricher("api", () => Promise.resolve(answer))], { clock });
    expect(enriched?.record).toStrictEqual({ id: "1", tier: "gold" });
    expect(enriched?.enrichment).toStrictEqual({ tier: { enricher: "api", at: CLOCK_AT } });
    expect(enriched?.issues).toStrictEqual([
      {
        key: "__proto__",
        code: "unsafe_key",
        path: ["__proto__"],
        message: 'Ignored the key "__proto__", which could modify object prototypes.',
        severity: "warning",
      },
      _createIssue("unsafe_key", ["constructor"], { key: "constructor" }),
      _createIssue("unsafe_key", ["prototype"], { key: "prototype" }),
    ]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("keeps records in input order when they finish out of order", async () => {
    const gates = [deferred<Record<string, unknown>>(), deferred<Record<string, unknown>>(), deferred<Record<string, unknown>>()];
    const records = ["0", "1", "2"].map((id) => cleansed({ id }));
    const pending = enrichRecords(records, [enricher("slow", (record) => (gates[Number(record["id"])] as (typeof gates)[number]).promise)], { clock, concurrency: 3 });
    await flush();
    gates[2]?.resolve({ n: 2 });
    await flush();
    gates[0]?.resolve({ n: 0 });
    await flush();
    gates[1]?.resolve({ n: 1 });
    const enriched = await pending;
    expect(enriched.map((record) => record.record)).toEqual([
      { id: "0", n: 0 },
      { id: "1", n: 1 },
      { id: "2", n: 2 },
    ]);
  });

  it("calls each enricher with itself as `this`", async () => {
    const stateful = {
      name: "stateful",
      tier: "platinum",
      enrich(this: { tier: string }): Promise<Record<string, unknown>> {
        return Promise.resolve({ tier: this.tier });
      },
    };
    const [enriched] = await enrichRecords([cleansed({ id: "1" })], [stateful], { clock });
    expect(enriched?.record).toEqual({ id: "1", tier: "platinum" });
  });

  it("gives the enricher a deep copy of every record, JSON or not: the caller's nested objects stay theirs", async () => {
    const tags = ["a"];
    const otherTags = ["b"];
    const map = new Map([["k", "v"]]);
    const helper = (): string => "x";
    const seen: Readonly<Record<string, unknown>>[] = [];
    const meddler = enricher("meddler", (record) => {
      seen.push(record);
      const list = record["tags"];
      if (Array.isArray(list)) list.push("changed");
      const lookup = record["lookup"];
      if (lookup instanceof Map) lookup.set("k", "changed");
      (record as Record<string, unknown>)["id"] = "changed";
      return Promise.resolve({});
    });
    const [json, notJson] = await enrichRecords([cleansed({ id: "1", tags }), cleansed({ id: "2", tags: otherTags, lookup: map, helper })], [meddler], { clock, concurrency: 1 });
    expect(tags).toEqual(["a"]);
    expect(json?.record).toEqual({ id: "1", tags: ["a"] });
    // Not JSON (a Map, a function): cloned value by value; the Map and the array are copies.
    expect(otherTags).toEqual(["b"]);
    expect(map.get("k")).toBe("v");
    expect(notJson?.record["id"]).toBe("2");
    expect(seen[1]?.["lookup"]).not.toBe(map);
    expect(seen[1]?.["lookup"]).toEqual(new Map([["k", "changed"]]));
    // A function cannot be cloned: it is handed over as it is.
    expect(seen[1]?.["helper"]).toBe(helper);
  });
});

describe("enrichRecords: failures stay on their record", () => {
  it("reports a rejection or a throw as error, and goes on with the next enricher", async () => {
    const rejects = enricher("rejects", () => Promise.reject(new Error("down")));
    const throws = enricher("throws", () => {
      throw new Error("sync");
    });
    const works = enricher("works", () => Promise.resolve({ tier: "gold" }));
    const [enriched] = await enrichRecords([cleansed({ id: "1" })], [rejects, throws, works], { clock });
    expect(enriched?.issues).toStrictEqual([failed("rejects", "error"), failed("throws", "error")]);
    expect(failed("rejects", "error")).toStrictEqual({
      enricher: "rejects",
      reason: "error",
      code: "enrichment_failed",
      path: [],
      message: "The enricher rejects failed (error); the record was kept without it.",
      severity: "warning",
    });
    expect(enriched?.record).toEqual({ id: "1", tier: "gold" });
  });

  it("reports anything but a plain JSON object as invalid_result, adding nothing", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    const answers: unknown[] = [null, undefined, "ab", 42, true, [1, 2], [], new Date(0), { tier: new Map() }, cyclic, Object.create({ tier: "gold" }) as unknown, new (class Tier {
      readonly tier = "gold";
    })()];
    // Read fine once (by the JSON check), then throws when it is copied.
    let reads = 0;
    const secondReadThrows = Object.defineProperty({}, "tier", {
      enumerable: true,
      get: () => {
        reads++;
        if (reads > 1) throw new Error("second read");
        return "gold";
      },
    });
    // Resolves the promise like a plain object (its `then` reads as absent), then cannot be inspected at all.
    const { proxy: revokedLater, revoke } = Proxy.revocable({ tier: "gold" }, {
      get: (target, key) => {
        if (key === "then") revoke();
        return key === "then" ? undefined : (Reflect.get(target, key) as unknown);
      },
    });
    answers.push(secondReadThrows, revokedLater);
    const records = answers.map((_, i) => cleansed({ id: i }));
    const enriched = await enrichRecords(records, [enricher("odd", (record) => Promise.resolve(answers[record["id"] as number]))], { clock });
    for (const [i, record] of enriched.entries()) {
      expect(record.record, String(i)).toStrictEqual({ id: i });
      expect(record.enrichment, String(i)).toStrictEqual({});
      expect(record.issues, String(i)).toStrictEqual([
        {
          enricher: "odd",
          reason: "invalid_result",
          code: "enrichment_failed",
          path: [],
          message: "The enricher odd failed (invalid result); the record was kept without it.",
          severity: "warning",
        },
      ]);
    }
  });

  it("accepts an empty object: nothing added, no issue", async () => {
    const [enriched] = await enrichRecords([cleansed({ id: "1" })], [enricher("empty", () => Promise.resolve({}))], { clock });
    expect(enriched?.issues).toEqual([]);
    expect(enriched?.enrichment).toEqual({});
  });
});

describe("enrichRecords: timeouts and concurrency", () => {
  it("times out after timeoutMs, aborting the signal it passed, and keeps the record", async () => {
    vi.useFakeTimers();
    const signals: AbortSignal[] = [];
    // The first call answers 99 ms after it starts, the second 150 ms after.
    const timed = enricher("timed", (_record, signal) => {
      signals.push(signal);
      return signals.length === 1 ? after(99, { fast: 1 }) : after(150, { slow: 1 });
    });
    const pending = enrichRecords([cleansed({ id: "1" })], [timed, timed], { clock, timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(300);
    const [enriched] = await pending;
    expect(enriched?.record).toEqual({ id: "1", fast: 1 });
    expect(enriched?.issues).toStrictEqual([failed("timed", "timeout")]);
    expect(signals.map((signal) => signal.aborted)).toEqual([false, true]);
  });

  it("waits 5,000 ms by default", async () => {
    vi.useFakeTimers();
    const pending = enrichRecords([cleansed({ id: "1" }), cleansed({ id: "2" })], [enricher("slowish", (record) => after(record["id"] === "1" ? 4999 : 5001, { ok: record["id"] }))], { clock });
    await vi.advanceTimersByTimeAsync(6000);
    const [first, second] = await pending;
    expect(first?.record).toEqual({ id: "1", ok: "1" });
    expect(first?.issues).toEqual([]);
    expect(second?.record).toEqual({ id: "2" });
    expect(second?.issues).toStrictEqual([failed("slowish", "timeout")]);
  });

  it("resolves only once a timed-out call has settled, within its grace period of another timeoutMs", async () => {
    vi.useFakeTimers();
    let done = false;
    const pending = enrichRecords([cleansed({ id: "1" })], [enricher("late", () => after(150, { late: 1 }))], { clock, timeoutMs: 100 }).then((records) => {
      done = true;
      return records;
    });
    await vi.advanceTimersByTimeAsync(149);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect((await pending)[0]?.issues).toStrictEqual([failed("late", "timeout")]);
  });

  it("does not call an enricher while every slot is held by an abandoned call, and reports a timeout", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const stuck = enricher("stuck", () => {
      calls++;
      return new Promise<never>(() => undefined);
    });
    const pending = enrichRecords([cleansed({ id: "1" }), cleansed({ id: "2" }), cleansed({ id: "3" })], [stuck], { clock, concurrency: 1, timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(200);
    const enriched = await pending;
    expect(calls).toBe(1);
    for (const record of enriched) expect(record.issues).toStrictEqual([failed("stuck", "timeout")]);
  });

  it("has exactly `concurrency` calls in flight: 4 by default", async () => {
    for (const [options, limit] of [[{}, 4], [{ concurrency: 2 }, 2], [{ concurrency: 5 }, 5]] as const) {
      const gates: ReturnType<typeof deferred<Record<string, unknown>>>[] = [];
      const gated = enricher("gated", () => {
        const gate = deferred<Record<string, unknown>>();
        gates.push(gate);
        return gate.promise;
      });
      const pending = enrichRecords(
        Array.from({ length: 7 }, (_, i) => cleansed({ id: i })),
        [gated],
        { clock, ...options },
      );
      await flush();
      expect(gates).toHaveLength(limit);
      gates[0]?.resolve({ done: true });
      await flush();
      expect(gates).toHaveLength(limit + 1);
      for (let i = 1; i < 7; i++) {
        gates[i]?.resolve({ done: true });
        await flush();
      }
      const enriched = await pending;
      expect(enriched.map((record) => record.record)).toEqual(Array.from({ length: 7 }, (_, i) => ({ id: i, done: true })));
    }
  });
});

describe("enrichRecords: the clock", () => {
  const geo = enricher("geo", () => Promise.resolve({ timezone: "UTC" }));

  async function stamp(clockOption: (() => Date | number) | undefined): Promise<{ at: string | undefined; issues: readonly Issue[] }> {
    vi.useFakeTimers({ now: new Date(NOW) });
    const options = clockOption === undefined ? {} : { clock: clockOption };
    const [enriched] = await enrichRecords([cleansed({ id: "1" })], [geo], options);
    vi.useRealTimers();
    return { at: enriched?.enrichment["timezone"]?.at, issues: enriched?.issues ?? [] };
  }

  it("uses the system clock by default, without an issue", async () => {
    expect(await stamp(undefined)).toStrictEqual({ at: NOW, issues: [] });
  });

  it("takes a Date or epoch milliseconds, up to the largest time a Date holds", async () => {
    expect(await stamp(clock)).toStrictEqual({ at: CLOCK_AT, issues: [] });
    expect(await stamp(() => 0)).toStrictEqual({ at: "1970-01-01T00:00:00.000Z", issues: [] });
    expect(await stamp(() => 8.64e15)).toStrictEqual({ at: "+275760-09-13T00:00:00.000Z", issues: [] });
    expect(await stamp(() => -8.64e15)).toStrictEqual({ at: "-271821-04-20T00:00:00.000Z", issues: [] });
    expect(await stamp(() => new Date(-8.64e15))).toStrictEqual({ at: "-271821-04-20T00:00:00.000Z", issues: [] });
  });

  it("falls back to the system clock, with a clock_failed issue, when the clock gives no valid time", async () => {
    const bad = [
      () => 8.64e15 + 1,
      () => -8.64e15 - 1,
      () => 1e16,
      () => Number.NaN,
      () => Infinity,
      () => -Infinity,
      () => new Date(Number.NaN),
      () => "2026-01-01" as never,
      () => null as never,
      (): never => {
        throw new Error("clock");
      },
    ];
    for (const [i, clockOption] of bad.entries()) {
      expect(await stamp(clockOption), String(i)).toStrictEqual({ at: NOW, issues: [CLOCK_FAILED] });
    }
    expect(CLOCK_FAILED).toStrictEqual({
      code: "clock_failed",
      path: [],
      message: "The clock option threw or gave no valid time; the system clock was used instead.",
      severity: "warning",
    });
  });

  it("reports a failing clock once per record, after its other issues, and only on the records it failed for", async () => {
    vi.useFakeTimers({ now: new Date(NOW) });
    let reads = 0;
    const flaky = (): number => {
      reads++;
      return reads <= 2 ? Number.NaN : Date.parse(CLOCK_AT);
    };
    const broken = enricher("broken", () => Promise.reject(new Error("down")));
    const enriched = await enrichRecords([cleansed({ id: "1" }), cleansed({ id: "2" })], [geo, broken, enricher("tier", () => Promise.resolve({ tier: 1 }))], { clock: flaky, concurrency: 1 });
    expect(reads).toBe(4);
    expect(enriched[0]?.issues).toStrictEqual([failed("broken", "error"), CLOCK_FAILED]);
    expect(enriched[0]?.enrichment).toStrictEqual({ timezone: { enricher: "geo", at: NOW }, tier: { enricher: "tier", at: NOW } });
    expect(enriched[1]?.issues).toStrictEqual([failed("broken", "error")]);
    expect(enriched[1]?.enrichment).toStrictEqual({ timezone: { enricher: "geo", at: CLOCK_AT }, tier: { enricher: "tier", at: CLOCK_AT } });
  });
});
