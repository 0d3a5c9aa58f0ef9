import { _createIssue, _issuesOrNone, _NO_ISSUES } from "../errors/_createIssue.js";
import type { Issue } from "../errors/issue.js";
import { _own, _setOwn } from "../shared/_dict.js";
import { _jsonIssue, _jsonProblem } from "../shared/_jsonValue.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { _plainObjects } from "../shared/_young.js";
import { _mapRecord, _schemaOf, type _SchemaData } from "../shared/_schema.js";
import type { AnySchema } from "../engine/defineSchema.js";
import { _asCompiledSpec, type _CompiledFieldSpec, type _CompiledSpecData } from "./_compiledSpec.js";
import { _copyJson } from "../shared/_jsonValue.js";
import { _describeValue, _flat, _fold, _readText } from "../shared/_text.js";
import type { FieldStatus } from "../shared/types.js";
import { compileCleanseSpec, type CleanseSpec, type CompiledCleanseSpec, type FieldKind } from "./compileCleanseSpec.js";
import { normalizeAddress } from "./normalizeAddress.js";
import { normalizeCountry } from "./normalizeCountry.js";
import { normalizeDate, type DateKind, type DateOrder, type NormalizeDateOptions } from "./normalizeDate.js";
import { normalizeEmail, type NormalizedEmail } from "./normalizeEmail.js";
import { normalizeName, type NormalizedName } from "./normalizeName.js";
import { normalizePhone, type NormalizedPhone } from "./normalizePhone.js";

/** How one field of a record came out of cleansing. */
export interface CleansedField {
  /** The standardiser that was applied (address parts say `street`, `city`, `region`, `postalCode`). */
  readonly kind: FieldKind | "street" | "city" | "region" | "postalCode";
  /** The standard value (null when missing or unusable). */
  readonly value: string | null;
  /** Exactly what the record held. */
  readonly original: unknown;
  /** `valid`, `fixed`, `invalid` or `missing`. */
  readonly status: FieldStatus;
  /** A key for matching (emails, phones, names, streets), never for display or sending. */
  readonly matchKey: string | null;
  /** Email details: suggestion, disposable, role, free provider. */
  readonly email?: Pick<NormalizedEmail, "suggestion" | "disposable" | "role" | "freeProvider" | "domain">;
  /** Phone details: extension, country, type. */
  readonly phone?: Pick<NormalizedPhone, "extension" | "country" | "type">;
  /** Name details: honorific, suffix, parts and nickname keys. */
  readonly name?: Pick<NormalizedName, "honorific" | "suffix" | "nickname" | "firstName" | "middleName" | "lastName" | "nicknameKeys">;
}

/** One cleansed record. */
export interface CleansedRecord {
  /**
   * The record with every standardised field replaced by its standard value (null when unusable), fields
   * not in the spec unchanged, and derived fields added (`region` from "City, ST"; `firstName`/`lastName`
   * from a full name). Keys that could pollute prototypes are left out (and reported).
   */
  readonly record: Readonly<Record<string, unknown>>;
  /** The original value of every field of the input that cleansing changed: nothing is lost. */
  readonly original: Readonly<Record<string, unknown>>;
  /**
   * Fields the input did not have that cleansing filled in, with the field each came from: `region` from a
   * city written "Milwaukee, WI", `firstName` and `lastName` from a full name.
   */
  readonly derived: Readonly<Record<string, string>>;
  /** Per standardised field: status, matching key and details. */
  readonly fields: Readonly<Record<string, CleansedField>>;
  /** Every problem found, with the field in its path. */
  readonly issues: readonly Issue[];
}


/**
 * Cleanses one record: applies the standardiser of each field in the spec (email, phone, names, dates,
 * address, country…), keeps every original value next to the standard one, and returns the problems as
 * issues. Host rules in the spec are checked on a deep copy of the result. Any value is accepted: bad data
 * never throws and never pollutes a prototype.
 *
 * The record is read once, own enumerable properties only; a record that cannot be read (a revoked Proxy,
 * a throwing getter or Proxy trap) is an `invalid_type` issue. Other fields keep their value, except
 * that an object or array that is not plain JSON — deeper than `MAX_VALUE_DEPTH` (64), larger than
 * `MAX_VALUE_NODES`, cyclic, unreadable or a class instance other than Date — is refused (null, with a
 * `too_deep`, `too_large` or `invalid_type` issue, and its original kept); the others are deep-copied, so
 * the result never shares an object with the input, and the input (frozen or not) is never changed.
 *
 * @param record - a record as a source sent it (any value)
 * @param spec - a {@link CleanseSpec}, or better a spec compiled once with {@link compileCleanseSpec}
 * @returns the standardised record, the originals, per-field results and issues
 * @throws ProfileKitError `invalid_options` only when the spec is invalid: an uncompiled spec that does not
 * validate, a spec that cannot be read, or a compiled spec stored as JSON and read back (compile it again)
 * @example
 * ```ts
 * const { record, issues } = cleanseRecord(
 *   { email: " Ann.Lee@GMAIL.com ", phone: "(415) 555-0134", country: "USA" },
 *   compileCleanseSpec({ now: new Date() }),
 * );
 * // record.email "ann.lee@gmail.com", record.phone "+14155550134", record.country "US"
 * ```
 */
