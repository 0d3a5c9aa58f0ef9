import * as z from "zod/mini";
import { _parseOptions } from "../errors/_parseOptions.js";
import { _ownedHistory } from "./_history.js";
import { _applyRetention, _retentionSchema } from "./_retention.js";
import { _timeZoneSchema } from "../shared/_timeSchemas.js";
import type { ProfileHistory, RetentionPolicy } from "./types.js";

/** Options of {@link applyRetention}. */
export interface ApplyRetentionOptions {
  /** IANA zone for a zone-less `keepAfter`. Default `"UTC"`. */
  readonly timeZone?: string;
}

/** The result of {@link applyRetention}. */
export interface ApplyRetentionResult {
  readonly history: ProfileHistory;
  /** How many versions were dropped. */
  readonly dropped: number;
}

const optionsSchema = z.strictObject({ timeZone: z.optional(_timeZoneSchema) });

/**
 * Keeps the last N versions or the versions newer than a cutoff, without changing any as-of answer inside
 * the kept window: of the older versions, each attribute keeps the one in force when the window starts, so
 * a history holds at most about N versions plus one per attribute. Queries that reach before the window get
 * an `outside_retention` issue. Pass `retention` to {@link appendChanges} to apply it on every append.
 *
 * @param history - a profile history
 * @param policy - `keepVersions`, `keepAfter` or both (then both windows are kept)
 * @param options - `timeZone`
 * @returns the smaller history and how many versions were dropped
 * @example
 * ```ts
 * const { history: kept, dropped } = applyRetention(history, { keepVersions: 100 });
 * ```
 */
export function applyRetention(history: ProfileHistory, policy: RetentionPolicy, options: ApplyRetentionOptions = {}): ApplyRetentionResult {
  const parsedPolicy = _parseOptions("applyRetention", _retentionSchema, policy);
  const parsed = _parseOptions("applyRetention", optionsSchema, options);
  return _applyRetention(_ownedHistory("applyRetention", history), parsedPolicy, parsed.timeZone ?? "UTC", []);
}
