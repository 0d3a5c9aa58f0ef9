import * as z from "zod/mini";
import { _parseOptions } from "../errors/_parseOptions.js";
import { _own } from "../shared/_dict.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import type { _LEVELS } from "./_comparators.js";
import { _defaultModel } from "./_defaultModel.js";
import { _prepare, type _Prepared } from "./_prepare.js";
import { _mapRecord, _schemaOf } from "../shared/_schema.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { ComparisonLevel, MatchModel, ResolveIdentitiesOptions } from "./types.js";
import { _levelsSchema, type _LevelSpec } from "./_levels.js";
import { _defaultThreads } from "./_threads.js";

/** Candidate pairs compared by default at most: ~200 MB of pair codes, a few minutes of scoring at worst. */
const DEFAULT_MAX_COMPARISONS = 25_000_000;
/** The largest comparison budget a caller may set (1.6 GB of pair codes). */
const MAX_COMPARISONS_LIMIT = 200_000_000;

const IDENTITY_FIELDS = ["firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "region", "postalCode", "country", "customerId"] as const;
const modelSchema = z.strictObject({
  version: z.literal(1),
  probabilityTwoRandomRecordsMatch: z.nullable(z.number().check(z.gt(0), z.lt(1))),
  fields: z.record(z.string(), z.array(z.strictObject({ name: z.string().check(z.minLength(1)), m: z.number().check(z.gte(0), z.lte(1)), u: z.number().check(z.gte(0), z.lte(1)) })).check(z.minLength(2))),
});
const optionsSchema = z.strictObject({
  idField: z.optional(z.string().check(z.minLength(1))),
  sourceField: z.optional(z.string().check(z.minLength(1))),
  fields: z.optional(z.record(z.string().check(z.minLength(1)), z.enum(IDENTITY_FIELDS))),
  customFields: z.optional(z.record(z.string().check(z.minLength(1), z.refine((name) => !_UNSAFE_KEYS.has(name), "custom field names __proto__, constructor and prototype are not allowed")), z.strictObject({
        kind: z.enum(["exact", "levenshtein", "jaroWinkler", "date", "numeric"]),
        tolerance: z.optional(z.number().check(z.gte(0))),
        block: z.optional(z.boolean()),
        identifier: z.optional(z.boolean()),
        levels: z.optional(_levelsSchema),
      }))),
  mode: z.optional(z.enum(["dedupe", "link"])),
  model: z.optional(modelSchema),
  threshold: z.optional(z.number().check(z.gt(0), z.lt(1))),
  strictThreshold: z.optional(z.number().check(z.gt(0), z.lt(1))),
  maxClusterSize: z.optional(z.int().check(z.gte(2))),
  maxBlockSize: z.optional(z.int().check(z.gte(2), z.lte(100_000))),
  maxComparisons: z.optional(z.int().check(z.gte(1), z.lte(MAX_COMPARISONS_LIMIT))),
  maxPeoplePerValue: z.optional(z.int().check(z.gte(1))),
  identifierLimits: z.optional(z.strictObject({ customerId: z.optional(z.int().check(z.gte(1))), email: z.optional(z.int().check(z.gte(1))), phone: z.optional(z.int().check(z.gte(1))) })),
  defaultCountry: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 code such as US"))),
  dateOrder: z.optional(z.enum(["MDY", "DMY", "YMD"])),
  customerIdFormat: z.optional(z.custom<(value: string) => string | null>((value) => typeof value === "function", "expected a function (value: string) => string | null")),
  schema: z.optional(z.unknown()),
  threads: z.optional(z.int().check(z.gte(1), z.lte(64))),
  assertions: z.optional(z.array(z.strictObject({ a: z.string().check(z.minLength(1)), b: z.string().check(z.minLength(1)), match: z.boolean() }))),
});

/** A resolution's settings after defaults, shared by resolveIdentities, explainMatch and trainModel. */
export interface _Settings {
  readonly prepared: _Prepared;
  readonly model: MatchModel;
  readonly threshold: number;
  readonly strictThreshold: number;
  readonly maxClusterSize: number;
  readonly maxBlockSize: number;
  readonly maxComparisons: number;
  readonly maxPeoplePerValue: number;
  readonly limits: { readonly customerId: number; readonly email: number; readonly phone: number };
  readonly linkOnly: boolean;
  readonly assertions: readonly { readonly a: string; readonly b: string; readonly match: boolean }[];
  /** The host's customer-id format, or null for the default normalisation. */
  readonly customerIdFormat: ((value: string) => string | null) | null;
  /** Columns of `fields` that no record holds (said when a run found nothing to compare). */
  readonly unusedColumns?: readonly string[];
}

/** Validates options and prepares records; throws `invalid_options` for options or ids that cannot work. */
export function _settingsOf(functionName: string, records: readonly unknown[], options: ResolveIdentitiesOptions): _Settings {
  const read = _withSchema(functionName, records, options);
  records = read.records;
  const parsed = _parseOptions(functionName, optionsSchema, read.options);
  const customFields = parsed.customFields ?? {};
  const prepared = _prepare(functionName, records, {
    idField: parsed.idField ?? "id",
    sourceField: parsed.sourceField ?? "source",
    fields: parsed.fields ?? {},
    customFields: Object.fromEntries(
      Object.entries(customFields).map(([name, spec]) => [
        name,
        {
          kind: spec.kind,
          ...(spec.tolerance === undefined ? {} : { tolerance: spec.tolerance }),
          ...(spec.block === undefined ? {} : { block: spec.block }),
          ...(spec.identifier === undefined ? {} : { identifier: spec.identifier }),
          ...(spec.levels === undefined ? {} : { levels: spec.levels as readonly ComparisonLevel[] }),
        },
      ]),
    ),
    defaultCountry: parsed.defaultCountry ?? null,
    dateOrder: parsed.dateOrder ?? null,
    customerIdFormat: parsed.customerIdFormat ?? null,
    threads: parsed.threads ?? _defaultThreads(records.length),
  });
  const unused = Object.keys(parsed.fields ?? {}).filter((column) => !records.some((record) => {
    const value = typeof record === "object" && record !== null ? _own(record, column) : undefined;
    return value != null && value !== "";
  }));
  // Each custom field's built-in kind, or its own levels (checked when the records were prepared).
  const customKinds = Object.fromEntries(prepared.custom.map((column) => [column.name, column.levels ?? column.kind])) as Record<string, keyof typeof _LEVELS | readonly _LevelSpec[]>;
  const defaults = _defaultModel(customKinds);
  // A trained model may lack a custom field declared later: fall back to the defaults for it.
  const model: MatchModel = parsed.model === undefined ? defaults : { ...parsed.model, fields: { ...defaults.fields, ...parsed.model.fields } };
  return {
    prepared,
    model,
    threshold: parsed.threshold ?? 0.95,
    strictThreshold: parsed.strictThreshold ?? 0.999,
    maxClusterSize: parsed.maxClusterSize ?? 50,
    maxBlockSize: parsed.maxBlockSize ?? 200,
    maxComparisons: parsed.maxComparisons ?? DEFAULT_MAX_COMPARISONS,
    maxPeoplePerValue: parsed.maxPeoplePerValue ?? 1,
    limits: {
      customerId: parsed.identifierLimits?.customerId ?? 1,
      email: parsed.identifierLimits?.email ?? 5,
      phone: parsed.identifierLimits?.phone ?? 5,
    },
    linkOnly: parsed.mode === "link",
    assertions: parsed.assertions ?? [],
    customerIdFormat: parsed.customerIdFormat ?? null,
    // Found now, as a list, not by a function asked later: a closure made here would keep this call's
    // context alive — the records with it — while scoring and clustering run (a million records: hundreds
    // of megabytes). A column some record holds is found at its first such record, so this is a full scan
    // only for a column that no record holds.
    unusedColumns: unused,
  };
}


/** Options that say how records are read: a schema says it instead. */
const READING_OPTIONS = ["idField", "sourceField", "fields", "customFields", "defaultCountry", "dateOrder"] as const;

/** Records mapped through the options' schema, and the options it implies (the options given override its decisions). */
export function _withSchema(functionName: string, records: readonly unknown[], options: ResolveIdentitiesOptions): { records: readonly unknown[]; options: ResolveIdentitiesOptions } {
  let schema: unknown;
  try {
    schema = typeof options === "object" && (options as unknown) !== null ? options.schema : undefined;
  } catch {
    // Options that cannot be read are refused by the options parser, with its message.
    return { records, options };
  }
  if (schema === undefined) return { records, options };
  const data = _schemaOf(schema);
  if (data === null) throw new ProfileKitError("invalid_options", `${functionName}: options.schema must be a schema made by defineSchema.`);
  const clash = READING_OPTIONS.filter((key) => Object.hasOwn(options, key));
  if (clash.length > 0) throw new ProfileKitError("invalid_options", `${functionName}: options.${clash[0]} cannot be given with options.schema, which says how records are read.`);
  if (!Array.isArray(records)) throw new ProfileKitError("invalid_options", `${functionName}: records must be an array.`);
  const decisions: ResolveIdentitiesOptions = Object.fromEntries(Object.entries(options).filter(([key]) => key !== "schema"));
  const mapped = (records as readonly unknown[]).map((record) => {
    try {
      return typeof record === "object" && record !== null && !Array.isArray(record) ? _mapRecord(data, record as Record<string, unknown>) : record;
    } catch {
      return record; // refused by the preparation, as without a schema
    }
  });
  return {
    records: mapped,
    options: {
      ...(data.identity as ResolveIdentitiesOptions),
      ...decisions,
      customFields: Object.fromEntries(data.custom.map(({ name, kind, tolerance, block, identifier, levels }) => [name, { kind, ...(tolerance === undefined ? {} : { tolerance }), ...(block === undefined ? {} : { block }), ...(identifier === undefined ? {} : { identifier }), ...(levels === undefined ? {} : { levels }) }])),
      ...(data.defaultCountry === null ? {} : { defaultCountry: data.defaultCountry }),
      ...(data.dateOrder === null ? {} : { dateOrder: data.dateOrder }),
    },
  };
}
