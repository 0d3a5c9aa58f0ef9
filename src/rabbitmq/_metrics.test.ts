// The RabbitMQ worker's instruments, read through the OpenTelemetry SDK's own reader (a dev dependency):
// names, units, attributes, the reason kinds a dead letter is counted under, and when a lag is recorded.
import { metrics } from "@opentelemetry/api";
import { MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { _queueMetrics } from "./_metrics.js";

/** A reader collected on demand. */
class TestReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

interface Instrument {
  readonly unit: string;
  readonly description: string;
  readonly points: { attributes: Record<string, unknown>; value: unknown }[];
}

function instruments(collected: ResourceMetrics): Map<string, Instrument> {
  const out = new Map<string, Instrument>();
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      out.set(metric.descriptor.name, { unit: metric.descriptor.unit, description: metric.descriptor.description, points: metric.dataPoints });
    }
  }
  return out;
}

function setUp(inFlight: () => number = () => 0): { queue: ReturnType<typeof _queueMetrics>; read: () => Promise<Map<string, Instrument>>; provider: MeterProvider } {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  const queue = _queueMetrics(provider.getMeter("profile-kit"), "records", inFlight);
  return { queue, provider, read: async () => instruments((await reader.collect()).resourceMetrics) };
}

describe("the RabbitMQ worker's metrics", () => {
  it("counts settled messages by result, and dead letters by the kind of their reason, never its text", async () => {
    const { queue, read } = setUp();
    queue.settled("ingested", null, 0.2);
    queue.settled("ingested", null, 0.4);
    queue.settled("dead_lettered", "invalid_json", null);
    queue.settled("dead_lettered", "rejected: missing_key at id (ann.lee@fastmail.com)", null);
    queue.settled("dead_lettered", "store_failure: connection reset", null);
    queue.settled("dead_lettered", "the validator threw", null);
    const messages = (await read()).get("profile_kit.queue.messages") as Instrument;
    expect(messages.unit).toBe("{message}");
    expect(messages.description).toContain("dead-lettered");
    const counted = messages.points.map((point) => [point.attributes, point.value]);
    expect(counted).toHaveLength(5);
    expect(counted).toContainEqual([{ "messaging.destination.name": "records", "profile_kit.queue.result": "ingested" }, 2]);
    for (const kind of ["invalid_json", "rejected", "store_failure", "error"]) {
      expect(counted).toContainEqual([{ "messaging.destination.name": "records", "profile_kit.queue.result": "dead_lettered", "profile_kit.dead_letter.reason": kind }, 1]);
    }
    expect(JSON.stringify(counted)).not.toContain("ann.lee");
  });

  it("records the lag in seconds only when it is a finite, non-negative number, with its buckets", async () => {
    const { queue, read } = setUp();
    queue.settled("ingested", null, 0.02);
    queue.settled("ingested", null, 0);
    queue.settled("ingested", null, 42);
    queue.settled("ingested", null, null);
    queue.settled("ingested", null, -1);
    queue.settled("ingested", null, Number.NaN);
    queue.settled("ingested", null, Number.POSITIVE_INFINITY);
    const lag = (await read()).get("profile_kit.queue.lag") as Instrument;
    expect(lag.unit).toBe("s");
    expect(lag.points).toHaveLength(1);
    const point = lag.points[0] as { attributes: Record<string, unknown>; value: { count: number; sum: number; buckets: { boundaries: number[] } } };
    expect(point.attributes).toStrictEqual({ "messaging.destination.name": "records" });
    expect(point.value.count).toBe(3);
    expect(point.value.sum).toBeCloseTo(42.02, 10);
    expect(point.value.buckets.boundaries).toStrictEqual([0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800]);
  });

  it("counts reconnections and observes the messages in flight", async () => {
    let busy = 3;
    const { queue, read } = setUp(() => busy);
    queue.reconnected();
    queue.reconnected();
    let found = await read();
    const reconnects = found.get("profile_kit.queue.reconnects") as Instrument;
    expect(reconnects.unit).toBe("{connection}");
    expect(reconnects.points.map((point) => [point.attributes, point.value])).toStrictEqual([[{ "messaging.destination.name": "records" }, 2]]);
    const inFlight = found.get("profile_kit.queue.in_flight") as Instrument;
    expect(inFlight.unit).toBe("{message}");
    expect(inFlight.points.map((point) => [point.attributes, point.value])).toStrictEqual([[{ "messaging.destination.name": "records" }, 3]]);
    busy = 0;
    found = await read();
    expect((found.get("profile_kit.queue.in_flight") as Instrument).points.map((point) => point.value)).toStrictEqual([0]);
  });

  it("uses the global MeterProvider's meter when given none", async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    expect(metrics.setGlobalMeterProvider(provider)).toBe(true);
    try {
      _queueMetrics(undefined, "records", () => 0).reconnected();
      const found = instruments((await reader.collect()).resourceMetrics);
      expect((found.get("profile_kit.queue.reconnects") as Instrument).points.map((point) => point.value)).toStrictEqual([1]);
    } finally {
      metrics.disable();
    }
  });
});
