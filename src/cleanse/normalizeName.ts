import { _parseName } from "./_names.js";
import { _nicknameIndex } from "./_nicknames.js";
import { _checkOptionKeys, _choiceOption, _NO_PATH, _pathOption, _unreadableOptions, type _KeyList } from "../errors/_checkOptions.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import type { FieldStatus } from "../shared/types.js";

/** Which part of a name a value holds. */
export type NamePart = "first" | "last" | "full";

/** Options of {@link normalizeName}. */
export interface NormalizeNameOptions {
  /** What the value is: a first name, a last name or a full name (default `"full"`). */
  readonly part?: NamePart;
  /** Where the value sits, for issue paths. Default `[]`. */
  readonly path?: IssuePath;
}

/** A standardised name. */
export interface NormalizedName {
  /** The name in display form ("O'Brien", "van der Berg", "John Smith"), without honorific or suffix. Null when missing or unusable. */
  readonly value: string | null;
  /** Exactly what came in. */
  readonly original: unknown;
  /** `valid` (already standard), `fixed` (standardised), `invalid` or `missing`. */
  readonly status: FieldStatus;
  /** The problems found; messages never contain the name. */
  readonly issues: readonly Issue[];
  /** Given name (for `part: "first"`, the value itself). */
  readonly firstName: string | null;
  /** Middle names or initials, from a full name. */
  readonly middleName: string | null;
  /** Family name (for `part: "last"`, the value itself). */
  readonly lastName: string | null;
  /** Honorific found before the name ("Dr.", "Mrs."). */
  readonly honorific: string | null;
  /** Generational or professional suffixes found after it ("Jr.", "III", "PhD"; several joined: "Jr., MD"). */
  readonly suffix: string | null;
  /** A nickname written in quotes or brackets inside the name (James (Jimmy) Drew → "Jimmy"): the person's own choice, for a greeting. */
  readonly nickname: string | null;
  /** Accent-folded, lower-case letters only ("García López" → "garcialopez"): for matching, never display. */
  readonly matchKey: string | null;
  /** For first names: this name and the names it is a nickname of or for (bob → bob, rob, robert…), folded. */
  readonly nicknameKeys: readonly string[];
  /** The name is a placeholder ("Test", "N/A", "Guest") — then `value` is null. */
  readonly placeholder: boolean;
}

const NAME_OPTIONS: _KeyList<NormalizeNameOptions, ["part", "path"]> = ["part", "path"];
/** @internal */
export const _NAME_PARTS: readonly NamePart[] = ["first", "last", "full"];

/**
 * Standardises a name: Unicode NFC, whitespace, and case that respects particles and prefixes (McDonald,
 * O'Brien, van der Berg, de la Cruz, García López) where the source shouted or whispered it; honorifics and
 * suffixes separated (Dr., Jr., III); a full name split into first, middle and last name; an accent-folded
 * matching key; and, for first names, the nickname group (Bob ↔ Robert) from a public nickname table.
 * Words a source already wrote in mixed case are kept as written. Idempotent: the display value reads back
 * as itself. Never throws on a value.
 *
 * @param value - any JSON value
 * @param options - which `part` the value is, and `path` for issues (undefined: a full name, path `[]`)
 * @returns the display name, its parts, the original, a status, issues and matching keys
 * @throws ProfileKitError `invalid_options` for options of the wrong type or an unknown option key
 * @example
 * ```ts
 * normalizeName("DR. JOHN O'BRIEN JR.").lastName; // "O'Brien" (honorific "Dr.", suffix "Jr.")
 * normalizeName("bob", { part: "first" }).nicknameKeys; // ["bob", "bobby", "rob", "robert"]
 * ```
 */
export function normalizeName(value: unknown, options?: NormalizeNameOptions): NormalizedName {
  let path = _NO_PATH;
  let part: NamePart = "full";
  if (options !== undefined) {
    try {
      _checkOptionKeys("normalizeName", options, NAME_OPTIONS);
      path = _pathOption("normalizeName", options.path);
      part = _choiceOption("normalizeName", "part", options.part, _NAME_PARTS, "full");
    } catch (error) {
      throw _unreadableOptions("normalizeName", error);
    }
  }
  return _parseName(value, part, path, nicknameKeysOf);
}

/**
 * A first name's match keys (lower-case ASCII): the name, then its nickname group from the public table.
 * The lists of names in the table are made once and shared (frozen), so a batch keeps one per name.
 */
function nicknameKeysOf(name: string): readonly string[] {
  const group = _nicknameIndex().get(name);
  if (group === undefined) return [name];
  let keys = keyLists.get(name);
  if (keys === undefined) keyLists.set(name, (keys = Object.freeze([name, ...group])));
  return keys;
}

/** Bounded by the nickname table: only its names are kept. */
const keyLists = new Map<string, readonly string[]>();

