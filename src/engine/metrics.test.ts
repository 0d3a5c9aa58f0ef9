// The engine's metrics, read through the OpenTelemetry SDK's own reader (a dev dependency): what each
// instrument reports, and that no customer value reaches any of them.
import { metrics } from "@opentelemetry/api";
import { MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _engineMetrics, _measuredStore } from "./_metrics.js";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ProfileStore } from "./store.js";

/** A reader collected on demand. */
class TestReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function meterWithReader(): { meter: ReturnType<MeterProvider["getMeter"]>; read: () => Promise<ResourceMetrics> } {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  return {
    meter: provider.getMeter("profile-kit"),
    read: async () => (await reader.collect()).resourceMetrics,
  };
}

/** Data points of one instrument: attributes and value (a sum or gauge value, or a histogram's count). */
function points(metrics: ResourceMetrics, name: string): { attributes: Record<string, unknown>; value: number }[] {
  const out: { attributes: Record<string, unknown>; value: number }[] = [];
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== name) continue;
      for (const point of metric.dataPoints as { attributes: Record<string, unknown>; value: unknown }[]) {
        const value = typeof point.value === "number" ? point.value : (point.value as { count: number }).count;
        out.push({ attributes: point.attributes, value });
      }
    }
  }
  return out;
}

const total = (list: readonly { value: number }[]): number => list.reduce((sum, p) => sum + p.value, 0);

const schema = defineSchema({
  sources: ["crm", "web"],
  slots: { firstName: { path: "firstName", generic: "there" } },
});
const ann = { id: "1", source: "crm", updatedAt: "2025-01-01T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" };
const annWeb = { id: "w1", source: "web", updatedAt: "2025-01-02T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com" };

