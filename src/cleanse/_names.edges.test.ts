import { describe, expect, it } from "vitest";
import type { IssuePath } from "../errors/issue.js";
import { _caseWord, _MAX_NAME, _parseName, _PLACEHOLDERS, _SIMPLE_WORD, _titleOnly } from "./_names.js";
import type { NamePart, NormalizedName } from "./normalizeName.js";

// Edge cases of name parsing and casing (_names.ts), read through _parseName with a nickname function that
// marks what it was asked, so the first-name key passed to it shows too.

const nicknames = (name: string): readonly string[] => [name, `${name}~`];
const parse = (value: unknown, part: NamePart = "full", path: IssuePath = []): NormalizedName => _parseName(value, part, path, nicknames);
/** value, first, middle, last, honorific, suffix, nickname */
const split = (value: unknown, part: NamePart = "full"): (string | null)[] => {
  const r = parse(value, part);
  return [r.value, r.firstName, r.middleName, r.lastName, r.honorific, r.suffix, r.nickname];
};
const codes = (value: unknown, part: NamePart = "full"): string[] => parse(value, part).issues.map((issue) => (issue.code === "unusual_name" ? `unusual_name:${issue.characters}` : issue.code));

describe("_names: the word tables", () => {
  it("keeps every particle lower-case at the start of the family name", () => {
    const particles = ["van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos", "das", "do", "ten", "ter", "bin", "ibn", "zu", "af", "av", "el", "al"];
    for (const particle of particles) {
      expect(split(`anna ${particle} berg`), particle).toEqual([`Anna ${particle} Berg`, "Anna", null, `${particle} Berg`, null, null, null]);
    }
  });

  it("begins the family name with a prefix, capitalised", () => {
    const prefixes: readonly (readonly [string, string])[] = [["st.", "St."], ["st", "St"], ["mac", "Mac"], ["mc", "Mc"], ["ben", "Ben"], ["abu", "Abu"]];
    for (const [prefix, shown] of prefixes) {
      expect(split(`anne ${prefix} clair`), prefix).toEqual([`Anne ${shown} Clair`, "Anne", null, `${shown} Clair`, null, null, null]);
    }
  });

  it("joins two family names by y, e or i", () => {
    expect(split("juan velasquez y garcia")).toEqual(["Juan Velasquez y Garcia", "Juan", null, "Velasquez y Garcia", null, null, null]);
    expect(split("ana sousa e silva")).toEqual(["Ana Sousa e Silva", "Ana", null, "Sousa e Silva", null, null, null]);
    expect(split("joan puig i cadafalch")).toEqual(["Joan Puig i Cadafalch", "Joan", null, "Puig i Cadafalch", null, null, null]);
  });

  it("capitalises the Mac names it knows after Mac, and no other name beginning with mac", () => {
    const known = "macdonald macleod mackenzie mackay macintyre macneil macmillan macarthur macaulay macgregor macpherson maclean macdougall macfarlane mackinnon maclachlan macrae macbeth macdowell maclaren macinnes macaskill".split(" ");
    for (const name of known) {
      const shown = `Mac${name.charAt(3).toUpperCase()}${name.slice(4)}`;
      expect(parse(name.toUpperCase(), "last").value, name).toBe(shown);
    }
    expect(parse("MACHADO", "last").value).toBe("Machado");
    expect(parse("MACE", "last").value).toBe("Mace");
  });

  it("takes every honorific before a name, in its standard form", () => {
    const honorifics: readonly (readonly [string, string])[] = [
      ["mr", "Mr."], ["mister", "Mr."], ["mrs", "Mrs."], ["ms", "Ms."], ["miss", "Miss"], ["mx", "Mx."], ["dr", "Dr."], ["doctor", "Dr."], ["prof", "Prof."],
      ["professor", "Prof."], ["rev", "Rev."], ["reverend", "Rev."], ["fr", "Fr."], ["sir", "Sir"], ["dame", "Dame"], ["lord", "Lord"], ["lady", "Lady"],
      ["hon", "Hon."], ["capt", "Capt."], ["captain", "Capt."], ["col", "Col."], ["lt", "Lt."], ["sgt", "Sgt."], ["maj", "Maj."], ["gen", "Gen."],
      ["mme", "Mme"], ["mlle", "Mlle"], ["herr", "Herr"], ["frau", "Frau"], ["sra", "Sra."], ["srta", "Srta."],
      ["senator", "Sen."], ["sen", "Sen."], ["rep", "Rep."], ["representative", "Rep."], ["gov", "Gov."], ["governor", "Gov."], ["mayor", "Mayor"],
      ["judge", "Judge"], ["justice", "Justice"], ["father", "Fr."], ["pastor", "Pastor"], ["rabbi", "Rabbi"], ["imam", "Imam"], ["bishop", "Bishop"],
      ["king", "King"], ["queen", "Queen"], ["honorable", "Hon."], ["president", "President"], ["pres", "President"], ["admiral", "Adm."],
      ["adm", "Adm."], ["general", "Gen."], ["colonel", "Col."], ["lieutenant", "Lt."], ["sergeant", "Sgt."], ["cmdr", "Cmdr."], ["commander", "Cmdr."],
    ];
    for (const [word, standard] of honorifics) {
      expect(split(`${word} john smith`), word).toEqual(["John Smith", "John", null, "Smith", standard, null, null]);
      expect(split(`${word.toUpperCase()}. john smith`), word).toEqual(["John Smith", "John", null, "Smith", standard, null, null]);
    }
  });

  it("reads a title said with a family name and one word as the family name", () => {
    const surnameTitles = "mr mister mrs ms miss mx dr doctor prof professor rev reverend senator sen rep representative gov governor mayor judge justice rabbi capt captain col lt sgt maj gen adm admiral cmdr commander colonel lieutenant sergeant general president pres herr frau mme mlle sra srta hon honorable".split(" ");
    for (const title of surnameTitles) {
      expect(split(`${title} smith`), title).toEqual(["Smith", null, null, "Smith", expect.any(String) as unknown as string, null, null]);
    }
    for (const title of ["sir", "dame", "lord", "lady", "fr", "father", "pastor", "imam", "bishop", "king", "queen"]) {
      expect(split(`${title} elton`), title).toEqual(["Elton", "Elton", null, null, expect.any(String) as unknown as string, null, null]);
    }
  });

  it("strips every generational and professional suffix after a name, with or without a comma", () => {
    const suffixes: readonly (readonly [string, string])[] = [
      ["jr", "Jr."], ["junior", "Jr."], ["sr", "Sr."], ["senior", "Sr."], ["ii", "II"], ["iii", "III"], ["iv", "IV"], ["phd", "PhD"], ["md", "MD"],
      ["esq", "Esq."], ["dds", "DDS"], ["dvm", "DVM"], ["cpa", "CPA"], ["rn", "RN"], ["mba", "MBA"], ["jd", "JD"], ["obe", "OBE"], ["mbe", "MBE"],
      ["vi", "VI"], ["vii", "VII"], ["viii", "VIII"], ["dmd", "DMD"], ["cfa", "CFA"], ["cfp", "CFP"], ["lcsw", "LCSW"], ["dnp", "DNP"], ["edd", "EdD"],
      ["pmp", "PMP"], ["frcs", "FRCS"], ["mrcp", "MRCP"], ["cbe", "CBE"], ["kbe", "KBE"],
    ];
    for (const [word, standard] of suffixes) {
      expect(split(`john smith ${word}`), word).toEqual(["John Smith", "John", null, "Smith", null, standard, null]);
      expect(split(`john smith, ${word.toUpperCase()}.`), word).toEqual(["John Smith", "John", null, "Smith", null, standard, null]);
    }
  });

  it("strips short credentials only after a comma", () => {
    const credentials: readonly (readonly [string, string])[] = [
      ["do", "DO"], ["pa", "PA"], ["np", "NP"], ["pe", "PE"], ["ma", "MA"], ["ms", "MS"], ["msc", "MSc"], ["ba", "BA"], ["bs", "BS"], ["bsc", "BSc"], ["v", "V"], ["x", "X"],
    ];
    for (const [word, standard] of credentials) {
      expect(split(`tonya fordham, ${word}`), word).toEqual(["Tonya Fordham", "Tonya", null, "Fordham", null, standard, null]);
    }
    expect(split("Van Do")).toEqual(["Van Do", "Van", null, "Do", null, null, null]);
  });

  it("finds a nickname in each kind of quotes and brackets", () => {
    for (const [open, close] of [['"', '"'], ["'", "'"], ["“", "”"], ["‘", "’"], ["(", ")"]]) {
      expect(split(`James ${open}Jimmy${close} Drew`), open).toEqual(["James Drew", "James", null, "Drew", null, null, "Jimmy"]);
    }
  });

  it("reads every placeholder word as no name", () => {
    for (const word of _PLACEHOLDERS) {
      for (const part of ["first", "last", "full"] as const) {
        const result = parse(word, part);
        expect([word, part, result.value, result.placeholder, result.status], word).toEqual([word, part, null, true, "invalid"]);
      }
    }
    expect(_PLACEHOLDERS.size).toBe(28);
  });
});

