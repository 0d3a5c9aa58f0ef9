import { describe, expect, it } from "vitest";
import { thrown } from "../../test/support/errors.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _compileRules } from "./_rules.js";

/** A new-style fastest-validator custom check: it pushes its failures and returns the value. */
function customCheck(value: unknown, errors: unknown[]): unknown {
  if (value === "bad") errors.push({ type: "noBad" });
  if (value === "odd") errors.push({ type: 7, field: 9 });
  if (value === "throw") throw new Error("boom");
  return value;
}

describe("_compileRules: compilation", () => {
  it("throws invalid_options naming the function, with fastest-validator's error as cause, for a schema it cannot compile", () => {
    const error = thrown(() => _compileRules("cleanseRecords", { a: { type: "nonexistent" } }));
    expect(isProfileKitError(error)).toBe(true);
    if (!isProfileKitError(error)) return;
    expect(error.code).toBe("invalid_options");
    expect(error.message).toBe("cleanseRecords: options.rules is not a valid fastest-validator schema.");
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe("Invalid 'nonexistent' type in validator schema.");
  });

  it("throws invalid_options without a cause for an asynchronous schema", () => {
    const error = thrown(() => _compileRules("cleanseRecord", { $$async: true, a: "string" }));
    expect(isProfileKitError(error)).toBe(true);
    if (!isProfileKitError(error)) return;
    expect(error.code).toBe("invalid_options");
    expect(error.message).toBe("cleanseRecord: options.rules must not be asynchronous ($$async).");
    expect(error.cause).toBeUndefined();
  });
});

describe("_compileRules: checking a record", () => {
  const check = _compileRules("cleanseRecord", { name: { type: "string", min: 2 }, age: "number|optional" });

  it("gives no failure for a record that passes, and ignores fields the schema does not name", () => {
    expect(check({ name: "Al" })).toEqual([]);
    expect(check({ name: "Al", age: 3, other: "x" })).toEqual([]);
  });

  it("gives each failure's field and rule name, never the value", () => {
    expect(check({ name: "A" })).toEqual([{ field: "name", rule: "stringMin" }]);
    expect(check({ name: 3, age: "a" })).toEqual([{ field: "name", rule: "string" }, { field: "age", rule: "number" }]);
    expect(check({})).toEqual([{ field: "name", rule: "required" }]);
  });

  it("runs custom checks the new way (value, errors) and reads their failures", () => {
    const custom = _compileRules("cleanseRecord", { name: { type: "string", custom: customCheck } });
    expect(custom({ name: "ok" })).toEqual([]);
    expect(custom({ name: "bad" })).toEqual([{ field: "name", rule: "noBad" }]);
  });

  it("gives an empty field and rule \"rule\" for a failure whose field and type are not strings", () => {
    const custom = _compileRules("cleanseRecord", { name: { type: "string", custom: customCheck } });
    expect(custom({ name: "odd" })).toEqual([{ field: "", rule: "rule" }]);
  });

  it("gives one failure of rule \"error\" with an empty field when a custom check throws, and goes on", () => {
    const custom = _compileRules("cleanseRecord", { name: { type: "string", custom: customCheck } });
    expect(custom({ name: "throw" })).toEqual([{ field: "", rule: "error" }]);
    expect(custom({ name: "bad" })).toEqual([{ field: "name", rule: "noBad" }]);
  });

  it("runs on a copy: sanitisers never change the caller's record", () => {
    const sanitising = _compileRules("cleanseRecord", { name: { type: "string", trim: true }, nested: { type: "object", props: { x: { type: "number", convert: true } } } });
    const record = { name: "  a ", nested: { x: "5" } };
    expect(sanitising(record)).toEqual([]);
    expect(record).toEqual({ name: "  a ", nested: { x: "5" } });
  });
});
