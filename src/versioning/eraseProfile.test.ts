import { describe, expect, it } from "vitest";
import { _historyOf } from "./_fixture.js";
import { appendChanges } from "./appendChanges.js";
import { applyRetention } from "./applyRetention.js";
import { attributeTimeline } from "./attributeTimeline.js";
import { attributeTrends } from "./attributeTrends.js";
import { countEvents } from "./countEvents.js";
import { eraseProfile, redactAttribute, redactValues } from "./eraseProfile.js";
import { profileAsOf } from "./profileAsOf.js";

const history = _historyOf([
  ["2024-01-02T00:00:00Z", [
    { attribute: "email", value: "ann.secret@example.com", validAt: "2024-01-01T00:00:00Z", source: "crm" },
    { attribute: "dateOfBirth", value: "1985-03-14", validAt: "2024-01-01T00:00:00Z", source: "crm" },
  ]],
  ["2024-02-02T00:00:00Z", [{ attribute: "email", value: "ann.other@example.com", validAt: "2024-02-01T00:00:00Z", source: "web" }]],
]);

describe("eraseProfile", () => {
  it("leaves a tombstone with no personal data, and no query returns a value", () => {
    const erased = eraseProfile(history, { now: "2024-06-01T00:00:00Z" });
    expect(erased).toEqual({
      format: "profile-kit/history@1",
      profileId: "p-1",
      entries: [],
      lastVersion: 3,
      retainedFrom: null,
      redactions: [],
      erased: { erasedAt: Date.parse("2024-06-01T00:00:00Z"), versionsErased: 3 },
    });
    const text = JSON.stringify(erased);
    for (const secret of ["ann", "1985", "example"]) expect(text).not.toContain(secret);
    const now = profileAsOf(erased);
    expect(now).toMatchObject({ attributes: {}, erased: true, issues: [{ code: "profile_erased" }] });
    expect(profileAsOf(erased, { validAt: "2024-01-15T00:00:00Z" }).attributes).toEqual({});
    expect(attributeTimeline(erased, "email").periods).toEqual([]);
    expect(countEvents(erased, "email").total).toBe(0);
    expect(attributeTrends(erased, { now: "2024-06-01T00:00:00Z" }).attributes).toEqual([]);
  });

  it("refuses new changes to an erased profile, so a late event cannot bring the person back", () => {
    const erased = eraseProfile(history, { now: "2024-06-01T00:00:00Z" });
    const late = appendChanges(erased, [{ attribute: "email", value: "ann.secret@example.com", validAt: "2024-01-01T00:00:00Z" }], { now: "2024-06-02T00:00:00Z" });
    expect(late).toMatchObject({ appended: 0, rejected: 1, issues: [{ code: "profile_erased" }] });
    expect(late.history).toBe(erased);
    expect(eraseProfile(erased, { now: "2024-07-01T00:00:00Z" })).toBe(erased);
  });
});

describe("redactAttribute", () => {
  it("removes one attribute's values across the whole history and lists it as redacted", () => {
    const redacted = redactAttribute(history, "email", { now: "2024-06-01T00:00:00Z" });
    expect(JSON.stringify(redacted)).not.toContain("ann.");
    expect(JSON.stringify(redacted)).toContain("1985-03-14");
    expect(profileAsOf(redacted)).toMatchObject({ attributes: { dateOfBirth: "1985-03-14" }, redacted: ["email"] });
    expect(profileAsOf(redacted, { validAt: "2024-01-15T00:00:00Z" }).attributes).toEqual({ dateOfBirth: "1985-03-14" });
    expect(redacted.redactions).toEqual([{ attribute: "email", at: Date.parse("2024-06-01T00:00:00Z") }]);
    // Retention keeps the redaction: it never brings a value back.
    expect(JSON.stringify(applyRetention(redacted, { keepVersions: 1 }).history)).not.toContain("ann.");
  });

  it("keeps values recorded after the redaction", () => {
    const redacted = redactAttribute(history, "email", { now: "2024-06-01T00:00:00Z" });
    const later = appendChanges(redacted, [{ attribute: "email", value: "new@example.com", validAt: "2024-06-01T00:00:00Z" }], { now: "2024-06-02T00:00:00Z" }).history;
    expect(profileAsOf(later)).toMatchObject({ attributes: { email: "new@example.com" }, redacted: [] });
    expect(() => redactAttribute(history, "", { now: "2024-06-01T00:00:00Z" })).toThrow(/attribute/);
  });
});

