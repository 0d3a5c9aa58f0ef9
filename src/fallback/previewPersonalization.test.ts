import { describe, expect, it } from "vitest";
import { previewPersonalization } from "./previewPersonalization.js";
import type { RenderFunction } from "./renderWithFallback.js";

const render: RenderFunction<string> = (template, data) => template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => JSON.stringify(data[name] ?? "").replace(/^"|"$/g, ""));
const slots = {
  firstName: { path: "firstName", generic: "there", format: { type: "name" as const, part: "first" as const }, maxAgeDays: 730 },
  city: { path: "address.city", policy: "omit" as const, trustedSources: ["crm"] },
  total: { path: "lastOrder.total", format: { type: "currency" as const, currency: "USD" }, policy: "throw" as const },
};

describe("previewPersonalization", () => {
  it("reports what each imagined recipient would see and which fallbacks fire", async () => {
    const preview = await previewPersonalization(slots, { now: "2026-06-01T00:00:00Z", render, template: "Hi {{firstName}} from {{city}}: {{total}}" });
    expect(preview.scenarios.map((scenario) => scenario.scenario)).toEqual(["complete", "no_profile", "missing", "empty", "stale", "conflict", "erased"]);
    const byName = Object.fromEntries(preview.scenarios.map((scenario) => [scenario.scenario, scenario]));
    expect(byName["complete"]?.render?.output).toBe("Hi Alex from Sample: $42.00");
    expect(byName["complete"]?.personalization.fellBack).toEqual([]);
    expect(byName["missing"]?.render).toMatchObject({ decision: "generic", output: "Hi there from : ", fallbackReason: "personalize_failed" });
    expect(byName["stale"]?.personalization.report["firstName"]?.steps).toEqual([{ path: "firstName", reason: "stale" }]);
    expect(byName["conflict"]?.personalization.report["city"]?.steps).toEqual([{ path: "address.city", reason: "untrusted", detail: "conflict" }]);
    expect(preview.slots["firstName"]?.fallsBackIn).toEqual(["no_profile", "missing", "empty", "stale", "conflict", "erased"]);
    expect(preview.slots["city"]?.outcomes).toMatchObject({ complete: "personalized", missing: "omitted" });
  });

  it("previews a real sample too, and works without a template", async () => {
    const sample = { attributes: { firstName: "maria", address: { city: "Leeds" } }, provenance: { firstName: { observedAt: "2026-05-01T00:00:00Z" }, address: { source: "web" } } };
    const preview = await previewPersonalization(slots, { now: "2026-06-01T00:00:00Z", sample });
    const first = preview.scenarios[0];
    expect(first?.scenario).toBe("sample");
    expect(first?.render).toBeNull();
    expect(first?.personalization.values).toEqual({ firstName: "Maria", city: null, total: null });
    // A slot with policy "throw" shows up as an abort in a preview instead of stopping it.
    expect(first?.personalization.abort?.slot).toBe("total");
    expect(preview.scenarios[1]?.personalization.values["city"]).toBe("Leeds");
  });

  it("needs a clock, and render with template", async () => {
    await expect(previewPersonalization(slots, {} as never)).rejects.toThrow(/options.now/);
    await expect(previewPersonalization(slots, { now: "2026-06-01T00:00:00Z", render })).rejects.toThrow(/render and template together/);
  });
});
