// Histories and values are untrusted input: whatever changes come in and however a stored history was
// corrupted, versioning/ answers, reports issues, or throws invalid_options — never another error — and
// Object.prototype stays untouched.
import fc from "fast-check";
import { build as buildHostile, hostileRecipe, type Recipe } from "../fuzz/hostileValues.js";
import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { appendChanges } from "./appendChanges.js";
import { attributeTimeline } from "./attributeTimeline.js";
import { attributeTrends } from "./attributeTrends.js";
import { diffVersions } from "./diffVersions.js";
import { profileAsOf } from "./profileAsOf.js";
import type { ChangeInput, ProfileHistory } from "./types.js";

const NOW = Date.parse("2024-06-01T00:00:00Z");
const KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "attribute", "value", "validAt", "recordedAt", "source", "version", "redacted", "city"] as const;
const recipe = hostileRecipe({ keys: KEYS, constants: ["city", "2024-01-01T00:00:00Z", 0, -1, 1.5, 1e300, NOW, null, true] });
const build = (node: Recipe): unknown => buildHostile(node, NOW);

/** Array.isArray, false for a revoked proxy (which makes Array.isArray throw). */
function isList(value: unknown): value is unknown[] {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

function prototypeSnapshot(): string {
  return JSON.stringify(Reflect.ownKeys(Object.prototype).map(String).sort());
}

/** Runs `call`; anything thrown must be ProfileKitError invalid_options. */
function answersOrRefuses(call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    expect(isProfileKitError(error) ? error.code : String(error)).toBe("invalid_options");
    return undefined;
  }
}

const base: ProfileHistory = appendChanges(
  null,
  [
    { attribute: "email", value: "a@example.com", validAt: NOW - 3_000, source: "crm" },
    { attribute: "city", value: { name: "Leeds", lines: ["1 Main St"] }, validAt: NOW - 2_000, source: null },
    { attribute: "email", value: "b@example.com", validAt: NOW - 1_000, source: "web" },
  ],
  { now: NOW, profileId: "p" },
).history;
const FIELDS = ["version", "attribute", "value", "validAt", "recordedAt", "source", "redacted", "__proto__"] as const;
const TOP = ["format", "profileId", "entries", "lastVersion", "retainedFrom", "redactions", "erased"] as const;

describe("versioning never throws anything but invalid_options", () => {
  const before = prototypeSnapshot();

  it("appendChanges reports whatever changes come in, and what it records reads back from JSON", () => {
    const change = fc.oneof(recipe, fc.record({ attribute: fc.oneof(fc.constantFrom(...KEYS).map((key): Recipe => ({ kind: "json", value: key })), recipe), value: recipe, validAt: recipe, recordedAt: recipe, source: recipe }, { requiredKeys: ["attribute", "value"] }));
    fc.assert(
      fc.property(fc.array(change, { maxLength: 6 }), (list) => {
        const changes = list.map((item) => {
          if ("kind" in item && typeof item.kind === "string") return build(item);
          const built: Record<string, unknown> = {};
          for (const [key, child] of Object.entries(item)) built[key] = build(child);
          return built;
        }) as ChangeInput[];
        const result = appendChanges(base, changes, { now: NOW });
        expect(result.appended + result.duplicates + result.rejected).toBe(changes.length);
        const stored = JSON.parse(JSON.stringify(result.history)) as ProfileHistory;
        expect(profileAsOf(stored)).toEqual(profileAsOf(result.history));
        expect(prototypeSnapshot()).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it("a stored history corrupted anywhere is answered correctly or refused with invalid_options", () => {
    const corruption = fc.oneof(
      fc.record({ entry: fc.nat({ max: 3 }), field: fc.constantFrom(...FIELDS), value: recipe }),
      fc.record({ field: fc.constantFrom(...TOP), value: recipe }),
    );
    fc.assert(
      fc.property(fc.array(corruption, { minLength: 1, maxLength: 3 }), (list) => {
        const stored = JSON.parse(JSON.stringify(base)) as Record<string, unknown> & { entries: unknown[] };
        for (const item of list) {
          const value = build(item.value);
          try {
            if ("entry" in item) {
              if (!isList(stored.entries)) continue;
              const entry: unknown = stored.entries[item.entry];
              if (typeof entry === "object" && entry !== null) Object.defineProperty(entry, item.field, { value, enumerable: true, writable: true, configurable: true });
              else stored.entries[item.entry] = value;
            } else Object.defineProperty(stored, item.field, { value, enumerable: true, writable: true, configurable: true });
          } catch {
            // An earlier corruption put a proxy there: nothing more to change in it.
          }
        }
        const history = stored as unknown as ProfileHistory;
        const snapshot = answersOrRefuses(() => profileAsOf(history)) as ReturnType<typeof profileAsOf> | undefined;
        if (snapshot !== undefined) {
          expect(Object.getPrototypeOf(snapshot.attributes)).toBe(Object.prototype);
          expect(Object.getPrototypeOf(snapshot.provenance)).toBe(Object.prototype);
        }
        answersOrRefuses(() => attributeTimeline(history, "email"));
        answersOrRefuses(() => attributeTrends(history, { now: NOW }));
        answersOrRefuses(() => appendChanges(history, [{ attribute: "city", value: "York", validAt: NOW }], { now: NOW }));
        expect(prototypeSnapshot()).toBe(before);
      }),
      { numRuns: 400 },
    );
  });

  it("diffVersions answers for any attribute values", () => {
    const attributes = fc.array(fc.tuple(fc.constantFrom(...KEYS), recipe), { maxLength: 5 });
    fc.assert(
      fc.property(attributes, attributes, (left, right) => {
        const side = (entries: readonly (readonly [string, Recipe])[]): { attributes: Record<string, unknown> } => ({ attributes: build({ kind: "record", entries }) as Record<string, unknown> });
        const changes = answersOrRefuses(() => diffVersions(side(left), side(right))) as ReturnType<typeof diffVersions> | undefined;
        expect(changes).toBeDefined();
        expect(prototypeSnapshot()).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});
