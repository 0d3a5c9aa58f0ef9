// Direct tests of the consent reading merge/ and fallback/ share (issue #19).
import { describe, expect, it } from "vitest";
import { _isConsentAttribute, _isOptOut, _isRefusalAttribute } from "./_consent.js";

describe("_isConsentAttribute", () => {
  it("recognises names that hold consent, in any case and any word style", () => {
    const names = ["emailOptIn", "optin", "opt_in", "opt-in", "OPT IN", "opt__in", "optedIn", "opted_in", "isOptedIn", "emailoptin", "optins", "optInDate", "marketingOptOut", "optout", "opt_out", "opt-out", "optedOut", "optedOutAt", "opted_out", "emailOptedOut", "OPTED-OUT", "emailoptedout", "marketingConsent", "consent", "CONSENT_GIVEN", "consented", "subscribed", "unsubscribed", "newsletterSubscription", "subscriber", "UNSUB"];
    expect(names.filter((name) => !_isConsentAttribute(name))).toEqual([]);
  });

  it("does not recognise other names", () => {
    const names = ["email", "option", "optimum", "optional", "optinfo", "outlet", "consensus", "subscibe", "newsletter", "firstName", "", "adoptOutcome", "adoptingPets", "adoptIn", "adoptin", "adoptout", "optOutcome", "opting", "opt", "out", "inOpt", "outOpt", "sub", "subs"];
    expect(names.filter((name) => _isConsentAttribute(name))).toEqual([]);
  });
});

describe("_isOptOut: an ordinary consent attribute", () => {
  it("says no for false, 0 and the refusal words, in any case and with spaces around", () => {
    const noes = [false, 0, -0, "false", "no", "n", "0", "opted_out", "opted-out", "opted out", "optedout", "opt_out", "opt-out", "opt out", "optout", "unsubscribed", "denied", "declined", "revoked", "withdrawn", "NO", "N", "False", "Opted_Out", "UNSUBSCRIBED", " no ", "\tdenied\n"];
    expect(noes.filter((value) => !_isOptOut(value, "emailOptIn"))).toEqual([]);
  });

  it("says nothing against for yes answers, other values and near-misses of the refusal words", () => {
    const others = [true, 1, -1, "true", "yes", "y", "1", "granted", "subscribed", "opted_in", "n/a", "none", "nope", "never", "piano", "10", "00", "no no", "opted__out", "opted.out", "opt__out", "optedxout", "unsubscribe", "revoke", {}, [], ["no"], 0.5];
    expect(others.filter((value) => _isOptOut(value, "marketingConsent"))).toEqual([]);
  });

  it("says nothing either way for a missing value", () => {
    for (const value of [undefined, null, "", " ", "\t\n "]) {
      expect(_isOptOut(value, "emailOptIn")).toBe(false);
      expect(_isOptOut(value, "unsubscribed")).toBe(false);
    }
  });
});

describe("_isOptOut: an attribute named for the refusal", () => {
  it("says no with anything but an explicit no", () => {
    for (const attribute of ["unsubscribed", "Unsubscribe", "UNSUB", "newsletterUnsubscribedAt", "optOut", "opt_out", "optout", "marketingOptOutAt", "opt-out", "opt__out", "optedOut", "optedOutAt", "opted_out", "emailOptedOut", "OPTED_OUT", "emailoptout"]) {
      expect(_isOptOut(true, attribute), attribute).toBe(true);
      expect(_isOptOut("2024-03-01", attribute), attribute).toBe(true);
      expect(_isOptOut(1, attribute), attribute).toBe(true);
      expect(_isOptOut("yes", attribute), attribute).toBe(true);
      expect(_isOptOut(false, attribute), attribute).toBe(false);
      expect(_isOptOut(0, attribute), attribute).toBe(false);
      expect(_isOptOut(" no ", attribute), attribute).toBe(false);
      expect(_isOptOut("withdrawn", attribute), attribute).toBe(false);
    }
  });

  it("reads names that only look alike as ordinary attributes", () => {
    for (const attribute of ["subscribed", "emailOptIn", "optedIn", "outbound", "consent", "adoptOutcome", "optOutcome", "subscriptionUnchanged"]) {
      expect(_isOptOut(true, attribute), attribute).toBe(false);
      expect(_isOptOut(false, attribute), attribute).toBe(true);
    }
  });
});

describe("_isRefusalAttribute", () => {
  it("reads a name word by word, the same on a second reading", () => {
    const refusals = ["unsubscribed", "optedOut", "opted out", "OptedOutAt", "emailOPTOut", "UnsubscribeDate"];
    const others = ["optedIn", "adoptOutcome", "subscribed", "outOfOffice", "consentOut", "opt", ""];
    for (let round = 0; round < 2; round++) {
      expect(refusals.filter((name) => !_isRefusalAttribute(name))).toEqual([]);
      expect(others.filter((name) => _isRefusalAttribute(name))).toEqual([]);
    }
  });
});
