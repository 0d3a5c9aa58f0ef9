// Test support: what a test run skipped, said once at the end (by test/support/globalSetup.ts) rather
// than as a line from every file. A suite calls `available(...)` with what it needs; under CI=true a
// missing server is a failure, never a skip.
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** Where skips are collected during a run. */
export const SKIPS_FILE: string = join(resolve(import.meta.dirname, "..", ".."), ".tmp", "skipped.jsonl");

/**
 * Whether a suite can run: true when `present`; otherwise records the skip (what and why) for the summary
 * and returns false — or throws, when `requiredInCi` and the run is CI, where absence is a failure.
 */
export function available(present: boolean, what: string, why: string, requiredInCi = false): boolean {
  if (present) return true;
  if (requiredInCi && process.env["CI"] === "true") throw new Error(`${what}: ${why}. Under CI=true this is a failure, not a skip.`);
  mkdirSync(dirname(SKIPS_FILE), { recursive: true });
  appendFileSync(SKIPS_FILE, `${JSON.stringify({ what, why })}\n`);
  return false;
}
