import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DataPaths } from '../app/paths';
import type { MediaRegistry } from '../app/media';
import { mimeOf } from '../app/media';
import type { JobRunner } from '../jobs/job-runner';
import { runWorker } from '../jobs/worker-host';
import type { AuditReport } from '../shared/contract/audit';
import type { JobDTO } from '../shared/contract/jobs';
import { AppError } from '../shared/errors';
import type { AuditWorkerFile, AuditWorkerInput, AuditWorkerOutput } from '../workers/audit';
import { auditCsv, auditJson } from './export';
import { expandInputs } from './inputs';
import { leakFields } from './leak';
import { libraryPdf, libraryPdfs, redactionBoxesByPage } from './library';
import { AuditStore, type StoredAudit } from './store';
import { summarize } from './summary';

export interface StartAuditRequest {
  paths?: string[];
  documentIds?: number[];
  withDetections?: boolean;
}

interface AuditJobParams {
  auditId: string;
  title: string;
  files: AuditWorkerFile[];
}

/** How much heap an audit worker may take: a hostile PDF fails its own job, not the app. */
const WORKER_HEAP_MB = 2048;

/**
 * PDF audits as jobs: finds text left under redactions in files or library documents, keeps
 * each report (never the leaked text) under `reports/audits/<id>/`, reveals leaked text only
 * on request by reading the file again, and exports findings as JSON or CSV.
 */
export class AuditService {
  readonly store: AuditStore;

  constructor(
    private readonly db: Database,
    private readonly paths: DataPaths,
    private readonly jobs: JobRunner,
    media: MediaRegistry,
  ) {
    this.store = new AuditStore(path.join(paths.reports, 'audits'));
    jobs.register<AuditJobParams, { auditId: string }>({
      kind: 'audit',
      lane: 'audit',
      title: (p) => p.title,
      run: (p, ctx) => this.runAudit(p, ctx.signal, (f, m) => ctx.progress(f, m)),
    });
    // audit/<id>/<file>: rendered pages (f0-p1.png) and exports (findings.csv / findings.json).
    media.register('audit', ([id, name, ...rest]) => {
      if (!id || !name || rest.length || !/^(f\d+-p\d+\.png|findings\.(csv|json))$/.test(name)) return null;
      const file = this.store.file(id, name);
      if (!file) return null;
      const download = name.startsWith('findings.') ? `audit-${id.slice(0, 8)}.${name.split('.').pop()}` : undefined;
      return { file, type: mimeOf(file), ...(download ? { downloadName: download } : {}) };
    });
  }

  listPdfDocuments(): { id: number; name: string; pageCount: number }[] {
    return libraryPdfs(this.db, this.paths.originals).map(({ id, name, pageCount }) => ({ id, name, pageCount }));
  }

  /** Resolves what to audit (files, folders, library documents) and starts the job. */
  start(req: StartAuditRequest): JobDTO {
    const files: AuditWorkerFile[] = expandInputs(req.paths ?? []).map((f) => ({
      path: f.path,
      name: path.basename(f.name),
    }));
    for (const id of req.documentIds ?? []) {
      const d = libraryPdf(this.db, this.paths.originals, id);
      const detections = req.withDetections === false ? {} : redactionBoxesByPage(this.db, id);
      files.push({ path: d.file, name: d.name, documentId: id, detections });
    }
    if (files.length === 0) {
      throw new AppError('INVALID_REQUEST', 'Choose at least one PDF file or library document to audit.');
    }
    const auditId = new Date().toISOString().replace(/[:.]/g, '-') + '-' + Math.random().toString(36).slice(2, 8);
    const title = files.length === 1 ? `Audit ${files[0]?.name ?? ''}` : `Audit ${files.length} PDFs`;
    return this.jobs.start('audit', { auditId, title, files } satisfies AuditJobParams);
  }

  private async runAudit(
    p: AuditJobParams,
    signal: AbortSignal,
    progress: (f: number, m?: string) => void,
  ): Promise<{ auditId: string }> {
    const input: AuditWorkerInput = {
      mode: 'audit',
      files: p.files,
      renderDir: this.store.dir(p.auditId),
      renderDpi: 110,
    };
    const out = await runWorker<AuditWorkerOutput>('audit', input, {
      signal,
      onProgress: progress,
      maxOldGenerationSizeMb: WORKER_HEAP_MB,
    });
    const files = 'files' in out ? out.files : [];
    files.forEach((f, i) => {
      const src = p.files[i];
      if (src?.documentId) f.documentId = src.documentId;
    });
    const stored: StoredAudit = {
      id: p.auditId,
      createdAt: new Date().toISOString(),
      title: p.title,
      files,
      summary: summarize(files),
      sources: p.files,
    };
    this.store.save(stored);
    return { auditId: p.auditId };
  }

  get(id: string): AuditReport {
    return this.store.get(id);
  }

  /** Reads the leaked text of one finding from the file again; checks it is the text that was hashed. */
  async reveal(
    id: string,
    fileIndex: number,
    page: number,
    findingIndex: number,
  ): Promise<{ text: string; text_sha1: string }> {
    const a = this.store.load(id);
    const src = a.sources[fileIndex];
    const finding = a.files[fileIndex]?.pages.find((x) => x.page === page)?.findings[findingIndex];
    if (!src || !finding || finding.severity !== 'leak') {
      throw new AppError('NOT_FOUND', 'That finding does not exist in this audit.');
    }
    const input: AuditWorkerInput = { mode: 'reveal', file: src, page, findingIndex };
    const out = await runWorker<AuditWorkerOutput>('audit', input, { maxOldGenerationSizeMb: WORKER_HEAP_MB });
    const text = 'text' in out ? out.text : '';
    const { text_sha1 } = leakFields(text);
    if (text_sha1 !== finding.text_sha1) {
      throw new AppError('CONFLICT', `${src.name} changed since it was audited; run the audit again before revealing.`);
    }
    return { text, text_sha1 };
  }

  export(id: string, format: 'json' | 'csv'): { mediaPath: string; file: string } {
    const report = this.store.get(id);
    const name = `findings.${format}`;
    const file = path.join(this.store.dir(id), name);
    fs.writeFileSync(file, format === 'csv' ? auditCsv(report) : auditJson(report));
    return { mediaPath: `audit/${id}/${name}`, file };
  }
}
