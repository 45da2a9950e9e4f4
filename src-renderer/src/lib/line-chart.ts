import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, Tooltip, Legend, Filler);

/**
 * A chart.js chart as a Svelte attachment: `<canvas {@attach lineChart(config)}>`. The chart is
 * rebuilt when the config changes and destroyed with the canvas.
 */
export function lineChart(config: ChartConfiguration<'line' | 'scatter'>): (canvas: HTMLCanvasElement) => () => void {
  return (canvas) => {
    const chart = new Chart(canvas, config);
    return () => chart.destroy();
  };
}

/** A CSS variable of the current theme, for chart colours. */
export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}
