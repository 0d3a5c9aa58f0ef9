/**
 * A set of strings, each with a number, held outside the JavaScript heap: the memory store's keys (record,
 * profile and history keys, blocking keys, counter keys, members of the index). A young-generation collection
 * walks every page of the old generation, so its pause grows with the heap whatever an ingest allocated; a
 * Map of strings costs about 70 bytes of heap a key (the string and its entry), ten and more keys a record.
 * Here a key is its UTF-16 code units in one typed array, found through an open-addressing table (linear
 * probing, backward-shift deletion) of entry numbers; nothing of it is on the heap.
 *
 * Each key has an id, stable while it is in the table and reused after it is removed (the smallest-free
 * order is not kept: the last freed first), and a number (`value`).
 *
 * @internal
 */
export class _KeyTable {
  /** Code units of every key, appended; those of removed keys are garbage until compacted. */
  private chars = new Uint16Array(1 << 12);
  private used = 0;
  private garbage = 0;
  /** Per id: where its key starts in `chars`, its length (-1: free id), its hash and its value. */
  private start = new Int32Array(64);
  private length = new Int32Array(64).fill(-1);
  private hashes = new Int32Array(64);
  private values = new Float64Array(64);
  private ids = 0;
  private readonly free: number[] = [];
  /** Open addressing: id + 1 per position, 0 for empty; at most half full. */
  private table = new Int32Array(128);
  private count = 0;

  /** @param compactFrom - garbage (code units of removed keys) past which, when it is half the text, the text is compacted */
  constructor(private readonly compactFrom: number = 1 << 16) {}

  /** Number of keys. */
  get size(): number {
    return this.count;
  }

