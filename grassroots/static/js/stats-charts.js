// Statistics charts (ECharts). The page passes chart specs with json_script
// (id "stats-charts"); each <div class="stats-chart" data-chart="ID"> draws one.
(function () {
  "use strict";
  const source = document.getElementById("stats-charts");
  if (!source || typeof echarts === "undefined") return;
  const specs = {};
  JSON.parse(source.textContent).forEach((spec) => { specs[spec.id] = spec; });
  const palette = ["#c8161d", "#e8833a", "#f2c14e", "#5b8e7d", "#3d5a80", "#8e6c8a", "#6c757d", "#b5838d", "#2a9d8f"];
  const narrow = () => window.matchMedia("(max-width: 575.98px)").matches;
  const number = (v) => (v === null || v === undefined ? "—" : v);

  function option(spec) {
    const base = { color: palette, animation: false, textStyle: { fontFamily: "inherit" } };
    const tooltip = { trigger: spec.type === "pie" ? "item" : "axis", confine: true };
    if (spec.type === "pie") {
      const data = spec.categories.map((name, i) => ({ name, value: spec.series[0].data[i] }));
      return Object.assign(base, {
        tooltip,
        legend: { bottom: 0, type: "scroll", textStyle: { fontSize: 11 } },
        series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data,
          label: { formatter: "{b} {d}%", fontSize: 11 } }],
      });
    }
    if (spec.type === "hbar") {
      return Object.assign(base, {
        tooltip,
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", axisLabel: { fontSize: 10 } },
        yAxis: { type: "category", inverse: true, data: spec.categories,
          axisLabel: { fontSize: 11, width: narrow() ? 84 : 140, overflow: "truncate" } },
        series: [{ type: "bar", data: spec.series[0].data, barMaxWidth: 22,
          label: { show: true, position: "right", fontSize: 10, formatter: (p) => number(p.value) } }],
      });
    }
    if (spec.type === "trend") {
      return Object.assign(base, {
        tooltip,
        legend: { bottom: 0, textStyle: { fontSize: 11 } },
        grid: { left: 8, right: 8, top: 24, bottom: 32, containLabel: true },
        xAxis: { type: "category", data: spec.categories },
        yAxis: [{ type: "value", axisLabel: { fontSize: 10 } }, { type: "value", axisLabel: { fontSize: 10 }, splitLine: { show: false } }],
        series: spec.series.map((s) => ({
          name: s.name, type: s.line ? "line" : "bar", yAxisIndex: s.line ? 1 : 0, data: s.data,
          barMaxWidth: 28, label: { show: true, position: "top", fontSize: 10 },
        })),
      });
    }
    return Object.assign(base, {
      tooltip,
      grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: spec.categories, axisLabel: { fontSize: 10, interval: 0, rotate: narrow() ? 30 : 0 } },
      yAxis: { type: "value", axisLabel: { fontSize: 10 } },
      series: [{ type: "bar", data: spec.series[0].data, barMaxWidth: 36,
        label: { show: true, position: "top", fontSize: 10, formatter: (p) => number(p.value) } }],
    });
  }

  const charts = [];
  document.querySelectorAll(".stats-chart[data-chart]").forEach((el) => {
    const spec = specs[el.dataset.chart];
    if (!spec) return;
    if (el.dataset.rows) el.style.height = Math.max(240, 28 * Number(el.dataset.rows) + 40) + "px";
    if (!spec.categories.length) {
      el.classList.add("stats-chart-empty");
      el.textContent = el.dataset.empty || "—";
      return;
    }
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option(spec));
    charts.push(chart);
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
