import { DateTime } from "luxon";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { z } from "zod";
import { _displayName } from "../cleanse/normalizeName.js";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _parseUtcTimestamp } from "../shared/_parseUtcTimestamp.js";
import { _timeZoneSchema } from "../shared/_time.js";
import type { PersonalizeContext, SlotFormatter, SlotPolicy, SlotSpec } from "./types.js";

/** Options of {@link compileSlots}. */
export interface CompileSlotsOptions {
  /** Path to a consent attribute for every slot (a slot's own `consentPath` wins). */
  readonly consentPath?: string;
}

/** Slots checked and prepared once, for {@link personalize} to use on every profile. Opaque: build it with {@link compileSlots}. */
export interface CompiledSlots {
  readonly kind: "profile-kit/compiled-slots";
  /** The slot names, in the order given. */
  readonly names: readonly string[];
  /** @internal */
  readonly _internal: unknown;
}

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
}

/** The prepared slots inside compiled slots. @internal */
export function _internalOf(compiled: CompiledSlots): _Internal {
  return compiled._internal as _Internal;
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
 * without a generic value, a chain naming a slot that does not exist or that leads back to itself — throw
 * `invalid_options` here, at setup, never on the send path.
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
  if (typeof slots === "object" && (slots as unknown) !== null) {
    const badName = Object.keys(slots).find((name) => !SLOT_NAME.test(name) || _UNSAFE_KEYS.has(name));
    if (badName !== undefined) throw invalid(`slot name "${badName}" is not an identifier; slot names are identifiers so every template engine can use them`);
  }
  const specs = _parseOptions("compileSlots", slotsSchema, slots) as Readonly<Record<string, SlotSpec>>;
  const parsed = _parseOptions("compileSlots", optionsSchema, options);
  const names = Object.keys(specs);
  const checks = new Map<string, _Checks>();
  for (const name of names) checks.set(name, buildChecks(specs[name] as SlotSpec, parsed.consentPath ?? null));

  const flattened = new Map<string, readonly _Candidate[]>();
  const flatten = (name: string, trail: readonly string[]): readonly _Candidate[] => {
    const done = flattened.get(name);
    if (done !== undefined) return done;
    const spec = specs[name];
    if (spec === undefined) throw invalid(`slot "${trail[trail.length - 1] ?? name}" falls back to slot "${name}", which does not exist`);
    if (trail.includes(name)) throw invalid(`circular fallback chain: ${[...trail, name].join(" → ")}`);
    const own = checks.get(name) as _Checks;
    const list: _Candidate[] = [candidate(spec.path, own)];
    for (const step of spec.fallback ?? []) {
      if (typeof step === "string") list.push(candidate(step, own));
      else list.push(...flatten(step.slot, [...trail, name]));
    }
    flattened.set(name, list);
    return list;
  };

  const compiled: _CompiledSlot[] = names.map((name) => {
    const spec = specs[name] as SlotSpec;
    const policy = spec.policy ?? (spec.generic === undefined ? "omit" : "generic");
    if (policy === "generic" && spec.generic === undefined) throw invalid(`slot "${name}" has policy "generic" but no generic value`);
    return { name, candidates: flatten(name, []), generic: spec.generic ?? null, policy };
  });
  const internal: _Internal = { slots: compiled, template: Object.fromEntries(names.map((name) => [name, null])) };
  return { kind: "profile-kit/compiled-slots", names, _internal: internal };
}

function invalid(problem: string): ProfileKitError {
  return new ProfileKitError("invalid_options", `compileSlots: invalid options. ${problem}.`);
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
    format: buildFormatter(spec.format),
    consent: consent === null ? null : consent.split("."),
    sample: sampleFor(spec.format),
  };
}

function matches(pattern: RegExp, value: string): boolean {
  // A global or sticky pattern keeps state between calls; start from the beginning every time.
  pattern.lastIndex = 0;
  return pattern.test(value);
}

function sampleFor(format: SlotFormatter | undefined): unknown {
  if (format === undefined || typeof format === "function") return "Sample";
  if (format.type === "date") return "2024-03-14";
  if (format.type === "currency" || format.type === "number") return 42;
  return format.type === "name" ? "Alex" : "Sample";
}

const FAILED_TYPE = { failed: "wrong_type" } as const;
const FAILED_PLACEHOLDER = { failed: "placeholder" } as const;
const FAILED_NAME = { failed: "not_a_name" } as const;

