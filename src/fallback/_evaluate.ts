import { _readInstant } from "../shared/_time.js";
import { _isOptOut } from "../shared/_consent.js";
import { _jsonProblem } from "../shared/_jsonValue.js";
import { _parseCanonicalTimestamp } from "../shared/_parseUtcTimestamp.js";
import type { _Candidate, _CompiledSlot } from "./_compiled.js";
import { _MAX_SLOT_TEXT_LENGTH } from "./_formatters.js";
import type { FallbackStep, PersonalizeContext, SlotOutcome } from "./types.js";
import type { ProfileView, ValueProvenance } from "../shared/types.js";

/** A profile prepared once per call: the lookups every slot needs. @internal */
export interface _ProfileView {
  readonly attributes: Readonly<Record<string, unknown>> | null;
  readonly provenance: object | null;
  /** The profile's conflicts as given (scanned when needed: they are few, and most profiles are asked about none). */
  readonly conflicts: readonly unknown[] | null;
  /** The conflicted attribute names, built on first use when there are too many conflicts to scan for each slot. */
  conflicted: ReadonlySet<string> | null;
  readonly redacted: ReadonlySet<string> | null;
  readonly erased: boolean;
}

/** Up to this many conflicts are scanned; more are put in a set once per profile. */
const SCANNED_CONFLICTS = 8;

/** Longest `observedAt` text read as a time (ISO 8601 needs about 30 characters). */
const MAX_TIME_TEXT_LENGTH = 64;

const NO_PROFILE: _ProfileView = Object.freeze({ attributes: null, provenance: null, conflicts: null, conflicted: null, redacted: null, erased: false });

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
  const candidate = profile as Partial<Record<keyof ProfileView, unknown>>;
  const attributes = isRecord(candidate.attributes) ? candidate.attributes : null;
  const provenance = isRecord(candidate.provenance) ? candidate.provenance : null;
  const conflicts = Array.isArray(candidate.conflicts) && candidate.conflicts.length > 0 ? (candidate.conflicts as unknown[]) : null;
  const redacted = Array.isArray(candidate.redacted) && candidate.redacted.length > 0 ? new Set((candidate.redacted as unknown[]).filter((name): name is string => typeof name === "string")) : null;
  const erased = candidate.erased === true || isRecord(candidate.erased);
  return { attributes, provenance, conflicts, conflicted: null, redacted, erased };
}

/**
 * Reads a path of own properties; undefined when any step is missing. A getter or proxy trap that throws
 * throws here (unlike `_own`, which reads it as absent), so the slot can say the value was `unreadable`
 * rather than `missing`.
 *
 * @internal
 */
export function _read(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return undefined;
    // A read site of its own (not `_own`): this is the send path's hottest line, and a shared helper's
    // property lookup turns megamorphic and slow.
    // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- own property checked on the line above
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The provenance the profile gives for a top-level attribute: an own entry that is an object, or undefined. @internal */
export function _provenanceOf(view: _ProfileView, attribute: string): ValueProvenance | undefined {
  const provenance = view.provenance;
  if (provenance === null || !Object.hasOwn(provenance, attribute)) return undefined;
  // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- own property checked on the line above (a read site of its own, as in _read)
  const entry: unknown = (provenance as Record<string, unknown>)[attribute];
  return typeof entry === "object" && entry !== null ? entry : undefined;
}

/** The value of a candidate if it passes every check, or the reason it does not. @internal */
export function _tryCandidate(view: _ProfileView, candidate: _Candidate, context: PersonalizeContext): string | FallbackStep {
  const { path, segments, checks } = candidate;
  const attribute = segments[0] as string;
  if (view.attributes === null) return { path, reason: "missing", detail: "no_profile" };
  if (view.erased) return { path, reason: "erased" };
  if (view.redacted?.has(attribute) === true) return { path, reason: "erased", detail: "redacted" };
  if (checks.consent !== null) {
    const consent = _read(view.attributes, checks.consent);
    // A consent answer too long to be one is no yes.
    if (typeof consent === "string" && consent.length > _MAX_SLOT_TEXT_LENGTH) return { path, reason: "opted_out", detail: "too_long" };
    if (_isOptOut(consent, checks.consent[checks.consent.length - 1] as string)) return { path, reason: "opted_out" };
  }
  const value = _read(view.attributes, segments);
  if (value === undefined || value === null) return { path, reason: "missing" };
  // Before any other work on it: no validator or formatter sees an oversized value.
  if (typeof value === "string" && value.length > _MAX_SLOT_TEXT_LENGTH) return { path, reason: "invalid", detail: "too_long" };
  if (isEmpty(value)) return { path, reason: "empty" };
  if (checks.maxAgeMs !== null || checks.trustedSources !== null || checks.minTrust !== null) {
    const provenance = _provenanceOf(view, attribute);
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
  }
  if (!checks.useConflicted && view.conflicts !== null && inConflict(view, attribute)) return { path, reason: "untrusted", detail: "conflict" };
  if (checks.custom && typeof value === "object") {
    // The host's function would walk it: refuse values too deep or too large to walk safely.
    const problem = _jsonProblem(value);
    if (problem !== null && problem.problem !== "not_json") return { path, reason: "invalid", detail: problem.problem };
  }
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

function inConflict(view: _ProfileView, attribute: string): boolean {
  const conflicts = view.conflicts as readonly unknown[];
  if (conflicts.length <= SCANNED_CONFLICTS) {
    for (const conflict of conflicts) if (isRecord(conflict) && conflict["attribute"] === attribute) return true;
    return false;
  }
  // Many conflicts: one pass per profile, not one per slot.
  if (view.conflicted === null) {
    const names = new Set<string>();
    for (const conflict of conflicts) if (isRecord(conflict) && typeof conflict["attribute"] === "string") names.add(conflict["attribute"]);
    view.conflicted = names;
  }
  return view.conflicted.has(attribute);
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
  if (typeof observed !== "string" || observed.length > MAX_TIME_TEXT_LENGTH) return null;
  const fast = _parseCanonicalTimestamp(observed);
  if (!Number.isNaN(fast)) return fast;
  // Only times with a zone count: the age of a zone-less time depends on a zone nobody stated.
  if (!/(?:Z|[+-]\d\d:?\d\d)$/i.test(observed.trim())) return null;
  return _readInstant(observed, "UTC", [], []);
}
