import { describe, expect, it } from "vitest";
import { _plainObjects, _youngList, _youngListOf, _youngMap } from "./_young.js";

// What these helpers give, whatever V8 does with where they allocate (young.v8.test.ts measures that).
describe("young lists and plain objects", () => {
  it("_youngList is a new, empty, ordinary list each time", () => {
    const a = _youngList<number>();
    const b = _youngList<number>();
    expect(a).toStrictEqual([]);
    expect(Array.isArray(a)).toBe(true);
    expect(a).not.toBe(b);
    a.push(1);
    expect(b).toStrictEqual([]);
  });

  it("_youngListOf holds its one item, whatever it is (a number, a list, undefined)", () => {
    expect(_youngListOf(3)).toStrictEqual([3]);
    const inner = [1, 2];
    const one = _youngListOf(inner);
    expect(one).toHaveLength(1);
    expect(one[0]).toBe(inner);
    expect(_youngListOf(undefined)).toStrictEqual([undefined]);
    expect(_youngListOf(undefined)).toHaveLength(1);
  });

  it("_youngMap maps every item in order with its index, into a new packed list", () => {
    const seen: [string, number][] = [];
    const out = _youngMap(["a", "b", "c"], (item, i) => {
      seen.push([item, i]);
      return `${item}${i}`;
    });
    expect(out).toStrictEqual(["a0", "b1", "c2"]);
    expect(seen).toStrictEqual([["a", 0], ["b", 1], ["c", 2]]);
    expect(_youngMap([], () => 1)).toStrictEqual([]);
    // No holes: every index is an own element, as Array.prototype.map's would be.
    const mapped = _youngMap([undefined, undefined], (x) => x);
    expect(Object.keys(mapped)).toStrictEqual(["0", "1"]);
    const input = [1, 2];
    expect(_youngMap(input, (x) => x)).not.toBe(input);
  });

  it("_plainObjects makes objects nothing can tell from literals: Object.prototype, own fields in the set order", () => {
    const Point = _plainObjects(function (this: { x: number; y: number }, x: number, y: number): void {
      this.x = x;
      this.y = y;
    });
    const p = new Point(1, 2);
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(p).toStrictEqual({ x: 1, y: 2 });
    expect(Object.keys(p)).toStrictEqual(["x", "y"]);
    expect(JSON.stringify(p)).toBe('{"x":1,"y":2}');
    expect(structuredClone(p)).toStrictEqual({ x: 1, y: 2 });
    expect(p.constructor).toBe(Object);
    expect(p instanceof Point).toBe(true);
  });
});
