import type { CompareDTO, ComparePreset, ExperimentRunDTO } from '../shared/contract/experiments';
import type { MetricSeriesDTO } from '../shared/contract/runs';
import { AppError } from '../shared/errors';
import { COMPARED_FIELDS, configDifferences, fieldValue, legendLabel } from './config-diff';

/** Curves the compare view overlays by default. */
export const COMPARE_METRICS = ['val/loss', 'val/AP', 'val/AP50', 'train/loss'];

/** Most points of one per-step series sent for comparison; longer ones are averaged in buckets. */
const MAX_POINTS = 600;

/** Averages consecutive points so a series has at most `max` points (epochs and steps of bucket ends). */
export function downsample(series: MetricSeriesDTO, max = MAX_POINTS): MetricSeriesDTO {
  const pts = series.points;
  if (pts.length <= max) return series;
  const size = Math.ceil(pts.length / max);
  const out: MetricSeriesDTO['points'] = [];
  for (let i = 0; i < pts.length; i += size) {
    const chunk = pts.slice(i, i + size);
    const last = chunk[chunk.length - 1]!;
    out.push({ step: last.step, epoch: last.epoch, value: chunk.reduce((a, p) => a + p.value, 0) / chunk.length });
  }
  return { name: series.name, points: out };
}

/** Runs side by side: their curves and a legend of what differs in their configs. */
export function buildCompare(runs: ExperimentRunDTO[], metrics: (runId: number) => MetricSeriesDTO[]): CompareDTO {
  const differences = configDifferences(runs);
  return {
    differences,
    runs: runs.map((run, i) => ({
      run,
      label: legendLabel(run, i, differences),
      series: metrics(run.id).map((s) => downsample(s)),
    })),
  };
}

const PRESET_TITLES: Record<ComparePreset, string> = {
  batchSize: 'batch size',
  imageSize: 'image size',
  backbone: 'backbone',
  syntheticShare: 'synthetic share',
  lr: 'learning rate',
  epochs: 'epochs',
};

/** Settings that do not make runs different experiments. */
const NOT_GROUPED = new Set(['backend', 'appVersion']);

function numericOrText(a: string, b: string): number {
  const x = parseFloat(a);
  const y = parseFloat(b);
  return Number.isFinite(x) && Number.isFinite(y) ? x - y : a.localeCompare(b);
}

/**
 * Runs that differ only in `by`: among runs that trained (any steps), groups by every other
 * setting, picks the group with the most distinct values of `by` (ties: the newest run), and
 * returns its newest run per value, ordered by value (at most 8).
 */
export function presetRuns(runs: ExperimentRunDTO[], by: ComparePreset): { runIds: number[]; title: string } {
  const title = PRESET_TITLES[by];
  const keyOf = (r: ExperimentRunDTO): string =>
    COMPARED_FIELDS.filter((f) => f.key !== by && !NOT_GROUPED.has(f.key))
      .map((f) => f.value(r))
      .join('|');
  const groups = new Map<string, Map<string, ExperimentRunDTO>>();
  for (const r of [...runs].sort((a, b) => b.id - a.id)) {
    if (r.stepsDone === 0 || r.status === 'queued') continue;
    const g = groups.get(keyOf(r)) ?? new Map<string, ExperimentRunDTO>();
    const v = fieldValue(by, r);
    if (!g.has(v)) g.set(v, r); // newest first: keep the newest run per value
    groups.set(keyOf(r), g);
  }
  let best: Map<string, ExperimentRunDTO> | null = null;
  let bestNewest = -1;
  for (const g of groups.values()) {
    const newest = Math.max(...[...g.values()].map((r) => r.id));
    if (g.size < 2) continue;
    if (!best || g.size > best.size || (g.size === best.size && newest > bestNewest)) {
      best = g;
      bestNewest = newest;
    }
  }
  if (!best)
    throw new AppError(
      'NOT_FOUND',
      `No two runs differ only in ${title}. Duplicate a run, change its ${title} and train it, then compare again.`,
    );
  const picked = [...best.entries()].sort((a, b) => numericOrText(a[0], b[0])).slice(0, 8);
  return { runIds: picked.map(([, r]) => r.id), title: `Compare by ${title}` };
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Metrics of runs as CSV: one line per point, long format. */
export function metricsCsv(runs: ExperimentRunDTO[], metrics: (runId: number) => MetricSeriesDTO[]): string {
  const lines = ['run_id,run,metric,step,epoch,value'];
  for (const r of runs) {
    for (const s of metrics(r.id)) {
      for (const p of s.points) {
        lines.push([r.id, r.name, s.name, p.step, p.epoch, p.value].map(csvCell).join(','));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
