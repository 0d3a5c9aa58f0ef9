// The time option schemas: which values each accepts, and the message each gives when it refuses.
import { describe, expect, it } from "vitest";
import { _timeInputSchema, _timeZoneSchema, _validTimeSchema } from "./_timeSchemas.js";

/** The messages of a refusal, or null when the value is accepted. */
function messages(schema: typeof _timeInputSchema | typeof _timeZoneSchema, value: unknown): string[] | null {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues.map((issue) => issue.message);
}

describe("_timeInputSchema", () => {
  it("accepts text, finite numbers and valid Dates, readable or not, and nothing else", () => {
    for (const value of ["2024-03-15T12:34:56.789Z", "not a time", 0, 1e20, new Date(0)]) {
      expect(_timeInputSchema.safeParse(value).success, String(value)).toBe(true);
    }
    const refused = [null, undefined, true, {}, [], 10n, Number.NaN, Number.POSITIVE_INFINITY, new Date(Number.NaN)];
    expect(refused.map((value) => _timeInputSchema.safeParse(value).success)).toEqual(refused.map(() => false));
  });
});

describe("_timeZoneSchema", () => {
  it("accepts IANA zones the platform knows", () => {
    for (const zone of ["UTC", "Europe/Paris", "Asia/Kolkata", "America/St_Johns"]) expect(messages(_timeZoneSchema, zone), zone).toBeNull();
  });

  it("refuses unknown zones with a message that shows the expected form", () => {
    for (const zone of ["Mars/Olympus", "", "Europe/Pariss"]) {
      expect(messages(_timeZoneSchema, zone), zone).toEqual(["expected an IANA time zone such as \"Europe/Paris\""]);
    }
    expect(_timeZoneSchema.safeParse(5).success).toBe(false);
  });
});

describe("_validTimeSchema", () => {
  it("accepts every readable time, zone-less text (read in UTC) included", () => {
    for (const value of ["2024-03-15T12:34:56.789Z", "2024-03-15T12:34:56", "2024-03-15", "2024-03-15T12:34+05:30", 0, 8.64e15, new Date(0)]) {
      expect(messages(_validTimeSchema, value), String(value)).toBeNull();
    }
  });

  it("refuses times that cannot be read, with one message", () => {
    const message = ["expected an ISO 8601 time, epoch milliseconds or a valid Date"];
    for (const value of ["not a time", "", "2024-02-30", "2024-03-15T24:00", 8.64e15 + 1, -8.64e15 - 1]) {
      expect(messages(_validTimeSchema, value), String(value)).toEqual(message);
    }
    for (const value of [null, Number.NaN, new Date(Number.NaN)]) expect(_validTimeSchema.safeParse(value).success, String(value)).toBe(false);
  });
});