describe("profile engine metrics (OpenTelemetry)", () => {
  it("counts records by source and outcome, times ingests, batches and commits, and counts validation issues", async () => {
    const { meter, read } = meterWithReader();
    const engine = createProfileEngine({ schema, meter });
    await engine.ingest(ann);
    await engine.ingest(ann);
    await engine.ingestMany([annWeb, { id: "x", source: "shop", email: "not-an-email" }, { email: "no id" }]);
    const metrics = await read();
    const records = points(metrics, "profile_kit.ingest.records");
    const of = (source: string, outcome: string): number => total(records.filter((p) => p.attributes["profile_kit.source"] === source && p.attributes["profile_kit.outcome"] === outcome));
    expect(of("crm", "created")).toBe(1);
    expect(of("crm", "duplicate")).toBe(1);
    expect(of("web", "joined")).toBe(1);
    // A source the schema does not declare is "other"; so is a record without one.
    expect(of("other", "created")).toBe(1);
    expect(of("other", "rejected")).toBe(1);
    expect(total(points(metrics, "profile_kit.ingest.duration"))).toBe(2);
    expect(total(points(metrics, "profile_kit.ingest.batch.duration"))).toBe(1);
    expect(total(points(metrics, "profile_kit.ingest.batch.size"))).toBe(1);
    const commits = points(metrics, "profile_kit.store.commit.duration");
    expect(total(commits.filter((p) => p.attributes["profile_kit.result"] === "ok"))).toBeGreaterThanOrEqual(2);
    const issues = points(metrics, "profile_kit.validation.issues");
    expect(issues.some((p) => p.attributes["profile_kit.issue.code"] === "invalid_email" && p.attributes["profile_kit.field"] === "email")).toBe(true);
    expect(issues.some((p) => p.attributes["profile_kit.issue.code"] === "missing_key")).toBe(true);
  });

  it("counts a record a host function rejects while a batch is prepared as rejected, under its source, with its issue", async () => {
    const { meter, read } = meterWithReader();
    const hooked = defineSchema({ sources: ["crm"], identity: { customerIdFormat: (value: string) => {
      if (value === "C-0") throw new Error("no format for C-0");
      return value;
    } } });
    const engine = createProfileEngine({ schema: hooked, meter });
    await engine.ingestMany([ann, { ...ann, id: "2", customerId: "C-0" }]);
    const records = points(await read(), "profile_kit.ingest.records");
    const of = (outcome: string): number => total(records.filter((p) => p.attributes["profile_kit.source"] === "crm" && p.attributes["profile_kit.outcome"] === outcome));
    expect([of("created"), of("rejected")]).toStrictEqual([1, 1]);
    expect(points(await read(), "profile_kit.validation.issues").some((p) => p.attributes["profile_kit.issue.code"] === "hook_failed")).toBe(true);
  });

  it("counts guard cuts and conflicts between sources, by attribute and strategy", async () => {
    const { meter, read } = meterWithReader();
    const engine = createProfileEngine({ schema, meter });
    await engine.ingestMany([{ ...ann, phone: "+1 415 867 2211" }, { ...annWeb, phone: "+1 415 867 9933" }]);
    await engine.assert("crm:1", "web:w1", false);
    const metrics = await read();
    const conflicts = points(metrics, "profile_kit.merge.conflicts");
    expect(conflicts.some((p) => p.attributes["profile_kit.attribute"] === "phone" && typeof p.attributes["profile_kit.resolved_by"] === "string")).toBe(true);
    expect(total(points(metrics, "profile_kit.identity.guard_cuts").filter((p) => p.attributes["profile_kit.guard"] === "cannot_link"))).toBeGreaterThanOrEqual(1);
  });

  it("counts refused commits and failed store operations", async () => {
    const { meter, read } = meterWithReader();
    const base = memoryStore();
    let refuse = 1;
    let fail = 1;
    const store: ProfileStore = {
      get: (kind, keys) => base.get(kind, keys),
      members: (keys, limit) => base.members(keys, limit),
      counters: (keys) => base.counters(keys),
      scan: (kind, after, limit) => base.scan(kind, after, limit),
      commit: (changes) => (refuse-- > 0 ? { ok: false, conflicts: ["record:x"] } : base.commit(changes)),
    };
    const engine = createProfileEngine({ schema, store, meter });
    expect((await engine.ingest(ann)).outcome).toBe("created");
    const failing: ProfileStore = { ...store, get: (kind, keys) => (fail-- > 0 ? Promise.reject(new Error("connection reset")) : base.get(kind, keys)) };
    const error = await createProfileEngine({ schema, store: failing, meter }).ingest(annWeb).then(() => null, (e: unknown) => e);
    expect(isProfileKitError(error) && error.code === "store_failure").toBe(true);
    const metrics = await read();
    expect(total(points(metrics, "profile_kit.store.conflicts"))).toBe(1);
    expect(points(metrics, "profile_kit.store.failures")).toEqual([{ attributes: { "profile_kit.store.operation": "get" }, value: 1 }]);
  });

  it("reports refresh changes, per-source freshness and personalization outcomes", async () => {
    const { meter, read } = meterWithReader();
    const engine = createProfileEngine({ schema, meter });
    await engine.ingestMany([ann, annWeb]);
    const [keyA, keyB] = ["crm:1", "web:w1"];
    await engine.assert(keyA, keyB, false);
    await engine.refresh();
    const id = (await engine.profileOf(keyA))?.id as string;
    await engine.personalize(id);
    await engine.personalize((await engine.profileOf(keyB))?.id as string);
    const metrics = await read();
    expect(total(points(metrics, "profile_kit.refresh.duration"))).toBe(1);
    const freshness = points(metrics, "profile_kit.source.freshness");
    expect(freshness.map((p) => p.attributes["profile_kit.source"]).sort()).toEqual(["crm", "web"]);
    // Ann's newest crm record was observed on 2025-01-01: its age is the time since.
    const crm = freshness.find((p) => p.attributes["profile_kit.source"] === "crm")?.value ?? 0;
    expect(Math.abs(crm - (Date.now() - Date.parse("2025-01-01T00:00:00Z")) / 1000)).toBeLessThan(60);
    const slots = points(metrics, "profile_kit.personalization.slots");
    expect(total(slots.filter((p) => p.attributes["profile_kit.slot"] === "firstName" && p.attributes["profile_kit.slot.outcome"] === "personalized"))).toBe(2);
    expect(total(points(metrics, "profile_kit.personalization.sends").filter((p) => p.attributes["profile_kit.send"] === "send"))).toBe(2);
  });

  it("lets no customer value reach a metric, on any path", async () => {
    const { meter, read } = meterWithReader();
    const marker = "zqxmarker";
    const store = memoryStore();
    const engine = createProfileEngine({ schema, store, meter });
    const marked = (n: number, source: string): Record<string, unknown> => ({
      id: `${marker}-${n}`,
      source,
      updatedAt: "2025-01-01T00:00:00Z",
      firstName: `${marker}a`,
      lastName: `${marker}b`,
      email: `${marker}${n}@${marker}.example`,
      phone: `+1 415 ${marker}`,
      street: `${marker} street`,
      city: marker,
      postalCode: marker,
      customerId: marker,
      [marker]: marker,
    });
    await engine.ingest(marked(1, "crm"));
    await engine.ingest(marked(1, "crm"));
    await engine.ingest(marked(2, marker));
    await engine.ingestMany([marked(3, marker), marked(4, "web"), { email: marker }, null, marker]);
    await engine.refresh();
    const profile = await engine.profileOf({ source: "crm", id: `${marker}-1` });
    await engine.personalize(profile?.id as string);
    await engine.erase(profile?.id as string);
    await engine.ingest(marked(1, "crm"));
    const text = JSON.stringify(await read()).toLowerCase();
    expect(text).toContain("profile_kit.ingest.records");
    expect(text).not.toContain(marker);
  });

  it("reports to the global MeterProvider registered before the engine is made, when no meter is given", async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    expect(_engineMetrics(undefined, [], [], []).enabled).toBe(false);
    expect(metrics.setGlobalMeterProvider(provider)).toBe(true);
    try {
      expect(_engineMetrics(undefined, [], [], []).enabled).toBe(true);
      const engine = createProfileEngine({ schema });
      await engine.ingest(ann);
      const { resourceMetrics } = await reader.collect();
      expect(points(resourceMetrics, "profile_kit.ingest.records")).toEqual([{ attributes: { "profile_kit.source": "crm", "profile_kit.outcome": "created" }, value: 1 }]);
      expect(resourceMetrics.scopeMetrics[0]?.scope.name).toBe("profile-kit");
    } finally {
      metrics.disable();
    }
    // Without one, the engine calls no instrument and leaves the store unwrapped.
    const silent = _engineMetrics(undefined, [], [], []);
    expect(silent.enabled).toBe(false);
    const base = memoryStore();
    expect(_measuredStore(base, silent)).toBe(base);
    const plain = createProfileEngine({ schema });
    expect((await plain.ingest(ann)).outcome).toBe("created");
  });

  it("is a no-op without a MeterProvider, and refuses a meter that is not one", async () => {
    const engine = createProfileEngine({ schema });
    expect((await engine.ingest(ann)).outcome).toBe("created");
    const error = (() => {
      try {
        createProfileEngine({ schema, meter: {} as never });
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(isProfileKitError(error) && error.code === "invalid_options").toBe(true);
    expect(() => defineSchema({ sources: [""] })).toThrow(/sources/);
  });
});
