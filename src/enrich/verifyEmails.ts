import * as z from "zod/mini";
import type { CleansedField, CleansedRecord } from "../cleanse/cleanseRecord.js";
import { _createIssue } from "../errors/_createIssue.js";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { Issue } from "../errors/issue.js";
import { _own, _setOwn } from "../shared/_dict.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { _createPool, _mapWithConcurrency } from "./_async.js";
import { _readList, _readOwn } from "./_untrusted.js";

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
  /** Verifies one address; may throw or reject, which counts as status `unknown`. Should stop when `signal` aborts (the call keeps its concurrency slot until it settles). */
  verify(email: string, context: { readonly signal: AbortSignal }): Promise<EmailVerification>;
}

/** Options of {@link verifyEmails}. */
export interface VerifyEmailsOptions {
  /** The record field holding the email. Default `"email"`. */
  readonly field?: string;
  /** Per-call time limit in milliseconds; also the grace period a timed-out call gets before the batch gives up on it. Default 5,000. */
  readonly timeoutMs?: number;
  /** Calls in flight at once, timed-out calls that are still running included. Default 4. */
  readonly concurrency?: number;
}

/** The result of {@link verifyEmails}. */
export interface VerifyEmailsResult {
  /** Every input record, in order, with `fields[field].verification` set and any issues appended. None is dropped. */
  readonly records: readonly CleansedRecord[];
  /**
   * Counts: calls made, and addresses by status; `failed`, `timedOut` and `skipped` are included in
   * `unknown`, and `abandoned` calls are among the `timedOut` ones.
   */
  readonly stats: {
    readonly calls: number;
    readonly deliverable: number;
    readonly undeliverable: number;
    readonly risky: number;
    readonly unknown: number;
    /** The verifier threw, rejected, or answered something that is not an {@link EmailVerification}. */
    readonly failed: number;
    /** The call did not answer within `timeoutMs`. */
    readonly timedOut: number;
    /** Timed-out calls still running `timeoutMs` after their timeout: the batch stopped waiting for them (they may still be running). */
    readonly abandoned: number;
    /** Addresses never sent because every slot was held by an abandoned call (reported as timed out on their records). */
    readonly skipped: number;
  };
}

/** A cleansed field with the verification service's answer. */
export type VerifiedField = CleansedField & { readonly verification: EmailVerification & { readonly verifier: string } };

const optionsSchema = z.strictObject({
  field: z.optional(z.string().check(z.minLength(1), z.refine((name) => !_UNSAFE_KEYS.has(name), "field names __proto__, constructor and prototype are not allowed"))),
  timeoutMs: z.optional(z.int().check(z.positive(), z.lte(600_000))),
  concurrency: z.optional(z.int().check(z.gte(1), z.lte(256))),
});
const STATUSES: ReadonlySet<string> = new Set(["deliverable", "undeliverable", "risky", "unknown"]);
/** Longest vendor reason code kept; longer text is not a code. */
const MAX_REASON = 200;

type Answer = { readonly verification: EmailVerification; readonly failure: "timeout" | "error" | null };

/**
 * Verifies the cleansed email addresses of a batch through a host-supplied {@link EmailVerifier}: one call
 * per distinct address, each bounded by `timeoutMs`, and at most `concurrency` calls in flight — a call
 * that timed out but ignores its AbortSignal keeps its slot until it settles, so the vendor never sees more.
 * A timed-out call still running after a grace period of another `timeoutMs` is abandoned (counted in
 * `stats.abandoned`); when every slot is held by an abandoned call, the remaining addresses are not sent
 * (`stats.skipped`, a `verification_failed` timeout issue on their records), so the batch always ends.
 *
 * Everything the verifier returns is untrusted: an answer is read once, own properties only, inside
 * try/catch. A call that throws, rejects, times out or answers anything but an {@link EmailVerification}
 * (null, a Proxy, a throwing getter) gives status `unknown` and a `verification_failed` issue on the
 * records with that address only; an undeliverable or risky address gets an `undeliverable_email` issue.
 * A `reason` longer than 200 characters or containing the address is dropped. No record is ever dropped,
 * and addresses that cleansing rejected are not sent.
 *
 * @param records - results of `cleanseRecord` / `cleanseRecords`
 * @param verifier - the host's adapter
 * @param options - `field`, `timeoutMs`, `concurrency`
 * @returns the records with verification results, and counts
 * @throws ProfileKitError `invalid_options` for options that cannot work, records that are not an array, or a
 * verifier without a name and a `verify` function
 * @example
 * ```ts
 * const { records: verified, stats } = await verifyEmails(cleansed.records, myZeroBounceVerifier, { timeoutMs: 3000 });
 * ```
 */
