/**
 * Lookups that never reach `Object.prototype`. A key that came from data ("constructor", "toString",
 * "__proto__") must read as absent from a table and must never swap a result's prototype. The lint rule
 * `profile-kit/no-dynamic-key-lookup` sends every dynamic-key access on a plain object through here (or
 * through a Map).
 */

declare const nullPrototype: unique symbol;

/**
 * A table without a prototype: indexing it with any string reads only its own entries. The brand lets the
 * lint rule tell it from a plain object.
 *
 * @internal
 */
export type _Dict<V> = { [key: string]: V | undefined } & { readonly [nullPrototype]?: true };

/**
 * A null-prototype table holding `entries` (own enumerable properties only).
 *
 * @internal
 */
export function _dict<V>(entries: Readonly<Record<string, V>> = {}): _Dict<V> {
  const table = Object.create(null) as _Dict<V>;
  for (const key of Object.keys(entries)) {
    // Object.defineProperty on a null-prototype object: "__proto__" is an ordinary key here.
    Object.defineProperty(table, key, { value: Object.getOwnPropertyDescriptor(entries, key)?.value as V, enumerable: true, writable: true, configurable: true });
  }
  return table;
}

/**
 * The own property `key` of `object`, or undefined: never an inherited member, and never a throw — a
 * getter or Proxy trap that throws, or a revoked Proxy, reads as absent.
 *
 * @internal
 */
export function _own(object: object, key: string): unknown {
  try {
    // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- guarded by the own-property check
    return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets `key` on `object` as an own data property, also for "__proto__" (which plain assignment would turn
 * into a prototype swap).
 *
 * @internal
 */
export function _setOwn(object: object, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- "__proto__" handled above; other keys only create own properties
  else (object as Record<string, unknown>)[key] = value;
}

/**
 * A read-only Map of a constant table: the shape for reference data looked up with keys from data.
 *
 * @internal
 */
export function _table<V>(entries: Readonly<Record<string, V>>): ReadonlyMap<string, V> {
  return new Map(Object.entries(entries));
}
