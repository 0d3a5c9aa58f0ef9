import { describe, expect, it } from "vitest";
import { expectInvalidOptions, thrown } from "../../test/support/errors.js";
import { evaluateBlocking, type BlockingEvaluation } from "./evaluateBlocking.js";

// Rows sorted by id: a1–a4 (0–3) share an email, b1–b3 (4–6) a phone, c1–c2 (7–8) a customer id; z1 (9)
// shares nothing. Candidate pairs: 0~1 0~2 0~3 1~2 1~3 2~3 (email, and its personal part with the domain's
// first letter), 4~5 4~6 5~6 (phone), 7~8 (customerId).
const rows = [
  { id: "a1", email: "zq47@fastmail.com" },
  { id: "a2", email: "zq47@fastmail.com" },
  { id: "a3", email: "zq47@fastmail.com" },
  { id: "a4", email: "zq47@fastmail.com" },
  { id: "b1", phone: "+12128675309" },
  { id: "b2", phone: "+12128675309" },
  { id: "b3", phone: "+12128675309" },
  { id: "c1", customerId: "CUST-1" },
  { id: "c2", customerId: "CUST-1" },
  { id: "z1", firstName: "Zed", lastName: "Quorn" },
];
// A: 0 1 9 (0~1 compared), B: 2 3 4 5 (2~3 and 4~5 compared), C: 6 7 8 (7~8 compared): 3 + 6 + 3 true pairs.
const truth = { a1: "A", a2: "A", z1: "A", a3: "B", a4: "B", b1: "B", b2: "B", b3: "C", c1: "C", c2: "C" };

const NO_RULE = { emailPersonalPart: 0, "lastName+dateOfBirth": 0, "firstName+dateOfBirth": 0, "firstName+lastName": 0, "names+postalCode": 0, nameSkeletons: 0, dateOfBirth: 0, lastName: 0, "dateOfBirth+postalCode": 0, "firstName+postalCode": 0, "lastName+postalCode": 0, "street+postalCode": 0 };
const EXPECTED: BlockingEvaluation = { truePairs: 12, truePairsCompared: 4, blockingRecall: 4 / 12, candidatePairs: 10, byRule: { ...NO_RULE, email: 6, emailPersonalPart: 6, phone: 3, customerId: 1 } };
const NOT_A_TRUTH = "evaluateBlocking: truth must be a Map or a plain object from record id to entity id.";
const UNREADABLE = "evaluateBlocking: truth cannot be read (a revoked Proxy, a throwing getter?).";
const NO_RECORD = "evaluateBlocking: no record id is in the truth (a blocking recall over no pair would read as perfect).";

