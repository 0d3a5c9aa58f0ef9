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

describe("diffVersions, attribute by attribute", () => {
  const thrown = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      return { code: (error as { code?: unknown }).code, message: (error as Error).message, cause: (error as Error).cause };
    }
    return undefined;
  };

  it("compares by kind and content: text is not a number, null is a value, undefined is no value", () => {
    expect(diffVersions({ attributes: { a: "1", b: null, c: true, d: { x: [1, 2] }, e: undefined, f: 0 } }, { attributes: { a: 1, b: "null", c: "true", d: { x: [12] }, e: undefined, g: undefined } })).toEqual([
      { attribute: "a", kind: "changed", before: "1", after: 1 },
      { attribute: "b", kind: "changed", before: null, after: "null" },
      { attribute: "c", kind: "changed", before: true, after: "true" },
      { attribute: "d", kind: "changed", before: { x: [1, 2] }, after: { x: [12] } },
      { attribute: "f", kind: "removed", before: 0 },
    ]);
    expect(diffVersions({ attributes: { b: null, z: 1 } }, { attributes: { a: false, b: null } })).toEqual([
      { attribute: "a", kind: "added", after: false },
      { attribute: "z", kind: "removed", before: 1 },
    ]);
  });

  it("names the side without attributes, and keeps what a getter threw as the cause", () => {
    for (const [before, after, message] of [
      [null, { attributes: {} }, "diffVersions: before.attributes must be an object."],
      [{ attributes: {} }, { attributes: [] }, "diffVersions: after.attributes must be an object."],
      [{ attributes: {} }, 7, "diffVersions: after.attributes must be an object."],
    ] as const) {
      expect(thrown(() => diffVersions(before as never, after as never))).toEqual({ code: "invalid_options", message, cause: undefined });
    }
    const boom = new Error("getter");
    const unreadable = { get attributes(): never { throw boom; } };
    expect(thrown(() => diffVersions({ attributes: {} }, unreadable as never))).toEqual({ code: "invalid_options", message: "diffVersions: after.attributes could not be read.", cause: boom });
  });
});
