import { describe, expect, it } from 'vitest';
import { createServices } from '../../src-main/app/services';
import type { AnnotationBoxInput } from '../../src-main/shared/contract/annotations';
import { AppError } from '../../src-main/shared/errors';
import { codeOf, red, rows, setup } from './fixture';

describe('annotations service: reading pages', () => {
  it('gives a page with no boxes at version 0 and its neighbours in library order', () => {
    const { s, pages, other } = setup();
    const p = s.annotations.getPage(pages[1]!);
    expect(p).toMatchObject({
      id: pages[1],
      documentName: 'a.pdf',
      index: 1,
      pageCount: 2,
      width: 850,
      height: 1100,
      image: `pages/${pages[1]}/image`,
      version: 0,
      boxes: [],
      hasRedactions: null,
      reviewed: false,
      prevPageId: pages[0],
      nextPageId: other[0],
      position: 1,
      total: 3,
    });
    expect(s.annotations.getPage(pages[0]!).prevPageId).toBeNull();
    expect(s.annotations.getPage(other[0]!).nextPageId).toBeNull();
  });

  it('hides pages of deleted documents and answers NOT_FOUND for them', () => {
    const { s, pages, other } = setup();
    s.db
      .prepare(`UPDATE documents SET deleted_at = 'now' WHERE id = (SELECT document_id FROM pages WHERE id = ?)`)
      .run(other[0]);
    expect(codeOf(() => s.annotations.getPage(other[0]!))).toBe('NOT_FOUND');
    expect(s.annotations.getPage(pages[1]!).nextPageId).toBeNull();
    expect(codeOf(() => s.annotations.save({ pageId: other[0]!, baseVersion: 0, boxes: [] }))).toBe('NOT_FOUND');
  });

  it('lists pages for the chooser with box counts, and "todo" leaves out pages already worked on', () => {
    const { s, pages, other } = setup();
    s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [red([1, 2, 30, 40])] });
    s.annotations.setPageFlags({ pageId: other[0]!, baseVersion: 0, hasRedactions: false });
    const all = s.annotations.listPages();
    expect(all.total).toBe(3);
    expect(all.pages.map((p) => [p.id, p.boxCount])).toEqual([
      [pages[0], 1],
      [pages[1], 0],
      [other[0], 0],
    ]);
    const todo = s.annotations.listPages({ filter: 'todo' });
    expect(todo.pages.map((p) => p.id)).toEqual([pages[1]]);
  });
});

