// Regression tests for the hardening of fallback/: every test here failed before the fix it names.
import { describe, expect, it, vi } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _MAX_SLOT_TEXT_LENGTH, _truncate } from "./_formatters.js";
import { compileSlots, type CompiledSlots } from "./compileSlots.js";
import { anyOf, atLeast, hasValue, valueIn, withinDays } from "./conditions.js";
import { personalize, type PersonalizeOptions } from "./personalize.js";
import { previewPersonalization, type PreviewPersonalizationOptions } from "./previewPersonalization.js";
import { renderWithFallback, type RenderFunction } from "./renderWithFallback.js";
import { selectContent, type SelectContentOptions } from "./selectContent.js";
import type { SlotSpec } from "./types.js";
import type { ProfileView } from "../shared/types.js";

const NOW = "2026-06-01T00:00:00Z";
const MEGABYTE = "a".repeat(1 << 20);
const render: RenderFunction<string> = (template, data) => template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => (typeof data[name] === "string" ? data[name] : ""));

/** The code and message of what `run` threw (awaited), or "no error". */
async function thrown(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return isProfileKitError(error) ? `${error.code}: ${error.message}` : `other error: ${String(error)}`;
  }
  return "no error";
}

const one = (spec: SlotSpec, attributes: Record<string, unknown>) => personalize({ attributes }, { slot: spec }, { now: NOW }).report["slot"];

describe("slot names and fallback chains never reach a prototype (defect 4)", () => {
  it("refuses a fallback to a slot named like an Object.prototype member, with invalid_options", async () => {
    for (const name of ["toString", "constructor", "hasOwnProperty", "__proto__", "valueOf"]) {
      expect(await thrown(() => compileSlots({ a: { path: "x", fallback: [{ slot: name }] } }))).toBe(`invalid_options: compileSlots: invalid options. slot "a" falls back to slot "${name}", which does not exist.`);
    }
    // A slot that is really called toString works, and a fallback to it too.
    const slots = compileSlots({ toString: { path: "nickname" }, greeting: { path: "firstName", fallback: [{ slot: "toString" }] } });
    expect(personalize({ attributes: { nickname: "Tess" } }, slots).values).toEqual({ toString: "Tess", greeting: "Tess" });
  });

  it("refuses a fallback chain too long to be a chain, instead of overflowing the stack", async () => {
    const specs: Record<string, SlotSpec> = {};
    for (let i = 0; i < 12_000; i++) specs[`s${i}`] = { path: `p${i}`, ...(i + 1 < 12_000 ? { fallback: [{ slot: `s${i + 1}` }] } : {}) };
    expect(await thrown(() => compileSlots(specs))).toMatch(/^invalid_options: compileSlots: invalid options\. slot "s0" has more than 100 paths in its fallback chain/);
  });

  it("refuses compiled slots that went through JSON or were built by hand, on every entry point", async () => {
    const stored = JSON.parse(JSON.stringify(compileSlots({ a: { path: "firstName", format: { type: "name" } } }))) as CompiledSlots;
    const forged = { kind: "profile-kit/compiled-slots", names: ["a"], _internal: { slots: [], template: {} } } as CompiledSlots;
    for (const slots of [stored, forged]) {
      expect(await thrown(() => personalize({ attributes: { firstName: "ann" } }, slots))).toMatch(/^invalid_options: personalize: these compiled slots were not made by compileSlots in this process/);
      expect(await thrown(() => renderWithFallback(render, "Hi {{a}}", null, slots))).toMatch(/^invalid_options: renderWithFallback: these compiled slots/);
      expect(await thrown(() => previewPersonalization(slots, { now: NOW }))).toMatch(/^invalid_options: previewPersonalization: these compiled slots/);
    }
  });

  it("keeps compiled slots from being changed after they were checked", () => {
    const slots = compileSlots({ a: { path: "firstName" } });
    expect(Object.isFrozen(slots) && Object.isFrozen(slots.names) && Object.isFrozen(slots._internal)).toBe(true);
  });

  it("reads only own provenance entries: an inherited one says nothing about a value's age or source", () => {
    const provenance = Object.create({ firstName: { observedAt: "2026-05-30T00:00:00Z", source: "crm", confidence: 1 } }) as Record<string, unknown>;
    const profile = { attributes: { firstName: "Ann" }, provenance } as ProfileView;
    expect(personalize(profile, { a: { path: "firstName", maxAgeDays: 30 } }, { now: NOW }).report["a"]?.steps).toEqual([{ path: "firstName", reason: "stale", detail: "unknown_age" }]);
    expect(personalize(profile, { a: { path: "firstName", trustedSources: ["crm"] } }).report["a"]?.steps).toEqual([{ path: "firstName", reason: "untrusted", detail: "source" }]);
    const reader = vi.fn((profileReader: { observedAt(path: string): number | null }) => profileReader.observedAt("firstName") !== null);
    expect(selectContent(profile, { variants: [{ name: "dated", when: reader, content: 1 }], generic: 0 }).content).toBe(0);
  });
});

