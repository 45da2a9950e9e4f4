import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import type { Box, BoxClass } from '../../src-main/shared/boxes';
import { tmpDir } from '../helpers/tmp';
import { createCanvas } from '@napi-rs/canvas';

/** A page of real text (nothing that looks redacted), or with one black bar over a line. */
function textPng(w: number, h: number, bar = false): Buffer {
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, w, h);
  g.fillStyle = '#444';
  g.font = '14px sans-serif';
  for (let y = 60; y < h - 60; y += 24) g.fillText('Lorem ipsum dolor sit amet, consectetur adipiscing elit.', 40, y);
  g.fillStyle = '#000';
  if (bar) g.fillRect(120, 150, 260, 22);
  return c.toBuffer('image/png');
}

describe('review service on a real data folder', () => {
  const tmp = tmpDir();
  let s: Services;
  let pages: number[] = [];

  const predict = (pageId: number, boxes: [BoxClass, Box, number][]): void =>
    s.review.repo.insertPredictions(
      pageId,
      'default',
      boxes.map(([c, box, score]) => ({ class: c, box, score })),
    );

  beforeAll(async () => {
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), transport: 'test' });
    const png = (i: number): Buffer => textPng(600, 800, i === 3);
    const r = await s.documents.addRenderedDocument({
      name: 'review.png',
      kind: 'image',
      pages: [0, 1, 2, 3].map((i) => ({ png: png(i), width: 600, height: 800, dpi: 100 })),
    });
    pages = r.pageIds;
    predict(pages[0] ?? 0, [
      ['redaction', [120, 150, 340, 172], 0.95],
      ['redaction', [50, 300, 200, 320], 0.52],
      ['exemption_label', [350, 150, 400, 170], 0.8],
    ]);
    predict(pages[1] ?? 0, [['redaction', [120, 150, 340, 172], 0.99]]);
    predict(pages[2] ?? 0, [['redaction', [50, 50, 100, 70], 0.97]]);
  });
  afterAll(async () => {
    await s?.close();
    tmp.cleanup();
  });

  it('shows a page with its predictions, best first, and no decisions yet', () => {
    const p = s.review.page(pages[0] ?? 0, 'default');
    expect(p.predictions.map((x) => x.score)).toEqual([0.95, 0.8, 0.52]);
    expect(p.predictions.every((x) => x.decision === null)).toBe(true);
    expect(p.image).toBe(`pages/${pages[0]}/image`);
  });

  it('turns an accepted box into an annotation flagged as from the model, and keeps a rejection as a decision', () => {
    const p = s.review.page(pages[0] ?? 0, 'default');
    const [best, label, weak] = p.predictions;
    const a = s.review.decide(best?.id ?? 0, 'accept');
    expect(a.annotationId).not.toBeNull();
    const r = s.review.decide(weak?.id ?? 0, 'reject');
    expect(r.annotationId).toBeNull();
    const boxes = s.annotations.getPage(pages[0] ?? 0).boxes;
    expect(boxes).toHaveLength(1);
    expect(boxes[0]).toMatchObject({ id: a.annotationId, class: 'redaction', source: 'model', score: 0.95 });
    const rows = s.db.prepare('SELECT decision, annotation_id FROM review_decisions ORDER BY id').all();
    expect(rows).toEqual([
      { decision: 'accept', annotation_id: a.annotationId },
      { decision: 'reject', annotation_id: null },
    ]);
    expect(s.review.page(pages[0] ?? 0, 'default').predictions.map((x) => x.decision)).toEqual([
      'accept',
      null,
      'reject',
    ]);
    expect(label?.decision).toBeNull();
  });

  it('adjusts a box (accepting the corrected corners) and undoes an accept by removing its annotation', () => {
    const p = s.review.page(pages[0] ?? 0, 'default');
    const label = p.predictions[1];
    const adj = s.review.decide(label?.id ?? 0, 'adjust', [352, 148, 404, 171]);
    expect(s.annotations.getPage(pages[0] ?? 0).boxes.find((b) => b.id === adj.annotationId)?.box).toEqual([
      352, 148, 404, 171,
    ]);
    s.review.decisions.undo(label?.id ?? 0);
    expect(s.annotations.getPage(pages[0] ?? 0).boxes.some((b) => b.id === adj.annotationId)).toBe(false);
    expect(s.review.page(pages[0] ?? 0, 'default').predictions[1]?.decision).toBeNull();
  });

  it('changes a rejection into an accept without leaving the old decision behind', () => {
    const weak = s.review.page(pages[0] ?? 0, 'default').predictions[2];
    const a = s.review.decide(weak?.id ?? 0, 'accept');
    expect(a.decision).toBe('accept');
    const n = s.db.prepare('SELECT COUNT(*) AS n FROM review_decisions WHERE prediction_id = ?').get(weak?.id) as {
      n: number;
    };
    expect(n.n).toBe(1);
  });

  it('accepts every undecided box above the threshold on a page in one step', () => {
    const r = s.review.decisions.acceptAll(pages[1] ?? 0, 'default', 0.5);
    expect(r.accepted).toBe(1);
    expect(s.annotations.getPage(pages[1] ?? 0).boxes.map((b) => b.source)).toEqual(['model']);
    expect(s.review.decisions.acceptAll(pages[1] ?? 0, 'default', 0.5).accepted).toBe(0);
  });

  it('orders the queue by uncertainty and says why', async () => {
    predict(pages[2] ?? 0, [['redaction', [300, 300, 400, 320], 0.51]]);
    const q = await s.review.queue({ modelKey: 'default', threshold: 0.5 });
    // page 4 has a black bar in its pixels but no predictions: it must come first
    expect(q[0]?.pageId).toBe(pages[3]);
    expect(q[0]?.reasons.join(' ')).toMatch(/looks redacted/);
    const third = q.find((x) => x.pageId === pages[2]);
    expect(third?.reasons.join(' ')).toMatch(/1 box near the threshold/);
    const second = q.find((x) => x.pageId === pages[1]);
    expect(second?.reasons).toContain('all boxes decided');
    expect((third?.uncertainty ?? 0) > (second?.uncertainty ?? 0)).toBe(true);
  });

  it('refuses decisions on predictions that do not exist', () => {
    expect(() => s.review.decide(999_999, 'accept')).toThrow(/no longer exists/);
    expect(() => s.review.decide(1, 'adjust')).toThrow(/new corners/);
  });
});
