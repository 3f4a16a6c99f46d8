/* Budget vs actual chart (plotly.js served locally as vendor/plotly.min.js). Data from the json_script element
 * "budget-data" (amounts as strings: no float arithmetic here beyond drawing). CSP: no inline script or style. */
(function () {
  "use strict";

  function init() {
    var source = document.getElementById("budget-data");
    var el = document.getElementById("budget-chart");
    if (!source || !el || !window.Plotly) {
      return; // the tables carry every figure
    }
    var data = JSON.parse(source.textContent);
    if (!data.labels.length) {
      return;
    }
    var en = document.documentElement.lang === "en";
    var num = function (s) { return Number(s); };
    var traces = [
      { type: "bar", name: en ? "Budget" : "预算数", x: data.labels, y: data.budgeted.map(num), marker: { color: "#2e86c1" } },
      { type: "bar", name: en ? "Actual" : "实际数", x: data.labels, y: data.actual.map(num), marker: { color: "#c0392b" } }
    ];
    var layout = {
      barmode: "group",
      margin: { t: 10, r: 10, b: 10, l: 10 },
      font: { family: "system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif", size: 12 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      xaxis: { automargin: true, type: "category" },
      yaxis: { automargin: true, rangemode: "tozero", tickformat: ",.2f" },
      legend: { orientation: "h" }
    };
    window.Plotly.newPlot(el, traces, layout, { displayModeBar: false, responsive: true });
    el.classList.add("is-drawn");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
