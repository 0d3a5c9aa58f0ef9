/**
 * Values in histories and snapshots, checked and compared: without recursion past `MAX_VALUE_DEPTH`, and
 * without throwing for a getter or proxy that does.
 */
import { _own } from "../shared/_dict.js";
import { _jsonProblem, MAX_VALUE_DEPTH, MAX_VALUE_NODES, type _JsonProblem } from "../shared/_jsonValue.js";

/**
 * `_jsonProblem`, with a fast path: most values are small plain JSON, and proving that takes a few
 * property reads, not the general walk's stack and sets. Only a value the fast path cannot vouch for is
 * walked again, by `_jsonProblem`, which says exactly what is wrong.
 *
 * @internal
 */
export function _valueProblem(value: unknown): _JsonProblem | null {
  let plain: boolean;
  try {
    plain = plainBudget(value, 1, MAX_VALUE_NODES) >= 0;
  } catch {
    // A getter or proxy trap threw: `_jsonProblem` reports it without throwing.
    plain = false;
  }
  return plain ? null : _jsonProblem(value);
}

/**
 * What is left of `budget` (elements still allowed) after `value`, or -1 when the value is not plainly
 * JSON within the limits. Recursive, but never deeper than MAX_VALUE_DEPTH + 1 calls: a deeper value
 * (or a cycle) fails here and goes to `_jsonProblem`, which is iterative.
 */
function plainBudget(value: unknown, depth: number, budget: number): number {
  switch (typeof value) {
    case "string":
    case "boolean":
      return budget;
    case "number":
      return Number.isFinite(value) ? budget : -1;
    case "object":
      if (value === null) return budget;
      break;
    default:
      return -1;
  }
  if (depth > MAX_VALUE_DEPTH) return -1;
  let children: readonly unknown[];
  if (Array.isArray(value)) children = value;
  else {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return -1;
    children = Object.values(value);
  }
  let left = budget - children.length;
  for (let index = 0; index < children.length && left >= 0; index++) left = plainBudget(children[index], depth + 1, left);
  return left;
}

/** A short, non-personal description of a JSON problem. @internal */
export function _describeProblem(problem: _JsonProblem): string {
  switch (problem.problem) {
    case "too_deep":
      return `nested more than ${problem.maximum} levels deep`;
    case "too_large":
      return `more than ${problem.maximum} elements`;
    case "not_json":
      return problem.received;
  }
}

/**
 * A text that is equal for equal JSON values whatever the key order of objects, or why the value cannot be
 * compared by content: nested deeper than `MAX_VALUE_DEPTH`, larger than `MAX_VALUE_NODES`, cyclic, a
 * BigInt, a class instance. The value is checked (iteratively) before it is walked, so no value overflows
 * the stack, and a getter that throws makes it uncomparable rather than throwing.
 *
 * @internal
 */
export function _comparableKey(value: unknown): string | _JsonProblem {
  switch (typeof value) {
    case "string":
      return `s${value}`;
    case "number":
    case "boolean":
      return `p${String(value)}`;
    case "object":
      if (value === null) return "pnull";
      break;
    default:
      break;
  }
  const problem = _valueProblem(value);
  if (problem !== null) return problem;
  try {
    return `j${canonical(value)}`;
  } catch {
    // Read once by the check, then a second time here: a proxy may answer differently.
    return { problem: "not_json", received: "unreadable object" };
  }
}

/**
 * {@link _comparableKey} for values already checked as plain JSON (history entries, accepted changes). An
 * uncomparable value (possible only if someone changed a value after it was checked) gets a key of its own
 * kind rather than an exception.
 *
 * @internal
 */
export function _valueKey(value: unknown): string {
  const key = _comparableKey(value);
  return typeof key === "string" ? key : `x${key.problem}`;
}

/** JSON text with object keys sorted. Only for checked values: depth is bounded by MAX_VALUE_DEPTH. */
function canonical(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value);
  let out: string;
  if (Array.isArray(value)) {
    out = "[";
    for (let index = 0; index < value.length; index++) out += `${index === 0 ? "" : ","}${canonical(value[index])}`;
    return `${out}]`;
  }
  out = "{";
  let first = true;
  for (const key of Object.keys(value).sort()) {
    const child = _own(value, key);
    // JSON leaves out undefined properties; so does the key.
    if (child === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(key)}:${canonical(child)}`;
    first = false;
  }
  return `${out}}`;
}
