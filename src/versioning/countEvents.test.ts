import { describe, expect, it } from "vitest";
import { _historyOf } from "./_fixture.js";
import { countEvents } from "./countEvents.js";
import { redactAttribute } from "./eraseProfile.js";

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

describe("countEvents: edges", () => {
  const events = _historyOf([
    // Recorded out of valid-time order: counts follow valid time, not the order of recording.
    ["2024-05-01T00:00:00Z", [{ attribute: "order", value: 1, validAt: "2024-03-10T00:00:00Z" }]],
    ["2024-05-02T00:00:00Z", [
      { attribute: "order", value: 2, validAt: "2024-01-10T00:00:00Z" },
      // Exactly at the start of February: February's, not January's.
      { attribute: "order", value: 3, validAt: "2024-02-01T00:00:00Z" },
      // A removal is no event.
      { attribute: "order", value: null, validAt: "2024-02-15T00:00:00Z" },
    ]],
  ]);

  it("counts by valid time whatever the recording order, an event at a bucket's start in that bucket, and no removal", () => {
    expect(countEvents(events, "order").buckets.map((bucket) => [bucket.period, bucket.count])).toEqual([["2024-01", 1], ["2024-02", 1], ["2024-03", 1]]);
    expect(countEvents(events, "order").total).toBe(3);
  });

  it("counts a redacted event: it happened, only its value is gone", () => {
    const redacted = redactAttribute(events, "order", { now: "2024-06-01T00:00:00Z" });
    expect(countEvents(redacted, "order").total).toBe(3);
  });

  it("leaves out events before from's bucket, and gives one bucket when from and to are the same time, none when to is earlier", () => {
    expect(countEvents(events, "order", { from: "2024-02-01T00:00:00Z" }).buckets.map((bucket) => bucket.count)).toEqual([1, 1]);
    expect(countEvents(events, "order", { from: "2024-02-10T00:00:00Z", to: "2024-02-10T00:00:00Z" }).buckets).toEqual([{ period: "2024-02", start: "2024-02-01T00:00:00.000Z", count: 1 }]);
    expect(countEvents(events, "order", { from: "2024-02-10T00:00:00Z", to: "2024-02-09T00:00:00Z" })).toEqual({ attribute: "order", buckets: [], total: 0 });
  });

  it("allows 100,000 buckets and no more", () => {
    const from = Date.parse("2000-01-01T00:00:00Z");
    const day = 86_400_000;
    expect(countEvents(events, "order", { bucket: "day", from, to: from + 99_999 * day }).buckets).toHaveLength(100_000);
    expect(() => countEvents(events, "order", { bucket: "day", from, to: from + 100_000 * day })).toThrow(/^countEvents: more than 100000 buckets/);
  });

  it("names the option that is not a usable time, and itself, in every error", () => {
    const message = (options: Parameters<typeof countEvents>[2]): string => {
      try {
        countEvents(events, "order", options);
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    };
    expect(message({ from: "whenever" })).toMatch(/^countEvents: options\.from is not a usable time/);
    expect(message({ to: "whenever" })).toMatch(/^countEvents: options\.to is not a usable time/);
    expect(message({ recordedAt: "whenever" })).toMatch(/^countEvents: options\.recordedAt is not a usable time/);
    expect(message({ bucket: "hour" as never })).toMatch(/^countEvents: invalid options/);
  });
});
