import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { _parseOptions } from "./_parseOptions.js";
import { isProfileKitError } from "./isProfileKitError.js";
import type { ProfileKitError } from "./ProfileKitError.js";

/** The ProfileKitError `run` throws (fails the test when it returns or throws anything else). */
function thrown(run: () => unknown): ProfileKitError {
  try {
    run();
  } catch (error) {
    if (isProfileKitError(error)) return error;
    throw error;
  }
  throw new Error("expected a ProfileKitError");
}

/** The message `_parseOptions("f", schema, options)` throws with. */
function message(schema: z.ZodMiniType, options: unknown, where?: string): string {
  return thrown(() => _parseOptions("f", schema, options, where)).message;
}

const weighted = z.strictObject({ weight: z.number() });

describe("_parseOptions: the thrown error", () => {
  it("returns the parsed output, defaults applied, when the options are valid", () => {
    const schema = z.strictObject({ mode: z._default(z.enum(["fast", "slow"]), "fast") });
    expect(_parseOptions("f", schema, {})).toEqual({ mode: "fast" });
  });

  it("joins every problem after '<function>: invalid options.' and keeps the zod issues as cause", () => {
    const schema = z.strictObject({ threshold: z.number(), mode: z.enum(["fast", "slow"]) });
    const error = thrown(() => _parseOptions("resolveIdentities", schema, { threshold: "high", mode: "fast", treshold: 1, zzz: 2 }));
    expect(error.code).toBe("invalid_options");
    expect(error.message).toBe(
      "resolveIdentities: invalid options. options.threshold: Invalid input: expected number, received string; " +
        "options.treshold: unknown option; did you mean threshold?; options.zzz: unknown option; known options are threshold, mode",
    );
    expect(error.cause).toMatchObject([
      { code: "invalid_type", path: ["threshold"], expected: "number" },
      { code: "unrecognized_keys", path: [], keys: ["treshold", "zzz"] },
    ]);
  });

  it("names the root as `where` says, and the problem at the root without a path", () => {
    expect(message(weighted, "heavy")).toBe("f: invalid options. options: Invalid input: expected object, received string");
    expect(message(weighted, { weight: 1, wieght: 2 }, "options.policy")).toBe("f: invalid options. options.policy.wieght: unknown option; did you mean weight?");
  });

  it("turns options it cannot read into invalid_options with the thrown error as cause", () => {
    const failure = new Error("getter");
    const options = Object.defineProperty({}, "weight", {
      enumerable: true,
      get: () => {
        throw failure;
      },
    });
    const error = thrown(() => _parseOptions("trainModel", weighted, options));
    expect(error.code).toBe("invalid_options");
    expect(error.message).toBe("trainModel: the options could not be read (a getter or Proxy threw).");
    expect(error.cause).toBe(failure);
  });
});

