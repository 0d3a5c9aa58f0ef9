// Progress as a person running the CLI reads it: plain lines with the share done, the rate and the ETA at a
// steady pace when stderr is a file or a pipe; a bar, then one summary line, on a terminal; nothing at all
// when quiet. The clock is the test's.
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { progress } from "./progress.js";

/** A stderr that records what it is given; `tty` makes it look like a terminal to the bar. */
function sink(tty = false): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { text += chunk.toString(); done(); } });
  if (tty) Object.assign(stream, { isTTY: true, columns: 200, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream, text: () => text };
}

/** A clock the test sets. */
function clock(start = 1_000_000): { now: () => number; set: (ms: number) => void } {
  let t = start;
  return { now: () => t, set: (ms) => { t = start + ms; } };
}

describe("progress, not on a terminal", () => {
  it("writes a line only every `every` ms: records, share, rate and ETA", () => {
    const err = sink();
    const c = clock();
    const p = progress({ stdout: sink().stream, stderr: err.stream, isTTY: false, now: c.now }, "cleanse", 1000, { quiet: false, every: 2000 });
    c.set(1999);
    p.update(10, 100);
    expect(err.text()).toBe("");
    c.set(2000);
    p.update(1500, 250);
    // 25% in 2 s: 6 s to go; 1,500 records in 2 s.
    expect(err.text()).toBe("cleanse: 1,500 records, 25%, 750 records/s, ETA 6 s\n");
    c.set(3999);
    p.update(1600, 300);
    expect(err.text().split("\n")).toHaveLength(2);
    c.set(4000);
    p.update(3000, 500);
    expect(err.text().split("\n")[1]).toBe("cleanse: 3,000 records, 50%, 750 records/s, ETA 4 s");
  });

  it("paces by two seconds unless told otherwise", () => {
    const err = sink();
    const c = clock();
    const p = progress({ stdout: sink().stream, stderr: err.stream, isTTY: false, now: c.now }, "ingest", 100, { quiet: false });
    c.set(1999);
    p.update(1, 1);
    expect(err.text()).toBe("");
    c.set(2000);
    p.update(2, 2);
    expect(err.text()).toBe("ingest: 2 records, 2%, 1 records/s, ETA 1 min 38 s\n");
  });

  it("says the ETA in minutes and seconds past a minute, and ? before any byte is read", () => {
    const err = sink();
    const c = clock();
    const p = progress({ stdout: sink().stream, stderr: err.stream, isTTY: false, now: c.now }, "x", 1000, { quiet: false, every: 1 });
    c.set(60_000);
    p.update(5, 500); // half in a minute: a minute to go
    c.set(120_000);
    p.update(6, 600);
    c.set(130_000);
    p.update(7, 0);
    const lines = err.text().trim().split("\n");
    expect(lines[0]).toMatch(/, 50%, .* ETA 1 min 0 s$/);
    expect(lines[1]).toMatch(/, 60%, .* ETA 1 min 20 s$/);
    expect(lines[2]).toMatch(/, 0%, .* ETA \?$/);
  });

  it("caps the share at 100% and has no share of an empty input", () => {
    const err = sink();
    const c = clock();
    const over = progress({ stdout: sink().stream, stderr: err.stream, isTTY: false, now: c.now }, "a", 100, { quiet: false, every: 1 });
    c.set(1000);
    over.update(1, 250);
    const empty = progress({ stdout: sink().stream, stderr: err.stream, isTTY: false, now: c.now }, "b", 0, { quiet: false, every: 1 });
    c.set(2000);
    empty.update(1, 10);
    const lines = err.text().trim().split("\n");
    expect(lines[0]).toBe("a: 1 records, 100%, 1 records/s, ETA 0 s");
    expect(lines[1]).toBe("b: 1 records, 0%, 1 records/s, ETA ?");
  });

  it("ends with the total, the time and the rate; a run of no time gives the count as its rate", () => {
    const err = sink();
    const c = clock();
    const p = progress({ stdout: sink().stream, stderr: err.stream, isTTY: false, now: c.now }, "cleanse", 10, { quiet: false });
    c.set(2500);
    p.done(12_345);
    expect(err.text()).toBe("cleanse: 12,345 records in 2.5 s (4,938 records/s)\n");
    const instant = sink();
    progress({ stdout: sink().stream, stderr: instant.stream, isTTY: false, now: () => 5 }, "cleanse", 10, { quiet: false }).done(7);
    expect(instant.text()).toBe("cleanse: 7 records in 0.0 s (7 records/s)\n");
  });

  it("reads the real clock when given none", () => {
    const err = sink();
    const p = progress({ stdout: sink().stream, stderr: err.stream, isTTY: false }, "cleanse", 10, { quiet: false, every: 0 });
    p.done(3);
    expect(err.text()).toMatch(/^cleanse: 3 records in \d+\.\d s \([\d,]+ records\/s\)\n$/);
  });
});

describe("progress, quiet", () => {
  it("writes nothing, on a terminal or not", () => {
    for (const isTTY of [false, true]) {
      const err = sink(isTTY);
      const c = clock();
      const p = progress({ stdout: sink().stream, stderr: err.stream, isTTY, now: c.now }, "cleanse", 10, { quiet: true, every: 1 });
      c.set(5000);
      p.update(5, 5);
      p.done(10);
      expect(err.text()).toBe("");
    }
  });
});

describe("progress, on a terminal", () => {
  // The bar redraws on its own timer, at most every 100 ms: the test moves that timer.
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it("draws a bar of the bytes read with the records and their rate, clears it, and ends with the summary line", () => {
    const err = sink(true);
    const c = clock();
    const p = progress({ stdout: sink().stream, stderr: err.stream, isTTY: true, now: c.now }, "cleanse", 1000, { quiet: false, every: 1 });
    expect(err.text()).toContain("cleanse [");
    expect(err.text()).toContain("] 0% | 0 records | 0 records/s | ETA ");
    c.set(2000);
    p.update(2500, 500);
    vi.advanceTimersByTime(200);
    expect(err.text()).toContain("] 50% | 2,500 records | 1,250 records/s | ETA ");
    c.set(3000);
    p.update(2600, 5000); // past the end: the bar stops at 100%
    vi.advanceTimersByTime(200);
    expect(err.text()).toContain("] 100% | 2,600 records | 867 records/s");
    const before = err.text().length;
    c.set(4000);
    p.done(4000);
    const after = err.text().slice(before);
    expect(after.endsWith("cleanse: 4,000 records in 4.0 s (1,000 records/s)\n")).toBe(true);
    expect(after).not.toContain("records |"); // cleared on completion, not drawn again
  });

  it("has no rate before time passes, and a bar for an empty input", () => {
    const err = sink(true);
    const p = progress({ stdout: sink().stream, stderr: err.stream, isTTY: true, now: () => 0 }, "ingest", 0, { quiet: false });
    p.update(9, 0);
    vi.advanceTimersByTime(200);
    expect(err.text()).toContain("| 9 records | 0 records/s");
    p.done(9);
    expect(err.text().endsWith("ingest: 9 records in 0.0 s (9 records/s)\n")).toBe(true);
  });
});
