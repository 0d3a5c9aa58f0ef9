import { isProfileKitError } from "../errors/isProfileKitError.js";
import type { Issue } from "../errors/issue.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own } from "../shared/_dict.js";
import { _jsonIssue } from "../shared/_jsonValue.js";
import { _comparableKey } from "./_values.js";
import type { ProfileView } from "../shared/types.js";

/** One attribute that differs between two versions of a profile. */
export interface AttributeChange {
  readonly attribute: string;
  /** `added` (no value before), `removed` (no value after) or `changed`. */
  readonly kind: "added" | "removed" | "changed";
  /** The value before (absent when added). */
  readonly before?: unknown;
  /** The value after (absent when removed). */
  readonly after?: unknown;
  /**
   * Set when a value could not be compared by content (nested deeper than `MAX_VALUE_DEPTH`, more than
   * `MAX_VALUE_NODES` elements, cyclic, a BigInt, a class instance): `too_deep`, `too_large` or
   * `invalid_type` issues at `["before" | "after", "attributes", attribute]`. Such a change is `changed`.
   */
  readonly issues?: readonly Issue[];
}


/**
 * The attribute-level differences between two versions of a profile, sorted by attribute name. Values are
 * compared as JSON (object key order does not matter). Only own properties count, so a name such as
 * `constructor` or `__proto__` is an attribute like any other.
 *
 * A value that is not plain JSON within the limits (nested deeper than `MAX_VALUE_DEPTH`, 64 levels; more
 * than `MAX_VALUE_NODES`, 100,000 elements; cyclic; a BigInt…) is never walked past the limit: it is
 * compared by identity instead, so the attribute is `changed` unless both versions hold the very same
 * value, and the change carries `issues` saying which value could not be compared and why. Nothing is
 * thrown for a value.
 *
 * @param before - the earlier version (a snapshot or a golden profile)
 * @param after - the later version
 * @returns one change per attribute added, removed or changed
 * @throws ProfileKitError `invalid_options` when `before` or `after` has no readable `attributes` object
 * @example
 * ```ts
 * diffVersions(profileAsOf(history, { version: 3 }), profileAsOf(history));
 * // [{ attribute: "city", kind: "changed", before: "Leeds", after: "York" }]
 * ```
 */
export function diffVersions(before: ProfileView, after: ProfileView): AttributeChange[] {
  const a = attributesOf("before", before);
  const b = attributesOf("after", after);
  const names = new Set(a.keys());
  for (const name of b.keys()) names.add(name);
  const changes: AttributeChange[] = [];
  for (const attribute of Array.from(names).sort()) {
    const valueBefore = a.get(attribute);
    const valueAfter = b.get(attribute);
    if (valueAfter === undefined) changes.push({ attribute, kind: "removed", before: valueBefore });
    else if (valueBefore === undefined) changes.push({ attribute, kind: "added", after: valueAfter });
    else {
      const change = compare(attribute, valueBefore, valueAfter);
      if (change !== null) changes.push(change);
    }
  }
  return changes;
}

function compare(attribute: string, before: unknown, after: unknown): AttributeChange | null {
  const keyBefore = _comparableKey(before);
  const keyAfter = _comparableKey(after);
  if (typeof keyBefore === "string" && typeof keyAfter === "string") return keyBefore === keyAfter ? null : { attribute, kind: "changed", before, after };
  if (Object.is(before, after)) return null;
  const issues: Issue[] = [];
  if (typeof keyBefore !== "string") issues.push(_jsonIssue(keyBefore, ["before", "attributes", attribute]));
  if (typeof keyAfter !== "string") issues.push(_jsonIssue(keyAfter, ["after", "attributes", attribute]));
  return { attribute, kind: "changed", before, after, issues };
}

/** The defined own attribute values of one side; `invalid_options` when it has none to read. */
function attributesOf(side: "before" | "after", profile: unknown): Map<string, unknown> {
  try {
    const attributes: unknown = typeof profile === "object" && profile !== null ? (profile as { attributes?: unknown }).attributes : undefined;
    if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) throw invalid(`${side}.attributes must be an object`);
    const values = new Map<string, unknown>();
    for (const name of Object.keys(attributes)) {
      const value = _own(attributes, name);
      if (value !== undefined) values.set(name, value);
    }
    return values;
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    // A getter or proxy trap threw.
    throw invalid(`${side}.attributes could not be read`, error);
  }
}

function invalid(problem: string, cause?: unknown): ProfileKitError {
  return new ProfileKitError("invalid_options", `diffVersions: ${problem}.`, cause === undefined ? undefined : { cause });
}
