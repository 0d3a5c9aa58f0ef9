// A profile pipeline that Prometheus can watch: the engine's and the RabbitMQ worker's OpenTelemetry
// metrics on a Prometheus endpoint, while generated records flow through every path.
//
//   npm run monitoring:example            # metrics on http://127.0.0.1:9464/metrics, until Ctrl-C
//
// Settings (environment): METRICS_PORT (9464), AMQP_URL (amqp://guest:guest@127.0.0.1:5672), DURATION_S
// (run this long, then exit; default: until Ctrl-C or SIGTERM), TICK_MS (the pace: one tick a second).
//
// What flows, so every panel of dashboard.json has something to show:
//   - one record at a time (`engine.ingest`, the real-time path) from five sources, a few per second;
//   - every 5 s a batch (`engine.ingestMany`) with data-quality checks — every fourth batch is a "broken
//     export" without emails, which fails its completeness check and is marked quarantined;
//   - the same records through RabbitMQ when a broker answers (`consumeRecords`), with one poison message
//     in twenty, which goes to the dead-letter queue; without a broker the queue panels stay empty;
//   - personalization of the profiles touched (fallbacks when a first name is missing), a reviewer's
//     cannot-link now and then (a split), and a refresh every 20 s;
//   - a store that refuses one commit in 40 as a conflict (retried) and fails one read in 400 (counted as a
//     store failure), so the error panels are not flat. Take `chaoticStore` out for a quiet pipeline.
import { metrics } from "@opentelemetry/api";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import amqp from "amqplib";
import { isProfileKitError } from "profile-kit";
import { createProfileEngine, defineSchema, memoryStore, type ProfileStore } from "profile-kit/engine";
import type { Expectation } from "profile-kit/monitoring";
import { consumeRecords, publishRecords, type RecordConsumer } from "profile-kit/rabbitmq";
import { generateCustomerRecords } from "profile-kit/testing";

const port = Number(process.env["METRICS_PORT"] ?? 9464);
const amqpUrl = process.env["AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672";
const duration = process.env["DURATION_S"] === undefined ? null : Number(process.env["DURATION_S"]) * 1000;
const tickMs = Number(process.env["TICK_MS"] ?? 1000);
const queue = `profile-kit.monitoring-example.${process.pid}`;

// The host registers a MeterProvider once; profile-kit's instruments (through @opentelemetry/api) report to it.
const exporter = new PrometheusExporter({ host: "127.0.0.1", port });
const provider = new MeterProvider({ readers: [exporter] });
metrics.setGlobalMeterProvider(provider);

/** The memory store, with faults: a conflict on one commit in 40, a failed read in 400. */
function chaoticStore(store: ProfileStore): ProfileStore {
  let commits = 0;
  let reads = 0;
  return {
    ...store,
    get: (kind, keys) => {
      if (++reads % 400 === 0) throw new Error("simulated read failure");
      return store.get(kind, keys);
    },
    commit: (changes) => (++commits % 40 === 0 ? { ok: false, conflicts: ["simulated"] } : store.commit(changes)),
  };
}

const schema = defineSchema({
  sources: ["crm", "web", "orders", "support", "newsletter"],
  slots: { firstName: { path: "firstName", generic: "there" }, city: { path: "city", policy: "omit" } },
});
const engine = createProfileEngine({ schema, store: chaoticStore(memoryStore()) });

const checks: readonly Expectation[] = [
  { kind: "completeness", field: "email", mostly: 0.5 },
  { kind: "validity", field: "phone", mostly: 0.8, severity: "warn" },
  { kind: "freshness", maxAgeHours: 1 },
  { kind: "volume", min: 20 },
  { kind: "relationships", maxClusterSize: 50 },
];

// An endless, reproducible feed of messy records, observed "just now".
const feed = generateCustomerRecords({ entities: 1_000_000, seed: 7 })[Symbol.iterator]();
function next(): Record<string, unknown> {
  const { value } = feed.next() as IteratorYieldResult<{ record: Record<string, unknown> }>;
  return { ...value.record, updatedAt: new Date(Date.now() - Math.floor(Math.random() * 600_000)).toISOString() };
}

let consumer: RecordConsumer | null = null;
try {
  consumer = await consumeRecords({ url: amqpUrl, queue, engine, batchSize: 20 });
  console.log(`RabbitMQ: consuming ${queue}`);
} catch (error) {
  console.log(`RabbitMQ: not reachable at ${amqpUrl.replace(/\/\/[^@]*@/, "//")} (${error instanceof Error ? error.message : String(error)}); the queue panels will stay empty.`);
}

const touched: string[] = [];
let failures = 0;
let ticks = 0;
const tick = async (): Promise<void> => {
  ticks++;
  // Real time: a few records, one at a time.
  for (let k = 0; k < 5; k++) {
    const result = await engine.ingest(next());
    if (result.profileId !== null) touched.push(result.profileId);
  }
  if (ticks % 5 === 0) {
    // A batch; every fourth is a broken export that lost its emails.
    const broken = ticks % 20 === 0;
    const batch = Array.from({ length: 50 }, () => (broken ? { ...next(), email: undefined } : next()));
    const { batch: record } = await engine.ingestMany(batch, { checks: { expectations: checks } });
    console.log(`batch ${record?.id}: ${record?.status}${record?.checks.failed.length ? ` (${record.checks.failed.map((r) => r.name).join(", ")})` : ""}`);
  }
  if (consumer !== null) {
    const messages: unknown[] = Array.from({ length: 10 }, () => next());
    if (ticks % 2 === 0) messages.push({ note: "no id, no source: a poison message" });
    await publishRecords(messages, { url: amqpUrl, queue });
  }
  // Personalize what was touched.
  for (const id of touched.splice(0)) await engine.personalize(id);
  if (ticks % 7 === 0) {
    // A reviewer's feedback: two records of one merged profile are not the same person.
    for await (const profile of engine.profiles({ pageSize: 200 })) {
      if (profile.recordKeys.length >= 2) {
        await engine.assert(profile.recordKeys[0] as string, profile.recordKeys[1] as string, false);
        break;
      }
    }
  }
  if (ticks % 20 === 0) await engine.refresh();
};

console.log(`metrics on http://127.0.0.1:${port}/metrics`);
const started = Date.now();
const state = { stopping: false };
const stop = async (): Promise<void> => {
  if (state.stopping) return;
  state.stopping = true;
  if (consumer !== null) {
    await consumer.close();
    // The example's queues are its own: removed on the way out.
    const connection = await amqp.connect(amqpUrl);
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
    await channel.deleteQueue(`${queue}.dead`);
    await connection.close();
  }
  await provider.shutdown();
  console.log(`stopped after ${ticks} ticks (${failures} operations met a store failure)`);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
while (!state.stopping && (duration === null || Date.now() - started < duration)) {
  try {
    await tick();
  } catch (error) {
    // A simulated store failure: counted by the engine (profile_kit.store.failures), the pipeline goes on.
    failures++;
    if (!(isProfileKitError(error) && (error.code === "store_failure" || error.code === "store_conflict"))) throw error;
  }
  await new Promise((resolve) => setTimeout(resolve, tickMs));
}
await stop();
