import { describe, expect, it } from "vitest";
import type { _KeyTable } from "./_keyTable.js";
import { _MemberIndex } from "./_memberIndex.js";

/** The index's private bookkeeping, read to check that nothing of a removed member or key is held. */
interface Held {
  /** Member record keys: id = number, value = how many keys hold it. */
  readonly members: _KeyTable;
  /** Index keys: id = slot. */
  readonly slots: _KeyTable;
}
const held = (index: _MemberIndex): Held => index as unknown as Held;
const namesHeld = (index: _MemberIndex): string[] => held(index).members.keys().sort();

describe("_MemberIndex entries", () => {
  it("answers a single member: its key, size 1, the version of its last change, and no member for limit 0", () => {
    const index = new _MemberIndex();
    index.add("k", "only", 7);
    expect(index.entry("k", 1)).toEqual({ key: "k", members: ["only"], size: 1, version: 7 });
    expect(index.entry("k", 5)).toEqual({ key: "k", members: ["only"], size: 1, version: 7 });
    expect(index.entry("k", 0)).toEqual({ key: "k", members: [], size: 1, version: 7 });
    expect(index.version("k")).toBe(7);
    expect(index.version("unknown")).toBe(0);
    expect(index.size).toBe(1);
  });

  it("treats the first member ever numbered (number 0) as a single member like any other", () => {
    const index = new _MemberIndex();
    index.add("k", "first", 1);
    expect(held(index).members.id("first")).toBe(0);
    index.add("k", "first", 2);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: ["first"], size: 1, version: 2 });
    index.add("k", "second", 3);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: ["first", "second"], size: 2, version: 3 });
    index.remove("k", "second", 4);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: ["first"], size: 1, version: 4 });
    index.remove("k", "nobody", 5);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: ["first"], size: 1, version: 5 });
    index.remove("k", "first", 6);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: [], size: 0, version: 0 });
    expect(index.size).toBe(0);
  });

  it("answers exactly the limit asked of several members, in the order added", () => {
    const index = new _MemberIndex();
    for (const [k, member] of ["d", "b", "c", "a"].entries()) index.add("k", member, k + 1);
    expect(index.entry("k", 1)).toEqual({ key: "k", members: ["d"], size: 4, version: 4 });
    expect(index.entry("k", 3).members).toEqual(["d", "b", "c"]);
    expect(index.entry("k", 4).members).toEqual(["d", "b", "c", "a"]);
    expect(index.entry("k", 9).members).toEqual(["d", "b", "c", "a"]);
  });

  it("adds a member already present once: the size stays, the version moves", () => {
    const index = new _MemberIndex();
    index.add("k", "a", 1);
    index.add("k", "b", 2);
    index.add("k", "a", 3);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: ["a", "b"], size: 2, version: 3 });
  });

  it("adds to a key of several members a member another key already holds", () => {
    const index = new _MemberIndex();
    index.add("other", "shared", 1);
    index.add("k", "a", 2);
    index.add("k", "b", 3);
    index.add("k", "shared", 4);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: ["a", "b", "shared"], size: 3, version: 4 });
    expect(index.entry("other", 10)).toEqual({ key: "other", members: ["shared"], size: 1, version: 1 });
  });

  it("removing from a key it does not have changes nothing", () => {
    const index = new _MemberIndex();
    index.add("k", "a", 1);
    index.remove("absent", "a", 2);
    expect(index.version("absent")).toBe(0);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: ["a"], size: 1, version: 1 });
    expect(namesHeld(index)).toEqual(["a"]);
  });

  it("removing a non-member from a key of several changes its version only", () => {
    const index = new _MemberIndex();
    index.add("k", "a", 1);
    index.add("k", "b", 2);
    index.add("k", "c", 3);
    index.remove("k", "zz", 4);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: ["a", "b", "c"], size: 3, version: 4 });
    index.remove("k", "b", 5);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: ["a", "c"], size: 2, version: 5 });
    index.remove("k", "a", 6);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: ["c"], size: 1, version: 6 });
    index.remove("k", "c", 7);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: [], size: 0, version: 0 });
  });
});

