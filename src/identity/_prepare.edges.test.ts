// _prepare and its helpers, tested directly: the exact value of every column a record yields, each branch
// of the customer-id, household-email and name-from-email readings, the length limits at and one past
// their bounds, the counters (placeholders, truncated), and the feature-row round trip.
import { describe, expect, it } from "vitest";
import { profileKitErrorOf } from "../../test/support/errors.js";
import {
  MAX_EXACT_VALUE_LENGTH,
  MAX_FUZZY_VALUE_LENGTH,
  _columnsOf,
  _customSpecsOf,
  _fromRows,
  _householdEmail,
  _namesFromEmail,
  _normalizeCustomerId,
  _prepare,
  _rowOf,
  type _CustomSpec,
  type _FeatureRow,
  type _PrepareOptions,
  type _Prepared,
} from "./_prepare.js";
import type { CustomField } from "./types.js";

const BASE: _PrepareOptions = { idField: "id", sourceField: "source", fields: {}, customFields: {}, defaultCountry: null, dateOrder: null };

const prep = (records: readonly unknown[], options: Partial<_PrepareOptions> = {}): _Prepared => _prepare("test", records, { ...BASE, ...options });

/** One record (id "r") prepared alone. */
const one = (record: Record<string, unknown>, options: Partial<_PrepareOptions> = {}): _Prepared => prep([{ id: "r", ...record }], options);

const HAROLD = ["harold", "hal", "harry"];
const BOB = ["bob", "bert", "bobby", "rob", "robert", "roberto", "rupert", "ruprecht"];
const MARIA = ["maria", "mae", "mamie", "mariah", "mariam", "marie", "marietta", "marija", "mariya", "mary", "maryam", "mitzi", "molly", "polly"];
const LEONARD = ["leonard", "len", "lenny", "leo", "leon", "lineau"];

describe("_normalizeCustomerId", () => {
  it("folds case and removes every kind of separator", () => {
    expect(_normalizeCustomerId("ab-x")).toBe("ABX");
    expect(_normalizeCustomerId("a b\tc")).toBe("ABC");
    expect(_normalizeCustomerId("a_b.c/d:e#f-g")).toBe("ABCDEFG");
    expect(_normalizeCustomerId("x7-q")).toBe("X7Q");
  });

  it("reduces digits behind one to three letters to the number", () => {
    expect(_normalizeCustomerId("C12")).toBe("12");
    expect(_normalizeCustomerId("c-7")).toBe("7");
    expect(_normalizeCustomerId("ab12")).toBe("12");
    expect(_normalizeCustomerId("XYZ-0012")).toBe("12");
  });

  it("keeps an id whose letters are more than three, follow the digits, or surround them", () => {
    expect(_normalizeCustomerId("ABCD-12")).toBe("ABCD12");
    expect(_normalizeCustomerId("12AB")).toBe("12AB");
    expect(_normalizeCustomerId("C12X")).toBe("C12X");
    expect(_normalizeCustomerId("0X12")).toBe("0X12");
    expect(_normalizeCustomerId("0x")).toBe("0X");
  });

  it("drops only leading zeros, and reads all zeros as 0", () => {
    expect(_normalizeCustomerId("007")).toBe("7");
    expect(_normalizeCustomerId("1007")).toBe("1007");
    expect(_normalizeCustomerId("C-0100")).toBe("100");
    expect(_normalizeCustomerId("000")).toBe("0");
    expect(_normalizeCustomerId("C000")).toBe("0");
    expect(_normalizeCustomerId("0")).toBe("0");
  });

  it("gives null for an id made only of separators", () => {
    expect(_normalizeCustomerId("")).toBeNull();
    expect(_normalizeCustomerId(" - ")).toBeNull();
    expect(_normalizeCustomerId("#/:._")).toBeNull();
  });

  it("reads full-width forms as their plain equivalents", () => {
    expect(_normalizeCustomerId("ｃ７５８")).toBe("758");
    expect(_normalizeCustomerId("ＡＢＣＤ")).toBe("ABCD");
  });
});

describe("_householdEmail", () => {
  it("recognises generic household forms whatever the surname", () => {
    for (const local of ["thesmiths", "thesmithhome", "thess", "teamsmith", "teamabc", "smithhome", "abchome", "smithfamily", "millerhousehold", "lafamille", "familiemueller"]) {
      expect(_householdEmail(local, null), local).toBe(true);
    }
  });

  it("rejects near misses of the household forms", () => {
    for (const local of ["theresa", "thes", "bathers", "steamers", "teamsmith01", "teamab", "smithhomes", "xyhome", "info", "nulls", "the.smiths", "j.smith"]) {
      expect(_householdEmail(local, null), local).toBe(false);
    }
  });

  it("recognises the record's own surname as plural, after 'the', or before 'home', ignoring non-letters", () => {
    expect(_householdEmail("smiths", "smith")).toBe(true);
    expect(_householdEmail("the.smith", "smith")).toBe(true);
    expect(_householdEmail("thesmith", "smith")).toBe(true);
    expect(_householdEmail("smith.home", "smith")).toBe(true);
    expect(_householdEmail("lihome", "li")).toBe(true);
    expect(_householdEmail("smiths1", "smith")).toBe(true);
  });

  it("does not read the surname itself, another surname, or a surname-less address as a household", () => {
    expect(_householdEmail("smith", "smith")).toBe(false);
    expect(_householdEmail("jsmith", "smith")).toBe(false);
    expect(_householdEmail("smiths", "jones")).toBe(false);
    expect(_householdEmail("123", "smith")).toBe(false);
    expect(_householdEmail("lihome", null)).toBe(false);
    expect(_householdEmail("smith.home", null)).toBe(false);
  });

  // "the" + letters + "s" is a household (thesmiths) unless the letters continue a given name the tables
  // know: Theo Jones's theojones@ was read as a household's address (and scored as one) before.
  it("does not read a given name beginning with 'the' before a surname ending in s as a household", () => {
    expect(_householdEmail("theojones", "jones")).toBe(false);
    expect(_householdEmail("theresamiles", null)).toBe(false);
    expect(_householdEmail("thesmiths", null)).toBe(true);
    expect(_householdEmail("thejoneshome", null)).toBe(true);
  });

  it("does not read a given name that begins with 'the' and ends in s as a household", () => {
    expect(_householdEmail("theodoros", null)).toBe(false);
  });
});

