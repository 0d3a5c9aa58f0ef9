// Exact offsets, wall times and written forms of the Intl-based zone helpers: zones east and west of UTC,
// offsets with minutes and seconds, both sides of a transition, and the three ways a wall time is settled
// (no transition, after a transition the first guess misses, inside a gap).
import { describe, expect, it } from "vitest";
import { _isoWithOffset, _wallTimeToEpoch, _zoneOffset } from "./_zones.js";

const JAN = Date.UTC(2024, 0, 15, 12);
const JUL = Date.UTC(2024, 6, 15, 12);
/** Paris moved from +01:00 to +02:00 at this instant. */
const PARIS_SPRING = Date.UTC(2024, 2, 31, 1);

describe("_zoneOffset", () => {
  it("gives zero for UTC at any instant", () => {
    expect([JAN, JUL, 0, -1, Date.UTC(1905, 0, 1)].map((ms) => _zoneOffset(ms, "UTC"))).toEqual([0, 0, 0, 0, 0]);
    expect(_zoneOffset(JAN, "Etc/UTC")).toBe(0);
    // Before year 1 too, where Intl writes 1 BC as year "1" and only the shortcut for UTC gets it right.
    expect(_zoneOffset(Date.parse("0000-06-01T00:00:00.000Z"), "UTC")).toBe(0);
  });

  it("gives the offset in minutes east of UTC, summer and winter, whole and partial hours", () => {
    const zones = ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati", "Etc/GMT+12", "Pacific/Chatham"];
    expect(zones.map((zone) => [_zoneOffset(JAN, zone), _zoneOffset(JUL, zone)])).toEqual([
      [60, 120],
      [-300, -240],
      [330, 330],
      [345, 345],
      [-210, -150],
      [840, 840],
      [-720, -720],
      [825, 765],
    ]);
  });

  it("reads the instant to the second it falls in, milliseconds and negative epochs included", () => {
    expect(_zoneOffset(JAN + 999, "Europe/Paris")).toBe(60);
    expect(_zoneOffset(JAN + 1, "America/New_York")).toBe(-300);
    expect(_zoneOffset(-1, "Europe/Paris")).toBe(60);
    expect(_zoneOffset(-999, "Asia/Kolkata")).toBe(330);
    // The last millisecond before a transition is still before it.
    expect(_zoneOffset(PARIS_SPRING - 1, "Europe/Paris")).toBe(60);
    expect(_zoneOffset(PARIS_SPRING - 500, "Europe/Paris")).toBe(60);
    expect(_zoneOffset(PARIS_SPRING, "Europe/Paris")).toBe(120);
    expect(_zoneOffset(PARIS_SPRING + 1, "Europe/Paris")).toBe(120);
  });

  it("gives offsets with seconds from before standard time as fractional minutes", () => {
    expect(_zoneOffset(Date.UTC(1905, 0, 1), "Asia/Kolkata")).toBe(19_270_000 / 60_000);
  });

  it("stays right while more zones are used than it keeps formatters for", () => {
    const zones = Intl.supportedValuesOf("timeZone").slice(0, 80);
    const first = zones.map((zone) => _zoneOffset(JAN, zone));
    expect(zones.map((zone) => _zoneOffset(JAN, zone))).toEqual(first);
    expect(_zoneOffset(JAN, "Europe/Paris")).toBe(60);
  });
});

