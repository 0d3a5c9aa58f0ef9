// Regression tests for the hardening of versioning/: every test here failed before the fix it names.
import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { MAX_VALUE_DEPTH, MAX_VALUE_NODES } from "../shared/_jsonValue.js";
import { _comparableKey } from "./_values.js";
import { appendChanges } from "./appendChanges.js";
import { applyRetention } from "./applyRetention.js";
import { attributeTimeline } from "./attributeTimeline.js";
import { attributeTrends } from "./attributeTrends.js";
import { changesFromProfile } from "./changesFromProfile.js";
import { countEvents } from "./countEvents.js";
import { diffVersions } from "./diffVersions.js";
import type { ProfileView } from "../shared/types.js";
import { eraseProfile, redactAttribute } from "./eraseProfile.js";
import { profileAsOf } from "./profileAsOf.js";
import type { ChangeInput, ProfileHistory } from "./types.js";

const NOW = "2024-06-01T00:00:00.000Z";
const T = Date.parse("2024-01-01T00:00:00Z");
/** A marker standing in for personal data: it must never appear in an error message. */
const PII = "ann.secret@example.com";

const start = (changes: readonly ChangeInput[]): ReturnType<typeof appendChanges> => appendChanges(null, changes, { now: NOW, profileId: "p-1" });
const nested = (depth: number, asObject = false): unknown => {
  let value: unknown = asObject ? {} : [];
  for (let i = 1; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
};
const deepJson = (depth: number): unknown => JSON.parse("[".repeat(depth) + "]".repeat(depth));

/** The code and message of what `run` threw, or "no error". */
function thrown(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isProfileKitError(error) ? `${error.code}: ${error.message}` : `other error: ${String(error)}`;
  }
  return "no error";
}

function history(): ProfileHistory {
  return start([
    { attribute: "email", value: PII, validAt: "2024-01-02T00:00:00Z", source: "crm" },
    { attribute: "address", value: { city: "Leeds", lines: ["1 Main St"] }, validAt: "2024-01-03T00:00:00Z", source: "web" },
  ]).history;
}

/** A stored copy (as a store returns it) with `change` applied: untrusted, so it is validated. */
function stored(change: (copy: Record<string, unknown> & { entries: Record<string, unknown>[] }) => void): ProfileHistory {
  const copy = JSON.parse(JSON.stringify(history())) as Record<string, unknown> & { entries: Record<string, unknown>[] };
  change(copy);
  return copy as unknown as ProfileHistory;
}

