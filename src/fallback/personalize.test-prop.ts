import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSlots } from "./compileSlots.js";
import { personalize } from "./personalize.js";
import { selectContent } from "./selectContent.js";
import { atLeast, hasValue, valueIn, withinDays } from "./conditions.js";
import type { ProfileView } from "../shared/types.js";

const slots = compileSlots({
  firstName: { path: "firstName", fallback: ["preferredName"], generic: "there", format: { type: "name", part: "first" }, maxAgeDays: 365 },
  city: { path: "address.city", policy: "omit", trustedSources: ["crm"], minTrust: 0.5 },
  total: { path: "lastOrder.total", policy: "abort", format: { type: "currency", currency: "EUR" } },
  since: { path: "memberSince", generic: "a while", format: { type: "date" }, consentPath: "consent" },
  tier: { path: "tier", generic: "member", format: { type: "text", case: "title", maxLength: 8 }, validate: /^[a-z ]+$/i },
});
const keys = fc.constantFrom("firstName", "preferredName", "address", "city", "lastOrder", "total", "memberSince", "consent", "tier", "__proto__", "toString");
const value = fc.oneof(fc.anything(), fc.constantFrom("", "  ", "Test", "opted_out", "2024-02-30", "<script>", null, false, 0, Number.NaN));
const record = fc.dictionary(keys, fc.oneof(value, fc.dictionary(keys, value)));
const profile = fc.oneof(
  fc.anything(),
  fc.record({ attributes: record, provenance: fc.option(fc.dictionary(keys, fc.anything())), conflicts: fc.option(fc.anything()), redacted: fc.option(fc.anything()), erased: fc.option(fc.anything()) }, { requiredKeys: ["attributes"] }),
);

describe("personalize properties", () => {
  it("never throws on the send path, whatever the profile; every value is text or null; generic slots always have text", () => {
    fc.assert(
      fc.property(profile, fc.integer({ min: 0, max: 4_102_444_800_000 }), (subject, now) => {
        const result = personalize(subject as ProfileView, slots, { now });
        for (const name of slots.names) {
          const text = result.values[name];
          expect(text === null || typeof text === "string").toBe(true);
          expect(result.report[name]?.value).toBe(text);
        }
        expect(typeof result.values["firstName"]).toBe("string");
        expect(typeof result.values["since"]).toBe("string");
        expect(result.abort === null).toBe(result.values["total"] !== null);
      }),
      { numRuns: 500 },
    );
  });

  it("conditional content always returns a variant or the generic content, never an exception", () => {
    const rules = {
      variants: [
        { name: "recent", when: withinDays("lastOrder.at", 30), content: 1 },
        { name: "vip", when: valueIn("tier", ["gold"]), content: 2 },
        { name: "big", when: atLeast("lastOrder.total", 100), content: 3 },
        { name: "named", when: hasValue("firstName"), content: 4 },
      ],
      generic: 0,
    };
    fc.assert(
      fc.property(profile, (subject) => {
        const chosen = selectContent(subject as ProfileView, rules, { now: 1_800_000_000_000 });
        expect([0, 1, 2, 3, 4]).toContain(chosen.content);
      }),
      { numRuns: 500 },
    );
  });
});
