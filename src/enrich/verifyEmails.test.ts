import { describe, expect, it } from "vitest";
import { cleanseRecords } from "../cleanse/cleanseRecords.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { verifyEmails, type EmailVerification, type EmailVerifier, type VerifiedField } from "./verifyEmails.js";

function fakeVerifier(answer: (email: string, signal: AbortSignal) => Promise<EmailVerification>) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const verifier: EmailVerifier = {
    name: "fake",
    async verify(email, { signal }) {
      calls.push(email);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await answer(email, signal);
      } finally {
        inFlight--;
      }
    },
  };
  return { verifier, calls, maxInFlight: () => maxInFlight };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("verifyEmails", () => {
  const { results: records } = cleanseRecords([
    { id: "1", email: "ann@acme.com" },
    { id: "2", email: " ANN@acme.com " },
    { id: "3", email: "bob@acme.com" },
    { id: "4", email: "gone@acme.com" },
    { id: "5", email: "test@test.com" },
    { id: "6" },
    { id: "7", email: "slow@acme.com" },
    { id: "8", email: "boom@acme.com" },
  ]);

  it("calls once per distinct address, never for rejected ones, and keeps every record", async () => {
    const fake = fakeVerifier(async (email) => {
      await tick(5);
      if (email.startsWith("gone")) return { status: "undeliverable", reason: "mailbox_not_found" };
      if (email.startsWith("slow")) return await new Promise<never>(() => undefined);
      if (email.startsWith("boom")) throw new Error("HTTP 500");
      return { status: "deliverable" };
    });
    const result = await verifyEmails(records, fake.verifier, { timeoutMs: 1000, concurrency: 2 });
    expect([...fake.calls].sort()).toEqual(["ann@acme.com", "bob@acme.com", "boom@acme.com", "gone@acme.com", "slow@acme.com"]);
    expect(fake.maxInFlight()).toBeLessThanOrEqual(2);
    expect(result.records).toHaveLength(records.length);
    // The slow call never settles: it keeps its slot through its grace period, then the batch gives up on it.
    expect(result.stats).toEqual({ calls: 5, deliverable: 2, undeliverable: 1, risky: 0, unknown: 2, failed: 1, timedOut: 1, abandoned: 1, skipped: 0 });

    const statusOf = (i: number) => (result.records[i]?.fields["email"] as VerifiedField | undefined)?.verification;
    expect(statusOf(0)).toEqual({ status: "deliverable", verifier: "fake" });
    expect(statusOf(1)).toEqual({ status: "deliverable", verifier: "fake" });
    expect(statusOf(3)).toEqual({ status: "undeliverable", reason: "mailbox_not_found", verifier: "fake" });
    expect(statusOf(4)).toBeUndefined();
    expect(statusOf(6)).toEqual({ status: "unknown", verifier: "fake" });
    expect(result.records[3]?.issues.at(-1)).toMatchObject({ code: "undeliverable_email", status: "undeliverable", path: ["email"] });
    expect(result.records[6]?.issues.at(-1)).toMatchObject({ code: "verification_failed", reason: "timeout" });
    expect(result.records[7]?.issues.at(-1)).toMatchObject({ code: "verification_failed", reason: "error" });
    expect(result.records[3]?.issues.at(-1)?.message).not.toContain("gone");
  });

  it("aborts the call's signal on timeout", async () => {
    let aborted = false;
    const fake = fakeVerifier((_email, signal) => new Promise<never>(() => {
        signal.addEventListener("abort", () => {
          aborted = true;
        });
      }));
    await verifyEmails(records.slice(0, 1), fake.verifier, { timeoutMs: 10 });
    expect(aborted).toBe(true);
  });

  it("treats a malformed answer as unknown", async () => {
    const fake = fakeVerifier(() => Promise.resolve({ status: "maybe" } as unknown as EmailVerification));
    const result = await verifyEmails(records.slice(0, 1), fake.verifier);
    expect(result.stats.unknown).toBe(1);
    expect(result.records[0]?.issues.at(-1)).toMatchObject({ code: "verification_failed", reason: "error" });
  });

  it("rejects bad options and verifiers with invalid_options", async () => {
    const fake = fakeVerifier(() => Promise.resolve({ status: "deliverable" }));
    for (const [verifier, options] of [[fake.verifier, { timeoutMs: -1 }], [fake.verifier, { concurrency: 0 }], [{ name: "x" }, {}], [fake.verifier, { retries: 3 }]] as const) {
      const error: unknown = await verifyEmails(records, verifier as EmailVerifier, options as never).then(() => null, (e: unknown) => e);
      expect(isProfileKitError(error) && error.code === "invalid_options").toBe(true);
    }
  });
});
