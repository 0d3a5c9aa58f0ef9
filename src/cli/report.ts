import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { QualityReport } from "../cleanse/cleanseRecords.js";
import type { MatchExplanation } from "../identity/explainMatch.js";
import type { GuardStats, MatchModel, MatchWeightBin } from "../identity/types.js";
import { _own } from "../shared/_dict.js";
import { REPORT_SCRIPT } from "./reportScript.js";

/** One pair drawn as a waterfall: its ids, why it is shown, and how its weight was reached. */
export interface ReportPair {
  readonly a: string;
  readonly b: string;
  readonly why: MatchExplanation;
}

/** A record shown in the report (values already masked unless the user asked to see them). */
export type ReportRow = Readonly<Record<string, string>>;

/** Errors against a truth column, for inspection. */
export interface ReportEvaluation {
  readonly column: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly bCubed: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly pairs: { readonly truePositive: number; readonly predicted: number; readonly actual: number };
  /** Profiles holding records of several true people (over-merges), largest first. */
  readonly falseMerges: readonly { readonly profileId: string; readonly records: readonly ReportRow[] }[];
  /** True people split over several profiles (missed links). */
  readonly missedLinks: readonly { readonly entity: string; readonly records: readonly ReportRow[] }[];
}

/** What `resolve` adds to a report. */
export interface ResolutionSection {
  readonly records: number;
  readonly profiles: number;
  readonly comparisons: number;
  readonly matchedPairs: number;
  readonly threshold: number;
  readonly thresholdWeight: number;
  readonly histogram: readonly MatchWeightBin[];
  readonly clusterSizes: readonly { readonly size: number; readonly count: number }[];
  readonly guards: GuardStats;
  readonly ruleMatches: Readonly<Record<string, number>>;
  readonly largest: readonly { readonly profileId: string; readonly records: readonly ReportRow[] }[];
  readonly linksNearThreshold: readonly ReportPair[];
  readonly nonLinksBelow: readonly ReportPair[];
  readonly model: MatchModel;
  readonly priorWeight: number;
  readonly evaluation: ReportEvaluation | null;
}

/** Everything a report shows: aggregates and small samples only, so its size does not grow with the input. */
export interface ReportData {
  readonly command: "cleanse" | "resolve";
  readonly generatedAt: string;
  readonly inputs: readonly { readonly path: string; readonly records: number }[];
  readonly masked: boolean;
  readonly quality: QualityReport;
  readonly resolution: ResolutionSection | null;
}

let chartLibrary: string | null = null;

/** Chart.js's browser build, read once from the installed package, ready to inline. */
function chartJs(): string {
  if (chartLibrary === null) {
    const require = createRequire(import.meta.url);
    const file = join(dirname(require.resolve("chart.js")), "chart.umd.min.js");
    // The source map is not shipped inside the page: its comment would make a browser's tools ask for it.
    chartLibrary = readFileSync(file, "utf8").replace(/\/\/# sourceMappingURL=\S*\s*$/, "").replaceAll("</script", "<\\/script");
  }
  return chartLibrary;
}

const escapeHtml = (text: string): string => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const pct = (part: number, whole: number): string => (whole === 0 ? "–" : `${((part / whole) * 100).toFixed(1)}%`);
const bits = (w: number): string => (Number.isFinite(w) ? `${w >= 0 ? "+" : ""}${w.toFixed(2)}` : w > 0 ? "+∞" : "−∞");

function table(caption: string, head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[] = []): string {
  const th = head.map((h, k) => `<th scope="col"${numeric[k] === true ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.map((cell, k) => (k === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td${numeric[k] === true ? ' class="num"' : ""}>${escapeHtml(cell)}</td>`)).join("")}</tr>`).join("\n");
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A chart: a titled figure with its canvas (described for screen readers) and its data as a table behind it. */
function chart(id: string, title: string, description: string, dataTable: string, height = 320): string {
  return `<figure class="chart" id="fig-${id}">
