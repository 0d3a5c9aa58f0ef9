import { afterEach, describe, expect, it, vi } from "vitest";
import type { CleansedField, CleansedRecord } from "../cleanse/cleanseRecord.js";
import { cleanseRecord } from "../cleanse/cleanseRecord.js";
import { _createIssue } from "../errors/_createIssue.js";
import type { Issue } from "../errors/issue.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { expectInvalidOptions, failureOf } from "../../test/support/errors.js";
import { verifyEmails, type EmailVerification, type EmailVerifier, type VerifyEmailsResult } from "./verifyEmails.js";

function emailField(value: unknown): CleansedField {
  return { kind: "email", value: value as string | null, original: value, status: "valid", matchKey: typeof value === "string" ? value : null };
}

/** A cleansed record built by hand with its email in `field`. */
function withEmail(value: unknown, options: { field?: string; issues?: readonly Issue[] } = {}): CleansedRecord {
  const field = options.field ?? "email";
  const fields: Record<string, CleansedField> = Object.fromEntries([[field, emailField(value)]]);
  return { record: { id: String(value) }, original: {}, derived: {}, fields, issues: options.issues ?? [] };
}

function verifier(answer: (email: string, signal: AbortSignal) => unknown, calls: string[] = []): EmailVerifier {
  return {
    name: "vendor",
    verify: (email, { signal }) => {
      calls.push(email);
      return answer(email, signal) as Promise<EmailVerification>;
    },
  };
}

const NO_STATS: VerifyEmailsResult["stats"] = { calls: 0, deliverable: 0, undeliverable: 0, risky: 0, unknown: 0, failed: 0, timedOut: 0, abandoned: 0, skipped: 0 };
const failedIssue = (reason: "timeout" | "error", field = "email"): Issue => _createIssue("verification_failed", [field], { verifier: "vendor", reason });
const verificationOf = (record: CleansedRecord | undefined, field = "email"): unknown => (record?.fields[field] as (CleansedField & { verification?: unknown }) | undefined)?.verification;

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => {
    resolve(value);
  }, ms));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("verifyEmails: invalid options and verifiers", () => {
  const fine = verifier(() => Promise.resolve({ status: "deliverable" }));

  it("names each bad option", async () => {
    const unsafe = "field names __proto__, constructor and prototype are not allowed";
    const cases: [unknown, string][] = [
      [{ field: "" }, "options.field: Too small: expected string to have >=1 characters"],
      [{ field: "__proto__" }, `options.field: ${unsafe}`],
      [{ field: "constructor" }, `options.field: ${unsafe}`],
      [{ field: "prototype" }, `options.field: ${unsafe}`],
      [{ field: 5 }, "options.field: Invalid input: expected string, received number"],
      [{ timeoutMs: 0 }, "options.timeoutMs: Too small: expected number to be >0"],
      [{ timeoutMs: 600_001 }, "options.timeoutMs: Too big: expected number to be <=600000"],
      [{ concurrency: 0 }, "options.concurrency: Too small: expected number to be >=1"],
      [{ concurrency: 257 }, "options.concurrency: Too big: expected number to be <=256"],
      [{ clock: () => 0 }, "options.clock: unknown option; known options are field, timeoutMs, concurrency"],
    ];
    for (const [options, problem] of cases) {
      expect(await failureOf(() => verifyEmails([], fine, options as never))).toBe(`invalid_options: verifyEmails: invalid options. ${problem}`);
    }
  });

  it("accepts any other field name and the limits of each option", async () => {
    for (const options of [{ field: "Proto" }, { field: "e" }, { timeoutMs: 1 }, { timeoutMs: 600_000 }, { concurrency: 1 }, { concurrency: 256 }]) {
      await expect(verifyEmails([withEmail("ann@acme.com")], fine, options)).resolves.toHaveProperty("records");
    }
  });

  it("refuses records that are not an array", async () => {
    expect(await failureOf(() => verifyEmails({ length: 0 } as never, fine))).toBe("invalid_options: verifyEmails: records must be an array.");
  });

  it("refuses a verifier without a non-empty string name and a verify function", async () => {
    const verify = (): Promise<EmailVerification> => Promise.resolve({ status: "deliverable" });
    const asFunction = Object.assign(function vendor() {
      return undefined;
    }, { verify });
    for (const bad of [null, undefined, "vendor", asFunction, { name: "vendor" }, { name: "vendor", verify: "nope" }, { name: 5, verify }, { name: "", verify }, { verify }]) {
      expect(await failureOf(() => verifyEmails([], bad as never))).toBe("invalid_options: verifyEmails: the verifier must have a non-empty name and a verify function.");
    }
  });

  it("refuses a verifier that cannot be read, with the cause", async () => {
    const trap = new Error("getter");
    const hostile = Object.defineProperty({ name: "vendor" }, "verify", {
      get: () => {
        throw trap;
      },
    });
    const error: unknown = await verifyEmails([], hostile as never).then(
      () => null,
      (e: unknown) => e,
    );
    expectInvalidOptions(error, "verifyEmails: the verifier could not be read.");
    expect(isProfileKitError(error) ? error.cause : null).toBe(trap);
  });
});

