import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { generateCustomerDataset } from "../testing/generateCustomerDataset.js";
import { cleanseRecords } from "./cleanseRecords.js";

// What a batch keeps alive per record is what its garbage collections copy (a quarter of a batch's time
// when it was 2.9 KB per record). Heap sizes, unlike times, repeat from run to run on one Node version.
// Stryker's instrumented copies allocate differently: not measured under mutation testing.
const mutating = process.env["PROFILE_KIT_MUTATING"] === "1";

function collector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

describe.skipIf(mutating)("cleanseRecords: what a batch keeps", () => {
  it("keeps under 1.3 KB per generated record (standard values stored flat, repeated readings shared)", () => {
    const gc = collector();
    const { records } = generateCustomerDataset({ entities: 8_000, seed: 11 });
    const batch = records.slice(0, 20_000);
    // Once first, so that compiled code and lazily built tables are not counted.
    cleanseRecords(batch.slice(0, 2_000), { now: "2026-01-01T00:00:00Z" });
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = cleanseRecords(batch, { now: "2026-01-01T00:00:00Z" });
    gc();
    const perRecord = (process.memoryUsage().heapUsed - before) / batch.length;
    expect(kept.results).toHaveLength(batch.length);
    // 1,411 bytes before timestamps, emails and keys were stored flat; 1,227 after (measured at 100,000).
    expect(perRecord).toBeLessThan(1_300);
    expect(perRecord).toBeGreaterThan(500);
  });
});
