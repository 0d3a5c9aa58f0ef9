import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { _valueKey } from "./_history.js";
import { appendChanges } from "./appendChanges.js";
import { applyRetention } from "./applyRetention.js";
import { profileAsOf } from "./profileAsOf.js";
import type { ChangeInput, ProfileHistory } from "./types.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

const change = fc.record({
  attribute: fc.constantFrom("email", "city", "tier"),
  value: fc.oneof(fc.constantFrom("a", "b", "c", null), fc.constant({ nested: [1, 2] })),
  validAt: fc.integer({ min: 0, max: 40 }).map((day) => T0 + day * DAY),
  source: fc.constantFrom("crm", "web", null),
});
// Each batch is recorded on its own day, after every valid time, in increasing order.
const batches = fc.array(fc.array(change, { maxLength: 6 }), { minLength: 1, maxLength: 12 }).map((list) => list.map((changes, index) => ({ recordedAt: T0 + (50 + index) * DAY, changes })));
type Batches = readonly { readonly recordedAt: number; readonly changes: readonly ChangeInput[] }[];

function build(list: Batches): ProfileHistory {
  let history: ProfileHistory | null = null;
  for (const batch of list) history = appendChanges(history, batch.changes, { now: batch.recordedAt, profileId: "p" }).history;
  return history as ProfileHistory;
}

/** The answer by replaying every event recorded up to `recordedAt`, in order, into a per-attribute valid-time map. */
function replay(list: Batches, validAt: number, recordedAt: number): Record<string, unknown> {
  const seen = new Set<string>();
  const state = new Map<string, Map<number, unknown>>();
  for (const batch of list) {
    if (batch.recordedAt > recordedAt) break;
    for (const event of batch.changes) {
      const key = `${event.attribute}|${String(event.validAt)}|${event.source ?? ""}|${_valueKey(event.value)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const byTime = state.get(event.attribute) ?? new Map<number, unknown>();
      byTime.set(event.validAt as number, event.value);
      state.set(event.attribute, byTime);
    }
  }
  const answer: Record<string, unknown> = {};
  for (const [attribute, byTime] of state) {
    let best = -Infinity;
    for (const time of byTime.keys()) if (time <= validAt && time > best) best = time;
    const value = byTime.get(best);
    if (best !== -Infinity && value !== null) answer[attribute] = value;
  }
  return answer;
}

const queryTime = fc.integer({ min: -1, max: 70 }).map((day) => T0 + day * DAY);

describe("versioning properties", () => {
  it("the as-of answer equals replaying the events recorded up to that time", () => {
    fc.assert(
      fc.property(batches, queryTime, queryTime, (list, validAt, recordedAt) => {
        expect(profileAsOf(build(list), { validAt, recordedAt }).attributes).toEqual(replay(list, validAt, recordedAt));
      }),
      { numRuns: 300 },
    );
  });

  it("delivering every batch twice changes nothing", () => {
    fc.assert(
      fc.property(batches, queryTime, (list, validAt) => {
        const once = build(list);
        let twice: ProfileHistory | null = null;
        for (const batch of list) {
          twice = appendChanges(twice, batch.changes, { now: batch.recordedAt, profileId: "p" }).history;
          const again = appendChanges(twice, batch.changes, { now: batch.recordedAt, profileId: "p" });
          expect(again.appended).toBe(0);
          twice = again.history;
        }
        expect(twice).toEqual(once);
        expect(profileAsOf(twice as ProfileHistory, { validAt }).attributes).toEqual(profileAsOf(once, { validAt }).attributes);
      }),
      { numRuns: 150 },
    );
  });

  it("retention does not change any answer inside its window", () => {
    fc.assert(
      fc.property(batches, fc.oneof(fc.record({ keepVersions: fc.integer({ min: 1, max: 20 }) }), fc.record({ keepAfter: queryTime })), queryTime, queryTime, (list, policy, validAt, recordedAt) => {
        const full = build(list);
        const { history: kept } = applyRetention(full, policy);
        expect(kept.entries.length).toBeLessThanOrEqual(full.entries.length);
        const from = kept.retainedFrom ?? -Infinity;
        const query = { validAt: Math.max(validAt, from), recordedAt: Math.max(recordedAt, from) };
        expect(profileAsOf(kept, query).attributes).toEqual(profileAsOf(full, query).attributes);
        expect(profileAsOf(kept, query).issues).toEqual([]);
        if ("keepVersions" in policy) {
          // Bounded: the last N versions, those recorded in the same instant as the Nth, and one per attribute.
          const nth = full.entries[full.entries.length - policy.keepVersions];
          const sameInstant = nth === undefined ? 0 : full.entries.filter((entry) => entry.recordedAt === nth.recordedAt).length;
          expect(kept.entries.length).toBeLessThanOrEqual(policy.keepVersions + sameInstant + 3);
        }
      }),
      { numRuns: 300 },
    );
  });
});
