// The blocking rules and the candidate-pair generator, tested directly: which keys each rule emits for
// a record, and how blocks become pairs (caps, windows, the comparison budget, link-only runs). The
// end-to-end effect (recall) is tested in recall.test.ts and resolveIdentities.test.ts.
import { describe, expect, it } from "vitest";
import { _blockingRules, _candidatePairs, _nameSkeleton, type _BlockingRule } from "./_blocking.js";
import { _settingsOf } from "./_settings.js";
import type { _Prepared } from "./_prepare.js";

type Row = Record<string, unknown>;

const prepared = (rows: readonly Row[], options: Record<string, unknown> = {}): _Prepared => _settingsOf("test", rows, options).prepared;

/** Every key a rule emits for row i, two-part keys joined with "|". */
function keysOf(p: _Prepared, name: string, i: number): string[] {
  const rule = _blockingRules(p).find((r) => r.name === name);
  if (rule === undefined) throw new Error(`no rule ${name}`);
  const out: string[] = [];
  rule.keys(i, (part, second) => {
    out.push(second === undefined ? part : `${part}|${second}`);
  });
  return out;
}

/** Candidate pairs as "idA~idB" (ids in row order). */
function pairsOf(p: _Prepared, rules: readonly _BlockingRule[], maxBlockSize = 1000, linkOnly = false, budget = Number.POSITIVE_INFINITY): { pairs: string[]; result: ReturnType<typeof _candidatePairs> } {
  const result = _candidatePairs(p, rules, maxBlockSize, linkOnly, budget);
  const pairs: string[] = [];
  for (let x = 0; x < result.count; x++) {
    const code = result.pairs[x] as number;
    const i = Math.floor(code / p.n);
    pairs.push(`${p.ids[i] as string}~${p.ids[code - i * p.n] as string}`);
  }
  return { pairs, result };
}

/** A rule over one column of the test rows: every row with a value emits it. */
function columnRule(values: readonly (string | null)[], extra: Partial<_BlockingRule> = {}): _BlockingRule {
  return {
    name: "test",
    keys: (i, emit) => {
      const value = values[i];
      if (value != null) emit(value);
    },
    ...extra,
  };
}

