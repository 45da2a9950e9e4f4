import type { Box } from '$shared/boxes';
import type {
  CropDTO,
  ErrorAnalysisDTO,
  EvalGtBoxDTO,
  EvalMetricsDTO,
  EvalPredBoxDTO,
  PageErrorsDTO,
} from '$shared/contract/evaluation';
import type { JobDTO } from '$shared/contract/jobs';
import { api, errorMessage } from '../api';
import { followJob } from './jobs.svelte';

export type SortKey = 'fp' | 'fn' | 'loss' | 'page';
export type PatchKind = 'fp' | 'fn';
export type MistakeKind = 'missing-annotation' | 'wrong-annotation';

/** One page row of the table at the current confidence threshold. */
export interface PageRow {
  page: PageErrorsDTO;
  tp: number;
  fp: number;
  fn: number;
}

/** One FP or FN patch of the gallery. */
export interface Patch {
  key: string;
  kind: PatchKind;
  page: PageErrorsDTO;
  class: string;
  box: Box;
  /** FP: the prediction's score; FN: the score of the prediction that matched it below the threshold. */
  score: number | null;
}

export const PATCHES_PER_PAGE = 36;

function isFp(p: EvalPredBoxDTO, thr: number): boolean {
  return !p.tp && p.score >= thr;
}

function isFn(g: EvalGtBoxDTO, thr: number): boolean {
  return g.matchScore === null || g.matchScore < thr;
}

function cropKey(pageId: number, box: Box): string {
  return `${pageId}:${box.join(',')}`;
}

/**
 * State of the error-analysis view for one model key: pages with their FP/FN at a confidence
 * threshold, the FP/FN patch gallery (crops rendered on demand), label mistakes and the curves.
 */
export class ErrorAnalysisState {
  modelKey = $state('');
  datasetId = $state<number | null>(null);
  split = $state<'train' | 'val' | 'test' | null>(null);
  data = $state<ErrorAnalysisDTO | null>(null);
  metrics = $state<EvalMetricsDTO | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  threshold = $state(0.5);
  sortKey = $state<SortKey>('fn');
  sortDesc = $state(true);
  patchKind = $state<'all' | PatchKind>('all');
  showGt = $state(true);
  showPred = $state(true);
  galleryPage = $state(0);
  crops = $state<Record<string, CropDTO>>({});
  job = $state<JobDTO | null>(null);

  rows = $derived.by((): PageRow[] => {
    const thr = this.threshold;
    return (this.data?.pages ?? []).map((page) => {
      const fp = page.pred.filter((p) => isFp(p, thr)).length;
      const fn = page.gt.filter((g) => isFn(g, thr)).length;
      return { page, fp, fn, tp: page.gt.length - fn };
    });
  });

  sortedRows = $derived.by((): PageRow[] => {
    const key = this.sortKey;
    const dir = this.sortDesc ? -1 : 1;
    const val = (r: PageRow): number =>
      key === 'fp' ? r.fp : key === 'fn' ? r.fn : key === 'loss' ? (r.page.loss ?? -Infinity) : -r.page.pageId;
    return [...this.rows].sort((a, b) => dir * (val(a) - val(b)) || a.page.pageId - b.page.pageId);
  });

  patches = $derived.by((): Patch[] => {
    const thr = this.threshold;
    const out: Patch[] = [];
    for (const r of this.sortedRows) {
      if (this.patchKind !== 'fn') {
        for (const p of r.page.pred) {
          if (isFp(p, thr))
            out.push({
              key: `fp:${p.predictionId}`,
              kind: 'fp',
              page: r.page,
              class: p.class,
              box: p.box,
              score: p.score,
            });
        }
      }
      if (this.patchKind !== 'fp') {
        for (const g of r.page.gt) {
          if (isFn(g, thr))
            out.push({
              key: `fn:${g.annotationId}`,
              kind: 'fn',
              page: r.page,
              class: g.class,
              box: g.box,
              score: g.matchScore,
            });
        }
      }
    }
    return out;
  });

