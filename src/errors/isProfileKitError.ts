import type { ProfileKitError } from "./ProfileKitError.js";

/**
 * Tells whether a value is a {@link ProfileKitError}, also one thrown by another copy of the library (an
 * ESM and a CJS copy in one process, or two versions), where `instanceof` would say no.
 *
 * @param value - anything caught
 * @returns true when `value` is a profile-kit error, narrowing its type
 * @example
 * ```ts
 * if (isProfileKitError(error) && error.code === "store_failure") retryLater(error.cause);
 * ```
 */
export function isProfileKitError(value: unknown): value is ProfileKitError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[Symbol.for("profile-kit.error")] === true &&
    (value as { name?: unknown }).name === "ProfileKitError"
  );
}
