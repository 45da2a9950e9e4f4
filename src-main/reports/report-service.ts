import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DataPaths } from '../app/paths';
import { writeFileAtomicSync } from '../app/atomic-file';
import { insideDir } from '../app/paths';
import type { MediaRegistry } from '../app/media';
import { mimeOf } from '../app/media';
import type { JobRunner } from '../jobs/job-runner';
import { runWorker } from '../jobs/worker-host';
import type { AuditFile } from '../shared/contract/audit';
import type { JobDTO } from '../shared/contract/jobs';
import type { StatsDTO, StatsSource } from '../shared/contract/review';
import { AppError } from '../shared/errors';
import type { AuditWorkerInput, AuditWorkerOutput } from '../workers/audit';
import { libraryPdfs, redactionBoxesByPage } from '../audit/library';
import { boxesCsv, boxesJson } from './box-export';
import { inkBounds } from './ink';
import { reportPages, type ReportPage } from './page-boxes';
import { writePdfReport } from './pdf-report';
import { computeStats } from './stats';

export type ReportFormat = 'pdf' | 'csv' | 'json';

export interface ReportQuery {
  documentIds?: number[];
  source?: StatsSource;
  modelKey?: string;
  threshold?: number;
}

export interface WriteReportOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
}

interface ReportJobParams extends ReportQuery {
  format: ReportFormat;
  name: string;
}

const DEFAULT_THRESHOLD = 0.5;

/**
 * Redaction statistics and reports (PDF with page images and boxes, CSV and JSON of every box)
 * over library documents, from annotations and/or a model's predictions, with the audit of the
 * PDF originals. Used by the Review view, `review:report` and `redlab report`.
 */
export class ReportService {
  constructor(
    private readonly db: Database,
    private readonly paths: DataPaths,
    private readonly jobs: JobRunner,
    media: MediaRegistry,
  ) {
    jobs.register<ReportJobParams, { mediaPath: string; file: string }>({
      kind: 'report',
      lane: 'report',
      title: (p) => `Write ${p.format.toUpperCase()} report`,
      run: async (p, ctx) => {
        const file = path.join(this.paths.reports, p.name);
        await this.write(p.format, file, p, { signal: ctx.signal, onProgress: (f, m) => ctx.progress(f, m) });
        return { mediaPath: `reports/${p.name}`, file };
      },
    });
    media.register('reports', ([name, ...rest]) => {
      if (!name || rest.length || !/^report-[\w-]+\.(pdf|csv|json)$/.test(name)) return null;
      const file = path.join(this.paths.reports, name);
      return { file, type: mimeOf(file), downloadName: name };
    });
  }

  private pages(q: ReportQuery): ReportPage[] {
    return reportPages(this.db, {
      documentIds: q.documentIds,
      source: q.source ?? 'both',
      modelKey: q.modelKey ?? 'default',
      threshold: q.threshold ?? DEFAULT_THRESHOLD,
    });
  }

  imageFile(p: ReportPage): string {
    const f = insideDir(this.paths.root, p.imagePath);
    if (!f) throw new AppError('NOT_FOUND', `The image of page ${p.index + 1} of ${p.documentName} is missing.`);
    return f;
  }

  async stats(q: ReportQuery): Promise<StatsDTO> {
    return this.statsOf(this.pages(q), q);
  }

  private statsOf(pages: ReportPage[], q: ReportQuery): Promise<StatsDTO> {
    const ink = async (p: ReportPage): Promise<[number, number, number, number] | null> => {
      try {
        return await inkBounds(this.imageFile(p));
      } catch {
        return null;
      }
    };
    return computeStats(pages, ink, {
      source: q.source ?? 'both',
      modelKey: q.source === 'annotations' ? null : (q.modelKey ?? 'default'),
      threshold: q.threshold ?? DEFAULT_THRESHOLD,
    });
  }

  /** Audits the PDF originals among the documents (cross-checking their redaction boxes). */
  async auditDocuments(
    documentIds: readonly number[] | undefined,
    signal?: AbortSignal,
    onProgress?: (fraction: number, message?: string) => void,
  ): Promise<AuditFile[]> {
    const want = documentIds?.length ? new Set(documentIds) : null;
    const files = libraryPdfs(this.db, this.paths.originals)
      .filter((d) => !want || want.has(d.id))
      .map((d) => ({ path: d.file, name: d.name, documentId: d.id, detections: redactionBoxesByPage(this.db, d.id) }));
    if (files.length === 0) return [];
    const input: AuditWorkerInput = { mode: 'audit', files };
    const out = await runWorker<AuditWorkerOutput>('audit', input, {
      signal,
      onProgress,
      maxOldGenerationSizeMb: 2048,
    });
    return 'files' in out ? out.files : [];
  }

  start(format: ReportFormat, q: ReportQuery): JobDTO {
    const name = `report-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`;
    return this.jobs.start('report', { ...q, format, name } satisfies ReportJobParams);
  }

  /** Writes the report to `out` (atomically). */
  async write(
    format: ReportFormat,
    out: string,
    q: ReportQuery,
    opts: WriteReportOptions = {},
  ): Promise<{ boxes: number; pages: number }> {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const pages = this.pages(q);
    const boxes = pages.reduce((s, p) => s + p.boxes.length, 0);
    opts.onProgress?.(0.05, 'Measuring redactions');
    const stats = await this.statsOf(pages, q);
    if (format === 'csv') {
      writeFileAtomicSync(out, boxesCsv(pages));
      return { boxes, pages: pages.length };
    }
    opts.onProgress?.(0.2, 'Auditing the PDF originals');
    const audit = await this.auditDocuments(q.documentIds, opts.signal, (f, m) =>
      opts.onProgress?.(0.2 + 0.1 * f, m ?? 'Auditing the PDF originals'),
    );
    if (format === 'json') {
      const body = { generatedAt: new Date().toISOString(), stats, audit: auditJson(audit), boxes: boxesJson(pages) };
      writeFileAtomicSync(out, JSON.stringify(body, null, 2) + '\n');
      return { boxes, pages: pages.length };
    }
    const source = q.source ?? 'both';
    const model = q.modelKey ?? 'default';
    const t = q.threshold ?? DEFAULT_THRESHOLD;
    const sourceLine =
      source === 'annotations'
        ? 'Boxes: annotations (manual, imported and accepted model boxes).'
        : `Boxes: ${source === 'both' ? 'annotations, plus undecided ' : ''}detections of model "${model}" with score >= ${t}${source === 'both' ? '' : ' (rejected ones left out)'}.`;
    const r = await writePdfReport(
      {
        title: 'Redaction report',
        sourceLine,
        stats,
        pages,
        audit,
        imageFile: (p) => this.imageFile(p),
        signal: opts.signal,
        onPage: (d, n) => opts.onProgress?.(0.3 + (0.7 * d) / n, `Drawing page ${d} of ${n}`),
      },
      out,
    );
    return { boxes, pages: r.pages };
  }
}

function auditJson(files: AuditFile[]): unknown {
  return files.map((f) => ({
    file: f.file,
    documentId: f.documentId ?? null,
    pages: f.pages.filter((p) => p.findings.length).map((p) => ({ page: p.page, findings: p.findings })),
    ...(f.error ? { error: f.error } : {}),
  }));
}
