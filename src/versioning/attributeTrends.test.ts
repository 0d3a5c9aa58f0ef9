import { describe, expect, it } from "vitest";
import { _historyOf } from "./_fixture.js";
import { attributeTrends } from "./attributeTrends.js";

const NOW = "2024-12-31T00:00:00Z";
const history = _historyOf([
  ["2024-12-30T00:00:00Z", [
    { attribute: "email", value: "a@example.com", validAt: "2024-01-10T00:00:00Z" },
    { attribute: "email", value: "b@example.com", validAt: "2024-10-10T00:00:00Z" },
    { attribute: "email", value: "b@example.com", validAt: "2024-10-20T00:00:00Z" },
    { attribute: "email", value: "c@example.com", validAt: "2024-11-10T00:00:00Z" },
    { attribute: "email", value: "d@example.com", validAt: "2024-12-10T00:00:00Z" },
    { attribute: "street", value: "1 Main St", validAt: "2023-06-01T00:00:00Z" },
    { attribute: "city", value: "Leeds", validAt: "2023-06-01T00:00:00Z" },
    // Two moves: street and city change together, which is one move each time.
    { attribute: "street", value: "2 High St", validAt: "2024-03-01T00:00:00Z" },
    { attribute: "city", value: "York", validAt: "2024-03-01T00:00:00Z" },
    { attribute: "street", value: "3 Low Rd", validAt: "2024-09-01T00:00:00Z" },
    { attribute: "city", value: "Hull", validAt: "2024-09-01T00:00:00Z" },
    { attribute: "phone", value: "+441130000000", validAt: "2024-02-01T00:00:00Z" },
  ]],
]);

describe("attributeTrends", () => {
  it("counts value changes per attribute, in total and per window, with when it last changed", () => {
    const trends = attributeTrends(history, { now: NOW });
    const email = trends.attributes.find((trend) => trend.attribute === "email");
    expect(email).toEqual({
      attribute: "email",
      changes: 3,
      changesInWindow: { 30: 1, 90: 3, 365: 3 },
      lastChangedAt: "2024-12-10T00:00:00.000Z",
      firstSeenAt: "2024-01-10T00:00:00.000Z",
      distinctValues: 4,
    });
    expect(trends.attributes.map((trend) => trend.attribute)).toEqual(["city", "email", "phone", "street"]);
    expect(trends.attributes.find((trend) => trend.attribute === "phone")).toMatchObject({ changes: 0, lastChangedAt: "2024-02-01T00:00:00.000Z", distinctValues: 1 });
  });

  it("raises churn signals: email changed three times in 90 days, moved twice in a year", () => {
    const { signals } = attributeTrends(history, { now: NOW });
    expect(signals).toEqual([
      { name: "email_churn", attributes: ["email"], changes: 3, windowDays: 90, lastChangedAt: "2024-12-10T00:00:00.000Z" },
      { name: "moved", attributes: ["street", "postalCode", "city"], changes: 2, windowDays: 365, lastChangedAt: "2024-09-01T00:00:00.000Z" },
    ]);
    // A month later the email burst is out of its window.
    expect(attributeTrends(history, { now: "2025-02-15T00:00:00Z" }).signals.map((signal) => signal.name)).toEqual(["moved"]);
  });

  it("takes custom windows and rules, and trends as known at a recorded time", () => {
    const custom = attributeTrends(history, { now: NOW, windowsDays: [7], churnRules: [{ name: "new_phone", attributes: ["phone"], minChanges: 1, windowDays: 30 }] });
    expect(custom.signals).toEqual([]);
    expect(custom.attributes[0]?.changesInWindow).toEqual({ 7: 0 });
    expect(attributeTrends(history, { now: NOW, recordedAt: "2024-01-01T00:00:00Z" }).attributes).toEqual([]);
    expect(() => attributeTrends(history, { now: NOW, windowsDays: [] })).toThrow(/windowsDays/);
  });
});
