// One email, rendered through real template engines with profile-kit's fallbacks: LiquidJS (the syntax
// Braze and Shopify use) and Handlebars (SendGrid's). profile-kit decides the values and the content
// variant; the engine renders and escapes. The same slots serve both engines.
import Handlebars from "handlebars";
import { Liquid } from "liquidjs";
import {
  compileSlots,
  hasValue,
  renderWithFallback,
  selectContent,
  withinDays,
  type CompiledSlots,
  type ProfileView,
  type RenderResult,
} from "profile-kit";

/** The slots: where each value comes from, how it is checked and what replaces it. */
export const welcomeSlots: CompiledSlots = compileSlots({
  firstName: { path: "firstName", fallback: ["preferredName"], generic: "there", format: { type: "name", part: "first" }, maxAgeDays: 3 * 365 },
  city: { path: "city", policy: "omit", maxAgeDays: 365 },
  lastOrderTotal: { path: "lastOrder.total", policy: "omit", format: { type: "currency", currency: "USD" }, maxAgeDays: 180 },
  memberSince: { path: "memberSince", policy: "omit", format: { type: "date", style: "long" } },
});

/** The hero block: first matching variant, generic last. */
const heroRules = {
  variants: [
    { name: "recent-buyer", when: withinDays("lastOrder.at", 30), content: "Thanks for your recent order — here is what goes with it." },
    { name: "member", when: hasValue("loyaltyTier"), content: "Your member offers are waiting." },
  ],
  generic: "Discover this week’s picks.",
};

/** The email in Liquid. `{% if city %}` drops the sentence when the slot was omitted. */
export const liquidTemplate = `<p>Hi {{ firstName }},</p>
{% if city %}<p>New in {{ city }} this week.</p>{% endif %}
{% if lastOrderTotal %}<p>Your last order: {{ lastOrderTotal }}.</p>{% endif %}
<p>{{ hero }}</p>`;

/** The same email in Handlebars. */
export const handlebarsTemplate = `<p>Hi {{firstName}},</p>
{{#if city}}<p>New in {{city}} this week.</p>{{/if}}
{{#if lastOrderTotal}}<p>Your last order: {{lastOrderTotal}}.</p>{{/if}}
<p>{{hero}}</p>`;

/** The generic version, sent when the personalized one cannot be rendered. */
export const genericTemplate = "<p>Hi there,</p>\n<p>Discover this week’s picks.</p>";

// outputEscape: "escape" makes {{ value }} HTML-escaped, as Handlebars' {{value}} is by default; without
// it LiquidJS writes values raw, and a profile value could inject markup into the email.
const liquid = new Liquid({ outputEscape: "escape", strictFilters: true });

/** Renders the welcome email with LiquidJS. */
export async function renderLiquidWelcome(profile: ProfileView | null, now: Date | string, template: string = liquidTemplate): Promise<RenderResult> {
  const hero = selectContent(profile, heroRules, { now }).content;
  return renderWithFallback((text, data) => liquid.parseAndRender(text, data) as Promise<string>, template, profile, welcomeSlots, { now, data: { hero }, generic: genericTemplate });
}

/** Renders the welcome email with Handlebars (templates compiled once and cached by text). */
const compiled = new Map<string, HandlebarsTemplateDelegate>();
export async function renderHandlebarsWelcome(profile: ProfileView | null, now: Date | string, template: string = handlebarsTemplate): Promise<RenderResult> {
  const hero = selectContent(profile, heroRules, { now }).content;
  const render = (text: string, data: Readonly<Record<string, unknown>>): string => {
    let delegate = compiled.get(text);
    if (delegate === undefined) {
      delegate = Handlebars.compile(text, { strict: false });
      compiled.set(text, delegate);
    }
    return delegate(data);
  };
  return renderWithFallback(render, template, profile, welcomeSlots, { now, data: { hero }, generic: genericTemplate });
}
