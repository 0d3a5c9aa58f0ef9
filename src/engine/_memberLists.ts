/** Smallest region a list gets (a list starts with five members: the four inline ones and the next). */
const MIN_CLASS = 3;
/** A removed member's place in a region until the list is compacted. */
const HOLE = -1;

/**
 * Lists of member numbers, each in the order its members were added, held outside the JavaScript heap: the
 * members of the index keys that have more than a few (a common surname, a shared placeholder email). They
 * were a Set each, the last per-record objects the memory store kept on the heap; scattered over every page
 * a bulk load left behind, they kept those pages from being released, and a young-generation collection
 * walks every page of the old generation (at a million records, about 1.5 ms of each scavenge was that walk).
 *
 * A list is a region of `pool` (its capacity a power of two, reused through a free chain per capacity);
 * a removed member leaves a hole until the list is compacted. Whether a list holds a member, and where, is
 * an open-addressing table keyed by (list, member) — linear probing, backward-shift deletion — so adding,
 * finding and removing take constant time however long a list grows.
 *
 * @internal
 */
export class _MemberLists {
  private pool = new Int32Array(1 << 12);
  private poolUsed = 0;
  /** Per capacity class (log2), the first free region, or -1; a free region's first place holds the next. */
  private readonly freeHead = new Int32Array(32).fill(-1);
  /** Per list id: its region's start, capacity class (-1: a free id), places used (holes included), members. */
  private start = new Int32Array(64);
  private capClass = new Int32Array(64).fill(-1);
  private used = new Int32Array(64);
  private live = new Int32Array(64);
  private ids = 0;
  /** Free list ids, chained through `start`; -1 ends the chain. */
  private freeId = -1;
  /** (list, member) → place in the list's region; `pairList` -1 for an empty position; at most half full. */
  private pairList = new Int32Array(1024).fill(-1);
  private pairMember = new Int32Array(1024);
  private pairPlace = new Int32Array(1024);
  private pairs = 0;

  /** A new, empty list's id. */
  create(): number {
    let id = this.freeId;
    if (id >= 0) this.freeId = this.start[id] as number;
    else {
      if (this.ids === this.capClass.length) this.growIds();
      id = this.ids++;
    }
    this.capClass[id] = MIN_CLASS;
    this.start[id] = this.allocate(MIN_CLASS);
    this.used[id] = 0;
    this.live[id] = 0;
    return id;
  }

  /** Number of members of a list. */
  size(list: number): number {
    return this.live[list] as number;
  }

  has(list: number, member: number): boolean {
    return this.find(list, member) >= 0;
  }

  /** Appends a member the list does not hold (the caller checks with `has`). */
  append(list: number, member: number): void {
    if (this.used[list] === 1 << (this.capClass[list] as number)) this.relocate(list);
    const place = this.used[list] as number;
    this.pool[(this.start[list] as number) + place] = member;
    this.used[list] = place + 1;
    this.live[list] = (this.live[list] as number) + 1;
    this.insertPair(list, member, place);
  }

  /** Removes a member; whether the list held it. */
  remove(list: number, member: number): boolean {
    const at = this.find(list, member);
    if (at < 0) return false;
    this.pool[(this.start[list] as number) + (this.pairPlace[at] as number)] = HOLE;
    this.deletePairAt(at);
    const live = (this.live[list] as number) - 1;
    this.live[list] = live;
    // Holes past half the places: the members moved together (in order), so a long list read for its first
    // members does not step over a run of holes.
    if (2 * live < (this.used[list] as number)) this.compact(list, this.start[list] as number);
    return true;
  }

  /** Calls `each` with the list's members in the order they were added, until it returns false. */
  forEach(list: number, each: (member: number) => boolean): void {
    const from = this.start[list] as number;
    const to = from + (this.used[list] as number);
    for (let k = from; k < to; k++) {
      const member = this.pool[k] as number;
      if (member !== HOLE && !each(member)) return;
    }
  }

  /** Frees a list and its id, its members forgotten (the caller has read them). */
  drop(list: number): void {
    this.forEach(list, (member) => {
      this.deletePairAt(this.find(list, member));
      return true;
    });
    this.release(this.start[list] as number, this.capClass[list] as number);
    this.capClass[list] = -1;
    this.start[list] = this.freeId;
    this.freeId = list;
  }