export function cleanseRecord(record: unknown, spec: CleanseSpec | CompiledCleanseSpec | AnySchema = {}): CleansedRecord {
  return _cleanseRecord(record, spec, null);
}

/**
 * {@link cleanseRecord}, sharing readings within one batch: `readings` (made by `cleanseRecords` for one
 * call, dropped with it) holds the field results of names, cities, regions, countries and short texts read
 * without issues, so records with the same value share one frozen result instead of each keeping a copy.
 * A record cleansed alone gets none: nothing of its values outlives the call.
 *
 * @internal
 */
export function _cleanseRecord(record: unknown, spec: CleanseSpec | CompiledCleanseSpec | AnySchema, readings: _Readings | null): CleansedRecord {
  const schema = _schemaOf(spec);
  if (schema !== null) {
    spec = _schemaCleanseSpec(spec, schema);
    record = _mapIfRecord(schema, record);
  }
  const compiled = _asCompiledSpec("cleanseRecord", spec) ?? (compileCleanseSpec(spec as CleanseSpec) as _CompiledSpecData);
  const issues: Issue[] = [];
  const original: Record<string, unknown> = {};
  const derived: Record<string, string> = {};
  const fields: Record<string, CleansedField> = {};

  // One read of the record, inside try: a revoked Proxy, a throwing getter or trap is bad data, not an
  // exception. Spread defines own properties (it never calls the __proto__ setter), so copying is safe;
  // unsafe keys are then removed and reported. Everything below reads this snapshot, never the input.
  let output: Record<string, unknown>;
  try {
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      issues.push(_createIssue("invalid_type", [], { expected: "object", received: _describeValue(record) }));
      return { record: {}, original, derived, fields, issues };
    }
    output = { ...record };
  } catch {
    issues.push(_createIssue("invalid_type", [], { expected: "object", received: "unreadable object" }));
    return { record: {}, original, derived, fields, issues };
  }
  for (const key of _UNSAFE_KEYS) {
    if (Object.hasOwn(output, key)) {
      Reflect.deleteProperty(output, key);
      issues.push(_createIssue("unsafe_key", [key], { key }));
    }
  }
  // Which fields hold objects or arrays (rare): they are checked and copied at the end. Scanned now, while
  // the snapshot still has the input's shape, which is what makes the scan cheap.
  let objectKeys: string[] | null = null;
  for (const key in output) {
    const value = _own(output, key);
    if (typeof value === "object" && value !== null) (objectKeys ??= []).push(key);
  }
  // Each field is read before it is written and never after, so the snapshot doubles as the output.
  const present = (field: string): boolean => Object.hasOwn(output, field);
  const get = (field: string): unknown => _own(output, field);
  const set = (field: string, result: CleansedField, fieldIssues: readonly Issue[], from: string | null = null): void => {
    // Standard values and keys are often built from pieces; stored flat, they cost a batch a fifth of its
    // memory less (the strings are shared with the result's details, which this flattens too).
    if (result.value !== null) _flat(result.value);
    if (result.matchKey !== null && result.matchKey !== result.value) _flat(result.matchKey);
    if (present(field)) {
      if (result.value !== result.original) _setOwn(original, field, result.original);
      _setOwn(output, field, result.value);
    } else if (result.value !== null) {
      // Absent from the input and filled in: derived, not changed.
      _setOwn(derived, field, from ?? field);
      _setOwn(output, field, result.value);
    }
    _setOwn(fields, field, result.original === undefined && result.status === "missing" ? absentField(result) : result);
    for (const issue of fieldIssues) issues.push(issue);
  };

  // The address first: its country decides how phones, dates and postal codes are read.
  let country = compiled.defaultCountry;
  const address = compiled.address;
  if (address !== null) {
    const result = normalizeAddress(
      { street: get(address.street), city: get(address.city), region: get(address.region), postalCode: get(address.postalCode), country: get(address.country) },
      { country: compiled.defaultCountry, case: address.case },
    );
    country = result.country ?? country;
    const setPart = (part: AddressPart, value: string | null, matchKey: string | null): void => {
      const field = address[part];
      // normalizeAddress puts each issue under its part's name; report it under the record's field name.
      const partIssues = result.issues.length === 0 ? result.issues : result.issues.filter((issue) => issue.path[0] === part).map((issue) => ({ ...issue, path: [field, ...issue.path.slice(1)] }));
      const original = result.original[part];
      const status = result.statuses[part];
      // Cities, regions and countries repeat: a part read as before (same text, same reading, no issues)
      // shares that result. Streets and postal codes are nearly all different: not kept.
      const shareable = readings !== null && part !== "street" && part !== "postalCode" && partIssues.length === 0 && typeof original === "string" && original.length <= 64;
      let cleansed = shareable ? readings.get(part, original) : undefined;
      if (cleansed?.value !== value || cleansed.status !== status || cleansed.matchKey !== matchKey) {
        cleansed = { kind: part, value, original, status, matchKey };
        if (shareable) readings.set(part, original, Object.freeze(cleansed));
      }
      // Only the region is ever filled in, from a city written "Milwaukee, WI".
      set(field, cleansed, partIssues, part === "region" ? address.city : null);
    };
    setPart("street", result.street, result.streetKey);
    setPart("city", result.city, null);
    setPart("region", result.region, null);
    setPart("postalCode", result.postalCode, result.postalCode);
    setPart("country", result.country, result.country);
  }

  let fullName: readonly [string, CleansedField] | null = null;
  let hasFirstOrLast = false;
  // By index over an array made once per spec: iterating the Map would allocate an entry per field.
  const fieldList = fieldListOf(compiled);
  for (let f = 0; f < fieldList.length; f++) {
    const [field, fieldSpec] = fieldList[f] as FieldEntry;
    const value = get(field);
    const path = fieldSpec.path;
    switch (fieldSpec.kind) {
      case "email": {
        // A person's address recurs across their records (two in five in the generator's batches): one
        // read without issues is shared, like names.
        const shareable = readings !== null && typeof value === "string" && value.length <= 254;
        const known = shareable ? readings.get("email", value) : undefined;
        if (known !== undefined) {
          set(field, known, _NO_ISSUES);
          break;
        }
        const r = normalizeEmail(value, { path });
        const result: CleansedField = new EmailField(r.value, value, r.status, r.matchKey, r);
        if (shareable && r.issues.length === 0) {
          Object.freeze(r);
          readings.set("email", value, Object.freeze(result));
        }
        set(field, result, r.issues);
        break;
      }
      case "phone": {
        const r = normalizePhone(value, { path, country });
        set(field, { kind: "phone", value: r.value, original: value, status: r.status, matchKey: r.matchKey, phone: r }, r.issues);
        break;
      }
      case "firstName":
      case "lastName":
      case "fullName": {
        // A name is read the same way wherever it appears: one written as before (no issues) takes the
        // result read then, so a batch keeps one per distinct name, not one per record.
        const shareable = readings !== null && typeof value === "string" && value.length <= 64;
        let result = shareable ? readings.get(fieldSpec.kind, value) : undefined;
        if (result !== undefined) {
          set(field, result, _NO_ISSUES);
        } else {
          const part = fieldSpec.kind === "firstName" ? "first" : fieldSpec.kind === "lastName" ? "last" : "full";
          const r = normalizeName(value, { path, part });
          result = { kind: fieldSpec.kind, value: r.value, original: value, status: r.status, matchKey: r.matchKey, name: r };
          if (shareable && r.issues.length === 0) {
            Object.freeze(r);
            readings.set(fieldSpec.kind, value, Object.freeze(result));
          }
          set(field, result, r.issues);
        }
        if (result.value !== null) {
          if (fieldSpec.kind === "fullName") fullName ??= [field, result];
          else hasFirstOrLast = true;
        }
        break;
      }
      case "date":
      case "birthDate":
      case "timestamp": {
        // Undefined options mean their defaults, so one object shape serves every field (no spreads).
        const dateOptions: DateOptions = { path, kind: fieldSpec.kind, country, order: fieldSpec.order ?? compiled.dateOrder ?? undefined, now: compiled.now ?? undefined, zone: fieldSpec.zone };
        const r = normalizeDate(value, dateOptions as NormalizeDateOptions);
        set(field, { kind: fieldSpec.kind, value: r.value, original: value, status: r.status, matchKey: r.value }, r.issues);
        break;
      }
      case "country": {
        const r = normalizeCountry(value, { path });
        set(field, { kind: "country", value: r.value, original: value, status: r.status, matchKey: r.value }, r.issues);
        break;
      }
      case "text":
      case "id": {
        // Short texts repeat (a source name, a plan): read once, like names. Ids are each their own.
        const shareable = readings !== null && fieldSpec.kind === "text" && typeof value === "string" && value.length <= 64;
        const known = shareable ? readings.get("text", value) : undefined;
        if (known !== undefined) {
          set(field, known, _NO_ISSUES);
          break;
        }
        const fieldIssues: Issue[] = [];
        const read = _readText(value, path, { maxLength: fieldSpec.kind === "id" ? 256 : 10_000, allowNumber: true }, fieldIssues);
        const status: FieldStatus = read.text === null ? (read.missing ? "missing" : "invalid") : value === read.text ? "valid" : "fixed";
        const result: CleansedField = { kind: fieldSpec.kind, value: read.text, original: value, status, matchKey: fieldSpec.kind === "id" ? read.text : null };
        if (shareable && fieldIssues.length === 0) readings.set("text", value, Object.freeze(result));
        set(field, result, fieldIssues);
        break;
      }
    }
  }

  // Every other field: objects and arrays are checked before anything recursive (copying, host rules)
  // touches them, then copied so that nothing downstream can reach the caller's objects. (Spec fields hold
  // text or null by now; an object there was reported by its standardiser.)
  if (objectKeys !== null) {
    for (const key of objectKeys) {
      const value = _own(output, key);
      if (typeof value !== "object" || value === null) continue;
      const problem = _jsonProblem(value);
      let copy: unknown = null;
      if (problem === null) {
        try {
          copy = _copyJson(value);
        } catch {
          issues.push(_createIssue("invalid_type", [key], { expected: "a JSON value", received: "unreadable object" }));
        }
      } else issues.push(_jsonIssue(problem, [key]));
      if (copy === null) _setOwn(original, key, value);
      _setOwn(output, key, copy);
    }
  }

  if (compiled.splitFullName && fullName !== null && !hasFirstOrLast) splitFullName(fullName[0], fullName[1], fields, output, original, derived, issues);

  if (compiled.rules !== null) {
    for (const failure of compiled.rules(output)) issues.push(_createIssue("rule_failed", failure.field === "" ? [] : failure.field.split("."), { rule: failure.rule }));
  }
  // Nothing derived and no issues (most records): the shared empty results, not two more objects kept.
  return { record: output, original, derived: hasOwnKey(derived) ? derived : NOTHING_DERIVED, fields, issues: _issuesOrNone(issues) };
}

