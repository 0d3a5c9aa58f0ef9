import { expect, it } from "vitest";
import { inYoung, oldCount, train } from "../../test/support/young.js";
import { _jsonProblem } from "../shared/_jsonValue.js";
import { _plainObjects, _youngList, _youngListOf, _youngMap } from "../shared/_young.js";
import { _MemberIndex } from "./_memberIndex.js";
import { _fromRows, _rowOf } from "../identity/_prepare.js";
import { generateCustomerDataset } from "../testing/generateCustomerDataset.js";
import { createProfileEngine } from "./createProfileEngine.js";
import { defineSchema } from "./defineSchema.js";
import { memoryStore } from "./memoryStore.js";
import type { ChangeSet, ProfileStore } from "./store.js";

// Each "trained" site has kept what it made alive through many young-generation collections first, as a
// batch does; a literal's site then allocates in the old generation (the control shows this V8 does so).

it("a literal's site learns to allocate old (the control); a list or plain object made here stays young", () => {
  const literal = (i: number): { a: number } => ({ a: i });
  const emptyLiteral = (): number[] => {
    const list: number[] = [];
    list.push(1);
    return list;
  };
  const Made = _plainObjects(function (this: { a: number }, a: number): void {
    this.a = a;
  });
  const made = (i: number): { a: number } => new Made(i);
  const young = (): number[] => {
    const list = _youngList<number>();
    list.push(1);
    return list;
  };
  const youngOne = (i: number): number[] => _youngListOf(i);
  // Each counted right after its training: a full collection that finds most of the old generation dead
  // makes V8 forget what its sites learnt.
  const counts = [literal, emptyLiteral, made, young, youngOne].map((make) => {
    train(make);
    return oldCount(make);
  });
  expect(counts[0]).toBeGreaterThan(150);
  expect(counts[1]).toBeGreaterThan(150);
  expect(counts.slice(2)).toStrictEqual([0, 0, 0]);
});

// eslint-disable-next-line @typescript-eslint/no-implied-eval -- V8's intrinsics are only reachable through code compiled at run time
const isHoley = new Function("value", "return %HasHoleyElements(value);") as (value: unknown) => boolean;
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- as above
const optimized = new Function("f", "...args", "%PrepareFunctionForOptimization(f); f(...args); f(...args); %OptimizeFunctionOnNextCall(f); return f(...args);") as <A extends unknown[], R>(f: (...args: A) => R, ...args: A) => R;

it("maps to a packed list whichever tier runs the caller; Array.prototype.map does not (the control)", () => {
  const list = ["a", "b", "c"];
  const viaMap = (l: string[]): string[] => l.map((s) => `${s}!`);
  const viaYoung = (l: string[]): string[] => _youngMap(l, (s) => `${s}!`);
  // The control: the builtin's result is packed, TurboFan's inlined map makes it holey, so a consumer
  // optimized on one meets the other's map and is deoptimized.
  expect(isHoley(viaMap(list))).toBe(false);
  expect(isHoley(optimized(viaMap, list))).toBe(true);
  expect(isHoley(viaYoung(list))).toBe(false);
  expect(isHoley(optimized(viaYoung, list))).toBe(false);
  expect(optimized(viaYoung, list)).toStrictEqual(["a!", "b!", "c!"]);
  expect(_youngMap(["x", "y"], (s, i) => `${s}${i}`)).toStrictEqual(["x0", "y1"]);
  expect(_youngMap([], (s: string) => s)).toStrictEqual([]);
});

it("rows rebuilt from feature rows (the engine's one-record path) have packed columns in every tier", () => {
  const custom = [{ name: "tier", kind: "exact" as const, tolerance: 0, block: false, identifier: false, levels: null }];
  const rows = [0, 1, 2].map((i) => ({ ..._rowOf(_fromRows([], custom), 0), id: `r${i}`, source: "crm", firstNames: ["ann"], last: "lee", email: `a${i}@x.org`, custom: [`t${i}`] }));
  for (const p of [_fromRows(rows, custom), optimized(_fromRows, rows, custom)]) {
    const columns = [p.ids, p.source, p.first, p.firstNames, p.last, p.email, p.emailLocal, p.emailShared, p.phone, p.dob, p.dobAlt, p.street, p.city, p.postal, p.customerId, p.custom, ...p.custom.flatMap((c) => [c.text, c.number])];
    expect(columns.map(isHoley)).toStrictEqual(columns.map(() => false));
  }
});

it("makes plain objects: Object.prototype, the literal's JSON, accepted as JSON values", () => {
  const Made = _plainObjects(function (this: { a: number; b: string }, a: number, b: string): void {
    this.a = a;
    this.b = b;
  });
  const value = new Made(1, "x");
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  expect(value.constructor).toBe(Object);
  expect(JSON.stringify(value)).toBe(JSON.stringify({ a: 1, b: "x" }));
  expect(value).toStrictEqual({ a: 1, b: "x" });
  expect(_jsonProblem(value)).toBeNull();
  expect(_youngListOf("k")).toStrictEqual(["k"]);
  expect(_youngList()).toStrictEqual([]);
});

it("the memory store's index answers member lists young", () => {
  const index = new _MemberIndex();
  for (let k = 0; k < 3; k++) index.add("b:key", `crm:${k}`, 1);
  train(() => index.entry("b:key", 10), 600_000);
  train(() => index.entry("b:none", 10), 600_000);
  expect(oldCount(() => index.entry("b:key", 10).members)).toBe(0);
  expect(oldCount(() => index.entry("b:none", 10).members)).toBe(0);
});

// After ingestMany (whose batches keep their objects alive, which teaches V8 to allocate an object
// literal's objects straight in the old generation), what one ingest writes must still be made young: a
// dead old object keeps every young object it points to alive through each young-generation collection
// (see shared/_young.ts). Measured at 20,000 records: 300 KB promoted per scavenge before, 26 KB after.
it("after ingestMany, one ingest's change set (documents, history, expected versions) is made young", async () => {
  const inner = memoryStore();
  let watching = false;
  const old: string[] = [];
  let seen = 0;
  const check = (changes: ChangeSet): void => {
    for (const put of changes.put) {
      seen++;
      if (!inYoung(put)) old.push(`put ${put.kind}`);
      if (put.kind !== "alias" && !inYoung(put.value)) old.push(`${put.kind} document`);
      if (put.kind === "history" && !inYoung((put.value as { history: unknown }).history)) old.push("history");
    }
    for (const expected of changes.expect) if (!inYoung(expected)) old.push(`expect ${expected.kind}`);
  };
  const store: ProfileStore = {
    get: (kind, keys) => inner.get(kind, keys),
    members: (keys, limit) => inner.members(keys, limit),
    counters: (keys) => inner.counters(keys),
    scan: (kind, after, limit) => inner.scan(kind, after, limit),
    commit: (changes) => {
      if (watching) check(changes);
      return inner.commit(changes);
    },
  };
  const engine = createProfileEngine({ schema: defineSchema({}), store });
  const { records } = generateCustomerDataset({ entities: 3_000, seed: 7 });
  await engine.ingestMany(records.slice(0, 6_000));
  watching = true;
  for (const record of records.slice(6_000, 6_200)) await engine.ingest(record);
  expect(seen).toBeGreaterThan(400);
  expect(old).toStrictEqual([]);
});
