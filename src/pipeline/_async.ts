/** The outcome of a host call bounded by a timeout. */
export type _Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: "timeout" | "error"; readonly error: unknown };

/**
 * Calls a host hook with an AbortSignal and a time limit. Never rejects: a throw, a rejection or the
 * timeout come back as an outcome. On timeout the signal is aborted so a well-behaved hook stops its I/O.
 */
export async function _callWithTimeout<T>(call: (signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<_Outcome<T>> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<_Outcome<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      resolve({ ok: false, reason: "timeout", error: undefined });
    }, timeoutMs);
  });
  const attempt = (async (): Promise<_Outcome<T>> => {
    try {
      return { ok: true, value: await call(controller.signal) };
    } catch (error) {
      return { ok: false, reason: "error", error };
    }
  })();
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `task` over `items` with at most `limit` in flight, results in input order. */
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
