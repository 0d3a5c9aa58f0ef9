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

const SHARDS = 16;

/**
 * The memory store's blocking-key index (about eleven keys a record), compact: each key is in one Map
 * instead of two (members and versions), mapping it to a slot of typed arrays holding its member and
 * version; members are numbered, so each record key's text is held once however many keys name it, and is
 * released when no key names it any more (nothing of an erased record stays). A key with several members
 * keeps them in a Set of numbers, in the order they were added.
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
  /** The slot's member number, or -1 when its members are in `sets`. */
  private memberOf = new Int32Array(1024);
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
    if (slot === undefined) return { key, members: [], size: 0, version: 0 };
    const version = this.versionOf[slot] as number;
    const single = this.memberOf[slot] as number;
    if (single >= 0) return { key, members: limit >= 1 ? [this.names[single] as string] : [], size: 1, version };
    const set = this.sets.get(slot) as Set<number>;
    const members: string[] = [];
    for (const number of set) {
      if (members.length >= limit) break;
      members.push(this.names[number] as string);
    }
    return { key, members, size: set.size, version };
  }

  add(key: string, member: string, sequence: number): void {
    const slot = this.shardOf(key).get(key);
    if (slot === undefined) {
      const fresh = this.allocate();
      this.shardOf(key).set(_flat(key), fresh);
      this.memberOf[fresh] = this.hold(member);
      this.versionOf[fresh] = sequence;
      return;
    }
    this.versionOf[slot] = sequence;
    const single = this.memberOf[slot] as number;
    if (single >= 0) {
      if (this.names[single] === member) return;
      this.sets.set(slot, new Set([single, this.hold(member)]));
      this.memberOf[slot] = -1;
      return;
    }
    const set = this.sets.get(slot) as Set<number>;
    const known = this.numberOf.get(member);
    if (known === undefined || !set.has(known)) set.add(this.hold(member));
  }

  remove(key: string, member: string, sequence: number): void {
    const slot = this.shardOf(key).get(key);
    if (slot === undefined) return;
    const single = this.memberOf[slot] as number;
    if (single >= 0) {
      if (this.names[single] !== member) {
        this.versionOf[slot] = sequence;
        return;
      }
      this.release(single);
      this.shardOf(key).delete(key);
      this.freeSlots.push(slot);
      return;
    }
    this.versionOf[slot] = sequence;
    const set = this.sets.get(slot) as Set<number>;
    const known = this.numberOf.get(member);
    if (known !== undefined && set.delete(known)) this.release(known);
    if (set.size === 1) {
      this.memberOf[slot] = set.values().next().value as number;
      this.sets.delete(slot);
    }
  }

  private allocate(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    if (this.slotCount === this.memberOf.length) {
      const members = new Int32Array(this.memberOf.length * 2);
      members.set(this.memberOf);
      this.memberOf = members;
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
