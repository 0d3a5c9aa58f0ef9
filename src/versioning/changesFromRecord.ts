import { isProfileKitError } from "../errors/isProfileKitError.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own } from "../shared/_dict.js";
import { _mapRecord, _schemaOf } from "../shared/_schema.js";
import type { ChangeInput } from "./types.js";

/** Options of {@link changesFromRecord}. */
export interface ChangesFromRecordOptions {
  /**
   * The schema from `defineSchema` that says how the host's records read: their source and observation-time
   * columns, and which columns hold which fields (several joined into one). Without it, the record is read
   * in the standard vocabulary: `source`, `updatedAt`, every other own property but `id` an attribute.
   */
  readonly schema?: unknown;
}

const META = new Set(["id", "source", "updatedAt"]);

/**
 * Turns one source record into changes for {@link appendChanges}: one per field with a value, its valid time
 * the record's observation time and its source the record's source. For a history kept straight from one
 * system's rows (no merge in between) the schema says once where the time and source are, as it does for
 * cleanse, identity and merge. An empty string or a missing column is no change; `null` is one (the value
 * went away).
 *
 * @param record - a host record (through the schema) or a record in the standard vocabulary
 * @param options - `schema`
 * @returns one change per field with a value
 * @throws ProfileKitError `invalid_options` for a record that is not an object, or a value that is not a schema
 * @example
 * ```ts
 * const schema = defineSchema({ id: "customer_id", source: "system", observedAt: "modified", fields: { email: "Email", street: ["house_no", "street_line"] } });
 * const row = { customer_id: 7, system: "crm", modified: "2025-03-01T09:00:00Z", Email: "ann@example.com", house_no: "12", street_line: "High St" };
 * appendChanges(null, changesFromRecord(row, { schema }), { now: new Date(), profileId: "p-7" });
 * // versions: email "ann@example.com" and street "12 High St", valid from 2025-03-01, source crm
 * ```
 */
export function changesFromRecord(record: Readonly<Record<string, unknown>>, options: ChangesFromRecordOptions = {}): ChangeInput[] {
  try {
    if (typeof options !== "object" || (options as unknown) === null) throw invalid("options must be an object");
    const unknown = Object.keys(options).filter((key) => key !== "schema");
    if (unknown.length > 0) throw invalid(`unknown option ${JSON.stringify(unknown[0])} (expected schema)`);
    const schema = options.schema === undefined ? null : _schemaOf(options.schema);
    if (options.schema !== undefined && schema === null) throw invalid("options.schema must be a schema made by defineSchema");
    if (typeof record !== "object" || (record as unknown) === null || Array.isArray(record)) throw invalid("the record must be an object");
    const mapped = schema === null ? record : _mapRecord(schema, record);
    const source = _own(mapped, "source");
    const observed = _own(mapped, "updatedAt");
    const validAt = typeof observed === "string" || typeof observed === "number" || observed instanceof Date ? observed : null;
    const changes: ChangeInput[] = [];
    for (const attribute of Object.keys(mapped)) {
      if (META.has(attribute)) continue;
      const value = _own(mapped, attribute);
      if (value === undefined || (typeof value === "string" && value.trim() === "")) continue;
      changes.push({ attribute, value, validAt, source: typeof source === "string" && source.trim() !== "" ? source.trim() : typeof source === "number" ? String(source) : null });
    }
    return changes;
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    throw invalid("the record could not be read", error);
  }
}

function invalid(problem: string, cause?: unknown): ProfileKitError {
  return new ProfileKitError("invalid_options", `changesFromRecord: ${problem}.`, cause === undefined ? undefined : { cause });
}