describe("verifyEmails: answers", () => {
  it("sets the verification on the field, keeps everything else, and counts", async () => {
    const earlier = _createIssue("role_email", ["email"], {});
    const input = withEmail("ann@acme.com", { issues: [earlier] });
    const result = await verifyEmails([input], verifier(() => Promise.resolve({ status: "deliverable", reason: "accepted_email" })));
    expect(result).toStrictEqual({
      records: [
        {
          record: { id: "ann@acme.com" },
          original: {},
          derived: {},
          fields: { email: { ...emailField("ann@acme.com"), verification: { status: "deliverable", reason: "accepted_email", verifier: "vendor" } } },
          issues: [earlier],
        },
      ],
      stats: { ...NO_STATS, calls: 1, deliverable: 1 },
    });
    expect(input.fields["email"]).toStrictEqual(emailField("ann@acme.com"));
    expect(input.issues).toEqual([earlier]);
  });

  it("gives an undeliverable or risky address an issue, and a deliverable or unknown one none", async () => {
    const statuses = new Map<string, EmailVerification["status"]>([
      ["ok@acme.com", "deliverable"],
      ["gone@acme.com", "undeliverable"],
      ["maybe@acme.com", "risky"],
      ["who@acme.com", "unknown"],
    ]);
    const records = [...statuses.keys()].map((email) => withEmail(email, { issues: [_createIssue("role_email", ["email"], {})] }));
    const result = await verifyEmails(records, verifier((email) => Promise.resolve({ status: statuses.get(email) })));
    expect(result.records.map((record) => verificationOf(record))).toStrictEqual([...statuses.values()].map((status) => ({ status, verifier: "vendor" })));
    expect(result.records.map((record) => record.issues.slice(1))).toStrictEqual([
      [],
      [
        {
          verifier: "vendor",
          status: "undeliverable",
          code: "undeliverable_email",
          path: ["email"],
          message: "vendor reported the address as undeliverable.",
          severity: "warning",
        },
      ],
      [_createIssue("undeliverable_email", ["email"], { verifier: "vendor", status: "risky" })],
      [],
    ]);
    expect(result.stats).toStrictEqual({ ...NO_STATS, calls: 4, deliverable: 1, undeliverable: 1, risky: 1, unknown: 1 });
  });

  it("drops a reason that contains the address of a field not lower-cased by cleansing, in any case", async () => {
    const record = cleanseRecord({ work: "Ann.Lee@Acme.com" }, { fields: { work: { kind: "text" } } });
    for (const reason of ["no mailbox Ann.Lee@Acme.com", "no mailbox ann.lee@acme.com", "NO MAILBOX ANN.LEE@ACME.COM"]) {
      const result = await verifyEmails([record], verifier(() => Promise.resolve({ status: "undeliverable", reason })), { field: "work" });
      expect(verificationOf(result.records[0], "work"), reason).toStrictEqual({ status: "undeliverable", verifier: "vendor" });
    }
  });

  it("keeps a reason of 1 to 200 characters that does not contain the address, in any case", async () => {
    const reasons: [unknown, boolean][] = [
      ["mailbox_not_found", true],
      ["x".repeat(200), true],
      ["x".repeat(201), false],
      ["", false],
      ["no mailbox for ANN@Acme.COM", false],
      ["ann@acme.com", false],
      ["ann@acme", true],
      [5, false],
      [["x"], false],
      [{ length: 1 }, false],
      [null, false],
    ];
    for (const [reason, kept] of reasons) {
      const result = await verifyEmails([withEmail("ann@acme.com")], verifier(() => Promise.resolve({ status: "risky", reason })));
      expect(verificationOf(result.records[0]), JSON.stringify(reason)).toStrictEqual(kept ? { status: "risky", reason, verifier: "vendor" } : { status: "risky", verifier: "vendor" });
      expect(result.stats.failed).toBe(0);
    }
    const noReason = await verifyEmails([withEmail("ann@acme.com")], verifier(() => Promise.resolve({ status: "deliverable" })));
    expect(verificationOf(noReason.records[0])).toStrictEqual({ status: "deliverable", verifier: "vendor" });
  });

  it("treats an answer that is not an EmailVerification as a failure: status unknown, reason error", async () => {
    const throwing = (): never => {
      throw new Error("getter");
    };
    const answers: unknown[] = [
      null,
      undefined,
      "deliverable",
      Object.assign(() => undefined, { status: "deliverable" }),
      { status: 5 },
      { status: "maybe" },
      { status: "" },
      { status: "Deliverable" },
      Object.create({ status: "deliverable" }) as unknown,
      Object.defineProperty({}, "status", { value: "deliverable", enumerable: false }),
      Object.defineProperty({}, "status", { enumerable: true, get: throwing }),
      Object.defineProperty({ status: "risky" }, "reason", { enumerable: true, get: throwing }),
    ];
    const records = answers.map((_, i) => withEmail(`user${i}@acme.com`));
    const result = await verifyEmails(records, verifier((email) => Promise.resolve(answers[Number(/\d+/.exec(email)?.[0])])));
    for (const [i, record] of result.records.entries()) {
      expect(verificationOf(record), String(i)).toStrictEqual({ status: "unknown", verifier: "vendor" });
      expect(record.issues, String(i)).toStrictEqual([
        {
          verifier: "vendor",
          reason: "error",
          code: "verification_failed",
          path: ["email"],
          message: "vendor could not verify the address (error); its status is unknown.",
          severity: "info",
        },
      ]);
    }
    expect(result.stats).toStrictEqual({ ...NO_STATS, calls: answers.length, unknown: answers.length, failed: answers.length });
  });

  it("treats a rejection or a throw as a failure", async () => {
    const result = await verifyEmails(
      [withEmail("a@acme.com"), withEmail("b@acme.com"), withEmail("c@acme.com")],
      verifier((email) => {
        if (email === "a@acme.com") throw new Error("sync");
        return email === "b@acme.com" ? Promise.reject(new Error("async")) : Promise.resolve({ status: "deliverable" });
      }),
    );
    expect(result.records.map((record) => record.issues)).toStrictEqual([[failedIssue("error")], [failedIssue("error")], []]);
    expect(result.stats).toStrictEqual({ ...NO_STATS, calls: 3, deliverable: 1, unknown: 2, failed: 2 });
  });

  it("calls the verifier as a method, with the address and a signal", async () => {
    const seen: { self: unknown; email: string; signal: unknown }[] = [];
    const vendor = {
      name: "vendor",
      verify(this: unknown, email: string, context: { readonly signal: AbortSignal }): Promise<EmailVerification> {
        seen.push({ self: this, email, signal: context.signal });
        return Promise.resolve({ status: "deliverable" });
      },
    };
    await verifyEmails([withEmail("ann@acme.com")], vendor);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.self).toBe(vendor);
    expect(seen[0]?.email).toBe("ann@acme.com");
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
  });
});

