import * as z from "zod/mini";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { _checkHistory, _ownedHistory, _sealHistory, _withHistory } from "./_history.js";
import { _readInstant } from "../shared/_time.js";
import { _timeInputSchema } from "../shared/_timeSchemas.js";
import type { ProfileHistory } from "./types.js";
import type { TimeInput } from "../shared/types.js";

/** Options of {@link eraseProfile} and {@link redactAttribute}. */
export interface EraseOptions {
  /** When the erasure happens (kept in the tombstone). Required. */
  readonly now: TimeInput;
}

const optionsSchema = z.strictObject({ now: _timeInputSchema });

/**
 * Erases a person (right to be forgotten): every version of every attribute goes, leaving a tombstone with
 * the profile id, when, and how many versions were erased — no personal data. Afterwards no query returns
 * a value and `appendChanges` refuses new changes with a `profile_erased` issue, so a late-arriving event
 * cannot bring the person back; start a new history if they return as a new customer.
 *
 * @param history - a profile history
 * @param options - `now`
 * @returns the erased history
 * @example
 * ```ts
 * const erased = eraseProfile(history, { now: new Date() });
 * profileAsOf(erased).attributes; // {}
 * ```
 */
export function eraseProfile(history: ProfileHistory, options: EraseOptions): ProfileHistory {
  const checked = _checkHistory("eraseProfile", history);
  const erasedAt = readNow("eraseProfile", options);
  if (checked.erased !== null) return checked;
  return _sealHistory({
    format: checked.format,
    profileId: checked.profileId,
    entries: [],
    lastVersion: checked.lastVersion,
    retainedFrom: null,
    redactions: [],
    erased: { erasedAt, versionsErased: checked.entries.length },
  });
}

/**
 * Redacts one attribute across the whole history: every version keeps when and where it was recorded but
 * loses its value, and queries list the attribute as `redacted` instead of returning it. Values recorded
 * later are kept as usual.
 *
 * @param history - a profile history
 * @param attribute - the attribute to redact, e.g. `"dateOfBirth"`
 * @param options - `now`
 * @returns the redacted history
 * @example
 * ```ts
 * const redacted = redactAttribute(history, "phone", { now: new Date() });
 * profileAsOf(redacted).redacted; // ["phone"]
 * ```
 */
export function redactAttribute(history: ProfileHistory, attribute: string, options: EraseOptions): ProfileHistory {
  const checked = _ownedHistory("redactAttribute", history);
  if (typeof attribute !== "string" || attribute.length === 0) throw new ProfileKitError("invalid_options", "redactAttribute: attribute must be a non-empty attribute name.");
  // No history holds such a name (appendChanges refuses it), and a stored one must not list it either.
  if (_UNSAFE_KEYS.has(attribute)) throw new ProfileKitError("invalid_options", `redactAttribute: "${attribute}" is not an attribute name profile-kit records.`);
  const at = readNow("redactAttribute", options);
  const entries = checked.entries.map((entry) =>
    entry.attribute === attribute ? Object.freeze({ version: entry.version, attribute, value: null, validAt: entry.validAt, recordedAt: entry.recordedAt, source: entry.source, redacted: true as const }) : entry,
  );
  return _withHistory(checked, { entries, redactions: [...checked.redactions, Object.freeze({ attribute, at })] });
}

function readNow(functionName: string, options: EraseOptions): number {
  const parsed = _parseOptions(functionName, optionsSchema, options);
  const now = _readInstant(parsed.now, "UTC", ["now"], []);
  if (now === null) throw new ProfileKitError("invalid_options", `${functionName}: options.now is not a usable time.`);
  return now;
}
