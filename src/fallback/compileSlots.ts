import { isProfileKitError } from "../errors/isProfileKitError.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _sealCompiled, type _Candidate, type _Checks, type _CompiledSlot } from "./_compiled.js";
import { _buildFormatter, _sampleFor } from "./_formatters.js";
import { _checkCompileOptions, _checkSlotSpecs } from "./_slotSpecs.js";
import type { SlotSpec } from "./types.js";

/** Options of {@link compileSlots}. */
export interface CompileSlotsOptions {
  /** Path to a consent attribute for every slot (a slot's own `consentPath` wins). */
  readonly consentPath?: string;
}

/**
 * Slots checked and prepared once, for {@link personalize} to use on every profile. Opaque and frozen:
 * build it with {@link compileSlots}. It holds functions (formatters, validators), so it cannot be stored:
 * keep the slot specs in the store and compile them again. Compiled slots that went through JSON, or were
 * made by hand, are refused with `invalid_options`.
 */
export interface CompiledSlots {
  readonly kind: "profile-kit/compiled-slots";
  /** The slot names, in the order given. */
  readonly names: readonly string[];
  /** @internal */
  readonly _internal: unknown;
}

/**
 * Checks slot specs once and prepares them (paths split, formatters built, fallback chains resolved), so
 * {@link personalize} does no setup per profile. Mistakes — unknown policy or formatter, a `generic` policy
 * without a generic value, a chain naming a slot that does not exist (slot names are looked up as own
 * names only, so `{ slot: "toString" }` names no slot unless one is called that) or that leads back to
 * itself, a chain of more than 100 paths — throw `invalid_options` here, at setup, never on the send path.
 *
 * @param slots - slot name → spec
 * @param options - `consentPath`
 * @returns the compiled slots
 * @example
 * ```ts
 * const slots = compileSlots({
 *   greeting: { path: "firstName", fallback: ["preferredName"], generic: "there", format: { type: "name", part: "first" }, maxAgeDays: 730 },
 *   city: { path: "city", policy: "omit" },
 * });
 * ```
 */
export function compileSlots(slots: Readonly<Record<string, SlotSpec>>, options: CompileSlotsOptions = {}): CompiledSlots {
  let specs: ReadonlyMap<string, SlotSpec>;
  let consentPath: string | null;
  try {
    specs = _checkSlotSpecs(slots);
    consentPath = _checkCompileOptions(options).consentPath;
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    // A getter or proxy trap in the specs threw.
    throw new ProfileKitError("invalid_options", "compileSlots: invalid options. The slot specs could not be read.", { cause: error });
  }
  const names = Array.from(specs.keys());
  const checks = new Map<string, _Checks>();
  for (const [name, spec] of specs) checks.set(name, buildChecks(spec, consentPath));

  const flattened = new Map<string, readonly _Candidate[]>();
  // Recursion follows slot references; `trail` bounds it (a chain longer than MAX_CANDIDATES slots has too
  // many candidates anyway), and every list is capped, so compiling stays linear in the specs.
  const flatten = (name: string, trail: readonly string[]): readonly _Candidate[] => {
    const done = flattened.get(name);
    if (done !== undefined) return done;
    const spec = specs.get(name);
    if (spec === undefined) throw invalid(`slot "${trail[trail.length - 1] ?? name}" falls back to slot "${name}", which does not exist`);
    if (trail.includes(name)) throw invalid(`circular fallback chain: ${trail.concat(name).join(" → ")}`);
    if (trail.length >= MAX_CANDIDATES) throw tooMany(trail[0] ?? name);
    const own = checks.get(name) as _Checks;
    const list: _Candidate[] = [candidate(spec.path, own)];
    for (const step of spec.fallback ?? []) {
      if (typeof step === "string") list.push(candidate(step, own));
      else for (const referenced of flatten(step.slot, trail.concat(name))) list.push(referenced);
      if (list.length > MAX_CANDIDATES) throw tooMany(trail[0] ?? name);
    }
    flattened.set(name, list);
    return list;
  };

  const compiled: _CompiledSlot[] = names.map((name) => {
    const spec = specs.get(name) as SlotSpec;
    const policy = spec.policy ?? (spec.generic === undefined ? "omit" : "generic");
    if (policy === "generic" && spec.generic === undefined) throw invalid(`slot "${name}" has policy "generic" but no generic value`);
    return { name, candidates: flatten(name, []), generic: spec.generic ?? null, policy };
  });
  const needsClock = compiled.some((slot) => slot.candidates.some((item) => item.checks.maxAgeMs !== null));
  return _sealCompiled(names, { slots: compiled, template: Object.fromEntries(names.map((name) => [name, null])), needsClock, sendConsent: consentPath === null ? null : consentPath.split(".") });
}

/** Most paths one slot may try, its own and those of its fallback chain together. */
const MAX_CANDIDATES = 100;

function invalid(problem: string): ProfileKitError {
  return new ProfileKitError("invalid_options", `compileSlots: invalid options. ${problem}.`);
}

function tooMany(name: string): ProfileKitError {
  return invalid(`slot "${name}" has more than ${MAX_CANDIDATES} paths in its fallback chain`);
}

function candidate(path: string, checks: _Checks): _Candidate {
  return { path, segments: path.split("."), checks };
}

function buildChecks(spec: SlotSpec, consentPath: string | null): _Checks {
  const validate = spec.validate;
  const consent = spec.consentPath ?? consentPath;
  return {
    maxAgeMs: spec.maxAgeDays === undefined ? null : spec.maxAgeDays * 86_400_000,
    minTrust: spec.minTrust ?? null,
    trustedSources: spec.trustedSources === undefined ? null : new Set(spec.trustedSources),
    useConflicted: spec.onConflict === "use",
    validate: validate === undefined ? null : validate instanceof RegExp ? (value) => typeof value === "string" && matches(validate, value) : validate,
    format: _buildFormatter(spec.format),
    custom: typeof validate === "function" || typeof spec.format === "function",
    consent: consent === null ? null : consent.split("."),
    sample: _sampleFor(spec.format),
  };
}

function matches(pattern: RegExp, value: string): boolean {
  // A global or sticky pattern keeps state between calls; start from the beginning every time.
  pattern.lastIndex = 0;
  return pattern.test(value);
}
