// Where V8 allocated an object, for the `v8` test project (node runs it with --allow-natives-syntax).

/** Whether V8 holds `value` in the young generation (V8's own test intrinsic). */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the intrinsic is only reachable through code compiled at run time
export const inYoung = new Function("value", "return %InYoungGeneration(value);") as (value: unknown) => boolean;

/**
 * Teaches V8 that what `make` allocates lives long: its results are kept through many young-generation
 * collections, as a batch keeps its records' objects. A literal's allocation site learns from this to
 * allocate straight in the old generation.
 */
export function train(make: (i: number) => unknown, rounds = 3_000_000): void {
  // More kept than a young-generation collection's worth of allocation, so that nearly all of what the
  // site made since the last one is alive at each (V8 decides at 85%).
  let kept: unknown[] = [];
  for (let i = 0; i < rounds; i++) {
    kept.push(make(i));
    if (kept.length >= 1_500_000) kept = [];
  }
}

/** How many of `count` fresh results of `make` V8 allocated outside the young generation. */
export function oldCount(make: (i: number) => unknown, count = 200): number {
  let old = 0;
  for (let i = 0; i < count; i++) if (!inYoung(make(i))) old++;
  return old;
}
