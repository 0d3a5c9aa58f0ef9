import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { HistoryEntry, ProfileHistory } from "./types.js";

/** A new, empty history. @internal */
export function _emptyHistory(profileId: string): ProfileHistory {
  return { format: "profile-kit/history@1", profileId, entries: [], lastVersion: 0, retainedFrom: null, redactions: [], erased: null };
}

/**
 * Throws `invalid_options` unless `value` has the shape of a history. A history comes from a store, so a
 * wrong one is a wiring mistake, not customer data; the check is shallow to keep queries fast.
 *
 * @internal
 */
export function _checkHistory(functionName: string, value: unknown): ProfileHistory {
  const history = value as Partial<ProfileHistory> | null;
  if (
    typeof history !== "object" ||
    history === null ||
    history.format !== "profile-kit/history@1" ||
    typeof history.profileId !== "string" ||
    !Array.isArray(history.entries) ||
    typeof history.lastVersion !== "number"
  ) {
    throw new ProfileKitError("invalid_options", `${functionName}: expected a profile history (format "profile-kit/history@1"), as appendChanges returns it.`);
  }
  return history as ProfileHistory;
}

/** True when `a` decides the attribute over `b` at any time both apply: later valid time, then later version. @internal */
export function _outranks(a: HistoryEntry, b: HistoryEntry): boolean {
  return a.validAt > b.validAt || (a.validAt === b.validAt && a.version > b.version);
}

/** Index one past the last entry recorded at or before `recordedAt` (entries are in recorded order). @internal */
export function _recordedUpTo(entries: readonly HistoryEntry[], recordedAt: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((entries[mid] as HistoryEntry).recordedAt <= recordedAt) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A text that is equal for equal JSON values, whatever the key order of objects. @internal */
export function _valueKey(value: unknown): string {
  if (value === null || typeof value !== "object") return typeof value === "string" ? `s${value}` : `p${String(value)}`;
  return `j${JSON.stringify(sortKeys(value))}`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