describe("_wallTimeToEpoch", () => {
  it("reads a wall time in UTC as itself, years before 100 included", () => {
    expect(_wallTimeToEpoch(2024, 3, 15, 12, 34, 56, 789, "UTC")).toEqual({ epochMs: Date.UTC(2024, 2, 15, 12, 34, 56, 789), offset: 0 });
    expect(_wallTimeToEpoch(50, 1, 2, 3, 4, 5, 6, "UTC")).toEqual({ epochMs: Date.parse("0050-01-02T03:04:05.006Z"), offset: 0 });
  });

  it("subtracts the zone's offset away from transitions, east and west of UTC", () => {
    expect(_wallTimeToEpoch(2024, 1, 15, 12, 0, 0, 0, "Europe/Paris")).toEqual({ epochMs: Date.UTC(2024, 0, 15, 11), offset: 60 });
    expect(_wallTimeToEpoch(2024, 7, 15, 12, 0, 0, 500, "Europe/Paris")).toEqual({ epochMs: Date.UTC(2024, 6, 15, 10, 0, 0, 500), offset: 120 });
    expect(_wallTimeToEpoch(2024, 1, 15, 12, 0, 0, 0, "America/New_York")).toEqual({ epochMs: Date.UTC(2024, 0, 15, 17), offset: -300 });
    expect(_wallTimeToEpoch(2024, 12, 31, 23, 59, 59, 999, "Asia/Kathmandu")).toEqual({ epochMs: Date.UTC(2024, 11, 31, 18, 14, 59, 999), offset: 345 });
    expect(_wallTimeToEpoch(2024, 1, 1, 0, 0, 0, 0, "Etc/GMT+12")).toEqual({ epochMs: Date.UTC(2024, 0, 1, 12), offset: -720 });
  });

  it("settles a wall time the first guess misses, just after a transition", () => {
    // New York 03:30 on 2024-03-10: read as UTC it is before the 07:00Z change, so the first guess is EST.
    expect(_wallTimeToEpoch(2024, 3, 10, 3, 30, 0, 0, "America/New_York")).toEqual({ epochMs: Date.UTC(2024, 2, 10, 7, 30), offset: -240 });
    expect(_wallTimeToEpoch(2024, 3, 10, 1, 59, 0, 0, "America/New_York")).toEqual({ epochMs: Date.UTC(2024, 2, 10, 6, 59), offset: -300 });
    expect(_wallTimeToEpoch(2024, 3, 31, 3, 30, 0, 0, "Europe/Berlin")).toEqual({ epochMs: Date.UTC(2024, 2, 31, 1, 30), offset: 120 });
  });

  it("moves a skipped wall time forward by the gap, with the offset after it", () => {
    expect(_wallTimeToEpoch(2024, 3, 10, 2, 30, 0, 0, "America/New_York")).toEqual({ epochMs: Date.UTC(2024, 2, 10, 7, 30), offset: -240 });
    expect(_wallTimeToEpoch(2024, 3, 31, 2, 30, 0, 0, "Europe/Berlin")).toEqual({ epochMs: Date.UTC(2024, 2, 31, 1, 30), offset: 120 });
  });

  it("takes the earlier instant of a wall time New York passed twice", () => {
    expect(_wallTimeToEpoch(2024, 11, 3, 1, 30, 0, 0, "America/New_York")).toEqual({ epochMs: Date.UTC(2024, 10, 3, 5, 30), offset: -240 });
  });

  it("takes the earlier instant of a repeated wall time east of UTC too (Berlin, Lord Howe's half hour)", () => {
    // Berlin 2024-10-27: 03:00 CEST → 02:00 CET, so 02:30 happens at 00:30Z (+02:00) and again at 01:30Z.
    expect(_wallTimeToEpoch(2024, 10, 27, 2, 30, 0, 0, "Europe/Berlin")).toEqual({ epochMs: Date.UTC(2024, 9, 27, 0, 30), offset: 120 });
    // Lord Howe 2024-04-07: 02:00 (+11:00) → 01:30 (+10:30), so 01:45 happens at 14:45Z the day before, then 15:15Z.
    expect(_wallTimeToEpoch(2024, 4, 7, 1, 45, 0, 0, "Australia/Lord_Howe")).toEqual({ epochMs: Date.UTC(2024, 3, 6, 14, 45), offset: 660 });
    // Samoa skipped 2011-12-30 entirely: its noon moves forward a day.
    expect(_wallTimeToEpoch(2011, 12, 30, 12, 0, 0, 0, "Pacific/Apia")).toEqual({ epochMs: Date.UTC(2011, 11, 30, 22, 0), offset: 840 });
  });

  it("reads wall times of year 1 west of UTC with the zone's offset then, not one a year off", () => {
    // Intl writes 1 BC as year 1 with era BC: read as 1 AD it made the offset about a year.
    const read = _wallTimeToEpoch(1, 1, 1, 0, 30, 0, 0, "America/New_York");
    expect(read.offset).toBeCloseTo(-(4 * 60 + 56 + 2 / 60), 10);
    // Written to the minute, the wall time at the written offset (as for Kolkata in 1905).
    expect(_isoWithOffset(read.epochMs, read.offset, false)).toBe("0001-01-01T00:30:02.000-04:56");
    expect(_zoneOffset(Date.UTC(2000, 0, 1) - 2000 * 365.2425 * 86_400_000, "America/New_York")).toBeCloseTo(-(4 * 60 + 56 + 2 / 60), 10);
  });

  it("keeps an offset with seconds from before standard time", () => {
    expect(_wallTimeToEpoch(1905, 1, 1, 12, 0, 0, 0, "Asia/Kolkata")).toEqual({ epochMs: Date.UTC(1905, 0, 1, 12) - 19_270_000, offset: 19_270_000 / 60_000 });
  });
});

