import { describe, expect, it } from 'vitest';
import type { Services } from '../../src-main/app/services';
import type { Box, BoxClass } from '../../src-main/shared/boxes';
import { pagePng, useServices } from '../documents/make-files';

const services = useServices();

type PageSpec = { class: BoxClass; box: Box }[];

/** A document of `pages.length` 200×300 pages with the given boxes. */
async function addDoc(
  s: Services,
  name: string,
  pages: PageSpec[],
  seed: number,
): Promise<{ documentId: number; pageIds: number[] }> {
  return s.documents.addRenderedDocument({
    name,
    kind: 'image',
    pages: await Promise.all(
      pages.map(async (annotations, i) => ({
        png: await pagePng(200, 300, seed * 10 + i),
        width: 200,
        height: 300,
        dpi: 72,
        annotations,
      })),
    ),
  });
}

describe('DatasetsService splits', () => {
  it('assigns whole documents to splits, so pages of one document never straddle splits', async () => {
    const { s } = services();
    const a = await addDoc(s, 'a', [[], [], []], 1);
    const b = await addDoc(s, 'b', [[]], 2);
    const ds = s.datasets.create('set');
    s.datasets.assignSplit(ds.id, [a.documentId], 'train');
    s.datasets.assignSplit(ds.id, [b.documentId], 'val');
    expect(s.datasets.get(ds.id).counts).toEqual({ train: 1, val: 1, test: 0, unassigned: 0 });
    const train = s.datasets.toCoco(ds.id, 'train');
    expect(train.images.map((i) => i.pageId)).toEqual(a.pageIds);
    const splitsOfA = new Set(
      s.datasets
        .pages({ datasetId: ds.id })
        .filter((p) => p.documentId === a.documentId)
        .map((p) => p.split),
    );
    expect([...splitsOfA]).toEqual(['train']);
  });

  it('refuses moves into and out of a frozen test split, and allows them again once unfrozen', async () => {
    const { s } = services();
    const a = await addDoc(s, 'a', [[]], 1);
    const b = await addDoc(s, 'b', [[]], 2);
    const ds = s.datasets.create('frozen');
    s.datasets.assignSplit(ds.id, [a.documentId], 'test');
    s.datasets.setTestFrozen(ds.id, true);
    expect(() => s.datasets.assignSplit(ds.id, [b.documentId], 'test')).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }) as Error,
    );
    expect(() => s.datasets.assignSplit(ds.id, [a.documentId], 'train')).toThrow(/frozen/);
    expect(() => s.datasets.assignSplit(ds.id, [a.documentId], null)).toThrow(/frozen/);
    s.datasets.assignSplit(ds.id, [b.documentId], 'val'); // other splits stay editable
    expect(s.datasets.get(ds.id).counts).toMatchObject({ test: 1, val: 1 });
    s.datasets.setTestFrozen(ds.id, false);
    s.datasets.assignSplit(ds.id, [a.documentId], 'train');
    expect(s.datasets.get(ds.id).counts).toMatchObject({ test: 0, train: 1 });
  });

  it('suggests splits deterministically by document hash, about 80/10/10, never touching frozen test', async () => {
    const { s } = services();
    const docs = [];
    for (let i = 0; i < 40; i++) docs.push(await addDoc(s, `d${i}`, [[]], 100 + i));
    const ds = s.datasets.create('auto');
    const first = s.datasets.suggestSplits(ds.id, { apply: false, seed: 'x' });
    const again = s.datasets.suggestSplits(ds.id, { apply: false, seed: 'x' });
    expect(again.assignments).toEqual(first.assignments);
    expect(first.counts.train).toBeGreaterThan(first.counts.val + first.counts.test);
    expect(first.counts.train + first.counts.val + first.counts.test).toBe(40);
    expect(s.datasets.get(ds.id).counts.unassigned).toBe(40); // not applied
    s.datasets.suggestSplits(ds.id, { apply: true, seed: 'x' });
    const testDocs = s.datasets.pages({ datasetId: ds.id, split: 'test' }).map((p) => p.documentId);
    s.datasets.setTestFrozen(ds.id, true);
    const other = s.datasets.suggestSplits(ds.id, { apply: true, seed: 'another seed', reassign: true });
    expect(other.assignments.every((x) => x.split !== 'test' && !testDocs.includes(x.documentId))).toBe(true);
    expect(s.datasets.pages({ datasetId: ds.id, split: 'test' }).map((p) => p.documentId)).toEqual(testDocs);
  });
});

