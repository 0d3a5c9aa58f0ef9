/**
 * FNV-1a, 32 bits: a fast, stable hash of a text (blocking keys, ids derived from content).
 *
 * @internal
 */
export function _hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A stable profile id from the smallest record id of its members: `pk_` and 16 hex digits. The same
 * members give the same id, whatever their order, in identity/ and merge/ alike.
 *
 * @internal
 */
export function _clusterId(smallestRecordId: string): string {
  const a = _hash32(smallestRecordId, 0x811c9dc5).toString(16).padStart(8, "0");
  const b = _hash32(smallestRecordId, 0x01000193).toString(16).padStart(8, "0");
  return `pk_${a}${b}`;
}
