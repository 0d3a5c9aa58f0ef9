import { expect, it } from "vitest";

// The unit project runs in UTC and the time-zone project in Asia/Kolkata (+05:30); this proves the zone
// each project sets really reached the code under test, so a pass under both means zone independence.
it("runs in the time zone its test project sets", () => {
  const expected = process.env["EXPECTED_TZ_OFFSET_MINUTES"];
  expect(expected).toBeDefined();
  expect(new Date(Date.UTC(2024, 0, 1)).getTimezoneOffset()).toBe(Number(expected));
});
