

/** Why a value was not used. */
export type FallbackReason = "missing" | "empty" | "stale" | "untrusted" | "invalid" | "erased" | "opted_out";

/** Context a custom formatter or predicate receives. */
export interface PersonalizeContext {
  /** The clock, epoch milliseconds. */
  readonly now: number;
  readonly locale: string;
  readonly timeZone: string;
}

/**
 * How a value is turned into text: a built-in formatter described as data, or your own function (which
 * may throw or return a non-string: the value then counts as `invalid` and the slot falls back).
 */
export type SlotFormatter =
  | { readonly type: "text"; readonly case?: "none" | "upper" | "lower" | "title"; readonly maxLength?: number }
  | { readonly type: "name"; readonly part?: "first" | "last" | "full" }
  | { readonly type: "date"; readonly style?: "short" | "medium" | "long" | "full"; readonly locale?: string; readonly timeZone?: string }
  | { readonly type: "currency"; readonly currency: string; readonly locale?: string }
  | { readonly type: "number"; readonly maximumFractionDigits?: number; readonly locale?: string }
  | ((value: unknown, context: PersonalizeContext) => string);

/** What a slot does when nothing in its chain has a usable value. */
export type SlotPolicy = "generic" | "omit" | "abort" | "throw";

/** One personalization slot: where its value comes from, how it is checked and shown, and what replaces it. */
export interface SlotSpec {
  /** Path into the profile's attributes: `"firstName"`, `"address.city"`, `"orders.0.total"`. */
  readonly path: string;
  /** Then these, in order: other paths (`"preferredName"`) or other slots (`{ slot: "nickname" }`), each with the same checks. */
  readonly fallback?: readonly (string | { readonly slot: string })[];
  /** The generic value when nothing in the chain works ("there" in "Hi there"). */
  readonly generic?: string;
  /** When nothing works: `"generic"` (default when `generic` is set), `"omit"` (default otherwise: the value is null so the template can drop its block), `"abort"` the message, or `"throw"` (tests). */
  readonly policy?: SlotPolicy;
  /** How to show the value. Default: text as it is (numbers and booleans as text). */
  readonly format?: SlotFormatter;
  /** Values observed longer ago than this are `stale` (needs `observedAt` in the profile's provenance; a value of unknown age is stale too). */
  readonly maxAgeDays?: number;
  /** Values whose provenance `confidence` (or `trust`) is below this are `untrusted`. */
  readonly minTrust?: number;
  /** Only values from these sources are trusted. */
  readonly trustedSources?: readonly string[];
  /** A value in an open conflict (sources disagree) is `untrusted` (`"fallback"`, default) or used anyway (`"use"`). */
  readonly onConflict?: "fallback" | "use";
  /** A value failing this check is `invalid`. */
  readonly validate?: RegExp | ((value: unknown) => boolean);
  /** Path to a consent attribute for this slot; an opt-out there (false, "no", "opted_out", "unsubscribed"…) makes the slot `opted_out`. Overrides the `consentPath` option. */
  readonly consentPath?: string;
}

/** One candidate that was not used, and why. */
export interface FallbackStep {
  /** The path tried. */
  readonly path: string;
  readonly reason: FallbackReason;
  /**
   * More about the reason: `unknown_age`, `placeholder`, `formatter_failed`, `wrong_type`, `conflict`,
   * `source`, `unreadable` (a getter or proxy threw), `too_long` (text over 10,000 characters, or a date or
   * number over 100: not validated or formatted), `too_deep` / `too_large` (an object value your own
   * validator or formatter would have walked)…
   */
  readonly detail?: string;
}

/** What happened to one slot. */
export interface SlotOutcome {
  /** The text to insert, or null when the slot was omitted or the message aborted. */
  readonly value: string | null;
  /** `personalized` (its own path), `fallback` (a later path in its chain), `generic`, `omitted` or `aborted`. */
  readonly outcome: "personalized" | "fallback" | "generic" | "omitted" | "aborted";
  /** The path whose value was used, or null. */
  readonly path: string | null;
  /** Anything other than `personalized`. */
  readonly fellBack: boolean;
  /** Every candidate that was passed over, in order. */
  readonly steps: readonly FallbackStep[];
}

/** The result of `personalize`. */
export interface PersonalizeResult {
  /** Slot name → text for the template (null for omitted slots). */
  readonly values: Readonly<Record<string, string | null>>;
  /** Slot name → what happened. */
  readonly report: Readonly<Record<string, SlotOutcome>>;
  /** Slots that fell back (fallback path, generic, omitted or aborted). */
  readonly fellBack: readonly string[];
  /** Set when a slot with policy `"abort"` had no value: do not send this message personalized. */
  readonly abort: { readonly slot: string; readonly steps: readonly FallbackStep[] } | null;
  /**
   * Whether to send at all: `send` (personalized), `send_generic` (a slot aborted: send the generic
   * version), or `suppress` — the person opted out (the `consentPath` of `compileSlots`, or, without one,
   * any attribute named for consent: `emailOptIn: false`, `unsubscribed: true`, `marketingConsent: "no"`)
   * or the profile was erased. Personalization never decides this by leaving a greeting generic.
   */
  readonly send: SendDecision;
  /** Why not `send`: `opted_out`, `erased` or `aborted`; null when sending personalized. */
  readonly sendReason: "opted_out" | "erased" | "aborted" | null;
}

/** Whether a message goes out, and which version. */
export type SendDecision = "send" | "send_generic" | "suppress";