describe("the keys each rule emits", () => {
  const p = prepared([
    { id: "a", firstName: "Bob", lastName: "Weber", email: "rw.travels@fastmail.com", phone: "+44 20 7946 0018", dateOfBirth: "1980-03-04", postalCode: "10115", street: "12 Hauptstrasse", city: "Berlin", country: "DE", customerId: "C-77" },
    { id: "b", firstName: "Oliver", lastName: "Weber", email: "oliver.weber@gmail.com", dateOfBirth: "1980-03-04" },
    { id: "c" },
    { id: "d", firstName: "Jo", lastName: "Li", email: "jo.li.home@x.org" },
    { id: "e", firstName: "Carol", lastName: "Garcia", email: "carol.weber85@outlook.com" },
    { id: "f", firstName: "Anna", dateOfBirth: "03/04/1980" },
  ]);

  it("emits a value's key for the exact rules, and nothing for a record without the value", () => {
    expect(keysOf(p, "email", 0)).toEqual(["rw.travels@fastmail.com"]);
    expect(keysOf(p, "phone", 0)).toEqual(["2079460018"]); // the national number
    expect(keysOf(p, "customerId", 0)).toHaveLength(1);
    for (const rule of ["email", "phone", "customerId", "lastName+dateOfBirth", "firstName+dateOfBirth", "firstName+lastName", "names+postalCode", "nameSkeletons", "dateOfBirth", "lastName", "dateOfBirth+postalCode", "firstName+postalCode", "lastName+postalCode", "street+postalCode", "emailPersonalPart"]) {
      expect(keysOf(p, rule, 2), rule).toEqual([]);
    }
  });

  it("blocks a name with its longest relative in the nickname table, and a name with no longer one alone", () => {
    expect(keysOf(p, "lastName+dateOfBirth", 0)).toEqual(["weber|1980-03-04"]);
    expect(keysOf(p, "firstName+dateOfBirth", 0)).toEqual(["bob|1980-03-04", "ruprecht|1980-03-04"]); // Robert's German form, the longest
    expect(keysOf(p, "firstName+dateOfBirth", 1)).toEqual(["oliver|1980-03-04"]); // Ollie is shorter
    expect(keysOf(p, "firstName+postalCode", 0)).toEqual(["bob|10115", "ruprecht|10115"]);
  });

  it("adds each word of the email's personal part (three letters or more, not the names) to the given name", () => {
    expect(keysOf(p, "firstName+lastName", 4)).toEqual(["carol|garcia", "carolann|garcia", "carol|weber"]);
    // Words of one or two letters, and the record's own names, add nothing.
    expect(keysOf(p, "firstName+lastName", 3)).toEqual(["jo|li", "josephine|li", "jo|home"]);
    expect(keysOf(p, "firstName+lastName", 1)).toEqual(["oliver|weber"]);
    // A personal part of one word is no list of words.
    const single = prepared([{ id: "s", firstName: "Carol", lastName: "Garcia", email: "weberfan@outlook.com" }]);
    expect(keysOf(single, "firstName+lastName", 0)).toEqual(["carol|garcia", "carolann|garcia"]);
    // A given name without a surname still meets the email's words.
    const noSurname = prepared([{ id: "n", firstName: "Carol", email: "carol.weber@outlook.com" }]);
    expect(keysOf(noSurname, "firstName+lastName", 0)).toEqual(["carol|weber"]);
  });

  it("takes three-letter email words, and never pairs two records through their own given names", () => {
    const kim = prepared([{ id: "k", firstName: "Carol", lastName: "Garcia", email: "carol.kim@outlook.com" }]);
    expect(keysOf(kim, "firstName+lastName", 0)).toEqual(["carol|garcia", "carolann|garcia", "carol|kim"]);
    // Two Carols whose emails begin with their given name share no key through it.
    const carols = prepared([
      { id: "c1", firstName: "Carol", lastName: "Garcia", email: "carol.weber@outlook.com" },
      { id: "c2", firstName: "Carol", lastName: "Smith", email: "carol.jones@gmail.com" },
    ]);
    expect(pairsOf(carols, _blockingRules(carols).filter((r) => r.name === "firstName+lastName")).pairs).toEqual([]);
  });

  it("emits no key when a part of a two-part key is missing, so records without it never meet through it", () => {
    const rows = prepared([
      { id: "a", firstName: "Nora", lastName: "Quist", dateOfBirth: "1980-03-04", ssn: null },
      { id: "b", firstName: "Nora", lastName: "Vance", dateOfBirth: "1980-03-04" },
      { id: "c", firstName: "Jo", lastName: "Weber" },
      { id: "d", firstName: "Joe", lastName: "Li" },
    ], { customFields: { ssn: { kind: "exact", block: true } } });
    for (const rule of ["dateOfBirth+postalCode", "firstName+postalCode", "lastName+postalCode", "street+postalCode", "custom:ssn"]) {
      expect(pairsOf(rows, _blockingRules(rows).filter((r) => r.name === rule)).pairs, rule).toEqual([]);
    }
    // Skeletons need both names of three letters or more: a short given name or a short surname is none.
    expect(keysOf(rows, "nameSkeletons", 2)).toEqual([]);
    expect(keysOf(rows, "nameSkeletons", 3)).toEqual([]);
  });

  it("blocks on an email's personal part with the domain's first letter, and alone only when it is long and not made of the names", () => {
    expect(keysOf(p, "emailPersonalPart", 0)).toEqual(["rw.travels|f", "rw.travels"]);
    expect(keysOf(p, "emailPersonalPart", 1)).toEqual(["oliverweber|g"]); // the names (dots dropped at gmail): not alone
    const short = prepared([{ id: "s", email: "abc@x.org" }, { id: "t", email: "abcd@x.org" }, { id: "u", email: "abcde@x.org" }, { id: "v", email: "abcdef@x.org" }]);
    expect(keysOf(short, "emailPersonalPart", 0)).toEqual([]);
    expect(keysOf(short, "emailPersonalPart", 1)).toEqual(["abcd|x"]);
    expect(keysOf(short, "emailPersonalPart", 2)).toEqual(["abcde|x"]);
    expect(keysOf(short, "emailPersonalPart", 3)).toEqual(["abcdef|x", "abcdef"]);
  });

  it("keys two names in alphabetical order with the place, so either column order meets", () => {
    const swapped = prepared([
      { id: "x", firstName: "Jacob", lastName: "Campbell", city: "London" },
      { id: "y", firstName: "Campbell", lastName: "Jacob", postalCode: "SW1A 1AA", city: "London", country: "GB" },
      { id: "z", firstName: "Jacob", city: "London" },
    ]);
    expect(keysOf(swapped, "names+postalCode", 0)).toEqual(["campbell jacob|london"]);
    expect(keysOf(swapped, "names+postalCode", 1)[0]?.startsWith("campbell jacob|")).toBe(true); // the postcode first
    expect(keysOf(swapped, "names+postalCode", 1)).not.toEqual(["campbell jacob|london"]);
    expect(keysOf(swapped, "names+postalCode", 2)).toEqual([]); // one name only
  });

  it("skeletons need both names of three letters or more", () => {
    expect(keysOf(p, "nameSkeletons", 0)).toEqual(["bb|wbr"]);
    expect(keysOf(p, "nameSkeletons", 3)).toEqual([]); // Jo Li
    // In the skeletons' order, whichever column holds which: names swapped between sources, one of them
    // mistyped too (Caleb Rwoe, Rowe Caleb), share the key.
    const swapped = prepared([{ id: "x", firstName: "Caleb", lastName: "Rwoe" }, { id: "y", firstName: "Rowe", lastName: "Caleb" }]);
    expect(keysOf(swapped, "nameSkeletons", 0)).toEqual(["clb|rw"]);
    expect(keysOf(swapped, "nameSkeletons", 1)).toEqual(["clb|rw"]);
    expect(_nameSkeleton("aaron")).toBe("arn");
    expect(_nameSkeleton("yvonne")).toBe("yvn");
    expect(_nameSkeleton("")).toBe("");
  });

  it("emits a date's second reading when day and month are undecided, and a place for the street", () => {
    expect(keysOf(p, "dateOfBirth", 5)).toEqual(["1980-03-04", "1980-04-03"]);
    expect(keysOf(p, "dateOfBirth", 0)).toEqual(["1980-03-04"]);
    expect(keysOf(p, "lastName", 0)).toEqual(["weber"]);
    expect(keysOf(p, "dateOfBirth+postalCode", 0)).toEqual(["1980-03-04|10115"]);
    expect(keysOf(p, "lastName+postalCode", 0)).toEqual(["weber|10115"]);
    expect(keysOf(p, "street+postalCode", 0)).toHaveLength(1);
    expect(keysOf(p, "street+postalCode", 0)[0]).toMatch(/\|10115$/);
    // Without a postal code the city is the place.
    const cityOnly = prepared([{ id: "c", firstName: "Nora", lastName: "Quist", street: "12 Hauptstrasse", city: "Berlin", country: "DE" }]);
    expect(keysOf(cityOnly, "street+postalCode", 0)[0]).toMatch(/\|berlin$/i);
    // And for the names: a data set of cities without postcodes still has a key of a name and a place.
    expect(keysOf(cityOnly, "firstName+postalCode", 0)).toEqual(["nora|berlin", "eleonora|berlin"]);
    expect(keysOf(cityOnly, "lastName+postalCode", 0)).toEqual(["quist|berlin"]);
    const both = prepared([{ id: "d", firstName: "Nora", lastName: "Quist", postalCode: "10115", city: "Berlin", country: "DE" }]);
    expect(keysOf(both, "lastName+postalCode", 0)).toEqual(["quist|10115"]);
  });

  it("caps the broad rules' blocks and gives the large ones a sort key", () => {
    const rules = new Map(_blockingRules(p).map((rule) => [rule.name, rule]));
    expect(rules.get("emailPersonalPart")?.maxBlockSize).toBe(50);
    expect(rules.get("firstName+lastName")).toMatchObject({ maxBlockSize: 50, window: 2 });
    expect(rules.get("nameSkeletons")?.maxBlockSize).toBe(6);
    expect(rules.get("dateOfBirth")).toMatchObject({ maxBlockSize: 40, window: 2 });
    expect(rules.get("lastName")).toMatchObject({ maxBlockSize: 40, window: 2 });
    for (const name of ["email", "phone", "customerId", "lastName+dateOfBirth", "firstName+dateOfBirth", "dateOfBirth+postalCode"]) expect(rules.get(name)?.maxBlockSize, name).toBeUndefined();
    // Sort keys put missing values last ("~") and read the other fields.
    expect(rules.get("dateOfBirth")?.sortKey?.(0)).toBe("weber|bob");
    expect(rules.get("dateOfBirth")?.sortKey?.(2)).toBe("~|~");
    expect(rules.get("lastName")?.sortKey?.(0)).toBe("bob|1980-03-04");
    expect(rules.get("lastName")?.sortKey?.(2)).toBe("~|~");
    expect(rules.get("emailPersonalPart")?.sortKey?.(0)).toBe("weber|bob|10115");
    expect(rules.get("emailPersonalPart")?.sortKey?.(2)).toBe("~|~|~");
    expect(rules.get("firstName+lastName")?.sortKey?.(0)).toBe("10115|1980-03-04|rw.travels@fastmail.com");
    expect(rules.get("firstName+lastName")?.sortKey?.(2)).toBe("~|~|~");
    expect(rules.get("firstName+postalCode")?.sortKey?.(0)).toBe("weber|1980-03-04");
    expect(rules.get("lastName+postalCode")?.sortKey?.(0)).toBe("bob|1980-03-04");
    expect(rules.get("lastName+postalCode")?.sortKey?.(2)).toBe("~|~");
    expect(rules.get("street+postalCode")?.sortKey?.(0)).toBe("bob|weber");
    expect(rules.get("street+postalCode")?.sortKey?.(2)).toBe("~|~");
  });

  it("adds a rule for each custom field marked for blocking, text or number", () => {
    const custom = prepared([{ id: "a", ssn: "123-45", age: 41, note: "x" }, { id: "b", ssn: "123-45", age: 41 }], {
      customFields: { ssn: { kind: "exact", block: true }, age: { kind: "numeric", block: true }, note: { kind: "exact" } },
    });
    const names = _blockingRules(custom).map((rule) => rule.name);
    expect(names).toContain("custom:ssn");
    expect(names).toContain("custom:age");
    expect(names).not.toContain("custom:note");
    expect(keysOf(custom, "custom:ssn", 0)).toEqual(["123-45"]);
    expect(keysOf(custom, "custom:age", 1)).toEqual(["41"]);
  });
});

