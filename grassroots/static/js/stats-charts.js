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

  // Percent of each slice, for the legend and the in-slice labels.
  function shares(values) {
    const total = values.reduce((sum, v) => sum + (Number(v) || 0), 0);
    return values.map((v) => (total ? (100 * (Number(v) || 0)) / total : 0));
  }
  const pct = (p) => (Math.round(p * 10) / 10).toFixed(1) + "%";

  function option(spec) {
    const base = { color: palette, animation: false, textStyle: { fontFamily: "inherit" } };
    const tooltip = { trigger: spec.type === "pie" ? "item" : "axis", confine: true };
    const small = narrow();
    if (spec.type === "pie") {
      const values = spec.series[0].data;
      const share = shares(values);
      const byName = {};
      const data = spec.categories.map((name, i) => { byName[name] = share[i]; return { name, value: values[i] }; });
      // The legend below names every slice with its share; the slices carry the larger
      // shares inside, so no label runs off a phone screen.
      return Object.assign(base, {
        tooltip: Object.assign(tooltip, { formatter: "{b}：{c}（{d}%）" }),
        legend: { bottom: 0, left: "center", type: "plain", itemWidth: 12, itemHeight: 10, itemGap: 8,
          textStyle: { fontSize: 11 }, formatter: (name) => `${name} ${pct(byName[name] || 0)}` },
        series: [{ type: "pie", radius: small ? ["30%", "62%"] : ["35%", "68%"], center: ["50%", small ? "36%" : "40%"], data,
          avoidLabelOverlap: true,
          label: small
            ? { position: "inside", fontSize: 10, color: "#fff", formatter: (p) => (p.percent >= 8 ? `${Math.round(p.percent)}%` : "") }
            : { formatter: (p) => `${p.name} ${pct(p.percent)}`, fontSize: 11, overflow: "break", width: 96 },
          labelLine: { show: !small } }],
      });
    }
    if (spec.type === "hbar") {
      return Object.assign(base, {
        tooltip,
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        // Bars carry their values, so a phone needs few value ticks (they overlapped).
        xAxis: { type: "value", minInterval: 1, splitNumber: small ? 2 : 5, axisLabel: { fontSize: 10, hideOverlap: true } },
        yAxis: { type: "category", inverse: true, data: spec.categories,
          axisLabel: { fontSize: 11, width: small ? 96 : 140, overflow: "truncate" } },
        series: [{ type: "bar", data: spec.series[0].data, barMaxWidth: 22,
          label: { show: true, position: "right", fontSize: 10, formatter: (p) => number(p.value) } }],
      });
    }
    if (spec.type === "trend") {
      // Totals (line) in an upper panel, yearly flows (bars) below: on one shared panel
      // the line's labels collided with the bars'.
      const lines = spec.series.filter((s) => s.line);
      const bars = spec.series.filter((s) => !s.line);
      const axis = (index) => ({ type: "category", data: spec.categories, gridIndex: index,
        axisLabel: { show: index === 1, fontSize: 10, interval: 0 }, axisTick: { show: index === 1 } });
      const value = (index) => ({ type: "value", gridIndex: index, minInterval: 1, splitNumber: index ? 3 : 2, scale: index === 0,
        axisLabel: { fontSize: 10, hideOverlap: true } });
      return Object.assign(base, {
        tooltip,
        axisPointer: { link: [{ xAxisIndex: "all" }] },
        legend: { bottom: 0, textStyle: { fontSize: 11 } },
        grid: [
          { left: 8, right: 16, top: 22, height: "26%", containLabel: true },
          { left: 8, right: 16, top: "48%", bottom: 32, containLabel: true },
        ],
        xAxis: [axis(0), axis(1)],
        yAxis: [value(0), value(1)],
        series: [
          ...lines.map((s) => ({ name: s.name, type: "line", xAxisIndex: 0, yAxisIndex: 0, data: s.data,
            label: { show: true, position: "top", fontSize: 10 } })),
          ...bars.map((s) => ({ name: s.name, type: "bar", xAxisIndex: 1, yAxisIndex: 1, data: s.data,
            barMaxWidth: 28, label: { show: true, position: "top", fontSize: 10 } })),
        ],
      });
    }
    return Object.assign(base, {
      tooltip,
      grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: spec.categories, axisLabel: { fontSize: 10, interval: 0, rotate: small ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1, splitNumber: small ? 3 : 5, axisLabel: { fontSize: 10, hideOverlap: true } },
      series: [{ type: "bar", data: spec.series[0].data, barMaxWidth: 36,
        label: { show: true, position: "top", fontSize: 10, formatter: (p) => number(p.value) } }],
    });
  }

  const charts = [];
  document.querySelectorAll(".stats-chart[data-chart]").forEach((el) => {
    const spec = specs[el.dataset.chart];
    if (!spec) return;
    if (spec.type === "pie") el.classList.add("stats-chart-pie");
    if (el.dataset.rows) el.style.height = Math.max(240, 28 * Number(el.dataset.rows) + 40) + "px";
    if (!spec.categories.length) {
      el.classList.add("stats-chart-empty");
      el.textContent = el.dataset.empty || "—";
      return;
    }
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option(spec));
    charts.push({ chart, spec });
  });
  let wasNarrow = narrow();
  window.addEventListener("resize", () => {
    const now = narrow();
    charts.forEach(({ chart, spec }) => {
      if (now !== wasNarrow) chart.setOption(option(spec), true);
      chart.resize();
    });
    wasNarrow = now;
  });
})();