describe("_titleOnly", () => {
  it("gives the first title of a value that is only titles", () => {
    expect(_titleOnly("Rev.")).toBe("Rev.");
    expect(_titleOnly("dr")).toBe("Dr.");
    expect(_titleOnly(", Dr.")).toBe("Dr.");
    expect(_titleOnly("Prof. Dr.")).toBe("Prof.");
    expect(_titleOnly("Dr., Prof.")).toBe("Dr.");
    expect(_titleOnly("  Mrs  ")).toBe("Mrs.");
  });

  it("gives null when a word is not a title, or is a title that is also a given name", () => {
    expect(_titleOnly("Rev. John")).toBeNull();
    expect(_titleOnly("John")).toBeNull();
    expect(_titleOnly("")).toBeNull();
    expect(_titleOnly(", ")).toBeNull();
    for (const name of ["Gen", "Justice", "King", "Queen", "Mayor", "General", "Dr. Gen", "Gen. Dr."]) expect(_titleOnly(name), name).toBeNull();
  });
});

describe("_parseName: first names that are only a title", () => {
  it("gives no first name for a title alone, keeping the title", () => {
    const result = parse("Rev.", "first", ["person", "first"]);
    expect(result).toEqual({
      value: null, original: "Rev.", status: "invalid", firstName: null, middleName: null, lastName: null, honorific: "Rev.", suffix: null, nickname: null,
      matchKey: null, nicknameKeys: [], placeholder: true,
      issues: [{ code: "placeholder_value", path: ["person", "first"], kind: "name", message: "The name is a placeholder, not real data; it was not used.", severity: "warning" }],
    });
  });

  it("gives no first name for a title and suffixes", () => {
    // The suffixes go with the title: nothing of the value is kept but the title.
    expect(parse("Dr., III", "first", ["f"])).toEqual({
      value: null, original: "Dr., III", status: "invalid", firstName: null, middleName: null, lastName: null, honorific: "Dr.", suffix: null, nickname: null,
      matchKey: null, nicknameKeys: [], placeholder: true,
      issues: [{ code: "placeholder_value", path: ["f"], kind: "name", message: "The name is a placeholder, not real data; it was not used.", severity: "warning" }],
    });
  });

  it("keeps a first name after a title, and a title-like given name", () => {
    expect(split("Rev. Ann", "first")).toEqual(["Ann", "Ann", null, null, "Rev.", null, null]);
    expect(split("Gen", "first")).toEqual(["Gen", "Gen", null, null, null, null, null]);
    expect(split("Ann, III", "first")).toEqual(["Ann", "Ann", null, null, null, "III", null]);
    // Only first names are judged so.
    expect(split("Rev.", "full")).toEqual(["Rev.", "Rev.", null, null, null, null, null]);
    expect(split("Rev.", "last")).toEqual(["Rev.", null, null, "Rev.", null, null, null]);
  });

  it("reads a value with no letters as a placeholder in every part", () => {
    for (const part of ["first", "last", "full"] as const) {
      for (const value of [",", "--", "!!", "12", "-", "(1)"]) {
        const result = parse(value, part);
        expect([value, part, result.value, result.placeholder, result.issues.map((issue) => issue.code)]).toEqual([value, part, null, true, ["placeholder_value"]]);
      }
    }
  });
});

