import { describe, expect, it } from "vitest";
import { _historyOf } from "./_fixture.js";
import { attributeTimeline } from "./attributeTimeline.js";
import { redactAttribute } from "./eraseProfile.js";

const history = _historyOf([
  ["2024-01-02T00:00:00Z", [{ attribute: "city", value: "Leeds", validAt: "2024-01-01T00:00:00Z", source: "crm" }]],
  ["2024-03-10T00:00:00Z", [
    { attribute: "city", value: "York", validAt: "2024-03-01T00:00:00Z", source: "crm" },
    { attribute: "city", value: "Leeds", validAt: "2024-02-01T00:00:00Z", source: "web" },
  ]],
  ["2024-05-10T00:00:00Z", [
    { attribute: "city", value: "Hull", validAt: "2024-05-01T00:00:00Z", source: "orders" },
    { attribute: "city", value: "Bath", validAt: "2024-03-01T00:00:00Z", source: "support" },
  ]],
]);

describe("attributeTimeline", () => {
  it("lists one period per value in valid-time order: repeats extend a period, corrections replace", () => {
    expect(attributeTimeline(history, "city").periods).toEqual([
      { value: "Leeds", validFrom: "2024-01-01T00:00:00.000Z", validTo: "2024-03-01T00:00:00.000Z", source: "crm", version: 1, recordedAt: "2024-01-02T00:00:00.000Z", redacted: false },
      { value: "Bath", validFrom: "2024-03-01T00:00:00.000Z", validTo: "2024-05-01T00:00:00.000Z", source: "support", version: 5, recordedAt: "2024-05-10T00:00:00.000Z", redacted: false },
      { value: "Hull", validFrom: "2024-05-01T00:00:00.000Z", validTo: null, source: "orders", version: 4, recordedAt: "2024-05-10T00:00:00.000Z", redacted: false },
    ]);
  });

  it("shows the timeline as known at a recorded time", () => {
    expect(attributeTimeline(history, "city", { recordedAt: "2024-04-01T00:00:00Z" }).periods.map((period) => period.value)).toEqual(["Leeds", "York"]);
    expect(attributeTimeline(history, "city", { recordedAt: "2023-01-01T00:00:00Z" }).periods).toEqual([]);
  });

  it("is empty for an unknown attribute and never returns redacted values", () => {
    expect(attributeTimeline(history, "email").periods).toEqual([]);
    const redacted = attributeTimeline(redactAttribute(history, "city", { now: "2024-06-01T00:00:00Z" }), "city");
    expect(redacted.periods).toHaveLength(1);
    expect(redacted.periods[0]).toMatchObject({ value: null, redacted: true, validFrom: "2024-01-01T00:00:00.000Z" });
  });

  it("reads a zone-less recordedAt in the timeZone option (UTC by default), and reports one it cannot read", () => {
    // 22:00 on 9 March is before the second batch (10 March 00:00 UTC) in UTC, after it in New York.
    expect(attributeTimeline(history, "city", { recordedAt: "2024-03-09T22:00:00" }).periods.map((period) => period.value)).toEqual(["Leeds"]);
    expect(attributeTimeline(history, "city", { recordedAt: "2024-03-09T22:00:00", timeZone: "America/New_York" }).periods.map((period) => period.value)).toEqual(["Leeds", "York"]);
    const unreadable = attributeTimeline(history, "city", { recordedAt: "whenever" });
    expect(unreadable.periods).toEqual([]);
    expect(unreadable.issues.map((issue) => [issue.code, issue.path])).toEqual([["invalid_date", ["recordedAt"]]]);
    expect(() => attributeTimeline(history, "city", { colour: "red" } as never)).toThrow(/^attributeTimeline: invalid options/);
  });
});
