/**
 * The report page's own script: draws every chart with Chart.js (inlined before it) from the JSON the
 * page carries. Plain browser JavaScript, no module, no request. Charts do not animate, so a printed or
 * captured page shows them whole; before printing, every data table is opened.
 */
export const REPORT_SCRIPT: string = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var GREEN = "#2e7d32", RED = "#c62828", BLUE = "#1565c0", GREY = "#9e9e9e", AMBER = "#f9a825";
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";
  function make(id, config) {
    var canvas = document.getElementById("chart-" + id);
    if (canvas) new Chart(canvas, config);
  }
  function share(part, whole) { return whole === 0 ? 0 : (100 * part) / whole; }
  // Counts: a linear axis of whole numbers, unless they span more than three orders of magnitude (then
  // logarithmic, said in the axis title).
  function countAxis(values, label) {
    var positive = values.filter(function (v) { return v > 0; });
    var max = positive.length === 0 ? 0 : Math.max.apply(null, positive);
    var min = positive.length === 0 ? 0 : Math.min.apply(null, positive);
    var log = max >= 1000 && max / min >= 1000;
    return log
      ? { type: "logarithmic", min: 0.5, title: { display: true, text: label + " (log scale)" }, ticks: { callback: function (v) { var e = Math.log10(v); return v >= 1 && Math.abs(e - Math.round(e)) < 1e-9 ? Number(v).toLocaleString("en-US") : ""; } } }
      : { type: "linear", beginAtZero: true, title: { display: true, text: label }, ticks: { precision: 0 } };
  }

  var q = data.quality;
  make("quality", {
    type: "bar",
    data: {
      labels: q.map(function (f) { return f.field; }),
      datasets: [["valid", GREEN], ["fixed", BLUE], ["invalid", RED], ["missing", GREY]].map(function (s) {
        return { label: s[0], backgroundColor: s[1], data: q.map(function (f) { return share(f[s[0]], f.valid + f.fixed + f.invalid + f.missing); }) };
      }),
    },
    options: { indexAxis: "y", scales: { x: { stacked: true, max: 100, title: { display: true, text: "% of records" } }, y: { stacked: true } } },
  });

  var r = data.resolution;
  if (!r) return;

  // The threshold as a vertical line at its weight on the histogram's category axis.
  var thresholdLine = {
    id: "threshold",
    afterDatasetsDraw: function (chart) {
      var bins = r.histogram;
      if (bins.length === 0) return;
      var x = chart.scales.x, area = chart.chartArea, first = bins[0].from;
      var position = x.getPixelForValue(0) + ((r.threshold - first - 0.5) * (x.getPixelForValue(Math.min(1, bins.length - 1)) - x.getPixelForValue(0) || x.width / bins.length));
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = AMBER; ctx.lineWidth = 2; ctx.setLineDash([6, 4]);
      ctx.beginPath(); ctx.moveTo(position, area.top); ctx.lineTo(position, area.bottom); ctx.stroke();
      ctx.fillStyle = "#5d4037"; ctx.font = "12px system-ui, sans-serif";
      var label = "threshold " + r.threshold.toFixed(2) + " bits";
      var width = ctx.measureText(label).width;
      ctx.fillText(label, position + 4 + width <= area.right ? position + 4 : position - 4 - width, area.top + 12);
      ctx.restore();
    },
  };
  make("weights", {
    type: "bar",
    data: {
      labels: r.histogram.map(function (b) { return b.from >= 60 ? "60+" : b.from <= -60 ? "≤-60" : String(b.from); }),
      datasets: [
        { label: "linked", backgroundColor: GREEN, data: r.histogram.map(function (b) { return b.linked; }) },
        { label: "not linked", backgroundColor: GREY, data: r.histogram.map(function (b) { return b.notLinked; }) },
      ],
    },
    options: {
      scales: {
        x: { stacked: true, title: { display: true, text: "match weight (bits, bin's lower edge)" } },
        y: Object.assign({ stacked: true }, countAxis(r.histogram.map(function (b) { return b.linked + b.notLinked; }), "pairs")),
      },
    },
    plugins: [thresholdLine],
  });

  make("sizes", {
    type: "bar",
    data: {
      labels: r.sizes.map(function (s) { return String(s.size); }),
      datasets: [{ label: "profiles", backgroundColor: BLUE, data: r.sizes.map(function (s) { return s.count; }) }],
    },
    options: { scales: { x: { title: { display: true, text: "records per profile" } }, y: countAxis(r.sizes.map(function (s) { return s.count; }), "profiles") } },
  });

  make("guards", {
    type: "bar",
    data: {
      labels: ["placeholder values", "shared values", "name/birth-date vetoes", "identifier-limit cuts", "cannot-link cuts", "oversized re-splits"],
      datasets: [{ label: "times fired", backgroundColor: AMBER, data: r.guards }],
    },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "times" } } } },
  });

  r.waterfalls.forEach(function (w) {
    var labels = ["prior"], bars = [[0, w.prior]], colors = [GREY], total = w.prior;
    w.fields.forEach(function (f) {
      labels.push(f.field);
      bars.push([total, total + f.weight]);
      colors.push(f.weight >= 0 ? GREEN : RED);
      total += f.weight;
    });
    labels.push("match weight");
    bars.push([0, total]);
    colors.push(BLUE);
    make(w.id, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: "bits", data: bars, backgroundColor: colors }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { title: { display: true, text: "bits" } } } },
    });
  });

  make("model", {
    type: "bar",
    data: {
      labels: r.model.map(function (m) { return m.label; }),
      datasets: [{ label: "log2(m/u)", data: r.model.map(function (m) { return m.weight; }), backgroundColor: r.model.map(function (m) { return m.weight >= 0 ? GREEN : RED; }) }],
    },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { title: { display: true, text: "bits" } }, y: { ticks: { autoSkip: false, font: { size: 11 } } } } },
  });
})();

// Printing shows every data table.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
`;
