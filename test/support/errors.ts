// Helpers for tests of what profile-kit throws.
import { expect } from "vitest";
import { isProfileKitError } from "../../src/errors/isProfileKitError.js";
import type { ProfileKitError } from "../../src/errors/ProfileKitError.js";

/** What `run` threw, as `code: message` for a ProfileKitError; "no error" when it returned. */
export function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return describe(error);
  }
  return "no error";
}

/** `failure` for a function returning a promise: what it rejected with. */
export async function failureOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return describe(error);
  }
  return "no error";
}

/** The error `run` threw; fails the test when it returned. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

/** The ProfileKitError `run` threw; fails the test when it returned or threw anything else. */
export function profileKitErrorOf(run: () => unknown): ProfileKitError {
  const error = thrown(run);
  if (!isProfileKitError(error)) throw new Error(`expected a ProfileKitError, got ${String(error)}`);
  return error;
}

/** The code and message of the ProfileKitError `run` threw (for `toEqual`); otherwise a text saying what happened. */
export function refusalOf(run: () => unknown): { code: string; message: string } | string {
  try {
    run();
  } catch (error) {
    return isProfileKitError(error) ? { code: error.code, message: error.message } : `not a ProfileKitError: ${String(error)}`;
  }
  return "no error";
}

/** Asserts a ProfileKitError `invalid_options` with exactly this message. */
export function expectInvalidOptions(error: unknown, message: string): void {
  expect(isProfileKitError(error), String(error)).toBe(true);
  if (!isProfileKitError(error)) return;
  expect(error.code).toBe("invalid_options");
  expect(error.message).toBe(message);
}

function describe(error: unknown): string {
  return isProfileKitError(error) ? `${error.code}: ${error.message}` : `not a ProfileKitError: ${String(error)}`;
}
