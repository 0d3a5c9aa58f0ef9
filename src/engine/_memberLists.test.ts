import { describe, expect, it } from "vitest";
import { _MemberLists, _pairHash } from "./_memberLists.js";

function membersOf(lists: _MemberLists, list: number): number[] {
  const out: number[] = [];
  lists.forEach(list, (member) => {
    out.push(member);
    return true;
  });
  return out;
}

describe("_MemberLists", () => {
  it("holds more lists than its first id arrays", () => {
    const lists = new _MemberLists();
    const ids = Array.from({ length: 200 }, () => lists.create());
    expect(new Set(ids).size).toBe(200);
    ids.forEach((list, k) => {
      for (let m = 0; m < 6; m++) lists.append(list, k * 10 + m);
    });
    ids.forEach((list, k) => {
      expect(lists.size(list)).toBe(6);
      expect(membersOf(lists, list)).toEqual([0, 1, 2, 3, 4, 5].map((m) => k * 10 + m));
    });
  });

  it("gives a dropped list's id to the next list, empty, and never one id to two lists", () => {
    const lists = new _MemberLists();
    const first = lists.create();
    const second = lists.create();
    for (let m = 0; m < 9; m++) lists.append(second, m);
    lists.drop(second);
    const reused = lists.create();
    expect(reused).toBe(second);
    expect(lists.size(reused)).toBe(0);
    expect(membersOf(lists, reused)).toEqual([]);
    for (let m = 0; m < 9; m++) expect(lists.has(reused, m)).toBe(false);
    const fresh = lists.create();
    expect([first, reused]).not.toContain(fresh);
  });

  it("hands a freed region to one list only", () => {
    const lists = new _MemberLists();
    const dropped = lists.create();
    for (let m = 0; m < 5; m++) lists.append(dropped, m);
    lists.drop(dropped);
    const a = lists.create();
    const b = lists.create();
    for (let m = 0; m < 6; m++) {
      lists.append(a, 100 + m);
      lists.append(b, 200 + m);
    }
    expect(membersOf(lists, a)).toEqual([100, 101, 102, 103, 104, 105]);
    expect(membersOf(lists, b)).toEqual([200, 201, 202, 203, 204, 205]);
  });

  it("moves a full list half of holes together before appending, leaving the next region alone", () => {
    const lists = new _MemberLists();
    const a = lists.create();
    const b = lists.create();
    for (let m = 0; m < 8; m++) lists.append(a, m);
    for (let m = 0; m < 8; m++) lists.append(b, 100 + m);
    // Four of eight removed: exactly half holes, not yet compacted by the removals.
    for (const m of [0, 2, 4, 6]) expect(lists.remove(a, m)).toBe(true);
    lists.append(a, 8);
    expect(membersOf(lists, a)).toEqual([1, 3, 5, 7, 8]);
    expect(membersOf(lists, b)).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
  });

  it("finds every member and no other through collisions, removals and the table's growth", () => {
    const lists = new _MemberLists();
    // List 0 exists from the start: its pairs must survive every rehash.
    const zero = lists.create();
    const big = lists.create();
    const expectedZero: number[] = [];
    const expectedBig: number[] = [];
    for (let m = 0; m < 3_000; m++) {
      lists.append(big, m);
      expectedBig.push(m);
      if (m % 5 === 0) {
        lists.append(zero, m);
        expectedZero.push(m);
      }
    }
    for (let m = 1; m < 3_000; m += 2) {
      expect(lists.remove(big, m)).toBe(true);
      expectedBig.splice(expectedBig.indexOf(m), 1);
    }
    for (let m = 0; m < 3_000; m++) {
      expect(lists.has(big, m)).toBe(expectedBig.includes(m));
      expect(lists.has(zero, m)).toBe(expectedZero.includes(m));
    }
    expect(lists.has(zero, 1)).toBe(false);
    expect(membersOf(lists, big)).toEqual(expectedBig);
    expect(membersOf(lists, zero)).toEqual(expectedZero);
    expect(lists.remove(big, 1)).toBe(false);
  });

  it("finds a pair that wrapped past the end of the table after the pair before it is removed", () => {
    const lists = new _MemberLists();
    const list = lists.create();
    // Members whose pair lands on the table's last position (1,024 places while under 512 pairs): the
    // second and third wrap around to the first places, and must move back when the first is removed.
    const last: number[] = [];
    for (let m = 0; last.length < 3; m++) if ((_pairHash(list, m) & 1023) === 1023) last.push(m);
    for (const m of [...last, 1, 2, 3]) if (!lists.has(list, m)) lists.append(list, m);
    expect(lists.remove(list, last[0] as number)).toBe(true);
    expect(lists.has(list, last[1] as number)).toBe(true);
    expect(lists.has(list, last[2] as number)).toBe(true);
    expect(lists.remove(list, last[1] as number)).toBe(true);
    expect(lists.has(list, last[2] as number)).toBe(true);
    expect(lists.has(list, last[0] as number)).toBe(false);
  });

  it("leaves a pair at its own place when the removed one before it wrapped (backward shift across the end)", () => {
    const lists = new _MemberLists();
    const list = lists.create();
    const at = (place: number): number => {
      for (let m = 0; ; m++) if ((_pairHash(list, m) & 1023) === place) return m;
    };
    const first = at(0);
    const end = at(1023);
    let wrapped = end + 1;
    while ((_pairHash(list, wrapped) & 1023) !== 1023) wrapped++;
    // `first` sits at its home 0; `end` at 1023; `wrapped` (home 1023) goes round to place 1.
    for (const m of [first, end, wrapped]) lists.append(list, m);
    expect(lists.remove(list, end)).toBe(true);
    expect(lists.has(list, first)).toBe(true);
    expect(lists.has(list, wrapped)).toBe(true);
    expect(membersOf(lists, list)).toEqual([first, wrapped]);
  });
});
