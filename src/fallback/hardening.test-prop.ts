// Personalization never breaks a send: the fallback entry points driven with hostile profiles (arbitrary
// JSON, prototype-named keys and paths, Proxies, revoked Proxies, throwing getters, BigInt, deep and huge
// values) never throw (but for the documented "throw" policy), and Object.prototype stays untouched.
import fc from "fast-check";
import { build as buildHostile, hostileRecipe, type Recipe } from "../fuzz/hostileValues.js";
import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _truncate } from "./_formatters.js";
import { compileSlots } from "./compileSlots.js";
import { allOf, anyOf, atLeast, atMost, hasValue, noneOf, valueIn, withinDays } from "./conditions.js";
import { personalize } from "./personalize.js";
import { previewPersonalization } from "./previewPersonalization.js";
import { renderWithFallback, type RenderFunction } from "./renderWithFallback.js";
import { selectContent } from "./selectContent.js";
import type { SlotSpec } from "./types.js";
import type { ProfileView } from "../shared/types.js";

const NOW = Date.parse("2026-06-01T00:00:00Z");
const KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "firstName", "city", "address", "total", "at", "consent", "tags", "0", "length"] as const;

const recipe = hostileRecipe({ keys: KEYS, constants: ["Ann", "ann lee", "2026-05-30T00:00:00Z", "2024-02-30", "42", "no", "opted_out"] });
const build = (node: Recipe): unknown => buildHostile(node, NOW);

const profileRecipe = fc.oneof(
  recipe,
  fc.record({ attributes: recipe, provenance: recipe, conflicts: recipe, redacted: recipe, erased: recipe }, { requiredKeys: ["attributes"] }),
);
function buildProfile(node: Recipe | Partial<Record<keyof ProfileView, Recipe>>): unknown {
  if ("kind" in node && typeof node.kind === "string") return build(node);
  const profile: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node)) profile[key] = build(child);
  return profile;
}

const specs: Readonly<Record<string, SlotSpec>> = {
  firstName: { path: "firstName", fallback: ["address.firstName", { slot: "toString" }], generic: "there", format: { type: "name", part: "first" }, maxAgeDays: 365 },
  // `satisfies`: a key named toString is typed from Object.prototype.toString, not from the record.
  toString: { path: "toString", policy: "omit", format: { type: "text", case: "title", maxLength: 5 } } satisfies SlotSpec,
  city: { path: "address.city", policy: "omit", trustedSources: ["crm"], minTrust: 0.5, consentPath: "consent" },
  total: { path: "total", policy: "abort", format: { type: "currency", currency: "EUR" } },
  at: { path: "at", generic: "soon", format: { type: "date", style: "long" }, onConflict: "use" },
  count: { path: "tags.length", policy: "omit", format: { type: "number", maximumFractionDigits: 0 } },
  custom: { path: "valueOf", policy: "omit", format: (value) => JSON.stringify(value), validate: (value) => typeof value === "object" },
  checked: { path: "hasOwnProperty", policy: "omit", validate: /^[a-z ]+$/i },
};
const slots = compileSlots(specs);
const throwing = compileSlots({ must: { path: "firstName", policy: "throw" } });
const rules = {
  variants: [
    { name: "recent", when: withinDays("at", 30), content: 1 },
    { name: "tier", when: valueIn("toString", ["gold"]), content: 2 },
    { name: "range", when: allOf(atLeast("total", 1), atMost("total", 1e9)), content: 3 },
    { name: "any", when: anyOf(hasValue("constructor"), noneOf(hasValue("firstName"))), content: 4 },
  ],
  generic: 0,
};
const render: RenderFunction<string> = (template, data) => template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => (typeof data[name] === "string" ? data[name] : ""));

function prototypeSnapshot(): string {
  return JSON.stringify(Reflect.ownKeys(Object.prototype).map(String).sort()) + String(Object.getPrototypeOf(Object.prototype));
}

describe("the send path never breaks", () => {
  const before = prototypeSnapshot();

  it("personalize and selectContent never throw, whatever the profile", () => {
    fc.assert(
      fc.property(profileRecipe, (node) => {
        const profile = buildProfile(node) as ProfileView;
        const result = personalize(profile, slots, { now: NOW });
        for (const name of slots.names) expect(typeof result.values[name] === "string" || result.values[name] === null).toBe(true);
        expect(typeof result.values["firstName"]).toBe("string");
        try {
          personalize(profile, throwing, { now: NOW });
        } catch (error) {
          expect(isProfileKitError(error) && error.code).toBe("personalization_failed");
        }
        expect([0, 1, 2, 3, 4]).toContain(selectContent(profile, rules, { now: NOW, consentPath: "consent" }).content);
        expect(prototypeSnapshot()).toBe(before);
        expect(({} as Record<string, unknown>)["isAdmin"]).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it("renderWithFallback and previewPersonalization never reject because of a profile", async () => {
    await fc.assert(
      fc.asyncProperty(profileRecipe, async (node) => {
        const profile = buildProfile(node) as ProfileView;
        const rendered = await renderWithFallback(render, "Hi {{firstName}} {{city}}", profile, slots, { now: NOW, generic: "Hi there" });
        expect(["personalized", "generic", "abort", "suppressed"]).toContain(rendered.decision);
        const preview = await previewPersonalization(slots, { now: NOW, sample: profile, render, template: "Hi {{firstName}}" });
        // An undefined sample is no sample.
        expect(preview.scenarios[0]?.scenario).toBe((profile as unknown) === undefined ? "complete" : "sample");
        expect(prototypeSnapshot()).toBe(before);
      }),
      { numRuns: 150 },
    );
  });
});

describe("grapheme truncation a window at a time", () => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const naive = (text: string, maxLength: number): string => {
    const kept = Array.from(segmenter.segment(text), (part) => part.segment);
    return kept.length <= maxLength ? text : `${kept.slice(0, Math.max(1, maxLength - 1)).join("").trimEnd()}…`;
  };
  const piece = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 4 }),
    fc.constantFrom("e\u0301", "a\u0301\u0302\u0303", "🇬🇧", "🇫", "👨‍👩‍👧", "👍🏽", "\r\n", "\n", " ", "가", "\u1100\u1161\u11a8", "क्षि", "\ud800", "\udc00", "x"),
  );
  it("cuts where segmenting the whole text cuts, for any window size", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 16 }), (pieces, maxLength, window) => {
        const text = pieces.join("");
        expect(_truncate(text, maxLength, segmenter, window)).toBe(naive(text, maxLength));
      }),
      { numRuns: 2_000 },
    );
  });
});
