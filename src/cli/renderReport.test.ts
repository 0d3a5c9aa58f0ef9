// The report page from hand-made data, read as its reader would read it: the cards, the sections and their
// links, each table's rows as text, how numbers, shares and weights are written, what is said when a list
// is empty, escaping, and the data handed to the charts. (report.test.ts drives it through the CLI, and
// report.browser.test.ts renders it in Chromium.)
import { describe, expect, it } from "vitest";
import type { QualityReport } from "../cleanse/cleanseRecords.js";
import type { MatchExplanation } from "../identity/explainMatch.js";
import { renderReport, type ReportData, type ResolutionSection } from "./report.js";
import { REPORT_SCRIPT } from "./reportScript.js";

/** Text of an HTML fragment: tags dropped, entities read. */
const text = (html: string): string => html.replace(/<[^>]+>/g, "").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&amp;", "&");

/** The table with this caption: its header cells and its rows' cells, as text. */
function tableOf(page: string, caption: string): { head: string[]; rows: string[][]; html: string } {
  const tables = [...page.matchAll(/<table><caption>(.*?)<\/caption><thead><tr>(.*?)<\/tr><\/thead><tbody>([\s\S]*?)<\/tbody><\/table>/g)];
  const found = tables.find((t) => text(t[1] as string) === caption);
  if (found === undefined) throw new Error(`no table "${caption}"; the tables are ${tables.map((t) => JSON.stringify(text(t[1] as string))).join(", ")}`);
  const cells = (row: string): string[] => [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => text(c[1] as string));
  const body = found[3] as string;
  return { head: cells(found[2] as string), rows: body === "" ? [] : body.split("\n").map(cells), html: found[0] };
}

/** The JSON the page hands its charts. */
function chartData(page: string): { quality: unknown[]; resolution: Record<string, unknown> | null } {
  const match = /<script type="application\/json" id="report-data">(.*?)<\/script>/.exec(page);
  return JSON.parse(match?.[1] ?? "null") as { quality: unknown[]; resolution: Record<string, unknown> | null };
}

const QUALITY: QualityReport = {
  records: 2_000,
  recordsWithProblems: 250,
  fields: {
    email: { valid: 1_500, fixed: 300, invalid: 100, missing: 100, issues: { invalid_email: 100, placeholder_value: 140 } },
    phone: { valid: 0, fixed: 0, invalid: 0, missing: 2_000, issues: {} },
    city: { valid: 1_999, fixed: 0, invalid: 1, missing: 0, issues: { unknown_country: 1 } },
  },
  issues: { invalid_email: 100, placeholder_value: 140, unknown_country: 1 },
};

const cleanseData = (overrides: Partial<ReportData> = {}): ReportData => ({
  command: "cleanse",
  generatedAt: "2026-12-07T10:00:00Z",
  inputs: [{ path: "crm <2026>.csv", records: 1_500 }, { path: "web.ndjson", records: 500 }],
  masked: true,
  quality: QUALITY,
  resolution: null,
  ...overrides,
});

function explanation(decidedBy: MatchExplanation["decidedBy"], linked: boolean): MatchExplanation {
  return {
    priorWeight: -10,
    fields: [
      { field: "email", level: "exact", weight: 12.5, termFrequencyAdjustment: 0 },
      { field: "lastName", level: "exact", weight: 3.25, termFrequencyAdjustment: -1.5 },
      { field: "phone", ignored: "shared value", weight: 0, termFrequencyAdjustment: 0 },
      { field: "city", weight: Number.NEGATIVE_INFINITY, termFrequencyAdjustment: 0 },
    ],
    decidedBy,
    linked,
    probability: 0.98765,
    matchWeight: 5.75,
  } as unknown as MatchExplanation;
}

