import * as z from "zod/mini";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { ComparisonLevel } from "../shared/types.js";
import { _editDistanceWithin, _jaroWinkler } from "./_stringMetrics.js";
import type { ComparisonKind } from "./types.js";

/** A custom comparison level, checked: its name, its test and the test's bound. */
export interface _LevelSpec {
  readonly name: string;
  readonly test: "exact" | "maxEdits" | "minJaroWinkler" | "samePrefix" | "maxDifference" | "maxDays";
  readonly bound: number;
}

/** The shape of `levels` in options and schemas (each level's single test is checked by `_levelSpecs`). */
export const _levelsSchema: z.ZodMiniType<readonly Record<string, unknown>[]> = z.array(
  z.strictObject({
    name: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
    exact: z.optional(z.literal(true)),
    maxEdits: z.optional(z.int().check(z.gte(1), z.lte(5))),
    minJaroWinkler: z.optional(z.number().check(z.gt(0), z.lt(1))),
    samePrefix: z.optional(z.int().check(z.gte(1), z.lte(50))),
    maxDifference: z.optional(z.number().check(z.gte(0))),
    maxDays: z.optional(z.int().check(z.gte(0), z.lte(366_000))),
  }),
).check(z.minLength(1), z.maxLength(8));

const TESTS = ["exact", "maxEdits", "minJaroWinkler", "samePrefix", "maxDifference", "maxDays"] as const;
const TEXT_TESTS: ReadonlySet<string> = new Set(["exact", "maxEdits", "minJaroWinkler", "samePrefix"]);
const ALLOWED: Readonly<Record<ComparisonKind, ReadonlySet<string>>> = {
  exact: TEXT_TESTS,
  levenshtein: TEXT_TESTS,
  jaroWinkler: TEXT_TESTS,
  numeric: new Set(["exact", "maxDifference"]),
  date: new Set(["exact", "maxDays"]),
};

/** The default name of a level: exact, edits1, jaroWinkler92, prefix3, within10, days31. */
function defaultName(test: _LevelSpec["test"], bound: number): string {
  switch (test) {
    case "exact":
      return "exact";
    case "maxEdits":
      return `edits${bound}`;
    case "minJaroWinkler":
      return `jaroWinkler${Math.round(bound * 100)}`;
    case "samePrefix":
      return `prefix${bound}`;
    case "maxDifference":
      return `within${bound}`;
    default:
      return `days${bound}`;
  }
}

/**
 * Checks a custom field's levels against its kind and gives them with names: one test per level, a test
 * the kind can run (text tests for text, `maxDifference` for numbers, `maxDays` for dates), distinct names,
 * none called "else".
 *
 * @throws ProfileKitError `invalid_options` naming the field and the level
 */
export function _levelSpecs(functionName: string, field: string, kind: ComparisonKind, levels: readonly ComparisonLevel[]): _LevelSpec[] {
  const names = new Set<string>();
  return levels.map((level, k) => {
    const where = `${functionName}: custom field ${JSON.stringify(field)}, level ${k + 1}`;
    const tests = TESTS.filter((test) => (level as Record<string, unknown>)[test] !== undefined);
    if (tests.length !== 1) throw new ProfileKitError("invalid_options", `${where}: give exactly one test (${TESTS.join(", ")}); got ${tests.length === 0 ? "none" : tests.join(" and ")}.`);
    const test = tests[0] as _LevelSpec["test"];
    if (!ALLOWED[kind].has(test)) throw new ProfileKitError("invalid_options", `${where}: ${test} cannot compare a ${kind} field (it can: ${[...ALLOWED[kind]].join(", ")}).`);
    const bound = test === "exact" ? 0 : ((level as Record<string, unknown>)[test] as number);
    const name = level.name ?? defaultName(test, bound);
    if (name === "else" || names.has(name)) throw new ProfileKitError("invalid_options", `${where}: the level name ${JSON.stringify(name)} is ${name === "else" ? "reserved" : "taken by an earlier level"}.`);
    names.add(name);
    return { name, test, bound };
  });
}

const DAY_MS = 86_400_000;

/**
 * A comparator over custom levels: the index of the first level the two values pass, `levels.length`
 * ("else") when none, -1 when a value is missing.
 */
export function _compareByLevels(levels: readonly _LevelSpec[], kind: ComparisonKind, text: readonly (string | null)[], number: readonly (number | null)[]): (i: number, j: number) => number {
  const numeric = kind === "numeric";
  return (i, j) => {
    const a = numeric ? number[i] : text[i];
    const b = numeric ? number[j] : text[j];
    if (a == null || b == null) return -1;
    for (let k = 0; k < levels.length; k++) {
      const { test, bound } = levels[k] as _LevelSpec;
      if (passes(test, bound, a, b)) return k;
    }
    return levels.length;
  };
}

function passes(test: _LevelSpec["test"], bound: number, a: string | number, b: string | number): boolean {
  switch (test) {
    case "exact":
      return a === b;
    case "maxEdits":
      return _editDistanceWithin(String(a), String(b), bound) <= bound;
    case "minJaroWinkler":
      return _jaroWinkler(String(a), String(b)) >= bound;
    case "samePrefix":
      return String(a).length >= bound && String(a).slice(0, bound) === String(b).slice(0, bound);
    case "maxDifference":
      return Math.abs((a as number) - (b as number)) <= bound;
    default: {
      const days = Math.abs(Date.parse(String(a)) - Date.parse(String(b))) / DAY_MS;
      return Number.isFinite(days) && days <= bound;
    }
  }
}
