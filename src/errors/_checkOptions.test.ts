// Direct tests of the hand-written options checks and the typo suggestion (issue #19): until now they ran
// only through the standardisers' and personalization's own tests.
import { describe, expect, it } from "vitest";
import { isProfileKitError } from "./isProfileKitError.js";
import { _checkOptionKeys, _choiceOption, _countryOption, _describeOption, _NO_PATH, _optionsError, _pathOption, _unreadableOptions } from "./_checkOptions.js";
import { ProfileKitError } from "./ProfileKitError.js";
import { _suggestKey } from "./_suggest.js";

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isProfileKitError(error) ? `${error.code}: ${error.message}` : `not a ProfileKitError: ${String(error)}`;
  }
  return "no error";
}

describe("_suggestKey", () => {
  it("suggests the closest known key for a typo, ignoring case", () => {
    expect(_suggestKey("treshold", ["threshold", "maxBlockSize"])).toBe("; did you mean threshold?");
    expect(_suggestKey("MAXBLOCKSIZE", ["threshold", "maxBlockSize"])).toBe("; did you mean maxBlockSize?");
    // The nearest of several: "moda" is one edit from "mode", two from "model".
    expect(_suggestKey("moda", ["model", "mode"])).toBe("; did you mean mode?");
  });

  it("lists the known keys when nothing is close, for a key over 64 characters, and says nothing without any", () => {
    expect(_suggestKey("zzzzzzzz", ["threshold", "model"])).toBe("; known options are threshold, model");
    expect(_suggestKey(`threshold${"x".repeat(60)}`, ["threshold"])).toBe("; known options are threshold");
    expect(_suggestKey("x", [])).toBe("");
  });

  it("allows two edits for short names and a third of the length for long ones", () => {
    expect(_suggestKey("ab", ["abcd"])).toBe("; did you mean abcd?");
    expect(_suggestKey("a", ["abcd"])).toBe("; known options are abcd");
    // "maxBlockSize" has 12 characters: four edits still suggest it, five do not.
    expect(_suggestKey("maxBlockWWWW", ["maxBlockSize"])).toBe("; did you mean maxBlockSize?");
    expect(_suggestKey("maxBlocWWWWW", ["maxBlockSize"])).toBe("; known options are maxBlockSize");
  });
});

describe("_checkOptionKeys", () => {
  it("accepts known keys and names the first unknown one, shortened, with a suggestion", () => {
    expect(failure(() => { _checkOptionKeys("f", { a: 1, b: 2 }, ["a", "b"]); })).toBe("no error");
    expect(failure(() => { _checkOptionKeys("f", { a: 1, locle: 2 }, ["a", "locale"]); })).toBe("invalid_options: f: invalid options. options.locle: unknown option; did you mean locale?");
    expect(failure(() => { _checkOptionKeys("f", { ["k".repeat(50)]: 1 }, ["a"]); })).toBe(`invalid_options: f: invalid options. options.${"k".repeat(40)}…: unknown option; known options are a`);
    expect(failure(() => { _checkOptionKeys("f", { ["k".repeat(40)]: 1 }, ["a"]); })).toBe(`invalid_options: f: invalid options. options.${"k".repeat(40)}: unknown option; known options are a`);
    expect(failure(() => { _checkOptionKeys("f", JSON.parse('{"__proto__": 1}') as object, ["a"]); })).toMatch(/options\.__proto__: unknown option/);
  });

  it("refuses what is not an object, saying `or undefined` only for the options themselves", () => {
    expect(failure(() => { _checkOptionKeys("f", null, []); })).toBe("invalid_options: f: invalid options. options: expected an object or undefined, received null");
    expect(failure(() => { _checkOptionKeys("f", [], []); })).toBe("invalid_options: f: invalid options. options: expected an object or undefined, received array");
    expect(failure(() => { _checkOptionKeys("f", "x", [], "options.format"); })).toBe("invalid_options: f: invalid options. options.format: expected an object, received string");
    expect(failure(() => { _checkOptionKeys("f", { z: 1 }, ["a"], "options.format"); })).toBe("invalid_options: f: invalid options. options.format.z: unknown option; did you mean a?");
  });
});

describe("the option readers", () => {
  it("reads a path: undefined is the shared empty path; strings and integers only", () => {
    expect(_pathOption("f", undefined)).toBe(_NO_PATH);
    expect(Object.isFrozen(_NO_PATH)).toBe(true);
    const path = ["a", 0];
    expect(_pathOption("f", path)).toBe(path);
    expect(failure(() => _pathOption("f", "a"))).toBe("invalid_options: f: invalid options. options.path: expected an array of strings and numbers, received string");
    expect(failure(() => _pathOption("f", ["a", 1.5]))).toBe("invalid_options: f: invalid options. options.path: expected an array of strings and integers, received an element of type number");
    expect(failure(() => _pathOption("f", [null]))).toMatch(/received an element of type null$/);
  });

  it("reads a choice: the fallback for undefined, an allowed string as it is, and says what it received", () => {
    expect(_choiceOption("f", "mode", undefined, ["a", "b"], "a")).toBe("a");
    expect(_choiceOption("f", "mode", "b", ["a", "b"], "a")).toBe("b");
    expect(failure(() => _choiceOption("f", "mode", "c", ["a", "b"], "a"))).toBe('invalid_options: f: invalid options. options.mode: expected one of "a", "b", received another string');
    expect(failure(() => _choiceOption("f", "mode", 3, ["a"], "a"))).toBe('invalid_options: f: invalid options. options.mode: expected one of "a", received number');
  });

  it("reads a country: none for undefined or null, any string, and nothing else", () => {
    expect(_countryOption("f", undefined)).toBeNull();
    expect(_countryOption("f", null)).toBeNull();
    expect(_countryOption("f", "zz")).toBe("zz");
    expect(failure(() => _countryOption("f", 44))).toBe("invalid_options: f: invalid options. options.country: expected an ISO 3166-1 alpha-2 code (a string) or null, received number");
  });

  it("describes a value's type without its content", () => {
    expect([null, 1, Number.NaN, Infinity, "x", true, undefined, [], {}, () => 1].map(_describeOption)).toEqual(["null", "number", "non-finite number", "non-finite number", "string", "boolean", "undefined", "array", "object", "function"]);
    const revoked = Proxy.revocable([], {});
    revoked.revoke();
    expect(_describeOption(revoked.proxy)).toBe("unreadable object");
  });

  it("keeps a ProfileKitError as it is and wraps anything else, with its cause", () => {
    const own = new ProfileKitError("store_failure", "x");
    expect(_unreadableOptions("f", own)).toBe(own);
    const cause = new TypeError("revoked");
    const wrapped = _unreadableOptions("f", cause);
    expect([wrapped.code, wrapped.message, wrapped.cause]).toEqual(["invalid_options", "f: invalid options. options: could not be read (a revoked Proxy or a throwing getter?)", cause]);
    expect(_optionsError("g", "options.x", "bad").message).toBe("g: invalid options. options.x: bad");
  });
});
