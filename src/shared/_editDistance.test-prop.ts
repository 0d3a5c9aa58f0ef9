// _editDistanceWithin against a plain optimal-string-alignment table (issue #19).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { _editDistanceWithin } from "./_editDistance.js";

function osa(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (__, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

describe("_editDistanceWithin", () => {
  it("equals the optimal-string-alignment distance when within the bound, else bound + 1", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "c", "d"), maxLength: 40 });
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 6 }), (a, b, max) => {
        const exact = osa(a, b);
        expect(_editDistanceWithin(a, b, max)).toBe(exact <= max ? exact : max + 1);
      }),
      { numRuns: 2_000 },
    );
  });
});
