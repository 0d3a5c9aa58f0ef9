import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { MatchDecision, VetoReason } from "./types.js";

const MODEL: MatchDecision = Object.freeze({ kind: "model" });
const ASSERTION: MatchDecision = Object.freeze({ kind: "assertion" });
const known = new Map<string, MatchDecision>([["model", MODEL], ["assertion", ASSERTION]]);

/**
 * The public decision of the scorer's internal label ("model", "assertion", "rule:<field>",
 * "veto:<reason>"). The hot path keeps labels as strings; each decision object is made once and shared.
 */
export function _decisionOf(label: string): MatchDecision {
  const cached = known.get(label);
  if (cached !== undefined) return cached;
  const decision: MatchDecision = label.startsWith("rule:")
    ? Object.freeze({ kind: "rule", field: label.slice(5) })
    : Object.freeze({ kind: "veto", reason: label.slice(5) as VetoReason });
  known.set(label, decision);
  return decision;
}

/**
 * A decision as one short label, for logs and reports: `"model"`, `"assertion"`, `"rule:email"`,
 * `"veto:firstName"`.
 *
 * @param decision - a link's or an explanation's `decidedBy`
 * @returns the label
 * @throws ProfileKitError `invalid_options` for anything but a decision
 * @example
 * ```ts
 * formatDecision({ kind: "rule", field: "email" }); // "rule:email"
 * ```
 */
export function formatDecision(decision: MatchDecision): string {
  const value: unknown = decision;
  let kind: unknown;
  let detail: unknown;
  try {
    kind = typeof value === "object" && value !== null ? (value as { kind?: unknown }).kind : undefined;
    detail = kind === "rule" ? (value as { field?: unknown }).field : kind === "veto" ? (value as { reason?: unknown }).reason : "";
  } catch {
    // A revoked Proxy or a throwing getter is no decision either.
    kind = undefined;
  }
  if ((kind !== "model" && kind !== "assertion" && kind !== "rule" && kind !== "veto") || typeof detail !== "string") {
    throw new ProfileKitError("invalid_options", "formatDecision: expected a decision ({ kind: \"model\" | \"assertion\" } or { kind: \"rule\", field } or { kind: \"veto\", reason }).");
  }
  return kind === "rule" || kind === "veto" ? `${kind}:${detail}` : kind;
}
