import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { appendChanges } from "./appendChanges.js";
import { profileAsOf } from "./profileAsOf.js";
import type { ChangeInput, ProfileHistory } from "./types.js";

const NOW = "2024-06-01T00:00:00.000Z";
const start = (changes: readonly ChangeInput[], now: string = NOW): ReturnType<typeof appendChanges> => appendChanges(null, changes, { now, profileId: "p-1" });
const codes = (result: { issues: readonly { code: string }[] }): string[] => result.issues.map((issue) => issue.code);

describe("appendChanges", () => {
  it("records each change as a version with valid and recorded time, source and a version number", () => {
    const result = start([
      { attribute: "email", value: "ann@example.com", validAt: "2024-01-05T09:00:00Z", source: "crm" },
      { attribute: "city", value: "Leeds", validAt: "2024-02-01T00:00:00+01:00", source: "orders" },
    ]);
    expect(result.appended).toBe(2);
    expect(result.issues).toEqual([]);
    expect(result.history.entries).toEqual([
      { version: 1, attribute: "email", value: "ann@example.com", validAt: Date.parse("2024-01-05T09:00:00Z"), recordedAt: Date.parse(NOW), source: "crm" },
      { version: 2, attribute: "city", value: "Leeds", validAt: Date.parse("2024-01-31T23:00:00Z"), recordedAt: Date.parse(NOW), source: "orders" },
    ]);
    expect(result.history.lastVersion).toBe(2);
    // Plain JSON: a store can persist it as it is.
    expect(JSON.parse(JSON.stringify(result.history))).toEqual(result.history);
  });

  it("does not modify the history it is given", () => {
    const first = start([{ attribute: "city", value: "Leeds", validAt: "2024-01-01T00:00:00Z" }]).history;
    const frozen = JSON.stringify(first);
    appendChanges(first, [{ attribute: "city", value: "York", validAt: "2024-02-01T00:00:00Z" }], { now: "2024-06-02T00:00:00Z" });
    expect(JSON.stringify(first)).toBe(frozen);
  });

  it("copies object values, so later changes to the caller's object do not reach the history", () => {
    const address = { street: "1 Main St", city: "Leeds" };
    const { history } = start([{ attribute: "address", value: address, validAt: "2024-01-01T00:00:00Z" }]);
    address.city = "York";
    expect(profileAsOf(history).attributes["address"]).toEqual({ street: "1 Main St", city: "Leeds" });
  });

  it("places late-arriving data on both axes: a later recording of an earlier observation", () => {
    let history = start([{ attribute: "city", value: "York", validAt: "2024-03-01T00:00:00Z", source: "web" }], "2024-03-02T00:00:00Z").history;
    // Recorded on 10 March: the person lived in Leeds from 1 February (it arrived late).
    history = appendChanges(history, [{ attribute: "city", value: "Leeds", validAt: "2024-02-01T00:00:00Z", source: "crm" }], { now: "2024-03-10T00:00:00Z" }).history;
    expect(profileAsOf(history).attributes["city"]).toBe("York");
    expect(profileAsOf(history, { validAt: "2024-02-15T00:00:00Z" }).attributes["city"]).toBe("Leeds");
    // What we knew on 5 March about 15 February: nothing yet.
    expect(profileAsOf(history, { validAt: "2024-02-15T00:00:00Z", recordedAt: "2024-03-05T00:00:00Z" }).attributes["city"]).toBeUndefined();
  });

  it("keeps the same change once, within a batch and across batches (idempotent delivery)", () => {
    const change = { attribute: "email", value: { address: "ann@example.com", primary: true }, validAt: "2024-01-05T09:00:00Z", source: "crm" };
    const first = start([change, { ...change }]);
    expect(first.appended).toBe(1);
    expect(first.duplicates).toBe(1);
    const again = appendChanges(first.history, [{ ...change, value: { primary: true, address: "ann@example.com" } }], { now: "2024-06-02T00:00:00Z" });
    expect(again.appended).toBe(0);
    expect(again.duplicates).toBe(1);
    expect(again.issues).toMatchObject([{ code: "duplicate_change", version: 1, severity: "info" }]);
    expect(again.history.entries).toHaveLength(1);
  });

  it("records a different value, source or valid time as a new version", () => {
    const base = { attribute: "email", value: "a@example.com", validAt: "2024-01-05T09:00:00Z", source: "crm" };
    const result = start([base, { ...base, value: "b@example.com" }, { ...base, source: "web" }, { ...base, validAt: "2024-01-06T09:00:00Z" }]);
    expect(result.appended).toBe(4);
  });

  it("sorts a batch by recorded time and rejects a recorded time before the history's latest", () => {
    const result = start([
      { attribute: "city", value: "York", validAt: "2024-01-03T00:00:00Z", recordedAt: "2024-01-03T00:00:00Z" },
      { attribute: "city", value: "Leeds", validAt: "2024-01-01T00:00:00Z", recordedAt: "2024-01-01T00:00:00Z" },
    ]);
    expect(result.history.entries.map((entry) => entry.value)).toEqual(["Leeds", "York"]);
    const late = appendChanges(result.history, [{ attribute: "city", value: "Hull", validAt: "2024-01-02T00:00:00Z", recordedAt: "2024-01-02T00:00:00Z" }], { now: NOW });
    expect(late.rejected).toBe(1);
    expect(codes(late)).toEqual(["recorded_out_of_order"]);
    expect(late.history.entries).toHaveLength(2);
  });

  it("rejects times in the future of the clock, beyond the allowed skew", () => {
    const result = start([
      { attribute: "a", value: 1, validAt: "2024-06-01T00:04:00Z" },
      { attribute: "b", value: 1, validAt: "2024-06-01T00:06:00Z" },
      { attribute: "c", value: 1, validAt: "2024-01-01T00:00:00Z", recordedAt: "2024-07-01T00:00:00Z" },
    ]);
    expect(result.appended).toBe(1);
    expect(result.issues).toMatchObject([
      { code: "future_time", axis: "valid", path: ["changes", 1, "validAt"] },
      { code: "future_time", axis: "recorded", path: ["changes", 2, "recordedAt"] },
    ]);
    const strict = appendChanges(null, [{ attribute: "a", value: 1, validAt: "2024-06-01T00:00:01Z" }], { now: NOW, profileId: "p", maxClockSkewMs: 0 });
    expect(codes(strict)).toEqual(["future_time"]);
  });

  it("reads zone-less times in the timeZone option (reported), never in the process zone", () => {
    const result = appendChanges(null, [{ attribute: "city", value: "Pune", validAt: "2024-03-01T10:00:00" }], { now: NOW, profileId: "p", timeZone: "Asia/Kolkata" });
    expect(result.history.entries[0]?.validAt).toBe(Date.parse("2024-03-01T04:30:00Z"));
    expect(result.issues).toMatchObject([{ code: "time_zone_assumed", zone: "Asia/Kolkata" }]);
    const utc = start([{ attribute: "city", value: "Pune", validAt: "2024-03-01T10:00:00" }]);
    expect(utc.history.entries[0]?.validAt).toBe(Date.parse("2024-03-01T10:00:00Z"));
  });

  it("accepts epoch milliseconds and Dates, and assumes the recorded time when the valid time is missing", () => {
    const result = start([
      { attribute: "a", value: 1, validAt: Date.parse("2024-01-01T00:00:00Z") },
      { attribute: "b", value: 2, validAt: new Date("2024-01-02T00:00:00Z") },
      { attribute: "c", value: 3 },
    ]);
    expect(result.history.entries.map((entry) => entry.validAt)).toEqual([Date.parse("2024-01-01T00:00:00Z"), Date.parse("2024-01-02T00:00:00Z"), Date.parse(NOW)]);
    expect(result.issues).toMatchObject([{ code: "valid_time_assumed", path: ["changes", 2, "validAt"] }]);
  });

  it("reports invalid changes, dates and values as issues without the values, and applies the rest", () => {
    const circular: Record<string, unknown> = {};
    circular["self"] = circular;
    const result = start([
      { attribute: "a", value: 1, validAt: "2024-02-30T00:00:00Z" },
      { attribute: "b", value: 1, validAt: "last tuesday" },
      { attribute: "c", value: Number.NaN, validAt: NOW },
      { attribute: "d", value: undefined, validAt: NOW },
      { attribute: "e", value: circular, validAt: NOW },
      { attribute: "", value: 1 },
      { attribute: "__proto__", value: 1 },
      { attribute: "f", value: 1, source: 42 as unknown as string },
      null as unknown as ChangeInput,
      { attribute: "g", value: "secret@example.com", validAt: new Date(Number.NaN) },
      { attribute: "ok", value: "kept", validAt: NOW },
    ]);
    expect(result.appended).toBe(1);
    expect(result.rejected).toBe(10);
    expect(codes(result)).toEqual(["invalid_date", "invalid_date", "invalid_type", "invalid_type", "invalid_type", "invalid_type", "unsafe_key", "invalid_type", "invalid_type", "invalid_date"]);
    expect(JSON.stringify(result.issues)).not.toContain("secret");
    expect(profileAsOf(result.history).attributes).toEqual({ ok: "kept" });
  });

  it("throws invalid_options for configuration mistakes", () => {
    const attempt = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        if (isProfileKitError(error)) return `${error.code}: ${error.message}`;
        throw error;
      }
      return "no error";
    };
    expect(attempt(() => appendChanges(null, [], { now: NOW }))).toMatch(/invalid_options: .*profileId/);
    expect(attempt(() => appendChanges(null, [], { now: NOW, profileId: "p", timeZone: "Mars/Olympus" }))).toMatch(/timeZone/);
    expect(attempt(() => appendChanges(null, [], { now: NOW, profileId: "p", colour: "red" } as never))).toMatch(/colour/);
    expect(attempt(() => appendChanges(null, [], { now: "soon", profileId: "p" }))).toMatch(/options.now/);
    expect(attempt(() => appendChanges(null, "nope" as never, { now: NOW, profileId: "p" }))).toMatch(/array/);
    expect(attempt(() => appendChanges({ entries: [] } as unknown as ProfileHistory, [], { now: NOW }))).toMatch(/profile history/);
    expect(attempt(() => appendChanges(null, [], { now: NOW, profileId: "p", retention: {} }))).toMatch(/keepVersions/);
  });

  it("applies a retention policy on append, keeping the size bounded", () => {
    let history: ProfileHistory | null = null;
    let full: ProfileHistory | null = null;
    for (let day = 1; day <= 50; day++) {
      const change = { attribute: day % 2 === 0 ? "city" : "email", value: `v${day}`, validAt: new Date(Date.UTC(2024, 0, day)).toISOString() };
      const now = new Date(Date.UTC(2024, 2, day)).toISOString();
      history = appendChanges(history, [change], { now, profileId: "p", retention: { keepVersions: 10 } }).history;
      full = appendChanges(full, [change], { now, profileId: "p" }).history;
    }
    const kept = history as ProfileHistory;
    expect(kept.entries.length).toBeLessThanOrEqual(10 + 2);
    expect(kept.lastVersion).toBe(50);
    expect(profileAsOf(kept).attributes).toEqual({ city: "v50", email: "v49" });
    // Inside the kept window (the last 10 versions were recorded from 10 April on) answers are unchanged…
    expect(kept.retainedFrom).toBe(Date.UTC(2024, 3, 10));
    const inside = { validAt: "2024-04-12T00:00:00Z", recordedAt: "2024-04-12T00:00:00Z" };
    expect(profileAsOf(kept, inside).attributes).toEqual({ city: "v42", email: "v43" });
    expect(profileAsOf(kept, inside).attributes).toEqual(profileAsOf(full as ProfileHistory, inside).attributes);
    // …and a query before it is told the answer may be incomplete.
    expect(profileAsOf(kept, { validAt: "2024-01-05T00:00:00Z" }).issues).toMatchObject([{ code: "outside_retention" }]);
  });
});
