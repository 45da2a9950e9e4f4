import type { CompareDTO } from '$shared/contract/experiments';
import { api, errorMessage } from '../api';
import { downloadBlob } from '../download';
import { SeriesStore } from '../metric-series';

/** The runs of a comparison with each run's series, ready for charts. */
export class CompareState {
  data = $state<CompareDTO | null>(null);
  error = $state<string | null>(null);
  version = $state(0);
  /** One series store per compared run, in compare order (plain data for the charts). */
  stores: SeriesStore[] = [];

  /** "batch size 8 vs 16": what the compared runs differ in. */
  title = $derived.by(() => {
    const d = this.data;
    if (!d) return '';
    if (d.differences.length === 0) return 'Runs with the same settings';
    return d.differences
      .slice(0, 3)
      .map((x) => `${x.label} ${[...new Set(x.values)].join(' vs ')}`)
      .join('; ');
  });

  constructor(readonly runIds: number[]) {}

  async load(): Promise<void> {
    try {
      const d = await api.call('experiments:compare', { runIds: this.runIds });
      this.stores = d.runs.map((r) => {
        const s = new SeriesStore();
        s.addSeries(r.series);
        return s;
      });
      this.data = d;
      this.version++;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  async exportCsv(): Promise<void> {
    try {
      const { csv, fileName } = await api.call('experiments:metricsCsv', { runIds: this.runIds });
      downloadBlob(new Blob([csv], { type: 'text/csv' }), fileName);
    } catch (e) {
      this.error = errorMessage(e);
    }
  }
}