describe("_parseName: absent, empty and unusable values", () => {
  it("shares one frozen result for undefined and one for null", () => {
    const absent = parse(undefined);
    expect(absent).toBe(parse(undefined, "first"));
    expect(Object.isFrozen(absent)).toBe(true);
    expect(absent).toEqual({ value: null, original: undefined, status: "missing", issues: [], firstName: null, middleName: null, lastName: null, honorific: null, suffix: null, nickname: null, matchKey: null, nicknameKeys: [], placeholder: false });
    const none = parse(null);
    expect(none).toBe(parse(null, "last"));
    expect(Object.isFrozen(none)).toBe(true);
    expect(none).toEqual({ ...absent, original: null });
  });

  it("gives missing for an empty string and invalid with an issue for a wrong type", () => {
    expect(parse("").status).toBe("missing");
    expect(parse("   ").status).toBe("missing");
    expect(parse("").issues).toEqual([]);
    const wrong = parse(42, "full", ["n"]);
    expect(wrong).toMatchObject({ value: null, original: 42, status: "invalid", placeholder: false, nicknameKeys: [] });
    expect(wrong.issues.map((issue) => [issue.code, issue.path])).toEqual([["invalid_type", ["n"]]]);
  });

  it("refuses a name longer than the limit as written, and one that casing makes longer", () => {
    expect(_MAX_NAME).toBe(200);
    const long = parse("a".repeat(201));
    expect([long.value, long.status, long.issues.map((issue) => issue.code)]).toEqual([null, "invalid", ["too_long"]]);
    const lengthened = parse(`${"İ".repeat(100)} ${"İ".repeat(90)}`);
    expect([lengthened.value, lengthened.status]).toEqual([null, "invalid"]);
    expect(lengthened.issues.map((issue) => [issue.code, issue.message])).toEqual([["too_long", "Value is 379 characters long; the maximum is 200."]]);
  });
});

describe("_parseName: one plain word", () => {
  it("cases it and keys it, with the nickname keys of a first name", () => {
    expect(parse("SMITH", "last")).toMatchObject({ value: "Smith", status: "fixed", firstName: null, lastName: "Smith", matchKey: "smith", nicknameKeys: [], placeholder: false, issues: [] });
    expect(parse("John", "first")).toMatchObject({ value: "John", status: "valid", firstName: "John", lastName: null, matchKey: "john", nicknameKeys: ["john", "john~"] });
    expect(parse("john", "full")).toMatchObject({ value: "John", status: "fixed", firstName: "John", middleName: null, lastName: null, honorific: null, suffix: null, nickname: null, matchKey: "john", nicknameKeys: ["john", "john~"] });
    expect(parse("mcdonald", "last").value).toBe("McDonald");
    expect(parse("McDONALD", "last").value).toBe("McDONALD");
  });

  it("reads words with other characters the long way", () => {
    expect(_SIMPLE_WORD.test("O'Brien")).toBe(false);
    expect(parse("O'Brien")).toMatchObject({ value: "O'Brien", firstName: "O'Brien", matchKey: "obrien", nicknameKeys: ["obrien", "obrien~"] });
    expect(parse("Jean-Luc")).toMatchObject({ value: "Jean-Luc", firstName: "Jean-Luc", matchKey: "jeanluc", nicknameKeys: ["jeanluc", "jeanluc~"] });
    expect(parse("J")).toMatchObject({ value: "J", firstName: "J", matchKey: "j", status: "valid" });
  });

  it("reads a placeholder word as no name, with an issue under the path", () => {
    const result = parse("TEST", "last", ["who"]);
    expect(result).toMatchObject({ value: null, original: "TEST", status: "invalid", placeholder: true, lastName: null, nicknameKeys: [] });
    expect(result.issues).toEqual([{ code: "placeholder_value", path: ["who"], kind: "name", message: "The name is a placeholder, not real data; it was not used.", severity: "warning" }]);
  });
});