describe("formatters do bounded work per value (defect 2)", () => {
  it("passes over a 1 MB value as invalid/too_long, for every formatter, without calling the host's functions", () => {
    const custom = vi.fn(() => "formatted");
    const check = vi.fn(() => true);
    const specs: readonly SlotSpec[] = [
      { path: "v", format: { type: "text", maxLength: 40 } },
      { path: "v", format: { type: "text", case: "title" } },
      { path: "v" },
      { path: "v", format: { type: "name", part: "first" } },
      { path: "v", format: { type: "date" } },
      { path: "v", format: { type: "number" } },
      { path: "v", format: { type: "currency", currency: "EUR" } },
      { path: "v", format: custom },
      { path: "v", validate: check },
      { path: "v", validate: /^a+$/ },
    ];
    for (const spec of specs) expect(one(spec, { v: MEGABYTE })).toMatchObject({ value: null, steps: [{ path: "v", reason: "invalid", detail: "too_long" }] });
    expect(custom).not.toHaveBeenCalled();
    expect(check).not.toHaveBeenCalled();
    // A consent answer a megabyte long is no yes.
    expect(one({ path: "name", consentPath: "consent" }, { name: "Ann", consent: `yes${MEGABYTE}` })).toMatchObject({ steps: [{ reason: "opted_out", detail: "too_long" }] });
  });

  it("still formats text up to the limit, cutting at maxLength between whole graphemes", () => {
    const long = "x".repeat(_MAX_SLOT_TEXT_LENGTH);
    expect(one({ path: "v", format: { type: "text", maxLength: 5 } }, { v: long })?.value).toBe("xxxx…");
    expect(one({ path: "v" }, { v: long })?.value).toBe(long);
    expect(one({ path: "v", format: { type: "text", maxLength: 3 } }, { v: "👨‍👩‍👧".repeat(1_000) })?.value).toBe("👨‍👩‍👧👨‍👩‍👧…");
    expect(one({ path: "v", format: { type: "text", maxLength: 4 } }, { v: "e\u0301e\u0301e\u0301e\u0301" })?.value).toBe("e\u0301e\u0301e\u0301e\u0301");
    expect(one({ path: "v", format: { type: "text", maxLength: 4 } }, { v: "e\u0301e\u0301e\u0301e\u0301e\u0301" })?.value).toBe("e\u0301e\u0301e\u0301…");
    expect(one({ path: "v", format: { type: "date" } }, { v: `2024-01-01${" ".repeat(200)}` })).toMatchObject({ steps: [{ detail: "too_long" }] });
  });

  it("segments a window at a time, and a grapheme longer than the window is not split", () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    const zalgo = `a${"\u0301".repeat(50)}`;
    expect(_truncate(`${zalgo}${zalgo}${zalgo}`, 2, segmenter, 4)).toBe(`${zalgo}…`);
    expect(_truncate(`${zalgo}${zalgo}`, 2, segmenter, 4)).toBe(`${zalgo}${zalgo}`);
    expect(_truncate("🇬🇧🇫🇷🇩🇪🇮🇹", 3, segmenter, 3)).toBe("🇬🇧🇫🇷…");
  });
});

