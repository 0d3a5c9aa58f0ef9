// Preparing records in worker threads: the same features as one thread, every chunk exactly once, values a
// thread cannot be sent kept in the calling one, the host's customer-id format still applied, and the
// option's bounds.
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { profileKitErrorOf } from "../../test/support/errors.js";
import { generateCustomerDataset } from "../testing/index.js";
import { _features, _prepare, type _Features, type _PrepareOptions, type _RowSetup } from "./_prepare.js";
import { THREADS_FROM_RECORDS, _defaultThreads, _inChunks } from "./_threads.js";
import { resolveIdentities } from "./resolveIdentities.js";

const people = generateCustomerDataset({ entities: 9_000, seed: 3 }).records;
const COLUMNS = ["source", "street", "city", "region", "postalCode", "country", "firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "customerId"];

describe("_inChunks", () => {
  it("prepares every chunk exactly once, in worker threads too, to the same features as one thread", () => {
    const setup: _RowSetup = { defaultCountry: null, dateOrder: null, customKinds: [] };
    const flat = people.flatMap((record) => COLUMNS.map((column) => (record as Record<string, unknown>)[column]));
    const n = people.length;
    const placed: { from: number; features: _Features }[] = [];
    const result = _inChunks(n, 2, setup, {
      values: (from, to) => ({ values: flat.slice(from * COLUMNS.length, to * COLUMNS.length), portable: true }),
      place: (features, from) => placed.push({ from, features }),
      waitForWorkers: true,
    }, _features);
    expect(result.chunks).toBe(Math.ceil(n / 8192));
    expect(result.chunks).toBeGreaterThanOrEqual(3);
    expect(result.byWorkers).toBeGreaterThanOrEqual(1);
    placed.sort((a, b) => a.from - b.from);
    expect(placed.map((p) => p.from)).toEqual(Array.from({ length: result.chunks }, (_, k) => k * 8192));
    const whole = _features(flat, n, setup);
    for (const key of Object.keys(whole) as (keyof _Features)[]) {
      if (key === "placeholders" || key === "truncated") expect(placed.reduce((sum, p) => sum + p.features[key], 0)).toBe(whole[key]);
      else if (key === "customText" || key === "customNumber") expect(placed.every((p) => p.features[key].length === 0)).toBe(true);
      else expect(placed.flatMap((p) => p.features[key] as unknown[])).toEqual(whole[key]);
    }
  });

  it("prepares in this thread alone when one thread is asked for or there is one chunk", () => {
    const setup: _RowSetup = { defaultCountry: "US", dateOrder: null, customKinds: [] };
    const values = COLUMNS.map(() => null);
    for (const [n, threads] of [[1, 4], [100, 4], [20_000, 1]] as const) {
      let calls = 0;
      // Were a worker started, the calling thread would wait for it to take a chunk, and it would answer.
      const result = _inChunks(n, threads, setup, { values: (from, to) => ({ values: Array.from({ length: (to - from) * COLUMNS.length }, (_, k) => values[k % COLUMNS.length]), portable: true }), place: () => { calls++; }, waitForWorkers: true }, _features);
      expect(result.byWorkers).toBe(0);
      expect(calls).toBe(result.chunks);
    }
  });

  it("keeps a chunk whose values a thread cannot be sent (a function) in the calling thread", () => {
    const setup: _RowSetup = { defaultCountry: null, dateOrder: null, customKinds: [] };
    const n = 4 * 8192;
    const row = (i: number): unknown[] => COLUMNS.map((column) => (column === "firstName" ? (i === n - 1 ? () => "x" : "Ann") : column === "email" ? `p${i}@example.com` : null));
    const placed: number[] = [];
    const result = _inChunks(n, 2, setup, {
      // The last chunk holds a function: sending it would throw DataCloneError.
      values: (from, to) => ({ values: Array.from({ length: to - from }, (_, r) => row(from + r)).flat(), portable: to < n }),
      place: (features, from) => { placed.push(from, features.email.length); },
      waitForWorkers: true,
    }, _features);
    expect(result.byWorkers).toBeGreaterThanOrEqual(1);
    expect(placed.length / 2).toBe(4);
  });
});

describe("_features: the names memo", () => {
  it("reads each first and last name once per memo, to the same features as without one", () => {
    const setup: _RowSetup = { defaultCountry: null, dateOrder: null, customKinds: [] };
    const slice = people.slice(0, 3000);
    const flat = slice.flatMap((record) => COLUMNS.map((column) => (record as Record<string, unknown>)[column]));
    const memo = { first: new Map(), last: new Map() };
    const half = 1500 * COLUMNS.length;
    const parts = [_features(flat.slice(0, half), 1500, setup, undefined, memo), _features(flat.slice(half), 1500, setup, undefined, memo)];
    const whole = _features(flat, 3000, setup);
    expect([...parts[0]?.firstNames ?? [], ...parts[1]?.firstNames ?? []]).toEqual(whole.firstNames);
    expect([...parts[0]?.last ?? [], ...parts[1]?.last ?? []]).toEqual(whole.last);
    expect((parts[0]?.placeholders ?? 0) + (parts[1]?.placeholders ?? 0)).toBe(whole.placeholders);
    const texts = (column: string): number => new Set(slice.map((r) => (r as Record<string, unknown>)[column]).filter((v) => typeof v === "string")).size;
    expect(memo.first.size).toBe(texts("firstName"));
    expect(memo.last.size).toBe(texts("lastName"));
    expect(memo.first.size).toBeLessThan(slice.length / 2);
  });
});

describe("_prepare in threads", () => {
  const options: _PrepareOptions = {
    idField: "id",
    sourceField: "source",
    fields: {},
    customFields: { tier: { kind: "exact" }, spend: { kind: "numeric" }, joined: { kind: "date" }, note: { kind: "levenshtein" } },
    defaultCountry: null,
    dateOrder: null,
  };
  // Custom values of every kind; every 997th record holds a Date (an object: prepared in the calling thread).
  const records = people.map((record, i) => ({
    ...record,
    tier: i % 3 === 0 ? "Gold" : null,
    spend: i % 5 === 0 ? String(i) : i,
    joined: i % 997 === 0 ? new Date(Date.UTC(2020, 0, 1 + (i % 28))) : `2021-02-${String(1 + (i % 28)).padStart(2, "0")}`,
    note: i % 7 === 0 ? `  a note ${"x".repeat(i % 150)} ` : undefined,
  }));

  it("gives the same prepared records as one thread, the host's customer-id format included", () => {
    const format = (value: string): string | null => (value.endsWith("7") ? null : `id:${value}`);
    const one = _prepare("test", records, { ...options, customerIdFormat: format, threads: 1 });
    const three = _prepare("test", records, { ...options, customerIdFormat: format, threads: 3 });
    expect(three).toEqual(one);
    expect(one.customerId.some((id) => id?.startsWith("id:"))).toBe(true);
    // A Date is no date string (normalizeDate refuses objects): null, in whichever thread.
    expect(one.custom.find((c) => c.name === "joined")?.text.filter((v) => v === null)).toHaveLength(Math.ceil(records.length / 997));
    expect(one.truncated).toBeGreaterThan(0);
    expect(one.placeholders).toBeGreaterThan(0);
  });

  it("still refuses a customer-id format that throws", () => {
    const error = profileKitErrorOf(() => _prepare("test", records, { ...options, customerIdFormat: () => { throw new Error("no"); }, threads: 2 }));
    expect(error.code).toBe("invalid_options");
    expect(error.message).toContain("customerIdFormat threw");
  });
});

describe("resolveIdentities: threads", () => {
  it("resolves the same, one thread or several", () => {
    const one = resolveIdentities(people, { threads: 1 });
    const two = resolveIdentities(people, { threads: 2 });
    expect(two).toEqual(one);
    expect(one.stats.clusters).toBeLessThan(people.length);
  });

  it("refuses a thread count that is not a whole number from 1 to 64", () => {
    for (const threads of [0, 1.5, 65, -1, "2", Number.NaN]) {
      expect(profileKitErrorOf(() => resolveIdentities(people.slice(0, 2), { threads } as never)).code).toBe("invalid_options");
    }
    expect(resolveIdentities(people.slice(0, 2), { threads: 64 }).stats.records).toBe(2);
  });

  it("uses one thread below 50,000 records, one per core (at most 4) from there", () => {
    expect(THREADS_FROM_RECORDS).toBe(50_000);
    expect(_defaultThreads(0)).toBe(1);
    expect(_defaultThreads(49_999)).toBe(1);
    expect(_defaultThreads(50_000)).toBe(Math.min(4, availableParallelism()));
  });
});