describe("_parseName: placeholders in longer values", () => {
  it("reads placeholder words, alone or run together, as no name", () => {
    for (const value of ["Test Test", "N/A", "Test-Test", "Fake Name", "x x", "Dr. X", "Mr. Test", "Test, Jr."]) {
      const result = parse(value);
      expect([value, result.value, result.placeholder, result.status]).toEqual([value, null, true, "invalid"]);
    }
    expect(codes("Col. !")).toEqual(["unusual_name:symbols", "placeholder_value"]);
    expect(parse("Dr. X", "full", ["n"])).toEqual({
      value: null, original: "Dr. X", status: "invalid", firstName: null, middleName: null, lastName: null, honorific: null, suffix: null, nickname: null,
      matchKey: null, nicknameKeys: [], placeholder: true,
      issues: [{ code: "placeholder_value", path: ["n"], kind: "name", message: "The name is a placeholder, not real data; it was not used.", severity: "warning" }],
    });
    expect(parse("Test Smith").value).toBe("Test Smith");
    expect(parse("Nametest Smith").value).toBe("Nametest Smith");
  });
});

describe("_parseName: nicknames in quotes and brackets", () => {
  it("takes a quoted word standing on its own, anywhere in the name", () => {
    expect(split("“Jack” John Smith")).toEqual(["John Smith", "John", null, "Smith", null, null, "Jack"]);
    expect(split('John Smith "Jack"')).toEqual(["John Smith", "John", null, "Smith", null, null, "Jack"]);
    expect(split('John " Jack " Smith')).toEqual(["John Smith", "John", null, "Smith", null, null, "Jack"]);
    expect(split('John "jack o\'neil" Smith')).toEqual(["John Smith", "John", null, "Smith", null, null, "Jack O'Neil"]);
    expect(split('John  "jack   bob"  Smith')).toEqual(["John Smith", "John", null, "Smith", null, null, "Jack Bob"]);
    expect(split("Drew,(Jimmy)", "last")).toEqual(["Drew", null, null, "Drew", null, null, "Jimmy"]);
    expect(split("James (Jimmy) 'JJ' Drew")).toEqual(["James Drew", "James", null, "Drew", null, null, "Jimmy"]);
  });

  it("leaves quotes that do not stand as a word of their own, are empty, hold no letters or hold a placeholder", () => {
    expect(split('John"Jack" Smith')).toEqual(['John"Jack" Smith', 'John"Jack"', null, "Smith", null, null, null]);
    expect(split('John "Jack"Smith')).toEqual(['John "Jack"Smith', "John", null, '"Jack"Smith', null, null, null]);
    expect(split('John "" Smith')).toEqual(['John "" Smith', "John", '""', "Smith", null, null, null]);
    expect(split('John "1" Smith')).toEqual(['John "1" Smith', "John", '"1"', "Smith", null, null, null]);
    expect(split('John "Test" Smith')).toEqual(['John "Test" Smith', "John", '"Test"', "Smith", null, null, null]);
    expect(split('John "Ja(c)k" Smith')).toEqual(['John "Ja(c)k" Smith', "John", '"Ja(c)k"', "Smith", null, null, null]);
    expect(split("John 'Jack Smith")).toEqual(["John 'Jack Smith", "John", "'Jack", "Smith", null, null, null]);
    expect(split("(Jimmy)")).toEqual(["(Jimmy)", "(Jimmy)", null, null, null, null, null]);
  });

  it("takes a nickname before a comma, skips an unclosed quote and an empty pair to find the next", () => {
    expect(split('John "Jack", Smith')).toEqual(["Smith John", "Smith", null, "John", null, null, "Jack"]);
    expect(codes('John "Jack", Smith')).toEqual([]);
    expect(split(',John "12')).toEqual(['John "12', "John", null, '"12', null, null, null]);
    expect(split('John " " Jack" Smith')).toEqual(['John " Smith', "John", '"', "Smith", null, null, "Jack"]);
  });

  it("reports symbols left in the name, not the quotes of a nickname", () => {
    expect(codes('John "Jack" Smith')).toEqual([]);
    expect(codes('John "Test" Smith')).toEqual(["unusual_name:symbols"]);
    expect(codes('John "1" Smith')).toEqual(["unusual_name:digits"]);
  });

  it("reads the name again when reordering a comma form brings a nickname about", () => {
    const result = parse('Smith", John "Jim');
    expect([result.value, result.firstName, result.lastName, result.nickname, result.status, result.original]).toEqual(["John", "John", null, "Jim Smith", "fixed", 'Smith", John "Jim']);
    expect(result.issues.map((issue) => issue.code)).toEqual(["unusual_name"]);
    expect(parse(result.value).value).toBe("John");
  });
});

