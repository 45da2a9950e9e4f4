import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { reportPages } from '../../src-main/reports/page-boxes';
import { tmpDir } from '../helpers/tmp';

function blankPng(w: number, h: number): Buffer {
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, w, h);
  return c.toBuffer('image/png');
}

describe('boxes counted by statistics and reports', () => {
  const tmp = tmpDir();
  let s: Services;
  let pageId = 0;

  beforeAll(async () => {
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), transport: 'test' });
    const doc = await s.documents.addRenderedDocument({
      name: 'p.png',
      kind: 'image',
      pages: [{ png: blankPng(400, 500), width: 400, height: 500, dpi: 100 }],
    });
    pageId = doc.pageIds[0] ?? 0;
    s.annotations.addBoxes(pageId, [{ class: 'redaction', box: [10, 10, 100, 30] }]);
    s.review.repo.insertPredictions(pageId, 'default', [
      { class: 'redaction', box: [11, 10, 100, 31], score: 0.9 }, // the annotated box again
      { class: 'redaction', box: [10, 100, 100, 120], score: 0.8 }, // will be rejected
      { class: 'redaction', box: [10, 200, 100, 220], score: 0.7 }, // will be accepted
      { class: 'redaction', box: [10, 300, 100, 320], score: 0.6 }, // undecided
      { class: 'redaction', box: [10, 400, 100, 420], score: 0.2 }, // under the threshold
    ]);
    const preds = s.review.page(pageId, 'default').predictions;
    s.review.decide(preds[1]?.id ?? 0, 'reject');
    s.review.decide(preds[2]?.id ?? 0, 'accept');
  });
  afterAll(async () => {
    await s?.close();
    tmp.cleanup();
  });

  const ys = (source: 'annotations' | 'predictions' | 'both'): number[] =>
    (reportPages(s.db, { source, modelKey: 'default', threshold: 0.5 })[0]?.boxes ?? [])
      .map((b) => b.box[1])
      .sort((a, b) => a - b);

  it('annotations: the manual box and the accepted one', () => {
    expect(ys('annotations')).toEqual([10, 200]);
  });

  it('predictions: those above the threshold, rejected ones left out', () => {
    expect(ys('predictions')).toEqual([10, 200, 300]);
  });

  it('both: annotations plus undecided predictions that no annotation already covers', () => {
    expect(ys('both')).toEqual([10, 200, 300]);
    const both = reportPages(s.db, { source: 'both', modelKey: 'default', threshold: 0.5 })[0]?.boxes ?? [];
    expect(both.map((b) => b.source).sort()).toEqual(['manual', 'model', 'prediction']);
  });
});
