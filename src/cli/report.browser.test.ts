/// <reference lib="dom" />
// The report opened as a person would: in headless Chromium (Debian's, driven by playwright-core; no
// browser is ever downloaded). The page renders with no console error and no network request, every
// chart has drawn pixels, the largest-profiles tables list the profiles resolve wrote, the page can be
// walked with the keyboard, printing opens the data tables, and a screenshot is kept as an artifact
// (.tmp/artifacts/report.png). Skipped, and said so, without Chromium; a failure under CI=true.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { available } from "../../test/support/skips.js";
import { generateCustomerRecords } from "../testing/generateCustomerRecords.js";
import { runCli } from "./main.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
// Flags that keep the browser from reaching out on its own (updates, sync, first-run pages).
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const ARTIFACTS = join(resolve(import.meta.dirname, "..", ".."), ".tmp", "artifacts");
const run = available(existsSync(CHROMIUM), "the report's browser test", `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`, true);

const COLUMNS = ["id", "source", "updatedAt", "customerId", "firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "country", "truth"];

describe.runIf(run)("the HTML report in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "pk-browser-"));
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let profiles: { profileId: string; records: string[] }[] = [];

  beforeAll(async () => {
    const generated = [...generateCustomerRecords({ entities: 1500, seed: 8 })];
    const csv = join(dir, "customers.csv");
    writeFileSync(csv, stringify(generated.map((g) => COLUMNS.map((c) => (c === "truth" ? g.entityId : g.record[c] ?? ""))), { header: true, columns: COLUMNS }));
    const sink = new Writable({ write(_chunk, _encoding, done) { done(); } });
    const code = await runCli(["resolve", csv, "--out", join(dir, "profiles.ndjson"), "--report", join(dir, "report.html"), "--truth", "truth", "--quiet"], { stdout: sink, stderr: sink, isTTY: false });
    expect(code).toBe(0);
    profiles = readFileSync(join(dir, "profiles.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { profileId: string; records: string[] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("console", (message) => { if (message.type() === "error") consoleErrors.push(message.text()); });
    page.on("pageerror", (error) => { consoleErrors.push(String(error)); });
    page.on("request", (request) => { requests.push(request.url()); });
    await page.goto(`file://${join(dir, "report.html")}`);
    await page.waitForLoadState("load");
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("renders with no console error and no request beyond the file itself", () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([`file://${join(dir, "report.html")}`]);
  });

  it("draws every chart: each canvas is a Chart.js chart with coloured pixels", async () => {
    const charts = await page.evaluate(() => Array.from(document.querySelectorAll("canvas")).map((canvas) => {
      const context = canvas.getContext("2d") as CanvasRenderingContext2D;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let coloured = 0;
      // A pixel that is neither transparent nor grey-white: a bar, a line, a label.
      for (let k = 0; k < data.length; k += 4) if ((data[k + 3] as number) > 0 && Math.max(data[k] as number, data[k + 1] as number, data[k + 2] as number) - Math.min(data[k] as number, data[k + 1] as number, data[k + 2] as number) > 40) coloured++;
      const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): unknown } }).Chart.getChart(canvas);
      return { id: canvas.id, chart: chart !== undefined, coloured, width: canvas.width, height: canvas.height };
    }));
    // Quality, histogram, sizes, guards, model, and the waterfalls.
    expect(charts.length).toBeGreaterThanOrEqual(6);
    for (const id of ["chart-quality", "chart-weights", "chart-sizes", "chart-guards", "chart-model"]) expect(charts.map((c) => c.id)).toContain(id);
    expect(charts.some((c) => c.id.startsWith("chart-link-"))).toBe(true);
    expect(charts.some((c) => c.id.startsWith("chart-miss-"))).toBe(true);
    for (const c of charts) {
      expect(c.chart, c.id).toBe(true);
      expect(c.width * c.height, c.id).toBeGreaterThan(0);
      expect(c.coloured, `${c.id} has drawn content`).toBeGreaterThan(200);
    }
  });

  it("lists the largest profiles resolve wrote, with their records", async () => {
    const largest = [...profiles].sort((a, b) => b.records.length - a.records.length || (a.profileId < b.profileId ? -1 : 1)).slice(0, 5);
    const captions = await page.$$eval("#h-largest ~ table caption", (nodes) => nodes.map((n) => n.textContent));
    expect(captions).toEqual(largest.map((p) => `Profile ${p.profileId}: ${p.records.length} records`));
    const firstRows = await page.$$eval("#h-largest ~ table:first-of-type tbody th", (nodes) => nodes.map((n) => n.textContent));
    expect(firstRows).toEqual((largest[0] as { records: string[] }).records.slice(0, 20));
  });

  it("can be walked with the keyboard: a skip link first, then the section links, and a data table opens with Enter", async () => {
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to the report");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("href"))).toBe("#h-quality");
    await page.focus("#fig-quality summary");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => (document.querySelector("#fig-quality details") as HTMLDetailsElement).open)).toBe(true);
    expect(await page.isVisible("#fig-quality details table")).toBe(true);
  });

  it("opens every data table for print, and keeps a screenshot", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "report.png"), fullPage: true });
    expect(readFileSync(join(ARTIFACTS, "report.png")).length).toBeGreaterThan(50_000);
    await page.pdf({ path: join(ARTIFACTS, "report.pdf") });
    const closed = await page.$$eval("details", (nodes) => nodes.filter((d) => !d.open).length);
    expect(closed).toBe(0);
  });
});