const RESOLUTION: ResolutionSection = {
  records: 2_000,
  profiles: 1_234,
  comparisons: 56_789,
  matchedPairs: 900,
  threshold: 0.9,
  thresholdWeight: 3.17,
  histogram: [{ from: -60, linked: 0, notLinked: 5 }, { from: 2, linked: 1, notLinked: 1_000 }, { from: 60, linked: 7, notLinked: 0 }],
  clusterSizes: [{ size: 1, count: 1_000 }, { size: 3, count: 234 }],
  guards: { placeholderValues: 1, sharedValues: 2, conflictVetoes: 3, identifierLimitCuts: 4, cannotLinkCuts: 5, oversizedClustersResplit: 6 },
  ruleMatches: { email: 1_200 },
  largest: [{ profileId: "p-1", records: [{ lastName: "L***", record: "crm-1", email: "a***@b.co", note: "x" }, { record: "crm-2", firstName: "<b>" }] }],
  linksNearThreshold: [{ a: "crm-1", b: "web-2", why: explanation({ kind: "model" }, true) }],
  nonLinksBelow: [
    { a: "crm-3", b: "web-4", why: explanation({ kind: "veto", reason: "firstName" } as unknown as MatchExplanation["decidedBy"], false) },
    { a: "crm-5", b: "web-6", why: explanation({ kind: "rule", field: "customerId" } as unknown as MatchExplanation["decidedBy"], true) },
    { a: "crm-7", b: "web-8", why: explanation({ kind: "assertion" } as unknown as MatchExplanation["decidedBy"], false) },
  ],
  model: { fields: { email: [{ name: "exact", m: 0.9, u: 0.001 }, { name: "else", m: 0.05, u: 0.9 }] } } as unknown as ResolutionSection["model"],
  priorWeight: -12.345,
  evaluation: null,
};

describe("renderReport, a cleanse report", () => {
  const page = renderReport(cleanseData());

  it("is one HTML page with its title, where it came from (escaped), and a request-forbidding policy", () => {
    expect(page.startsWith("<!doctype html>\n<html lang=\"en\">")).toBe(true);
    expect(page).toContain("<title>profile-kit cleanse report</title>");
    expect(page).toContain("<h1>profile-kit cleanse report</h1>");
    expect(page).toContain("default-src 'none'");
    expect(text(/<p class="meta">(.*?)<\/p>/.exec(page)?.[1] ?? "")).toBe("Made 2026-12-07T10:00:00Z from crm <2026>.csv (1,500 records), web.ndjson (500 records).");
    expect(page).not.toContain("crm <2026>");
  });

  it("links only its quality section, and shows the records and the share with a problem", () => {
    expect(text(/<nav[^>]*>(.*?)<\/nav>/.exec(page)?.[1] ?? "")).toBe("Data quality");
    expect(page).toContain('<li><a href="#h-quality">Data quality</a></li>');
    expect([...page.matchAll(/<div class="card"><b>(.*?)<\/b>(.*?)<\/div>/g)].map((m) => [m[1], m[2]])).toEqual([["2,000", "records"], ["12.5%", "with a warning or error"]]);
    expect(page).not.toContain('id="h-weights"');
  });

  it("gives each field with a value its status shares, names the fields no record has, and lists issue codes, most frequent first", () => {
    expect(tableOf(page, "Share of records per field status")).toMatchObject({
      head: ["field", "valid", "fixed", "invalid", "missing"],
      rows: [["email", "75.0%", "15.0%", "5.0%", "5.0%"], ["city", "100.0%", "0.0%", "0.1%", "0.0%"]],
    });
    expect(tableOf(page, "Share of records per field status").html).toContain('<th scope="col" class="num">valid</th>');
    expect(tableOf(page, "Share of records per field status").html).toContain('<th scope="row">email</th><td class="num">75.0%</td>');
    expect(page).toContain("<p>No record has a value for <code>phone</code>.</p>");
    expect(tableOf(page, "Issues per field and code").rows).toEqual([["email", "placeholder_value", "140"], ["email", "invalid_email", "100"], ["city", "unknown_country", "1"]]);
    expect(text(/<p>(2,000 records cleansed.*?)<\/p>/.exec(page)?.[1] ?? "")).toMatch(/^2,000 records cleansed; 250 \(12\.5%\) have at least one warning or error\./);
    // Chart height: 34 px a field (two fields) plus 80, at least 200.
    expect(page).toContain('<div class="canvas" style="height:200px"><canvas id="chart-quality" role="img" aria-label="Field status shares. Stacked bars per field: valid, fixed, invalid and missing shares of the records.">');
  });

  it("hands the charts the fields with values, and no resolution", () => {
    expect(chartData(page)).toEqual({ quality: [{ field: "email", valid: 1_500, fixed: 300, invalid: 100, missing: 100 }, { field: "city", valid: 1_999, fixed: 0, invalid: 1, missing: 0 }], resolution: null });
  });

  it("says when no issue was found, has no absent-field note when every field has values, and writes a share of nothing as –", () => {
    const clean = renderReport(cleanseData({ quality: { records: 0, recordsWithProblems: 0, fields: { email: { valid: 3, fixed: 0, invalid: 0, missing: 0, issues: {} } }, issues: {} } }));
    expect(clean).toContain("<p>No issue was found.</p>");
    expect(clean).not.toContain("No record has a value for");
    expect([...clean.matchAll(/<div class="card"><b>(.*?)<\/b>/g)].map((m) => m[1])).toEqual(["0", "–"]);
    // A field whose values were all fixed, or all invalid, has values: it is drawn, not named as absent.
    const mended = renderReport(cleanseData({ quality: { ...QUALITY, fields: { phone: { valid: 0, fixed: 7, invalid: 0, missing: 3, issues: {} }, city: { valid: 0, fixed: 0, invalid: 2, missing: 8, issues: {} } } } }));
    expect(tableOf(mended, "Share of records per field status").rows).toEqual([["phone", "0.0%", "70.0%", "0.0%", "30.0%"], ["city", "0.0%", "0.0%", "20.0%", "80.0%"]]);
    expect(mended).not.toContain("No record has a value for");
    expect(chartData(mended).quality).toEqual([{ field: "phone", valid: 0, fixed: 7, invalid: 0, missing: 3 }, { field: "city", valid: 0, fixed: 0, invalid: 2, missing: 8 }]);
    const many = renderReport(cleanseData({ quality: { ...QUALITY, fields: Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`f${k}`, { valid: 1, fixed: 0, invalid: 0, missing: 0, issues: {} }])) } }));
    expect(many).toContain('style="height:420px"><canvas id="chart-quality"');
  });

  it("inlines Chart.js without its source-map comment and with no early end of its script", () => {
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
    expect(scripts).toHaveLength(2);
    expect(scripts[0]).toContain("Chart");
    expect(scripts[0]).not.toMatch(/sourceMappingURL/);
    expect(page.match(/<script/g)).toHaveLength(3);
    // The page's own script last: it reads the page's data and draws each chart with Chart.js.
    expect(scripts[1]).toBe(REPORT_SCRIPT);
    expect(REPORT_SCRIPT).toContain('JSON.parse(document.getElementById("report-data").textContent)');
    expect(REPORT_SCRIPT).toContain("new Chart(canvas, config)");
  });
});

