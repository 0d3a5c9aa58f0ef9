import { describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { _blockingRules, _candidatePairs, _nameSkeleton } from "./_blocking.js";
import { _namesFromEmail } from "./_prepare.js";
import { _settingsOf } from "./_settings.js";
import { _editDistanceWithin } from "./_stringMetrics.js";
import { evaluateBlocking } from "./evaluateBlocking.js";
import { formatDecision } from "./_decision.js";
import { explainMatch } from "./explainMatch.js";
import { resolveIdentities } from "./resolveIdentities.js";
import { trainModel } from "./trainModel.js";

type Row = Record<string, unknown>;

const dobLevel = (a: unknown, b: unknown): string | null => {
  const why = explainMatch([{ id: "a", dateOfBirth: a, lastName: "Quist" }, { id: "b", dateOfBirth: b, lastName: "Quist" }], "a", "b");
  return why.fields.find((f) => f.field === "dateOfBirth")?.level ?? null;
};

/** The first-name level of two records that share only a surname. */
const firstNameLevel = (a: string, b: string, lastName: string): string | null =>
  explainMatch([{ id: "a", firstName: a, lastName }, { id: "b", firstName: b, lastName }], "a", "b").fields.find((f) => f.field === "firstName")?.level ?? null;

// Other people around the records under test, so that values have realistic frequencies.
const filler: Row[] = [...generateCustomerRecords({ entities: 60, seed: 12 })].map((g) => g.record);

const together = (result: ReturnType<typeof resolveIdentities>, a: string, b: string): boolean => result.clusters.some((c) => c.recordIds.includes(a) && c.recordIds.includes(b));

describe("birth dates: levels between exact and else", () => {
  it("tells a typo, one component off, a month, a year and a decade apart", () => {
    expect(dobLevel("1980-03-14", "1980-03-14")).toBe("exact");
    expect(dobLevel("1980-03-14", "1980-03-15")).toBe("oneTypo");
    expect(dobLevel("1980-03-14", "1980-14-03".replace("14-03", "03-14"))).toBe("exact");
    expect(dobLevel("1980-03-04", "1980-04-03")).toBe("oneTypo"); // day and month swapped
    expect(dobLevel("1980-03-14", "1981-03-14")).toBe("oneTypo"); // the year off by one
    expect(dobLevel("1980-03-14", "1980-10-14")).toBe("oneComponentOff");
    expect(dobLevel("1980-03-14", "1980-03-27")).toBe("oneComponentOff");
    expect(dobLevel("1980-03-14", "1980-04-02")).toBe("withinMonth");
    expect(dobLevel("1980-03-14", "1980-11-30")).toBe("withinYear");
    expect(dobLevel("1980-03-14", "1986-09-30")).toBe("withinDecade");
    expect(dobLevel("1980-03-14", "1995-09-30")).toBe("else");
    expect(dobLevel("1980-03-14", null)).toBeNull();
  });

  it("reads a year alone, or a first of January, as year-level evidence: never exact, never thrown away", () => {
    expect(dobLevel("1875", "1875-06-02")).toBe("sameYear");
    expect(dobLevel("1875-01-01", "1875-06-02")).toBe("sameYear");
    expect(dobLevel("1875-01-01", "1875-01-01")).toBe("sameYear");
    expect(dobLevel("c. 1875", "1875")).toBe("sameYear");
    expect(dobLevel("1875", "1879-06-02")).toBe("withinDecade");
    // A year written from an age is often one off: the next or the previous year is as close as a full
    // date a year apart, not merely within a decade.
    expect(dobLevel("1875", "1876-06-02")).toBe("withinYear");
    expect(dobLevel("1875-01-01", "1874")).toBe("withinYear");
    expect(dobLevel("1875", "1877")).toBe("withinDecade");
    expect(dobLevel("1875", "1901-06-02")).toBe("else");
    // A placeholder is no date at all.
    expect(dobLevel("1900-01-01", "1900-01-01")).toBeNull();
  });

  it("weighs the levels in order: the closer the dates, the more they say", () => {
    const weight = (b: string): number => explainMatch([{ id: "a", dateOfBirth: "1980-03-14" }, { id: "b", dateOfBirth: b }], "a", "b").fields.find((f) => f.field === "dateOfBirth")?.weight ?? Number.NaN;
    const order = ["1980-03-15", "1980-10-14", "1980-04-02", "1980-11-30", "1986-09-30", "1995-09-30"].map(weight);
    for (let k = 1; k < order.length; k++) expect(order[k]).toBeLessThan(order[k - 1] as number);
  });

  it("lets an unshared email decide when the birth dates are a month apart, not when they are years apart", () => {
    const a = { id: "a", firstName: "Theodore", email: "t.m39@brooks-sawyer.com", dateOfBirth: "1978-08-19" };
    expect(explainMatch([a, { id: "b", firstName: "Theodore", email: "t.m39@brooks-sawyer.com", dateOfBirth: "1978-09-18" }], "a", "b").decidedBy).toEqual({ kind: "rule", field: "email" });
    expect(explainMatch([a, { id: "b", firstName: "Theodore", email: "t.m39@brooks-sawyer.com", dateOfBirth: "1984-02-01" }], "a", "b").decidedBy).toEqual({ kind: "model" });
  });

  it("still vetoes a parent and child a generation apart who share a first name and a home", () => {
    const home = { lastName: "Rivera", street: "5 Elm Street", city: "Austin", postalCode: "78701", country: "US", phone: "+15125550123" };
    const result = resolveIdentities([
      { id: "sr", firstName: "Carlos", dateOfBirth: "1960", ...home },
      { id: "jr", firstName: "Carlos", dateOfBirth: "1990-07-08", ...home },
    ]);
    expect(together(result, "sr", "jr")).toBe(false);
  });
});

describe("first names: long typos and swapped columns", () => {
  it("counts two edits in a long name as a typo, not in a short one", () => {
    const level = (a: string, b: string): string | null => firstNameLevel(a, b, "Morris");
    expect(level("Theodore", "eTheodroe")).toBe("typo");
    expect(level("Christopher", "Chrsitophre")).toBe("typo");
    expect(level("Jon", "Ian")).toBe("else");
    expect(level("Maria", "Mirta")).toBe("else");
  });

  it("counts two letters swapped anywhere in a name of five letters or more as a typo, not in a shorter one", () => {
    const level = (a: string, b: string): string | null => firstNameLevel(a, b, "Morris");
    expect(level("Oscar", "Osrac")).toBe("typo");
    expect(level("Sofia", "foSia")).toBe("typo");
    expect(level("Olivia", "ilivOa")).toBe("typo");
    // Other names, not slips: four letters one swap apart, two swaps, the same letters in another order.
    expect(level("Mary", "Myra")).toBe("else");
    expect(level("Dana", "Nada")).toBe("else");
    expect(level("Leon", "Noel")).toBe("else");
    expect(level("Ronald", "Arnold")).toBe("else");
    expect(level("Oscar", "Ocsra")).toBe("else");
  });

  it("counts a nickname typed with a slip as a typo of the full name, unless the slip spells a name of its own", () => {
    const level = (a: string, b: string): string | null => firstNameLevel(a, b, "Morris");
    expect(level("Ginnny", "Virginia")).toBe("typo");
    expect(level("Virginia", "Ginnny")).toBe("typo");
    expect(level("Kattie", "Katherine")).toBe("typo");
    // A letter typed twice, in short nicknames too.
    expect(level("Liiz", "Elizabeth")).toBe("typo");
    expect(level("Roob", "Robert")).toBe("typo");
    expect(level("Rooj", "Robert")).toBe("else");
    // Names the nickname table knows are other people's names, one edit from a nickname or not.
    expect(level("Randy", "Sandra")).toBe("else");
    expect(level("Carol", "Charles")).toBe("else");
    // A short name one edit from a short nickname is often another name (Ron is not Rob, so not Robert).
    expect(level("Ronn", "Robert")).toBe("else");
  });

  it("counts a known name typed badly (two edits, nearly the same letters, the same first letter) as a typo", () => {
    const level = (a: string, b: string): string | null => firstNameLevel(a, b, "Morris");
    // A letter typed twice and two swapped (Gegrgoe), two neighbours swapped twice (Hogu), a letter lost and two swapped (Ezia).
    expect(level("Gegrgoe", "George")).toBe("typo");
    expect(level("George", "Gegrgoe")).toBe("typo");
    expect(level("Hogu", "Hugo")).toBe("typo");
    expect(level("Ezia", "Eliza")).toBe("typo");
    // Not when both are names the table knows (Noel, Leon), or neither is (Ocsra, Oscar: which is the slip?).
    expect(level("Noel", "Leon")).toBe("else");
    expect(level("Ocsra", "Oscar")).toBe("else");
    // Nor another first letter (Nada, Dana), other letters (Sandra, Sara: two letters more), a name of three letters (Ivy).
    expect(level("Nada", "Dana")).toBe("else");
    expect(level("Sara", "Sandra")).toBe("else");
    expect(level("Iyvv", "Ivy")).toBe("else");
  });

  it("computes edits with a swap of neighbours as one, up to a bound", () => {
    expect(_editDistanceWithin("2493383", "2439383", 2)).toBe(1);
    expect(_editDistanceWithin("theodore", "etheodroe", 2)).toBe(2);
    expect(_editDistanceWithin("abc", "xyz", 2)).toBe(3);
    expect(_editDistanceWithin("kitten", "sitting", 5)).toBe(3);
    expect(_editDistanceWithin("", "ab", 2)).toBe(2);
    // Long strings (rows of their own, not the shared scratch).
    expect(_editDistanceWithin(`${"a".repeat(40)}bc`, `${"a".repeat(40)}cb`, 2)).toBe(1);
    expect(_editDistanceWithin("x".repeat(50), "y".repeat(50), 3)).toBe(4);
  });

  it("reads an identifier one swap of neighbours apart as close, so it outweighs a different first name", () => {
    const options = { customFields: { ssn: { kind: "levenshtein" as const, identifier: true } } };
    const a = { id: "a", firstName: "Caitlin", lastName: "Panagaris", ssn: "2439383", dateOfBirth: "1938-07-26", postalCode: "5038", country: "AU" };
    const b = { id: "b", firstName: "Lauren", lastName: "Panagais", ssn: "2493383", dateOfBirth: "1938-07-26", postalCode: "5038", country: "AU" };
    expect(explainMatch([a, b], "a", "b", options).decidedBy).toEqual({ kind: "model" });
    // Without the close identifier, the first name still rules them different people.
    expect(explainMatch([a, { ...b, ssn: "7700112" }], "a", "b", options).decidedBy).toEqual({ kind: "veto", reason: "firstName" });
  });

  it("reads names swapped between the columns with a slip in one, two letters swapped as well as one edit", () => {
    const levels = (a: readonly [string, string], b: readonly [string, string]): (string | null)[] => {
      const why = explainMatch([{ id: "a", firstName: a[0], lastName: a[1] }, { id: "b", firstName: b[0], lastName: b[1] }, ...filler], "a", "b");
      return ["firstName", "lastName"].map((field) => why.fields.find((f) => f.field === field)?.level ?? null);
    };
    expect(levels(["Fdedrie", "Bailey"], ["Bailey", "Freddie"])).toEqual(["typo", "exact"]);
    expect(levels(["foSia", "Russell"], ["Russell", "Sofia"])).toEqual(["typo", "exact"]);
    expect(levels(["Freddie", "Bailye"], ["Bailey", "Freddie"])).toEqual(["exact", "jaroWinkler92"]);
    // Four letters one swap apart are other names, swapped columns or not (Mary, Myra).
    expect(levels(["Myra", "Bailey"], ["Bailey", "Mary"])).toEqual(["else", "else"]);
  });

  it("reads a lone name equal to the other record's surname as the surname agreeing, never as the given name", () => {
    const a = { id: "a", firstName: "Oscar", email: "omoore64@randall.com", city: "Liverpool", dateOfBirth: "2016-01-12" };
    const b = { id: "b", firstName: "Moore", lastName: "Oscar", email: "omoore64@randall.com", city: "Liverpool", dateOfBirth: "2016-01-12" };
    const why = explainMatch([a, b], "a", "b");
    // Before: a first-name conflict (oscar, moore) vetoed the pair.
    expect(why.fields.find((f) => f.field === "firstName")).toMatchObject({ level: null, ignored: "missing" });
    expect(why.fields.find((f) => f.field === "lastName")?.level).toBe("exact");
    expect(why.linked).toBe(true);
    // A surname in the first-name column is every member of the household: no person evidence.
    const home = { street: "1285 Lake Parkway", city: "Milwaukee", postalCode: "53230", country: "US" };
    const carlson = explainMatch([{ id: "c", firstName: "Carlson", ...home }, { id: "d", firstName: "Rebecca", lastName: "Carlson", ...home }, ...filler], "c", "d");
    expect(carlson.linked).toBe(false);
    // And the email is not taken for two people's: Oscar and "Moore, Oscar" are one.
    const result = resolveIdentities([a, b, { id: "c", firstName: "Osacar", lastName: "Moore", email: "omoore64@randall.com", dateOfBirth: "2016-01-12" }, ...filler], { maxPeoplePerValue: 1 });
    expect(result.clusters.find((c) => c.recordIds.includes("a"))?.recordIds).toEqual(["a", "b", "c"]);
  });
});

describe("first-name conflicts: weighed against evidence only one person holds", () => {
  it("lets an unshared phone outweigh a first name the tables do not relate, as an email does", () => {
    const a = { id: "a", firstName: "Vincent", lastName: "Marsh", phone: "+1 718 710 3166", country: "US" };
    const b = { id: "b", firstName: "Voncent", lastName: "Marsh", phone: "+1 718 710 3166", country: "US" };
    expect(explainMatch([a, b], "a", "b").decidedBy).toEqual({ kind: "model" });
  });

  it("keeps twins apart who share a surname, a birth date, an address and a home phone", () => {
    const home = { lastName: "Rivera", street: "5 Elm Street", city: "Austin", postalCode: "78701", country: "US", phone: "+15125550123", dateOfBirth: "2001-06-01" };
    const result = resolveIdentities([
      { id: "t1", firstName: "Daniel", ...home },
      { id: "t2", firstName: "Sofia", ...home },
      { id: "t3", firstName: "Daniel", email: "dan.rivera01@gmail.com", ...home },
      ...filler,
    ]);
    expect(together(result, "t1", "t2")).toBe(false);
    expect(together(result, "t1", "t3")).toBe(true);
  });

  it("keeps spouses apart who share an email and a home", () => {
    const home = { lastName: "Okafor", street: "14 Mill Lane", postalCode: "LS6 2AB", country: "GB", email: "okafor.family@gmail.com" };
    const result = resolveIdentities([
      { id: "h", firstName: "Chidi", dateOfBirth: "1975-02-11", ...home },
      { id: "w", firstName: "Grace", dateOfBirth: "1977-09-30", ...home },
    ]);
    expect(together(result, "h", "w")).toBe(false);
  });
});

describe("blocking: small blocks compare every pair", () => {
  it("compares all records sharing a birth date in a small block, not only sorted neighbours", () => {
    // Six records with one birth date and names that sort them apart: fifteen pairs, all compared.
    const rows: Row[] = ["Adams", "Bates", "Hall", "Hlal", "Zhall", "Young"].map((lastName, k) => ({ id: `r${k}`, firstName: ["Zoe", "Yusuf", "Isla", "Ilsa", "Isla", "Amir"][k], lastName, dateOfBirth: "1985-02-07" }));
    const settings = _settingsOf("test", [...rows, ...filler], {});
    const p = settings.prepared;
    const candidates = _candidatePairs(p, _blockingRules(p).filter((rule) => rule.name === "dateOfBirth"), settings.maxBlockSize, false);
    const rowsOf = new Set(rows.map((r) => p.ids.indexOf(r["id"] as string)));
    let within = 0;
    for (let x = 0; x < candidates.count; x++) {
      const code = candidates.pairs[x] as number;
      if (rowsOf.has(Math.floor(code / p.n)) && rowsOf.has(code % p.n)) within++;
    }
    expect(within).toBe(15);
  });
});

describe("names the data spells elsewhere", () => {
  it("takes a nameless record's names from an email made of them", () => {
    expect(_namesFromEmail("harold.logan01@btinternet.com")).toMatchObject({ first: "harold", last: "logan" });
    expect(_namesFromEmail("garcia_maria@gmail.com")).toMatchObject({ first: "maria", last: "garcia" });
    expect(_namesFromEmail("leonard-virginia@gmail.com")).toMatchObject({ first: "leonard", last: "virginia" }); // both given names: the usual order
    expect(_namesFromEmail("jsmith@gmail.com")).toBeNull();
    expect(_namesFromEmail("the.smiths@gmail.com")).toBeNull();
    expect(_namesFromEmail("info.sales@acme.com")).toBeNull();
    const a = { id: "a", email: "harold.logan01@btinternet.com", dateOfBirth: "2001-09-04" };
    const b = { id: "b", firstName: "Harold", lastName: "Logan", dateOfBirth: "2001-09-04", city: "Glasgow", country: "GB" };
    const why = explainMatch([a, b, ...filler], "a", "b");
    expect(why.fields.find((f) => f.field === "firstName")?.level).toBe("exact");
    expect(why.linked).toBe(true);
    // A record with a name keeps its own.
    expect(explainMatch([{ ...a, firstName: "Hal" }, b, ...filler], "a", "b").fields.find((f) => f.field === "firstName")?.level).toBe("nickname");
  });

  it("reads a nameless record's email run together from the other record's names", () => {
    const levels = (email: string, firstName: string, lastName: string): (string | null)[] => {
      const why = explainMatch([{ id: "a", email }, { id: "b", firstName, lastName, email: "other.mailbox@example.org" }, ...filler], "a", "b");
      return ["firstName", "lastName"].map((field) => why.fields.find((f) => f.field === field)?.level ?? null);
    };
    expect(levels("madisonmitchell@hotmail.com", "Madison", "Mitchell")).toEqual(["exact", "exact"]);
    expect(levels("mitchellmadison7@hotmail.com", "Madison", "Mitchell")).toEqual(["exact", "exact"]);
    expect(levels("theresa79@rogers.com", "Theresa", "Wu")).toEqual(["exact", null]);
    // Spelling something else, a household's address, or an initial and the surname (any member of the
    // household whose name begins with that letter) says nothing about the name.
    expect(levels("dnewman@gmail.com", "Debbie", "Newman")).toEqual([null, null]);
    expect(levels("newmand@gmail.com", "Debbie", "Newman")).toEqual([null, null]);
    expect(levels("jsmith@gmail.com", "Madison", "Mitchell")).toEqual([null, null]);
    expect(levels("madisonmitchel@gmail.com", "Madison", "Mitchell")).toEqual([null, null]);
    expect(levels("themitchells@gmail.com", "Madison", "Mitchell")).toEqual([null, null]);
    // A record with a name of its own is compared by it.
    const own = explainMatch([{ id: "a", firstName: "Tom", email: "madisonmitchell@hotmail.com" }, { id: "b", firstName: "Madison", lastName: "Mitchell" }, ...filler], "a", "b");
    expect(own.fields.find((f) => f.field === "firstName")?.level).toBe("else");
  });

  it("links a nameless record to the person at its address whose name its email spells", () => {
    const named = { id: "a", firstName: "Madison", lastName: "Mitchell", email: "madison.mitchell@icloud.com", street: "3684 Bridge Road", city: "Portland", postalCode: "97258", country: "US" };
    const nameless = { id: "b", email: "madisonmitchell@hotmail.com", street: "3684 Bridge Rd", city: "Portland", postalCode: "97258", country: "US" };
    expect(together(resolveIdentities([named, nameless, ...filler]), "a", "b")).toBe(true);
    // At the same address, an email that spells no one's name is still no person's evidence.
    const other = { ...nameless, email: "sunshine22@hotmail.com" };
    expect(explainMatch([named, other, ...filler], "a", "b").decidedBy).toEqual({ kind: "veto", reason: "noPersonEvidence" });
  });

  it("relates a given name to its forms in other languages (Charles, Karl, Carlos)", () => {
    const level = (x: string, y: string): string | null => firstNameLevel(x, y, "Weber");
    expect(level("Charles", "Karl")).toBe("nickname");
    expect(level("Karl", "Carlos")).toBe("nickname");
    expect(level("Giovanni", "John")).toBe("nickname");
    expect(level("Margarethe", "Margaret")).toBe("nickname");
    expect(level("Charles", "Carla")).toBe("else");
  });

  it("relates a name's forms in other languages to its short forms (Miguel, Mike; Wilhelm, Bill)", () => {
    const level = (x: string, y: string): string | null => firstNameLevel(x, y, "Weber");
    expect(level("Miguel", "Mike")).toBe("nickname");
    expect(level("Wilhelm", "Bill")).toBe("nickname");
    expect(level("Pierre", "Pete")).toBe("nickname");
    expect(level("Carlos", "Chuck")).toBe("nickname");
    expect(level("Giacomo", "James")).toBe("nickname");
    expect(level("Giacomo", "Jim")).toBe("nickname");
    expect(level("Izzy", "Isabella")).toBe("nickname");
    expect(level("Carlos", "Charlie")).toBe("nickname");
    expect(level("Juan", "Johnny")).toBe("nickname");
    // Only the names the line's own name goes by, one step, and not for a form that is a name of its own.
    expect(level("Sean", "Jonathan")).toBe("else"); // Jonathan goes by John, not John by Jonathan
    expect(level("Giacomo", "Benjamin")).toBe("else"); // Jamie is Benjamin's too, but James's translations are not
    expect(level("Isabella", "Lisa")).toBe("else"); // Isabella has short forms of its own (Bella)
  });
});

describe("fuzzy blocking keys", () => {
  const pairsOf = (rows: readonly Row[], rule: string): Set<string> => {
    const settings = _settingsOf("test", [...rows, ...filler], {});
    const p = settings.prepared;
    const candidates = _candidatePairs(p, _blockingRules(p).filter((r) => r.name === rule), settings.maxBlockSize, false);
    const out = new Set<string>();
    for (let x = 0; x < candidates.count; x++) {
      const code = candidates.pairs[x] as number;
      out.add(`${p.ids[Math.floor(code / p.n)] as string}~${p.ids[code % p.n] as string}`);
    }
    return out;
  };

  it("meets records whose given and family names are both mistyped (consonant skeletons)", () => {
    expect(_nameSkeleton("catherine")).toBe("cthrn");
    expect(_nameSkeleton("smiith")).toBe("smth");
    const rows = [{ id: "x1", firstName: "Catherine", lastName: "Smiith" }, { id: "x2", firstName: "Cathrine", lastName: "Smith" }];
    expect(pairsOf(rows, "nameSkeletons").has("x1~x2")).toBe(true);
    // No exact name key joins them.
    expect(pairsOf(rows, "firstName+lastName").has("x1~x2")).toBe(false);
  });

  it("meets a surname found only in an email (Carol Garcia, carol.weber@… and Carol Weber)", () => {
    const rows = [{ id: "y1", firstName: "Carol", lastName: "Garcia", email: "carol.weber@outlook.com" }, { id: "y2", firstName: "Carol", lastName: "Weber" }];
    expect(pairsOf(rows, "firstName+lastName").has("y1~y2")).toBe(true);
  });

  it("meets names swapped between the columns at the same place, however far apart the rest is", () => {
    // Eight namesakes elsewhere fill the skeleton block past its cap, so only this key finds the pair.
    const namesakes: Row[] = ["Leeds", "York", "Hull", "Bath", "Derby", "Wells", "Ely", "Truro"].map((city, k) => ({ id: `n${k}`, firstName: "Jacob", lastName: "Campbell", city, dateOfBirth: `19${50 + k}-02-0${k + 1}` }));
    const pair: Row[] = [
      { id: "s1", firstName: "Campbell", lastName: "Jacob", dateOfBirth: "1987-06-06", city: "London", email: "j.c65@ortiz.com" },
      { id: "s2", firstName: "Jacob", lastName: "Campbell", dateOfBirth: "1997-05-04", city: "London" },
    ];
    expect(pairsOf([...pair, ...namesakes], "names+postalCode").has("s1~s2")).toBe(true);
    expect(evaluateBlocking([...pair, ...namesakes, ...filler], { s1: "p", s2: "p" }).blockingRecall).toBe(1);
    // The same names elsewhere are not put together by it.
    expect(pairsOf([...pair, ...namesakes], "names+postalCode").has("n0~s2")).toBe(false);
    expect(pairsOf([{ ...pair[0], city: "Leeds" }, pair[1] as Row], "names+postalCode").has("s1~s2")).toBe(false);
  });

  it("compares a large block of one name pair at one place with its neighbours by birth date, and skips one past 50", () => {
    // Ten namesakes of one town (swapped or not): each meets the four nearest by birth date, not all nine.
    const rows: Row[] = Array.from({ length: 10 }, (_, k) => (k % 2 === 0 ? { id: `w${k}`, firstName: "Jacob", lastName: "Campbell" } : { id: `w${k}`, firstName: "Campbell", lastName: "Jacob" })).map((row, k) => ({ ...row, city: "Grimsby", dateOfBirth: `19${String(60 + ((k * 7) % 10))}-05-0${(k % 9) + 1}`, email: `jc${k}@mail${k}.com` }));
    const pairs = pairsOf(rows, "names+postalCode");
    const byYear = [...rows].sort((a, b) => String(a["dateOfBirth"]).localeCompare(String(b["dateOfBirth"]))).map((row) => row["id"] as string);
    const has = (x: string, y: string): boolean => pairs.has(`${x}~${y}`) || pairs.has(`${y}~${x}`);
    expect(has(byYear[0] ?? "", byYear[4] ?? "")).toBe(true);
    expect(has(byYear[0] ?? "", byYear[5] ?? "")).toBe(false);
    expect(has(byYear[3] ?? "", byYear[7] ?? "")).toBe(true);
    expect(has(byYear[3] ?? "", byYear[8] ?? "")).toBe(false);
    // Past 50 records the block is skipped, as the first+last-name rule's is: other keys find its people.
    const crowd: Row[] = Array.from({ length: 51 }, (_, k) => ({ id: `v${k}`, firstName: "Jacob", lastName: "Campbell", city: "Grimsby", dateOfBirth: `19${50 + (k % 40)}-01-01` }));
    const crowdPairs = (rows: readonly Row[]): number => [...pairsOf(rows, "names+postalCode")].filter((pair) => pair.startsWith("v")).length;
    expect(crowdPairs(crowd)).toBe(0);
    expect(crowdPairs(crowd.slice(0, 50))).toBe(50 * 4 - (4 * 5) / 2); // windowed: each with the next four
  });

  it("meets one email address typed with a mistyped domain, also where one record lacks the names it spells", () => {
    const rows: Row[] = [
      { id: "e1", firstName: "Jacob", city: "Leeds", email: "jbrooks@hall-lowery.net" },
      { id: "e2", firstName: "Jacob", lastName: "Brooks", email: "jbrooks@hall-lowe-ry.net" },
      { id: "e3", email: "ar20@miller-torres.org" },
      { id: "e4", firstName: "Alfie", lastName: "Roberts", email: "ar20@miller-t2orres.org" },
    ];
    const pairs = pairsOf(rows, "emailPersonalPart");
    expect(pairs.has("e1~e2")).toBe(true);
    expect(pairs.has("e3~e4")).toBe(true);
    expect(evaluateBlocking([...rows, ...filler], { e1: "p", e2: "p" }).blockingRecall).toBe(1);
  });

  it("does not meet a name-spelled personal part at another provider: namesakes share those", () => {
    const rows: Row[] = [
      { id: "j1", email: "smith.john@outlook.com" },
      { id: "j2", firstName: "John", lastName: "Smith", city: "Seattle", email: "smith.john@icloud.com" },
    ];
    expect(pairsOf(rows, "emailPersonalPart").has("j1~j2")).toBe(false);
    // A personal part that is not the names still meets itself at another provider.
    expect(pairsOf([{ id: "k1", email: "quintessa77@outlook.com" }, { id: "k2", firstName: "Ann", lastName: "Lee", email: "quintessa77@icloud.com" }], "emailPersonalPart").has("k1~k2")).toBe(true);
  });
});

describe("evaluateBlocking", () => {
  it("counts the true pairs blocking made candidates, and only those", () => {
    const rows: Row[] = [
      { id: "1", firstName: "Harold", lastName: "Logan", email: "harold.logan@fastmail.com" },
      { id: "2", firstName: "Harold", lastName: "Logan", phone: "+44 7700 900123" },
      { id: "3", email: "harold.logan@fastmail.com" },
      { id: "4", firstName: "Zed", lastName: "Quorn", city: "Leeds" }, // shares no key with 1-3
    ];
    const truth = new Map([["1", "harold"], ["2", "harold"], ["3", "harold"], ["4", "harold"]]);
    const result = evaluateBlocking(rows, truth);
    expect(result.truePairs).toBe(6);
    // 1-2 by name, 1-3 by email, 2-3 by the name the email spells: 4 meets none.
    expect(result.truePairsCompared).toBe(3);
    expect(result.blockingRecall).toBe(0.5);
    expect(result.byRule["email"]).toBe(1);
    expect(() => evaluateBlocking(rows, new Map([["x", "y"]]))).toThrow(/no record id is in the truth/);
    expect(() => evaluateBlocking(rows, [] as never)).toThrow(/truth must be a Map/);
    // A truth that cannot be read is bad options, never a raw TypeError.
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(() => evaluateBlocking(rows, revoked.proxy as never)).toThrow(expect.objectContaining({ code: "invalid_options" }));
    expect(() => evaluateBlocking(rows, new Proxy(new Map([["1", "harold"]]), {}) as never)).toThrow(expect.objectContaining({ code: "invalid_options" }));
    const revokedDecision = Proxy.revocable({ kind: "model" }, {});
    revokedDecision.revoke();
    expect(() => formatDecision(revokedDecision.proxy as never)).toThrow(expect.objectContaining({ code: "invalid_options" }));
  });

  it("agrees with the candidate pairs resolveIdentities compares", () => {
    const generated = [...generateCustomerRecords({ entities: 300, seed: 8 })];
    const records = generated.map((g) => g.record);
    const result = evaluateBlocking(records, new Map(generated.map((g) => [g.record.id, g.entityId])));
    expect(result.candidatePairs).toBe(resolveIdentities(records).stats.comparisons);
    expect(result.blockingRecall).toBeGreaterThan(0.85);
  });
});

describe("guards that follow the model's weights", () => {
  const home = { lastName: "Rivera", street: "5 Elm Street", city: "Austin", postalCode: "78701", country: "US" };

  it("vetoes a first-name conflict with the built-in model, not with a model that learnt first names often disagree", () => {
    const a = { id: "a", firstName: "Grace", dateOfBirth: "1979-04-23", ...home };
    const b = { id: "b", firstName: "Sofia", dateOfBirth: "1979-04-23", ...home };
    expect(explainMatch([a, b, ...filler], "a", "b").decidedBy).toEqual({ kind: "veto", reason: "firstName" });
    const trained = trainModel([a, b, ...filler], { seed: 1, randomPairs: 2_000 }).model;
    const lenient = { ...trained, fields: { ...trained.fields, firstName: [{ name: "exact", m: 0.4, u: 0.006 }, { name: "nickname", m: 0.03, u: 0.002 }, { name: "typo", m: 0.12, u: 0.002 }, { name: "initial", m: 0.01, u: 0.001 }, { name: "else", m: 0.44, u: 0.989 }] } };
    expect(explainMatch([a, b, ...filler], "a", "b", { model: lenient }).decidedBy).toEqual({ kind: "model" });
  });

  it("takes a birth date one component off as evidence of which household member a record is, and still keeps siblings apart", () => {
    const rivera = { id: "a", dateOfBirth: "2001-06-01", ...home };
    const sameMonthDay = { id: "b", firstName: "Sofia", dateOfBirth: "2001-06-24", ...home };
    // One component off (year and month agree): weighed by the model, not ruled out for lack of evidence.
    expect(explainMatch([rivera, sameMonthDay, ...filler], "a", "b").decidedBy).toEqual({ kind: "model" });
    // A sibling born years later stays a different person.
    const sibling = { id: "c", firstName: "Daniel", dateOfBirth: "2004-02-17", ...home };
    expect(explainMatch([rivera, sibling, ...filler], "a", "c").decidedBy).toEqual({ kind: "veto", reason: "noPersonEvidence" });
    expect(together(resolveIdentities([rivera, sameMonthDay, sibling, ...filler]), "a", "c")).toBe(false);
  });
});
