const OPT_OUT_WORDS = /^(?:false|no|n|0|opted[ _-]?out|opt[ _-]?out|unsubscribed|denied|declined|revoked|withdrawn)$/i;
const INVERTED_ATTRIBUTE = /unsub|opt.?out/i;

/**
 * Attribute names that hold consent (emailOptIn, marketingConsent, subscribed, unsubscribed, optedOut):
 * merged with the conservative consent strategy, and read for the send decision when no consent path is
 * configured.
 *
 * @internal
 */
export const _CONSENT_ATTRIBUTE: RegExp = /opt.?in|opt.?out|consent|subscri/i;

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
  return INVERTED_ATTRIBUTE.test(attribute) ? !no : no;
}
