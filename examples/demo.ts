// npm run demo — what profile-kit does today, on generated data and the in-memory defaults only.
// It grows with every capability that lands; it never prints a result the library did not compute.
import {
  appendChanges,
  attributeTimeline,
  changesFromProfile,
  attributeTrends,
  cleanseRecord,
  cleanseRecords,
  compileCleanseSpec,
  diffVersions,
  evaluateClusters,
  explainMatch,
  formatDecision,
  mergeRecords,
  previewPersonalization,
  profileAsOf,
  resolveIdentities,
  type ProfileView,
} from "profile-kit";
import { createProfileEngine, defineSchema } from "profile-kit/engine";
import { renderLiquidWelcome, welcomeSlots } from "./welcome-email.js";
import { generateCustomerDataset, generateCustomerRecords, type RecordNoise } from "profile-kit/testing";

function heading(text: string): void {
  console.log(`\n=== ${text} ${"=".repeat(Math.max(0, 96 - text.length))}`);
}

heading("1. Messy multi-source customer records with ground truth (profile-kit/testing)");
console.log("One household from the seeded generator: every record as its source sent it, and who it really is.\n");
const sample = [...generateCustomerRecords({ entities: 60, seed: 2026 })];
const household = sample.find((g) => g.traits.includes("household_member") && g.traits.includes("shares_phone"))?.householdId;
for (const { record, entityId, noise, traits } of sample.filter((g) => g.householdId === household)) {
  const fields = Object.entries(record)
    .filter(([key]) => key !== "id" && key !== "source" && key !== "updatedAt")
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(" ");
  console.log(`${entityId.padEnd(10)} ${record.source.padEnd(10)} ${fields}`);
  console.log(`${"".padEnd(21)}noise: ${noise.join(", ") || "none"} | person: ${traits.join(", ") || "-"}`);
}

heading("2. What 10,000 generated people look like");
const dataset = generateCustomerDataset({ entities: 10_000, seed: 2026 });
const bySource = new Map<string, number>();
for (const record of dataset.records) bySource.set(record.source, (bySource.get(record.source) ?? 0) + 1);
console.log(`${dataset.records.length.toLocaleString("en-US")} records for ${dataset.entityCount.toLocaleString("en-US")} people:`, Object.fromEntries(bySource));
const noiseCounts = new Map<RecordNoise, number>();
for (const generated of generateCustomerRecords({ entities: 10_000, seed: 2026 })) {
  for (const tag of generated.noise) noiseCounts.set(tag, (noiseCounts.get(tag) ?? 0) + 1);
}
console.log("records carrying each kind of noise:");
for (const [tag, count] of [...noiseCounts].sort((a, b) => b[1] - a[1])) console.log(`  ${tag.padEnd(24)} ${count}`);

heading("3. Cleansing one messy record (cleanseRecord)");
// The demo's clock is fixed so its output is the same on every run.
const spec = compileCleanseSpec({ now: "2026-11-29T00:00:00Z" });
const messy = {
  id: "web-42",
  fullName: "DR. MARIA  GARCÍA LÓPEZ",
  email: " Maria.Garcia+promo@GMIAL.com ",
  phone: "+44 (0)7987 932459 ext. 12",
  dateOfBirth: "14.03.1985",
  street: "6130 east elm parkway, apartment 30",
  city: "Milwaukee, WI",
  postalCode: "532121234",
  country: "United States of America",
};
const cleansed = cleanseRecord(messy, spec);
console.log("before:", messy);
console.log("after: ", cleansed.record);
console.log("email matching key:", cleansed.fields["email"]?.matchKey, "| typo suggestion:", cleansed.fields["email"]?.email?.suggestion);
console.log("phone extension:", cleansed.fields["phone"]?.phone?.extension, "| type:", cleansed.fields["phone"]?.phone?.type);
console.log("issues:", cleansed.issues.map((issue) => `${issue.path.join(".")}: ${issue.code} (${issue.severity}) - ${issue.message}`));

heading("4. Cleansing the 10,000 people's records, with a quality report (cleanseRecords)");
const { report } = cleanseRecords(dataset.records, spec);
console.log(`${report.records.toLocaleString("en-US")} records, ${report.recordsWithProblems.toLocaleString("en-US")} with a warning or error`);
console.log(`${"field".padEnd(12)} ${"valid".padStart(7)} ${"fixed".padStart(7)} ${"invalid".padStart(7)} ${"missing".padStart(7)}  issues`);
for (const [field, quality] of Object.entries(report.fields)) {
  const issues = Object.entries(quality.issues).map(([code, count]) => `${code} ${String(count)}`).join(", ");
  console.log(`${field.padEnd(12)} ${String(quality.valid).padStart(7)} ${String(quality.fixed).padStart(7)} ${String(quality.invalid).padStart(7)} ${String(quality.missing).padStart(7)}  ${issues}`);
}
console.log("(phones without a country code in records without a country cannot be read: pass defaultCountry when your data has one)");

