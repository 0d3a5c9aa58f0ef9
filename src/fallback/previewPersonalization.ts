import { isProfileKitError } from "../errors/isProfileKitError.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own, _setOwn } from "../shared/_dict.js";
import { _readInstant } from "../shared/_time.js";
import { _internalOf, _isCompiled, _replacePolicy } from "./_compiled.js";
import { _read } from "./_evaluate.js";
import { compileSlots, type CompiledSlots } from "./compileSlots.js";
import { personalize } from "./personalize.js";
import { renderWithFallback, type RenderFunction, type RenderResult } from "./renderWithFallback.js";
import type { PersonalizeResult, SlotOutcome, SlotSpec } from "./types.js";
import type { ProfileView, TimeInput } from "../shared/types.js";

/** The recipients a preview imagines. */
export type PreviewScenario = "sample" | "complete" | "no_profile" | "missing" | "empty" | "stale" | "conflict" | "erased";

/** Options of {@link previewPersonalization}. */
export interface PreviewPersonalizationOptions<Template> {
  /** The clock. Required: staleness is judged against it. */
  readonly now: TimeInput;
  readonly locale?: string;
  readonly timeZone?: string;
  /** A real profile to preview as well (scenario `sample`); its values also fill the imagined profiles. */
  readonly sample?: ProfileView;
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
  const compiled = _isCompiled("previewPersonalization", slots) ? slots : compileSlots(slots);
  const read = readOptions(options);
  const { now, personalizeOptions } = read;

  const profiles: [PreviewScenario, ProfileView | null][] = [];
  if (read.sample !== undefined) profiles.push(["sample", read.sample]);
  const imagined = imagine(compiled, sampleAttributes(read.sample), now);
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
  const summary = new Map<string, { outcomes: Partial<Record<PreviewScenario, SlotOutcome["outcome"]>>; fallsBackIn: PreviewScenario[] }>();
  for (const name of compiled.names) summary.set(name, { outcomes: {}, fallsBackIn: [] });
  for (const [scenario, profile] of profiles) {
    let personalization: PersonalizeResult;
    let render: RenderResult | null = null;
    if (read.render !== undefined && read.template !== undefined) {
      render = await renderWithFallback(read.render, read.template, profile, compiled, {
        ...personalizeOptions,
        ...(read.generic === undefined ? {} : { generic: read.generic }),
        ...(read.data === undefined ? {} : { data: read.data }),
      });
      personalization = render.personalization;
    } else {
      personalization = personalizeSafely(profile, compiled, personalizeOptions);
    }
    scenarios.push({ scenario, personalization, render });
    for (const [name, entry] of summary) {
      const outcome = _own(personalization.report, name) as SlotOutcome | undefined;
      if (outcome === undefined) continue;
      entry.outcomes[scenario] = outcome.outcome;
      if (outcome.fellBack) entry.fallsBackIn.push(scenario);
    }
  }
  const slotsSummary: PersonalizationPreview["slots"] = {};
  for (const [name, entry] of summary) _setOwn(slotsSummary, name, entry);
  return { scenarios, slots: slotsSummary };
}

interface ReadOptions<Template> {
  readonly now: number;
  readonly personalizeOptions: { now: number; locale?: string; timeZone?: string };
  readonly sample: ProfileView | undefined;
  readonly render: RenderFunction<Template> | undefined;
  readonly template: Template | undefined;
  readonly generic: Template | undefined;
  readonly data: Readonly<Record<string, unknown>> | undefined;
}

/** Every option read once; `invalid_options` for anything unusable, also for getters that throw. */
function readOptions<Template>(options: PreviewPersonalizationOptions<Template>): ReadOptions<Template> {
  try {
    const now = typeof options === "object" && (options as unknown) !== null ? _readInstant(options.now, "UTC", ["now"], []) : null;
    if (now === null) throw new ProfileKitError("invalid_options", "previewPersonalization: options.now must be a usable time.");
    const { locale, timeZone, sample, render, template, generic, data } = options;
    if ((render === undefined) !== (template === undefined)) throw new ProfileKitError("invalid_options", "previewPersonalization: give render and template together.");
    const personalizeOptions = { now, ...(locale === undefined ? {} : { locale }), ...(timeZone === undefined ? {} : { timeZone }) };
    return { now, personalizeOptions, sample, render, template, generic, data };
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    throw new ProfileKitError("invalid_options", "previewPersonalization: options could not be read.", { cause: error });
  }
}

