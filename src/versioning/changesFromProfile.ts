import { isProfileKitError } from "../errors/isProfileKitError.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own } from "../shared/_dict.js";
import type { ChangeInput } from "./types.js";
import type { ProfileView } from "../shared/types.js";


/**
 * Turns a golden profile from `mergeRecords` into changes for {@link appendChanges}: one per attribute, its
 * valid time the observation time of the record the value came from, its source that record's source.
 * Appending the changes of each new merge keeps the history; unchanged values are recognised as duplicates.
 * Only own properties are read (an attribute named `constructor` finds no provenance on a prototype); the
 * values are passed on as they are, and {@link appendChanges} reports any it cannot record.
 *
 * @param profile - a golden profile
 * @returns one change per attribute with a value
 * @throws ProfileKitError `invalid_options` when the profile has no readable `attributes` object
 * @example
 * ```ts
 * const profile = mergeRecords(records);
 * appendChanges(history, changesFromProfile(profile), { now: new Date() });
 * ```
 */
export function changesFromProfile(profile: ProfileView): ChangeInput[] {
  try {
    const attributes: unknown = typeof profile === "object" && (profile as unknown) !== null ? profile.attributes : undefined;
    if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) throw invalid("profile.attributes must be an object");
    const provenance: unknown = profile.provenance;
    const changes: ChangeInput[] = [];
    for (const attribute of Object.keys(attributes)) {
      const value = _own(attributes, attribute);
      if (value === undefined) continue;
      const origin = typeof provenance === "object" && provenance !== null ? _own(provenance, attribute) : undefined;
      const { observedAt, source } = typeof origin === "object" && origin !== null ? (origin as Partial<Record<"observedAt" | "source", unknown>>) : {};
      changes.push({ attribute, value, validAt: (observedAt ?? null) as ChangeInput["validAt"], source: (source ?? null) as ChangeInput["source"] });
    }
    return changes;
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    // A getter or proxy trap threw.
    throw invalid("the profile could not be read", error);
  }
}

function invalid(problem: string, cause?: unknown): ProfileKitError {
  return new ProfileKitError("invalid_options", `changesFromProfile: ${problem}.`, cause === undefined ? undefined : { cause });
}
