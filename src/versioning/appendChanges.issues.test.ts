// Every issue appendChanges reports, with its code, path and details (not only its code), and the
// smaller rules its mutation tests showed untested: values by JSON type, a null recorded time, sources
// told apart from no source, changes after an erasure or a redaction.
import { describe, expect, it } from "vitest";
import { appendChanges } from "./appendChanges.js";
import { eraseProfile, redactAttribute } from "./eraseProfile.js";
import type { ChangeInput } from "./types.js";

const NOW = "2024-06-01T00:00:00.000Z";
const start = (changes: readonly unknown[]): ReturnType<typeof appendChanges> => appendChanges(null, changes as readonly ChangeInput[], { now: NOW, profileId: "p-1" });
/** Each issue without its message, for exact comparison. */
const plain = (result: ReturnType<typeof appendChanges>): Record<string, unknown>[] =>
  result.issues.map((issue) => Object.fromEntries(Object.entries(issue).filter(([key]) => key !== "message")));

describe("appendChanges: every issue's code, path and details", () => {
  it("names the change, the field and what was expected and received", () => {
    const unreadable = new Proxy({}, { get: () => { throw new Error("trap"); } });
    const result = start([
      "a string",
      null,
      { attribute: "", value: 1 },
      { attribute: "__proto__", value: 1 },
      { attribute: "f", value: 1, source: 42 },
      { attribute: "g", value: Number.POSITIVE_INFINITY, validAt: NOW },
      { attribute: "h", value: 10n, validAt: NOW },
      { attribute: "i", value: () => 1, validAt: NOW },
      { attribute: "j", value: new Date(Number.NaN), validAt: NOW },
      unreadable,
    ]);
    expect(result.rejected).toBe(10);
    expect(plain(result)).toEqual([
      { code: "invalid_type", path: ["changes", 0], expected: "a change object", received: "string", severity: "error" },
      { code: "invalid_type", path: ["changes", 1], expected: "a change object", received: "null", severity: "error" },
      { code: "invalid_type", path: ["changes", 2, "attribute"], expected: "a non-empty attribute name", received: "string", severity: "error" },
      { code: "unsafe_key", path: ["changes", 3, "attribute"], key: "__proto__", severity: "warning" },
      { code: "invalid_type", path: ["changes", 4, "source"], expected: "a source name", received: "number", severity: "error" },
      { code: "invalid_type", path: ["changes", 5, "value"], expected: "a JSON value", received: "non-finite number", severity: "error" },
      { code: "invalid_type", path: ["changes", 6, "value"], expected: "a JSON value", received: "bigint", severity: "error" },
      { code: "invalid_type", path: ["changes", 7, "value"], expected: "a JSON value", received: "function", severity: "error" },
      { code: "invalid_type", path: ["changes", 8, "value"], expected: "a JSON value", received: "invalid Date", severity: "error" },
      { code: "invalid_type", path: ["changes", 9], expected: "a change object", received: "unreadable object", severity: "error" },
    ]);
    expect(result.history.entries).toEqual([]);
  });

  it("reports a value whose getter throws when it is copied as an unreadable object", () => {
    let reads = 0;
    const flaky = {
      get total(): number {
        reads++;
        if (reads > 1) throw new Error("second read");
        return 5;
      },
    };
    const result = start([{ attribute: "order", value: flaky, validAt: NOW }]);
    expect(plain(result)).toEqual([{ code: "invalid_type", path: ["changes", 0, "value"], expected: "a JSON value", received: "unreadable object", severity: "error" }]);
    expect(result.rejected).toBe(1);
  });

  it("reports a recorded time before the history's latest and a repeated change, each at its change", () => {
    const first = start([{ attribute: "city", value: "Leeds", validAt: "2024-01-01T00:00:00Z", recordedAt: "2024-05-01T00:00:00Z" }]);
    const next = appendChanges(first.history, [
      { attribute: "city", value: "York", validAt: "2024-02-01T00:00:00Z", recordedAt: "2024-04-01T00:00:00Z" },
      { attribute: "city", value: "Leeds", validAt: "2024-01-01T00:00:00Z", recordedAt: "2024-05-02T00:00:00Z" },
    ], { now: NOW });
    expect(plain(next)).toEqual([
      { code: "recorded_out_of_order", path: ["changes", 0, "recordedAt"], severity: "error" },
      { code: "duplicate_change", path: ["changes", 1], version: 1, severity: "info" },
    ]);
    expect(next).toMatchObject({ appended: 0, duplicates: 1, rejected: 1 });
  });

  it("rejects every change to an erased profile with one issue, and reports nothing for an empty batch", () => {
    const erased = eraseProfile(start([{ attribute: "email", value: "a@example.com", validAt: NOW }]).history, { now: NOW });
    const result = appendChanges(erased, [{ attribute: "email", value: "b@example.com", validAt: NOW }], { now: NOW });
    expect(plain(result)).toEqual([{ code: "profile_erased", path: ["changes"], severity: "error" }]);
    expect(result).toMatchObject({ appended: 0, rejected: 1, duplicates: 0, dropped: 0 });
    expect(result.history).toBe(erased);
    expect(appendChanges(erased, [], { now: NOW })).toMatchObject({ issues: [], rejected: 0 });
  });
});

