import { describe, expect, it } from "vitest";
import { _comparators, _DATE_LEVEL, _firstNamesCompatible, _LEVELS, _nameDerived, _nameTypo, _partialDate, type _Comparator } from "./_comparators.js";
import { _fromRows, type _CustomSpec, type _FeatureRow, type _Prepared } from "./_prepare.js";

const EMPTY: _FeatureRow = { id: "", source: null, firstNames: [], last: null, email: null, emailShared: false, phone: null, dob: null, dobAlt: null, street: null, city: null, postal: null, customerId: null, custom: [] };

/** Prepared rows r0, r1… from partial feature rows (everything else missing). */
function prepared(rows: readonly Partial<_FeatureRow>[], custom: readonly _CustomSpec[] = []): _Prepared {
  return _fromRows(rows.map((row, k) => ({ ...EMPTY, id: `r${String(k)}`, ...row })), custom);
}

function comparatorOf(p: _Prepared, field: string): _Comparator {
  const found = _comparators(p).find((c) => c.field === field);
  if (found === undefined) throw new Error(`no comparator ${field}`);
  return found;
}

/** The level name two rows reach on a field, or null when the comparison has no evidence (-1). */
function level(field: string, a: Partial<_FeatureRow>, b: Partial<_FeatureRow>, custom: readonly _CustomSpec[] = []): string | null {
  const c = comparatorOf(prepared([a, b], custom), field);
  const index = c.compare(0, 1);
  return index < 0 ? null : (c.levels[index] ?? `level ${String(index)}?`);
}

/** The first-name level of two names, each with its known forms (the name itself first). */
const first = (a: readonly string[], b: readonly string[]): string | null => level("firstName", { firstNames: a }, { firstNames: b });
const last = (a: string | null, b: string | null): string | null => level("lastName", { last: a, firstNames: a === null ? [] : ["ann"] }, { last: b, firstNames: b === null ? [] : ["ann"] });
const email = (a: Partial<_FeatureRow>, b: Partial<_FeatureRow>): string | null => level("email", a, b);
const at = (address: string, rest: Partial<_FeatureRow> = {}): Partial<_FeatureRow> => ({ email: address, ...rest });
const dob = (a: string | null, b: string | null): string | null => level("dateOfBirth", { dob: a }, { dob: b });

const spec = (name: string, kind: _CustomSpec["kind"], extra: Partial<_CustomSpec> = {}): _CustomSpec => ({ name, kind, tolerance: 0, block: false, identifier: false, levels: null, ...extra });
const customLevel = (s: _CustomSpec, a: string | number | null, b: string | number | null): string | null => level(s.name, { custom: [a] }, { custom: [b] }, [s]);

describe("_LEVELS", () => {
  it("names each comparison's levels, most similar first, ending in else", () => {
    expect(_LEVELS).toEqual({
      firstName: ["exact", "nickname", "typo", "initial", "else"],
      lastName: ["exact", "jaroWinkler92", "jaroWinkler80", "else"],
      email: ["exact", "samePersonalPart", "similarPersonalPart", "else"],
      phone: ["exact", "oneTypo", "else"],
      dateOfBirth: ["exact", "oneTypo", "oneComponentOff", "withinMonth", "withinYear", "sameYear", "withinDecade", "else"],
      street: ["exact", "similar", "else"],
      city: ["exact", "similar", "else"],
      postalCode: ["exact", "samePrefix", "else"],
      customerId: ["exact", "else"],
      exact: ["exact", "else"],
      levenshtein: ["exact", "levenshtein1", "levenshtein2", "else"],
      jaroWinkler: ["exact", "jaroWinkler92", "jaroWinkler80", "else"],
      date: ["exact", "oneTypo", "oneComponentOff", "withinMonth", "withinYear", "sameYear", "withinDecade", "else"],
      numeric: ["exact", "close", "else"],
    });
    expect(_DATE_LEVEL).toEqual({ exact: 0, oneTypo: 1, oneComponentOff: 2, withinMonth: 3, withinYear: 4, sameYear: 5, withinDecade: 6, else: 7 });
  });
});

