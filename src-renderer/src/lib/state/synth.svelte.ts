import type { DatasetRatioDTO, SynthPreviewPage, SynthProfileDTO, SynthSettings } from '$shared/contract/synth';
import type { JobDTO } from '$shared/contract/jobs';
import { api, errorMessage } from '../api';
import { jobs } from './jobs.svelte';

export type Split = 'train' | 'val' | 'test';

/** Long sides offered for the page images (pixels), with the dpi they give on Letter paper. */
export const RESOLUTIONS = [800, 1000, 1300, 1700, 2200, 3300] as const;

/** A random seed from the browser's crypto (the generator itself never uses chance). */
export function randomSeed(): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return (a[0] ?? 1) % 1_000_000;
}

/**
 * The Synthetic view: chosen profile and tweaks, count/seed/resolution, the preview gallery, the
 * generation job, the dataset to add to, and each dataset's real:synthetic page ratio.
 */
export class SynthState {
  profiles = $state<SynthProfileDTO[]>([]);
  profileName = $state('default');
  settings = $state<SynthSettings | null>(null);
  count = $state(50);
  seed = $state(1);
  previewCount = $state(4);
  preview = $state<SynthPreviewPage[]>([]);
  previewBusy = $state(false);
  showBoxes = $state(true);
  ratios = $state<DatasetRatioDTO[]>([]);
  datasetName = $state('');
  split = $state<Split>('train');
  saveName = $state('');
  jobId = $state<string | null>(null);
  lastResult = $state<string | null>(null);
  error = $state<string | null>(null);
  info = $state<string | null>(null);
  private previewTicket = 0;

  profile = $derived(this.profiles.find((p) => p.name === this.profileName) ?? null);
  job = $derived<JobDTO | null>(this.jobId ? (jobs.jobs.find((j) => j.id === this.jobId) ?? null) : null);
  running = $derived(this.job !== null && (this.job.status === 'queued' || this.job.status === 'running'));
  dpi = $derived(this.settings ? Math.round(this.settings.longSide / 11) : 0);

  async load(): Promise<void> {
    try {
      this.profiles = await api.call('synth:profiles', {});
      if (!this.settings) this.chooseProfile(this.profileName);
      await this.refreshRatios();
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  chooseProfile(name: string): void {
    const p = this.profiles.find((x) => x.name === name);
    if (!p) return;
    this.profileName = name;
    const longSide = this.settings?.longSide;
    this.settings = { ...$state.snapshot(p.settings), ...(longSide ? { longSide } : {}) };
  }

  /** Changes one setting of the current mix (the profile itself is unchanged until saved). */
  tweak<K extends keyof SynthSettings>(key: K, value: SynthSettings[K]): void {
    if (this.settings) this.settings = { ...this.settings, [key]: value };
  }

  async refreshRatios(): Promise<void> {
    this.ratios = await api.call('synth:datasetRatios', {});
  }

  /** Generates the preview pages; a newer request wins over one still running. */
  async runPreview(): Promise<void> {
    if (!this.settings) return;
    const ticket = ++this.previewTicket;
    this.previewBusy = true;
    this.error = null;
    try {
      const r = await api.call('synth:preview', {
        settings: $state.snapshot(this.settings),
        seed: this.seed,
        count: this.previewCount,
      });
      if (ticket === this.previewTicket) this.preview = r.pages;
    } catch (e) {
      if (ticket === this.previewTicket) this.error = errorMessage(e);
    } finally {
      if (ticket === this.previewTicket) this.previewBusy = false;
    }
  }

  async generate(): Promise<void> {
    if (!this.settings) return;
    this.error = null;
    this.lastResult = null;
    const name = this.datasetName.trim();
    try {
      const job = await api.call('synth:generate', {
        settings: $state.snapshot(this.settings),
        seed: this.seed,
        count: this.count,
        profile: this.profileName,
        ...(name ? { dataset: { name, split: this.split } } : {}),
      });
      jobs.upsert(job);
      this.jobId = job.id;
      const done = await jobs.waitFor(job.id);
      if (done.status === 'succeeded') {
        const r = done.result as { pages: number; boxes: number; documentIds: number[] } | null;
        this.lastResult = `Added ${r?.pages ?? 0} pages with ${r?.boxes ?? 0} redactions to the library${name ? ` and to ${name} (${this.split})` : ''}.`;
      } else if (done.status === 'failed') this.error = done.error?.message ?? 'The generation failed.';
      await this.refreshRatios();
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  cancel(): void {
    if (this.jobId) void jobs.cancel(this.jobId);
  }

  async saveProfile(): Promise<void> {
    if (!this.settings) return;
    const name = this.saveName.trim();
    this.error = null;
    try {
      const p = await api.call('synth:saveProfile', {
        name,
        description: `Saved from ${this.profile?.title ?? this.profileName}`,
        settings: $state.snapshot(this.settings),
      });
      this.profiles = await api.call('synth:profiles', {});
      this.profileName = p.name;
      this.saveName = '';
      this.info = `Saved the settings as profile "${p.name}".`;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }
}
