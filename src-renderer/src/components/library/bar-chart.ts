import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface BarData {
  labels: string[];
  values: number[];
  /** CSS colour or variable name (e.g. '--accent') per bar or for all bars. */
  colors: string | string[];
  /** Accessible title of the series (also the tooltip label). */
  label: string;
}

function cssColor(c: string): string {
  return c.startsWith('--') ? getComputedStyle(document.documentElement).getPropertyValue(c).trim() || '#888' : c;
}

/**
 * A small bar chart as a Svelte attachment: `<canvas {@attach barChart(data)}>`. Re-created when
 * `data` changes (the attachment re-runs), destroyed with the canvas.
 */
export function barChart(data: BarData): (canvas: HTMLCanvasElement) => () => void {
  return (canvas) => {
    const fg = cssColor('--fg-muted');
    const grid = cssColor('--border');
    const colors = Array.isArray(data.colors) ? data.colors.map(cssColor) : cssColor(data.colors);
    Chart.getChart(canvas)?.destroy();
    // Plain copies: chart.js instruments the arrays it is given, which reactive state proxies refuse.
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: [...data.labels],
        datasets: [{ label: data.label, data: [...data.values], backgroundColor: colors }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false }, tooltip: { enabled: true } },
        scales: {
          x: { ticks: { color: fg, font: { size: 10 } }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { color: fg, precision: 0, font: { size: 10 } }, grid: { color: grid } },
        },
      },
    });
    return () => chart.destroy();
  };
}
