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

  it("reads the wall time a zone shows at any instant back as that instant, or the earlier one showing it", () => {
    const wall = (ms: number, zone: string): number => ms + _zoneOffset(ms, zone) * 60_000;
    fc.assert(
      fc.property(fc.constantFrom(...ZONES, "Pacific/Apia", "Australia/Adelaide", "America/Santiago"), fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2037, 11, 31) }), (zone, instant) => {
        const ms = instant - (instant % 60_000);
        const shown = new Date(wall(ms, zone));
        const read = _wallTimeToEpoch(shown.getUTCFullYear(), shown.getUTCMonth() + 1, shown.getUTCDate(), shown.getUTCHours(), shown.getUTCMinutes(), shown.getUTCSeconds(), 0, zone);
        expect(wall(read.epochMs, zone)).toBe(shown.getTime());
        expect(read.offset).toBe(_zoneOffset(read.epochMs, zone));
        // The same instant, or an earlier one with the same wall time (the clocks fell back between them).
        expect(read.epochMs <= ms && ms - read.epochMs <= 3 * 3_600_000).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it("the same near the zone's changes of the clocks, where repeated and skipped wall times are", () => {
    const wall = (ms: number, zone: string): number => ms + _zoneOffset(ms, zone) * 60_000;
    const DAY = 86_400_000;
    /** The instants (to the minute) where the zone's offset changed during a year. */
    const changes = (zone: string, year: number): number[] => {
      const found: number[] = [];
      for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += DAY) {
        if (_zoneOffset(day, zone) === _zoneOffset(day + DAY, zone)) continue;
        let low = day;
        let high = day + DAY;
        while (high - low > 60_000) {
          const middle = low + Math.floor((high - low) / 120_000) * 60_000;
          if (_zoneOffset(middle, zone) === _zoneOffset(low, zone)) low = middle;
          else high = middle;
        }
        found.push(high);
      }
      return found;
    };
    fc.assert(
      fc.property(fc.constantFrom("America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns", "Australia/Adelaide", "America/Santiago"), fc.integer({ min: 1980, max: 2030 }), fc.nat(), fc.integer({ min: -180, max: 180 }), (zone, year, pick, minutes) => {
        const all = changes(zone, year);
        if (all.length === 0) return;
        const ms = (all[pick % all.length] as number) + minutes * 60_000;
        const shown = new Date(wall(ms, zone));
        const read = _wallTimeToEpoch(shown.getUTCFullYear(), shown.getUTCMonth() + 1, shown.getUTCDate(), shown.getUTCHours(), shown.getUTCMinutes(), 0, 0, zone);
        expect(wall(read.epochMs, zone)).toBe(shown.getTime());
        // The earliest instant showing that wall time: none in the three hours before shows it too.
        for (let earlier = read.epochMs - 60_000; earlier >= read.epochMs - 3 * 3_600_000; earlier -= 60_000) expect(wall(earlier, zone)).not.toBe(shown.getTime());
      }),
      { numRuns: 150 },
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
