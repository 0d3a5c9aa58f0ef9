/**
 * Options checks for the standardisers. They run once per value — a million times in identity resolution —
 * so they are hand-written loops over the few keys a caller passed, with no schema parse, no allocation on
 * success, and nothing at all when `options` is undefined. Every failure is a `ProfileKitError`
 * `invalid_options` that names the option (never a value from a record): a wrong type, an unknown key (with
 * the closest known key suggested), or options that cannot even be read (a revoked Proxy, a throwing getter).
 */
import levenshtein from "fast-levenshtein";
import type { IssuePath } from "../errors/issue.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";

/** The path of a standardiser called without one: shared and frozen, so no call allocates it. @internal */
export const _NO_PATH: IssuePath = Object.freeze([]);

/**
 * Throws unless `options` is an object whose enumerable keys are all in `known`. Keys are compared
 * with `known.includes`, so "__proto__" or "toString" is just another unknown key.
 *
 * @internal
 */
export function _checkOptionKeys(functionName: string, options: unknown, known: readonly string[]): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw _optionsError(functionName, "options", `expected an object or undefined, received ${describe(options)}`);
  }
  for (const key in options) {
    if (!known.includes(key)) throw _optionsError(functionName, `options.${shorten(key)}`, unknownKey(key, known));
  }
}

/**
 * Re-throws a `ProfileKitError` as it is; anything else (a TypeError from a revoked Proxy, a getter's own
 * error) becomes `invalid_options` with the error as `cause`.
 *
 * @internal
 */
export function _unreadableOptions(functionName: string, error: unknown): ProfileKitError {
  if (isProfileKitError(error)) return error;
  return new ProfileKitError("invalid_options", `${functionName}: invalid options. options: could not be read (a revoked Proxy or a throwing getter?)`, { cause: error });
}

/** An `invalid_options` error for the option at `where`. @internal */
export function _optionsError(functionName: string, where: string, problem: string): ProfileKitError {
  return new ProfileKitError("invalid_options", `${functionName}: invalid options. ${where}: ${problem}`);
}

/**
 * The `path` option: undefined means `[]`; otherwise an array of property names and indexes.
 *
 * @internal
 */
export function _pathOption(functionName: string, value: unknown): IssuePath {
  if (value === undefined) return _NO_PATH;
  if (!Array.isArray(value)) throw _optionsError(functionName, "options.path", `expected an array of strings and numbers, received ${describe(value)}`);
  for (const step of value as readonly unknown[]) {
    if (typeof step !== "string" && !(typeof step === "number" && Number.isInteger(step))) {
      throw _optionsError(functionName, "options.path", `expected an array of strings and integers, received an element of type ${describe(step)}`);
    }
  }
  return value as IssuePath;
}

/**
 * A string option limited to `allowed`: undefined gives `fallback`.
 *
 * @internal
 */
export function _choiceOption<T extends string>(functionName: string, name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw _optionsError(functionName, `options.${name}`, `expected one of ${allowed.map((choice) => `"${choice}"`).join(", ")}, received ${typeof value === "string" ? "another string" : describe(value)}`);
}

/**
 * A country option: undefined or null for none, else a string (a value that is not an ISO alpha-2 code
 * is read as no country, as before: the standardisers are lenient with data-derived countries).
 *
 * @internal
 */
export function _countryOption(functionName: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  throw _optionsError(functionName, "options.country", `expected an ISO 3166-1 alpha-2 code (a string) or null, received ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value === "number" && !Number.isFinite(value) ? "non-finite number" : typeof value;
  try {
    return Array.isArray(value) ? "array" : "object";
  } catch {
    return "unreadable object";
  }
}

function shorten(key: string): string {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}

function unknownKey(key: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = Infinity;
  // Option names are short: a key much longer than any is not a typo of one (and levenshtein stays cheap).
  if (key.length <= 64) {
    for (const candidate of known) {
      const distance = levenshtein.get(key.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
  }
  const close = best !== null && bestDistance <= Math.max(2, Math.ceil(best.length / 3));
  return close ? `unknown option; did you mean ${best}?` : `unknown option; known options are ${known.join(", ")}`;
}

/**
 * `List`, checked to name every key of `T`: when an options interface gains a key the list does not
 * have, the list's type becomes `never` and its declaration stops the build.
 *
 * @internal
 */
export type _KeyList<T, List extends readonly (keyof T)[]> = [Exclude<keyof T, List[number]>] extends [never] ? List : never;
