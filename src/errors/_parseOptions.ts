import type * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { _own } from "../shared/_dict.js";
import { ProfileKitError } from "./ProfileKitError.js";
import { _suggestKey } from "./_suggest.js";

/**
 * Validates the options of a public entry point once per call. Invalid options are a programming error,
 * so they throw a {@link ProfileKitError} `invalid_options` whose message names every problem — an unknown
 * key with the closest known one ("did you mean threshold?"), a value outside a closed set with the values
 * allowed — and whose `cause` holds the zod issues. Option values are configuration, not customer data,
 * but the message still names only paths and expectations.
 *
 * @param functionName - the entry point, named at the start of the message
 * @param schema - the options schema
 * @param options - what the caller passed
 * @param where - how the message names the root (`"options"`, `"options.policy"`)
 */
export function _parseOptions<Schema extends z.ZodMiniType>(functionName: string, schema: Schema, options: unknown, where = "options"): z.output<Schema> {
  let result: ReturnType<Schema["safeParse"]>;
  try {
    // English messages for this parse only: zod/mini ships without a locale, and setting one with
    // z.config() would change the host's own zod.
    result = schema.safeParse(options, { error: ENGLISH }) as ReturnType<Schema["safeParse"]>;
  } catch (error) {
    // A getter or Proxy trap that throws while the options are read: the options cannot work.
    throw new ProfileKitError("invalid_options", `${functionName}: the options could not be read (a getter or Proxy threw).`, { cause: error });
  }
  if (result.success) {
    // zod's records and objects pass over an own "__proto__" key (JSON.parse makes one) without a word, so
    // what it names (a custom field) would vanish: refused here, at the top level and one level down.
    const proto = protoKeyPath(options);
    if (proto !== null) throw new ProfileKitError("invalid_options", `${functionName}: invalid options. ${[where, ...proto].join(".")}: the key __proto__ is not allowed`);
    return result.data as z.output<Schema>;
  }
  const problems = result.error.issues.map((issue) => describeIssue(schema, issue, where));
  throw new ProfileKitError("invalid_options", `${functionName}: invalid options. ${problems.join("; ")}`, {
    cause: result.error.issues,
  });
}

type ZodIssue = z.core.$ZodIssue;

/** The path of an own "__proto__" key in the options or in one of their object values, or null. */
function protoKeyPath(options: unknown): string[] | null {
  if (typeof options !== "object" || options === null) return null;
  if (Object.hasOwn(options, "__proto__")) return ["__proto__"];
  for (const [key, value] of Object.entries(options) as [string, unknown][]) {
    if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "__proto__")) return [key, "__proto__"];
  }
  return null;
}

function describeIssue(schema: z.ZodMiniType, issue: ZodIssue, where: string): string {
  const at = issue.path.length === 0 ? where : `${where}.${issue.path.map(String).join(".")}`;
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(schema, issue.path);
    return issue.keys.map((key) => `${at}.${key}: unknown option${_suggestKey(key, known)}`).join("; ");
  }
  if (issue.code === "invalid_union") {
    // The input took one branch and failed inside it (a bad field of the right kind of object): say that,
    // with its own path, rather than list every branch.
    const inside = issue.errors.filter((branch) => branch.some((inner) => inner.path.length > 0));
    if (inside.length === 1) return (inside[0] as readonly ZodIssue[]).map((inner) => describeIssue(schema, { ...inner, path: [...issue.path, ...inner.path] }, where)).join("; ");
    // Every branch an object refusing keys: the keys no branch knows are the problem.
    const unknown = unknownInEvery(issue.errors);
    if (unknown.length > 0) return unknown.map((key) => `${at}.${key}: unknown option`).join("; ");
    return `${at}: expected ${alternatives(issue.errors)}`;
  }
  if (issue.code === "invalid_key" && issue.issues.length > 0) {
    // A record's key refused by its own check ("custom field names … are not allowed"): say why, at the key.
    return issue.issues.map((inner) => describeIssue(schema, { ...inner, path: [...issue.path, ...inner.path] }, where)).join("; ");
  }
  return `${at}: ${issue.message}`;
}

/** What the branches of a union accept: `one of "a", "b", an array or a function`. */
function alternatives(branches: readonly (readonly ZodIssue[])[]): string {
  const parts: string[] = [];
  for (const branch of branches) {
    const first = branch[0];
    if (first === undefined) continue;
    if (first.code === "invalid_value") parts.push(`one of ${first.values.map((value) => JSON.stringify(value)).join(", ")}`);
    else if (first.code === "invalid_type") parts.push(article(first.expected));
    // A check's own message may start with "expected" too ("expected five characters"): said once.
    else parts.push(first.message.replace(/^expected /, ""));
  }
  return parts.length === 0 ? "a valid value" : [...new Set(parts)].join(", or ");
}

/** The keys every branch of a union refused as unknown, when each branch failed on unknown keys alone; else none. */
function unknownInEvery(branches: readonly (readonly ZodIssue[])[]): string[] {
  let common: string[] | null = null;
  for (const branch of branches) {
    const first = branch[0];
    if (branch.length !== 1 || first?.code !== "unrecognized_keys") return [];
    const keys: readonly string[] = first.keys;
    common = common === null ? [...keys] : common.filter((key) => keys.includes(key));
  }
  return common ?? [];
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

interface SchemaDefinition {
  readonly type?: string;
  readonly shape?: Readonly<Record<string, z.ZodMiniType>>;
  readonly innerType?: z.ZodMiniType;
  readonly valueType?: z.ZodMiniType;
  readonly element?: z.ZodMiniType;
  readonly in?: z.ZodMiniType;
}

/** The keys the object schema at `path` knows, for suggestions (empty when the path leads elsewhere). */
function knownKeys(schema: z.ZodMiniType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodMiniType | undefined = unwrap(schema);
  for (const step of path) {
    const def = definition(current);
    if (def === undefined) return [];
    // Stryker disable next-line ConditionalExpression: only zod object defs carry `shape`, so `def.type === "object"` adds nothing to `def.shape !== undefined` (the other ConditionalExpression mutants here do not compile)
    if (def.type === "object" && def.shape !== undefined && typeof step === "string") current = _own(def.shape, step) as z.ZodMiniType | undefined;
    else if (def.type === "record") current = def.valueType;
    // Stryker disable next-line ConditionalExpression: only zod array defs carry `element`; taking an undefined `element` elsewhere ends in [] just like the `return []` below (`false` does not compile)
    else if (def.type === "array") current = def.element;
    else return [];
    current = current === undefined ? undefined : unwrap(current);
  }
  const def = definition(current);
  return def?.type === "object" && def.shape !== undefined ? Object.keys(def.shape) : [];
}

function definition(schema: z.ZodMiniType | undefined): SchemaDefinition | undefined {
  return (schema as { _zod?: { def?: SchemaDefinition } } | undefined)?._zod?.def;
}

function unwrap(schema: z.ZodMiniType): z.ZodMiniType {
  let current = schema;
  for (let guard = 0; guard < 16; guard++) {
    const def = definition(current);
    const inner = def?.type === "optional" || def?.type === "nullable" || def?.type === "default" ? def.innerType : def?.type === "pipe" ? def.in : undefined;
    if (inner === undefined) return current;
    current = inner;
  }
  return current;
}

/** zod's English messages, built once when first needed. */
let english: ((issue: z.core.$ZodRawIssue) => string | undefined) | undefined;
const ENGLISH = (issue: z.core.$ZodRawIssue): string | undefined => {
  english ??= en().localeError as (issue: z.core.$ZodRawIssue) => string | undefined;
  return english(issue);
};
