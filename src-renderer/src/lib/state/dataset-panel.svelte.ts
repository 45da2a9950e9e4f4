import type {
  DatasetStatsDTO,
  ExportFormat,
  ExportResultDTO,
  Split,
  ValidationWarningDTO,
} from '$shared/contract/datasets';
import type { JobDTO } from '$shared/contract/jobs';
import { api, errorMessage } from '../api';
import { appState } from './app.svelte';
import { followJob } from './jobs.svelte';

/** Stats, validation, split tools and export of the dataset shown in the Library. */
export class DatasetPanelState {
  stats = $state<DatasetStatsDTO | null>(null);
  warnings = $state<ValidationWarningDTO[] | null>(null);
  hash = $state<string | null>(null);
  busy = $state(false);
  exportJob = $state<JobDTO | null>(null);
  exportResult = $state<ExportResultDTO | null>(null);
  private onExportJob(j: JobDTO): void {
    if (j.id !== this.exportJob?.id) return;
    this.exportJob = j;
    if (j.status === 'succeeded') this.exportResult = j.result as ExportResultDTO;
    else if (j.status === 'failed') appState.toast('error', j.error?.message ?? 'The export failed.');
  }

  async load(datasetId: number, split?: Split): Promise<void> {
    try {
      const [stats, hash] = await Promise.all([
        api.call('datasets:stats', { datasetId, ...(split ? { split } : {}) }),
        api.call('datasets:hash', { datasetId }),
      ]);
      this.stats = stats;
      this.hash = hash.hash;
    } catch (e) {
      appState.toast('error', errorMessage(e));
    }
  }

  async validate(datasetId: number): Promise<void> {
    try {
      this.warnings = await api.call('datasets:validate', { datasetId });
    } catch (e) {
      appState.toast('error', errorMessage(e));
    }
  }

  async suggestSplits(datasetId: number): Promise<void> {
    this.busy = true;
    try {
      const r = await api.call('datasets:suggestSplits', { datasetId, apply: true });
      appState.toast(
        'success',
        `Splits assigned: ${r.counts.train} train, ${r.counts.val} val, ${r.counts.test} test documents.`,
      );
    } catch (e) {
      appState.toast('error', errorMessage(e));
    } finally {
      this.busy = false;
    }
  }

  async setFrozen(datasetId: number, frozen: boolean): Promise<void> {
    try {
      await api.call('datasets:setTestFrozen', { datasetId, frozen });
    } catch (e) {
      appState.toast('error', errorMessage(e));
    }
  }

  async startExport(
    datasetId: number,
    format: ExportFormat,
    split: Split | null,
    includeImages: boolean,
  ): Promise<void> {
    this.exportResult = null;
    try {
      const job = await api.call('datasets:startExport', {
        datasetId,
        format,
        includeImages,
        ...(split ? { split } : {}),
      });
      this.exportJob = job;
      // updates of an earlier export are ignored by id
      followJob(job.id, (j) => this.onExportJob(j));
    } catch (e) {
      appState.toast('error', errorMessage(e));
    }
  }
}

export const datasetPanel = new DatasetPanelState();
