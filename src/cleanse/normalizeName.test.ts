import { describe, expect, it } from "vitest";
import { displayName } from "./displayName.js";
import { normalizeName, type NamePart } from "./normalizeName.js";

describe("normalizeName", () => {
  // [input, part, display value, first, last, issue codes]
  const table: readonly (readonly [unknown, NamePart, string | null, string | null, string | null, readonly string[]])[] = [
    ["JOHN", "first", "John", "John", null, []],
    ["  mary   ", "first", "Mary", "Mary", null, []],
    ["mary-jane", "first", "Mary-Jane", "Mary-Jane", null, []],
    ["mcdonald", "last", "McDonald", null, "McDonald", []],
    ["MACLEOD", "last", "MacLeod", null, "MacLeod", []],
    ["mack", "last", "Mack", null, "Mack", []],
    ["o'brien", "last", "O'Brien", null, "O'Brien", []],
    ["VAN DER BERG", "last", "van der Berg", null, "van der Berg", []],
    ["de la cruz", "last", "de la Cruz", null, "de la Cruz", []],
    ["GARCÍA LÓPEZ", "last", "García López", null, "García López", []],
    ["smith-jones", "last", "Smith-Jones", null, "Smith-Jones", []],
    ["DeLeon", "last", "DeLeon", null, "DeLeon", []],
    ["Dr. John O'Brien Jr.", "full", "John O'Brien", "John", "O'Brien", []],
    ["MRS. JANE SMITH", "full", "Jane Smith", "Jane", "Smith", []],
    ["Smith, John Q.", "full", "John Q. Smith", "John", "Smith", []],
    ["ludwig van beethoven", "full", "Ludwig van Beethoven", "Ludwig", "van Beethoven", []],
    ["jean-luc picard III", "full", "Jean-Luc Picard", "Jean-Luc", "Picard", []],
    ["Cher", "full", "Cher", "Cher", null, []],
    ["josé", "first", "José", "José", null, []],
    ["ZOË", "first", "Zoë", "Zoë", null, []],
    ["محمد", "first", "محمد", "محمد", null, []],
    ["김민준", "first", "김민준", "김민준", null, []],
    ["John3", "first", "John3", "John3", null, ["unusual_name"]],
    ["Ann 🙂", "first", "Ann 🙂", "Ann 🙂", null, ["unusual_name"]],
    ["test", "first", null, null, null, ["placeholder_value"]],
    ["N/A", "last", null, null, null, ["placeholder_value"]],
    ["Test Test", "full", null, null, null, ["placeholder_value"]],
    ["-", "last", null, null, null, ["placeholder_value"]],
    [42, "first", null, null, null, ["invalid_type"]],
    ["", "first", null, null, null, []],
  ];

  for (const [input, part, value, first, last, codes] of table) {
    it(`standardises ${JSON.stringify(input)} as a ${part} name`, () => {
      const result = normalizeName(input, { part });
      expect(result.value).toBe(value);
      expect(result.firstName).toBe(first);
      expect(result.lastName).toBe(last);
      expect(result.issues.map((issue) => issue.code)).toEqual(codes);
    });
  }

  it("separates honorifics and suffixes", () => {
    const result = normalizeName("Prof. Maria Garcia PhD");
    expect(result).toMatchObject({ honorific: "Prof.", suffix: "PhD", firstName: "Maria", lastName: "Garcia" });
    expect(normalizeName("John Smith Sr.").suffix).toBe("Sr.");
    expect(normalizeName("Robert Downey, Jr.").suffix).toBe("Jr.");
  });

  it("gives no first name for a first-name column holding only a title, and keeps the title", () => {
    for (const title of ["Rev", "Dr.", "Sir", "Mrs", "Lady", "Prof. Dr.", "Mr,", ", Dr.", "lt", "Dr. , III", "Mr., Jr."]) {
      const result = normalizeName(title, { part: "first" });
      expect([title, result.firstName, result.value, result.placeholder, result.issues.map((issue) => issue.code)]).toEqual([title, null, null, true, ["placeholder_value"]]);
      expect(result.honorific).not.toBeNull();
    }
    // A title that is also a given name stays one; a title with a name keeps the name; a surname "Lord" is a surname.
    expect(normalizeName("Gen", { part: "first" }).firstName).toBe("Gen");
    expect(normalizeName("Rev. Ann", { part: "first" }).firstName).toBe("Ann");
    expect(normalizeName("Lord", { part: "last" }).lastName).toBe("Lord");
    // A lone family name after a title, capitalised, still normalises to itself (final sigma: OΣ → Oς).
    const once = normalizeName("Dr oΣ", { part: "full" }).value;
    expect(normalizeName(once, { part: "full" }).value).toBe(once);
    // A word whose display changes its letters ("ı" is shown "I") is judged as it will read next time: as the
    // conjunction "i" of a compound family name (Puig i Cadafalch), in the first pass as in the second.
    expect(normalizeName("Puig ı Cadafalch", { part: "last" }).value).toBe("Puig i Cadafalch");
    expect(normalizeName("ß ı ß", { part: "last" }).value).toBe(normalizeName(normalizeName("ß ı ß", { part: "last" }).value, { part: "last" }).value);
    // displayName's fast path for one plain word says the same.
    expect([displayName("lt", { part: "first" }), displayName("Gen", { part: "first" }), displayName("Lt", { part: "last" })]).toEqual([null, "Gen", "Lt"]);
  });

  it("normalises to itself on every input the idempotence property test found (random seeds in CI)", () => {
    const found: [string, NamePart][] = [["ß ı ß", "last"], ["A,(A)", "first"], ["ß,'ß'", "first"], ["A (A) (B)", "first"], ["',ß 'ß", "full"], ["A,A &", "full"], ["ß ıi", "first"], ["’ı́", "first"], ["Dr oΣ", "full"], ["Dr., III", "first"]];
    for (const [input, part] of found) {
      const once = normalizeName(input, { part });
      if (once.value === null) continue;
      expect([input, normalizeName(once.value, { part }).value]).toEqual([input, once.value]);
    }
    // A nickname after a comma, and a second nickname, are no part of the name shown.
    expect(normalizeName("Drew,(Jimmy)", { part: "last" })).toMatchObject({ value: "Drew", nickname: "Jimmy" });
    expect(normalizeName("James (Jimmy) 'JJ' Drew")).toMatchObject({ value: "James Drew", firstName: "James", lastName: "Drew", nickname: "Jimmy" });
  });

  it("keeps middle names apart", () => {
    expect(normalizeName("john paul jones").middleName).toBe("Paul");
  });

  it("gives an accent-folded matching key", () => {
    expect(normalizeName("García López", { part: "last" }).matchKey).toBe("garcialopez");
    expect(normalizeName("Müller", { part: "last" }).matchKey).toBe("muller");
    expect(normalizeName("O'Brien", { part: "last" }).matchKey).toBe("obrien");
    expect(normalizeName("van der Berg", { part: "last" }).matchKey).toBe(normalizeName("VANDERBERG", { part: "last" }).matchKey);
  });

  it("links nicknames and formal names both ways (one step, not transitively)", () => {
    expect(normalizeName("Bob", { part: "first" }).nicknameKeys).toContain("robert");
    expect(normalizeName("Robert", { part: "first" }).nicknameKeys).toContain("bob");
    expect(normalizeName("Liz", { part: "first" }).nicknameKeys).toContain("elizabeth");
    expect(normalizeName("Elizabeth", { part: "first" }).nicknameKeys).toContain("liz");
    // bill → fred and fred → frederick exist; Bill is not Frederick.
    expect(normalizeName("Bill", { part: "first" }).nicknameKeys).not.toContain("frederick");
    expect(normalizeName("Zephyrine", { part: "first" }).nicknameKeys).toEqual(["zephyrine"]);
    expect(normalizeName("Smith", { part: "last" }).nicknameKeys).toEqual([]);
  });

  it("knows common diminutives the public table lacks (Robbie, Topher, Nicky, Dottie, Katie), one step as the table", () => {
    for (const [nickname, name] of [["Robbie", "robert"], ["Topher", "christopher"], ["Nicky", "nicholas"], ["Dottie", "dorothy"], ["Kate", "kathleen"], ["Katie", "katherine"], ["Zack", "zachary"], ["Benny", "benjamin"]] as const) {
      expect(normalizeName(nickname, { part: "first" }).nicknameKeys).toContain(name);
      expect(normalizeName(name, { part: "first" }).nicknameKeys).toContain(nickname.toLowerCase());
    }
    // Still one step: Kathleen and Katherine are both Katie, not each other.
    expect(normalizeName("Kathleen", { part: "first" }).nicknameKeys).not.toContain("katherine");
  });

  it("gives a name's forms in other languages the names the name goes by, both ways", () => {
    expect(normalizeName("Miguel", { part: "first" }).nicknameKeys).toEqual(expect.arrayContaining(["michael", "mike"]));
    expect(normalizeName("Mike", { part: "first" }).nicknameKeys).toContain("miguel");
    // Not the names that go by the line's name (Jonathan goes by John), nor a form with short forms of its own.
    expect(normalizeName("Sean", { part: "first" }).nicknameKeys).not.toContain("jonathan");
    expect(normalizeName("Isabella", { part: "first" }).nicknameKeys).not.toContain("lisa");
  });

  it("never puts the name in a message", () => {
    for (const input of ["John3", "Ann 🙂", "Test Test"]) {
      for (const issue of normalizeName(input).issues) expect(issue.message).not.toMatch(/John|Ann|Test/);
    }
  });
});

