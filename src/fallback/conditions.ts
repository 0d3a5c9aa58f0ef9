import { isProfileKitError } from "../errors/isProfileKitError.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { PersonalizeContext } from "./types.js";

/** Longest text a condition reads as a number or a time: anything longer is neither, and is not parsed. */
const MAX_PARSED_LENGTH = 100;

/** Reads a profile for a condition: values that are missing, empty, erased, redacted or opted out read as undefined. */
export interface ProfileReader {
  /** The value at a path (`"loyalty.tier"`), or undefined. */
  value(path: string): unknown;
  /** When the attribute at a path was observed (epoch ms), or null when unknown. */
  observedAt(path: string): number | null;
}

/**
 * A condition over a profile. Missing data makes built-in conditions false; a condition that throws or
 * returns anything but `true` counts as false. The builders below check their arguments when the
 * condition is built (`invalid_options`), never while it is evaluated.
 */
export type ContentCondition = (profile: ProfileReader, context: PersonalizeContext) => boolean;

/**
 * True when the path has a value.
 *
 * @param path - e.g. `"loyaltyTier"`
 * @returns the condition
 * @throws ProfileKitError `invalid_options` when an argument has the wrong type
 * @example
 * ```ts
 * hasValue("loyaltyTier")
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function hasValue(path: string): ContentCondition {
  checkPath("hasValue", path);
  return (profile) => profile.value(path) !== undefined;
}

/**
 * True when the value at the path is one of `values` (strings compare without regard to case or surrounding spaces).
 *
 * @param path - e.g. `"loyaltyTier"`
 * @param values - accepted values
 * @returns the condition
 * @throws ProfileKitError `invalid_options` when an argument has the wrong type
 * @example
 * ```ts
 * valueIn("loyaltyTier", ["gold", "platinum"])
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function valueIn(path: string, values: readonly (string | number | boolean)[]): ContentCondition {
  checkPath("valueIn", path);
  const accepted = new Set<string>();
  try {
    if (!Array.isArray(values)) throw invalid("valueIn", "values must be an array of strings, numbers or booleans");
    for (const value of values as readonly unknown[]) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") throw invalid("valueIn", "values must be an array of strings, numbers or booleans");
      accepted.add(comparable(value));
    }
  } catch (error) {
    // A revoked Proxy or a throwing getter as the list: a setup mistake like any other wrong argument.
    if (isProfileKitError(error)) throw error;
    throw invalid("valueIn", "values could not be read");
  }
  return (profile) => {
    const value = profile.value(path);
    return (typeof value === "string" || typeof value === "number" || typeof value === "boolean") && accepted.has(comparable(value));
  };
}

/**
 * True when the number at the path is at least `minimum` (numeric text counts).
 *
 * @param path - e.g. `"lifetimeValue"`
 * @param minimum - the smallest value that passes
 * @returns the condition
 * @throws ProfileKitError `invalid_options` when an argument has the wrong type
 * @example
 * ```ts
 * atLeast("orderCount", 3)
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function atLeast(path: string, minimum: number): ContentCondition {
  checkPath("atLeast", path);
  checkNumber("atLeast", "minimum", minimum);
  return (profile) => {
    const value = toNumber(profile.value(path));
    return value !== null && value >= minimum;
  };
}

/**
 * True when the number at the path is at most `maximum` (numeric text counts).
 *
 * @param path - e.g. `"daysSinceSignup"`
 * @param maximum - the largest value that passes
 * @returns the condition
 * @throws ProfileKitError `invalid_options` when an argument has the wrong type
 * @example
 * ```ts
 * atMost("cartItems", 0)
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function atMost(path: string, maximum: number): ContentCondition {
  checkPath("atMost", path);
  checkNumber("atMost", "maximum", maximum);
  return (profile) => {
    const value = toNumber(profile.value(path));
    return value !== null && value <= maximum;
  };
}

/**
 * True when the date at the path (ISO 8601 with a zone, or epoch ms) lies within the last `days` days
 * before the clock — "bought in the last 30 days" is `withinDays("lastOrderAt", 30)`.
 *
 * @param path - e.g. `"lastOrderAt"`
 * @param days - the window
 * @returns the condition
 * @throws ProfileKitError `invalid_options` when an argument has the wrong type
 * @example
 * ```ts
 * withinDays("lastOrderAt", 30)
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function withinDays(path: string, days: number): ContentCondition {
  checkPath("withinDays", path);
  checkNumber("withinDays", "days", days);
  return (profile, context) => {
    const value = profile.value(path);
    const at = typeof value === "number" ? value : typeof value === "string" && value.length <= MAX_PARSED_LENGTH && /(?:Z|[+-]\d\d:?\d\d)$/i.test(value) ? Date.parse(value) : value instanceof Date ? value.getTime() : Number.NaN;
    return Number.isFinite(at) && Number.isFinite(context.now) && at <= context.now && context.now - at <= days * 86_400_000;
  };
}

/**
 * True when every condition is.
 *
 * @param conditions - the conditions
 * @returns the condition
 * @throws ProfileKitError `invalid_options` when an argument has the wrong type
 * @example
 * ```ts
 * allOf(hasValue("loyaltyTier"), withinDays("lastOrderAt", 30))
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function allOf(...conditions: readonly ContentCondition[]): ContentCondition {
  checkConditions("allOf", conditions);
  return (profile, context) => conditions.every((condition) => isTrue(condition(profile, context)));
}

/**
 * True when any condition is.
 *
 * @param conditions - the conditions
 * @returns the condition
 * @throws ProfileKitError `invalid_options` when an argument has the wrong type
 * @example
 * ```ts
 * anyOf(valueIn("loyaltyTier", ["gold"]), atLeast("orderCount", 10))
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function anyOf(...conditions: readonly ContentCondition[]): ContentCondition {
  checkConditions("anyOf", conditions);
  return (profile, context) => conditions.some((condition) => isTrue(condition(profile, context)));
}

/**
 * True when no condition is. Careful: with missing data every built-in condition is false, so `noneOf`
 * is true — prefer a positive condition where missing data should not match.
 *
 * @param conditions - the conditions
 * @returns the condition
 * @throws ProfileKitError `invalid_options` when an argument has the wrong type
 * @example
 * ```ts
 * noneOf(withinDays("lastOrderAt", 365))
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function noneOf(...conditions: readonly ContentCondition[]): ContentCondition {
  checkConditions("noneOf", conditions);
  return (profile, context) => !conditions.some((condition) => isTrue(condition(profile, context)));
}

/** Builders check their arguments once, where a mistake is a setup error, not on every recipient. */
function checkPath(builder: string, path: unknown): void {
  if (typeof path !== "string" || path === "") throw invalid(builder, "path must be a path such as \"loyalty.tier\"");
}

function checkNumber(builder: string, name: string, value: unknown): void {
  if (typeof value !== "number" || Number.isNaN(value)) throw invalid(builder, `${name} must be a number`);
}

function checkConditions(builder: string, conditions: readonly unknown[]): void {
  if (!conditions.every((condition) => typeof condition === "function")) throw invalid(builder, "every condition must be a function");
}

function invalid(builder: string, problem: string): ProfileKitError {
  return new ProfileKitError("invalid_options", `${builder}: invalid options. ${problem}.`);
}

/** Conditions written in JavaScript may return anything; only `true` counts. */
function isTrue(result: unknown): boolean {
  return result === true;
}

function comparable(value: string | number | boolean): string {
  // Stryker disable next-line MethodExpression: both sides go through here, so upper case would compare the same
  return typeof value === "string" ? `s${value.trim().toLowerCase()}` : `${typeof value}${String(value)}`;
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.length <= MAX_PARSED_LENGTH && /^-?\d+(?:\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}
