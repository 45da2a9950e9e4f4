import type { MetricSeriesDTO } from '$shared/contract/runs';

/** A chart point: x is the (fractional) epoch, `step` the optimiser step it was recorded at. */
export interface SeriesPoint {
  x: number;
  y: number;
  step: number;
}

interface Series {
  byStep: Map<number, SeriesPoint>;
  sorted: SeriesPoint[] | null;
}

/**
 * A run's metric series keyed by step: a point recorded again for the same step (a resumed run
 * repeating steps after its checkpoint) replaces the earlier one, so curves never hold duplicate
 * points. Plain (non-reactive) data: charts read it when a version counter changes.
 */
export class SeriesStore {
  private readonly series = new Map<string, Series>();

  constructor(private readonly stepsPerEpoch: () => number | null = () => null) {}

  /** Adds points; returns true when anything changed. */
  add(points: readonly { name: string; step: number; epoch: number | null; value: number }[]): boolean {
    let changed = false;
    for (const p of points) {
      if (!Number.isFinite(p.value)) continue;
      let s = this.series.get(p.name);
      if (!s) this.series.set(p.name, (s = { byStep: new Map(), sorted: null }));
      const spe = this.stepsPerEpoch();
      const x = p.epoch ?? (spe ? p.step / spe : p.step);
      const old = s.byStep.get(p.step);
      if (old && old.y === p.value && old.x === x) continue;
      s.byStep.set(p.step, { x, y: p.value, step: p.step });
      s.sorted = null;
      changed = true;
    }
    return changed;
  }

  /** Adds whole series as `runs:metrics` returns them. */
  addSeries(list: readonly MetricSeriesDTO[]): boolean {
    let changed = false;
    for (const s of list) if (this.add(s.points.map((p) => ({ name: s.name, ...p })))) changed = true;
    return changed;
  }

  /** Points of a series in step order (the same array until the series changes). */
  points(name: string): SeriesPoint[] {
    const s = this.series.get(name);
    if (!s) return [];
    s.sorted ??= [...s.byStep.values()].sort((a, b) => a.step - b.step);
    return s.sorted;
  }

  /** The highest step of any series (0 when empty). */
  lastStep(): number {
    let m = 0;
    for (const s of this.series.values()) for (const k of s.byStep.keys()) if (k > m) m = k;
    return m;
  }

  names(): string[] {
    return [...this.series.keys()].sort();
  }

  clear(): void {
    this.series.clear();
  }
}