describe("candidate pairs", () => {
  const rows = (n: number): Row[] => Array.from({ length: n }, (_, k) => ({ id: `r${String(k).padStart(2, "0")}` }));

  it("pairs every two records of a block once, across rules, and counts each rule's pairs", () => {
    const p = prepared(rows(4));
    const a = columnRule(["x", "x", "x", null]);
    const b: _BlockingRule = { ...columnRule(["y", null, "y", "y"]), name: "second" };
    const { pairs, result } = pairsOf(p, [a, b]);
    expect(pairs).toEqual(["r00~r01", "r00~r02", "r00~r03", "r01~r02", "r02~r03"]);
    expect(result.count).toBe(5);
    expect(result.byRule).toEqual({ test: 3, second: 3 });
    expect(result.skippedBlocks).toBe(0);
    expect(result.overBudget).toBe(0);
  });

  it("a record emitting one key twice is one member of its block", () => {
    const p = prepared(rows(2));
    const twice: _BlockingRule = { name: "twice", keys: (_i, emit) => { emit("k"); emit("k"); } };
    expect(pairsOf(p, [twice]).pairs).toEqual(["r00~r01"]);
    expect(pairsOf(p, [twice]).result.byRule).toEqual({ twice: 1 });
  });

  it("hashes two-part keys as the two parts, not as either part alone", () => {
    const p = prepared(rows(3));
    const rule: _BlockingRule = { name: "two", keys: (i, emit) => { emit("a", i === 2 ? "c" : "b"); } };
    expect(pairsOf(p, [rule]).pairs).toEqual(["r00~r01"]);
    // "ab" alone is another key than "a" + "b".
    const joined: _BlockingRule = { name: "joined", keys: (i, emit) => { if (i === 0) emit("a", "b"); else emit("a|b".replace("|", "")); } };
    expect(pairsOf(p, [joined]).pairs).toEqual(["r01~r02"]);
  });

  it("skips a block over the run's cap or over the rule's own, and counts it", () => {
    const p = prepared(rows(5));
    const five = columnRule(["k", "k", "k", "k", "k"]);
    expect(pairsOf(p, [five], 5).pairs).toHaveLength(10);
    const capped = pairsOf(p, [five], 4);
    expect(capped.pairs).toEqual([]);
    expect(capped.result.skippedBlocks).toBe(1);
    const own = pairsOf(p, [{ ...five, maxBlockSize: 4 }], 100);
    expect(own.pairs).toEqual([]);
    expect(own.result.skippedBlocks).toBe(1);
    expect(pairsOf(p, [{ ...five, maxBlockSize: 5 }], 100).pairs).toHaveLength(10);
    // A block of one is no pair and no skip.
    const single = pairsOf(p, [columnRule(["a", "b", "c", "d", "e"])], 1);
    expect(single.pairs).toEqual([]);
    expect(single.result.skippedBlocks).toBe(0);
  });

  it("compares all pairs of a block of up to six even with a sort key, and only neighbours in larger ones", () => {
    const small = prepared(rows(6));
    const sortKey = (i: number): string => String(i);
    expect(pairsOf(small, [columnRule(Array(6).fill("k") as string[], { sortKey, window: 1 })]).pairs).toHaveLength(15);
    const large = prepared(rows(8));
    // Eight members, window 1: each meets the next in sort order only.
    const windowed = pairsOf(large, [columnRule(Array(8).fill("k") as string[], { sortKey: (i) => String(7 - i), window: 1 })]);
    expect(windowed.pairs).toEqual(["r00~r01", "r01~r02", "r02~r03", "r03~r04", "r04~r05", "r05~r06", "r06~r07"]);
    expect(windowed.result.byRule).toEqual({ test: 7 });
    // The default window is four neighbours.
    const defaultWindow = pairsOf(large, [columnRule(Array(8).fill("k") as string[], { sortKey })]);
    expect(defaultWindow.pairs).toHaveLength(4 + 4 + 4 + 4 + 3 + 2 + 1);
    expect(defaultWindow.pairs).not.toContain("r00~r05");
    expect(defaultWindow.pairs).toContain("r00~r04");
    // Without a sort key a large block compares all its pairs.
    expect(pairsOf(large, [columnRule(Array(8).fill("k") as string[])]).pairs).toHaveLength(28);
  });

  it("orders a window by the sort key, then by row", () => {
    const p = prepared(rows(8));
    // Rows 0..7 with sort keys making the order 1, 3, 5, 7, 0, 2, 4, 6 (ties broken by row).
    const windowed = pairsOf(p, [columnRule(Array(8).fill("k") as string[], { sortKey: (i) => (i % 2 === 1 ? "a" : "b"), window: 1 })]);
    expect(windowed.pairs).toEqual(["r00~r02", "r00~r07", "r01~r03", "r02~r04", "r03~r05", "r04~r06", "r05~r07"]);
  });

  it("skips whole blocks that would exceed the comparison budget, keeping smaller ones", () => {
    const p = prepared(rows(6));
    const rule = columnRule(["big", "big", "big", "big", "small", "small"]);
    const limited = pairsOf(p, [rule], 1000, false, 5);
    expect(limited.pairs).toEqual(["r04~r05"]);
    expect(limited.result.overBudget).toBe(1);
    expect(limited.result.skippedBlocks).toBe(0);
    // A budget of exactly a block's pairs admits it.
    expect(pairsOf(p, [rule], 1000, false, 7).pairs).toHaveLength(7);
    expect(pairsOf(p, [rule], 1000, false, 6).result.overBudget).toBe(1);
    // The budget counts a windowed block by its window, not its square.
    const wide = prepared(rows(10));
    const windowedRule = columnRule(Array(10).fill("k") as string[], { sortKey: (i) => String(i), window: 1 });
    expect(pairsOf(wide, [windowedRule], 1000, false, 10).pairs).toHaveLength(9);
    expect(pairsOf(wide, [windowedRule], 1000, false, 9).result.overBudget).toBe(1);
  });

  it("leaves out pairs of one source in a link-only run, not pairs without a source", () => {
    const p = prepared([
      { id: "a", source: "crm" },
      { id: "b", source: "crm" },
      { id: "c", source: "web" },
      { id: "d" },
      { id: "e" },
    ]);
    const rule = columnRule(["k", "k", "k", "k", "k"]);
    const linked = pairsOf(p, [rule], 1000, true);
    expect(linked.pairs).not.toContain("a~b");
    expect(linked.pairs).toContain("a~c");
    expect(linked.pairs).toContain("d~e");
    expect(linked.pairs).toHaveLength(9);
    expect(linked.result.byRule).toEqual({ test: 9 });
    expect(pairsOf(p, [rule], 1000, false).pairs).toHaveLength(10);
  });

  it("grows its buffers past their first size without losing a pair or a key", () => {
    // 40 rows, 16 keys each, every row in blocks with every other: more keys and pairs than the buffers
    // are first sized for (four pairs and two keys a row).
    const n = 40;
    const p = prepared(rows(n));
    const rule: _BlockingRule = { name: "many", keys: (_i, emit) => { for (let k = 0; k < 16; k++) emit(`key${k}`); } };
    const { result } = pairsOf(p, [rule]);
    expect(result.count).toBe((n * (n - 1)) / 2);
    // Each pair met in all 16 blocks counts once for the rule.
    expect(result.byRule).toEqual({ many: (n * (n - 1)) / 2 });
  });
});
