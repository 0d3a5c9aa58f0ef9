import { _parseName } from "./_names.js";
import { _checkOptionKeys, _choiceOption, _NO_PATH, _unreadableOptions, type _KeyList } from "../errors/_checkOptions.js";
import type { DisplayNameOptions } from "./displayName.js";
import type { NamePart } from "./normalizeName.js";

const OPTIONS: _KeyList<DisplayNameOptions, ["part"]> = ["part"];
const PARTS: readonly NamePart[] = ["first", "last", "full"];
// Stryker disable next-line ArrayDeclaration: isPlaceholderName reads only the placeholder flag, never nicknameKeys, the only thing this function feeds.
const NO_NICKNAMES = (name: string): readonly string[] => [name];

/**
 * Whether a value is a placeholder where a name belongs ("Test", "N/A", "Guest", "Dr. X"), never a
 * person's name: what `normalizeName` reports as `placeholder`, without building the matching keys.
 *
 * @param value - any JSON value
 * @param options - which `part` of a name the value is
 * @returns true for a placeholder
 * @throws ProfileKitError `invalid_options` for options of the wrong type or an unknown option key
 * @example
 * ```ts
 * isPlaceholderName("TEST"); // true
 * isPlaceholderName("Tess"); // false
 * ```
 */
export function isPlaceholderName(value: unknown, options?: DisplayNameOptions): boolean {
  let part: NamePart = "full";
  if (options !== undefined) {
    try {
      _checkOptionKeys("isPlaceholderName", options, OPTIONS);
      part = _choiceOption("isPlaceholderName", "part", options.part, PARTS, "full");
    } catch (error) {
      throw _unreadableOptions("isPlaceholderName", error);
    }
  }
  return _parseName(value, part, _NO_PATH, NO_NICKNAMES).placeholder;
}