heading("5. Resolving identities (resolveIdentities), zero configuration");
const people = generateCustomerDataset({ entities: 3_000, seed: 2026 });
const resolved = resolveIdentities(people.records);
const score = evaluateClusters(resolved.clusters, new Map(people.records.map((record, i) => [record.id, people.entityIds[i] as string])));
console.log(`${resolved.stats.records.toLocaleString("en-US")} records → ${resolved.stats.clusters.toLocaleString("en-US")} profiles (${resolved.stats.singletons.toLocaleString("en-US")} single-record), ${resolved.stats.comparisons.toLocaleString("en-US")} pairs compared`);
console.log(`against the generator's ground truth: precision ${score.precision.toFixed(4)}, recall ${score.recall.toFixed(4)}, F1 ${score.f1.toFixed(4)}`);
console.log("decided by rule:", resolved.stats.ruleMatches, "| guards:", resolved.stats.guards);
const byId = new Map(people.records.map((record) => [record.id, record]));
const example = resolved.clusters.find((cluster) => cluster.recordIds.length >= 3 && resolved.links.some((link) => link.decidedBy.kind === "model" && cluster.recordIds.includes(link.a)));
if (example !== undefined) {
  console.log(`\none profile, ${example.id}:`);
  for (const id of example.recordIds) {
    const record = byId.get(id);
    console.log(`  ${id.padEnd(14)} ${[record?.firstName ?? record?.fullName, record?.lastName, record?.email, record?.phone, record?.dateOfBirth, record?.street, record?.city].filter((v) => v !== undefined).join(" | ")}`);
  }
  const link = resolved.links.find((l) => l.decidedBy.kind === "model" && example.recordIds.includes(l.a));
  if (link !== undefined) {
    const why = explainMatch(people.records, link.a, link.b);
    console.log(`\nwhy ${link.a} and ${link.b} are one person (match weight ${why.matchWeight.toFixed(1)} bits, probability ${why.probability.toFixed(4)}):`);
    console.log(`  ${"prior".padEnd(12)} ${why.priorWeight.toFixed(1).padStart(6)}`);
    for (const bar of why.fields) {
      const note = bar.ignored === null ? (bar.termFrequencyAdjustment === 0 ? "" : `(of which ${bar.termFrequencyAdjustment.toFixed(1)} for how rare the value is)`) : `(${bar.ignored.replace("_", " ")})`;
      console.log(`  ${bar.field.padEnd(12)} ${bar.weight.toFixed(1).padStart(6)}  ${(bar.level ?? "-").padEnd(10)} ${note}`);
    }
  }
}

heading("6. A golden profile (mergeRecords): survivorship, provenance, conflicts");
if (example !== undefined) {
  const cleansedMembers = example.recordIds.map((id) => cleanseRecord(byId.get(id), spec).record);
  const profile = mergeRecords(cleansedMembers);
  console.log(`profile ${profile.id} from ${profile.recordIds.join(", ")}:`);
  for (const [attribute, value] of Object.entries(profile.attributes)) {
    const from = profile.provenance[attribute];
    console.log(`  ${attribute.padEnd(12)} ${JSON.stringify(value).padEnd(34)} ← ${from?.recordId ?? "-"} (${from?.source ?? "-"}, ${from?.observedAt?.slice(0, 10) ?? "no date"}) by ${from?.strategy ?? "-"}`);
  }
  const conflict = profile.conflicts[0];
  if (conflict !== undefined) {
    console.log(`\nconflict on ${conflict.attribute}: ${conflict.values.map((v) => `${JSON.stringify(v.value)} (${v.source ?? "-"} ${v.observedAt?.slice(0, 10) ?? ""})`).join(" vs ")} → kept ${JSON.stringify(conflict.winner)} by ${conflict.resolvedBy}`);
  }
}

