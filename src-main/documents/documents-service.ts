import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventBus } from '../app/event-bus';
import { insideDir, type DataPaths } from '../app/paths';
import type { SettingsStore } from '../app/settings';
import type { DatasetsService } from '../datasets/datasets-service';
import type {
  ImportFormat,
  ImportResultDTO,
  LibraryDocumentDTO,
  PageTextDTO,
  TextItemDTO,
} from '../shared/contract/documents';
import { detectInterop, importInterop, type InteropFormat } from '../interop/import-interop';
import type { Split } from '../shared/contract/datasets';
import { AppError } from '../shared/errors';
import { commitDocument } from './commit';
import { DocumentsRepo, type PageRecord } from './documents-repo';
import { importBatch } from './import/import-batch';
import type { ImportEnv } from './import/import-file';
import { LIMITS } from './import/messages';
import { ORIGINAL_EXT, type FileType } from './import/sniff';
import { RenderPool } from './render/render-pool';
import type { RenderLimits } from './render/protocol';
import { makeStaging, stageRenderedDocument, type RenderedDocumentInput } from './rendered';
import { purgeDeleted, restoreDocuments, softDeleteDocuments } from './lifecycle';

export interface ImportFilesOptions {
  /** Render DPI for PDF pages; default: the `defaultDpi` setting. */
  dpi?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
  /** Assign imported documents to a split of this dataset (default dataset when only `split` is given). */
  dataset?: { id?: number; name?: string; split: Split };
  /** 'auto' (default): documents, plus COCO `.json` and Prodigy `.jsonl` files by content. */
  format?: ImportFormat;
  /** Images folder for annotation files (default: next to the file). */
  images?: string;
}

export interface DocumentsServiceOptions {
  /** Render workers (default 2). */
  workers?: number;
  limits?: Partial<RenderLimits>;
}

/** Render workers: 2 (one per core of the reference machine), or `REDLAB_IMPORT_WORKERS` (1–16). */
function defaultWorkers(): number {
  const n = Number(process.env.REDLAB_IMPORT_WORKERS);
  return Number.isInteger(n) && n >= 1 && n <= 16 ? n : 2;
}

function notFound(pageId: number): AppError {
  return new AppError('NOT_FOUND', `Page ${pageId} does not exist or its document was deleted; pick another page.`);
}

/**
 * Documents and pages: import (PDFs and images, rendered once into the page cache), documents
 * made by other parts of the app (synthetic pages, samples), page lookups, soft delete.
 */
export class DocumentsService {
  readonly repo: DocumentsRepo;
  private poolInstance: RenderPool | null = null;
  private readonly workers: number;
  private readonly limits: RenderLimits;

  constructor(
    private readonly db: Database,
    private readonly paths: DataPaths,
    private readonly bus: EventBus,
    private readonly settings: SettingsStore,
    private readonly datasets: DatasetsService,
    opts: DocumentsServiceOptions = {},
  ) {
    this.repo = new DocumentsRepo(db);
    this.workers = opts.workers ?? defaultWorkers();
    this.limits = {
      maxPages: LIMITS.maxPages,
      maxImagePixels: LIMITS.maxImagePixels,
      maxRenderPixels: LIMITS.maxRenderPixels,
      ...opts.limits,
    };
  }

  private get pool(): RenderPool {
    this.poolInstance ??= new RenderPool({
      size: this.workers,
      heapMb: LIMITS.workerHeapMb,
      pageTimeoutMs: LIMITS.pageTimeoutMs,
    });
    return this.poolInstance;
  }

  private env(): ImportEnv {
    return {
      db: this.db,
      paths: this.paths,
      pool: this.pool,
      limits: this.limits,
      poolSize: this.workers,
      findBySha: (sha) => this.repo.findBySha(sha),
    };
  }

  private resolveDataset(d: ImportFilesOptions['dataset']): { id: number; split: Split } | undefined {
    if (!d) return undefined;
    const id = d.id ?? (d.name ? this.datasets.ensure(d.name).id : this.datasets.defaultId());
    this.datasets.checkAssignable(id, d.split);
    return { id, split: d.split };
  }

  /**
   * Imports files and folders (recursive): PDFs and images, and annotation files (COCO, YOLO, VOC,
   * Prodigy) with their images. Per-file failures are listed; the rest imports.
   */
  async importFiles(paths: readonly string[], opts: ImportFilesOptions = {}): Promise<ImportResultDTO> {
    const dpi = opts.dpi ?? this.settings.get().defaultDpi;
    if (!Number.isFinite(dpi) || dpi < 50 || dpi > 400)
      throw new AppError('INVALID_REQUEST', `The DPI must be between 50 and 400, not ${dpi}.`);
    const dataset = this.resolveDataset(opts.dataset);
    const format = opts.format ?? 'auto';
    const interop: { file: string; format: InteropFormat }[] = [];
    const plain: string[] = [];
    for (const p of paths) {
      const f = format === 'auto' ? detectInterop(p) : format;
      if (f) interop.push({ file: p, format: f });
      else plain.push(p);
    }
    const parts = plain.length + interop.length || 1;
    const result: ImportResultDTO = { documents: [], errors: [], warnings: [] };
    const merge = (r: ImportResultDTO): void => {
      result.documents.push(...r.documents);
      result.errors.push(...r.errors);
      result.warnings.push(...r.warnings);
    };
    if (plain.length) {
      const share = plain.length / parts;
      merge(
        await importBatch(this.env(), plain, {
          dpi,
          signal: opts.signal,
          dataset,
          onProgress: (f, m) => opts.onProgress?.(f * share, m),
        }),
      );
    }
    for (const [i, x] of interop.entries()) {
      const base = (plain.length + i) / parts;
      const onProgress = (f: number, m?: string): void => opts.onProgress?.(base + f / parts, m);
      merge(
        await importInterop(this.env(), x.format, x.file, {
          imagesDir: opts.images,
          signal: opts.signal,
          onProgress,
          dataset,
        }),
      );
    }
    const ids = result.documents.filter((d) => !d.existing).map((d) => d.id);
    if (ids.length) this.bus.emit('documents:onChanged', { ids });
    return result;
  }

