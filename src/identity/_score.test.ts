import { describe, expect, it } from "vitest";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { _blockingRules, _candidatePairs } from "./_blocking.js";
import { _defaultModel } from "./_defaultModel.js";
import { _fromRows, _prepare, _rowOf, _customSpecsOf, type _CustomSpec, type _FeatureRow, type _Prepared } from "./_prepare.js";
import { _compileScorer, _valueStatsOf } from "./_score.js";
import { explainMatch } from "./explainMatch.js";

const records = [...generateCustomerRecords({ entities: 400, seed: 5, noise: 1.5 })].map((g) => g.record);
const p = _prepare("test", records, { idField: "id", sourceField: "source", fields: {}, customFields: {}, defaultCountry: null, dateOrder: null });
const model = _defaultModel({});

describe("one pair, two paths", () => {
  it("scores a pair within a few rows, with the whole data set's statistics, exactly as the batch does", () => {
    const batch = _compileScorer(p, model, 1);
    const stats = _valueStatsOf(p, 1);
    const custom = _customSpecsOf(p);
    const candidates = _candidatePairs(p, _blockingRules(p), 200, false);
    expect(candidates.count).toBeGreaterThan(500);
    let checked = 0;
    let linked = 0;
    for (let x = 0; x < candidates.count; x += 3) {
      const code = candidates.pairs[x] as number;
      const i = Math.floor(code / p.n);
      const j = code - i * p.n;
      // The pair with a neighbour or two, as an engine sees a new record and its candidates.
      const rows = [i, (i + 7) % p.n, j].filter((row, k, all) => all.indexOf(row) === k).sort((a, b) => a - b);
      const small = _fromRows(rows.map((row) => _rowOf(p, row)), custom);
      const scorer = _compileScorer(small, model, 1, stats);
      const got = scorer.explain(rows.indexOf(i), rows.indexOf(j));
      const want = batch.explain(i, j);
      expect(got).toEqual(want);
      expect(scorer.priorWeight).toBe(batch.priorWeight);
      checked++;
      if (want.score.probability > 0.95) linked++;
    }
    expect(checked).toBeGreaterThan(150);
    expect(linked).toBeGreaterThan(20);
  });

  it("rebuilds prepared rows from their feature rows without loss", () => {
    const rows = Array.from({ length: p.n }, (_, i) => _rowOf(p, i));
    const again = _fromRows(JSON.parse(JSON.stringify(rows)) as typeof rows, _customSpecsOf(p));
    const a = _compileScorer(p, model, 1);
    const b = _compileScorer(again, model, 1);
    for (let i = 0; i + 1 < p.n; i += 11) expect(b.explain(i, i + 1)).toEqual(a.explain(i, i + 1));
    expect(again.email).toEqual(p.email);
    expect(again.emailLocal).toEqual(p.emailLocal);
    expect(again.first).toEqual(p.first);
  });
});

