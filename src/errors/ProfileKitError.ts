/**
 * Why profile-kit threw: options that cannot work (`invalid_options`), a host store that failed
 * (`store_failure`), or a personalization slot whose policy is `"throw"` had no usable value
 * (`personalization_failed`, meant for tests and previews).
 */
export type ProfileKitErrorCode = "invalid_options" | "store_failure" | "store_conflict" | "personalization_failed";

/** Options accepted by the {@link ProfileKitError} constructor. */
export interface ProfileKitErrorOptions {
  /** The underlying error: zod issues for `invalid_options`, the store's own error for `store_failure`. */
  readonly cause?: unknown;
}

/**
 * The only error profile-kit throws. Bad data never throws (it is reported as issues); this is for options
 * that cannot work and for failures of a host-supplied store. Match on `code`, or use
 * {@link isProfileKitError}: `instanceof` fails when ESM and CJS copies of the library meet.
 *
 * @example
 * ```ts
 * try {
 *   resolveIdentities(records, options);
 * } catch (error) {
 *   if (isProfileKitError(error) && error.code === "invalid_options") console.error(error.message);
 * }
 * ```
 */
export class ProfileKitError extends Error {
  /** Always `"ProfileKitError"`. */
  override readonly name = "ProfileKitError" as const;
  /** Why it was thrown. */
  readonly code: ProfileKitErrorCode;

  /**
   * @param code - why it is thrown
   * @param message - what went wrong, without any record's raw values
   * @param options - `cause`: the underlying error
   */
  constructor(code: ProfileKitErrorCode, message: string, options?: ProfileKitErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    // A registered symbol, not `instanceof`, lets isProfileKitError recognise errors thrown by another copy
    // of the library (ESM and CJS in one process). Non-enumerable, so it stays out of logs and JSON.
    Object.defineProperty(this, Symbol.for("profile-kit.error"), { value: true });
  }
}
