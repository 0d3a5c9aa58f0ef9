import { z } from "zod";
import type { CleansedField, CleansedRecord } from "../cleanse/cleanseRecord.js";
import { _createIssue } from "../errors/_createIssue.js";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { Issue } from "../errors/issue.js";
import { _callWithTimeout, _mapWithConcurrency } from "./_async.js";

/** What a verification service said about one address. */
export interface EmailVerification {
  /** `unknown` when the service could not tell (or failed, or timed out). */
  readonly status: "deliverable" | "undeliverable" | "risky" | "unknown";
  /** The service's own reason code, if any (for example `mailbox_not_found`). Must not contain the address. */
  readonly reason?: string;
}

/**
 * A host-implemented adapter for an email verification service (ZeroBounce, NeverBounce, Kickbox…).
 * `verify` is called at most once per distinct address per batch, with a signal that aborts on timeout.
 */
export interface EmailVerifier {
  /** Shown in issues and results ("zerobounce"). */
  readonly name: string;
  /** Verifies one address; may throw or reject, which counts as status `unknown`. */
  verify(email: string, context: { readonly signal: AbortSignal }): Promise<EmailVerification>;
}

/** Options of {@link verifyEmails}. */
export interface VerifyEmailsOptions {
  /** The record field holding the email. Default `"email"`. */
  readonly field?: string;
  /** Per-call time limit in milliseconds. Default 5,000. */
  readonly timeoutMs?: number;
  /** Calls in flight at once. Default 4. */
  readonly concurrency?: number;
}

/** The result of {@link verifyEmails}. */
export interface VerifyEmailsResult {
  /** Every input record, in order, with `fields[field].verification` set and any issues appended. None is dropped. */
  readonly records: readonly CleansedRecord[];
  /** Counts: calls made, and addresses by status; `failed` and `timedOut` are included in `unknown`. */
  readonly stats: {
    readonly calls: number;
    readonly deliverable: number;
    readonly undeliverable: number;
    readonly risky: number;
    readonly unknown: number;
    readonly failed: number;
    readonly timedOut: number;
  };
}

/** A cleansed field with the verification service's answer. */
export type VerifiedField = CleansedField & { readonly verification: EmailVerification & { readonly verifier: string } };

const optionsSchema = z.strictObject({
  field: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().max(600_000).optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
});
const STATUSES = new Set(["deliverable", "undeliverable", "risky", "unknown"]);

/**
 * Verifies the cleansed email addresses of a batch through a host-supplied {@link EmailVerifier}: one call
 * per distinct address, at most `concurrency` at once, each bounded by `timeoutMs`. A failed or timed-out
 * call gives status `unknown` and a `verification_failed` issue; an undeliverable or risky address gets an
 * `undeliverable_email` issue. No record is ever dropped, and addresses that cleansing rejected are not sent.
 *
 * @param records - results of `cleanseRecord` / `cleanseRecords`
 * @param verifier - the host's adapter
 * @param options - `field`, `timeoutMs`, `concurrency`
 * @returns the records with verification results, and counts
 * @throws ProfileKitError `invalid_options` for options that cannot work or a verifier without `verify`
 * @example
 * ```ts
 * const { records: verified, stats } = await verifyEmails(cleansed.records, myZeroBounceVerifier, { timeoutMs: 3000 });
 * ```
 */
export async function verifyEmails(records: readonly CleansedRecord[], verifier: EmailVerifier, options: VerifyEmailsOptions = {}): Promise<VerifyEmailsResult> {
  const parsed = _parseOptions("verifyEmails", optionsSchema, options);
  // Typed as unknown: JavaScript callers can pass anything.
  const candidate: unknown = verifier;
  const shape = typeof candidate === "object" && candidate !== null ? (candidate as { verify?: unknown; name?: unknown }) : {};
  if (typeof shape.verify !== "function" || typeof shape.name !== "string" || shape.name === "") {
    throw new ProfileKitError("invalid_options", "verifyEmails: the verifier must have a non-empty name and a verify function.");
  }
  const field = parsed.field ?? "email";
  const timeoutMs = parsed.timeoutMs ?? 5000;

  const distinct = [...new Set(records.flatMap((record) => {
    const value = record.fields[field]?.value;
    return typeof value === "string" ? [value] : [];
  }))];
  const stats = { calls: 0, deliverable: 0, undeliverable: 0, risky: 0, unknown: 0, failed: 0, timedOut: 0 };
  const answers = new Map<string, { verification: EmailVerification; failure: "timeout" | "error" | null }>();
  await _mapWithConcurrency(distinct, parsed.concurrency ?? 4, async (email) => {
    stats.calls++;
    const outcome = await _callWithTimeout((signal) => verifier.verify(email, { signal }), timeoutMs);
    let answer: { verification: EmailVerification; failure: "timeout" | "error" | null };
    if (outcome.ok && typeof outcome.value === "object" && STATUSES.has((outcome.value as { status?: unknown }).status as string)) {
      const reason = (outcome.value as { reason?: unknown }).reason;
      answer = { verification: { status: outcome.value.status, ...(typeof reason === "string" ? { reason } : {}) }, failure: null };
    } else {
      const failure = outcome.ok ? "error" : outcome.reason;
      if (failure === "timeout") stats.timedOut++;
      else stats.failed++;
      answer = { verification: { status: "unknown" }, failure };
    }
    stats[answer.verification.status]++;
    answers.set(email, answer);
  });

  const verified = records.map((record): CleansedRecord => {
    const cleansed = record.fields[field];
    const answer = typeof cleansed?.value === "string" ? answers.get(cleansed.value) : undefined;
    if (cleansed === undefined || answer === undefined) return record;
    const issues: Issue[] = [...record.issues];
    const path = [field];
    if (answer.failure !== null) issues.push(_createIssue("verification_failed", path, { verifier: verifier.name, reason: answer.failure }));
    else if (answer.verification.status === "undeliverable" || answer.verification.status === "risky") {
      issues.push(_createIssue("undeliverable_email", path, { verifier: verifier.name, status: answer.verification.status }));
    }
    const withVerification: VerifiedField = { ...cleansed, verification: { ...answer.verification, verifier: verifier.name } };
    return { ...record, fields: { ...record.fields, [field]: withVerification }, issues };
  });
  return { records: verified, stats };
}
