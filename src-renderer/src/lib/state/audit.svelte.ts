import type { AuditFinding, AuditListItem, AuditReport } from '$shared/contract/audit';
import { api, errorMessage } from '../api';
import { jobs } from './jobs.svelte';

export interface PdfDocument {
  id: number;
  name: string;
  pageCount: number;
}

/** Key of one finding in a report: file index, page number, finding index. */
export function findingKey(fileIndex: number, page: number, index: number): string {
  return `${fileIndex}:${page}:${index}`;
}

/** Short labels for finding kinds, as shown in the list. */
export const KIND_LABELS: Record<AuditFinding['kind'], string> = {
  text_under_box: 'Text under a black box',
  text_under_image: 'Text under a dark image',
  text_under_annotation: 'Text under a dark annotation',
  unapplied_redaction: 'Redaction never applied',
  text_under_detection: 'Text under a detected redaction',
  ocr_layer_under_image: 'Scanned page with a hidden text layer',
  pixel_detection_only: 'No text layer: pixel detection only',
};

/**
 * The Audit view: what to audit (uploaded files, library PDFs), the running job, the report
 * shown, and revealed texts (kept in memory only, forgotten when hidden or the view closes).
 */
export class AuditState {
  files = $state<{ name: string; path: string }[]>([]);
  documents = $state<PdfDocument[]>([]);
  selectedDocs = $state<number[]>([]);
  withDetections = $state(true);
  history = $state<AuditListItem[]>([]);
  report = $state<AuditReport | null>(null);
  jobId = $state<string | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  /** Uploads still running (the audit waits for them). */
  uploading = $state(0);
  revealed = $state<Record<string, string>>({});
  confirming = $state<string | null>(null);

  job = $derived(this.jobId ? (jobs.jobs.find((j) => j.id === this.jobId) ?? null) : null);
  canRun = $derived(!this.busy && this.uploading === 0 && (this.files.length > 0 || this.selectedDocs.length > 0));

  /** Loads the lists; opens `openId` (e.g. from the route) or else the latest audit. */
  async load(openId?: string): Promise<void> {
    try {
      [this.documents, this.history] = await Promise.all([
        api.call('audit:listPdfDocuments', {}),
        api.call('audit:list', { limit: 30 }),
      ]);
      if (openId) await this.open(openId);
      else if (!this.report && this.history[0]) await this.open(this.history[0].id);
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  async addFiles(list: FileList | File[]): Promise<void> {
    this.error = null;
    this.uploading++;
    try {
      for (const f of Array.from(list)) {
        const p = await api.fileToPath(f);
        this.files = [...this.files, { name: f.name, path: p }];
      }
    } catch (e) {
      this.error = `A file could not be added: ${errorMessage(e)}`;
    } finally {
      this.uploading--;
    }
  }

  removeFile(i: number): void {
    this.files = this.files.filter((_, k) => k !== i);
  }

  toggleDoc(id: number): void {
    this.selectedDocs = this.selectedDocs.includes(id)
      ? this.selectedDocs.filter((x) => x !== id)
      : [...this.selectedDocs, id];
  }

  async run(): Promise<void> {
    this.error = null;
    this.busy = true;
    try {
      const job = await api.call('audit:start', {
        paths: this.files.map((f) => f.path),
        documentIds: this.selectedDocs,
        withDetections: this.withDetections,
      });
      this.jobId = job.id;
      const done = await jobs.waitFor(job.id);
      if (done.status !== 'succeeded') {
        this.error = done.error?.message ?? `The audit ${done.status === 'cancelled' ? 'was cancelled' : 'failed'}.`;
        return;
      }
      const { auditId } = done.result as { auditId: string };
      await this.open(auditId);
      this.history = await api.call('audit:list', { limit: 30 });
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.busy = false;
    }
  }

  async open(id: string): Promise<void> {
    try {
      this.report = await api.call('audit:get', { id });
      this.revealed = {};
      this.confirming = null;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  async reveal(fileIndex: number, page: number, index: number): Promise<void> {
    if (!this.report) return;
    const key = findingKey(fileIndex, page, index);
    this.confirming = null;
    try {
      const r = await api.call('audit:reveal', { id: this.report.id, fileIndex, page, findingIndex: index });
      this.revealed = { ...this.revealed, [key]: r.text };
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  hide(key: string): void {
    const next = { ...this.revealed };
    delete next[key];
    this.revealed = next;
  }

  async exportAs(format: 'json' | 'csv'): Promise<string | null> {
    if (!this.report) return null;
    try {
      const r = await api.call('audit:export', { id: this.report.id, format });
      return api.media(r.mediaPath);
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    }
  }
}