describe("_columnsOf", () => {
  it("reads every standard field from its own column by default", () => {
    expect(_columnsOf({})).toEqual({
      firstName: "firstName",
      lastName: "lastName",
      fullName: "fullName",
      email: "email",
      phone: "phone",
      dateOfBirth: "dateOfBirth",
      street: "street",
      city: "city",
      region: "region",
      postalCode: "postalCode",
      country: "country",
      customerId: "customerId",
    });
  });

  it("reads a mapped field from its mapped column and leaves the others as they were", () => {
    const columns = _columnsOf({ Vorname: "firstName", "E-Mail": "email" });
    expect(columns.firstName).toBe("Vorname");
    expect(columns.email).toBe("E-Mail");
    expect(columns.lastName).toBe("lastName");
    expect(columns.customerId).toBe("customerId");
  });
});

describe("_namesFromEmail", () => {
  it("reads a given name followed by a family name, digits after them allowed", () => {
    expect(_namesFromEmail("harold.logan01@btinternet.com")).toEqual({ first: "harold", last: "logan", firstNames: HAROLD });
    expect(_namesFromEmail("harold.logan@btinternet.com")).toEqual({ first: "harold", last: "logan", firstNames: HAROLD });
  });

  it("swaps the words when only the second one is a given name", () => {
    expect(_namesFromEmail("logan.harold@x.com")).toEqual({ first: "harold", last: "logan", firstNames: HAROLD });
    expect(_namesFromEmail("garcia_maria@gmail.com")).toEqual({ first: "maria", last: "garcia", firstNames: MARIA });
  });

  it("keeps the usual order when both words are given names", () => {
    expect(_namesFromEmail("leonard-virginia@gmail.com")).toEqual({ first: "leonard", last: "virginia", firstNames: LEONARD });
  });

  it("spells no name when neither word is a given name", () => {
    expect(_namesFromEmail("qwx.zzv@x.com")).toBeNull();
    expect(_namesFromEmail("info.sales@acme.com")).toBeNull();
  });

  it("reads the personal part case-folded and only up to the last @", () => {
    expect(_namesFromEmail("Harold.Logan@Example.com")).toEqual({ first: "harold", last: "logan", firstNames: HAROLD });
    expect(_namesFromEmail("x@harold.logan@mail.com")).toBeNull();
  });

  it("spells no name for personal parts that are not two words of two letters or more joined by . _ or -", () => {
    for (const email of ["jsmith@x.com", "h.logan@x.com", "harold.l@x.com", "harold+logan@x.com", "harold..logan@x.com", "harold.logan.smith@x.com", "9harold.logan@x.com", "harold.logan01x@x.com", "harold.9logan@x.com"]) {
      expect(_namesFromEmail(email), email).toBeNull();
    }
  });
});