describe('DatasetsService stats, hash and validation', () => {
  it('counts pages, boxes per class, negatives and histograms', async () => {
    const { s } = services();
    await addDoc(
      s,
      'a',
      [
        [
          { class: 'redaction', box: [10, 10, 110, 25] },
          { class: 'content', box: [5, 5, 195, 295] },
        ],
        [],
      ],
      1,
    );
    const st = s.datasets.stats(s.datasets.defaultId());
    expect(st).toMatchObject({ pages: 2, documents: 1, boxes: 2, negativePages: 1, negativeShare: 0.5 });
    expect(st.boxesPerClass).toEqual({ redaction: 1, content: 1, exemption_label: 0 });
    // 100/200 = 0.5 of the page width: the bin [0.5, 1); 15/300 = 0.05: the bin [0.05, 0.1)
    expect(st.boxWidth.counts[st.boxWidth.edges.indexOf(0.5)]).toBe(1);
    expect(st.boxHeight.counts[st.boxHeight.edges.indexOf(0.05)]).toBe(1);
    expect(st.aspect.counts.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('hashes annotations and splits: a moved box or split changes it, ids do not', async () => {
    const { s } = services();
    const a = await addDoc(s, 'a', [[{ class: 'redaction', box: [10, 10, 50, 30] }]], 1);
    const ds = s.datasets.create('h');
    s.datasets.assignSplit(ds.id, [a.documentId], 'train');
    const h1 = s.datasets.hash(ds.id);
    expect(s.datasets.hash(ds.id)).toBe(h1);
    s.db.prepare('UPDATE annotations SET x1 = 51').run();
    const h2 = s.datasets.hash(ds.id);
    expect(h2).not.toBe(h1);
    s.datasets.assignSplit(ds.id, [a.documentId], 'val');
    expect(s.datasets.hash(ds.id)).not.toBe(h2);
    // the same content re-created with new ids hashes the same
    s.db.prepare('UPDATE annotations SET x1 = 50').run();
    s.datasets.assignSplit(ds.id, [a.documentId], 'train');
    const ann = s.db.prepare('SELECT * FROM annotations').get() as Record<string, unknown>;
    s.db.prepare('DELETE FROM annotations').run();
    s.db
      .prepare('INSERT INTO annotations (id, page_id, class, x0, y0, x1, y1, source) VALUES (999, ?, ?, ?, ?, ?, ?, ?)')
      .run(ann.page_id, ann.class, ann.x0, ann.y0, ann.x1, ann.y1, ann.source);
    expect(s.datasets.hash(ds.id)).toBe(h1);
  });

  it('warns about boxes outside the page, tiny boxes, huge redactions, duplicates and two content boxes, naming the page', async () => {
    const { s } = services();
    const d = await addDoc(
      s,
      'bad.png',
      [
        [
          { class: 'redaction', box: [10, 10, 60, 30] },
          { class: 'redaction', box: [11, 10, 60, 30] },
          { class: 'redaction', box: [20, 40, 21.5, 41] },
        ],
      ],
      1,
    );
    const big = await addDoc(
      s,
      'big.png',
      [
        [
          { class: 'redaction', box: [0, 0, 190, 290] },
          { class: 'content', box: [0, 0, 100, 100] },
          { class: 'content', box: [100, 100, 200, 200] },
        ],
      ],
      2,
    );
    s.db
      .prepare('INSERT INTO annotations (page_id, class, x0, y0, x1, y1) VALUES (?, ?, ?, ?, ?, ?)')
      .run(d.pageIds[0], 'exemption_label', 150, 280, 230, 320);
    const warnings = s.datasets.validate();
    const rules = warnings.map((w) => `${w.pageId}:${w.rule}`).sort();
    expect(rules).toEqual(
      [
        `${d.pageIds[0]}:duplicate_boxes`,
        `${d.pageIds[0]}:tiny_box`,
        `${d.pageIds[0]}:box_outside_page`,
        `${big.pageIds[0]}:large_redaction`,
        `${big.pageIds[0]}:multiple_content_boxes`,
      ].sort(),
    );
    expect(warnings.find((w) => w.rule === 'large_redaction')!.message).toMatch(
      /^big\.png, page 1: a redaction box covers 92% of the page\.$/,
    );
  });
});

describe('DatasetsService labelled pages', () => {
  it('leaves pages nobody annotated out of training data and counts them apart from negatives', async () => {
    const { s } = services();
    const labelled = await addDoc(s, 'labelled', [[{ class: 'redaction', box: [10, 10, 110, 25] }], []], 7);
    // an import without labels: pages whose redaction status nobody has said yet
    const unlabelled = await s.documents.addRenderedDocument({
      name: 'unlabelled',
      kind: 'image',
      pages: [{ png: await pagePng(200, 300, 99), width: 200, height: 300, dpi: 72 }],
    });
    const ds = s.datasets.create('mixed');
    s.datasets.assignSplit(ds.id, [labelled.documentId, unlabelled.documentId], 'train');
    const all = s.datasets.toCoco(ds.id, 'train');
    expect(all.images.map((i) => i.pageId).sort()).toEqual([...labelled.pageIds, ...unlabelled.pageIds].sort());
    const training = s.datasets.toCoco(ds.id, 'train', { labelledOnly: true });
    expect(training.images.map((i) => i.pageId)).toEqual(labelled.pageIds);
    const st = s.datasets.stats(ds.id);
    expect(st).toMatchObject({ pages: 3, negativePages: 1, unlabelledPages: 1 });
  });
});
