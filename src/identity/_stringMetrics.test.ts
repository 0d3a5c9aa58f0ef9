import { describe, expect, it } from "vitest";
import { _jaroWinkler, _levenshtein, _oneEditApart, _swapApart } from "./_stringMetrics.js";

/** Jaro-Winkler from its parts: m matches, t half-transpositions counted as pairs, l common prefix (≤ 4). */
function expected(la: number, lb: number, m: number, t: number, l: number): number {
  const jaro = (m / la + m / lb + (m - t) / m) / 3;
  return jaro + l * 0.1 * (1 - jaro);
}

describe("_jaroWinkler", () => {
  it("gives the textbook values (Winkler 1990)", () => {
    // MARTHA/MARHTA: 6 matches, T and H transposed (one transposition), prefix MAR.
    expect(_jaroWinkler("MARTHA", "MARHTA")).toBeCloseTo(expected(6, 6, 6, 1, 3), 12);
    expect(_jaroWinkler("MARTHA", "MARHTA")).toBeCloseTo(0.9611, 4);
    // DWAYNE/DUANE: D, A, N, E match within a window of 2, prefix D.
    expect(_jaroWinkler("DWAYNE", "DUANE")).toBeCloseTo(expected(6, 5, 4, 0, 1), 12);
    expect(_jaroWinkler("DWAYNE", "DUANE")).toBeCloseTo(0.84, 12);
    // DIXON/DICKSONX: the X of DIXON lies outside the window of 3 from the X of DICKSONX.
    expect(_jaroWinkler("DIXON", "DICKSONX")).toBeCloseTo(expected(5, 8, 4, 0, 2), 12);
    expect(_jaroWinkler("DIXON", "DICKSONX")).toBeCloseTo(0.8133, 4);
  });

  it("is symmetric on the textbook pairs", () => {
    expect(_jaroWinkler("MARHTA", "MARTHA")).toBeCloseTo(expected(6, 6, 6, 1, 3), 12);
    expect(_jaroWinkler("DUANE", "DWAYNE")).toBeCloseTo(expected(5, 6, 4, 0, 1), 12);
    expect(_jaroWinkler("DICKSONX", "DIXON")).toBeCloseTo(expected(8, 5, 4, 0, 2), 12);
  });

  it("gives 1 for identical strings and 0 for two empty ones or one empty", () => {
    expect(_jaroWinkler("A", "A")).toBe(1);
    expect(_jaroWinkler("MARTHA", "MARTHA")).toBe(1);
    expect(_jaroWinkler("", "")).toBe(0);
    expect(_jaroWinkler("", "A")).toBe(0);
    expect(_jaroWinkler("A", "")).toBe(0);
  });

  it("gives 0 when no character matches within the window", () => {
    expect(_jaroWinkler("A", "B")).toBe(0);
    expect(_jaroWinkler("ABC", "XYZ")).toBe(0);
    // Window 0 for two characters: A and B only match at their own position.
    expect(_jaroWinkler("AB", "BA")).toBe(0);
  });

  it("matches within the window and not one beyond it", () => {
    // Length 4: window 1. ABCD/BACD: all 4 match (A↔A at distance 1), A,B transposed, no common prefix.
    expect(_jaroWinkler("ABCD", "BACD")).toBeCloseTo(expected(4, 4, 4, 1, 0), 12);
    // XABC/ABCY: length 4, window 1: X, Y never match; A, B, C at distance 1 do.
    expect(_jaroWinkler("XABC", "ABCY")).toBeCloseTo(expected(4, 4, 3, 0, 0), 12);
    // XXABC/ABCYY: length 5, window 1: A, B, C at distance 2 do not match.
    expect(_jaroWinkler("XXABC", "ABCYY")).toBe(0);
    // Length 6: window 2. XXABCD/ABCDYY: distance 2 matches.
    expect(_jaroWinkler("XXABCD", "ABCDYY")).toBeCloseTo(expected(6, 6, 4, 0, 0), 12);
    // QQQABCD/ABCDWWW: length 7, window 2: distance 3 does not.
    expect(_jaroWinkler("QQQABCD", "ABCDWWW")).toBe(0);
  });

  it("matches a repeated character once on each side", () => {
    expect(_jaroWinkler("AAB", "ABB")).toBeCloseTo(expected(3, 3, 2, 0, 1), 12);
    expect(_jaroWinkler("AA", "A")).toBeCloseTo(expected(2, 1, 1, 0, 1), 12);
    // AAAB/ABBB (window 1): the second A finds the one A taken; the last B matches the B at 2.
    expect(_jaroWinkler("AAAB", "ABBB")).toBeCloseTo(expected(4, 4, 2, 0, 1), 12);
  });

  it("counts transpositions over the matched characters in order", () => {
    // CRATE/TRACE: R, A, E match (C and T are 4 apart, beyond the window of 1): no transposition.
    expect(_jaroWinkler("CRATE", "TRACE")).toBeCloseTo(expected(5, 5, 3, 0, 0), 12);
    // ABCDEF/BADCFE: three pairs swapped, six transposed characters: t = 3.
    expect(_jaroWinkler("ABCDEF", "BADCFE")).toBeCloseTo(expected(6, 6, 6, 3, 0), 12);
    // Length 3 gives window 0: only same positions match, here none.
    expect(_jaroWinkler("XAB", "YBA")).toBe(0);
  });

  it("caps the prefix at 4 characters and at the shorter string", () => {
    // 5 common leading characters count as 4.
    expect(_jaroWinkler("ABCDEFGH", "ABCDEXYZ")).toBeCloseTo(expected(8, 8, 5, 0, 4), 12);
    expect(_jaroWinkler("ABCDEF", "ABCDEG")).toBeCloseTo(expected(6, 6, 5, 0, 4), 12);
    // Exactly 4 common leading characters.
    expect(_jaroWinkler("ABCDX", "ABCDY")).toBeCloseTo(expected(5, 5, 4, 0, 4), 12);
    // 3 common leading characters then a difference.
    expect(_jaroWinkler("ABCX", "ABCY")).toBeCloseTo(expected(4, 4, 3, 0, 3), 12);
    // A prefix of the other: the prefix stops at the shorter string.
    expect(_jaroWinkler("AB", "ABC")).toBeCloseTo(expected(2, 3, 2, 0, 2), 12);
    expect(_jaroWinkler("ABC", "AB")).toBeCloseTo(expected(3, 2, 2, 0, 2), 12);
    expect(_jaroWinkler("A", "AB")).toBeCloseTo(expected(1, 2, 1, 0, 1), 12);
  });

  it("compares strings longer than its 32-character scratch", () => {
    const long = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"; // 36 characters
    const other = `${long.slice(0, 35)}#`;
    expect(_jaroWinkler(long, other)).toBeCloseTo(expected(36, 36, 35, 0, 4), 12);
    expect(_jaroWinkler(other, long)).toBeCloseTo(expected(36, 36, 35, 0, 4), 12);
    // One long, one short: the long side's flags past 32 must work too.
    expect(_jaroWinkler(`${"Z".repeat(34)}AB`, `${"Y".repeat(34)}AB`)).toBeCloseTo(expected(36, 36, 2, 0, 0), 12);
  });

  it("leaves no state behind between calls", () => {
    const first = _jaroWinkler("MARTHA", "MARHTA");
    _jaroWinkler("ABCDEFGHIJ", "ABCDEFGHIJK");
    expect(_jaroWinkler("MARTHA", "MARHTA")).toBe(first);
  });

  it("crosses a 0.92 threshold where the textbook says it does", () => {
    expect(_jaroWinkler("MARTHA", "MARHTA")).toBeGreaterThanOrEqual(0.92);
    expect(_jaroWinkler("DWAYNE", "DUANE")).toBeLessThan(0.92);
  });
});

