import { describe, expect, it } from "vitest";
import { appendChanges } from "../versioning/appendChanges.js";
import { redactAttribute } from "../versioning/eraseProfile.js";
import type { GoldenProfile } from "../merge/types.js";
import type { ChangeInput, ProfileHistory } from "../versioning/types.js";
import { _historyChanges } from "./_historyChanges.js";

const T = (iso: string): number => Date.parse(iso);
const AT = T("2025-06-01T00:00:00Z");

function historyOf(...rounds: (readonly ChangeInput[])[]): ProfileHistory {
  let history: ProfileHistory | null = null;
  let now = T("2025-05-01T00:00:00Z");
  for (const changes of rounds) {
    history = appendChanges(history, changes, { now: (now += 1000), profileId: "p" }).history;
  }
  return history as ProfileHistory;
}

/**
 * A golden profile's attributes and provenance, each value observed at a time from a source (only the
 * provenance's time and source are read; the time in any form a host may have stored).
 */
function golden(values: Record<string, [unknown, number | string | Date | null, string | null]>): Pick<GoldenProfile, "attributes" | "provenance"> {
  const attributes: Record<string, unknown> = {};
  const provenance: Record<string, { observedAt: unknown; source: string | null }> = {};
  for (const [attribute, [value, observedAt, source]] of Object.entries(values)) {
    attributes[attribute] = value;
    provenance[attribute] = { observedAt, source };
  }
  return { attributes, provenance } as unknown as Pick<GoldenProfile, "attributes" | "provenance">;
}

