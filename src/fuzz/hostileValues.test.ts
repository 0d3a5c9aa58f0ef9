// The hostile values themselves: each one is what its name promises, or the fuzz suites that use them test
// less than they claim (a "throwing" proxy that answers, a "deep" value two levels deep).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { build, EXOTICS, exotic, HOSTILE_TEXTS, hostileRecipe, PROTOTYPE_KEYS, type Recipe } from "./hostileValues.js";

const NOW = Date.UTC(2026, 5, 1);

function depthOf(value: unknown): number {
  let depth = 0;
  let node = value;
  while (typeof node === "object" && node !== null) {
    node = Array.isArray(node) ? node[0] : (node as { a: unknown }).a;
    depth++;
  }
  return depth;
}

describe("exotic values", () => {
  it("a BigInt", () => {
    expect(exotic("bigint")).toBe(10n);
  });

  it("a revoked proxy throws on every reach", () => {
    const value = exotic("revoked") as Record<string, unknown>;
    expect(() => value["x"]).toThrow(TypeError);
    expect(() => Object.keys(value)).toThrow(TypeError);
  });

  it("a throwing proxy throws on reads, `in`, keys, descriptors and its prototype", () => {
    const value = exotic("throwingProxy") as Record<string, unknown>;
    expect(() => value["email"]).toThrow("trap");
    expect(() => "email" in value).toThrow("trap");
    expect(() => Object.keys(value)).toThrow("trap");
    expect(() => Object.getOwnPropertyDescriptor(value, "email")).toThrow("trap");
    expect(() => Object.getPrototypeOf(value) as unknown).toThrow("trap");
  });

  it("a lying proxy claims three text properties and answers \"x\" to any read", () => {
    const value = exotic("lyingProxy") as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["firstName", "city", "email"]);
    expect(value["anything"]).toBe("x");
    expect("nothing" in value).toBe(true);
    expect(Object.getOwnPropertyDescriptor(value, "zip")).toEqual({ value: "x", writable: true, enumerable: true, configurable: true });
  });

  it("a getter record: an id, and enumerable getters that throw for every field a stage reads", () => {
    const value = exotic("getter") as Record<string, unknown>;
    expect(value["id"]).toBe("g");
    expect(Object.keys(value)).toEqual(["id", "email", "firstName", "value", "attributes", "city"]);
    for (const key of ["email", "firstName", "value", "attributes", "city"]) expect(() => value[key]).toThrow("trap");
  });

  it("a cyclic record refers to itself", () => {
    const value = exotic("cyclic") as Record<string, unknown>;
    expect(value["self"]).toBe(value);
    expect(value["firstName"]).toBe("Ann");
  });

  it("a deep value nests arrays and records 3,500 levels down to a text", () => {
    const value = exotic("deep");
    expect(depthOf(value)).toBe(3_500);
    expect(Array.isArray(value)).toBe(false); // the last level added (i = 3,499) is a record
    let node: unknown = value;
    for (let i = 0; i < 3_500; i++) node = Array.isArray(node) ? node[0] : (node as { a: unknown }).a;
    expect(node).toBe("bottom");
    // Records and arrays alternate, an array innermost.
    const top = value as { a: { a: unknown } };
    expect(Array.isArray(top.a)).toBe(true);
    expect(Array.isArray((top.a as unknown as unknown[])[0])).toBe(false);
  });

  it("wide, megabyte and over-limit values have their sizes", () => {
    const wide = exotic("wide") as number[];
    expect(wide).toHaveLength(100_001);
    expect(wide.every((x) => x === 1)).toBe(true);
    expect(exotic("megabyte")).toBe("m".repeat(1 << 20));
    expect(exotic("overLimit")).toBe("b".repeat(10_001));
  });

  it("dates: an invalid one, and one a day before the given now", () => {
    const invalid = exotic("invalidDate");
    expect(invalid).toBeInstanceOf(Date);
    expect(Number.isNaN((invalid as Date).getTime())).toBe(true);
    expect(exotic("date", NOW)).toEqual(new Date(NOW - 86_400_000));
    expect(exotic("date")).toEqual(new Date(Date.UTC(2026, 0, 1) - 86_400_000));
  });

  it("a function, a symbol, NaN, infinity, undefined and a time past any date", () => {
    const fn = exotic("function");
    expect(typeof fn).toBe("function");
    expect((fn as () => string)()).toBe("value");
    const symbol = exotic("symbol");
    expect(typeof symbol).toBe("symbol");
    expect((symbol as symbol).description).toBe("value");
    expect(exotic("nan")).toBeNaN();
    expect(exotic("infinity")).toBe(Number.POSITIVE_INFINITY);
    expect(exotic("undefined")).toBeUndefined();
    expect(exotic("hugeTime")).toBe(9e15);
    expect(Number.isNaN(new Date(exotic("hugeTime") as number).getTime())).toBe(true);
  });

  it("every exotic is built fresh on each call (no shared object between runs)", () => {
    for (const name of EXOTICS) {
      const a = exotic(name);
      if (typeof a === "object" && a !== null) expect(Object.is(exotic(name), a)).toBe(false); // Object.is: no proxy trap
    }
  });
});