describe("_parseOptions: unknown keys and their suggestions", () => {
  it("looks up the known keys of the nested object the unknown key is in", () => {
    const schema = z.strictObject({ policy: z.strictObject({ limit: z.number() }), mode: z.string() });
    expect(message(schema, { mode: "x", policy: { limt: 1, limit: 1 } })).toBe("f: invalid options. options.policy.limt: unknown option; did you mean limit?");
    expect(message(schema, { mode: "x", policy: { mod: 1, limit: 1 } })).toBe("f: invalid options. options.policy.mod: unknown option; known options are limit");
  });

  it("follows records to their value schema and arrays to their element schema", () => {
    const records = z.strictObject({ fields: z.record(z.string(), weighted) });
    expect(message(records, { fields: { email: { wieght: 1, weight: 1 } } })).toBe("f: invalid options. options.fields.email.wieght: unknown option; did you mean weight?");
    const arrays = z.strictObject({ rules: z.array(weighted) });
    expect(message(arrays, { rules: [{ weight: 1 }, { wieght: 1, weight: 1 }] })).toBe("f: invalid options. options.rules.1.wieght: unknown option; did you mean weight?");
  });

  it("suggests nothing where the path leads through a schema it does not follow (tuple, union, catch-all)", () => {
    const tuple = z.strictObject({ pair: z.tuple([weighted]) });
    expect(message(tuple, { pair: [{ wieght: 1, weight: 1 }] })).toBe("f: invalid options. options.pair.0.wieght: unknown option");
    const union = z.strictObject({ rule: z.union([z.strictObject({ inner: weighted }), z.string()]) });
    expect(message(union, { rule: { inner: { wieght: 1, weight: 1 } } })).toBe("f: invalid options. options.rule.inner.wieght: unknown option");
    const catchAll = z.catchall(z.strictObject({ a: z.number() }), z.strictObject({ inner: weighted }));
    expect(message(catchAll, { a: 1, other: { inner: { wieght: 1, weight: 1 } } })).toBe("f: invalid options. options.other.inner.wieght: unknown option");
    expect(message(catchAll, { a: 1, other: { inner: { weight: 1 }, innr: 1 } })).toBe("f: invalid options. options.other.innr: unknown option");
  });

  it("looks through optional, nullable, default and pipe wrappers, at the root and along the path", () => {
    const wrapped = (wrap: (inner: typeof weighted) => z.ZodMiniType): string => message(z.strictObject({ rule: wrap(weighted) }), { rule: { wieght: 1, weight: 1 } });
    const expected = "f: invalid options. options.rule.wieght: unknown option; did you mean weight?";
    expect(wrapped((inner) => z.optional(inner))).toBe(expected);
    expect(wrapped((inner) => z.nullable(inner))).toBe(expected);
    expect(wrapped((inner) => z._default(inner, { weight: 1 }))).toBe(expected);
    expect(wrapped((inner) => z.pipe(inner, z.transform((value) => value)))).toBe(expected);
    expect(wrapped((inner) => z.optional(z.nullable(z._default(inner, { weight: 1 }))))).toBe(expected);
    expect(message(z.optional(weighted), { wieght: 1, weight: 1 })).toBe("f: invalid options. options.wieght: unknown option; did you mean weight?");
  });

  it("unwraps at most 16 wrappers", () => {
    const optionalTimes = (count: number): z.ZodMiniType => {
      let schema: z.ZodMiniType = weighted;
      for (let index = 0; index < count; index++) schema = z.optional(schema);
      return z.strictObject({ rule: schema });
    };
    expect(message(optionalTimes(16), { rule: { wieght: 1, weight: 1 } })).toBe("f: invalid options. options.rule.wieght: unknown option; did you mean weight?");
    expect(message(optionalTimes(17), { rule: { wieght: 1, weight: 1 } })).toBe("f: invalid options. options.rule.wieght: unknown option");
  });
});

