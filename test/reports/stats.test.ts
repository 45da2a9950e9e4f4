import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { inkBounds } from '../../src-main/reports/ink';
import type { Box } from '../../src-main/shared/boxes';
import type { ReportBox, ReportPage } from '../../src-main/reports/page-boxes';
import { computeStats, exemptionCode } from '../../src-main/reports/stats';
import { tmpDir } from '../helpers/tmp';

function page(documentId: number, index: number, boxes: Partial<ReportBox>[]): ReportPage {
  return {
    pageId: documentId * 100 + index,
    documentId,
    documentName: `doc${documentId}`,
    index,
    width: 100,
    height: 200,
    imagePath: 'x.png',
    boxes: boxes.map((b) => ({
      class: 'redaction',
      box: [0, 0, 1, 1],
      score: null,
      label: null,
      source: 'manual',
      ...b,
    })),
  };
}

const meta = { source: 'annotations' as const, modelKey: null, threshold: 0.5 };

describe('redaction statistics', () => {
  it('normalises exemption codes for the tally', () => {
    expect(exemptionCode('(b) (6)')).toBe('(b)(6)');
    expect(exemptionCode('b6')).toBe('(b)(6)');
    expect(exemptionCode('(b)(7)(c)')).toBe('(b)(7)(C)');
    expect(exemptionCode('Privacy')).toBe('Privacy');
  });

  it('measures page and content shares from the union of redaction boxes inside the content box', async () => {
    const p = page(1, 0, [
      { box: [10, 10, 60, 30] },
      { box: [40, 10, 90, 30] }, // overlaps the first: 80×20 together
      { class: 'content', box: [0, 0, 100, 100] },
      { class: 'exemption_label', box: [0, 0, 5, 5], label: '(b)(6)' },
      { class: 'exemption_label', box: [0, 0, 5, 5], label: 'b6' },
    ]);
    const s = await computeStats([p], () => Promise.resolve(null), meta);
    const ps = s.documents[0]?.pageStats[0];
    expect(ps?.redactions).toBe(2);
    expect(ps?.pageShare).toBeCloseTo(1600 / 20000);
    expect(ps?.contentShare).toBeCloseTo(1600 / 10000);
    expect(ps?.contentFrom).toBe('content_box');
    expect(s.collection.exemptions).toEqual({ '(b)(6)': 2 });
  });

  it('uses the ink bounds when a page has no content box, and the page when it is blank', async () => {
    const p = page(1, 0, [{ box: [0, 0, 50, 20] }]);
    const withInk = await computeStats([p], () => Promise.resolve([0, 0, 50, 40] as Box), meta);
    expect(withInk.documents[0]?.pageStats[0]).toMatchObject({ contentFrom: 'ink_bounds', contentShare: 0.5 });
    const blank = await computeStats([p], () => Promise.resolve(null), meta);
    expect(blank.documents[0]?.pageStats[0]?.contentFrom).toBe('page');
  });

  it('adds up documents and the collection by area, and lists redacted pages', async () => {
    const pages = [page(1, 0, [{ box: [0, 0, 100, 100] }]), page(1, 1, []), page(2, 0, [{ box: [0, 0, 10, 10] }])];
    const s = await computeStats(pages, () => Promise.resolve([0, 0, 100, 200] as Box), meta);
    expect(s.documents.map((d) => d.redactedPages)).toEqual([[1], [1]]);
    expect(s.documents[0]?.pageShare).toBeCloseTo(10000 / 40000);
    expect(s.collection).toMatchObject({ documents: 2, pages: 3, redactedPages: 2, redactions: 2 });
    expect(s.collection.pageShare).toBeCloseTo(10100 / 60000);
  });
});

describe('ink bounds of a page image', () => {
  const tmp = tmpDir('redlab-ink-');
  afterAll(() => tmp.cleanup());

  it('bounds the print, not a scan border down the edge, and gives null for a blank page', async () => {
    const w = 400;
    const h = 520;
    const grey = Buffer.alloc(w * h, 238);
    const fill = (x0: number, y0: number, x1: number, y1: number, v: number): void => {
      for (let y = y0; y < y1; y++) grey.fill(v, y * w + x0, y * w + x1);
    };
    for (let y = 60; y < 450; y += 16) fill(50, y, 330, y + 6, 20);
    fill(0, 0, 8, h, 5); // the dark edge of a photocopy
    const file = path.join(tmp.dir, 'page.png');
    await sharp(grey, { raw: { width: w, height: h, channels: 1 } })
      .png()
      .toFile(file);
    const box = await inkBounds(file);
    expect(box).not.toBeNull();
    expect(box![0]).toBeCloseTo(50, 0);
    expect(box![1]).toBeCloseTo(60, 0);
    expect(box![2]).toBeCloseTo(330, 0);
    expect(box![3]).toBeCloseTo(450, 0);
    const blank = path.join(tmp.dir, 'blank.png');
    await sharp(Buffer.alloc(w * h, 238), { raw: { width: w, height: h, channels: 1 } })
      .png()
      .toFile(blank);
    expect(await inkBounds(blank)).toBeNull();
  });
});
