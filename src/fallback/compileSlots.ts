import { z } from "zod";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own } from "../shared/_dict.js";
import { _timeZoneSchema } from "../shared/_time.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { _sealCompiled, type _Candidate, type _Checks, type _CompiledSlot } from "./_compiled.js";
import { _buildFormatter, _sampleFor } from "./_formatters.js";
import type { PersonalizeContext, SlotSpec } from "./types.js";

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

const PATH = /^[^.\s]+(?:\.[^.\s]+)*$/;
const pathSchema = z.string().regex(PATH, "expected a path like \"firstName\" or \"address.city\"").refine((path) => path.split(".").every((segment) => !_UNSAFE_KEYS.has(segment)), "a path may not use __proto__, constructor or prototype");
const localeSchema = z.string().refine(isLocale, "expected a BCP 47 locale such as \"en-GB\"");
const formatterSchema = z.union([
  z.strictObject({ type: z.literal("text"), case: z.enum(["none", "upper", "lower", "title"]).optional(), maxLength: z.number().int().min(1).optional() }),
  z.strictObject({ type: z.literal("name"), part: z.enum(["first", "last", "full"]).optional() }),
  z.strictObject({ type: z.literal("date"), style: z.enum(["short", "medium", "long", "full"]).optional(), locale: localeSchema.optional(), timeZone: _timeZoneSchema.optional() }),
  z.strictObject({ type: z.literal("currency"), currency: z.string().refine(isCurrency, "expected an ISO 4217 currency code such as \"EUR\""), locale: localeSchema.optional() }),
  z.strictObject({ type: z.literal("number"), maximumFractionDigits: z.number().int().min(0).max(20).optional(), locale: localeSchema.optional() }),
  z.custom<(value: unknown, context: PersonalizeContext) => string>((value) => typeof value === "function", "expected a formatter object or function"),
]);
const slotSchema = z.strictObject({
  path: pathSchema,
  fallback: z.array(z.union([pathSchema, z.strictObject({ slot: z.string().min(1) })])).optional(),
  generic: z.string().optional(),
  policy: z.enum(["generic", "omit", "abort", "throw"]).optional(),
  format: formatterSchema.optional(),
  maxAgeDays: z.number().positive().optional(),
  minTrust: z.number().min(0).max(1).optional(),
  trustedSources: z.array(z.string().min(1)).min(1).optional(),
  onConflict: z.enum(["fallback", "use"]).optional(),
  validate: z.union([z.instanceof(RegExp), z.custom<(value: unknown) => boolean>((value) => typeof value === "function", "expected a RegExp or a function")]).optional(),
  consentPath: pathSchema.optional(),
});
const slotsSchema = z.record(z.string(), slotSchema);
const SLOT_NAME = /^[A-Za-z_$][\w$]*$/;
const optionsSchema = z.strictObject({ consentPath: pathSchema.optional() });

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
    specs = readSpecs(slots);
    consentPath = _parseOptions("compileSlots", optionsSchema, options).consentPath ?? null;
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

/** The checked specs by slot name: a Map, so a name such as "toString" finds nothing on a prototype. */
function readSpecs(slots: unknown): ReadonlyMap<string, SlotSpec> {
  if (typeof slots === "object" && slots !== null) {
    const badName = Object.keys(slots).find((name) => !SLOT_NAME.test(name) || _UNSAFE_KEYS.has(name));
    if (badName !== undefined) throw invalid(`slot name "${badName}" is not an identifier; slot names are identifiers so every template engine can use them`);
  }
  const parsed = _parseOptions("compileSlots", slotsSchema, slots) as object;
  const specs = new Map<string, SlotSpec>();
  for (const name of Object.keys(parsed)) specs.set(name, _own(parsed, name) as SlotSpec);
  return specs;
}

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

function isLocale(locale: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

function isCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat("en", { style: "currency", currency: code });
    return true;
  } catch {
    return false;
  }
}