describe("_parseName: several people", () => {
  it("reads and, &, +, und and et between names as a couple, with the shared family name", () => {
    for (const value of ["John and Jane Smith", "John & Jane Smith", "John + Jane Smith", "John und Jane Smith", "Jean et Jane Smith", "JOHN AND JANE SMITH"]) {
      const result = parse(value);
      expect([value, result.value, result.firstName, result.lastName, result.issues.map((issue) => issue.code)]).toEqual([value, "Smith", null, "Smith", ["several_people"]]);
    }
    expect(split("Mr & Mrs Smith")).toEqual(["Smith", null, null, "Smith", "Mr.", null, null]);
    expect(split("John & Jane")).toEqual(["Jane", null, null, "Jane", null, null, null]);
    expect(split("John and Jane van der Berg")).toEqual(["Van der Berg", null, null, "Van der Berg", null, null, null]);
  });

  it("gives no first name for a couple in a first-name column", () => {
    const result = parse("John and Jane", "first", ["f"]);
    expect([result.value, result.status, result.placeholder]).toEqual([null, "invalid", false]);
    expect(result.issues.map((issue) => [issue.code, issue.path, issue.message])).toEqual([["several_people", ["f"], "The name names several people; no first name was taken from it."]]);
  });

  it("does not read a couple into a last name, nor a lone & or and", () => {
    expect(split("John and Jane Smith", "last")).toEqual(["John And Jane Smith", null, null, "John And Jane Smith", null, null, null]);
    expect(codes("John and Jane Smith", "last")).toEqual([]);
    expect(split("& Smith")).toEqual(["& Smith", "&", null, "Smith", null, null, null]);
    expect(codes("& Smith")).toEqual(["unusual_name:symbols"]);
    expect(split("Smith &")).toEqual(["Smith &", "Smith", null, "&", null, null, null]);
    expect(split("Andrew Andersen")).toEqual(["Andrew Andersen", "Andrew", null, "Andersen", null, null, null]);
    expect(split("John&Jane Smith")).toEqual(["John&Jane Smith", "John&Jane", null, "Smith", null, null, null]);
  });

  it("reports what else is unusual in a couple's name, without the &", () => {
    expect(codes("John & Jane 3 Smith")).toEqual(["unusual_name:digits", "several_people"]);
    expect(codes("John & Jane Smith")).toEqual(["several_people"]);
  });
});

describe("_parseName: unusual characters", () => {
  it("reports emoji before digits before symbols, once", () => {
    expect(codes("John 😀 Smith")).toEqual(["unusual_name:emoji"]);
    expect(codes("J0hn 😀 Smith")).toEqual(["unusual_name:emoji"]);
    expect(codes("John 3 Smith")).toEqual(["unusual_name:digits"]);
    expect(codes("John 3 # Smith")).toEqual(["unusual_name:digits"]);
    expect(codes("John # Smith")).toEqual(["unusual_name:symbols"]);
    expect(codes("Jean-Luc O'Brien")).toEqual([]);
    expect(codes("José Ñúñez")).toEqual([]);
    const result = parse("John 3 Smith", "full", ["n"]);
    expect(result.issues).toEqual([{ code: "unusual_name", path: ["n"], characters: "digits", message: "The name contains digits; it was kept as given.", severity: "warning" }]);
    expect([result.value, result.status]).toEqual(["John 3 Smith", "valid"]);
  });
});

describe("_parseName: suffixes after commas", () => {
  it("takes one group or several groups of suffixes after commas", () => {
    expect(split("Quentin R. Pirkle, Jr., MD")).toEqual(["Quentin R. Pirkle", "Quentin", "R.", "Pirkle", null, "Jr., MD", null]);
    expect(split("John Smith, MD PhD")).toEqual(["John Smith", "John", null, "Smith", null, "MD, PhD", null]);
    expect(split("Tonya Fordham, DO, MD")).toEqual(["Tonya Fordham", "Tonya", null, "Fordham", null, "DO, MD", null]);
    expect(split("John Smith, Ph. D.")).toEqual(["John Smith", "John", null, "Smith", null, "PhD", null]);
    expect(split("John Smith, Ph D")).toEqual(["John Smith", "John", null, "Smith", null, "PhD", null]);
    expect(split("John Smith III, PhD")).toEqual(["John Smith", "John", null, "Smith", null, "III, PhD", null]);
    expect(split("John Smith Jr. III")).toEqual(["John Smith", "John", null, "Smith", null, "Jr., III", null]);
    expect(split("John Smith,")).toEqual(["John Smith", "John", null, "Smith", null, null, null]);
  });

  it("stops at a group that is not all suffixes", () => {
    expect(split("John Smith, Foo, MD")).toEqual(["Foo John Smith", "Foo", null, "John Smith", null, "MD", null]);
    expect(split("Smith, John MD")).toEqual(["John Smith", "John", null, "Smith", null, "MD", null]);
    expect(split("Smith, John Q. PhD, MD")).toEqual(["John Q. Smith", "John", "Q.", "Smith", null, "PhD, MD", null]);
    expect(split("Smith, MD John")).toEqual(["Md John Smith", "Md", "John", "Smith", null, null, null]);
  });
});

