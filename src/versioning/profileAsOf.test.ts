import { describe, expect, it } from "vitest";
import { _historyOf } from "./_fixture.js";
import { appendChanges } from "./appendChanges.js";
import { applyRetention } from "./applyRetention.js";
import { eraseProfile, redactAttribute } from "./eraseProfile.js";
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

describe("profileAsOf: the whole snapshot", () => {
  const crm = (version: number, observedAt: string, recordedAt: string) => ({ version, source: "crm", observedAt, recordedAt });

  it("returns every field of the latest state: not erased, nothing redacted, the highest version used", () => {
    expect(profileAsOf(history)).toEqual({
      profileId: "p-1",
      attributes: { city: "York" },
      provenance: { city: crm(3, "2024-03-01T00:00:00.000Z", "2024-03-10T00:00:00.000Z") },
      redacted: [],
      erased: false,
      version: 5,
      issues: [],
    });
  });

  it("counts a version as used when its valid time is at or before validAt, and uses an entry valid exactly then", () => {
    // At exactly 1 March the CRM's York (valid from 1 March, version 3) is in force, not support's of 25 February.
    expect(profileAsOf(history, { validAt: "2024-03-01T00:00:00Z" })).toEqual({
      profileId: "p-1",
      attributes: { city: "York", email: "ann@example.com" },
      provenance: { city: crm(3, "2024-03-01T00:00:00.000Z", "2024-03-10T00:00:00.000Z"), email: crm(2, "2024-01-01T00:00:00.000Z", "2024-01-02T00:00:00.000Z") },
      redacted: [],
      erased: false,
      version: 4,
      issues: [],
    });
    // Exactly when the email stopped (version 5) it is gone, and version 5 is used.
    expect(profileAsOf(history, { validAt: "2024-03-15T00:00:00Z" })).toMatchObject({ attributes: { city: "York" }, version: 5 });
    expect(profileAsOf(history, { validAt: "2024-03-14T23:59:59.999Z" })).toMatchObject({ attributes: { city: "York", email: "ann@example.com" }, version: 4 });
    expect(profileAsOf(history, { validAt: "2024-02-26T00:00:00Z" })).toMatchObject({ provenance: { city: { version: 4, source: "support" } }, version: 4 });
    expect(profileAsOf(history, { validAt: "2023-12-31T00:00:00Z" })).toEqual({ profileId: "p-1", attributes: {}, provenance: {}, redacted: [], erased: false, version: 0, issues: [] });
  });

  it("reads a recorded time as everything recorded at or before it", () => {
    expect(profileAsOf(history, { recordedAt: "2024-03-10T00:00:00Z" })).toMatchObject({ attributes: { city: "York", email: "ann@example.com" }, version: 3 });
    expect(profileAsOf(history, { recordedAt: "2024-03-09T23:59:59.999Z" })).toMatchObject({ attributes: { city: "Leeds", email: "ann@example.com" }, version: 2 });
  });

  it("answers as of a version: that version and every one before it, the last version or any above it being everything", () => {
    expect(profileAsOf(history, { version: 3 })).toMatchObject({ attributes: { city: "York", email: "ann@example.com" }, provenance: { city: { version: 3 } }, version: 3 });
    expect(profileAsOf(history, { version: 1 })).toMatchObject({ attributes: { city: "Leeds" }, version: 1 });
    expect(profileAsOf(history, { version: 5 })).toEqual(profileAsOf(history));
    expect(profileAsOf(history, { version: 99 })).toEqual(profileAsOf(history));
    expect(() => profileAsOf(history, { version: -1 })).toThrow(expect.objectContaining({ code: "invalid_options" }));
    expect(() => profileAsOf(history, { version: 1.5 })).toThrow(expect.objectContaining({ code: "invalid_options" }));
  });

  it("gives an empty snapshot that is not erased for an unusable validAt or recordedAt, naming the option", () => {
    for (const query of [{ validAt: "soon" }, { recordedAt: "soon" }]) {
      const key = Object.keys(query)[0] as string;
      const answer = profileAsOf(history, query);
      expect(answer).toEqual({ profileId: "p-1", attributes: {}, provenance: {}, redacted: [], erased: false, version: 0, issues: [expect.objectContaining({ code: "invalid_date", path: [key], severity: "error" })] });
    }
  });

  it("says an erased profile is erased, with no values, on every query", () => {
    const erased = eraseProfile(history, { now: "2024-06-01T00:00:00Z" });
    for (const query of [{}, { validAt: "2024-02-01T00:00:00Z" }, { version: 2 }]) {
      expect(profileAsOf(erased, query)).toEqual({ profileId: "p-1", attributes: {}, provenance: {}, redacted: [], erased: true, version: 0, issues: [expect.objectContaining({ code: "profile_erased", path: [] })] });
    }
  });

  it("lists a redacted attribute without its value, and leaves out an attribute whose latest value is null", () => {
    const redacted = redactAttribute(history, "city", { now: "2024-04-01T00:00:00Z" });
    expect(profileAsOf(redacted)).toEqual({ profileId: "p-1", attributes: {}, provenance: {}, redacted: ["city"], erased: false, version: 5, issues: [] });
    expect(profileAsOf(redacted, { validAt: "2024-02-01T00:00:00Z" })).toMatchObject({ attributes: { email: "ann@example.com" }, redacted: ["city"] });
  });

  it("warns before the retention window on either axis, and not at its start", () => {
    const { history: kept } = applyRetention(history, { keepAfter: "2024-03-10T00:00:00Z" });
    const warning = [expect.objectContaining({ code: "outside_retention", path: [], retainedFrom: "2024-03-10T00:00:00.000Z" })];
    expect(profileAsOf(kept, { recordedAt: "2024-03-09T00:00:00Z" }).issues).toEqual(warning);
    expect(profileAsOf(kept, { validAt: "2024-03-09T00:00:00Z" }).issues).toEqual(warning);
    expect(profileAsOf(kept, { validAt: "2024-03-10T00:00:00Z", recordedAt: "2024-03-10T00:00:00Z" }).issues).toEqual([]);
  });
});
