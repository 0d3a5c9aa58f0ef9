// Direct tests of the text helpers every standardiser reads through (issue #19): the exact result and the
// exact issues for each branch, boundary and character class.
import { describe, expect, it } from "vitest";
import type { Issue, IssuePath } from "../errors/issue.js";
import { _capitalOf, _composed, _describeValue, _flat, _fold, _readText, _sameText, _statusOf, _withinLimit, type _ReadTextOptions, type _Text } from "./_text.js";

const PATH: IssuePath = ["records", 3, "phone"];
const MISSING: _Text = { text: null, missing: true, unusable: false };
const UNUSABLE: _Text = { text: null, missing: false, unusable: true };
const text = (value: string): _Text => ({ text: value, missing: false, unusable: false });

/** `_readText` with a fresh issue list: what it returned and what it reported. */
function read(value: unknown, options: _ReadTextOptions = { maxLength: 100 }): { readonly result: _Text; readonly issues: Issue[] } {
  const issues: Issue[] = [];
  const result = _readText(value, PATH, options, issues);
  return { result, issues };
}

const tooLong = (maximum: number, length: number): Issue => ({ code: "too_long", path: PATH, maximum, length, message: `Value is ${length} characters long; the maximum is ${maximum}.`, severity: "error" });
const controls = (count: number): Issue => ({ code: "control_characters", path: PATH, count, message: `Removed ${count} control character${count === 1 ? "" : "s"}.`, severity: "info" });
const invalidType = (expected: string, received: string): Issue => ({ code: "invalid_type", path: PATH, expected, received, message: `Expected ${expected} but received ${received}.`, severity: "error" });
const COERCED: Issue = { code: "coerced_type", path: PATH, from: "number", message: "Converted a number to text.", severity: "info" };

describe("_readText: missing and wrong types", () => {
  it("reads undefined, null, the empty string and blank text as missing, with no issue", () => {
    for (const value of [undefined, null, "", " ", "   ", "\t\n\r", "\u00a0\u3000"]) expect(read(value)).toEqual({ result: MISSING, issues: [] });
  });

  it("refuses a value that is not text, naming what it expected and what it got", () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    const cases: [unknown, string][] = [
      [true, "boolean"],
      [false, "boolean"],
      [5, "number"],
      [{}, "object"],
      [["a"], "array"],
      [10n, "bigint"],
      [Symbol("s"), "symbol"],
      [() => "a", "function"],
      [Number.NaN, "non-finite number"],
      [proxy, "unreadable object"],
    ];
    for (const [value, received] of cases) expect(read(value)).toEqual({ result: UNUSABLE, issues: [invalidType("string", received)] });
    expect(read(5, { maxLength: 100, allowNumber: false })).toEqual({ result: UNUSABLE, issues: [invalidType("string", "number")] });
  });

  it("appends its issues after those already in the list", () => {
    const issues: Issue[] = [COERCED];
    expect(_readText(true, PATH, { maxLength: 10 }, issues)).toEqual(UNUSABLE);
    expect(issues).toEqual([COERCED, invalidType("string", "boolean")]);
  });
});

describe("_readText: numbers, when allowed", () => {
  const numbers: _ReadTextOptions = { maxLength: 20, allowNumber: true };

  it("converts a non-negative safe integer to its digits and reports the conversion", () => {
    expect(read(12345, numbers)).toEqual({ result: text("12345"), issues: [COERCED] });
    expect(read(0, numbers)).toEqual({ result: text("0"), issues: [COERCED] });
    expect(read(-0, numbers)).toEqual({ result: text("0"), issues: [COERCED] });
    expect(read(Number.MAX_SAFE_INTEGER, numbers)).toEqual({ result: text("9007199254740991"), issues: [COERCED] });
  });

  it("refuses negative, fractional, unsafe and non-finite numbers, expecting a string or a number", () => {
    for (const value of [-1, 1.5, 0.1, 2 ** 53, -(2 ** 53)]) expect(read(value, numbers)).toEqual({ result: UNUSABLE, issues: [invalidType("string or number", "number")] });
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(read(value, numbers)).toEqual({ result: UNUSABLE, issues: [invalidType("string or number", "non-finite number")] });
    expect(read(true, numbers)).toEqual({ result: UNUSABLE, issues: [invalidType("string or number", "boolean")] });
    expect(read(10n, numbers)).toEqual({ result: UNUSABLE, issues: [invalidType("string or number", "bigint")] });
  });

  it("applies the length limit to the digits, after reporting the conversion", () => {
    expect(read(123, { maxLength: 3, allowNumber: true })).toEqual({ result: text("123"), issues: [COERCED] });
    expect(read(1234, { maxLength: 3, allowNumber: true })).toEqual({ result: UNUSABLE, issues: [COERCED, tooLong(3, 4)] });
  });
});

