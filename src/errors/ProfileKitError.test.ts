import { describe, expect, it } from "vitest";
import { z } from "zod";
import { _createIssue, _describeType } from "./_createIssue.js";
import { _parseOptions } from "./_parseOptions.js";
import { isProfileKitError } from "./isProfileKitError.js";
import { ProfileKitError } from "./ProfileKitError.js";

describe("ProfileKitError", () => {
  it("carries a code, a cause and its own name", () => {
    const cause = new Error("connection refused");
    const error = new ProfileKitError("store_failure", "memoryStore: get failed", { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ProfileKitError");
    expect(error.code).toBe("store_failure");
    expect(error.cause).toBe(cause);
    expect(error.message).toBe("memoryStore: get failed");
    expect(new ProfileKitError("invalid_options", "x")).not.toHaveProperty("cause");
  });

  it("keeps its brand out of JSON and enumeration", () => {
    const error = new ProfileKitError("invalid_options", "bad");
    expect(Object.keys(error)).toEqual(["name", "code"]);
    expect(JSON.stringify(error)).toBe('{"name":"ProfileKitError","code":"invalid_options"}');
  });
});

describe("isProfileKitError", () => {
  it("recognises profile-kit errors and nothing else", () => {
    expect(isProfileKitError(new ProfileKitError("invalid_options", "bad"))).toBe(true);
    expect(isProfileKitError(new Error("bad"))).toBe(false);
    expect(isProfileKitError({ name: "ProfileKitError", code: "invalid_options" })).toBe(false);
    expect(isProfileKitError(null)).toBe(false);
    expect(isProfileKitError("ProfileKitError")).toBe(false);
  });

  it("recognises an error made by another copy of the library (same registered brand)", () => {
    class OtherCopyError extends Error {
      override readonly name = "ProfileKitError";
      readonly code = "store_failure";
      constructor() {
        super("other copy");
        Object.defineProperty(this, Symbol.for("profile-kit.error"), { value: true });
      }
    }
    const error: unknown = new OtherCopyError();
    expect(error instanceof ProfileKitError).toBe(false);
    expect(isProfileKitError(error)).toBe(true);
  });
});

describe("_parseOptions", () => {
  const schema = z.strictObject({ threshold: z.number().min(0).max(1).optional() });

  it("returns the parsed options when they are valid", () => {
    expect(_parseOptions("f", schema, { threshold: 0.5 })).toEqual({ threshold: 0.5 });
  });

  it("throws invalid_options naming the function and every problem, with zod issues as cause", () => {
    let caught: unknown;
    try {
      _parseOptions("resolveIdentities", schema, { threshold: 2, treshold: 1 });
    } catch (error) {
      caught = error;
    }
    expect(isProfileKitError(caught)).toBe(true);
    const error = caught as ProfileKitError;
    expect(error.code).toBe("invalid_options");
    expect(error.message).toMatch(/^resolveIdentities: invalid options\./);
    expect(error.message).toContain("options.threshold");
    expect(error.message).toContain("options.treshold: unknown option; did you mean threshold?");
    expect(Array.isArray(error.cause)).toBe(true);
  });
});

describe("hostile values at the error layer", () => {
  const schema = z.strictObject({ threshold: z.number().min(0).max(1).optional() });

  it("isProfileKitError answers false for revoked Proxies and throwing getters instead of throwing", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const trap = new Proxy({}, { get: () => { throw new Error("trap"); } });
    const getter = Object.defineProperty({}, "name", { get: () => { throw new Error("getter"); } });
    expect([proxy, trap, getter].map((value) => isProfileKitError(value))).toEqual([false, false, false]);
  });

  it("_parseOptions turns options it cannot read into invalid_options", () => {
    const getter = Object.defineProperty({}, "threshold", { enumerable: true, get: () => { throw new Error("getter"); } });
    let caught: unknown;
    try {
      _parseOptions("resolveIdentities", schema, getter);
    } catch (error) {
      caught = error;
    }
    expect(isProfileKitError(caught) && caught.code === "invalid_options" && caught.message.includes("could not be read")).toBe(true);
  });
});

describe("_createIssue", () => {
  it("builds an issue with code, path, severity and a message made only from its details", () => {
    const issue = _createIssue("too_long", ["email"], { maximum: 254, length: 1_000_000 });
    expect(issue).toEqual({
      code: "too_long",
      path: ["email"],
      maximum: 254,
      length: 1_000_000,
      severity: "error",
      message: "Value is 1000000 characters long; the maximum is 254.",
    });
    expect(_createIssue("control_characters", [], { count: 1 }).message).toBe("Removed 1 control character.");
  });

  it("describes JSON types without revealing values", () => {
    expect([null, [], {}, "s", 1, Number.NaN, true, undefined].map(_describeType)).toEqual([
      "null", "array", "object", "string", "number", "non-finite number", "boolean", "undefined",
    ]);
  });
});
