// Every regular expression in cleansing must run in linear time. Two checks: a static ReDoS analysis of
// every regex literal in src/ (recheck), and hostile 100 KB inputs run through every standardiser. The
// second has a test timeout as a liveness bound (catastrophic backtracking on 100 KB would take hours); it
// asserts results, not durations.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkSync } from "recheck";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { cleanseRecord } from "./cleanseRecord.js";
import { normalizeAddress } from "./normalizeAddress.js";
import { normalizeCountry } from "./normalizeCountry.js";
import { normalizeDate } from "./normalizeDate.js";
import { normalizeEmail } from "./normalizeEmail.js";
import { normalizeName } from "./normalizeName.js";
import { normalizePhone } from "./normalizePhone.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test(-d|-prop)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

function regexLiterals(file: string): { pattern: string; flags: string; line: number }[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: { pattern: string; flags: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText(source);
      const end = literal.lastIndexOf("/");
      found.push({ pattern: literal.slice(1, end), flags: literal.slice(end + 1), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// Under mutation testing (vitest.mutate.config.ts sets PROFILE_KIT_MUTATING) the files on disk are
// Stryker's instrumented copies, whose regex mutants are meant to be wrong: the static scan is for the
// real source, which `npm test` checks. The hostile inputs below still run against every mutant.
describe.skipIf(process.env["PROFILE_KIT_MUTATING"] === "1")("regular expressions", () => {
  const root = join(import.meta.dirname, "..");
  const literals = sourceFiles(root).flatMap((file) => regexLiterals(file).map((literal) => ({ ...literal, file: file.slice(root.length + 1) })));

  it("finds the library's regex literals", () => {
    expect(literals.length).toBeGreaterThan(40);
  });

  it("are all free of super-linear backtracking (recheck)", () => {
    const vulnerable = literals.filter(({ pattern, flags }) => checkSync(pattern, flags.replace("g", ""), { timeout: 10_000 }).status === "vulnerable");
    expect(vulnerable.map(({ file, line, pattern }) => `${file}:${line} /${pattern}/`)).toEqual([]);
  }, 120_000);
});

describe("hostile 100 KB inputs", () => {
  const size = 100_000;
  const hostile = [
    "a".repeat(size),
    `${"a".repeat(size)}@`,
    `${"a.".repeat(size / 2)}@x.com`,
    `a@${"a-".repeat(size / 2)}.com`,
    "1".repeat(size),
    `${"1-".repeat(size / 2)}x`,
    " ".repeat(size),
    `${"\t ".repeat(size / 2)}x`,
    "\u0000".repeat(size),
    "12/".repeat(size / 3),
    "Mar ".repeat(size / 4),
    `${"van ".repeat(size / 4)}Berg`,
    `${"#".repeat(size)}1`,
    `1 ${"N ".repeat(size / 2)}`,
    "😀".repeat(size / 2),
    "\u202E".repeat(size),
    // Letters whose case mapping lengthens or decomposes, and combining sequences NFC composes.
    "İ".repeat(size),
    "ﬃ".repeat(size),
    "e\u0301".repeat(size / 2),
    `1 ${"İ ".repeat(size / 2)}`,
  ];
  // Inputs just under each field's length limit, so the patterns do run on them.
  const underLimit = [
    `${"a.".repeat(30)}a@${"b".repeat(60)}.com`,
    "1".repeat(60),
    `${"Jean-".repeat(39)}Luc`,
    `1 ${"N ".repeat(140)}ST`,
    `${"1".repeat(30)}/${"1".repeat(30)}`,
    // Just under the pre-check (four times the limit plus 64): cleaned, composed and cased before refusal.
    "e\u0301".repeat(100),
    "İ".repeat(199),
    `1 ${"ﬃ ".repeat(149)}`,
    `${"İ".repeat(60)}@${"ü".repeat(60)}.de`,
  ];

  it("finishes for every standardiser and returns issues, not exceptions", () => {
    for (const input of [...hostile, ...underLimit]) {
      expect(normalizeEmail(input).original).toBe(input);
      expect(normalizePhone(input, { country: "US" }).original).toBe(input);
      expect(normalizeName(input).original).toBe(input);
      expect(normalizeDate(input).original).toBe(input);
      expect(normalizeCountry(input).original).toBe(input);
      expect(normalizeAddress({ street: input, city: input, region: input, postalCode: input, country: "US" }).original.street).toBe(input);
      const record = cleanseRecord({ email: input, phone: input, firstName: input, lastName: input, fullName: input, dateOfBirth: input, street: input, city: input, postalCode: input, country: input, updatedAt: input, id: input });
      expect(record.issues.length).toBeGreaterThan(0);
    }
  }, 20_000);
});
