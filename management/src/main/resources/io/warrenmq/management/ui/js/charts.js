// Chart.js (the WebJar's UMD build, served as /vendor/chart.js) with a rolling window of points.
// why loaded here and not by a script tag: 200 KB of script must not hold back the first totals;
// a chart keeps its points until Chart.js is there, then draws them all.
const MAX_POINTS = 60;
let chartJs = null;

function loadChartJs() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!chartJs) {
    chartJs = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = 'vendor/chart.js';
      s.onload = () => resolve(window.Chart);
      s.onerror = () => { chartJs = null; reject(new Error('Chart.js did not load: charts are not drawn')); };
      document.head.append(s);
    });
  }
  return chartJs;
}

function color(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

/**
 * A line chart of series (labels) fed by push(values); the canvas carries data-points (how many
 * points were pushed) and data-last (the last values) so that tests and tools can read it.
 */
export function rollingChart(canvas, labels) {
  const palette = ['#2f8f5e', '#d08a00', '#3a78c9', '#b3261e', '#7b57c2'];
  const data = { labels: [], datasets: labels.map((l, i) => ({ label: l, data: [], borderColor: palette[i], backgroundColor: palette[i], tension: 0.2, pointRadius: 0 })) };
  let chart = null;
  let destroyed = false;
  let points = 0;
  // on the first point, not before: the page's first figures are drawn before 200 KB of script runs
  function draw() {
    loadChartJs().then(Chart => {
      if (destroyed) return;
      chart = new Chart(canvas, {
        type: 'line', data,
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          scales: { x: { ticks: { color: color('--muted'), maxTicksLimit: 6 } }, y: { beginAtZero: true, ticks: { color: color('--muted') } } },
          plugins: { legend: { labels: { color: color('--fg') } } },
        },
      });
    }, e => { canvas.replaceWith(Object.assign(document.createElement('p'), { className: 'muted', textContent: e.message })); });
  }
  return {
    push(values, when = new Date()) {
      if (points === 0) draw();
      points++;
      canvas.dataset.points = String(points);
      canvas.dataset.last = JSON.stringify(values);
      data.labels.push(when.toLocaleTimeString());
      values.forEach((v, i) => data.datasets[i].data.push(v));
      if (data.labels.length > MAX_POINTS) {
        data.labels.shift();
        data.datasets.forEach(d => d.data.shift());
      }
      if (chart) chart.update();
    },
    destroy() { destroyed = true; if (chart) chart.destroy(); },
  };
}
