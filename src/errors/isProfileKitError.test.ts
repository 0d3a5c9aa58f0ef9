import { describe, expect, it } from "vitest";
import { isProfileKitError } from "./isProfileKitError.js";
import { ProfileKitError } from "./ProfileKitError.js";

const brand = Symbol.for("profile-kit.error");

describe("isProfileKitError: edges", () => {
  it("answers false for primitives, null and undefined", () => {
    expect([undefined, null, "ProfileKitError", 0, 1n, true, Symbol("x")].map((value) => isProfileKitError(value))).toEqual([false, false, false, false, false, false, false]);
  });

  it("answers false for a function, even one named ProfileKitError that carries the brand", () => {
    const branded = Object.defineProperty(function ProfileKitError(): void {}, brand, { value: true });
    expect(branded.name).toBe("ProfileKitError");
    expect(isProfileKitError(branded)).toBe(false);
    expect(isProfileKitError(ProfileKitError)).toBe(false);
  });

  it("needs both the brand exactly true and the name ProfileKitError", () => {
    expect(isProfileKitError({ [brand]: true, name: "ProfileKitError" })).toBe(true);
    expect(isProfileKitError({ [brand]: true, name: "Error" })).toBe(false);
    expect(isProfileKitError({ [brand]: true })).toBe(false);
    expect(isProfileKitError(Object.assign(new Error("x"), { [brand]: true }))).toBe(false);
    expect(isProfileKitError({ [brand]: "true", name: "ProfileKitError" })).toBe(false);
    expect(isProfileKitError({ [brand]: 1, name: "ProfileKitError" })).toBe(false);
    expect(isProfileKitError({ [Symbol("profile-kit.error")]: true, name: "ProfileKitError" })).toBe(false);
  });

  it("recognises a real error, also after its name is read through a Proxy", () => {
    const error = new ProfileKitError("store_failure", "x");
    expect(isProfileKitError(error)).toBe(true);
    expect(isProfileKitError(new Proxy(error, {}))).toBe(true);
  });
});
