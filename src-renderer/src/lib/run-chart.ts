import {
  Chart,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import type { SeriesPoint } from './metric-series';
import { cssVar } from './line-chart';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Decimation);

export type RunDataset = ChartDataset<'line', SeriesPoint[]>;

/** Distinct colours for up to 8 runs in a comparison (readable on light and dark themes). */
export const PALETTE = ['#2f6fde', '#e53935', '#2e9e4f', '#fb8c00', '#8e44ad', '#00897b', '#c2185b', '#6d4c41'];

/** Paints the chart's background so an exported PNG is not transparent. */
const background: Plugin<'line'> = {
  id: 'redlabBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = cssVar('--surface-1', '#ffffff');
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export interface RunChartOptions {
  yLabel: string;
  xLabel?: string;
  logY?: boolean;
  yMin?: number;
  yMax?: number;
}

/** A line chart over epochs: no animation, pre-parsed {x, y} points, decimation for long series. */
export function runChartConfig(datasets: RunDataset[], o: RunChartOptions): ChartConfiguration<'line', SeriesPoint[]> {
  const grid = { color: cssVar('--border', '#ddd') };
  const ticks = { color: cssVar('--fg-muted', '#666') };
  return {
    type: 'line',
    data: { datasets },
    plugins: [background],
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      plugins: {
        decimation: { enabled: true, algorithm: 'lttb', samples: 400 },
        legend: { labels: { color: ticks.color, boxWidth: 12 } },
        tooltip: { animation: false },
      },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          title: { display: true, text: o.xLabel ?? 'Epoch', color: ticks.color },
          grid,
          ticks,
        },
        y: {
          type: o.logY ? 'logarithmic' : 'linear',
          ...(o.yMin !== undefined ? { min: o.yMin } : {}),
          ...(o.yMax !== undefined ? { max: o.yMax } : {}),
          title: { display: true, text: o.yLabel, color: ticks.color },
          grid,
          ticks,
        },
      },
    },
  };
}

/** A dataset of one series: per-step series as thin lines, per-epoch ones with points. */
export function lineDataset(
  label: string,
  data: SeriesPoint[],
  color: string,
  o: { perEpoch?: boolean; dashed?: boolean; hidden?: boolean } = {},
): RunDataset {
  return {
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    borderWidth: o.perEpoch ? 2 : 1.25,
    pointRadius: o.perEpoch ? 3 : 0,
    borderDash: o.dashed ? [5, 4] : [],
    hidden: o.hidden ?? false,
    spanGaps: true,
  };
}

const queue: (() => void)[] = [];
let draining = false;

function drain(): void {
  const next = queue.shift();
  if (!next) {
    draining = false;
    return;
  }
  next();
  setTimeout(drain, 0);
}

/**
 * Runs `work` in a task of its own, one queued piece per task (chart creation takes ~20-40 ms
 * each: four at once would be one long task). Returns a function that drops it if not yet run.
 */
export function deferred(work: () => void): () => void {
  let dropped = false;
  queue.push(() => {
    if (!dropped) work();
  });
  if (!draining) {
    draining = true;
    setTimeout(drain, 0);
  }
  return () => {
    dropped = true;
  };
}
