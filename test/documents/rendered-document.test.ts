import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { counts, pagePng, useServices } from './make-files';

const services = useServices();

describe('DocumentsService.addRenderedDocument', () => {
  it('stores generated pages flagged synthetic with their settings, boxes and split', async () => {
    const { s } = services();
    const png = await pagePng(300, 400, 1);
    const r = await s.documents.addRenderedDocument({
      name: 'synth-0001',
      kind: 'synthetic',
      pages: [
        {
          png,
          width: 300,
          height: 400,
          dpi: 100,
          annotations: [{ class: 'redaction', box: [10, 20, 110, 40], style: 'black' }],
        },
        { png: await pagePng(300, 400, 2), width: 300, height: 400, dpi: 100, annotations: [] },
      ],
      synthSettings: { seed: 42, profile: 'foia' },
      dataset: { name: 'synthetic-set', split: 'train' },
    });
    expect(r.existing).toBe(false);
    expect(r.pageIds).toHaveLength(2);
    const doc = s.db
      .prepare('SELECT kind, synthetic, synth_settings, page_count FROM documents WHERE id = ?')
      .get(r.documentId);
    expect(doc).toEqual({
      kind: 'synthetic',
      synthetic: 1,
      synth_settings: '{"seed":42,"profile":"foia"}',
      page_count: 2,
    });
    const boxes = s.db.prepare('SELECT class, x0, y0, x1, y1, style, source FROM annotations').all();
    expect(boxes).toEqual([
      { class: 'redaction', x0: 10, y0: 20, x1: 110, y1: 40, style: 'black', source: 'synthetic' },
    ]);
    // a generated page knows its truth: the page without boxes is a negative
    expect(r.pageIds.map((id) => s.documents.getPage(id)!.hasRedactions)).toEqual([true, false]);
    const ds = s.datasets.byName('synthetic-set')!;
    expect(ds.counts.train).toBe(1);
    expect((await sharp(s.documents.pageImagePath(r.pageIds[0]!)).metadata()).width).toBe(300);
    expect((await sharp(s.documents.pageThumbPath(r.pageIds[0]!)).metadata()).width).toBe(240);
  });

  it('returns the existing document for the same page bytes', async () => {
    const { s } = services();
    const png = await pagePng(200, 200, 3);
    const input = { name: 'sample', kind: 'image' as const, pages: [{ png, width: 200, height: 200, dpi: 72 }] };
    const a = await s.documents.addRenderedDocument(input);
    const b = await s.documents.addRenderedDocument({ ...input, name: 'sample again' });
    expect(b).toEqual({ documentId: a.documentId, pageIds: a.pageIds, existing: true });
    expect(counts(s).documents).toBe(1);
  });

  it('refuses a page whose size is not the PNG size, a box with NaN and a non-PNG, changing nothing', async () => {
    const { s } = services();
    const png = await pagePng(200, 200, 4);
    const page = { png, width: 200, height: 200, dpi: 72 };
    await expect(
      s.documents.addRenderedDocument({ name: 'a', kind: 'image', pages: [{ ...page, width: 300 }] }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
    await expect(
      s.documents.addRenderedDocument({
        name: 'b',
        kind: 'synthetic',
        pages: [{ ...page, annotations: [{ class: 'redaction', box: [0, 0, NaN, 5] }] }],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
    await expect(
      s.documents.addRenderedDocument({
        name: 'c',
        kind: 'image',
        pages: [{ ...page, png: Buffer.from('not a png') }],
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
    expect(counts(s)).toEqual({ documents: 0, pages: 0, page_text: 0, annotations: 0 });
  });
});

describe('soft delete, undo and purge', () => {
  it('hides deleted documents at once, restores them on undo and purges their files later', async () => {
    const { s } = services();
    const a = await s.documents.addRenderedDocument({
      name: 'a',
      kind: 'image',
      pages: [{ png: await pagePng(100, 100, 5), width: 100, height: 100, dpi: 72 }],
    });
    const b = await s.documents.addRenderedDocument({
      name: 'b',
      kind: 'image',
      pages: [{ png: await pagePng(100, 100, 6), width: 100, height: 100, dpi: 72 }],
    });
    const image = s.documents.pageImagePath(a.pageIds[0]!);
    expect(s.documents.softDelete([a.documentId])).toBe(1);
    expect(s.documents.list().map((d) => d.name)).toEqual(['b']);
    expect(s.documents.getPage(a.pageIds[0]!)).toBeNull();
    expect(s.documents.restore([a.documentId])).toBe(1);
    expect(s.documents.list().map((d) => d.name)).toEqual(['a', 'b']);
    s.documents.softDelete([a.documentId]);
    expect(s.documents.purgeDeleted(60_000)).toBe(0); // too recent for a delayed purge
    expect(s.documents.purgeDeleted(0)).toBe(1);
    expect(s.documents.restore([a.documentId])).toBe(0);
    expect(fs.existsSync(image)).toBe(false);
    expect(s.documents.list().map((d) => d.id)).toEqual([b.documentId]);
  });
});
