import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own } from "./_dict.js";

/**
 * Throws `invalid_options` when `records` holds results of `cleanseRecord` (wrappers with `record`,
 * `fields` and `issues`) instead of records: passed on as they are, their ids would be missing and a
 * merge would make attributes named `fields` and `issues` — a silently wrong answer.
 *
 * @internal
 */
export function _refuseCleansedResults(functionName: string, records: readonly unknown[]): void {
  const first: unknown = records[0];
  if (typeof first !== "object" || first === null) return;
  const record = _own(first, "record");
  const fields = _own(first, "fields");
  if (typeof record === "object" && record !== null && typeof fields === "object" && fields !== null && Array.isArray(_own(first, "issues"))) {
    throw new ProfileKitError(
      "invalid_options",
      `${functionName}: these are cleanseRecord results, not records. Pass cleanseRecords(...).records (the cleansed records themselves), or result.record for one result.`,
    );
  }
}
