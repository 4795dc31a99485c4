// The campaign chart: one point per progress refresh (the page reloads the panel on the campaign's events).
(function () {
  let chart;
  function sample() {
    const t = document.getElementById('counts');
    const canvas = document.getElementById('progress-chart');
    if (!t || !canvas || !window.Chart) return;
    if (!chart) {
      const colours = { requested: '#6b6b6b', issued: '#b06000', published: '#0b5394', confirmed: '#1e6b2a' };
      chart = new Chart(canvas, {
        type: 'line',
        data: { labels: [], datasets: Object.keys(colours).map(k => ({ label: k, data: [], borderColor: colours[k], backgroundColor: colours[k], tension: 0.2 })) },
        options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: 'devices' } } } }
      });
    }
    chart.data.labels.push(new Date().toLocaleTimeString());
    chart.data.datasets.forEach(d => d.data.push(Number(t.dataset[d.label])));
    chart.update();
    canvas.dataset.points = String(chart.data.labels.length);
  }
  document.addEventListener('DOMContentLoaded', sample);
  document.addEventListener('htmx:afterSwap', e => { if (e.target && e.target.id === 'progress') sample(); });
})();