heading("7. Profile history (versioning): timeline, as-of answers, late data, trends");
let latest: ProfileView | null = null;
if (example !== undefined) {
  // Start from the golden profile of section 6, recorded when it was merged; then the person moves twice
  // and changes email. One move reaches us late: observed in March, recorded in June.
  const golden = mergeRecords(example.recordIds.map((id) => cleanseRecord(byId.get(id), spec).record));
  let history = appendChanges(null, changesFromProfile(golden), { now: "2025-01-10T00:00:00Z", profileId: golden.id }).history;
  const step = (now: string, changes: Parameters<typeof appendChanges>[1]): void => {
    history = appendChanges(history, changes, { now }).history;
  };
  step("2025-02-02T00:00:00Z", [{ attribute: "email", value: "teresa.m@example.org", validAt: "2025-02-01T09:00:00Z", source: "web" }]);
  step("2025-06-10T00:00:00Z", [
    { attribute: "street", value: "12 HARBOR VW", validAt: "2025-03-01T00:00:00Z", source: "support" },
    { attribute: "city", value: "Knoxville", validAt: "2025-03-01T00:00:00Z", source: "support" },
  ]);
  step("2025-09-15T00:00:00Z", [
    { attribute: "street", value: "4 LAKE DR", validAt: "2025-09-14T00:00:00Z", source: "orders" },
    { attribute: "city", value: "Memphis", validAt: "2025-09-14T00:00:00Z", source: "orders" },
  ]);
  console.log(`profile ${history.profileId}: ${history.entries.length} versions. Timeline of street:`);
  for (const period of attributeTimeline(history, "street").periods) {
    console.log(`  ${period.validFrom.slice(0, 10)} → ${period.validTo?.slice(0, 10) ?? "now       "}  ${JSON.stringify(period.value).padEnd(22)} (${period.source ?? "-"}, version ${period.version}, recorded ${period.recordedAt.slice(0, 10)})`);
  }
  const april = profileAsOf(history, { validAt: "2025-04-01T00:00:00Z" });
  const aprilAsKnown = profileAsOf(history, { validAt: "2025-04-01T00:00:00Z", recordedAt: "2025-04-01T00:00:00Z" });
  console.log(`\nwhere did they live on 2025-04-01?  as we know now: ${String(april.attributes["city"])}; as we knew then: ${String(aprilAsKnown.attributes["city"])} (the move was recorded late)`);
  console.log("what changed between those two answers:", diffVersions(aprilAsKnown, april).map((change) => `${change.attribute} ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`).join(", "));
  const trends = attributeTrends(history, { now: "2025-11-29T00:00:00Z" });
  console.log("\ntrends:", trends.attributes.filter((trend) => trend.changes > 0).map((trend) => `${trend.attribute} changed ${trend.changes}× (last ${trend.lastChangedAt?.slice(0, 10) ?? "-"})`).join(", "));
  console.log("churn signals:", trends.signals.map((signal) => `${signal.name} (${signal.changes} changes in ${signal.windowDays} days)`).join(", ") || "none");
  latest = profileAsOf(history);
}

heading("8. Personalization that never breaks a send (fallback/), rendered with LiquidJS");
{
  const now = "2025-11-29T00:00:00Z";
  // The latest state of the profile above, and a sparse one: a name last confirmed in 2019, nothing else.
  const sparse: ProfileView = { attributes: { firstName: "Bob", lastOrder: { total: 12, at: "2025-01-05T00:00:00Z" } }, provenance: { firstName: { observedAt: "2019-02-01T00:00:00Z" }, lastOrder: { observedAt: "2025-01-05T00:00:00Z" } } };
  for (const [label, profile] of [["the profile above", latest], ["a sparse, stale profile", sparse]] as const) {
    const result = await renderLiquidWelcome(profile, now);
    console.log(`\n--- ${label}: ${result.decision} ---`);
    console.log(result.output?.replace(/\n{2,}/g, "\n"));
    for (const [slot, outcome] of Object.entries(result.personalization.report)) {
      const why = outcome.steps.map((step) => `${step.path} ${step.reason}${step.detail === undefined ? "" : ` (${step.detail})`}`).join(", ");
      console.log(`  ${slot.padEnd(15)} ${outcome.outcome.padEnd(13)} ${JSON.stringify(outcome.value)}${why === "" ? "" : `  ← ${why}`}`);
    }
  }
  const preview = await previewPersonalization(welcomeSlots, { now });
  console.log("\ncampaign preview — scenarios in which each slot falls back:");
  for (const [slot, summary] of Object.entries(preview.slots)) console.log(`  ${slot.padEnd(15)} ${summary.fallsBackIn.join(", ")}`);
}

