import type { DatasetDTO, ValidationWarningDTO } from '$shared/contract/datasets';
import type { BackendReport } from '$shared/contract/app';
import type { DatasetMixDTO, TrainEstimateDTO, WeightOptionDTO } from '$shared/contract/experiments';
import { api, errorMessage } from '../api';
import { DEFAULT_FORM, IMAGE_SIZES, formFromDraft, formProblems, startRequest, type TrainForm } from '../train-form';
import { jobs } from './jobs.svelte';
import { LiveRunState } from './live-run.svelte';

/**
 * The Train view: the settings form with its dataset's real:synthetic mix and validation
 * warnings, a time estimate (from earlier runs, or measured by a short warm-up), and the run it
 * started, watched live.
 */
export class TrainState {
  datasets = $state<DatasetDTO[]>([]);
  mix = $state<DatasetMixDTO | null>(null);
  warnings = $state<{ train: ValidationWarningDTO[]; val: ValidationWarningDTO[] }>({ train: [], val: [] });
  weightOptions = $state<WeightOptionDTO[]>([]);
  /** Which backend training will use (probed in a worker when the app has not yet). */
  backend = $state<BackendReport | null>(null);
  form = $state<TrainForm>({ ...DEFAULT_FORM });
  draftNote = $state<string | null>(null);
  /** Estimate from earlier runs for the current settings, or why there is none. */
  history = $state<TrainEstimateDTO | null>(null);
  historyNote = $state<string | null>(null);
  /** A measured warm-up and the settings it was measured for. */
  measured = $state<{ key: string; estimate: TrainEstimateDTO } | null>(null);
  measureNote = $state<string | null>(null);
  measureJobId = $state<string | null>(null);
  live = $state<LiveRunState | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  private estimateTicket = 0;

  problems = $derived(formProblems(this.form, this.mix, this.weightOptions));
  request = $derived(startRequest(this.form, this.weightOptions));
  /** The request without a name: what estimates and sweeps take. */
  baseRequest = $derived.by(() => {
    const { name: _name, ...rest } = this.request;
    return rest;
  });
  /** Changes whenever anything the estimate depends on changes. */
  estimateKey = $derived(
    JSON.stringify([
      this.form.datasetId,
      this.form.backbone,
      this.form.imageSize,
      this.form.batchSize,
      this.form.epochs,
      this.form.useShare,
      this.form.syntheticShare,
    ]),
  );
  /** A warm-up measured for the current settings wins over the history. */
  estimate = $derived(this.measured?.key === this.estimateKey ? this.measured.estimate : this.history);
  estimateNote = $derived(this.measureNote ?? (this.estimate ? null : this.historyNote));
  measuring = $derived.by(() => {
    const j = this.measureJobId ? jobs.jobs.find((x) => x.id === this.measureJobId) : null;
    return j ? j.status === 'queued' || j.status === 'running' : false;
  });
  measureProgress = $derived(
    this.measureJobId ? (jobs.jobs.find((x) => x.id === this.measureJobId)?.progress ?? 0) : 0,
  );
  dataset = $derived(this.datasets.find((d) => d.id === this.form.datasetId) ?? null);

