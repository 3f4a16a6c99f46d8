/* Member statistics charts (plotly.js, served locally as vendor/plotly.min.js).
 * The data comes from the <script type="application/json" id="stats-data"> element written by json_script:
 * no inline script, no eval, no external URL (CSP). Each chart is also given as a table under it. */
(function () {
  "use strict";

  var MAX_BARS = 30;
  var PALETTE = ["#c0392b", "#2e86c1", "#27ae60", "#f39c12", "#8e44ad", "#16a085", "#d35400", "#7f8c8d"];

  function rowsFor(dim) {
    var rows = dim.rows.slice();
    if (dim.chart === "bar" && dim.key !== "join_year" && dim.key !== "age_band" && rows.length > MAX_BARS) {
      var rest = rows.slice(MAX_BARS - 1).reduce(function (sum, r) { return sum + r.count; }, 0);
      rows = rows.slice(0, MAX_BARS - 1);
      rows.push({ label: document.documentElement.lang === "en" ? "Others" : "其他", count: rest });
    }
    return rows;
  }

  function draw(el, dim) {
    var rows = rowsFor(dim);
    var labels = rows.map(function (r) { return r.label; });
    var counts = rows.map(function (r) { return r.count; });
    var trace;
    var layout = {
      margin: { t: 10, r: 10, b: 10, l: 10 },
      font: { family: "system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif", size: 12 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      showlegend: dim.chart === "pie"
    };
    if (dim.chart === "pie") {
      trace = { type: "pie", labels: labels, values: counts, hole: 0.45, sort: false,
                marker: { colors: PALETTE }, textinfo: "percent", hoverinfo: "label+value+percent" };
    } else {
      trace = { type: "bar", x: labels, y: counts, marker: { color: PALETTE[1] }, hoverinfo: "x+y" };
      layout.xaxis = { automargin: true, type: "category", tickangle: labels.length > 8 ? -40 : 0 };
      layout.yaxis = { automargin: true, rangemode: "tozero" };
    }
    // No mode bar: its per-plot colours would be injected as an inline <style>, which the CSP blocks.
    window.Plotly.newPlot(el, [trace], layout, { displayModeBar: false, responsive: true });
  }

  function init() {
    var source = document.getElementById("stats-data");
    if (!source || !window.Plotly) {
      return; // the tables carry every figure
    }
    var data = JSON.parse(source.textContent);
    data.dimensions.forEach(function (dim) {
      var el = document.getElementById("chart-" + dim.key);
      if (el && dim.rows.length) {
        draw(el, dim);
        el.classList.add("is-drawn");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
