import { generateCustomerRecords } from "./generateCustomerRecords.js";
import type { GenerateCustomerRecordsOptions, GeneratedCustomerRecord } from "./types.js";

/** A generated data set held in memory: the records, and the truth needed to score a resolution of them. */
export interface CustomerDataset {
  /** The records, without ground truth. */
  readonly records: GeneratedCustomerRecord[];
  /** The person behind each record: `entityIds[i]` belongs to `records[i]`. */
  readonly entityIds: string[];
  /** How many distinct people the records belong to. */
  readonly entityCount: number;
}

/**
 * Generates a data set in memory, for tests and benchmarks of moderate size (use
 * {@link generateCustomerRecords} or {@link generateCustomerNdjson} to stream larger ones).
 *
 * @param options - the generator's options
 * @returns records and their ground truth, index by index
 * @throws ProfileKitError `invalid_options` for options that cannot work
 * @example
 * ```ts
 * const { records, entityIds } = generateCustomerDataset({ entities: 10_000, seed: 42 });
 * ```
 */
export function generateCustomerDataset(options: GenerateCustomerRecordsOptions = {}): CustomerDataset {
  const records: GeneratedCustomerRecord[] = [];
  const entityIds: string[] = [];
  const entities = new Set<string>();
  for (const generated of generateCustomerRecords(options)) {
    records.push(generated.record);
    entityIds.push(generated.entityId);
    entities.add(generated.entityId);
  }
  return { records, entityIds, entityCount: entities.size };
}