describe("level weights computed once per model", () => {
  it("each model scores with its own weights, whichever was compiled before, and custom fields with their own levels", () => {
    const heavier = { ...model, fields: { ...model.fields, phone: (model.fields["phone"] ?? []).map((l) => ({ ...l, m: l.name === "else" ? 0.01 : l.m })) } };
    const phoneWeight = (m: typeof model, i: number, j: number): number | undefined => _compileScorer(p, m, 1).explain(i, j).fields.find((f) => f.field === "phone")?.weight;
    // A pair whose phones disagree: the "else" level, whose m the heavier model changes.
    let i = 0;
    while (!(p.phone[i] != null && p.phone[i + 1] != null && p.phone[i] !== p.phone[i + 1])) i++;
    const before = phoneWeight(model, i, i + 1);
    const changed = phoneWeight(heavier, i, i + 1);
    expect(before).toBeCloseTo(Math.log2(0.2 / 0.9), 0);
    expect(changed).toBeCloseTo(Math.log2(0.01 / (model.fields["phone"]?.find((l) => l.name === "else")?.u ?? 1)), 6);
    expect(changed).not.toBe(before);
    expect(phoneWeight(model, i, i + 1)).toBe(before);
    // One model, one custom field name, two level lists: each compilation orders the model's levels by its own.
    const tiers = (levels: NonNullable<_CustomSpec["levels"]>): _Prepared => {
      const row = (id: string, tier: string): _FeatureRow => ({ id, source: null, firstNames: [], last: null, email: null, emailShared: false, phone: null, dob: null, dobAlt: null, street: null, city: null, postal: null, customerId: null, custom: [tier] });
      return _fromRows([row("a", "gold"), row("b", "golf")], [{ name: "tier", kind: "levenshtein", tolerance: 0, block: false, identifier: false, levels }]);
    };
    const custom = { ...model, fields: { ...model.fields, tier: [{ name: "exact", m: 0.9, u: 0.1 }, { name: "oneEdit", m: 0.5, u: 0.01 }, { name: "else", m: 0.1, u: 0.9 }] } };
    const tierWeight = (q: _Prepared): number | undefined => _compileScorer(q, custom, 1).explain(0, 1).fields.find((f) => f.field === "tier")?.weight;
    expect(tierWeight(tiers([{ name: "exact", test: "exact", bound: 0 }, { name: "oneEdit", test: "maxEdits", bound: 1 }]))).toBeCloseTo(Math.log2(0.5 / 0.01), 6);
    expect(tierWeight(tiers([{ name: "exact", test: "exact", bound: 0 }]))).toBeCloseTo(Math.log2(0.1 / 0.9), 6);
  });
});

