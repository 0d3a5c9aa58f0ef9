/**
 * Hand-written options checks, for entry points that run once per value (the standardisers run a million
 * times in identity resolution) or whose entry point must load fast (personalization): no schema library —
 * so they are hand-written loops over the few keys a caller passed, with no schema parse, no allocation on
 * success, and nothing at all when `options` is undefined. Every failure is a `ProfileKitError`
 * `invalid_options` that names the option (never a value from a record): a wrong type, an unknown key (with
 * the closest known key suggested), or options that cannot even be read (a revoked Proxy, a throwing getter).
 */
import type { IssuePath } from "./issue.js";
import { isProfileKitError } from "./isProfileKitError.js";
import { ProfileKitError } from "./ProfileKitError.js";
import { _suggestKey } from "./_suggest.js";

/** The path of a standardiser called without one: shared and frozen, so no call allocates it. @internal */
export const _NO_PATH: IssuePath = Object.freeze([]);

/**
 * Throws unless `options` is an object whose enumerable keys are all in `known`. Keys are compared
 * with `known.includes`, so "__proto__" or "toString" is just another unknown key.
 *
 * @internal
 */
export function _checkOptionKeys(functionName: string, options: unknown, known: readonly string[], where = "options"): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw _optionsError(functionName, where, `expected an object${where === "options" ? " or undefined" : ""}, received ${_describeOption(options)}`);
  }
  for (const key in options) {
    if (!known.includes(key)) throw _optionsError(functionName, `${where}.${shorten(key)}`, `unknown option${_suggestKey(key, known)}`);
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
  if (!Array.isArray(value)) throw _optionsError(functionName, "options.path", `expected an array of strings and numbers, received ${_describeOption(value)}`);
  for (const step of value as readonly unknown[]) {
    if (typeof step !== "string" && !(typeof step === "number" && Number.isInteger(step))) {
      throw _optionsError(functionName, "options.path", `expected an array of strings and integers, received an element of type ${_describeOption(step)}`);
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
  throw _optionsError(functionName, `options.${name}`, `expected one of ${allowed.map((choice) => `"${choice}"`).join(", ")}, received ${typeof value === "string" ? "another string" : _describeOption(value)}`);
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
  throw _optionsError(functionName, "options.country", `expected an ISO 3166-1 alpha-2 code (a string) or null, received ${_describeOption(value)}`);
}

/** A non-personal description of an option value's type. @internal */
export function _describeOption(value: unknown): string {
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

/**
 * `List`, checked to name every key of `T`: when an options interface gains a key the list does not
 * have, the list's type becomes `never` and its declaration stops the build.
 *
 * @internal
 */
export type _KeyList<T, List extends readonly (keyof T)[]> = [Exclude<keyof T, List[number]>] extends [never] ? List : never;
