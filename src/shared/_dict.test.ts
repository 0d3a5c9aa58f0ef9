import { describe, expect, it } from "vitest";
import { _dict, _own, _setOwn, _table } from "./_dict.js";

describe("_dict, _own, _setOwn, _table", () => {
  it("reads only own entries, whatever the key", () => {
    const table = _dict({ mr: "Mr." });
    expect(table["mr"]).toBe("Mr.");
    for (const key of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
      expect(table[key]).toBeUndefined();
      expect(_own({ a: 1 }, key)).toBeUndefined();
      expect(_table({ a: 1 }).get(key)).toBeUndefined();
    }
    expect(_own({ a: 1 }, "a")).toBe(1);
  });

  it("keeps a __proto__ entry as data, never as a prototype", () => {
    const source = JSON.parse('{"__proto__": {"isAdmin": true}}') as Record<string, unknown>;
    const table = _dict(source);
    expect(Object.getPrototypeOf(table)).toBeNull();
    expect(table["__proto__"]).toEqual({ isAdmin: true });
    const target: Record<string, unknown> = {};
    _setOwn(target, "__proto__", { isAdmin: true });
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(target["isAdmin"]).toBeUndefined();
    expect(Object.keys(target)).toEqual(["__proto__"]);
    _setOwn(target, "b", 2);
    expect(target["b"]).toBe(2);
  });
});
