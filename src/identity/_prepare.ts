import { _fold } from "../shared/_text.js";
import { normalizeAddress } from "../cleanse/normalizeAddress.js";
import { normalizeDate } from "../cleanse/normalizeDate.js";
import type { DateOrder } from "../shared/types.js";
import { normalizeEmail } from "../cleanse/normalizeEmail.js";
import { normalizeName } from "../cleanse/normalizeName.js";
import { normalizePhone } from "../cleanse/normalizePhone.js";
import type { Issue } from "../errors/issue.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own } from "../shared/_dict.js";
import { _plainObjects, _youngList, _youngMap } from "../shared/_young.js";
import type { ComparisonKind, CustomField, IdentityField } from "./types.js";
import { _refuseCleansedResults } from "../shared/_cleansedResult.js";
import { _levelSpecs, type _LevelSpec } from "./_levels.js";
import { _inChunks } from "./_threads.js";

/** A custom field's values, ready to compare. */
export interface _CustomColumn {
  readonly name: string;
  readonly kind: ComparisonKind;
  readonly tolerance: number;
  readonly block: boolean;
  readonly identifier: boolean;
  /** The field's own comparison levels, or null for its kind's built-in ones. */
  readonly levels: readonly _LevelSpec[] | null;
  readonly text: readonly (string | null)[];
  readonly number: readonly (number | null)[];
}

/**
 * Records turned into comparable features, one column per feature, rows sorted by record id so every
 * later step is independent of input order.
 */
export interface _Prepared {
  readonly n: number;
  readonly ids: readonly string[];
  readonly source: readonly (string | null)[];
  readonly first: readonly (string | null)[];
  /** The first name and the names it is a nickname of or for. */
  readonly firstNames: readonly (readonly string[])[];
  readonly last: readonly (string | null)[];
  readonly email: readonly (string | null)[];
  readonly emailLocal: readonly (string | null)[];
  /** The address is a role account or reads as a household's (info@, thesmiths@, smithfamily@): shared by nature. */
  readonly emailShared: readonly boolean[];
  /** The last ten digits of the phone number. */
  readonly phone: readonly (string | null)[];
  readonly dob: readonly (string | null)[];
  /** The other reading of an ambiguous numeric birth date. */
  readonly dobAlt: readonly (string | null)[];
  readonly street: readonly (string | null)[];
  readonly city: readonly (string | null)[];
  readonly postal: readonly (string | null)[];
  readonly customerId: readonly (string | null)[];
  readonly custom: readonly _CustomColumn[];
  /** Placeholder values met (never evidence). */
  readonly placeholders: number;
  /** Custom-field values longer than their comparison limit, compared on their first characters only. */
  readonly truncated: number;
}

/**
 * Longest custom-field value compared with a fuzzy comparison (Levenshtein, Jaro-Winkler), whose cost per
 * pair grows with the square of the length: longer values are compared on their first characters.
 */
export const MAX_FUZZY_VALUE_LENGTH = 100;
/** Longest custom-field value compared exactly (and used as a blocking key); a customer id is refused past it. */
export const MAX_EXACT_VALUE_LENGTH = 1000;

export interface _PrepareOptions {
  readonly idField: string;
  readonly sourceField: string;
  readonly fields: Readonly<Record<string, IdentityField>>;
  readonly customFields: Readonly<Record<string, CustomField>>;
  readonly defaultCountry: string | null;
  readonly dateOrder: DateOrder | null;
  /** The host's own customer-id format (replaces {@link _normalizeCustomerId}). */
  readonly customerIdFormat?: ((value: string) => string | null) | null | undefined;
  /** Threads that prepare the records, this one included (1: this thread alone). */
  readonly threads?: number | undefined;
}

