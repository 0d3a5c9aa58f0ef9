import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { _KeyTable } from "./_keyTable.js";
import { _MemberIndex } from "./_memberIndex.js";

/** The plain model: a Map of Sets, and each key's version as the contract gives it. */
class Model {
  readonly members = new Map<string, Set<string>>();
  readonly versions = new Map<string, number>();
  apply(key: string, member: string, op: "add" | "remove", sequence: number): void {
    const set = this.members.get(key) ?? new Set<string>();
    if (op === "add") set.add(member);
    else set.delete(member);
    if (set.size === 0) {
      this.members.delete(key);
      this.versions.delete(key);
    } else {
      this.members.set(key, set);
      this.versions.set(key, sequence);
    }
  }
}

// Long sequences (fast-check's arrays are short by default): a key must reach five members, past what it
// keeps inline, and come back.
const ops = fc.array(fc.tuple(fc.constantFrom("k1", "k2", "k3", "k4"), fc.constantFrom("a", "b", "c", "d", "e", "f", "g"), fc.constantFrom("add" as const, "remove" as const)), { minLength: 40, maxLength: 200, size: "max" });

describe("the memory store's compact index", () => {
  it("answers members (in order), sizes and versions as a Map of Sets does, over random operations", () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        const index = new _MemberIndex();
        const model = new Model();
        sequence.forEach(([key, member, op], k) => {
          if (op === "add") index.add(key, member, k + 1);
          else index.remove(key, member, k + 1);
          model.apply(key, member, op, k + 1);
          for (const name of ["k1", "k2", "k3", "k4"]) {
            const entry = index.entry(name, 10);
            const want = [...(model.members.get(name) ?? [])];
            // In the order of adding (a Set's), whether the key keeps its members inline or in a Set.
            expect(entry.members).toEqual(want);
            expect(index.entry(name, 3).members).toEqual(want.slice(0, 3));
            expect(entry.size).toBe(want.length);
            expect(entry.version).toBe(model.versions.get(name) ?? 0);
            expect(index.version(name)).toBe(model.versions.get(name) ?? 0);
          }
        });
        expect(index.size).toBe(model.members.size);
      }),
      { numRuns: 100 },
    );
  });

  it("keeps several members in the order they were added, and honours the limit", () => {
    const index = new _MemberIndex();
    for (const [k, member] of ["c", "a", "b"].entries()) index.add("key", member, k + 1);
    expect(index.entry("key", 10)).toEqual({ key: "key", members: ["c", "a", "b"], size: 3, version: 3 });
    expect(index.entry("key", 2).members).toEqual(["c", "a"]);
    expect(index.entry("key", 0)).toEqual({ key: "key", members: [], size: 3, version: 3 });
    expect(index.entry("absent", 5)).toEqual({ key: "absent", members: [], size: 0, version: 0 });
  });

  it("forgets a member's text once no key names it (nothing of an erased record stays)", () => {
    const index = new _MemberIndex();
    index.add("k1", "crm:1", 1);
    index.add("k2", "crm:1", 2);
    index.add("k2", "crm:2", 3);
    index.remove("k1", "crm:1", 4);
    index.remove("k2", "crm:1", 5);
    const held = (index as unknown as { members: _KeyTable });
    expect(held.members.keys()).toEqual(["crm:2"]);
    // Numbers and slots freed are used again.
    index.add("k3", "crm:3", 6);
    expect(held.members.keys().sort()).toEqual(["crm:2", "crm:3"]);
    expect(held.members.id("crm:3")).toBe(0);
  });

  it("grows past its first thousand keys", () => {
    const index = new _MemberIndex();
    for (let k = 0; k < 5000; k++) index.add(`key${k}`, `m${k % 7}`, k + 1);
    expect(index.size).toBe(5000);
    expect(index.entry("key4999", 1)).toEqual({ key: "key4999", members: ["m1"], size: 1, version: 5000 });
    for (let k = 0; k < 5000; k++) index.remove(`key${k}`, `m${k % 7}`, 6000 + k);
    expect(index.size).toBe(0);
  });
});
