import { describe, expect, it } from "vitest";
import { MAX_VALUE_DEPTH, MAX_VALUE_NODES, _jsonIssue, _jsonProblem, _jsonProblemText } from "./_jsonValue.js";

const nested = (depth: number): unknown => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown;

describe("_jsonProblem", () => {
  it("accepts plain JSON up to the depth limit and refuses one level more, without recursion", () => {
    expect(_jsonProblem(nested(MAX_VALUE_DEPTH))).toBeNull();
    expect(_jsonProblem(nested(MAX_VALUE_DEPTH + 1))).toEqual({ problem: "too_deep", maximum: MAX_VALUE_DEPTH });
    // Far past what a recursive walk survives.
    expect(_jsonProblem(nested(200_000))?.problem).toBe("too_deep");
    expect(_jsonProblem({ a: [{ b: { c: "x" } }], d: null, e: 1, f: true, g: new Date(0) })).toBeNull();
  });

  it("names what is not JSON: BigInt, functions, symbols, non-finite numbers, cycles, class instances", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(_jsonProblem(1n)).toEqual({ problem: "not_json", received: "bigint" });
    expect(_jsonProblem({ a: [1, 2n] })).toEqual({ problem: "not_json", received: "bigint" });
    expect(_jsonProblem(() => 1)).toEqual({ problem: "not_json", received: "function" });
    expect(_jsonProblem([Symbol("x")])).toEqual({ problem: "not_json", received: "symbol" });
    expect(_jsonProblem({ n: Number.NaN })).toEqual({ problem: "not_json", received: "non-finite number" });
    expect(_jsonProblem(cyclic)).toEqual({ problem: "not_json", received: "cyclic value" });
    expect(_jsonProblem({ m: new Map() })).toEqual({ problem: "not_json", received: "class instance" });
    expect(_jsonProblem(undefined)).toEqual({ problem: "not_json", received: "undefined" });
  });

  it("accepts one object shared by two branches (not a cycle)", () => {
    const shared = { x: 1 };
    expect(_jsonProblem({ a: shared, b: shared })).toBeNull();
  });

  it("refuses values with too many elements", () => {
    expect(_jsonProblem(new Array(MAX_VALUE_NODES + 1).fill(0))).toEqual({ problem: "too_large", maximum: MAX_VALUE_NODES });
  });

  it("never throws on revoked proxies or throwing getters", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(_jsonProblem(proxy)?.problem).toBe("not_json");
    const getter = Object.defineProperty({}, "x", { enumerable: true, get: () => { throw new Error("boom"); } });
    expect(_jsonProblem({ a: getter })).toEqual({ problem: "not_json", received: "unreadable object" });
  });

  it("turns a problem into an issue at a path", () => {
    expect(_jsonIssue({ problem: "too_deep", maximum: 64 }, ["a"])).toMatchObject({ code: "too_deep", path: ["a"], maximum: 64, severity: "error" });
    expect(_jsonIssue({ problem: "not_json", received: "bigint" }, [])).toMatchObject({ code: "invalid_type", received: "bigint" });
  });
});

describe("_jsonProblemText", () => {
  it("says each problem in words, with the right article", () => {
    const say = (value: unknown): string => {
      const problem = _jsonProblem(value);
      return problem === null ? "fine" : _jsonProblemText(problem);
    };
    expect(say(Number.POSITIVE_INFINITY)).toBe("it is a non-finite number");
    expect(say(undefined)).toBe("it is undefined");
    expect(say([1, undefined])).toBe("it is undefined");
    expect(say({ p: new Proxy({}, { ownKeys: () => { throw new Error("trap"); } }) })).toBe("it is an unreadable object");
    expect(say(Symbol("s"))).toBe("it is a symbol");
    expect(say(new Map())).toBe("it is a class instance");
    let deep: unknown = 1;
    for (let k = 0; k <= MAX_VALUE_DEPTH; k++) deep = [deep];
    expect(say(deep)).toBe(`it is nested deeper than ${MAX_VALUE_DEPTH} levels`);
    expect(say(Array.from({ length: MAX_VALUE_NODES + 1 }, () => 0))).toBe("it holds more than 100,000 values");
    expect(say({ a: [1] })).toBe("fine");
  });
});
