/** The field names profile-kit recognises without configuration, in their canonical order. */
export const STANDARD_FIELDS: readonly [
  "id",
  "source",
  "updatedAt",
  "firstName",
  "lastName",
  "fullName",
  "email",
  "phone",
  "dateOfBirth",
  "street",
  "city",
  "postalCode",
  "country",
  "customerId",
] = [
  "id",
  "source",
  "updatedAt",
  "firstName",
  "lastName",
  "fullName",
  "email",
  "phone",
  "dateOfBirth",
  "street",
  "city",
  "postalCode",
  "country",
  "customerId",
];

/** One of the {@link STANDARD_FIELDS}. */
export type StandardField = (typeof STANDARD_FIELDS)[number];

/**
 * A customer record as it arrives from a source system: the standard fields (all optional, all strings as
 * sources send them), plus any other fields. Nothing about it is assumed clean.
 */
export type CustomerRecord = { readonly [Field in StandardField]?: string } & {
  readonly [field: string]: unknown;
};
