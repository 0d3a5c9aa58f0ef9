import { describe, expect, it } from "vitest";
import { _historyOf } from "./_fixture.js";
import { applyRetention } from "./applyRetention.js";
import { profileAsOf } from "./profileAsOf.js";

const history = _historyOf([
  ["2024-01-02T00:00:00Z", [
    { attribute: "city", value: "Leeds", validAt: "2024-01-01T00:00:00Z" },
    { attribute: "email", value: "a@example.com", validAt: "2024-01-01T00:00:00Z" },
  ]],
  ["2024-02-02T00:00:00Z", [{ attribute: "city", value: "York", validAt: "2024-02-01T00:00:00Z" }]],
  ["2024-03-02T00:00:00Z", [{ attribute: "city", value: "Hull", validAt: "2024-03-01T00:00:00Z" }]],
  ["2024-04-02T00:00:00Z", [{ attribute: "city", value: "Bath", validAt: "2024-04-01T00:00:00Z" }]],
]);

describe("applyRetention", () => {
  it("keeps the last N versions plus the version each attribute had before them", () => {
    const { history: kept, dropped } = applyRetention(history, { keepVersions: 2 });
    expect(kept.entries.map((entry) => entry.version)).toEqual([2, 3, 4, 5]);
    expect(dropped).toBe(1);
    expect(kept.retainedFrom).toBe(Date.parse("2024-03-02T00:00:00Z"));
    // The email was set long ago and never changed: it must survive.
    expect(profileAsOf(kept).attributes).toEqual({ city: "Bath", email: "a@example.com" });
  });

  it("keeps versions recorded after a cutoff, and with both settings the longer window", () => {
    expect(applyRetention(history, { keepAfter: "2024-04-01T00:00:00Z" }).history.entries.map((entry) => entry.version)).toEqual([2, 4, 5]);
    expect(applyRetention(history, { keepAfter: "2024-04-01T00:00:00Z", keepVersions: 2 }).history.entries.map((entry) => entry.version)).toEqual([2, 3, 4, 5]);
    expect(applyRetention(history, { keepVersions: 10 })).toEqual({ history, dropped: 0 });
  });

  it("never changes an answer inside the window, and never widens a window once narrowed", () => {
    const { history: kept } = applyRetention(history, { keepAfter: "2024-03-15T00:00:00Z" });
    for (const validAt of ["2024-03-15T00:00:00Z", "2024-03-20T00:00:00Z", "2024-04-05T00:00:00Z"]) {
      expect(profileAsOf(kept, { validAt }).attributes).toEqual(profileAsOf(history, { validAt }).attributes);
    }
    expect(applyRetention(kept, { keepAfter: "2024-01-01T00:00:00Z" }).history).toBe(kept);
  });

  it("throws invalid_options for an empty or bad policy", () => {
    expect(() => applyRetention(history, {})).toThrow(/keepVersions, keepAfter/);
    expect(() => applyRetention(history, { keepVersions: 0 })).toThrow(/keepVersions/);
    expect(() => applyRetention(history, { keepAfter: "whenever" })).toThrow(/keepAfter/);
  });

  it("reads a zone-less keepAfter in the timeZone option (UTC by default), and names itself in every error", () => {
    // 23:00 on 1 March: before the Hull version (recorded 2 March 00:00 UTC) in UTC; in Tokyo it is 14:00 UTC
    // on 1 March, before it as well; in Los Angeles 07:00 UTC on 2 March, after it.
    expect(applyRetention(history, { keepAfter: "2024-03-01T23:00:00" }).dropped).toBe(1);
    expect(applyRetention(history, { keepAfter: "2024-03-01T23:00:00" }, { timeZone: "America/Los_Angeles" }).dropped).toBe(2);
    expect(() => applyRetention(history, { keepVersions: 0 })).toThrow(/^applyRetention: /);
    expect(() => applyRetention(history, { keepVersions: 2 }, { colour: "red" } as never)).toThrow(/^applyRetention: invalid options/);
    expect(() => applyRetention({ entries: [] } as never, { keepVersions: 2 })).toThrow(/^applyRetention: not a valid profile history/);
  });
});
