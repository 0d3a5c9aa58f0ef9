import { _createIssue } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import { _directionals, _postalFormats, _regions, _streetSuffixes, _unitDesignators } from "./_addressData.js";
import { _checkOptionKeys, _choiceOption, _countryOption, _NO_PATH, _pathOption, _unreadableOptions, type _KeyList } from "../errors/_checkOptions.js";
import { _capitalOf, _composed, _describeValue, _fold, _readText, _sameText, _withinLimit } from "../shared/_text.js";
import type { FieldStatus } from "../shared/types.js";
import { normalizeCountry } from "./normalizeCountry.js";

/** The parts of a postal address as a source sends them; any may be missing, any may be any JSON value. */
export interface AddressInput {
  readonly street?: unknown;
  readonly city?: unknown;
  readonly region?: unknown;
  readonly postalCode?: unknown;
  readonly country?: unknown;
}

/** Options of {@link normalizeAddress}. */
export interface NormalizeAddressOptions {
  /** ISO alpha-2 country assumed when the address has none. */
  readonly country?: string | null;
  /** `"upper"` (USPS style, the default) or `"title"` for US and Canadian street lines. */
  readonly case?: "upper" | "title";
  /** Where the address sits, for issue paths; each part adds its own name. Default `[]`. */
  readonly path?: IssuePath;
}

/** The parts of a US or Canadian street line, USPS-standardised. */
export interface StreetParts {
  readonly number: string | null;
  readonly predirectional: string | null;
  readonly name: string | null;
  readonly suffix: string | null;
  readonly postdirectional: string | null;
  readonly unitDesignator: string | null;
  readonly unit: string | null;
}

/** A standardised postal address. */
export interface NormalizedAddress {
  readonly street: string | null;
  readonly city: string | null;
  /** US state or Canadian province code (`NV`, `ON`); other regions as written. */
  readonly region: string | null;
  readonly postalCode: string | null;
  /** ISO alpha-2. */
  readonly country: string | null;
  /** Exactly what came in, part by part. */
  readonly original: AddressInput;
  /** How each part came out. */
  readonly statuses: { readonly [Part in keyof AddressInput]-?: FieldStatus };
  /** The problems found, with paths to the part; messages never contain the address. */
  readonly issues: readonly Issue[];
  /** The street line's parts when it could be parsed (US and Canada). */
  readonly streetParts: StreetParts | null;
  /** A key for matching the street line: standardised, unit designator dropped, accents folded. */
  readonly streetKey: string | null;
}

const WORD_SPLIT = /[\s,]+/;
const PART_PATHS: { readonly [Part in keyof AddressInput]-?: IssuePath } = {
  street: ["street"],
  city: ["city"],
  region: ["region"],
  postalCode: ["postalCode"],
  country: ["country"],
};
const HOUSE_NUMBER = /^\d+[A-Z]?(?:-\d+[A-Z]?)?$|^\d+\/\d+$/;
const REGION_TEXT = /^[A-Za-z.]{2,}(?: [A-Za-z.]+){0,2}$/;
const ADDRESS_OPTIONS: _KeyList<NormalizeAddressOptions, ["country", "case", "path"]> = ["country", "case", "path"];
const CASES: readonly ("upper" | "title")[] = ["upper", "title"];
const ALPHA_2 = /^[A-Z]{2}$/;
const MAX_STREET = 300;
const MAX_CITY = 100;
const MAX_REGION = 100;
const MAX_POSTAL_CODE = 16;
const UNIT_ALONE = new Set(["BSMT", "FRNT", "LBBY", "LOWR", "OFC", "PH", "REAR", "SIDE", "UPPR"]);

