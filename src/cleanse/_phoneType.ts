import { Metadata, type PhoneNumber } from "libphonenumber-js/max";

/**
 * A parsed number's line type, as libphonenumber-js's `getType()` gives it, from the same metadata but
 * with each numbering plan's patterns compiled once. `getType()` builds a `RegExp` from its pattern text
 * on every call (the US fixed-line pattern alone is 637 characters), 2.6 µs a number against 0.06 µs
 * with compiled ones; a number's type is also its validity, so this runs for every number cleansed.
 *
 * The plan's accessors (`nationalNumberPattern`, `type(…).pattern()`, `possibleLengths()`) are the ones
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
  const national = parsed.nationalNumber;
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
  hasTypes(): unknown;
  type(name: string): unknown;
}

function readPlan(selector: string): Plan | null {
  try {
    const metadata = new Metadata() as unknown as { selectNumberingPlan(selector: string): void; numberingPlan?: unknown };
    metadata.selectNumberingPlan(selector);
    const raw = metadata.numberingPlan as Partial<RawPlan> | undefined;
    if (raw === undefined || typeof raw.nationalNumberPattern !== "function" || typeof raw.hasTypes !== "function" || typeof raw.type !== "function") return null;
    const nationalPattern = raw.nationalNumberPattern();
    if (typeof nationalPattern !== "string") return null;
    const types: PlanType[] = [];
    for (const name of TYPE_ORDER) {
      const type = readType(raw as RawPlan, name);
      if (type === false) return null;
      types.push(type);
    }
    const mobile = (raw as RawPlan).type("MOBILE") as Partial<RawType> | undefined;
    return {
      national: entirely(nationalPattern),
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
