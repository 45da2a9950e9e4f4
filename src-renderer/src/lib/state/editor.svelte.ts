import type { AnnotatedPageDTO, PageChangedEvent } from '$shared/contract/annotations';
import { BOX_STYLES, clipBox, type Box, type BoxClass, type BoxStyle } from '$shared/boxes';
import { MIN_BOX_SIZE } from '$shared/annotation-rules';
import { api, errorMessage } from '../api';
import { growBox } from '../editor/handles';
import { moveBox } from '../editor/geometry';
import { newKey, PageSession, type EditorBox } from './page-session.svelte';
import { router } from './router.svelte';

export type FitMode = 'width' | 'page' | null;

const STYLE_CYCLE: (BoxStyle | null)[] = [null, ...BOX_STYLES];

/** Pages kept open (with their undo history) while clean; pages with unsaved changes are never dropped. */
const KEEP_CLEAN_SESSIONS = 30;

function cycleStyle(s: BoxStyle | null, dir: 1 | -1): BoxStyle | null {
  const i = STYLE_CYCLE.indexOf(s);
  return STYLE_CYCLE[(i + dir + STYLE_CYCLE.length) % STYLE_CYCLE.length] ?? null;
}

/**
 * The page editor: which page is open, the selection, the class and style of the next box,
 * zoom, and the edit operations. Each page's boxes, undo history and autosave live in its
 * PageSession, kept while the user moves between pages.
 */
export class EditorState {
  session = $state.raw<PageSession | null>(null);
  loading = $state(false);
  loadError = $state<string | null>(null);
  selectedKey = $state<number | null>(null);
  drawClass = $state<BoxClass>('redaction');
  drawStyle = $state<BoxStyle | null>(null);
  fit = $state<FitMode>('page');
  zoom = $state(1);
  showBoxes = $state(true);
  helpOpen = $state(false);
  notice = $state<string | null>(null);
  /** Sessions in the order they were last opened. */
  openSessions = $state.raw<PageSession[]>([]);

  selected = $derived.by(() => this.session?.boxes.find((b) => b.key === this.selectedKey) ?? null);
  /** Other pages whose changes are not confirmed yet. */
  unsavedElsewhere = $derived(this.openSessions.filter((s) => s !== this.session && s.saveState !== 'saved'));

  private clipboard: EditorBox | null = null;
  private openToken = 0;
  private unsubscribe: (() => void) | null = null;

  /** Subscribes to changes from other windows; returns the stop function. */
  start(): () => void {
    this.unsubscribe ??= api.on('annotations:onPageChanged', (e) => this.onRemote(e));
    // Ask before leaving with unsaved changes: browsers show their own prompt; in Electron the main
    // process answers `will-prevent-unload` with a Leave/Stay dialog (src-main/index.ts).
    const beforeUnload = (e: BeforeUnloadEvent): void => {
      if (this.openSessions.some((s) => s.saveState !== 'saved')) e.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      this.unsubscribe?.();
      this.unsubscribe = null;
    };
  }

  /** Opens a page: its kept session when it has unsaved edits or is still current, else a fresh load. */
  async open(pageId: number): Promise<void> {
    const token = ++this.openToken;
    this.loading = true;
    this.loadError = null;
    try {
      const page = await api.call('annotations:getPage', { pageId });
      if (token !== this.openToken) return;
      this.show(this.sessionFor(page));
    } catch (e) {
      if (token !== this.openToken) return;
      this.loadError = errorMessage(e);
      this.session = null;
    } finally {
      if (token === this.openToken) this.loading = false;
    }
  }

  close(): void {
    this.openToken++;
    this.session = null;
    this.selectedKey = null;
  }

  private sessionFor(page: AnnotatedPageDTO): PageSession {
    const kept = this.openSessions.find((s) => s.pageId === page.id);
    if (kept && (kept.dirty || kept.version === page.version)) {
      kept.refreshMeta(page);
      return kept;
    }
    if (kept) {
      kept.load(page);
      return kept;
    }
    const s = new PageSession(page);
    s.onStale = () => void this.reload(s, 'This page was updated with changes made in another window.');
    return s;
  }

  private show(s: PageSession): void {
    const others = this.openSessions.filter((x) => x !== s);
    const clean = others.filter((x) => x.saveState === 'saved');
    const drop = new Set(clean.slice(0, Math.max(0, clean.length - KEEP_CLEAN_SESSIONS + 1)));
    this.openSessions = [...others.filter((x) => !drop.has(x)), s];
    if (this.session !== s) this.selectedKey = null;
    this.session = s;
    this.notice = null;
    const next = s.page.nextPageId;
    if (next !== null) new Image().src = api.media(`pages/${next}/image`);
  }

  private onRemote(e: PageChangedEvent): void {
    const s = this.openSessions.find((x) => x.pageId === e.pageId);
    if (s?.remoteChanged(e.version)) void this.reload(s, 'This page was updated with changes made in another window.');
  }

  /** Loads the stored page into a session, dropping its unsaved edits (the conflict's "Reload page"). */
  async reload(s: PageSession | null = this.session, notice: string | null = null): Promise<void> {
    if (!s) return;
    try {
      const page = await api.call('annotations:getPage', { pageId: s.pageId });
      s.load(page);
      if (this.session === s) {
        this.selectedKey = null;
        this.notice = notice;
      }
    } catch (e) {
      s.error = errorMessage(e);
    }
  }

