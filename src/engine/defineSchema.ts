import * as z from "zod/mini";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _registerSchema, _STANDARD_FIELDS, type _ColumnMap, type _SchemaCustom, type _StandardField, type _StandardValidator } from "../shared/_schema.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import type { ComparisonLevel, DateOrder } from "../shared/types.js";
import { _levelSpecs, _levelsSchema } from "../identity/_levels.js";
import { resolveIdentities } from "../identity/resolveIdentities.js";
import type { ComparisonKind, ResolveIdentitiesOptions } from "../identity/types.js";
import { mergeRecords } from "../merge/mergeRecords.js";
import type { MergePolicy } from "../merge/types.js";
import { compileSlots, type CompiledSlots } from "../fallback/compileSlots.js";
import type { SlotSpec } from "../fallback/types.js";

/** The fields a schema maps columns onto. `region` and `country` are read for the address, not compared. */
export type SchemaField = _StandardField;

/** Where a field's value comes from: one column, or several joined by a space (or the separator given). */
export type FieldColumns = string | readonly string[] | { readonly columns: readonly string[]; readonly separator?: string };

/** A field of the host's own, compared as identity evidence. */
export interface SchemaCustomField {
  /** The column it is read from. Default: the field's name. */
  readonly column?: string;
  /** How two values are compared. */
  readonly compare: ComparisonKind;
  /** For `numeric`: the difference still counted as agreement. */
  readonly tolerance?: number;
  /** Records sharing a value are compared (a blocking key). Default false. */
  readonly block?: boolean;
  /** A value identifies one person (a loyalty number): agreement links, and a shared value stops counting. */
  readonly identifier?: boolean;
  /** The comparison as levels instead of the kind's built-in ones (see `ComparisonLevel`). */
  readonly levels?: readonly ComparisonLevel[];
}

/** The decision options of identity resolution a schema may set (everything but how records are read). */
export type SchemaIdentitySettings = Omit<ResolveIdentitiesOptions, "idField" | "sourceField" | "fields" | "customFields" | "defaultCountry" | "dateOrder" | "assertions" | "schema">;

/** A Standard Schema (zod, valibot, arktype…) of the mapped record, whose output type types the profiles. */
export interface StandardRecordSchema<T> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => unknown;
    readonly types?: { readonly input: unknown; readonly output: T } | undefined;
  };
}

/** What {@link defineSchema} takes: every column named once, for every stage. */
export interface SchemaSpec<T = Record<string, unknown>> {
  /** The column holding each record's id, unique within its source. Default `"id"`. */
  readonly id?: string;
  /** The column naming the source system. Default `"source"`. */
  readonly source?: string;
  /** The column holding when the record was observed (valid time), or null for none. Default `"updatedAt"`. */
  readonly observedAt?: string | null;
  /**
   * Standard field → the host's column(s). When given, only these fields are read; by default every
   * standard field is read from the column of its own name.
   */
  readonly fields?: { readonly [F in SchemaField]?: FieldColumns };
  /** The host's own fields compared as evidence, by name. */
  readonly custom?: Readonly<Record<string, SchemaCustomField>>;
  /** ISO alpha-2 country for records without one (phones, dates, postal codes). */
  readonly defaultCountry?: string;
  /** How ambiguous numeric dates are read when the country does not decide. */
  readonly dateOrder?: DateOrder;
  /** Identity resolution's decision options: threshold, guards, a trained model. */
  readonly identity?: SchemaIdentitySettings;
  /** The survivorship policy of golden profiles. */
  readonly merge?: MergePolicy;
  /** The personalization slots of the profiles (paths into the golden attributes), for `engine.personalize`. */
  readonly slots?: Readonly<Record<string, SlotSpec>>;
  /**
   * The source names metrics may name (`profile_kit.source`): records of any other source are counted as
   * `"other"`, so a value typed into a source column never reaches a metric. Default: none.
   */
  readonly sources?: readonly string[];
  /** Validates each mapped record (and types the profiles' attributes), e.g. a zod object. */
  readonly record?: StandardRecordSchema<T>;
}

