import type { ImportResultDTO, LibraryDocumentDTO, LibraryPageDTO } from '$shared/contract/documents';
import type { DatasetDTO, Split } from '$shared/contract/datasets';
import type { JobDTO } from '$shared/contract/jobs';
import { api, errorMessage } from '../api';
import { appState } from './app.svelte';
import { followJob, isFinal } from './jobs.svelte';

export type PageFilter = 'all' | 'annotated' | 'todo' | 'redactions' | 'no-redactions';
export type SplitFilter = 'any' | Split | 'unassigned';
export type OriginFilter = 'all' | 'real' | 'synthetic';

/** A page counts as annotated when it has boxes or the user said it has none. */
export function isAnnotated(p: LibraryPageDTO): boolean {
  return p.boxCount > 0 || p.hasRedactions === false;
}

export function pageMatches(p: LibraryPageDTO, f: PageFilter): boolean {
  switch (f) {
    case 'all':
      return true;
    case 'annotated':
      return isAnnotated(p);
    case 'todo':
      return !isAnnotated(p);
    case 'redactions':
      return p.redactionCount > 0 || p.hasRedactions === true;
    case 'no-redactions':
      return p.redactionCount === 0 && p.hasRedactions === false;
  }
}

/** What the grid shows: documents whose name matches, each with its pages that pass the page filter. */
export interface VisibleDocument {
  doc: LibraryDocumentDTO;
  pages: LibraryPageDTO[];
}

/** State of the Library view: documents, filters, selection, the import job and soft deletes. */
export class LibraryState {
  documents = $state<LibraryDocumentDTO[]>([]);
  datasets = $state<DatasetDTO[]>([]);
  datasetId = $state<number | null>(null);
  loading = $state(true);
  loadError = $state<string | null>(null);
  search = $state('');
  pageFilter = $state<PageFilter>('all');
  splitFilter = $state<SplitFilter>('any');
  originFilter = $state<OriginFilter>('all');
  selected = $state<number[]>([]);
  importJob = $state<JobDTO | null>(null);
  lastImport = $state<ImportResultDTO | null>(null);
  /** Documents deleted last (the Undo bar brings them back). */
  undoable = $state<{ ids: number[]; names: string[] } | null>(null);

  dataset = $derived(this.datasets.find((d) => d.id === this.datasetId) ?? null);

  visible = $derived.by((): VisibleDocument[] => {
    const q = this.search.trim().toLowerCase();
    const out: VisibleDocument[] = [];
    for (const doc of this.documents) {
      if (q && !doc.name.toLowerCase().includes(q)) continue;
      if (this.splitFilter !== 'any' && (doc.split ?? 'unassigned') !== this.splitFilter) continue;
      if (this.originFilter !== 'all' && doc.synthetic !== (this.originFilter === 'synthetic')) continue;
      const pages = doc.pages.filter((p) => pageMatches(p, this.pageFilter));
      if (pages.length) out.push({ doc, pages });
    }
    return out;
  });

  totals = $derived({
    documents: this.documents.length,
    pages: this.documents.reduce((n, d) => n + d.pages.length, 0),
    shownPages: this.visible.reduce((n, v) => n + v.pages.length, 0),
  });

  private started = false;
  private undoTimer: ReturnType<typeof setTimeout> | null = null;