describe("appendChanges: values, times and keys", () => {
  it("keeps numbers, booleans and valid Dates (as ISO text), and leaves out undefined properties as JSON does", () => {
    const result = start([
      { attribute: "score", value: 42, validAt: NOW },
      { attribute: "vip", value: false, validAt: NOW },
      { attribute: "since", value: new Date("2020-02-03T04:05:06Z"), validAt: NOW },
      { attribute: "order", value: { total: 5, note: undefined }, validAt: NOW },
    ]);
    expect(result.issues).toEqual([]);
    expect(result.history.entries.map((entry) => entry.value)).toEqual([42, false, "2020-02-03T04:05:06.000Z", { total: 5 }]);
  });

  it("takes a null recorded time as now", () => {
    const result = start([{ attribute: "city", value: "Leeds", validAt: "2024-01-01T00:00:00Z", recordedAt: null as unknown as string }]);
    expect(result.issues).toEqual([]);
    expect(result.history.entries[0]?.recordedAt).toBe(Date.parse(NOW));
  });

  it("tells an empty source name from no source: two changes, not one repeated", () => {
    const result = start([
      { attribute: "city", value: "Leeds", validAt: NOW, source: "" },
      { attribute: "city", value: "Leeds", validAt: NOW },
    ]);
    expect(result).toMatchObject({ appended: 2, duplicates: 0 });
    expect(result.history.entries.map((entry) => entry.source)).toEqual(["", null]);
  });

  it("never takes a change for a repeat of a redacted one", () => {
    const first = start([{ attribute: "city", value: "Leeds", validAt: "2024-01-01T00:00:00Z", source: "crm", recordedAt: "2024-05-01T00:00:00Z" }]);
    const redacted = redactAttribute(first.history, "city", { now: "2024-05-02T00:00:00Z" });
    // The redacted entry holds null now; a removal of the value at the same time and source is new.
    const next = appendChanges(redacted, [{ attribute: "city", value: null, validAt: "2024-01-01T00:00:00Z", source: "crm" }], { now: NOW });
    expect(next).toMatchObject({ appended: 1, duplicates: 0 });
  });

  it("accepts a time exactly at the allowed clock skew, and reports one a millisecond past it", () => {
    const edge = Date.parse(NOW) + 300_000;
    const result = start([
      { attribute: "a", value: 1, validAt: edge },
      { attribute: "b", value: 1, validAt: edge + 1 },
    ]);
    expect(result.appended).toBe(1);
    expect(plain(result)).toEqual([{ code: "future_time", path: ["changes", 1, "validAt"], axis: "valid", severity: "error" }]);
  });

  it("leaves out function and symbol properties as JSON does, keeping the rest of the value", () => {
    const result = start([{ attribute: "order", value: { total: 5, recalculate: () => 6, tag: Symbol("x") }, validAt: NOW }]);
    expect(result.issues).toEqual([]);
    expect(result.history.entries[0]?.value).toEqual({ total: 5 });
  });

  it("names itself and the unusable now in its errors", () => {
    let caught: unknown;
    try {
      appendChanges(null, [], { now: "soon", profileId: "p" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "invalid_options", message: "appendChanges: options.now is not a usable time." });
    expect(((caught as { cause: readonly { code: string; path: readonly unknown[] }[] }).cause).map((issue) => [issue.code, issue.path])).toEqual([["invalid_date", ["options", "now"]]]);
    expect(() => appendChanges(null, [], { now: NOW, profileId: "p", colour: "red" } as never)).toThrow(/^appendChanges: invalid options/);
  });
});
