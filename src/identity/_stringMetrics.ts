import levenshtein from "fast-levenshtein";

// Reusable flag arrays for short strings. Safe to share: the function is synchronous and not re-entrant,
// and the arrays are cleared before each use, so no state carries between calls.
const SCRATCH_A = new Uint8Array(32);
const SCRATCH_B = new Uint8Array(32);

/**
 * Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters). Written out because it runs
 * on every candidate pair: no allocation beyond two small flag arrays.
 */
export function _jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  // Names are short: flags on the stack-like scratch of this call's size class, allocated only for long strings.
  const matchedA = la <= 32 ? SCRATCH_A.fill(0, 0, la) : new Uint8Array(la);
  const matchedB = lb <= 32 ? SCRATCH_B.fill(0, 0, lb) : new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const start = Math.max(0, i - window);
    const end = Math.min(i + window + 1, lb);
    const ch = a.charCodeAt(i);
    for (let j = start; j < end; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === ch) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Levenshtein edit distance (fast-levenshtein). */
export function _levenshtein(a: string, b: string): number {
  return levenshtein.get(a, b);
}

/** Damerau-style "one typo apart": one substitution, insertion, deletion, or one adjacent transposition. */
export function _oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    let first = -1;
    let diffs = 0;
    for (let i = 0; i < la; i++) {
      if (a.charCodeAt(i) !== b.charCodeAt(i)) {
        if (diffs === 0) first = i;
        diffs++;
        if (diffs > 2) return false;
      }
    }
    if (diffs === 1) return true;
    // Adjacent transposition: ab ↔ ba.
    return diffs === 2 && a[first] === b[first + 1] && a[first + 1] === b[first];
  }
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  let j = 0;
  let skipped = false;
  while (i < short.length && j < long.length) {
    if (short.charCodeAt(i) === long.charCodeAt(j)) {
      i++;
      j++;
    } else {
      if (skipped) return false;
      skipped = true;
      j++;
    }
  }
  return true;
}

/** Whether two strings of one length differ only by two characters swapped, wherever they are (Osrac, Oscar). */
export function _swapApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let first = -1;
  let second = -1;
  for (let k = 0; k < a.length; k++) {
    if (a.charCodeAt(k) === b.charCodeAt(k)) continue;
    if (first < 0) first = k;
    else if (second < 0) second = k;
    else return false;
  }
  return second >= 0 && a[first] === b[second] && a[second] === b[first];
}

export { _editDistanceWithin } from "../shared/_editDistance.js";
