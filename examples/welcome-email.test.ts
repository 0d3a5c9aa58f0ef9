// The welcome email through real LiquidJS and Handlebars: a full profile, a sparse and stale one, a broken
// template, and a hostile profile value that must come out escaped.
import { describe, expect, it } from "vitest";
import type { ProfileView } from "profile-kit";
import { renderHandlebarsWelcome, renderLiquidWelcome } from "./welcome-email.js";

const NOW = "2026-06-01T00:00:00Z";
const full: ProfileView = {
  attributes: { firstName: "TERESA", city: "Knoxville", lastOrder: { total: 84.5, at: "2026-05-20T10:00:00Z" }, memberSince: "2021-03-14", loyaltyTier: "gold" },
  provenance: {
    firstName: { observedAt: "2026-01-10T00:00:00Z", source: "crm" },
    city: { observedAt: "2026-03-01T00:00:00Z", source: "support" },
    lastOrder: { observedAt: "2026-05-20T10:00:00Z", source: "orders" },
  },
};
// Sparse and stale: the name was last confirmed in 2019, the city is missing, the order is old.
const sparse: ProfileView = {
  attributes: { firstName: "Bob", lastOrder: { total: 12, at: "2025-01-05T00:00:00Z" } },
  provenance: { firstName: { observedAt: "2019-02-01T00:00:00Z" }, lastOrder: { observedAt: "2025-01-05T00:00:00Z" } },
};
const engines = [
  ["LiquidJS", renderLiquidWelcome],
  ["Handlebars", renderHandlebarsWelcome],
] as const;

describe.each(engines)("welcome email with %s", (_engine, render) => {
  it("renders a full profile personalized", async () => {
    const result = await render(full, NOW);
    expect(result.decision).toBe("personalized");
    expect(result.output).toBe(
      "<p>Hi Teresa,</p>\n<p>New in Knoxville this week.</p>\n<p>Your last order: $84.50.</p>\n<p>Thanks for your recent order — here is what goes with it.</p>",
    );
    expect(result.personalization.fellBack).toEqual([]);
    expect(result.personalization.values["memberSince"]).toBe("March 14, 2021");
  });

  it("renders a sparse, stale profile with generic values and without the blocks it cannot fill", async () => {
    const result = await render(sparse, NOW);
    expect(result.decision).toBe("personalized");
    expect(result.output).toBe("<p>Hi there,</p>\n\n\n<p>Discover this week’s picks.</p>");
    expect(result.personalization.report["firstName"]?.steps).toEqual([
      { path: "firstName", reason: "stale" },
      { path: "preferredName", reason: "missing" },
    ]);
    expect(result.personalization.report["city"]?.outcome).toBe("omitted");
    expect(result.personalization.report["lastOrderTotal"]?.steps).toEqual([{ path: "lastOrder.total", reason: "stale" }]);
  });

  it("escapes a hostile profile value", async () => {
    const hostile = { ...full, attributes: { ...full.attributes, city: "<script>alert(1)</script>" } };
    const result = await render(hostile, NOW);
    expect(result.output).not.toContain("<script>");
    expect(result.output).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("sends the generic version when the template cannot render", async () => {
    const broken = _engine === "LiquidJS" ? "<p>Hi {{ firstName | no_such_filter }}</p>" : "<p>Hi {{#if firstName}}</p>";
    const result = await render(full, NOW, broken);
    expect(result).toMatchObject({ decision: "generic", fallbackReason: "render_failed", output: "<p>Hi there,</p>\n<p>Discover this week’s picks.</p>" });
    expect(result.errors).toHaveLength(1);
  });

  it("sends the generic version when there is no profile at all", async () => {
    const result = await render(null, NOW);
    expect(result.output).toBe("<p>Hi there,</p>\n\n\n<p>Discover this week’s picks.</p>");
  });
});
