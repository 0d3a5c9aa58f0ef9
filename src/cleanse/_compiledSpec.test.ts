import { describe, expect, it } from "vitest";
import { expectInvalidOptions, thrown } from "../../test/support/errors.js";
import { defineSchema } from "../engine/defineSchema.js";
import { _asCompiledSpec, _COMPILED } from "./_compiledSpec.js";
import { compileCleanseSpec } from "./compileCleanseSpec.js";

const BRAND = "profile-kit.compiled-cleanse-spec";
const STORED_AS_JSON =
  "this compiled cleanse spec was copied or stored as JSON, which loses its compiled parts (field map, rules). Store the CleanseSpec instead and compile it again with compileCleanseSpec(spec).";

describe("_asCompiledSpec", () => {
  it("marks compiled specs with the registered symbol", () => {
    expect(_COMPILED).toBe(Symbol.for(BRAND));
  });

  it("gives a live compiled spec back as it is", () => {
    const compiled = compileCleanseSpec({ defaultCountry: "US" });
    expect(_asCompiledSpec("cleanseRecord", compiled)).toBe(compiled);
    // Marked only: the mark alone is what is read, before any other property.
    const marked = { [_COMPILED]: true, kind: "anything" };
    expect(_asCompiledSpec("cleanseRecord", marked)).toBe(marked);
  });

  it("gives null for a plain spec to compile, and for values that are not objects", () => {
    for (const spec of [{}, { defaultCountry: "US" }, { kind: "" }, { kind: "other" }, { [_COMPILED]: "yes" }, { [_COMPILED]: 1, kind: "x" }]) {
      expect(_asCompiledSpec("cleanseRecord", spec), JSON.stringify(spec)).toBeNull();
    }
    for (const spec of [null, undefined, 0, "", BRAND, true]) expect(_asCompiledSpec("cleanseRecord", spec), String(spec)).toBeNull();
  });

  it("reads nothing of a function, even one carrying the mark or the brand", () => {
    const marked = Object.assign(() => 0, { [_COMPILED]: true });
    expect(_asCompiledSpec("cleanseRecord", marked)).toBeNull();
    const branded = Object.assign(() => 0, { kind: BRAND });
    expect(_asCompiledSpec("cleanseRecord", branded)).toBeNull();
  });

  it("throws for a compiled spec that went through JSON, naming the function", () => {
    const stored: unknown = JSON.parse(JSON.stringify(compileCleanseSpec({ defaultCountry: "US" })));
    expectInvalidOptions(thrown(() => _asCompiledSpec("cleanseRecords", stored)), `cleanseRecords: ${STORED_AS_JSON}`);
    expectInvalidOptions(thrown(() => _asCompiledSpec("cleanseRecord", { kind: BRAND })), `cleanseRecord: ${STORED_AS_JSON}`);
  });

  it("throws for a schema, which only cleanseRecord and cleanseRecords read", () => {
    const schema = defineSchema({});
    expectInvalidOptions(thrown(() => _asCompiledSpec("compileCleanseSpec", schema)), "compileCleanseSpec: a schema is read by cleanseRecord and cleanseRecords only.");
  });

  it("throws invalid_options, with the error as cause, for a spec that cannot be read", () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const error = thrown(() => _asCompiledSpec("cleanseRecord", revoked.proxy));
    expectInvalidOptions(error, "cleanseRecord: the spec could not be read (a revoked Proxy or a throwing getter?).");
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    const getterError = new Error("getter");
    const throwing = Object.defineProperty({}, "kind", {
      get(): never {
        throw getterError;
      },
    });
    const second = thrown(() => _asCompiledSpec("cleanseRecords", throwing));
    expectInvalidOptions(second, "cleanseRecords: the spec could not be read (a revoked Proxy or a throwing getter?).");
    expect((second as Error).cause).toBe(getterError);
  });
});
