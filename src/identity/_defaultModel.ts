import type { _LEVELS } from "./_comparators.js";
import type { _LevelSpec } from "./_levels.js";
import { _setOwn } from "../shared/_dict.js";
import type { MatchModel, ModelLevel } from "./types.js";

const level = (name: string, m: number, u: number): ModelLevel => ({ name, m, u });

/** Date levels (see `_LEVELS.date`), with the chance `exactU` that two different people's dates are equal. */
function dateLevels(exactU: number): readonly ModelLevel[] {
  return [
    level("exact", 0.86, exactU),
    level("oneTypo", 0.05, 0.002),
    level("oneComponentOff", 0.03, 0.005),
    level("withinMonth", 0.01, 0.003),
    level("withinYear", 0.03, 0.03),
    level("sameYear", 0.02, 0.0025),
    level("withinDecade", 0.03, 0.15),
    level("else", 0.01, 0.81 - exactU),
  ];
}

/**
 * Parameters of a field's own levels, before any training: an exact value is strong evidence, each looser
 * level weaker than the one before (its chance agreement doubling), "else" evidence against.
 */
function ownLevels(specs: readonly _LevelSpec[]): readonly ModelLevel[] {
  const fuzzy = specs.filter((spec) => spec.test !== "exact").length;
  let mLeft = 1;
  let uLeft = 1;
  let looser = 0;
  const levels = specs.map((spec) => {
    const exact = spec.test === "exact";
    const m = exact ? 0.85 : 0.1 / Math.max(1, fuzzy);
    const u = exact ? 0.001 : 0.002 * 2 ** looser++;
    mLeft -= m;
    uLeft -= u;
    return level(spec.name, m, u);
  });
  return [...levels, level("else", Math.max(0.01, mLeft), Math.max(0.01, uLeft))];
}

/**
 * Built-in parameters: what a level means for the same person (m) and for two different people (u), set
 * from what these comparisons mean in customer data rather than fitted to one data set. Exact levels of
 * names, places, emails, phones and dates are further adjusted by how common the value is.
 */
export function _defaultModel(customKinds: Readonly<Record<string, keyof typeof _LEVELS | readonly _LevelSpec[]>>): MatchModel {
  const fields: Record<string, readonly ModelLevel[]> = {
    firstName: [level("exact", 0.82, 0.01), level("nickname", 0.07, 0.002), level("typo", 0.06, 0.004), level("initial", 0.02, 0.003), level("else", 0.03, 0.981)],
    lastName: [level("exact", 0.86, 0.004), level("jaroWinkler92", 0.05, 0.002), level("jaroWinkler80", 0.03, 0.015), level("else", 0.06, 0.979)],
    email: [level("exact", 0.7, 0.00005), level("samePersonalPart", 0.06, 0.0002), level("similarPersonalPart", 0.04, 0.002), level("else", 0.2, 0.99775)],
    phone: [level("exact", 0.78, 0.00005), level("oneTypo", 0.04, 0.0005), level("else", 0.18, 0.99945)],
    // Birth dates: a typo or one component off is common (day and month mistyped or swapped); a month
    // apart is rare for one person and rarer for two; a year or a few years apart (two parts mistyped at
    // once, a decade digit slipped) happens to one person's records in messy data about as often as to
    // two people's within a year, and less often within a decade (0 and -2.3 bits: weak evidence against,
    // so agreeing names and places still link); a year-only date agrees at the year level, weakly; more
    // than ten years apart is nearly never one person.
    dateOfBirth: dateLevels(0.0001),
    street: [level("exact", 0.7, 0.0005), level("similar", 0.1, 0.002), level("else", 0.2, 0.9975)],
    city: [level("exact", 0.82, 0.03), level("similar", 0.05, 0.005), level("else", 0.13, 0.965)],
    postalCode: [level("exact", 0.78, 0.003), level("samePrefix", 0.07, 0.02), level("else", 0.15, 0.977)],
    customerId: [level("exact", 0.95, 0.0000001), level("else", 0.05, 0.9999999)],
  };
  for (const [name, kind] of Object.entries(customKinds)) {
    const levels: readonly ModelLevel[] =
      typeof kind !== "string"
        ? ownLevels(kind)
        : kind === "levenshtein"
        ? [level("exact", 0.85, 0.001), level("levenshtein1", 0.07, 0.002), level("levenshtein2", 0.03, 0.005), level("else", 0.05, 0.992)]
        : kind === "jaroWinkler"
          ? [level("exact", 0.85, 0.005), level("jaroWinkler92", 0.06, 0.005), level("jaroWinkler80", 0.04, 0.02), level("else", 0.05, 0.97)]
          : kind === "date"
            ? dateLevels(0.0005)
            : kind === "numeric"
              ? [level("exact", 0.85, 0.01), level("close", 0.1, 0.05), level("else", 0.05, 0.94)]
              : [level("exact", 0.9, 0.001), level("else", 0.1, 0.999)];
    _setOwn(fields, name, levels);
  }
  return { version: 1, probabilityTwoRandomRecordsMatch: null, fields };
}

