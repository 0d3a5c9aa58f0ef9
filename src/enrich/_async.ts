/** The outcome of a host call bounded by a timeout; `skipped` when it was never made (see {@link _createPool}). */
export type _Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: "timeout" | "error"; readonly error: unknown }
  | { readonly ok: false; readonly reason: "skipped"; readonly error: undefined };

/** Counts of calls the pool gave up on, for the batch's report. */
export interface _PoolStats {
  /** Calls that ignored their timeout and then their grace period: the batch stopped waiting for them. */
  abandoned: number;
  /** Calls never made because every slot was held by an abandoned call. */
  skipped: number;
}

/** Runs host calls with at most `limit` in flight, each bounded by a timeout. */
export interface _Pool {
  /**
   * Makes the call when a slot is free and resolves with its outcome: its value, its error, or `timeout`
   * once `timeoutMs` have passed (the signal is then aborted). Never rejects.
   */
  run<T>(call: (signal: AbortSignal) => PromiseLike<T> | T): Promise<_Outcome<T>>;
  /** Resolves once every call made has settled or been abandoned. Never rejects. */
  drain(): Promise<void>;
  /** Live counts. */
  readonly stats: Readonly<_PoolStats>;
}

const SKIPPED: _Outcome<never> = { ok: false, reason: "skipped", error: undefined };
const TIMED_OUT: _Outcome<never> = { ok: false, reason: "timeout", error: undefined };

/**
 * A pool of `limit` slots for host calls. A call holds its slot until it settles, timed out or not: a hook
 * that ignores its AbortSignal keeps its slot, so the host's service never sees more than `limit` calls
 * from one batch. A call still running `graceMs` after its timeout is abandoned: the batch stops waiting
 * for it (counted in `stats.abandoned`) but it keeps its slot until it settles. When every slot is held by
 * an abandoned call, calls that would wait for a slot are not made (`skipped`, counted) — waiting could
 * last forever.
 *
 * @internal
 */
export function _createPool(limit: number, timeoutMs: number, graceMs: number): _Pool {
  const stats: _PoolStats = { abandoned: 0, skipped: 0 };
  // `busy` counts calls in flight, abandoned ones included: it never exceeds `limit`. `lost` counts the
  // abandoned ones, `pending` the others (what drain waits for).
  let busy = 0;
  let lost = 0;
  let pending = 0;
  const waiting: ((granted: boolean) => void)[] = [];
  let drained: (() => void)[] = [];

  const wake = (): void => {
    while (waiting.length > 0 && busy < limit) {
      busy++;
      (waiting.shift() as (granted: boolean) => void)(true);
    }
    if (lost >= limit) while (waiting.length > 0) (waiting.shift() as (granted: boolean) => void)(false);
  };
  const settle = (): void => {
    if (pending > 0) return;
    const resolvers = drained;
    drained = [];
    for (const resolve of resolvers) resolve();
  };
  const acquire = (): Promise<boolean> | boolean => {
    if (busy < limit) {
      busy++;
      return true;
    }
    if (lost >= limit) return false;
    return new Promise<boolean>((resolve) => waiting.push(resolve));
  };

  const run = async <T>(call: (signal: AbortSignal) => PromiseLike<T> | T): Promise<_Outcome<T>> => {
    if (!(await acquire())) {
      stats.skipped++;
      return SKIPPED;
    }
    pending++;
    const controller = new AbortController();
    let done = false;
    let abandoned = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const attempt = (async (): Promise<_Outcome<T>> => {
      try {
        return { ok: true, value: await call(controller.signal) };
      } catch (error) {
        return { ok: false, reason: "error", error };
      }
    })();
    const timeout = new Promise<_Outcome<T>>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error(`timed out after ${timeoutMs} ms`));
        resolve(TIMED_OUT);
        graceTimer = setTimeout(() => {
          if (done) return;
          abandoned = true;
          lost++;
          pending--;
          stats.abandoned++;
          wake();
          settle();
        }, graceMs);
      }, timeoutMs);
    });
    void attempt.then(() => {
      done = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      busy--;
      if (abandoned) lost--;
      else pending--;
      wake();
      settle();
    });
    return Promise.race([attempt, timeout]);
  };

  const drain = (): Promise<void> => (pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => drained.push(resolve)));

  return { run, drain, stats };
}

/** Runs `task` over `items` with at most `limit` in flight, results in input order. `task` must not reject. */
export async function _mapWithConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
