/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), computed only up to
 * `max`: any larger distance is answered as `max + 1`. Three rows of the table, no allocation for short strings.
 */
export function _editDistanceWithin(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  // Rows of the shared scratch for short strings (names, domains); long ones get rows of their own.
  const short = lb < ROW_A.length;
  const prev2 = short ? ROW_C.fill(0, 0, lb + 1) : new Int32Array(lb + 1);
  let prev = short ? ROW_A : new Int32Array(lb + 1);
  let row = short ? ROW_B : new Int32Array(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    row[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, (prev2[j - 2] as number) + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2.set(prev.subarray(0, lb + 1));
    const swap = prev;
    prev = row;
    row = swap;
  }
  return Math.min(prev[lb] as number, max + 1);
}

const ROW_A = new Int32Array(32);
const ROW_B = new Int32Array(32);
const ROW_C = new Int32Array(32);
