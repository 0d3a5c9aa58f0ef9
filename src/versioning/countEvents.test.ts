import { describe, expect, it } from "vitest";
import { _historyOf } from "./_fixture.js";
import { countEvents } from "./countEvents.js";

const history = _historyOf([
  ["2024-05-01T00:00:00Z", [
    { attribute: "order", value: { total: 20 }, validAt: "2024-01-15T10:00:00Z" },
    { attribute: "order", value: { total: 35 }, validAt: "2024-01-31T20:00:00Z" },
    { attribute: "order", value: { total: 12 }, validAt: "2024-03-02T09:00:00Z" },
    { attribute: "visit", value: true, validAt: "2024-03-04T09:00:00Z" },
  ]],
]);

describe("countEvents", () => {
  it("counts an event attribute per month, empty months included", () => {
    expect(countEvents(history, "order")).toEqual({
      attribute: "order",
      total: 3,
      buckets: [
        { period: "2024-01", start: "2024-01-01T00:00:00.000Z", count: 2 },
        { period: "2024-02", start: "2024-02-01T00:00:00.000Z", count: 0 },
        { period: "2024-03", start: "2024-03-01T00:00:00.000Z", count: 1 },
      ],
    });
  });

  it("reads the calendar in the given zone: 31 January 20:00 UTC is 1 February in Kolkata", () => {
    const kolkata = countEvents(history, "order", { timeZone: "Asia/Kolkata" });
    expect(kolkata.buckets.map((bucket) => [bucket.period, bucket.count])).toEqual([["2024-01", 1], ["2024-02", 1], ["2024-03", 1]]);
    expect(kolkata.buckets[0]?.start).toBe("2023-12-31T18:30:00.000Z");
  });

  it("buckets by day, ISO week and year, within from and to", () => {
    expect(countEvents(history, "order", { bucket: "year" }).buckets).toEqual([{ period: "2024", start: "2024-01-01T00:00:00.000Z", count: 3 }]);
    const weeks = countEvents(history, "order", { bucket: "week", from: "2024-01-29T00:00:00Z", to: "2024-02-12T00:00:00Z" });
    expect(weeks.buckets.map((bucket) => [bucket.period, bucket.count])).toEqual([["2024-W05", 1], ["2024-W06", 0], ["2024-W07", 0]]);
    expect(weeks.total).toBe(1);
    expect(countEvents(history, "order", { bucket: "day", from: "2024-03-01T00:00:00Z", to: "2024-03-03T00:00:00Z" }).buckets.map((bucket) => bucket.count)).toEqual([0, 1, 0]);
  });

  it("is empty for an attribute with no events, and as known at a recorded time", () => {
    expect(countEvents(history, "refund")).toEqual({ attribute: "refund", buckets: [], total: 0 });
    expect(countEvents(history, "order", { recordedAt: "2024-04-01T00:00:00Z" }).total).toBe(0);
    expect(() => countEvents(history, "order", { bucket: "day", from: "1000-01-01T00:00:00Z", to: "2900-01-01T00:00:00Z" })).toThrow(/buckets/);
  });
});
