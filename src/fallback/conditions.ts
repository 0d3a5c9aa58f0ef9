import type { PersonalizeContext } from "./types.js";

/** Reads a profile for a condition: values that are missing, empty, erased, redacted or opted out read as undefined. */
export interface ProfileReader {
  /** The value at a path (`"loyalty.tier"`), or undefined. */
  value(path: string): unknown;
  /** When the attribute at a path was observed (epoch ms), or null when unknown. */
  observedAt(path: string): number | null;
}

/** A condition over a profile. Missing data makes built-in conditions false; a condition that throws or returns anything but `true` counts as false. */
export type ContentCondition = (profile: ProfileReader, context: PersonalizeContext) => boolean;

/**
 * True when the path has a value.
 *
 * @param path - e.g. `"loyaltyTier"`
 * @returns the condition
 * @example
 * ```ts
 * hasValue("loyaltyTier")
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function hasValue(path: string): ContentCondition {
  return (profile) => profile.value(path) !== undefined;
}

/**
 * True when the value at the path is one of `values` (strings compare without regard to case or surrounding spaces).
 *
 * @param path - e.g. `"loyaltyTier"`
 * @param values - accepted values
 * @returns the condition
 * @example
 * ```ts
 * valueIn("loyaltyTier", ["gold", "platinum"])
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function valueIn(path: string, values: readonly (string | number | boolean)[]): ContentCondition {
  const accepted = new Set(values.map(comparable));
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
 * @example
 * ```ts
 * atLeast("orderCount", 3)
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function atLeast(path: string, minimum: number): ContentCondition {
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
 * @example
 * ```ts
 * atMost("cartItems", 0)
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function atMost(path: string, maximum: number): ContentCondition {
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
 * @example
 * ```ts
 * withinDays("lastOrderAt", 30)
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function withinDays(path: string, days: number): ContentCondition {
  return (profile, context) => {
    const value = profile.value(path);
    const at = typeof value === "number" ? value : typeof value === "string" && /(?:Z|[+-]\d\d:?\d\d)$/i.test(value) ? Date.parse(value) : value instanceof Date ? value.getTime() : Number.NaN;
    return Number.isFinite(at) && Number.isFinite(context.now) && at <= context.now && context.now - at <= days * 86_400_000;
  };
}

/**
 * True when every condition is.
 *
 * @param conditions - the conditions
 * @returns the condition
 * @example
 * ```ts
 * allOf(hasValue("loyaltyTier"), withinDays("lastOrderAt", 30))
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function allOf(...conditions: readonly ContentCondition[]): ContentCondition {
  return (profile, context) => conditions.every((condition) => isTrue(condition(profile, context)));
}

/**
 * True when any condition is.
 *
 * @param conditions - the conditions
 * @returns the condition
 * @example
 * ```ts
 * anyOf(valueIn("loyaltyTier", ["gold"]), atLeast("orderCount", 10))
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function anyOf(...conditions: readonly ContentCondition[]): ContentCondition {
  return (profile, context) => conditions.some((condition) => isTrue(condition(profile, context)));
}

/**
 * True when no condition is. Careful: with missing data every built-in condition is false, so `noneOf`
 * is true — prefer a positive condition where missing data should not match.
 *
 * @param conditions - the conditions
 * @returns the condition
 * @example
 * ```ts
 * noneOf(withinDays("lastOrderAt", 365))
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function noneOf(...conditions: readonly ContentCondition[]): ContentCondition {
  return (profile, context) => !conditions.some((condition) => isTrue(condition(profile, context)));
}

/** Conditions written in JavaScript may return anything; only `true` counts. */
function isTrue(result: unknown): boolean {
  return result === true;
}

function comparable(value: string | number | boolean): string {
  return typeof value === "string" ? `s${value.trim().toLowerCase()}` : `${typeof value}${String(value)}`;
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && /^-?\d+(?:\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}