describe("deep, large and non-JSON values never overflow the stack (defect 1)", () => {
  it("appendChanges refuses a value nested 3,500 (or 100,000) deep with too_deep instead of throwing RangeError", () => {
    for (const value of [deepJson(3_500), nested(3_500, true), nested(100_000)]) {
      const result = start([{ attribute: "deep", value, validAt: T }]);
      expect(result.rejected).toBe(1);
      expect(result.issues).toEqual([expect.objectContaining({ code: "too_deep", path: ["changes", 0, "value"], maximum: MAX_VALUE_DEPTH })]);
    }
  });

  it("keeps values exactly MAX_VALUE_DEPTH deep and refuses one level more", () => {
    const result = start([
      { attribute: "ok", value: nested(MAX_VALUE_DEPTH), validAt: T },
      { attribute: "no", value: nested(MAX_VALUE_DEPTH + 1), validAt: T },
    ]);
    expect(result.appended).toBe(1);
    expect(result.issues.map((issue) => [issue.code, issue.path[1]])).toEqual([["too_deep", 1]]);
  });

  it("reports BigInt, cycles, non-finite numbers and oversized values as issues", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic["self"] = cyclic;
    const result = start([
      { attribute: "a", value: { total: 10n }, validAt: T },
      { attribute: "b", value: cyclic, validAt: T },
      { attribute: "c", value: 10n, validAt: T },
      { attribute: "d", value: { n: Number.NaN }, validAt: T },
      { attribute: "e", value: new Array(MAX_VALUE_NODES + 1).fill(0), validAt: T },
    ]);
    expect(result.appended).toBe(0);
    expect(result.issues.map((issue) => [issue.code, "received" in issue ? issue.received : null])).toEqual([
      ["invalid_type", "bigint"],
      ["invalid_type", "cyclic value"],
      ["invalid_type", "bigint"],
      ["invalid_type", "non-finite number"],
      ["too_large", null],
    ]);
  });

  it("still drops undefined properties as JSON does", () => {
    const result = start([{ attribute: "a", value: { kept: 1, dropped: undefined }, validAt: T }]);
    expect(result.issues).toEqual([]);
    expect(result.history.entries[0]?.value).toEqual({ kept: 1 });
    expect(Object.keys(result.history.entries[0]?.value as object)).toEqual(["kept"]);
  });

  it("reports a change whose getters or proxy traps throw instead of throwing", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const getter = Object.defineProperty({ attribute: "a", validAt: T }, "value", { enumerable: true, get: (): never => { throw new Error("getter"); } });
    const trap = new Proxy({}, { get: (): never => { throw new Error("trap"); } });
    const result = start([proxy as ChangeInput, getter as ChangeInput, trap as ChangeInput, { attribute: "ok", value: 1, validAt: T }]);
    expect(result.appended).toBe(1);
    expect(result.issues.map((issue) => issue.code)).toEqual(["invalid_type", "invalid_type", "invalid_type"]);
    const revoked = Proxy.revocable([], {});
    revoked.revoke();
    expect(thrown(() => appendChanges(null, revoked.proxy as ChangeInput[], { now: NOW, profileId: "p" }))).toMatch(/^invalid_options: appendChanges: changes must be an array/);
  });

  it("diffVersions compares values nested 3,000 deep without recursing past the limit, and says so", () => {
    const before = { attributes: { deep: deepJson(3_000), same: deepJson(3_000), city: "Leeds" } };
    const after = { attributes: { deep: deepJson(3_000), same: before.attributes.same, city: "York" } };
    const changes = diffVersions(before, after);
    expect(changes.map((change) => [change.attribute, change.kind])).toEqual([
      ["city", "changed"],
      ["deep", "changed"],
    ]);
    expect(changes[1]?.issues?.map((issue) => [issue.code, issue.path])).toEqual([
      ["too_deep", ["before", "attributes", "deep"]],
      ["too_deep", ["after", "attributes", "deep"]],
    ]);
    expect(changes[0]?.issues).toBeUndefined();
  });

  it("diffVersions reports BigInt and cyclic values instead of throwing, and never equates 10n with 10", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic["self"] = cyclic;
    const changes = diffVersions({ attributes: { big: { n: 1n }, loop: cyclic, money: 10n, same: cyclic } }, { attributes: { big: { n: 2n }, loop: { a: 1 }, money: 10, same: cyclic } });
    expect(changes.map((change) => [change.attribute, change.kind, change.issues?.map((issue) => ("received" in issue ? issue.received : issue.code))])).toEqual([
      ["big", "changed", ["bigint", "bigint"]],
      ["loop", "changed", ["cyclic value"]],
      ["money", "changed", ["bigint"]],
    ]);
  });

  it("diffVersions sees a change inside an own __proto__ key and between two dates", () => {
    const withProto = JSON.parse('{"__proto__": {"isAdmin": true}}') as unknown;
    expect(diffVersions({ attributes: { a: withProto } }, { attributes: { a: {} } })).toEqual([{ attribute: "a", kind: "changed", before: withProto, after: {} }]);
    expect(_comparableKey({ at: new Date(1) })).not.toBe(_comparableKey({ at: new Date(2) }));
    expect(diffVersions({ attributes: { at: new Date(1) } }, { attributes: { at: new Date(2) } })).toHaveLength(1);
  });

  it("diffVersions throws invalid_options, not TypeError, for inputs without readable attributes", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const bad of [null, {}, { attributes: null }, { attributes: [] }, { attributes: proxy }, proxy]) {
      expect(thrown(() => diffVersions(bad as ProfileView, { attributes: {} }))).toMatch(/^invalid_options: diffVersions: before\.attributes/);
    }
  });
});

