// Slot specs checked by hand rather than with a schema library: personalization runs in serverless
// functions whose cold start counts, and a schema library costs more to load than all of fallback/. The
// messages say where and what, as the schema checks elsewhere do: `options.greeting.format.style: expected
// one of "short", "medium", "long", "full"`.
import { _checkOptionKeys, _describeOption, _optionsError, type _KeyList } from "../errors/_checkOptions.js";
import { _own } from "../shared/_dict.js";
import { _isTimeZone } from "../shared/_time.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import type { CompileSlotsOptions } from "./compileSlots.js";
import type { SlotFormatter, SlotSpec } from "./types.js";

const FN = "compileSlots";
const PATH = /^[^.\s]+(?:\.[^.\s]+)*$/;
const SLOT_NAME = /^[A-Za-z_$][\w$]*$/;
const SPEC_KEYS: _KeyList<SlotSpec, ["path", "fallback", "generic", "policy", "format", "maxAgeDays", "minTrust", "trustedSources", "onConflict", "validate", "consentPath"]> = [
  "path",
  "fallback",
  "generic",
  "policy",
  "format",
  "maxAgeDays",
  "minTrust",
  "trustedSources",
  "onConflict",
  "validate",
  "consentPath",
];
const OPTION_KEYS: _KeyList<CompileSlotsOptions, ["consentPath"]> = ["consentPath"];
const FORMAT_KEYS: Readonly<Record<Exclude<SlotFormatter, (...args: never[]) => unknown>["type"], readonly string[]>> = {
  text: ["type", "case", "maxLength"],
  name: ["type", "part"],
  date: ["type", "style", "locale", "timeZone"],
  currency: ["type", "currency", "locale"],
  number: ["type", "maximumFractionDigits", "locale"],
};
const FORMAT_TYPES = ["text", "name", "date", "currency", "number"] as const;

/** The specs by slot name (a Map: a name such as "toString" finds nothing on a prototype), every field checked. @internal */
export function _checkSlotSpecs(slots: unknown): ReadonlyMap<string, SlotSpec> {
  if (typeof slots !== "object" || slots === null || Array.isArray(slots)) throw _optionsError(FN, "slots", `expected an object of slot specs, received ${_describeOption(slots)}`);
  const specs = new Map<string, SlotSpec>();
  for (const name of Object.keys(slots)) {
    if (!SLOT_NAME.test(name) || _UNSAFE_KEYS.has(name)) throw _optionsError(FN, "slots", `slot name "${name.slice(0, 40)}" is not an identifier; slot names are identifiers so every template engine can use them`);
    specs.set(name, checkSpec(_own(slots, name), `options.${name}`));
  }
  return specs;
}

/** The compile options, checked. @internal */
export function _checkCompileOptions(options: unknown): { readonly consentPath: string | null } {
  _checkOptionKeys(FN, options, OPTION_KEYS);
  const consentPath = _own(options as object, "consentPath");
  if (consentPath !== undefined) checkPath(consentPath, "options.consentPath");
  return { consentPath: (consentPath as string | undefined) ?? null };
}