describe("_readText: length limits", () => {
  it("takes clean ASCII up to the limit, and refuses one character more with its length", () => {
    expect(read("abc", { maxLength: 3 })).toEqual({ result: text("abc"), issues: [] });
    expect(read("abcd", { maxLength: 3 })).toEqual({ result: UNUSABLE, issues: [tooLong(3, 4)] });
  });

  it("measures text that needed work after cleaning: trimmed spaces do not count", () => {
    expect(read("  abc  ", { maxLength: 3 })).toEqual({ result: text("abc"), issues: [] });
    expect(read("  abcd  ", { maxLength: 3 })).toEqual({ result: UNUSABLE, issues: [tooLong(3, 4)] });
    expect(read("a\u0000b\u0001c", { maxLength: 3 })).toEqual({ result: text("abc"), issues: [controls(2)] });
  });

  it("refuses raw input longer than 4 × the limit + 64 before any work, with its raw length", () => {
    // maxLength 1: up to 68 raw characters are cleaned first (67 spaces and a letter read as one letter)…
    expect(read(`${" ".repeat(67)}a`, { maxLength: 1 })).toEqual({ result: text("a"), issues: [] });
    // …69 are refused as they are, although they would have cleaned down to one letter.
    expect(read(`${" ".repeat(68)}a`, { maxLength: 1 })).toEqual({ result: UNUSABLE, issues: [tooLong(1, 69)] });
    expect(read(`${" ".repeat(103)}a`, { maxLength: 10 })).toEqual({ result: text("a"), issues: [] });
    expect(read(`${" ".repeat(104)}a`, { maxLength: 10 })).toEqual({ result: UNUSABLE, issues: [tooLong(10, 105)] });
  });

  it("applies the limit to the composed (NFC) text, which can be longer or shorter than the input", () => {
    // U+0958 is excluded from composition: NFC turns its one code unit into two.
    expect(read("\u0958", { maxLength: 1 })).toEqual({ result: UNUSABLE, issues: [tooLong(1, 2)] });
    expect(read("\u0958", { maxLength: 2 })).toEqual({ result: text("\u0915\u093c"), issues: [] });
    // e + combining acute: two code units in, one out.
    expect(read("e\u0301", { maxLength: 1 })).toEqual({ result: text("\u00e9"), issues: [] });
    expect(read("Jose\u0301", { maxLength: 4 })).toEqual({ result: text("Jos\u00e9"), issues: [] });
  });

  it("counts UTF-16 code units: an emoji outside the BMP is two", () => {
    expect(read("😀", { maxLength: 2 })).toEqual({ result: text("😀"), issues: [] });
    expect(read("😀", { maxLength: 1 })).toEqual({ result: UNUSABLE, issues: [tooLong(1, 2)] });
  });
});