describe("verifyEmails: which addresses are sent", () => {
  it("reads `email` by default and the `field` option otherwise, with the issue at that field", async () => {
    const records = [withEmail("home@acme.com"), withEmail("work@acme.com", { field: "work" })];
    const calls: string[] = [];
    const gone = verifier(() => Promise.resolve({ status: "undeliverable" }), calls);
    const byDefault = await verifyEmails(records, gone);
    expect(calls).toEqual(["home@acme.com"]);
    expect(byDefault.records[1]).toBe(records[1]);
    const byField = await verifyEmails(records, gone, { field: "work" });
    expect(calls).toEqual(["home@acme.com", "work@acme.com"]);
    expect(byField.records[0]).toBe(records[0]);
    expect(verificationOf(byField.records[1], "work")).toStrictEqual({ status: "undeliverable", verifier: "vendor" });
    expect(byField.records[1]?.issues).toStrictEqual([_createIssue("undeliverable_email", ["work"], { verifier: "vendor", status: "undeliverable" })]);
  });

  it("sends each distinct address once, and gives every record with it the answer", async () => {
    const calls: string[] = [];
    const records = [withEmail("ann@acme.com"), withEmail("bob@acme.com"), withEmail("ann@acme.com"), withEmail("ann@acme.com")];
    const result = await verifyEmails(records, verifier(() => Promise.resolve({ status: "risky" }), calls));
    expect(calls).toEqual(["ann@acme.com", "bob@acme.com"]);
    expect(result.records.map((record) => verificationOf(record))).toStrictEqual(Array.from({ length: 4 }, () => ({ status: "risky", verifier: "vendor" })));
    expect(result.stats).toStrictEqual({ ...NO_STATS, calls: 2, risky: 2 });
  });

  it("sends nothing for a record without a text email, and returns such records as they came", async () => {
    const valueGetter = Object.assign(() => undefined, { value: "fn@acme.com" });
    const fieldsFunction = Object.assign(() => undefined, { email: emailField("fields@acme.com") });
    const odd: unknown[] = [
      null,
      undefined,
      "ann@acme.com",
      { fields: null },
      { fields: "email" },
      { fields: fieldsFunction, issues: [] },
      { fields: { email: null }, issues: [] },
      { fields: { email: "ann@acme.com" }, issues: [] },
      { fields: { email: valueGetter }, issues: [] },
      withEmail(null),
      withEmail(5),
      withEmail({ toString: () => "obj@acme.com" }),
      { fields: Object.create({ email: emailField("inherited@acme.com") }) as unknown, issues: [] },
      { fields: { email: Object.create(emailField("proto@acme.com")) as unknown }, issues: [] },
    ];
    const calls: string[] = [];
    const result = await verifyEmails(odd as CleansedRecord[], verifier(() => Promise.resolve({ status: "deliverable" }), calls));
    expect(calls).toEqual([]);
    expect(result.records).toHaveLength(odd.length);
    for (const [i, record] of result.records.entries()) expect(record, String(i)).toBe(odd[i]);
    expect(result.stats).toStrictEqual(NO_STATS);
  });

  it("returns a record that cannot be copied as it came, and verifies the others", async () => {
    const broken: CleansedRecord = { ...withEmail("ann@acme.com"), issues: null as never };
    const fine = withEmail("ann@acme.com");
    const result = await verifyEmails([broken, fine], verifier(() => Promise.resolve({ status: "deliverable" })));
    expect(result.records[0]).toBe(broken);
    expect(verificationOf(result.records[1])).toStrictEqual({ status: "deliverable", verifier: "vendor" });
    expect(result.stats).toStrictEqual({ ...NO_STATS, calls: 1, deliverable: 1 });
  });
});