const ID_SEPARATORS = /[\s\-_./:#]+/g;
const PREFIXED_NUMBER = /^[A-Z]{1,3}(\d+)$/;

/**
 * A customer id in its comparable form, so that one id written several ways is one id: case folded,
 * spaces and separators (`-`, `_`, `.`, `/`, `:`, `#`) removed, and an id that is digits behind at most three
 * letters (`C75871826`, `c-7587-1826`, `CUS-000248517`) reduced to its number without leading zeros. Such a
 * letter prefix usually names the system, not the customer; a host whose prefixes tell customers apart
 * gives its own `customerIdFormat`.
 *
 * @internal
 */
export function _normalizeCustomerId(value: string): string | null {
  const compact = value.normalize("NFKC").toUpperCase().replace(ID_SEPARATORS, "");
  if (compact === "") return null;
  const digits = /^\d+$/.test(compact) ? compact : (PREFIXED_NUMBER.exec(compact)?.[1] ?? null);
  if (digits === null) return compact;
  const number = digits.replace(/^0+/, "");
  return number === "" ? "0" : number;
}

const NOT_LETTERS = /[^\p{L}]/gu;
const NOT_LETTERS_OR_DIGITS = /[^\p{L}\p{N}]+/gu;

/** Personal parts that name a household rather than a person: teamsmith, smithhome, smithfamily, millerhousehold. */
const HOUSEHOLD_EMAIL = /^team[a-z]{3,}$|[a-z]{3}home$|family|household|famille|familie/;
/** thesmiths, thejoneshome: a household, unless the letters after "the" continue a given name (theojones). */
const THE_HOUSEHOLD = /^the[a-z]+(?:s|home)$/;

/** Whether a personal part begins with a given name the name tables know, of four letters or more (theo, theresa). */
function beginsWithGivenName(local: string): boolean {
  for (let end = 4; end < local.length; end++) {
    if (normalizeName(local.slice(0, end), { part: "first" }).nicknameKeys.length > 1) return true;
  }
  return false;
}

/** A personal part that names a household, generically or by the record's own surname (smiths@, thesmith@). */
export function _householdEmail(local: string, lastName: string | null): boolean {
  if (HOUSEHOLD_EMAIL.test(local)) return true;
  if (THE_HOUSEHOLD.test(local) && !beginsWithGivenName(local)) return true;
  if (lastName === null) return false;
  const letters = local.replace(/[^a-z]/g, "");
  return letters === `${lastName}s` || letters === `the${lastName}` || letters === `${lastName}home`;
}

const STANDARD: readonly IdentityField[] = ["firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "region", "postalCode", "country", "customerId"];

/** Which record column holds each standard field: the mapped one if any, else the field's own name. */
export function _columnsOf(fields: Readonly<Record<string, IdentityField>>): Readonly<Record<IdentityField, string>> {
  const columns = Object.fromEntries(STANDARD.map((field) => [field, field])) as Record<IdentityField, string>;
  for (const [column, field] of Object.entries(fields)) columns[field] = column;
  return columns;
}

/**
 * A record with its id, as a class: a profile engine prepares each record it ingests, and an object
 * literal's site learns from a batch to allocate these straight in the old generation, where a dead one
 * keeps its young record alive through every young-generation collection (see shared/_young.ts).
 */
class IdentifiedRecord {
  readonly id: string;
  readonly record: Record<string, unknown>;
  constructor(id: string, record: Record<string, unknown>) {
    this.id = id;
    this.record = record;
  }
}

/**
 * Validates ids (present, unique) and standardises every record through cleanse/, then extracts the
 * features identity resolution compares.
 *
 * @throws ProfileKitError `invalid_options` naming how many ids are missing or duplicated (never which)
 */
export function _prepare(functionName: string, records: readonly unknown[], options: _PrepareOptions): _Prepared {
  if (!Array.isArray(records)) throw new ProfileKitError("invalid_options", `${functionName}: records must be an array.`);
  _refuseCleansedResults(functionName, records);
  const hostFormat = options.customerIdFormat ?? null;
  const formatCustomerId = (value: string): string | null => {
    if (hostFormat === null) return _normalizeCustomerId(value);
    let formatted: unknown;
    try {
      formatted = hostFormat(value);
    } catch (error) {
      throw new ProfileKitError("invalid_options", `${functionName}: customerIdFormat threw for a customer id.`, { cause: error });
    }
    if (formatted !== null && (typeof formatted !== "string" || formatted.length > MAX_EXACT_VALUE_LENGTH)) throw new ProfileKitError("invalid_options", `${functionName}: customerIdFormat must return a string (at most ${MAX_EXACT_VALUE_LENGTH} characters) or null.`);
    return formatted === null || formatted === "" ? null : formatted;
  };
  const idOf = (record: unknown): string | null => {
    if (typeof record !== "object" || record === null || !isPlainRecord(record)) return null;
    const id = _own(record, options.idField);
    if (typeof id === "string" && id !== "") return id;
    if (typeof id === "number" && Number.isFinite(id)) return String(id);
    return null;
  };
  const rows: IdentifiedRecord[] = [];
  let missing = 0;
  for (const record of records) {
    const id = idOf(record);
    if (id === null) missing++;
    else rows.push(new IdentifiedRecord(id, record as Record<string, unknown>));
  }
  if (missing > 0) {
    throw new ProfileKitError("invalid_options", `${functionName}: ${missing} record${missing === 1 ? " has" : "s have"} no usable "${options.idField}" (a non-empty string or a number). Every record needs a unique id.`);
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let duplicates = 0;
  for (let i = 1; i < rows.length; i++) if ((rows[i] as { id: string }).id === (rows[i - 1] as { id: string }).id) duplicates++;
  if (duplicates > 0) {
    throw new ProfileKitError("invalid_options", `${functionName}: ${duplicates} record id${duplicates === 1 ? " is" : "s are"} used more than once in "${options.idField}". Every record needs a unique id.`);
  }

  const columns = _columnsOf(options.fields);
  const customNames = Object.keys(options.customFields);
  const customSpecs = customNames.map((name) => _own(options.customFields, name) as CustomField);
  // The columns read, in the order _features expects them.
  const read = [options.sourceField, columns.street, columns.city, columns.region, columns.postalCode, columns.country, columns.firstName, columns.lastName, columns.fullName, columns.email, columns.phone, columns.dateOfBirth, columns.customerId, ...customNames];
  const setup: _RowSetup = { defaultCountry: options.defaultCountry, dateOrder: options.dateOrder, customKinds: customSpecs.map((spec) => spec.kind) };

  const n = rows.length;
  const ids: string[] = new Array<string>(n);
  const source: (string | null)[] = new Array<string | null>(n);
  const first: (string | null)[] = new Array<string | null>(n);
  const firstNames: (readonly string[])[] = new Array<readonly string[]>(n);
  const last: (string | null)[] = new Array<string | null>(n);
  const email: (string | null)[] = new Array<string | null>(n);
  const emailLocal: (string | null)[] = new Array<string | null>(n);
  const emailShared: boolean[] = new Array<boolean>(n);
  const phone: (string | null)[] = new Array<string | null>(n);
  const dob: (string | null)[] = new Array<string | null>(n);
  const dobAlt: (string | null)[] = new Array<string | null>(n);
  const street: (string | null)[] = new Array<string | null>(n);
  const city: (string | null)[] = new Array<string | null>(n);
  const postal: (string | null)[] = new Array<string | null>(n);
  const customerId: (string | null)[] = new Array<string | null>(n);
  const customText = customNames.map(() => new Array<string | null>(n));
  const customNumber = customNames.map(() => new Array<number | null>(n));
  let placeholders = 0;
  let truncated = 0;
  // Values that repeat across records (names, dates, places) are kept once: a million records then hold
  // a few hundred thousand strings instead of millions (less for the collector to copy and mark), and
  // comparing two records' equal values is one pointer comparison on memory already in cache.
  const nicknameLists = new Map<string, readonly string[]>();
  const shared = new Map<string, string>();
  const intern = (value: string | null): string | null => {
    if (value === null) return null;
    const known = shared.get(value);
    if (known !== undefined) return known;
    shared.set(value, value);
    return value;
  };
  const sharedList = (names: readonly string[]): readonly string[] => {
    const own = names[0];
    if (own === undefined) return NO_NAMES;
    const known = nicknameLists.get(own);
    if (known !== undefined && sameList(known, names)) return known;
    if (known === undefined) nicknameLists.set(own, names);
    return names;
  };
  for (let i = 0; i < n; i++) ids[i] = (rows[i] as { id: string }).id;
  const names: _NameMemo = { first: new Map(), last: new Map() };

  _inChunks(n, options.threads ?? 1, setup, {
    values(from, to) {
      const stride = read.length;
      // Packed (pushed, not new Array(length)): a packed array is sent to a worker densely, far faster.
      const values: unknown[] = [];
      let portable = true;
      for (let i = from; i < to; i++) {
        const record = (rows[i] as { record: Record<string, unknown> }).record;
        for (let c = 0; c < stride; c++) {
          const value = _own(record, read[c] as string);
          values.push(value);
          if (portable && typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean" && value != null) portable = false;
        }
      }
      return { values, portable };
    },
    place(f, from) {
      const count = f.email.length;
      for (let r = 0; r < count; r++) {
        const i = from + r;
        source[i] = intern(f.source[r] ?? null);
        firstNames[i] = sharedList(f.firstNames[r] ?? NO_NAMES);
        first[i] = f.first[r] ?? null;
        last[i] = intern(f.last[r] ?? null);
        email[i] = f.email[r] ?? null;
        emailLocal[i] = f.emailLocal[r] ?? null;
        emailShared[i] = f.emailShared[r] === true;
        phone[i] = f.phone[r] ?? null;
        dob[i] = intern(f.dob[r] ?? null);
        dobAlt[i] = f.dobAlt[r] ?? null;
        street[i] = f.street[r] ?? null;
        city[i] = intern(f.city[r] ?? null);
        postal[i] = intern(f.postal[r] ?? null);
        // The raw id: the host's format, a function, is applied below, in this thread and in row order.
        customerId[i] = f.customerId[r] ?? null;
        for (let c = 0; c < customNames.length; c++) {
          (customText[c] as (string | null)[])[i] = (f.customText[c] as (string | null)[])[r] ?? null;
          (customNumber[c] as (number | null)[])[i] = (f.customNumber[c] as (number | null)[])[r] ?? null;
        }
      }
      placeholders += f.placeholders;
      truncated += f.truncated;
    },
  }, (values, count, rowSetup) => _features(values, count, rowSetup, undefined, names));
  for (let i = 0; i < n; i++) {
    const raw = customerId[i] ?? null;
    if (raw !== null) customerId[i] = formatCustomerId(raw);
  }

  return new PreparedRows(
    n,
    ids,
    source,
    first,
    firstNames,
    last,
    email,
    emailLocal,
    emailShared,
    phone,
    dob,
    dobAlt,
    street,
    city,
    postal,
    customerId,
    _youngMap(customNames, (name, c) => {
      const spec = customSpecs[c] as CustomField;
      return {
        name,
        kind: spec.kind,
        tolerance: spec.tolerance ?? 0,
        block: spec.block ?? false,
        identifier: spec.identifier ?? false,
        levels: spec.levels === undefined ? null : _levelSpecs(functionName, name, spec.kind, spec.levels),
        text: customText[c] as (string | null)[],
        number: customNumber[c] as (number | null)[],
      };
    }),
    placeholders,
    truncated,
  );
}

const NO_NAMES: readonly string[] = [];

/** What preparing a row needs besides its values: plain data, so a worker thread can be given it. */
export interface _RowSetup {
  readonly defaultCountry: string | null;
  readonly dateOrder: DateOrder | null;
  /** The custom fields' kinds, in the order of their values. */
  readonly customKinds: readonly ComparisonKind[];
}

/**
 * Match features of consecutive rows, before the values that repeat are shared and before the host's
 * customer-id format: `customerId` holds the trimmed raw id.
 */
export interface _Features {
  readonly source: (string | null)[];
  readonly first: (string | null)[];
  readonly firstNames: (readonly string[])[];
  readonly last: (string | null)[];
  readonly email: (string | null)[];
  readonly emailLocal: (string | null)[];
  readonly emailShared: boolean[];
  readonly phone: (string | null)[];
  readonly dob: (string | null)[];
  readonly dobAlt: (string | null)[];
  readonly street: (string | null)[];
  readonly city: (string | null)[];
  readonly postal: (string | null)[];
  readonly customerId: (string | null)[];
  readonly customText: (string | null)[][];
  readonly customNumber: (number | null)[][];
  readonly placeholders: number;
  readonly truncated: number;
}

/**
 * Prepared rows and feature columns as plain objects made by `new`, not literals: a profile engine prepares
 * every record it ingests, and a literal's site learns from a batch (which keeps its rows alive) to allocate
 * straight in the old generation, where a dead one keeps all its young columns alive through every
 * young-generation collection (see shared/_young.ts). Fields in the interface's order.
 */
const PreparedRows = _plainObjects(function (this: { -readonly [K in keyof _Prepared]: _Prepared[K] }, n: _Prepared["n"], ids: _Prepared["ids"], source: _Prepared["source"], first: _Prepared["first"], firstNames: _Prepared["firstNames"], last: _Prepared["last"], email: _Prepared["email"], emailLocal: _Prepared["emailLocal"], emailShared: _Prepared["emailShared"], phone: _Prepared["phone"], dob: _Prepared["dob"], dobAlt: _Prepared["dobAlt"], street: _Prepared["street"], city: _Prepared["city"], postal: _Prepared["postal"], customerId: _Prepared["customerId"], custom: _Prepared["custom"], placeholders: _Prepared["placeholders"], truncated: _Prepared["truncated"]): void {
  this.n = n;
  this.ids = ids;
  this.source = source;
  this.first = first;
  this.firstNames = firstNames;
  this.last = last;
  this.email = email;
  this.emailLocal = emailLocal;
  this.emailShared = emailShared;
  this.phone = phone;
  this.dob = dob;
  this.dobAlt = dobAlt;
  this.street = street;
  this.city = city;
  this.postal = postal;
  this.customerId = customerId;
  this.custom = custom;
  this.placeholders = placeholders;
  this.truncated = truncated;
});

const FeatureColumns = _plainObjects(function (this: { -readonly [K in keyof _Features]: _Features[K] }, source: _Features["source"], first: _Features["first"], firstNames: _Features["firstNames"], last: _Features["last"], email: _Features["email"], emailLocal: _Features["emailLocal"], emailShared: _Features["emailShared"], phone: _Features["phone"], dob: _Features["dob"], dobAlt: _Features["dobAlt"], street: _Features["street"], city: _Features["city"], postal: _Features["postal"], customerId: _Features["customerId"], customText: _Features["customText"], customNumber: _Features["customNumber"], placeholders: _Features["placeholders"], truncated: _Features["truncated"]): void {
  this.source = source;
  this.first = first;
  this.firstNames = firstNames;
  this.last = last;
  this.email = email;
  this.emailLocal = emailLocal;
  this.emailShared = emailShared;
  this.phone = phone;
  this.dob = dob;
  this.dobAlt = dobAlt;
  this.street = street;
  this.city = city;
  this.postal = postal;
  this.customerId = customerId;
  this.customText = customText;
  this.customNumber = customNumber;
  this.placeholders = placeholders;
  this.truncated = truncated;
});

/** The columns `_features` reads per row, in this order; the custom fields' values follow. */
const SOURCE = 0;
const STREET = 1;
const CITY = 2;
const REGION = 3;
const POSTAL = 4;
const COUNTRY = 5;
const FIRST = 6;
const LAST = 7;
const FULL = 8;
const EMAIL = 9;
const PHONE = 10;
const DOB = 11;
const CUSTOMER = 12;
const STANDARD_VALUES = 13;

type NameResult = ReturnType<typeof normalizeName>;

/**
 * First and last names already read, by their text: a few thousand names make up most of a million
 * records, and reading one (nickname tables, particles, case) costs more than looking it up. Kept for
 * one preparation, in each thread.
 */
export interface _NameMemo {
  readonly first: Map<string, NameResult>;
  readonly last: Map<string, NameResult>;
}

/** Most names a memo keeps per part, and the longest; past them, names are read each time. */
const NAME_MEMO_LIMIT = 100_000;
const NAME_MEMO_LENGTH = 64;

/** normalizeName of a first or last name, from the memo when the same text was read before. */
function nameOf(value: unknown, part: "first" | "last", memo: Map<string, NameResult>): NameResult {
  if (typeof value !== "string") return normalizeName(value, { part });
  const known = memo.get(value);
  if (known !== undefined) return known;
  const read = normalizeName(value, { part });
  if (memo.size < NAME_MEMO_LIMIT && value.length <= NAME_MEMO_LENGTH) memo.set(value, read);
  return read;
}

function placeholderIn(issues: readonly Issue[]): number {
  let count = 0;
  for (const issue of issues) if (issue.code === "placeholder_value") count++;
  return count;
}

/**
 * The match features of `count` rows whose values are laid out row after row (the standard columns in the
 * order above, then the custom fields'). A pure function of its arguments, so any thread can run it.
 *
 * @param tick - called every 1,024 rows (a worker thread's sign of life)
 */
export function _features(values: readonly unknown[], count: number, setup: _RowSetup, tick?: () => void, memo?: _NameMemo): _Features {
  const stride = STANDARD_VALUES + setup.customKinds.length;
  // Filled in row order from empty, so packed: a thread sends a packed array densely, a holey one (new
  // Array(count)) element by element with its index.
  const column = <T>(): T[] => _youngList<T>();
  const source = column<string | null>();
  const first = column<string | null>();
  const firstNames = column<readonly string[]>();
  const last = column<string | null>();
  const email = column<string | null>();
  const emailLocal = column<string | null>();
  const emailShared = column<boolean>();
  const phone = column<string | null>();
  const dob = column<string | null>();
  const dobAlt = column<string | null>();
  const street = column<string | null>();
  const city = column<string | null>();
  const postal = column<string | null>();
  const customerId = column<string | null>();
  const customText = setup.customKinds.map(() => column<string | null>());
  const customNumber = setup.customKinds.map(() => column<number | null>());
  let placeholders = 0;
  let truncated = 0;
  // One list per first name within the rows (also fewer objects for a thread to send back).
  const nicknameLists = new Map<string, readonly string[]>();
  const firstNameMemo = memo?.first ?? new Map<string, NameResult>();
  const lastNameMemo = memo?.last ?? new Map<string, NameResult>();

  for (let i = 0; i < count; i++) {
    if (tick !== undefined && (i & 1023) === 1023) tick();
    const at = i * stride;
    const get = (c: number): unknown => values[at + c];
    const src = get(SOURCE);
    source[i] = typeof src === "string" ? src : typeof src === "number" ? String(src) : null;
    // The standardisers directly, not cleanseRecord: only the matching features are kept, and a million
    // records should not each build a full cleansing result for the garbage collector.
    const address = normalizeAddress(
      { street: get(STREET), city: get(CITY), region: get(REGION), postalCode: get(POSTAL), country: get(COUNTRY) },
      { country: setup.defaultCountry },
    );
    placeholders += placeholderIn(address.issues);
    const country = address.country ?? setup.defaultCountry;

    let firstName = nameOf(get(FIRST), "first", firstNameMemo);
    const lastName = nameOf(get(LAST), "last", lastNameMemo);
    placeholders += placeholderIn(firstName.issues) + placeholderIn(lastName.issues);
    let lastKey = lastName.matchKey;
    if (firstName.value === null && lastName.value === null) {
      // A source with only a full name: its parts stand in for first and last name.
      const full = normalizeName(get(FULL), { part: "full" });
      placeholders += placeholderIn(full.issues);
      if (full.value !== null) {
        firstName = full;
        lastKey = full.lastName === null ? null : _fold(full.lastName).replace(NOT_LETTERS, "");
      }
    }
    let nicknames = firstName.firstName === null ? NO_NAMES : firstName.nicknameKeys;
    const own = nicknames[0];
    if (own !== undefined) {
      const known = nicknameLists.get(own);
      if (known !== undefined && sameList(known, nicknames)) nicknames = known;
      else if (known === undefined) nicknameLists.set(own, nicknames);
    }
    first[i] = nicknames[0] ?? null;
    firstNames[i] = nicknames;
    last[i] = nonEmpty(lastKey);

    const emailResult = normalizeEmail(get(EMAIL));
    placeholders += placeholderIn(emailResult.issues);
    const emailKey = emailResult.matchKey;
    email[i] = emailKey;
    emailLocal[i] = emailKey === null ? null : emailKey.slice(0, emailKey.lastIndexOf("@"));
    emailShared[i] = emailKey !== null && (emailResult.role || _householdEmail(emailLocal[i] as string, last[i] ?? null));
    if (first[i] === null && last[i] === null && emailResult.value !== null && !emailShared[i]) {
      // A record with no name but an email made of one (harold.logan01@…): the name it spells.
      const derived = _namesFromEmail(emailResult.value);
      if (derived !== null) {
        first[i] = derived.firstNames[0] ?? null;
        firstNames[i] = derived.firstNames;
        last[i] = derived.last;
      }
    }

    const phoneResult = normalizePhone(get(PHONE), { country });
    placeholders += placeholderIn(phoneResult.issues);
    let phoneDigits: string | null = null;
    if (phoneResult.value !== null) phoneDigits = phoneResult.value.replace(/\D/g, "");
    else if (phoneResult.issues.some((issue) => issue.code === "invalid_phone" && issue.reason === "unknown_country")) {
      // A national number in a record without a country: its digits still identify the line.
      const raw = phoneResult.original;
      const digits = (typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw : "").replace(/\D/g, "");
      phoneDigits = digits.length >= 7 && digits.length <= 15 ? digits : null;
    }
    phone[i] = phoneDigits === null ? null : phoneDigits.slice(-10);

    const dobRaw = get(DOB);
    const dobResult = normalizeDate(dobRaw, { kind: "birthDate", country, ...(setup.dateOrder === null ? {} : { order: setup.dateOrder }) });
    placeholders += placeholderIn(dobResult.issues);
    dob[i] = dobResult.value;
    dobAlt[i] = null;
    if (dobResult.value === null && dobResult.issues.some((issue) => issue.code === "ambiguous_date")) {
      // Neither option nor country decides day and month: keep both readings and match either.
      dob[i] = normalizeDate(dobRaw, { kind: "birthDate", order: "MDY" }).value;
      dobAlt[i] = normalizeDate(dobRaw, { kind: "birthDate", order: "DMY" }).value;
    } else if (dobResult.value === null && !dobResult.placeholder) {
      // A year alone ("1875", "1875-00-00") is a partial date: kept as its first of January, which the
      // date comparison reads as year-level evidence only.
      const year = yearOnly(dobRaw);
      if (year !== null) dob[i] = `${year}-01-01`;
    }

    street[i] = nonEmpty(address.streetKey);
    city[i] = address.city === null ? null : nonEmpty(_fold(address.city).replace(NOT_LETTERS_OR_DIGITS, ""));
    const postalValue = address.postalCode;
    // ZIP+4 matches on its first five digits, whatever the record says its country is.
    postal[i] = postalValue === null ? null : nonEmpty((country === "US" || /^\d{5}-\d{4}$/.test(postalValue) ? postalValue.slice(0, 5) : postalValue).replace(/\s+/g, ""));
    const customer = get(CUSTOMER);
    // An identifier longer than any system writes is not one: refused, like an over-long standard field.
    customerId[i] = typeof customer === "string" && customer.length <= MAX_EXACT_VALUE_LENGTH ? nonEmpty(customer.trim()) : typeof customer === "number" && Number.isFinite(customer) ? String(customer) : null;

    for (let c = 0; c < setup.customKinds.length; c++) {
      const kind = setup.customKinds[c] as ComparisonKind;
      const raw = get(STANDARD_VALUES + c);
      const text = customText[c] as (string | null)[];
      const num = customNumber[c] as (number | null)[];
      text[i] = null;
      num[i] = null;
      if (kind === "numeric") {
        const value = typeof raw === "number" ? raw : typeof raw === "string" && raw.length <= 64 && raw.trim() !== "" ? Number(raw) : Number.NaN;
        if (Number.isFinite(value)) num[i] = value;
      } else if (kind === "date") {
        text[i] = normalizeDate(raw, { ...(setup.dateOrder === null ? {} : { order: setup.dateOrder }) }).value;
      } else if (typeof raw === "string" || typeof raw === "number") {
        const limit = kind === "exact" ? MAX_EXACT_VALUE_LENGTH : MAX_FUZZY_VALUE_LENGTH;
        // Cut before folding, so a megabyte of text costs a slice, not a normalisation. A long value's runs of
        // white space are collapsed first (one cheap pass), so spaces do not use up what is read: 250 spaces
        // and "abc" is "abc", not nothing.
        const rawText = String(raw);
        const spaced = rawText.length > limit * 2 ? rawText.replace(/\s+/g, " ").trim() : rawText;
        const folded = _fold(spaced.length > limit * 2 ? spaced.slice(0, limit * 2) : spaced).replace(/\s+/g, " ").trim();
        if (folded.length > limit) truncated++;
        text[i] = nonEmpty(folded.length > limit ? folded.slice(0, limit) : folded);
      }
    }
  }
  return new FeatureColumns(source, first, firstNames, last, email, emailLocal, emailShared, phone, dob, dobAlt, street, city, postal, customerId, customText, customNumber, placeholders, truncated);
}

/** An object that is not an array and can be read (a revoked Proxy cannot). */
function isPlainRecord(record: object): boolean {
  try {
    return !Array.isArray(record);
  } catch {
    return false;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === "" ? null : value;
}

/**
 * One record's match features as plain JSON: what a store keeps per record so that a record can be
 * scored against new ones without being prepared again. `custom` follows the custom fields' order.
 */
export interface _FeatureRow {
  readonly id: string;
  readonly source: string | null;
  readonly firstNames: readonly string[];
  readonly last: string | null;
  readonly email: string | null;
  readonly emailShared: boolean;
  readonly phone: string | null;
  readonly dob: string | null;
  readonly dobAlt: string | null;
  readonly street: string | null;
  readonly city: string | null;
  readonly postal: string | null;
  readonly customerId: string | null;
  readonly custom: readonly (string | number | null)[];
}

/** The custom fields' comparison settings, without values: what `_fromRows` needs to rebuild columns. */
export interface _CustomSpec {
  readonly name: string;
  readonly kind: ComparisonKind;
  readonly tolerance: number;
  readonly block: boolean;
  readonly identifier: boolean;
  readonly levels: readonly _LevelSpec[] | null;
}

/** Row i of prepared records as a feature row. */
export function _rowOf(p: _Prepared, i: number): _FeatureRow {
  return {
    id: p.ids[i] as string,
    source: p.source[i] ?? null,
    firstNames: p.firstNames[i] ?? NO_NAMES,
    last: p.last[i] ?? null,
    email: p.email[i] ?? null,
    emailShared: p.emailShared[i] === true,
    phone: p.phone[i] ?? null,
    dob: p.dob[i] ?? null,
    dobAlt: p.dobAlt[i] ?? null,
    street: p.street[i] ?? null,
    city: p.city[i] ?? null,
    postal: p.postal[i] ?? null,
    customerId: p.customerId[i] ?? null,
    custom: _youngMap(p.custom, (column) => (column.kind === "numeric" ? (column.number[i] ?? null) : (column.text[i] ?? null))),
  };
}

/** The custom fields' settings of prepared records. */
export function _customSpecsOf(p: _Prepared): _CustomSpec[] {
  return p.custom.map(({ name, kind, tolerance, block, identifier, levels }) => ({ name, kind, tolerance, block, identifier, levels }));
}

/**
 * Prepared records rebuilt from feature rows, in the order given: the same columns `_prepare` builds from
 * the records themselves, so a pair scores the same on either.
 */
export function _fromRows(rows: readonly _FeatureRow[], custom: readonly _CustomSpec[]): _Prepared {
  const column = <T>(read: (row: _FeatureRow) => T): T[] => _youngMap(rows, read);
  return new PreparedRows(
    rows.length,
    column((r) => r.id),
    column((r) => r.source),
    column((r) => r.firstNames[0] ?? null),
    column((r) => r.firstNames),
    column((r) => r.last),
    column((r) => r.email),
    column((r) => (r.email === null ? null : r.email.slice(0, r.email.lastIndexOf("@")))),
    column((r) => r.emailShared),
    column((r) => r.phone),
    column((r) => r.dob),
    column((r) => r.dobAlt),
    column((r) => r.street),
    column((r) => r.city),
    column((r) => r.postal),
    column((r) => r.customerId),
    _youngMap(custom, (spec, c) => ({
      ...spec,
      text: _youngMap(rows, (r) => { const v = r.custom[c]; return typeof v === "string" ? v : null; }),
      number: _youngMap(rows, (r) => { const v = r.custom[c]; return typeof v === "number" ? v : null; }),
    })),
    0,
    0,
  );
}

/** The year of a year-only birth date ("1875", "1875-00-00", "c. 1875"), or null. */
function yearOnly(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const match = /^\s*(?:c\.?\s*|abt\.?\s*|about\s+|circa\s+)?(\d{4})(?:-00(?:-00)?)?\s*$/i.exec(raw);
  if (match === null) return null;
  const year = Number(match[1]);
  return year >= 1800 && year <= 2100 ? (match[1] as string) : null;
}

const EMAIL_NAME_PARTS = /^([a-z]{2,})[._-]([a-z]{2,})\d*$/;

/**
 * The given and family name an email's personal part spells, when it is exactly two words joined by a dot,
 * an underscore or a hyphen (digits after them allowed) and one of them is a known given name: harold.logan01
 * → Harold Logan, garcia_maria → Maria Garcia. Anything else (jsmith, the.smiths, info) spells none.
 */
export function _namesFromEmail(email: string): { first: string; last: string; firstNames: readonly string[] } | null {
  const local = email.slice(0, email.lastIndexOf("@")).toLowerCase();
  const match = EMAIL_NAME_PARTS.exec(local);
  if (match === null) return null;
  const [, a, b] = match as unknown as [string, string, string];
  // A known given name has relatives in the name tables (nicknames, other languages).
  const namesA = normalizeName(a, { part: "first" }).nicknameKeys;
  const namesB = normalizeName(b, { part: "first" }).nicknameKeys;
  const givenA = namesA.length > 1;
  const givenB = namesB.length > 1;
  if (givenB && !givenA) return { first: b, last: a, firstNames: namesB };
  // Otherwise the usual order, given name first, when the first is one (harold.logan, james.thomas).
  return givenA ? { first: a, last: b, firstNames: namesA } : null;
}
