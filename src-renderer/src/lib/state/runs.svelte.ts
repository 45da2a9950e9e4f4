import type { ComparePreset, ExperimentRunDTO } from '$shared/contract/experiments';
import type { RunDTO } from '$shared/contract/runs';
import { api, errorMessage } from '../api';
import { queryRuns, type RunsQuery, type SortKey } from '../runs-table';

/** Most runs the compare view overlays. */
export const MAX_COMPARE = 8;

/**
 * The Runs view's table: every run (from the app or the CLI), sortable and filterable, kept live
 * by run events, with a selection of up to 8 runs to compare.
 */
export class RunsState {
  runs = $state<ExperimentRunDTO[]>([]);
  query = $state<RunsQuery>({ text: '', status: '', sort: 'id', desc: true });
  showArchived = $state(false);
  selected = $state<number[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  visible = $derived(queryRuns(this.runs, this.query));
  private offs: (() => void)[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;

  start(): void {
    this.offs.push(
      api.on('runs:onUpdate', (r) => this.merge(r)),
      api.on('experiments:onDeleted', ({ runId }) => this.forget(runId)),
    );
    // Runs training in another process (the CLI) send no events here: refresh while any trains.
    this.pollTimer = setInterval(() => {
      if (this.runs.some((r) => r.status === 'running')) this.scheduleRefresh();
    }, 5000);
    void this.refresh();
  }

  stop(): void {
    for (const off of this.offs) off();
    this.offs = [];
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      this.runs = await api.call('experiments:list', { includeArchived: this.showArchived });
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  async setShowArchived(v: boolean): Promise<void> {
    this.showArchived = v;
    await this.refresh();
  }

  sortBy(key: SortKey): void {
    this.query = {
      ...this.query,
      sort: key,
      desc: this.query.sort === key ? !this.query.desc : key !== 'name',
    };
  }

  toggle(id: number): void {
    if (this.selected.includes(id)) this.selected = this.selected.filter((x) => x !== id);
    else if (this.selected.length < MAX_COMPARE) this.selected = [...this.selected, id];
  }

  /** Ids of the runs of a one-click comparison ("Compare by batch size"). */
  async preset(by: ComparePreset): Promise<number[] | null> {
    try {
      const r = await api.call('experiments:preset', { by });
      this.error = null;
      return r.runIds;
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    }
  }

  /** A row event: merged over the known row (keeps notes and tags an engine event lacks). */
  private merge(r: RunDTO | ExperimentRunDTO): void {
    if ('archived' in r && r.archived && !this.showArchived) return this.forget(r.id);
    const i = this.runs.findIndex((x) => x.id === r.id);
    if (i >= 0) this.runs[i] = { ...this.runs[i]!, ...r };
    else this.scheduleRefresh();
  }

  private forget(runId: number): void {
    this.runs = this.runs.filter((r) => r.id !== runId);
    this.selected = this.selected.filter((x) => x !== runId);
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh();
    }, 500);
  }
}
