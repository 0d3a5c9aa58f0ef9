// The checks on histories read back from a store, one rule at a time: each case is a stored copy that
// breaks exactly one rule (or keeps to it at its edge), and the assertion names the rule.
import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _historyOf } from "./_fixture.js";
import { _checkHistory, _outranks, _recordedUpTo } from "./_history.js";
import { appendChanges } from "./appendChanges.js";
import { applyRetention } from "./applyRetention.js";
import { eraseProfile, redactAttribute } from "./eraseProfile.js";
import { profileAsOf } from "./profileAsOf.js";
import type { HistoryEntry, ProfileHistory } from "./types.js";

const NOW = "2024-06-01T00:00:00Z";
type Stored = Record<string, unknown> & { entries: Record<string, unknown>[] };

const built = (): ProfileHistory =>
  _historyOf([
    ["2024-01-02T00:00:00Z", [
      { attribute: "email", value: "ann@example.com", validAt: "2024-01-01T00:00:00Z", source: "crm" },
      { attribute: "address", value: { city: "Leeds" }, validAt: "2024-01-01T00:00:00Z" },
    ]],
    ["2024-02-02T00:00:00Z", [{ attribute: "email", value: "ann@example.org", validAt: "2024-02-01T00:00:00Z", source: "web" }]],
  ]);

/** A plain JSON copy, as a store gives it back, with `change` applied. */
function stored(history: ProfileHistory, change: (copy: Stored) => void = () => undefined): ProfileHistory {
  const copy = JSON.parse(JSON.stringify(history)) as Stored;
  change(copy);
  return copy as unknown as ProfileHistory;
}

/** What `run` threw, as "code: message", or "no error". */
function thrown(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isProfileKitError(error) ? `${error.code}: ${error.message}` : `other error: ${String(error)}`;
  }
  return "no error";
}

const PREFIX = 'invalid_options: profileAsOf: not a valid profile history (format "profile-kit/history@1", as appendChanges returns it): ';

