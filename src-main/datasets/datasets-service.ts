import crypto from 'node:crypto';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventBus } from '../app/event-bus';
import type { DataPaths } from '../app/paths';
import type {
  DatasetDTO,
  DatasetStatsDTO,
  Split,
  SplitSuggestionDTO,
  ValidationWarningDTO,
} from '../shared/contract/datasets';
import { AppError } from '../shared/errors';
import { assignFileNames } from '../interop/file-names';
import { buildCoco, type CocoDataset } from '../interop/coco';
import { loadDatasetPages, type DatasetPage, type PageSelection } from './dataset-pages';
import { DEFAULT_RATIOS, pickSplit, unitHash, type SplitRatios } from './splits';
import { computeStats, isLabelled } from './stats';
import { validatePages } from './validate-pages';

export const DEFAULT_DATASET = 'default';

interface DatasetRow {
  id: number;
  name: string;
  description: string | null;
  test_frozen: number;
  created_at: string;
}

/** A split of a dataset as COCO, with where each image is on disk (for training). */
export interface CocoSplit {
  coco: CocoDataset;
  /**
   * One entry per COCO image: its page, the absolute path of the rendered PNG, and whether its
   * document is synthetic (training mixes synthetic and real pages by share).
   */
  images: { imageId: number; pageId: number; fileName: string; path: string; synthetic: boolean }[];
}

/**
 * Datasets: documents assigned to train/val/test as a whole (pages of a document never straddle
 * splits), a test split that can be frozen, split suggestions, stats, validation and a content hash.
 */
export class DatasetsService {
  constructor(
    private readonly db: Database,
    private readonly paths: DataPaths,
    private readonly bus: EventBus,
    private readonly readOnly: boolean,
  ) {}

  list(): DatasetDTO[] {
    this.defaultId();
    const rows = this.db.prepare('SELECT * FROM datasets ORDER BY id').all() as DatasetRow[];
    return rows.map((r) => this.toDto(r));
  }

  get(id: number): DatasetDTO {
    return this.toDto(this.row(id));
  }

  byName(name: string): DatasetDTO | null {
    const r = this.db.prepare('SELECT * FROM datasets WHERE name = ?').get(name) as DatasetRow | undefined;
    return r ? this.toDto(r) : null;
  }

  create(name: string, description?: string): DatasetDTO {
    const clean = name.trim();
    if (!clean || clean.length > 100)
      throw new AppError('INVALID_REQUEST', 'A dataset name needs 1 to 100 characters.');
    if (this.byName(clean))
      throw new AppError('CONFLICT', `A dataset named "${clean}" already exists; pick another name.`);
    this.writable();
    const r = this.db.prepare('INSERT INTO datasets (name, description) VALUES (?, ?)').run(clean, description ?? null);
    return this.get(Number(r.lastInsertRowid));
  }

  /** The dataset of that name, created when missing. */
  ensure(name: string): DatasetDTO {
    return this.byName(name.trim()) ?? this.create(name);
  }

  /** Id of the "default" dataset (created on first use; -1 in a read-only database that lacks it). */
  defaultId(): number {
    const r = this.db.prepare('SELECT id FROM datasets WHERE name = ?').get(DEFAULT_DATASET) as
      { id: number } | undefined;
    if (r) return r.id;
    if (this.readOnly) return -1;
    return Number(this.db.prepare('INSERT INTO datasets (name) VALUES (?)').run(DEFAULT_DATASET).lastInsertRowid);
  }

  /** Throws CONFLICT when documents may not be assigned to `split` now (frozen test split). */
  checkAssignable(datasetId: number, split: Split | null): void {
    const ds = this.row(datasetId);
    if (ds.test_frozen && split === 'test') throw this.frozenError(ds.name);
  }

  /** Assigns whole documents to a split (null removes them from the dataset). */
  assignSplit(datasetId: number, documentIds: readonly number[], split: Split | null): DatasetDTO {
    const ds = this.row(datasetId);
    this.writable();
    const current = this.currentSplits(datasetId, documentIds);
    if (ds.test_frozen) {
      const touchesTest = documentIds.some((id) => (current.get(id) === 'test') !== (split === 'test'));
      if (touchesTest) throw this.frozenError(ds.name);
    }
    const put = this.db.prepare(
      `INSERT INTO dataset_documents (dataset_id, document_id, split) VALUES (?, ?, ?)
       ON CONFLICT(dataset_id, document_id) DO UPDATE SET split = excluded.split`,
    );
    const del = this.db.prepare('DELETE FROM dataset_documents WHERE dataset_id = ? AND document_id = ?');
    const exists = this.db.prepare('SELECT 1 FROM documents WHERE id = ? AND deleted_at IS NULL');
    this.db.transaction(() => {
      for (const id of documentIds) {
        if (!exists.get(id)) throw new AppError('NOT_FOUND', `Document ${id} does not exist or was deleted.`);
        if (split) put.run(datasetId, id, split);
        else del.run(datasetId, id);
      }
    })();
    this.bus.emit('datasets:onChanged', { datasetId });
    return this.get(datasetId);
  }

  setTestFrozen(datasetId: number, frozen: boolean): DatasetDTO {
    this.row(datasetId);
    this.writable();
    this.db.prepare('UPDATE datasets SET test_frozen = ? WHERE id = ?').run(frozen ? 1 : 0, datasetId);
    this.bus.emit('datasets:onChanged', { datasetId });
    return this.get(datasetId);
  }

