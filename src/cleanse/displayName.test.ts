import { describe, expect, it } from "vitest";
import { expectInvalidOptions, thrown } from "../../test/support/errors.js";
import { displayName, type DisplayNameOptions } from "./displayName.js";
import { normalizeName } from "./normalizeName.js";

describe("displayName", () => {
  it("shows names as normalizeName does", () => {
    expect(displayName("MARY-KATE O'NEILL")).toBe("Mary-Kate O'Neill");
    expect(displayName("mary")).toBe("Mary");
    expect(displayName("  mary  ")).toBe("Mary");
    expect(displayName("mary smith")).toBe("Mary Smith");
    expect(displayName("o'neill")).toBe("O'Neill");
    expect(displayName("van der berg")).toBe("Van der Berg");
    for (const value of ["MARY", "mcdonald", "de vries", "Mr Smith", "john and jane smith", "SMITH, JOHN"]) {
      for (const part of ["first", "last", "full"] as const) expect(displayName(value, { part }), `${value} ${part}`).toBe(normalizeName(value, { part }).value);
    }
  });

  it("gives null for placeholders in any case, one word or more", () => {
    for (const value of ["test", "TEST", "Test", "guest", "N/A", "x", "Dr X", "12", "asdf"]) expect(displayName(value), value).toBeNull();
  });

  it("gives null, never throwing, for values that are not a name", () => {
    for (const value of [undefined, null, 12, true, {}, ["Mary"], ["mary", "smith"], "", "   "]) expect(displayName(value), JSON.stringify(value)).toBeNull();
  });

  it("reads the value as a full name by default: \"Last, First\" is turned round", () => {
    expect(displayName("SMITH, JOHN")).toBe("John Smith");
    expect(displayName("SMITH, JOHN", {})).toBe("John Smith");
    expect(displayName("SMITH, JOHN", { part: undefined } as unknown as DisplayNameOptions)).toBe("John Smith");
    expect(displayName("SMITH, JOHN", { part: "full" })).toBe("John Smith");
  });

  it("gives no first name for a first-name value that is only titles, and keeps a title elsewhere", () => {
    for (const value of ["Dr", "dr", "MRS", "Mr", "Dr.", "Prof. Dr.", ", Dr."]) expect(displayName(value, { part: "first" }), value).toBeNull();
    expect(displayName("Dr", { part: "last" })).toBe("Dr");
    expect(displayName("Dr")).toBe("Dr");
    expect(displayName("MR", { part: "full" })).toBe("Mr");
    expect(displayName("mrs", { part: "last" })).toBe("Mrs");
    // A title that is also a given name stays a name.
    expect(displayName("gen", { part: "first" })).toBe("Gen");
  });

  it("reads one simple word as the part asked for", () => {
    expect(displayName("mary", { part: "first" })).toBe("Mary");
    expect(displayName("SMITH", { part: "last" })).toBe("Smith");
    expect(displayName("smith", { part: "full" })).toBe("Smith");
  });

  it("throws invalid_options naming displayName and the option for wrong options", () => {
    expectInvalidOptions(thrown(() => displayName("Mary", { parts: "first" } as unknown as DisplayNameOptions)), "displayName: invalid options. options.parts: unknown option; did you mean part?");
    expectInvalidOptions(thrown(() => displayName("Mary", { part: "middle" } as unknown as DisplayNameOptions)), 'displayName: invalid options. options.part: expected one of "first", "last", "full", received another string');
    expectInvalidOptions(thrown(() => displayName("Mary", { part: 3 } as unknown as DisplayNameOptions)), 'displayName: invalid options. options.part: expected one of "first", "last", "full", received number');
    expectInvalidOptions(thrown(() => displayName("Mary", null as unknown as DisplayNameOptions)), "displayName: invalid options. options: expected an object or undefined, received null");
    expectInvalidOptions(thrown(() => displayName("Mary", [] as unknown as DisplayNameOptions)), "displayName: invalid options. options: expected an object or undefined, received array");
  });

  it("throws invalid_options with the error as cause for options that cannot be read", () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const error = thrown(() => displayName("Mary", revoked.proxy));
    expectInvalidOptions(error, "displayName: invalid options. options: could not be read (a revoked Proxy or a throwing getter?)");
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    const getterError = new Error("getter");
    const throwing = Object.defineProperty({}, "part", {
      enumerable: true,
      get(): never {
        throw getterError;
      },
    }) as DisplayNameOptions;
    const second = thrown(() => displayName("Mary", throwing));
    expectInvalidOptions(second, "displayName: invalid options. options: could not be read (a revoked Proxy or a throwing getter?)");
    expect((second as Error).cause).toBe(getterError);
  });
});
