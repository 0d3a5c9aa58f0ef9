const OPT_OUT_WORDS = /^(?:false|no|n|0|opted[ _-]?out|opt[ _-]?out|unsubscribed|denied|declined|revoked|withdrawn)$/i;
// One word of a name holding the refusal or the consent run together (optout, optedOut's "optedout" when
// written in one case, emailoptin), but not "adopt…" (adoptOutcome, adoptingPets).
const OPT_OUT_WORD = /(?<!d)opt(?:ed)?out/;
const OPT_IN_WORD = /(?<!d)opt(?:ed)?ins?$/;

/** The words of an attribute name: camelCase, PascalCase, snake_case, kebab-case and spaced, lower-cased. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .filter((word) => word !== "");
}

/** Whether the words say "opt out" / "opted out" (the second word `part`), apart or run together. */
function saysOpt(words: readonly string[], part: "in" | "out"): boolean {
  const joined = part === "out" ? OPT_OUT_WORD : OPT_IN_WORD;
  return words.some((word, k) => ((word === "opt" || word === "opted") && words[k + 1] === part) || joined.test(word));
}

/**
 * Whether an attribute's name is itself the refusal (`unsubscribed`, `optedOut`, `opted_out`,
 * `emailOptedOutAt`): its value says no unless it is an explicit no.
 *
 * @internal
 */
export function _isRefusalAttribute(name: string): boolean {
  // The send path asks for every consent attribute of every profile: names are read once.
  let refusal = REFUSAL_NAMES.get(name);
  if (refusal === undefined) {
    const words = nameWords(name);
    refusal = words.some((word) => word.startsWith("unsub")) || saysOpt(words, "out");
    if (REFUSAL_NAMES.size < 10_000 && name.length <= 64) REFUSAL_NAMES.set(name, refusal);
  }
  return refusal;
}

// Attribute names already read (a pure function's answers; bounded in count and length, as names come
// from data).
const REFUSAL_NAMES = new Map<string, boolean>();

/**
 * Whether an attribute's name holds consent (emailOptIn, optedIn, marketingConsent, subscribed,
 * unsubscribed, optedOut, opted_out): merged with the conservative consent strategy, and read for the send
 * decision when no consent path is configured. Names are read word by word, so `adoptOutcome` and
 * `adoptingPets` are not consent.
 *
 * @internal
 */
export function _isConsentAttribute(name: string): boolean {
  const words = nameWords(name);
  return _isRefusalAttribute(name) || saysOpt(words, "in") || words.some((word) => word.includes("consent") || word.includes("subscri"));
}

/**
 * Whether a consent value says no. `false`, `0`, "no", "opted_out", "unsubscribed", "denied", "revoked"…
 * say no; for an attribute whose name is itself the refusal (`unsubscribed`, `optedOut`), any value
 * but those does.
 * One reading for merge/ (which consent survives) and fallback/ (whether a slot may use a value).
 *
 * @internal
 */
export function _isOptOut(value: unknown, attribute: string): boolean {
  // A missing value says nothing either way.
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) return false;
  const no = value === false || value === 0 || (typeof value === "string" && OPT_OUT_WORDS.test(value.trim()));
  // An attribute named for the refusal (`unsubscribed: true`, `optedOutAt: "2024-03-01"`) says no with
  // anything but an explicit no.
  return _isRefusalAttribute(attribute) ? !no : no;
}
