import { describe, expect, it } from "vitest";
import { cleanseRecords } from "../cleanse/cleanseRecords.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { enrichRecords, type Enricher } from "./enrichRecords.js";

const clock = () => new Date("2026-11-29T12:00:00Z");

describe("enrichRecords", () => {
  const { results: records } = cleanseRecords([
    { id: "1", email: "ann@acme.com", city: "Boston" },
    { id: "2", email: "bob@acme.com" },
    { id: "3", email: "slow@acme.com" },
  ]);

  const survey: Enricher = {
    name: "survey",
    enrich(record) {
      if (record["email"] === "bob@acme.com") return Promise.reject(new Error("service down"));
      if (record["email"] === "slow@acme.com") return new Promise<never>(() => undefined);
      return Promise.resolve(JSON.parse('{"loyaltyTier": "gold", "city": "Cambridge", "__proto__": {"polluted": true}}') as Record<string, unknown>);
    },
  };
  const geo: Enricher = { name: "geo", enrich: () => Promise.resolve({ timezone: "America/New_York" }) };

  it("adds attributes with provenance, keeps source values, and isolates failures to their record", async () => {
    const enriched = await enrichRecords(records, [survey, geo], { timeoutMs: 1000, clock });
    expect(enriched).toHaveLength(3);
    expect(enriched[0]?.record).toMatchObject({ email: "ann@acme.com", city: "Boston", loyaltyTier: "gold", timezone: "America/New_York" });
    expect(enriched[0]?.enrichment).toEqual({
      loyaltyTier: { enricher: "survey", at: "2026-11-29T12:00:00.000Z" },
      timezone: { enricher: "geo", at: "2026-11-29T12:00:00.000Z" },
    });
    expect(enriched[1]?.record).toMatchObject({ email: "bob@acme.com", timezone: "America/New_York" });
    expect(enriched[1]?.issues).toEqual([expect.objectContaining({ code: "enrichment_failed", enricher: "survey", reason: "error" })]);
    expect(enriched[2]?.issues).toEqual([expect.objectContaining({ code: "enrichment_failed", reason: "timeout" })]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(enriched[0]?.issues).toEqual([expect.objectContaining({ code: "unsafe_key", path: ["__proto__"] })]);
  });

  it("reports a malformed result without failing the batch", async () => {
    const broken: Enricher = { name: "broken", enrich: () => Promise.resolve([1, 2] as unknown as Record<string, unknown>) };
    const enriched = await enrichRecords(records.slice(0, 1), [broken], { clock });
    expect(enriched[0]?.issues[0]).toMatchObject({ code: "enrichment_failed", reason: "invalid_result" });
  });

  it("rejects bad enrichers and options with invalid_options", async () => {
    for (const [enrichers, options] of [[[{ name: "" }], {}], [[geo], { timeoutMs: 0 }], [[geo], { clock: "now" }]] as const) {
      const error: unknown = await enrichRecords(records, enrichers as never, options as never).then(() => null, (e: unknown) => e);
      expect(isProfileKitError(error) && error.code === "invalid_options").toBe(true);
    }
  });
});