describe("_prepare: record ids", () => {
  it("sorts rows by id compared as strings, numeric ids written as strings, other columns following their rows", () => {
    const p = prep([
      { id: "m", source: "s-m" },
      { id: 10, source: "s-10" },
      { id: "a", source: "s-a" },
      { id: 9, source: "s-9" },
      { id: "k", source: "s-k" },
      { id: "b", source: "s-b" },
    ]);
    expect(p.n).toBe(6);
    expect(p.ids).toEqual(["10", "9", "a", "b", "k", "m"]);
    expect(p.source).toEqual(["s-10", "s-9", "s-a", "s-b", "s-k", "s-m"]);
  });

  it("keeps rows already in order, and sorts rows given in reverse", () => {
    expect(prep([{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }]).ids).toEqual(["a", "b", "c", "d"]);
    expect(prep([{ id: "d" }, { id: "c" }, { id: "b" }, { id: "a" }]).ids).toEqual(["a", "b", "c", "d"]);
  });

  it("reads the id from the idField option", () => {
    const p = prep([{ key: "y", id: "ignored-1" }, { key: "x", id: "ignored-2" }], { idField: "key" });
    expect(p.ids).toEqual(["x", "y"]);
  });

  it("refuses records that are not an array", () => {
    const error = profileKitErrorOf(() => prep("nope" as unknown as readonly unknown[]));
    expect(error.code).toBe("invalid_options");
    expect(error.message).toBe("test: records must be an array.");
  });

  it("refuses cleanseRecord results passed as records", () => {
    const error = profileKitErrorOf(() => prep([{ record: { id: "a" }, fields: {}, issues: [] }]));
    expect(error.code).toBe("invalid_options");
    expect(error.message).toContain("these are cleanseRecord results, not records");
  });

  it("counts one record without a usable id in the singular", () => {
    const error = profileKitErrorOf(() => prep([{ id: "a" }, { id: "" }]));
    expect(error.code).toBe("invalid_options");
    expect(error.message).toBe('test: 1 record has no usable "id" (a non-empty string or a number). Every record needs a unique id.');
  });

  it("counts every record whose id is missing, empty, not finite, not a string or number, or that is no record", () => {
    const records = [{ id: "ok" }, {}, { id: "" }, { id: Number.NaN }, { id: Number.POSITIVE_INFINITY }, { id: true }, { id: null }, { id: ["a"] }, null, "text", 7, [1, 2]];
    const error = profileKitErrorOf(() => prep(records));
    expect(error.message).toBe('test: 11 records have no usable "id" (a non-empty string or a number). Every record needs a unique id.');
  });

  it("does not read an id from a string's or an array's own properties", () => {
    const error = profileKitErrorOf(() => prep([{ length: "a" }, "xyz", [1, 2]], { idField: "length" }));
    expect(error.message).toBe('test: 2 records have no usable "length" (a non-empty string or a number). Every record needs a unique id.');
  });

  it("counts a revoked proxy as a record without an id instead of throwing its TypeError", () => {
    const { proxy, revoke } = Proxy.revocable({ id: "x" }, {});
    revoke();
    const error = profileKitErrorOf(() => prep([{ id: "a" }, proxy]));
    expect(error.message).toBe('test: 1 record has no usable "id" (a non-empty string or a number). Every record needs a unique id.');
  });

  it("counts one repeated id in the singular", () => {
    const error = profileKitErrorOf(() => prep([{ id: "a" }, { id: "b" }, { id: "a" }]));
    expect(error.code).toBe("invalid_options");
    expect(error.message).toBe('test: 1 record id is used more than once in "id". Every record needs a unique id.');
  });

  it("counts every extra use of an id, a number and its string form being one id", () => {
    const error = profileKitErrorOf(() => prep([{ id: "a" }, { id: "b" }, { id: "a" }, { id: "b" }, { id: "a" }, { id: 5 }, { id: "5" }, { id: "c" }], { idField: "id" }));
    expect(error.message).toBe('test: 4 record ids are used more than once in "id". Every record needs a unique id.');
  });

  it("prepares no records into empty columns", () => {
    expect(prep([])).toEqual({
      n: 0, ids: [], source: [], first: [], firstNames: [], last: [], email: [], emailLocal: [], emailShared: [], phone: [], dob: [], dobAlt: [],
      street: [], city: [], postal: [], customerId: [], custom: [], placeholders: 0, truncated: 0,
    });
  });

  it("prepares a record with nothing but an id into empty values", () => {
    expect(one({})).toEqual({
      n: 1, ids: ["r"], source: [null], first: [null], firstNames: [[]], last: [null], email: [null], emailLocal: [null], emailShared: [false], phone: [null],
      dob: [null], dobAlt: [null], street: [null], city: [null], postal: [null], customerId: [null], custom: [], placeholders: 0, truncated: 0,
    });
  });
});

describe("_prepare: a complete record", () => {
  it("turns each standard field into its comparable feature", () => {
    const p = one({
      source: "crm", firstName: "Bob", lastName: "Weber", email: "Bob.Weber@Gmail.com", phone: "+44 20 7946 0018", dateOfBirth: "1980-03-04",
      street: "12 Hauptstrasse", city: "Berlin", postalCode: "10115", country: "DE", customerId: "C-77",
    });
    expect(p).toEqual({
      n: 1, ids: ["r"], source: ["crm"], first: ["bob"], firstNames: [BOB], last: ["weber"], email: ["bobweber@gmail.com"], emailLocal: ["bobweber"],
      emailShared: [false], phone: ["2079460018"], dob: ["1980-03-04"], dobAlt: [null], street: ["12 HAUPTSTRASSE"], city: ["berlin"], postal: ["10115"],
      customerId: ["77"], custom: [], placeholders: 0, truncated: 0,
    });
  });

  it("reads standard fields from the columns the fields option maps to them", () => {
    const p = one({ Vorname: "Bob", Nachname: "Weber", "E-Mail": "bob@outlook.com", email: "other@outlook.com", Kunde: "C-9" }, { fields: { Vorname: "firstName", Nachname: "lastName", "E-Mail": "email", Kunde: "customerId" } });
    expect(p.first).toEqual(["bob"]);
    expect(p.last).toEqual(["weber"]);
    expect(p.email).toEqual(["bob@outlook.com"]);
    expect(p.customerId).toEqual(["9"]);
  });
});

