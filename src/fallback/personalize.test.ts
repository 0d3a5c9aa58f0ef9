import { describe, expect, it, vi } from "vitest";
import { _MAX_SLOT_TEXT_LENGTH } from "./_formatters.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { compileSlots } from "./compileSlots.js";
import { personalize } from "./personalize.js";
import type { SlotSpec } from "./types.js";
import type { ProfileView } from "../shared/types.js";

const NOW = "2026-06-01T00:00:00Z";
const fresh = "2026-05-01T00:00:00Z";
const profile: ProfileView = {
  attributes: { firstName: "teresa", preferredName: "Tess", city: "Leeds", lifetimeValue: 1234.5, birthday: "1985-03-14", tier: "  ", tags: [], address: { city: "York" } },
  provenance: {
    firstName: { observedAt: fresh, source: "crm", confidence: 0.95 },
    preferredName: { observedAt: fresh, source: "web", confidence: 0.6 },
    city: { observedAt: "2019-01-01T00:00:00Z", source: "crm" },
    lifetimeValue: { observedAt: fresh, source: "orders" },
    birthday: { observedAt: fresh, source: "crm" },
    address: { observedAt: fresh, source: "crm" },
  },
};
const one = (spec: SlotSpec, subject: ProfileView | null | undefined = profile, options = { now: NOW }) => personalize(subject, { slot: spec }, options).report["slot"];

