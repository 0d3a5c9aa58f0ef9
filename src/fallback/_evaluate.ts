import { _isOptOut } from "../shared/_consent.js";
import { _parseCanonicalTimestamp } from "../shared/_parseUtcTimestamp.js";
import type { _Candidate, _CompiledSlot } from "./compileSlots.js";
import type { FallbackStep, PersonalizationProfile, PersonalizeContext, SlotOutcome, ValueProvenance } from "./types.js";

/** A profile prepared once per call: the lookups every slot needs. @internal */
export interface _ProfileView {
  readonly attributes: Readonly<Record<string, unknown>> | null;
  readonly provenance: Readonly<Record<string, ValueProvenance | undefined>> | null;
  /** The profile's conflicts as given (scanned when needed: they are few, and most profiles are asked about none). */
  readonly conflicts: readonly unknown[] | null;
  readonly redacted: ReadonlySet<string> | null;
  readonly erased: boolean;
}

const NO_PROFILE: _ProfileView = { attributes: null, provenance: null, conflicts: null, redacted: null, erased: false };

/** Reads whatever came in as a profile without ever throwing (a getter that throws reads as no profile). @internal */
export function _viewOf(profile: unknown): _ProfileView {
  try {
    return viewOf(profile);
  } catch {
    return NO_PROFILE;
  }
}

function viewOf(profile: unknown): _ProfileView {
  if (typeof profile !== "object" || profile === null) return NO_PROFILE;
  const candidate = profile as Partial<Record<keyof PersonalizationProfile, unknown>>;
  const attributes = isRecord(candidate.attributes) ? candidate.attributes : null;
  const provenance = isRecord(candidate.provenance) ? (candidate.provenance as Record<string, ValueProvenance | undefined>) : null;
  const conflicts = Array.isArray(candidate.conflicts) && candidate.conflicts.length > 0 ? (candidate.conflicts as unknown[]) : null;
  const redacted = Array.isArray(candidate.redacted) && candidate.redacted.length > 0 ? new Set((candidate.redacted as unknown[]).filter((name): name is string => typeof name === "string")) : null;
  const erased = candidate.erased === true || isRecord(candidate.erased);
  return { attributes, provenance, conflicts, redacted, erased };
}

/** Reads a path of own properties; undefined when any step is missing. @internal */
export function _read(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The value of a candidate if it passes every check, or the reason it does not. @internal */
export function _tryCandidate(view: _ProfileView, candidate: _Candidate, context: PersonalizeContext): string | FallbackStep {
  const { path, segments, checks } = candidate;
  const attribute = segments[0] as string;
  if (view.attributes === null) return { path, reason: "missing", detail: "no_profile" };
  if (view.erased) return { path, reason: "erased" };
  if (view.redacted?.has(attribute) === true) return { path, reason: "erased", detail: "redacted" };
  if (checks.consent !== null && _isOptOut(_read(view.attributes, checks.consent), checks.consent[checks.consent.length - 1] as string)) return { path, reason: "opted_out" };
  const value = _read(view.attributes, segments);
  if (value === undefined || value === null) return { path, reason: "missing" };
  if (isEmpty(value)) return { path, reason: "empty" };
  const provenance = view.provenance?.[attribute];
  if (checks.maxAgeMs !== null) {
    const observed = _observedAt(provenance);
    if (observed === null) return { path, reason: "stale", detail: "unknown_age" };
    if (context.now - observed > checks.maxAgeMs) return { path, reason: "stale" };
  }
  if (checks.trustedSources !== null && !(typeof provenance?.source === "string" && checks.trustedSources.has(provenance.source))) return { path, reason: "untrusted", detail: "source" };
  if (checks.minTrust !== null) {
    const trust = typeof provenance?.confidence === "number" ? provenance.confidence : typeof provenance?.trust === "number" ? provenance.trust : null;
    if (trust !== null && trust < checks.minTrust) return { path, reason: "untrusted", detail: "low_trust" };
  }
  if (!checks.useConflicted && view.conflicts !== null && inConflict(view.conflicts, attribute)) return { path, reason: "untrusted", detail: "conflict" };
  try {
    if (checks.validate !== null && !isTrue(checks.validate(value))) return { path, reason: "invalid", detail: "validation" };
  } catch {
    return { path, reason: "invalid", detail: "validation_failed" };
  }
  let formatted;
  try {
    formatted = checks.format(value, context);
  } catch {
    return { path, reason: "invalid", detail: "formatter_failed" };
  }
  if (typeof formatted !== "string") return { path, reason: "invalid", detail: formatted.failed };
  if (formatted === "") return { path, reason: "empty" };
  return formatted;
}

const NO_STEPS: readonly FallbackStep[] = Object.freeze([]);

/** Resolves one slot against a profile. @internal */
export function _resolveSlot(view: _ProfileView, slot: _CompiledSlot, context: PersonalizeContext): SlotOutcome {
  // Most slots succeed on their first path: no steps list is allocated for them.
  let steps: FallbackStep[] | null = null;
  for (let i = 0; i < slot.candidates.length; i++) {
    const candidate = slot.candidates[i] as _Candidate;
    let tried: string | FallbackStep;
    try {
      tried = _tryCandidate(view, candidate, context);
    } catch {
      // A profile object whose getters throw (a proxy, a class with accessors): the value is unusable.
      tried = { path: candidate.path, reason: "invalid", detail: "unreadable" };
    }
    if (typeof tried === "string") return { value: tried, outcome: i === 0 ? "personalized" : "fallback", path: candidate.path, fellBack: i !== 0, steps: steps ?? NO_STEPS };
    (steps ??= []).push(tried);
  }
  const passed = steps ?? NO_STEPS;
  switch (slot.policy) {
    case "generic":
      return { value: slot.generic, outcome: "generic", path: null, fellBack: true, steps: passed };
    case "abort":
      return { value: null, outcome: "aborted", path: null, fellBack: true, steps: passed };
    default:
      // "throw" is handled by the caller, which can name the slot; here it reads as omitted.
      return { value: null, outcome: "omitted", path: null, fellBack: true, steps: passed };
  }
}

/** A validator written in JavaScript may return anything; only `true` passes. */
function isTrue(result: unknown): boolean {
  return result === true;
}

function inConflict(conflicts: readonly unknown[], attribute: string): boolean {
  for (const conflict of conflicts) if (isRecord(conflict) && conflict["attribute"] === attribute) return true;
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object" && value !== null && !(value instanceof Date)) return Object.keys(value).length === 0;
  return false;
}


/** When a value was observed (epoch ms), or null when unknown or written without a zone. @internal */
export function _observedAt(provenance: ValueProvenance | undefined): number | null {
  const observed = provenance?.observedAt;
  if (typeof observed === "number") return Number.isFinite(observed) ? observed : null;
  if (typeof observed !== "string") return null;
  const fast = _parseCanonicalTimestamp(observed);
  if (!Number.isNaN(fast)) return fast;
  // Only times with a zone count: a zone-less time would be read in the process zone.
  if (!/(?:Z|[+-]\d\d:?\d\d)$/i.test(observed.trim())) return null;
  const parsed = Date.parse(observed);
  return Number.isFinite(parsed) ? parsed : null;
}
