import { z } from "zod";
import type { AttributeRule, MergeCandidate, MergePolicy, SourceTrust } from "./types.js";

/** Sources from most to least trusted when a policy names none: CRM first. */
export const _DEFAULT_SOURCE_PRIORITY: readonly string[] = ["crm", "orders", "support", "web", "newsletter"];

export const _SELECT = ["mostRecent", "oldest", "sourcePriority", "mostFrequent", "longest", "firstNonNull", "min", "max", "trust", "consent"] as const;

export const _COMBINE = ["union", "sum", "average", "any", "all"] as const;

export const _ruleSchema: z.ZodType = z.strictObject({
  strategy: z.union([z.enum([..._SELECT, ..._COMBINE]), z.array(z.enum(_SELECT)).min(1), z.custom<(c: readonly MergeCandidate[]) => unknown>((v) => typeof v === "function", "expected a function")]),
  onConflict: z.union([z.enum(["flag", "ignore", "refuse"]), z.strictObject({ prefer: z.string().min(1) })]).optional(),
  tolerance: z.number().min(0).optional(),
  limit: z.number().int().min(1).optional(),
  order: z.enum(["recency", "frequency", "alphabetical"]).optional(),
});

export const _policySchema: z.ZodType = z.strictObject({
  attributes: z.record(z.string().min(1), _ruleSchema).optional(),
  defaultRule: _ruleSchema.optional(),
  sourcePriority: z.array(z.string().min(1)).min(1, "an empty source priority list cannot rank anything").optional(),
  trust: z.record(z.string().min(1), z.strictObject({ max: z.number().min(0).max(1), min: z.number().min(0).max(1), decayDays: z.number().positive() })).optional(),
  groups: z.array(z.array(z.string().min(1)).min(2)).optional(),
  overrides: z.record(z.string().min(1), z.strictObject({ value: z.unknown(), by: z.string().optional(), at: z.string().optional() })).optional(),
});

/** The rules a policy gives by attribute, and its source trust, as Maps (never read through a prototype). */
export interface _PolicyTables {
  readonly attributes: ReadonlyMap<string, AttributeRule>;
  readonly trust: ReadonlyMap<string, SourceTrust>;
}

export function _tablesOf(policy: MergePolicy): _PolicyTables {
  return { attributes: new Map(Object.entries(policy.attributes ?? {})), trust: new Map(Object.entries(policy.trust ?? {})) };
}
