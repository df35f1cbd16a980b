// Chart.js (the WebJar's UMD build, loaded as /vendor/chart.js) with a rolling window of points.
const MAX_POINTS = 60;

function color(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

/**
 * A line chart of series (labels) fed by push(values); the canvas carries data-points (how many
 * points were pushed) and data-last (the last values) so that tests and tools can read it.
 */
export function rollingChart(canvas, labels) {
  const palette = ['#2f8f5e', '#d08a00', '#3a78c9', '#b3261e', '#7b57c2'];
  const chart = window.Chart ? new window.Chart(canvas, {
    type: 'line',
    data: { labels: [], datasets: labels.map((l, i) => ({ label: l, data: [], borderColor: palette[i], backgroundColor: palette[i], tension: 0.2, pointRadius: 0 })) },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { ticks: { color: color('--muted'), maxTicksLimit: 6 } }, y: { beginAtZero: true, ticks: { color: color('--muted') } } },
      plugins: { legend: { labels: { color: color('--fg') } } },
    },
  }) : null;
  let points = 0;
  return {
    push(values, when = new Date()) {
      points++;
      canvas.dataset.points = String(points);
      canvas.dataset.last = JSON.stringify(values);
      if (!chart) return;
      chart.data.labels.push(when.toLocaleTimeString());
      values.forEach((v, i) => chart.data.datasets[i].data.push(v));
      if (chart.data.labels.length > MAX_POINTS) {
        chart.data.labels.shift();
        chart.data.datasets.forEach(d => d.data.shift());
      }
      chart.update();
    },
    destroy() { if (chart) chart.destroy(); },
  };
}
