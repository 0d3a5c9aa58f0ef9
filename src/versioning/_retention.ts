import * as z from "zod/mini";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { Issue } from "../errors/issue.js";
import { _outranks, _withHistory } from "./_history.js";
import { _readInstant } from "../shared/_time.js";
import { _timeInputSchema } from "../shared/_timeSchemas.js";
import type { HistoryEntry, ProfileHistory, RetentionPolicy } from "./types.js";

/** @internal */
export const _retentionSchema: z.ZodMiniType<RetentionPolicy> = z.strictObject({
    keepVersions: z.optional(z.int().check(z.gte(1))),
    keepAfter: z.optional(_timeInputSchema),
  }).check(z.refine((policy) => policy.keepVersions !== undefined || policy.keepAfter !== undefined, "give keepVersions, keepAfter or both"));

/**
 * Drops the versions a retention policy does not keep. The window it keeps starts at a cutoff: `keepAfter`,
 * or the recorded time of the last `keepVersions`-th version (with both, the earlier of the two, so both
 * are kept). Every version recorded at or after the cutoff stays, and of the older ones each attribute keeps
 * the one in force at the cutoff, so every as-of answer with both times at or after the cutoff is unchanged.
 * `history` must be one versioning/ built (sealed): the result is sealed too.
 *
 * @internal
 */
export function _applyRetention(history: ProfileHistory, policy: RetentionPolicy, zone: string, issues: Issue[]): { history: ProfileHistory; dropped: number } {
  const entries = history.entries;
  let cutoff = Infinity;
  if (policy.keepAfter !== undefined) {
    const read = _readInstant(policy.keepAfter, zone, ["retention", "keepAfter"], issues);
    if (read === null) throw new ProfileKitError("invalid_options", "retention.keepAfter is not a usable time.", { cause: issues });
    cutoff = read;
  }
  if (policy.keepVersions !== undefined) {
    const nth = entries[entries.length - policy.keepVersions];
    cutoff = Math.min(cutoff, nth === undefined ? -Infinity : nth.recordedAt);
  }
  if (history.retainedFrom !== null && cutoff <= history.retainedFrom) return { history, dropped: 0 };
  if (entries.length === 0 || (entries[0] as HistoryEntry).recordedAt >= cutoff) {
    return { history: Number.isFinite(cutoff) ? _withHistory(history, { retainedFrom: cutoff }) : history, dropped: 0 };
  }

  // The entry in force at the cutoff, per attribute, among those recorded before it.
  const base = new Map<string, HistoryEntry>();
  for (const entry of entries) {
    if (entry.recordedAt >= cutoff) break;
    if (entry.validAt > cutoff) continue;
    const current = base.get(entry.attribute);
    if (current === undefined || _outranks(entry, current)) base.set(entry.attribute, entry);
  }
  const kept = entries.filter((entry) => entry.recordedAt >= cutoff || entry.validAt > cutoff || base.get(entry.attribute) === entry);
  return { history: _withHistory(history, { entries: kept, retainedFrom: cutoff }), dropped: entries.length - kept.length };
}
