import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

/**
 * Loads the public development data sets (../shared/data beside the repository) for accuracy tests and
 * benchmarks. Not part of the package. Returns null when the file is absent.
 */
export function _readDevData(root: string, file: string): Record<string, string>[] | null {
  const path = resolve(root, "..", "shared", "data", file);
  if (!existsSync(path)) return null;
  const [head = "", ...lines] = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const columns = head.split(",");
  // These files hold no quoted fields: a plain split is the whole CSV grammar they need.
  return lines.map((line) => Object.fromEntries(line.split(",").map((value, i) => [columns[i] ?? `column${i}`, value])));
}

/** The documented column mapping for febrl1.csv (Australian-style; soc_sec_id as an identifier with typos). */
export const _febrlOptions = {
  idField: "rec_id",
  fields: { given_name: "firstName", surname: "lastName", suburb: "city", postcode: "postalCode", state: "region", date_of_birth: "dateOfBirth" },
  customFields: { soc_sec_id: { kind: "levenshtein", block: true, identifier: true }, address_2: { kind: "jaroWinkler" } },
  defaultCountry: "AU",
} as const;

/** febrl1 records with the street line built from number and street name. */
export function _febrlRecords(rows: readonly Record<string, string>[]): Record<string, string>[] {
  return rows.map((row) => ({ ...row, street: [row["street_number"], row["address_1"]].filter((part) => part !== undefined && part !== "").join(" ") }));
}

/** The mapping for fake_1000.csv: every column a user would map from the README. */
export const _fakeOptions = { idField: "unique_id", fields: { first_name: "firstName", surname: "lastName", dob: "dateOfBirth", city: "city", email: "email" } } as const;
