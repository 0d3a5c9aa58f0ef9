import { describe, expect, it } from "vitest";
import { expectInvalidOptions, thrown } from "../../test/support/errors.js";
import type { DisplayNameOptions } from "./displayName.js";
import { isPlaceholderName } from "./isPlaceholderName.js";
import { normalizeName } from "./normalizeName.js";

describe("isPlaceholderName", () => {
  it("says true for placeholders where a name belongs, in any case", () => {
    for (const value of ["TEST", "test", "Test", "N/A", "Guest", "Dr. X", "Dr X", "x", "asdf", "12", "unknown"]) expect(isPlaceholderName(value), value).toBe(true);
  });

  it("says false for names, and for values that are no name at all", () => {
    for (const value of ["Tess", "Mary Smith", "O'Neill", "Testa", "smith"]) expect(isPlaceholderName(value), value).toBe(false);
    for (const value of [undefined, null, 12, true, {}, ["test"], "", "  "]) expect(isPlaceholderName(value), JSON.stringify(value)).toBe(false);
  });

  it("agrees with normalizeName's placeholder flag for each part", () => {
    for (const value of ["Dr", "Mrs", "Prof. Dr.", "test", "Mary", "Mr Smith", "gen", "Dr X"]) {
      for (const part of ["first", "last", "full"] as const) expect(isPlaceholderName(value, { part }), `${value} ${part}`).toBe(normalizeName(value, { part }).placeholder);
    }
  });

  it("reads a title alone as a placeholder in a first name only; full is the default", () => {
    expect(isPlaceholderName("Dr", { part: "first" })).toBe(true);
    expect(isPlaceholderName("Prof. Dr.", { part: "first" })).toBe(true);
    expect(isPlaceholderName("Mr", { part: "first" })).toBe(true);
    expect(isPlaceholderName("Dr", { part: "last" })).toBe(false);
    expect(isPlaceholderName("Dr", { part: "full" })).toBe(false);
    expect(isPlaceholderName("Dr")).toBe(false);
    expect(isPlaceholderName("Dr", {})).toBe(false);
    expect(isPlaceholderName("Dr", { part: undefined } as unknown as DisplayNameOptions)).toBe(false);
    // A title that is also a given name is a name.
    expect(isPlaceholderName("gen", { part: "first" })).toBe(false);
  });

  it("reads \"Family, Given\" as a full name by default, as normalizeName does: a family name before the comma makes it a name", () => {
    // King is a family name here (King, Martin Luther), as Smith is in "Smith, Test".
    for (const options of [undefined, {}, { part: undefined } as unknown as DisplayNameOptions, { part: "full" } as const]) {
      expect(isPlaceholderName("King, Test", options), JSON.stringify(options)).toBe(false);
      expect(isPlaceholderName("Smith, Test", options), JSON.stringify(options)).toBe(false);
    }
    expect(normalizeName("King, Test").placeholder).toBe(false);
  });

  it("throws invalid_options naming isPlaceholderName and the option for wrong options", () => {
    expectInvalidOptions(thrown(() => isPlaceholderName("Test", { parts: "first" } as unknown as DisplayNameOptions)), "isPlaceholderName: invalid options. options.parts: unknown option; did you mean part?");
    expectInvalidOptions(thrown(() => isPlaceholderName("Test", { part: "middle" } as unknown as DisplayNameOptions)), 'isPlaceholderName: invalid options. options.part: expected one of "first", "last", "full", received another string');
    expectInvalidOptions(thrown(() => isPlaceholderName("Test", { part: 3 } as unknown as DisplayNameOptions)), 'isPlaceholderName: invalid options. options.part: expected one of "first", "last", "full", received number');
    expectInvalidOptions(thrown(() => isPlaceholderName("Test", null as unknown as DisplayNameOptions)), "isPlaceholderName: invalid options. options: expected an object or undefined, received null");
    expectInvalidOptions(thrown(() => isPlaceholderName("Test", "first" as unknown as DisplayNameOptions)), "isPlaceholderName: invalid options. options: expected an object or undefined, received string");
  });

  it("throws invalid_options with the error as cause for options that cannot be read", () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const error = thrown(() => isPlaceholderName("Test", revoked.proxy));
    expectInvalidOptions(error, "isPlaceholderName: invalid options. options: could not be read (a revoked Proxy or a throwing getter?)");
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    const getterError = new Error("getter");
    const throwing = Object.defineProperty({}, "part", {
      enumerable: true,
      get(): never {
        throw getterError;
      },
    }) as DisplayNameOptions;
    const second = thrown(() => isPlaceholderName("Test", throwing));
    expectInvalidOptions(second, "isPlaceholderName: invalid options. options: could not be read (a revoked Proxy or a throwing getter?)");
    expect((second as Error).cause).toBe(getterError);
  });
});
