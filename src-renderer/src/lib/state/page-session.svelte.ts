import type { AnnotatedPageDTO, AnnotationBoxInput, HasRedactions, PageSavedDTO } from '$shared/contract/annotations';
import { deriveHasRedactions, type BoxSource } from '$shared/annotation-rules';
import type { Box, BoxClass, BoxStyle } from '$shared/boxes';
import type { Result } from '$shared/errors';
import { api } from '../api';
import { History } from '../editor/history';

/** A box as the editor holds it: `key` is stable in this window; the stored id lives in the session. */
export interface EditorBox {
  readonly key: number;
  readonly class: BoxClass;
  readonly box: Box;
  readonly style: BoxStyle | null;
  readonly label: string | null;
  readonly source: BoxSource;
  readonly score: number | null;
}

/**
 * saved: the main process confirmed the latest change · saving: a save is on its way ·
 * failed: the last save did not commit (Retry) · conflict: the page changed elsewhere.
 */
export type SaveState = 'saved' | 'saving' | 'failed' | 'conflict';

export type SaveFn = (req: {
  pageId: number;
  baseVersion: number;
  boxes: AnnotationBoxInput[];
  hasRedactions: HasRedactions;
  reviewed: boolean;
}) => Promise<Result<PageSavedDTO>>;

let nextKey = 1;
export function newKey(): number {
  return nextKey++;
}

function countRedactions(boxes: readonly EditorBox[]): number {
  return boxes.filter((b) => b.class === 'redaction').length;
}

const defaultSave: SaveFn = (req) => api.result('annotations:save', req);

/**
 * One page open in the editor: its boxes and flags, its own undo history, and its autosave.
 * Every change is saved at once; saves are serialized (one in flight, the next one carries the
 * latest state and the version the previous one returned). The state says "saved" only after the
 * main process confirmed the commit; a refused save keeps the boxes here, visibly unsaved.
 */
export class PageSession {
  page: AnnotatedPageDTO;
  boxes = $state.raw<readonly EditorBox[]>([]);
  hasRedactions = $state<HasRedactions>(null);
  reviewed = $state(false);
  version = $state(0);
  saveState = $state<SaveState>('saved');
  error = $state<string | null>(null);
  /** Set when another window committed a change while this one had unsaved edits. */
  remoteVersion = $state<number | null>(null);
  canUndo = $state(false);
  canRedo = $state(false);

  private readonly history = new History<readonly EditorBox[]>();
  private readonly ids = new Map<number, number>();
  private changeSeq = 0;
  private savedSeq = 0;
  private inFlight = false;

  /** Called when the page is clean again but another window committed a newer version meanwhile. */
  onStale: (() => void) | null = null;

  constructor(
    page: AnnotatedPageDTO,
    private readonly saveFn: SaveFn = defaultSave,
  ) {
    this.page = $state.raw(page);
    this.load(page);
  }

  get pageId(): number {
    return this.page.id;
  }

  /** True while a change is not yet confirmed by the main process. */
  get dirty(): boolean {
    return this.changeSeq > this.savedSeq || this.saveState !== 'saved';
  }

  /** Replaces everything with the stored page (initial load, "Reload page", a remote change). */
  load(page: AnnotatedPageDTO): void {
    this.page = page;
    this.ids.clear();
    this.boxes = page.boxes.map((b) => {
      const key = newKey();
      this.ids.set(key, b.id);
      return { key, class: b.class, box: b.box, style: b.style, label: b.label, source: b.source, score: b.score };
    });
    this.hasRedactions = page.hasRedactions;
    this.reviewed = page.reviewed;
    this.version = page.version;
    this.history.clear();
    this.syncHistory();
    this.changeSeq = this.savedSeq = 0;
    this.saveState = 'saved';
    this.error = null;
    this.remoteVersion = null;
  }

  /** Takes new page metadata (neighbours, position) without touching boxes. */
  refreshMeta(page: AnnotatedPageDTO): void {
    this.page = { ...page, boxes: [] };
  }