describe("_levenshtein", () => {
  it("counts edits", () => {
    expect(_levenshtein("kitten", "sitting")).toBe(3);
    expect(_levenshtein("", "abc")).toBe(3);
    expect(_levenshtein("abc", "abc")).toBe(0);
  });
});

describe("_oneEditApart", () => {
  it("is false for equal strings", () => {
    expect(_oneEditApart("abc", "abc")).toBe(false);
    expect(_oneEditApart("", "")).toBe(false);
  });

  it("reads one substitution as one typo", () => {
    expect(_oneEditApart("abc", "abd")).toBe(true);
    expect(_oneEditApart("abc", "xbc")).toBe(true);
    expect(_oneEditApart("a", "b")).toBe(true);
  });

  it("reads one adjacent transposition as one typo, and two other differences as two", () => {
    expect(_oneEditApart("abcd", "abdc")).toBe(true);
    expect(_oneEditApart("abcd", "bacd")).toBe(true);
    expect(_oneEditApart("abcd", "abxy")).toBe(false);
    // First swapped character agrees, the second does not.
    expect(_oneEditApart("abcx", "abyc")).toBe(false);
    expect(_oneEditApart("abxc", "abcy")).toBe(false);
    // Swapped but not adjacent.
    expect(_oneEditApart("abcd", "dbca")).toBe(false);
    expect(_oneEditApart("abcde", "axcye")).toBe(false);
    expect(_oneEditApart("abcd", "xyzd")).toBe(false);
    expect(_oneEditApart("abcd", "badc")).toBe(false);
  });

  it("reads one insertion or deletion anywhere as one typo, in either order", () => {
    expect(_oneEditApart("abc", "abcd")).toBe(true);
    expect(_oneEditApart("abcd", "abc")).toBe(true);
    expect(_oneEditApart("abc", "xabc")).toBe(true);
    expect(_oneEditApart("xabc", "abc")).toBe(true);
    expect(_oneEditApart("abc", "abxc")).toBe(true);
    expect(_oneEditApart("", "a")).toBe(true);
    expect(_oneEditApart("a", "")).toBe(true);
  });

  it("refuses two edits of different lengths", () => {
    expect(_oneEditApart("abc", "xbcd")).toBe(false);
    expect(_oneEditApart("xbcd", "abc")).toBe(false);
    expect(_oneEditApart("abc", "axbyc")).toBe(false);
    expect(_oneEditApart("a", "abc")).toBe(false);
    expect(_oneEditApart("abc", "a")).toBe(false);
    expect(_oneEditApart("", "ab")).toBe(false);
  });
});

describe("_swapApart", () => {
  it("reads two characters swapped anywhere as a swap (Osrac, Oscar)", () => {
    expect(_swapApart("osrac", "oscar")).toBe(true);
    expect(_swapApart("abcd", "dbca")).toBe(true);
    expect(_swapApart("ab", "ba")).toBe(true);
    expect(_swapApart("abcd", "abdc")).toBe(true);
  });

  it("refuses equal strings, one difference, other pairs of differences, three differences and other lengths", () => {
    expect(_swapApart("abc", "abc")).toBe(false);
    expect(_swapApart("", "")).toBe(false);
    expect(_swapApart("abc", "abd")).toBe(false);
    expect(_swapApart("abcd", "xbcy")).toBe(false);
    expect(_swapApart("abcx", "ybca")).toBe(false);
    expect(_swapApart("xbca", "abcy")).toBe(false);
    expect(_swapApart("abcd", "bacx")).toBe(false);
    // Three differences, the first and the third swapped.
    expect(_swapApart("abcd", "dxca")).toBe(false);
    expect(_swapApart("abc", "bca")).toBe(false);
    expect(_swapApart("ab", "abc")).toBe(false);
    expect(_swapApart("ba", "abc")).toBe(false);
  });
});