/**
 * Standardises a postal address: whitespace and case; for US and Canadian street lines the USPS
 * Publication 28 abbreviations of suffixes, directionals and unit designators (Street → ST, Apartment → APT,
 * # → APT); a region written into the city ("Las Vegas, NV") split out; states and provinces as codes;
 * postal codes in their country's shape (ZIP and ZIP+4, UK postcode spacing, Canadian A1A 1A1, German five
 * digits, …); the country as ISO 3166-1 alpha-2. Idempotent: the standard parts read back as themselves.
 * Only the address's own properties are read; an address that is not an object (or cannot be read: a
 * revoked Proxy, a throwing getter) is an `invalid_type` issue. Never throws on a value.
 *
 * @param address - the parts as a source sends them
 * @param options - a default `country`, the street `case`, and `path` for issues (undefined: no country, `"upper"`, `[]`)
 * @returns every part standardised, the originals, statuses, issues and a street matching key
 * @throws ProfileKitError `invalid_options` for options of the wrong type or an unknown option key
 * @example
 * ```ts
 * normalizeAddress({ street: "6130 East Elm Parkway, Apartment 30", city: "Milwaukee, WI", postalCode: "532121234", country: "USA" });
 * // street "6130 E ELM PKWY APT 30", city "Milwaukee", region "WI", postalCode "53212-1234", country "US"
 * ```
 */
export function normalizeAddress(address: AddressInput, options?: NormalizeAddressOptions): NormalizedAddress {
  let path = _NO_PATH;
  let countryOption: string | null = null;
  let letterCase: "upper" | "title" = "upper";
  if (options !== undefined) {
    try {
      _checkOptionKeys("normalizeAddress", options, ADDRESS_OPTIONS);
      path = _pathOption("normalizeAddress", options.path);
      countryOption = _countryOption("normalizeAddress", options.country);
      letterCase = _choiceOption("normalizeAddress", "case", options.case, CASES, "upper");
    } catch (error) {
      throw _unreadableOptions("normalizeAddress", error);
    }
  }
  const issues: Issue[] = [];
  const input = readAddress(address, path, issues);
  if (input === null) return unusable(issues);

  const at = (part: keyof AddressInput): IssuePath => (path.length === 0 ? PART_PATHS[part] : [...path, part]);
  const countryResult = normalizeCountry(input.country, { path: at("country") });
  for (const issue of countryResult.issues) issues.push(issue);
  const defaultCountry = countryOption !== null && ALPHA_2.test(countryOption) ? countryOption : null;
  const country = countryResult.value ?? defaultCountry;

  const city = readCity(input.city, at("city"), issues);
  const regionGiven = input.region !== undefined && input.region !== null;
  const regionFromCity = normalizeRegion(regionGiven ? input.region : city.region, regionGiven || city.region !== null, country, at("region"), issues);
  // A region taken out of the city field was standardised even when it was already a code.
  const region = !regionGiven && regionFromCity.status === "valid" ? { ...regionFromCity, status: "fixed" as const } : regionFromCity;
  const postal = normalizePostalCode(input.postalCode, country, region.value, at("postalCode"), issues);
  const street = normalizeStreet(input.street, country, letterCase, at("street"), issues);

  return {
    street: street.value,
    city: city.value,
    region: region.value,
    postalCode: postal.value,
    country: countryResult.value,
    original: { street: input.street, city: input.city, region: input.region, postalCode: input.postalCode, country: input.country },
    statuses: {
      street: street.status,
      city: city.status,
      region: region.status,
      postalCode: postal.status,
      country: countryResult.status,
    },
    issues,
    streetParts: street.parts,
    streetKey: street.key,
  };
}

interface Part {
  readonly value: string | null;
  readonly status: FieldStatus;
}

/**
 * The address's own parts, read once (a getter runs once, a Proxy is asked once); null, with an
 * `invalid_type` issue, when it is not an object or cannot be read. Null and undefined are an empty address.
 */
function readAddress(address: unknown, path: IssuePath, issues: Issue[]): AddressInput | null {
  if (address === undefined || address === null) return {};
  let problem: string;
  if (typeof address === "object") {
    try {
      if (!Array.isArray(address)) {
        const parts = address as AddressInput;
        // Own properties only (a polluted Object.prototype adds no part); a throwing getter or trap throws here.
        const part = (name: keyof AddressInput): unknown => (Object.hasOwn(parts, name) ? parts[name] : undefined);
        return { street: part("street"), city: part("city"), region: part("region"), postalCode: part("postalCode"), country: part("country") };
      }
      problem = "array";
    } catch {
      problem = "unreadable object";
    }
  } else {
    problem = _describeValue(address);
  }
  issues.push(_createIssue("invalid_type", path, { expected: "an address object", received: problem }));
  return null;
}