describe("_comparators", () => {
  it("gives the standard fields in order, then custom fields, each with its levels", () => {
    const custom = [spec("n", "numeric"), spec("lev", "levenshtein"), spec("jw", "jaroWinkler"), spec("d", "date"), spec("ex", "exact")];
    const comparators = _comparators(prepared([{}], custom));
    expect(comparators.map((c) => c.field)).toEqual(["firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "customerId", "n", "lev", "jw", "d", "ex"]);
    expect(comparators.map((c) => c.levels)).toEqual([
      _LEVELS.firstName, _LEVELS.lastName, _LEVELS.email, _LEVELS.phone, _LEVELS.dateOfBirth, _LEVELS.street, _LEVELS.city, _LEVELS.postalCode, _LEVELS.customerId,
      _LEVELS.numeric, _LEVELS.levenshtein, _LEVELS.jaroWinkler, _LEVELS.date, _LEVELS.exact,
    ]);
    // Only a Levenshtein field has a "one typo apart" level.
    expect(comparators.slice(9).map((c) => c.close)).toEqual([-1, 1, -1, -1, -1]);
  });

  it("reads each row's value for term frequencies, except customer ids and numbers", () => {
    const row: Partial<_FeatureRow> = { firstNames: ["ann", "anna"], last: "lee", email: "a@b.org", phone: "5552671", dob: "1980-03-04", street: "1 main st", city: "boston", postal: "02110", customerId: "12", custom: [4, "ab1"] };
    const p = prepared([row, {}], [spec("n", "numeric"), spec("code", "exact")]);
    const values = _comparators(p).map((c) => (c.value === null ? "none" : [c.value(0), c.value(1)]));
    expect(values).toEqual([
      ["ann", null], ["lee", null], ["a@b.org", null], ["5552671", null], ["1980-03-04", null], ["1 main st", null], ["boston", null], ["02110", null],
      "none", "none", ["ab1", null],
    ]);
  });

  it("compares a field by its own levels, ending in else, with the one-edit level as close", () => {
    const levels = [{ name: "exact", test: "exact", bound: 0 }, { name: "edits2", test: "maxEdits", bound: 2 }, { name: "edits1", test: "maxEdits", bound: 1 }] as const;
    const own = spec("code", "levenshtein", { levels });
    const c = comparatorOf(prepared([{ custom: ["abcd"] }, { custom: ["abce"] }, { custom: [null] }, { custom: ["wxyz"] }], [own]), "code");
    expect(c.levels).toEqual(["exact", "edits2", "edits1", "else"]);
    expect(c.close).toBe(2);
    expect([c.compare(0, 0), c.compare(0, 1), c.compare(0, 2), c.compare(0, 3)]).toEqual([0, 1, -1, 3]);
    expect(c.value?.(0)).toBe("abcd");
    const prefixFirst = comparatorOf(prepared([{}], [spec("code", "exact", { levels: [{ name: "prefix1", test: "samePrefix", bound: 1 }, { name: "edits1", test: "maxEdits", bound: 1 }] })]), "code");
    expect(prefixFirst.close).toBe(1);
    const noClose = comparatorOf(prepared([{}], [spec("code", "exact", { levels: [{ name: "exact", test: "exact", bound: 0 }, { name: "edits2", test: "maxEdits", bound: 2 }] })]), "code");
    expect(noClose.close).toBe(-1);
    const numericOwn = comparatorOf(prepared([{ custom: [3] }, { custom: [4] }], [spec("n", "numeric", { levels: [{ name: "within1", test: "maxDifference", bound: 1 }] })]), "n");
    expect(numericOwn.value).toBeNull();
    expect(numericOwn.compare(0, 1)).toBe(0);
  });
});

describe("first names", () => {
  it("has no evidence when both lack a name, and none when one lacks a name its email does not spell", () => {
    expect(first([], [])).toBeNull();
    expect(first(["ann"], [])).toBeNull();
    expect(first([], ["ann"])).toBeNull();
  });

  it("is exact for one name, a nickname for a known form either way or a short form", () => {
    expect(first(["ann"], ["ann"])).toBe("exact");
    expect(first(["robert", "bob"], ["bob"])).toBe("nickname");
    expect(first(["bob"], ["robert", "bob"])).toBe("nickname");
    expect(first(["chris"], ["christopher"])).toBe("nickname");
    expect(first(["william"], ["liam"])).toBe("nickname");
    expect(first(["ali"], ["alice"])).toBe("nickname");
    // Two letters are no short form.
    expect(first(["al"], ["alan"])).toBe("else");
    expect(first(["xa"], ["xavq"])).toBe("else");
    // A shorter name is a short form only where it begins or ends the longer one.
    expect(first(["ann"], ["maria"])).toBe("else");
    expect(first(["maria"], ["ann"])).toBe("else");
  });

  it("is an initial when one name is a letter that begins the other", () => {
    expect(first(["j"], ["john"])).toBe("initial");
    expect(first(["john"], ["j"])).toBe("initial");
    expect(first(["j"], ["mary"])).toBe("else");
    expect(first(["mary"], ["j"])).toBe("else");
    expect(first(["j"], ["k"])).toBe("else");
  });

  it("is a typo for names one edit, a Jaro-Winkler of 0.92, a swap or (long names) two edits apart", () => {
    expect(first(["jon"], ["jan"])).toBe("typo");
    expect(first(["abcdef"], ["abcade"])).toBe("typo");
    expect(first(["osrac"], ["oscar"])).toBe("typo");
    expect(first(["theodore"], ["etheodroe"])).toBe("typo");
    expect(first(["jon"], ["ian"])).toBe("else");
    expect(first(["mary"], ["myra"])).toBe("else");
  });

  it("is compatible from exact to initial, not else or missing", () => {
    const p = prepared([{ firstNames: ["john"] }, { firstNames: ["john"] }, { firstNames: ["johnny", "john"] }, { firstNames: ["jon"] }, { firstNames: ["j"] }, { firstNames: ["mary"] }, {}]);
    expect([1, 2, 3, 4, 5, 6].map((j) => _firstNamesCompatible(p, 0, j))).toEqual([true, true, true, true, false, false]);
  });
});

describe("nicknames typed with a slip", () => {
  const william = ["william", "bill", "billy", "liam"];

  it("reads a letter typed twice in a form of the other name", () => {
    expect(first(["billl"], william)).toBe("typo");
    expect(first(william, ["billl"])).toBe("typo");
    expect(first(["liamm"], william)).toBe("typo");
    expect(first(["liiz"], ["elizabeth", "liz", "beth"])).toBe("typo");
    // A doubled letter whose removal is no form, or a letter added that is not doubled.
    expect(first(["ottox"], william)).toBe("else");
    expect(first(["bilxl"], william)).toBe("else");
  });

  it("not in names of three letters, nor in a name the table knows", () => {
    expect(first(["jjo"], ["joseph", "jo"])).toBe("else");
    expect(first(["billl", "bill"], william)).toBe("else");
  });

  it("reads one edit or swap from a form of five letters and more, with the same first letter", () => {
    expect(first(["blily"], william)).toBe("typo");
    expect(first(["bilxly"], william)).toBe("typo");
    expect(first(["kattie"], ["katherine", "kathie", "kate"])).toBe("typo");
    expect(first(["kethia"], ["katherine", "kathie", "kate"])).toBe("typo");
    // A name of four letters, a form of four letters, another first letter.
    expect(first(["bily"], william)).toBe("else");
    expect(first(["bxill"], william)).toBe("else");
    expect(first(["ibilly"], william)).toBe("else");
    // A changed letter in a form under six letters is another name (Benny, Jenny).
    expect(first(["bolly"], william)).toBe("else");
  });

  it("not a name that ends otherwise than the form", () => {
    expect(first(["carla"], ["charles", "carlo", "charlie"])).toBe("else");
    expect(first(["antonia"], ["william", "antonio"])).toBe("else");
    expect(first(["antnio"], ["william", "antonio"])).toBe("typo");
    expect(first(["marcu"], ["william", "marcus"])).toBe("else");
    expect(first(["marcusz"], ["william", "marcus"])).toBe("else");
  });
});

describe("known names typed badly", () => {
  it("reads an unknown name with the letters of a known one, at most two edits away, as a typo", () => {
    expect(first(["hogu"], ["hugo", "hugh"])).toBe("typo");
    expect(first(["hugo", "hugh"], ["hogu"])).toBe("typo");
    expect(first(["gegrgoe"], ["george", "georgie"])).toBe("typo");
    expect(first(["ezia"], ["eliza", "elizabeth"])).toBe("typo");
  });

  it("not two known or two unknown names, short names, other first letters, or a changed letter", () => {
    expect(first(["hogu"], ["hugo"])).toBe("else");
    expect(first(["hogu", "hogan"], ["hugo", "hugh"])).toBe("else");
    expect(first(["hgu"], ["hugo", "hugh"])).toBe("else");
    expect(first(["nada"], ["dana", "danielle"])).toBe("else");
    // The same letters, but three edits away.
    expect(first(["ezail"], ["eliza", "elizabeth"])).toBe("else");
    expect(first(["hoga"], ["hugo", "hugh"])).toBe("else");
    expect(first(["hugo", "hugh"], ["hoga"])).toBe("else");
  });
});

describe("_nameTypo", () => {
  it("is one edit, Jaro-Winkler 0.92, a swap from five letters, or two edits from seven", () => {
    expect(_nameTypo("jon", "jan")).toBe(true);
    expect(_nameTypo("abcdef", "abcade")).toBe(true);
    expect(_nameTypo("abcdef", "abdcfe")).toBe(false);
    expect(_nameTypo("osrac", "oscar")).toBe(true);
    expect(_nameTypo("mary", "myra")).toBe(false);
    expect(_nameTypo("abcdefg", "xbcdefy")).toBe(true);
    expect(_nameTypo("abcdef", "xbcdey")).toBe(false);
    expect(_nameTypo("abcdef", "xbcdefy")).toBe(false);
    expect(_nameTypo("abcdefg", "xycdefz")).toBe(false);
  });
});

describe("last names", () => {
  it("bands Jaro-Winkler at 0.92 and 0.8", () => {
    expect(last("lee", "lee")).toBe("exact");
    expect(last("aaaaa", "aaaab")).toBe("jaroWinkler92");
    expect(last("aaaa", "aababb")).toBe("jaroWinkler80");
    expect(last("lee", "smith")).toBe("else");
    expect(last(null, "lee")).toBeNull();
    expect(last("lee", null)).toBeNull();
    expect(last(null, null)).toBeNull();
  });
});

describe("names an email spells", () => {
  const named: Partial<_FeatureRow> = { firstNames: ["madison"], last: "mitchell" };
  const nameless = (address: string, shared = false): Partial<_FeatureRow> => ({ email: address, emailShared: shared });
  const both = (a: Partial<_FeatureRow>, b: Partial<_FeatureRow>): [string | null, string | null] => [level("firstName", a, b), level("lastName", a, b)];

  it("reads the other row's names run together, either way round and either row", () => {
    expect(both(nameless("madisonmitchell@x.org"), named)).toEqual(["exact", "exact"]);
    expect(both(named, nameless("mitchell.madison.77@x.org"))).toEqual(["exact", "exact"]);
  });

  it("reads the given name alone as the first name only", () => {
    expect(both(nameless("madison79@x.org"), named)).toEqual(["exact", null]);
    expect(both(named, nameless("madison79@x.org"))).toEqual(["exact", null]);
    expect(both(nameless("ann@x.org"), { firstNames: ["ann"], last: "li" })).toEqual(["exact", null]);
    expect(both(nameless("madison79@x.org"), { firstNames: ["madison"] })).toEqual(["exact", null]);
  });

  it("needs a surname of two letters to read both names", () => {
    expect(both(nameless("annli@x.org"), { firstNames: ["ann"], last: "li" })).toEqual(["exact", "exact"]);
    expect(both(nameless("annx@x.org"), { firstNames: ["ann"], last: "x" })).toEqual([null, null]);
  });

  it("reads nothing from an initial and surname, a short given name, a shared address or a row with a name", () => {
    expect(both(nameless("mmitchell@x.org"), named)).toEqual([null, null]);
    expect(both(nameless("al@x.org"), { firstNames: ["al"], last: "ng" })).toEqual([null, null]);
    expect(both(nameless("madisonmitchell@x.org", true), named)).toEqual([null, null]);
    expect(both({ email: "madisonmitchell@x.org", last: "mitchell" }, named)).toEqual([null, "exact"]);
    expect(both({ email: "madisonmitchell@x.org", firstNames: ["madison"] }, named)).toEqual(["exact", null]);
    expect(both({}, named)).toEqual([null, null]);
    expect(both(nameless("mitchell@x.org"), { last: "mitchell" })).toEqual([null, null]);
    expect(both(nameless("madisonmitchell@x.org"), { last: "mitchell" })).toEqual([null, null]);
  });

  it("reads the same letters again for a second pair", () => {
    const p = prepared([nameless("madison79@x.org"), named, { firstNames: ["madison"], last: "lee" }]);
    const c = comparatorOf(p, "firstName");
    expect([c.compare(0, 1), c.compare(0, 2), c.compare(2, 0)]).toEqual([0, 0, 0]);
  });
});

describe("_nameDerived", () => {
  const people = (): _Prepared =>
    prepared([
      { firstNames: ["john", "jonathan", "johnny"], last: "smith" },
      { firstNames: ["emilie", "emily"], last: "webster" },
      { last: "smith" },
      { firstNames: ["cher"] },
    ]);

  it("is true for a personal part that is only the person's names", () => {
    const p = people();
    for (const local of ["1234", "smith", "john", "john.smith", "smithjohn", "jonathan.smith", "johnny85", "jsmith", "johns", "smithj"]) expect([local, _nameDerived(p, 0, local)]).toEqual([local, true]);
    expect(_nameDerived(p, 1, "emily.webster")).toBe(true);
    expect(_nameDerived(p, 1, "websteremily")).toBe(true);
    expect(_nameDerived(p, 2, "smith")).toBe(true);
    expect(_nameDerived(p, 3, "cher")).toBe(true);
  });

  it("is false for anything else", () => {
    const p = people();
    for (const local of ["zq81", "jsmyth", "smithjo", "johnsmithy", "ohn"]) expect([local, _nameDerived(p, 0, local)]).toEqual([local, false]);
    expect(_nameDerived(p, 2, "jsmith")).toBe(false);
    expect(_nameDerived(p, 3, "cherx")).toBe(false);
    expect(_nameDerived(p, 3, "c")).toBe(false);
    // No surname is no surname, not the text "null".
    expect(_nameDerived(p, 3, "chernull")).toBe(false);
    expect(_nameDerived(p, 3, "nullcher")).toBe(false);
  });
});

describe("emails", () => {
  it("is exact for one address, nothing when one is missing", () => {
    expect(email(at("zq81@x.org"), at("zq81@x.org"))).toBe("exact");
    expect(email(at("zq81@x.org"), {})).toBeNull();
    expect(email({}, at("zq81@x.org"))).toBeNull();
  });

  it("reads a slip in the domain of a personal part of four letters and more as one address", () => {
    expect(email(at("zq81@hopkins.org"), at("zq81@honkips.org"))).toBe("exact");
    expect(email(at("zq81@gmail.com"), at("zq81@gmal.com"))).toBe("exact");
    expect(email(at("zq81@gmail.com"), at("zq81@yahoo.com"))).toBe("samePersonalPart");
    expect(email(at("zq8@gmail.com"), at("zq8@gmal.com"))).toBe("else");
  });

  it("bands personal parts: the same, Jaro-Winkler 0.9 (four letters and more), else", () => {
    expect(email(at("aaaaab@x.org"), at("acaaaa@y.org"))).toBe("similarPersonalPart");
    expect(email(at("abcd@x.org"), at("abdc@y.org"))).toBe("similarPersonalPart");
    expect(email(at("abcd@x.org"), at("abc@y.org"))).toBe("else");
    expect(email(at("abc@x.org"), at("abcd@y.org"))).toBe("else");
    expect(email(at("abc@x.org"), at("abc@y.org"))).toBe("else");
    expect(email(at("zq81@x.org"), at("wp57@y.org"))).toBe("else");
  });

  it("takes a personal part made of the person's names as no evidence, unless it differs", () => {
    const john = { firstNames: ["john"], last: "smith" };
    expect(email(at("john.smith@x.org", john), at("john.smith@mail.com", john))).toBeNull();
    expect(email(at("john.smith@x.org", john), at("john.smith@mail.com"))).toBeNull();
    expect(email(at("john.smith@x.org"), at("john.smith@mail.com", john))).toBeNull();
    expect(email(at("john.smith@x.org"), at("john.smith@mail.com"))).toBe("samePersonalPart");
    expect(email(at("john.smith@x.org", john), at("zq81@y.org"))).toBe("else");
    expect(email(at("ann@x.org", { firstNames: ["ann"] }), at("anne@y.org"))).toBe("else");
  });
});

describe("phones, postal codes and customer ids", () => {
  it("bands phones: exact, one typo, else", () => {
    expect(level("phone", { phone: "5552671" }, { phone: "5552671" })).toBe("exact");
    expect(level("phone", { phone: "5552671" }, { phone: "5552672" })).toBe("oneTypo");
    expect(level("phone", { phone: "5552671" }, { phone: "5552617" })).toBe("oneTypo");
    expect(level("phone", { phone: "5552671" }, { phone: "5559999" })).toBe("else");
    expect(level("phone", { phone: "5552671" }, {})).toBeNull();
    expect(level("phone", {}, { phone: "5552671" })).toBeNull();
  });

  it("bands postal codes: exact, the same first three characters, else", () => {
    expect(level("postalCode", { postal: "02110" }, { postal: "02110" })).toBe("exact");
    expect(level("postalCode", { postal: "02110" }, { postal: "02199" })).toBe("samePrefix");
    expect(level("postalCode", { postal: "02110" }, { postal: "02210" })).toBe("else");
    expect(level("postalCode", { postal: "ab" }, { postal: "abc" })).toBe("else");
    expect(level("postalCode", {}, { postal: "02110" })).toBeNull();
    expect(level("postalCode", { postal: "02110" }, {})).toBeNull();
  });

  it("compares customer ids exactly", () => {
    expect(level("customerId", { customerId: "12" }, { customerId: "12" })).toBe("exact");
    expect(level("customerId", { customerId: "12" }, { customerId: "13" })).toBe("else");
    expect(level("customerId", { customerId: "12" }, {})).toBeNull();
    expect(level("customerId", {}, { customerId: "12" })).toBeNull();
  });
});

describe("streets and cities", () => {
  it("bands streets at Jaro-Winkler 0.9", () => {
    expect(level("street", { street: "1 main st" }, { street: "1 main st" })).toBe("exact");
    expect(level("street", { street: "aaaaab" }, { street: "acaaaa" })).toBe("similar");
    expect(level("street", { street: "1 main st" }, { street: "9 elm rd" })).toBe("else");
    expect(level("street", {}, { street: "1 main st" })).toBeNull();
  });

  it("takes a city one edit or a swap away as similar, from four letters", () => {
    expect(level("city", { city: "boston" }, { city: "boston" })).toBe("exact");
    expect(level("city", { city: "aaaaab" }, { city: "acaaaa" })).toBe("similar");
    expect(level("city", { city: "rome" }, { city: "rime" })).toBe("similar");
    expect(level("city", { city: "nome" }, { city: "mone" })).toBe("similar");
    expect(level("city", { city: "rom" }, { city: "rim" })).toBe("else");
    // One edit apart, but the shorter name has three letters.
    expect(level("city", { city: "ely" }, { city: "eyly" })).toBe("else");
    expect(level("city", { city: "eyly" }, { city: "ely" })).toBe("else");
    expect(level("city", { city: "rome" }, { city: "oslo" })).toBe("else");
    expect(level("city", { city: "rome" }, {})).toBeNull();
    expect(level("city", {}, { city: "rome" })).toBeNull();
  });
});

describe("_partialDate", () => {
  it("is the first of January only", () => {
    expect(_partialDate("1875-01-01")).toBe(true);
    expect(_partialDate("1875-11-01")).toBe(false);
    expect(_partialDate("1875-02-01")).toBe(false);
    expect(_partialDate("1875-01-11")).toBe(false);
    expect(_partialDate("1875-01-02")).toBe(false);
  });
});

describe("birth dates", () => {
  it("reads a year-only date as year-level evidence only", () => {
    expect(dob("1875-01-01", "1875-01-01")).toBe("sameYear");
    expect(dob("1875-05-06", "1875-01-01")).toBe("sameYear");
    expect(dob("1875-01-01", "1876-05-06")).toBe("withinYear");
    expect(dob("1876-01-01", "1875-01-01")).toBe("withinYear");
    expect(dob("1875-01-01", "1877-01-01")).toBe("withinDecade");
    expect(dob("1885-01-01", "1875-01-01")).toBe("withinDecade");
    expect(dob("1875-01-01", "1886-01-01")).toBe("else");
  });

  it("reads one typo: a character, day and month swapped, the year off by one", () => {
    expect(dob("1980-05-06", "1980-05-06")).toBe("exact");
    expect(dob("1980-05-06", "1980-05-07")).toBe("oneTypo");
    expect(dob("1980-05-06", "1980-06-05")).toBe("oneTypo");
    expect(dob("1979-05-06", "1980-05-06")).toBe("oneTypo");
    expect(dob("1980-05-06", "1979-05-06")).toBe("oneTypo");
    expect(dob("1978-05-06", "1980-05-06")).toBe("oneComponentOff");
    // Not a typo: day and month swapped in another year, or a year off with another day or month.
    expect(dob("1980-05-06", "1985-06-05")).toBe("withinDecade");
    expect(dob("1980-05-06", "1975-06-28")).toBe("withinDecade");
    expect(dob("1979-05-06", "1980-07-08")).toBe("withinDecade");
    expect(dob("1979-05-06", "1980-05-08")).toBe("withinDecade");
    expect(dob("1979-05-06", "1980-07-06")).toBe("withinDecade");
    expect(dob("1980-05-06", "1980-06-28")).toBe("withinYear");
    expect(dob("1980-05-06", "1980-07-05")).toBe("withinYear");
  });

  it("reads one component off, then days apart", () => {
    expect(dob("1980-05-06", "1980-05-28")).toBe("oneComponentOff");
    expect(dob("1980-05-06", "1980-11-06")).toBe("oneComponentOff");
    expect(dob("1980-05-28", "1980-06-03")).toBe("withinMonth");
    expect(dob("1980-01-31", "1980-03-02")).toBe("withinMonth");
    expect(dob("1980-01-31", "1980-03-03")).toBe("withinYear");
    expect(dob("1980-03-02", "1981-03-03")).toBe("withinYear");
    expect(dob("1980-03-02", "1981-03-04")).toBe("withinDecade");
    expect(dob("1980-03-02", "1990-03-03")).toBe("withinDecade");
    expect(dob("1980-03-02", "1990-03-04")).toBe("else");
    expect(dob("1980-03-02", null)).toBeNull();
    expect(dob(null, "1980-03-02")).toBeNull();
  });

  it("takes the closest of both readings of an ambiguous date", () => {
    const compare = (a: Partial<_FeatureRow>, b: Partial<_FeatureRow>): string | null => level("dateOfBirth", a, b);
    expect(compare({ dob: "1980-03-04", dobAlt: "1980-04-03" }, { dob: "1980-04-03" })).toBe("exact");
    expect(compare({ dob: "1980-04-03" }, { dob: "1980-03-04", dobAlt: "1980-04-03" })).toBe("exact");
    expect(compare({ dob: "1961-07-11", dobAlt: "1985-04-02" }, { dob: "1999-12-25", dobAlt: "1985-04-02" })).toBe("exact");
    expect(compare({ dob: "1961-07-11" }, { dob: "1999-12-25", dobAlt: "1961-07-12" })).toBe("oneTypo");
    expect(compare({ dob: "1961-07-11" }, { dob: "1999-12-25", dobAlt: "2010-01-05" })).toBe("else");
  });
});

describe("custom fields by kind", () => {
  it("numbers: equal, within the tolerance, else", () => {
    const n = spec("n", "numeric", { tolerance: 2 });
    expect(customLevel(n, 5, 5)).toBe("exact");
    expect(customLevel(n, 5, 7)).toBe("close");
    expect(customLevel(n, 7, 5)).toBe("close");
    expect(customLevel(n, 5, 7.5)).toBe("else");
    expect(customLevel(n, 5, null)).toBeNull();
    expect(customLevel(n, null, 5)).toBeNull();
  });

  it("Levenshtein: edits counted with a swap as one", () => {
    const lev = spec("code", "levenshtein");
    expect(customLevel(lev, "2493383", "2493383")).toBe("exact");
    expect(customLevel(lev, "2493383", "2439383")).toBe("levenshtein1");
    expect(customLevel(lev, "2493383", "2493384")).toBe("levenshtein1");
    expect(customLevel(lev, "2493383", "2493399")).toBe("levenshtein2");
    expect(customLevel(lev, "2493383", "2499999")).toBe("else");
    // One edit at the start: one edit, whatever Jaro-Winkler says.
    expect(customLevel(lev, "abcdefg", "xbcdefg")).toBe("levenshtein1");
    expect(customLevel(lev, "2493383", null)).toBeNull();
    expect(customLevel(lev, null, "2493383")).toBeNull();
  });

  it("Jaro-Winkler: bands at 0.92 and 0.8", () => {
    const jw = spec("name", "jaroWinkler");
    expect(customLevel(jw, "aaaaa", "aaaaa")).toBe("exact");
    expect(customLevel(jw, "aaaaa", "aaaab")).toBe("jaroWinkler92");
    expect(customLevel(jw, "aaaa", "aababb")).toBe("jaroWinkler80");
    expect(customLevel(jw, "aaaa", "bbbb")).toBe("else");
    expect(customLevel(jw, null, "aaaa")).toBeNull();
  });

  it("exact: equal or else", () => {
    const ex = spec("tag", "exact");
    expect(customLevel(ex, "a", "a")).toBe("exact");
    expect(customLevel(ex, "a", "b")).toBe("else");
    expect(customLevel(ex, "a", null)).toBeNull();
    expect(customLevel(ex, null, "a")).toBeNull();
  });

  it("dates: as birth dates, with no second reading", () => {
    const d = spec("d", "date");
    expect(customLevel(d, "2001-02-03", "2001-02-03")).toBe("exact");
    expect(customLevel(d, "2001-02-03", "2001-03-02")).toBe("oneTypo");
    expect(customLevel(d, "2001-01-01", "2001-06-07")).toBe("sameYear");
    expect(customLevel(d, "2001-02-03", null)).toBeNull();
  });
});