describe("_prepare: source", () => {
  it("keeps a string source, writes a number as a string, and drops any other value", () => {
    const p = prep([{ id: "a", source: "crm" }, { id: "b", source: 7 }, { id: "c", source: true }, { id: "d", source: null }, { id: "e" }, { id: "f", source: "crm" }]);
    expect(p.source).toEqual(["crm", "7", null, null, null, "crm"]);
  });

  it("reads the source from the sourceField option", () => {
    const p = prep([{ id: "a", origin: "shop", source: "crm" }], { sourceField: "origin" });
    expect(p.source).toEqual(["shop"]);
  });
});

describe("_prepare: names", () => {
  it("reads the first name as a given name, its honorific dropped", () => {
    const p = one({ firstName: "Dr Bob" });
    expect(p.first).toEqual(["bob"]);
    expect(p.firstNames).toEqual([BOB]);
    expect(p.last).toEqual([null]);
  });

  it("splits a full name into first and last name when the record has neither", () => {
    const p = prep([{ id: "a", fullName: "Mary Ann O'Neil" }, { id: "b", fullName: "Madonna" }, { id: "c", fullName: "Dr Smith" }]);
    expect(p.first).toEqual(["mary", "madonna", null]);
    expect(p.firstNames[1]).toEqual(["madonna"]);
    expect(p.firstNames[2]).toEqual([]);
    expect(p.last).toEqual(["oneil", null, "smith"]);
  });

  it("ignores the full name when the record has a first or a last name", () => {
    const p = prep([{ id: "a", firstName: "Ann", fullName: "Bob Smith" }, { id: "b", lastName: "Weber", fullName: "Bob Smith" }]);
    expect(p.first).toEqual(["ann", null]);
    expect(p.last).toEqual([null, "weber"]);
    expect(p.firstNames[1]).toEqual([]);
  });

  it("gives the same nickname list to two records with the same first name", () => {
    const p = prep([{ id: "a", firstName: "Bob" }, { id: "b", firstName: "bob" }, { id: "c", fullName: "Bob Smith" }]);
    expect(p.firstNames).toEqual([BOB, BOB, BOB]);
    expect(p.first).toEqual(["bob", "bob", "bob"]);
    expect(p.last).toEqual([null, null, "smith"]);
  });
});

describe("_prepare: email", () => {
  it("keeps the match key, its personal part, and whether the address is shared", () => {
    const p = prep([
      { id: "a", firstName: "Bob", lastName: "Weber", email: "Bob.Weber@Gmail.com" },
      { id: "b", firstName: "Ann", email: "Info@Acme.com" },
      { id: "c", firstName: "Ann", email: "thesmiths@outlook.com" },
      { id: "d", firstName: "Ann", lastName: "Smith", email: "smiths@outlook.com" },
      { id: "e", firstName: "Ann", lastName: "Jones", email: "smiths@outlook.com" },
      { id: "f", firstName: "Ann", lastName: "Weber" },
    ]);
    expect(p.email).toEqual(["bobweber@gmail.com", "info@acme.com", "thesmiths@outlook.com", "smiths@outlook.com", "smiths@outlook.com", null]);
    expect(p.emailLocal).toEqual(["bobweber", "info", "thesmiths", "smiths", "smiths", null]);
    expect(p.emailShared).toEqual([false, true, true, true, false, false]);
    // A role account is reported, but is no placeholder.
    expect(p.placeholders).toBe(0);
  });

  // As in _householdEmail above: Theo Jones's own address was marked shared before.
  it("does not mark a person's own address shared because the given name begins with 'the'", () => {
    expect(one({ firstName: "Theo", lastName: "Jones", email: "theojones@gmail.com" }).emailShared).toEqual([false]);
  });

  it("reads the name an email spells when the record has no name", () => {
    const p = one({ email: "harold.logan01@btinternet.com" });
    expect(p.first).toEqual(["harold"]);
    expect(p.firstNames).toEqual([HAROLD]);
    expect(p.last).toEqual(["logan"]);
    expect(p.email).toEqual(["harold.logan01@btinternet.com"]);
    expect(p.emailLocal).toEqual(["harold.logan01"]);
  });

  it("reads no name from the email when the record has a first or a last name", () => {
    const p = prep([{ id: "a", firstName: "Bob", email: "harold.logan01@btinternet.com" }, { id: "b", lastName: "Weber", email: "harold.logan01@btinternet.com" }]);
    expect(p.first).toEqual(["bob", null]);
    expect(p.firstNames).toEqual([BOB, []]);
    expect(p.last).toEqual([null, "weber"]);
  });

  it("reads no name from a shared address, nor from one that spells none", () => {
    const p = prep([{ id: "a", email: "maria.family@gmail.com" }, { id: "b", email: "jsmith@outlook.com" }, { id: "c", email: "info.sales@acme.com" }]);
    expect(p.emailShared).toEqual([true, false, false]);
    expect(p.first).toEqual([null, null, null]);
    expect(p.firstNames).toEqual([[], [], []]);
    expect(p.last).toEqual([null, null, null]);
  });

  it("keeps no email, and reads no name, from an unusable address", () => {
    const p = prep([{ id: "a", email: "N/A" }, { id: "b", email: "test@test.com" }]);
    expect(p.placeholders).toBe(1); // the placeholder address, not the invalid one
    expect(p.email).toEqual([null, null]);
    expect(p.emailLocal).toEqual([null, null]);
    expect(p.emailShared).toEqual([false, false]);
    expect(p.first).toEqual([null, null]);
  });
});

