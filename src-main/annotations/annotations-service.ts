import type { Database } from 'better-sqlite3';
import type { EventBus } from '../app/event-bus';
import { nowIso } from '../db/database';
import { deriveHasRedactions, MAX_BOXES_PER_PAGE, type BoxSource } from '../shared/annotation-rules';
import type { BoxClass } from '../shared/boxes';
import type {
  AnnotatedPageDTO,
  AnnotationBoxInput,
  HasRedactions,
  PageSavedDTO,
  PageSummaryDTO,
} from '../shared/contract/annotations';
import { AppError } from '../shared/errors';
import { flagToDb, PageQueries, type PageRow } from './page-queries';
import { countRedactions, validateBoxes, type CleanBox } from './validate-boxes';

export const CONFLICT_MESSAGE = 'This page was changed in another window; reload it to see the changes.';

export interface SavePageRequest {
  pageId: number;
  /** The page version the caller's boxes were based on. */
  baseVersion: number;
  boxes: readonly AnnotationBoxInput[];
  /** Omitted: derived from the boxes (see deriveHasRedactions). */
  hasRedactions?: HasRedactions;
  reviewed?: boolean;
}

export interface SetFlagsRequest {
  pageId: number;
  baseVersion: number;
  hasRedactions?: HasRedactions;
  reviewed?: boolean;
}

export interface AddBoxesOptions {
  /** Source stored for every added box; defaults to each box's own or 'manual'. */
  source?: BoxSource;
  /** When given, refuse with CONFLICT unless the page is still at this version. */
  expectedVersion?: number;
}

function flagsOf(r: { hasRedactions: HasRedactions; reviewed: boolean }): {
  hasRedactions: HasRedactions;
  reviewed: boolean;
} {
  return { hasRedactions: r.hasRedactions, reviewed: r.reviewed };
}

function notFound(pageId: number): AppError {
  return new AppError('NOT_FOUND', `Page ${pageId} does not exist or its document was deleted; pick another page.`);
}

/**
 * Boxes and flags of pages with optimistic concurrency: every change names the version it was
 * based on, runs in one immediate transaction that bumps `pages.annotation_version`, and is
 * refused with CONFLICT (changing nothing) when another writer got there first. After each
 * commit `annotations:onPageChanged` tells every window.
 */