const NOTHING_DERIVED: Readonly<Record<string, string>> = Object.freeze({});

function hasOwnKey(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

/**
 * The result of a field the record does not have: the same for every record, so one frozen object per
 * kind is shared (a batch of 100,000 records would otherwise keep a few hundred thousand copies alive).
 */
function absentField(result: CleansedField): CleansedField {
  let shared = absentFields.get(result.kind);
  if (shared === undefined) absentFields.set(result.kind, (shared = Object.freeze(result)));
  return shared;
}

const absentFields = new Map<string, CleansedField>();

/**
 * An email's field result, a plain object made by `new`: an object literal's site learns from a batch (whose
 * readings keep these alive) to allocate straight in the old generation, where a dead one keeps the young
 * normalised email alive through every young-generation collection (see shared/_young.ts).
 */
const EmailField = _plainObjects(function (this: { -readonly [K in keyof CleansedField]: CleansedField[K] }, value: string | null, original: unknown, status: FieldStatus, matchKey: string | null, email: NormalizedEmail): void {
  this.kind = "email";
  this.value = value;
  this.original = original;
  this.status = status;
  this.matchKey = matchKey;
  this.email = email;
});

/** Readings kept per batch and kind at most (cleared when full: a bound, not an LRU). */
const READINGS_LIMIT = 20_000;

/**
 * Field results shared by the records of one batch, by kind (a name part, an address part, "text") and
 * by the text read. A table per kind keyed by the record's own string: no key is built per lookup (a
 * joined key was a new string to allocate and hash for every field of every record).
 *
 * @internal
 */
export class _Readings {
  private readonly byKind = new Map<string, Map<string, CleansedField>>();

  get(kind: string, text: string): CleansedField | undefined {
    return this.byKind.get(kind)?.get(text);
  }

  set(kind: string, text: string, result: CleansedField): void {
    let table = this.byKind.get(kind);
    if (table === undefined) this.byKind.set(kind, (table = new Map<string, CleansedField>()));
    // Each kind has its own bound: a kind whose values rarely repeat (emails) must not push out the
    // readings of one whose values do (names, cities).
    else if (table.size >= READINGS_LIMIT) table.clear();
    table.set(text, result);
  }
}

type AddressPart = "street" | "city" | "region" | "postalCode" | "country";
type FieldEntry = readonly [string, _CompiledFieldSpec];

/** A compiled spec's fields as an array, made once per spec. */
function fieldListOf(compiled: _CompiledSpecData): readonly FieldEntry[] {
  let list = fieldLists.get(compiled.fields);
  if (list === undefined) fieldLists.set(compiled.fields, (list = [...compiled.fields]));
  return list;
}

const fieldLists = new WeakMap<object, readonly FieldEntry[]>();

/** normalizeDate's options with every key present (undefined meaning the default): one shape, no spreads. */
interface DateOptions {
  readonly path: readonly string[];
  readonly kind: DateKind;
  readonly country: string | null;
  readonly order: DateOrder | undefined;
  readonly now: number | undefined;
  readonly zone: string | undefined;
}

/**
 * Fills firstName/lastName from a full name when the record has neither usable, so matching can use the
 * parts. A column of that name the spec does not read (or an unusable one) is replaced, its value kept in
 * `original`: nothing is lost.
 */
function splitFullName(
  fullField: string,
  fullResult: CleansedField,
  fields: Record<string, CleansedField>,
  output: Record<string, unknown>,
  original: Record<string, unknown>,
  derived: Record<string, string>,
  issues: Issue[],
): void {
  const first = fullResult.name?.firstName ?? null;
  const last = fullResult.name?.lastName ?? null;
  if (first === null && last === null) return;
  const replace = (key: "firstName" | "lastName", value: string): void => {
    const before = _own(output, key);
    if (before != null && before !== value && !Object.hasOwn(original, key)) _setOwn(original, key, before);
    _setOwn(output, key, value);
  };
  if (first !== null) {
    replace("firstName", first);
    derived["firstName"] = fullField;
    const nicknameKeys = fullResult.name?.nicknameKeys ?? [];
    fields["firstName"] = { kind: "firstName", value: first, original: undefined, status: "fixed", matchKey: nicknameKeys[0] ?? null, name: { honorific: fullResult.name?.honorific ?? null, suffix: null, nickname: fullResult.name?.nickname ?? null, firstName: first, middleName: null, lastName: null, nicknameKeys } };
  }
  if (last !== null) {
    replace("lastName", last);
    derived["lastName"] = fullField;
    fields["lastName"] = { kind: "lastName", value: last, original: undefined, status: "fixed", matchKey: _fold(last).replace(/[^\p{L}]/gu, ""), name: { honorific: null, suffix: fullResult.name?.suffix ?? null, nickname: null, firstName: null, middleName: null, lastName: last, nicknameKeys: [] } };
  }
  issues.push(_createIssue("name_split", [fullField], {}));
}

const schemaSpecs = new WeakMap<object, CompiledCleanseSpec>();

/** The compiled cleanse spec of a schema (its country and date order over the standard fields), made once. */
export function _schemaCleanseSpec(schema: object, data: _SchemaData): CompiledCleanseSpec {
  let spec = schemaSpecs.get(schema);
  if (spec === undefined) {
    spec = compileCleanseSpec({ ...(data.defaultCountry === null ? {} : { defaultCountry: data.defaultCountry }), ...(data.dateOrder === null ? {} : { dateOrder: data.dateOrder }) });
    schemaSpecs.set(schema, spec);
  }
  return spec;
}

/** A record mapped through a schema; anything else as it is, for the cleanser to report. */
export function _mapIfRecord(data: _SchemaData, record: unknown): unknown {
  try {
    return typeof record === "object" && record !== null && !Array.isArray(record) ? _mapRecord(data, record as Record<string, unknown>) : record;
  } catch {
    return record;
  }
}