describe("verifyEmails: timeouts and concurrency", () => {
  it("times out after timeoutMs, 5,000 by default, and aborts the call's signal", async () => {
    vi.useFakeTimers();
    const signals = new Map<string, AbortSignal>();
    const delays = new Map([
      ["fast@acme.com", 4999],
      ["slow@acme.com", 5001],
    ]);
    const pending = verifyEmails(
      [withEmail("fast@acme.com"), withEmail("slow@acme.com")],
      verifier((email, signal) => {
        signals.set(email, signal);
        return after(delays.get(email) ?? 0, { status: "deliverable" });
      }),
    );
    await vi.advanceTimersByTimeAsync(6000);
    const result = await pending;
    expect(result.records.map((record) => record.issues)).toStrictEqual([[], [failedIssue("timeout")]]);
    expect(verificationOf(result.records[1])).toStrictEqual({ status: "unknown", verifier: "vendor" });
    expect(result.stats).toStrictEqual({ ...NO_STATS, calls: 2, deliverable: 1, unknown: 1, timedOut: 1 });
    expect(signals.get("fast@acme.com")?.aborted).toBe(false);
    expect(signals.get("slow@acme.com")?.aborted).toBe(true);
    expect(failedIssue("timeout")).toStrictEqual({
      verifier: "vendor",
      reason: "timeout",
      code: "verification_failed",
      path: ["email"],
      message: "vendor could not verify the address (timeout); its status is unknown.",
      severity: "info",
    });
  });

  it("uses the timeoutMs option", async () => {
    vi.useFakeTimers();
    const pending = verifyEmails(
      [withEmail("fast@acme.com"), withEmail("slow@acme.com")],
      verifier((email) => after(email === "fast@acme.com" ? 99 : 101, { status: "deliverable" })),
      { timeoutMs: 100 },
    );
    await vi.advanceTimersByTimeAsync(300);
    const result = await pending;
    expect(result.stats).toStrictEqual({ ...NO_STATS, calls: 2, deliverable: 1, unknown: 1, timedOut: 1 });
  });

  it("does not send addresses while every slot is held by an abandoned call, and reports them as timed out", async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const records = [withEmail("a@acme.com"), withEmail("b@acme.com"), withEmail("c@acme.com")];
    const pending = verifyEmails(records, verifier(() => new Promise<never>(() => undefined), calls), { concurrency: 1, timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(200);
    const result = await pending;
    expect(calls).toEqual(["a@acme.com"]);
    expect(result.records.map((record) => record.issues)).toStrictEqual([[failedIssue("timeout")], [failedIssue("timeout")], [failedIssue("timeout")]]);
    expect(result.records.map((record) => verificationOf(record))).toStrictEqual(Array.from({ length: 3 }, () => ({ status: "unknown", verifier: "vendor" })));
    expect(result.stats).toStrictEqual({ ...NO_STATS, calls: 1, unknown: 3, timedOut: 1, abandoned: 1, skipped: 2 });
  });

  it("has exactly `concurrency` calls in flight: 4 by default", async () => {
    for (const [options, limit] of [[{}, 4], [{ concurrency: 2 }, 2], [{ concurrency: 6 }, 6]] as const) {
      const gates: ReturnType<typeof deferred<EmailVerification>>[] = [];
      const gated = verifier(() => {
        const gate = deferred<EmailVerification>();
        gates.push(gate);
        return gate.promise;
      });
      const records = Array.from({ length: 8 }, (_, i) => withEmail(`user${i}@acme.com`));
      const pending = verifyEmails(records, gated, options);
      await flush();
      expect(gates).toHaveLength(limit);
      gates[0]?.resolve({ status: "deliverable" });
      await flush();
      expect(gates).toHaveLength(limit + 1);
      for (let i = 1; i < 8; i++) {
        gates[i]?.resolve({ status: "deliverable" });
        await flush();
      }
      const result = await pending;
      expect(result.stats).toStrictEqual({ ...NO_STATS, calls: 8, deliverable: 8 });
    }
  });
});
