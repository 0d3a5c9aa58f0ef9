import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { CompiledSlots } from "./compileSlots.js";
import type { PersonalizeContext, SlotPolicy } from "./types.js";

/** A formatted value, or why the value could not be formatted. @internal */
export type _Formatted = string | { readonly failed: string };

/** The checks and formatter of the slot that owns a candidate path. @internal */
export interface _Checks {
  readonly maxAgeMs: number | null;
  readonly minTrust: number | null;
  readonly trustedSources: ReadonlySet<string> | null;
  readonly useConflicted: boolean;
  readonly validate: ((value: unknown) => boolean) | null;
  readonly format: (value: unknown, context: PersonalizeContext) => _Formatted;
  /** The validator or the formatter is the host's own function: an object value is checked for size first. */
  readonly custom: boolean;
  readonly consent: readonly string[] | null;
  /** A plausible value for previews: what the formatter expects. */
  readonly sample: unknown;
}

/** One path to try, with the checks of the slot it came from. @internal */
export interface _Candidate {
  readonly path: string;
  readonly segments: readonly string[];
  readonly checks: _Checks;
}

/** @internal */
export interface _CompiledSlot {
  readonly name: string;
  readonly candidates: readonly _Candidate[];
  readonly generic: string | null;
  readonly policy: SlotPolicy;
}

/** What compiled slots hold. @internal */
export interface _Internal {
  readonly slots: readonly _CompiledSlot[];
  /** Every slot name with a null value: copied to start each result. */
  readonly template: Readonly<Record<string, null>>;
  /** Some slot has `maxAgeDays`, so a clock is required. */
  readonly needsClock: boolean;
  /** The `consentPath` option, split: the consent that decides whether to send at all. Null: read consent-named attributes. */
  readonly sendConsent: readonly string[] | null;
}

const KIND = "profile-kit/compiled-slots";

/**
 * Compiled slots made by compileSlots in this copy of the library. Compiled slots hold functions
 * (formatters, validators), so a copy that went through a store or JSON is not usable: only objects in this
 * set are read, and anything else that calls itself compiled is refused with `invalid_options` rather than
 * half-read on the send path. A WeakSet: it keeps nothing alive.
 */
const authentic = new WeakSet<CompiledSlots>();

/**
 * Compiled slots holding `internal`, registered as authentic. The public object, its `names` and the
 * internal object are frozen; the slot and candidate lists inside are not: frozen arrays and objects are
 * V8's slower path on the send loop (measured: about 15% of personalize), and only code in this folder
 * reaches them.
 *
 * @internal
 */
export function _sealCompiled(names: readonly string[], internal: _Internal): CompiledSlots {
  // Stryker disable next-line MethodExpression: every caller passes a list of its own, made for this call
  const compiled: CompiledSlots = Object.freeze({ kind: KIND, names: Object.freeze(names.slice()), _internal: Object.freeze(internal) });
  authentic.add(compiled);
  return compiled;
}

/**
 * True for compiled slots from {@link _sealCompiled}, false for anything else (slot specs, to be compiled).
 * Throws `invalid_options` for an object that says it is compiled slots but was not made here: one read
 * back from a store or JSON, or built by hand.
 *
 * @internal
 */
export function _isCompiled(functionName: string, slots: unknown): slots is CompiledSlots {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,BooleanLiteral: a shortcut; a WeakSet holds no primitive, and a primitive's "kind" descriptor is undefined (null's throws and is caught), so the answer is false either way
  if (typeof slots !== "object" || slots === null) return false;
  if (authentic.has(slots as CompiledSlots)) return true;
  let kind: unknown;
  try {
    kind = Object.getOwnPropertyDescriptor(slots, "kind")?.value;
  } catch {
    // A revoked proxy: compileSlots reports it.
    kind = undefined;
  }
  if (kind === KIND) {
    throw new ProfileKitError(
      "invalid_options",
      `${functionName}: these compiled slots were not made by compileSlots in this process (compiled slots hold functions, so they cannot be stored or sent as JSON); store the slot specs and compile them again.`,
    );
  }
  return false;
}

/**
 * The prepared slots of `slots` when it is authentic compiled slots (one lookup: the send path's check),
 * else null for slot specs; throws `invalid_options` for anything else that calls itself compiled slots.
 *
 * @internal
 */
export function _compiledInternal(functionName: string, slots: unknown): _Internal | null {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: the send path's one-lookup shortcut; _isCompiled and _internalOf below give the same answer
  if (typeof slots === "object" && slots !== null && authentic.has(slots as CompiledSlots)) return (slots as CompiledSlots)._internal as _Internal;
  return _isCompiled(functionName, slots) ? _internalOf(slots) : null;
}

/** The prepared slots inside authentic compiled slots. @internal */
export function _internalOf(compiled: CompiledSlots): _Internal {
  if (!authentic.has(compiled)) throw new ProfileKitError("invalid_options", "profile-kit: compiled slots were not made by compileSlots in this process.");
  return compiled._internal as _Internal;
}

/** Slots with a policy replaced, per compiled slots: a send loop asks for the same replacement every time. */
const replacements = new WeakMap<CompiledSlots, Map<string, CompiledSlots>>();

/** The same slots with one policy read as another (previews and the generic version must not throw). @internal */
export function _replacePolicy(compiled: CompiledSlots, from: SlotPolicy, to: SlotPolicy): CompiledSlots {
  const internal = _internalOf(compiled);
  if (!internal.slots.some((slot) => slot.policy === from)) return compiled;
  let done = replacements.get(compiled);
  if (done === undefined) {
    done = new Map();
    replacements.set(compiled, done);
  }
  const key = `${from}>${to}`;
  let replaced = done.get(key);
  if (replaced === undefined) {
    replaced = _sealCompiled(compiled.names, { ...internal, slots: internal.slots.map((slot) => (slot.policy === from ? { ...slot, policy: to } : slot)) });
    done.set(key, replaced);
  }
  return replaced;
}
