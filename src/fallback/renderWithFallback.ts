import { isProfileKitError } from "../errors/isProfileKitError.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _isCompiled, _replacePolicy } from "./_compiled.js";
import { compileSlots, type CompiledSlots } from "./compileSlots.js";
import { personalize, type PersonalizeOptions } from "./personalize.js";
import type { PersonalizeResult, SlotSpec } from "./types.js";
import type { ProfileView } from "../shared/types.js";

/** Any template engine's render call: LiquidJS's `parseAndRender`, a compiled Handlebars template, your own. */
export type RenderFunction<Template> = (template: Template, data: Readonly<Record<string, unknown>>) => string | Promise<string>;

/** Options of {@link renderWithFallback}. */
export interface RenderWithFallbackOptions<Template> extends PersonalizeOptions {
  /** The generic version to send when the personalized one cannot be: a template of its own. Default: the same template with every slot's generic value. */
  readonly generic?: Template;
  /** More data for the template (campaign fields, links); slot values win on a name clash. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** What was rendered and why. */
export interface RenderResult {
  /**
   * `personalized`, `generic` (the fallback version), `abort` (do not send: nothing could be rendered, or a
   * slot with policy "abort" had no value and there is no generic template), or `suppressed` (the person
   * opted out or was erased: nothing is rendered).
   */
  readonly decision: "personalized" | "generic" | "abort" | "suppressed";
  /** The rendered text, or null on abort. */
  readonly output: string | null;
  /** The personalization of this profile, with every slot's fallbacks. */
  readonly personalization: PersonalizeResult;
  /** Why the personalized version was not sent: `"aborted"` (a slot's policy), `"render_failed"` or `"personalize_failed"` (a slot with policy "throw"), or null. */
  readonly fallbackReason: "aborted" | "render_failed" | "personalize_failed" | null;
  /** The engine's errors, for the host's logs (they may quote the template). */
  readonly errors: readonly unknown[];
}

/**
 * Renders a template with any engine, personalized, and falls back to the generic version when the
 * personalized one cannot be sent: a slot aborted the message, a slot meant for tests threw, or the engine
 * failed. Values go to the engine unchanged, so HTML escaping is the engine's own (configure LiquidJS with
 * `outputEscape: "escape"`; Handlebars escapes `{{value}}` by default). Never rejects because of data.
 *
 * @param render - the engine's render function
 * @param template - the template (text or a compiled template, whatever `render` takes)
 * @param profile - a golden profile, a snapshot, `{ attributes }` or null
 * @param slots - compiled slots or slot specs
 * @param options - personalize options plus `generic` and `data`
 * @returns the decision, the output and the report
 * @example
 * ```ts
 * const liquid = new Liquid({ outputEscape: "escape" });
 * const result = await renderWithFallback((t, data) => liquid.parseAndRender(t, data), "Hi {{ firstName }}!", profile, slots, { now: new Date() });
 * result.output; // "Hi Teresa!" or "Hi there!"
 * ```
 */
export async function renderWithFallback<Template>(
  render: RenderFunction<Template>,
  template: Template,
  profile: ProfileView | null | undefined,
  slots: CompiledSlots | Readonly<Record<string, SlotSpec>>,
  options: RenderWithFallbackOptions<Template> = {},
): Promise<RenderResult> {
  const { generic, data, personalizeOptions } = readOptions(options);
  const compiled = _isCompiled("renderWithFallback", slots) ? slots : compileSlots(slots);
  const errors: unknown[] = [];
  let personalization: PersonalizeResult;
  let fallbackReason: RenderResult["fallbackReason"] = null;
  try {
    personalization = personalize(profile, compiled, personalizeOptions);
  } catch (error) {
    if (!(isProfileKitError(error) && error.code === "personalization_failed")) throw error;
    errors.push(error);
    fallbackReason = "personalize_failed";
    // The same profile again with "throw" read as "abort", so the report shows every slot's real reasons.
    personalization = personalize(profile, _replacePolicy(compiled, "throw", "abort"), personalizeOptions);
  }
  // Consent decides before any template runs: an opted-out or erased person gets nothing, not "Hi there".
  if (personalization.send === "suppress") return { decision: "suppressed", output: null, personalization, fallbackReason: null, errors };
  if (fallbackReason === null && personalization.abort !== null) fallbackReason = "aborted";
  if (fallbackReason === null) {
    const output = await attempt(render, template, { ...data, ...personalization.values }, errors);
    if (output !== null) return { decision: "personalized", output, personalization, fallbackReason: null, errors };
    fallbackReason = "render_failed";
  }

  // The generic version: its own template, or this one with every slot's generic value.
  const genericValues = personalize(null, _replacePolicy(compiled, "throw", "omit"), personalizeOptions);
  if (generic === undefined && genericValues.abort !== null) return { decision: "abort", output: null, personalization, fallbackReason, errors };
  const output = await attempt(render, generic ?? template, { ...data, ...genericValues.values }, errors);
  return output === null ? { decision: "abort", output: null, personalization, fallbackReason, errors } : { decision: "generic", output, personalization, fallbackReason, errors };
}

/** The options split in three; `data` copied once (its own enumerable properties), so its getters run here and nowhere else. */
function readOptions<Template>(options: RenderWithFallbackOptions<Template>): { generic: Template | undefined; data: Readonly<Record<string, unknown>>; personalizeOptions: PersonalizeOptions } {
  if (typeof options !== "object" || (options as unknown) === null) throw new ProfileKitError("invalid_options", "renderWithFallback: options must be an object.");
  try {
    const { generic, data, ...personalizeOptions } = options;
    return { generic, data: { ...data }, personalizeOptions };
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    throw new ProfileKitError("invalid_options", "renderWithFallback: options could not be read.", { cause: error });
  }
}

async function attempt<Template>(render: RenderFunction<Template>, template: Template, data: Readonly<Record<string, unknown>>, errors: unknown[]): Promise<string | null> {
  try {
    const output = await render(template, data);
    if (typeof output === "string") return output;
    errors.push(new TypeError("the render function did not return a string"));
  } catch (error) {
    errors.push(error);
  }
  return null;
}
