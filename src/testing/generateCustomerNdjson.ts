import { ProfileKitError } from "../errors/ProfileKitError.js";
import { generateCustomerRecords } from "./generateCustomerRecords.js";
import type { GenerateCustomerRecordsOptions } from "./types.js";

/** Options of {@link generateCustomerNdjson}. */
export interface GenerateCustomerNdjsonOptions extends GenerateCustomerRecordsOptions {
  /** Append the ground truth to each line as `entityId` (and `householdId`). Default true. */
  readonly includeTruth?: boolean;
}

/**
 * Generates customer records as NDJSON lines (each ending in `\n`), lazily, for streaming a data set of any
 * size to a file or a socket in constant memory. With `includeTruth` (the default) each line carries the
 * person's `entityId` and `householdId` after the record's own fields: drop them before resolving.
 *
 * @param options - the generator's options, plus `includeTruth`
 * @returns an iterator of lines
 * @throws ProfileKitError `invalid_options` for options that cannot work
 * @example
 * ```ts
 * import { createWriteStream } from "node:fs";
 * import { Readable } from "node:stream";
 * import { pipeline } from "node:stream/promises";
 * import { generateCustomerNdjson } from "profile-kit/testing";
 *
 * await pipeline(Readable.from(generateCustomerNdjson({ entities: 1_000_000 })), createWriteStream("customers.ndjson"));
 * ```
 */
export function generateCustomerNdjson(options: GenerateCustomerNdjsonOptions = {}): Generator<string> {
  let includeTruth: unknown;
  let generatorOptions: GenerateCustomerRecordsOptions;
  try {
    ({ includeTruth = true, ...generatorOptions } = options);
  } catch (error) {
    throw new ProfileKitError("invalid_options", "generateCustomerNdjson: the options object could not be read.", { cause: error });
  }
  if (typeof includeTruth !== "boolean") throw new ProfileKitError("invalid_options", "generateCustomerNdjson: invalid options. options.includeTruth: expected a boolean");
  const records = generateCustomerRecords(generatorOptions);
  return lines(records, includeTruth);
}

function* lines(records: ReturnType<typeof generateCustomerRecords>, includeTruth: boolean): Generator<string> {
  for (const { record, entityId, householdId } of records) {
    yield `${JSON.stringify(includeTruth ? { ...record, entityId, householdId } : record)}\n`;
  }
}
