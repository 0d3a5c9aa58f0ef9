import * as z from "zod/mini";
import { _createIssue } from "../errors/_createIssue.js";
import { _parseOptions } from "../errors/_parseOptions.js";
import type { Issue } from "../errors/issue.js";
import { _setOwn } from "../shared/_dict.js";
import { _checkHistory, _outranks, _recordedUpTo } from "./_history.js";
import { _iso, _readInstant } from "../shared/_time.js";
import { _timeInputSchema, _timeZoneSchema } from "../shared/_timeSchemas.js";
import type { HistoryEntry, ProfileHistory, ProfileSnapshot, SnapshotProvenance } from "./types.js";
import type { TimeInput } from "../shared/types.js";

/** Where on the two time axes to look. Omitted axes mean "latest". */
export interface ProfileAsOfQuery {
  /** What was true in the world at this time. Default: the latest known values. */
  readonly validAt?: TimeInput;
  /** What profile-kit knew at this time (later corrections and late data are left out). Default: everything recorded. */
  readonly recordedAt?: TimeInput;
  /** What the history said right after this version was recorded (instead of `recordedAt`). */
  readonly version?: number;
  /** IANA zone for zone-less times. Default `"UTC"`. */
  readonly timeZone?: string;
}

const querySchema = z.strictObject({
  validAt: z.optional(_timeInputSchema),
  recordedAt: z.optional(_timeInputSchema),
  version: z.optional(z.int().check(z.gte(0))),
  timeZone: z.optional(_timeZoneSchema),
}).check(z.refine((query) => query.version === undefined || query.recordedAt === undefined, "give recordedAt or version, not both"));

/**
 * Reconstructs a profile at a point on either time axis or both: `validAt` asks what was true in the world
 * then, `recordedAt` what profile-kit knew then. Of the versions recorded by `recordedAt`, each attribute
 * takes the one with the latest valid time not after `validAt`; a later-recorded version at the same valid
 * time is a correction and wins. Redacted values are listed, never returned; an erased profile returns
 * nothing. Bad query times are reported as issues (with an empty answer), never thrown. A history read back
 * from a store is validated entry by entry first; a corrupt one throws `invalid_options` saying what is
 * wrong (histories built by this library in the same process are known good and not checked again).
 *
 * @param history - a profile history
 * @param query - `validAt`, `recordedAt` (or `version`) and `timeZone`; empty for the latest state
 * @returns the attributes, where each came from, and issues
 * @example
 * ```ts
 * profileAsOf(history, { validAt: "2024-03-01T00:00:00Z" }).attributes.city;
 * profileAsOf(history, { validAt: "2024-03-01T00:00:00Z", recordedAt: "2024-03-02T00:00:00Z" });
 * ```
 */
export function profileAsOf(history: ProfileHistory, query: ProfileAsOfQuery = {}): ProfileSnapshot {
  const checked = _checkHistory("profileAsOf", history);
  const parsed = _parseOptions("profileAsOf", querySchema, query);
  const zone = parsed.timeZone ?? "UTC";
  const issues: Issue[] = [];
  const validAt = parsed.validAt === undefined ? Infinity : _readInstant(parsed.validAt, zone, ["validAt"], issues);
  const recordedAt = parsed.recordedAt === undefined ? Infinity : _readInstant(parsed.recordedAt, zone, ["recordedAt"], issues);
  if (validAt === null || recordedAt === null) return emptySnapshot(checked, false, issues);
  if (checked.erased !== null) {
    issues.push(_createIssue("profile_erased", [], {}));
    return emptySnapshot(checked, true, issues);
  }
  if (checked.retainedFrom !== null && (validAt < checked.retainedFrom || recordedAt < checked.retainedFrom)) {
    issues.push(_createIssue("outside_retention", [], { retainedFrom: _iso(checked.retainedFrom) }));
  }
  const entries = checked.entries;
  const end = parsed.version === undefined ? _recordedUpTo(entries, recordedAt) : upToVersion(entries, parsed.version);
  const winners = winnersAt(entries, end, validAt);

  const attributes: Record<string, unknown> = {};
  const provenance: Record<string, SnapshotProvenance> = {};
  const redacted: string[] = [];
  let version = 0;
  for (let i = 0; i < end; i++) {
    const entry = entries[i] as HistoryEntry;
    if (entry.validAt <= validAt && entry.version > version) version = entry.version;
  }
  for (const [attribute, entry] of winners) {
    if (entry.redacted === true) {
      redacted.push(attribute);
      continue;
    }
    if (entry.value === null) continue;
    // Own data properties whatever the name: no key read back from a store can reach a prototype.
    _setOwn(attributes, attribute, entry.value);
    _setOwn(provenance, attribute, { version: entry.version, source: entry.source, observedAt: _iso(entry.validAt), recordedAt: _iso(entry.recordedAt) } satisfies SnapshotProvenance);
  }
  return { profileId: checked.profileId, attributes, provenance, redacted, erased: false, version, issues };
}

/** Per attribute, the entry in force at `validAt` among the first `end` entries. */
function winnersAt(entries: readonly HistoryEntry[], end: number, validAt: number): Map<string, HistoryEntry> {
  const winners = new Map<string, HistoryEntry>();
  for (let i = 0; i < end; i++) {
    const entry = entries[i] as HistoryEntry;
    if (entry.validAt > validAt) continue;
    const current = winners.get(entry.attribute);
    if (current === undefined || _outranks(entry, current)) winners.set(entry.attribute, entry);
  }
  return winners;
}

function upToVersion(entries: readonly HistoryEntry[], version: number): number {
  let end = 0;
  while (end < entries.length && (entries[end] as HistoryEntry).version <= version) end++;
  return end;
}

function emptySnapshot(history: ProfileHistory, erased: boolean, issues: Issue[]): ProfileSnapshot {
  return { profileId: history.profileId, attributes: {}, provenance: {}, redacted: [], erased, version: 0, issues };
}