describe("_prepare: phone", () => {
  it("keeps the last ten digits of a valid number", () => {
    const p = prep([{ id: "a", phone: "+44 20 7946 0018" }, { id: "b", phone: "12345678901", country: "US" }]);
    expect(p.phone).toEqual(["2079460018", "2345678901"]);
  });

  it("reads a national number in the record's country", () => {
    const p = prep([{ id: "a", phone: "030 1234567", country: "DE" }, { id: "b", phone: "030 1234567" }]);
    // In Germany the number is +49 30 1234567; without a country its own digits are kept.
    expect(p.phone).toEqual(["9301234567", "0301234567"]);
  });

  it("keeps the digits of a national number without a country, written as text or as a number", () => {
    const p = prep([{ id: "a", phone: "020 7946 0018" }, { id: "b", phone: 2079460018 }]);
    expect(p.phone).toEqual(["2079460018", "2079460018"]);
    expect(p.placeholders).toBe(0);
  });

  it("keeps no number that is invalid for a known country or not a number at all", () => {
    const p = prep([{ id: "a", phone: "5550100", country: "US" }, { id: "b", phone: "abc" }, { id: "c", phone: "+44 123" }]);
    expect(p.phone).toEqual([null, null, null]);
  });

  it("keeps digits without a country only from seven to fifteen of them", () => {
    const p = prep([{ id: "a", phone: "123456" }, { id: "b", phone: "1234567" }, { id: "c", phone: "123456789012345" }, { id: "d", phone: "1234567890123456" }]);
    expect(p.phone).toEqual([null, "1234567", "6789012345", null]);
  });
});

describe("_prepare: date of birth", () => {
  it("keeps an unambiguous date with no alternate reading", () => {
    const p = prep([{ id: "a", dateOfBirth: "1980-03-04" }, { id: "b", dateOfBirth: "13/04/1980" }]);
    expect(p.dob).toEqual(["1980-03-04", "1980-04-13"]);
    expect(p.dobAlt).toEqual([null, null]);
  });

  it("keeps both readings of an ambiguous date, month first then day first", () => {
    const p = prep([{ id: "a", dateOfBirth: "03/04/1980" }, { id: "b", dateOfBirth: "03/04/2090" }]);
    expect(p.dob).toEqual(["1980-03-04", "2090-03-04"]);
    expect(p.dobAlt).toEqual(["1980-04-03", "2090-04-03"]);
  });

  it("reads an ambiguous date in the record's country", () => {
    const p = prep([{ id: "a", dateOfBirth: "03/04/1980", country: "GB" }, { id: "b", dateOfBirth: "03/04/1980", country: "US" }]);
    expect(p.dob).toEqual(["1980-04-03", "1980-03-04"]);
    expect(p.dobAlt).toEqual([null, null]);
  });

  it("reads an ambiguous date in the dateOrder option or the default country", () => {
    expect(one({ dateOfBirth: "03/04/1980" }, { dateOrder: "DMY" }).dob).toEqual(["1980-04-03"]);
    expect(one({ dateOfBirth: "03/04/1980" }, { dateOrder: "MDY" }).dob).toEqual(["1980-03-04"]);
    expect(one({ dateOfBirth: "03/04/1980" }, { defaultCountry: "GB" }).dob).toEqual(["1980-04-03"]);
    expect(one({ dateOfBirth: "03/04/1980" }, { dateOrder: "DMY" }).dobAlt).toEqual([null]);
  });

  it("keeps a year alone, bare or with a circa prefix, as its first of January", () => {
    const forms = ["1875", " 1875 ", "1875-00", "1875-00-00", "c 1875", "c1875", "c.1875", "c. 1875", "c.  1875", "abt 1875", "abt1875", "abt. 1875", "ABT 1875", "about 1875", "about  1875", "circa 1875", "circa  1875", "Circa 1875"];
    const p = prep(forms.map((dateOfBirth, k) => ({ id: `r${String(k).padStart(2, "0")}`, dateOfBirth })));
    expect(p.dob).toEqual(forms.map(() => "1875-01-01"));
    expect(p.dobAlt).toEqual(forms.map(() => null));
  });

  it("keeps years from 1800 to 2100 only", () => {
    const p = prep([{ id: "a", dateOfBirth: "1799" }, { id: "b", dateOfBirth: "1800" }, { id: "c", dateOfBirth: "2100" }, { id: "d", dateOfBirth: "2101" }]);
    expect(p.dob).toEqual([null, "1800-01-01", "2100-01-01", null]);
  });

  it("keeps no year from text around it, a prefix without its space, or a value that is not text", () => {
    const values = ["x1875", "1875x", "about1875", "circa1875", "abc", "1875-01", ["1875"]];
    const p = prep(values.map((dateOfBirth, k) => ({ id: `r${String(k)}`, dateOfBirth })));
    expect(p.dob).toEqual(values.map(() => null));
  });

  it("keeps no date from a placeholder, and counts it", () => {
    const p = prep([{ id: "a", dateOfBirth: "1900-01-01" }, { id: "b", dateOfBirth: 1875 }]);
    expect(p.dob).toEqual([null, null]);
    expect(p.dobAlt).toEqual([null, null]);
    expect(p.placeholders).toBe(2);
  });
});

