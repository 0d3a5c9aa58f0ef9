import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _readInstant } from "../shared/_time.js";
import { _isOptOut } from "../shared/_consent.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _observedAt, _provenanceOf, _read, _viewOf, type _ProfileView } from "./_evaluate.js";
import { _MAX_SLOT_TEXT_LENGTH } from "./_formatters.js";
import type { ContentCondition, ProfileReader } from "./conditions.js";
import type { PersonalizeContext } from "./types.js";
import type { ProfileView, TimeInput } from "../shared/types.js";

/** One variant of a piece of content, served when its condition holds. */
export interface ContentVariant<Content> {
  readonly name: string;
  readonly when: ContentCondition;
  readonly content: Content;
}

/** Ordered variants and the generic content that is always last. */
export interface ContentRules<Content> {
  readonly variants: readonly ContentVariant<Content>[];
  /** Served when no variant matches. Required: there is always something to send. */
  readonly generic: Content;
}

/** Options of {@link selectContent}. */
export interface SelectContentOptions {
  /** The clock for conditions such as `withinDays`. */
  readonly now?: TimeInput;
  readonly locale?: string;
  readonly timeZone?: string;
  /** Path to a consent attribute: when it holds an opt-out, only the generic content is served. */
  readonly consentPath?: string;
}

/** Which content was chosen, and how every condition came out. */
export interface ContentSelection<Content> {
  /** The variant's name, or `"generic"`. */
  readonly name: string;
  readonly content: Content;
  /** A variant matched (false: the generic content). */
  readonly matched: boolean;
  /** Each variant tried, in order, until one matched: `"error"` means its condition threw (and counted as false). */
  readonly evaluated: readonly { readonly name: string; readonly result: "true" | "false" | "error" }[];
  /** The profile opted out, so only the generic content was possible. */
  readonly optedOut: boolean;
}

/**
 * Conditional content: the first variant whose condition holds, else the generic content. A condition
 * that meets missing, erased or opted-out data is false; one that throws counts as false and is reported —
 * choosing content never throws. Malformed rules (no generic content, duplicate names, a condition that is
 * not a function) throw `invalid_options`.
 *
 * @param profile - a golden profile, a snapshot, `{ attributes }` or null
 * @param rules - ordered `variants` and the `generic` content
 * @param options - `now`, `locale`, `timeZone`, `consentPath`
 * @returns the chosen content, its name and how each condition came out
 * @example
 * ```ts
 * selectContent(profile, {
 *   variants: [
 *     { name: "recent-buyer", when: withinDays("lastOrderAt", 30), content: "Thanks for your order!" },
 *     { name: "loyal", when: hasValue("loyaltyTier"), content: "Your member offers" },
 *   ],
 *   generic: "Discover this week's picks",
 * }, { now: new Date() }).content;
 * ```
 */
export function selectContent<Content>(profile: ProfileView | null | undefined, rules: ContentRules<Content>, options: SelectContentOptions = {}): ContentSelection<Content> {
  checkRules(rules);
  const { context, consent } = readOptions(options);
  const view = _viewOf(profile);
  const optedOut = consent !== null && view.attributes !== null && isOptedOut(view.attributes, consent);
  const evaluated: { name: string; result: "true" | "false" | "error" }[] = [];
  if (!optedOut) {
    const reader = readerOf(view);
    for (const variant of rules.variants) {
      let result: "true" | "false" | "error";
      try {
        const answer: unknown = variant.when(reader, context);
        result = answer === true ? "true" : "false";
      } catch {
        result = "error";
      }
      evaluated.push({ name: variant.name, result });
      if (result === "true") return { name: variant.name, content: variant.content, matched: true, evaluated, optedOut };
    }
  }
  return { name: "generic", content: rules.generic, matched: false, evaluated, optedOut };
}

/** A reader that hides what must not be used: erased, redacted, missing or empty values. */
function readerOf(view: _ProfileView): ProfileReader {
  const usable = (path: string): string[] | null => {
    const segments = path.split(".");
    if (view.attributes === null || view.erased || view.redacted?.has(segments[0] as string) === true) return null;
    return segments;
  };
  return {
    value(path) {
      const segments = usable(path);
      if (segments === null) return undefined;
      const value = _read(view.attributes, segments);
      if (value === null || (typeof value === "string" && value.trim() === "")) return undefined;
      return value;
    },
    observedAt(path) {
      const segments = usable(path);
      return segments === null ? null : _observedAt(_provenanceOf(view, segments[0] as string));
    },
  };
}

function checkRules(rules: ContentRules<unknown>): void {
  try {
    checkShape(rules);
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    throw new ProfileKitError("invalid_options", "selectContent: rules could not be read.", { cause: error });
  }
}

function checkShape(rules: ContentRules<unknown>): void {
  if (typeof rules !== "object" || (rules as unknown) === null || !Array.isArray(rules.variants)) throw invalid("rules must be { variants: [...], generic }");
  if (!Object.hasOwn(rules, "generic") || rules.generic === undefined) throw invalid("rules.generic is required: there must always be content to send");
  const names = new Set<string>();
  rules.variants.forEach((variant: unknown, index) => {
    const candidate = variant as Partial<ContentVariant<unknown>> | null;
    if (typeof candidate !== "object" || candidate === null || typeof candidate.name !== "string" || candidate.name === "") throw invalid(`rules.variants.${index}.name must be a non-empty string`);
    if (typeof candidate.when !== "function") throw invalid(`rules.variants.${index}.when must be a condition function`);
    if (candidate.name === "generic" || names.has(candidate.name)) throw invalid(`rules.variants.${index}.name "${candidate.name}" is used twice (or is the reserved name "generic")`);
    names.add(candidate.name);
  });
}

function readOptions(options: SelectContentOptions): { context: PersonalizeContext; consent: readonly string[] | null } {
  if (typeof options !== "object" || (options as unknown) === null) throw invalid("options must be an object");
  try {
    const { now: clock, locale, timeZone, consentPath } = options;
    const now = clock === undefined ? Number.NaN : _readInstant(clock, "UTC", ["now"], []);
    if (now === null) throw invalid("options.now must be a usable time");
    if (consentPath !== undefined && (typeof consentPath !== "string" || consentPath === "")) throw invalid("options.consentPath must be a path such as \"consent.email\"");
    return { context: { now, locale: locale ?? "en-US", timeZone: timeZone ?? "UTC" }, consent: consentPath === undefined ? null : consentPath.split(".") };
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    throw new ProfileKitError("invalid_options", "selectContent: options could not be read.", { cause: error });
  }
}

/** Whether the consent attribute says no; a getter that throws there, or an answer too long to be one, is no yes. */
function isOptedOut(attributes: Readonly<Record<string, unknown>>, consent: readonly string[]): boolean {
  try {
    const value = _read(attributes, consent);
    if (typeof value === "string" && value.length > _MAX_SLOT_TEXT_LENGTH) return true;
    return _isOptOut(value, consent[consent.length - 1] as string);
  } catch {
    return true;
  }
}

function invalid(problem: string): ProfileKitError {
  return new ProfileKitError("invalid_options", `selectContent: invalid options. ${problem}.`);
}
