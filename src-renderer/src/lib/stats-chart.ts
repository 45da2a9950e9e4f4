import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(BarController, BarElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend);

/**
 * A bar or doughnut chart as a Svelte attachment: `<canvas {@attach statsChart(config)}>`,
 * rebuilt when the config changes and destroyed with the canvas.
 */
export function statsChart(config: ChartConfiguration<'bar' | 'doughnut'>): (canvas: HTMLCanvasElement) => () => void {
  return (canvas) => {
    const chart = new Chart(canvas, config);
    return () => chart.destroy();
  };
}
