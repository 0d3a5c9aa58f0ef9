// The edges of previewPersonalization that its main tests pass through: options handed on to rendering,
// imagined profiles built from a sample without changing it, and unreadable input (issue #19).
import { describe, expect, it } from "vitest";
import { failureOf } from "../../test/support/errors.js";
import { compileSlots } from "./compileSlots.js";
import { previewPersonalization, type PersonalizationPreview, type PreviewScenario } from "./previewPersonalization.js";
import type { RenderFunction } from "./renderWithFallback.js";

const NOW = "2026-06-01T00:00:00Z";
const render: RenderFunction<string> = (template, data) => template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => { const value = data[name]; return typeof value === "string" ? value : ""; });
const scenario = (preview: PersonalizationPreview, name: PreviewScenario) => preview.scenarios.find((s) => s.scenario === name);

describe("previewPersonalization: options", () => {
  it("formats with the locale and time zone given", async () => {
    const slots = { total: { path: "total", format: { type: "currency" as const, currency: "EUR" } }, day: { path: "day", format: { type: "date" as const, style: "long" as const } } };
    const sample = { attributes: { total: 1234.5, day: "2026-05-31T23:30:00Z" }, provenance: {} };
    const german = await previewPersonalization(slots, { now: NOW, sample, locale: "de-DE", timeZone: "Europe/Berlin" });
    expect(scenario(german, "sample")?.personalization.values).toEqual({ total: "1.234,50\u00a0€", day: "1. Juni 2026" });
    const plain = await previewPersonalization(slots, { now: NOW, sample });
    expect(scenario(plain, "sample")?.personalization.values).toEqual({ total: "€1,234.50", day: "May 31, 2026" });
  });

  it("renders with the generic template and the extra data given", async () => {
    const slots = { firstName: { path: "firstName", policy: "abort" as const } };
    const preview = await previewPersonalization(slots, { now: NOW, render, template: "Hi {{firstName}}, see {{link}}", generic: "Hello, see {{link}}", data: { link: "https://x.test" } });
    expect(scenario(preview, "complete")?.render).toMatchObject({ decision: "personalized", output: "Hi Sample, see https://x.test" });
    expect(scenario(preview, "missing")?.render).toMatchObject({ decision: "generic", output: "Hello, see https://x.test" });
    // Without the generic template, an aborting slot aborts the message.
    const bare = await previewPersonalization(slots, { now: NOW, render, template: "Hi {{firstName}}" });
    expect(scenario(bare, "missing")?.render?.decision).toBe("abort");
  });

  it("needs render and template together, either way round, and options it can read", async () => {
    const slots = { firstName: { path: "firstName" } };
    expect(await failureOf(() => previewPersonalization(slots, { now: NOW, template: "Hi" }))).toBe("invalid_options: previewPersonalization: give render and template together.");
    expect(await failureOf(() => previewPersonalization(slots, null as never))).toBe("invalid_options: previewPersonalization: options.now must be a usable time.");
    expect(await failureOf(() => previewPersonalization(slots, { now: "not a time" }))).toBe("invalid_options: previewPersonalization: options.now must be a usable time.");
    const hostile = { now: NOW, get locale(): string { throw new Error("boom"); } };
    expect(await failureOf(() => previewPersonalization(slots, hostile))).toBe("invalid_options: previewPersonalization: options could not be read.");
    const caught = await previewPersonalization(slots, hostile).catch((error: unknown) => error);
    expect((caught as Error).cause).toEqual(new Error("boom"));
    // The clock is read as an instant: a date without a time is midnight UTC, and a bad one is named.
    const midnight = await previewPersonalization({ seen: { path: "seen", maxAgeDays: 1 } }, { now: "2026-06-01", sample: { attributes: { seen: "x" }, provenance: { seen: { observedAt: "2026-05-31T00:00:00Z" } } } });
    expect(scenario(midnight, "sample")?.personalization.values).toEqual({ seen: "x" });
  });

  it("takes compiled slots as they are", async () => {
    const compiled = compileSlots({ firstName: { path: "firstName", generic: "there", format: { type: "name", part: "first" } } });
    const preview = await previewPersonalization(compiled, { now: NOW });
    expect(scenario(preview, "complete")?.personalization.values).toEqual({ firstName: "Alex" });
    expect(preview.slots).toEqual({
      firstName: {
        outcomes: { complete: "personalized", no_profile: "generic", missing: "generic", empty: "generic", stale: "personalized", conflict: "generic", erased: "generic" },
        fallsBackIn: ["no_profile", "missing", "empty", "conflict", "erased"],
      },
    });
  });
});

