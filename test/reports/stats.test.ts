import { describe, expect, it } from 'vitest';
import type { Box } from '../../src-main/shared/boxes';
import type { ReportBox, ReportPage } from '../../src-main/reports/page-boxes';
import { computeStats, exemptionCode } from '../../src-main/reports/stats';

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
