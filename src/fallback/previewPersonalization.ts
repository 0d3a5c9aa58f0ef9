import { _readInstant } from "../shared/_time.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _read } from "./_evaluate.js";
import { _internalOf, _isCompiled, _replacePolicy, compileSlots, type CompiledSlots } from "./compileSlots.js";
import { personalize } from "./personalize.js";
import { renderWithFallback, type RenderFunction, type RenderResult } from "./renderWithFallback.js";
import type { ClockInput, PersonalizationProfile, PersonalizeResult, SlotOutcome, SlotSpec } from "./types.js";

/** The recipients a preview imagines. */
export type PreviewScenario = "sample" | "complete" | "no_profile" | "missing" | "empty" | "stale" | "conflict" | "erased";

/** Options of {@link previewPersonalization}. */
export interface PreviewPersonalizationOptions<Template> {
  /** The clock. Required: staleness is judged against it. */
  readonly now: ClockInput;
  readonly locale?: string;
  readonly timeZone?: string;
  /** A real profile to preview as well (scenario `sample`); its values also fill the imagined profiles. */
  readonly sample?: PersonalizationProfile;
  /** To render each scenario: the engine's render function and the template (and optionally a generic template and data). */
  readonly render?: RenderFunction<Template>;
  readonly template?: Template;
  readonly generic?: Template;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** What one imagined recipient would get. */
export interface ScenarioPreview {
  readonly scenario: PreviewScenario;
  readonly personalization: PersonalizeResult;
  /** With `render` and `template`: what would be sent. */
  readonly render: RenderResult | null;
}

/** The result of {@link previewPersonalization}. */
export interface PersonalizationPreview {
  readonly scenarios: readonly ScenarioPreview[];
  /** Per slot: its outcome in each scenario, and the scenarios in which it fell back. */
  readonly slots: Readonly<Record<string, { readonly outcomes: Readonly<Partial<Record<PreviewScenario, SlotOutcome["outcome"]>>>; readonly fallsBackIn: readonly PreviewScenario[] }>>;
}

const YEAR_MS = 365.25 * 86_400_000;

/**
 * Lints a campaign before it is sent: runs the slots (and, given a render function and template, the
 * template) against imagined recipients — a complete fresh profile, no profile, every field missing,
 * every field empty, every field stale, every field in conflict, an erased profile, and your own sample —
 * and reports what each would see and which fallbacks fire.
 *
 * @param slots - compiled slots or slot specs
 * @param options - `now` (required), `locale`, `timeZone`, `sample`, `render`, `template`, `generic`, `data`
 * @returns one preview per scenario and a per-slot summary
 * @example
 * ```ts
 * const preview = await previewPersonalization(slots, { now: new Date(), render, template });
 * preview.slots.firstName.fallsBackIn; // ["no_profile", "missing", "empty", "stale", "conflict", "erased"]
 * ```
 */
export async function previewPersonalization<Template>(slots: CompiledSlots | Readonly<Record<string, SlotSpec>>, options: PreviewPersonalizationOptions<Template>): Promise<PersonalizationPreview> {
  const compiled = _isCompiled(slots) ? slots : compileSlots(slots);
  const now = typeof options === "object" && (options as unknown) !== null ? _readInstant(options.now, "UTC", ["now"], []) : null;
  if (now === null) throw new ProfileKitError("invalid_options", "previewPersonalization: options.now must be a usable time.");
  if ((options.render === undefined) !== (options.template === undefined)) throw new ProfileKitError("invalid_options", "previewPersonalization: give render and template together.");
  const personalizeOptions = { now, ...(options.locale === undefined ? {} : { locale: options.locale }), ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }) };

  const profiles: [PreviewScenario, PersonalizationProfile | null][] = [];
  if (options.sample !== undefined) profiles.push(["sample", options.sample]);
  const imagined = imagine(compiled, options.sample ?? null, now);
  profiles.push(
    ["complete", imagined.complete],
    ["no_profile", null],
    ["missing", { attributes: {} }],
    ["empty", imagined.empty],
    ["stale", imagined.stale],
    ["conflict", imagined.conflict],
    ["erased", { ...imagined.complete, erased: true }],
  );

  const scenarios: ScenarioPreview[] = [];
  const summary: Record<string, { outcomes: Partial<Record<PreviewScenario, SlotOutcome["outcome"]>>; fallsBackIn: PreviewScenario[] }> = {};
  for (const name of compiled.names) summary[name] = { outcomes: {}, fallsBackIn: [] };
  for (const [scenario, profile] of profiles) {
    let personalization: PersonalizeResult;
    let render: RenderResult | null = null;
    if (options.render !== undefined && options.template !== undefined) {
      render = await renderWithFallback(options.render, options.template, profile, compiled, {
        ...personalizeOptions,
        ...(options.generic === undefined ? {} : { generic: options.generic }),
        ...(options.data === undefined ? {} : { data: options.data }),
      });
      personalization = render.personalization;
    } else {
      personalization = personalizeSafely(profile, compiled, personalizeOptions);
    }
    scenarios.push({ scenario, personalization, render });
    for (const [name, outcome] of Object.entries(personalization.report)) {
      const entry = summary[name];
      if (entry === undefined) continue;
      entry.outcomes[scenario] = outcome.outcome;
      if (outcome.fellBack) entry.fallsBackIn.push(scenario);
    }
  }
  return { scenarios, slots: summary };
}

/** A preview must show a slot with policy "throw" failing, not stop at it. */
function personalizeSafely(profile: PersonalizationProfile | null, compiled: CompiledSlots, options: { now: number; locale?: string; timeZone?: string }): PersonalizeResult {
  return personalize(profile, _replacePolicy(compiled, "throw", "abort"), options);
}

/** Profiles holding every path the slots read: complete and fresh, empty, stale, and in conflict. */
function imagine(compiled: CompiledSlots, sample: PersonalizationProfile | null, now: number): { complete: PersonalizationProfile; empty: PersonalizationProfile; stale: PersonalizationProfile; conflict: PersonalizationProfile } {
  const complete: Record<string, unknown> = {};
  const empty: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const slot of _internalOf(compiled).slots) {
    for (const candidate of slot.candidates) {
      const fromSample = sample === null ? undefined : _read(sample.attributes, candidate.segments);
      setPath(complete, candidate.segments, fromSample ?? candidate.checks.sample);
      setPath(empty, candidate.segments, "");
      const attribute = candidate.segments[0] as string;
      const trusted = candidate.checks.trustedSources === null ? undefined : [...candidate.checks.trustedSources][0];
      if (sources[attribute] === undefined || trusted !== undefined) sources[attribute] = trusted ?? "preview";
    }
  }
  const provenance = (observedAt: number): Record<string, { observedAt: string; source: string; confidence: number }> =>
    Object.fromEntries(Object.keys(complete).map((attribute) => [attribute, { observedAt: new Date(observedAt).toISOString(), source: sources[attribute] ?? "preview", confidence: 1 }]));
  return {
    complete: { attributes: complete, provenance: provenance(now) },
    empty: { attributes: empty, provenance: provenance(now) },
    stale: { attributes: complete, provenance: provenance(now - 100 * YEAR_MS) },
    conflict: { attributes: complete, provenance: provenance(now), conflicts: Object.keys(complete).map((attribute) => ({ attribute })) },
  };
}

function setPath(root: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let current = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    const next = current[segment];
    if (typeof next !== "object" || next === null) current[segment] = {};
    current = current[segment] as Record<string, unknown>;
  }
  const last = segments[segments.length - 1] as string;
  if (current[last] === undefined) current[last] = value;
}