describe("_checkHistory", () => {
  const refused: readonly (readonly [string, unknown, string])[] = [
    ["null", null, "expected an object"],
    ["an array", [], "expected an object"],
    ["a number", 42, "expected an object"],
    ["a numeric profileId", stored(built(), (copy) => { copy["profileId"] = 42; }), "profileId is not a non-empty string"],
    ["a negative lastVersion", stored(built(), (copy) => { copy["lastVersion"] = -1; }), "lastVersion is not a non-negative integer"],
    ["a fractional lastVersion", stored(built(), (copy) => { copy["lastVersion"] = 3.5; }), "lastVersion is not a non-negative integer"],
    ["a redaction without a time", stored(built(), (copy) => { copy["redactions"] = [{ attribute: "email", at: "today" }]; }), "redactions[0] has an at that is not a time in epoch milliseconds"],
    ["a redaction of an empty name", stored(built(), (copy) => { copy["redactions"] = [{ attribute: "", at: 1 }]; }), "redactions[0] has an attribute that is not a non-empty string"],
    ["a redaction that is a list", stored(built(), (copy) => { copy["redactions"] = [["email", 1]]; }), "redactions[0] is not an object"],
    ["a second bad redaction", stored(built(), (copy) => { copy["redactions"] = [{ attribute: "email", at: 1 }, { attribute: "email" }]; }), "redactions[1] has an at that is not a time in epoch milliseconds"],
    ["a tombstone that is text", stored(built(), (copy) => { copy["erased"] = "yes"; }), "erased is neither null nor a tombstone object"],
    ["a tombstone that is a list", stored(built(), (copy) => { copy["erased"] = [1, 2]; }), "erased is neither null nor a tombstone object"],
    ["a tombstone without a count", stored(built(), (copy) => { copy["erased"] = { erasedAt: 1, versionsErased: "3" }; }), "erased.versionsErased is not a non-negative integer"],
    ["an entry that is a list", stored(built(), (copy) => { copy.entries[0] = [1] as unknown as Record<string, unknown>; }), "entries[0] is not an entry object"],
    ["a version given as text", stored(built(), (copy) => { (copy.entries[0] as Record<string, unknown>)["version"] = "1"; }), "entries[0] has a version that is not a positive integer"],
    ["a version above the safe integers", stored(built(), (copy) => { (copy.entries[2] as Record<string, unknown>)["version"] = 2 ** 53; }), "entries[2] has a version that is not a positive integer"],
    ["a validAt past the Date range", stored(built(), (copy) => { (copy.entries[0] as Record<string, unknown>)["validAt"] = 8.64e15 + 1; }), "entries[0] has a validAt that is not a time in epoch milliseconds"],
    ["a validAt before the Date range", stored(built(), (copy) => { (copy.entries[0] as Record<string, unknown>)["validAt"] = -8.64e15 - 1; }), "entries[0] has a validAt that is not a time in epoch milliseconds"],
    ["an infinite recordedAt", stored(built(), (copy) => { (copy.entries[2] as Record<string, unknown>)["recordedAt"] = null; }), "entries[2] has a recordedAt that is not a time in epoch milliseconds"],
    ["a value holding an undefined", stored(built(), (copy) => { (copy.entries[0] as Record<string, unknown>)["value"] = [undefined]; }), "entries[0] has a value that is not plain JSON (undefined)"],
    ["a value too large", stored(built(), (copy) => { (copy.entries[0] as Record<string, unknown>)["value"] = new Array(100_001).fill(0); }), "entries[0] has a value that is not plain JSON (more than 100000 elements)"],
    ["a value that is a number too large", stored(built(), (copy) => { (copy.entries[0] as Record<string, unknown>)["value"] = Number.POSITIVE_INFINITY; }), "entries[0] has a value that is not plain JSON (non-finite number)"],
  ];

  it.each(refused)("refuses %s, naming the rule", (_name, history, problem) => {
    expect(thrown(() => profileAsOf(history as ProfileHistory))).toBe(`${PREFIX}${problem}.`);
  });

  it("says a history that cannot be read could not be read", () => {
    const trap = new Proxy({}, { get: (): never => { throw new Error("trap"); }, getOwnPropertyDescriptor: (): never => { throw new Error("trap"); } });
    expect(thrown(() => profileAsOf(trap as ProfileHistory))).toBe(`${PREFIX}it could not be read.`);
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(thrown(() => _checkHistory("countEvents", proxy))).toMatch(/^invalid_options: countEvents: not a valid profile history .*: it could not be read\.$/);
  });

  it("accepts what a history may hold at the edges of each rule", () => {
    const accepted: readonly (readonly [string, ProfileHistory])[] = [
      ["an empty history", stored(appendChanges(null, [], { now: NOW, profileId: "p-0" }).history)],
      ["a null source, a string, a boolean and a number value", stored(_historyOf([[NOW, [
        { attribute: "a", value: "text", validAt: NOW },
        { attribute: "b", value: false, validAt: NOW },
        { attribute: "c", value: 0, validAt: NOW },
        { attribute: "d", value: null, validAt: NOW },
      ]]]))],
      ["times at the ends of the Date range", stored(built(), (copy) => {
        (copy.entries[0] as Record<string, unknown>)["validAt"] = -8.64e15;
        (copy.entries[1] as Record<string, unknown>)["validAt"] = 8.64e15;
      })],
      ["a retained history", stored(applyRetention(built(), { keepVersions: 1 }).history)],
      ["a redacted history", stored(redactAttribute(built(), "email", { now: NOW }))],
      ["an erased history", stored(eraseProfile(built(), { now: NOW }))],
      ["a lastVersion above the last entry's", stored(built(), (copy) => { copy["lastVersion"] = 9; })],
    ];
    for (const [name, history] of accepted) {
      expect(thrown(() => _checkHistory("profileAsOf", history)), name).toBe("no error");
      expect(_checkHistory("profileAsOf", history), name).toBe(history);
    }
  });

  it("checks a history that merely carries the trust mark with another value", () => {
    const original = built();
    const [mark] = Object.getOwnPropertySymbols(original);
    expect(mark).toBeDefined();
    const forged = stored(original, (copy) => { copy.entries[0] = null as unknown as Record<string, unknown>; });
    Object.defineProperty(forged, mark as symbol, { value: false });
    expect(thrown(() => profileAsOf(forged))).toBe(`${PREFIX}entries[0] is not an entry object.`);
    // The same mark with its real value, but configurable, is no mark either.
    const configurable = stored(original, (copy) => { copy.entries[0] = null as unknown as Record<string, unknown>; });
    Object.defineProperty(configurable, mark as symbol, { value: true, configurable: true });
    expect(thrown(() => profileAsOf(configurable))).toBe(`${PREFIX}entries[0] is not an entry object.`);
  });
});

