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
  if (typeof value !== "object" || value === null) return false;
  try {
    return (value as Record<symbol, unknown>)[Symbol.for("profile-kit.error")] === true && (value as { name?: unknown }).name === "ProfileKitError";
  } catch {
    // A revoked Proxy or a throwing getter is not our error: a catch block must never throw here.
    return false;
  }
}
