import { describe, expect, it } from "vitest";
import { profileKitErrorOf } from "../../test/support/errors.js";
import { defineSchema } from "../engine/defineSchema.js";
import { cleanseRecords } from "./cleanseRecords.js";
import { compileCleanseSpec } from "./compileCleanseSpec.js";

const UNREADABLE = { code: "invalid_type", path: [], expected: "object", received: "unreadable object", severity: "error", message: "Expected object but received unreadable object." };

/** Email and source only, no address: reports small enough to compare whole. */
const small = compileCleanseSpec({ fields: { email: "email", source: "text" }, address: false });

describe("cleanseRecords: the records argument", () => {
  it("refuses anything but an array, saying so", () => {
    const schema = defineSchema({ fields: { email: "mail" } });
    for (const records of ["nope", { length: 2, 0: {}, 1: {} }, null, undefined, 42]) {
      for (const spec of [{}, small, schema]) {
        const error = profileKitErrorOf(() => cleanseRecords(records as never, spec));
        expect(error.code).toBe("invalid_options");
        expect(error.message).toBe("cleanseRecords: records must be an array.");
        expect(error.cause).toBeUndefined();
      }
    }
  });

  it("refuses an array that cannot be read, keeping the error as cause", () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    const revoked = profileKitErrorOf(() => cleanseRecords(proxy));
    expect(revoked.code).toBe("invalid_options");
    expect(revoked.message).toBe("cleanseRecords: records must be an array that can be read (not a revoked Proxy).");
    expect(revoked.cause).toBeInstanceOf(TypeError);
    const trap = new Error("length trap");
    const throwingLength = new Proxy([], {
      get(target, key, receiver): unknown {
        if (key === "length") throw trap;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const second = profileKitErrorOf(() => cleanseRecords(throwingLength));
    expect(second.message).toBe("cleanseRecords: records must be an array that can be read (not a revoked Proxy).");
    expect(second.cause).toBe(trap);
  });

  it("refuses a compiled spec that went through JSON, naming cleanseRecords", () => {
    const stored = JSON.parse(JSON.stringify(small)) as never;
    const error = profileKitErrorOf(() => cleanseRecords([{ email: "a@acme.com" }], stored));
    expect(error.code).toBe("invalid_options");
    expect(error.message).toMatch(/^cleanseRecords: this compiled cleanse spec was copied or stored as JSON/);
  });

  it("gives an empty result for an empty batch", () => {
    expect(cleanseRecords([], small)).toEqual({ records: [], results: [], report: { records: 0, recordsWithProblems: 0, fields: {}, issues: {} } });
  });

  it("accepts a plain spec as well as a compiled one", () => {
    const plain = cleanseRecords([{ phone: "(212) 867-5309", city: "boston" }], { defaultCountry: "US" });
    expect(plain.records).toEqual([{ phone: "+12128675309", city: "Boston" }]);
    const compiled = cleanseRecords([{ phone: "(212) 867-5309", city: "boston" }], compileCleanseSpec({ defaultCountry: "US" }));
    expect(compiled.records).toEqual(plain.records);
    expect(cleanseRecords([{ email: " A@X.COM " }]).records).toEqual([{ email: "a@x.com" }]);
  });
});

describe("cleanseRecords: one result per element, in order", () => {
  it("keeps every element, each result's record being the record listed", () => {
    const batch = cleanseRecords([{ email: "A@acme.com" }, { email: "b@acme.com" }, { email: "c@acme.com" }], small);
    expect(batch.records).toEqual([{ email: "a@acme.com" }, { email: "b@acme.com" }, { email: "c@acme.com" }]);
    expect(batch.results).toHaveLength(3);
    batch.results.forEach((result, i) => {
      expect(result.record).toBe(batch.records[i]);
    });
    expect(batch.results[0]?.original).toEqual({ email: "A@acme.com" });
    expect(batch.report.records).toBe(3);
  });

  it("reports an element that cannot be read on that element only, and reads the next", () => {
    const records: unknown[] = [{ email: "a@acme.com" }, {}, { email: "b@acme.com" }];
    Object.defineProperty(records, 1, {
      get: () => {
        throw new Error("element getter");
      },
    });
    const batch = cleanseRecords(records, small);
    expect(batch.results[1]).toEqual({ record: {}, original: {}, derived: {}, fields: {}, issues: [UNREADABLE] });
    expect(batch.records).toEqual([{ email: "a@acme.com" }, {}, { email: "b@acme.com" }]);
    expect(batch.report).toEqual({
      records: 3,
      recordsWithProblems: 1,
      fields: { email: { valid: 2, fixed: 0, invalid: 0, missing: 0, issues: {} }, source: { valid: 0, fixed: 0, invalid: 0, missing: 2, issues: {} } },
      issues: { invalid_type: 1 },
    });
  });

  it("tells an unreadable element from a hole or a value that is not a record", () => {
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    const batch = cleanseRecords([, 42, null, ["x"]], small);
    expect(batch.results.map((result) => result.issues.map((issue) => [issue.code, issue.path, issue.severity, (issue as { received?: unknown }).received]))).toEqual([
      [["invalid_type", [], "error", "undefined"]],
      [["invalid_type", [], "error", "number"]],
      [["invalid_type", [], "error", "null"]],
      [["invalid_type", [], "error", "array"]],
    ]);
  });
});

describe("cleanseRecords: the quality report", () => {
  it("counts each status and each issue code per field, and each code in total", () => {
    const batch = cleanseRecords(
      [
        { email: "a@acme.com", source: "crm" },
        { email: "a@acme.com" },
        { email: " B@acme.com " },
        { email: "nope" },
        { email: "info@acme.com" },
        5,
        { source: "\u0000crm" },
        { email: "x@mailinator.com", source: "web" },
        { email: "also-nope", source: "crm" },
      ],
      small,
    );
    expect(batch.report).toEqual({
      records: 9,
      recordsWithProblems: 4,
      fields: {
        email: { valid: 3, fixed: 1, invalid: 3, missing: 1, issues: { invalid_email: 2, role_email: 1, placeholder_value: 1 } },
        source: { valid: 3, fixed: 1, invalid: 0, missing: 4, issues: { control_characters: 1 } },
      },
      issues: { invalid_email: 2, role_email: 1, invalid_type: 1, control_characters: 1, placeholder_value: 1 },
    });
  });

  it("counts a record with only information issues as a record without problems", () => {
    const infoOnly = cleanseRecords([{ source: "\u0000crm" }, { email: "info@acme.com" }, { source: "crm" }], small);
    expect(infoOnly.results.map((result) => result.issues.map((issue) => issue.severity))).toEqual([["info"], ["info"], []]);
    expect(infoOnly.report.recordsWithProblems).toBe(0);
    expect(infoOnly.report.issues).toEqual({ control_characters: 1, role_email: 1 });
    // A warning (here a placeholder) is a problem, like an error.
    expect(cleanseRecords([{ email: "test@test.com" }, { email: "a@acme.com" }], small).report.recordsWithProblems).toBe(1);
    expect(cleanseRecords([{ email: "nope" }, { email: "nope" }, { email: "a@acme.com" }], small).report.recordsWithProblems).toBe(2);
  });

  it("counts issues outside the spec's fields in the total only", () => {
    const withRules = compileCleanseSpec({ fields: { email: "email" }, address: false, rules: { tier: { type: "string" } } });
    const batch = cleanseRecords([{ email: "a@acme.com", tier: 1 }, { email: "a@acme.com", tier: 2 }, JSON.parse('{"__proto__": 1}') as unknown], withRules);
    expect(batch.report.fields).toEqual({ email: { valid: 2, fixed: 0, invalid: 0, missing: 1, issues: {} } });
    expect(batch.report.issues).toEqual({ rule_failed: 3, unsafe_key: 1 });
    expect(batch.report.recordsWithProblems).toBe(3);
  });
});

describe("cleanseRecords: with a schema", () => {
  const schema = defineSchema({ fields: { email: "E-mail", phone: "Tel", firstName: ["First", "Middle"] }, defaultCountry: "US" });

  it("maps each record through the schema and reads it with the schema's country", () => {
    const batch = cleanseRecords([{ "E-mail": "A@X.com", Tel: "(212) 867-5309", First: "ann", Middle: "b", other: 1, id: "r1" }], schema);
    expect(batch.records).toEqual([{ id: "r1", firstName: "Ann B", email: "a@x.com", phone: "+12128675309" }]);
    expect(batch.results[0]?.original).toEqual({ firstName: "ann b", email: "A@X.com", phone: "(212) 867-5309" });
  });

  it("reports elements that are not records, as without a schema", () => {
    const batch = cleanseRecords([42, null, ["x"], { "E-mail": "a@x.com" }], schema);
    expect(batch.results.map((result) => result.issues.map((issue) => (issue as { received?: unknown }).received))).toEqual([["number"], ["null"], ["array"], []]);
    expect(batch.records).toEqual([{}, {}, {}, { email: "a@x.com" }]);
  });
});
