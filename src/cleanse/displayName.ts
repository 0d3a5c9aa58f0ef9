import { _caseWord, _parseName, _PLACEHOLDERS, _SIMPLE_WORD, _titleOnly } from "./_names.js";
import { _checkOptionKeys, _choiceOption, _NO_PATH, _unreadableOptions, type _KeyList } from "../errors/_checkOptions.js";
import type { NamePart } from "./normalizeName.js";

const DISPLAY_OPTIONS: _KeyList<DisplayNameOptions, ["part"]> = ["part"];
const PARTS: readonly NamePart[] = ["first", "last", "full"];
// Stryker disable next-line ArrayDeclaration: displayName reads only the parsed value, never nicknameKeys, the only thing this function feeds.
const NO_NICKNAMES = (name: string): readonly string[] => [name];

/** Options of {@link displayName}. */
export interface DisplayNameOptions {
  /** What the value is: a first name, a last name or a full name (default `"full"`). */
  readonly part?: NamePart;
}

/**
 * The display form of a name — what `normalizeName` gives as `value` — without the matching keys and
 * issues it also builds: for greetings and templates, where names are shown, not matched. Null when the
 * value is not a usable name (missing, a placeholder such as "Test", digits only…). Never throws on a value.
 *
 * @param value - any JSON value
 * @param options - which `part` of a name the value is
 * @returns the name as it should be shown, or null
 * @throws ProfileKitError `invalid_options` for options of the wrong type or an unknown option key
 * @example
 * ```ts
 * displayName("MARY-KATE O'NEILL"); // "Mary-Kate O'Neill"
 * displayName("test", { part: "first" }); // null
 * ```
 */
export function displayName(value: unknown, options?: DisplayNameOptions): string | null {
  let part: NamePart = "full";
  if (options !== undefined) {
    try {
      _checkOptionKeys("displayName", options, DISPLAY_OPTIONS);
      part = _choiceOption("displayName", "part", options.part, PARTS, "full");
    } catch (error) {
      throw _unreadableOptions("displayName", error);
    }
  }
  if (typeof value === "string" && _SIMPLE_WORD.test(value) && !(part === "first" && _titleOnly(value) !== null)) return _PLACEHOLDERS.has(value.toLowerCase()) ? null : _caseWord(value);
  return _parseName(value, part, _NO_PATH, NO_NICKNAMES).value;
}

