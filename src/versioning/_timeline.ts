import { _iso } from "../shared/_time.js";
import { _valueKey } from "./_values.js";
import type { TimelinePeriod } from "./attributeTimeline.js";
import type { HistoryEntry } from "./types.js";

/** The periods of `attribute` among the first `end` entries. @internal */
export function _timeline(entries: readonly HistoryEntry[], end: number, attribute: string): TimelinePeriod[] {
  const own: HistoryEntry[] = [];
  for (let i = 0; i < end; i++) {
    const entry = entries[i] as HistoryEntry;
    if (entry.attribute === attribute) own.push(entry);
  }
  return _periodsOf(own);
}

/** The periods of one attribute's entries (in any order; the list is sorted in place). @internal */
export function _periodsOf(own: HistoryEntry[]): TimelinePeriod[] {
  own.sort((a, b) => a.validAt - b.validAt || a.version - b.version);
  // At each valid time only the last-recorded version counts: it corrects the earlier ones.
  const decided: HistoryEntry[] = [];
  for (const entry of own) {
    const last = decided[decided.length - 1];
    if (last !== undefined && last.validAt === entry.validAt) decided[decided.length - 1] = entry;
    else decided.push(entry);
  }
  const periods: { -readonly [Key in keyof TimelinePeriod]: TimelinePeriod[Key] }[] = [];
  let lastKey: string | null = null;
  for (const entry of decided) {
    const redacted = entry.redacted === true;
    const key = redacted ? "\u0000redacted" : _valueKey(entry.value);
    if (key === lastKey) continue;
    lastKey = key;
    const last = periods[periods.length - 1];
    if (last !== undefined) last.validTo = _iso(entry.validAt);
    periods.push({ value: redacted ? null : entry.value, validFrom: _iso(entry.validAt), validTo: null, source: entry.source, version: entry.version, recordedAt: _iso(entry.recordedAt), redacted });
  }
  return periods;
}
