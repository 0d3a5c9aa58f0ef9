import { expect, it } from "vitest";
import { inYoung, oldCount, train } from "../../test/support/young.js";
import { _cleanseRecord } from "./cleanseRecord.js";
import { compileCleanseSpec } from "./compileCleanseSpec.js";

// A batch keeps its cleansed fields alive (shared readings); after it, an object literal's site would
// allocate each record's email field in the old generation (see shared/_young.ts).
it("a cleansed email's field is made young", () => {
  const spec = compileCleanseSpec({ fields: { email: "email" }, address: false });
  // No shared readings: each call reads its own address (a shared reading would answer the kept one).
  const field = (i: number): unknown => _cleanseRecord({ email: `ann.lee${i}@fastmail.com` }, spec, null).fields["email"];
  train(field, 300_000);
  expect(oldCount(field)).toBe(0);
  expect(inYoung(field(7))).toBe(true);
  expect(field(7)).toMatchObject({ kind: "email", value: "ann.lee7@fastmail.com", status: "valid" });
});