describe("personalize", () => {
  it("uses the profile's value when it passes every check", () => {
    expect(one({ path: "firstName", format: { type: "name", part: "first" }, generic: "there" })).toEqual({ value: "Teresa", outcome: "personalized", path: "firstName", fellBack: false, steps: [] });
    expect(one({ path: "address.city" })).toMatchObject({ value: "York", outcome: "personalized" });
  });

  it("falls back through the chain, then to the generic value, saying why at each step", () => {
    const slot: SlotSpec = { path: "nickname", fallback: ["tier", "tags"], generic: "there" };
    expect(one(slot)).toEqual({
      value: "there",
      outcome: "generic",
      path: null,
      fellBack: true,
      steps: [
        { path: "nickname", reason: "missing" },
        { path: "tier", reason: "empty" },
        { path: "tags", reason: "empty" },
      ],
    });
    expect(one({ path: "nickname", fallback: ["preferredName"], generic: "there" })).toMatchObject({ value: "Tess", outcome: "fallback", path: "preferredName", fellBack: true });
  });

  it("treats a value older than maxAgeDays, or of unknown age, as stale", () => {
    expect(one({ path: "city", maxAgeDays: 365, generic: "your city" })).toMatchObject({ value: "your city", steps: [{ path: "city", reason: "stale" }] });
    expect(one({ path: "city", maxAgeDays: 3650 })).toMatchObject({ value: "Leeds" });
    expect(one({ path: "city", maxAgeDays: 365 }, { attributes: { city: "Leeds" } })).toMatchObject({ steps: [{ reason: "stale", detail: "unknown_age" }] });
    expect(one({ path: "city", maxAgeDays: 365 }, { attributes: { city: "Leeds" }, provenance: { city: { observedAt: "2026-05-30T00:00:00" } } })).toMatchObject({ steps: [{ reason: "stale", detail: "unknown_age" }] });
  });

  it("treats low trust, an untrusted source and an open conflict as untrusted", () => {
    expect(one({ path: "preferredName", minTrust: 0.8 })).toMatchObject({ outcome: "omitted", steps: [{ reason: "untrusted", detail: "low_trust" }] });
    expect(one({ path: "firstName", minTrust: 0.8 })).toMatchObject({ outcome: "personalized" });
    expect(one({ path: "preferredName", trustedSources: ["crm"] })).toMatchObject({ steps: [{ reason: "untrusted", detail: "source" }] });
    const conflicted = { ...profile, conflicts: [{ attribute: "firstName" }] };
    expect(one({ path: "firstName", fallback: ["preferredName"], generic: "there" }, conflicted)).toMatchObject({ value: "Tess", steps: [{ reason: "untrusted", detail: "conflict" }] });
    expect(one({ path: "firstName", onConflict: "use" }, conflicted)).toMatchObject({ value: "teresa" });
  });

  it("treats values failing validation, of the wrong type, or that the formatter rejects as invalid", () => {
    expect(one({ path: "firstName", validate: /^[A-Z]/ })).toMatchObject({ steps: [{ reason: "invalid", detail: "validation" }] });
    expect(one({ path: "firstName", validate: () => { throw new Error("boom"); } })).toMatchObject({ steps: [{ reason: "invalid", detail: "validation_failed" }] });
    expect(one({ path: "address" })).toMatchObject({ steps: [{ reason: "invalid", detail: "wrong_type" }] });
    expect(one({ path: "firstName", format: () => { throw new Error("formatter bug"); } })).toMatchObject({ steps: [{ reason: "invalid", detail: "formatter_failed" }] });
    expect(one({ path: "firstName", format: () => 42 as unknown as string })).toMatchObject({ steps: [{ reason: "invalid", detail: "formatter_result" }] });
    expect(one({ path: "city", format: { type: "date" } })).toMatchObject({ steps: [{ reason: "invalid", detail: "not_a_date" }] });
    for (const notADate of ["2026-02-30", "2026-13-01T00:00:00.000Z", Number.NaN, new Date(Number.NaN)]) {
      expect(one({ path: "day", format: { type: "date" } }, { attributes: { day: notADate } })).toMatchObject({ steps: [{ reason: "invalid", detail: "not_a_date" }] });
    }
    expect(one({ path: "city", format: { type: "currency", currency: "EUR" } })).toMatchObject({ steps: [{ reason: "invalid", detail: "not_a_number" }] });
    expect(one({ path: "name", format: { type: "name", part: "first" } }, { attributes: { name: "Test" } })).toMatchObject({ steps: [{ reason: "invalid", detail: "placeholder" }] });
  });

  it("treats an erased profile and redacted attributes as erased, and an opt-out as opted_out", () => {
    expect(one({ path: "firstName", generic: "there" }, { ...profile, erased: true })).toMatchObject({ value: "there", steps: [{ reason: "erased" }] });
    expect(one({ path: "firstName" }, { ...profile, erased: { erasedAt: 1, versionsErased: 3 } })).toMatchObject({ steps: [{ reason: "erased" }] });
    expect(one({ path: "firstName" }, { ...profile, redacted: ["firstName"] })).toMatchObject({ steps: [{ reason: "erased", detail: "redacted" }] });
    for (const optOut of [false, "no", "Unsubscribed", "opted_out", 0]) {
      const subject = { ...profile, attributes: { ...profile.attributes, personalization: optOut } };
      expect(one({ path: "firstName", consentPath: "personalization", generic: "there" }, subject)).toMatchObject({ value: "there", steps: [{ reason: "opted_out" }] });
    }
    // An attribute named for the refusal says no with true (or a date), the same reading merge/ uses.
    for (const refusal of [true, "yes", "2026-01-05T00:00:00Z"]) {
      const subject = { ...profile, attributes: { ...profile.attributes, unsubscribed: refusal } };
      expect(one({ path: "firstName", consentPath: "unsubscribed" }, subject)).toMatchObject({ steps: [{ reason: "opted_out" }] });
    }
    expect(one({ path: "firstName", consentPath: "unsubscribed" }, { ...profile, attributes: { ...profile.attributes, unsubscribed: false } })).toMatchObject({ outcome: "personalized" });
    // A consent attribute the profile does not have says nothing.
    expect(one({ path: "firstName", consentPath: "unsubscribed" })).toMatchObject({ outcome: "personalized" });
    const consenting = { ...profile, attributes: { ...profile.attributes, personalization: true } };
    expect(one({ path: "firstName", consentPath: "personalization" }, consenting)).toMatchObject({ outcome: "personalized" });
    const slots = compileSlots({ a: { path: "firstName" } }, { consentPath: "personalization" });
    expect(personalize({ ...profile, attributes: { ...profile.attributes, personalization: "no" } }, slots).report["a"]?.steps).toEqual([{ path: "firstName", reason: "opted_out" }]);
  });

  it("applies each policy when nothing works: generic, omit, abort, throw", () => {
    expect(one({ path: "nickname", generic: "there" })).toMatchObject({ value: "there", outcome: "generic" });
    expect(one({ path: "nickname" })).toMatchObject({ value: null, outcome: "omitted" });
    const aborted = personalize(profile, { orderNumber: { path: "lastOrder.number", policy: "abort" }, greeting: { path: "firstName" } }, { now: NOW });
    expect(aborted.abort).toEqual({ slot: "orderNumber", steps: [{ path: "lastOrder.number", reason: "missing" }] });
    expect(aborted.values).toEqual({ orderNumber: null, greeting: "teresa" });
    expect(aborted.fellBack).toEqual(["orderNumber"]);
    try {
      personalize(profile, { must: { path: "nickname", fallback: ["tier"], policy: "throw" } });
      expect.unreachable();
    } catch (error) {
      expect(isProfileKitError(error) && error.code).toBe("personalization_failed");
      expect((error as Error).message).toBe('personalize: slot "must" has no usable value: nickname missing, tier empty.');
    }
  });

  it("formats names, text, dates (luxon, localised, in a zone), currency and numbers", () => {
    const slots = compileSlots({
      name: { path: "firstName", format: { type: "name", part: "first" } },
      shout: { path: "firstName", format: { type: "text", case: "upper" } },
      title: { path: "city", format: { type: "text", case: "title", maxLength: 3 } },
      birthday: { path: "birthday", format: { type: "date", style: "long" } },
      value: { path: "lifetimeValue", format: { type: "currency", currency: "EUR" } },
      rounded: { path: "lifetimeValue", format: { type: "number", maximumFractionDigits: 0 } },
      stamp: { path: "stamp", format: { type: "date", style: "short" } },
    });
    const subject = { ...profile, attributes: { ...profile.attributes, stamp: "2026-03-01T22:30:00Z" } };
    // Every form of a time reaches the same text: canonical UTC, another offset, epoch ms, a Date.
    for (const stamp of ["2026-03-01T22:30:00.000Z", "2026-03-02T04:00:00+05:30", Date.parse("2026-03-01T22:30:00Z"), new Date("2026-03-01T22:30:00Z")]) {
      expect(personalize({ attributes: { stamp } }, { s: { path: "stamp", format: { type: "date", style: "short" } } }, { timeZone: "Asia/Kolkata" }).values["s"]).toBe("3/2/2026");
    }
    expect(personalize(subject, slots, { locale: "en-US" }).values).toEqual({ name: "Teresa", shout: "TERESA", title: "Le…", birthday: "March 14, 1985", value: "€1,234.50", rounded: "1,235", stamp: "3/1/2026" });
    const german = personalize(subject, slots, { locale: "de-DE", timeZone: "Asia/Kolkata" }).values;
    // 22:30 UTC on 1 March is 2 March in Kolkata; a birth date stays the same day in every zone.
    expect(german).toMatchObject({ birthday: "14. März 1985", stamp: "2.3.2026" });
    expect(german["value"]).toMatch(/^1\.234,50\s€$/);
  });

  it("never throws on the send path: missing profile, null attributes, wrong types, paths into nothing", () => {
    const slots = compileSlots({ a: { path: "firstName", generic: "there" }, b: { path: "deep.path.into.nothing" }, c: { path: "firstName.length" } });
    for (const subject of [null, undefined, {}, { attributes: null }, { attributes: "x" }, { attributes: { firstName: null } }, { attributes: { firstName: { toString: "x" } } }, 42, "profile"]) {
      const result = personalize(subject as ProfileView, slots);
      expect(result.values["a"]).toBe("there");
      expect(result.values["b"]).toBeNull();
      expect(result.values["c"]).toBeNull();
    }
    expect(personalize(null, slots).report["a"]?.steps).toEqual([{ path: "firstName", reason: "missing", detail: "no_profile" }]);
    // Objects whose getters throw: the whole profile, or one attribute.
    const hostile = { get attributes(): never { throw new Error("getter"); } };
    expect(personalize(hostile as unknown as ProfileView, slots).values["a"]).toBe("there");
    const oneBad = { attributes: Object.defineProperty({}, "firstName", { enumerable: true, get: () => { throw new Error("getter"); } }) };
    expect(personalize(oneBad, slots).report["a"]).toMatchObject({ value: "there", steps: [{ path: "firstName", reason: "invalid", detail: "unreadable" }] });
    // Inherited properties are not values.
    expect(personalize({ attributes: {} }, { a: { path: "toString" } }).report["a"]?.steps).toEqual([{ path: "toString", reason: "missing" }]);
  });

  it("reports configuration mistakes at setup as invalid_options", () => {
    const setupError = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return isProfileKitError(error) ? `${error.code}: ${error.message}` : "other error";
      }
      return "no error";
    };
    expect(setupError(() => compileSlots({ a: { path: "x", fallback: [{ slot: "b" }] }, b: { path: "y", fallback: [{ slot: "a" }] } }))).toMatch(/invalid_options: .*circular fallback chain: a → b → a/);
    expect(setupError(() => compileSlots({ a: { path: "x", fallback: [{ slot: "a" }] } }))).toMatch(/circular/);
    expect(setupError(() => compileSlots({ a: { path: "x", fallback: [{ slot: "nope" }] } }))).toMatch(/"nope", which does not exist/);
    expect(setupError(() => compileSlots({ a: { path: "x", policy: "sometimes" as never } }))).toMatch(/invalid_options: .*policy/);
    expect(setupError(() => compileSlots({ a: { path: "x", policy: "generic" } }))).toMatch(/no generic value/);
    expect(setupError(() => compileSlots({ a: { path: "x", format: { type: "currency", currency: "euro" } } }))).toMatch(/currency/);
    expect(setupError(() => compileSlots({ a: { path: "x", format: { type: "date", locale: "xx-!!" } } }))).toMatch(/locale/);
    expect(setupError(() => compileSlots({ a: { path: "__proto__.polluted" } }))).toMatch(/__proto__/);
    expect(setupError(() => compileSlots({ "first name": { path: "x" } }))).toMatch(/identifiers/);
    expect(setupError(() => compileSlots({ a: { path: "x", colour: "red" } as never }))).toMatch(/colour/);
    expect(setupError(() => personalize(profile, { a: { path: "x", maxAgeDays: 30 } }))).toMatch(/options.now/);
    expect(setupError(() => personalize(profile, { a: { path: "x" } }, { when: NOW } as never))).toMatch(/unknown option "when"/);
  });

  it("resolves slot references with the referenced slot's own checks and formatter", () => {
    const slots = compileSlots({
      nickname: { path: "preferredName", format: { type: "text", case: "upper" }, minTrust: 0.5 },
      greeting: { path: "firstName", fallback: [{ slot: "nickname" }], generic: "there", trustedSources: ["orders"] },
    });
    expect(personalize(profile, slots).report["greeting"]).toMatchObject({ value: "TESS", outcome: "fallback", path: "preferredName", steps: [{ path: "firstName", reason: "untrusted", detail: "source" }] });
  });

  it("decides whether to send at all: suppress on an opt-out or erasure, send_generic on abort, send otherwise", () => {
    const slots = compileSlots({ greeting: { path: "firstName", generic: "there" }, order: { path: "orderNumber", policy: "abort" } });
    const decide = (attributes: Record<string, unknown>, extra: Partial<ProfileView> = {}): unknown => {
      const result = personalize({ attributes, ...extra }, slots);
      return [result.send, result.sendReason];
    };
    expect(decide({ firstName: "Ann", orderNumber: "A-1" })).toEqual(["send", null]);
    expect(decide({ firstName: "Ann" })).toEqual(["send_generic", "aborted"]);
    // Any consent-named attribute saying no suppresses, whatever the slots read.
    expect(decide({ firstName: "Ann", orderNumber: "A-1", emailOptIn: false })).toEqual(["suppress", "opted_out"]);
    expect(decide({ firstName: "Ann", orderNumber: "A-1", unsubscribed: true })).toEqual(["suppress", "opted_out"]);
    expect(decide({ firstName: "Ann", orderNumber: "A-1", marketingConsent: "no" })).toEqual(["suppress", "opted_out"]);
    expect(decide({ firstName: "Ann", orderNumber: "A-1", emailOptIn: true, unsubscribed: false })).toEqual(["send", null]);
    // Names read word by word: optedOut, opted_out and emailOptedOut are refusals as optOut is; adoptOutcome
    // and adoptingPets hold no consent at all.
    for (const name of ["optedOut", "opted_out", "emailOptedOut", "optedOutAt"]) expect(decide({ firstName: "Ann", orderNumber: "A-1", [name]: true }), name).toEqual(["suppress", "opted_out"]);
    expect(decide({ firstName: "Ann", orderNumber: "A-1", optedIn: false })).toEqual(["suppress", "opted_out"]);
    expect(decide({ firstName: "Ann", orderNumber: "A-1", adoptOutcome: "approved", adoptingPets: false })).toEqual(["send", null]);
    expect(decide({ firstName: "Ann", orderNumber: "A-1" }, { erased: true })).toEqual(["suppress", "erased"]);
    // An explicit consent path decides alone (other consent-named attributes are not read).
    const explicit = compileSlots({ greeting: { path: "firstName", generic: "there" } }, { consentPath: "channels.email" });
    expect(personalize({ attributes: { firstName: "Ann", channels: { email: "opted_out" }, smsOptIn: true } }, explicit).send).toBe("suppress");
    expect(personalize({ attributes: { firstName: "Ann", channels: { email: true }, newsletterOptIn: false } }, explicit).send).toBe("send");
    // The greeting of an opted-out person says so too: every slot reading under the consent path falls back.
    expect(personalize({ attributes: { firstName: "Ann", channels: { email: "no" } } }, explicit).report["greeting"]).toMatchObject({ outcome: "generic", steps: [{ reason: "opted_out" }] });
  });
});

