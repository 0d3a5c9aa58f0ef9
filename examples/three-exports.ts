// The user's story of issue #13, end to end: three CSV exports (CRM, orders, newsletter) on day 1 and
// again on day 2, unified profiles with stable ids, and a LiquidJS welcome email per person.
import { Liquid } from "liquidjs";
import { compileSlots, renderWithFallback } from "profile-kit";
import { createProfileEngine, defineSchema, type ProfileEngine, type Schema } from "profile-kit/engine";

export type Row = Readonly<Record<string, string>>;
export type Exports = Readonly<Record<"crm" | "orders" | "newsletter", readonly Row[]>>;

export const schema: Schema = defineSchema({
  id: "ref", source: "system", observedAt: "updated", defaultCountry: "US",
  fields: { firstName: "first_name", lastName: "last_name", email: "email", phone: "phone", street: ["house_no", "street"], city: "city", postalCode: "zip" },
});
const slots = compileSlots({ firstName: { path: "firstName", generic: "there" }, city: { path: "city", policy: "omit" } });
const liquid = new Liquid();
const template = "Hi {{ firstName }}{% if city %}, greetings to {{ city }}{% endif %}!";

/** One day's run: every export in, a refresh, and the welcome email of every profile by its id. */
export async function runDay(engine: ProfileEngine, exports: Exports): Promise<Map<string, string>> {
  for (const [system, rows] of Object.entries(exports)) await engine.ingestMany(rows.map((row) => ({ ...row, system })));
  await engine.refresh();
  const emails = new Map<string, string>();
  for await (const profile of engine.profiles()) {
    const email = await renderWithFallback((text: string, data: object) => liquid.parseAndRender(text, data) as Promise<string>, template, profile, slots);
    emails.set(profile.id, email.output ?? "");
  }
  return emails;
}

export const createEngine = (): ProfileEngine => createProfileEngine({ schema });