<figcaption>${escapeHtml(title)}</figcaption>
<div class="canvas" style="height:${height}px"><canvas id="chart-${id}" role="img" aria-label="${escapeHtml(`${title}. ${description}`)}"></canvas></div>
<details><summary>Data table: ${escapeHtml(title)}</summary>${dataTable}</details>
</figure>`;
}

function recordsTable(caption: string, rows: readonly ReportRow[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  // The same order in every table: the record, then the fields in the order records are read.
  const ORDER = ["record", "truth", "profile", "customerId", "firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "country"];
  const rank = (c: string): number => (ORDER.includes(c) ? ORDER.indexOf(c) : ORDER.length);
  columns.sort((x, y) => rank(x) - rank(y));
  return table(caption, columns, rows.map((row) => columns.map((c) => {
    const value = _own(row, c);
    return typeof value === "string" ? value : "";
  })));
}

function qualitySection(quality: QualityReport): string {
  // A field no record has a value for is named once, not drawn as a bar of 100% missing.
  const all = Object.entries(quality.fields);
  const fields = all.filter(([, q]) => q.valid + q.fixed + q.invalid > 0);
  const absent = all.filter(([, q]) => q.valid + q.fixed + q.invalid === 0).map(([field]) => field);
  const rows = fields.map(([field, q]) => {
    const total = q.valid + q.fixed + q.invalid + q.missing;
    return [field, pct(q.valid, total), pct(q.fixed, total), pct(q.invalid, total), pct(q.missing, total)];
  });
  const issueRows = fields.flatMap(([field, q]) => Object.entries(q.issues).sort((a, b) => b[1] - a[1]).map(([code, n]) => [field, code, int(n)]));
  return `<section aria-labelledby="h-quality"><h2 id="h-quality">Data quality</h2>
<p>${int(quality.records)} records cleansed; ${int(quality.recordsWithProblems)} (${pct(quality.recordsWithProblems, quality.records)}) have at least one warning or error. Each field's values are <b>valid</b> (already standard), <b>fixed</b> (standardised), <b>invalid</b> (present but unusable) or <b>missing</b>.</p>
${absent.length === 0 ? "" : `<p>No record has a value for ${absent.map((f) => `<code>${escapeHtml(f)}</code>`).join(", ")}.</p>`}
${chart("quality", "Field status shares", "Stacked bars per field: valid, fixed, invalid and missing shares of the records.", table("Share of records per field status", ["field", "valid", "fixed", "invalid", "missing"], rows, [false, true, true, true, true]), Math.max(200, 34 * fields.length + 80))}
<h3 id="h-issues">Issue codes</h3>
${issueRows.length === 0 ? "<p>No issue was found.</p>" : table("Issues per field and code", ["field", "issue code", "records"], issueRows, [false, false, true])}
</section>`;
}

function waterfall(id: string, pair: ReportPair): string {
  const w = pair.why;
  let total = w.priorWeight;
  // A veto's infinite weight makes the total infinite: written as the bits column writes it.
  const sum = (t: number): string => (Number.isFinite(t) ? t.toFixed(2) : bits(t));
  const rows: string[][] = [["prior", "", bits(w.priorWeight), "", sum(total)]];
  for (const f of w.fields) {
    total += f.weight;
    rows.push([f.field, f.ignored ?? f.level ?? "–", bits(f.weight), f.termFrequencyAdjustment === 0 ? "" : bits(f.termFrequencyAdjustment), sum(total)]);
  }
  const decided = w.decidedBy.kind === "model" ? "the model" : w.decidedBy.kind === "rule" ? `the rule: same ${w.decidedBy.field}` : w.decidedBy.kind === "veto" ? `a guard (${w.decidedBy.reason} conflict)` : "an assertion";
  const title = `${pair.a} ↔ ${pair.b}: ${w.linked ? "linked" : "not linked"}, probability ${w.probability.toFixed(4)}, ${w.matchWeight.toFixed(2)} bits (decided by ${decided})`;
  return chart(id, title, "Waterfall: the prior, then each field's weight in bits, ending at the pair's match weight.", table("Each field's weight (of which for how rare the agreed value is)", ["field", "level", "bits", "of which rarity", "running total"], rows, [false, false, true, true, true]), 280);
}

function resolutionSections(r: ResolutionSection, masked: boolean): string {
  const out: string[] = [];
  // The end bins hold every weight beyond them (see ScoreSummary.histogram).
  const histRows = r.histogram.map((bin) => [bin.from >= 60 ? "60 or more" : bin.from <= -60 ? "below -59" : `${bin.from} to ${bin.from + 1}`, int(bin.linked), int(bin.notLinked)]);
  out.push(`<section aria-labelledby="h-weights"><h2 id="h-weights">Match weights</h2>
<p>${int(r.comparisons)} candidate pairs were compared; ${int(r.matchedPairs)} reached the threshold (probability ${r.threshold}, ${r.thresholdWeight.toFixed(2)} bits) or a rule. Pairs a guard vetoed are not in the histogram.</p>
${chart("weights", "Match-weight histogram", `Compared pairs per bit of match weight, linked and not linked; the threshold is at ${r.thresholdWeight.toFixed(2)} bits.`, table("Pairs per match-weight bin (bits)", ["match weight", "linked", "not linked"], histRows, [false, true, true]))}
</section>`);
  const sizeRows = r.clusterSizes.map((s) => [String(s.size), int(s.count), int(s.size * s.count)]);
  out.push(`<section aria-labelledby="h-clusters"><h2 id="h-clusters">Profiles</h2>