  start(): void {
    if (this.started) return;
    this.started = true;
    api.on('documents:onChanged', () => void this.refresh());
    api.on('datasets:onChanged', () => void this.refresh());
    api.on('annotations:onPageChanged', (e) => {
      for (const d of this.documents) {
        const p = d.pages.find((x) => x.id === e.pageId);
        if (!p) continue;
        p.version = e.version;
        p.boxCount = e.boxCount;
        p.hasRedactions = e.hasRedactions;
        p.reviewed = e.reviewed;
      }
    });
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this.datasets = await api.call('datasets:list', {});
      const lib = await api.call('documents:list', this.datasetId ? { datasetId: this.datasetId } : {});
      this.datasetId = lib.datasetId;
      this.documents = lib.documents;
      const ids = new Set(lib.documents.map((d) => d.id));
      this.selected = this.selected.filter((id) => ids.has(id));
      this.loadError = null;
    } catch (e) {
      this.loadError = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  async chooseDataset(id: number): Promise<void> {
    this.datasetId = id;
    await this.refresh();
  }

  /** Uploads (browser) or resolves (Electron) picked or dropped files, then imports them. */
  async importFiles(files: readonly File[], dpi?: number): Promise<void> {
    if (files.length === 0) return;
    try {
      const paths = await Promise.all(files.map((f) => api.fileToPath(f)));
      await this.importPaths(paths, dpi);
    } catch (e) {
      appState.toast('error', `The files could not be handed to the importer: ${errorMessage(e)}`);
    }
  }

  async importPaths(paths: string[], dpi?: number): Promise<void> {
    try {
      this.lastImport = null;
      const job = await api.call('documents:startImport', { paths, ...(dpi ? { dpi } : {}) });
      this.importJob = job;
      followJob(job.id, (j) => this.onJob(j));
    } catch (e) {
      appState.toast('error', errorMessage(e));
    }
  }

  async cancelImport(): Promise<void> {
    if (!this.importJob) return;
    const j = await api.call('jobs:cancel', { id: this.importJob.id });
    if (!isFinal(this.importJob)) this.importJob = j;
  }

  private onJob(j: JobDTO): void {
    if (j.id !== this.importJob?.id) return;
    this.importJob = j;
    if (j.status === 'succeeded') {
      this.lastImport = j.result as ImportResultDTO;
      void this.refresh();
    } else if (j.status === 'failed') {
      appState.toast('error', j.error?.message ?? 'The import failed.');
    } else if (j.status === 'cancelled') {
      void this.refresh();
    }
  }

  toggleSelected(id: number): void {
    this.selected = this.selected.includes(id) ? this.selected.filter((x) => x !== id) : [...this.selected, id];
  }

  selectAllVisible(): void {
    this.selected = this.visible.map((v) => v.doc.id);
  }

  clearSelection(): void {
    this.selected = [];
  }

  async assignSplit(split: Split | null): Promise<void> {
    if (!this.datasetId || this.selected.length === 0) return;
    try {
      await api.call('datasets:assignSplit', { datasetId: this.datasetId, documentIds: [...this.selected], split });
      await this.refresh();
      appState.toast(
        'success',
        `${this.selected.length} document(s) ${split ? `moved to ${split}` : 'removed from the splits'}.`,
      );
    } catch (e) {
      appState.toast('error', errorMessage(e));
    }
  }

  /** Soft delete with an Undo bar; the files are purged later. */
  async deleteSelected(): Promise<void> {
    const ids = [...this.selected];
    if (ids.length === 0) return;
    const names = this.documents.filter((d) => ids.includes(d.id)).map((d) => d.name);
    try {
      await api.call('documents:delete', { ids });
      this.selected = [];
      this.undoable = { ids, names };
      if (this.undoTimer) clearTimeout(this.undoTimer);
      this.undoTimer = setTimeout(() => (this.undoable = null), 12_000);
      await this.refresh();
    } catch (e) {
      appState.toast('error', errorMessage(e));
    }
  }

  async undoDelete(): Promise<void> {
    const u = this.undoable;
    if (!u) return;
    this.undoable = null;
    try {
      const { restored } = await api.call('documents:restore', { ids: u.ids });
      await this.refresh();
      if (restored < u.ids.length) {
        appState.toast(
          'error',
          `${u.ids.length - restored} document(s) could not be restored: the same file was imported again meanwhile.`,
        );
      }
    } catch (e) {
      appState.toast('error', errorMessage(e));
    }
  }

  /** Sets "contains redactions" / "reviewed" through the annotation editor's versioned channel. */
  async setFlags(page: LibraryPageDTO, flags: { hasRedactions?: boolean | null; reviewed?: boolean }): Promise<void> {
    try {
      const saved = await api.call('annotations:setPageFlags', {
        pageId: page.id,
        baseVersion: page.version,
        ...flags,
      });
      page.version = saved.version;
      page.hasRedactions = saved.hasRedactions;
      page.reviewed = saved.reviewed;
    } catch (e) {
      appState.toast('error', errorMessage(e));
      await this.refresh();
    }
  }
}

export const library = new LibraryState();