describe("previewPersonalization: imagined profiles", () => {
  it("fills the sample's values into the imagined profiles, without changing the sample", async () => {
    const slots = { city: { path: "address.city" }, street: { path: "address.street" }, tag: { path: "tags.0" } };
    const sample = { attributes: { address: { city: "Leeds" }, tags: ["vip"] } };
    const before = JSON.stringify(sample);
    const preview = await previewPersonalization(slots, { now: NOW, sample });
    expect(JSON.stringify(sample)).toBe(before);
    // The complete profile holds the sample's city and the slots' own sample values for the rest.
    expect(scenario(preview, "complete")?.personalization.values).toEqual({ city: "Leeds", street: "Sample", tag: "vip" });
    expect(scenario(preview, "empty")?.personalization.report["city"]?.steps).toEqual([{ path: "address.city", reason: "empty" }]);
  });

  it("reads a sample it cannot read as no sample, and a getter that throws as a missing value", async () => {
    const slots = { city: { path: "address.city" }, name: { path: "firstName", format: { type: "name" as const, part: "first" as const } } };
    const throwing = { attributes: { get address(): unknown { throw new Error("boom"); }, firstName: "Ana" } };
    const preview = await previewPersonalization(slots, { now: NOW, sample: throwing });
    expect(scenario(preview, "complete")?.personalization.values).toEqual({ city: "Sample", name: "Ana" });
    for (const odd of [{ attributes: ["a"] }, { attributes: "x" }, { get attributes(): unknown { throw new Error("no"); } }]) {
      const other = await previewPersonalization(slots, { now: NOW, sample: odd as never });
      expect(scenario(other, "complete")?.personalization.values).toEqual({ city: "Sample", name: "Alex" });
    }
  });

  it("gives the imagined values the first trusted source, fresh provenance, and stale and conflicting copies", async () => {
    const slots = {
      city: { path: "address.city", trustedSources: ["crm", "erp"] },
      name: { path: "firstName", maxAgeDays: 30, onConflict: "use" as const, format: { type: "name" as const, part: "first" as const } },
    };
    const preview = await previewPersonalization(slots, { now: NOW });
    expect(scenario(preview, "complete")?.personalization.values).toEqual({ city: "Sample", name: "Alex" });
    expect(scenario(preview, "stale")?.personalization.report["name"]?.steps).toEqual([{ path: "firstName", reason: "stale" }]);
    // A conflict used anyway still personalizes; the city's conflict falls back.
    expect(preview.slots["name"]?.outcomes.conflict).toBe("personalized");
    expect(preview.slots["city"]?.outcomes.conflict).toBe("omitted");
    expect(preview.slots["city"]?.fallsBackIn).toEqual(["no_profile", "missing", "empty", "conflict", "erased"]);
  });

  it("keeps a trusted source for an attribute whichever order its slots come in", async () => {
    const trustedFirst = { city: { path: "address.city", trustedSources: ["crm"] }, street: { path: "address.street" } };
    const trustedLast = { street: { path: "address.street" }, city: { path: "address.city", trustedSources: ["crm"] } };
    for (const slots of [trustedFirst, trustedLast]) {
      const preview = await previewPersonalization(slots, { now: NOW });
      expect(scenario(preview, "complete")?.personalization.values).toEqual({ city: "Sample", street: "Sample" });
    }
  });

  it("gives the first slot's value to a path two slots read", async () => {
    const slots = { formal: { path: "firstName", format: { type: "name" as const, part: "first" as const } }, plain: { path: "firstName" } };
    const preview = await previewPersonalization(slots, { now: NOW });
    expect(scenario(preview, "complete")?.personalization.values).toEqual({ formal: "Alex", plain: "Alex" });
    const reversed = await previewPersonalization({ plain: slots.plain, formal: slots.formal }, { now: NOW });
    // The plain slot's stand-in comes first; the name formatter reads "Sample" as a placeholder name.
    expect(scenario(reversed, "complete")?.personalization.values).toEqual({ plain: "Sample", formal: null });
  });

  it("copies an object or array taken from the sample before writing a deeper path into it", async () => {
    const sample = { attributes: { address: { city: "Leeds" }, tags: ["vip"] } };
    const before = JSON.stringify(sample);
    const slots = { address: { path: "address.city" }, whole: { path: "address" }, street: { path: "address.street" }, tags: { path: "tags" }, second: { path: "tags.1" } };
    const preview = await previewPersonalization({ whole: slots.whole, street: slots.street, tags: slots.tags, second: slots.second }, { now: NOW, sample });
    expect(JSON.stringify(sample)).toBe(before);
    const values = scenario(preview, "complete")?.personalization.values;
    expect(values?.["street"]).toBe("Sample");
    expect(values?.["second"]).toBe("Sample");
    // The array stays an array: its first element is still the sample's.
    const first = await previewPersonalization({ tags: slots.tags, second: slots.second, one: { path: "tags.0" } }, { now: NOW, sample });
    expect(scenario(first, "complete")?.personalization.values["one"]).toBe("vip");
  });

  it("keeps the first value a path gets when two slots read it, and copies arrays in the sample before writing", async () => {
    const slots = { first: { path: "items.0.name" }, second: { path: "items.1.name" } };
    const sample = { attributes: { items: [{ name: "Kettle" }] } };
    const preview = await previewPersonalization(slots, { now: NOW, sample });
    expect(scenario(preview, "complete")?.personalization.values).toEqual({ first: "Kettle", second: "Sample" });
    expect(sample.attributes.items).toEqual([{ name: "Kettle" }]);
  });
});
