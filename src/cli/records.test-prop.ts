import fc from "fast-check";
import { stringify } from "csv-stringify/sync";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvLine } from "./records.js";

// The command line writes its CSV lines itself (csv-stringify was a tenth of cleanse's time): they must be the
// lines csv-stringify writes, and read back as the values written.
const cellText = fc.string({ unit: fc.constantFrom("a", "Z", " ", ",", ";", '"', "'", "\n", "\r", "\t", "é", "💡", "=", "-", "0") , maxLength: 12 });
const cell = fc.oneof(cellText, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }));

describe("csvLine", () => {
  it("writes what csv-stringify writes, and csv-parse reads the values back", () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (cells) => {
        const text = (value: (typeof cells)[number]): string => (value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));
        const line = csvLine(cells);
        expect(line).toBe(stringify([cells.map(text)]));
        expect(parse(line, { relax_column_count: true })).toEqual([cells.map(text)]);
      }),
      { numRuns: 2000 },
    );
  });
});
