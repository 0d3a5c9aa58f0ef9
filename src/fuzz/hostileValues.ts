// Test support, not part of the package (excluded from the build): hostile values for fast-check, shared
// by the fuzz suite of every export and the hardening property tests of each stage.
//
// Values are described as data (a recipe) and built fresh inside each run: fast-check inspects generated
// values (it checks them for clone methods), which a revoked Proxy answers with a TypeError in fast-check
// itself, and a recipe shrinks and prints readably.
import fc from "fast-check";

/** Keys named like Object.prototype members, plus the ones that swap or reach a prototype. */
export const PROTOTYPE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupSetter__",
] as const;

/** Values no JSON parser makes, each built fresh: Proxies, getters, cycles, deep and wide values… */
export const EXOTICS = [
  "bigint",
  "revoked",
  "throwingProxy",
  "lyingProxy",
  "getter",
  "cyclic",
  "deep",
  "wide",
  "megabyte",
  "overLimit",
  "invalidDate",
  "date",
  "function",
  "symbol",
  "nan",
  "infinity",
  "undefined",
  "hugeTime",
] as const;

/** One of {@link EXOTICS}. */
export type Exotic = (typeof EXOTICS)[number];

/** A value described as data. */
export type Recipe =
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "exotic"; readonly name: Exotic }
  | { readonly kind: "record"; readonly entries: readonly (readonly [string, Recipe])[] }
  | { readonly kind: "array"; readonly items: readonly Recipe[] };

/** What a caller adds to the hostile mix: keys its records use, texts its parsers read. */
export interface HostileOptions {
  /** Keys of generated records, besides {@link PROTOTYPE_KEYS}. */
  readonly keys?: readonly string[];
  /** Values worth trying as they are (dates, names, numbers a stage reads). */
  readonly constants?: readonly unknown[];
}

const MEGABYTE = "m".repeat(1 << 20);
/** Texts that trip parsers: empty, blank, NUL, a bidi override, long ß, case-mapping traps, emoji with joiners and a combining mark, an address without a domain, 500 parentheses, 4,000 characters of "a.", a number past safe integers, the oldest placeholder date, a date that is not one. */
export const HOSTILE_TEXTS: readonly string[] = ["", " ", "\u0000", "\u202eevil\u202c", "ß".repeat(40), "İstanbul ǅ ﬁ", "😀👨‍👩‍👧e\u0301", "a@b", "(".repeat(500), "a.".repeat(2_000), "9e15", "1900-01-01", "not a date"];

/** Recipes of hostile values: arbitrary JSON and texts, exotic values, and records with hostile keys. */
export function hostileRecipe(options: HostileOptions = {}): fc.Arbitrary<Recipe> {
  const keys = [...PROTOTYPE_KEYS, ...(options.keys ?? [])];
  const constants = [...HOSTILE_TEXTS, ...PROTOTYPE_KEYS, ...(options.constants ?? [])];
  const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...keys) }, fc.string({ maxLength: 8 }));
  return fc.letrec<{ node: Recipe }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 4, arbitrary: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: "grapheme", maxLength: 20 }), fc.constantFrom(...constants)).map((value): Recipe => ({ kind: "json", value })) },
      { weight: 2, arbitrary: fc.constantFrom(...EXOTICS).map((name): Recipe => ({ kind: "exotic", name })) },
      { weight: 2, arbitrary: fc.array(fc.tuple(key, tie("node")), { maxLength: 5 }).map((entries): Recipe => ({ kind: "record", entries })) },
      { weight: 1, arbitrary: fc.array(tie("node"), { maxLength: 4 }).map((items): Recipe => ({ kind: "array", items })) },
    ),
  })).node;
}

/** Builds a recipe's value. Records get own properties, "__proto__" included, as JSON.parse makes them. */
export function build(node: Recipe, now: number = Date.UTC(2026, 0, 1)): unknown {
  switch (node.kind) {
    case "json":
      return node.value;
    case "array":
      return node.items.map((item) => build(item, now));
    case "record": {
      const record: Record<string, unknown> = {};
      for (const [key, child] of node.entries) Object.defineProperty(record, key, { value: build(child, now), enumerable: true, writable: true, configurable: true });
      return record;
    }
    case "exotic":
      return exotic(node.name, now);
  }
}

const fail = (): never => {
  throw new Error("trap");
};

/** One exotic value, made now. */
export function exotic(name: Exotic, now: number = Date.UTC(2026, 0, 1)): unknown {
  switch (name) {
    case "bigint":
      return 10n;
    case "revoked": {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    case "throwingProxy":
      return new Proxy({}, { get: fail, has: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, getPrototypeOf: fail });
    case "lyingProxy":
      // Claims the same properties on every read, with text for every value.
      return new Proxy({}, { get: () => "x", has: () => true, ownKeys: () => ["firstName", "city", "email"], getOwnPropertyDescriptor: () => ({ value: "x", writable: true, enumerable: true, configurable: true }) });
    case "getter": {
      const value = { id: "g" };
      for (const key of ["email", "firstName", "value", "attributes", "city"]) Object.defineProperty(value, key, { enumerable: true, get: fail });
      return value;
    }
    case "cyclic": {
      const value: Record<string, unknown> = { firstName: "Ann" };
      value["self"] = value;
      return value;
    }
    case "deep": {
      let value: unknown = "bottom";
      for (let i = 0; i < 3_500; i++) value = i % 2 === 0 ? [value] : { a: value };
      return value;
    }
    case "wide":
      return new Array<number>(100_001).fill(1);
    case "megabyte":
      return MEGABYTE;
    case "overLimit":
      return "b".repeat(10_001);
    case "invalidDate":
      return new Date(Number.NaN);
    case "date":
      return new Date(now - 86_400_000);
    case "function":
      return () => "value";
    case "symbol":
      return Symbol("value");
    case "nan":
      return Number.NaN;
    case "infinity":
      return Number.POSITIVE_INFINITY;
    case "undefined":
      return undefined;
    case "hugeTime":
      return 9e15;
  }
}
