import { describe, expect, it } from "vitest";
import type { ProfileKitError } from "../errors/ProfileKitError.js";
import { profileKitErrorOf } from "../../test/support/errors.js";
import { recordKeyOf, type RecordRef } from "./createProfileEngine.js";

const refusal = (ref: unknown): ProfileKitError => profileKitErrorOf(() => recordKeyOf(ref as RecordRef));

describe("recordKeyOf", () => {
  it("takes a key as it is when it has a source before its colon", () => {
    expect(recordKeyOf("crm:1")).toBe("crm:1");
    expect(recordKeyOf("a:")).toBe("a:");
    expect(recordKeyOf("crm:1:2")).toBe("crm:1:2");
  });

  it("refuses a key without a source or without a colon, naming it", () => {
    for (const ref of [":1", "crm", ""]) {
      const error = refusal(ref);
      expect(error.code).toBe("invalid_options");
      expect(error.message).toContain(`${JSON.stringify(ref)} is not a record key (source:id)`);
    }
    expect(refusal("x".repeat(200)).message).toContain(`"${"x".repeat(80)}"`);
    expect(refusal("x".repeat(200)).message).not.toContain("x".repeat(81));
  });

  it("builds the key of { source, id }, the source percent-encoded", () => {
    expect(recordKeyOf({ source: "crm", id: "7" })).toBe("crm:7");
    expect(recordKeyOf({ source: "c r:m", id: 7 })).toBe("c%20r%3Am:7");
    expect(recordKeyOf({ source: "crm", id: 0 })).toBe("crm:0");
    expect(recordKeyOf({ source: "crm", id: -2.5 })).toBe("crm:-2.5");
    // Read as ingest reads a record's id and source: trimmed, a finite number as its text.
    expect(recordKeyOf({ source: " crm ", id: " 7 " })).toBe("crm:7");
    expect(recordKeyOf({ source: 5, id: "1" })).toBe("5:1");
  });

  it("refuses { source, id } without a usable source or id", () => {
    const refs: unknown[] = [
      { source: "", id: "1" },
      { source: "  ", id: "1" },
      { source: Number.NaN, id: "1" },
      { source: "crm", id: " " },
      { id: "1" },
      { source: "crm", id: "" },
      { source: "crm" },
      { source: "crm", id: Number.NaN },
      { source: "crm", id: Number.POSITIVE_INFINITY },
      { source: "crm", id: true },
      { source: "crm", id: null },
      null,
      42,
      Object.defineProperty({}, "source", { get: () => { throw new Error("unreadable"); } }),
    ];
    for (const ref of refs) {
      const error = refusal(ref);
      expect(error.code).toBe("invalid_options");
      expect(error.message).toBe("profile engine: a record is named by its key (\"source:id\") or by { source, id }.");
    }
  });
});
