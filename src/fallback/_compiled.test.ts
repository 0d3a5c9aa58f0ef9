// The registry of authentic compiled slots and the policy replacement of previews (issue #19).
import { describe, expect, it } from "vitest";
import { failure } from "../../test/support/errors.js";
import { _compiledInternal, _internalOf, _isCompiled, _replacePolicy } from "./_compiled.js";
import { compileSlots, type CompiledSlots } from "./compileSlots.js";

describe("compiled slots", () => {
  it("tells compiled slots from slot specs, and refuses a copy that only says it is compiled", () => {
    const compiled = compileSlots({ a: { path: "a" } });
    expect(_isCompiled("f", compiled)).toBe(true);
    for (const other of [null, undefined, "x", 3, { a: { path: "a" } }]) expect(_isCompiled("f", other)).toBe(false);
    const copy: unknown = JSON.parse(JSON.stringify(compiled));
    expect(failure(() => _isCompiled("f", copy))).toMatch(/^invalid_options: f: these compiled slots were not made by compileSlots in this process/);
    expect(failure(() => _compiledInternal("g", copy))).toMatch(/^invalid_options: g: these compiled slots/);
    expect(failure(() => _internalOf(copy as CompiledSlots))).toBe("invalid_options: profile-kit: compiled slots were not made by compileSlots in this process.");
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(_isCompiled("f", revoked.proxy)).toBe(false);
  });

  it("hands out the internal slots of authentic compiled slots, null for specs", () => {
    const compiled = compileSlots({ a: { path: "a" }, b: { path: "b" } });
    expect(_compiledInternal("f", compiled)).toBe(_internalOf(compiled));
    expect(_internalOf(compiled).slots.map((slot) => slot.name)).toEqual(["a", "b"]);
    expect(_compiledInternal("f", { a: { path: "a" } })).toBeNull();
    expect(_compiledInternal("f", null)).toBeNull();
    // Frozen: names cannot be changed after compiling.
    expect(Object.isFrozen(compiled.names)).toBe(true);
    expect(Object.isFrozen(compiled)).toBe(true);
  });

  it("replaces a policy in a copy made once, and returns the slots themselves when no slot has it", () => {
    const compiled = compileSlots({ a: { path: "a", policy: "throw" }, b: { path: "b", policy: "omit" } });
    const replaced = _replacePolicy(compiled, "throw", "abort");
    expect(replaced).not.toBe(compiled);
    expect(_internalOf(replaced).slots.map((slot) => slot.policy)).toEqual(["abort", "omit"]);
    expect(_internalOf(compiled).slots.map((slot) => slot.policy)).toEqual(["throw", "omit"]);
    expect(_replacePolicy(compiled, "throw", "abort")).toBe(replaced);
    const other = _replacePolicy(compiled, "omit", "generic");
    expect(_internalOf(other).slots.map((slot) => slot.policy)).toEqual(["throw", "generic"]);
    expect(_replacePolicy(compiled, "omit", "generic")).toBe(other);
    expect(_replacePolicy(compiled, "abort", "omit")).toBe(compiled);
    expect(_isCompiled("f", replaced)).toBe(true);
  });
});
