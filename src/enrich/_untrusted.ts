import { ProfileKitError } from "../errors/ProfileKitError.js";

/**
 * The own enumerable property `key` of a value a host hook returned, or undefined. Inherited members
 * ("constructor", "toString") are never read. A throwing getter or Proxy trap throws: callers read inside
 * try/catch.
 *
 * @internal
 */
export function _readOwn(value: object, key: string): unknown {
  // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- guarded by the own-enumerable check
  return Object.prototype.propertyIsEnumerable.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The caller's list (records, enrichers) as a fresh array, read once by index (not with an iterator the
 * caller's object may replace). Throws `invalid_options` when it is not a readable array or an element
 * cannot be read: these are results of cleansing or hooks, so an unreadable one is a programming error, not
 * bad data.
 *
 * @internal
 */
export function _readList<T>(functionName: string, what: string, records: readonly T[]): T[] {
  let length: number;
  try {
    if (!Array.isArray(records)) throw new TypeError("not an array");
    length = records.length;
    // A Proxy can claim any length; a real array's is a safe integer below 2^32.
    if (!Number.isSafeInteger(length) || length < 0 || length > 0xffff_ffff) throw new RangeError("invalid length");
  } catch (error) {
    throw new ProfileKitError("invalid_options", `${functionName}: ${what} must be an array.`, { cause: error });
  }
  const list = new Array<T>(length);
  for (let i = 0; i < length; i++) {
    try {
      list[i] = records[i] as T;
    } catch (error) {
      throw new ProfileKitError("invalid_options", `${functionName}: ${what}[${i}] could not be read.`, { cause: error });
    }
  }
  return list;
}