describe("histories read back from a store are validated in full (defect 3)", () => {
  it("refuses a stored entry named __proto__ instead of letting it swap the snapshot's prototype", () => {
    const forged = stored((copy) => {
      copy.entries.push(JSON.parse(`{"version": 3, "attribute": "__proto__", "value": {"isAdmin": true}, "validAt": ${T}, "recordedAt": ${Date.parse(NOW)}, "source": null}`) as Record<string, unknown>);
      copy["lastVersion"] = 3;
    });
    expect(thrown(() => profileAsOf(forged))).toMatch(/^invalid_options: profileAsOf: .*entries\[2\] has the attribute name "__proto__"/);
  });

  it("builds snapshots whose attribute names are own keys, never prototype members", () => {
    const snapshot = profileAsOf(start([
      { attribute: "toString", value: "x", validAt: T },
      { attribute: "hasOwnProperty", value: "y", validAt: T },
    ]).history);
    expect(Object.getPrototypeOf(snapshot.attributes)).toBe(Object.prototype);
    expect(Object.keys(snapshot.attributes)).toEqual(["toString", "hasOwnProperty"]);
    expect(Object.keys(snapshot.provenance)).toEqual(["toString", "hasOwnProperty"]);
    expect((snapshot.attributes as Record<string, unknown> & { isAdmin?: unknown }).isAdmin).toBeUndefined();
  });

  const corruptions: readonly (readonly [string, (copy: Record<string, unknown> & { entries: Record<string, unknown>[] }) => void, RegExp])[] = [
    ["a null entry", (copy) => { copy.entries[1] = null as unknown as Record<string, unknown>; }, /entries\[1\] is not an entry object/],
    ["an entry that is text", (copy) => { copy.entries[0] = PII as unknown as Record<string, unknown>; }, /entries\[0\] is not an entry object/],
    ["version 0", (copy) => { (copy.entries[0] as Record<string, unknown>)["version"] = 0; }, /entries\[0\] has a version that is not a positive integer/],
    ["a fractional version", (copy) => { (copy.entries[0] as Record<string, unknown>)["version"] = 1.5; }, /version that is not a positive integer/],
    ["versions out of order", (copy) => { (copy.entries[1] as Record<string, unknown>)["version"] = 1; }, /entries\[1\] has a version not above the one before it/],
    ["an empty attribute", (copy) => { (copy.entries[0] as Record<string, unknown>)["attribute"] = ""; }, /attribute that is not a non-empty string/],
    ["a numeric attribute", (copy) => { (copy.entries[0] as Record<string, unknown>)["attribute"] = 42; }, /attribute that is not a non-empty string/],
    ["the attribute constructor", (copy) => { (copy.entries[0] as Record<string, unknown>)["attribute"] = "constructor"; }, /attribute name "constructor"/],
    ["validAt as text", (copy) => { (copy.entries[0] as Record<string, unknown>)["validAt"] = PII; }, /entries\[0\] has a validAt that is not a time/],
    ["validAt null", (copy) => { (copy.entries[0] as Record<string, unknown>)["validAt"] = null; }, /validAt that is not a time/],
    ["recordedAt outside the Date range", (copy) => { (copy.entries[1] as Record<string, unknown>)["recordedAt"] = 9e15; }, /entries\[1\] has a recordedAt that is not a time/],
    ["recordedAt going backwards", (copy) => { (copy.entries[1] as Record<string, unknown>)["recordedAt"] = 0; }, /entries\[1\] was recorded before the entry before it/],
    ["a numeric source", (copy) => { (copy.entries[0] as Record<string, unknown>)["source"] = 7; }, /source that is neither a string nor null/],
    ["a missing value", (copy) => { delete (copy.entries[0] as Record<string, unknown>)["value"]; }, /entries\[0\] has no value/],
    ["a value nested too deep", (copy) => { (copy.entries[0] as Record<string, unknown>)["value"] = deepJson(500); }, /not plain JSON \(nested more than 64 levels deep\)/],
    ["a value holding a BigInt", (copy) => { (copy.entries[0] as Record<string, unknown>)["value"] = { n: 1n }; }, /not plain JSON \(bigint\)/],
    ["a redacted flag that is not true", (copy) => { (copy.entries[0] as Record<string, unknown>)["redacted"] = "yes"; }, /redacted flag that is not true/],
    ["a redacted entry that kept its value", (copy) => { (copy.entries[0] as Record<string, unknown>)["redacted"] = true; }, /is redacted but still holds a value/],
    ["lastVersion below the last entry", (copy) => { copy["lastVersion"] = 1; }, /lastVersion is below the version of the last entry/],
    ["lastVersion as text", (copy) => { copy["lastVersion"] = "2"; }, /lastVersion is not a non-negative integer/],
    ["retainedFrom as text", (copy) => { copy["retainedFrom"] = "yesterday"; }, /retainedFrom is neither null nor a time/],
    ["redactions that are not a list", (copy) => { copy["redactions"] = {}; }, /redactions is not an array/],
    ["a null redaction", (copy) => { copy["redactions"] = [null]; }, /redactions\[0\] is not an object/],
    ["a redaction of __proto__", (copy) => { copy["redactions"] = [{ attribute: "__proto__", at: T }]; }, /redactions\[0\] has the attribute name "__proto__"/],
    ["a tombstone without a time", (copy) => { copy["erased"] = { erasedAt: "x", versionsErased: 2 }; }, /erased\.erasedAt is not a time/],
    ["a tombstone with entries left", (copy) => { copy["erased"] = { erasedAt: T, versionsErased: 2 }; }, /the profile is erased but entries remain/],
    ["an empty profileId", (copy) => { copy["profileId"] = ""; }, /profileId is not a non-empty string/],
    ["another format", (copy) => { copy["format"] = "profile-kit/history@2"; }, /format is not "profile-kit\/history@1"/],
    ["entries that are not a list", (copy) => { copy["entries"] = { 0: {} } as unknown as Record<string, unknown>[]; }, /entries is not an array/],
  ];

  it.each(corruptions)("throws invalid_options naming the problem, never the value, for %s", (_name, corrupt, problem) => {
    const bad = stored(corrupt);
    const message = thrown(() => profileAsOf(bad));
    expect(message).toMatch(/^invalid_options: profileAsOf: not a valid profile history/);
    expect(message).toMatch(problem);
    expect(message).not.toContain(PII);
  });

  it("validates in every function that takes a history", () => {
    const bad = stored((copy) => { copy.entries[0] = null as unknown as Record<string, unknown>; });
    const calls: readonly (readonly [string, () => unknown])[] = [
      ["profileAsOf", () => profileAsOf(bad)],
      ["appendChanges", () => appendChanges(bad, [], { now: NOW })],
      ["attributeTimeline", () => attributeTimeline(bad, "email")],
      ["attributeTrends", () => attributeTrends(bad, { now: NOW })],
      ["countEvents", () => countEvents(bad, "email")],
      ["eraseProfile", () => eraseProfile(bad, { now: NOW })],
      ["redactAttribute", () => redactAttribute(bad, "email", { now: NOW })],
      ["applyRetention", () => applyRetention(bad, { keepVersions: 1 })],
    ];
    for (const [name, call] of calls) expect(thrown(call)).toMatch(new RegExp(`^invalid_options: ${name}: not a valid profile history .*entries\\[0\\] is not an entry object`));
  });

  it("refuses histories that cannot be read at all", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const trap = new Proxy({}, { get: (): never => { throw new Error("trap"); }, getOwnPropertyDescriptor: (): never => { throw new Error("trap"); } });
    // A proxy that claims every property is true cannot pass for a history built here.
    const liar = new Proxy({}, { get: () => true, getOwnPropertyDescriptor: () => ({ value: true, configurable: true, enumerable: false, writable: false }) });
    for (const bad of [null, [], 42, proxy, trap, liar]) expect(thrown(() => profileAsOf(bad as ProfileHistory))).toMatch(/^invalid_options: profileAsOf: not a valid profile history/);
  });

  it("accepts a valid history read back from JSON and answers as the original does", () => {
    const original = history();
    const copy = JSON.parse(JSON.stringify(original)) as ProfileHistory;
    expect(profileAsOf(copy)).toEqual(profileAsOf(original));
    const next = appendChanges(copy, [{ attribute: "city", value: "York", validAt: T }], { now: NOW });
    expect(next.history.lastVersion).toBe(3);
  });

  it("trusts only the histories it built: they are frozen, and a spread copy is validated again", () => {
    const built = history();
    expect(Object.isFrozen(built)).toBe(true);
    expect(built.entries.every((entry) => Object.isFrozen(entry))).toBe(true);
    const tampered = { ...built, entries: [...built.entries, null] } as unknown as ProfileHistory;
    expect(thrown(() => profileAsOf(tampered))).toMatch(/entries\[2\] is not an entry object/);
    // A history built from a stored one is frozen and trusted in turn, and leaves the stored one unchanged.
    const storedCopy = JSON.parse(JSON.stringify(built)) as ProfileHistory;
    const next = appendChanges(storedCopy, [{ attribute: "city", value: "York", validAt: T }], { now: NOW }).history;
    expect(Object.isFrozen(next) && Object.isFrozen(next.entries[0])).toBe(true);
    expect(Object.isFrozen(storedCopy) || Object.isFrozen(storedCopy.entries[0])).toBe(false);
  });

  it("redactAttribute refuses prototype names, which a stored history may not list", () => {
    expect(thrown(() => redactAttribute(history(), "__proto__", { now: NOW }))).toMatch(/^invalid_options: redactAttribute: "__proto__" is not an attribute name/);
  });

  it("changesFromProfile reads own provenance only and throws invalid_options, not TypeError, without attributes", () => {
    const provenance = Object.create({ email: { observedAt: "2024-01-01T00:00:00Z", source: "inherited" } }) as Record<string, unknown>;
    expect(changesFromProfile({ attributes: { email: "a@example.com" }, provenance } as never)).toEqual([{ attribute: "email", value: "a@example.com", validAt: null, source: null }]);
    expect(changesFromProfile({ attributes: { email: "a@example.com" } })).toEqual([{ attribute: "email", value: "a@example.com", validAt: null, source: null }]);
    expect(thrown(() => changesFromProfile({ attributes: null } as never))).toMatch(/^invalid_options: changesFromProfile: profile\.attributes must be an object/);
  });
});

