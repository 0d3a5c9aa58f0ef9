// Every issue code's message and severity (issue #19): the catalogue was reached only by the modules that
// raise each issue, and most modules' tests read the code, not the message.
import { describe, expect, it } from "vitest";
import { _createIssue, _describeType, _issuesOrNone, _NO_ISSUES } from "./_createIssue.js";
import type { IssueCode, IssueDetails } from "./issue.js";

const DETAILS: { readonly [Code in IssueCode]: IssueDetails[Code] } = {
  invalid_type: { expected: "string", received: "object" },
  too_long: { maximum: 1000, length: 1234 },
  too_deep: { maximum: 64 },
  too_large: { maximum: 100000 },
  control_characters: { count: 3 },
  unsafe_key: { key: "__proto__" },
  coerced_type: { from: "number" },
  placeholder_value: { kind: "phone" },
  invalid_email: { reason: "missing_top_level_domain" },
  email_domain_typo: { suggestion: "gmail.com" },
  disposable_email: {},
  role_email: {},
  invalid_phone: { reason: "too_short" },
  unusual_name: { characters: "digits" },
  several_people: {},
  name_split: {},
  invalid_date: { reason: "unrecognised_format" },
  ambiguous_date: {},
  implausible_date: { reason: "too_old" },
  two_digit_year: {},
  time_zone_assumed: { zone: "Europe/Berlin" },
  invalid_postal_code: { country: "DE" },
  unknown_country: {},
  unknown_region: { country: "CA" },
  rule_failed: { rule: "vipPlan" },
  undeliverable_email: { verifier: "acmeVerify", status: "risky" },
  verification_failed: { verifier: "acmeVerify", reason: "timeout" },
  enrichment_failed: { enricher: "crmLookup", reason: "invalid_result" },
  clock_failed: {},
  missing_id: {},
  missing_timestamp: {},
  mixed_types: { types: ["number", "string"] },
  unknown_source: {},
  not_numeric: {},
  unused_policy_attribute: {},
  refused_conflict: {},
  valid_time_assumed: {},
  future_time: { axis: "recorded" },
  duplicate_change: { version: 7 },
  recorded_out_of_order: {},
  profile_erased: {},
  outside_retention: { retainedFrom: "2024-01-01T00:00:00.000Z" },
  missing_key: { field: "source" },
  schema_mismatch: { message: "plan: Invalid option" },
  hook_failed: { message: "customerIdFormat threw for a customer id (no such format)." },
  stale_update: { storedAt: "2025-05-01T00:00:00.000Z" },
  record_erased: {},
  nothing_comparable: { unusedColumns: ["mail", "tel"] },
  assertion_ignored: { reason: "unknown_record" },
};

const codes = Object.keys(DETAILS) as IssueCode[];