  async load(opts: { from?: number; run?: number }): Promise<void> {
    try {
      [this.datasets, this.weightOptions] = await Promise.all([
        api.call('datasets:list', {}),
        api.call('experiments:weightOptions', {}),
      ]);
      void this.loadBackend();
      if (opts.from) await this.prefill(opts.from);
      else this.chooseWeights(this.suggestedWeights());
      if (this.form.datasetId === null) this.form.datasetId = this.pickDataset();
      await this.loadDataset();
      if (opts.run) this.watch(opts.run);
      else if (!this.live) {
        const running = (await api.call('runs:list', { limit: 20 })).find((r) => r.status === 'running');
        if (running) this.watch(running.id);
      }
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  private async loadBackend(): Promise<void> {
    try {
      const info = await api.call('app:info', {});
      this.backend = info.backend;
      if (!info.backend.probedAt) this.backend = await api.call('app:probeBackend', {});
    } catch {
      // the card says it could not tell
    }
  }

  /** The dataset with the most training pages (the default one on a tie). */
  private pickDataset(): number | null {
    const sorted = [...this.datasets].sort((a, b) => b.counts.train - a.counts.train);
    return sorted[0]?.id ?? null;
  }

  async prefill(runId: number): Promise<void> {
    const d = await api.call('experiments:draft', { runId });
    this.form = formFromDraft(d);
    this.draftNote = d.note ?? `Settings copied from run ${runId}. Change what you want to try, then start.`;
  }

  /** Fine-tune the shipped model when it is installed for this backbone (as the engine does unasked). */
  private suggestedWeights(): string {
    const def = this.weightOptions.find((o) => o.key === 'default');
    return def?.available && def.backbone === this.form.backbone ? 'default' : 'scratch';
  }

  /** Starting weights from a model: the model's backbone and image size come with it. */
  chooseWeights(key: string): void {
    this.form.weights = key;
    const o = this.weightOptions.find((x) => x.key === key);
    if (o?.backbone) this.form.backbone = o.backbone;
    if (o?.imageSize && (IMAGE_SIZES as readonly number[]).includes(o.imageSize)) this.form.imageSize = o.imageSize;
  }

  async chooseDataset(id: number | null): Promise<void> {
    this.form.datasetId = id;
    await this.loadDataset();
  }

  /** Mix and validation warnings of the chosen dataset's train and val splits. */
  async loadDataset(): Promise<void> {
    const id = this.form.datasetId;
    if (id === null) {
      this.mix = null;
      this.warnings = { train: [], val: [] };
      return;
    }
    try {
      const [mix, train, val] = await Promise.all([
        api.call('experiments:datasetMix', { datasetId: id }),
        api.call('datasets:validate', { datasetId: id, split: 'train' }),
        api.call('datasets:validate', { datasetId: id, split: 'val' }),
      ]);
      if (this.form.datasetId !== id) return;
      this.mix = mix;
      this.warnings = { train, val };
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  /** Estimate from earlier runs (instant) for the current settings. */
  async refreshEstimate(): Promise<void> {
    const ticket = ++this.estimateTicket;
    this.measureNote = null;
    if (this.problems.length) {
      this.history = null;
      this.historyNote = null;
      return;
    }
    try {
      const est = await api.call('experiments:estimate', { request: this.baseRequest });
      if (ticket !== this.estimateTicket) return;
      this.history = est;
      this.historyNote = est ? null : 'No earlier run with this model and image size: measure a short warm-up.';
    } catch (e) {
      if (ticket === this.estimateTicket) this.historyNote = errorMessage(e);
    }
  }

  /** Runs a few timed training steps as a job; the estimate they give holds while the settings stay. */
  async measure(): Promise<void> {
    const key = this.estimateKey;
    this.measureNote = null;
    try {
      const job = await api.call('experiments:measure', { request: this.baseRequest });
      this.measureJobId = job.id;
      const done = await jobs.waitFor(job.id);
      if (done.status === 'succeeded') this.measured = { key, estimate: done.result as TrainEstimateDTO };
      else if (key === this.estimateKey) this.measureNote = done.error?.message ?? `The warm-up was ${done.status}.`;
    } catch (e) {
      this.measureNote = errorMessage(e);
    }
  }

  async start(): Promise<number | null> {
    if (this.problems.length) return null;
    this.busy = true;
    this.error = null;
    try {
      const run = await api.call('runs:start', this.request);
      this.watch(run.id);
      return run.id;
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    } finally {
      this.busy = false;
    }
  }

  async stopRun(): Promise<void> {
    await this.act(() => api.call('runs:stop', { runId: this.live!.runId }));
  }

  async resumeRun(): Promise<void> {
    await this.act(() => api.call('runs:resume', { runId: this.live!.runId }));
  }

  private async act(f: () => Promise<unknown>): Promise<void> {
    if (!this.live) return;
    this.busy = true;
    this.error = null;
    try {
      await f();
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.busy = false;
    }
  }

  /** Shows run `runId` live (stops watching the previous one). */
  watch(runId: number): void {
    if (this.live?.runId === runId) return;
    this.live?.stop();
    this.live = new LiveRunState(runId);
    void this.live.start();
  }

  dispose(): void {
    this.live?.stop();
  }
}