<p>${int(r.records)} records became ${int(r.profiles)} profiles.</p>
${chart("sizes", "Cluster sizes", "Number of profiles by how many records each holds.", table("Profiles by number of records", ["records per profile", "profiles", "records"], sizeRows, [false, true, true]))}
<h3 id="h-largest">Largest profiles</h3>
<p>${masked ? "Values are masked (run with <code>--show-values</code> to see them)." : "Values are shown unmasked, as cleansed (standard form: the values the profiles are made of), because the report was made with <code>--show-values</code>."}</p>
${r.largest.map((c) => recordsTable(`Profile ${c.profileId}: ${c.records.length} records`, c.records)).join("\n")}
</section>`);
  const g = r.guards;
  const guardRows: [string, number][] = [
    ["placeholder values", g.placeholderValues],
    ["values shared by several people", g.sharedValues],
    ["first-name or birth-date vetoes", g.conflictVetoes],
    ["identifier-limit cuts", g.identifierLimitCuts],
    ["cannot-link cuts", g.cannotLinkCuts],
    ["oversized profiles re-split", g.oversizedClustersResplit],
  ];
  const ruleRows = Object.entries(r.ruleMatches).map(([rule, n]) => [rule, int(n)]);
  out.push(`<section aria-labelledby="h-guards"><h2 id="h-guards">Guards against over-merging</h2>
${chart("guards", "Guard firings", "How often each guard against over-merging fired.", table("Guard firings", ["guard", "times"], guardRows.map(([name, n]) => [name, int(n)]), [false, true]), 260)}
<h3 id="h-rules">Links decided by a rule</h3>
${ruleRows.length === 0 ? "<p>No pair was decided by a deterministic rule.</p>" : table("Pairs decided by each rule", ["rule", "pairs"], ruleRows, [false, true])}
</section>`);
  out.push(`<section aria-labelledby="h-waterfalls"><h2 id="h-waterfalls">Pairs near the threshold</h2>
<p>How the weakest links and the strongest non-links were decided: the prior, then each field's weight in bits.</p>
<h3 id="h-near-links">Links just above the threshold</h3>
${r.linksNearThreshold.length === 0 ? "<p>No link was decided by the model.</p>" : r.linksNearThreshold.map((pair, k) => waterfall(`link-${k}`, pair)).join("\n")}
<h3 id="h-near-misses">Non-links just below it</h3>
${r.nonLinksBelow.length === 0 ? "<p>No compared pair fell below the threshold.</p>" : r.nonLinksBelow.map((pair, k) => waterfall(`miss-${k}`, pair)).join("\n")}
</section>`);
  const paramRows = Object.entries(r.model.fields).flatMap(([field, levels]) => levels.map((level) => [field, level.name, level.m.toPrecision(3), level.u.toPrecision(3), bits(Math.log2(level.m / level.u))]));
  out.push(`<section aria-labelledby="h-model"><h2 id="h-model">Model parameters</h2>
<p>For each compared field and comparison level: m, the chance two records of one person reach it; u, the chance two different people do; and the weight log2(m/u) it adds. The prior is ${r.priorWeight.toFixed(2)} bits.</p>
${chart("model", "Match weight of each comparison level", "Bars of log2(m/u) per field and level: positive levels are evidence for a match, negative against.", table("m and u per comparison level", ["field", "level", "m", "u", "bits"], paramRows, [false, false, true, true, true]), Math.max(300, 16 * paramRows.length + 80))}
</section>`);
  if (r.evaluation !== null) {
    const e = r.evaluation;
    out.push(`<section aria-labelledby="h-accuracy"><h2 id="h-accuracy">Accuracy against the truth column</h2>