describe("renderReport, a resolve report", () => {
  const page = renderReport(cleanseData({ command: "resolve", resolution: RESOLUTION }));

  it("links every section and shows the run's cards", () => {
    expect(page).toContain("<title>profile-kit resolve report</title>");
    expect([...page.matchAll(/<li><a href="#(h-[a-z-]+)">(.*?)<\/a><\/li>/g)].map((m) => [m[1], m[2]])).toEqual([
      ["h-quality", "Data quality"], ["h-weights", "Match weights"], ["h-clusters", "Profiles"], ["h-guards", "Guards"], ["h-waterfalls", "Pairs near the threshold"], ["h-model", "Model parameters"],
    ]);
    expect([...page.matchAll(/<div class="card"><b>(.*?)<\/b>(.*?)<\/div>/g)].map((m) => [m[1], m[2]])).toEqual([
      ["2,000", "records"], ["12.5%", "with a warning or error"], ["1,234", "profiles"], ["56,789", "pairs compared"], ["900", "compared pairs that matched"],
    ]);
  });

  it("labels the histogram's bins, the end bins holding everything beyond them, and states the threshold", () => {
    expect(tableOf(page, "Pairs per match-weight bin (bits)").rows).toEqual([["below -59", "0", "5"], ["2 to 3", "1", "1,000"], ["60 or more", "7", "0"]]);
    expect(text(/<p>(56,789 candidate pairs.*?)<\/p>/.exec(page)?.[1] ?? "")).toBe("56,789 candidate pairs were compared; 900 reached the threshold (probability 0.9, 3.17 bits) or a rule. Pairs a guard vetoed are not in the histogram.");
  });

  it("counts profiles and records by profile size, and shows the largest profiles' records in a fixed column order", () => {
    expect(tableOf(page, "Profiles by number of records").rows).toEqual([["1", "1,000", "1,000"], ["3", "234", "702"]]);
    expect(page).toContain("<p>2,000 records became 1,234 profiles.</p>");
    const largest = tableOf(page, "Profile p-1: 2 records");
    expect(largest.head).toEqual(["record", "firstName", "lastName", "email", "note"]);
    expect(largest.rows).toEqual([["crm-1", "", "L***", "a***@b.co", "x"], ["crm-2", "<b>", "", "", ""]]);
    expect(largest.html).toContain("&lt;b&gt;");
    expect(page).toContain("Values are masked (run with <code>--show-values</code> to see them).");
    expect(renderReport(cleanseData({ command: "resolve", resolution: RESOLUTION, masked: false }))).toContain("Values are shown unmasked, as cleansed");
  });

  it("counts each guard's firings and each rule's links", () => {
    expect(tableOf(page, "Guard firings").rows).toEqual([
      ["placeholder values", "1"], ["values shared by several people", "2"], ["first-name or birth-date vetoes", "3"], ["identifier-limit cuts", "4"], ["cannot-link cuts", "5"], ["oversized profiles re-split", "6"],
    ]);
    expect(tableOf(page, "Pairs decided by each rule").rows).toEqual([["email", "1,200"]]);
    expect(chartData(page).resolution?.["guards"]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("draws each pair near the threshold as a waterfall: the prior, each field's bits and rarity, the running total, and who decided", () => {
    const titles = [...page.matchAll(/<figcaption>(.*?)<\/figcaption>/g)].map((m) => text(m[1] as string)).filter((t) => t.includes("↔"));
    expect(titles).toEqual([
      "crm-1 ↔ web-2: linked, probability 0.9877, 5.75 bits (decided by the model)",
      "crm-3 ↔ web-4: not linked, probability 0.9877, 5.75 bits (decided by a guard (firstName conflict))",
      "crm-5 ↔ web-6: linked, probability 0.9877, 5.75 bits (decided by the rule: same customerId)",
      "crm-7 ↔ web-8: not linked, probability 0.9877, 5.75 bits (decided by an assertion)",
    ]);
    const table = tableOf(page, "Each field's weight (of which for how rare the agreed value is)");
    expect(table.head).toEqual(["field", "level", "bits", "of which rarity", "running total"]);
    expect(table.rows).toEqual([
      ["prior", "", "-10.00", "", "-10.00"],
      ["email", "exact", "+12.50", "", "2.50"],
      ["lastName", "exact", "+3.25", "-1.50", "5.75"],
      ["phone", "shared value", "+0.00", "", "5.75"],
      ["city", "–", "−∞", "", "−∞"],
    ]);
    expect(page).toContain('id="fig-link-0"');
    expect(page).toContain('id="fig-miss-2"');
    expect(page).toContain('<div class="canvas" style="height:280px"><canvas id="chart-link-0"');
  });

  it("lists the model's m, u and weight per level, and the prior", () => {
    expect(tableOf(page, "m and u per comparison level").rows).toEqual([["email", "exact", "0.900", "0.00100", "+9.81"], ["email", "else", "0.0500", "0.900", "-4.17"]]);
    expect(page).toContain("The prior is -12.35 bits.");
    expect(page).toContain('style="height:300px"><canvas id="chart-model"');
    // 16 px a level (twenty levels here) plus 80, at least 300.
    const levels = Array.from({ length: 10 }, (_, k) => ({ name: `l${k}`, m: 0.5, u: 0.1 }));
    const tall = renderReport(cleanseData({ command: "resolve", resolution: { ...RESOLUTION, model: { fields: { email: levels, phone: levels } } as unknown as ResolutionSection["model"] } }));
    expect(tall).toContain('style="height:400px"><canvas id="chart-model"');
  });

  it("hands the charts the threshold, bins, sizes, waterfalls and levels, infinite weights as ±1e9 and no raw <", () => {
    const data = chartData(page).resolution;
    expect(data?.["threshold"]).toBe(3.17);
    expect(data?.["histogram"]).toEqual(RESOLUTION.histogram);
    expect(data?.["sizes"]).toEqual(RESOLUTION.clusterSizes);
    expect(data?.["waterfalls"]).toEqual(["link-0", "miss-0", "miss-1", "miss-2"].map((id) => ({ id, prior: -10, fields: [{ field: "email", weight: 12.5 }, { field: "lastName", weight: 3.25 }, { field: "phone", weight: 0 }, { field: "city", weight: -1e9 }] })));
    expect(data?.["model"]).toEqual([{ label: "email: exact", weight: Math.log2(900) }, { label: "email: else", weight: Math.log2(0.05 / 0.9) }]);
    const json = /id="report-data">(.*?)<\/script>/.exec(renderReport(cleanseData({ quality: { ...QUALITY, fields: { "</script><b>": { valid: 1, fixed: 0, invalid: 0, missing: 0, issues: {} } } } })))?.[1] ?? "";
    expect(json).not.toContain("<");
    expect(json).toContain("\\u003c/script>\\u003cb>");
  });

  it("says when no rule decided a pair, no link was the model's and no pair fell below the threshold", () => {
    const bare = renderReport(cleanseData({ command: "resolve", resolution: { ...RESOLUTION, ruleMatches: {}, linksNearThreshold: [], nonLinksBelow: [], largest: [] } }));
    expect(bare).toContain("<p>No pair was decided by a deterministic rule.</p>");
    expect(bare).toContain("<p>No link was decided by the model.</p>");
    expect(bare).toContain("<p>No compared pair fell below the threshold.</p>");
    expect(bare).not.toContain("<figcaption>crm-");
  });

  it("with a truth column: the accuracy section and card, the pairs, the over-merged profiles and the split people", () => {
    const evaluation = {
      column: "person", precision: 0.91234, recall: 0.8, f1: 0.85, bCubed: { precision: 0.95, recall: 0.9, f1: 0.925 }, pairs: { truePositive: 1_000, predicted: 1_100, actual: 1_250 },
      falseMerges: [{ profileId: "p-9", records: [{ record: "a", truth: "A" }, { truth: "B", record: "b" }] }],
      missedLinks: [{ entity: "C", records: [{ profile: "p-1", record: "c1" }] }, { entity: "D", records: [] }],
    };
    const judged = renderReport(cleanseData({ command: "resolve", resolution: { ...RESOLUTION, evaluation } }));
    expect(judged).toContain('<li><a href="#h-accuracy">Accuracy</a></li>');
    expect(judged).toContain('<div class="card"><b>0.850</b>pairwise F1</div>');
    expect(tableOf(judged, "Pairwise and B-cubed scores").rows).toEqual([["pairwise", "0.9123", "0.8000", "0.8500"], ["B-cubed", "0.9500", "0.9000", "0.9250"]]);
    expect(judged).toContain("<p>1,000 of 1,100 record pairs put together are true; 1,000 of 1,250 true pairs were found.</p>");
    expect(judged).toContain("<code>person</code> names each record's true person");
    expect(judged).toContain("Profiles mixing several people (the 1 largest)");
    expect(judged).toContain("People split over several profiles (the 2 most split)");
    expect(tableOf(judged, "Profile p-9")).toMatchObject({ head: ["record", "truth"], rows: [["a", "A"], ["b", "B"]] });
    expect(tableOf(judged, "True person C")).toMatchObject({ head: ["record", "profile"], rows: [["c1", "p-1"]] });
    expect(tableOf(judged, "True person D").rows).toEqual([]);
    const perfect = renderReport(cleanseData({ command: "resolve", resolution: { ...RESOLUTION, evaluation: { ...evaluation, falseMerges: [], missedLinks: [] } } }));
    expect(perfect).toContain("Profiles mixing several people (none)");
    expect(perfect).toContain("People split over several profiles (none)");
    expect(page).not.toContain("h-accuracy");
  });
});

describe("renderReport, every word a reader or a screen reader meets", () => {
  const evaluation = {
    column: "person", precision: 0.9, recall: 0.8, f1: 0.85, bCubed: { precision: 0.95, recall: 0.9, f1: 0.925 }, pairs: { truePositive: 1_000, predicted: 1_100, actual: 1_250 },
    falseMerges: [], missedLinks: [],
  };
  const page = renderReport(cleanseData({ command: "resolve", resolution: { ...RESOLUTION, evaluation } }));

  /** Each table's caption with the columns it marks numeric (right-aligned), in its head and in its rows. */
  const numericColumns = (html: string): [string, number[], number[]][] =>
    [...html.matchAll(/<table><caption>(.*?)<\/caption><thead><tr>(.*?)<\/tr><\/thead><tbody>([\s\S]*?)<\/tbody><\/table>/g)].map((t) => {
      const marks = (row: string): number[] => [...row.matchAll(/<t[hd][^>]*>/g)].flatMap((c, k) => (c[0].includes('class="num"') ? [k] : []));
      const rows = (t[3] as string).split("\n").filter((row) => row !== "").map(marks);
      // Every row marks the same columns as the head.
      for (const row of rows) expect(row).toEqual(marks(t[2] as string));
      return [text(t[1] as string), marks(t[2] as string), rows[0] ?? []];
    });

  it("describes every chart to a screen reader, and names its data table", () => {
    const figures = [...page.matchAll(/<figure class="chart" id="fig-([a-z0-9-]+)">\n<figcaption>(.*?)<\/figcaption>\n<div class="canvas" style="height:(\d+)px"><canvas id="chart-([a-z0-9-]+)" role="img" aria-label="(.*?)"><\/canvas><\/div>\n<details><summary>Data table: (.*?)<\/summary>/g)]
      .map((m) => ({ id: m[1], canvas: m[4], height: Number(m[3]), label: text(m[5] as string), summary: text(m[6] as string), caption: text(m[2] as string) }));
    expect(figures.map((f) => f.id)).toEqual(["quality", "weights", "sizes", "guards", "link-0", "miss-0", "miss-1", "miss-2", "model"]);
    for (const f of figures) {
      expect(f.canvas).toBe(f.id);
      expect(f.summary).toBe(f.caption);
      expect(f.label.startsWith(`${f.caption}. `)).toBe(true);
    }
    expect(figures.map((f) => [f.id, f.height, f.label.slice(f.caption.length + 2)]).filter(([id]) => !String(id).startsWith("miss-"))).toEqual([
      ["quality", 200, "Stacked bars per field: valid, fixed, invalid and missing shares of the records."],
      ["weights", 320, "Compared pairs per bit of match weight, linked and not linked; the threshold is at 3.17 bits."],
      ["sizes", 320, "Number of profiles by how many records each holds."],
      ["guards", 260, "How often each guard against over-merging fired."],
      ["link-0", 280, "Waterfall: the prior, then each field's weight in bits, ending at the pair's match weight."],
      ["model", 300, "Bars of log2(m/u) per field and level: positive levels are evidence for a match, negative against."],
    ]);
    expect(figures.map((f) => f.caption).slice(0, 4).concat(figures.at(-1)?.caption ?? "")).toEqual(["Field status shares", "Match-weight histogram", "Cluster sizes", "Guard firings", "Match weight of each comparison level"]);
  });

  it("right-aligns exactly the numeric columns of every table, head and rows alike", () => {
    expect(numericColumns(page)).toEqual([
      ["Share of records per field status", [1, 2, 3, 4], [1, 2, 3, 4]],
      ["Issues per field and code", [2], [2]],
      ["Pairs per match-weight bin (bits)", [1, 2], [1, 2]],
      ["Profiles by number of records", [1, 2], [1, 2]],
      ["Profile p-1: 2 records", [], []],
      ["Guard firings", [1], [1]],
      ["Pairs decided by each rule", [1], [1]],
      ...["link-0", "miss-0", "miss-1", "miss-2"].map((): [string, number[], number[]] => ["Each field's weight (of which for how rare the agreed value is)", [2, 3, 4], [2, 3, 4]]),
      ["m and u per comparison level", [2, 3, 4], [2, 3, 4]],
      ["Pairwise and B-cubed scores", [1, 2, 3], [1, 2, 3]],
    ]);
  });

  it("heads each section and says what it shows", () => {
    const headings = [...page.matchAll(/<h([23]) id="([a-z-]+)">(.*?)<\/h[23]>/g)].map((m) => `${m[1]} ${m[2]} ${text(m[3] as string)}`);
    expect(headings).toEqual([
      "2 h-quality Data quality", "3 h-issues Issue codes",
      "2 h-weights Match weights",
      "2 h-clusters Profiles", "3 h-largest Largest profiles",
      "2 h-guards Guards against over-merging", "3 h-rules Links decided by a rule",
      "2 h-waterfalls Pairs near the threshold", "3 h-near-links Links just above the threshold", "3 h-near-misses Non-links just below it",
      "2 h-model Model parameters",
      "2 h-accuracy Accuracy against the truth column", "3 h-false-merges Profiles mixing several people (none)", "3 h-missed People split over several profiles (none)",
    ]);
    for (const id of ["quality", "weights", "clusters", "guards", "waterfalls", "model", "accuracy"]) expect(page).toContain(`<section aria-labelledby="h-${id}"><h2 id="h-${id}">`);
    const paragraphs = [...page.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => text(m[1] as string));
    expect(paragraphs).toEqual([
      "2,000 records cleansed; 250 (12.5%) have at least one warning or error. Each field's values are valid (already standard), fixed (standardised), invalid (present but unusable) or missing.",
      "No record has a value for phone.",
      "56,789 candidate pairs were compared; 900 reached the threshold (probability 0.9, 3.17 bits) or a rule. Pairs a guard vetoed are not in the histogram.",
      "2,000 records became 1,234 profiles.",
      "Values are masked (run with --show-values to see them).",
      "How the weakest links and the strongest non-links were decided: the prior, then each field's weight in bits.",
      "For each compared field and comparison level: m, the chance two records of one person reach it; u, the chance two different people do; and the weight log2(m/u) it adds. The prior is -12.35 bits.",
      "The input's column person names each record's true person.",
      "1,000 of 1,100 record pairs put together are true; 1,000 of 1,250 true pairs were found.",
    ]);
    expect(renderReport(cleanseData({ command: "resolve", resolution: RESOLUTION, masked: false }))).toContain(
      "<p>Values are shown unmasked, as cleansed (standard form: the values the profiles are made of), because the report was made with <code>--show-values</code>.</p>",
    );
  });

  it("heads every table's columns", () => {
    const heads = [...page.matchAll(/<table><caption>(.*?)<\/caption><thead><tr>(.*?)<\/tr><\/thead>/g)].map((t) => `${text(t[1] as string)}: ${[...(t[2] as string).matchAll(/<th[^>]*>(.*?)<\/th>/g)].map((c) => text(c[1] as string)).join(" | ")}`);
    expect([...new Set(heads)]).toEqual([
      "Share of records per field status: field | valid | fixed | invalid | missing",
      "Issues per field and code: field | issue code | records",
      "Pairs per match-weight bin (bits): match weight | linked | not linked",
      "Profiles by number of records: records per profile | profiles | records",
      "Profile p-1: 2 records: record | firstName | lastName | email | note",
      "Guard firings: guard | times",
      "Pairs decided by each rule: rule | pairs",
      "Each field's weight (of which for how rare the agreed value is): field | level | bits | of which rarity | running total",
      "m and u per comparison level: field | level | m | u | bits",
      "Pairwise and B-cubed scores: measure | precision | recall | F1",
    ]);
  });

  it("escapes every markup character of a value, and writes an infinite weight for a match as +∞", () => {
    const odd = renderReport(cleanseData({ inputs: [{ path: `a&b <c> "d".csv`, records: 1 }] }));
    expect(odd).toContain("<code>a&amp;b &lt;c&gt; &quot;d&quot;.csv</code>");
    const why = { ...explanation({ kind: "rule", field: "email" } as unknown as MatchExplanation["decidedBy"], true), fields: [{ field: "email", level: "exact", weight: Number.POSITIVE_INFINITY, termFrequencyAdjustment: 0 }] } as unknown as MatchExplanation;
    const sure = renderReport(cleanseData({ command: "resolve", resolution: { ...RESOLUTION, linksNearThreshold: [{ a: "x", b: "y", why }], nonLinksBelow: [] } }));
    expect(tableOf(sure, "Each field's weight (of which for how rare the agreed value is)").rows).toEqual([["prior", "", "-10.00", "", "-10.00"], ["email", "exact", "+∞", "", "+∞"]]);
  });

  it("carries its styles: numbers right-aligned, a skip link, and a print layout that opens the data tables", () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? "";
    expect(style).toContain(".num { text-align: right; font-variant-numeric: tabular-nums; }");
    expect(style).toContain(".skip { position: absolute; left: -999px; }");
    expect(style).toMatch(/@media print \{[\s\S]*details > table \{ display: table; \}[\s\S]*\}/);
    expect(page).toContain('<a class="skip" href="#main">Skip to the report</a>');
    expect(page).toContain('<main id="main">');
    expect(page).toContain('<nav aria-label="Sections">');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">");
  });
});
