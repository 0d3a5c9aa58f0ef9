import { describe, expect, it } from "vitest";
import { runStoreConformance } from "../testing/runStoreConformance.js";
import { memoryStore } from "./memoryStore.js";
import type { ProfileStore } from "./store.js";

// The reference store passes its own conformance suite.
runStoreConformance(() => memoryStore(), { describe, it });

/** Runs the suite against a store and returns the names of the checks that failed. */
async function failuresOf(createStore: () => ProfileStore): Promise<string[]> {
  const tests: { name: string; body: () => Promise<void> }[] = [];
  runStoreConformance(createStore, { describe: (_name, body) => { body(); }, it: (name, body) => { tests.push({ name, body }); }, runs: 5 });
  const failed: string[] = [];
  for (const test of tests) await test.body().catch(() => failed.push(test.name));
  return failed;
}

describe("the conformance suite catches broken stores", () => {
  it("one that ignores expected versions (no optimistic concurrency)", async () => {
    const broken = (): ProfileStore => {
      const inner = memoryStore();
      return { ...inner, commit: (changes) => inner.commit({ ...changes, expect: [] }) };
    };
    expect(await failuresOf(broken)).toEqual(expect.arrayContaining(["answers like the memory store over random operation sequences", "applies nothing of a change set whose expectation is stale"]));
  });

  it("one that applies a change set in two steps, and fails between them", async () => {
    const broken = (): ProfileStore => {
      const inner = memoryStore();
      let commits = 0;
      return {
        ...inner,
        async commit(changes) {
          await inner.commit({ ...changes, index: [], increment: [] });
          if (++commits % 3 === 0) throw new Error("lost connection");
          return inner.commit({ expect: [], put: [], delete: [], index: changes.index, increment: changes.increment });
        },
      };
    };
    expect(await failuresOf(broken)).toContain("leaves no partial state when the store fails on its Nth call");
  });

  it("one that scans out of order, and one that forgets to remove index members", async () => {
    const unordered = (): ProfileStore => {
      const inner = memoryStore();
      return { ...inner, scan: async (kind, after, limit) => [...(await inner.scan(kind, after, limit))].reverse() };
    };
    expect(await failuresOf(unordered)).toContain("scans in ascending key order, page by page");
    const sticky = (): ProfileStore => {
      const inner = memoryStore();
      return { ...inner, commit: (changes) => inner.commit({ ...changes, index: changes.index.filter((op) => op.op === "add") }) };
    };
    expect(await failuresOf(sticky)).toContain("erases every trace of a profile");
  });

  it("refuses a call without a runner", () => {
    expect(() => { runStoreConformance(() => memoryStore(), {} as never); }).toThrow(/describe and it/);
  });
});