describe("redactValues", () => {
  it("redacts only the versions holding one of the values; the attribute's other versions stay", () => {
    const redacted = redactValues(history, { email: ["ann.secret@example.com"] }, { now: "2024-06-01T00:00:00Z" });
    expect(JSON.stringify(redacted)).not.toContain("ann.secret");
    expect(redacted.entries.map((e) => [e.attribute, e.value, e.redacted === true, e.source])).toEqual([
      ["email", null, true, "crm"],
      ["dateOfBirth", "1985-03-14", false, "crm"],
      ["email", "ann.other@example.com", false, "web"],
    ]);
    expect(redacted.redactions).toEqual([{ attribute: "email", at: Date.parse("2024-06-01T00:00:00Z") }]);
    // While the redacted version was in force, the attribute reads as redacted; afterwards the other value.
    expect(profileAsOf(redacted, { validAt: "2024-01-15T00:00:00Z" })).toMatchObject({ attributes: { dateOfBirth: "1985-03-14" }, redacted: ["email"] });
    expect(profileAsOf(redacted).attributes).toEqual({ email: "ann.other@example.com", dateOfBirth: "1985-03-14" });
  });

  it("compares values as JSON, returns the same history when nothing matches, and refuses bad arguments", () => {
    const now = { now: "2024-06-01T00:00:00Z" };
    expect(redactValues(history, { dateOfBirth: [19850314], email: ["nobody@example.com"], city: ["York"] }, now)).toBe(redactValues(history, {}, now));
    expect(redactValues(history, { dateOfBirth: ["1985-03-14"], email: ["ann.other@example.com"] }, now).redactions.map((r) => r.attribute)).toEqual(["dateOfBirth", "email"]);
    expect(() => redactValues(history, { email: "ann.secret@example.com" } as never, now)).toThrow(/values\.email must be an array/);
    expect(() => redactValues(history, null as never, now)).toThrow(/values must be an object/);
    expect(() => redactValues(history, JSON.parse('{"__proto__": ["x"]}') as Record<string, unknown[]>, now)).toThrow(/__proto__/);
    expect(() => redactValues(history, { email: [10n] }, now)).toThrow("redactValues: values.email[0] is not JSON data; it is a bigint.");
    expect(() => redactValues(history, {}, { now: "soon" })).toThrow(/now/);
  });
});

describe("eraseProfile and redactAttribute, field by field", () => {
  const failure = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      return { code: (error as { code?: unknown }).code, message: (error as Error).message };
    }
    return "no error";
  };

  it("erases a retained or redacted history to a tombstone without its window or redactions", () => {
    const narrowed = redactAttribute(applyRetention(history, { keepVersions: 1 }).history, "dateOfBirth", { now: "2024-05-01T00:00:00Z" });
    expect(narrowed.retainedFrom).not.toBeNull();
    const erased = eraseProfile(narrowed, { now: "2024-06-01T00:00:00.000Z" });
    expect(erased).toEqual({ format: "profile-kit/history@1", profileId: "p-1", entries: [], lastVersion: 3, retainedFrom: null, redactions: [], erased: { erasedAt: Date.parse("2024-06-01T00:00:00Z"), versionsErased: narrowed.entries.length } });
    expect(Object.isFrozen(erased) && Object.isFrozen(erased.erased)).toBe(true);
  });

  it("keeps when and where of every redacted version, and leaves the other attributes' versions as they were", () => {
    const redacted = redactAttribute(history, "email", { now: "2024-06-01T00:00:00Z" });
    expect(redacted.entries).toEqual([
      { version: 1, attribute: "email", value: null, validAt: Date.parse("2024-01-01T00:00:00Z"), recordedAt: Date.parse("2024-01-02T00:00:00Z"), source: "crm", redacted: true },
      history.entries[1],
      { version: 3, attribute: "email", value: null, validAt: Date.parse("2024-02-01T00:00:00Z"), recordedAt: Date.parse("2024-02-02T00:00:00Z"), source: "web", redacted: true },
    ]);
    expect(redacted.entries[1]).toBe(history.entries[1]);
    expect(redacted.lastVersion).toBe(3);
    const twice = redactAttribute(redacted, "dateOfBirth", { now: "2024-07-01T00:00:00Z" });
    expect(twice.redactions).toEqual([
      { attribute: "email", at: Date.parse("2024-06-01T00:00:00Z") },
      { attribute: "dateOfBirth", at: Date.parse("2024-07-01T00:00:00Z") },
    ]);
    expect(profileAsOf(twice)).toMatchObject({ attributes: {}, redacted: ["email", "dateOfBirth"] });
  });

  it("refuses a missing attribute name or clock with invalid_options naming it", () => {
    expect(failure(() => redactAttribute(history, 42 as unknown as string, { now: "2024-06-01T00:00:00Z" }))).toEqual({ code: "invalid_options", message: "redactAttribute: attribute must be a non-empty attribute name." });
    expect(failure(() => redactAttribute(history, "", { now: "2024-06-01T00:00:00Z" }))).toEqual({ code: "invalid_options", message: "redactAttribute: attribute must be a non-empty attribute name." });
    expect(failure(() => redactAttribute(history, "email", { now: "someday" }))).toEqual({ code: "invalid_options", message: "redactAttribute: options.now is not a usable time." });
    expect(failure(() => eraseProfile(history, { now: "someday" }))).toEqual({ code: "invalid_options", message: "eraseProfile: options.now is not a usable time." });
    expect(failure(() => eraseProfile(history, {} as never))).toMatchObject({ code: "invalid_options", message: expect.stringMatching(/^eraseProfile: invalid options\. options\.now/) as unknown });
  });
});