  /** The key's id, or -1. */
  id(key: string): number {
    const hash = hashOf(key);
    const mask = this.table.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = this.table[at] as number;
      if (entry === 0) return -1;
      if (this.hashes[entry - 1] === hash && this.matches(entry - 1, key)) return entry - 1;
    }
  }

  /** The key's value, or undefined when the key is not in the table. */
  get(key: string): number | undefined {
    const id = this.id(key);
    return id < 0 ? undefined : this.values[id];
  }

  /** Sets the key's value (adding the key when new); its id. */
  set(key: string, value: number): number {
    const id = this.add(key);
    this.values[id] = value;
    return id;
  }

  /** The key's id, added (with value 0) when it is new. */
  add(key: string): number {
    const hash = hashOf(key);
    let mask = this.table.length - 1;
    let at = hash & mask;
    for (; ; at = (at + 1) & mask) {
      const entry = this.table[at] as number;
      if (entry === 0) break;
      if (this.hashes[entry - 1] === hash && this.matches(entry - 1, key)) return entry - 1;
    }
    if (2 * (this.count + 1) > this.table.length) {
      this.rehash(this.table.length * 2);
      mask = this.table.length - 1;
      at = hash & mask;
      while (this.table[at] !== 0) at = (at + 1) & mask;
    }
    const id = this.newId();
    this.store(id, key);
    this.hashes[id] = hash;
    this.values[id] = 0;
    this.table[at] = id + 1;
    this.count++;
    return id;
  }

  /** Removes the key; whether it was there. */
  delete(key: string): boolean {
    const id = this.id(key);
    if (id < 0) return false;
    this.deleteId(id);
    return true;
  }

  /** Removes the key of an id that is in the table. */
  deleteId(id: number): void {
    const mask = this.table.length - 1;
    let hole = (this.hashes[id] as number) & mask;
    while (this.table[hole] !== id + 1) hole = (hole + 1) & mask;
    // Backward-shift deletion: every entry after the hole that could sit in it moves up, so a look-up never
    // meets an empty position before its key.
    for (let next = (hole + 1) & mask; ; next = (next + 1) & mask) {
      const entry = this.table[next] as number;
      if (entry === 0) break;
      const home = (this.hashes[entry - 1] as number) & mask;
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (stays) continue;
      this.table[hole] = entry;
      hole = next;
    }
    this.table[hole] = 0;
    this.garbage += this.length[id] as number;
    this.length[id] = -1;
    this.free.push(id);
    this.count--;
    if (this.garbage > this.compactFrom && 2 * this.garbage > this.used) this.compact();
  }

  /** The key of an id that is in the table. */
  keyOf(id: number): string {
    const from = this.start[id] as number;
    const to = from + (this.length[id] as number);
    // The code units passed as arguments, 4,096 at a time (never a whole long key: the stack would not hold
    // it): one flat string per chunk, where adding a character at a time would leave a chain of partial
    // strings behind (garbage for every key read). Not TextDecoder, which would replace a lone surrogate.
    if (to - from <= 4096) return String.fromCharCode.apply(null, this.chars.subarray(from, to) as unknown as number[]);
    let text = "";
    for (let k = from; k < to; k += 4096) text += String.fromCharCode.apply(null, this.chars.subarray(k, Math.min(to, k + 4096)) as unknown as number[]);
    return text;
  }

  value(id: number): number {
    return this.values[id] as number;
  }

  setValue(id: number, value: number): void {
    this.values[id] = value;
  }

  /** Every key (in no particular order). */
  keys(): string[] {
    const out: string[] = [];
    for (let id = 0; id < this.ids; id++) if ((this.length[id] as number) >= 0) out.push(this.keyOf(id));
    return out;
  }

  private matches(id: number, key: string): boolean {
    if (this.length[id] !== key.length) return false;
    const from = this.start[id] as number;
    for (let k = 0; k < key.length; k++) if (this.chars[from + k] !== key.charCodeAt(k)) return false;
    return true;
  }

  private newId(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.ids === this.length.length) {
      const grow = <T extends Int32Array | Float64Array>(from: T, make: (n: number) => T): T => {
        const to = make(from.length * 2);
        to.set(from);
        return to;
      };
      this.start = grow(this.start, (n) => new Int32Array(n));
      this.length = grow(this.length, (n) => new Int32Array(n).fill(-1));
      this.hashes = grow(this.hashes, (n) => new Int32Array(n));
      this.values = grow(this.values, (n) => new Float64Array(n));
    }
    return this.ids++;
  }

  private store(id: number, key: string): void {
    if (this.used + key.length > this.chars.length) {
      let size = this.chars.length * 2;
      while (size < this.used + key.length) size *= 2;
      if (size > 2 ** 31) throw new RangeError("profile-kit: more key text than one table holds (2^31 code units).");
      const grown = new Uint16Array(size);
      grown.set(this.chars.subarray(0, this.used));
      this.chars = grown;
    }
    for (let k = 0; k < key.length; k++) this.chars[this.used + k] = key.charCodeAt(k);
    this.start[id] = this.used;
    this.length[id] = key.length;
    this.used += key.length;
  }

  private rehash(size: number): void {
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.ids; id++) {
      if ((this.length[id] as number) < 0) continue;
      let at = (this.hashes[id] as number) & mask;
      while (table[at] !== 0) at = (at + 1) & mask;
      table[at] = id + 1;
    }
    this.table = table;
  }

  /** Copies the live keys' code units together, dropping the removed ones'. */
  private compact(): void {
    const chars = new Uint16Array(Math.max(1 << 12, 2 ** Math.ceil(Math.log2(this.used - this.garbage + 1))));
    let used = 0;
    for (let id = 0; id < this.ids; id++) {
      const length = this.length[id] as number;
      if (length < 0) continue;
      const from = this.start[id] as number;
      chars.set(this.chars.subarray(from, from + length), used);
      this.start[id] = used;
      used += length;
    }
    this.chars = chars;
    this.used = used;
    this.garbage = 0;
  }
}

/** FNV-1a over the code units. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < key.length; k++) hash = Math.imul(hash ^ key.charCodeAt(k), 0x01000193);
  // As a 32-bit integer, as the hashes are kept (the empty key's is the offset basis, past 2^31).
  return hash | 0;
}
