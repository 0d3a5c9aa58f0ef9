import { describe, expect, it } from "vitest";
import { _dict, _own, _setOwn } from "./_dict.js";

const dataProperty = (value: unknown): PropertyDescriptor => ({ value, enumerable: true, writable: true, configurable: true });

describe("_dict and _setOwn: property attributes", () => {
  it("_dict copies every entry, __proto__ included, as an enumerable, writable, configurable data property", () => {
    const source = JSON.parse('{"mr": "Mr.", "__proto__": {"isAdmin": true}}') as Record<string, unknown>;
    const table = _dict(source);
    expect(Object.getOwnPropertyDescriptor(table, "mr")).toEqual(dataProperty("Mr."));
    expect(Object.getOwnPropertyDescriptor(table, "__proto__")).toEqual(dataProperty({ isAdmin: true }));
    expect(Object.keys(table)).toEqual(["mr", "__proto__"]);
  });

  it("_dict makes an empty null-prototype table by default", () => {
    const empty = _dict();
    expect(Object.getPrototypeOf(empty)).toBeNull();
    expect(Object.keys(empty)).toEqual([]);
  });

  it("a _dict entry can be reassigned and deleted", () => {
    const table = _dict({ a: 1 });
    table["a"] = 2;
    expect(table["a"]).toBe(2);
    expect(Reflect.deleteProperty(table, "a")).toBe(true);
    expect(_own(table, "a")).toBeUndefined();
  });

  it("_setOwn sets __proto__ as an enumerable, writable, configurable data property", () => {
    const target: Record<string, unknown> = {};
    _setOwn(target, "__proto__", 1);
    expect(Object.getOwnPropertyDescriptor(target, "__proto__")).toEqual(dataProperty(1));
    _setOwn(target, "__proto__", 2);
    expect(Object.getOwnPropertyDescriptor(target, "__proto__")).toEqual(dataProperty(2));
  });

  it("_setOwn assigns any other key plainly: an existing property keeps its attributes, a setter runs", () => {
    const hidden = Object.defineProperty({}, "b", { value: 1, enumerable: false, writable: true, configurable: true });
    _setOwn(hidden, "b", 2);
    expect(Object.getOwnPropertyDescriptor(hidden, "b")).toEqual({ value: 2, enumerable: false, writable: true, configurable: true });
    const seen: unknown[] = [];
    const withSetter = Object.defineProperty({}, "c", {
      configurable: true,
      set: (value: unknown) => {
        seen.push(value);
      },
    });
    _setOwn(withSetter, "c", 3);
    expect(seen).toEqual([3]);
    expect(Object.getOwnPropertyDescriptor(withSetter, "c")).not.toHaveProperty("value");
  });

  it("_own reads a throwing getter and a revoked Proxy as absent", () => {
    const getter = Object.defineProperty({}, "a", {
      enumerable: true,
      get: () => {
        throw new Error("getter");
      },
    });
    const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
    revoke();
    expect(_own(getter, "a")).toBeUndefined();
    expect(_own(proxy, "a")).toBeUndefined();
  });
});