export class AnnotationsService {
  private readonly q: PageQueries;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
  ) {
    this.q = new PageQueries(db);
  }

  /** One page with boxes, flags, version and its neighbours in library order. */
  getPage(pageId: number): AnnotatedPageDTO {
    const read = this.db.transaction(() => {
      const p = this.q.page(pageId);
      if (!p) throw notFound(pageId);
      const n = this.q.neighbours(p);
      return {
        id: p.id,
        documentId: p.documentId,
        documentName: p.documentName,
        index: p.index,
        pageCount: p.pageCount,
        width: p.width,
        height: p.height,
        image: `pages/${p.id}/image`,
        thumb: `pages/${p.id}/thumb`,
        hasRedactions: p.hasRedactions,
        reviewed: p.reviewed,
        version: p.version,
        boxes: this.q.boxes(p.id),
        prevPageId: n.prev,
        nextPageId: n.next,
        position: n.position,
        total: n.total,
      } satisfies AnnotatedPageDTO;
    });
    return read();
  }

  listPages(opts: { offset?: number; limit?: number; filter?: 'all' | 'todo' } = {}): {
    total: number;
    pages: PageSummaryDTO[];
  } {
    return this.q.list(opts.offset ?? 0, opts.limit ?? 200, opts.filter ?? 'all');
  }

  /** Replaces a page's box list (keeping rows whose `id` belongs to the page), version-checked. */
  save(req: SavePageRequest): PageSavedDTO {
    const result = this.db
      .transaction(() => {
        const page = this.lockedPage(req.pageId, req.baseVersion);
        const clean = validateBoxes(req.boxes, page);
        const before = this.q.boxes(page.id);
        const ids = this.replaceBoxes(page.id, clean, new Set(before.map((b) => b.id)));
        const hasRedactions = this.resolveHasRedactions(page, countRedactions(before), clean, req.hasRedactions);
        const flags = { hasRedactions, reviewed: req.reviewed ?? page.reviewed };
        const version = this.bump(page, flags);
        return { pageId: page.id, version, ...flags, boxes: this.q.boxesByIds(ids), documentId: page.documentId };
      })
      .immediate();
    return this.announce(result);
  }

  /** Sets "contains redactions" / "page has no redactions" and "reviewed", version-checked. */
  setPageFlags(req: SetFlagsRequest): PageSavedDTO {
    const result = this.db
      .transaction(() => {
        const page = this.lockedPage(req.pageId, req.baseVersion);
        const boxes = this.q.boxes(page.id);
        const hasRedactions =
          req.hasRedactions === undefined
            ? page.hasRedactions
            : this.resolveHasRedactions(page, countRedactions(boxes), boxes, req.hasRedactions);
        const flags = { hasRedactions, reviewed: req.reviewed ?? page.reviewed };
        const unchanged = flags.hasRedactions === page.hasRedactions && flags.reviewed === page.reviewed;
        const version = unchanged ? page.version : this.bump(page, flags);
        return { pageId: page.id, version, ...flags, boxes, documentId: page.documentId, unchanged };
      })
      .immediate();
    if (result.unchanged)
      return { pageId: result.pageId, version: result.version, ...flagsOf(result), boxes: result.boxes };
    return this.announce(result);
  }

  /**
   * Adds boxes to a page without touching its other boxes (e.g. model detections a reviewer
   * accepted). Returns the new version and the ids of the added rows, in order.
   */
  addBoxes(
    pageId: number,
    boxes: readonly AnnotationBoxInput[],
    opts: AddBoxesOptions = {},
  ): {
    version: number;
    ids: number[];
  } {
    const result = this.db
      .transaction(() => {
        const page = this.lockedPage(pageId, opts.expectedVersion);
        const before = this.q.boxes(page.id);
        const clean = validateBoxes(
          boxes.map((b) => ({ ...b, id: null })),
          page,
          { source: opts.source },
        );
        const all = [...before, ...clean];
        if (all.length > MAX_BOXES_PER_PAGE) {
          throw new AppError(
            'INVALID_DATA',
            `These boxes would take the page over ${MAX_BOXES_PER_PAGE} boxes; nothing was added.`,
          );
        }
        const ids = clean.map((b) => this.insert(page.id, b));
        const hasRedactions = deriveHasRedactions(page.hasRedactions, countRedactions(before), countRedactions(all));
        const flags = { hasRedactions, reviewed: page.reviewed };
        const version = this.bump(page, flags);
        return { pageId: page.id, version, ...flags, boxes: this.q.boxes(page.id), documentId: page.documentId, ids };
      })
      .immediate();
    this.announce(result);
    return { version: result.version, ids: result.ids };
  }

  /** The page inside a write transaction, refusing a stale `baseVersion` (when one is given). */
  private lockedPage(pageId: number, baseVersion: number | undefined): PageRow {
    const page = this.q.page(pageId);
    if (!page) throw notFound(pageId);
    if (baseVersion !== undefined && page.version !== baseVersion) {
      throw new AppError('CONFLICT', CONFLICT_MESSAGE, { pageId, version: page.version, baseVersion });
    }
    return page;
  }

  private resolveHasRedactions(
    page: PageRow,
    redactionsBefore: number,
    boxes: readonly { class: BoxClass }[],
    requested: HasRedactions | undefined,
  ): HasRedactions {
    const n = countRedactions(boxes);
    if (requested === undefined) return deriveHasRedactions(page.hasRedactions, redactionsBefore, n);
    if (requested === false && n > 0) {
      throw new AppError(
        'INVALID_DATA',
        `This page still has ${n} redaction box${n === 1 ? '' : 'es'}; delete ${n === 1 ? 'it' : 'them'} before marking the page as having no redactions.`,
      );
    }
    return n > 0 ? true : requested;
  }

  /** Deletes rows not kept, updates kept ones, inserts new ones; returns ids in input order. */
  private replaceBoxes(pageId: number, clean: readonly CleanBox[], existing: Set<number>): number[] {
    const kept = new Set<number>();
    const plan = clean.map((b) => {
      const keep = b.id !== null && existing.has(b.id) && !kept.has(b.id);
      if (keep && b.id !== null) kept.add(b.id);
      return keep;
    });
    const del = this.db.prepare('DELETE FROM annotations WHERE id = ?');
    for (const id of existing) if (!kept.has(id)) del.run(id);
    const upd = this.db.prepare(
      `UPDATE annotations SET class = ?, x0 = ?, y0 = ?, x1 = ?, y1 = ?, style = ?, label = ?, source = ?, score = ?
        WHERE id = ? AND page_id = ?`,
    );
    return clean.map((b, i) => {
      if (!plan[i] || b.id === null) return this.insert(pageId, b);
      upd.run(b.class, ...b.box, b.style, b.label, b.source, b.score, b.id, pageId);
      return b.id;
    });
  }

  private insert(pageId: number, b: CleanBox): number {
    const r = this.db
      .prepare(
        `INSERT INTO annotations (page_id, class, x0, y0, x1, y1, style, label, source, score)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(pageId, b.class, ...b.box, b.style, b.label, b.source, b.score);
    return Number(r.lastInsertRowid);
  }

  private bump(page: PageRow, flags: { hasRedactions: HasRedactions; reviewed: boolean }): number {
    const version = page.version + 1;
    this.db
      .prepare('UPDATE pages SET annotation_version = ?, has_redactions = ?, reviewed = ?, updated_at = ? WHERE id = ?')
      .run(version, flagToDb(flags.hasRedactions), flags.reviewed ? 1 : 0, nowIso(), page.id);
    return version;
  }

  /**
   * Tells every window about a commit. Inside a caller's transaction (a nested save) the event
   * waits until that transaction ended, and is dropped if it was rolled back.
   */
  private announce<T extends PageSavedDTO & { documentId: number }>(r: T): PageSavedDTO {
    const event = {
      pageId: r.pageId,
      documentId: r.documentId,
      version: r.version,
      boxCount: r.boxes.length,
      hasRedactions: r.hasRedactions,
      reviewed: r.reviewed,
    };
    if (!this.db.inTransaction) this.bus.emit('annotations:onPageChanged', event);
    else {
      setImmediate(() => {
        if (this.db.open && this.q.page(r.pageId)?.version === r.version) {
          this.bus.emit('annotations:onPageChanged', event);
        }
      });
    }
    return {
      pageId: r.pageId,
      version: r.version,
      hasRedactions: r.hasRedactions,
      reviewed: r.reviewed,
      boxes: r.boxes,
    };
  }
}
