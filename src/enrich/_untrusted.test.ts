import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { expectInvalidOptions, thrown } from "../../test/support/errors.js";
import { _readList, _readOwn } from "./_untrusted.js";

/** An array Proxy whose `length` reads as `length`; element reads go to `get` (default: the index as text). */
function arrayClaiming(length: unknown, get: (index: string) => unknown = (index) => `item ${index}`): readonly unknown[] {
  return new Proxy([], {
    get: (_target, key) => (key === "length" ? length : typeof key === "string" ? get(key) : undefined),
  });
}

/** The `cause` of a ProfileKitError (undefined for anything else). */
function causeOf(error: unknown): unknown {
  return isProfileKitError(error) ? error.cause : undefined;
}

describe("_readOwn", () => {
  it("reads an own enumerable property", () => {
    expect(_readOwn({ status: "deliverable" }, "status")).toBe("deliverable");
    expect(_readOwn(["a"], "0")).toBe("a");
  });

  it("reads an inherited or non-enumerable property, or a missing one, as undefined", () => {
    expect(_readOwn(Object.create({ status: "deliverable" }) as object, "status")).toBeUndefined();
    expect(_readOwn({}, "toString")).toBeUndefined();
    expect(_readOwn(Object.defineProperty({}, "status", { value: "risky", enumerable: false }), "status")).toBeUndefined();
    expect(_readOwn({ a: 1 }, "b")).toBeUndefined();
  });

  it("lets a throwing getter throw (callers read inside try/catch)", () => {
    const error = new Error("getter");
    const hostile = Object.defineProperty({}, "status", {
      enumerable: true,
      get: () => {
        throw error;
      },
    });
    expect(thrown(() => _readOwn(hostile, "status"))).toBe(error);
  });
});

describe("_readList", () => {
  it("copies an array into a fresh array, element by element", () => {
    const source = [1, "two", { three: 3 }];
    const list = _readList("fn", "records", source);
    expect(list).toEqual([1, "two", { three: 3 }]);
    expect(list).not.toBe(source);
    expect(list[2]).toBe(source[2]);
    expect(_readList("fn", "records", [])).toEqual([]);
  });

  it("reads exactly `length` elements by index, never with an iterator", () => {
    const reads: string[] = [];
    const list = _readList(
      "fn",
      "records",
      arrayClaiming(3, (index) => {
        reads.push(index);
        return `item ${index}`;
      }),
    );
    expect(list).toEqual(["item 0", "item 1", "item 2"]);
    expect(reads).toEqual(["0", "1", "2"]);
  });

  it("refuses what is not an array, naming the function and the list, with the cause", () => {
    for (const value of [null, undefined, "abc", { length: 1, 0: "a" }, new Set([1])]) {
      const error = thrown(() => _readList("enrichRecords", "records", value as never));
      expectInvalidOptions(error, "enrichRecords: records must be an array.");
      expect(causeOf(error)).toEqual(new TypeError("not an array"));
    }
  });

  it("refuses an array whose length is not a safe integer between 0 and 2^32 - 1", () => {
    for (const length of [-1, 1.5, Number.NaN, Infinity, 2 ** 32, 2 ** 53, "3"]) {
      const error = thrown(() => _readList("verifyEmails", "enrichers", arrayClaiming(length)));
      expectInvalidOptions(error, "verifyEmails: enrichers must be an array.");
      expect(causeOf(error), String(length)).toEqual(new RangeError("invalid length"));
    }
  });

  it("accepts the largest array length, 2^32 - 1 (here the first element read fails)", () => {
    const unreadable = new Error("trap");
    const huge = arrayClaiming(0xffff_ffff, () => {
      throw unreadable;
    });
    const error = thrown(() => _readList("fn", "records", huge));
    expectInvalidOptions(error, "fn: records[0] could not be read.");
    expect(causeOf(error)).toBe(unreadable);
  });

  it("refuses an array that cannot be inspected (a revoked Proxy)", () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    const error = thrown(() => _readList("fn", "records", proxy));
    expectInvalidOptions(error, "fn: records must be an array.");
    expect(causeOf(error)).toBeInstanceOf(TypeError);
  });

  it("names the index of an element that cannot be read, with the cause", () => {
    const unreadable = new Error("trap");
    const list = arrayClaiming(3, (index) => {
      if (index === "2") throw unreadable;
      return index;
    });
    const error = thrown(() => _readList("enrichRecords", "enrichers", list));
    expectInvalidOptions(error, "enrichRecords: enrichers[2] could not be read.");
    expect(causeOf(error)).toBe(unreadable);
  });

  it("reads a getter element once", () => {
    let reads = 0;
    const source = Object.defineProperty([0], "0", {
      get: () => {
        reads++;
        return "got";
      },
    }) as unknown[];
    expect(_readList("fn", "records", source)).toEqual(["got"]);
    expect(reads).toBe(1);
  });
});