/** A validated schema: pass it to `createProfileEngine`, `resolveIdentities`, `cleanseRecord(s)` and `mergeRecords`. */
export interface Schema<T = Record<string, unknown>> {
  readonly kind: "profile-kit/schema";
  /** The spec as given (frozen copy). */
  readonly spec: SchemaSpec<T>;
  /** Carries the record type; never set at run time. */
  readonly types?: { readonly record: T };
}

/** Any schema, whatever its record type: what the stages' functions accept. */
export interface AnySchema {
  readonly kind: "profile-kit/schema";
}

function isStandardSchema(value: unknown): boolean {
  // arktype's types are functions that carry "~standard".
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const standard: unknown = (value as Record<string, unknown>)["~standard"];
  return typeof standard === "object" && standard !== null && typeof (standard as Record<string, unknown>)["validate"] === "function";
}

const COMPARABLE: ReadonlySet<string> = new Set(["firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "customerId"]);
const column = z.string().check(z.minLength(1), z.maxLength(200));
const columns = z.union([column, z.array(column).check(z.minLength(1), z.maxLength(10)), z.strictObject({ columns: z.array(column).check(z.minLength(1), z.maxLength(10)), separator: z.optional(z.string().check(z.maxLength(10))) })]);
const specSchema = z.strictObject({
  id: z.optional(column),
  source: z.optional(column),
  observedAt: z.optional(z.nullable(column)),
  fields: z.optional(z.strictObject(Object.fromEntries(_STANDARD_FIELDS.map((field) => [field, z.optional(columns)])) as Record<_StandardField, z.ZodMiniOptional<typeof columns>>)),
  custom: z.optional(
    z.record(
      z.string().check(z.minLength(1), z.maxLength(100), z.refine((name) => !_UNSAFE_KEYS.has(name), "custom field names __proto__, constructor and prototype are not allowed")),
      z.strictObject({
        column: z.optional(column),
        compare: z.enum(["exact", "levenshtein", "jaroWinkler", "date", "numeric"]),
        tolerance: z.optional(z.number().check(z.gte(0))),
        block: z.optional(z.boolean()),
        identifier: z.optional(z.boolean()),
        levels: z.optional(_levelsSchema),
      }),
    ),
  ),
  defaultCountry: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 code such as US"))),
  dateOrder: z.optional(z.enum(["MDY", "DMY", "YMD"])),
  identity: z.optional(z.record(z.string(), z.unknown())),
  merge: z.optional(z.unknown()),
  slots: z.optional(z.unknown()),
  sources: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(1000))),
  record: z.optional(z.custom<_StandardValidator>(isStandardSchema, "expected a Standard Schema (zod, valibot, arktype…)")),
});

/**
 * Says once what a record looks like, for every stage: its id, source and observation-time columns, the
 * host's columns of each standard field (several joined into one, e.g. house number and street line),
 * custom fields and their comparison, identity's decision options and the merge policy. Validated here:
 * unknown keys and fields, and a mapping that leaves nothing to compare, throw `invalid_options`.
 *
 * @param spec - the schema
 * @returns a frozen schema for `createProfileEngine`, `resolveIdentities`, `cleanseRecord(s)` and `mergeRecords`
 * @throws ProfileKitError `invalid_options` naming what is wrong
 * @example
 * ```ts
 * const schema = defineSchema({
 *   id: "customer_id", source: "system", observedAt: "modified",
 *   fields: { email: "Email", firstName: "First", lastName: "Last", street: ["house_no", "street_line"] },
 *   defaultCountry: "US",
 * });
 * ```
 */