describe("_prepare: address", () => {
  it("keeps the street key, the city folded to letters and digits, and the postal code without spaces", () => {
    const p = prep([
      { id: "a", street: "1 main st", city: "São Paulo", postalCode: "sw1a1aa", country: "GB" },
      { id: "b", city: "Paris 16" },
      { id: "c", city: "Saint-Étienne" },
    ]);
    expect(p.street).toEqual(["1 MAIN ST", null, null]);
    expect(p.city).toEqual(["saopaulo", "paris16", "saintetienne"]);
    expect(p.postal).toEqual(["SW1A1AA", null, null]);
  });

  it("matches a ZIP+4 code on its first five digits whatever the country", () => {
    const p = prep([
      { id: "a", postalCode: "12345-6789" },
      { id: "b", postalCode: "123456789", country: "US" },
      { id: "c", postalCode: "1234", country: "US" },
      { id: "d", postalCode: "x12345-6789" },
      { id: "e", postalCode: "12345-67890" },
      { id: "f", postalCode: "SW1A 1AA" },
    ]);
    expect(p.postal).toEqual(["12345", "12345", "01234", "X12345-6789", "12345-67890", "SW1A1AA"]);
  });

  it("checks postal codes against the default country", () => {
    expect(one({ postalCode: "1234" }, { defaultCountry: "DE" }).postal).toEqual([null]);
    expect(one({ postalCode: "1234" }).postal).toEqual(["1234"]);
  });
});

describe("_prepare: customer id", () => {
  it("normalises a string or finite number and drops any other value", () => {
    const p = prep([
      { id: "a", customerId: "C-77" },
      { id: "b", customerId: 77 },
      { id: "c", customerId: Number.NaN },
      { id: "d", customerId: Number.POSITIVE_INFINITY },
      { id: "e", customerId: true },
      { id: "f", customerId: "   " },
      { id: "g" },
    ]);
    expect(p.customerId).toEqual(["77", "77", null, null, null, null, null]);
  });

  it("keeps an id of exactly the exact-value limit and refuses one a character longer", () => {
    const p = prep([{ id: "a", customerId: "A".repeat(MAX_EXACT_VALUE_LENGTH) }, { id: "b", customerId: "A".repeat(MAX_EXACT_VALUE_LENGTH + 1) }]);
    expect(MAX_EXACT_VALUE_LENGTH).toBe(1000);
    expect(p.customerId).toEqual(["A".repeat(1000), null]);
  });

  it("gives the host's format the trimmed id, never an empty one, and keeps its answer", () => {
    const calls: string[] = [];
    const format = (value: string): string => {
      calls.push(value);
      return value === "" ? "EMPTY" : `host:${value}`;
    };
    const p = prep([{ id: "a", customerId: " C-77 " }, { id: "b", customerId: 42 }, { id: "c", customerId: "   " }, { id: "d" }], { customerIdFormat: format });
    expect(p.customerId).toEqual(["host:C-77", "host:42", null, null]);
    expect(calls).toEqual(["C-77", "42"]);
  });

  it("reads a null or empty answer of the host's format as no id, and accepts an answer of exactly the limit", () => {
    const answers = new Map<string, string | null>([["a", null], ["b", ""], ["c", "x".repeat(MAX_EXACT_VALUE_LENGTH)]]);
    const p = prep([{ id: "a", customerId: "a" }, { id: "b", customerId: "b" }, { id: "c", customerId: "c" }], { customerIdFormat: (value) => answers.get(value) ?? null });
    expect(p.customerId).toEqual([null, null, "x".repeat(1000)]);
  });

  it("refuses an answer of the host's format that is not a string or is too long", () => {
    const message = "test: customerIdFormat must return a string (at most 1000 characters) or null.";
    const notString = profileKitErrorOf(() => one({ customerId: "a" }, { customerIdFormat: () => 5 as unknown as string }));
    expect(notString.code).toBe("invalid_options");
    expect(notString.message).toBe(message);
    const tooLong = profileKitErrorOf(() => one({ customerId: "a" }, { customerIdFormat: () => "x".repeat(MAX_EXACT_VALUE_LENGTH + 1) }));
    expect(tooLong.message).toBe(message);
  });

  it("wraps an error thrown by the host's format, keeping it as the cause", () => {
    const thrown = new Error("bad id");
    const error = profileKitErrorOf(() =>
      one({ customerId: "a" }, {
        customerIdFormat: () => {
          throw thrown;
        },
      }),
    );
    expect(error.code).toBe("invalid_options");
    expect(error.message).toBe("test: customerIdFormat threw for a customer id.");
    expect(error.cause).toBe(thrown);
  });
});

