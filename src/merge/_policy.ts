import * as z from "zod/mini";
import type { AttributeRule, MergeCandidate, MergePolicy, SourceTrust } from "./types.js";

/** Sources from most to least trusted when a policy names none: CRM first. */
export const _DEFAULT_SOURCE_PRIORITY: readonly string[] = ["crm", "orders", "support", "web", "newsletter"];

export const _SELECT = ["mostRecent", "oldest", "sourcePriority", "mostFrequent", "longest", "firstNonNull", "min", "max", "trust", "consent"] as const;

export const _COMBINE = ["union", "sum", "average", "any", "all"] as const;

export const _ruleSchema: z.ZodMiniType = z.strictObject({
  strategy: z.union([z.enum([..._SELECT, ..._COMBINE]), z.array(z.enum(_SELECT)).check(z.minLength(1)), z.custom<(c: readonly MergeCandidate[]) => unknown>((v) => typeof v === "function", "expected a function")]),
  onConflict: z.optional(z.union([z.enum(["flag", "ignore", "refuse"]), z.strictObject({ prefer: z.string().check(z.minLength(1)) })])),
  tolerance: z.optional(z.number().check(z.gte(0))),
  limit: z.optional(z.int().check(z.gte(1))),
  order: z.optional(z.enum(["recency", "frequency", "alphabetical"])),
});

export const _policySchema: z.ZodMiniType = z.strictObject({
  attributes: z.optional(z.record(z.string().check(z.minLength(1)), _ruleSchema)),
  defaultRule: z.optional(_ruleSchema),
  sourcePriority: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1, "an empty source priority list cannot rank anything"))),
  trust: z.optional(z.record(z.string().check(z.minLength(1)), z.strictObject({ max: z.number().check(z.gte(0), z.lte(1)), min: z.number().check(z.gte(0), z.lte(1)), decayDays: z.number().check(z.positive()) }))),
  groups: z.optional(z.array(z.array(z.string().check(z.minLength(1))).check(z.minLength(2)))),
  overrides: z.optional(z.record(z.string().check(z.minLength(1)), z.strictObject({ value: z.unknown(), by: z.optional(z.string()), at: z.optional(z.string()) }))),
});

/** The rules a policy gives by attribute, and its source trust, as Maps (never read through a prototype). */
export interface _PolicyTables {
  readonly attributes: ReadonlyMap<string, AttributeRule>;
  readonly trust: ReadonlyMap<string, SourceTrust>;
}

export function _tablesOf(policy: MergePolicy): _PolicyTables {
  return { attributes: new Map(Object.entries(policy.attributes ?? {})), trust: new Map(Object.entries(policy.trust ?? {})) };
}
