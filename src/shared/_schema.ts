import { _own, _setOwn } from "./_dict.js";
import type { ComparisonLevel, DateOrder } from "./types.js";

/** The standard fields a schema maps columns onto: what cleanse/, identity/ and merge/ read by name. */
export const _STANDARD_FIELDS = ["firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "region", "postalCode", "country", "customerId"] as const;
export type _StandardField = (typeof _STANDARD_FIELDS)[number];

/** One standard or custom field: the host's columns it is read from, joined by a separator when several. */
export interface _ColumnMap {
  readonly columns: readonly string[];
  readonly separator: string;
}

/** A custom field of a schema: its column and how it is compared. */
export interface _SchemaCustom {
  readonly name: string;
  readonly column: string;
  readonly kind: "exact" | "levenshtein" | "jaroWinkler" | "date" | "numeric";
  readonly tolerance?: number;
  readonly block?: boolean;
  readonly identifier?: boolean;
  readonly levels?: readonly ComparisonLevel[];
}

/** What a validated schema holds, kept out of the object users see. */
export interface _SchemaData {
  readonly idColumn: string;
  readonly sourceColumn: string;
  readonly timeColumn: string | null;
  readonly fields: ReadonlyMap<_StandardField, _ColumnMap>;
  readonly custom: readonly _SchemaCustom[];
  readonly defaultCountry: string | null;
  readonly dateOrder: DateOrder | null;
  /** Decision options of identity resolution (threshold, guards, model…), validated. */
  readonly identity: Readonly<Record<string, unknown>>;
  /** The merge policy, validated, or null for the default. */
  readonly merge: unknown;
  /** The compiled personalization slots, or null. */
  readonly slots: unknown;
  /** A Standard Schema validator of the mapped record, or null. */
  readonly validator: _StandardValidator | null;
  /** The source names metrics may name. */
  readonly sources: readonly string[];
}

/** The part of the Standard Schema interface (zod, valibot, arktype) a schema's `record` is read through. */
export interface _StandardValidator {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => unknown;
  };
}

// One registry per process, not per module copy: a schema defined through the ESM build is recognised by
// the CJS build (a host mixing import and require loads both).
const REGISTRY = Symbol.for("profile-kit.schemas@1");
const registry: WeakMap<object, _SchemaData> = ((globalThis as Record<symbol, unknown>)[REGISTRY] as WeakMap<object, _SchemaData> | undefined) ?? new WeakMap<object, _SchemaData>();
(globalThis as Record<symbol, unknown>)[REGISTRY] = registry;

/** Records a validated schema's data. */
export function _registerSchema(schema: object, data: _SchemaData): void {
  registry.set(schema, data);
}

/** A schema's data, or null when the value is not a schema made by `defineSchema`. */
export function _schemaOf(value: unknown): _SchemaData | null {
  return typeof value === "object" && value !== null ? (registry.get(value) ?? null) : null;
}

/**
 * A host record in the standard vocabulary: id, source and observation time under `id`, `source` and
 * `updatedAt`, each standard field read from its columns (several joined), each custom field under its
 * name. Columns the schema does not name are left out. Reads own properties only.
 */
export function _mapRecord(data: _SchemaData, record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (name: string, value: unknown): void => {
    if (value !== undefined) _setOwn(out, name, value);
  };
  put("id", _own(record, data.idColumn));
  put("source", _own(record, data.sourceColumn));
  if (data.timeColumn !== null) put("updatedAt", _own(record, data.timeColumn));
  for (const [field, map] of data.fields) {
    if (map.columns.length === 1) {
      put(field, _own(record, map.columns[0] as string));
      continue;
    }
    const parts: string[] = [];
    for (const column of map.columns) {
      const value = _own(record, column);
      if (typeof value === "string" && value.trim() !== "") parts.push(value.trim());
      else if (typeof value === "number" && Number.isFinite(value)) parts.push(String(value));
    }
    if (parts.length > 0) put(field, parts.join(map.separator));
  }
  for (const custom of data.custom) put(custom.name, _own(record, custom.column));
  return out;
}
