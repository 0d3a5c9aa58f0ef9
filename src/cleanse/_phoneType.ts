import { Metadata, parsePhoneNumberFromString, type CountryCode, type MetadataJson, type PhoneNumber } from "libphonenumber-js/core";
import maxMetadata from "libphonenumber-js/max/metadata";

/**
 * libphonenumber-js's `parsePhoneNumberFromString` (max metadata), answering the same at half the cost.
 *
 * Where several countries share a calling code (+1: the US, Canada and 23 more), libphonenumber picks the
 * number's country by trying each country's type patterns in turn, building a `RegExp` from pattern text
 * for each (the US fixed-line pattern alone is 637 characters): for a US number that is most of the parse.
 * Here the number is parsed first with the same metadata but each shared calling code listing only its
 * main country (a plain metadata JSON, as libphonenumber-js/core takes), which skips that step; the
 * country is then chosen as libphonenumber does (leading digits, else the first country whose patterns
 * the number matches), with the patterns compiled once, and set on the number as libphonenumber sets it
 * (it reads the national number with the default country's or the main country's plan before choosing,
 * as the quick parse did). When the quick parse fails, when no country of the code takes the number (its
 * country then depends on how it was written), or when a plan does not answer as expected, the number is
 * parsed again the ordinary way.
 * `_phoneType.test.ts` compares the two on every country's numbers and on random digits.
 *
 * @param text - the text to parse
 * @param country - the default country, for national numbers
 */
export function _parsePhone(text: string, country: CountryCode | undefined): PhoneNumber | undefined {
  const plan = quickPlan();
  const quick = plan === null ? undefined : parseWith(text, country, plan.metadata);
  if (quick !== undefined && plan !== null) {
    const countries = plan.sharing.get(quick.countryCallingCode);
    if (countries === undefined) return quick;
    const chosen = countryAmong(countries, quick.nationalNumber);
    if (chosen !== null && chosen !== undefined) {
      // libphonenumber's parse reads the national number before it chooses the country, then sets the
      // country on the number it built, as here.
      if (chosen !== quick.country) quick.country = chosen as CountryCode;
      return quick;
    }
  }
  return parseWith(text, country, maxMetadata);
}

function parseWith(text: string, country: CountryCode | undefined, metadata: MetadataJson): PhoneNumber | undefined {
  return country === undefined ? parsePhoneNumberFromString(text, metadata) : parsePhoneNumberFromString(text, country, metadata);
}

interface QuickPlan {
  /** The max metadata with each shared calling code listing its main country only. */
  readonly metadata: MetadataJson;
  /** Calling codes several countries share, with their countries in libphonenumber-js's order. */
  readonly sharing: ReadonlyMap<string, readonly string[]>;
}

// Built on first use, not on import: a bundle that never parses a phone (email cleansing alone) then
// leaves the metadata out.
let quick: QuickPlan | null | undefined;

/** The quick parse's metadata, or null if the max metadata is not as expected. */
function quickPlan(): QuickPlan | null {
  if (quick !== undefined) return quick;
  quick = null;
  const codes: unknown = (maxMetadata as { country_calling_codes?: unknown }).country_calling_codes;
  if (typeof codes !== "object" || codes === null) return quick;
  const trimmed = new Map<string, string[]>();
  const sharing = new Map<string, readonly string[]>();
  for (const [code, value] of Object.entries(codes as Record<string, unknown>)) {
    if (!Array.isArray(value)) return quick;
    const list: unknown[] = value;
    if (list.length === 0 || !list.every((c): c is string => typeof c === "string")) return quick;
    trimmed.set(code, list.length > 1 ? [list[0] as string] : list);
    if (list.length > 1) sharing.set(code, Object.freeze([...list]));
  }
  quick = { metadata: { ...maxMetadata, country_calling_codes: Object.fromEntries(trimmed) as MetadataJson["country_calling_codes"] }, sharing };
  return quick;
}

/**
 * The country libphonenumber-js's parse gives a national number among countries sharing its calling code
 * (its getCountryByNationalNumber): the first whose leading digits start the number, or, for a country
 * without leading digits, whose type patterns it matches. Null when a plan does not answer as expected.
 */
function countryAmong(countries: readonly string[], national: string): string | undefined | null {
  for (const country of countries) {
    const plan = planOf(country);
    if (plan === null) return null;
    if (plan.leadingDigits !== null) {
      if (plan.leadingDigits.test(national)) return country;
    } else if (typeOf(plan, national) !== undefined) return country;
  }
  return undefined;
}

/**
 * A parsed number's line type, as libphonenumber-js's `getType()` gives it, from the same metadata but
 * with each numbering plan's patterns compiled once. `getType()` builds a `RegExp` from its pattern text
 * on every call (the US fixed-line pattern alone is 637 characters), 2.6 µs a number against 0.06 µs
 * with compiled ones; a number's type is also its validity, so this runs for every number cleansed.
 *
 * The plan's accessors (`nationalNumberPattern`, `leadingDigits`, `type(…).pattern()`, `possibleLengths()`) are the ones
 * libphonenumber-js's own `getNumberType` uses but does not declare in its types: each is checked, and a
 * plan that does not answer as expected falls back to `getType()` (so an upgrade that changes them costs
 * speed, never correctness). `_phoneType.test.ts` compares the two on every country's numbers.
 *
 * @returns the type (libphonenumber-js's names: "FIXED_LINE", "MOBILE"…) or undefined for a number that
 *   matches no type of its plan (invalid there)
 */