  /**
   * Deterministic split by document hash (default 80/10/10): unassigned documents get a split;
   * with `reassign`, assigned ones may move too. Frozen test documents never move, and none enter.
   */
  suggestSplits(
    datasetId: number,
    opts: { ratios?: SplitRatios; seed?: string; reassign?: boolean; apply: boolean },
  ): SplitSuggestionDTO {
    const ds = this.row(datasetId);
    const ratios = opts.ratios ?? DEFAULT_RATIOS;
    const frozen = ds.test_frozen === 1;
    const docs = this.db
      .prepare(
        `SELECT d.id, d.sha256, dd.split FROM documents d
         LEFT JOIN dataset_documents dd ON dd.document_id = d.id AND dd.dataset_id = ?
         WHERE d.deleted_at IS NULL AND d.state = 'ready' ORDER BY d.id`,
      )
      .all(datasetId) as { id: number; sha256: string; split: Split | null }[];
    const counts = { train: 0, val: 0, test: 0, unassigned: 0 };
    const assignments: { documentId: number; split: Split }[] = [];
    for (const d of docs) {
      const keep = d.split !== null && (!opts.reassign || (frozen && d.split === 'test'));
      const split = keep ? d.split! : pickSplit(unitHash(opts.seed ?? '', d.sha256), ratios, frozen);
      counts[split]++;
      if (split !== d.split) assignments.push({ documentId: d.id, split });
    }
    if (opts.apply && assignments.length) {
      this.writable();
      const put = this.db.prepare(
        `INSERT INTO dataset_documents (dataset_id, document_id, split) VALUES (?, ?, ?)
         ON CONFLICT(dataset_id, document_id) DO UPDATE SET split = excluded.split`,
      );
      this.db.transaction(() => assignments.forEach((a) => put.run(datasetId, a.documentId, a.split)))();
      this.bus.emit('datasets:onChanged', { datasetId });
    }
    return { assignments, counts, applied: opts.apply };
  }

  pages(sel: PageSelection): DatasetPage[] {
    return loadDatasetPages(this.db, sel);
  }

  stats(datasetId: number, split?: Split): DatasetStatsDTO {
    this.row(datasetId);
    return computeStats(datasetId, split ?? 'all', this.pages({ datasetId, split }));
  }

  /** Validation warnings (box outside the page, tiny, huge redaction, duplicates, several content boxes). */
  validate(sel: { datasetId?: number; split?: Split; documentIds?: readonly number[] } = {}): ValidationWarningDTO[] {
    const datasetId = sel.datasetId ?? this.defaultId();
    return validatePages(this.pages({ datasetId, split: sel.split, documentIds: sel.documentIds }));
  }

  /**
   * The dataset version: sha256 over every assigned document's pages (image hash and size), boxes
   * (class, corners to 1e-3, style, label) and split. Independent of ids and insertion order.
   */
  hash(datasetId: number): string {
    this.row(datasetId);
    const lines = this.pages({ datasetId, split: 'assigned' }).map((p) => {
      const boxes = p.boxes
        .map((b) => [b.class, ...b.box.map((v) => v.toFixed(3)), b.style ?? '', b.label ?? ''].join(','))
        .sort();
      return [p.documentSha256, p.split, p.index, `${p.width}x${p.height}`, p.imageSha256 ?? '', ...boxes].join('\t');
    });
    lines.sort();
    return crypto.createHash('sha256').update(lines.join('\n')).digest('hex');
  }

  /** One split as COCO (pages without boxes included) plus the PNG path of every image. */
  /**
   * A split as COCO with its image paths. `labelledOnly` (training, evaluation) leaves out pages
   * nobody annotated yet, which would otherwise teach the model that their redactions are background.
   */
  toCoco(datasetId: number, split: Split, opts: { labelledOnly?: boolean } = {}): CocoSplit {
    const ds = this.row(datasetId);
    const all = this.pages({ datasetId, split });
    const pages = opts.labelledOnly ? all.filter(isLabelled) : all;
    const names = assignFileNames(pages);
    const coco = buildCoco(pages, names, `Redaction Lab dataset "${ds.name}", split ${split}`);
    const images = pages.map((p) => ({
      imageId: p.pageId,
      pageId: p.pageId,
      fileName: names.get(p.pageId)!,
      path: path.join(this.paths.root, p.imagePath),
      synthetic: p.synthetic,
    }));
    return { coco, images };
  }

  private currentSplits(datasetId: number, ids: readonly number[]): Map<number, Split> {
    const rows = this.db
      .prepare(
        `SELECT document_id, split FROM dataset_documents WHERE dataset_id = ? AND document_id IN (SELECT value FROM json_each(?))`,
      )
      .all(datasetId, JSON.stringify(ids)) as { document_id: number; split: Split }[];
    return new Map(rows.map((r) => [r.document_id, r.split]));
  }

  private frozenError(name: string): AppError {
    return new AppError(
      'CONFLICT',
      `The test split of dataset "${name}" is frozen, so no document can move into or out of it. Unfreeze it first if you really mean to change it.`,
    );
  }

  private writable(): void {
    if (this.readOnly)
      throw new AppError('READ_ONLY', 'The database is open read-only; update the app to change datasets.');
  }

  private row(id: number): DatasetRow {
    const r = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    if (!r) throw new AppError('NOT_FOUND', `Dataset ${id} does not exist.`);
    return r;
  }

  private toDto(r: DatasetRow): DatasetDTO {
    const counts = { train: 0, val: 0, test: 0, unassigned: 0 };
    const rows = this.db
      .prepare(
        `SELECT dd.split, COUNT(*) AS n FROM documents d
         LEFT JOIN dataset_documents dd ON dd.document_id = d.id AND dd.dataset_id = ?
         WHERE d.deleted_at IS NULL AND d.state = 'ready' GROUP BY dd.split`,
      )
      .all(r.id) as { split: Split | null; n: number }[];
    for (const x of rows) counts[x.split ?? 'unassigned'] += x.n;
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      testFrozen: r.test_frozen === 1,
      counts,
      createdAt: r.created_at,
    };
  }
}