describe("histories built from stored ones", () => {
  it("copies every field of every entry, the redactions and the tombstone, and seals the result", () => {
    const redacted = redactAttribute(built(), "address", { now: NOW });
    const copy = stored(redacted);
    const next = appendChanges(copy, [{ attribute: "city", value: "York", validAt: NOW, source: "crm" }], { now: NOW }).history;
    expect(next.entries.slice(0, 3)).toEqual(redacted.entries);
    expect(next.entries[1]).toEqual({ version: 2, attribute: "address", value: null, validAt: Date.parse("2024-01-01T00:00:00Z"), recordedAt: Date.parse("2024-01-02T00:00:00Z"), source: null, redacted: true });
    expect(next.entries[0]).toEqual({ version: 1, attribute: "email", value: "ann@example.com", validAt: Date.parse("2024-01-01T00:00:00Z"), recordedAt: Date.parse("2024-01-02T00:00:00Z"), source: "crm" });
    expect(Object.keys(next.entries[0] as object)).not.toContain("redacted");
    expect(next.redactions).toEqual([{ attribute: "address", at: Date.parse(NOW) }]);
    expect(profileAsOf(next).redacted).toEqual(["address"]);
    expect(Object.isFrozen(next.redactions) && Object.isFrozen(next.redactions[0]) && Object.isFrozen(next.entries[0])).toBe(true);

    const erasedCopy = stored(eraseProfile(built(), { now: NOW }));
    const refused = appendChanges(erasedCopy, [{ attribute: "city", value: "York", validAt: NOW }], { now: NOW });
    expect(refused).toMatchObject({ appended: 0, rejected: 1, issues: [{ code: "profile_erased" }] });
    expect(refused.history.erased).toEqual({ erasedAt: Date.parse(NOW), versionsErased: 3 });
    expect(Object.isFrozen(refused.history.erased)).toBe(true);
    expect(refused.history).not.toBe(erasedCopy);
  });

  it("owns the object values it copied: changing the stored copy afterwards changes nothing", () => {
    const copy = stored(built()) as unknown as Stored;
    const next = appendChanges(copy as unknown as ProfileHistory, [], { now: NOW }).history;
    ((copy.entries[1] as Record<string, unknown>)["value"] as Record<string, unknown>)["city"] = "York";
    expect(profileAsOf(next).attributes["address"]).toEqual({ city: "Leeds" });
  });

  it("freezes the tombstone of a history it erased", () => {
    const erased = eraseProfile(built(), { now: NOW });
    expect(Object.isFrozen(erased.erased)).toBe(true);
    expect(Object.isFrozen(erased.redactions)).toBe(true);
  });
});

describe("_outranks and _recordedUpTo", () => {
  const entry = (version: number, validAt: number, recordedAt = 0): HistoryEntry => ({ version, attribute: "a", value: 1, validAt, recordedAt, source: null });

  it("ranks a later valid time first, then a later version at the same valid time", () => {
    expect(_outranks(entry(1, 2), entry(2, 1))).toBe(true);
    expect(_outranks(entry(2, 1), entry(1, 2))).toBe(false);
    expect(_outranks(entry(2, 1), entry(1, 1))).toBe(true);
    expect(_outranks(entry(1, 1), entry(2, 1))).toBe(false);
    expect(_outranks(entry(1, 1), entry(1, 1))).toBe(false);
  });

  it("counts the entries recorded at or before a time", () => {
    const entries = [entry(1, 0, 10), entry(2, 0, 20), entry(3, 0, 20), entry(4, 0, 30)];
    expect([5, 10, 15, 20, 25, 30, 35].map((time) => _recordedUpTo(entries, time))).toEqual([0, 1, 1, 3, 3, 4, 4]);
    expect(_recordedUpTo([], 10)).toBe(0);
  });
});
