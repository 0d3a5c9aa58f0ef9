import { describe, expect, it } from "vitest";
import { allOf, anyOf, atLeast, atMost, hasValue, noneOf, valueIn, withinDays, type ContentCondition } from "./conditions.js";
import { selectContent } from "./selectContent.js";
import type { ProfileView } from "../shared/types.js";

const NOW = "2026-06-01T00:00:00Z";
const buyer: ProfileView = { attributes: { lastOrderAt: "2026-05-20T10:00:00Z", loyalty: { tier: "Gold " }, orderCount: "4", cartItems: 0 } };
const rules = {
  variants: [
    { name: "recent-buyer", when: withinDays("lastOrderAt", 30), content: "Thanks for your order!" },
    { name: "loyal", when: hasValue("loyalty.tier"), content: "Your member offers" },
  ],
  generic: "Discover this week's picks",
};

describe("selectContent", () => {
  it("serves the first variant whose condition holds", () => {
    expect(selectContent(buyer, rules, { now: NOW })).toEqual({
      name: "recent-buyer",
      content: "Thanks for your order!",
      matched: true,
      evaluated: [{ name: "recent-buyer", result: "true" }],
      optedOut: false,
    });
    expect(selectContent(buyer, rules, { now: "2026-08-01T00:00:00Z" })).toMatchObject({ name: "loyal", evaluated: [{ result: "false" }, { result: "true" }] });
  });

  it("serves the generic content when data is missing, empty, erased or redacted: conditions are false, never exceptions", () => {
    for (const profile of [null, undefined, { attributes: {} }, { attributes: { lastOrderAt: "", loyalty: null } }, { ...buyer, erased: true }, { ...buyer, redacted: ["lastOrderAt", "loyalty"] }]) {
      expect(selectContent(profile as ProfileView, rules, { now: NOW })).toMatchObject({ name: "generic", content: "Discover this week's picks", matched: false });
    }
    // Without a clock, "in the last 30 days" cannot be true.
    expect(selectContent(buyer, rules).name).toBe("loyal");
  });

  it("counts a condition that throws or returns a non-boolean as false, and reports it", () => {
    const broken: ContentCondition = () => {
      throw new Error("bug in a condition");
    };
    const truthy = (() => "yes") as unknown as ContentCondition;
    const result = selectContent(buyer, { variants: [{ name: "broken", when: broken, content: 1 }, { name: "truthy", when: truthy, content: 2 }], generic: 0 }, { now: NOW });
    expect(result).toMatchObject({ name: "generic", content: 0, evaluated: [{ name: "broken", result: "error" }, { name: "truthy", result: "false" }] });
  });

  it("serves only the generic content to a profile that opted out", () => {
    const optedOut = { attributes: { ...buyer.attributes, consent: { personalization: "opted_out" } } };
    expect(selectContent(optedOut, rules, { now: NOW, consentPath: "consent.personalization" })).toMatchObject({ name: "generic", optedOut: true, evaluated: [] });
  });

  it("rejects malformed rules at setup", () => {
    expect(() => selectContent(buyer, { variants: rules.variants } as never)).toThrow(/generic is required/);
    expect(() => selectContent(buyer, { variants: [rules.variants[0], rules.variants[0]], generic: "x" } as never)).toThrow(/used twice/);
    expect(() => selectContent(buyer, { variants: [{ name: "x", when: "always", content: 1 }], generic: 0 } as never)).toThrow(/condition function/);
    expect(() => selectContent(buyer, rules, { now: "someday" })).toThrow(/options.now/);
  });
});

describe("conditions", () => {
  const reader = (attributes: Record<string, unknown>) => ({ value: (path: string) => attributes[path], observedAt: () => null });
  const context = { now: Date.parse(NOW), locale: "en-US", timeZone: "UTC" };
  const check = (condition: ContentCondition, attributes: Record<string, unknown>) => condition(reader(attributes), context);

  it("compare values, numbers and dates, false on missing data", () => {
    expect(check(valueIn("tier", ["gold", "platinum"]), { tier: " GOLD" })).toBe(true);
    expect(check(valueIn("tier", ["gold"]), { tier: { name: "gold" } })).toBe(false);
    expect(check(valueIn("vip", [true]), { vip: "true" })).toBe(false);
    expect(check(atLeast("orders", 3), { orders: "4" })).toBe(true);
    expect(check(atLeast("orders", 3), { orders: "four" })).toBe(false);
    expect(check(atMost("cart", 0), { cart: 0 })).toBe(true);
    expect(check(atMost("cart", 0), {})).toBe(false);
    expect(check(withinDays("last", 30), { last: "2026-05-02T00:00:00Z" })).toBe(true);
    expect(check(withinDays("last", 30), { last: "2026-04-01T00:00:00Z" })).toBe(false);
    expect(check(withinDays("last", 30), { last: "2026-06-02T00:00:00Z" })).toBe(false);
    expect(check(withinDays("last", 30), { last: "2026-05-20T00:00:00" })).toBe(false);
    expect(check(withinDays("last", 30), { last: Date.parse("2026-05-20T00:00:00Z") })).toBe(true);
  });

  it("combine", () => {
    expect(check(allOf(hasValue("a"), hasValue("b")), { a: 1 })).toBe(false);
    expect(check(anyOf(hasValue("a"), hasValue("b")), { a: 1 })).toBe(true);
    expect(check(noneOf(hasValue("a")), {})).toBe(true);
    expect(check(allOf(), {})).toBe(true);
  });
});