describe("_readText: spaces", () => {
  it("returns clean printable ASCII as it is, every printable character included", () => {
    let ascii = "";
    for (let code = 0x21; code <= 0x7e; code++) ascii += String.fromCharCode(code);
    expect(read(ascii, { maxLength: 94 })).toEqual({ result: text(ascii), issues: [] });
    expect(read("a b c")).toEqual({ result: text("a b c"), issues: [] });
  });

  it("trims leading and trailing spaces and collapses runs of two or more", () => {
    expect(read(" a")).toEqual({ result: text("a"), issues: [] });
    expect(read("a ")).toEqual({ result: text("a"), issues: [] });
    expect(read("a  b")).toEqual({ result: text("a b"), issues: [] });
    expect(read("a   b")).toEqual({ result: text("a b"), issues: [] });
    expect(read("a    b     c")).toEqual({ result: text("a b c"), issues: [] });
    expect(read("  Ann   Lee  ")).toEqual({ result: text("Ann Lee"), issues: [] });
  });

  it("turns every kind of space, tab and line break into one plain space", () => {
    const spaces = ["\t", "\n", "\r", "\u00a0", "\u1680", "\u2000", "\u2005", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"];
    for (const space of spaces) {
      expect(read(`a${space}b`), JSON.stringify(space)).toEqual({ result: text("a b"), issues: [] });
      expect(read(`${space}a${space}${space}b${space}`), JSON.stringify(space)).toEqual({ result: text("a b"), issues: [] });
    }
    expect(read("a\r\n\tb")).toEqual({ result: text("a b"), issues: [] });
    expect(read("a \u00a0 \u3000 b")).toEqual({ result: text("a b"), issues: [] });
  });

  it("keeps characters next to the space ranges: zero-width joiners, Greek dasia", () => {
    for (const kept of ["\u200c", "\u200d", "\u1ffe", "\u1fff", "\u205e", "\u3001"]) expect(read(`a${kept}b`), JSON.stringify(kept)).toEqual({ result: text(`a${kept}b`), issues: [] });
    expect(read("👨\u200d👩\u200d👧")).toEqual({ result: text("👨\u200d👩\u200d👧"), issues: [] });
  });
});

describe("_readText: control and bidirectional characters", () => {
  it("removes C0 and C1 controls, DEL, bidi overrides, isolates and marks, invisible characters and the BOM, counting them", () => {
    const removed = ["\u0000", "\u0001", "\u0008", "\u000b", "\u000c", "\u000e", "\u0010", "\u001f", "\u007f", "\u0085", "\u009f", "\u00ad", "\u061c", "\u180e", "\u200b", "\u200e", "\u200f", "\u202a", "\u202c", "\u202e", "\u2060", "\u2062", "\u2064", "\u2066", "\u2067", "\u2069", "\ufeff"];
    for (const control of removed) expect(read(`a${control}b`), JSON.stringify(control)).toEqual({ result: text("ab"), issues: [controls(1)] });
    expect(read(removed.join(""))).toEqual({ result: MISSING, issues: [controls(removed.length)] });
    expect(read("\u202eevil\u202c.exe")).toEqual({ result: text("evil.exe"), issues: [controls(2)] });
    expect(read("\ufeffAnn")).toEqual({ result: text("Ann"), issues: [controls(1)] });
  });

  it("keeps the characters just outside each control range", () => {
    // A leading space sends even printable ASCII through the cleaning (not the fast path for clean text).
    for (const kept of ["~", "\u00a1", "\u00ac", "\u00ae", "\u061b", "\u061d", "\u180d", "\u180f", "\u205e", "\u2065", "\u206a", "\u200c", "\u200d", "\u2010", "\ufefc"]) expect(read(` a${kept}b`), JSON.stringify(kept)).toEqual({ result: text(`a${kept}b`), issues: [] });
    // Tab, line feed, carriage return, no-break and narrow no-break space, paragraph separator: spaces.
    for (const space of ["\t", "\n", "\r", "\u00a0", "\u202f", "\u2029"]) expect(read(`a${space}b`), JSON.stringify(space)).toEqual({ result: text("a b"), issues: [] });
  });

  it("removes controls before collapsing spaces, so the spaces either side become one", () => {
    expect(read("a \u0000 b")).toEqual({ result: text("a b"), issues: [controls(1)] });
    expect(read(" \u0007 ")).toEqual({ result: MISSING, issues: [controls(1)] });
    expect(read("\u0000")).toEqual({ result: MISSING, issues: [controls(1)] });
  });
});

describe("_readText: Unicode", () => {
  it("composes to NFC but leaves compatibility forms (ligatures, full-width letters) as they are", () => {
    expect(read("Mu\u0308ller")).toEqual({ result: text("M\u00fcller"), issues: [] });
    expect(read("M\u00fcller")).toEqual({ result: text("M\u00fcller"), issues: [] });
    expect(read("\u212b")).toEqual({ result: text("\u00c5"), issues: [] }); // ANGSTROM SIGN → Å
    expect(read("\ufb01nn")).toEqual({ result: text("\ufb01nn"), issues: [] });
    expect(read("\uff21\uff4e\uff4e")).toEqual({ result: text("\uff21\uff4e\uff4e"), issues: [] });
    expect(read("Stra\u00dfe")).toEqual({ result: text("Stra\u00dfe"), issues: [] });
    expect(read("\u0130stanbul \u0131")).toEqual({ result: text("\u0130stanbul \u0131"), issues: [] });
    expect(read("I\u0307")).toEqual({ result: text("\u0130"), issues: [] });
  });

  it("keeps surrogate pairs whole", () => {
    expect(read(" 𐐨𝒜 ")).toEqual({ result: text("𐐨𝒜"), issues: [] });
  });
});

describe("_withinLimit", () => {
  it("returns the value up to the limit, and null with a too_long issue past it", () => {
    const issues: Issue[] = [];
    expect(_withinLimit("SS", 2, PATH, issues)).toBe("SS");
    expect(_withinLimit("", 0, PATH, issues)).toBe("");
    expect(issues).toEqual([]);
    expect(_withinLimit("STRASSE", 6, PATH, issues)).toBeNull();
    expect(issues).toEqual([tooLong(6, 7)]);
    expect(_withinLimit("i\u0307", 1, PATH, issues)).toBeNull();
    expect(issues).toEqual([tooLong(6, 7), tooLong(1, 2)]);
  });
});

describe("_flat and _sameText", () => {
  it("_flat returns the same text, also when empty", () => {
    const built = `${"a".repeat(3)}-${String(1)}`;
    expect(_flat(built)).toBe("aaa-1");
    expect(_flat("")).toBe("");
  });

  it("_sameText gives the standard text whenever the original is not that very text", () => {
    expect(_sameText("ann", "ann")).toBe("ann");
    expect(_sameText("Ann", "ann")).toBe("ann");
    expect(_sameText(42, "42")).toBe("42");
    expect(_sameText(null, "")).toBe("");
    expect(_sameText("e\u0301", "\u00e9")).toBe("\u00e9");
  });
});

describe("_fold", () => {
  it("lower-cases and removes accents", () => {
    expect(_fold("García")).toBe("garcia");
    expect(_fold("MÜLLER")).toBe("muller");
    expect(_fold("Mu\u0308ller")).toBe("muller");
    expect(_fold("Ångström")).toBe("angstrom");
    expect(_fold("ÉLODIE")).toBe("elodie");
    expect(_fold("abc xyz 123")).toBe("abc xyz 123");
    expect(_fold("")).toBe("");
  });

  it("removes the whole combining diacritical marks block, U+0300 to U+036F, and nothing beside it", () => {
    expect(_fold("a\u0300b\u036fc\u0345d")).toBe("abcd");
    expect(_fold("a\u02ffb")).toBe("a\u02ffb");
    expect(_fold("a\u0371b")).toBe("a\u0371b");
  });

  it("folds letters without a decomposition, upper and lower case", () => {
    expect(_fold("ß")).toBe("ss");
    expect(_fold("ẞ")).toBe("ss");
    expect(_fold("Æ æ")).toBe("ae ae");
    expect(_fold("Œ œ")).toBe("oe oe");
    expect(_fold("Ø ø")).toBe("o o");
    expect(_fold("Đ đ")).toBe("d d");
    expect(_fold("Ł ł")).toBe("l l");
    expect(_fold("Þ þ")).toBe("th th");
    expect(_fold("Ð ð")).toBe("d d");
    expect(_fold("ı")).toBe("i");
    expect(_fold("Søren Łukasz Þór Straße Œuvre Dıyarbakır")).toBe("soren lukasz thor strasse oeuvre diyarbakir");
  });

  it("folds Turkish dotted capital I to i, and leaves compatibility forms and other scripts alone", () => {
    expect(_fold("İstanbul")).toBe("istanbul");
    expect(_fold("\ufb01")).toBe("\ufb01");
    expect(_fold("\uff21")).toBe("\uff41");
    expect(_fold("ΟΔΟΣ")).toBe("οδος");
    expect(_fold("Ωμέγα")).toBe("ωμεγα");
    expect(_fold("😀")).toBe("😀");
  });
});

describe("_composed", () => {
  it("returns printable ASCII as it is and composes anything else", () => {
    expect(_composed("Ann Lee ~")).toBe("Ann Lee ~");
    expect(_composed("")).toBe("");
    expect(_composed("e\u0301")).toBe("\u00e9");
    expect(_composed("\u03bf\u0301")).toBe("\u03cc");
    expect(_composed("\u0390".toUpperCase())).toBe("\u03aa\u0301");
    expect(_composed("\u212b")).toBe("\u00c5");
    expect(_composed("i\u0307")).toBe("i\u0307");
  });
});

describe("_capitalOf", () => {
  it("upper-cases a letter whose capital is one letter", () => {
    expect(["a", "z", "é", "ı", "i", "ǆ", "ø", "𐐨"].map(_capitalOf)).toEqual(["A", "Z", "É", "I", "I", "Ǆ", "Ø", "𐐀"]);
    expect(["A", "İ", "1", "-"].map(_capitalOf)).toEqual(["A", "İ", "1", "-"]);
  });

  it("keeps a letter whose capital is several", () => {
    expect(["ß", "ŉ", "ﬁ", "ﬃ", "ΐ"].map(_capitalOf)).toEqual(["ß", "ŉ", "ﬁ", "ﬃ", "ΐ"]);
  });
});

describe("_describeValue", () => {
  it("describes every JSON type, and more", () => {
    expect([null, undefined, "a", 1, Number.NaN, Number.POSITIVE_INFINITY, true, {}, [], 1n, Symbol("s"), () => null].map(_describeValue)).toEqual([
      "null",
      "undefined",
      "string",
      "number",
      "non-finite number",
      "non-finite number",
      "boolean",
      "object",
      "array",
      "bigint",
      "symbol",
      "function",
    ]);
  });

  it("describes a revoked Proxy (Array.isArray throws on it) as an unreadable object", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    expect(_describeValue(proxy)).toBe("object");
    revoke();
    expect(_describeValue(proxy)).toBe("unreadable object");
  });
});

describe("_statusOf", () => {
  it("is valid when the standard value is the original text, fixed otherwise", () => {
    expect(_statusOf("ann", "ann")).toBe("valid");
    expect(_statusOf("Ann", "ann")).toBe("fixed");
    expect(_statusOf(42, "42")).toBe("fixed");
    expect(_statusOf("e\u0301", "\u00e9")).toBe("fixed");
  });
});