describe("personalize: each check of a candidate, passing and failing", () => {
  const DAY = 86_400_000;
  const nowMs = Date.parse(NOW);
  const passed = (value: string, path = "a") => ({ value, outcome: "personalized", path, fellBack: false, steps: [] });
  const omitted = (...steps: unknown[]) => ({ value: null, outcome: "omitted", path: null, fellBack: true, steps });

  it("uses a value a validator accepts, and passes over one it rejects or answers with anything but true", () => {
    expect(one({ path: "a", validate: () => true }, { attributes: { a: "Ann" } })).toEqual(passed("Ann"));
    expect(one({ path: "a", validate: /^A/ }, { attributes: { a: "Ann" } })).toEqual(passed("Ann"));
    const validator = (value: unknown): boolean => value === "Ann";
    expect(one({ path: "a", fallback: ["b"], validate: validator }, { attributes: { a: "Bob", b: "Ann" } })).toEqual({ value: "Ann", outcome: "fallback", path: "b", fellBack: true, steps: [{ path: "a", reason: "invalid", detail: "validation" }] });
    for (const answer of ["yes", 1, {}, false]) {
      expect(one({ path: "a", validate: () => answer as boolean }, { attributes: { a: "Ann" } })).toEqual(omitted({ path: "a", reason: "invalid", detail: "validation" }));
    }
  });

  it("passes over a missing or null value as missing, and an empty text, list or object as empty, but not a Date", () => {
    expect(one({ path: "a" }, { attributes: { a: null } })).toEqual(omitted({ path: "a", reason: "missing" }));
    for (const empty of ["", " \t", [], {}]) expect(one({ path: "a" }, { attributes: { a: empty } })).toEqual(omitted({ path: "a", reason: "empty" }));
    // Empty before anything else: the host's validator never sees a blank value (it is empty, not invalid).
    const validator = vi.fn(() => false);
    for (const empty of ["", " \t"]) expect(one({ path: "a", validate: validator }, { attributes: { a: empty } })).toEqual(omitted({ path: "a", reason: "empty" }));
    expect(validator).not.toHaveBeenCalled();
    expect(one({ path: "a", format: { type: "date" } }, { attributes: { a: new Date("2026-01-01T00:00:00Z") } })).toEqual(passed("Jan 1, 2026"));
    expect(one({ path: "a" }, { attributes: { a: 0 } })).toEqual(passed("0"));
    expect(one({ path: "a" }, { attributes: { a: false } })).toEqual(passed("false"));
  });

  it("reads only a profile whose attributes are an object, and paths only through objects' own properties", () => {
    expect(one({ path: "0" }, { attributes: ["Ann"] } as never)).toEqual(omitted({ path: "0", reason: "missing", detail: "no_profile" }));
    expect(one({ path: "a.length" }, { attributes: { a: "Ann" } })).toEqual(omitted({ path: "a.length", reason: "missing" }));
    expect(one({ path: "a.1" }, { attributes: { a: ["x", "Ann"] } })).toEqual(passed("Ann", "a.1"));
  });

  it("says erased (and nothing more) for an erased profile, and only for a tombstone or true", () => {
    expect(one({ path: "a" }, { attributes: { a: "Ann" }, erased: true })).toEqual(omitted({ path: "a", reason: "erased" }));
    expect(one({ path: "a" }, { attributes: { a: "Ann" }, erased: { erasedAt: 1, versionsErased: 2 } })).toEqual(omitted({ path: "a", reason: "erased" }));
    for (const erased of [false, "yes", [], 1]) expect(one({ path: "a" }, { attributes: { a: "Ann" }, erased } as never)).toEqual(passed("Ann"));
  });

  it("treats a redacted attribute as erased for every path into it, and only that attribute", () => {
    const profile = { attributes: { address: { city: "Leeds" }, city: "York" }, redacted: ["address", 7] } as never;
    expect(one({ path: "address.city", fallback: ["city"] }, profile)).toEqual({ value: "York", outcome: "fallback", path: "city", fellBack: true, steps: [{ path: "address.city", reason: "erased", detail: "redacted" }] });
  });

  it("reads consent at the slot's path, the last part of the path saying whether a yes means no", () => {
    const subject = (prefs: Record<string, unknown>) => ({ attributes: { a: "Ann", prefs } });
    expect(one({ path: "a", consentPath: "prefs.unsubscribed" }, subject({ unsubscribed: true }))).toEqual(omitted({ path: "a", reason: "opted_out" }));
    expect(one({ path: "a", consentPath: "prefs.unsubscribed" }, subject({ unsubscribed: false }))).toEqual(passed("Ann"));
    expect(one({ path: "a", consentPath: "prefs.email" }, subject({ email: true }))).toEqual(passed("Ann"));
    // A consent text of exactly the longest length read is read; one character more is no yes.
    expect(one({ path: "a", consentPath: "prefs.email" }, subject({ email: "y".repeat(_MAX_SLOT_TEXT_LENGTH) }))).toEqual(passed("Ann"));
    expect(one({ path: "a", consentPath: "prefs.email" }, subject({ email: "y".repeat(_MAX_SLOT_TEXT_LENGTH + 1) }))).toEqual(omitted({ path: "a", reason: "opted_out", detail: "too_long" }));
  });

  it("counts a value exactly maxAgeDays old as fresh and a millisecond older as stale, whatever form its time takes", () => {
    const aged = (observedAt: unknown) => one({ path: "a", maxAgeDays: 30 }, { attributes: { a: "Ann" }, provenance: { a: { observedAt } } as never });
    expect(aged(nowMs - 30 * DAY)).toEqual(passed("Ann"));
    expect(aged(nowMs - 30 * DAY - 1)).toEqual(omitted({ path: "a", reason: "stale" }));
    expect(aged(new Date(nowMs - 30 * DAY).toISOString())).toEqual(passed("Ann"));
    expect(aged(new Date(nowMs - 30 * DAY - 1).toISOString())).toEqual(omitted({ path: "a", reason: "stale" }));
    // Offsets, with or without a colon, and a lower-case zone letter count; a time without a zone does not.
    for (const observedAt of ["2026-05-30T02:00:00+02:00", "2026-05-30T02:00:00+0200", "2026-05-30t00:00:00z", " 2026-05-30T00:00:00Z"]) expect(aged(observedAt)).toEqual(passed("Ann"));
    expect(aged("2026-04-01T02:00:00+02:00")).toEqual(omitted({ path: "a", reason: "stale" }));
    for (const unknown of ["2026-05-30T00:00:00", "2026-05-30", Number.NaN, Number.POSITIVE_INFINITY, null, true]) expect(aged(unknown)).toEqual(omitted({ path: "a", reason: "stale", detail: "unknown_age" }));
    // A time text of up to 64 characters is read; a longer one is not.
    expect(aged(`2026-05-30T00:00:00Z${" ".repeat(44)}`)).toEqual(passed("Ann"));
    expect(aged(`2026-05-30T00:00:00Z${" ".repeat(45)}`)).toEqual(omitted({ path: "a", reason: "stale", detail: "unknown_age" }));
  });

  it("reads provenance only from an object of objects", () => {
    const fresh = { observedAt: "2026-05-30T00:00:00Z", source: "crm" };
    expect(one({ path: "a", maxAgeDays: 30 }, { attributes: { a: "Ann" }, provenance: { a: "2026-05-30T00:00:00Z" } } as never)).toEqual(omitted({ path: "a", reason: "stale", detail: "unknown_age" }));
    expect(one({ path: "0", maxAgeDays: 30 }, { attributes: { 0: "Ann" }, provenance: [fresh] } as never)).toEqual(omitted({ path: "0", reason: "stale", detail: "unknown_age" }));
    expect(one({ path: "0", maxAgeDays: 30, trustedSources: ["crm"] }, { attributes: { 0: "Ann" }, provenance: { 0: fresh } })).toEqual(passed("Ann", "0"));
  });

  it("trusts only the listed sources, and a confidence (or else a trust) of at least minTrust", () => {
    const from = (provenance: Record<string, unknown>, spec: Partial<SlotSpec>) => one({ path: "a", ...spec }, { attributes: { a: "Ann" }, provenance: { a: provenance } });
    expect(from({ source: "crm" }, { trustedSources: ["crm", "web"] })).toEqual(passed("Ann"));
    expect(from({ source: "fax" }, { trustedSources: ["crm"] })).toEqual(omitted({ path: "a", reason: "untrusted", detail: "source" }));
    expect(from({}, { trustedSources: ["crm"] })).toEqual(omitted({ path: "a", reason: "untrusted", detail: "source" }));
    expect(from({ confidence: 0.5 }, { minTrust: 0.5 })).toEqual(passed("Ann"));
    expect(from({ confidence: 0.49 }, { minTrust: 0.5 })).toEqual(omitted({ path: "a", reason: "untrusted", detail: "low_trust" }));
    expect(from({ trust: 0.49 }, { minTrust: 0.5 })).toEqual(omitted({ path: "a", reason: "untrusted", detail: "low_trust" }));
    expect(from({ trust: 0.5 }, { minTrust: 0.5 })).toEqual(passed("Ann"));
    // Confidence, when given, decides; no trust figure at all says nothing.
    expect(from({ confidence: 0.9, trust: 0.1 }, { minTrust: 0.5 })).toEqual(passed("Ann"));
    expect(from({ confidence: "high", trust: 0.1 }, { minTrust: 0.5 })).toEqual(omitted({ path: "a", reason: "untrusted", detail: "low_trust" }));
    expect(from({ source: "crm" }, { minTrust: 0.5 })).toEqual(passed("Ann"));
  });

  it("finds a conflict among a few, skipping entries that are not conflicts", () => {
    const conflicts = [null, "a", { attribute: "b" }];
    const profile = { attributes: { a: "Ann", b: "Bob" }, conflicts } as never;
    expect(personalize(profile, { a: { path: "a" }, b: { path: "b" } }).report).toEqual({ a: passed("Ann"), b: omitted({ path: "b", reason: "untrusted", detail: "conflict" }) });
    expect(personalize({ attributes: { a: "Ann" }, conflicts: [] }, { a: { path: "a" } }).report["a"]).toEqual(passed("Ann"));
  });

  it("refuses an object value too deep for the host's own validator or formatter, but hands it a Date", () => {
    const deep = JSON.parse(`${"[".repeat(200)}${"]".repeat(200)}`) as unknown;
    const check = vi.fn(() => true);
    expect(one({ path: "a", validate: check }, { attributes: { a: deep } })).toEqual(omitted({ path: "a", reason: "invalid", detail: "too_deep" }));
    expect(one({ path: "a", format: () => "deep" }, { attributes: { a: deep } })).toEqual(omitted({ path: "a", reason: "invalid", detail: "too_deep" }));
    expect(check).not.toHaveBeenCalled();
    // A built-in formatter walks nothing: no size check, only its own type check.
    expect(one({ path: "a" }, { attributes: { a: deep } })).toEqual(omitted({ path: "a", reason: "invalid", detail: "wrong_type" }));
    expect(one({ path: "a", format: { type: "date" }, validate: check }, { attributes: { a: new Date("2026-01-01T00:00:00Z") } })).toEqual(passed("Jan 1, 2026"));
    expect(check).toHaveBeenCalledTimes(1);
    // A Date is a value (not an empty object): without a date formatter it is the wrong type, not missing.
    expect(one({ path: "a" }, { attributes: { a: new Date("2026-01-01T00:00:00Z") } })).toEqual(omitted({ path: "a", reason: "invalid", detail: "wrong_type" }));
  });

  it("reports each policy's outcome in full when nothing works", () => {
    const steps = [{ path: "a", reason: "missing" }];
    expect(one({ path: "a", generic: "there" }, { attributes: {} })).toEqual({ value: "there", outcome: "generic", path: null, fellBack: true, steps });
    expect(one({ path: "a", policy: "abort" }, { attributes: {} })).toEqual({ value: null, outcome: "aborted", path: null, fellBack: true, steps });
    expect(one({ path: "a", generic: "there", policy: "omit" }, { attributes: {} })).toEqual(omitted(...steps));
  });
});
