import type { IndexEntry } from "./store.js";

/**
 * The text itself, stored flat. Texts built by concatenation (keys from template literals, and the output
 * of `JSON.stringify`, built in pieces) are trees of fragments in V8 until something reads a character;
 * reading one joins them into one sequential string, a fifth smaller for a JSON document, and the tree is
 * collected.
 *
 * @internal
 */
export function _flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/**
 * An entry as `entry` answers it: a class, not an object literal, so that V8 never allocates it straight in
 * the old generation (as it may do with a literal's objects after a bulk load), where a dead entry would keep
 * its young member list alive through every young-generation collection until the next full one.
 */
class Entry implements IndexEntry {
  readonly key: string;
  readonly members: readonly string[];
  readonly size: number;
  readonly version: number;
  constructor(key: string, members: readonly string[], size: number, version: number) {
    this.key = key;
    this.members = members;
    this.size = size;
    this.version = version;
  }
}

const SHARDS = 16;

/** Members a key keeps in the index's typed arrays before they move to a Set. */
const INLINE = 4;

/**
 * The memory store's blocking-key index (about eleven keys a record), compact: each key is in one Map
 * instead of two (members and versions), mapping it to a slot of typed arrays holding its members and
 * version; members are numbered, so each record key's text is held once however many keys name it, and is
 * released when no key names it any more (nothing of an erased record stays). A key keeps up to four
 * members in the typed arrays (nine keys in ten have no more: those of one person), more in a Set of
 * numbers; either way in the order they were added. Typed arrays are outside the heap the garbage
 * collector walks; a Set per key was a fifth of the memory store's heap.
 *
 * Versions follow the store contract: every add or remove on a key gives it the commit's sequence number;
 * a key left without members has none (0).
 *
 * @internal
 */
export class _MemberIndex {
  // Sixteen Maps, not one: a Map holds at most 2^24 keys, and a store of a few million records has more
  // blocking keys than that.
  private readonly shards: Map<string, number>[] = Array.from({ length: SHARDS }, () => new Map<string, number>());
  /** The slot's number of members kept inline (1 to 4), or -1 when its members are in `sets`. */
  private countOf = new Int32Array(1024);
  /** The inline members' numbers, four places a slot. */
  private inline = new Int32Array(1024 * INLINE);
  private versionOf = new Float64Array(1024);
  private readonly sets = new Map<number, Set<number>>();
  private readonly freeSlots: number[] = [];
  private slotCount = 0;
  private readonly numberOf = new Map<string, number>();
  private readonly names: (string | null)[] = [];
  private readonly refs: number[] = [];
  private readonly freeNumbers: number[] = [];

  /** Number of keys with members. */
  get size(): number {
    return this.shards.reduce((sum, shard) => sum + shard.size, 0);
  }

  private shardOf(key: string): Map<string, number> {
    // The last characters of a key vary the most (the engine's keys end in a hash).
    let h = key.length;
    for (let k = Math.max(0, key.length - 4); k < key.length; k++) h = (h * 31 + key.charCodeAt(k)) | 0;
    return this.shards[h & (SHARDS - 1)] as Map<string, number>;
  }

  version(key: string): number {
    const slot = this.shardOf(key).get(key);
    return slot === undefined ? 0 : (this.versionOf[slot] as number);
  }

  entry(key: string, limit: number): IndexEntry {
    const slot = this.shardOf(key).get(key);
    if (slot === undefined) return new Entry(key, [], 0, 0);
    const version = this.versionOf[slot] as number;
    const count = this.countOf[slot] as number;
    const members: string[] = [];
    if (count >= 0) {
      for (let k = 0; k < count && k < limit; k++) members.push(this.names[this.inline[slot * INLINE + k] as number] as string);
      return new Entry(key, members, count, version);
    }
    const set = this.sets.get(slot) as Set<number>;
    for (const number of set) {
      if (members.length >= limit) break;
      members.push(this.names[number] as string);
    }
    return new Entry(key, members, set.size, version);
  }

  add(key: string, member: string, sequence: number): void {
    const slot = this.shardOf(key).get(key);
    if (slot === undefined) {
      const fresh = this.allocate();
      this.shardOf(key).set(_flat(key), fresh);
      this.countOf[fresh] = 1;
      this.inline[fresh * INLINE] = this.hold(member);
      this.versionOf[fresh] = sequence;
      return;
    }
    this.versionOf[slot] = sequence;
    const known = this.numberOf.get(member);
    const count = this.countOf[slot] as number;
    if (count < 0) {
      const set = this.sets.get(slot) as Set<number>;
      if (known === undefined || !set.has(known)) set.add(this.hold(member));
      return;
    }
    if (known !== undefined && this.inlineAt(slot, known) >= 0) return;
    if (count < INLINE) {
      this.inline[slot * INLINE + count] = this.hold(member);
      this.countOf[slot] = count + 1;
      return;
    }
    const set = new Set<number>(this.inline.subarray(slot * INLINE, slot * INLINE + count));
    set.add(this.hold(member));
    this.sets.set(slot, set);
    this.countOf[slot] = -1;
  }

  remove(key: string, member: string, sequence: number): void {
    const slot = this.shardOf(key).get(key);
    if (slot === undefined) return;
    const known = this.numberOf.get(member);
    const count = this.countOf[slot] as number;
    if (count < 0) {
      this.versionOf[slot] = sequence;
      const set = this.sets.get(slot) as Set<number>;
      if (known !== undefined && set.delete(known)) this.release(known);
      if (set.size <= INLINE) {
        // Back to the typed arrays, in the Set's order (the order of adding).
        let k = 0;
        for (const number of set) this.inline[slot * INLINE + k++] = number;
        this.countOf[slot] = set.size;
        this.sets.delete(slot);
      }
      return;
    }
    const at = known === undefined ? -1 : this.inlineAt(slot, known);
    if (at < 0) {
      this.versionOf[slot] = sequence;
      return;
    }
    this.release(known as number);
    if (count === 1) {
      this.shardOf(key).delete(key);
      this.freeSlots.push(slot);
      return;
    }
    this.versionOf[slot] = sequence;
    this.inline.copyWithin(slot * INLINE + at, slot * INLINE + at + 1, slot * INLINE + count);
    this.countOf[slot] = count - 1;
  }

  /** Where a member number is among a slot's inline members, or -1. */
  private inlineAt(slot: number, number: number): number {
    const count = this.countOf[slot] as number;
    for (let k = 0; k < count; k++) if (this.inline[slot * INLINE + k] === number) return k;
    return -1;
  }

  private allocate(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    if (this.slotCount === this.countOf.length) {
      const counts = new Int32Array(this.countOf.length * 2);
      counts.set(this.countOf);
      this.countOf = counts;
      const inline = new Int32Array(this.inline.length * 2);
      inline.set(this.inline);
      this.inline = inline;
      const versions = new Float64Array(this.versionOf.length * 2);
      versions.set(this.versionOf);
      this.versionOf = versions;
    }
    return this.slotCount++;
  }

  /** The member's number, counted once more. */
  private hold(member: string): number {
    let number = this.numberOf.get(member);
    if (number === undefined) {
      number = this.freeNumbers.pop() ?? this.names.length;
      this.numberOf.set(_flat(member), number);
      this.names[number] = member;
      this.refs[number] = 0;
    }
    this.refs[number] = (this.refs[number] as number) + 1;
    return number;
  }

  private release(number: number): void {
    const left = (this.refs[number] as number) - 1;
    this.refs[number] = left;
    if (left > 0) return;
    this.numberOf.delete(this.names[number] as string);
    this.names[number] = null;
    this.freeNumbers.push(number);
  }
}
