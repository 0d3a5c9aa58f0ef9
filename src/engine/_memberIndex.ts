import { _youngList } from "../shared/_young.js";
import { _KeyTable } from "./_keyTable.js";
import { _MemberLists } from "./_memberLists.js";
import type { IndexEntry } from "./store.js";

/**
 * An entry as `entry` answers it (and as the engine keeps it): a class, not an object literal, so that V8
 * never allocates it straight in the old generation (as it may do with a literal's objects after a bulk
 * load), where a dead entry would keep its young member list alive through every young-generation
 * collection until the next full one (see shared/_young.ts).
 */
export class _IndexEntry implements IndexEntry {
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

/** Members a key keeps in its own slot of the index's typed arrays before they move to a list. */
const INLINE = 4;

/**
 * The memory store's blocking-key index (about eleven keys a record), compact: each key is in one table
 * instead of two maps (members and versions), its id there the slot of typed arrays holding its members and
 * version; members are numbered, so each record key's text is held once however many keys name it, and is
 * released when no key names it any more (nothing of an erased record stays). A key keeps up to four
 * members in its slot of the typed arrays (nine keys in ten have no more: those of one person), more in a
 * list of `_MemberLists`; either way in the order they were added. Keys, members, slots and lists are all
 * outside the heap the garbage collector walks (`_KeyTable`, `_MemberLists`): a Set per key was a fifth of
 * the memory store's heap, and Maps of the keys' strings most of the rest.
 *
 * Versions follow the store contract: every add or remove on a key gives it the commit's sequence number;
 * a key left without members has none (0).
 *
 * @internal
 */
export class _MemberIndex {
  /** The keys with members; a key's id is its slot. */
  private readonly slots = new _KeyTable();
  /** The slot's number of members kept inline (1 to 4), or -1 when its members are in a list. */
  private countOf = new Int32Array(1024);
  /** The inline members' numbers, four places a slot; a slot whose members are in a list holds its id first. */
  private inline = new Int32Array(1024 * INLINE);
  private versionOf = new Float64Array(1024);
  private readonly lists = new _MemberLists();
  /** The record keys that are members; a member's id is its number, its value how many keys hold it. */
  private readonly members = new _KeyTable();

  /** Number of keys with members. */
  get size(): number {
    return this.slots.size;
  }

  version(key: string): number {
    const slot = this.slots.id(key);
    return slot < 0 ? 0 : (this.versionOf[slot] as number);
  }

  entry(key: string, limit: number): IndexEntry {
    const slot = this.slots.id(key);
    if (slot < 0) return new _IndexEntry(key, _youngList<string>(), 0, 0);
    const version = this.versionOf[slot] as number;
    const count = this.countOf[slot] as number;
    // Young whatever an ingestMany taught an `[]` here (see shared/_young.ts): it holds the members read.
    const members = _youngList<string>();
    if (count >= 0) {
      for (let k = 0; k < count && k < limit; k++) members.push(this.members.keyOf(this.inline[slot * INLINE + k] as number));
      return new _IndexEntry(key, members, count, version);
    }
    const list = this.inline[slot * INLINE] as number;
    if (limit > 0) {
      this.lists.forEach(list, (number) => {
        members.push(this.members.keyOf(number));
        return members.length < limit;
      });
    }
    return new _IndexEntry(key, members, this.lists.size(list), version);
  }

  add(key: string, member: string, sequence: number): void {
    const slot = this.slots.id(key);
    if (slot < 0) {
      const fresh = this.slots.add(key);
      this.reserve(fresh);
      this.countOf[fresh] = 1;
      this.inline[fresh * INLINE] = this.hold(member);
      this.versionOf[fresh] = sequence;
      return;
    }
    this.versionOf[slot] = sequence;
    const known = this.members.id(member);
    const count = this.countOf[slot] as number;
    if (count < 0) {
      const list = this.inline[slot * INLINE] as number;
      if (known < 0 || !this.lists.has(list, known)) this.lists.append(list, this.hold(member));
      return;
    }
    if (known >= 0 && this.inlineAt(slot, known) >= 0) return;
    if (count < INLINE) {
      this.inline[slot * INLINE + count] = this.hold(member);
      this.countOf[slot] = count + 1;
      return;
    }
    const list = this.lists.create();
    for (let k = 0; k < count; k++) this.lists.append(list, this.inline[slot * INLINE + k] as number);
    this.lists.append(list, this.hold(member));
    this.inline[slot * INLINE] = list;
    this.countOf[slot] = -1;
  }

  remove(key: string, member: string, sequence: number): void {
    const slot = this.slots.id(key);
    if (slot < 0) return;
    const known = this.members.id(member);
    const count = this.countOf[slot] as number;
    if (count < 0) {
      this.versionOf[slot] = sequence;
      const list = this.inline[slot * INLINE] as number;
      if (known >= 0 && this.lists.remove(list, known)) this.release(known);
      const size = this.lists.size(list);
      if (size <= INLINE) {
        // Back to the slot, in the list's order (the order of adding).
        let k = 0;
        this.lists.forEach(list, (number) => {
          this.inline[slot * INLINE + k++] = number;
          return true;
        });
        this.lists.drop(list);
        this.countOf[slot] = size;
      }
      return;
    }
    const at = known < 0 ? -1 : this.inlineAt(slot, known);
    if (at < 0) {
      this.versionOf[slot] = sequence;
      return;
    }
    this.release(known);
    if (count === 1) {
      this.slots.deleteId(slot);
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

  /** Room in the slot arrays for a slot (ids are dense: the table reuses removed ones first). */
  private reserve(slot: number): void {
    if (slot < this.countOf.length) return;
    const size = Math.max(this.countOf.length * 2, slot + 1);
    const counts = new Int32Array(size);
    counts.set(this.countOf);
    this.countOf = counts;
    const inline = new Int32Array(size * INLINE);
    inline.set(this.inline);
    this.inline = inline;
    const versions = new Float64Array(size);
    versions.set(this.versionOf);
    this.versionOf = versions;
  }

  /** The member's number, counted once more. */
  private hold(member: string): number {
    const number = this.members.add(member);
    this.members.setValue(number, this.members.value(number) + 1);
    return number;
  }

  private release(number: number): void {
    const left = this.members.value(number) - 1;
    if (left > 0) this.members.setValue(number, left);
    else this.members.deleteId(number);
  }
}