<p>The input's column <code>${escapeHtml(e.column)}</code> names each record's true person.</p>
${table("Pairwise and B-cubed scores", ["measure", "precision", "recall", "F1"], [["pairwise", e.precision.toFixed(4), e.recall.toFixed(4), e.f1.toFixed(4)], ["B-cubed", e.bCubed.precision.toFixed(4), e.bCubed.recall.toFixed(4), e.bCubed.f1.toFixed(4)]], [false, true, true, true])}
<p>${int(e.pairs.truePositive)} of ${int(e.pairs.predicted)} record pairs put together are true; ${int(e.pairs.truePositive)} of ${int(e.pairs.actual)} true pairs were found.</p>
<h3 id="h-false-merges">Profiles mixing several people (${e.falseMerges.length === 0 ? "none" : `the ${e.falseMerges.length} largest`})</h3>
${e.falseMerges.map((m) => recordsTable(`Profile ${m.profileId}`, m.records)).join("\n")}
<h3 id="h-missed">People split over several profiles (${e.missedLinks.length === 0 ? "none" : `the ${e.missedLinks.length} most split`})</h3>
${e.missedLinks.map((m) => recordsTable(`True person ${m.entity}`, m.records)).join("\n")}
</section>`);
  }
  return out.join("\n");
}

const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #fff; }
header, main, nav { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 32px 0 8px; padding-top: 12px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 8px; }
.meta { color: var(--muted); margin: 0; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 16px; }
a { color: var(--accent); }
a:focus, summary:focus, [tabindex]:focus { outline: 3px solid #f0b400; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card b { display: block; font-size: 22px; }
figure.chart { margin: 16px 0 24px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
.canvas { position: relative; width: 100%; }
details { margin-top: 6px; }
summary { cursor: pointer; color: var(--accent); }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
code { background: #f6f8fa; padding: 0 3px; border-radius: 3px; }
@media print {
  nav, .skip, summary { display: none; }
  details > table { display: table; }
  h2 { break-before: auto; }
  figure, table { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * The report as one self-contained HTML page: styles, data and Chart.js inlined, no request of any kind
 * (a content security policy forbids them), every chart with its data as a table, readable in print.
 */
export function renderReport(data: ReportData): string {
  const r = data.resolution;
  const title = data.command === "resolve" ? "profile-kit resolve report" : "profile-kit cleanse report";
  const sections: [string, string][] = [["h-quality", "Data quality"]];
  if (r !== null) {
    sections.push(["h-weights", "Match weights"], ["h-clusters", "Profiles"], ["h-guards", "Guards"], ["h-waterfalls", "Pairs near the threshold"], ["h-model", "Model parameters"]);
    if (r.evaluation !== null) sections.push(["h-accuracy", "Accuracy"]);
  }
  const cards: [string, string][] = [["records", int(data.quality.records)], ["with a warning or error", pct(data.quality.recordsWithProblems, data.quality.records)]];
  if (r !== null) {
    cards.push(["profiles", int(r.profiles)], ["pairs compared", int(r.comparisons)], ["compared pairs that matched", int(r.matchedPairs)]);
    if (r.evaluation !== null) cards.push(["pairwise F1", r.evaluation.f1.toFixed(3)]);
  }
  // The charts' numbers, for the inline script (markup-safe: no "<" survives).
  const chartData = {
    quality: Object.entries(data.quality.fields).filter(([, q]) => q.valid + q.fixed + q.invalid > 0).map(([field, q]) => ({ field, valid: q.valid, fixed: q.fixed, invalid: q.invalid, missing: q.missing })),
    resolution: r === null ? null : {
      threshold: r.thresholdWeight,
      histogram: r.histogram,
      sizes: r.clusterSizes,
      guards: [r.guards.placeholderValues, r.guards.sharedValues, r.guards.conflictVetoes, r.guards.identifierLimitCuts, r.guards.cannotLinkCuts, r.guards.oversizedClustersResplit],
      waterfalls: [...r.linksNearThreshold.map((p, k) => ({ id: `link-${k}`, why: p.why })), ...r.nonLinksBelow.map((p, k) => ({ id: `miss-${k}`, why: p.why }))].map(({ id, why }) => ({ id, prior: why.priorWeight, fields: why.fields.map((f) => ({ field: f.field, weight: f.weight })) })),
      model: Object.entries(r.model.fields).flatMap(([field, levels]) => levels.map((level) => ({ label: `${field}: ${level.name}`, weight: Math.log2(level.m / level.u) }))),
    },
  };
  const json = JSON.stringify(chartData, (_key, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? (value > 0 ? 1e9 : -1e9) : value)).replaceAll("<", "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Made ${escapeHtml(data.generatedAt)} from ${data.inputs.map((i) => `<code>${escapeHtml(i.path)}</code> (${int(i.records)} records)`).join(", ")}.</p>
</header>
<nav aria-label="Sections"><ul>${sections.map(([id, name]) => `<li><a href="#${id}">${escapeHtml(name)}</a></li>`).join("")}</ul></nav>
<main id="main">
<div class="cards">${cards.map(([label, value]) => `<div class="card"><b>${escapeHtml(value)}</b>${escapeHtml(label)}</div>`).join("")}</div>
${qualitySection(data.quality)}
${r === null ? "" : resolutionSections(r, data.masked)}
</main>
<script type="application/json" id="report-data">${json}</script>
<script>${chartJs()}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
