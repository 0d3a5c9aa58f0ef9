import { describe, expect, it } from "vitest";
import { compileSlots } from "./compileSlots.js";
import { renderWithFallback, type RenderFunction } from "./renderWithFallback.js";

// A deliberately tiny engine for the unit tests: {{name}} replaced, "{{fail}}" throws. The real engines
// (LiquidJS and Handlebars) are exercised in examples/.
const render: RenderFunction<string> = (template, data) => {
  if (template.includes("{{fail}}")) throw new Error("engine error");
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => JSON.stringify(data[name] ?? "").replace(/^"|"$/g, ""));
};
const slots = compileSlots({ firstName: { path: "firstName", generic: "there" }, orderNumber: { path: "order.number", policy: "omit" } });
const profile = { attributes: { firstName: "Teresa", order: { number: "A-17" } } };

describe("renderWithFallback", () => {
  it("renders the personalized version when it can", async () => {
    const result = await renderWithFallback(render, "Hi {{firstName}}, order {{orderNumber}} {{campaign}}", profile, slots, { data: { campaign: "spring", firstName: "ignored" } });
    expect(result).toMatchObject({ decision: "personalized", output: "Hi Teresa, order A-17 spring", fallbackReason: null, errors: [] });
  });

  it("falls back to the generic version when the engine fails, and keeps the error for the host", async () => {
    const result = await renderWithFallback(render, "Hi {{firstName}}{{fail}}", profile, slots, { generic: "Hi {{firstName}}!" });
    expect(result).toMatchObject({ decision: "generic", output: "Hi there!", fallbackReason: "render_failed" });
    expect(result.errors).toHaveLength(1);
    const async = await renderWithFallback(async () => Promise.reject(new Error("async engine error")), "x", profile, slots, { generic: "y" });
    expect(async).toMatchObject({ decision: "abort", output: null, fallbackReason: "render_failed" });
    expect(async.errors).toHaveLength(2);
  });

  it("renders the same template with generic values when no generic template is given", async () => {
    const result = await renderWithFallback((template, data) => (data["firstName"] === "Teresa" ? Promise.reject(new Error("x")) : render(template, data)), "Hi {{firstName}}", profile, slots);
    expect(result).toMatchObject({ decision: "generic", output: "Hi there" });
  });

  it("sends the generic template when a slot aborts, or aborts when there is none", async () => {
    const strict = compileSlots({ firstName: { path: "firstName", generic: "there" }, orderNumber: { path: "order.number", policy: "abort" } });
    const noOrder = { attributes: { firstName: "Teresa" } };
    expect(await renderWithFallback(render, "Order {{orderNumber}} shipped", noOrder, strict, { generic: "Your order shipped" })).toMatchObject({ decision: "generic", output: "Your order shipped", fallbackReason: "aborted" });
    expect(await renderWithFallback(render, "Order {{orderNumber}} shipped", noOrder, strict)).toMatchObject({ decision: "abort", output: null, fallbackReason: "aborted" });
  });

  it("turns a slot with policy throw into the generic version instead of a failed send", async () => {
    const throwing = compileSlots({ firstName: { path: "firstName", policy: "throw" } });
    const result = await renderWithFallback(render, "Hi {{firstName}}", { attributes: {} }, throwing);
    expect(result).toMatchObject({ decision: "generic", output: "Hi ", fallbackReason: "personalize_failed" });
    expect(result.personalization.report["firstName"]?.steps).toEqual([{ path: "firstName", reason: "missing" }]);
  });

  it("treats a render function that returns a non-string as a failure", async () => {
    const result = await renderWithFallback(() => 42 as unknown as string, "x", profile, slots);
    expect(result).toMatchObject({ decision: "abort", fallbackReason: "render_failed" });
  });

  it("renders nothing for a person who opted out: the decision is suppressed, not a generic greeting", async () => {
    let calls = 0;
    const render: RenderFunction<string> = (template, data) => {
      calls++;
      return `${template} ${String(data["greeting"])}`;
    };
    const slots = compileSlots({ greeting: { path: "firstName", generic: "there" } });
    const result = await renderWithFallback(render, "Hi", { attributes: { firstName: "Ann", emailOptIn: false } }, slots);
    expect(result).toMatchObject({ decision: "suppressed", output: null });
    expect(result.personalization.send).toBe("suppress");
    expect(calls).toBe(0);
    expect((await renderWithFallback(render, "Hi", { attributes: { firstName: "Ann", emailOptIn: true } }, slots)).output).toBe("Hi Ann");
  });
});