  /** Applies an edit of the box list as one undo step (or joins the previous one with the same mergeKey). */
  apply(next: readonly EditorBox[], mergeKey: string | null = null): void {
    this.history.push(this.boxes, mergeKey);
    this.setBoxes(next);
  }

  undo(): boolean {
    const prev = this.history.undo(this.boxes);
    if (!prev) return false;
    this.setBoxes(prev);
    return true;
  }

  redo(): boolean {
    const next = this.history.redo(this.boxes);
    if (!next) return false;
    this.setBoxes(next);
    return true;
  }

  setFlags(flags: { hasRedactions?: HasRedactions; reviewed?: boolean }): void {
    if (flags.hasRedactions !== undefined) this.hasRedactions = flags.hasRedactions;
    if (flags.reviewed !== undefined) this.reviewed = flags.reviewed;
    this.changed();
  }

  /** Saves again after a failure. */
  retry(): void {
    if (this.saveState === 'failed') {
      this.saveState = 'saving';
      void this.flush();
    }
  }

  /** After a conflict: keep this window's boxes and save them on top of the stored version. */
  async keepMine(latestVersion: number): Promise<void> {
    this.version = latestVersion;
    this.remoteVersion = null;
    this.saveState = 'saving';
    this.error = null;
    this.changeSeq++;
    await this.flush();
  }

  /**
   * Another window committed `version`. Returns true when the page should be reloaded now
   * (nothing unsaved here); otherwise remembers it, and the next save will meet the conflict.
   */
  remoteChanged(version: number): boolean {
    if (version <= this.version) return false;
    if (this.inFlight) {
      this.remoteVersion = version;
      return false;
    }
    if (!this.dirty) return true;
    this.remoteVersion = version;
    return false;
  }

  private setBoxes(next: readonly EditorBox[]): void {
    const before = countRedactions(this.boxes);
    this.boxes = next;
    this.hasRedactions = deriveHasRedactions(this.hasRedactions, before, countRedactions(next));
    this.syncHistory();
    this.changed();
  }

  private syncHistory(): void {
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
  }

  private changed(): void {
    this.changeSeq++;
    if (this.saveState === 'conflict') return;
    if (this.saveState === 'failed') this.saveState = 'saving';
    void this.flush();
  }

  private toInput(b: EditorBox): AnnotationBoxInput {
    return {
      id: this.ids.get(b.key) ?? null,
      class: b.class,
      box: b.box,
      style: b.style,
      label: b.label,
      source: b.source,
      score: b.score,
    };
  }

  /** Sends the latest state until everything is confirmed, one save at a time. */
  private async flush(): Promise<void> {
    if (this.inFlight) return;
    while (this.changeSeq > this.savedSeq && this.saveState !== 'conflict') {
      this.inFlight = true;
      this.saveState = 'saving';
      const seq = this.changeSeq;
      const sent = this.boxes;
      const r = await this.saveFn({
        pageId: this.page.id,
        baseVersion: this.version,
        boxes: sent.map((b) => this.toInput(b)),
        hasRedactions: this.hasRedactions,
        reviewed: this.reviewed,
      }).catch((e: unknown) => ({ ok: false as const, error: { code: 'IO_ERROR' as const, message: String(e) } }));
      this.inFlight = false;
      if (!r.ok) {
        this.saveState = r.error.code === 'CONFLICT' ? 'conflict' : 'failed';
        this.error = r.error.message;
        return;
      }
      this.version = r.value.version;
      this.savedSeq = seq;
      sent.forEach((b, i) => {
        const stored = r.value.boxes[i];
        if (stored) this.ids.set(b.key, stored.id);
      });
      if (seq === this.changeSeq) {
        this.hasRedactions = r.value.hasRedactions;
        this.reviewed = r.value.reviewed;
      }
    }
    if (this.saveState === 'saving' && this.changeSeq === this.savedSeq) {
      this.saveState = 'saved';
      this.error = null;
      if (this.remoteVersion !== null && this.remoteVersion <= this.version) this.remoteVersion = null;
      else if (this.remoteVersion !== null) this.onStale?.();
    }
  }
}
