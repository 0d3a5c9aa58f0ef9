// _KeyTable against a Map: the same keys, values and answers after any sequence of sets, adds and deletes
// (through growth of the table and of the text, and compaction of removed keys' text), ids stable while a
// key is in the table.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { _KeyTable } from "./_keyTable.js";

type Op = { readonly op: "set" | "add"; readonly key: string; readonly value: number } | { readonly op: "delete"; readonly pick: number; readonly key: string };

// Short keys that collide often, any text (lone surrogates, astral characters), and long keys that fill the text quickly.
const key = fc.oneof(fc.string({ unit: fc.constantFrom("a", "b", "c"), maxLength: 3 }), fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 12 }), fc.string({ minLength: 40, maxLength: 120 }));
const ops = fc.array(fc.oneof(
  fc.record({ op: fc.constantFrom("set" as const, "add" as const), key, value: fc.oneof(fc.integer(), fc.double({ noNaN: true })) }),
  fc.record({ op: fc.constant("delete" as const), pick: fc.nat(), key }),
), { maxLength: 300, size: "large" });

describe("_KeyTable", () => {
  it("answers as a Map does after any sequence of sets, adds and deletes", () => {
    fc.assert(
      fc.property(ops, (sequence: Op[]) => {
        const table = new _KeyTable(64);
        const oracle = new Map<string, number>();
        const ids = new Map<string, number>();
        for (const step of sequence) {
          if (step.op === "delete") {
            // Mostly a key that is there, sometimes one that is not.
            const live = [...oracle.keys()];
            const target = live.length > 0 && step.pick % 4 !== 0 ? (live[step.pick % live.length] as string) : step.key;
            expect(table.delete(target)).toBe(oracle.delete(target));
            ids.delete(target);
          } else if (step.op === "set") {
            const id = table.set(step.key, step.value);
            oracle.set(step.key, step.value);
            if (ids.has(step.key)) expect(id).toBe(ids.get(step.key));
            ids.set(step.key, id);
          } else {
            const id = table.add(step.key);
            if (!oracle.has(step.key)) oracle.set(step.key, 0);
            if (ids.has(step.key)) expect(id).toBe(ids.get(step.key));
            ids.set(step.key, id);
          }
          expect(table.size).toBe(oracle.size);
          for (const [k, v] of oracle) {
            expect(table.get(k)).toBe(v);
            const id = ids.get(k) as number;
            expect(table.id(k)).toBe(id);
            expect(table.keyOf(id)).toBe(k);
            expect(table.value(id)).toBe(v);
          }
          expect(new Set(ids.values()).size).toBe(ids.size);
        }
        expect(table.keys().sort()).toEqual([...oracle.keys()].sort());
        for (const step of sequence) if (!oracle.has(step.key)) expect(table.get(step.key)).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });

  it("holds many keys, removes most of them and keeps the rest (growth, backward shifts, compaction)", () => {
    const table = new _KeyTable();
    const keys = Array.from({ length: 60_000 }, (_, i) => `b:${(i * 2654435761) >>> 0}:${"x".repeat(i % 7)}`);
    keys.forEach((k, i) => table.set(k, i));
    expect(table.size).toBe(keys.length);
    keys.forEach((k, i) => { if (i % 5 !== 0) expect(table.delete(k)).toBe(true); });
    expect(table.size).toBe(keys.length / 5);
    // The removed keys' text was compacted away: what is held is about what is live.
    expect(table["used"]).toBeLessThan(keys.filter((_, i) => i % 5 === 0).reduce((sum, k) => sum + k.length, 0) * 2 + (1 << 16));
    keys.forEach((k, i) => { expect(table.get(k)).toBe(i % 5 === 0 ? i : undefined); });
    table.setValue(table.id(keys[0] as string), 42);
    expect(table.get(keys[0] as string)).toBe(42);
    expect(table.keyOf(table.id(keys[5] as string))).toBe(keys[5]);
  });

  it("reads back long keys", () => {
    const table = new _KeyTable();
    const long = "é🙂".repeat(5_000);
    const id = table.add(long);
    expect(table.keyOf(id)).toBe(long);
    expect(table.id(long)).toBe(id);
    expect(table.id(long.slice(1))).toBe(-1);
  });

  // The table's own hash (FNV-1a over UTF-16 code units, as a 32-bit integer), to place keys on purpose.
  const fnv = (key: string): number => {
    let hash = 0x811c9dc5;
    for (let k = 0; k < key.length; k++) hash = Math.imul(hash ^ key.charCodeAt(k), 0x01000193);
    return hash | 0;
  };

  it("tells apart keys of the same hash by their text", () => {
    // Two keys of the same length whose 32-bit hashes are equal (found by a birthday search).
    const [a, b] = ["b:ueefuvw", "b:ipidcrh"] as const;
    expect(fnv(a)).toBe(fnv(b));
    const table = new _KeyTable();
    const idA = table.set(a, 1);
    expect(table.id(b)).toBe(-1);
    expect(table.get(b)).toBeUndefined();
    expect(table.delete(b)).toBe(false);
    const idB = table.set(b, 2);
    expect(idB).not.toBe(idA);
    expect(table.add(a)).toBe(idA);
    expect([table.get(a), table.get(b), table.keyOf(idA), table.keyOf(idB)]).toEqual([1, 2, a, b]);
    expect(table.delete(a)).toBe(true);
    expect([table.get(a), table.get(b), table.id(b)]).toEqual([undefined, 2, idB]);
  });

  it("moves back only the entries a removed key's position may hold, across the end of the table too", () => {
    // Keys whose home positions (hash mod 128, the first table's size) are the last four and the first two,
    // three keys each: clusters that wrap around the end. Each removed in turn, from each of three
    // insertion orders: every other key must still be found.
    const homes = [124, 125, 126, 127, 0, 1];
    const keys: string[] = [];
    for (const home of homes) {
      let found = 0;
      for (let n = 0; found < 3; n++) {
        const key = `w${String(home)}:${String(n)}`;
        if ((fnv(key) & 127) === home) {
          keys.push(key);
          found++;
        }
      }
    }
    const orders = [keys, [...keys].reverse(), keys.map((_, k) => keys[(k * 7) % keys.length] as string)];
    for (const order of orders) {
      for (const removed of order) {
        const table = new _KeyTable();
        order.forEach((key, k) => table.set(key, k));
        expect(table.delete(removed)).toBe(true);
        for (const [k, key] of order.entries()) expect(table.get(key)).toBe(key === removed ? undefined : k);
        expect(table.size).toBe(order.length - 1);
      }
    }
  });

  it("keeps the empty key through the table's growth and the text's compaction", () => {
    const table = new _KeyTable(0);
    const empty = table.set("", 7);
    for (let k = 0; k < 200; k++) table.set(`key-${String(k)}`, k);
    for (let k = 0; k < 200; k += 2) table.delete(`key-${String(k)}`);
    expect(table.id("")).toBe(empty);
    expect([table.get(""), table.keyOf(empty), table.get("key-1"), table.get("key-0")]).toEqual([7, "", 1, undefined]);
    expect(table.keys()).toContain("");
  });
});