describe("names that are safe to greet with (#18)", () => {
  const parts = (input: string) => {
    const r = normalizeName(input, { part: "full" });
    return { first: r.firstName, middle: r.middleName, last: r.lastName, title: r.honorific, suffix: r.suffix, nickname: r.nickname };
  };

  it("keeps a nickname in quotes or brackets apart, not as a middle name", () => {
    expect(parts("James (Jimmy) Drew")).toMatchObject({ first: "James", middle: null, last: "Drew", nickname: "Jimmy" });
    expect(parts('Brian "Buck" Rogers')).toMatchObject({ first: "Brian", middle: null, last: "Rogers", nickname: "Buck" });
    expect(parts("Benjamin 'Ben' Franklin")).toMatchObject({ first: "Benjamin", last: "Franklin", nickname: "Ben" });
    expect(parts("Robert “Bobby” Kennedy")).toMatchObject({ first: "Robert", last: "Kennedy", nickname: "Bobby" });
    // No symbols issue for the quotes, and an apostrophe inside a name is no quote.
    expect(normalizeName('Brian "Buck" Rogers').issues).toEqual([]);
    expect(parts("Mary-Jane O'Neil")).toMatchObject({ first: "Mary-Jane", last: "O'Neil", nickname: null });
  });

  it("takes titles the table lacked for titles, and a title with one word for a surname", () => {
    expect(parts("Senator Barack Obama")).toMatchObject({ first: "Barack", last: "Obama", title: "Sen." });
    expect(parts("father michael pfleger")).toMatchObject({ first: "Michael", last: "Pfleger", title: "Fr." });
    expect(parts("King Henry")).toMatchObject({ first: "Henry", last: null, title: "King" });
    expect(parts("Judge Judy Sheindlin")).toMatchObject({ first: "Judy", last: "Sheindlin", title: "Judge" });
    expect(parts("Rep. John Lewis")).toMatchObject({ first: "John", last: "Lewis", title: "Rep." });
    expect(parts("Pastor Rick Warren")).toMatchObject({ first: "Rick", title: "Pastor" });
    expect(parts("Rabbi Jonathan Sacks")).toMatchObject({ first: "Jonathan", title: "Rabbi" });
    expect(parts("Lt. Gen. James Gavin")).toMatchObject({ first: "James", last: "Gavin", title: "Lt." });
    // "Hi Smith" is worse than "Hi there": a title and one word leaves no first name.
    expect(parts("Mr. Smith")).toMatchObject({ first: null, last: "Smith", title: "Mr." });
    expect(parts("Senator Obama")).toMatchObject({ first: null, last: "Obama" });
    // A title alone in a first-name column is no first name; one that is also a given name stays one.
    expect(normalizeName("Senator", { part: "first" }).value).toBeNull();
    expect(normalizeName("Justice", { part: "first" }).value).toBe("Justice");
  });

  it("strips credentials and generations after a comma, and long post-nominals without one", () => {
    expect(parts("Jane Doe, PMP")).toMatchObject({ first: "Jane", last: "Doe", suffix: "PMP" });
    expect(parts("Tonya Fordham, DO")).toMatchObject({ first: "Tonya", last: "Fordham", suffix: "DO" });
    expect(parts("John Smith, Ph. D.")).toMatchObject({ first: "John", last: "Smith", suffix: "PhD" });
    expect(parts("Quentin R. Pirkle, Jr., MD")).toMatchObject({ first: "Quentin", middle: "R.", last: "Pirkle", suffix: "Jr., MD" });
    expect(parts("William A. DuPre VI")).toMatchObject({ first: "William", last: "DuPre", suffix: "VI" });
    expect(parts("J Mark Bayless DMD")).toMatchObject({ first: "J", last: "Bayless", suffix: "DMD" });
    // Short credentials need the comma: Van Do is a name, and "Smith, John" still reads surname first.
    expect(parts("Van Do")).toMatchObject({ first: "Van", last: "Do", suffix: null });
    expect(parts("Smith, John")).toMatchObject({ first: "John", last: "Smith" });
  });

  it("joins compound surnames and keeps prefixes with the family name", () => {
    expect(parts("Juan Velasquez y Garcia")).toMatchObject({ first: "Juan", middle: null, last: "Velasquez y Garcia" });
    expect(parts("Anne St. Clair")).toMatchObject({ first: "Anne", last: "St. Clair" });
    expect(parts("Sophie Mac Donald")).toMatchObject({ first: "Sophie", last: "Mac Donald" });
    expect(parts("Omar al Farouk")).toMatchObject({ first: "Omar", last: "al Farouk" });
  });

  it("cases initials after dots as capitals", () => {
    expect(normalizeName("E.T. SMITH").value).toBe("E.T. Smith");
    expect(normalizeName("j.r. ewing").value).toBe("J.R. Ewing");
  });

  it("reports a couple instead of greeting one of them", () => {
    const couple = normalizeName("John and Jane Smith");
    expect(couple).toMatchObject({ firstName: null, lastName: "Smith", value: "Smith" });
    expect(couple.issues.map((issue) => issue.code)).toEqual(["several_people"]);
    expect(normalizeName("Mr & Mrs Smith")).toMatchObject({ firstName: null, lastName: "Smith" });
    expect(normalizeName("John & Jane", { part: "first" })).toMatchObject({ value: null, status: "invalid" });
    expect(normalizeName("A &").issues.map((issue) => issue.code)).not.toContain("several_people");
  });

  it("names itself in every option error (mutation testing, issue #19)", () => {
    expect(() => normalizeName("Ann", { parts: "first" } as never)).toThrow(/^normalizeName: /);
    expect(() => normalizeName("Ann", { path: "name" } as never)).toThrow(/^normalizeName: /);
    expect(() => normalizeName("Ann", { part: "middle" } as never)).toThrow(/^normalizeName: .*part/);
    const throwing = new Proxy({}, { ownKeys: () => { throw new Error("no"); } });
    expect(() => normalizeName("Ann", throwing)).toThrow(/^normalizeName: invalid options/);
  });

  it("shares one frozen nickname list per name across calls (a batch keeps one per name)", () => {
    const first = normalizeName("Bob", { part: "first" }).nicknameKeys;
    expect(first).toContain("robert");
    expect(Object.isFrozen(first)).toBe(true);
    expect(normalizeName("BOB", { part: "first" }).nicknameKeys).toBe(first);
  });
});