describe("_historyChanges", () => {
  it("without a history: one change per attribute, as changesFromProfile gives them", () => {
    expect(_historyChanges(null, golden({ city: ["Boston", T("2025-01-01T00:00:00Z"), "crm"], plan: ["pro", null, null] }), AT)).toStrictEqual([
      { attribute: "city", value: "Boston", validAt: T("2025-01-01T00:00:00Z"), source: "crm" },
      { attribute: "plan", value: "pro", validAt: null, source: null },
    ]);
  });

  it("a value observed after the engine's clock is valid from the clock's now, whatever form its time takes", () => {
    const later = T("2025-07-01T00:00:00Z");
    for (const observedAt of [later, "2025-07-01T00:00:00Z", new Date(later)]) {
      expect(_historyChanges(null, golden({ city: ["Boston", observedAt, "crm"] }), AT)).toStrictEqual([{ attribute: "city", value: "Boston", validAt: AT, source: "crm" }]);
    }
    // At the clock's own time, or before it, the time stays as it was given.
    for (const observedAt of [AT, "2025-05-31T23:59:59Z", new Date(AT - 1)]) {
      expect(_historyChanges(null, golden({ city: ["Boston", observedAt, "crm"] }), AT)).toStrictEqual([{ attribute: "city", value: "Boston", validAt: observedAt, source: "crm" }]);
    }
  });

  it("corrects what the history believes after the value's own time, at each of those times, and nothing before or at it", () => {
    const history = historyOf([
      { attribute: "city", value: "Austin", validAt: T("2025-01-01T00:00:00Z"), source: "crm" },
      { attribute: "city", value: "Boston", validAt: T("2025-02-01T00:00:00Z"), source: "orders" },
      { attribute: "city", value: "Chicago", validAt: T("2025-03-01T00:00:00Z"), source: "orders" },
    ]);
    // The golden profile's city now: Austin, from a record observed on February 1st.
    const changes = _historyChanges(history, golden({ city: ["Austin", T("2025-02-01T00:00:00Z"), "crm"] }), AT);
    expect(changes).toStrictEqual([
      { attribute: "city", value: "Austin", validAt: T("2025-02-01T00:00:00Z"), source: "crm" },
      { attribute: "city", value: "Austin", validAt: T("2025-03-01T00:00:00Z"), source: "crm" },
    ]);
    // A value as of a string or a Date time is read the same way.
    expect(_historyChanges(history, golden({ city: ["Austin", "2025-02-01T00:00:00Z", "crm"] }), AT).slice(1)).toStrictEqual(changes.slice(1));
    expect(_historyChanges(history, golden({ city: ["Austin", new Date(T("2025-02-01T00:00:00Z")), "crm"] }), AT).slice(1)).toStrictEqual(changes.slice(1));
  });

  it("a value without a time is valid from now: only beliefs after now would be corrected", () => {
    const history = historyOf([{ attribute: "city", value: "Boston", validAt: T("2025-02-01T00:00:00Z"), source: "orders" }]);
    expect(_historyChanges(history, golden({ city: ["Austin", null, null] }), AT)).toStrictEqual([{ attribute: "city", value: "Austin", validAt: null, source: null }]);
    // An unreadable time counts as now as well.
    expect(_historyChanges(history, golden({ city: ["Austin", "not a time", null] }), AT)).toStrictEqual([{ attribute: "city", value: "Austin", validAt: "not a time", source: null }]);
  });

  it("withdraws every belief about an attribute the profile no longer has, at every time, with no source", () => {
    const history = historyOf([
      { attribute: "phone", value: "+12125550199", validAt: T("2025-01-01T00:00:00Z"), source: "orders" },
      { attribute: "phone", value: "+12125550100", validAt: T("2024-01-01T00:00:00Z"), source: "orders" },
      { attribute: "city", value: "Austin", validAt: T("2025-01-01T00:00:00Z"), source: "crm" },
    ]);
    expect(_historyChanges(history, golden({ city: ["Austin", T("2025-01-01T00:00:00Z"), "crm"] }), AT)).toStrictEqual([
      { attribute: "city", value: "Austin", validAt: T("2025-01-01T00:00:00Z"), source: "crm" },
      { attribute: "phone", value: null, validAt: T("2024-01-01T00:00:00Z"), source: null },
      { attribute: "phone", value: null, validAt: T("2025-01-01T00:00:00Z"), source: null },
    ]);
  });

  it("reads the latest belief at each time: the entry of the highest version there", () => {
    const at = T("2025-03-01T00:00:00Z");
    // Chicago first, then corrected to Austin at the same valid time: the history already agrees.
    const agreed = historyOf([{ attribute: "city", value: "Chicago", validAt: at, source: "orders" }], [{ attribute: "city", value: "Austin", validAt: at, source: "crm" }]);
    expect(_historyChanges(agreed, golden({ city: ["Austin", T("2025-01-01T00:00:00Z"), "crm"] }), AT)).toHaveLength(1);
    // Austin first, then Chicago: Chicago is believed there, and is corrected.
    const disagreed = historyOf([{ attribute: "city", value: "Austin", validAt: at, source: "crm" }], [{ attribute: "city", value: "Chicago", validAt: at, source: "orders" }]);
    expect(_historyChanges(disagreed, golden({ city: ["Austin", T("2025-01-01T00:00:00Z"), "crm"] }), AT)).toStrictEqual([
      { attribute: "city", value: "Austin", validAt: T("2025-01-01T00:00:00Z"), source: "crm" },
      { attribute: "city", value: "Austin", validAt: at, source: "crm" },
    ]);
  });

  it("leaves a belief equal to the value (objects compared by their JSON) and a redacted entry alone", () => {
    const history = historyOf([
      { attribute: "address", value: { city: "Austin", zip: "78701" }, validAt: T("2025-03-01T00:00:00Z"), source: "crm" },
      { attribute: "city", value: "Boston", validAt: T("2025-03-01T00:00:00Z"), source: "orders" },
    ]);
    const redacted = redactAttribute(history, "city", { now: AT });
    expect(_historyChanges(redacted, golden({ address: [{ city: "Austin", zip: "78701" }, T("2025-01-01T00:00:00Z"), "crm"], city: ["Austin", T("2025-01-01T00:00:00Z"), "crm"] }), AT)).toHaveLength(2);
    // Not redacted, the city is corrected; an address that differs is too.
    expect(_historyChanges(history, golden({ address: [{ city: "Austin", zip: "78702" }, T("2025-01-01T00:00:00Z"), "crm"], city: ["Austin", T("2025-01-01T00:00:00Z"), "crm"] }), AT).slice(2)).toStrictEqual([
      { attribute: "address", value: { city: "Austin", zip: "78702" }, validAt: T("2025-03-01T00:00:00Z"), source: "crm" },
      { attribute: "city", value: "Austin", validAt: T("2025-03-01T00:00:00Z"), source: "crm" },
    ]);
  });

  it("returns the profile's changes themselves when nothing needs correcting", () => {
    const history = historyOf([{ attribute: "city", value: "Austin", validAt: T("2025-01-01T00:00:00Z"), source: "crm" }]);
    const changes = _historyChanges(history, golden({ city: ["Austin", T("2025-01-01T00:00:00Z"), "crm"] }), AT);
    expect(changes).toStrictEqual([{ attribute: "city", value: "Austin", validAt: T("2025-01-01T00:00:00Z"), source: "crm" }]);
  });
});
