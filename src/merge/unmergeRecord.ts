import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own } from "../shared/_dict.js";
import { mergeRecords } from "./mergeRecords.js";
import type { GoldenProfile, MergeRecordsOptions } from "./types.js";

/** The result of {@link unmergeRecord}. */
export interface UnmergeResult {
  /** The profile of the remaining records: exactly as if the record had never been there. */
  readonly remaining: GoldenProfile;
  /** A profile of the split-off record alone. */
  readonly separated: GoldenProfile;
}

/**
 * Splits one record out of a profile: the remaining records are merged again from scratch, so nothing the
 * record contributed survives, and the record gets a profile of its own. Pair it with a cannot-link
 * assertion in `resolveIdentities` so the split survives every later resolution.
 *
 * @param records - the profile's records
 * @param recordId - the record to split out
 * @param options - as for {@link mergeRecords} (the policy, field names, `now`), except `profileId`
 * @returns the remaining profile and the separated one
 * @throws ProfileKitError `invalid_options` when `recordId` is not among the records, or for an invalid policy
 * @example
 * ```ts
 * const { remaining, separated } = unmergeRecord(records, "web-7");
 * ```
 */
export function unmergeRecord(
  records: readonly Readonly<Record<string, unknown>>[],
  recordId: string,
  options: Omit<MergeRecordsOptions, "profileId"> = {},
): UnmergeResult {
  const idField = typeof options === "object" && (options as unknown) !== null && typeof options.idField === "string" ? options.idField : "id";
  if (!Array.isArray(records)) throw new ProfileKitError("invalid_options", "unmergeRecord: records must be an array of records.");
  const idOf = (record: unknown): string | null => {
    if (typeof record !== "object" || record === null) return null;
    const id = _own(record, idField);
    return typeof id === "string" ? id : typeof id === "number" ? String(id) : null;
  };
  const separated = records.filter((record) => idOf(record) === recordId);
  if (separated.length === 0) throw new ProfileKitError("invalid_options", "unmergeRecord: the record id is not among the records.");
  return {
    remaining: mergeRecords(records.filter((record) => idOf(record) !== recordId), options),
    separated: mergeRecords(separated, options),
  };
}