describe("build", () => {
  it("gives JSON values as they are and arrays item by item", () => {
    const value = { deep: [1, "two"] };
    expect(build({ kind: "json", value })).toBe(value);
    expect(build({ kind: "array", items: [{ kind: "json", value: 1 }, { kind: "exotic", name: "nan" }] })).toEqual([1, Number.NaN]);
  });

  it("makes records of own, enumerable, writable properties, __proto__ among them, as JSON.parse does", () => {
    const recipe: Recipe = { kind: "record", entries: [["__proto__", { kind: "json", value: { polluted: true } }], ["constructor", { kind: "json", value: "c" }], ["name", { kind: "array", items: [] }]] };
    const record = build(recipe) as Record<string, unknown>;
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record)).toEqual(["__proto__", "constructor", "name"]);
    expect(record).toEqual(JSON.parse('{"__proto__":{"polluted":true},"constructor":"c","name":[]}'));
    expect(Object.getOwnPropertyDescriptor(record, "__proto__")).toEqual({ value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("passes its now down to the exotic values inside records and arrays", () => {
    const recipe: Recipe = { kind: "record", entries: [["at", { kind: "array", items: [{ kind: "exotic", name: "date" }] }]] };
    expect(build(recipe, NOW)).toEqual({ at: [new Date(NOW - 86_400_000)] });
    expect(build({ kind: "exotic", name: "date" })).toEqual(new Date(Date.UTC(2026, 0, 1) - 86_400_000));
  });
});

describe("hostileRecipe", () => {
  const kindsOf = (recipe: Recipe, into: Set<string>): void => {
    into.add(recipe.kind);
    if (recipe.kind === "record") for (const [, child] of recipe.entries) kindsOf(child, into);
    if (recipe.kind === "array") for (const item of recipe.items) kindsOf(item, into);
  };
  const keysOf = (recipe: Recipe, into: Set<string>): void => {
    if (recipe.kind === "record") for (const [key, child] of recipe.entries) {
      into.add(key);
      keysOf(child, into);
    }
    if (recipe.kind === "array") for (const item of recipe.items) keysOf(item, into);
  };
  const sample = (options?: Parameters<typeof hostileRecipe>[0]): Recipe[] => fc.sample(hostileRecipe(options), { seed: 7, numRuns: 600 });

  it("makes every kind of recipe, every exotic among them, and they build", () => {
    const kinds = new Set<string>();
    const exotics = new Set<string>();
    for (const recipe of sample()) {
      kindsOf(recipe, kinds);
      if (recipe.kind === "exotic") exotics.add(recipe.name);
      expect(() => build(recipe)).not.toThrow();
    }
    expect([...kinds].sort()).toEqual(["array", "exotic", "json", "record"]);
    expect([...exotics].sort()).toEqual([...EXOTICS].sort());
  });

  it("names record fields with prototype keys and the caller's keys, and uses the caller's and its own constants", () => {
    const keys = new Set<string>();
    const values = new Set<unknown>();
    const visit = (recipe: Recipe): void => {
      if (recipe.kind === "json") values.add(recipe.value);
      if (recipe.kind === "record") for (const [, child] of recipe.entries) visit(child);
      if (recipe.kind === "array") for (const item of recipe.items) visit(item);
    };
    for (const recipe of sample({ keys: ["emailAddress"], constants: ["1999-12-31"] })) {
      keysOf(recipe, keys);
      visit(recipe);
    }
    for (const key of [...PROTOTYPE_KEYS, "emailAddress"]) expect(keys).toContain(key);
    expect(values).toContain("1999-12-31");
    expect(values).toContain("\u202eevil\u202c");
    expect(values).toContain("__proto__");
  });

  it("without options, names fields with prototype keys or short arbitrary strings only", () => {
    const keys = new Set<string>();
    for (const recipe of sample()) keysOf(recipe, keys);
    expect(keys).toContain("__proto__");
    for (const key of keys) if (!(PROTOTYPE_KEYS as readonly string[]).includes(key)) expect(key.length).toBeLessThanOrEqual(8);
  });

  it("draws each hostile text, and only the texts, prototype keys and constants given as constants", () => {
    expect(HOSTILE_TEXTS).toEqual(["", " ", "\u0000", "\u202eevil\u202c", "ß".repeat(40), "İstanbul ǅ ﬁ", "😀👨‍👩‍👧e\u0301", "a@b", "(".repeat(500), "a.".repeat(2_000), "9e15", "1900-01-01", "not a date"]);
    const values = new Set<unknown>();
    const visit = (recipe: Recipe): void => {
      if (recipe.kind === "json") values.add(recipe.value);
      if (recipe.kind === "record") for (const [, child] of recipe.entries) visit(child);
      if (recipe.kind === "array") for (const item of recipe.items) visit(item);
    };
    for (const recipe of fc.sample(hostileRecipe(), { seed: 11, numRuns: 3_000 })) visit(recipe);
    for (const text of HOSTILE_TEXTS) expect(values).toContain(text);
    // Arbitrary texts are at most 20 graphemes: a longer one is one of the texts.
    const graphemes = (v: string): number => [...new Intl.Segmenter().segment(v)].length;
    expect([...values].filter((v) => typeof v === "string" && graphemes(v) > 20 && !HOSTILE_TEXTS.includes(v))).toEqual([]);
  });
});
