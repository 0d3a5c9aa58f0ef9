import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { _createPool, _mapWithConcurrency } from "./_async.js";

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued promise callback run (no timer moves). */
async function flush(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

/** Watches a promise: `settled` turns true, and `value` is set, once it resolves. */
function watch<T>(promise: Promise<T>) {
  const state: { settled: boolean; value: T | undefined } = { settled: false, value: undefined };
  void promise.then((value) => {
    state.settled = true;
    state.value = value;
  });
  return state;
}

/** Host calls the test controls: each records its start and signal, and settles when the test says. */
function controlledCalls() {
  const started: string[] = [];
  const signals = new Map<string, AbortSignal>();
  const pending = new Map<string, ReturnType<typeof deferred<string>>>();
  const call = (name: string) => (signal: AbortSignal) => {
    started.push(name);
    signals.set(name, signal);
    const d = deferred<string>();
    pending.set(name, d);
    return d.promise;
  };
  const settle = async (name: string, value = `value of ${name}`): Promise<void> => {
    pending.get(name)?.resolve(value);
    await flush();
  };
  return { started, signals, call, settle };
}

const SKIPPED = { ok: false, reason: "skipped", error: undefined };
const TIMED_OUT = { ok: false, reason: "timeout", error: undefined };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("_createPool: outcomes", () => {
  it("starts with zero counts", () => {
    expect(_createPool(2, 100, 100).stats).toStrictEqual({ abandoned: 0, skipped: 0 });
  });

  it("resolves a value, sync or async, as ok", async () => {
    const pool = _createPool(1, 100, 100);
    await expect(pool.run(() => 7)).resolves.toStrictEqual({ ok: true, value: 7 });
    await expect(pool.run(() => Promise.resolve("async"))).resolves.toStrictEqual({ ok: true, value: "async" });
    expect(pool.stats).toStrictEqual({ abandoned: 0, skipped: 0 });
  });

  it("resolves a throw or a rejection as an error outcome carrying the error", async () => {
    const pool = _createPool(1, 100, 100);
    const boom = new Error("boom");
    await expect(
      pool.run(() => {
        throw boom;
      }),
    ).resolves.toStrictEqual({ ok: false, reason: "error", error: boom });
    await expect(pool.run(() => Promise.reject(boom))).resolves.toStrictEqual({ ok: false, reason: "error", error: boom });
  });

  it("gives the call a live signal, and leaves it alone when the call answers in time", async () => {
    const pool = _createPool(1, 100, 100);
    let seen: AbortSignal | undefined;
    await pool.run((signal) => {
      seen = signal;
      return 1;
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(seen?.aborted).toBe(false);
  });

  it("times out exactly at timeoutMs, aborting the signal with a reason naming the limit", async () => {
    const pool = _createPool(1, 100, 100);
    const calls = controlledCalls();
    const outcome = watch(pool.run(calls.call("a")));
    await vi.advanceTimersByTimeAsync(99);
    expect(outcome.settled).toBe(false);
    expect(calls.signals.get("a")?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome.value).toStrictEqual(TIMED_OUT);
    const signal = calls.signals.get("a");
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(Error);
    expect((signal?.reason as Error).message).toBe("timed out after 100 ms");
  });
});

describe("_createPool: slots", () => {
  it("has exactly `limit` calls in flight, never one more, and starts waiting calls in order", async () => {
    const pool = _createPool(2, 1000, 1000);
    const calls = controlledCalls();
    const outcomes = ["a", "b", "c", "d", "e"].map((name) => watch(pool.run(calls.call(name))));
    await flush();
    expect(calls.started).toEqual(["a", "b"]);
    await calls.settle("b");
    expect(calls.started).toEqual(["a", "b", "c"]);
    expect(outcomes[1]?.value).toStrictEqual({ ok: true, value: "value of b" });
    await calls.settle("a");
    expect(calls.started).toEqual(["a", "b", "c", "d"]);
    await calls.settle("c");
    await calls.settle("d");
    expect(calls.started).toEqual(["a", "b", "c", "d", "e"]);
    await calls.settle("e");
    expect(outcomes.map((outcome) => outcome.value)).toStrictEqual(["a", "b", "c", "d", "e"].map((name) => ({ ok: true, value: `value of ${name}` })));
    expect(pool.stats).toStrictEqual({ abandoned: 0, skipped: 0 });
  });

  it("gives a freed slot to one waiting call only; the others keep waiting and are not skipped", async () => {
    const pool = _createPool(1, 1000, 1000);
    const calls = controlledCalls();
    const outcomes = ["a", "b", "c"].map((name) => watch(pool.run(calls.call(name))));
    await flush();
    expect(calls.started).toEqual(["a"]);
    await calls.settle("a");
    expect(calls.started).toEqual(["a", "b"]);
    expect(outcomes[2]?.settled).toBe(false);
    await calls.settle("b");
    expect(calls.started).toEqual(["a", "b", "c"]);
    await calls.settle("c");
    expect(outcomes[2]?.value).toStrictEqual({ ok: true, value: "value of c" });
    expect(pool.stats).toStrictEqual({ abandoned: 0, skipped: 0 });
  });

  it("frees the slot of a call that fails, so the next one runs", async () => {
    const pool = _createPool(1, 1000, 1000);
    const first = watch(pool.run(() => Promise.reject(new Error("no"))));
    const second = watch(pool.run(() => "second"));
    await flush();
    expect(first.value).toMatchObject({ ok: false, reason: "error" });
    expect(second.value).toStrictEqual({ ok: true, value: "second" });
  });

  it("lets a timed-out call keep its slot until it settles", async () => {
    const pool = _createPool(1, 100, 100);
    const calls = controlledCalls();
    const a = watch(pool.run(calls.call("a")));
    const b = watch(pool.run(calls.call("b")));
    await vi.advanceTimersByTimeAsync(100);
    expect(a.value).toStrictEqual(TIMED_OUT);
    expect(calls.started).toEqual(["a"]);
    await vi.advanceTimersByTimeAsync(50);
    expect(calls.started).toEqual(["a"]);
    await calls.settle("a");
    expect(calls.started).toEqual(["a", "b"]);
    // The late answer is dropped: the outcome was already the timeout.
    expect(a.value).toStrictEqual(TIMED_OUT);
    await calls.settle("b");
    expect(b.value).toStrictEqual({ ok: true, value: "value of b" });
    // Settled within its grace period: not abandoned, and no grace timer fires later.
    await vi.advanceTimersByTimeAsync(1000);
    expect(pool.stats).toStrictEqual({ abandoned: 0, skipped: 0 });
  });
});

describe("_createPool: abandoned calls", () => {
  it("abandons a call exactly graceMs after its timeout, then skips the calls that wait for its slot", async () => {
    const pool = _createPool(1, 100, 50);
    const calls = controlledCalls();
    const a = watch(pool.run(calls.call("a")));
    const b = watch(pool.run(calls.call("b")));
    const c = watch(pool.run(calls.call("c")));
    await vi.advanceTimersByTimeAsync(149);
    expect(a.value).toStrictEqual(TIMED_OUT);
    expect(pool.stats).toStrictEqual({ abandoned: 0, skipped: 0 });
    expect(b.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(pool.stats).toStrictEqual({ abandoned: 1, skipped: 2 });
    expect(b.value).toStrictEqual(SKIPPED);
    expect(c.value).toStrictEqual(SKIPPED);
    // A call made while every slot is held by an abandoned call is skipped at once.
    const d = watch(pool.run(calls.call("d")));
    await flush();
    expect(d.value).toStrictEqual(SKIPPED);
    expect(pool.stats).toStrictEqual({ abandoned: 1, skipped: 3 });
    expect(calls.started).toEqual(["a"]);
  });

  it("gives the slot back when an abandoned call finally settles", async () => {
    const pool = _createPool(1, 100, 100);
    const calls = controlledCalls();
    const a = watch(pool.run(calls.call("a")));
    await vi.advanceTimersByTimeAsync(200);
    expect(pool.stats).toStrictEqual({ abandoned: 1, skipped: 0 });
    await calls.settle("a");
    expect(a.value).toStrictEqual(TIMED_OUT);
    const b = watch(pool.run(calls.call("b")));
    // No slot is held by an abandoned call any more: a call waiting for "b"'s slot waits, it is not skipped.
    const c = watch(pool.run(calls.call("c")));
    await flush();
    expect(calls.started).toEqual(["a", "b"]);
    expect(c.settled).toBe(false);
    await calls.settle("b");
    expect(b.value).toStrictEqual({ ok: true, value: "value of b" });
    expect(calls.started).toEqual(["a", "b", "c"]);
    await calls.settle("c");
    expect(c.value).toStrictEqual({ ok: true, value: "value of c" });
    expect(pool.stats).toStrictEqual({ abandoned: 1, skipped: 0 });
    const drained = watch(pool.drain());
    await flush();
    expect(drained.settled).toBe(true);
  });

  it("skips waiting calls once every slot is held by an abandoned call", async () => {
    const pool = _createPool(2, 100, 100);
    const calls = controlledCalls();
    watch(pool.run(calls.call("stuck")));
    const b = watch(pool.run(calls.call("b")));
    const c = watch(pool.run(calls.call("c")));
    await flush();
    expect(calls.started).toEqual(["stuck", "b"]);
    await vi.advanceTimersByTimeAsync(200);
    expect(b.value).toStrictEqual(TIMED_OUT);
    expect(pool.stats).toStrictEqual({ abandoned: 2, skipped: 1 });
    expect(c.value).toStrictEqual(SKIPPED);
  });

  it("keeps waiting calls when one of two slots is abandoned and the other frees", async () => {
    const pool = _createPool(2, 100, 100);
    const calls = controlledCalls();
    watch(pool.run(calls.call("stuck")));
    const b = watch(pool.run(calls.call("b")));
    const c = watch(pool.run(calls.call("c")));
    const d = watch(pool.run(calls.call("d")));
    await vi.advanceTimersByTimeAsync(50);
    await calls.settle("b");
    expect(b.value).toStrictEqual({ ok: true, value: "value of b" });
    expect(calls.started).toEqual(["stuck", "b", "c"]);
    // "stuck" is abandoned at 200 ms; "c" (timed out at 150) answers at 210, within its grace period, so
    // "d" gets its slot and is not skipped.
    await vi.advanceTimersByTimeAsync(150);
    expect(pool.stats).toStrictEqual({ abandoned: 1, skipped: 0 });
    expect(d.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    await calls.settle("c");
    expect(c.value).toStrictEqual(TIMED_OUT);
    expect(calls.started).toEqual(["stuck", "b", "c", "d"]);
    await calls.settle("d");
    expect(d.value).toStrictEqual({ ok: true, value: "value of d" });
    expect(pool.stats).toStrictEqual({ abandoned: 1, skipped: 0 });
  });
});

describe("_createPool: drain", () => {
  it("resolves at once when nothing was made", async () => {
    const drained = watch(_createPool(1, 100, 100).drain());
    await flush();
    expect(drained.settled).toBe(true);
  });

  it("waits for every call made, timed out ones included, and resolves every waiter", async () => {
    const pool = _createPool(2, 100, 1000);
    const calls = controlledCalls();
    const a = watch(pool.run(calls.call("a")));
    void pool.run(calls.call("b"));
    await flush();
    const first = watch(pool.drain());
    const second = watch(pool.drain());
    await vi.advanceTimersByTimeAsync(100);
    expect(a.value).toStrictEqual(TIMED_OUT);
    expect(first.settled).toBe(false);
    await calls.settle("a");
    expect(first.settled).toBe(false);
    await calls.settle("b");
    expect(first.settled).toBe(true);
    expect(second.settled).toBe(true);
    // Drained once, it drains again for the next calls.
    const c = watch(pool.run(calls.call("c")));
    await flush();
    const third = watch(pool.drain());
    await flush();
    expect(third.settled).toBe(false);
    await calls.settle("c");
    expect(third.settled).toBe(true);
    expect(c.value).toStrictEqual({ ok: true, value: "value of c" });
  });

  it("stops waiting for a call once it is abandoned", async () => {
    const pool = _createPool(1, 100, 100);
    const calls = controlledCalls();
    void pool.run(calls.call("a"));
    await flush();
    const drained = watch(pool.drain());
    await vi.advanceTimersByTimeAsync(199);
    expect(drained.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(drained.settled).toBe(true);
  });
});

describe("_mapWithConcurrency", () => {
  it("returns [] for no items without calling the task", async () => {
    const task = vi.fn(() => Promise.resolve(1));
    await expect(_mapWithConcurrency([], 3, task)).resolves.toEqual([]);
    expect(task).not.toHaveBeenCalled();
  });

  it("runs exactly `limit` tasks at once and keeps results in input order", async () => {
    const started: number[] = [];
    const gates = new Map<number, ReturnType<typeof deferred<string>>>();
    const task = (item: string, index: number): Promise<string> => {
      if (index < 0 || index >= 5) throw new Error(`index ${index} out of range`);
      started.push(index);
      const gate = deferred<string>();
      gates.set(index, gate);
      return gate.promise.then((suffix) => `${item}${suffix}`);
    };
    const result = watch(_mapWithConcurrency(["a", "b", "c", "d", "e"], 2, task));
    await flush();
    expect(started).toEqual([0, 1]);
    gates.get(1)?.resolve("1");
    await flush();
    expect(started).toEqual([0, 1, 2]);
    gates.get(2)?.resolve("2");
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    gates.get(3)?.resolve("3");
    gates.get(0)?.resolve("0");
    await flush();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(result.settled).toBe(false);
    gates.get(4)?.resolve("4");
    await flush();
    expect(result.value).toEqual(["a0", "b1", "c2", "d3", "e4"]);
  });

  it("calls the task once per item with its index when the limit exceeds the items", async () => {
    const seen: [string, number][] = [];
    const result = await _mapWithConcurrency(["x", "y"], 8, (item, index) => {
      if (index < 0 || index >= 2) throw new Error(`index ${index} out of range`);
      seen.push([item, index]);
      return Promise.resolve(item.toUpperCase());
    });
    expect(result).toEqual(["X", "Y"]);
    expect(seen).toEqual([
      ["x", 0],
      ["y", 1],
    ]);
  });
});
