import { isProfileKitError } from "../errors/isProfileKitError.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _readInstant } from "../shared/_time.js";
import { _compiledInternal, _internalOf } from "./_compiled.js";
import { _read, _resolveSlot, _viewOf, type _ProfileView } from "./_evaluate.js";
import { _isConsentAttribute, _isOptOut } from "../shared/_consent.js";
import { compileSlots, type CompiledSlots } from "./compileSlots.js";
import type { PersonalizeContext, PersonalizeResult, SlotOutcome, SlotSpec } from "./types.js";
import type { ProfileView, TimeInput } from "../shared/types.js";

/** Options of {@link personalize}. */
export interface PersonalizeOptions {
  /** The clock for `maxAgeDays`. Default: none, and then a slot with `maxAgeDays` throws `invalid_options` (no hidden clock reads). */
  readonly now?: TimeInput;
  /** Locale for dates and numbers, e.g. the recipient's. Default `"en-US"`. */
  readonly locale?: string;
  /** IANA zone dates are shown in. Default `"UTC"`. */
  readonly timeZone?: string;
}

/**
 * The value of every slot for one profile, ready for any template engine, and for each slot whether it
 * fell back and why: `missing`, `empty`, `stale`, `untrusted` (low trust, an untrusted source, or an open
 * conflict), `invalid`, `erased` or `opted_out`. Each slot tries its path, then its fallback chain, then
 * applies its policy (generic value, omit, abort the message, or throw for tests). Never throws on the
 * send path — a missing profile, wrong types, proxies or getters that throw, values nested too deep,
 * formatters or validators that throw all become fallbacks. Text longer than 10,000 characters is passed
 * over as `invalid` (detail `too_long`) without being validated or formatted. Only options throw
 * (`invalid_options`), and so do compiled slots that were not made by {@link compileSlots} in this process
 * (compiled slots hold functions: store the specs, not the compiled slots).
 *
 * @param profile - a golden profile, a snapshot from `profileAsOf`, `{ attributes }`, or null
 * @param slots - compiled slots (fast) or slot specs (compiled on every call)
 * @param options - `now`, `locale`, `timeZone`
 * @returns the values, a report per slot, the slots that fell back and an abort decision
 * @example
 * ```ts
 * const slots = compileSlots({ firstName: { path: "firstName", generic: "there", format: { type: "name", part: "first" } } });
 * personalize(profile, slots, { now: new Date() }).values.firstName; // "Teresa" or "there"
 * ```
 */
export function personalize(profile: ProfileView | null | undefined, slots: CompiledSlots | Readonly<Record<string, SlotSpec>>, options: PersonalizeOptions = {}): PersonalizeResult {
  const internal = _compiledInternal("personalize", slots) ?? _internalOf(compileSlots(slots as Readonly<Record<string, SlotSpec>>));
  const context = readContext("personalize", options, internal.needsClock);
  const view = _viewOf(profile);
  // Copies of an object that already has every slot name: no shape changes while filling it in.
  const values: Record<string, string | null> = { ...internal.template };
  const report = { ...internal.template } as unknown as Record<string, SlotOutcome>;
  const fellBack: string[] = [];
  let abort: PersonalizeResult["abort"] = null;
  for (const slot of internal.slots) {
    const outcome = _resolveSlot(view, slot, context);
    if (outcome.value === null && slot.policy === "throw") {
      const why = outcome.steps.map((step) => `${step.path} ${step.reason}${step.detail === undefined ? "" : ` (${step.detail})`}`).join(", ");
      throw new ProfileKitError("personalization_failed", `personalize: slot "${slot.name}" has no usable value: ${why}.`);
    }
    // Slot names are identifiers compileSlots checked (never "__proto__" or "constructor"), and each is
    // already an own property of both copies: these writes replace own values. Write sites of their own,
    // not `_setOwn`: a shared helper's property store turns megamorphic on the send path.
    // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- see above
    values[slot.name] = outcome.value;
    // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- see above
    report[slot.name] = outcome;
    if (outcome.fellBack) fellBack.push(slot.name);
    if (outcome.outcome === "aborted" && abort === null) abort = { slot: slot.name, steps: outcome.steps };
  }
  const suppressed = view.erased ? "erased" : optedOut(view, internal.sendConsent) ? "opted_out" : null;
  if (suppressed !== null) return { values, report, fellBack, abort, send: "suppress", sendReason: suppressed };
  return { values, report, fellBack, abort, send: abort === null ? "send" : "send_generic", sendReason: abort === null ? null : "aborted" };
}

// Attribute names repeat from profile to profile: whether a name holds consent is worked out once.
const consentNames = new Map<string, boolean>();

/** Whether the profile says no to this send: at the consent path, or else in any consent-named attribute. */
function optedOut(view: _ProfileView, consent: readonly string[] | null): boolean {
  const attributes = view.attributes;
  if (attributes === null) return false;
  try {
    if (consent !== null) return _isOptOut(_read(attributes, consent), consent[consent.length - 1] as string);
    // for…in with an own check: no array of keys per profile on the send path.
    for (const name in attributes) {
      if (!Object.hasOwn(attributes, name)) continue;
      let holdsConsent = consentNames.get(name);
      if (holdsConsent === undefined) {
        holdsConsent = name.length <= 64 && _isConsentAttribute(name);
        if (consentNames.size < 10_000) consentNames.set(name, holdsConsent);
      }
      // eslint-disable-next-line profile-kit/no-dynamic-key-lookup -- own property checked above
      if (holdsConsent && _isOptOut(attributes[name], name)) return true;
    }
    return false;
  } catch {
    // Consent that cannot be read is not a yes.
    return true;
  }
}

/**
 * Checks the per-call options by hand rather than with a schema: they are read for every recipient, and
 * at 200,000 profiles a second a schema parse would cost more than personalizing.
 */
function readContext(functionName: string, options: PersonalizeOptions, needsClock: boolean): PersonalizeContext {
  try {
    return contextOf(functionName, options, needsClock);
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    // A getter or proxy trap in the options threw.
    throw new ProfileKitError("invalid_options", `${functionName}: options could not be read.`, { cause: error });
  }
}

function contextOf(functionName: string, options: PersonalizeOptions, needsClock: boolean): PersonalizeContext {
  // Callers in JavaScript can pass anything.
  if (typeof options !== "object" || (options as unknown) === null) throw new ProfileKitError("invalid_options", `${functionName}: options must be an object.`);
  for (const key in options) {
    if (Object.hasOwn(options, key) && key !== "now" && key !== "locale" && key !== "timeZone") throw new ProfileKitError("invalid_options", `${functionName}: invalid options. options: unknown option "${key}".`);
  }
  const { now: clock } = options;
  const locale = options.locale ?? "en-US";
  const timeZone = options.timeZone ?? "UTC";
  let now = Number.NaN;
  if (typeof clock === "number" && Number.isFinite(clock)) now = clock;
  else if (clock !== undefined) now = _readInstant(clock, "UTC", ["now"], []) ?? Number.NaN;
  if (Number.isNaN(now) && (clock !== undefined || needsClock)) {
    throw new ProfileKitError("invalid_options", `${functionName}: options.now must be a usable time when a slot has maxAgeDays.`);
  }
  if (typeof locale !== "string" || typeof timeZone !== "string") throw new ProfileKitError("invalid_options", `${functionName}: options.locale and options.timeZone must be strings.`);
  return { now, locale, timeZone };
}
