import { _createIssue } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import { _alpha2To3, _countryAliases, _countryNameLanguages } from "./_countryData.js";
import { _checkOptionKeys, _NO_PATH, _pathOption, _unreadableOptions, type _KeyList } from "../errors/_checkOptions.js";
import { _fold, _readText } from "../shared/_text.js";
import type { FieldStatus } from "../shared/types.js";

/** Options of {@link normalizeCountry}. */
export interface NormalizeCountryOptions {
  /** Where the value sits, for issue paths. Default `[]`. */
  readonly path?: IssuePath;
}

/** A standardised country. */
export interface NormalizedCountry {
  /** ISO 3166-1 alpha-2 code (`US`, `GB`, `DE`). Null when missing or not recognised. */
  readonly value: string | null;
  /** Exactly what came in. */
  readonly original: unknown;
  /** `valid` (already a code), `fixed` (standardised), `invalid` or `missing`. */
  readonly status: FieldStatus;
  /** The problems found. */
  readonly issues: readonly Issue[];
  /** The alpha-3 code (`USA`). */
  readonly alpha3: string | null;
  /** The English name (`United States`). */
  readonly name: string | null;
}

interface CountryTables {
  readonly byName: ReadonlyMap<string, string>;
  readonly englishNames: ReadonlyMap<string, string>;
}

let tables: CountryTables | undefined;
const COUNTRY_OPTIONS: _KeyList<NormalizeCountryOptions, ["path"]> = ["path"];

/**
 * Standardises a country to its ISO 3166-1 alpha-2 code from a code (alpha-2 or alpha-3, any case), an
 * English or local name (Germany, Deutschland, Allemagne), or a common alias (UK, USA, Holland). Idempotent:
 * the code reads back as itself. Never throws on a value.
 *
 * @param value - any JSON value
 * @param options - `path` for issues (undefined: `[]`)
 * @returns the alpha-2 code, alpha-3 code and English name, the original, a status and issues
 * @throws ProfileKitError `invalid_options` for options of the wrong type or an unknown option key
 * @example
 * ```ts
 * normalizeCountry("United States of America").value; // "US"
 * normalizeCountry("deu").value; // "DE"
 * ```
 */
export function normalizeCountry(value: unknown, options?: NormalizeCountryOptions): NormalizedCountry {
  let path = _NO_PATH;
  if (options !== undefined) {
    try {
      _checkOptionKeys("normalizeCountry", options, COUNTRY_OPTIONS);
      path = _pathOption("normalizeCountry", options.path);
    } catch (error) {
      throw _unreadableOptions("normalizeCountry", error);
    }
  }
  const issues: Issue[] = [];
  const read = _readText(value, path, { maxLength: 100 }, issues);
  if (read.text === null) return { value: null, original: value, status: read.missing ? "missing" : "invalid", issues, alpha3: null, name: null };
  const code = lookupCountry(read.text);
  if (code === null) {
    issues.push(_createIssue("unknown_country", path, {}));
    return { value: null, original: value, status: "invalid", issues, alpha3: null, name: null };
  }
  return {
    value: code,
    original: value,
    status: value === code ? "valid" : "fixed",
    issues,
    alpha3: _alpha2To3.get(code) ?? null,
    name: countryTables().englishNames.get(code) ?? null,
  };
}

/** The alpha-2 code for a country code or name, or null. */
function lookupCountry(text: string): string | null {
  const upper = text.toUpperCase();
  if (upper.length === 2 && (_alpha2To3.has(upper) || upper === "XK")) return upper;
  return countryTables().byName.get(key(text)) ?? null;
}

function key(text: string): string {
  // "&" and "and", "St." and "Saint" are written both ways: the display names say "Bosnia & Herzegovina" and
  // "St. Kitts & Nevis", people also write "Bosnia and Herzegovina" and "Saint Kitts and Nevis".
  return _fold(text).replace(/&/g, " and ").replace(/[.,()']/g, "").replace(/\s+/g, " ").replace(/^the /, "").replace(/(^| )st /g, "$1saint ").trim();
}

/**
 * Name → code for every code, in every consulted language, with aliases, and code → English name. Built on
 * first use and kept: constant reference data whose construction costs a few milliseconds.
 */
function countryTables(): CountryTables {
  if (tables !== undefined) return tables;
  const byName = new Map<string, string>();
  const englishNames = new Map<string, string>();
  const displays = _countryNameLanguages.map((language) => new Intl.DisplayNames([language], { type: "region" }));
  for (const [alpha2, alpha3] of _alpha2To3) {
    byName.set(key(alpha3), alpha2);
    for (const [i, display] of displays.entries()) {
      let name: string | undefined;
      try {
        name = display.of(alpha2);
      } catch {
        name = undefined;
      }
      if (name === undefined || name === alpha2) continue;
      if (i === 0) englishNames.set(alpha2, name);
      if (!byName.has(key(name))) byName.set(key(name), alpha2);
    }
  }
  for (const [alias, code] of Object.entries(_countryAliases)) byName.set(key(alias), code);
  tables = { byName, englishNames };
  return tables;
}
