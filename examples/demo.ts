// npm run demo — what profile-kit does today, on generated data and the in-memory defaults only.
// It grows with every capability that lands; it never prints a result the library did not compute.
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

heading("What is not here yet");
console.log("Cleansing, identity resolution, golden profiles, history and personalization fallbacks are in progress;");
console.log("see the status table in README.md. This demo shows only what works today.");
