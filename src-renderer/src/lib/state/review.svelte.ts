import type { Box, BoxClass } from '$shared/boxes';
import type {
  ModelChoiceDTO,
  PredictionDTO,
  QueueItemDTO,
  ReviewDocumentDTO,
  ReviewPageDTO,
} from '$shared/contract/review';
import { api, errorMessage } from '../api';
import { appState } from './app.svelte';
import { jobs } from './jobs.svelte';

export const CLASS_COLORS: Record<BoxClass, string> = {
  redaction: '#e53935',
  content: '#1e88e5',
  exemption_label: '#fb8c00',
};

/**
 * The Review view: which model and documents, the detection job, the queue of pages by
 * uncertainty, the open page with its predictions, the selected box and the box being adjusted.
 */
export class ReviewState {
  models = $state<ModelChoiceDTO[]>([]);
  modelKey = $state('default');
  documents = $state<ReviewDocumentDTO[]>([]);
  selectedDocs = $state<number[]>([]);
  folder = $state('');
  threshold = $state(0.5);
  classes = $state<Record<BoxClass, boolean>>({ redaction: true, content: true, exemption_label: true });
  showGroundTruth = $state(true);
  queue = $state<QueueItemDTO[]>([]);
  page = $state<ReviewPageDTO | null>(null);
  selectedId = $state<number | null>(null);
  editing = $state<Box | null>(null);
  jobId = $state<string | null>(null);
  busy = $state(false);
  auditing = $state(false);
  error = $state<string | null>(null);

  job = $derived(this.jobId ? (jobs.jobs.find((j) => j.id === this.jobId) ?? null) : null);
  model = $derived(this.models.find((m) => m.key === this.modelKey) ?? null);
  /** Predictions shown: above the threshold and of a visible class (decided ones stay visible). */
  visible = $derived<PredictionDTO[]>(
    (this.page?.predictions ?? []).filter((p) => this.classes[p.class] && (p.score >= this.threshold || p.decision)),
  );
  selected = $derived(this.visible.find((p) => p.id === this.selectedId) ?? null);
  queueIndex = $derived(this.queue.findIndex((q) => q.pageId === this.page?.pageId));

  async load(): Promise<void> {
    try {
      this.models = await api.call('review:models', {});
      const firstReady = this.models.find((m) => m.available);
      if (!this.models.some((m) => m.key === this.modelKey && m.available) && firstReady)
        this.modelKey = firstReady.key;
      await this.refresh();
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  async refresh(): Promise<void> {
    this.documents = await api.call('review:documents', { modelKey: this.modelKey });
    await this.refreshQueue();
    if (!this.page && this.queue[0]) await this.open(this.queue[0].pageId);
  }

  async refreshQueue(): Promise<void> {
    this.queue = await api.call('review:queue', {
      modelKey: this.modelKey,
      threshold: this.threshold,
      documentIds: this.selectedDocs.length ? this.selectedDocs : undefined,
    });
  }

  toggleDoc(id: number): void {
    this.selectedDocs = this.selectedDocs.includes(id)
      ? this.selectedDocs.filter((x) => x !== id)
      : [...this.selectedDocs, id];
  }

  async runDetector(): Promise<void> {
    this.error = null;
    this.busy = true;
    try {
      const job = await api.call('review:detect', {
        modelKey: this.modelKey,
        documentIds: this.selectedDocs.length ? this.selectedDocs : undefined,
        folder: this.folder.trim() || undefined,
      });
      this.jobId = job.id;
      const done = await jobs.waitFor(job.id);
      if (done.status !== 'succeeded') this.error = done.error?.message ?? `Detection ${done.status}.`;
      this.folder = '';
      this.page = null;
      await this.refresh();
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.busy = false;
    }
  }

  async open(pageId: number): Promise<void> {
    try {
      this.page = await api.call('review:page', { pageId, modelKey: this.modelKey });
      this.editing = null;
      this.selectedId = this.visible.find((p) => !p.decision)?.id ?? this.visible[0]?.id ?? null;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  private async reload(keepSelection = true): Promise<void> {
    if (!this.page) return;
    const sel = this.selectedId;
    this.page = await api.call('review:page', { pageId: this.page.pageId, modelKey: this.modelKey });
    if (keepSelection) this.selectedId = sel;
  }

  /** Moves the selection among the visible boxes (wrapping). */
  move(delta: number): void {
    const v = this.visible;
    if (v.length === 0) return;
    const i = v.findIndex((p) => p.id === this.selectedId);
    const next = v[(((i < 0 ? 0 : i + delta) % v.length) + v.length) % v.length];
    this.selectedId = next?.id ?? null;
    this.editing = null;
  }

  private nextUndecided(): void {
    const v = this.visible;
    const i = v.findIndex((p) => p.id === this.selectedId);
    const after = [...v.slice(i + 1), ...v.slice(0, i + 1)].find((p) => !p.decision);
    if (after) this.selectedId = after.id;
  }

  async decide(decision: 'accept' | 'reject'): Promise<void> {
    const p = this.selected;
    if (!p) return;
    await this.act(async () => {
      await api.call('review:decide', { predictionId: p.id, decision });
      await this.reload();
      this.nextUndecided();
    });
  }

  startAdjust(): void {
    if (this.selected) this.editing = [...this.selected.box];
  }

  async saveAdjust(): Promise<void> {
    const p = this.selected;
    const box = this.editing;
    if (!p || !box) return;
    await this.act(async () => {
      await api.call('review:decide', { predictionId: p.id, decision: 'adjust', box });
      this.editing = null;
      await this.reload();
      this.nextUndecided();
    });
  }

  async undo(): Promise<void> {
    const p = this.selected;
    if (!p?.decision) return;
    await this.act(async () => {
      await api.call('review:undo', { predictionId: p.id });
      await this.reload();
    });
  }

  async acceptAll(): Promise<void> {
    const page = this.page;
    if (!page) return;
    await this.act(async () => {
      const classes = (Object.keys(this.classes) as BoxClass[]).filter((c) => this.classes[c]);
      const r = await api.call('review:acceptAll', {
        pageId: page.pageId,
        modelKey: this.modelKey,
        threshold: this.threshold,
        classes,
      });
      appState.toast('success', `Accepted ${r.accepted} box${r.accepted === 1 ? '' : 'es'} on this page.`);
      await this.reload();
    });
  }

  /** Audits the open page's PDF with the boxes accepted or detected on it; resolves with the audit id. */
  async auditDocument(): Promise<string | null> {
    const page = this.page;
    if (!page) return null;
    this.auditing = true;
    try {
      const job = await api.call('audit:start', { documentIds: [page.documentId], withDetections: true });
      const done = await jobs.waitFor(job.id);
      if (done.status !== 'succeeded') {
        this.error = done.error?.message ?? `The audit ${done.status}.`;
        return null;
      }
      return (done.result as { auditId: string }).auditId;
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    } finally {
      this.auditing = false;
    }
  }

  async gotoQueue(delta: number): Promise<void> {
    const q = this.queue;
    if (q.length === 0) return;
    const i = this.queueIndex;
    const next = q[Math.min(q.length - 1, Math.max(0, i < 0 ? 0 : i + delta))];
    if (next) await this.open(next.pageId);
  }

  private async act(fn: () => Promise<void>): Promise<void> {
    this.error = null;
    try {
      await fn();
    } catch (e) {
      this.error = errorMessage(e);
    }
  }
}
