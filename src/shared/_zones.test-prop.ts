// The Intl-based zone arithmetic agrees with luxon (the calendar library profile-kit uses for bucketing)
// on offsets at any instant and on wall times outside transitions, and handles the transitions as
// documented: a skipped time moves forward, a repeated one is the earlier instant.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { _isoWithOffset, _wallTimeToEpoch, _zoneOffset } from "./_zones.js";

const ZONES = ["UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns", "Europe/Berlin", "Asia/Kathmandu"];

describe("_zones", () => {
  it("gives the zone's offset at any instant, as luxon does", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2037, 11, 31) }), (zone, ms) => {
        expect(_zoneOffset(ms, zone)).toBe(DateTime.fromMillis(ms, { zone }).offset);
      }),
      { numRuns: 2_000 },
    );
  });

  it("turns a wall time into the instant luxon gives, away from transitions", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 1971, max: 2036 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (zone, year, month, day, hour, minute) => {
        const expected = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
        // Transitions are where libraries legitimately differ: compare only where the offset is the same
        // an hour either side.
        const ms = expected.toMillis();
        if (_zoneOffset(ms - 3_600_000, zone) !== _zoneOffset(ms + 3_600_000, zone)) return;
        expect(_wallTimeToEpoch(year, month, day, hour, minute, 0, 0, zone).epochMs).toBe(ms);
      }),
      { numRuns: 2_000 },
    );
  });

  it("moves a skipped wall time forward and takes the earlier of a repeated one", () => {
    // New York: 2024-03-10 02:30 does not exist (02:00 → 03:00); 2024-11-03 01:30 happens twice.
    const gap = _wallTimeToEpoch(2024, 3, 10, 2, 30, 0, 0, "America/New_York");
    expect(_isoWithOffset(gap.epochMs, gap.offset, false)).toBe("2024-03-10T03:30:00.000-04:00");
    const overlap = _wallTimeToEpoch(2024, 11, 3, 1, 30, 0, 0, "America/New_York");
    expect(_isoWithOffset(overlap.epochMs, overlap.offset, false)).toBe("2024-11-03T01:30:00.000-04:00");
    expect(_isoWithOffset(Date.UTC(2024, 0, 1), 0, true)).toBe("2024-01-01T00:00:00.000Z");
    expect(_isoWithOffset(Date.UTC(2024, 0, 1), 0, false)).toBe("2024-01-01T00:00:00.000+00:00");
    // Kolkata before standard time: an offset with seconds.
    expect(_zoneOffset(Date.UTC(1905, 0, 1), "Asia/Kolkata")).toBeCloseTo(321 + 10 / 60, 10);
  });
});