  /** Likely label mistakes with their page, shown as patches too. */
  mistakes = $derived.by((): (Omit<Patch, 'kind'> & { kind: MistakeKind; reason: string })[] => {
    const pages = new Map((this.data?.pages ?? []).map((p) => [p.pageId, p]));
    return (this.data?.mistakes ?? []).flatMap((m, i) => {
      const page = pages.get(m.pageId);
      return page
        ? [{ key: `m:${i}`, kind: m.kind, page, class: m.class, box: m.box, score: m.score, reason: m.reason }]
        : [];
    });
  });

  pageCount = $derived(Math.max(1, Math.ceil(this.patches.length / PATCHES_PER_PAGE)));
  visiblePatches = $derived(
    this.patches.slice(this.galleryPage * PATCHES_PER_PAGE, (this.galleryPage + 1) * PATCHES_PER_PAGE),
  );

  totals = $derived({
    fp: this.rows.reduce((n, r) => n + r.fp, 0),
    fn: this.rows.reduce((n, r) => n + r.fn, 0),
    tp: this.rows.reduce((n, r) => n + r.tp, 0),
  });

  /** Loads pages, mistakes and metrics; may start a job for missing predictions. */
  async load(
    modelKey: string,
    datasetId: number | null = null,
    split: 'train' | 'val' | 'test' | null = null,
  ): Promise<void> {
    this.modelKey = modelKey;
    this.datasetId = datasetId;
    this.split = split;
    this.loading = true;
    this.error = null;
    try {
      const sel = { modelKey, datasetId, split };
      const [data, metrics] = await Promise.all([
        api.call('evaluation:errorAnalysis', { ...sel, autoInfer: true }),
        api.call('evaluation:curves', sel),
      ]);
      this.data = data;
      this.metrics = metrics;
      this.threshold = data.suggestedThreshold;
      this.galleryPage = 0;
      this.job = data.inferenceJob;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  /** Recomputes confusion and coverage at the current threshold. */
  async refreshMetrics(): Promise<void> {
    try {
      this.metrics = await api.call('evaluation:curves', {
        modelKey: this.modelKey,
        datasetId: this.datasetId,
        split: this.split,
        threshold: this.threshold,
      });
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDesc = !this.sortDesc;
    else {
      this.sortKey = key;
      this.sortDesc = key !== 'page';
    }
  }

  setThreshold(t: number): void {
    this.threshold = Math.min(1, Math.max(0, t));
    this.galleryPage = Math.min(this.galleryPage, this.pageCount - 1);
  }

  setGalleryPage(n: number): void {
    this.galleryPage = Math.min(Math.max(0, n), this.pageCount - 1);
  }

  crop(pageId: number, box: Box): CropDTO | undefined {
    return this.crops[cropKey(pageId, box)];
  }

  /** Renders the crops of the visible patches that are not loaded yet. */
  async loadCrops(patches: readonly Pick<Patch, 'page' | 'box'>[]): Promise<void> {
    const todo = patches.filter((p) => !this.crops[cropKey(p.page.pageId, p.box)]);
    if (todo.length === 0) return;
    try {
      const got = await api.call('evaluation:crops', {
        items: todo.map((p) => ({ pageId: p.page.pageId, box: p.box })),
      });
      const next = { ...this.crops };
      todo.forEach((p, i) => {
        const c = got[i];
        if (c) next[cropKey(p.page.pageId, p.box)] = c;
      });
      this.crops = next;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  /** Follows the inference job and reloads when it is done. */
  onJob(j: JobDTO): void {
    if (!this.job || j.id !== this.job.id) return;
    this.job = j;
    if (j.status === 'succeeded') void this.load(this.modelKey, this.datasetId, this.split);
  }

  async startInference(): Promise<void> {
    try {
      const job = await api.call('evaluation:runInference', {
        modelKey: this.modelKey,
        datasetId: this.datasetId,
        split: this.split,
      });
      this.job = job;
      followJob(job.id, (j) => this.onJob(j));
    } catch (e) {
      this.error = errorMessage(e);
    }
  }
}
