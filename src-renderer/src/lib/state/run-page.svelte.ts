import type { ExperimentRunDTO, LineageDTO } from '$shared/contract/experiments';
import { api, errorMessage } from '../api';
import { LiveRunState } from './live-run.svelte';

/** Validation numbers shown on a run's page, in pycocotools' order. */
export const EVAL_METRICS = [
  ['val/AP', 'mAP@[.5:.95]'],
  ['val/AP50', 'AP50'],
  ['val/AP75', 'AP75'],
  ['val/APs', 'AP small'],
  ['val/APm', 'AP medium'],
  ['val/APl', 'AP large'],
  ['val/AR100', 'AR100'],
  ['val/loss', 'validation loss'],
] as const;

/**
 * A run's page: its row with organisation, lineage, live charts and checkpoints, and the actions
 * on it (rename, notes and tags, archive, delete, reproduce, stop, resume).
 */
export class RunPageState {
  run = $state<ExperimentRunDTO | null>(null);
  lineage = $state<LineageDTO | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  readonly live: LiveRunState;
  private off: (() => void) | null = null;

  constructor(readonly runId: number) {
    this.live = new LiveRunState(runId);
  }

  /** Final and best epoch of each validation number. */
  evaluation = $derived.by(() => {
    void this.live.version;
    const ap50 = this.live.series.points('val/AP50');
    if (ap50.length === 0) return null;
    const best = ap50.reduce((a, b) => (b.y > a.y ? b : a));
    const last = ap50[ap50.length - 1]!;
    const at = (name: string, step: number) => this.live.series.points(name).find((p) => p.step === step)?.y ?? null;
    return {
      bestEpoch: best.x,
      lastEpoch: last.x,
      rows: EVAL_METRICS.map(([key, label]) => ({ key, label, last: at(key, last.step), best: at(key, best.step) })),
    };
  });

  async load(): Promise<void> {
    void this.live.start();
    this.off = api.on('runs:onUpdate', (r) => {
      if (r.id === this.runId && this.run) this.run = { ...this.run, ...r };
    });
    try {
      [this.run, this.lineage] = await Promise.all([
        api.call('experiments:get', { runId: this.runId }),
        api.call('experiments:lineage', { runId: this.runId }),
      ]);
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  dispose(): void {
    this.live.stop();
    this.off?.();
  }

  rename(name: string): Promise<boolean> {
    return this.act(async () => (this.run = await api.call('experiments:rename', { runId: this.runId, name })));
  }

  annotate(notes: string, tags: string[]): Promise<boolean> {
    return this.act(
      async () => (this.run = await api.call('experiments:annotate', { runId: this.runId, notes, tags })),
    );
  }

  archive(archived: boolean): Promise<boolean> {
    return this.act(async () => (this.run = await api.call('experiments:archive', { runId: this.runId, archived })));
  }

  /** Deletes the run; resolves with the folder left in place (outside the data folder), if any. */
  async remove(): Promise<{ ok: boolean; keptFolder: string | null }> {
    let kept: string | null = null;
    const ok = await this.act(async () => {
      kept = (await api.call('experiments:delete', { runId: this.runId, confirm: true })).keptFolder;
    });
    return { ok, keptFolder: kept };
  }

  /** Starts a new run with the same config; resolves with its id. */
  async reproduce(): Promise<number | null> {
    let id: number | null = null;
    await this.act(async () => {
      id = (await api.call('experiments:reproduce', { runId: this.runId })).id;
    });
    return id;
  }

  stopRun(): Promise<boolean> {
    return this.act(() => api.call('runs:stop', { runId: this.runId }));
  }

  resumeRun(): Promise<boolean> {
    return this.act(() => api.call('runs:resume', { runId: this.runId }));
  }

  private async act(f: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await f();
      return true;
    } catch (e) {
      this.error = errorMessage(e);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
