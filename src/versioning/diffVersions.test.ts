import { describe, expect, it } from "vitest";
import { _historyOf } from "./_fixture.js";
import { diffVersions } from "./diffVersions.js";
import { profileAsOf } from "./profileAsOf.js";

describe("diffVersions", () => {
  it("lists attributes added, removed and changed, sorted by name", () => {
    const history = _historyOf([
      ["2024-01-02T00:00:00Z", [
        { attribute: "city", value: "Leeds", validAt: "2024-01-01T00:00:00Z" },
        { attribute: "phone", value: "+441130000000", validAt: "2024-01-01T00:00:00Z" },
        { attribute: "tags", value: { vip: true, tier: "gold" }, validAt: "2024-01-01T00:00:00Z" },
      ]],
      ["2024-02-02T00:00:00Z", [
        { attribute: "city", value: "York", validAt: "2024-02-01T00:00:00Z" },
        { attribute: "phone", value: null, validAt: "2024-02-01T00:00:00Z" },
        { attribute: "email", value: "ann@example.com", validAt: "2024-02-01T00:00:00Z" },
        { attribute: "tags", value: { tier: "gold", vip: true }, validAt: "2024-02-01T00:00:00Z" },
      ]],
    ]);
    expect(diffVersions(profileAsOf(history, { version: 3 }), profileAsOf(history))).toEqual([
      { attribute: "city", kind: "changed", before: "Leeds", after: "York" },
      { attribute: "email", kind: "added", after: "ann@example.com" },
      { attribute: "phone", kind: "removed", before: "+441130000000" },
    ]);
    expect(diffVersions(profileAsOf(history), profileAsOf(history))).toEqual([]);
  });

  it("works on any objects with attributes, such as golden profiles", () => {
    expect(diffVersions({ attributes: { a: [1, 2] } }, { attributes: { a: [2, 1] } })).toEqual([{ attribute: "a", kind: "changed", before: [1, 2], after: [2, 1] }]);
  });
});