describe("_createIssue", () => {
  it("gives every code a sentence of its own that names each detail (reasons with spaces), never empty", () => {
    const messages = new Set<string>();
    for (const code of codes) {
      const issue = _createIssue(code, ["a", 0], DETAILS[code] as never);
      expect(issue.message, code).toMatch(/^\S.*[.?]$|: .+$/);
      expect(issue.message.length, code).toBeGreaterThan(20);
      for (const [name, value] of Object.entries(DETAILS[code])) {
        const shown = Array.isArray(value) ? (code === "nothing_comparable" ? value.map((v) => JSON.stringify(v)).join(", ") : value.join(", ")) : name === "reason" ? String(value).replace(/_/g, " ") : String(value);
        if (["length", "field", "axis", "characters", "kind"].includes(name) || code === "implausible_date") continue; // worded, not quoted
        expect(issue.message, `${code}.${name}`).toContain(shown);
      }
      messages.add(issue.message);
    }
    expect(messages.size).toBe(codes.length);
  });

  it("keeps the code, path, details and a severity of error, warning or info on the issue", () => {
    const issue = _createIssue("too_long", ["email"], { maximum: 10, length: 12 });
    expect(issue).toEqual({ code: "too_long", path: ["email"], maximum: 10, length: 12, message: issue.message, severity: "error" });
    const severities = new Map(codes.map((code) => [code, _createIssue(code, [], DETAILS[code] as never).severity]));
    for (const [code, severity] of severities) expect(["error", "warning", "info"], code).toContain(severity);
    expect([...severities].filter(([, severity]) => severity === "info").map(([code]) => code)).toEqual([
      "control_characters", "coerced_type", "role_email", "name_split", "two_digit_year", "time_zone_assumed", "verification_failed", "unknown_source", "unused_policy_attribute", "valid_time_assumed", "duplicate_change", "stale_update",
    ]);
    expect([...severities].filter(([, severity]) => severity === "error").map(([code]) => code)).toEqual([
      "invalid_type", "too_long", "too_deep", "too_large", "invalid_email", "invalid_phone", "invalid_date", "ambiguous_date", "unknown_country", "rule_failed", "future_time", "recorded_out_of_order", "profile_erased", "missing_key", "schema_mismatch", "hook_failed", "record_erased",
    ]);
  });

  it("words counts, reasons and lists exactly", () => {
    const message = <Code extends IssueCode>(code: Code, details: IssueDetails[Code]): string => _createIssue(code, [], details).message;
    expect(message("control_characters", { count: 1 })).toBe("Removed 1 control character.");
    expect(message("control_characters", { count: 2 })).toBe("Removed 2 control characters.");
    expect(message("implausible_date", { reason: "future" })).toBe("The birth date is in the future.");
    expect(message("implausible_date", { reason: "too_old" })).not.toBe("The birth date is in the future.");
    expect(message("invalid_email", { reason: "missing_top_level_domain" })).toBe("Not a usable email address (missing top level domain).");
    expect(message("invalid_phone", { reason: "not_a_number" })).toBe("Not a usable phone number (not a number).");
    expect(message("invalid_date", { reason: "out_of_range" })).toBe("Not a usable date (out of range).");
    expect(message("enrichment_failed", { enricher: "x", reason: "invalid_result" })).toMatch(/^The enricher x failed \(invalid result\)/);
    expect(message("mixed_types", { types: ["number", "string"] })).toBe("Records give this attribute values of different types (number, string).");
    const base = "No record has a value in a field identity resolution compares, so every record stays alone; map your columns with options.fields or a schema";
    expect(message("nothing_comparable", { unusedColumns: [] })).toBe(`${base}.`);
    expect(message("nothing_comparable", { unusedColumns: ["mail"] })).toBe(`${base} (no record has the mapped column "mail").`);
    expect(message("nothing_comparable", { unusedColumns: ["mail", "tel"] })).toBe(`${base} (no record has the mapped columns "mail", "tel").`);
    expect(message("assertion_ignored", { reason: "unknown_record" })).toBe("The assertion names a record that is not in the data (reason: unknown record); it was not applied.");
    expect(message("assertion_ignored", { reason: "same_record" })).toBe("The assertion names one record twice (reason: same record); it was not applied.");
    expect(message("assertion_ignored", { reason: "contradicted" })).toBe("A cannot-link assertion of the same pair contradicts this must-link (reason: contradicted); the records were kept apart.");
  });
});

describe("_issuesOrNone and _describeType", () => {
  it("shares one frozen empty list and passes others through", () => {
    expect(_issuesOrNone([])).toBe(_NO_ISSUES);
    expect(Object.isFrozen(_NO_ISSUES)).toBe(true);
    const list = [_createIssue("missing_id", [], {})];
    expect(_issuesOrNone(list)).toBe(list);
  });

  it("describes JSON types without the value", () => {
    expect([null, [], Number.NaN, -Infinity, 1, "x", true, {}, undefined].map(_describeType)).toEqual(["null", "array", "non-finite number", "non-finite number", "number", "string", "boolean", "object", "undefined"]);
  });
});
