import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { _LinkColumns } from "../identity/_cluster.js";
import type { IdentityLink } from "../identity/types.js";
import { _evidenceOf, _linkEvidence } from "./_evidence.js";

const KEYS = ["a", "b", "c", "d", "e", "f", "g", "h"];

// Links between a few keys (self-links and repeats included), with probabilities and weights that tie often.
const links = fc.array(
  fc.record({ x: fc.constantFrom(...KEYS), y: fc.constantFrom(...KEYS), p: fc.constantFrom(0.5, 0.9, 1), w: fc.constantFrom(1, 2, 3) }),
  { maxLength: 30 },
);
// Two disjoint sets of keys, of any sizes (either may be the smaller one).
const sides = fc.array(fc.constantFrom(0, 1, 2), { minLength: KEYS.length, maxLength: KEYS.length }).map((side) => ({
  a: new Set(KEYS.filter((_, k) => side[k] === 0)),
  b: new Set(KEYS.filter((_, k) => side[k] === 1)),
}));

const crosses = (a: ReadonlySet<string>, b: ReadonlySet<string>, x: string, y: string): boolean => (a.has(x) && b.has(y)) || (a.has(y) && b.has(x));

describe("audit evidence: the link behind a merge", () => {
  it("_linkEvidence answers the first crossing link, as a scan of every link would", () => {
    fc.assert(
      fc.property(links, fc.array(sides, { minLength: 1, maxLength: 4 }), (drawn, questions) => {
        const list: IdentityLink[] = drawn.map(({ x, y, p, w }) => ({ a: x, b: y, probability: p, matchWeight: w, decidedBy: { kind: "model" } }));
        const evidence = _linkEvidence(list);
        // Several questions of one evidence function: the index built by the first serves the next.
        for (const { a, b } of questions) {
          const scan = list.find((l) => crosses(a, b, l.a, l.b));
          expect(evidence(a, b)).toEqual(scan === undefined ? null : { kind: "link", a: scan.a, b: scan.b, decidedBy: "model", probability: scan.probability, matchWeight: scan.matchWeight });
        }
      }),
      { numRuns: 500 },
    );
  });

  it("_evidenceOf answers the most probable crossing link, then the heaviest, then the first", () => {
    fc.assert(
      fc.property(links, fc.array(sides, { minLength: 1, maxLength: 4 }), (drawn, questions) => {
        const ids = KEYS;
        const columns: _LinkColumns = { linkI: [], linkJ: [], linkP: [], linkW: [], linkBy: [] };
        for (const { x, y, p, w } of drawn) {
          columns.linkI.push(KEYS.indexOf(x));
          columns.linkJ.push(KEYS.indexOf(y));
          columns.linkP.push(p);
          columns.linkW.push(w);
          columns.linkBy.push(`by ${columns.linkBy.length}`);
        }
        const evidence = _evidenceOf(ids, columns);
        for (const { a, b } of questions) {
          let best = -1;
          drawn.forEach(({ x, y, p, w }, k) => {
            if (!crosses(a, b, x, y)) return;
            const bestOne = drawn[best];
            if (bestOne === undefined || p > bestOne.p || (p === bestOne.p && w > bestOne.w)) best = k;
          });
          const chosen = drawn[best];
          expect(evidence(a, b)).toEqual(chosen === undefined ? null : { kind: "link", a: chosen.x, b: chosen.y, decidedBy: `by ${best}`, probability: chosen.p, matchWeight: chosen.w });
        }
      }),
      { numRuns: 500 },
    );
  });
});