describe("_parseName: honorifics", () => {
  it("strips several honorifics with commas between them, keeping the first", () => {
    expect(split("Dr., Prof. John Smith")).toEqual(["John Smith", "John", null, "Smith", "Dr.", null, null]);
    expect(split("Dr. Prof. John Smith")).toEqual(["John Smith", "John", null, "Smith", "Dr.", null, null]);
    expect(split(", Dr. John Smith")).toEqual(["John Smith", "John", null, "Smith", "Dr.", null, null]);
  });

  it("keeps the last word when every word is an honorific", () => {
    expect(split("Dr. Prof.")).toEqual(["Prof.", null, null, "Prof.", "Dr.", null, null]);
    expect(split("Sir Lord")).toEqual(["Lord", "Lord", null, null, "Sir", null, null]);
  });

  it("reads a title before a comma and a name as a family name", () => {
    expect(split("King, Martin Luther")).toEqual(["Martin Luther King", "Martin", "Luther", "King", null, null, null]);
    expect(split("Dr., King")).toEqual(["King", null, null, "King", "Dr.", null, null]);
  });

  it("takes honorifics after the comma of a comma form, and reads the name in order when nothing is left", () => {
    expect(split("Smith, Dr. John")).toEqual(["John Smith", "John", null, "Smith", "Dr.", null, null]);
    expect(split("Smith, Dr. Prof. John Paul")).toEqual(["John Paul Smith", "John", "Paul", "Smith", "Dr.", null, null]);
  });

  it("reads a surname after a title only when it is all the name", () => {
    expect(split("Mr. van Beethoven")).toEqual(["Van Beethoven", null, null, "Van Beethoven", "Mr.", null, null]);
    expect(split("Mr. Ludwig van Beethoven")).toEqual(["Ludwig van Beethoven", "Ludwig", null, "van Beethoven", "Mr.", null, null]);
    expect(split("Sir van Beethoven")).toEqual(["Van Beethoven", "Van", null, "Beethoven", "Sir", null, null]);
  });
});

describe("_parseName: comma forms", () => {
  it("reads Family, Given Middle", () => {
    expect(split("Smith, John Q.")).toEqual(["John Q. Smith", "John", "Q.", "Smith", null, null, null]);
    expect(split("smith, john paul george")).toEqual(["John Paul George Smith", "John", "Paul George", "Smith", null, null, null]);
    expect(split("Cruz, John La")).toEqual(["John la Cruz", "John", "la", "Cruz", null, null, null]);
    expect(split("van der Berg, Anna")).toEqual(["Anna van der Berg", "Anna", null, "van der Berg", null, null, null]);
    expect(split("Smith, , John")).toEqual(["John Smith", "John", null, "Smith", null, null, null]);
  });

  it("takes a suffix written before the comma, the first of several", () => {
    expect(split("Smith Jr., John")).toEqual(["John Smith", "John", null, "Smith", null, "Jr.", null]);
    expect(split("Smith Jr. III, John")).toEqual(["John Smith", "John", null, "Smith", null, "III", null]);
    expect(split("Smith III, John, Jr.")).toEqual(["John Smith", "John", null, "Smith", null, "Jr.", null]);
  });

  it("reads the words in order when a side of the comma is empty", () => {
    expect(split("Jr., John")).toEqual(["Jr. John", "Jr.", null, "John", null, null, null]);
    expect(split("Smith,")).toEqual(["Smith", "Smith", null, null, null, null, null]);
    expect(split(", John Smith")).toEqual(["John Smith", "John", null, "Smith", null, null, null]);
    expect(split("Smith, John", "first")).toEqual(["Smith John", "Smith John", null, null, null, null, null]);
  });
});