describe("_prepare: custom fields", () => {
  const custom = (records: readonly Record<string, unknown>[], fields: Readonly<Record<string, CustomField>>, options: Partial<_PrepareOptions> = {}): _Prepared =>
    prep(records.map((record, k) => ({ id: `r${String(k).padStart(2, "0")}`, ...record })), { customFields: fields, ...options });

  it("reads numbers and numeric text of at most 64 characters into the number column", () => {
    const values: unknown[] = [5, "12.5", " 7 ", "   ", "", "abc", Number.NaN, Number.POSITIVE_INFINITY, true, undefined, `${"0".repeat(63)}1`, `${"0".repeat(64)}1`];
    const p = custom(values.map((score) => ({ score })), { score: { kind: "numeric" } });
    const column = p.custom[0];
    expect(column?.number).toEqual([5, 12.5, 7, null, null, null, null, null, null, null, 1, null]);
    expect(column?.text).toEqual(values.map(() => null));
  });

  it("reads dates in the dateOrder option into the text column", () => {
    const records = [{ joined: "2020-01-02" }, { joined: "03/04/2020" }, { joined: "soon" }];
    expect(custom(records, { joined: { kind: "date" } }, { dateOrder: "DMY" }).custom[0]?.text).toEqual(["2020-01-02", "2020-04-03", null]);
    expect(custom(records, { joined: { kind: "date" } }, { dateOrder: "MDY" }).custom[0]?.text).toEqual(["2020-01-02", "2020-03-04", null]);
    expect(custom(records, { joined: { kind: "date" } }).custom[0]?.number).toEqual([null, null, null]);
  });

  it("folds text and numbers into the text column, whitespace collapsed and trimmed, and drops other values", () => {
    const values: unknown[] = ["  Gold   Member ", 42, "Ärger", true, "   ", null, "a\tb\nc"];
    const p = custom(values.map((tier) => ({ tier })), { tier: { kind: "exact" } });
    expect(p.custom[0]?.text).toEqual(["gold member", "42", "arger", null, null, null, "a b c"]);
    expect(p.custom[0]?.number).toEqual(values.map(() => null));
    expect(p.truncated).toBe(0);
  });

  it("compares fuzzy values on their first 100 characters and counts the ones cut", () => {
    expect(MAX_FUZZY_VALUE_LENGTH).toBe(100);
    const p = custom([{ note: "a".repeat(100) }, { note: "b".repeat(101) }, { note: "c".repeat(99) }], { note: { kind: "levenshtein" } });
    expect(p.custom[0]?.text).toEqual(["a".repeat(100), "b".repeat(100), "c".repeat(99)]);
    expect(p.truncated).toBe(1);
  });

  it("compares exact values on their first 1000 characters and counts the ones cut", () => {
    const p = custom([{ code: "a".repeat(1000) }, { code: "b".repeat(1001) }, { code: "c".repeat(150) }], { code: { kind: "exact" } });
    expect(p.custom[0]?.text).toEqual(["a".repeat(1000), "b".repeat(1000), "c".repeat(150)]);
    expect(p.truncated).toBe(1);
  });

  it("counts cut values across fields and records", () => {
    const p = custom(
      [{ note: "x".repeat(300), name: "y".repeat(101) }, { note: "short", name: "z".repeat(150) }],
      { note: { kind: "jaroWinkler" }, name: { kind: "levenshtein" } },
    );
    expect(p.custom.map((column) => column.text)).toEqual([["x".repeat(100), "short"], ["y".repeat(100), "z".repeat(100)]]);
    expect(p.truncated).toBe(3);
  });

  it("cuts a value longer than twice its limit before folding it, after collapsing its white space", () => {
    const p = custom(
      [{ note: `${" ".repeat(250)}abc` }, { note: "a".repeat(250) }, { note: `${" ".repeat(197)}abc` }, { note: `${" ".repeat(198)}abc` }, { note: `a${"\t ".repeat(150)}b` }, { note: `${"x".repeat(150)}${" ".repeat(100)}${"y".repeat(100)}` }],
      { note: { kind: "levenshtein" } },
    );
    // Spaces do not use up the 200 characters read (they did: the first value was then nothing, the fourth
    // lost its "c"); a value with more than the limit of letters is cut to the limit and counted.
    expect(p.custom[0]?.text).toEqual(["abc", "a".repeat(100), "abc", "abc", "a b", "x".repeat(100)]);
    expect(p.truncated).toBe(2);
    const exact = custom([{ code: `${" ".repeat(2050)}abc` }, { code: "Z".repeat(2500) }], { code: { kind: "exact" } });
    expect(exact.custom[0]?.text).toEqual(["abc", "z".repeat(1000)]);
    expect(exact.truncated).toBe(1);
  });

  it("gives each field's settings with their defaults, in the order declared", () => {
    const p = custom([{}], {
      tier: { kind: "exact" },
      score: { kind: "numeric", tolerance: 2, block: true, identifier: true },
      note: { kind: "levenshtein", levels: [{ exact: true }, { maxEdits: 1 }] },
    });
    expect(p.custom).toEqual([
      { name: "tier", kind: "exact", tolerance: 0, block: false, identifier: false, levels: null, text: [null], number: [null] },
      { name: "score", kind: "numeric", tolerance: 2, block: true, identifier: true, levels: null, text: [null], number: [null] },
      { name: "note", kind: "levenshtein", tolerance: 0, block: false, identifier: false, levels: [{ name: "exact", test: "exact", bound: 0 }, { name: "edits1", test: "maxEdits", bound: 1 }], text: [null], number: [null] },
    ]);
  });

  it("keeps explicit false and zero settings as given", () => {
    const p = custom([{}], { tier: { kind: "exact", tolerance: 0, block: false, identifier: false } });
    expect(p.custom[0]).toEqual({ name: "tier", kind: "exact", tolerance: 0, block: false, identifier: false, levels: null, text: [null], number: [null] });
  });
});