describe("linear work per history", () => {
  it("attributeTrends counts equal JSON values once whatever their key order", () => {
    const { history: built } = start([
      { attribute: "address", value: { city: "Leeds", street: "1 Main St" }, validAt: T },
      { attribute: "address", value: "moved", validAt: T + 86_400_000 },
      { attribute: "address", value: { street: "1 Main St", city: "Leeds" }, validAt: T + 2 * 86_400_000 },
    ]);
    expect(attributeTrends(built, { now: NOW }).attributes[0]).toMatchObject({ attribute: "address", changes: 2, distinctValues: 2 });
  });

  it("attributeTrends fires a churn signal over 200,000 changes without spreading them into Math.max", () => {
    const changes: ChangeInput[] = [];
    for (let i = 0; i < 200_000; i++) changes.push({ attribute: "email", value: `e${i}`, validAt: T + i * 1_000 });
    const { history: built, appended } = appendChanges(null, changes, { now: NOW, profileId: "p" });
    expect(appended).toBe(200_000);
    const { signals } = attributeTrends(built, { now: NOW, churnRules: [{ name: "busy", attributes: ["email"], minChanges: 1, windowDays: 365 }] });
    expect(signals).toEqual([expect.objectContaining({ name: "busy", changes: 199_999, lastChangedAt: new Date(T + 199_999 * 1_000).toISOString() })]);
    // A generous limit, not a time bound: on a loaded machine (mutation testing) 200,000 appends outlast the 5 s default.
  }, 60_000);

  it("countEvents refuses a range with too many buckets before building any", () => {
    const built = history();
    expect(thrown(() => countEvents(built, "email", { bucket: "day", from: 0, to: 8.64e15 }))).toMatch(/^invalid_options: countEvents: more than 100000 buckets/);
  });
});
