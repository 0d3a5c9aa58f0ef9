/**
 * "; did you mean threshold?" when `key` is a likely typo of one of `known`, else "; known options are …".
 * Error path only: a plain edit distance, not a dependency.
 *
 * @internal
 */
export function _suggestKey(key: string, known: readonly string[]): string {
  if (known.length === 0) return "";
  let best: string | null = null;
  let bestDistance = Infinity;
  // Option names are short: a key much longer than any is not a typo of one (and the distance stays cheap).
  if (key.length <= 64) {
    for (const candidate of known) {
      const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
  }
  if (best !== null && bestDistance <= Math.max(2, Math.ceil(best.length / 3))) return `; did you mean ${best}?`;
  return `; known options are ${known.join(", ")}`;
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