describe('annotations service: saving boxes', () => {
  it('stores the full box list, bumps the version by one and returns ids in the order sent', () => {
    const { s, pages, events } = setup();
    const r = s.annotations.save({
      pageId: pages[0]!,
      baseVersion: 0,
      boxes: [
        red([10, 20, 110, 40], { style: 'black' }),
        { class: 'exemption_label', box: [120, 20, 170, 40], label: ' (b)(6) ' },
        { class: 'content', box: [50, 50, 800, 1050] },
      ],
    });
    expect(r.version).toBe(1);
    expect(r.boxes.map((b) => b.class)).toEqual(['redaction', 'exemption_label', 'content']);
    expect(r.boxes[1]).toMatchObject({ label: '(b)(6)', source: 'manual', style: null });
    const p = s.annotations.getPage(pages[0]!);
    expect(p.version).toBe(1);
    expect(p.boxes).toEqual(r.boxes);
    expect(p.hasRedactions).toBe(true);
    expect(events).toEqual([
      { pageId: pages[0], documentId: p.documentId, version: 1, boxCount: 3, hasRedactions: true, reviewed: false },
    ]);
  });

  it('keeps the ids of boxes sent back with their id, deletes the ones left out, inserts the new ones', () => {
    const { s, pages } = setup();
    const first = s.annotations.save({
      pageId: pages[0]!,
      baseVersion: 0,
      boxes: [red([10, 10, 50, 50]), red([60, 60, 90, 90])],
    });
    const [a, b] = first.boxes;
    const second = s.annotations.save({
      pageId: pages[0]!,
      baseVersion: 1,
      boxes: [{ ...a!, box: [12, 10, 52, 50], class: 'content' }, red([100, 100, 200, 200])],
    });
    expect(second.boxes[0]).toMatchObject({ id: a!.id, class: 'content', box: [12, 10, 52, 50] });
    const stored = s.db
      .prepare('SELECT id, class, x0, y0, x1, y1 FROM annotations WHERE page_id = ? ORDER BY x0')
      .all(pages[0]) as { id: number; class: string; x0: number }[];
    expect(stored).toEqual([
      { id: a!.id, class: 'content', x0: 12, y0: 10, x1: 52, y1: 50 },
      { id: second.boxes[1]!.id, class: 'redaction', x0: 100, y0: 100, x1: 200, y1: 200 },
    ]);
    expect(stored.some((r) => r.x0 === b!.box[0])).toBe(false);
  });

  it('never takes over a box of another page when a save names its id', () => {
    const { s, pages, other } = setup();
    const foreign = s.annotations.save({ pageId: other[0]!, baseVersion: 0, boxes: [red([1, 1, 20, 20])] }).boxes[0]!;
    const before = rows(s, other[0]!);
    const r = s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [{ ...foreign, box: [5, 5, 50, 50] }] });
    expect(r.boxes[0]!.id).not.toBe(foreign.id);
    expect(rows(s, other[0]!)).toEqual(before);
  });

  it('refuses a save based on an old version with CONFLICT and a sentence, leaving everything unchanged', () => {
    const { s, pages, events } = setup();
    s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [red([10, 10, 50, 50])] });
    const before = rows(s, pages[0]!);
    let err: unknown;
    try {
      s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFLICT');
    expect((err as AppError).message).toMatch(/changed in another window; reload it/);
    expect(rows(s, pages[0]!)).toEqual(before);
    expect(events).toHaveLength(1);
  });

  it('sees a commit made through a second connection to the same database file as a conflict', async () => {
    const { s, pages } = setup();
    const second = createServices({ dataDir: s.paths.root, transport: 'test', recoverJobs: false });
    try {
      second.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [red([10, 10, 50, 50])] });
      expect(codeOf(() => s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [] }))).toBe('CONFLICT');
      expect(s.annotations.getPage(pages[0]!).boxes).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('rolls the whole save back when a write fails half way', () => {
    const { s, pages } = setup();
    s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [red([10, 10, 50, 50]), red([60, 60, 90, 90])] });
    const before = rows(s, pages[0]!);
    s.db.exec(`CREATE TRIGGER boom BEFORE INSERT ON annotations WHEN NEW.label = 'boom'
               BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    expect(() =>
      s.annotations.save({
        pageId: pages[0]!,
        baseVersion: 1,
        boxes: [{ class: 'exemption_label', box: [1, 1, 9, 9], label: 'boom' }],
      }),
    ).toThrow(/disk trouble/);
    expect(rows(s, pages[0]!)).toEqual(before);
  });
});

describe('annotations service: validation', () => {
  const bad: [string, AnnotationBoxInput][] = [
    ['a NaN coordinate', red([Number.NaN, 0, 10, 10])],
    ['an infinite coordinate', red([0, 0, Number.POSITIVE_INFINITY, 10])],
    ['corners in the wrong order', red([50, 10, 20, 40])],
    ['an empty box', red([20, 10, 20, 40])],
    ['a box entirely outside the page', red([900, 10, 950, 40])],
    ['a box above the page', red([10, -50, 40, -10])],
    ['an unknown class', { class: 'face' as 'redaction', box: [1, 1, 9, 9] }],
    ['an unknown style', red([1, 1, 9, 9], { style: 'purple' as 'black' })],
    ['a label with a control character', red([1, 1, 9, 9], { label: 'a\u0000b' })],
    ['a label too long', red([1, 1, 9, 9], { label: 'x'.repeat(101) })],
    ['a score above one', red([1, 1, 9, 9], { score: 2 })],
  ];
  it.each(bad)('refuses %s with INVALID_DATA and saves nothing', (_what, box) => {
    const { s, pages, events } = setup();
    s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [red([10, 10, 50, 50])] });
    const before = rows(s, pages[0]!);
    let err: unknown;
    try {
      s.annotations.save({ pageId: pages[0]!, baseVersion: 1, boxes: [red([1, 1, 5, 5]), box] });
    } catch (e) {
      err = e;
    }
    expect((err as AppError).code).toBe('INVALID_DATA');
    expect((err as AppError).message).toMatch(/^Box 2 .*nothing was saved/);
    expect(rows(s, pages[0]!)).toEqual(before);
    expect(events).toHaveLength(1);
  });

  it('clips a box that overhangs the page edge to the page', () => {
    const { s, pages } = setup();
    const r = s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [red([-20, 1000, 900, 1200])] });
    expect(r.boxes[0]!.box).toEqual([0, 1000, 850, 1100]);
  });

  it('refuses more boxes than a page may hold', () => {
    const { s, pages } = setup();
    const many = Array.from({ length: 5001 }, (_, i) => red([i % 800, 0, (i % 800) + 5, 5]));
    expect(codeOf(() => s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: many }))).toBe('INVALID_DATA');
    expect(s.annotations.getPage(pages[0]!).version).toBe(0);
  });
});

describe('annotations service: inside a caller’s transaction', () => {
  it('announces a nested save only after the outer transaction committed, and never one rolled back', async () => {
    const { s, pages, events } = setup();
    s.db.transaction(() => {
      s.annotations.addBoxes(pages[0]!, [red([1, 1, 9, 9])], { source: 'model' });
      expect(events).toEqual([]);
    })();
    await new Promise((r) => setImmediate(r));
    expect(events.map((e) => e.version)).toEqual([1]);

    expect(() =>
      s.db.transaction(() => {
        s.annotations.addBoxes(pages[0]!, [red([20, 1, 29, 9])], { source: 'model' });
        throw new Error('the reviewer’s decision could not be stored');
      })(),
    ).toThrow(/could not be stored/);
    await new Promise((r) => setImmediate(r));
    expect(events.map((e) => e.version)).toEqual([1]);
    expect(s.annotations.getPage(pages[0]!).boxes).toHaveLength(1);
  });
});