/** The sample's attributes, or null when there are none to read (a sample is a profile: it never makes the preview throw). */
function sampleAttributes(sample: unknown): object | null {
  try {
    const attributes: unknown = typeof sample === "object" && sample !== null ? (sample as { attributes?: unknown }).attributes : undefined;
    return typeof attributes === "object" && attributes !== null && !Array.isArray(attributes) ? attributes : null;
  } catch {
    return null;
  }
}

/** A preview must show a slot with policy "throw" failing, not stop at it. */
function personalizeSafely(profile: ProfileView | null, compiled: CompiledSlots, options: { now: number; locale?: string; timeZone?: string }): PersonalizeResult {
  return personalize(profile, _replacePolicy(compiled, "throw", "abort"), options);
}

/** Profiles holding every path the slots read: complete and fresh, empty, stale, and in conflict. */
function imagine(compiled: CompiledSlots, sample: object | null, now: number): { complete: ProfileView; empty: ProfileView; stale: ProfileView; conflict: ProfileView } {
  const complete: Record<string, unknown> = {};
  const empty: Record<string, unknown> = {};
  // The objects made here: only these are written into, never one that came from the sample.
  const made: WeakSet<object> = new WeakSet([complete, empty]);
  const sources = new Map<string, string>();
  for (const slot of _internalOf(compiled).slots) {
    for (const candidate of slot.candidates) {
      setPath(complete, candidate.segments, readSample(sample, candidate.segments) ?? candidate.checks.sample, made);
      setPath(empty, candidate.segments, "", made);
      const attribute = candidate.segments[0] as string;
      let trusted: string | undefined;
      if (candidate.checks.trustedSources !== null) for (const source of candidate.checks.trustedSources) trusted ??= source;
      if (!sources.has(attribute) || trusted !== undefined) sources.set(attribute, trusted ?? "preview");
    }
  }
  const provenance = (observedAt: number): Record<string, { observedAt: string; source: string; confidence: number }> => {
    const out: Record<string, { observedAt: string; source: string; confidence: number }> = {};
    for (const attribute of Object.keys(complete)) _setOwn(out, attribute, { observedAt: new Date(observedAt).toISOString(), source: sources.get(attribute) ?? "preview", confidence: 1 });
    return out;
  };
  return {
    complete: { attributes: complete, provenance: provenance(now) },
    empty: { attributes: empty, provenance: provenance(now) },
    stale: { attributes: complete, provenance: provenance(now - 100 * YEAR_MS) },
    conflict: { attributes: complete, provenance: provenance(now), conflicts: Object.keys(complete).map((attribute) => ({ attribute })) },
  };
}

function readSample(sample: object | null, segments: readonly string[]): unknown {
  if (sample === null) return undefined;
  try {
    return _read(sample, segments);
  } catch {
    // A getter in the sample threw: the slot's own sample value stands in.
    return undefined;
  }
}

/** Sets a path of own properties, copying any object on the way that was not made here (a sample's) before writing into it. */
function setPath(root: Record<string, unknown>, segments: readonly string[], value: unknown, made: WeakSet<object>): void {
  let current: object = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    const next = _own(current, segment);
    let child: object;
    if (typeof next === "object" && next !== null && made.has(next)) child = next;
    else {
      child = typeof next === "object" && next !== null ? copyOf(next) : {};
      made.add(child);
      _setOwn(current, segment, child);
    }
    current = child;
  }
  const last = segments[segments.length - 1] as string;
  if (_own(current, last) === undefined) _setOwn(current, last, value);
}

/** A shallow copy of own enumerable properties (an array stays an array); {} when it cannot be read. */
function copyOf(value: object): object {
  try {
    if (Array.isArray(value)) return (value as unknown[]).slice();
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) _setOwn(copy, key, _own(value, key));
    return copy;
  } catch {
    return {};
  }
}