describe("options and profiles that cannot be read give invalid_options or a fallback, never a TypeError (defect 5)", () => {
  const throwing = Object.defineProperty({}, "now", { enumerable: true, get: (): never => { throw new Error("getter"); } });

  it("personalize: options whose getters throw are invalid_options", async () => {
    expect(await thrown(() => personalize(null, { a: { path: "x" } }, throwing as PersonalizeOptions))).toMatch(/^invalid_options: personalize: options could not be read/);
  });

  it("selectContent: null options, a consentPath that is not text, rules or consent that throw", async () => {
    const rules = { variants: [{ name: "named", when: hasValue("firstName"), content: 1 }], generic: 0 };
    expect(await thrown(() => selectContent(null, rules, null as unknown as SelectContentOptions))).toMatch(/^invalid_options: selectContent: invalid options\. options must be an object/);
    expect(await thrown(() => selectContent(null, rules, { consentPath: 42 } as unknown as SelectContentOptions))).toMatch(/^invalid_options: .*consentPath/);
    expect(await thrown(() => selectContent(null, new Proxy(rules, { get: (): never => { throw new Error("trap"); } })))).toMatch(/^invalid_options: selectContent: rules could not be read/);
    const consent = { attributes: Object.defineProperty({ firstName: "Ann" }, "consent", { enumerable: true, get: (): never => { throw new Error("getter"); } }) };
    expect(selectContent(consent, rules, { consentPath: "consent" })).toMatchObject({ content: 0, optedOut: true });
  });

  it("condition builders refuse wrong arguments with invalid_options when built, not a TypeError", async () => {
    expect(await thrown(() => valueIn("tier", "gold" as never))).toMatch(/^invalid_options: valueIn: invalid options\. values must be an array/);
    expect(await thrown(() => valueIn("tier", [{}] as never))).toMatch(/^invalid_options: valueIn/);
    expect(await thrown(() => hasValue(42 as never))).toMatch(/^invalid_options: hasValue: invalid options\. path must be a path/);
    expect(await thrown(() => atLeast("n", "3" as never))).toMatch(/^invalid_options: atLeast: invalid options\. minimum must be a number/);
    expect(await thrown(() => anyOf("x" as never))).toMatch(/^invalid_options: anyOf: invalid options\. every condition must be a function/);
  });

  it("conditions do not parse oversized text as numbers or times", () => {
    const rules = { variants: [{ name: "big", when: atLeast("n", 1), content: 1 }, { name: "recent", when: withinDays("at", 30), content: 2 }], generic: 0 };
    expect(selectContent({ attributes: { n: "9".repeat(5_000), at: `${"2026-05-30T00:00:00".padEnd(5_000, "0")}Z` } }, rules, { now: NOW }).content).toBe(0);
  });

  it("renderWithFallback: null options and data whose getters throw are invalid_options", async () => {
    expect(await thrown(() => renderWithFallback(render, "Hi", null, { a: { path: "x" } }, null as never))).toMatch(/^invalid_options: renderWithFallback: options must be an object/);
    const data = Object.defineProperty({}, "campaign", { enumerable: true, get: (): never => { throw new Error("getter"); } });
    expect(await thrown(() => renderWithFallback(render, "Hi", null, { a: { path: "x" } }, { data }))).toMatch(/^invalid_options: renderWithFallback: options could not be read/);
  });

  it("previewPersonalization: options that throw are invalid_options; a sample that throws is only a profile that cannot be read", async () => {
    expect(await thrown(() => previewPersonalization({ a: { path: "x" } }, throwing as PreviewPersonalizationOptions<string>))).toMatch(/^invalid_options: previewPersonalization: options could not be read/);
    const sample = { get attributes(): never { throw new Error("getter"); } } as unknown as ProfileView;
    const preview = await previewPersonalization({ a: { path: "x", generic: "there" } }, { now: NOW, sample });
    expect(preview.scenarios[0]).toMatchObject({ scenario: "sample", personalization: { values: { a: "there" } } });
  });

  it("previewPersonalization never writes into the sample it is given", async () => {
    const sample = { attributes: { address: { city: "Leeds" }, orders: [{ total: 5 }] } };
    const before = JSON.stringify(sample);
    // "address" and "orders" take the sample's own objects; the deeper paths must not be written into them.
    const preview = await previewPersonalization(
      { address: { path: "address" }, orders: { path: "orders" }, city: { path: "address.city" }, zip: { path: "address.zip" }, second: { path: "orders.1.total" } },
      { now: NOW, sample },
    );
    expect(JSON.stringify(sample)).toBe(before);
    const complete = preview.scenarios.find((scenario) => scenario.scenario === "complete");
    expect(complete?.personalization.values).toEqual({ address: null, orders: null, city: "Leeds", zip: "Sample", second: "Sample" });
  });

  it("finds a conflict among many without scanning them for every slot, with the same answer", () => {
    const conflicts = Array.from({ length: 50 }, (_, i) => ({ attribute: `other${i}` }));
    const profile = { attributes: { firstName: "Ann", lastName: "Lee" }, conflicts: [...conflicts, { attribute: "lastName" }, null, "x"] } as unknown as ProfileView;
    expect(personalize(profile, { first: { path: "firstName" }, last: { path: "lastName" } }).report).toMatchObject({
      first: { outcome: "personalized" },
      last: { outcome: "omitted", steps: [{ reason: "untrusted", detail: "conflict" }] },
    });
  });
});
