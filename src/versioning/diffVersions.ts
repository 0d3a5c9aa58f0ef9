import { _valueKey } from "./_history.js";

/** One attribute that differs between two versions of a profile. */
export interface AttributeChange {
  readonly attribute: string;
  /** `added` (no value before), `removed` (no value after) or `changed`. */
  readonly kind: "added" | "removed" | "changed";
  /** The value before (absent when added). */
  readonly before?: unknown;
  /** The value after (absent when removed). */
  readonly after?: unknown;
}

/** Anything with attributes: a {@link ProfileSnapshot} from `profileAsOf`, or a golden profile from `mergeRecords`. */
export interface ProfileAttributes {
  readonly attributes: Readonly<Record<string, unknown>>;
}

/**
 * The attribute-level differences between two versions of a profile, sorted by attribute name. Values are
 * compared as JSON (object key order does not matter).
 *
 * @param before - the earlier version (a snapshot or a golden profile)
 * @param after - the later version
 * @returns one change per attribute added, removed or changed
 * @example
 * ```ts
 * diffVersions(profileAsOf(history, { version: 3 }), profileAsOf(history));
 * // [{ attribute: "city", kind: "changed", before: "Leeds", after: "York" }]
 * ```
 */
export function diffVersions(before: ProfileAttributes, after: ProfileAttributes): AttributeChange[] {
  const changes: AttributeChange[] = [];
  const a = before.attributes;
  const b = after.attributes;
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const attribute of [...names].sort()) {
    const hasBefore = Object.hasOwn(a, attribute) && a[attribute] !== undefined;
    const hasAfter = Object.hasOwn(b, attribute) && b[attribute] !== undefined;
    if (hasBefore && !hasAfter) changes.push({ attribute, kind: "removed", before: a[attribute] });
    else if (!hasBefore && hasAfter) changes.push({ attribute, kind: "added", after: b[attribute] });
    else if (hasBefore && hasAfter && _valueKey(a[attribute]) !== _valueKey(b[attribute])) {
      changes.push({ attribute, kind: "changed", before: a[attribute], after: b[attribute] });
    }
  }
  return changes;
}
