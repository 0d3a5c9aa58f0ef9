import { describe, expect, it } from "vitest";
import { MAX_VALUE_DEPTH } from "../shared/_jsonValue.js";
import { _comparableKey, _describeProblem, _valueKey, _valueProblem } from "./_values.js";

const nested = (depth: number): unknown => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown;

describe("_valueProblem", () => {
  it("accepts plain JSON, null-prototype objects and values exactly at the depth limit", () => {
    for (const value of ["", "text", true, false, 0, -1.5, null, [], {}, [1, "a", null, { b: [true] }], Object.assign(Object.create(null) as object, { a: 1 }), nested(MAX_VALUE_DEPTH)]) {
      expect(_valueProblem(value), JSON.stringify(value)).toBeNull();
    }
  });

  it("names what is wrong with anything else", () => {
    class Point {
      readonly x = 1;
    }
    const cases: readonly (readonly [unknown, unknown])[] = [
      [Number.NaN, { problem: "not_json", received: "non-finite number" }],
      [[1, Number.POSITIVE_INFINITY], { problem: "not_json", received: "non-finite number" }],
      [undefined, { problem: "not_json", received: "undefined" }],
      [{ a: () => 1 }, { problem: "not_json", received: "function" }],
      [[Symbol("s")], { problem: "not_json", received: "symbol" }],
      [{ n: 1n }, { problem: "not_json", received: "bigint" }],
      [new Map([[1, 2]]), { problem: "not_json", received: "class instance" }],
      [{ at: new Point() }, { problem: "not_json", received: "class instance" }],
      [nested(MAX_VALUE_DEPTH + 1), { problem: "too_deep", maximum: MAX_VALUE_DEPTH }],
      [{ a: { b: nested(MAX_VALUE_DEPTH - 1) } }, { problem: "too_deep", maximum: MAX_VALUE_DEPTH }],
      [new Array(100_001).fill(0), { problem: "too_large", maximum: 100_000 }],
      [[new Array(50_000).fill(0), new Array(50_000).fill(0)], { problem: "too_large", maximum: 100_000 }],
    ];
    for (const [value, problem] of cases) expect(_valueProblem(value)).toEqual(problem);
    expect(_valueProblem(new Array(99_999).fill(0))).toBeNull();
  });

  it("reports a value whose getter throws as unreadable instead of throwing", () => {
    const getter = Object.defineProperty({}, "a", { enumerable: true, get: (): never => { throw new Error("getter"); } });
    expect(_valueProblem(getter)).toEqual({ problem: "not_json", received: "unreadable object" });
    expect(_valueProblem([getter])).toEqual({ problem: "not_json", received: "unreadable object" });
  });
});

describe("_describeProblem", () => {
  it("describes each problem without the value", () => {
    expect(_describeProblem({ problem: "too_deep", maximum: 64 })).toBe("nested more than 64 levels deep");
    expect(_describeProblem({ problem: "too_large", maximum: 100_000 })).toBe("more than 100000 elements");
    expect(_describeProblem({ problem: "not_json", received: "bigint" })).toBe("bigint");
  });
});

describe("_comparableKey and _valueKey", () => {
  it("writes one key per JSON value, objects with their keys sorted", () => {
    expect(_comparableKey("1")).toBe("s1");
    expect(_comparableKey(1)).toBe("p1");
    expect(_comparableKey(true)).toBe("ptrue");
    expect(_comparableKey(null)).toBe("pnull");
    expect(_comparableKey([1, "a", [true, null]])).toBe('j[1,"a",[true,null]]');
    expect(_comparableKey({ b: 2, a: { d: [], c: "x" } })).toBe('j{"a":{"c":"x","d":[]},"b":2}');
    expect(_comparableKey({})).toBe("j{}");
    expect(_comparableKey({ at: new Date(Date.UTC(2024, 0, 1)) })).toBe('j{"at":"2024-01-01T00:00:00.000Z"}');
    expect(_comparableKey({ b: 1, a: 2 })).toBe(_comparableKey({ a: 2, b: 1 }));
  });

  it("keeps apart values that differ only in kind or in where a comma falls", () => {
    const keys = ["1", 1, true, "true", null, "null", [1, 2], [12], ["1,2"], { a: 1, b: 2 }, { a: '1,"b":2' }].map(_comparableKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("says why a value cannot be compared, and _valueKey gives it a key of its own kind", () => {
    expect(_comparableKey(10n)).toEqual({ problem: "not_json", received: "bigint" });
    expect(_comparableKey(nested(MAX_VALUE_DEPTH + 1))).toEqual({ problem: "too_deep", maximum: MAX_VALUE_DEPTH });
    expect(_comparableKey(undefined)).toEqual({ problem: "not_json", received: "undefined" });
    expect(_valueKey(10n)).toBe("xnot_json");
    expect(_valueKey(nested(MAX_VALUE_DEPTH + 1))).toBe("xtoo_deep");
    expect(_valueKey({ a: 1 })).toBe('j{"a":1}');
  });

  it("reports a value that cannot be written as unreadable, and leaves out a property unreadable the second time", () => {
    const date = new Date(0);
    Object.defineProperty(date, "toJSON", { value: (): never => { throw new Error("toJSON"); } });
    expect(_comparableKey(date)).toEqual({ problem: "not_json", received: "unreadable object" });
    expect(_valueKey(date)).toBe("xnot_json");
    let reads = 0;
    const fickle = new Proxy({ a: 1, b: 2 }, {
      get(target, key, receiver) {
        reads++;
        if (reads > 2 && key === "a") throw new Error("second read");
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    expect(_comparableKey(fickle)).toBe('j{"b":2}');
  });
});
