import { _createIssue } from "../errors/_createIssue.js";
import type { Issue } from "../errors/issue.js";
import { _isOptOut } from "../shared/_consent.js";
import { _keyOf, type _Keyed, type _Row } from "./_rows.js";
import { _COMBINE } from "./_policy.js";
import { PROVENANCE_LIMIT, type AttributeProvenance, type AttributeRule, type CombineStrategy, type MergeCandidate, type MergeConflict, type SelectStrategy, type SourceTrust } from "./types.js";

const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number, or the number a numeric text ("9.99", " -3 ", "1e3") writes; null for anything else. */
function numberOf(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || value.length > 64) return null;
  const text = value.trim();
  if (!NUMERIC_TEXT.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * Whether `a` is a better `max` (sign 1) or `min` (sign -1) than `b`: as numbers when both are numbers or
 * numeric text, else as text. A number beats a value that is not one either way: "n/a" is never the
 * largest or the smallest order total.
 */
function compareValues(a: _Keyed, b: _Keyed, sign: number): number {
  const na = numberOf(a.value);
  const nb = numberOf(b.value);
  if (na !== null && nb !== null) return sign * (na < nb ? -1 : na > nb ? 1 : 0);
  if (na !== null || nb !== null) return na !== null ? 1 : -1;
  const ta = textOf(a);
  const tb = textOf(b);
  return sign * (ta < tb ? -1 : ta > tb ? 1 : 0);
}

/** A candidate as text for `longest` and orderings: strings as they are, other values by their JSON key. */
function textOf(candidate: _Keyed): string {
  const value = candidate.value;
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : candidate.key;
}

export interface _SelectContext {
  readonly priority: readonly string[];
  readonly trust: ReadonlyMap<string, SourceTrust>;
  readonly now: number | null;
  /** The rows, for `firstNonNull` (the caller's record order). */
  readonly rows: readonly _Row[];
  readonly iso: (time: number | null) => string | null;
}

/** Whether the candidates offer more than one value (numbers within `tolerance` of the first count as the same). */
export function _disagrees(candidates: readonly _Keyed[], tolerance: number): boolean {
  const first = candidates[0];
  // Stryker disable next-line BooleanLiteral: never asked about no candidates (_select returns before, rules have at least one)
  if (first === undefined) return false;
  for (let i = 1; i < candidates.length; i++) {
    const candidate = candidates[i] as _Keyed;
    const same = typeof first.value === "number" && typeof candidate.value === "number" ? Math.abs(first.value - candidate.value) <= tolerance : first.key === candidate.key;
    if (!same) return true;
  }
  return false;
}

/** The first of the most recently observed candidates (unknown times count as oldest). */
function latestOf(candidates: readonly _Keyed[]): _Keyed {
  let latest = candidates[0] as _Keyed;
  for (const candidate of candidates) if ((candidate.observedAt ?? -Infinity) > (latest.observedAt ?? -Infinity)) latest = candidate;
  return latest;
}

/** Observation times as ISO strings: a record's own timestamp text where it has one (its offset kept), else made once per time. */
export function _isoWriter(rows: readonly { readonly time: number | null; readonly raw: string | null }[]): (time: number | null) => string | null {
  const cache = new Map<number, string>();
  for (const row of rows) if (row.time !== null && row.raw !== null && !cache.has(row.time)) cache.set(row.time, row.raw);
  return (time) => {
    if (time === null) return null;
    let text = cache.get(time);
    if (text === undefined) {
      text = new Date(time).toISOString();
      cache.set(time, text);
    }
    return text;
  };
}

export function _provenanceOf(winner: _Keyed, strategy: string, candidates: readonly _Keyed[], iso: (time: number | null) => string | null): AttributeProvenance {
  const alternatives: { value: unknown; recordId: string; source: string | null }[] = [];
  let alternativeCount: number;
  // Usually a few candidates: a scan of the keys already listed beats building a Set; a large profile gets one.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: both paths list the same alternatives below PROVENANCE_LIMIT (100)
  if (candidates.length <= 16) {
    const seen = [winner.key];
    for (const candidate of candidates) {
      if (seen.includes(candidate.key)) continue;
      seen.push(candidate.key);
      alternatives.push({ value: candidate.value, recordId: candidate.recordId, source: candidate.source });
    }
    alternativeCount = alternatives.length;
  } else {
    const seen = new Set([winner.key]);
    for (const candidate of candidates) {
      if (seen.has(candidate.key)) continue;
      seen.add(candidate.key);
      // Beyond the limit only the count grows: a profile's size is bounded by its attributes.
      if (alternatives.length < PROVENANCE_LIMIT) alternatives.push({ value: candidate.value, recordId: candidate.recordId, source: candidate.source });
    }
    alternativeCount = seen.size - 1;
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: at the limit, slicing to it gives the same list
  const listed = candidates.length <= PROVENANCE_LIMIT ? candidates : candidates.slice(0, PROVENANCE_LIMIT);
  return {
    recordId: winner.recordId,
    source: winner.source,
    observedAt: iso(winner.observedAt),
    strategy,
    contributors: listed.map((c) => c.recordId),
    contributorCount: candidates.length,
    alternatives,
    alternativeCount,
  };
}

export function _conflictOf(attribute: string, candidates: readonly MergeCandidate[], winner: unknown, resolvedBy: string, iso: (time: number | null) => string | null): MergeConflict {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: at the limit, slicing to it gives the same list
  const listed = candidates.length <= PROVENANCE_LIMIT ? candidates : candidates.slice(0, PROVENANCE_LIMIT);
  return { attribute, values: listed.map((c) => ({ value: c.value, recordId: c.recordId, source: c.source, observedAt: iso(c.observedAt) })), valueCount: candidates.length, winner, resolvedBy };
}

const newest = (a: number | null, b: number | null): number => (b ?? -Infinity) - (a ?? -Infinity);

/**
 * 1, 0 or -1 as `a` is above, equal to or below `b`. Not `Math.sign(a - b)`: two unknown times (±Infinity)
 * or two unlisted sources (Infinity) give NaN there, which dropped the second of two tied candidates, so
 * the next strategy of the chain never saw it.
 */
function compareNumbers(a: number, b: number): number {
  return a > b ? 1 : a < b ? -1 : 0;
}

/** Narrows candidates with one strategy; returns them unchanged when the strategy cannot tell them apart. */
export function _narrow(candidates: readonly _Keyed[], strategy: SelectStrategy, context: _SelectContext, attribute: string): readonly _Keyed[] {
  const best = <T>(score: (c: _Keyed) => T, better: (a: T, b: T) => number): _Keyed[] => {
    let top: _Keyed[] = [];
    let topScore: T | undefined;
    for (const candidate of candidates) {
      const s = score(candidate);
      const cmp = topScore === undefined ? 1 : better(s, topScore);
      if (cmp > 0) {
        top = [candidate];
        topScore = s;
      } else if (cmp === 0) top.push(candidate);
    }
    return top;
  };
  switch (strategy) {
    case "mostRecent":
      return best((c) => c.observedAt ?? -Infinity, compareNumbers);
    case "oldest":
      return best((c) => c.observedAt ?? Infinity, (a, b) => compareNumbers(b, a));
    case "sourcePriority":
      return best((c) => (c.source === null ? Infinity : (context.priority.indexOf(c.source) + 1 || Infinity)), (a, b) => compareNumbers(b, a));
    case "mostFrequent": {
      const counts = new Map<string, number>();
      for (const c of candidates) counts.set(c.key, (counts.get(c.key) ?? 0) + 1);
      return best((c) => counts.get(c.key) ?? 0, compareNumbers);
    }
    case "longest":
      return best((c) => textOf(c).length, compareNumbers);
    case "firstNonNull": {
      // Built only here: the one strategy that needs the caller's record order.
      const order = new Map(context.rows.map((row) => [row.id, row.index]));
      return best((c) => -(order.get(c.recordId) ?? 0), compareNumbers);
    }
    case "min":
    case "max": {
      const sign = strategy === "max" ? 1 : -1;
      return best((c) => c, (a, b) => compareValues(a, b, sign));
    }
    case "trust":
      return best((c) => trustOf(c, context), compareNumbers);
    case "consent": {
      // An opt-out wins over every older opt-in; only a strictly newer opt-in re-subscribes.
      const outs = candidates.filter((c) => _isOptOut(c.value, attribute));
      if (outs.length === 0) return _narrow(candidates, "mostRecent", context, attribute);
      let latestOut = -Infinity;
      for (const out of outs) latestOut = Math.max(latestOut, out.observedAt ?? -Infinity);
      const newerIns = candidates.filter((c) => !_isOptOut(c.value, attribute) && (c.observedAt ?? -Infinity) > latestOut);
      return newerIns.length > 0 ? _narrow(newerIns, "mostRecent", context, attribute) : _narrow(outs, "mostRecent", context, attribute);
    }
  }
}

function trustOf(candidate: MergeCandidate, context: _SelectContext): number {
  const trust = candidate.source === null ? undefined : context.trust.get(candidate.source);
  if (trust === undefined) return 0;
  if (context.now === null || candidate.observedAt === null) return trust.min;
  const ageDays = Math.max(0, (context.now - candidate.observedAt) / 86_400_000);
  const fraction = Math.min(1, ageDays / trust.decayDays);
  return trust.max - (trust.max - trust.min) * fraction;
}

/** Runs a chain of _select strategies; ties left at the end go to the most recent, then the smallest record id. */
// Stryker disable next-line StringLiteral: the attribute name only matters to consent, whose opt-out names ("unsubscribed") neither default is
export function _select(candidates: readonly _Keyed[], chain: readonly SelectStrategy[], context: _SelectContext, attribute = ""): { candidate: _Keyed; strategy: string } | null {
  // Stryker disable next-line ConditionalExpression: a group without candidates has no attribute present to write
  if (candidates.length === 0) return null;
  let remaining = candidates;
  // Stryker disable next-line StringLiteral: the policy schema refuses an empty chain
  let decidedBy: string = chain[0] ?? "mostRecent";
  for (const strategy of chain) {
    if (!_disagrees(remaining, 0)) break;
    remaining = _narrow(remaining, strategy, context, attribute);
    decidedBy = strategy;
  }
  if (_disagrees(remaining, 0)) decidedBy = `${decidedBy}+mostRecent`;
  // Among records offering the chosen value, provenance names the most recent observation.
  remaining = _narrow(remaining, "mostRecent", context, attribute);
  return { candidate: remaining[0] as _Keyed, strategy: decidedBy };
}

export function _applyRule(attribute: string, rule: AttributeRule, candidates: readonly _Keyed[], context: _SelectContext, issues: Issue[]): { value: unknown; prov: AttributeProvenance; conflict: MergeConflict | null } {
  const strategy = rule.strategy;
  const latest = latestOf(candidates);
  if (typeof strategy === "function") {
    let value: unknown;
    try {
      value = strategy(candidates);
    } catch {
      value = null;
    }
    return { value, prov: { ..._provenanceOf(latest, "custom", candidates, context.iso), alternatives: [], alternativeCount: 0 }, conflict: null };
  }
  if (typeof strategy === "string" && (_COMBINE as readonly string[]).includes(strategy)) {
    let value: unknown;
    switch (strategy as CombineStrategy) {
      case "union": {
        // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator: candidates arrive in record-id order and V8's sort is stable
        const byRecency = [...candidates].sort((a, b) => newest(a.observedAt, b.observedAt) || (a.recordId < b.recordId ? -1 : 1));
        const values: unknown[] = [];
        const frequency = new Map<string, number>();
        for (const c of byRecency) {
          for (const item of Array.isArray(c.value) ? (c.value as unknown[]) : [c.value]) {
            const key = _keyOf(item);
            if (!frequency.has(key)) values.push(item);
            frequency.set(key, (frequency.get(key) ?? 0) + 1);
          }
        }
        // Stable sorts: ties keep recency order.
        if (rule.order === "frequency") values.sort((a, b) => (frequency.get(_keyOf(b)) ?? 0) - (frequency.get(_keyOf(a)) ?? 0));
        if (rule.order === "alphabetical") {
          const texts = new Map(values.map((item) => [item, typeof item === "string" ? item : _keyOf(item)]));
          values.sort((a, b) => {
            const ta = texts.get(a) as string;
            const tb = texts.get(b) as string;
            if (ta < tb) return -1;
            // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort asks only whether the result is below zero
            return ta > tb ? 1 : 0;
          });
        }
        value = values.slice(0, rule.limit ?? 10);
        break;
      }
      case "sum":
      case "average": {
        // CSV sources send numbers as text ("9.99"): read them as numbers; anything else is left out, said.
        let total = 0;
        let count = 0;
        for (const c of candidates) {
          const n = numberOf(c.value);
          if (n === null) {
            issues.push(_createIssue("not_numeric", [c.recordId, attribute], {}));
            continue;
          }
          total += n;
          count++;
        }
        value = strategy === "sum" ? total : count === 0 ? null : total / count;
        break;
      }
      case "any":
        value = candidates.some((c) => c.value === true);
        break;
      case "all":
        value = candidates.every((c) => c.value === true);
        break;
    }
    return { value, prov: { ..._provenanceOf(latest, strategy, candidates, context.iso), alternatives: [], alternativeCount: 0 }, conflict: null };
  }
  const chain = Array.isArray(strategy) ? (strategy as readonly SelectStrategy[]) : [strategy as SelectStrategy];
  const winner = _select(candidates, chain, context, attribute) as { candidate: _Keyed; strategy: string };
  const disagree = _disagrees(candidates, rule.tolerance ?? 0);
  // Absent means "flag": neither "refuse" nor a preference, and not "ignore".
  const onConflict = rule.onConflict;
  if (disagree && typeof onConflict === "object") {
    const preferred = candidates.filter((c) => c.source === onConflict.prefer);
    if (preferred.length > 0) {
      const chosen = _narrow(preferred, "mostRecent", context, attribute)[0] as _Keyed;
      const strategyName = `prefer:${onConflict.prefer}`;
      return { value: chosen.value, prov: _provenanceOf(chosen, strategyName, candidates, context.iso), conflict: _conflictOf(attribute, candidates, chosen.value, strategyName, context.iso) };
    }
  }
  if (disagree && onConflict === "refuse") {
    return { value: null, prov: { ..._provenanceOf(winner.candidate, "refused", candidates, context.iso), recordId: null }, conflict: _conflictOf(attribute, candidates, null, "refused", context.iso) };
  }
  return {
    value: winner.candidate.value,
    prov: _provenanceOf(winner.candidate, winner.strategy, candidates, context.iso),
    conflict: disagree && onConflict !== "ignore" ? _conflictOf(attribute, candidates, winner.candidate.value, winner.strategy, context.iso) : null,
  };
}
