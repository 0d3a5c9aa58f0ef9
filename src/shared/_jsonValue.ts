/**
 * Checks on attribute values before any recursive work touches them: how deep a value nests, and whether
 * it is plain JSON. Iterative (an explicit stack), so a hostile 100,000-deep array costs a loop, not the
 * call stack; and defensive, so a Proxy or a throwing getter is an answer, never an exception.
 */

import { _createIssue } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import { _setOwn } from "./_dict.js";

/**
 * Deepest nesting accepted in an attribute value (`[[1]]` is 2 deep). Deeper values are refused with a
 * `too_deep` issue before any recursive step (JSON encoding, comparison, validation) sees them.
 */
export const MAX_VALUE_DEPTH = 64;

/** Most array elements plus object properties one value may hold in all. */
export const MAX_VALUE_NODES = 100_000;

/** Why a value is not usable plain JSON, or null when it is. @internal */
export type _JsonProblem =
  | { readonly problem: "too_deep"; readonly maximum: number }
  | { readonly problem: "too_large"; readonly maximum: number }
  | { readonly problem: "not_json"; readonly received: string };

/** A problem in words, to follow "must be JSON data; ": "it is a function", "it is nested deeper than 64 levels". @internal */
export function _jsonProblemText(p: _JsonProblem): string {
  if (p.problem === "too_deep") return `it is nested deeper than ${p.maximum} levels`;
  if (p.problem === "too_large") return `it holds more than ${p.maximum.toLocaleString("en-US")} values`;
  if (p.received === "undefined") return "it is undefined";
  return `it is ${/^[aeiou]/.test(p.received) ? "an" : "a"} ${p.received}`;
}

const DEEP: _JsonProblem = { problem: "too_deep", maximum: MAX_VALUE_DEPTH };
const LARGE: _JsonProblem = { problem: "too_large", maximum: MAX_VALUE_NODES };

/**
 * Null when `value` is plain JSON (strings, finite numbers, booleans, null, arrays and plain objects of
 * them, and Dates, which encode as text) no deeper than `maxDepth`; otherwise why not. A value seen twice
 * on one path (a cycle) is not JSON; shared references elsewhere are fine.
 *
 * @internal
 */
export function _jsonProblem(value: unknown, maxDepth: number = MAX_VALUE_DEPTH): _JsonProblem | null {
  const primitive = primitiveProblem(value);
  if (primitive !== undefined) return primitive;
  try {
    return walk(value as object, maxDepth);
  } catch {
    // A revoked Proxy, a getter that throws: not a value anything can use.
    return { problem: "not_json", received: "unreadable object" };
  }
}

/** undefined for an object (look inside), null for good JSON, else the problem. */
function primitiveProblem(value: unknown): _JsonProblem | null | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return null;
    case "number":
      return Number.isFinite(value) ? null : { problem: "not_json", received: "non-finite number" };
    case "object":
      return value === null ? null : undefined;
    default:
      return { problem: "not_json", received: typeof value };
  }
}

function walk(root: object, maxDepth: number): _JsonProblem | null {
  // Each frame: an object and its depth. `onPath` holds the objects between the root and the frame being
  // read, so a cycle is told from a value shared by two branches.
  const stack: { readonly node: object; readonly depth: number; exit: boolean }[] = [{ node: root, depth: 1, exit: false }];
  const onPath = new Set<object>();
  let nodes = 0;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as { readonly node: object; readonly depth: number; exit: boolean };
    if (frame.exit) {
      onPath.delete(frame.node);
      stack.pop();
      continue;
    }
    frame.exit = true;
    const node = frame.node;
    if (node instanceof Date) continue;
    if (frame.depth > maxDepth) return DEEP;
    if (onPath.has(node)) return { problem: "not_json", received: "cyclic value" };
    if (!Array.isArray(node)) {
      const prototype: unknown = Object.getPrototypeOf(node);
      if (prototype !== Object.prototype && prototype !== null) return { problem: "not_json", received: "class instance" };
    }
    onPath.add(node);
    const children: readonly unknown[] = Array.isArray(node) ? node : Object.values(node);
    nodes += children.length;
    if (nodes > MAX_VALUE_NODES) return LARGE;
    for (const child of children) {
      const problem = primitiveProblem(child);
      if (problem === undefined) stack.push({ node: child as object, depth: frame.depth + 1, exit: false });
      else if (problem !== null) return problem;
    }
  }
  return null;
}

/** The issue that reports a {@link _JsonProblem} at `path`. @internal */
export function _jsonIssue(problem: _JsonProblem, path: IssuePath): Issue {
  switch (problem.problem) {
    case "too_deep":
      return _createIssue("too_deep", path, { maximum: problem.maximum });
    case "too_large":
      return _createIssue("too_large", path, { maximum: problem.maximum });
    case "not_json":
      return _createIssue("invalid_type", path, { expected: "a JSON value", received: problem.received });
  }
}

/**
 * A deep copy of a JSON value (Dates included) made of fresh plain objects and arrays, so nothing done to
 * the copy (a validator's sanitisers, a later stage's edits) reaches the caller's objects, frozen or not.
 * Own enumerable keys only; "__proto__" stays a data key. Meant for values `_jsonProblem` accepted: the
 * depth is checked again (a getter may answer differently the second time), and a value that cannot be
 * copied throws, so the caller wraps the call in try/catch.
 *
 * @internal
 */
export function _copyJson(value: unknown, depth = 1): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_VALUE_DEPTH) throw new RangeError("value nests too deep to copy");
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) {
    const source = value as readonly unknown[];
    const copy = new Array<unknown>(source.length);
    for (let i = 0; i < source.length; i++) copy[i] = _copyJson(source[i], depth + 1);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  // Object.entries reads own enumerable properties and lets a throwing getter or trap throw.
  for (const [key, child] of Object.entries(value)) _setOwn(copy, key, _copyJson(child, depth + 1));
  return copy;
}
