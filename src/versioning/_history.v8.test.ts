import { expect, it } from "vitest";
import { oldCount, train } from "../../test/support/young.js";
import { _emptyHistory, _newEntry, _ownedHistory, _withHistory } from "./_history.js";

// A profile engine copies a stored history on every ingest that touches the profile; after a batch has kept
// many alive, an object literal's site would allocate them in the old generation (see shared/_young.ts).
it("histories and their entries are made young, however many a batch kept", () => {
  const stored = JSON.parse(JSON.stringify(_withHistory(_emptyHistory("p1"), { entries: [_newEntry(1, "email", "a@b.co", 1, 1, "crm")], lastVersion: 1 }))) as unknown;
  train(() => _ownedHistory("test", stored), 400_000);
  train((i) => _newEntry(i, "email", "a@b.co", 1, 1, "crm"));
  train(() => _emptyHistory("p1"));
  expect(oldCount(() => _ownedHistory("test", stored))).toBe(0);
  expect(oldCount(() => _ownedHistory("test", stored).entries[0])).toBe(0);
  expect(oldCount((i) => _newEntry(i, "email", "a@b.co", 1, 1, "crm"))).toBe(0);
  expect(oldCount(() => _emptyHistory("p1"))).toBe(0);
  expect(oldCount(() => _emptyHistory("p1").entries)).toBe(0);
  const entry = _newEntry(1, "email", "a@b.co", 1, 1, "crm");
  expect(Object.isFrozen(entry)).toBe(true);
  expect(entry).toStrictEqual({ version: 1, attribute: "email", value: "a@b.co", validAt: 1, recordedAt: 1, source: "crm" });
});
