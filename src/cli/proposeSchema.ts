/**
 * `profile-kit schema init`: a schema proposed from a file's header and a sample of its values, for the
 * user to read and edit. Header names decide first (`given_name` → firstName, `zip` → postalCode);
 * values decide what names leave open (a column of email addresses, of phone numbers, of dates), and how
 * ambiguous numeric dates are ordered (a first part above 12 means day first).
 */

import { _own, _setOwn } from "../shared/_dict.js";

/** What was decided for one column, and why: printed beside the schema so the user can check it. */
export interface ColumnGuess {
  readonly column: string;
  readonly field: string | null;
  readonly why: string;
}

const NAME_RULES: readonly (readonly [RegExp, string])[] = [
  [/^(first|given|fore)[ _-]?name$|^fname$|^first$|^prenom$|^vorname$/i, "firstName"],
  [/^(last|family|sur)[ _-]?name$|^surname$|^lname$|^last$|^nom$|^nachname$/i, "lastName"],
  [/^(full[ _-]?)?name$|^(customer|contact)[ _-]?name$/i, "fullName"],
  [/e[ _-]?mail|courriel/i, "email"],
  [/phone|mobile|^tel|cell/i, "phone"],
  // A birth date, not a place of birth.
  [/^((date[ _-]?of[ _-]?)?birth([ _-]?(date|day))?|dob|geburtsdatum)$/i, "dateOfBirth"],
  [/^(street|address|addr)([ _-]?(line)?[ _-]?1)?$|street/i, "street"],
  [/^(city|town|locality)$/i, "city"],
  [/^(state|region|province|county)$/i, "region"],
  [/zip|postal|postcode|^plz$/i, "postalCode"],
  [/^country([ _-]?code)?$/i, "country"],
  [/^(customer|client|account|member)[ _-]?(id|number|no|ref)$/i, "customerId"],
];

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
const PHONE = /^\+?[\d\s().-]{7,20}$/;
const NUMERIC_DATE = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/;

/** The share of `values` matching `test`. */
function share(values: readonly string[], test: (value: string) => boolean): number {
  return values.length === 0 ? 0 : values.filter(test).length / values.length;
}

/**
 * Day first or month first, from the numeric dates whose reading is not ambiguous (a first part above 12
 * is a day, a second part above 12 a day); year-first dates are never ambiguous and say nothing.
 */
function dateOrderOf(values: readonly string[]): "MDY" | "DMY" | null {
  let dmy = 0;
  let mdy = 0;
  for (const value of values) {
    const match = NUMERIC_DATE.exec(value);
    if (match === null || (match[1] as string).length === 4) continue;
    const [a, b] = [Number(match[1]), Number(match[2])];
    if (a > 12 && b <= 12) dmy++;
    else if (b > 12 && a <= 12) mdy++;
  }
  if (dmy > mdy) return "DMY";
  if (mdy > dmy) return "MDY";
  return null;
}

/**
 * Proposes a schema spec for a file: `columns` its header, `rows` a sample of its records (text values).
 *
 * @returns the spec (JSON for `--schema`) and, per column, what was decided and why
 */
export function proposeSchema(columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]): { readonly spec: Record<string, unknown>; readonly guesses: readonly ColumnGuess[] } {
  const fields: Record<string, string> = {};
  const guesses: ColumnGuess[] = [];
  const spec: Record<string, unknown> = {};
  const taken = new Set<string>();
  const valuesOf = (column: string): string[] => rows.map((row) => _own(row, column)).filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
  let dateOrder: "MDY" | "DMY" | null = null;
  // The record id: a column named id, else one named like an id or reference whose sampled values are all
  // distinct (a customer number that repeats is a customer id, compared as evidence, not a record id).
  const distinct = (column: string): boolean => {
    const values = valuesOf(column);
    return values.length > 0 && values.length === rows.length && new Set(values).size === values.length;
  };
  const idColumn = columns.find((c) => /^(id|record[ _-]?id|row[ _-]?id|key)$/i.test(c.trim())) ?? columns.find((c) => /(^|[ _-])(id|ref|reference|number|no)$/i.test(c.trim()) && distinct(c)) ?? null;
  for (const column of columns) {
    const values = valuesOf(column);
    const key = column.trim();
    let field: string | null = null;
    let why = "";
    // Nested values (NDJSON objects or arrays) cannot be a column of a schema: said, and left out.
    const nested = rows.filter((row) => { const v = _own(row, column); return typeof v === "object" && v !== null; }).length;
    if (nested > 0 && nested >= values.length) {
      guesses.push({ column, field: null, why: "holds nested values (objects or arrays), which a schema cannot map: flatten them into columns first (name.first → name_first)" });
      continue;
    }
    if (column === idColumn) {
      spec["id"] = column;
      guesses.push({ column, field: "id", why: /^(id|record[ _-]?id|row[ _-]?id|key)$/i.test(key) ? "named id" : "named like an id, every sampled value distinct" });
      continue;
    }
    if (/^(source|system|origin|channel)$/i.test(key)) {
      spec["source"] = column;
      guesses.push({ column, field: "source", why: "named like a source" });
      continue;
    }
    if (/updated|modified|changed|last[ _-]?update|timestamp|observed/i.test(key)) {
      spec["observedAt"] = column;
      guesses.push({ column, field: "observedAt", why: "named like the time a record was written" });
      continue;
    }
    for (const [pattern, candidate] of NAME_RULES) {
      if (pattern.test(key) && !taken.has(candidate)) {
        field = candidate;
        why = "its name";
        break;
      }
    }
    if (field === null && values.length > 0) {
      if (share(values, (v) => EMAIL.test(v)) >= 0.8 && !taken.has("email")) [field, why] = ["email", `${Math.round(share(values, (v) => EMAIL.test(v)) * 100)}% of its values are email addresses`];
      // A numeric date (1990-02-03, 03.02.1990) has a phone's characters and digits: a date, read below.
      else if (share(values, (v) => PHONE.test(v) && !NUMERIC_DATE.test(v) && v.replace(/\D/g, "").length >= 7) >= 0.8 && !taken.has("phone")) [field, why] = ["phone", "its values are phone numbers"];
    } else if (field !== null && values.length > 0) {
      why = `its name; ${values.length} sample value(s)`;
    }
    if (field === "dateOfBirth" || (field === null && share(values, (v) => NUMERIC_DATE.test(v)) >= 0.8)) {
      dateOrder = dateOrderOf(values) ?? dateOrder;
      if (field === null) [field, why] = [taken.has("dateOfBirth") ? null : "dateOfBirth", "its values are dates"] as [string | null, string];
    }
    if (field === null) {
      guesses.push({ column, field: null, why: "not recognised: left out (add it under fields, or as a custom field)" });
      continue;
    }
    taken.add(field);
    _setOwn(fields, field, column);
    guesses.push({ column, field, why });
  }
  spec["fields"] = fields;
  if (dateOrder !== null) spec["dateOrder"] = dateOrder;
  return { spec, guesses };
}
