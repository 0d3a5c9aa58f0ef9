// _MemberLists against arrays: after any sequence of creates, appends, removes and drops, every live list
// holds the same members in the same order (through holes, in-place compaction, growth into larger regions,
// reuse of freed regions and ids, and growth of the pair table).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { _MemberLists } from "./_memberLists.js";

type Op =
  | { readonly op: "create" }
  | { readonly op: "append"; readonly list: number; readonly member: number }
  | { readonly op: "remove"; readonly list: number; readonly pick: number; readonly member: number }
  | { readonly op: "drop"; readonly list: number };

// Few member numbers (so lists share members and pairs collide), and long runs of appends to few lists.
const ops = fc.array(fc.oneof(
  { arbitrary: fc.constant({ op: "create" as const }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant("append" as const), list: fc.nat(), member: fc.nat({ max: 60 }) }), weight: 12 },
  { arbitrary: fc.record({ op: fc.constant("remove" as const), list: fc.nat(), pick: fc.nat(), member: fc.nat({ max: 60 }) }), weight: 7 },
  { arbitrary: fc.record({ op: fc.constant("drop" as const), list: fc.nat() }), weight: 1 },
), { maxLength: 600, size: "large" });

function membersOf(lists: _MemberLists, list: number, limit = Number.POSITIVE_INFINITY): number[] {
  const out: number[] = [];
  lists.forEach(list, (member) => {
    out.push(member);
    return out.length < limit;
  });
  return out;
}

describe("_MemberLists", () => {
  it("holds what arrays hold, in order, after any sequence of operations", () => {
    fc.assert(
      fc.property(ops, (sequence: Op[]) => {
        const lists = new _MemberLists();
        const oracle = new Map<number, number[]>();
        for (const step of sequence) {
          const live = [...oracle.keys()];
          if (step.op === "create") {
            const id = lists.create();
            expect(oracle.has(id)).toBe(false);
            oracle.set(id, []);
            continue;
          }
          if (live.length === 0) continue;
          const list = live[step.list % live.length] as number;
          const expected = oracle.get(list) as number[];
          if (step.op === "append") {
            expect(lists.has(list, step.member)).toBe(expected.includes(step.member));
            if (!expected.includes(step.member)) {
              lists.append(list, step.member);
              expected.push(step.member);
            }
          } else if (step.op === "remove") {
            // Mostly a member that is there, sometimes one that is not.
            const target = expected.length > 0 && step.pick % 4 !== 0 ? (expected[step.pick % expected.length] as number) : step.member;
            const at = expected.indexOf(target);
            expect(lists.remove(list, target)).toBe(at >= 0);
            if (at >= 0) expected.splice(at, 1);
          } else {
            lists.drop(list);
            oracle.delete(list);
          }
        }
        for (const [list, expected] of oracle) {
          expect(membersOf(lists, list)).toEqual(expected);
          expect(lists.size(list)).toBe(expected.length);
          for (const member of expected) expect(lists.has(list, member)).toBe(true);
          expect(membersOf(lists, list, 3)).toEqual(expected.slice(0, 3));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("keeps one long list's order through many removals and appends (holes, compaction, growth)", () => {
    const lists = new _MemberLists();
    const other = lists.create();
    const list = lists.create();
    const expected: number[] = [];
    for (let k = 0; k < 5_000; k++) {
      lists.append(list, k);
      expected.push(k);
      // The other list interleaves, so regions are freed and reused between the two.
      if (k % 7 === 0) lists.append(other, k);
    }
    for (let k = 0; k < 5_000; k += 3) {
      expect(lists.remove(list, k)).toBe(true);
      expected.splice(expected.indexOf(k), 1);
    }
    for (let k = 5_000; k < 6_000; k++) {
      lists.append(list, k);
      expected.push(k);
    }
    expect(membersOf(lists, list)).toEqual(expected);
    expect(lists.size(list)).toBe(expected.length);
    expect(lists.has(list, 3)).toBe(false);
    expect(lists.has(list, 4)).toBe(true);
    expect(membersOf(lists, other)).toEqual(Array.from({ length: 715 }, (_, k) => 7 * k));
    lists.drop(list);
    // A dropped list's id and pairs are gone: the next list may take the id and starts empty.
    const again = lists.create();
    expect(lists.size(again)).toBe(0);
    expect(lists.has(again, 4)).toBe(false);
    expect(membersOf(lists, other)).toEqual(Array.from({ length: 715 }, (_, k) => 7 * k));
  });
});