function checkSpec(spec: unknown, where: string): SlotSpec {
  _checkOptionKeys(FN, spec, SPEC_KEYS, where);
  const get = (key: string): unknown => _own(spec as object, key);
  checkPath(get("path"), `${where}.path`);
  const fallback = get("fallback");
  if (fallback !== undefined) {
    if (!Array.isArray(fallback)) throw _optionsError(FN, `${where}.fallback`, `expected an array of paths and { slot } references, received ${_describeOption(fallback)}`);
    (fallback as readonly unknown[]).forEach((step, i) => {
      if (typeof step === "string") checkPath(step, `${where}.fallback.${i}`);
      else {
        _checkOptionKeys(FN, step, ["slot"], `${where}.fallback.${i}`);
        const slot = _own(step as object, "slot");
        if (typeof slot !== "string" || slot === "") throw _optionsError(FN, `${where}.fallback.${i}.slot`, "expected the name of another slot");
      }
    });
  }
  optional(get("generic"), `${where}.generic`, (value) => typeof value === "string", "expected a string");
  choice(get("policy"), `${where}.policy`, ["generic", "omit", "abort", "throw"]);
  const format = get("format");
  if (format !== undefined && typeof format !== "function") checkFormat(format, `${where}.format`);
  optional(get("maxAgeDays"), `${where}.maxAgeDays`, (value) => typeof value === "number" && value > 0 && Number.isFinite(value), "expected a positive number of days");
  optional(get("minTrust"), `${where}.minTrust`, (value) => typeof value === "number" && value >= 0 && value <= 1, "expected a number from 0 to 1");
  const trusted = get("trustedSources");
  if (trusted !== undefined && (!Array.isArray(trusted) || trusted.length === 0 || !(trusted as readonly unknown[]).every((source) => typeof source === "string" && source !== ""))) {
    throw _optionsError(FN, `${where}.trustedSources`, "expected a non-empty array of source names");
  }
  choice(get("onConflict"), `${where}.onConflict`, ["fallback", "use"]);
  optional(get("validate"), `${where}.validate`, (value) => value instanceof RegExp || typeof value === "function", "expected a RegExp or a function");
  const consent = get("consentPath");
  if (consent !== undefined) checkPath(consent, `${where}.consentPath`);
  return spec as SlotSpec;
}

function checkFormat(format: unknown, where: string): void {
  if (typeof format !== "object" || format === null) throw _optionsError(FN, where, "expected a formatter object or function");
  const type = _own(format, "type");
  if (typeof type !== "string" || !(FORMAT_TYPES as readonly string[]).includes(type)) throw _optionsError(FN, `${where}.type`, `expected one of ${FORMAT_TYPES.map((t) => `"${t}"`).join(", ")}`);
  _checkOptionKeys(FN, format, FORMAT_KEYS[type as (typeof FORMAT_TYPES)[number]], where);
  const get = (key: string): unknown => _own(format, key);
  choice(get("case"), `${where}.case`, ["none", "upper", "lower", "title"]);
  optional(get("maxLength"), `${where}.maxLength`, (value) => Number.isInteger(value) && (value as number) >= 1, "expected a whole number of at least 1");
  choice(get("part"), `${where}.part`, ["first", "last", "full"]);
  choice(get("style"), `${where}.style`, ["short", "medium", "long", "full"]);
  optional(get("locale"), `${where}.locale`, (value) => typeof value === "string" && isLocale(value), 'expected a BCP 47 locale such as "en-GB"');
  optional(get("timeZone"), `${where}.timeZone`, (value) => typeof value === "string" && _isTimeZone(value), 'expected an IANA time zone such as "Europe/Paris"');
  if (type === "currency") {
    const currency = get("currency");
    if (typeof currency !== "string" || !isCurrency(currency)) throw _optionsError(FN, `${where}.currency`, 'expected an ISO 4217 currency code such as "EUR"');
  }
  optional(get("maximumFractionDigits"), `${where}.maximumFractionDigits`, (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 20, "expected a whole number from 0 to 20");
}

function checkPath(path: unknown, where: string): void {
  if (typeof path !== "string" || !PATH.test(path)) throw _optionsError(FN, where, 'expected a path like "firstName" or "address.city"');
  if (path.split(".").some((segment) => _UNSAFE_KEYS.has(segment))) throw _optionsError(FN, where, "a path may not use __proto__, constructor or prototype");
}

function optional(value: unknown, where: string, ok: (value: unknown) => boolean, expected: string): void {
  if (value !== undefined && !ok(value)) throw _optionsError(FN, where, `${expected}, received ${_describeOption(value)}`);
}

function choice(value: unknown, where: string, allowed: readonly string[]): void {
  if (value !== undefined && !(typeof value === "string" && allowed.includes(value))) throw _optionsError(FN, where, `expected one of ${allowed.map((option) => `"${option}"`).join(", ")}`);
}

function isLocale(locale: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

/** The currency codes this runtime's Intl knows (ISO 4217, with historical codes), read once on first use. */
let knownCurrencies: ReadonlySet<string> | null = null;

function isCurrency(code: string): boolean {
  // Intl.NumberFormat formats any three capitals ("XYZ 12.00"): the runtime's list is what tells a code.
  knownCurrencies ??= new Set(Intl.supportedValuesOf("currency"));
  return knownCurrencies.has(code);
}
