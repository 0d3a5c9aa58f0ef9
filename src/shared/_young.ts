/**
 * Objects and lists that V8 always allocates in the young generation.
 *
 * V8 learns, per allocation site (an object or array literal, a `new Array`), whether what the site
 * allocates tends to live long; once it does, the site allocates straight in the old generation
 * ("pretenuring"). A batch (`ingestMany`) keeps its records' objects alive for many young-generation
 * collections, so it teaches that to every site the one-record path shares with it. After it, each
 * `ingest` allocated those objects in the old generation, where they stay until the next full collection
 * although they died with the ingest; and every young object they point to (parsed documents, member
 * lists, history values) survived each young-generation collection and was promoted. Measured on a store
 * of 20,000 records filled by `ingestMany`: about 300 KB promoted at each scavenge of the one-record path,
 * against 15 KB when the same store was filled one record at a time (or V8 ran without pretenuring).
 *
 * Builtins such as `Array.of` and objects made by `new` from a function are never pretenured. The objects
 * made here are plain: their prototype is `Object.prototype` (the constructor's `prototype` is set to it),
 * so nothing can tell them from literals — JSON, spread, structuredClone and the JSON-value checks treat
 * them alike.
 *
 * @internal
 */

/** An empty list, allocated young (an `[]` literal's site may have learnt to allocate old). @internal */
export function _youngList<T>(): T[] {
  return Array.of<T>();
}

/** A list of one item, allocated young. @internal */
export function _youngListOf<T>(item: T): T[] {
  return Array.of<T>(item);
}

/**
 * A constructor of plain objects from a function that sets their fields (in one order, so that every
 * object it makes has one shape): `new` gives an object whose prototype is `Object.prototype`, as a literal's.
 *
 * @internal
 */
export function _plainObjects<A extends unknown[], T extends object>(init: (this: T, ...args: A) => void): new (...args: A) => T {
  const made = init as unknown as { prototype: object } & (new (...args: A) => T);
  made.prototype = Object.prototype;
  return made;
}

/**
 * `list.map(fn)` into a young, packed list whatever tier runs the caller. `Array.prototype.map` returns a
 * packed list from its builtin but a holey one once TurboFan inlines it into an optimized caller; a list
 * whose elements kind changes that way deoptimizes every function optimized for the other kind (an
 * engine's comparators, optimized by a batch, were deoptimized by the one-record path's first optimized
 * `_fromRows`). Pushing keeps one kind.
 *
 * @internal
 */
export function _youngMap<T, U>(list: readonly T[], fn: (item: T, index: number) => U): U[] {
  const out = Array.of<U>();
  for (let i = 0; i < list.length; i++) out.push(fn(list[i] as T, i));
  return out;
}
