// _TextArena against a Map of slots to texts: every live text reads back, freed bytes are zeroed, and the
// memory held follows what is live.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { _TextArena } from "./_textArena.js";

type Op = { readonly op: "add"; readonly text: string } | { readonly op: "replace" | "free"; readonly pick: number; readonly text: string };

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 30 }), fc.string({ minLength: 70, maxLength: 200 }));
const ops = fc.array(fc.oneof(fc.record({ op: fc.constant("add" as const), text }), fc.record({ op: fc.constantFrom("replace" as const, "free" as const), pick: fc.nat(), text })), { maxLength: 120, size: "medium" });

/** The arena's buffers (private: read here to check what they hold). */
function chunksOf(arena: _TextArena): Buffer[] {
  return arena["chunks"].filter((chunk): chunk is Buffer => chunk !== null);
}

describe("_TextArena", () => {
  it("reads back every live text after any sequence of adds, replaces and frees (chunks of 64 bytes, longer texts alone)", () => {
    fc.assert(
      fc.property(ops, (sequence: Op[]) => {
        const arena = new _TextArena(64);
        const oracle = new Map<number, string>();
        for (const step of sequence) {
          const live = [...oracle.keys()];
          if (step.op === "add" || live.length === 0) {
            const slot = arena.add(step.text);
            expect(oracle.has(slot)).toBe(false);
            oracle.set(slot, step.text);
          } else {
            const slot = live[step.pick % live.length] as number;
            if (step.op === "replace") {
              arena.replace(slot, step.text);
              oracle.set(slot, step.text);
            } else {
              arena.free(slot);
              oracle.delete(slot);
            }
          }
          for (const [slot, expected] of oracle) expect(arena.read(slot)).toBe(expected);
          // Every chunk but the current one is more than a quarter live (or a long text's own).
          const liveBytes = [...oracle.values()].reduce((sum, t) => sum + Buffer.byteLength(t, "utf8"), 0);
          expect(arena.bytes).toBeLessThanOrEqual(4 * liveBytes + 64);
          // Its own count of live bytes is exact (a text replaced while its chunk was reclaimed was once
          // moved as if it were live).
          expect(arena["live"].reduce((sum, bytes) => sum + bytes, 0)).toBe(liveBytes);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("keeps an empty text when the chunk it was written at is released (found by the property above)", () => {
    const arena = new _TextArena(64);
    const a = arena.add("ࠀ𐀀𐀀𐀀𐀀ࠀ𐀀ࠀ𐀀"); // 33 bytes
    arena.replace(a, "");
    arena.add("𐀀ࠀ𐀀ࠀ𐀀ࠀ𐀀ࠀ𐀀"); // 33 more: a new chunk, and the first, without live bytes, released
    expect(arena.bytes).toBe(64);
    expect(arena.read(a)).toBe("");
  });

  it("zeroes a replaced or freed text's bytes at once, and releases a chunk left without live texts", () => {
    const arena = new _TextArena(64);
    const secret = "jane.doe@example.com";
    const a = arena.add(secret);
    const b = arena.add("x".repeat(40));
    const contains = (t: string): boolean => chunksOf(arena).some((chunk) => chunk.includes(Buffer.from(t, "utf8")));
    expect(contains(secret)).toBe(true);
    arena.replace(a, "someone else");
    expect(contains(secret)).toBe(false);
    expect(arena.read(a)).toBe("someone else");
    const long = "é".repeat(50); // 100 bytes: a buffer of its own
    const c = arena.add(long);
    expect(arena.read(c)).toBe(long);
    expect(arena.bytes).toBe(64 + 64 + 100);
    arena.free(c);
    expect(contains(long)).toBe(false);
    expect(arena.bytes).toBe(128);
    // The first chunk (only `b` left in it, 40 of 64 bytes) is not the current one once `a` moved on; freeing
    // `b` leaves it empty, so it is released.
    arena.free(b);
    expect(arena.bytes).toBe(64);
    expect(arena.read(a)).toBe("someone else");
  });

  it("starts with a small chunk and doubles the next ones up to the largest size", () => {
    const arena = new _TextArena(1000, 100);
    arena.add("a".repeat(100));
    expect(arena.bytes).toBe(100);
    arena.add("b".repeat(150)); // the first chunk is full: a chunk of the next size, 200
    expect(arena.bytes).toBe(300);
    arena.add("c".repeat(500)); // the next size is 400: a chunk of 500, as long as the text
    expect(arena.bytes).toBe(800);
    arena.add("d".repeat(10)); // the next size is 800
    expect(arena.bytes).toBe(1600);
    arena.add("e".repeat(1200)); // longer than the largest: a buffer of its own
    expect(arena.bytes).toBe(2800);
    expect(new _TextArena().bytes).toBe(0);
  });

  it("grows past its first 1,024 slots, and uses freed slots again", () => {
    const arena = new _TextArena(4096);
    const slots = Array.from({ length: 3000 }, (_, k) => arena.add(`text ${k}`));
    expect(new Set(slots).size).toBe(3000);
    for (let k = 0; k < 3000; k += 2) arena.free(slots[k] as number);
    const again = Array.from({ length: 1500 }, (_, k) => arena.add(`again ${k}`));
    expect(new Set(again)).toEqual(new Set(slots.filter((_, k) => k % 2 === 0)));
    slots.forEach((slot, k) => {
      if (k % 2 === 1) expect(arena.read(slot)).toBe(`text ${k}`);
    });
    again.forEach((slot, k) => {
      expect(arena.read(slot)).toBe(`again ${k}`);
    });
  });

  it("moves the live texts out of a chunk that is mostly garbage, then releases it", () => {
    const arena = new _TextArena(100);
    const slots = Array.from({ length: 10 }, (_, k) => arena.add(`${k}`.repeat(10)));
    expect(arena.bytes).toBe(100);
    arena.add("new chunk");
    expect(arena.bytes).toBe(200);
    for (const slot of slots.slice(0, 7)) arena.free(slot);
    // 30 of 100 bytes live: not yet moved.
    expect(arena.bytes).toBe(200);
    arena.free(slots[7] as number);
    // 20 of 100: moved to the current chunk, the old one released.
    expect(arena.bytes).toBe(100);
    expect(arena.read(slots[8] as number)).toBe("8".repeat(10));
    expect(arena.read(slots[9] as number)).toBe("9".repeat(10));
  });
});
