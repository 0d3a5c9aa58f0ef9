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
 * @example
 * ```ts
 * formatDecision({ kind: "rule", field: "email" }); // "rule:email"
 * ```
 */
export function formatDecision(decision: MatchDecision): string {
  switch (decision.kind) {
    case "rule":
      return `rule:${decision.field}`;
    case "veto":
      return `veto:${decision.reason}`;
    default:
      return decision.kind;
  }
}