  /**
   * Stores pages rendered elsewhere (synthetic generator, sample library) as one document,
   * flagged synthetic for kind 'synthetic'. The same page bytes again return the existing document.
   */
  async addRenderedDocument(
    input: RenderedDocumentInput,
  ): Promise<{ documentId: number; pageIds: number[]; existing: boolean }> {
    const staged = makeStaging(this.paths.tmp);
    try {
      const { pages, sha256, bytes } = await stageRenderedDocument(input, staged);
      const existing = this.repo.findBySha(sha256);
      if (existing) return { documentId: existing.id, pageIds: this.repo.pageIds(existing.id), existing: true };
      const dataset = input.dataset ? this.resolveDataset(input.dataset) : undefined;
      const settings = input.synthSettings === undefined ? null : JSON.stringify(input.synthSettings);
      const committed = commitDocument(this.db, this.paths, {
        name: input.name,
        sourcePath: null,
        sha256,
        kind: input.kind,
        mime: 'image/png',
        bytes,
        synthetic: input.kind === 'synthetic',
        synthSettings: settings,
        pages,
        staged,
        annotationSource: input.kind === 'synthetic' ? 'synthetic' : 'import',
        dataset,
      });
      this.bus.emit('documents:onChanged', { ids: [committed.documentId] });
      return { ...committed, existing: false };
    } finally {
      fs.rmSync(staged.root, { recursive: true, force: true });
    }
  }

  list(datasetId?: number): LibraryDocumentDTO[] {
    return this.repo.library(datasetId ?? this.datasets.defaultId());
  }

  getDocument(id: number, datasetId?: number): LibraryDocumentDTO {
    const doc = this.repo.library(datasetId ?? this.datasets.defaultId(), id)[0];
    if (!doc) throw new AppError('NOT_FOUND', `Document ${id} does not exist or was deleted.`);
    return doc;
  }

  /** A visible page, or null. */
  getPage(pageId: number): PageRecord | null {
    return this.repo.page(pageId);
  }

  /** Absolute path of the page's rendered PNG. */
  pageImagePath(pageId: number): string {
    const p = this.repo.page(pageId);
    const file = p ? insideDir(this.paths.root, p.imagePath) : null;
    if (!file) throw notFound(pageId);
    return file;
  }

  /** Absolute path of the page's JPEG thumbnail. */
  pageThumbPath(pageId: number): string {
    const p = this.repo.page(pageId);
    const file = p?.thumbPath ? insideDir(this.paths.root, p.thumbPath) : null;
    if (!file) throw notFound(pageId);
    return file;
  }

  /** Text layer of a PDF page (points, origin top-left) with the page size in points. */
  pageText(pageId: number): PageTextDTO {
    const p = this.repo.page(pageId);
    if (!p) throw notFound(pageId);
    const raw = this.repo.textItems(pageId);
    return { pageId, widthPt: p.widthPt, heightPt: p.heightPt, items: raw ? (JSON.parse(raw) as TextItemDTO[]) : [] };
  }

  /** The imported file kept under `originals/<sha256>.<ext>`, or null (generated documents have none). */
  originalPath(documentId: number): string | null {
    const d = this.repo.original(documentId);
    if (!d) return null;
    for (const ext of new Set(Object.values(ORIGINAL_EXT))) {
      const file = path.join(this.paths.originals, `${d.sha256}.${ext}`);
      if (fs.existsSync(file)) return file;
    }
    return null;
  }

  softDelete(ids: readonly number[]): number {
    const n = softDeleteDocuments(this.db, ids);
    if (n) this.bus.emit('documents:onChanged', { ids: [...ids] });
    return n;
  }

  restore(ids: readonly number[]): number {
    const n = restoreDocuments(this.db, ids);
    if (n) this.bus.emit('documents:onChanged', { ids: [...ids] });
    return n;
  }

  /** Removes documents deleted more than `olderThanMs` ago, with their files. */
  purgeDeleted(olderThanMs = 0): number {
    return purgeDeleted(this.db, this.paths, olderThanMs);
  }

  async close(): Promise<void> {
    await this.poolInstance?.close();
    this.poolInstance = null;
  }
}

export type { FileType, RenderedDocumentInput };
