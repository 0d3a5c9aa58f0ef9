import { describe, expect, it } from "vitest";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { checkChangeSet, DOCUMENT_KINDS } from "./store.js";

/** A change set with every list present and empty, with the parts given. */
function changes(parts: Record<string, unknown> = {}): Record<string, unknown> {
  return { expect: [], put: [], delete: [], index: [], increment: [], ...parts };
}

/** What checkChangeSet throws for a value (null when it accepts it). */
function refusal(value: unknown, store = "teststore"): ProfileKitError | null {
  try {
    checkChangeSet(store, value);
    return null;
  } catch (error) {
    if (error instanceof ProfileKitError) return error;
    throw error;
  }
}

const shape = (store: string, what: string): string => `${store}: commit takes a change set { expect, put, delete, index, increment }; ${what}.`;

/** The message for a malformed entry of a list. */
const malformed = (name: string): string => shape("teststore", `an entry of ${name} is malformed`);

describe("DOCUMENT_KINDS", () => {
  it("lists the six document kinds in their fixed order", () => {
    expect(DOCUMENT_KINDS).toEqual(["record", "profile", "alias", "history", "erasure", "batch"]);
  });
});

describe("checkChangeSet", () => {
  it("accepts a well-formed change set using every list and every kind", () => {
    const full = changes({
      expect: [...DOCUMENT_KINDS.map((kind) => ({ kind, key: `k-${kind}`, version: 0 })), { kind: "index", key: "i", version: 3 }],
      put: DOCUMENT_KINDS.map((kind) => ({ kind, key: `k-${kind}`, value: null })),
      delete: DOCUMENT_KINDS.map((kind) => ({ kind, key: `d-${kind}` })),
      index: [{ key: "i", member: "m", op: "add" }, { key: "i", member: "n", op: "remove" }],
      increment: [{ key: "c", by: -2 }, { key: "d", by: 0.5 }],
    });
    expect(refusal(full)).toBeNull();
    expect(refusal(changes())).toBeNull();
  });

  it("refuses a value that is not an object, naming the store", () => {
    for (const value of [null, undefined, 3, "changes", true]) {
      const error = refusal(value, "mystore");
      expect(error?.code).toBe("invalid_options");
      expect(error?.message).toBe(shape("mystore", "got no object"));
    }
  });

  it("names each list that is missing or not an array, while the others are fine", () => {
    for (const name of ["expect", "put", "delete", "index", "increment"]) {
      for (const bad of [undefined, {}, "[]", null]) {
        const error = refusal(changes({ [name]: bad }));
        expect(error?.code).toBe("invalid_options");
        expect(error?.message).toBe(shape("teststore", `${name} is not an array`));
      }
    }
  });

  it("refuses entries that are not objects: null, a primitive, or a function carrying the right fields", () => {
    const impostor = Object.assign(() => undefined, { kind: "record", key: "k", version: 0, value: 1, member: "m", op: "add", by: 1 });
    for (const name of ["expect", "put", "delete", "index", "increment"]) {
      for (const entry of [null, 7, "record", impostor]) {
        expect(refusal(changes({ [name]: [entry] }))?.message).toBe(malformed(name));
      }
    }
  });

  it("checks expect entries: a document kind or index, a string key, a non-negative integer version", () => {
    expect(refusal(changes({ expect: [{ kind: "index", key: "i", version: 0 }] }))).toBeNull();
    expect(refusal(changes({ expect: [{ kind: "record", key: "r", version: 0 }] }))).toBeNull();
    expect(refusal(changes({ expect: [{ kind: "profile", key: "p", version: 12 }] }))).toBeNull();
    const bad = [
      { kind: "index", key: 5, version: 0 },
      { kind: "index", version: 0 },
      { kind: "record", key: 5, version: 0 },
      { kind: "records", key: "r", version: 0 },
      { kind: "", key: "r", version: 0 },
      { key: "r", version: 0 },
      { kind: "record", key: "r", version: -1 },
      { kind: "index", key: "i", version: -1 },
      { kind: "record", key: "r", version: 1.5 },
      { kind: "record", key: "r", version: "1" },
      { kind: "record", key: "r" },
      { kind: "record", key: "r", version: Number.NaN },
    ];
    for (const entry of bad) expect(refusal(changes({ expect: [entry] }))?.message).toBe(malformed("expect"));
    // One bad entry after good ones is enough.
    expect(refusal(changes({ expect: [{ kind: "record", key: "r", version: 1 }, { kind: "record", key: "r", version: -3 }] }))?.message).toBe(malformed("expect"));
  });

  it("checks put entries: a document kind (never index), a string key and a value that is not undefined", () => {
    expect(refusal(changes({ put: [{ kind: "alias", key: "a", value: { target: "p" } }] }))).toBeNull();
    expect(refusal(changes({ put: [{ kind: "alias", key: "a", value: 0 }] }))).toBeNull();
    for (const entry of [{ kind: "index", key: "i", value: 1 }, { kind: "record", key: 1, value: 1 }, { kind: "record", key: "r" }, { kind: "record", key: "r", value: undefined }, { key: "r", value: 1 }]) {
      expect(refusal(changes({ put: [entry] }))?.message).toBe(malformed("put"));
    }
  });

  it("checks delete entries: a document kind and a string key", () => {
    expect(refusal(changes({ delete: [{ kind: "batch", key: "b" }] }))).toBeNull();
    for (const entry of [{ kind: "index", key: "i" }, { kind: "batch", key: null }, { kind: "batch" }, { key: "b" }]) {
      expect(refusal(changes({ delete: [entry] }))?.message).toBe(malformed("delete"));
    }
  });

  it("checks index entries: string key and member, op add or remove", () => {
    expect(refusal(changes({ index: [{ key: "i", member: "m", op: "add" }] }))).toBeNull();
    expect(refusal(changes({ index: [{ key: "i", member: "m", op: "remove" }] }))).toBeNull();
    for (const entry of [{ key: 1, member: "m", op: "add" }, { key: "i", member: 1, op: "add" }, { key: "i", op: "add" }, { key: "i", member: "m", op: "delete" }, { key: "i", member: "m", op: "" }, { key: "i", member: "m" }]) {
      expect(refusal(changes({ index: [entry] }))?.message).toBe(malformed("index"));
    }
  });

  it("checks increment entries: a string key and a finite number", () => {
    expect(refusal(changes({ increment: [{ key: "c", by: 1 }] }))).toBeNull();
    for (const entry of [{ key: 1, by: 1 }, { by: 1 }, { key: "c", by: Number.NaN }, { key: "c", by: Number.POSITIVE_INFINITY }, { key: "c", by: "1" }, { key: "c" }]) {
      expect(refusal(changes({ increment: [entry] }))?.message).toBe(malformed("increment"));
    }
  });

  it("reports a change set that throws while read as invalid_options, with the cause kept", () => {
    const failure = new Error("getter blew up");
    const throwing = { ...changes(), get put(): never { throw failure; } };
    const error = refusal(throwing, "pg");
    expect(error?.code).toBe("invalid_options");
    expect(error?.message).toBe("pg: the change set could not be read (a revoked Proxy or a throwing getter?).");
    expect(error?.cause).toBe(failure);
    const { proxy, revoke } = Proxy.revocable(changes(), {});
    revoke();
    const revoked = refusal(proxy, "pg");
    expect(revoked?.message).toBe("pg: the change set could not be read (a revoked Proxy or a throwing getter?).");
    expect(revoked?.cause).toBeInstanceOf(TypeError);
  });

  it("lets its own refusals through unwrapped (no cause, the specific message)", () => {
    const error = refusal(changes({ delete: "x" }));
    expect(error?.message).toBe(shape("teststore", "delete is not an array"));
    expect(error?.cause).toBeUndefined();
  });
});
