import { z } from "zod";
import { _parseOptions } from "../errors/_parseOptions.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import type { _LEVELS } from "./_comparators.js";
import { _defaultModel } from "./_defaultModel.js";
import { _prepare, type _Prepared } from "./_prepare.js";
import type { MatchModel, ResolveIdentitiesOptions } from "./types.js";

/** Candidate pairs compared by default at most: ~200 MB of pair codes, a few minutes of scoring at worst. */
const DEFAULT_MAX_COMPARISONS = 25_000_000;
/** The largest comparison budget a caller may set (1.6 GB of pair codes). */
const MAX_COMPARISONS_LIMIT = 200_000_000;

const IDENTITY_FIELDS = ["firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "region", "postalCode", "country", "customerId"] as const;
const modelSchema = z.strictObject({
  version: z.literal(1),
  probabilityTwoRandomRecordsMatch: z.number().gt(0).lt(1).nullable(),
  fields: z.record(z.string(), z.array(z.strictObject({ name: z.string().min(1), m: z.number().min(0).max(1), u: z.number().min(0).max(1) })).min(2)),
});
const optionsSchema = z.strictObject({
  idField: z.string().min(1).optional(),
  sourceField: z.string().min(1).optional(),
  fields: z.record(z.string().min(1), z.enum(IDENTITY_FIELDS)).optional(),
  customFields: z
    .record(
      z.string().min(1).refine((name) => !_UNSAFE_KEYS.has(name), "custom field names __proto__, constructor and prototype are not allowed"),
      z.strictObject({
        kind: z.enum(["exact", "levenshtein", "jaroWinkler", "date", "numeric"]),
        tolerance: z.number().min(0).optional(),
        block: z.boolean().optional(),
        identifier: z.boolean().optional(),
      }),
    )
    .optional(),
  mode: z.enum(["dedupe", "link"]).optional(),
  model: modelSchema.optional(),
  threshold: z.number().gt(0).lt(1).optional(),
  strictThreshold: z.number().gt(0).lt(1).optional(),
  maxClusterSize: z.number().int().min(2).optional(),
  maxBlockSize: z.number().int().min(2).max(100_000).optional(),
  maxComparisons: z.number().int().min(1).max(MAX_COMPARISONS_LIMIT).optional(),
  maxPeoplePerValue: z.number().int().min(1).optional(),
  identifierLimits: z
    .strictObject({ customerId: z.number().int().min(1).optional(), email: z.number().int().min(1).optional(), phone: z.number().int().min(1).optional() })
    .optional(),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 code such as US").optional(),
  dateOrder: z.enum(["MDY", "DMY", "YMD"]).optional(),
  assertions: z.array(z.strictObject({ a: z.string().min(1), b: z.string().min(1), match: z.boolean() })).optional(),
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
}

/** Validates options and prepares records; throws `invalid_options` for options or ids that cannot work. */
export function _settingsOf(functionName: string, records: readonly unknown[], options: ResolveIdentitiesOptions): _Settings {
  const parsed = _parseOptions(functionName, optionsSchema, options);
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
        },
      ]),
    ),
    defaultCountry: parsed.defaultCountry ?? null,
    dateOrder: parsed.dateOrder ?? null,
  });
  const customKinds = Object.fromEntries(Object.entries(customFields).map(([name, spec]) => [name, spec.kind])) as Record<string, keyof typeof _LEVELS>;
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
  };
}