describe("_parseName: names without a comma", () => {
  it("takes the first word as the given name, the last with its particles as the family name, the rest as middle", () => {
    expect(split("anna maria van berg")).toEqual(["Anna Maria van Berg", "Anna", "Maria", "van Berg", null, null, null]);
    expect(split("Anna Maria de la Cruz Perez")).toEqual(["Anna Maria de la Cruz Perez", "Anna", "Maria de la Cruz", "Perez", null, null, null]);
    expect(split("Juan y Garcia")).toEqual(["Juan Y Garcia", "Juan", "Y", "Garcia", null, null, null]);
    expect(split("Anna Van")).toEqual(["Anna Van", "Anna", null, "Van", null, null, null]);
    expect(split("Van Berg")).toEqual(["Van Berg", "Van", null, "Berg", null, null, null]);
    expect(split("Anna Maria y Lopez Garcia")).toEqual(["Anna Maria y Lopez Garcia", "Anna", "Maria y Lopez", "Garcia", null, null, null]);
    expect(split("Anna Lopez y Garcia de Leon")).toEqual(["Anna Lopez y Garcia de Leon", "Anna", "Lopez y Garcia", "de Leon", null, null, null]);
  });

  it("reads every word as the family name of a last-name value, particles lower-case but the last", () => {
    expect(split("VAN DER BERG", "last")).toEqual(["van der Berg", null, null, "van der Berg", null, null, null]);
    expect(split("van", "last")).toEqual(["Van", null, null, "Van", null, null, null]);
    expect(split("y garcia", "last")).toEqual(["Y Garcia", null, null, "Y Garcia", null, null, null]);
    expect(split("velasquez y garcia", "last")).toEqual(["Velasquez y Garcia", null, null, "Velasquez y Garcia", null, null, null]);
    expect(split("Smith Jr", "last")).toEqual(["Smith", null, null, "Smith", null, "Jr.", null]);
  });

  it("reads every word as the first name of a first-name value", () => {
    expect(split("mary ann", "first")).toEqual(["Mary Ann", "Mary Ann", null, null, null, null, null]);
    expect(parse("mary ann", "first").nicknameKeys).toEqual(["mary", "mary~"]);
    expect(split("van der berg", "first")).toEqual(["Van Der Berg", "Van Der Berg", null, null, null, null, null]);
  });

  it("capitalises a lone family name, and re-cases one the capital made all upper-case", () => {
    expect(split("Dr. de Vries")).toEqual(["De Vries", null, null, "De Vries", "Dr.", null, null]);
    expect(split("Dr oΣ")).toEqual(["Oς", null, null, "Oς", "Dr.", null, null]);
    expect(split("Dr. McDONALD")).toEqual(["McDONALD", null, null, "McDONALD", "Dr.", null, null]);
  });
});

describe("_parseName: keys and statuses", () => {
  it("keys the name by its folded letters and the first name's first word", () => {
    const result = parse("José María García-López");
    expect([result.matchKey, result.nicknameKeys]).toEqual(["josemariagarcialopez", ["jose", "jose~"]]);
    expect(parse("Smith", "last").nicknameKeys).toEqual([]);
    expect(parse("Mr. Smith").nicknameKeys).toEqual([]);
    expect(parse("- John", "first")).toMatchObject({ value: "- John", firstName: "- John", matchKey: "john", nicknameKeys: [] });
    expect(parse("John 😀", "full")).toMatchObject({ value: "John 😀", matchKey: "john" });
    expect(parse("😀 ✓", "last")).toMatchObject({ value: null, placeholder: true });
  });

  it("is valid when the value is already standard, fixed otherwise", () => {
    expect(parse("Anna van Berg").status).toBe("valid");
    expect(parse("anna van berg").status).toBe("fixed");
    expect(parse("Anna  van Berg").status).toBe("fixed");
    expect(parse("Smith, John").status).toBe("fixed");
    expect(parse("Dr. Anna van Berg")).toMatchObject({ value: "Anna van Berg", status: "fixed", original: "Dr. Anna van Berg" });
  });
});

describe("_caseWord", () => {
  it("trusts mixed case and cases each part of a word otherwise", () => {
    expect(_caseWord("DeLeon")).toBe("DeLeon");
    expect(_caseWord("SMITH")).toBe("Smith");
    expect(_caseWord("smith")).toBe("Smith");
    expect(_caseWord("o'brien")).toBe("O'Brien");
    expect(_caseWord("o’brien")).toBe("O’Brien");
    expect(_caseWord("jean-luc")).toBe("Jean-Luc");
    expect(_caseWord("j.r.r.")).toBe("J.R.R.");
    expect(_caseWord("--")).toBe("--");
  });

  it("keeps a lone letter after a final apostrophe small", () => {
    expect(_caseWord("o'brien's")).toBe("O'Brien's");
    expect(_caseWord("o’brien’s")).toBe("O’Brien’s");
    expect(_caseWord("o'bs")).toBe("O'Bs");
    expect(_caseWord("d'a-b")).toBe("D'A-B");
    expect(_caseWord("'s")).toBe("'s");
    expect(_caseWord("s'")).toBe("S'");
  });

  it("capitalises after Mc in long words and after Mac in the names it knows", () => {
    expect(_caseWord("mcdonald")).toBe("McDonald");
    expect(_caseWord("MCDONALD")).toBe("McDonald");
    expect(_caseWord("mcx")).toBe("Mcx");
    expect(_caseWord("mca")).toBe("Mca");
    expect(_caseWord("mcab")).toBe("McAb");
    expect(_caseWord("amcdonald")).toBe("Amcdonald");
    expect(_caseWord("MACLEOD")).toBe("MacLeod");
    expect(_caseWord("macho")).toBe("Macho");
    expect(_caseWord("smith-mcdonald")).toBe("Smith-McDonald");
  });

  it("keeps a letter whose capital is several letters, and composes what it builds", () => {
    expect(_caseWord("ßmith")).toBe("ßmith");
    expect(_caseWord("éLODIE".toLowerCase())).toBe("Élodie");
    expect(_caseWord("e\u0301lodie")).toBe("Élodie");
    expect(_caseWord("𝒜bc")).toBe("𝒜bc");
    expect(_caseWord("𐐨𐐯")).toBe("𐐀𐐯");
  });
});