describe("evaluateBlocking", () => {
  it("counts true pairs, those blocking compared, and candidate pairs by rule", () => {
    expect(evaluateBlocking(rows, truth)).toEqual(EXPECTED);
  });

  it("reads a Map as it reads a plain object, whatever the order of the records", () => {
    expect(evaluateBlocking(rows, new Map(Object.entries(truth)))).toEqual(EXPECTED);
    expect(evaluateBlocking([...rows].reverse(), truth)).toEqual(EXPECTED);
  });

  it("finds the first, the last and the middle candidate pairs, and no pair between them", () => {
    const only = (entities: Record<string, string>): BlockingEvaluation => evaluateBlocking(rows, entities);
    expect(only({ a1: "X", a2: "X" })).toMatchObject({ truePairs: 1, truePairsCompared: 1, blockingRecall: 1 });
    expect(only({ c1: "X", c2: "X" })).toMatchObject({ truePairs: 1, truePairsCompared: 1 });
    expect(only({ b1: "X", b2: "X" })).toMatchObject({ truePairs: 1, truePairsCompared: 1 });
    expect(only({ a3: "X", a4: "X" })).toMatchObject({ truePairs: 1, truePairsCompared: 1 });
    expect(only({ b2: "X", b3: "X" })).toMatchObject({ truePairs: 1, truePairsCompared: 1 });
    expect(only({ a1: "X", a4: "X" })).toMatchObject({ truePairs: 1, truePairsCompared: 1 });
    expect(only({ a4: "X", b1: "X" })).toMatchObject({ truePairs: 1, truePairsCompared: 0, blockingRecall: 0 });
    expect(only({ a1: "X", z1: "X" })).toMatchObject({ truePairs: 1, truePairsCompared: 0 });
    expect(only({ b3: "X", c1: "X" })).toMatchObject({ truePairs: 1, truePairsCompared: 0 });
    expect(only({ c2: "X", z1: "X" })).toMatchObject({ truePairs: 1, truePairsCompared: 0 });
    // Every candidate pair true: all found.
    expect(only({ a1: "A", a2: "A", a3: "A", a4: "A", b1: "B", b2: "B", b3: "B", c1: "C", c2: "C" })).toMatchObject({ truePairs: 10, truePairsCompared: 10, blockingRecall: 1 });
  });

  it("ignores records missing from the truth, entities that are not strings, and ids no record has", () => {
    expect(evaluateBlocking(rows, { a1: "A", a2: "A", a3: 5, nobody: "A" } as never)).toMatchObject({ truePairs: 1, truePairsCompared: 1, blockingRecall: 1, candidatePairs: 10 });
    // A truth key no record has, "undefined" included, adds no pair.
    expect(evaluateBlocking(rows, { a1: "A", undefined: "A", z1: "Z" })).toMatchObject({ truePairs: 0, truePairsCompared: 0, blockingRecall: 1 });
    expect(evaluateBlocking(rows, new Map<string, unknown>([["a1", "A"], ["a2", "A"], ["a3", null], ["nobody", "A"]]) as never)).toMatchObject({ truePairs: 1, truePairsCompared: 1 });
  });

  it("reads blocking recall as 1 when the truth holds no pair", () => {
    expect(evaluateBlocking(rows, { a1: "A", a2: "B" })).toEqual({ ...EXPECTED, truePairs: 0, truePairsCompared: 0, blockingRecall: 1 });
  });

  it("counts in link mode only the true pairs across sources", () => {
    // crm: a1 a3 b1 b3 c1 z1; web: a2 a4 b2 c2. Candidates across sources: 0~1 0~3 1~2 2~3 4~5 5~6 7~8.
    const sourced = rows.map((row, i) => ({ ...row, source: i % 2 === 0 ? "crm" : "web" }));
    // A: 0~1 compared, 1~9 not (0~9 same source); B: 2~3, 4~5 compared, 2~5 and 3~4 not; C: 6~7 not, 7~8 compared.
    expect(evaluateBlocking(sourced, truth, { mode: "link" })).toEqual({ truePairs: 8, truePairsCompared: 4, blockingRecall: 0.5, candidatePairs: 7, byRule: { ...NO_RULE, email: 4, emailPersonalPart: 4, phone: 2, customerId: 1 } });
    // Deduplication counts every pair.
    expect(evaluateBlocking(sourced, truth)).toEqual(EXPECTED);
    // Records of no source pair with every other record.
    expect(evaluateBlocking(rows, truth, { mode: "link" })).toEqual(EXPECTED);
  });

  it("refuses a truth that is neither a Map nor a plain object", () => {
    for (const bad of [null, undefined, "a1", 5, true, [], [["a1", "A"]], () => "A"]) {
      expectInvalidOptions(thrown(() => evaluateBlocking(rows, bad as never)), NOT_A_TRUTH);
    }
  });

  it("refuses a truth that cannot be read, with the error as cause", () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const error = thrown(() => evaluateBlocking(rows, revoked.proxy));
    expectInvalidOptions(error, UNREADABLE);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    // A Proxy of a Map passes as a Map, but Map methods refuse it.
    const proxied = thrown(() => evaluateBlocking(rows, new Proxy(new Map(Object.entries(truth)), {})));
    expectInvalidOptions(proxied, UNREADABLE);
    expect((proxied as Error).cause).toBeInstanceOf(TypeError);
  });

  it("reads a throwing getter of a plain object as no entity", () => {
    const getter = Object.defineProperty({ a2: "A", a3: "A" }, "a1", {
      enumerable: true,
      get: () => {
        throw new Error("no");
      },
    });
    expect(evaluateBlocking(rows, getter)).toMatchObject({ truePairs: 1, truePairsCompared: 1 });
  });

  it("refuses a truth that holds no record of the data", () => {
    expectInvalidOptions(thrown(() => evaluateBlocking(rows, {})), NO_RECORD);
    expectInvalidOptions(thrown(() => evaluateBlocking(rows, new Map([["x", "y"]]))), NO_RECORD);
    expectInvalidOptions(thrown(() => evaluateBlocking(rows, { a1: 1, toString: "A" } as never)), NO_RECORD);
  });

  it("checks the options as resolveIdentities does", () => {
    expectInvalidOptions(thrown(() => evaluateBlocking(rows, truth, { maxBlockSize: 1 })), "evaluateBlocking: invalid options. options.maxBlockSize: Too small: expected number to be >=2");
    expectInvalidOptions(thrown(() => evaluateBlocking([{ id: "a1" }, { id: "a1" }], truth)), "evaluateBlocking: 1 record id is used more than once in \"id\". Every record needs a unique id.");
  });
});

describe("evaluateBlocking: candidate pairs by rule", () => {
  it("counts each pair once per rule, even when a record has two keys of that rule (a nickname: Bob and Robert)", () => {
    const records = [{ id: "1", firstName: "Bob", lastName: "Lee" }, { id: "2", firstName: "Bob", lastName: "Lee" }];
    const result = evaluateBlocking(records, { "1": "A", "2": "A" });
    expect(result.candidatePairs).toBe(1);
    expect(result.byRule["firstName+lastName"]).toBe(1);
    for (const [rule, pairs] of Object.entries(result.byRule)) expect(pairs, rule).toBeLessThanOrEqual(result.candidatePairs);
  });
});
