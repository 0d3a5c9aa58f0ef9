// Records and a clock shared by the engine's tests.
import type { ProfileStore } from "../../src/engine/store.js";

/** The first instant of the engine tests' clocks. */
const T0 = Date.parse("2025-03-01T00:00:00Z");

/** A clock that moves one second per call, from T0. */
export function ticking(): () => number {
  let t = T0;
  return () => (t += 1000);
}

/** Ann Lee in the CRM, with a phone and a city. */
export const ann = { id: "1", source: "crm", updatedAt: "2025-01-01T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ann.lee@fastmail.com", phone: "+1 415 867 2211", city: "San Francisco" };
/** Ann again, from the web, written otherwise. */
export const annWeb = { id: "w1", source: "web", updatedAt: "2025-01-02T00:00:00Z", firstName: "ann", lastName: "LEE", email: "Ann.Lee@Fastmail.com " };
/** Someone else. */
export const bob = { id: "2", source: "crm", updatedAt: "2025-01-01T00:00:00Z", firstName: "Bob", lastName: "Stone", email: "bob.stone@yahoo.com" };

/** A store that passes every call to `inner` but those given in `overrides` (for tests that watch or bend a store). */
export function storeWith(inner: ProfileStore, overrides: Partial<ProfileStore>): ProfileStore {
  return {
    get: (kind, keys) => inner.get(kind, keys),
    members: (keys, limit) => inner.members(keys, limit),
    counters: (keys) => inner.counters(keys),
    scan: (kind, after, limit) => inner.scan(kind, after, limit),
    commit: (changes) => inner.commit(changes),
    ...overrides,
  };
}