describe("_parseName: the second reading of a comma form", () => {
  it("keeps the first reading's issues and adds the second's new ones, once each", () => {
    expect(split("A,A &")).toEqual(["A", null, null, "A", null, null, null]);
    expect(codes("A,A &")).toEqual(["unusual_name:symbols", "several_people"]);
    expect(codes("A,A & 3")).toEqual(["unusual_name:digits", "several_people"]);
  });

  it("gives no name when the second reading finds only a placeholder", () => {
    const result = parse('Smith", Test "Jim');
    expect([result.value, result.status, result.placeholder, result.nickname, result.original]).toEqual([null, "invalid", true, null, 'Smith", Test "Jim']);
    expect(codes('Smith", Test "Jim')).toEqual(["unusual_name:symbols", "placeholder_value"]);
  });

  it("keeps the honorific and suffix of the first reading", () => {
    expect(split('Dr. Smith", John "Jim, Jr.')).toEqual(["John", "John", null, null, "Dr.", "Jr.", "Jim Smith"]);
  });
});

describe("_parseName: more edges", () => {
  it("measures the name as written, before titles come off", () => {
    const result = parse(`${"Dr. ".repeat(50)}John Smith`);
    expect([result.value, result.status, result.issues.map((issue) => issue.code)]).toEqual([null, "invalid", ["too_long"]]);
  });

  it("reports a placeholder with symbols as a placeholder only", () => {
    expect(parse("N/A", "full", ["x"]).issues).toEqual([{ code: "placeholder_value", path: ["x"], kind: "name", message: "The name is a placeholder, not real data; it was not used.", severity: "warning" }]);
    expect(split("Mr. Test Test")).toEqual([null, null, null, null, null, null, null]);
    expect(parse("-Test Xx").placeholder).toBe(true);
    expect(split("Mr.,")).toEqual([null, null, null, null, null, null, null]);
  });

  it("cases a nickname like a given name", () => {
    expect(split('John "van dyke" Smith')).toEqual(["John Smith", "John", null, "Smith", null, null, "Van Dyke"]);
  });

  it("takes a group of mixed suffixes and credentials, and stops at a group with another word", () => {
    expect(split("John Smith, RN BS")).toEqual(["John Smith", "John", null, "Smith", null, "RN, BS", null]);
    expect(split("John Smith, Foo Jr.")).toEqual(["Foo John Smith", "Foo", null, "John Smith", null, "Jr.", null]);
    expect(split("John Smith Jr.,")).toEqual(["John Smith", "John", null, "Smith", null, "Jr.", null]);
    expect(split("Jr.")).toEqual(["Jr.", "Jr.", null, null, null, null, null]);
    expect(split("Dr. Prof., Jr.")).toEqual(["Prof.", null, null, "Prof.", "Dr.", "Jr.", null]);
  });

  it("takes several suffixes before the comma of a comma form, down to the family name", () => {
    expect(split("Van Smith Jr. III, John")).toEqual(["John van Smith", "John", null, "van Smith", null, "III", null]);
    expect(split("Smith, John, Paul")).toEqual(["John Paul Smith", "John", "Paul", "Smith", null, null, null]);
  });

  it("judges words as they will be shown (ı is shown I)", () => {
    expect(parse("Puig ı Cadafalch", "last").value).toBe("Puig i Cadafalch");
  });

  it("reads names in other scripts as names", () => {
    expect(parse("Σ")).toMatchObject({ value: "Σ", placeholder: false, matchKey: "σ" });
    expect(parse("李小龍")).toMatchObject({ value: "李小龍", firstName: "李小龍", placeholder: false, matchKey: "李小龍", nicknameKeys: ["李小龍", "李小龍~"] });
  });

  it("keeps a family name's words capitalised after its particles", () => {
    expect(parse("VAN DER BERG SMITH", "last").value).toBe("van der Berg Smith");
  });

  it("keeps a lone astral letter after a final apostrophe as written", () => {
    expect(_caseWord("x'𐐨")).toBe("X'𐐨");
    expect(_caseWord("x'𐐨𐐯")).toBe("X'𐐀𐐯");
  });

  it("reads a family name before a comma and only titles after it as the family name with its title", () => {
    expect(parse("Smith, Dr.")).toMatchObject({ value: "Smith", firstName: null, lastName: "Smith", honorific: "Dr." });
    expect(parse("Smith, Dr., Prof.")).toMatchObject({ value: "Smith", firstName: null, lastName: "Smith", honorific: "Dr." });
    // With a given name after the title it is the usual comma form.
    expect(parse("Smith, Dr. John")).toMatchObject({ value: "John Smith", firstName: "John", lastName: "Smith", honorific: "Dr." });
  });

  it("reads a first name that is a title and a nickname as no first name, the title and the nickname kept", () => {
    expect(parse("Dr. (Jimmy)", "first")).toMatchObject({ value: null, firstName: null, honorific: "Dr.", nickname: "Jimmy", placeholder: true });
    expect(parse("Dr. (Jimmy)", "first").issues.map((issue) => issue.code)).toEqual(["placeholder_value"]);
    // A name with its nickname is still the name.
    expect(parse("James (Jimmy)", "first")).toMatchObject({ value: "James", firstName: "James", nickname: "Jimmy" });
  });
});
