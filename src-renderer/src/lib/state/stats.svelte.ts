import type { StatsDTO, StatsSource } from '$shared/contract/review';
import { api, errorMessage } from '../api';
import { jobs } from './jobs.svelte';

/** The statistics and reports tabs of the Review view. */
export class StatsState {
  source = $state<StatsSource>('both');
  stats = $state<StatsDTO | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  reportBusy = $state<string | null>(null);
  reportUrl = $state<{ url: string; name: string } | null>(null);

  async load(modelKey: string, threshold: number, documentIds: number[]): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.stats = await api.call('review:stats', {
        source: this.source,
        modelKey,
        threshold,
        documentIds: documentIds.length ? documentIds : undefined,
      });
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  async report(
    format: 'pdf' | 'csv' | 'json',
    modelKey: string,
    threshold: number,
    documentIds: number[],
  ): Promise<void> {
    this.reportBusy = format;
    this.error = null;
    this.reportUrl = null;
    try {
      const job = await api.call('review:report', {
        format,
        source: this.source,
        modelKey,
        threshold,
        documentIds: documentIds.length ? documentIds : undefined,
      });
      const done = await jobs.waitFor(job.id);
      if (done.status !== 'succeeded') {
        this.error = done.error?.message ?? `The report ${done.status}.`;
        return;
      }
      const { mediaPath } = done.result as { mediaPath: string };
      this.reportUrl = { url: api.media(mediaPath), name: mediaPath.split('/').pop() ?? `report.${format}` };
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.reportBusy = null;
    }
  }
}