describe("_parseOptions: values and unions", () => {
  it("keeps zod's own message for a single schema", () => {
    expect(message(z.strictObject({ mode: z.enum(["fast", "slow"]) }), { mode: "medium" })).toBe('f: invalid options. options.mode: Invalid option: expected one of "fast"|"slow"');
    expect(message(z.strictObject({ n: z.number().check(z.refine((value) => value > 0, "expected a positive number")) }), { n: -1 })).toBe("f: invalid options. options.n: expected a positive number");
    expect(message(z.strictObject({ n: z.custom((value) => value === 1) }), { n: 2 })).toBe("f: invalid options. options.n: Invalid input");
  });

  it("lists what the branches of a failed union accept, with articles and without repeats", () => {
    const mode = z.strictObject({ mode: z.union([z.enum(["fast", "slow"]), z.number(), z.array(z.string()), z.object({}), z.int()]) });
    expect(message(mode, { mode: "medium" })).toBe('f: invalid options. options.mode: expected one of "fast", "slow", or a number, or an array, or an object');
    expect(message(z.union([z.literal("auto"), z.boolean()]), "manual")).toBe('f: invalid options. options: expected one of "auto", or a boolean');
  });

  it("uses a custom branch's own message without its leading 'expected', and zod's default one as is", () => {
    const schema = z.strictObject({
      n: z.union([z.custom<number>((value) => value === 1, "expected the number one"), z.custom<number>((value) => value === 2), z.custom<number>((value) => value === 3, "a three, as expected by the API")]),
    });
    expect(message(schema, { n: 5 })).toBe("f: invalid options. options.n: expected the number one, or Invalid input, or a three, as expected by the API");
  });

  it("keeps the message of other failed checks, saying a leading 'expected' once", () => {
    const schema = z.strictObject({ id: z.union([z.string().check(z.minLength(5, "expected five characters")), z.string().check(z.regex(/^x/, "starting with x"))]) });
    expect(message(schema, { id: "abc" })).toBe("f: invalid options. options.id: expected five characters, or starting with x");
  });

  it("names the keys no branch of a union of objects knows", () => {
    const schema = z.strictObject({ rule: z.union([z.strictObject({ a: z.optional(z.number()) }), z.strictObject({ b: z.optional(z.number()) })]) });
    expect(message(schema, { rule: { c: 1 } })).toBe("f: invalid options. options.rule.c: unknown option");
    expect(message(schema, { rule: { c: 1, d: 2 } })).toBe("f: invalid options. options.rule.c: unknown option; options.rule.d: unknown option");
    // A key one branch knows is not the problem: the branches are listed instead.
    expect(message(schema, { rule: { a: 1, b: 2 } })).toMatch(/^f: invalid options\. options\.rule: expected /);
  });

  it("says 'a valid value' when no branch says what it accepts", () => {
    expect(message(z.union([]), 1)).toBe("f: invalid options. options: expected a valid value");
    const tagged = z.strictObject({ rule: z.discriminatedUnion("kind", [z.strictObject({ kind: z.literal("a") }), z.strictObject({ kind: z.literal("b") })]) });
    expect(message(tagged, { rule: { kind: "c" } })).toBe("f: invalid options. options.rule.kind: expected a valid value");
  });

  it("describes the problems inside the one branch the input took, with their full path", () => {
    const schema = z.strictObject({ rule: z.union([z.strictObject({ kind: z.literal("a"), weight: z.number() }), z.string()]) });
    expect(message(schema, { rule: { kind: "a", weight: "x" } })).toBe("f: invalid options. options.rule.weight: Invalid input: expected number, received string");
    expect(message(schema, { rule: { kind: "a", weight: "x", extra: 1 } })).toBe(
      "f: invalid options. options.rule.weight: Invalid input: expected number, received string; options.rule.extra: unknown option",
    );
  });

  it("lists the branches when the input failed inside several of them", () => {
    const schema = z.strictObject({ rule: z.union([z.strictObject({ weight: z.number() }), z.strictObject({ limit: z.string() })]) });
    expect(message(schema, { rule: { weight: "x", limit: 1 } })).toBe("f: invalid options. options.rule: expected a number, or a string");
  });

  it("says why a record's key was refused, at the key, instead of zod's 'Invalid key in record'", () => {
    const schema = z.strictObject({ fields: z.record(z.string().check(z.refine((name) => name !== "constructor", "the name constructor is not allowed")), z.number()) });
    expect(message(schema, { fields: { constructor: 1 } })).toBe("f: invalid options. options.fields.constructor: the name constructor is not allowed");
    // Several refusals of one key are all said.
    const twice = z.strictObject({ fields: z.record(z.string().check(z.minLength(3, "too short"), z.refine((name) => name !== "ab", "not ab")), z.number()) });
    expect(message(twice, { fields: { ab: 1 } })).toBe("f: invalid options. options.fields.ab: too short; options.fields.ab: not ab");
  });

  it("refuses an own __proto__ key in the options or one level down, which zod passes over", () => {
    const schema = z.strictObject({ fields: z.optional(z.record(z.string(), z.number())) });
    expect(message(schema, JSON.parse('{"fields": {"__proto__": 1}}'))).toBe("f: invalid options. options.fields.__proto__: the key __proto__ is not allowed");
    expect(message(z.record(z.string(), z.number()), JSON.parse('{"__proto__": 1}'))).toBe("f: invalid options. options.__proto__: the key __proto__ is not allowed");
    expect(_parseOptions("f", schema, { fields: { a: 1 } })).toEqual({ fields: { a: 1 } });
  });
});
