import type { ChangeInput } from "./types.js";

/** The parts of a golden profile (from `mergeRecords`) that versioning needs. */
export interface ProfileWithProvenance {
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly provenance: Readonly<Record<string, { readonly source: string | null; readonly observedAt: string | null }>>;
}

/**
 * Turns a golden profile from `mergeRecords` into changes for {@link appendChanges}: one per attribute, its
 * valid time the observation time of the record the value came from, its source that record's source.
 * Appending the changes of each new merge keeps the history; unchanged values are recognised as duplicates.
 *
 * @param profile - a golden profile
 * @returns one change per attribute with a value
 * @example
 * ```ts
 * const profile = mergeRecords(records);
 * appendChanges(history, changesFromProfile(profile), { now: new Date() });
 * ```
 */
export function changesFromProfile(profile: ProfileWithProvenance): ChangeInput[] {
  const changes: ChangeInput[] = [];
  for (const [attribute, value] of Object.entries(profile.attributes)) {
    if (value === undefined) continue;
    const provenance = profile.provenance[attribute];
    changes.push({ attribute, value, validAt: provenance?.observedAt ?? null, source: provenance?.source ?? null });
  }
  return changes;
}
