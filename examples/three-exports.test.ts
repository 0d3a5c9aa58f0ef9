import { describe, expect, it } from "vitest";
import { createEngine, runDay, type Exports } from "./three-exports.js";

const day1: Exports = {
  crm: [
    { ref: "C-1", updated: "2025-01-10T09:00:00Z", first_name: "ROBERT", last_name: "smith", email: "Rob.Smith@Example-Mail.com", phone: "(415) 392-0147", house_no: "12", street: "Main Street", city: "San Francisco", zip: "94105" },
    { ref: "C-2", updated: "2025-01-11T09:00:00Z", first_name: "Alice", last_name: "Nguyen", email: "alice.nguyen@fastmail.com", city: "Oakland", zip: "94607" },
  ],
  orders: [{ ref: "O-77", updated: "2025-02-01T10:00:00Z", first_name: "Robert", last_name: "Smith", email: "rob.smith@example-mail.com", house_no: "12", street: "Main St", city: "San Francisco", zip: "94105" }],
  newsletter: [{ ref: "N-5", updated: "2025-02-03T10:00:00Z", email: "ALICE.NGUYEN@fastmail.com " }],
};
const day2: Exports = {
  ...day1,
  orders: [...day1.orders, { ref: "O-91", updated: "2025-03-01T10:00:00Z", first_name: "Alice", last_name: "Nguyen", email: "alice.nguyen@fastmail.com", city: "Berkeley", zip: "94704" }],
  newsletter: [...day1.newsletter, { ref: "N-9", updated: "2025-03-02T10:00:00Z", email: "kim.lee@proton.me", first_name: "Kim" }],
};

describe("three exports, day 1 and day 2", () => {
  it("unifies people across exports, keeps every id from day 1 to day 2, and greets each one", async () => {
    const engine = createEngine();
    const first = await runDay(engine, day1);
    expect([...first.values()].sort()).toEqual(["Hi Alice, greetings to Oakland!", "Hi Robert, greetings to San Francisco!"]);
    const second = await runDay(engine, day2);
    // Every day-1 profile keeps its id (no one is emailed twice under two ids); Kim is new; Alice moved.
    for (const id of first.keys()) expect(second.has(id)).toBe(true);
    expect([...second.values()].sort()).toEqual(["Hi Alice, greetings to Berkeley!", "Hi Kim!", "Hi Robert, greetings to San Francisco!"]);
  });
});