describe("_prepare: placeholders", () => {
  it("counts each placeholder value met, field by field", () => {
    expect(one({ firstName: "N/A" }).placeholders).toBe(1);
    expect(one({ lastName: "unknown" }).placeholders).toBe(1);
    expect(one({ fullName: "N/A" }).placeholders).toBe(1);
    expect(one({ email: "test@test.com" }).placeholders).toBe(1);
    expect(one({ phone: "0000000000" }).placeholders).toBe(1);
    expect(one({ dateOfBirth: "1900-01-01" }).placeholders).toBe(1);
  });

  it("adds up placeholders across fields and records, and never keeps them as values", () => {
    const p = prep([
      { id: "a", firstName: "N/A", lastName: "unknown", fullName: "N/A", email: "test@test.com" },
      { id: "b", phone: "0000000000", dateOfBirth: "1900-01-01", lastName: "unknown" },
      { id: "c", firstName: "Bob" },
    ]);
    expect(p.placeholders).toBe(7);
    expect(p.first).toEqual([null, null, "bob"]);
    expect(p.last).toEqual([null, null, null]);
    expect(p.email).toEqual([null, null, null]);
    expect(p.phone).toEqual([null, null, null]);
    expect(p.dob).toEqual([null, null, null]);
  });
});

describe("feature rows", () => {
  const fields: Readonly<Record<string, CustomField>> = { score: { kind: "numeric", tolerance: 1 }, tier: { kind: "exact", block: true } };
  const p = prep(
    [
      { id: "b", source: "crm", firstName: "Bob", lastName: "Weber", email: "Bob.Weber@Gmail.com", phone: "+44 20 7946 0018", dateOfBirth: "03/04/1980", street: "12 Hauptstrasse", city: "Berlin", postalCode: "10115", customerId: "C-77", score: 3, tier: "Gold" },
      { id: "a", email: "Info@Acme.com" },
    ],
    { customFields: fields },
  );

  it("gives one record's features as a row", () => {
    expect(_rowOf(p, 1)).toEqual({
      id: "b", source: "crm", firstNames: BOB, last: "weber", email: "bobweber@gmail.com", emailShared: false, phone: "2079460018", dob: "1980-03-04", dobAlt: "1980-04-03",
      street: "12 HAUPTSTRASSE", city: "berlin", postal: "10115", customerId: "77", custom: [3, "gold"],
    });
  });

  it("gives a record without features a row of nulls, its shared email kept", () => {
    expect(_rowOf(p, 0)).toEqual({
      id: "a", source: null, firstNames: [], last: null, email: "info@acme.com", emailShared: true, phone: null, dob: null, dobAlt: null,
      street: null, city: null, postal: null, customerId: null, custom: [null, null],
    });
  });

  it("gives the custom fields' settings without their values", () => {
    expect(_customSpecsOf(p)).toEqual([
      { name: "score", kind: "numeric", tolerance: 1, block: false, identifier: false, levels: null },
      { name: "tier", kind: "exact", tolerance: 0, block: true, identifier: false, levels: null },
    ]);
  });

  it("rebuilds the prepared columns from rows, counters aside", () => {
    const rows = [_rowOf(p, 0), _rowOf(p, 1)];
    expect(_fromRows(rows, _customSpecsOf(p))).toEqual({ ...p, placeholders: 0, truncated: 0 });
  });

  it("builds columns from rows in the order given, each custom value in the column of its type", () => {
    const custom: _CustomSpec[] = [{ name: "mixed", kind: "exact", tolerance: 0, block: false, identifier: false, levels: null }];
    const row = (id: string, extra: Partial<_FeatureRow>): _FeatureRow => ({
      id, source: null, firstNames: [], last: null, email: null, emailShared: false, phone: null, dob: null, dobAlt: null, street: null, city: null, postal: null, customerId: null, custom: [null], ...extra,
    });
    const built = _fromRows(
      [
        row("z", { source: "s", firstNames: ["ann", "anna"], last: "lee", email: "a.b@x@y.com", emailShared: true, phone: "1234567", dob: "1980-01-02", dobAlt: "1980-02-01", street: "1 MAIN ST", city: "oslo", postal: "0150", customerId: "9", custom: ["gold"] }),
        row("y", { custom: [7] }),
        row("x", {}),
      ],
      custom,
    );
    expect(built).toEqual({
      n: 3, ids: ["z", "y", "x"], source: ["s", null, null], first: ["ann", null, null], firstNames: [["ann", "anna"], [], []], last: ["lee", null, null],
      email: ["a.b@x@y.com", null, null], emailLocal: ["a.b@x", null, null], emailShared: [true, false, false], phone: ["1234567", null, null],
      dob: ["1980-01-02", null, null], dobAlt: ["1980-02-01", null, null], street: ["1 MAIN ST", null, null], city: ["oslo", null, null], postal: ["0150", null, null],
      customerId: ["9", null, null], custom: [{ ...custom[0], text: ["gold", null, null], number: [null, 7, null] }], placeholders: 0, truncated: 0,
    });
  });
});