export function _phoneTypeOf(parsed: PhoneNumber): string | undefined {
  const plan = planOf(parsed.country ?? parsed.countryCallingCode);
  if (plan === null) return parsed.getType();
  return typeOf(plan, parsed.nationalNumber);
}

/** As libphonenumber-js's getNumberType, for a national number in a plan. */
function typeOf(plan: Plan, national: string): string | undefined {
  if (!plan.national.test(national)) return undefined;
  const fixed = plan.types[0] as PlanType;
  if (matches(fixed, national)) {
    // As libphonenumber: a mobile pattern left out (or emptied) because it equals the fixed-line one.
    if (plan.mobileOmitted) return "FIXED_LINE_OR_MOBILE";
    return matches(plan.types[1] as PlanType, national) ? "FIXED_LINE_OR_MOBILE" : "FIXED_LINE";
  }
  for (let t = 1; t < plan.types.length; t++) {
    const type = plan.types[t] as PlanType;
    if (matches(type, national)) return type.name;
  }
  return undefined;
}

/** Whether libphonenumber-js's `isValid()` would say yes: a type, or the national pattern for plans without types. */
export function _phoneValid(parsed: PhoneNumber, type: string | undefined): boolean {
  if (type !== undefined) return true;
  const plan = planOf(parsed.country ?? parsed.countryCallingCode);
  if (plan === null) return parsed.isValid();
  return !plan.hasTypes && plan.national.test(parsed.nationalNumber);
}

interface PlanType {
  readonly name: string;
  /** Null: the plan has no such type (or an empty pattern), which matches nothing. */
  readonly pattern: RegExp | null;
  readonly lengths: readonly number[] | null;
}

interface Plan {
  readonly national: RegExp;
  /** The plan's leading-digits pattern, anchored at the start (as `search(…) === 0` reads it), or null. */
  readonly leadingDigits: RegExp | null;
  readonly hasTypes: boolean;
  readonly mobileOmitted: boolean;
  /** FIXED_LINE, then MOBILE, then the rest in libphonenumber-js's order. */
  readonly types: readonly PlanType[];
}

const TYPE_ORDER = ["FIXED_LINE", "MOBILE", "PREMIUM_RATE", "TOLL_FREE", "SHARED_COST", "VOIP", "PERSONAL_NUMBER", "PAGER", "UAN", "VOICEMAIL"] as const;

function matches(type: PlanType, national: string): boolean {
  if (type.pattern === null) return false;
  if (type.lengths !== null && !type.lengths.includes(national.length)) return false;
  return type.pattern.test(national);
}

/** Plans by country or calling code; null where the metadata does not answer as expected. */
const plans = new Map<string, Plan | null>();

function planOf(selector: string): Plan | null {
  let plan = plans.get(selector);
  if (plan === undefined) {
    plan = readPlan(selector);
    plans.set(selector, plan);
  }
  return plan;
}

/** The accessors used, as libphonenumber-js has them at run time (see above). */
interface RawType {
  pattern(): unknown;
  possibleLengths(): unknown;
}
interface RawPlan {
  nationalNumberPattern(): unknown;
  leadingDigits(): unknown;
  hasTypes(): unknown;
  type(name: string): unknown;
}

function readPlan(selector: string): Plan | null {
  try {
    const metadata = new Metadata(maxMetadata) as unknown as { selectNumberingPlan(selector: string): void; numberingPlan?: unknown };
    metadata.selectNumberingPlan(selector);
    const raw = metadata.numberingPlan as Partial<RawPlan> | undefined;
    if (raw === undefined || typeof raw.nationalNumberPattern !== "function" || typeof raw.hasTypes !== "function" || typeof raw.type !== "function" || typeof raw.leadingDigits !== "function") return null;
    const nationalPattern = raw.nationalNumberPattern();
    if (typeof nationalPattern !== "string") return null;
    // The metadata writes "none" as 0 (or leaves it out); libphonenumber tests it for truthiness.
    const leadingDigits: unknown = raw.leadingDigits();
    if (leadingDigits !== undefined && leadingDigits !== 0 && typeof leadingDigits !== "string") return null;
    const types: PlanType[] = [];
    for (const name of TYPE_ORDER) {
      const type = readType(raw as RawPlan, name);
      if (type === false) return null;
      types.push(type);
    }
    const mobile = (raw as RawPlan).type("MOBILE") as Partial<RawType> | undefined;
    return {
      national: entirely(nationalPattern),
      // libphonenumber asks `national.search(pattern) === 0`: a match that starts at the first digit.
      leadingDigits: typeof leadingDigits === "string" && leadingDigits !== "" ? new RegExp(`^(?:${leadingDigits})`) : null,
      hasTypes: raw.hasTypes() === true,
      mobileOmitted: mobile === undefined || (typeof mobile.pattern === "function" && mobile.pattern() === ""),
      types,
    };
  } catch {
    return null;
  }
}

/** A type of a plan, or false where the metadata answers something unexpected. */
function readType(raw: RawPlan, name: string): PlanType | false {
  const type = raw.type(name) as Partial<RawType> | undefined;
  if (type === undefined) return { name, pattern: null, lengths: null };
  if (typeof type.pattern !== "function" || typeof type.possibleLengths !== "function") return false;
  const pattern = type.pattern();
  const lengths = type.possibleLengths();
  if (typeof pattern !== "string") return false;
  if (lengths !== undefined && !(Array.isArray(lengths) && lengths.every((n) => typeof n === "number"))) return false;
  return { name, pattern: pattern === "" ? null : entirely(pattern), lengths: lengths ?? null };
}

/** As libphonenumber-js's matchesEntirely. */
function entirely(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}
