import { describe, expect, it } from 'vitest';
import type { DatasetPage } from '../../src-main/datasets/dataset-pages';
import { buildCoco } from '../../src-main/interop/coco';
import { assignFileNames, baseFileName } from '../../src-main/interop/file-names';

function page(over: Partial<DatasetPage>): DatasetPage {
  return {
    pageId: 1,
    documentId: 1,
    documentName: 'doc.pdf',
    documentKind: 'pdf',
    documentSha256: 'x',
    documentMime: null,
    pageCount: 1,
    index: 0,
    width: 100,
    height: 200,
    imagePath: 'pages/1/0.png',
    imageSha256: null,
    hasRedactions: null,
    split: null,
    synthetic: false,
    boxes: [],
    ...over,
  };
}

describe('COCO export', () => {
  it('writes [x, y, w, h] boxes with area and iscrowd 0, keeps pages without boxes and the attributes', () => {
    const pages = [
      page({
        pageId: 7,
        boxes: [{ id: 3, class: 'exemption_label', box: [10, 20, 40.1, 30], style: null, label: '(b)(6)' }],
      }),
      page({ pageId: 8, documentId: 2, documentName: 'other.png', documentKind: 'image' }),
    ];
    const c = buildCoco(pages, assignFileNames(pages), 'test');
    expect(c.images).toEqual([
      { id: 7, file_name: 'doc_p001.png', width: 100, height: 200 },
      { id: 8, file_name: 'other.png', width: 100, height: 200 },
    ]);
    expect(c.annotations).toEqual([
      {
        id: 3,
        image_id: 7,
        category_id: 3,
        bbox: [10, 20, 30.1, 10],
        area: 301,
        iscrowd: 0,
        attributes: { label: '(b)(6)' },
      },
    ]);
    expect(c.categories.map((x) => [x.id, x.name])).toEqual([
      [1, 'redaction'],
      [2, 'content'],
      [3, 'exemption_label'],
    ]);
  });
});

describe('export file names', () => {
  it('keeps an image document’s own name, numbers PDF pages and makes names safe', () => {
    expect(baseFileName({ documentName: 'scan.jpg', documentKind: 'image', pageCount: 1, index: 0 })).toBe('scan.jpg');
    expect(baseFileName({ documentName: 'memo.pdf', documentKind: 'pdf', pageCount: 3, index: 1 })).toBe(
      'memo_p002.png',
    );
    expect(baseFileName({ documentName: 'synth-1', documentKind: 'synthetic', pageCount: 1, index: 0 })).toBe(
      'synth-1.png',
    );
    expect(
      baseFileName({ documentName: '../../etc/pass wd?.png', documentKind: 'image', pageCount: 1, index: 0 }),
    ).toBe('_/_/etc/pass wd_.png');
  });

  it('gives clashing names a suffix on the later document only, so earlier names stay stable', () => {
    const a = page({ pageId: 1, documentId: 1, documentName: 'a.png', documentKind: 'image' });
    const b = page({ pageId: 2, documentId: 5, documentName: 'A.jpg', documentKind: 'image' });
    const c = page({ pageId: 3, documentId: 9, documentName: 'a.png', documentKind: 'image' });
    const before = assignFileNames([a, b]);
    const after = assignFileNames([c, b, a]);
    expect([...before.values()]).toEqual(['a.png', 'A-5.jpg']);
    expect(after.get(1)).toBe('a.png');
    expect(after.get(2)).toBe('A-5.jpg');
    expect(after.get(3)).toBe('a-9.png');
  });
});
