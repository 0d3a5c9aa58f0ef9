import { describe, expect, it } from "vitest";
import { _historyOf } from "./_fixture.js";
import { appendChanges } from "./appendChanges.js";
import { applyRetention } from "./applyRetention.js";
import { profileAsOf } from "./profileAsOf.js";

// Ann moved from Leeds to York on 1 March; the CRM learned it on 10 March. On 20 March a correction
// arrived: she had actually moved on 25 February.
const history = _historyOf([
  ["2024-01-02T00:00:00Z", [
    { attribute: "city", value: "Leeds", validAt: "2024-01-01T00:00:00Z", source: "crm" },
    { attribute: "email", value: "ann@example.com", validAt: "2024-01-01T00:00:00Z", source: "crm" },
  ]],
  ["2024-03-10T00:00:00Z", [{ attribute: "city", value: "York", validAt: "2024-03-01T00:00:00Z", source: "crm" }]],
  ["2024-03-20T00:00:00Z", [
    { attribute: "city", value: "York", validAt: "2024-02-25T00:00:00Z", source: "support" },
    { attribute: "email", value: null, validAt: "2024-03-15T00:00:00Z", source: "web" },
  ]],
]);

describe("profileAsOf", () => {
  it("returns the latest state by default, with where each value came from", () => {
    const now = profileAsOf(history);
    expect(now.attributes).toEqual({ city: "York" });
    expect(now.provenance["city"]).toEqual({ version: 3, source: "crm", observedAt: "2024-03-01T00:00:00.000Z", recordedAt: "2024-03-10T00:00:00.000Z" });
    expect(now.version).toBe(5);
    expect(now.issues).toEqual([]);
  });

  it("answers what was true at a valid time, with everything known now", () => {
    expect(profileAsOf(history, { validAt: "2024-02-01T00:00:00Z" }).attributes).toEqual({ city: "Leeds", email: "ann@example.com" });
    expect(profileAsOf(history, { validAt: "2024-02-26T00:00:00Z" }).attributes).toEqual({ city: "York", email: "ann@example.com" });
    expect(profileAsOf(history, { validAt: "2023-12-31T00:00:00Z" }).attributes).toEqual({});
  });

  it("answers what was known at a recorded time, leaving out later corrections", () => {
    const known = { validAt: "2024-02-26T00:00:00Z", recordedAt: "2024-03-15T00:00:00Z" };
    expect(profileAsOf(history, known).attributes).toEqual({ city: "Leeds", email: "ann@example.com" });
    expect(profileAsOf(history, { recordedAt: "2024-03-15T00:00:00Z" }).attributes).toEqual({ city: "York", email: "ann@example.com" });
    expect(profileAsOf(history, { recordedAt: "2024-01-01T00:00:00Z" }).attributes).toEqual({});
  });

  it("answers as of a version", () => {
    expect(profileAsOf(history, { version: 2 }).attributes).toEqual({ city: "Leeds", email: "ann@example.com" });
    expect(profileAsOf(history, { version: 0 }).attributes).toEqual({});
  });

  it("lets a later-recorded version at the same valid time correct the earlier one", () => {
    const corrected = appendChanges(history, [{ attribute: "city", value: "Yorke", validAt: "2024-03-01T00:00:00Z", source: "crm" }], { now: "2024-04-01T00:00:00Z" }).history;
    expect(profileAsOf(corrected).attributes["city"]).toBe("Yorke");
    expect(profileAsOf(corrected, { recordedAt: "2024-03-31T00:00:00Z" }).attributes["city"]).toBe("York");
  });

  it("reads zone-less query times in the timeZone option", () => {
    // 2024-02-25T03:00 in Kolkata is 2024-02-24T21:30Z: before the move.
    expect(profileAsOf(history, { validAt: "2024-02-25T03:00:00", timeZone: "Asia/Kolkata" }).attributes["city"]).toBe("Leeds");
    expect(profileAsOf(history, { validAt: "2024-02-25T03:00:00" }).attributes["city"]).toBe("York");
  });

  it("reports an unusable query time as an issue with an empty answer, never throwing", () => {
    const answer = profileAsOf(history, { validAt: "yesterday-ish" });
    expect(answer.attributes).toEqual({});
    expect(answer.issues).toMatchObject([{ code: "invalid_date", path: ["validAt"] }]);
  });

  it("warns when a query reaches before the retention window", () => {
    const { history: kept } = applyRetention(history, { keepAfter: "2024-03-01T00:00:00Z" });
    expect(profileAsOf(kept).issues).toEqual([]);
    expect(profileAsOf(kept, { validAt: "2024-02-01T00:00:00Z" }).issues).toMatchObject([{ code: "outside_retention", retainedFrom: "2024-03-01T00:00:00.000Z" }]);
  });

  it("rejects a version together with a recorded time", () => {
    expect(() => profileAsOf(history, { version: 1, recordedAt: "2024-01-01T00:00:00Z" })).toThrow(/recordedAt or version/);
  });
});