export function defineSchema<T = Record<string, unknown>>(spec: SchemaSpec<T>): Schema<T> {
  const parsed = _parseOptions("defineSchema", specSchema, spec, "schema");
  const fields = new Map<_StandardField, _ColumnMap>();
  for (const field of _STANDARD_FIELDS) {
    const given = parsed.fields === undefined ? field : parsed.fields[field];
    if (given === undefined) continue;
    fields.set(field, typeof given === "string" ? { columns: [given], separator: " " } : Array.isArray(given) ? { columns: given, separator: " " } : { columns: (given as { columns: string[] }).columns, separator: (given as { separator?: string }).separator ?? " " });
  }
  const taken = Object.keys(parsed.custom ?? {}).find((name) => (_STANDARD_FIELDS as readonly string[]).includes(name) || ["id", "source", "updatedAt"].includes(name));
  if (taken !== undefined) throw new ProfileKitError("invalid_options", `defineSchema: schema.custom.${taken}: a custom field cannot take a standard field's name; map the column in schema.fields, or name the custom field differently.`);
  const custom: _SchemaCustom[] = Object.entries(parsed.custom ?? {}).map(([name, field]) => ({
    name,
    column: field.column ?? name,
    kind: field.compare,
    ...(field.tolerance === undefined ? {} : { tolerance: field.tolerance }),
    ...(field.block === undefined ? {} : { block: field.block }),
    ...(field.identifier === undefined ? {} : { identifier: field.identifier }),
    ...(field.levels === undefined ? {} : { levels: checkedLevels(name, field.compare, field.levels as readonly ComparisonLevel[]) }),
  }));
  if (custom.length === 0 && ![...fields.keys()].some((field) => COMPARABLE.has(field))) {
    throw new ProfileKitError("invalid_options", `defineSchema: schema.fields maps no field identity can compare (${[...COMPARABLE].join(", ")}) and there is no custom field: every record would stay alone.`);
  }
  const identity = parsed.identity ?? {};
  const reading = ["idField", "sourceField", "fields", "customFields", "defaultCountry", "dateOrder", "assertions", "schema"].find((key) => Object.hasOwn(identity, key));
  if (reading !== undefined) throw new ProfileKitError("invalid_options", `defineSchema: schema.identity.${reading} is not an identity decision option${reading === "assertions" ? " (assert links on the engine)" : "; say how records are read in the schema itself"}.`);
  // Validated once here, by the functions that will use them: a mistake is reported at definition.
  try {
    resolveIdentities([], identity);
    if (parsed.merge !== undefined) mergeRecords([], { policy: parsed.merge as MergePolicy });
  } catch (error) {
    if (error instanceof ProfileKitError) throw new ProfileKitError("invalid_options", `defineSchema: ${error.message.replace(/^[a-zA-Z]+: /, "")} (in schema.${parsed.merge !== undefined && !error.message.startsWith("resolveIdentities") ? "merge" : "identity"})`, { cause: error });
    throw error;
  }
  let slots: CompiledSlots | null = null;
  if (parsed.slots !== undefined) {
    try {
      slots = compileSlots(parsed.slots as Readonly<Record<string, SlotSpec>>);
    } catch (error) {
      if (error instanceof ProfileKitError) throw new ProfileKitError("invalid_options", `defineSchema: ${error.message.replace(/^[a-zA-Z]+: /, "")} (in schema.slots)`, { cause: error });
      throw error;
    }
  }
  const schema: Schema<T> = Object.freeze({ kind: "profile-kit/schema" as const, spec: Object.freeze({ ...spec }) });
  _registerSchema(schema, {
    idColumn: parsed.id ?? "id",
    sourceColumn: parsed.source ?? "source",
    timeColumn: parsed.observedAt === undefined ? "updatedAt" : parsed.observedAt,
    fields,
    custom,
    defaultCountry: parsed.defaultCountry ?? null,
    dateOrder: parsed.dateOrder ?? null,
    identity,
    merge: parsed.merge ?? null,
    slots,
    validator: parsed.record ?? null,
    sources: parsed.sources ?? [],
  });
  return schema;
}

/** A custom field's levels, checked against its kind now (a schema is validated once, where it is defined). */
function checkedLevels(name: string, kind: ComparisonKind, levels: readonly ComparisonLevel[]): readonly ComparisonLevel[] {
  _levelSpecs("defineSchema", name, kind, levels);
  return levels;
}