describe("_MemberIndex memory", () => {
  it("keeps a member's text while any key names it, and forgets it with the last", () => {
    const index = new _MemberIndex();
    index.add("k1", "m", 1);
    index.add("k2", "x", 2);
    index.add("k2", "m", 3);
    index.add("k3", "m", 4);
    expect(held(index).members.get("m")).toBe(3);
    index.remove("k1", "m", 5);
    expect(index.entry("k2", 10).members).toEqual(["x", "m"]);
    expect(index.entry("k3", 10).members).toEqual(["m"]);
    index.remove("k2", "m", 6);
    expect(index.entry("k3", 10).members).toEqual(["m"]);
    expect(namesHeld(index)).toEqual(["m", "x"]);
    index.remove("k3", "m", 7);
    expect(namesHeld(index)).toEqual(["x"]);
    expect(held(index).members.keys()).toEqual(["x"]);
  });

  it("does not count a member twice when it is added again to a key of several", () => {
    const index = new _MemberIndex();
    index.add("k", "a", 1);
    index.add("k", "b", 2);
    index.add("k", "a", 3);
    index.add("k", "a", 4);
    index.remove("k", "a", 5);
    expect(namesHeld(index)).toEqual(["b"]);
    // And not when added again to a key where it is the single member.
    const single = new _MemberIndex();
    single.add("k", "a", 1);
    single.add("k", "a", 2);
    single.remove("k", "a", 3);
    expect(namesHeld(single)).toEqual([]);
    expect(single.size).toBe(0);
  });

  it("does not release a member that another key holds when it is removed from a key that lacks it", () => {
    const index = new _MemberIndex();
    index.add("single", "m", 1);
    index.add("multi", "a", 2);
    index.add("multi", "b", 3);
    index.remove("multi", "m", 4);
    expect(index.entry("single", 10)).toEqual({ key: "single", members: ["m"], size: 1, version: 1 });
    expect(index.entry("multi", 10)).toEqual({ key: "multi", members: ["a", "b"], size: 2, version: 4 });
    expect(namesHeld(index)).toEqual(["a", "b", "m"]);
    // Removing a name never numbered from a key of several leaves every name.
    index.remove("multi", "never", 5);
    expect(namesHeld(index)).toEqual(["a", "b", "m"]);
  });

  it("reuses the slot of a key left without members, and a freed member number", () => {
    const index = new _MemberIndex();
    index.add("k1", "a", 1);
    index.remove("k1", "a", 2);
    expect(held(index).slots.size).toBe(0);
    index.add("k2", "b", 3);
    expect(held(index).slots.id("k2")).toBe(0);
    expect(held(index).members.id("b")).toBe(0);
    expect(index.entry("k2", 10)).toEqual({ key: "k2", members: ["b"], size: 1, version: 3 });
    expect(index.entry("k1", 10)).toEqual({ key: "k1", members: [], size: 0, version: 0 });
  });

  it("holds many keys and members through the slot arrays' growth", () => {
    const index = new _MemberIndex();
    for (let k = 0; k < 3_000; k++) index.add(`key-${k}`, `m${k % 700}`, k + 1);
    expect(index.size).toBe(3_000);
    for (let k = 0; k < 3_000; k += 97) expect(index.entry(`key-${k}`, 5)).toEqual({ key: `key-${k}`, members: [`m${k % 700}`], size: 1, version: k + 1 });
    expect(namesHeld(index)).toHaveLength(700);
    for (let k = 0; k < 3_000; k++) index.remove(`key-${k}`, `m${k % 700}`, 10_000 + k);
    expect(index.size).toBe(0);
    expect(namesHeld(index)).toEqual([]);
  });

  it("counts its keys", () => {
    const index = new _MemberIndex();
    for (let k = 0; k < 64; k++) index.add(`key-${k}`, "m", k + 1);
    expect(index.size).toBe(64);
    for (let k = 0; k < 64; k += 2) index.remove(`key-${k}`, "m", 100 + k);
    expect(index.size).toBe(32);
  });

  it("adding a member a key of five or more already has counts nothing twice: its text goes once the key lets go of it", () => {
    const index = new _MemberIndex();
    for (const [k, member] of ["a", "b", "c", "d", "e"].entries()) index.add("k", member, k + 1);
    index.add("k", "c", 6); // already there: the key's version moves, nothing else
    expect(index.entry("k", 10)).toEqual({ key: "k", members: ["a", "b", "c", "d", "e"], size: 5, version: 6 });
    for (const [k, member] of ["a", "b", "c", "d", "e"].entries()) index.remove("k", member, 7 + k);
    expect(index.entry("k", 10)).toEqual({ key: "k", members: [], size: 0, version: 0 });
    expect(namesHeld(index)).toEqual([]);
  });
});
