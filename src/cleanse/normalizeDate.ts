import type { Issue, IssuePath } from "../errors/issue.js";
import { _readDate, type _DateReading } from "../shared/_dates.js";
import type { DateKind, DateOrder, FieldStatus, TimeInput } from "../shared/types.js";
import { _checkOptionKeys, _choiceOption, _countryOption, _NO_PATH, _optionsError, _pathOption, _unreadableOptions, type _KeyList } from "../errors/_checkOptions.js";
import { _isTimeZone, _readInstant } from "../shared/_time.js";

export type { DateKind, DateOrder } from "../shared/types.js";

/** Options of {@link normalizeDate}. */
export interface NormalizeDateOptions {
  /** Default `"date"`. `"birthDate"` adds plausibility checks; `"timestamp"` keeps time and zone. */
  readonly kind?: DateKind;
  /** How to read ambiguous numeric dates (03/04/2001). Takes precedence over `country`. */
  readonly order?: DateOrder;
  /** ISO alpha-2 country of the record: decides ambiguous numeric dates (US → month first; most others day first). */
  readonly country?: string | null;
  /** The current time, for future and over-120-year birth dates and two-digit years. Without it those checks are skipped. */
  readonly now?: TimeInput;
  /** IANA zone assumed for a timestamp written without one (reported as an issue). Default `"UTC"`. */
  readonly zone?: string;
  /** Where the value sits, for issue paths. Default `[]`. */
  readonly path?: IssuePath;
}

/** A standardised date or timestamp. */
export interface NormalizedDate {
  /** ISO 8601: `1985-03-14` for dates, `2024-03-01T10:00:00.000+05:30` for timestamps (their own offset kept). Null when missing or unusable. */
  readonly value: string | null;
  /** Exactly what came in. */
  readonly original: unknown;
  /** `valid` (already standard), `fixed` (standardised), `invalid` or `missing`. */
  readonly status: FieldStatus;
  /** The problems found; messages never contain the date. */
  readonly issues: readonly Issue[];
  /** Milliseconds since the epoch (dates at UTC midnight). */
  readonly epochMs: number | null;
  /** The date is a placeholder such as 1900-01-01 (then `value` is null). */
  readonly placeholder: boolean;
}

const DATE_OPTIONS: _KeyList<NormalizeDateOptions, ["kind", "order", "country", "now", "zone", "path"]> = ["kind", "order", "country", "now", "zone", "path"];
const KINDS: readonly DateKind[] = ["date", "birthDate", "timestamp"];
const ORDERS: readonly DateOrder[] = ["MDY", "DMY", "YMD"];
// Zones already checked with Intl: checking one costs a formatter, and the same few zones come back on
// every call. Only names the platform accepted are kept, so the set stays as small as the zone database.
const knownZones = new Set<string>(["UTC"]);

/**
 * Standardises a date, birth date or timestamp (time zones from the platform's zone database): ISO, numeric US and European orders,
 * textual months (March 14, 1985 / 14 Mar 1985), compact YYYYMMDD and epoch seconds or milliseconds. When
 * day and month could be swapped it decides from `order`, then from the record's `country` — and otherwise
 * reports `ambiguous_date` rather than guess. Birth dates in the future, more than 120 years ago, or
 * placeholders (1900-01-01) are flagged and not used. Timestamps keep their own offset. Idempotent: the ISO
 * value reads back as itself (with the same `kind`). Never throws on a value.
 *
 * @param value - any JSON value (numbers are read as epoch seconds or milliseconds)
 * @param options - `kind`, `order`, `country`, `now`, `zone` and `path` (undefined: a date, no country, no clock, UTC)
 * @returns the ISO value, the original, a status, issues and epoch milliseconds
 * @throws ProfileKitError `invalid_options` for options of the wrong type, an unknown option key, a `now`
 * that is not a valid time, or a `zone` the platform does not know
 * @example
 * ```ts
 * normalizeDate("03/04/1985", { country: "GB", kind: "birthDate" }).value; // "1985-04-03"
 * normalizeDate("03/04/1985").issues[0]?.code; // "ambiguous_date"
 * ```
 */
export function normalizeDate(value: unknown, options?: NormalizeDateOptions): NormalizedDate {
  let path = _NO_PATH;
  let kind: DateKind = "date";
  let order: DateOrder | null = null;
  let country: string | null = null;
  let now: number | null = null;
  // Stryker disable next-line StringLiteral: equivalent: without options the kind is "date", and _readDate reads the zone only for timestamps
  let zone = "UTC";
  if (options !== undefined) {
    try {
      _checkOptionKeys("normalizeDate", options, DATE_OPTIONS);
      path = _pathOption("normalizeDate", options.path);
      kind = _choiceOption("normalizeDate", "kind", options.kind, KINDS, "date");
      const orderOption: unknown = options.order;
      order = orderOption === undefined ? null : _choiceOption("normalizeDate", "order", orderOption, ORDERS, "DMY");
      country = _countryOption("normalizeDate", options.country);
      now = nowOption(options.now);
      zone = zoneOption(options.zone);
    } catch (error) {
      throw _unreadableOptions("normalizeDate", error);
    }
  }
  return _readDate(value, { path, kind, order, country, now, zone }) satisfies _DateReading;
}

/** The `now` option as epoch milliseconds: undefined for none; anything but a valid time is an options error. */
function nowOption(now: unknown): number | null {
  if (now === undefined) return null;
  // Stryker disable next-line ArrayDeclaration: equivalent: the path and issues given here are discarded, only the instant is used
  const ms = _readInstant(now, "UTC", [], []);
  if (ms !== null) return ms;
  throw _optionsError("normalizeDate", "options.now", "expected a Date, epoch milliseconds or an ISO 8601 time that is valid");
}

/** The `zone` option: an IANA zone the platform knows (checked once per distinct name). */
function zoneOption(zone: unknown): string {
  if (zone === undefined) return "UTC";
  if (typeof zone === "string" && knownZones.has(zone)) return zone;
  if (typeof zone === "string" && zone !== "" && zone.length <= 64 && _isTimeZone(zone)) {
    knownZones.add(zone);
    return zone;
  }
  throw _optionsError("normalizeDate", "options.zone", "expected an IANA time zone such as \"Europe/Paris\"");
}

