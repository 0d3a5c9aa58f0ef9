/**
 * Texts kept outside the JavaScript heap: UTF-8 bytes in large buffers, each text found by a slot number.
 *
 * Why: the memory store holds every document as JSON text, about half of its memory. On the heap, a
 * million records' texts are gigabytes the garbage collector has to account for, and every
 * young-generation collection (one every few dozen ingests) grows slower with the old generation behind
 * it: measured in a bare script, 0.7–0.9 ms with a million texts in buffers against 2–14 ms with the
 * same texts as strings. A buffer's bytes are one block the collector never walks.
 *
 * Texts must be well-formed UTF-16 (no lone surrogates, which UTF-8 cannot hold): JSON.stringify's output
 * always is (it escapes them). Texts are appended to the current chunk; a replaced or freed text's bytes
 * are zeroed at once (an erased record's personal data does not linger in the buffers) and counted as
 * garbage; a chunk that is mostly garbage has its live texts moved to the current chunk and is released,
 * so memory follows what is stored.
 *
 * @internal
 */
export class _TextArena {
  private readonly chunkSize: number;
  /** The size of the next chunk: small stores start small, and chunks double up to `chunkSize`. */
  private nextSize: number;
  private readonly chunks: (Buffer | null)[] = [];
  /** Bytes of live texts in each chunk. */
  private readonly live: number[] = [];
  /** Bytes written to each chunk (live or garbage). */
  private readonly used: number[] = [];
  private current = -1;
  private chunkOf = new Int32Array(1024);
  private offsetOf = new Int32Array(1024);
  private lengthOf = new Int32Array(1024);
  private readonly freeSlots: number[] = [];
  private slotCount = 0;
  private readonly freeChunks: number[] = [];

  /**
   * @param chunkSize bytes of the largest buffer (a longer text gets a buffer of its own)
   * @param firstChunk bytes of the first buffer; each next one is twice the last, up to `chunkSize`
   */
  constructor(chunkSize: number = 16 * 1024 * 1024, firstChunk: number = Math.min(64 * 1024, chunkSize)) {
    this.chunkSize = chunkSize;
    this.nextSize = firstChunk;
  }

  /** Bytes held in buffers (live texts, garbage not yet reclaimed, and free space of the current chunk). */
  get bytes(): number {
    let sum = 0;
    for (const chunk of this.chunks) if (chunk !== null) sum += chunk.length;
    return sum;
  }

  /** Stores a text; returns its slot. */
  add(text: string): number {
    const slot = this.freeSlots.pop() ?? this.grow();
    this.place(slot, text);
    return slot;
  }

  /** Replaces the text of a slot (the old bytes zeroed). */
  replace(slot: number, text: string): void {
    this.release(slot);
    this.place(slot, text);
  }

  /** Frees a slot (its bytes zeroed). */
  free(slot: number): void {
    this.release(slot);
    this.freeSlots.push(slot);
  }

  read(slot: number): string {
    if (this.chunkOf[slot] === EMPTY) return "";
    const chunk = this.chunks[this.chunkOf[slot] as number] as Buffer;
    const offset = this.offsetOf[slot] as number;
    return chunk.toString("utf8", offset, offset + (this.lengthOf[slot] as number));
  }

  private grow(): number {
    if (this.slotCount === this.chunkOf.length) {
      const size = this.chunkOf.length * 2;
      this.chunkOf = grown(this.chunkOf, size);
      this.offsetOf = grown(this.offsetOf, size);
      this.lengthOf = grown(this.lengthOf, size);
    }
    return this.slotCount++;
  }

  private place(slot: number, text: string): void {
    const length = Buffer.byteLength(text, "utf8");
    if (length === 0) {
      // No bytes, so in no chunk (a chunk without live bytes is released).
      this.chunkOf[slot] = EMPTY;
      this.lengthOf[slot] = 0;
      return;
    }
    if (length > this.chunkSize) {
      // A text longer than a chunk: a buffer of its own, released when the text is.
      const own = this.newChunk(length);
      this.write(slot, own, text, length);
      return;
    }
    if (this.current >= 0 && (this.used[this.current] as number) + length <= (this.chunks[this.current] as Buffer).length) {
      this.write(slot, this.current, text, length);
      return;
    }
    // The current chunk is full: a new one, and the full one is reclaimed if it is mostly garbage already
    // (after the write, so the texts it moves land behind this one).
    const previous = this.current;
    this.current = this.newChunk(Math.max(this.nextSize, length));
    this.nextSize = Math.min(this.chunkSize, this.nextSize * 2);
    this.write(slot, this.current, text, length);
    if (previous >= 0) this.reclaim(previous);
  }

  private write(slot: number, chunk: number, text: string, length: number): void {
    const offset = this.used[chunk] as number;
    (this.chunks[chunk] as Buffer).write(text, offset, length, "utf8");
    this.chunkOf[slot] = chunk;
    this.offsetOf[slot] = offset;
    this.lengthOf[slot] = length;
    this.used[chunk] = offset + length;
    this.live[chunk] = (this.live[chunk] as number) + length;
  }

  private newChunk(size: number): number {
    const buffer = Buffer.alloc(size);
    const reused = this.freeChunks.pop();
    const chunk = reused ?? this.chunks.length;
    this.chunks[chunk] = buffer;
    this.live[chunk] = 0;
    this.used[chunk] = 0;
    return chunk;
  }

  private release(slot: number): void {
    const chunk = this.chunkOf[slot] as number;
    if (chunk === EMPTY) return;
    const offset = this.offsetOf[slot] as number;
    const length = this.lengthOf[slot] as number;
    (this.chunks[chunk] as Buffer).fill(0, offset, offset + length);
    this.live[chunk] = (this.live[chunk] as number) - length;
    // Out of the chunk before it is reclaimed: its texts moved are the live ones only.
    this.chunkOf[slot] = DETACHED;
    if (chunk !== this.current) this.reclaim(chunk);
  }

  /** A chunk left without live texts is dropped; one mostly garbage has its texts moved and is dropped. */
  private reclaim(chunk: number): void {
    const live = this.live[chunk] as number;
    const size = (this.chunks[chunk] as Buffer).length;
    if (live > 0 && live * 4 > size) return;
    if (live > 0) {
      for (let slot = 0; slot < this.slotCount; slot++) {
        if (this.chunkOf[slot] !== chunk) continue;
        const text = this.read(slot);
        this.live[chunk] = (this.live[chunk] as number) - (this.lengthOf[slot] as number);
        this.place(slot, text);
      }
    }
    this.chunks[chunk] = null;
    this.live[chunk] = 0;
    this.used[chunk] = 0;
    this.freeChunks.push(chunk);
  }
}

/** The chunk number of an empty text. */
const EMPTY = -2;
/** The chunk number of a slot whose text was released (free, or about to be written again). */
const DETACHED = -1;

function grown(from: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const to = new Int32Array(size);
  to.set(from);
  return to;
}
