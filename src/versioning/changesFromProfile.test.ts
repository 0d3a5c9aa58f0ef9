import { describe, expect, it } from "vitest";
import { appendChanges } from "./appendChanges.js";
import { changesFromProfile } from "./changesFromProfile.js";

describe("changesFromProfile", () => {
  it("gives one change per attribute with a value, timed and sourced by its provenance", () => {
    const profile = {
      attributes: { email: "ann@example.com", city: "Leeds", tier: null, skipped: undefined, tags: ["a"] },
      provenance: { email: { observedAt: "2024-01-01T00:00:00Z", source: "crm" }, city: { source: "web" }, tier: { observedAt: 5 }, tags: "not an object" },
    };
    expect(changesFromProfile(profile as never)).toEqual([
      { attribute: "email", value: "ann@example.com", validAt: "2024-01-01T00:00:00Z", source: "crm" },
      { attribute: "city", value: "Leeds", validAt: null, source: "web" },
      { attribute: "tier", value: null, validAt: 5, source: null },
      { attribute: "tags", value: ["a"], validAt: null, source: null },
    ]);
    // Without provenance, or with provenance that is not an object, nothing is timed or sourced.
    for (const provenance of [undefined, null, "crm"]) {
      expect(changesFromProfile({ attributes: { email: "a@b.com" }, provenance } as never)).toEqual([{ attribute: "email", value: "a@b.com", validAt: null, source: null }]);
    }
    const { history } = appendChanges(null, changesFromProfile(profile as never), { now: "2024-06-01T00:00:00Z", profileId: "p" });
    expect(history.entries.map((entry) => [entry.attribute, entry.source])).toEqual([["email", "crm"], ["city", "web"], ["tier", null], ["tags", null]]);
  });

  it("throws invalid_options naming the problem, with what a getter threw as the cause", () => {
    const error = (run: () => unknown): unknown => {
      try {
        run();
      } catch (caught) {
        return { code: (caught as { code?: unknown }).code, message: (caught as Error).message, cause: (caught as Error).cause };
      }
      return undefined;
    };
    for (const profile of [null, 42, {}, { attributes: null }, { attributes: [] }, { attributes: "x" }]) {
      expect(error(() => changesFromProfile(profile as never))).toEqual({ code: "invalid_options", message: "changesFromProfile: profile.attributes must be an object.", cause: undefined });
    }
    const boom = new Error("getter");
    expect(error(() => changesFromProfile({ get attributes(): never { throw boom; } }))).toEqual({ code: "invalid_options", message: "changesFromProfile: the profile could not be read.", cause: boom });
  });
});