describe("_isoWithOffset", () => {
  const ms = Date.UTC(2024, 2, 15, 12, 34, 56, 789);

  it("writes Z only for a zero offset in UTC", () => {
    expect(_isoWithOffset(ms, 0, true)).toBe("2024-03-15T12:34:56.789Z");
    expect(_isoWithOffset(ms, 0, false)).toBe("2024-03-15T12:34:56.789+00:00");
    expect(_isoWithOffset(ms, 60, true)).toBe("2024-03-15T13:34:56.789+01:00");
    expect(_isoWithOffset(ms, -0.4, true)).toBe("2024-03-15T12:34:56.789Z");
    expect(_isoWithOffset(ms, -0.4, false)).toBe("2024-03-15T12:34:56.789+00:00");
  });

  it("writes the wall time at the offset, with its sign, hours and minutes", () => {
    expect(_isoWithOffset(ms, 330, false)).toBe("2024-03-15T18:04:56.789+05:30");
    expect(_isoWithOffset(ms, -330, false)).toBe("2024-03-15T07:04:56.789-05:30");
    expect(_isoWithOffset(ms, 345, false)).toBe("2024-03-15T18:19:56.789+05:45");
    expect(_isoWithOffset(ms, -210, false)).toBe("2024-03-15T09:04:56.789-03:30");
    expect(_isoWithOffset(ms, 840, false)).toBe("2024-03-16T02:34:56.789+14:00");
    expect(_isoWithOffset(ms, -720, false)).toBe("2024-03-15T00:34:56.789-12:00");
    expect(_isoWithOffset(ms, 600, true)).toBe("2024-03-15T22:34:56.789+10:00");
    expect(_isoWithOffset(ms, -540, false)).toBe("2024-03-15T03:34:56.789-09:00");
    expect(_isoWithOffset(ms, 10, false)).toBe("2024-03-15T12:44:56.789+00:10");
    expect(_isoWithOffset(ms, -9, false)).toBe("2024-03-15T12:25:56.789-00:09");
  });

  it("writes an offset with seconds to the minute, and the wall time at that written offset", () => {
    expect(_isoWithOffset(ms, 19_270_000 / 60_000, false)).toBe("2024-03-15T17:55:56.789+05:21");
    expect(_isoWithOffset(ms, -19_270_000 / 60_000, false)).toBe("2024-03-15T07:13:56.789-05:21");
  });

  it("pads every field to its width, and no further", () => {
    expect(_isoWithOffset(Date.parse("0999-01-02T03:04:05.006Z"), 0, true)).toBe("0999-01-02T03:04:05.006Z");
    expect(_isoWithOffset(Date.parse("0050-01-02T03:04:05.060Z"), 0, true)).toBe("0050-01-02T03:04:05.060Z");
    expect(_isoWithOffset(Date.UTC(2009, 8, 9, 9, 9, 9, 9), 0, true)).toBe("2009-09-09T09:09:09.009Z");
    expect(_isoWithOffset(Date.UTC(2010, 9, 10, 10, 10, 10, 10), 0, true)).toBe("2010-10-10T10:10:10.010Z");
    expect(_isoWithOffset(Date.UTC(2024, 11, 31, 23, 59, 59, 999), 0, true)).toBe("2024-12-31T23:59:59.999Z");
    expect(_isoWithOffset(Date.UTC(2024, 0, 1), 0, false)).toBe("2024-01-01T00:00:00.000+00:00");
  });
});