function buildFormatter(format: SlotFormatter | undefined): (value: unknown, context: PersonalizeContext) => _Formatted {
  if (format === undefined) return formatText;
  if (typeof format === "function") {
    return (value, context) => {
      const text = format(value, context);
      return typeof text === "string" && text.trim() !== "" ? text : { failed: "formatter_result" };
    };
  }
  switch (format.type) {
    case "text": {
      const { case: letterCase = "none", maxLength } = format;
      const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
      return (value) => {
        const text = formatText(value);
        if (typeof text !== "string") return text;
        const cased = letterCase === "upper" ? text.toUpperCase() : letterCase === "lower" ? text.toLowerCase() : letterCase === "title" ? titleCase(text) : text;
        if (maxLength === undefined || cased.length <= maxLength) return cased;
        // Cut between whole characters (an emoji or an accented letter is never split).
        const kept = Array.from(graphemes.segment(cased), (part) => part.segment);
        return kept.length <= maxLength ? cased : `${kept.slice(0, Math.max(1, maxLength - 1)).join("").trimEnd()}…`;
      };
    }
    case "name": {
      const part = format.part ?? "full";
      return (value) => {
        if (typeof value !== "string") return FAILED_TYPE;
        const name = _displayName(value, part);
        return typeof name === "string" ? name : name === null ? FAILED_PLACEHOLDER : FAILED_NAME;
      };
    }
    case "date": {
      // luxon's presets, so both paths below write the same text.
      const preset = format.style === "short" ? DateTime.DATE_SHORT : format.style === "long" ? DateTime.DATE_FULL : format.style === "full" ? DateTime.DATE_HUGE : DateTime.DATE_MED;
      const formatters = new Map<string, Intl.DateTimeFormat>();
      // A send loop uses one locale and zone for many recipients: the last formatter is kept at hand.
      let last: { locale: string; zone: string; formatter: Intl.DateTimeFormat } | null = null;
      const intl = (locale: string, zone: string): Intl.DateTimeFormat => {
        if (last !== null && last.locale === locale && last.zone === zone) return last.formatter;
        const key = `${locale}\u0000${zone}`;
        let formatter = formatters.get(key);
        if (formatter === undefined) {
          formatter = new Intl.DateTimeFormat(locale, { ...preset, timeZone: zone });
          formatters.set(key, formatter);
        }
        last = { locale, zone, formatter };
        return formatter;
      };
      return (value, context) => {
        const zone = format.timeZone ?? context.timeZone;
        const locale = format.locale ?? context.locale;
        // The common forms — a calendar date, a canonical UTC timestamp, epoch ms — go straight to a cached
        // Intl formatter; luxon reads everything else (offsets, zone-less times in the zone).
        if (typeof value === "string") {
          const day = DATE_ONLY.exec(value);
          if (day !== null) {
            const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
            const ms = Date.UTC(year, month - 1, date);
            const check = new Date(ms);
            if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return { failed: "not_a_date" };
            // A calendar date is the same day everywhere: shown in UTC, whatever the zone.
            return intl(locale, "UTC").format(ms);
          }
          const utc = _parseUtcTimestamp(value);
          if (!Number.isNaN(utc)) return intl(locale, zone).format(utc);
          const parsed = DateTime.fromISO(value, { zone });
          return parsed.isValid ? intl(locale, zone).format(parsed.toMillis()) : { failed: "not_a_date" };
        }
        if (typeof value !== "number" && !(value instanceof Date)) return FAILED_TYPE;
        const ms = typeof value === "number" ? value : value.getTime();
        return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? intl(locale, zone).format(ms) : { failed: "not_a_date" };
      };
    }
    case "currency":
    case "number": {
      const formatters = new Map<string, Intl.NumberFormat>();
      const settings: Intl.NumberFormatOptions =
        format.type === "currency" ? { style: "currency", currency: format.currency } : format.maximumFractionDigits === undefined ? {} : { maximumFractionDigits: format.maximumFractionDigits };
      return (value, context) => {
        const number = typeof value === "number" ? value : typeof value === "string" && NUMERIC.test(value.trim()) ? Number(value) : Number.NaN;
        if (!Number.isFinite(number)) return { failed: "not_a_number" };
        const locale = format.locale ?? context.locale;
        let formatter = formatters.get(locale);
        if (formatter === undefined) {
          formatter = new Intl.NumberFormat(locale, settings);
          formatters.set(locale, formatter);
        }
        return formatter.format(number);
      };
    }
  }
}

const DATE_ONLY = /^(\d{4})-(\d\d)-(\d\d)$/;
const NUMERIC = /^-?\d+(?:\.\d+)?$/;

function formatText(value: unknown): _Formatted {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : FAILED_TYPE;
  if (typeof value === "boolean") return String(value);
  return FAILED_TYPE;
}

/** Upper-cases the first letter of every word (after a space, hyphen or apostrophe), lower-cases the rest. */
function titleCase(text: string): string {
  const lower = text.toLowerCase();
  let out = "";
  let start = true;
  for (const char of lower) {
    out += start ? char.toUpperCase() : char;
    start = char === " " || char === "-" || char === "'" || char === "’" || char === "\t";
  }
  return out;
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

/** True for what {@link compileSlots} returns. @internal */
export function _isCompiled(slots: unknown): slots is CompiledSlots {
  return typeof slots === "object" && slots !== null && (slots as { kind?: unknown }).kind === "profile-kit/compiled-slots";
}

/** The same slots with one policy read as another (previews and the generic version must not throw). @internal */
export function _replacePolicy(compiled: CompiledSlots, from: SlotPolicy, to: SlotPolicy): CompiledSlots {
  const internal = _internalOf(compiled);
  if (!internal.slots.some((slot) => slot.policy === from)) return compiled;
  const replaced: _Internal = { ...internal, slots: internal.slots.map((slot) => (slot.policy === from ? { ...slot, policy: to } : slot)) };
  return { ...compiled, _internal: replaced };
}