  /** Moves a full list's members together: in place when half of it is holes, else to a region twice the size. */
  private relocate(list: number): void {
    const cls = this.capClass[list] as number;
    if (2 * (this.live[list] as number) <= 1 << cls) {
      this.compact(list, this.start[list] as number);
      return;
    }
    const from = this.start[list] as number;
    const to = this.allocate(cls + 1);
    this.compact(list, to);
    this.release(from, cls);
    this.start[list] = to;
    this.capClass[list] = cls + 1;
  }

  /** Copies the list's members, in order and without holes, to `to` (its own start or a new region). */
  private compact(list: number, to: number): void {
    const from = this.start[list] as number;
    const end = from + (this.used[list] as number);
    let place = 0;
    for (let k = from; k < end; k++) {
      const member = this.pool[k] as number;
      if (member === HOLE) continue;
      this.pool[to + place] = member;
      this.pairPlace[this.find(list, member)] = place;
      place++;
    }
    this.used[list] = place;
  }

  private allocate(cls: number): number {
    const head = this.freeHead[cls] as number;
    if (head >= 0) {
      this.freeHead[cls] = this.pool[head] as number;
      return head;
    }
    const size = 1 << cls;
    if (this.poolUsed + size > this.pool.length) {
      let length = this.pool.length * 2;
      while (length < this.poolUsed + size) length *= 2;
      if (length > 2 ** 31) throw new RangeError("profile-kit: more index members than one table holds (2^31).");
      const grown = new Int32Array(length);
      grown.set(this.pool.subarray(0, this.poolUsed));
      this.pool = grown;
    }
    const at = this.poolUsed;
    this.poolUsed += size;
    return at;
  }

  private release(at: number, cls: number): void {
    this.pool[at] = this.freeHead[cls] as number;
    this.freeHead[cls] = at;
  }

  private growIds(): void {
    const grow = (from: Int32Array<ArrayBuffer>, fill: number): Int32Array<ArrayBuffer> => {
      const to = new Int32Array(from.length * 2).fill(fill);
      to.set(from);
      return to;
    };
    this.start = grow(this.start, 0);
    this.capClass = grow(this.capClass, -1);
    this.used = grow(this.used, 0);
    this.live = grow(this.live, 0);
  }

  /** The pair's position in the table, or -1. */
  private find(list: number, member: number): number {
    const mask = this.pairList.length - 1;
    for (let at = _pairHash(list, member) & mask; ; at = (at + 1) & mask) {
      const owner = this.pairList[at] as number;
      if (owner < 0) return -1;
      if (owner === list && this.pairMember[at] === member) return at;
    }
  }

  private insertPair(list: number, member: number, place: number): void {
    if (2 * (this.pairs + 1) > this.pairList.length) this.rehash(this.pairList.length * 2);
    const mask = this.pairList.length - 1;
    let at = _pairHash(list, member) & mask;
    while ((this.pairList[at] as number) >= 0) at = (at + 1) & mask;
    this.pairList[at] = list;
    this.pairMember[at] = member;
    this.pairPlace[at] = place;
    this.pairs++;
  }

  /** Backward-shift deletion (as in `_KeyTable`): no look-up meets an empty position before its pair. */
  private deletePairAt(at: number): void {
    const mask = this.pairList.length - 1;
    let hole = at;
    for (let next = (hole + 1) & mask; ; next = (next + 1) & mask) {
      const owner = this.pairList[next] as number;
      if (owner < 0) break;
      const home = _pairHash(owner, this.pairMember[next] as number) & mask;
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (stays) continue;
      this.pairList[hole] = owner;
      this.pairMember[hole] = this.pairMember[next] as number;
      this.pairPlace[hole] = this.pairPlace[next] as number;
      hole = next;
    }
    this.pairList[hole] = -1;
    this.pairs--;
  }

  private rehash(size: number): void {
    const lists = new Int32Array(size).fill(-1);
    const members = new Int32Array(size);
    const places = new Int32Array(size);
    const mask = size - 1;
    for (let k = 0; k < this.pairList.length; k++) {
      const owner = this.pairList[k] as number;
      if (owner < 0) continue;
      let at = _pairHash(owner, this.pairMember[k] as number) & mask;
      while ((lists[at] as number) >= 0) at = (at + 1) & mask;
      lists[at] = owner;
      members[at] = this.pairMember[k] as number;
      places[at] = this.pairPlace[k] as number;
    }
    this.pairList = lists;
    this.pairMember = members;
    this.pairPlace = places;
  }
}

/**
 * A 32-bit mix of a list id and a member number (murmur3's finaliser over both).
 *
 * @internal
 */
export function _pairHash(list: number, member: number): number {
  let h = Math.imul(list, 0x9e3779b1) ^ member;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