  /** The conflict's "Keep my version": saves this window's boxes over the newer stored version. */
  async keepMine(): Promise<void> {
    const s = this.session;
    if (!s) return;
    try {
      const page = await api.call('annotations:getPage', { pageId: s.pageId });
      await s.keepMine(page.version);
    } catch (e) {
      s.error = errorMessage(e);
    }
  }

  go(pageId: number | null): void {
    if (pageId !== null) router.go('annotate', { page: pageId });
  }

  nextPage(): void {
    this.go(this.session?.page.nextPageId ?? null);
  }

  prevPage(): void {
    this.go(this.session?.page.prevPageId ?? null);
  }

  // ---- edits (each one undo step, autosaved) ----

  addBox(box: Box): void {
    const s = this.session;
    if (!s) return;
    const b: EditorBox = {
      key: newKey(),
      class: this.drawClass,
      box,
      style: this.drawStyle,
      label: null,
      source: 'manual',
      score: null,
    };
    s.apply([...s.boxes, b]);
    this.selectedKey = b.key;
  }

  updateBox(key: number, patch: Partial<Omit<EditorBox, 'key'>>, mergeKey: string | null = null): void {
    const s = this.session;
    const cur = s?.boxes.find((b) => b.key === key);
    if (!s || !cur) return;
    const next = { ...cur, ...patch };
    if (JSON.stringify(next) === JSON.stringify(cur)) return;
    s.apply(
      s.boxes.map((b) => (b.key === key ? next : b)),
      mergeKey,
    );
  }

  deleteSelected(): void {
    const s = this.session;
    const sel = this.selected;
    if (!s || !sel) return;
    const i = s.boxes.indexOf(sel);
    const rest = s.boxes.filter((b) => b !== sel);
    s.apply(rest);
    this.selectedKey = rest[Math.min(i, rest.length - 1)]?.key ?? null;
  }

  setClass(cls: BoxClass): void {
    this.drawClass = cls;
    if (this.selected) this.updateBox(this.selected.key, { class: cls });
  }

  setStyle(style: BoxStyle | null): void {
    this.drawStyle = style;
    if (this.selected) this.updateBox(this.selected.key, { style });
  }

  cycleStyle(dir: 1 | -1): void {
    this.setStyle(cycleStyle(this.selected ? this.selected.style : this.drawStyle, dir));
  }

  setLabel(key: number, label: string): void {
    this.updateBox(key, { label: label === '' ? null : label }, `label:${key}`);
  }

  nudge(dx: number, dy: number): void {
    const s = this.session;
    const sel = this.selected;
    if (!s || !sel) return;
    this.updateBox(sel.key, { box: moveBox(sel.box, dx, dy, s.page) }, `nudge:${sel.key}`);
  }

  grow(dw: number, dh: number): void {
    const s = this.session;
    const sel = this.selected;
    if (!s || !sel) return;
    this.updateBox(sel.key, { box: growBox(sel.box, dw, dh, s.page) }, `grow:${sel.key}`);
  }

  cycleSelection(dir: 1 | -1): void {
    const boxes = this.session?.boxes ?? [];
    if (boxes.length === 0) return;
    const i = boxes.findIndex((b) => b.key === this.selectedKey);
    const next = i < 0 ? (dir > 0 ? 0 : boxes.length - 1) : (i + dir + boxes.length) % boxes.length;
    this.selectedKey = boxes[next]?.key ?? null;
  }

  undo(): void {
    if (this.session?.undo()) this.keepSelectionValid();
  }

  redo(): void {
    if (this.session?.redo()) this.keepSelectionValid();
  }

  private keepSelectionValid(): void {
    if (!this.session?.boxes.some((b) => b.key === this.selectedKey)) this.selectedKey = null;
  }

  /** Copies the selected box; false when nothing is selected (the browser's copy then applies). */
  copy(): boolean {
    if (!this.selected) return false;
    this.clipboard = this.selected;
    return true;
  }

  get canPaste(): boolean {
    return this.clipboard !== null && this.session !== null;
  }

  paste(): void {
    const s = this.session;
    const c = this.clipboard;
    if (!s || !c) return;
    const box = clipBox(c.box, s.page.width, s.page.height);
    if (box[2] - box[0] < MIN_BOX_SIZE || box[3] - box[1] < MIN_BOX_SIZE) return;
    const b: EditorBox = { ...c, key: newKey(), box, source: 'manual', score: null };
    s.apply([...s.boxes, b]);
    this.selectedKey = b.key;
  }

  /** "Page has no redactions": refused (with a sentence) while the page has redaction boxes. */
  toggleNoRedactions(): string | null {
    const s = this.session;
    if (!s) return null;
    const n = s.boxes.filter((b) => b.class === 'redaction').length;
    if (n > 0) {
      return `This page has ${n} redaction box${n === 1 ? '' : 'es'}; delete ${n === 1 ? 'it' : 'them'} before marking the page as having no redactions.`;
    }
    s.setFlags({ hasRedactions: s.hasRedactions === false ? null : false });
    return null;
  }

  toggleReviewed(): void {
    this.session?.setFlags({ reviewed: !this.session.reviewed });
  }

  reviewedAndNext(): void {
    if (this.session && !this.session.reviewed) this.session.setFlags({ reviewed: true });
    this.nextPage();
  }
}

export const editor = new EditorState();
