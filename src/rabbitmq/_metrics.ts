import { metrics as otel, ValueType, type Meter } from "@opentelemetry/api";

/** The header publishRecords stamps each message with: when it was published (epoch ms). */
export const PUBLISHED_AT_HEADER = "x-profile-kit-published-at";

/** The RabbitMQ worker's instruments (no-ops unless the host registers a MeterProvider or passes a meter). */
export interface _QueueMetrics {
  /** A message settled: ingested, or dead-lettered with a reason of a closed set; its lag since publishing. */
  settled(result: "ingested" | "dead_lettered", reason: string | null, lagSeconds: number | null): void;
  reconnected(): void;
}

/** A dead-letter reason's kind: never the reason's text (which can quote a record's values). */
function reasonKind(reason: string): string {
  if (reason === "invalid_json") return "invalid_json";
  if (reason.startsWith("rejected:")) return "rejected";
  if (reason.startsWith("store_failure")) return "store_failure";
  return "error";
}

/**
 * Instruments for one consumer.
 *
 * @param meter - the host's meter, or undefined for the global MeterProvider's
 * @param queue - the queue's name (configuration, not data), an attribute of every point
 * @param inFlight - how many messages are being processed now
 */
export function _queueMetrics(meter: Meter | undefined, queue: string, inFlight: () => number): _QueueMetrics {
  const m = meter ?? otel.getMeter("profile-kit");
  const attributes = { "messaging.destination.name": queue };
  const messages = m.createCounter("profile_kit.queue.messages", { description: "Messages settled by the RabbitMQ worker: ingested, or dead-lettered (with the kind of reason).", unit: "{message}", valueType: ValueType.INT });
  const lag = m.createHistogram("profile_kit.queue.lag", { description: "Time from publishing (publishRecords' stamp) to the message's commit and acknowledgement.", unit: "s", advice: { explicitBucketBoundaries: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800] } });
  const reconnects = m.createCounter("profile_kit.queue.reconnects", { description: "Connections to the broker re-established after a loss.", unit: "{connection}", valueType: ValueType.INT });
  const busy = m.createObservableGauge("profile_kit.queue.in_flight", { description: "Messages taken from the queue and not yet acknowledged.", unit: "{message}", valueType: ValueType.INT });
  busy.addCallback((result) => { result.observe(inFlight(), attributes); });
  return {
    settled(result, reason, lagSeconds) {
      messages.add(1, { ...attributes, "profile_kit.queue.result": result, ...(reason === null ? {} : { "profile_kit.dead_letter.reason": reasonKind(reason) }) });
      if (lagSeconds !== null && Number.isFinite(lagSeconds) && lagSeconds >= 0) lag.record(lagSeconds, attributes);
    },
    reconnected() {
      reconnects.add(1, attributes);
    },
  };
}