describe("the scorer's guards and weights, one at a time (issue #19: mutants that survived)", () => {
  // Other people around the records under test, so values have realistic frequencies.
  const filler = [...generateCustomerRecords({ entities: 60, seed: 12 })].map((g) => g.record);
  const field = (why: ReturnType<typeof explainMatch>, name: string) => why.fields.find((f) => f.field === name);

  it("vetoes birth dates sixteen years or more apart, not fifteen, whichever record is older", () => {
    const a = { id: "a", firstName: "Maria", lastName: "Quist", street: "12 Elm Street", city: "Leeds", postalCode: "LS1 4AB", country: "GB", dateOfBirth: "1960-05-05" };
    const at = (dob: string): ReturnType<typeof explainMatch> => explainMatch([a, { ...a, id: "b", dateOfBirth: dob }, ...filler], "a", "b");
    expect(at("1976-05-06").decidedBy).toEqual({ kind: "veto", reason: "dateOfBirth" });
    expect(at("1944-05-06").decidedBy).toEqual({ kind: "veto", reason: "dateOfBirth" });
    expect(at("1975-08-09").decidedBy).toEqual({ kind: "model" });
    expect(at("1945-02-01").decidedBy).toEqual({ kind: "model" });
  });

  it("weighs exact agreement on every term-frequency field by how common the value is", () => {
    const person = { firstName: "Quentin", lastName: "Zabrowski", email: "qz.mail.box@fastmail.com", phone: "+44 20 7946 0018", dateOfBirth: "1977-07-17", street: "99 Quayside Walk", city: "Ripon", postalCode: "HG4 1AA", country: "GB" };
    const why = explainMatch([{ id: "a", ...person }, { id: "b", ...person }, ...filler], "a", "b");
    for (const name of ["firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "postalCode"]) {
      const bar = field(why, name);
      expect(bar?.level, name).toBe("exact");
      // Weighed by how many records hold the value, so never the level's plain weight.
      expect(bar?.termFrequencyAdjustment, name).not.toBe(0);
    }
  });

  it("leaves a value held by one record alone unadjusted (an exact level needs two holders to count them)", () => {
    const p1 = _prepare("test", [{ id: "a", firstName: "Quentin" }, { id: "b", firstName: "Quentin" }, { id: "c", firstName: "Zora" }], { idField: "id", sourceField: "source", fields: {}, customFields: {}, defaultCountry: null, dateOrder: null });
    const scorer = _compileScorer(p1, model, 1);
    expect(scorer.explain(0, 1).fields.find((f) => f.field === "firstName")?.termFrequencyAdjustment).not.toBe(0);
    expect(scorer.explain(0, 2).fields.find((f) => f.field === "firstName")?.termFrequencyAdjustment).toBe(0);
  });

  it("ignores a household email on the side that names it, in either order of the records", () => {
    const smith = { id: "a", firstName: "Ann", lastName: "Smith", email: "smiths@fastmail.com" };
    const jones = { id: "b", firstName: "Ann", lastName: "Jones", email: "smiths@fastmail.com" };
    for (const rows of [[smith, jones], [jones, smith]]) {
      const why = explainMatch([...rows, ...filler], "a", "b");
      expect(field(why, "email")).toMatchObject({ level: "exact", ignored: "shared_value", weight: 0 });
      expect(why.decidedBy).not.toEqual({ kind: "rule", field: "email" });
    }
  });

  it("reads names as swapped between the columns only when both cross, and only for names that disagree", () => {
    const levels = (a: Record<string, string>, b: Record<string, string>): (string | null)[] => {
      const why = explainMatch([{ id: "a", ...a }, { id: "b", ...b }, ...filler], "a", "b");
      return ["firstName", "lastName"].map((name) => field(why, name)?.level ?? null);
    };
    // Names that agree as typos stay typos, even when crossing them would make them equal.
    expect(levels({ firstName: "Francis", lastName: "Frances" }, { firstName: "Frances", lastName: "Francis" })).toEqual(["typo", "jaroWinkler92"]);
    // Two different names in each column are two people, not a swap.
    expect(levels({ firstName: "Ann", lastName: "Smith" }, { firstName: "Beth", lastName: "Jones" })).toEqual(["else", "else"]);
    // With both surnames present and equal, a given name equal to the other's surname is no swap.
    expect(levels({ firstName: "Ann", lastName: "Moore" }, { firstName: "Moore", lastName: "Moore" })).toEqual(["else", "exact"]);
  });

  it("tells one person from two by lenient names before calling an email shared (prefix, likeness, swapped columns)", () => {
    // One email, two records, at most one person per value: shared only when the names are two people's.
    const ignored = (a: Record<string, string>, b: Record<string, string>): string | null => {
      const email = { email: "k.w.personal@fastmail.com" };
      return field(explainMatch([{ id: "a", ...a, ...email }, { id: "b", ...b, ...email }, ...filler], "a", "b", { maxPeoplePerValue: 1 }), "email")?.ignored ?? null;
    };
    // The same first three letters (Marguerite, Marvin: Jaro-Winkler 0.78), or names alike (0.81: Caitlyn, Katelyn).
    expect(ignored({ firstName: "Marguerite", lastName: "Wall" }, { firstName: "Marvin", lastName: "Wall" })).toBeNull();
    expect(ignored({ firstName: "Caitlyn", lastName: "Wall" }, { firstName: "Katelyn", lastName: "Wall" })).toBeNull();
    expect(ignored({ firstName: "Christa", lastName: "Wall" }, { firstName: "Brenda", lastName: "Wall" })).toBe("shared_value");
    expect(ignored({ firstName: "Yvonne", lastName: "Wall" }, { firstName: "Yvette", lastName: "Wall" })).toBe("shared_value"); // 0.73
    // Given and family names swapped between the sources, with both surnames or with one missing.
    expect(ignored({ firstName: "Harper", lastName: "Quinn" }, { firstName: "Quinn", lastName: "Harper" })).toBeNull();
    expect(ignored({ firstName: "Harper", lastName: "Quinn" }, { firstName: "Quinn" })).toBeNull();
    expect(ignored({ firstName: "Quinn" }, { firstName: "Harper", lastName: "Quinn" })).toBeNull();
    // Only one of the two names crossing is two people (Harper Quinn, Quinn Morgan).
    expect(ignored({ firstName: "Harper", lastName: "Quinn" }, { firstName: "Quinn", lastName: "Morgan" })).toBe("shared_value");
    expect(ignored({ firstName: "Harper", lastName: "Quinn" }, { firstName: "Morgan", lastName: "Harper" })).toBe("shared_value");
    expect(ignored({ firstName: "Harper" }, { firstName: "Quinn" })).toBe("shared_value");
  });

  it("takes a given name typed past recognition beside the name itself as one person before calling a value shared", () => {
    // Three records holding one email: the value is shared when they are two people's, not one person's.
    const ignoredAmong = (...names: Record<string, string>[]): string | null => {
      const email = { email: "k.w.personal@fastmail.com" };
      const rows = names.map((name, k) => ({ id: `r${k}`, ...name, ...email }));
      return field(explainMatch([...rows, ...filler], "r0", "r1", { maxPeoplePerValue: 1 }), "email")?.ignored ?? null;
    };
    // A stub of three letters or fewer, or two edits from the name or one of its forms, with the same
    // initial and family name: one person.
    expect(ignoredAmong({ firstName: "Daniel", lastName: "Tran" }, { firstName: "Dsn", lastName: "Tran" })).toBeNull();
    expect(ignoredAmong({ firstName: "Richard", lastName: "Tran" }, { firstName: "Ruck", lastName: "Tran" })).toBeNull();
    expect(ignoredAmong({ firstName: "James", lastName: "Tran" }, { firstName: "Jmes", lastName: "Tran" })).toBeNull();
    // Two names the tables know, another initial, another family name, or an unknown name far from the
    // known one's forms: two people.
    expect(ignoredAmong({ firstName: "Daniel", lastName: "Tran" }, { firstName: "David", lastName: "Tran" })).toBe("shared_value");
    expect(ignoredAmong({ firstName: "Daniel", lastName: "Tran" }, { firstName: "Sdn", lastName: "Tran" })).toBe("shared_value");
    expect(ignoredAmong({ firstName: "Daniel", lastName: "Tran" }, { firstName: "Dsn", lastName: "Trask" })).toBe("shared_value");
    // A family name one typo apart (from four letters) is the same family name.
    expect(ignoredAmong({ firstName: "Amy", lastName: "Soto" }, { firstName: "Ayn", lastName: "Sito" })).toBeNull();
    expect(ignoredAmong({ firstName: "Amy", lastName: "Soto" }, { firstName: "Ayn", lastName: "Sims" })).toBe("shared_value");
    expect(ignoredAmong({ firstName: "Raymond", lastName: "Tran" }, { firstName: "Renee", lastName: "Tran" })).toBe("shared_value");
    // A person is all their rows: a lone given name meets a full name before another lone name (Gomez
    // written as a given name, Logan, and Logan Gomez are one person, whatever the records' order).
    expect(ignoredAmong({ firstName: "Gomez" }, { firstName: "Logan" }, { firstName: "Logan", lastName: "Gomez" })).toBeNull();
    expect(ignoredAmong({ firstName: "Gomez" }, { firstName: "Logan" })).toBe("shared_value");
    // Bbo is Bob's stub, not Robert's: one person through Bob.
    expect(ignoredAmong({ firstName: "Robert", lastName: "Smith" }, { firstName: "Bob", lastName: "Smith" }, { firstName: "Bbo", lastName: "Smith" })).toBeNull();
  });

  it("counts a household's email for two records of one name, and only says \"household\" beside another name", () => {
    const emailOf = (a: Record<string, string>, b: Record<string, string>): { ignored: string | null; decidedBy: unknown } => {
      const why = explainMatch([{ id: "a", ...a, email: "thekochs@yahoo.com" }, { id: "b", ...b, email: "thekochs@yahoo.com" }, ...filler], "a", "b");
      return { ignored: field(why, "email")?.ignored ?? null, decidedBy: why.decidedBy };
    };
    // The same given name (or a nickname of it) and family name, or no family name on one side.
    expect(emailOf({ firstName: "Gerald", lastName: "Koch" }, { firstName: "Gerald", lastName: "Koch" })).toEqual({ ignored: null, decidedBy: { kind: "rule", field: "email" } });
    expect(emailOf({ firstName: "Jerry", lastName: "Koch" }, { firstName: "Gerald", lastName: "Koch" }).ignored).toBeNull();
    expect(emailOf({ firstName: "Gerald" }, { firstName: "Gerald", lastName: "Koch" }).ignored).toBeNull();
    // Another given name, or none: the household's address says nothing of which member.
    expect(emailOf({ firstName: "Mary", lastName: "Koch" }, { firstName: "Gerald", lastName: "Koch" }).ignored).toBe("shared_value");
    expect(emailOf({ lastName: "Koch" }, { firstName: "Gerald", lastName: "Koch" }).ignored).toBe("shared_value");
    expect(emailOf({ firstName: "Gerald", lastName: "Kochs" }, { firstName: "Gerald", lastName: "Koch" }).ignored).toBe("shared_value");
    // Households' addresses by their usual names, also for a record with no name to tell its surname by.
    for (const email of ["teamkochs@yahoo.com", "teamkoch@yahoo.com", "thekochhome@yahoo.com", "kochhome@yahoo.com", "thekochs@yahoo.com", "kochfamily@yahoo.com"]) {
      const nameless = explainMatch([{ id: "a", email }, { id: "b", firstName: "Gerald", lastName: "Koch", email }, ...filler], "a", "b");
      expect({ email, ignored: field(nameless, "email")?.ignored }).toEqual({ email, ignored: "shared_value" });
    }
    // A person's own address is not one.
    const own = explainMatch([{ id: "a", email: "gerald.koch@yahoo.com" }, { id: "b", firstName: "Gerald", lastName: "Koch", email: "gerald.koch@yahoo.com" }, ...filler], "a", "b");
    expect(field(own, "email")?.ignored).toBeNull();
    // A role address (info@) is no household's: shared whatever the names.
    const role = explainMatch([{ id: "a", firstName: "Gerald", lastName: "Koch", email: "info@kochplumbing.com" }, { id: "b", firstName: "Gerald", lastName: "Koch", email: "info@kochplumbing.com" }, ...filler], "a", "b");
    expect(field(role, "email")?.ignored).toBe("shared_value");
    // A household's address beside a shared one: shared, whatever the names.
    const mixed = explainMatch([{ id: "a", firstName: "Gerald", lastName: "Koch", email: "thekochs@yahoo.com" }, { id: "b", firstName: "Gerald", lastName: "Koch", email: "info@kochplumbing.com" }, ...filler], "a", "b");
    expect(field(mixed, "email")?.ignored).toBe("shared_value");
  });

  it("takes a city one letter added, lost, changed or swapped as similar, from four letters", () => {
    const level = (a: string, b: string): string | null => field(explainMatch([{ id: "a", lastName: "Okafor", city: a }, { id: "b", lastName: "Okafor", city: b }, ...filler], "a", "b"), "city")?.level ?? null;
    expect(level("London", "Lodon")).toBe("similar"); // Jaro-Winkler 0.876
    expect(level("London", "nLondon")).toBe("similar"); // 0.786
    expect(level("London", "Lonodn")).toBe("similar");
    expect(level("Leeds", "Leeds")).toBe("exact");
    expect(level("London", "Lndn")).toBe("else");
    expect(level("Leeds", "Leesd")).toBe("similar");
    expect(level("Ely", "Eye")).toBe("else");
  });

  it("reads names swapped between the columns with a nickname on the given-name side (Victoria Ingram, Ingram Vicky)", () => {
    const levels = (a: Record<string, string>, b: Record<string, string>): (string | null)[] => {
      const why = explainMatch([{ id: "a", ...a }, { id: "b", ...b }, ...filler], "a", "b");
      return ["firstName", "lastName"].map((name) => field(why, name)?.level ?? null);
    };
    expect(levels({ firstName: "Victoria", lastName: "Ingram" }, { firstName: "Ingram", lastName: "Vicky" })).toEqual(["nickname", "exact"]);
    expect(levels({ firstName: "Ingram", lastName: "Vicky" }, { firstName: "Victoria", lastName: "Ingram" })).toEqual(["nickname", "exact"]);
    expect(levels({ firstName: "Shelton", lastName: "John" }, { firstName: "Jack", lastName: "Shelton" })).toEqual(["nickname", "exact"]);
    // A name that is no form of the other is still no swap.
    expect(levels({ firstName: "Victoria", lastName: "Ingram" }, { firstName: "Ingram", lastName: "Nancy" })).toEqual(["else", "else"]);
  });

  it("counts a custom identifier as shared only past one more person than maxPeoplePerValue; other custom fields never", () => {
    const options = { customFields: { ssn: { kind: "exact" as const, identifier: true }, club: { kind: "exact" as const } } };
    const rows = (holders: number) => ["Ava", "Bea", "Cleo", "Dina"].slice(0, holders).map((firstName, k) => ({ id: `r${k}`, firstName, lastName: `Surname${k}`, ssn: "123-45-6789", club: "chess" }));
    // Two people with one identifier: a typo in a name must not cost a customer their own id.
    expect(field(explainMatch([...rows(2), ...filler], "r0", "r1", options), "ssn")?.ignored).toBeNull();
    expect(field(explainMatch([...rows(3), ...filler], "r0", "r1", options), "ssn")?.ignored).toBe("shared_value");
    expect(field(explainMatch([...rows(4), ...filler], "r0", "r1", options), "club")?.ignored).toBeNull();
    // The engine's statistics (_valueStatsOf) draw the same line.
    const prepare = (holders: number) => _prepare("test", rows(holders), { idField: "id", sourceField: "source", fields: {}, customFields: options.customFields, defaultCountry: null, dateOrder: null });
    expect(_valueStatsOf(prepare(2), 1).shared("ssn", "123-45-6789")).toBe(false);
    expect(_valueStatsOf(prepare(3), 1).shared("ssn", "123-45-6789")).toBe(true);
    expect(_valueStatsOf(prepare(4), 1).shared("club", "chess")).toBe(false);
    expect(_valueStatsOf(prepare(4), 1).shared("nothing", "chess")).toBe(false);
  });

  it("takes a household's pair as one person only on evidence a household does not share", () => {
    // Same surname and address (a household): each kind of person evidence alone lifts the veto, and
    // the level just past it does not.
    const base = { lastName: "Quist", street: "12 Elm Street", city: "Leeds", postalCode: "LS1 4AB", country: "GB" };
    const decided = (a: Record<string, string>, b: Record<string, string>, options = {}): string => {
      const why = explainMatch([{ id: "a", ...base, ...a }, { id: "b", ...base, ...b }, ...filler], "a", "b", options);
      return why.decidedBy.kind === "veto" ? `veto:${why.decidedBy.reason}` : why.decidedBy.kind;
    };
    expect(decided({}, {})).toBe("veto:noPersonEvidence");
    // A first name down to its initial.
    expect(decided({ firstName: "J" }, { firstName: "John" })).toBe("model");
    expect(decided({ firstName: "J" }, {})).toBe("veto:noPersonEvidence");
    // An email down to a similar personal part; not a different one.
    expect(decided({ email: "mquist77@fastmail.com" }, { email: "mquist78@fastmail.com" })).toBe("model");
    expect(decided({ email: "mquist77@fastmail.com" }, { email: "zz@other.org" })).toBe("veto:noPersonEvidence");
    // A phone no one else has, exactly; one typo apart is not.
    expect(decided({ phone: "+447987932459" }, { phone: "+447987932459" })).toBe("model");
    expect(decided({ phone: "+447987932459" }, { phone: "+447987932458" })).toBe("veto:noPersonEvidence");
    // A custom identifier one typo apart (close agreement).
    const member = { customFields: { member: { kind: "levenshtein" as const, identifier: true } } };
    expect(decided({ member: "MB-55120" }, { member: "MB-55126" }, member)).toBe("model");
    expect(decided({ member: "MB-55120" }, { member: "ZX-90817" }, member)).toBe("veto:noPersonEvidence");
  });

  it("reads a record whose only name is the other's surname as the surname agreeing, never the given name", () => {
    const levels = (a: Record<string, string>, b: Record<string, string>): (string | null)[] => {
      const why = explainMatch([{ id: "a", ...a }, { id: "b", ...b }, ...filler], "a", "b");
      return ["firstName", "lastName"].map((name) => field(why, name)?.level ?? null);
    };
    // Moore, — / Oscar Moore, in either order; a typo in the name makes it the surname's next level.
    expect(levels({ firstName: "Moore" }, { firstName: "Oscar", lastName: "Moore" })).toEqual([null, "exact"]);
    expect(levels({ firstName: "Oscar", lastName: "Moore" }, { firstName: "Moore" })).toEqual([null, "exact"]);
    expect(levels({ firstName: "Mooer" }, { firstName: "Oscar", lastName: "Moore" })).toEqual([null, "jaroWinkler92"]);
    // Without a surname on either side, or with a name that is not the other's surname, nothing moves.
    expect(levels({ firstName: "Moore" }, { firstName: "Oscar" })).toEqual(["else", null]);
    expect(levels({ firstName: "Hale" }, { firstName: "Oscar", lastName: "Moore" })).toEqual(["else", null]);
  });

  it("weighs a birth date a year or a few years off as weak evidence against, more than ten years off as strong", () => {
    // One person's dates a year or a few years apart (a year and a day mistyped at once, a decade digit
    // slipped) are common in messy data: names and a place that agree still link; a date more than ten
    // years off still outweighs them.
    const a = { id: "a", firstName: "Oliver", lastName: "Atkinson", city: "Leeds", dateOfBirth: "2010-01-20" };
    const at = (firstName: string, dob: string): ReturnType<typeof explainMatch> => explainMatch([a, { ...a, id: "b", firstName, dateOfBirth: dob }, ...filler], "a", "b");
    expect(field(at("Oliver", "2010-06-25"), "dateOfBirth")).toMatchObject({ level: "withinYear", weight: 0 });
    const decade = at("Olivr", "2013-05-02");
    expect(field(decade, "dateOfBirth")?.level).toBe("withinDecade");
    expect(field(decade, "dateOfBirth")?.weight).toBeCloseTo(Math.log2(0.03 / 0.15), 6);
    expect(decade.linked).toBe(true);
    const apart = at("Olivr", "2021-05-02");
    expect(field(apart, "dateOfBirth")?.level).toBe("else");
    expect(apart.linked).toBe(false);
    expect(at("Oliver", "2021-05-02").linked).toBe(false);
  });

  it("takes a birth date within a month as person evidence, and a looser level at two bits or more", () => {
    const base = { lastName: "Quist", street: "12 Elm Street", city: "Leeds", postalCode: "LS1 4AB", country: "GB" };
    const pair = (a: string, b: string, options = {}): ReturnType<typeof explainMatch> => explainMatch([{ id: "a", ...base, dateOfBirth: a }, { id: "b", ...base, dateOfBirth: b }, ...filler], "a", "b", options);
    // The built-in model: one component off is evidence, and so is a month apart (1.7 bits): a date within
    // a month tells a household's members apart as surely as the same date (only twins share either).
    expect(pair("1980-03-04", "1980-03-09").decidedBy).toEqual({ kind: "model" });
    expect(pair("1980-03-04", "1980-02-20").decidedBy).toEqual({ kind: "model" });
    // Months apart within the year (0 bits) is not: a sibling's birthday can be.
    expect(pair("1980-03-04", "1980-09-20").decidedBy).toEqual({ kind: "veto", reason: "noPersonEvidence" });
    // A model weighing that level at exactly two bits makes it evidence.
    const fields = { ..._defaultModel({}).fields, dateOfBirth: (_defaultModel({}).fields["dateOfBirth"] ?? []).map((level) => (level.name === "withinYear" ? { ...level, m: 0.04, u: 0.01 } : level)) };
    expect(pair("1980-03-04", "1980-09-20", { model: { version: 1, probabilityTwoRandomRecordsMatch: null, fields } }).decidedBy).toEqual({ kind: "model" });
  });
});
