/**
 * Seeded pseudo-random numbers (sfc32 seeded through splitmix32). Never `Math.random`: every result of
 * profile-kit that involves chance is a pure function of an explicit seed.
 */

/** A source of uniform numbers in [0, 1), plus helpers. Not shared between calls: create one per use. */
export interface _Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

/** Mixes a 32-bit state into a well-distributed 32-bit value (splitmix32). */
export function _mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Derives a seed from a parent seed and a stream index, so independent streams can be created lazily. */
export function _deriveSeed(seed: number, index: number): number {
  return _mix32(_mix32(seed >>> 0) ^ Math.imul(index + 1, 0x27d4eb2d));
}

/** Creates a seeded generator. Same seed, same sequence, on every platform. */
export function _createRandom(seed: number): _Random {
  let a = _mix32(seed);
  let b = _mix32(a ^ 0x6a09e667);
  let c = _mix32(b ^ 0xbb67ae85);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
