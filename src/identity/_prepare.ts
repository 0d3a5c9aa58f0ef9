import { _fold } from "../cleanse/_text.js";
import { cleanseRecord } from "../cleanse/cleanseRecord.js";
import { compileCleanseSpec, type FieldKind } from "../cleanse/compileCleanseSpec.js";
import { normalizeDate, type DateOrder } from "../cleanse/normalizeDate.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { ComparisonKind, CustomField, IdentityField } from "./types.js";

/** A custom field's values, ready to compare. */
export interface _CustomColumn {
  readonly name: string;
  readonly kind: ComparisonKind;
  readonly tolerance: number;
  readonly block: boolean;
  readonly identifier: boolean;
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
}

export interface _PrepareOptions {
  readonly idField: string;
  readonly sourceField: string;
  readonly fields: Readonly<Record<string, IdentityField>>;
  readonly customFields: Readonly<Record<string, CustomField>>;
  readonly defaultCountry: string | null;
  readonly dateOrder: DateOrder | null;
}

/** Personal parts that name a household rather than a person: thesmiths, smithfamily, millerhousehold. */
const HOUSEHOLD_EMAIL = /^the[a-z]+s$|family|household|famille|familie/;

/** A personal part that names a household, generically or by the record's own surname (smiths@, thesmith@). */
function householdEmail(local: string, lastName: string | null): boolean {
  if (HOUSEHOLD_EMAIL.test(local)) return true;
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
 * Validates ids (present, unique) and standardises every record through cleanse/, then extracts the
 * features identity resolution compares.
 *
 * @throws ProfileKitError `invalid_options` naming how many ids are missing or duplicated (never which)
 */
export function _prepare(functionName: string, records: readonly unknown[], options: _PrepareOptions): _Prepared {
  if (!Array.isArray(records)) throw new ProfileKitError("invalid_options", `${functionName}: records must be an array.`);
  const idOf = (record: unknown): string | null => {
    if (typeof record !== "object" || record === null || Array.isArray(record)) return null;
    const id = (record as Record<string, unknown>)[options.idField];
    if (typeof id === "string" && id !== "") return id;
    if (typeof id === "number" && Number.isFinite(id)) return String(id);
    return null;
  };
  const rows: { id: string; record: Record<string, unknown> }[] = [];
  let missing = 0;
  for (const record of records) {
    const id = idOf(record);
    if (id === null) missing++;
    else rows.push({ id, record: record as Record<string, unknown> });
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
  const fieldKinds: Record<string, FieldKind | { kind: FieldKind; order?: DateOrder }> = {
    [columns.firstName]: "firstName",
    [columns.lastName]: "lastName",
    [columns.fullName]: "fullName",
    [columns.email]: "email",
    [columns.phone]: "phone",
    [columns.dateOfBirth]: "birthDate",
    [columns.customerId]: "id",
  };
  const spec = compileCleanseSpec({
    fields: fieldKinds,
    address: { street: columns.street, city: columns.city, region: columns.region, postalCode: columns.postalCode, country: columns.country },
    ...(options.defaultCountry === null ? {} : { defaultCountry: options.defaultCountry }),
    ...(options.dateOrder === null ? {} : { dateOrder: options.dateOrder }),
  });

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
  const customNames = Object.keys(options.customFields);
  const customText = customNames.map(() => new Array<string | null>(n));
  const customNumber = customNames.map(() => new Array<number | null>(n));
  let placeholders = 0;

  for (let i = 0; i < n; i++) {
    const { id, record } = rows[i] as { id: string; record: Record<string, unknown> };
    ids[i] = id;
    const src = record[options.sourceField];
    source[i] = typeof src === "string" ? src : typeof src === "number" ? String(src) : null;
    const cleansed = cleanseRecord(record, spec);
    for (const issue of cleansed.issues) if (issue.code === "placeholder_value") placeholders++;
    const f = cleansed.fields;

    const firstField = f[columns.firstName]?.value === null || f[columns.firstName] === undefined ? f["firstName"] : f[columns.firstName];
    const lastField = f[columns.lastName]?.value === null || f[columns.lastName] === undefined ? f["lastName"] : f[columns.lastName];
    const nicknames = firstField?.name?.nicknameKeys ?? [];
    first[i] = nicknames[0] ?? nonEmpty(firstField?.matchKey);
    firstNames[i] = nicknames.length > 0 ? nicknames : first[i] === null ? [] : [first[i] as string];
    last[i] = nonEmpty(lastField?.matchKey);

    const emailKey = f[columns.email]?.matchKey ?? null;
    email[i] = emailKey;
    emailLocal[i] = emailKey === null ? null : emailKey.slice(0, emailKey.lastIndexOf("@"));
    emailShared[i] = emailKey !== null && (f[columns.email]?.email?.role === true || householdEmail(emailLocal[i] as string, last[i] ?? null));

    const phoneField = f[columns.phone];
    let phoneDigits: string | null = null;
    if (phoneField?.value != null) phoneDigits = phoneField.value.replace(/\D/g, "");
    else if (phoneField?.status === "invalid" && cleansed.issues.some((issue) => issue.code === "invalid_phone" && issue.reason === "unknown_country" && issue.path[0] === columns.phone)) {
      // A national number in a record without a country: its digits still identify the line.
      const raw = phoneField.original;
      const digits = (typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw : "").replace(/\D/g, "");
      phoneDigits = digits.length >= 7 && digits.length <= 15 ? digits : null;
    }
    phone[i] = phoneDigits === null ? null : phoneDigits.slice(-10);

    const dobField = f[columns.dateOfBirth];
    dob[i] = dobField?.value ?? null;
    dobAlt[i] = null;
    if (dobField?.value === null && cleansed.issues.some((issue) => issue.code === "ambiguous_date" && issue.path[0] === columns.dateOfBirth)) {
      // Neither option nor country decides day and month: keep both readings and match either.
      dob[i] = normalizeDate(dobField.original, { kind: "birthDate", order: "MDY" }).value;
      dobAlt[i] = normalizeDate(dobField.original, { kind: "birthDate", order: "DMY" }).value;
    }

    street[i] = nonEmpty(f[columns.street]?.matchKey);
    const cityValue = f[columns.city]?.value;
    city[i] = typeof cityValue === "string" ? nonEmpty(_fold(cityValue).replace(/[^\p{L}\p{N}]+/gu, "")) : null;
    const postalValue = f[columns.postalCode]?.value;
    const country = f[columns.country]?.value ?? options.defaultCountry;
    // ZIP+4 matches on its first five digits, whatever the record says its country is.
    postal[i] = typeof postalValue === "string" ? nonEmpty((country === "US" || /^\d{5}-\d{4}$/.test(postalValue) ? postalValue.slice(0, 5) : postalValue).replace(/\s+/g, "")) : null;
    customerId[i] = nonEmpty(f[columns.customerId]?.value ?? null);

    for (const [c, name] of customNames.entries()) {
      const spec = options.customFields[name] as CustomField;
      const raw = record[name];
      const text = customText[c] as (string | null)[];
      const num = customNumber[c] as (number | null)[];
      text[i] = null;
      num[i] = null;
      if (spec.kind === "numeric") {
        const value = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
        if (Number.isFinite(value)) num[i] = value;
      } else if (spec.kind === "date") {
        text[i] = normalizeDate(raw, { ...(options.dateOrder === null ? {} : { order: options.dateOrder }) }).value;
      } else if (typeof raw === "string" || typeof raw === "number") {
        text[i] = nonEmpty(_fold(String(raw)).replace(/\s+/g, " ").trim());
      }
    }
  }

  return {
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
    custom: customNames.map((name, c) => {
      const spec = options.customFields[name] as CustomField;
      return {
        name,
        kind: spec.kind,
        tolerance: spec.tolerance ?? 0,
        block: spec.block ?? false,
        identifier: spec.identifier ?? false,
        text: customText[c] as (string | null)[],
        number: customNumber[c] as (number | null)[],
      };
    }),
    placeholders,
  };
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === "" ? null : value;
}
