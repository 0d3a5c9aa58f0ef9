import { describe, expect, it } from "vitest";
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
    expect(decide({ firstName: "Ann", orderNumber: "A-1" }, { erased: true })).toEqual(["suppress", "erased"]);
    // An explicit consent path decides alone (other consent-named attributes are not read).
    const explicit = compileSlots({ greeting: { path: "firstName", generic: "there" } }, { consentPath: "channels.email" });
    expect(personalize({ attributes: { firstName: "Ann", channels: { email: "opted_out" }, smsOptIn: true } }, explicit).send).toBe("suppress");
    expect(personalize({ attributes: { firstName: "Ann", channels: { email: true }, newsletterOptIn: false } }, explicit).send).toBe("send");
    // The greeting of an opted-out person says so too: every slot reading under the consent path falls back.
    expect(personalize({ attributes: { firstName: "Ann", channels: { email: "no" } } }, explicit).report["greeting"]).toMatchObject({ outcome: "generic", steps: [{ reason: "opted_out" }] });
  });
});