function unusable(issues: readonly Issue[]): NormalizedAddress {
  return {
    street: null,
    city: null,
    region: null,
    postalCode: null,
    country: null,
    original: {},
    statuses: { street: "invalid", city: "invalid", region: "invalid", postalCode: "invalid", country: "invalid" },
    issues,
    streetParts: null,
    streetKey: null,
  };
}

function statusOf(original: unknown, value: string): FieldStatus {
  return original === value ? "valid" : "fixed";
}

function titleCase(text: string): string {
  return _composed(text.toLowerCase().replace(/(^|[\s\-'’.(/])(\p{L})/gu, (_, before: string, letter: string) => before + _capitalOf(letter)));
}

/** Keeps text a source wrote in mixed case; re-cases text that is all upper or all lower. */
function displayCase(text: string): string {
  const hasLower = /\p{Ll}/u.test(text);
  const hasUpper = /\p{Lu}/u.test(text);
  return hasLower && hasUpper ? text : titleCase(text);
}

const MILITARY_POST = /^[adf]po$/i;

function readCity(value: unknown, path: IssuePath, issues: Issue[]): Part & { readonly region: string | null } {
  const read = _readText(value, path, { maxLength: MAX_CITY }, issues);
  if (read.text === null) return { value: null, status: read.missing ? "missing" : "invalid", region: null };
  let city = read.text;
  let region: string | null = null;
  // "Las Vegas, NV" / "Boston, Massachusetts": the region rides along after the last comma. Every trailing
  // region-shaped part comes off ("Springfield, IL, USA"), the one nearest the city is kept as the region,
  // and casing is applied before looking again, so the standard city never reads as "city, region" itself
  // (a second pass would take off more: normalizing twice must give the same city).
  let standard = displayCase(city);
  for (;;) {
    const peeled = peelRegion(city) ?? peelRegion(standard);
    if (peeled === null) break;
    city = peeled.city;
    region = peeled.region;
    standard = displayCase(city);
  }
  // Military mail's "cities" (APO, FPO, DPO with region AA, AE or AP) are codes, written in capitals.
  if (MILITARY_POST.test(standard)) standard = standard.toUpperCase();
  const kept = _withinLimit(standard, MAX_CITY, path, issues);
  if (kept === null) return { value: null, status: "invalid", region: null };
  return { value: kept, status: statusOf(value, kept), region };
}

function peelRegion(text: string): { readonly city: string; readonly region: string } | null {
  const comma = text.lastIndexOf(",");
  if (comma <= 0) return null;
  const before = text.slice(0, comma).trim();
  const after = text.slice(comma + 1).trim();
  return before !== "" && REGION_TEXT.test(after) ? { city: before, region: after } : null;
}

function normalizeRegion(value: unknown, present: boolean, country: string | null, path: IssuePath, issues: Issue[]): Part {
  if (!present) return { value: null, status: "missing" };
  const read = _readText(value, path, { maxLength: MAX_REGION }, issues);
  if (read.text === null) return { value: null, status: read.missing ? "missing" : "invalid" };
  const upper = read.text.toUpperCase().replace(/\s+/g, " ");
  const lookupIn: readonly ("US" | "CA")[] = country === "US" || country === "CA" ? [country] : country === null ? ["US", "CA"] : [];
  for (const c of lookupIn) {
    const table = _regions[c];
    const bare = upper.replace(/\./g, "");
    if (bare.length === 2 && table.codes.has(bare)) return { value: bare, status: statusOf(value, bare) };
    const named = table.byName.get(upper) ?? table.byName.get(bare) ?? table.byName.get(_fold(upper).toUpperCase());
    if (named !== undefined) return { value: named, status: "fixed" };
  }
  if (country === "US" || country === "CA") {
    issues.push(_createIssue("unknown_region", path, { country }));
    return { value: null, status: "invalid" };
  }
  const standard = _withinLimit(displayCase(read.text), MAX_REGION, path, issues);
  return standard === null ? { value: null, status: "invalid" } : { value: standard, status: statusOf(value, standard) };
}

/** States whose ZIP codes start with 0, where a four-digit ZIP is one that lost its leading zero. */
const ZERO_ZIP_REGIONS = new Set(["CT", "MA", "ME", "NH", "NJ", "PR", "RI", "VT", "VI", "AE", "NY"]);

function normalizePostalCode(value: unknown, country: string | null, region: string | null, path: IssuePath, issues: Issue[]): Part {
  const read = _readText(value, path, { maxLength: MAX_POSTAL_CODE, allowNumber: true }, issues);
  if (read.text === null) return { value: null, status: read.missing ? "missing" : "invalid" };
  let compact = read.text.toUpperCase().replace(/[\s-]/g, "");
  const format = country === null ? undefined : _postalFormats.get(country);
  if (country === null || format === undefined) {
    const standard = _withinLimit(_composed(read.text.toUpperCase()), MAX_POSTAL_CODE, path, issues);
    return standard === null ? { value: null, status: "invalid" } : { value: standard, status: statusOf(value, standard) };
  }
  // A US ZIP that lost its leading zero in a spreadsheet (2163 → 02163).
  if (country === "US" && /^\d{4}$|^\d{8}$/.test(compact) && (region === null || ZERO_ZIP_REGIONS.has(region))) compact = `0${compact}`;
  const [shape, write] = format;
  if (!shape.test(compact)) {
    issues.push(_createIssue("invalid_postal_code", path, { country }));
    return { value: null, status: "invalid" };
  }
  const standard = write(compact);
  return { value: _sameText(value, standard), status: statusOf(value, standard) };
}

function normalizeStreet(value: unknown, country: string | null, letterCase: "upper" | "title", path: IssuePath, issues: Issue[]): Part & { readonly parts: StreetParts | null; readonly key: string | null } {
  const read = _readText(value, path, { maxLength: MAX_STREET }, issues);
  if (read.text === null) return { value: null, status: read.missing ? "missing" : "invalid", parts: null, key: null };
  const text = read.text;
  const parsed = parseUsStreet(text);
  const parts = country === null || country === "US" || country === "CA" ? parsed : null;
  if (parts === null) {
    const standard = _withinLimit(displayCase(text), MAX_STREET, path, issues);
    if (standard === null) return { value: null, status: "invalid", parts: null, key: null };
    // The matching key abbreviates like USPS whenever the line parses, so "814 Redwood Avenue" matches
    // "814 Redwood Ave" whether or not a record says it is in the US.
    const kept = _sameText(value, standard);
    return { value: kept, status: statusOf(value, standard), parts: null, key: _sameText(kept, parsed === null ? keyOf(standard) : partsKey(parsed)) };
  }
  const line = [parts.number, parts.predirectional, parts.name, parts.suffix, parts.postdirectional, parts.unitDesignator, parts.unit]
    .filter((part) => part !== null)
    .join(" ");
  const standard = _withinLimit(letterCase === "title" ? titleCase(line) : line, MAX_STREET, path, issues);
  if (standard === null) return { value: null, status: "invalid", parts: null, key: null };
  // An unchanged line keeps the caller's string, and a key that reads the same as the line shares it.
  const kept = _sameText(value, standard);
  return { value: kept, status: statusOf(value, standard), parts, key: _sameText(kept, partsKey(parts)) };
}

function partsKey(parts: StreetParts): string {
  return keyOf([parts.number, parts.predirectional, parts.name, parts.suffix, parts.postdirectional, parts.unit].filter((p) => p !== null).join(" "));
}

function keyOf(text: string): string {
  return _fold(text).replace(/[^\p{L}\p{N} ]/gu, "").replace(/\s+/g, " ").trim().toUpperCase();
}

/** House numbers written out (One S. Dearborn St.): read as digits. */
const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(Object.entries({ ONE: "1", TWO: "2", THREE: "3", FOUR: "4", FIVE: "5", SIX: "6", SEVEN: "7", EIGHT: "8", NINE: "9", TEN: "10", ELEVEN: "11", TWELVE: "12" }));
const ORDINAL = /^(\d+)(?:ST|ND|RD|TH)$/;
/** A unit written without a designator after the street (101 W Grand Ave 600): digits, a letter, or both (a directional letter is no unit). */
const BARE_UNIT = /^(?:\d+[A-Z]?|[A-Z]\d*)$/;

/** Parses "123 N Main St., Apt #4" into USPS parts; null when the line does not start with a house number. */
function parseUsStreet(text: string): StreetParts | null {
  const tokens = _composed(text.toUpperCase())
    .replace(/#\s*/g, " # ")
    .replace(/\.(?=\s|$|,)/g, "")
    .split(WORD_SPLIT)
    .filter((token) => token !== "")
    // Dotted directionals (N.W.) are directionals.
    .map((token) => (token.includes(".") && _directionals.has(token.replace(/\./g, "")) ? token.replace(/\./g, "") : token));
  const spelled = NUMBER_WORDS.get(tokens[0] ?? "");
  if (spelled !== undefined && tokens.length >= 3) tokens[0] = spelled;
  let number = tokens[0];
  if (number === undefined || !HOUSE_NUMBER.test(number) || tokens.length < 2) return null;
  // A letter or a fraction after the house number belongs to it (4922 B South Cornell, 123 1/2 Main St);
  // a directional letter does not (123 N Main St).
  const second = tokens[1] as string;
  if (tokens.length >= 4 && ((/^[A-Z]$/.test(second) && !_directionals.has(second)) || /^\d+\/\d+$/.test(second))) {
    number = `${number} ${second}`;
    tokens.splice(1, 1);
  }

  // Secondary unit: the first designator after the street name, with what follows it.
  let unitDesignator: string | null = null;
  let unit: string | null = null;
  let end = tokens.length;
  for (let i = 2; i < tokens.length; i++) {
    const designator = _unitDesignators.get(tokens[i] as string);
    if (designator === undefined) continue;
    const rest = tokens.slice(i + 1).filter((t) => t !== "#");
    // "15th Floor": the ordinal before the designator is the unit.
    const ordinal = rest.length === 0 && i >= 3 ? ORDINAL.exec(tokens[i - 1] as string) : null;
    if (ordinal !== null) {
      unitDesignator = designator;
      unit = ordinal[1] as string;
      end = i - 1;
      break;
    }
    // "KEY", "FRONT", "PARK"… can be street words: a designator needs a unit after it unless it is the last word and stands alone.
    if (rest.length === 0 && !UNIT_ALONE.has(designator)) continue;
    unitDesignator = designator;
    unit = rest.length === 0 ? null : rest.join(" ");
    end = i;
    break;
  }
  // A unit without a designator after the street's type (101 W Grand Ave 600): USPS writes it with "#".
  if (unitDesignator === null && end >= 4 && BARE_UNIT.test(tokens[end - 1] as string) && !_directionals.has(tokens[end - 1] as string) && _streetSuffixes.has(tokens[end - 2] as string)) {
    unitDesignator = "#";
    unit = tokens[end - 1] as string;
    end -= 1;
  }
  const body = tokens.slice(1, end);
  let predirectional: string | null = null;
  let postdirectional: string | null = null;
  let suffix: string | null = null;
  // A directional counts as one only when something else is left to be the name ("123 North St" is North Street).
  const directionalFirst = body.length >= 3 || (body.length === 2 && !_streetSuffixes.has(body[1] as string));
  if (directionalFirst && _directionals.has(body[0] as string)) predirectional = _directionals.get(body.shift() as string) ?? null;
  if (body.length >= 2 && _directionals.has(body[body.length - 1] as string) && _streetSuffixes.has(body[body.length - 2] as string)) {
    postdirectional = _directionals.get(body.pop() as string) ?? null;
  }
  // A grid address (239 South 500 East): a numbered street with its direction after it.
  if (predirectional !== null && body.length === 2 && /^\d+$/.test(body[0] as string) && _directionals.has(body[1] as string)) postdirectional = _directionals.get(body.pop() as string) ?? null;
  if (body.length >= 2 && _streetSuffixes.has(body[body.length - 1] as string)) suffix = _streetSuffixes.get(body.pop() as string) ?? null;
  const name = body.length === 0 ? null : body.join(" ");
  return { number, predirectional, name, suffix, postdirectional, unitDesignator, unit };
}
