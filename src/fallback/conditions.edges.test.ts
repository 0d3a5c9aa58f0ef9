// The condition builders' setup errors (each naming its builder and argument) and the edges of their
// comparisons — boundaries, types, time-zone offsets, numbers written as text — that their mutation tests
// showed untested.
import { describe, expect, it } from "vitest";
import { allOf, atLeast, atMost, noneOf, valueIn, withinDays, type ContentCondition } from "./conditions.js";

const NOW = Date.parse("2026-06-01T00:00:00Z");
const DAY = 86_400_000;
const check = (condition: ContentCondition, attributes: Record<string, unknown>, now = NOW): boolean =>
  condition({ value: (path: string) => attributes[path], observedAt: () => null }, { now, locale: "en-US", timeZone: "UTC" });
const message = (build: () => unknown): string => {
  try {
    build();
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
};

describe("condition builders: setup errors", () => {
  it("name the builder and what is wrong", () => {
    expect(message(() => valueIn("", ["a"]))).toBe('valueIn: invalid options. path must be a path such as "loyalty.tier".');
    expect(message(() => atLeast(5 as never, 1))).toBe('atLeast: invalid options. path must be a path such as "loyalty.tier".');
    expect(message(() => atMost("", 1))).toMatch(/^atMost: invalid options\. path/);
    expect(message(() => withinDays("", 1))).toMatch(/^withinDays: invalid options\. path/);
    expect(message(() => valueIn("tier", [{}] as never))).toBe("valueIn: invalid options. values must be an array of strings, numbers or booleans.");
    expect(message(() => valueIn("tier", "gold" as never))).toBe("valueIn: invalid options. values must be an array of strings, numbers or booleans.");
    const trap = new Proxy([], { get: () => { throw new Error("trap"); } });
    expect(message(() => valueIn("tier", trap))).toBe("valueIn: invalid options. values could not be read.");
    expect(message(() => atLeast("n", Number.NaN))).toBe("atLeast: invalid options. minimum must be a number.");
    expect(message(() => atMost("n", "3" as never))).toBe("atMost: invalid options. maximum must be a number.");
    expect(message(() => withinDays("at", Number.NaN))).toBe("withinDays: invalid options. days must be a number.");
    expect(message(() => allOf(1 as never))).toBe("allOf: invalid options. every condition must be a function.");
    expect(message(() => noneOf("x" as never))).toBe("noneOf: invalid options. every condition must be a function.");
    expect(message(() => valueIn("tier", ["gold", 3, true]))).toBe("no error");
  });
});

describe("conditions: edges", () => {
  it("valueIn compares text without case or surrounding spaces, numbers and booleans by type", () => {
    expect(check(valueIn("tier", ["Gold"]), { tier: " gOLD " })).toBe(true);
    expect(check(valueIn("tier", ["gold"]), { tier: "silver" })).toBe(false);
    expect(check(valueIn("n", [3]), { n: 3 })).toBe(true);
    expect(check(valueIn("n", [3]), { n: 4 })).toBe(false);
    expect(check(valueIn("n", [3]), { n: "3" })).toBe(false);
    expect(check(valueIn("vip", [true]), { vip: true })).toBe(true);
    expect(check(valueIn("vip", [true]), { vip: false })).toBe(false);
    expect(check(valueIn("tier", ["gold"]), { tier: null })).toBe(false);
  });

  it("atLeast and atMost include the bound, read numbers written as text, and are false without a number", () => {
    expect(check(atLeast("n", 3), { n: 3 })).toBe(true);
    expect(check(atLeast("n", 3), { n: 2.99 })).toBe(false);
    expect(check(atMost("n", 3), { n: 3 })).toBe(true);
    expect(check(atMost("n", 3), { n: 3.01 })).toBe(false);
    expect(check(atLeast("n", 0), {})).toBe(false);
    expect(check(atMost("n", 5), { n: "abc" })).toBe(false);
    expect(check(atMost("n", 5), { n: null })).toBe(false);
    for (const [text, number] of [["44", 44], [" 4 ", 4], ["4.55", 4.55], ["-3", -3]] as const) {
      expect(check(atLeast("n", number), { n: text }), text).toBe(true);
      expect(check(atMost("n", number), { n: text }), text).toBe(true);
      expect(check(atLeast("n", number + 0.001), { n: text }), text).toBe(false);
    }
    for (const text of ["4.", "4abc", "x4", "1e3", ""]) expect(check(atLeast("n", -1000), { n: text }), text).toBe(false);
    expect(check(atLeast("n", 1), { n: "1".repeat(101) })).toBe(false);
  });

  it("withinDays counts from now back, both ends included, and reads only times with a zone", () => {
    expect(check(withinDays("at", 30), { at: NOW })).toBe(true);
    expect(check(withinDays("at", 30), { at: NOW + 1 })).toBe(false);
    expect(check(withinDays("at", 30), { at: NOW - 30 * DAY })).toBe(true);
    expect(check(withinDays("at", 30), { at: NOW - 30 * DAY - 1 })).toBe(false);
    expect(check(withinDays("at", 30), { at: NOW }, Number.NaN)).toBe(false);
    expect(check(withinDays("at", 30), { at: Number.NaN })).toBe(false);
    expect(check(withinDays("at", 30), { at: new Date(NOW - DAY) })).toBe(true);
    for (const at of ["2026-05-20T10:00:00+02:00", "2026-05-20T10:00:00+0200", "2026-05-20T10:00:00z", "2026-05-20T10:00:00-05:00"]) expect(check(withinDays("at", 30), { at }), at).toBe(true);
    for (const at of ["2026-05-20T10:00:00", "2026-05-20T10:00:00+02:00 ", "2026-05-20"]) expect(check(withinDays("at", 30), { at }), at).toBe(false);
    // Text past 100 characters is not parsed at all (Date.parse on hostile input is not free).
    expect(check(withinDays("at", 30), { at: `2026-05-20T10:00:00${"0".repeat(90)}Z` })).toBe(false);
  });

  it("allOf needs every condition true; noneOf is false as soon as one is", () => {
    const a = (attributes: Record<string, unknown>) => ({ a: 1, ...attributes });
    const has = (path: string): ContentCondition => (reader) => reader.value(path) !== undefined;
    expect(check(allOf(has("a")), a({}))).toBe(true);
    expect(check(allOf(has("a"), has("b")), a({}))).toBe(false);
    expect(check(noneOf(has("a")), a({}))).toBe(false);
    expect(check(noneOf(has("b"), has("a")), a({}))).toBe(false);
    expect(check(noneOf(has("b"), has("c")), a({}))).toBe(true);
  });
});
