import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _flat, _MemberIndex } from "./_memberIndex.js";
import { checkChangeSet, DOCUMENT_KINDS, type ChangeSet, type CommitResult, type DocumentKind, type ProfileStore, type StoredDocument } from "./store.js";

interface Entry {
  readonly version: number;
  /** The value as JSON text: a copy nobody can change, a fraction of the memory of the object, and nothing for the garbage collector to walk. */
  readonly text: string;
}

/**
 * The default store: everything in this process's memory, lost when it ends. The reference
 * implementation of the contract, and the oracle of `runStoreConformance`. Values are kept as JSON text
 * and parsed on every read, so neither the engine nor a caller can change what is stored, and every commit
 * is atomic (it runs to completion before any other call).
 *
 * @returns a new, empty store
 * @example
 * ```ts
 * const engine = createProfileEngine({ schema, store: memoryStore() });
 * ```
 */
export function memoryStore(): ProfileStore {
  const documents = new Map<DocumentKind, Map<string, Entry>>(DOCUMENT_KINDS.map((kind) => [kind, new Map()]));
  const index = new _MemberIndex();
  let sequence = 0;
  const counters = new Map<string, number>();
  const space = (kind: DocumentKind): Map<string, Entry> => {
    const map = typeof kind === "string" ? documents.get(kind) : undefined;
    if (map === undefined) throw new ProfileKitError("invalid_options", `memoryStore: unknown document kind ${JSON.stringify(kind)}.`);
    return map;
  };
  const sorted = new Map<DocumentKind, string[] | null>();
  return {
    get(kind, keys) {
      const map = space(kind);
      checkKeys("get", keys);
      return keys.map((key) => {
        const entry = map.get(key);
        return entry === undefined ? null : { key, version: entry.version, value: JSON.parse(entry.text) as unknown };
      });
    },
    members(keys, limit) {
      checkKeys("members", keys);
      if (!Number.isInteger(limit) || limit < 0) throw new ProfileKitError("invalid_options", "memoryStore: members(keys, limit) takes a limit that is a non-negative integer.");
      return keys.map((key) => index.entry(key, limit));
    },
    counters(keys) {
      checkKeys("counters", keys);
      return keys.map((key) => counters.get(key) ?? 0);
    },
    scan(kind, after, limit) {
      const map = space(kind);
      if ((after !== null && typeof after !== "string") || !Number.isInteger(limit) || limit < 0) throw new ProfileKitError("invalid_options", "memoryStore: scan(kind, after, limit) takes a key or null and a non-negative integer limit.");
      let keys = sorted.get(kind) ?? null;
      if (keys === null) {
        keys = [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        sorted.set(kind, keys);
      }
      let low = 0;
      if (after !== null) {
        let high = keys.length;
        while (low < high) {
          const mid = (low + high) >>> 1;
          if ((keys[mid] as string) <= after) low = mid + 1;
          else high = mid;
        }
      }
      const out: StoredDocument[] = [];
      for (let k = low; k < keys.length && out.length < limit; k++) {
        const key = keys[k] as string;
        const entry = map.get(key) as Entry;
        out.push({ key, version: entry.version, value: JSON.parse(entry.text) as unknown });
      }
      return out;
    },
    commit(changes: ChangeSet): CommitResult {
      checkChangeSet("memoryStore", changes);
      const conflicts: string[] = [];
      for (const { kind, key, version } of changes.expect) {
        const current = kind === "index" ? index.version(key) : (space(kind).get(key)?.version ?? 0);
        if (current !== version) conflicts.push(`${kind}:${key}`);
      }
      if (conflicts.length > 0) return { ok: false, conflicts };
      // Copied before anything changes: a value that is not JSON fails the commit, not half of it.
      const puts = changes.put.map(({ kind, key, value }) => ({ map: space(kind), kind, key: _flat(key), text: _flat(jsonText(value)) }));
      const deletes = changes.delete.map(({ kind, key }) => ({ map: space(kind), kind, key }));
      for (const { map, kind, key, text } of puts) {
        if (!map.has(key)) sorted.set(kind, null);
        map.set(key, { version: (map.get(key)?.version ?? 0) + 1, text });
      }
      for (const { map, kind, key } of deletes) if (map.delete(key)) sorted.set(kind, null);
      if (changes.index.length > 0) sequence++;
      for (const { key, member, op } of changes.index) {
        if (op === "add") index.add(key, member, sequence);
        else index.remove(key, member, sequence);
      }
      for (const { key, by } of changes.increment) {
        const value = (counters.get(key) ?? 0) + by;
        if (value === 0) counters.delete(key);
        else counters.set(_flat(key), value);
      }
      return { ok: true };
    },
    close() {},
  };
}

function jsonText(value: unknown): string {
  try {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new TypeError("not JSON");
    return text;
  } catch (error) {
    throw new ProfileKitError("invalid_options", "memoryStore: a value to put is not plain JSON (a cycle, a BigInt, a function?).", { cause: error });
  }
}

function checkKeys(method: string, keys: unknown): void {
  let ok: boolean;
  try {
    ok = Array.isArray(keys) && keys.every((key) => typeof key === "string");
  } catch {
    ok = false;
  }
  if (!ok) throw new ProfileKitError("invalid_options", `memoryStore: ${method} takes an array of string keys.`);
}