heading("9. Profiles that live: the profile engine on the memory store (day 1, day 2, real time, refresh)");
{
  const people = 2_000;
  const { records: all, entityIds } = generateCustomerDataset({ entities: people, seed: 9 });
  const truth = new Map(all.map((record, i) => [record.id, entityIds[i] as string]));
  // Day 1: the exports hold nine records in ten; day 2 the same exports again, with the rest.
  const day1 = all.filter((_, i) => i % 10 !== 9);
  let tick = Date.parse("2025-11-01T06:00:00Z");
  const engine = createProfileEngine({ schema: defineSchema({}), now: () => (tick += 10) });
  const partition = async (): Promise<{ recordIds: string[] }[]> => {
    const groups = new Map<string, string[]>();
    for await (const profile of engine.profiles()) groups.set(profile.id, profile.recordKeys.map((key) => key.slice(key.indexOf(":") + 1)));
    return [...groups.values()].map((recordIds) => ({ recordIds }));
  };
  let started = performance.now();
  const first = await engine.ingestMany(day1);
  console.log(`day 1: ${first.processed} records ingested with ingestMany in ${((performance.now() - started) / 1000).toFixed(1)} s:`, Object.entries(first.outcomes).filter(([, n]) => n > 0).map(([o, n]) => `${n} ${o}`).join(", "));
  const refreshed = await engine.refresh();
  console.log(`refresh (the batch path over every stored record): ${refreshed.merged} merged, ${refreshed.split} split, ${refreshed.moved} records moved, ${refreshed.unchanged} profiles unchanged`);
  const day1Ids: string[] = [];
  for await (const profile of engine.profiles()) day1Ids.push(profile.id);
  started = performance.now();
  const second = await engine.ingestMany(all);
  console.log(`\nday 2: ${second.processed} records in ${((performance.now() - started) / 1000).toFixed(1)} s:`, Object.entries(second.outcomes).filter(([, n]) => n > 0).map(([o, n]) => `${n} ${o}`).join(", "), "(re-delivered records are duplicates: nothing changes)");
  await engine.refresh();
  let kept = 0;
  const explained: string[] = [];
  for (const id of day1Ids) {
    const now = await engine.getProfile(id);
    if (now?.id === id) kept++;
    else explained.push(`${id} → ${now?.id ?? "?"} (${(await engine.history(id))?.lineage.map((event) => event.type).join(", ") ?? ""})`);
  }
  console.log(`day-1 profiles that kept their id: ${kept} of ${day1Ids.length} (${((kept / day1Ids.length) * 100).toFixed(2)}%); the others, each explained by its lineage (old id → id now, events), and still answered through the alias:`);
  for (const line of explained.slice(0, 3)) console.log(`  ${line}`);
  if (explained.length > 3) console.log(`  … and ${explained.length - 3} more`);

  console.log("\nreal time: one new sign-up of a known customer, then an update of a known record");
  const known = all[0] as Record<string, string>;
  const signup = { id: "web-new-1", source: "web", updatedAt: "2025-11-02T08:00:00Z", firstName: known["firstName"] ?? "", lastName: known["lastName"] ?? "", email: known["email"] ?? "" };
  started = performance.now();
  const joined = await engine.ingest(signup);
  console.log(`  ingest → ${joined.outcome} ${joined.profileId ?? ""} in ${(performance.now() - started).toFixed(2)} ms`);
  const moved = await engine.ingest({ ...signup, updatedAt: "2025-11-03T08:00:00Z", city: "Portland" });
  console.log(`  update → ${moved.outcome}; the profile's city is now ${JSON.stringify((await engine.getProfile(moved.profileId ?? ""))?.attributes["city"])}`);
  const why = await engine.explain({ source: "web", id: "web-new-1" }, { source: known["source"] ?? "", id: known["id"] ?? "" });
  console.log(`  why they match: ${formatDecision(why.decidedBy)}, probability ${why.probability.toFixed(3)}`);
  const split = await engine.assert({ source: "web", id: "web-new-1" }, { source: known["source"] ?? "", id: known["id"] ?? "" }, false);
  console.log(`  a support agent says they are two people: now ${split.profileIds.length} profiles, kept apart from now on`);
  const erased = await engine.erase((await engine.profileOf("web:web-new-1"))?.id ?? "");
  console.log(`  right to be forgotten: ${erased?.records ?? 0} record(s) and the history of ${erased?.profileId ?? ""} erased; a later event for them is ${(await engine.ingest(signup)).outcome}`);

  await engine.refresh();
  const e = evaluateClusters(await partition(), new Map([...truth].filter(([id]) => id !== "web-new-1")));
  console.log(`\nafter the last refresh, against the generator's truth: precision ${e.precision.toFixed(4)}, recall ${e.recall.toFixed(4)}, F1 ${e.f1.toFixed(4)}`);
}

heading("Beyond this demo (they need servers, or files)");
console.log("The PostgreSQL store and the RabbitMQ worker need their servers, so this demo leaves them out: npm run realtime:worker");
console.log("and npm run realtime:producer run them (README, Production). Metrics go to OpenTelemetry when your process registers a");
console.log("MeterProvider (README, Monitoring); data-quality checks and a Grafana dashboard are there too (npm run monitoring:example),");
console.log("and files go through the command line: npx profile-kit cleanse | resolve | train | explain | ingest | refresh | schema init,");
console.log("with a self-contained HTML report: npx profile-kit resolve examples/cli/customers.csv --schema examples/cli/schema.json --truth person --out profiles.ndjson --report report.html");
console.log("This demo shows only what works today.");
