import type { GoldenProfile } from "../merge/types.js";
import { changesFromProfile } from "../versioning/changesFromProfile.js";
import type { ChangeInput, HistoryEntry, ProfileHistory } from "../versioning/types.js";

/**
 * The changes that bring a profile's history in line with its golden attributes now: one per attribute
 * with a value, and corrections of what the history still holds at later valid times — a value that came
 * from records that left the profile (a split, a move) or that survivorship no longer picks. A correction
 * is recorded at the valid time of the entry it overrides, so the history's latest belief at every valid
 * time is the golden profile's: `profileAsOf` then never shows a value of another person.
 *
 * @internal
 */
export function _historyChanges(history: ProfileHistory | null, golden: Pick<GoldenProfile, "attributes" | "provenance">, at: number): ChangeInput[] {
  const validTime = (change: ChangeInput): number => (typeof change.validAt === "number" ? change.validAt : typeof change.validAt === "string" ? Date.parse(change.validAt) : change.validAt instanceof Date ? change.validAt.getTime() : at);
  // A value observed after the engine's clock (a source's clock ahead of ours) is valid from now in the
  // history: a history holds no time that has not come yet, and the value must not be left out of it.
  const changes = changesFromProfile({ attributes: golden.attributes, provenance: golden.provenance }).map((change) => (validTime(change) > at ? { ...change, validAt: at } : change));
  if (history === null) return changes;
  const validFrom = new Map<string, { value: unknown; validAt: number; source: string | null }>();
  for (const change of changes) validFrom.set(change.attribute, { value: change.value, validAt: validTime(change), source: typeof change.source === "string" ? change.source : null });
  // The latest belief at each valid time of each attribute (the entry with the highest version there).
  const latest = new Map<string, Map<number, HistoryEntry>>();
  for (const entry of history.entries) {
    let byTime = latest.get(entry.attribute);
    if (byTime === undefined) {
      byTime = new Map<number, HistoryEntry>();
      latest.set(entry.attribute, byTime);
    }
    const current = byTime.get(entry.validAt);
    if (current === undefined || entry.version > current.version) byTime.set(entry.validAt, entry);
  }
  const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);
  const corrections: ChangeInput[] = [];
  for (const [attribute, byTime] of latest) {
    const now = validFrom.get(attribute);
    // No value now: every earlier belief is withdrawn; otherwise only those valid after the value's time.
    const from = now === undefined ? Number.NEGATIVE_INFINITY : Number.isFinite(now.validAt) ? now.validAt : at;
    const value = now === undefined ? null : now.value;
    for (const [validAt, entry] of [...byTime].sort((a, b) => a[0] - b[0])) {
      if (validAt <= from || entry.redacted === true || same(entry.value, value)) continue;
      corrections.push({ attribute, value, validAt, source: now?.source ?? null });
    }
  }
  return corrections.length === 0 ? changes : [...changes, ...corrections];
}
