import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _compileScorer } from "./_score.js";
import { _settingsOf } from "./_settings.js";
import { _decisionOf } from "./_decision.js";
import type { MatchDecision, ResolveIdentitiesOptions } from "./types.js";

/** One field's part in a match decision: a bar of the waterfall. */
export interface FieldExplanation {
  readonly field: string;
  /** The comparison level reached ("exact", "nickname", "typo", "else"…), or null when a value was missing. */
  readonly level: string | null;
  /** Bits this field added to (or took from) the match weight. */
  readonly weight: number;
  /** The part of `weight` due to how common the agreed value is (positive for rare values). */
  readonly termFrequencyAdjustment: number;
  /** Why the field did not count, if it did not: a missing value, or a value shared by several people. */
  readonly ignored: "missing" | "shared_value" | null;
}

/** How the match probability of two records was reached. */
export interface MatchExplanation {
  /** The starting point: log2 odds that two random records match. */
  readonly priorWeight: number;
  /** Prior plus every field's weight. */
  readonly matchWeight: number;
  /** The final probability (1 for a deterministic rule, 0 for a veto). */
  readonly probability: number;
  /** What decided: the model, a rule (`{ kind: "rule", field: "email" }`) or a veto (`{ kind: "veto", reason: "firstName" }`). */
  readonly decidedBy: MatchDecision;
  /** Whether the pair reaches the threshold (or a rule). */
  readonly linked: boolean;
  /** Field by field, in comparison order. */
  readonly fields: readonly FieldExplanation[];
}

/** Explanations of many pairs of one data set, prepared once (see {@link compileExplainer}). */
export interface MatchExplainer {
  /** The log2 odds that two random records of the data set match. */
  readonly priorWeight: number;
  /**
   * Explains one pair, by record id.
   *
   * @throws ProfileKitError `invalid_options` when an id is not in the records
   */
  explain(a: string, b: string): MatchExplanation;
}

/**
 * Prepares a data set once to explain many of its pairs: what {@link explainMatch} does for one pair,
 * without preparing every record again for each (a report drawing a waterfall per link, a review queue).
 * Frequencies and shared values come from the whole data set, as in `resolveIdentities`.
 *
 * @param records - the records that were resolved
 * @param options - the options given to `resolveIdentities`
 * @returns an explainer of pairs by record id
 * @throws ProfileKitError `invalid_options` for invalid options
 * @example
 * ```ts
 * const explainer = compileExplainer(records);
 * for (const link of resolveIdentities(records).links) console.log(explainer.explain(link.a, link.b).matchWeight);
 * ```
 */
export function compileExplainer(records: readonly unknown[], options: ResolveIdentitiesOptions = {}): MatchExplainer {
  return explainerOf("compileExplainer", records, options);
}

function explainerOf(functionName: string, records: readonly unknown[], options: ResolveIdentitiesOptions): MatchExplainer {
  const settings = _settingsOf(functionName, records, options);
  const p = settings.prepared;
  const scorer = _compileScorer(p, settings.model, settings.maxPeoplePerValue);
  let rowOf: Map<string, number> | null = null;
  return {
    priorWeight: scorer.priorWeight,
    explain(a, b) {
      // The id → row map is built on the first call (explainMatch asks one pair and needs none).
      rowOf ??= new Map(p.ids.map((id, row) => [id, row]));
      const i = typeof a === "string" ? rowOf.get(a) : undefined;
      const j = typeof b === "string" ? rowOf.get(b) : undefined;
      if (i === undefined || j === undefined) throw new ProfileKitError("invalid_options", `${functionName}: both record ids must be in records.`);
      return _explanation(scorer, i, j, settings.threshold);
    },
  };
}

/** How rows `i` and `j` were scored, as a waterfall: what `explain` answers, for a scorer already compiled. */
export function _explanation(scorer: ReturnType<typeof _compileScorer>, i: number, j: number, threshold: number): MatchExplanation {
  const { score, fields } = scorer.explain(Math.min(i, j), Math.max(i, j));
  const linked = score.decidedBy.startsWith("rule:") || (score.decidedBy === "model" && score.probability >= threshold);
  return { priorWeight: scorer.priorWeight, matchWeight: score.matchWeight, probability: score.probability, decidedBy: _decisionOf(score.decidedBy), linked, fields };
}

/**
 * Explains how two records of a data set were scored: the prior, each field's comparison level, weight
 * and term-frequency adjustment (enough to draw a waterfall chart), and whether a rule or a guard decided.
 * Frequencies and shared values come from the whole data set, as in `resolveIdentities`, so pass the same
 * records and options. To explain many pairs of one data set, {@link compileExplainer} prepares it once.
 *
 * @param records - the records that were resolved
 * @param a - one record id
 * @param b - the other record id
 * @param options - the options given to `resolveIdentities`
 * @returns the explanation
 * @throws ProfileKitError `invalid_options` for invalid options or ids not in `records`
 * @example
 * ```ts
 * const why = explainMatch(records, "crm-1", "web-7");
 * for (const bar of why.fields) console.log(bar.field, bar.level, bar.weight.toFixed(1));
 * ```
 */
export function explainMatch(records: readonly unknown[], a: string, b: string, options: ResolveIdentitiesOptions = {}): MatchExplanation {
  return explainerOf("explainMatch", records, options).explain(a, b);
}