export async function verifyEmails(records: readonly CleansedRecord[], verifier: EmailVerifier, options: VerifyEmailsOptions = {}): Promise<VerifyEmailsResult> {
  const parsed = _parseOptions("verifyEmails", optionsSchema, options);
  const list = _readList("verifyEmails", "records", records);
  // The verifier is read once: a getter cannot swap the function or the name halfway through the batch.
  let name: unknown;
  let verify: unknown;
  try {
    const candidate: unknown = verifier;
    if (typeof candidate === "object" && candidate !== null) {
      name = (candidate as { name?: unknown }).name;
      verify = (candidate as { verify?: unknown }).verify;
    }
  } catch (error) {
    throw new ProfileKitError("invalid_options", "verifyEmails: the verifier could not be read.", { cause: error });
  }
  if (typeof verify !== "function" || typeof name !== "string" || name === "") {
    throw new ProfileKitError("invalid_options", "verifyEmails: the verifier must have a non-empty name and a verify function.");
  }
  const verifierName = name;
  const call = verify as EmailVerifier["verify"];
  const field = parsed.field ?? "email";
  const timeoutMs = parsed.timeoutMs ?? 5000;

  const emails = list.map((record) => emailOf(record, field));
  const distinct = [...new Set(emails.filter((email): email is string => email !== null))];
  const stats = { calls: 0, deliverable: 0, undeliverable: 0, risky: 0, unknown: 0, failed: 0, timedOut: 0, abandoned: 0, skipped: 0 };
  const answers = new Map<string, Answer>();
  const pool = _createPool(parsed.concurrency ?? 4, timeoutMs, timeoutMs);
  await _mapWithConcurrency(distinct, parsed.concurrency ?? 4, async (email) => {
    const outcome = await pool.run((signal) => {
      stats.calls++;
      return call.call(verifier, email, { signal });
    });
    let answer: Answer;
    const verification = outcome.ok ? readVerification(outcome.value, email) : null;
    if (verification !== null) answer = { verification, failure: null };
    else if (outcome.ok || outcome.reason === "error") {
      stats.failed++;
      answer = { verification: { status: "unknown" }, failure: "error" };
    } else {
      // Not sent (every slot held by an abandoned call) reads, on the record, like the timeouts that caused it.
      if (outcome.reason === "timeout") stats.timedOut++;
      answer = { verification: { status: "unknown" }, failure: "timeout" };
    }
    stats[answer.verification.status]++;
    answers.set(email, answer);
  });
  await pool.drain();
  stats.abandoned = pool.stats.abandoned;
  stats.skipped = pool.stats.skipped;

  const verified = list.map((record, i): CleansedRecord => {
    const email = emails[i];
    const answer = typeof email === "string" ? answers.get(email) : undefined;
    if (answer === undefined) return record;
    try {
      const cleansed = _own(record.fields, field) as CleansedField;
      const issues: Issue[] = [...record.issues];
      const path = [field];
      if (answer.failure !== null) issues.push(_createIssue("verification_failed", path, { verifier: verifierName, reason: answer.failure }));
      else if (answer.verification.status === "undeliverable" || answer.verification.status === "risky") {
        issues.push(_createIssue("undeliverable_email", path, { verifier: verifierName, status: answer.verification.status }));
      }
      const withVerification: VerifiedField = { ...cleansed, verification: { ...answer.verification, verifier: verifierName } };
      const fields: Record<string, CleansedField> = { ...record.fields };
      _setOwn(fields, field, withVerification);
      return { ...record, fields, issues };
    } catch {
      // A record that cannot be copied (a hostile getter) is returned as it came: nothing is dropped.
      return record;
    }
  });
  return { records: verified, stats };
}

/** The cleansed email of a record, or null; never throws, whatever the record is. */
function emailOf(record: unknown, field: string): string | null {
  try {
    const fields: unknown = (record as { fields?: unknown }).fields;
    if (typeof fields !== "object" || fields === null) return null;
    const cleansed: unknown = _own(fields, field);
    if (typeof cleansed !== "object" || cleansed === null) return null;
    const value: unknown = _own(cleansed, "value");
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

/** The verifier's answer as a fresh {@link EmailVerification}, or null when it is not one. Never throws. */
function readVerification(answer: unknown, email: string): EmailVerification | null {
  if (typeof answer !== "object" || answer === null) return null;
  try {
    const status = _readOwn(answer, "status");
    if (typeof status !== "string" || !STATUSES.has(status)) return null;
    const reason = _readOwn(answer, "reason");
    const usable = typeof reason === "string" && reason !== "" && reason.length <= MAX_REASON && !reason.toLowerCase().includes(email.toLowerCase());
    return usable ? { status: status as EmailVerification["status"], reason } : { status: status as EmailVerification["status"] };
  } catch {
    return null;
  }
}
