import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-main/shared/errors';
import { codeOf, red, rows, setup } from './fixture';

describe('annotations service: page flags', () => {
  it('marks a page as having no redactions and as reviewed, each a new version', () => {
    const { s, pages, events } = setup();
    const a = s.annotations.setPageFlags({ pageId: pages[0]!, baseVersion: 0, hasRedactions: false });
    expect(a).toMatchObject({ version: 1, hasRedactions: false, reviewed: false });
    const b = s.annotations.setPageFlags({ pageId: pages[0]!, baseVersion: 1, reviewed: true });
    expect(b).toMatchObject({ version: 2, hasRedactions: false, reviewed: true });
    expect(s.annotations.getPage(pages[0]!)).toMatchObject({ version: 2, hasRedactions: false, reviewed: true });
    expect(events.map((e) => e.version)).toEqual([1, 2]);
  });

  it('refuses flags based on an old version and changes nothing', () => {
    const { s, pages } = setup();
    s.annotations.setPageFlags({ pageId: pages[0]!, baseVersion: 0, reviewed: true });
    const before = rows(s, pages[0]!);
    expect(codeOf(() => s.annotations.setPageFlags({ pageId: pages[0]!, baseVersion: 0, reviewed: false }))).toBe(
      'CONFLICT',
    );
    expect(rows(s, pages[0]!)).toEqual(before);
  });

  it('does not bump the version when the flags are already as asked', () => {
    const { s, pages, events } = setup();
    const r = s.annotations.setPageFlags({ pageId: pages[0]!, baseVersion: 0, reviewed: false, hasRedactions: null });
    expect(r.version).toBe(0);
    expect(events).toEqual([]);
  });

  it('refuses "page has no redactions" while redaction boxes remain, with a sentence', () => {
    const { s, pages } = setup();
    s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [red([1, 1, 50, 50]), red([60, 1, 90, 50])] });
    let err: unknown;
    try {
      s.annotations.setPageFlags({ pageId: pages[0]!, baseVersion: 1, hasRedactions: false });
    } catch (e) {
      err = e;
    }
    expect((err as AppError).code).toBe('INVALID_DATA');
    expect((err as AppError).message).toMatch(/still has 2 redaction boxes/);
    expect(s.annotations.getPage(pages[0]!).hasRedactions).toBe(true);
  });

  it('derives "contains redactions" from the boxes and forgets it again when the last redaction box goes', () => {
    const { s, pages } = setup();
    expect(s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [red([1, 1, 50, 50])] }).hasRedactions).toBe(
      true,
    );
    expect(s.annotations.save({ pageId: pages[0]!, baseVersion: 1, boxes: [] }).hasRedactions).toBeNull();
    // a page the user said has no redactions keeps that mark while content boxes change
    s.annotations.setPageFlags({ pageId: pages[0]!, baseVersion: 2, hasRedactions: false });
    const r = s.annotations.save({
      pageId: pages[0]!,
      baseVersion: 3,
      boxes: [{ class: 'content', box: [5, 5, 800, 900] }],
    });
    expect(r.hasRedactions).toBe(false);
    // and drawing a redaction box on it turns it into a page with redactions
    expect(s.annotations.save({ pageId: pages[0]!, baseVersion: 4, boxes: [red([1, 1, 9, 9])] }).hasRedactions).toBe(
      true,
    );
  });

  it('saves flags sent with the boxes in the same version', () => {
    const { s, pages } = setup();
    const r = s.annotations.save({
      pageId: pages[0]!,
      baseVersion: 0,
      boxes: [],
      hasRedactions: false,
      reviewed: true,
    });
    expect(r).toMatchObject({ version: 1, hasRedactions: false, reviewed: true });
    expect(
      codeOf(() =>
        s.annotations.save({ pageId: pages[0]!, baseVersion: 1, boxes: [red([1, 1, 9, 9])], hasRedactions: false }),
      ),
    ).toBe('INVALID_DATA');
  });
});

describe('annotations service: addBoxes (for accepted model detections)', () => {
  it('adds boxes after the existing ones with their source and score and returns the new version and ids', () => {
    const { s, pages, events } = setup();
    const kept = s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [red([1, 1, 50, 50])] }).boxes[0]!;
    const r = s.annotations.addBoxes(
      pages[0]!,
      [red([100, 100, 200, 130], { score: 0.91 }), { class: 'exemption_label', box: [210, 100, 260, 130], score: 0.5 }],
      { source: 'model' },
    );
    expect(r.version).toBe(2);
    expect(r.ids).toHaveLength(2);
    const page = s.annotations.getPage(pages[0]!);
    expect(page.boxes.map((b) => [b.id, b.source, b.score])).toEqual([
      [kept.id, 'manual', null],
      [r.ids[0], 'model', 0.91],
      [r.ids[1], 'model', 0.5],
    ]);
    expect(events.at(-1)).toMatchObject({ pageId: pages[0], version: 2, boxCount: 3, hasRedactions: true });
  });

  it('refuses with CONFLICT when the page moved past the expected version', () => {
    const { s, pages } = setup();
    s.annotations.save({ pageId: pages[0]!, baseVersion: 0, boxes: [red([1, 1, 50, 50])] });
    const before = rows(s, pages[0]!);
    expect(codeOf(() => s.annotations.addBoxes(pages[0]!, [red([5, 5, 9, 9])], { expectedVersion: 0 }))).toBe(
      'CONFLICT',
    );
    expect(rows(s, pages[0]!)).toEqual(before);
    expect(s.annotations.addBoxes(pages[0]!, [red([5, 5, 9, 9])], { expectedVersion: 1 }).version).toBe(2);
  });

  it('validates added boxes like a save', () => {
    const { s, pages } = setup();
    expect(codeOf(() => s.annotations.addBoxes(pages[0]!, [red([5, 5, 2, 9])]))).toBe('INVALID_DATA');
    expect(s.annotations.getPage(pages[0]!).version).toBe(0);
  });
});
