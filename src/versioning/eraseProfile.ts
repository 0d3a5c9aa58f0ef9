import * as z from "zod/mini";
import { _parseOptions } from "../errors/_parseOptions.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { _own } from "../shared/_dict.js";
import { _jsonProblem, _jsonProblemText } from "../shared/_jsonValue.js";
import { _checkHistory, _ownedHistory, _sealHistory, _withHistory } from "./_history.js";
import { _readInstant } from "../shared/_time.js";
import { _timeInputSchema } from "../shared/_timeSchemas.js";
import type { ProfileHistory } from "./types.js";
import type { TimeInput } from "../shared/types.js";

/** Options of {@link eraseProfile}, {@link redactAttribute} and {@link redactValues}. */
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
  // A removal (null) holds no value to hide: it stays a removal, as redactValues leaves it, so it never
  // reads as a redacted value afterwards (countEvents would count it as an event).
  const entries = checked.entries.map((entry) =>
    entry.attribute === attribute && entry.value !== null ? Object.freeze({ version: entry.version, attribute, value: null, validAt: entry.validAt, recordedAt: entry.recordedAt, source: entry.source, redacted: true as const }) : entry,
  );
  return _withHistory(checked, { entries, redactions: [...checked.redactions, Object.freeze({ attribute, at })] });
}

/**
 * Redacts the versions that hold one of the given values of an attribute, wherever they are in the
 * history: what one person gave to a profile they no longer belong to (a record that was merged in by
 * mistake and split off later), when that person asks to be forgotten. The other versions of the attribute
 * stay; each redacted one keeps when and where it was recorded but loses its value, and an attribute
 * redacted this way is listed in `redactions`. Values are compared as JSON (`"+14155550100"` is not
 * `14155550100`).
 *
 * @param history - a profile history
 * @param values - per attribute, the values to redact, e.g. `{ phone: ["+14155550100"] }`
 * @param options - `now`
 * @returns the redacted history (the same object when no version holds such a value)
 * @example
 * ```ts
 * const scrubbed = redactValues(history, { phone: ["+14155550100"], city: ["Boston"] }, { now: new Date() });
 * ```
 */
export function redactValues(history: ProfileHistory, values: Readonly<Record<string, readonly unknown[]>>, options: EraseOptions): ProfileHistory {
  const checked = _ownedHistory("redactValues", history);
  const wanted = new Map<string, Set<string>>();
  try {
    if (typeof values !== "object" || (values as unknown) === null || Array.isArray(values)) throw new ProfileKitError("invalid_options", "redactValues: values must be an object of attribute names to arrays of values.");
    for (const attribute of Object.keys(values)) {
      if (_UNSAFE_KEYS.has(attribute)) throw new ProfileKitError("invalid_options", `redactValues: "${attribute}" is not an attribute name profile-kit records.`);
      const list = _own(values, attribute);
      if (!Array.isArray(list)) throw new ProfileKitError("invalid_options", `redactValues: values.${attribute} must be an array of values.`);
      const texts = new Set<string>();
      for (let i = 0; i < list.length; i++) {
        const value: unknown = list[i];
        const problem = _jsonProblem(value ?? null);
        if (problem !== null) throw new ProfileKitError("invalid_options", `redactValues: values.${attribute}[${i}] is not JSON data; ${_jsonProblemText(problem)}.`);
        texts.add(JSON.stringify(value ?? null));
      }
      wanted.set(attribute, texts);
    }
  } catch (error) {
    if (error instanceof ProfileKitError) throw error;
    throw new ProfileKitError("invalid_options", "redactValues: values could not be read (a getter or Proxy threw).", { cause: error });
  }
  const at = readNow("redactValues", options);
  const touched = new Set<string>();
  const entries = checked.entries.map((entry) => {
    if (entry.redacted === true || entry.value === null || wanted.get(entry.attribute)?.has(JSON.stringify(entry.value)) !== true) return entry;
    touched.add(entry.attribute);
    return Object.freeze({ version: entry.version, attribute: entry.attribute, value: null, validAt: entry.validAt, recordedAt: entry.recordedAt, source: entry.source, redacted: true as const });
  });
  if (touched.size === 0) return checked;
  return _withHistory(checked, { entries, redactions: [...checked.redactions, ...[...touched].sort().map((attribute) => Object.freeze({ attribute, at }))] });
}

function readNow(functionName: string, options: EraseOptions): number {
  const parsed = _parseOptions(functionName, optionsSchema, options);
  const now = _readInstant(parsed.now, "UTC", ["now"], []);
  if (now === null) throw new ProfileKitError("invalid_options", `${functionName}: options.now is not a usable time.`);
  return now;
}
