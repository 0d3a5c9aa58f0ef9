import { describe, expect, it } from "vitest";
import { expectInvalidOptions, thrown } from "../../test/support/errors.js";
import { _decisionOf, formatDecision } from "./_decision.js";
import type { MatchDecision } from "./types.js";

const MALFORMED = "formatDecision: expected a decision ({ kind: \"model\" | \"assertion\" } or { kind: \"rule\", field } or { kind: \"veto\", reason }).";

describe("_decisionOf", () => {
  it("turns each internal label into its decision", () => {
    expect(_decisionOf("model")).toEqual({ kind: "model" });
    expect(_decisionOf("assertion")).toEqual({ kind: "assertion" });
    expect(_decisionOf("rule:email")).toEqual({ kind: "rule", field: "email" });
    expect(_decisionOf("rule:customerId")).toEqual({ kind: "rule", field: "customerId" });
    expect(_decisionOf("veto:firstName")).toEqual({ kind: "veto", reason: "firstName" });
    expect(_decisionOf("veto:noPersonEvidence")).toEqual({ kind: "veto", reason: "noPersonEvidence" });
  });

  it("reads rule: only at the start of a label", () => {
    expect(_decisionOf("veto:rule:")).toEqual({ kind: "veto", reason: "rule:" });
  });

  it("makes each decision once, frozen, and shares it", () => {
    for (const label of ["model", "assertion", "rule:phone", "veto:dateOfBirth"]) {
      const decision = _decisionOf(label);
      expect(Object.isFrozen(decision), label).toBe(true);
      expect(_decisionOf(label), label).toBe(decision);
    }
    expect(_decisionOf("rule:phone")).not.toBe(_decisionOf("rule:email"));
  });
});

describe("formatDecision", () => {
  it("formats each kind of decision as its label", () => {
    expect(formatDecision({ kind: "model" })).toBe("model");
    expect(formatDecision({ kind: "assertion" })).toBe("assertion");
    expect(formatDecision({ kind: "rule", field: "email" })).toBe("rule:email");
    expect(formatDecision({ kind: "veto", reason: "firstName" })).toBe("veto:firstName");
    expect(formatDecision({ kind: "rule", field: "" })).toBe("rule:");
  });

  it("formats every decision _decisionOf makes back to its label", () => {
    for (const label of ["model", "assertion", "rule:customerId", "veto:customerId", "veto:noPersonEvidence"]) {
      expect(formatDecision(_decisionOf(label))).toBe(label);
    }
  });

  it("ignores fields a decision of its kind does not read", () => {
    expect(formatDecision({ kind: "model", field: 1, reason: 2 } as never)).toBe("model");
    expect(formatDecision({ kind: "assertion", field: "x" } as never)).toBe("assertion");
    expect(formatDecision({ kind: "rule", field: "email", reason: 3 } as never)).toBe("rule:email");
    expect(formatDecision({ kind: "veto", reason: "firstName", field: 3 } as never)).toBe("veto:firstName");
  });

  it("refuses anything but a decision", () => {
    const malformed: unknown[] = [
      null,
      undefined,
      "model",
      42,
      [],
      {},
      { kind: "other" },
      { kind: "" },
      { kind: "Model" },
      { kind: "rule" },
      { kind: "rule", field: 1 },
      { kind: "rule", reason: "email" },
      { kind: "veto" },
      { kind: "veto", reason: null },
      { kind: "veto", field: "firstName" },
      Object.assign(() => 0, { kind: "model" }),
    ];
    for (const value of malformed) {
      expectInvalidOptions(thrown(() => formatDecision(value as MatchDecision)), MALFORMED);
    }
  });

  it("refuses a revoked Proxy and a throwing getter with the same error", () => {
    const revoked = Proxy.revocable({ kind: "model" }, {});
    revoked.revoke();
    expectInvalidOptions(thrown(() => formatDecision(revoked.proxy as MatchDecision)), MALFORMED);
    const throwingKind = Object.defineProperty({}, "kind", {
      get: () => {
        throw new Error("no");
      },
    });
    expectInvalidOptions(thrown(() => formatDecision(throwingKind as MatchDecision)), MALFORMED);
    const throwingField = Object.defineProperty({ kind: "rule" }, "field", {
      get: () => {
        throw new Error("no");
      },
    });
    expectInvalidOptions(thrown(() => formatDecision(throwingField as MatchDecision)), MALFORMED);
  });
});
