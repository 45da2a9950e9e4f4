import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../helpers/tmp';
import { bombPng, counts, encryptedPdf, filesUnder, pagePng, useServices, writePngFolder } from './make-files';

const PDFS = path.join(SHARED, 'fixtures', 'pdf-audit');
const services = useServices();

describe('DocumentsService.importFiles', () => {
  it('imports the ten fixture PDFs with page images, thumbnails, text layers and kept originals', async () => {
    const { s } = services();
    const fractions: number[] = [];
    const r = await s.documents.importFiles([PDFS], { onProgress: (f) => fractions.push(f) });
    expect(r.documents).toHaveLength(10);
    expect(r.documents.every((d) => d.pages === 1 && d.name.endsWith('.pdf'))).toBe(true);
    // expected.json in the folder is not a document: reported, not imported
    expect(r.errors.map((e) => path.basename(e.file))).toEqual(['expected.json']);
    expect(fractions.at(-1)).toBe(1);
    const doc = s.documents.getDocument(r.documents.find((d) => d.name === 'ok_words.pdf')!.id);
    const page = s.documents.getPage(doc.pages[0]!.id)!;
    expect(page).toMatchObject({ width: 850, height: 1100, dpi: 100, widthPt: 612, heightPt: 792 });
    const meta = await sharp(s.documents.pageImagePath(page.id)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 850, 1100]);
    expect((await sharp(s.documents.pageThumbPath(page.id)).metadata()).width).toBe(240);
    const text = s.documents.pageText(page.id);
    expect(text.items.length).toBeGreaterThan(100);
    for (const it of text.items) {
      expect(it.x).toBeGreaterThanOrEqual(-1);
      expect(it.y + it.height).toBeLessThanOrEqual(792 + 1);
    }
    const original = s.documents.originalPath(doc.id)!;
    expect(fs.readFileSync(original).equals(fs.readFileSync(path.join(PDFS, 'ok_words.pdf')))).toBe(true);
  });

  it('renders at the chosen DPI and keeps the landscape page landscape', async () => {
    const { s } = services();
    const r = await s.documents.importFiles([path.join(PDFS, 'no_bad_redactions.3.1.pdf')], { dpi: 72 });
    const page = s.documents.getPage(s.documents.getDocument(r.documents[0]!.id).pages[0]!.id)!;
    expect([page.width, page.height, page.dpi]).toEqual([792, 612, 72]);
  });

  it('reports the same bytes again as the existing document without copying anything', async () => {
    const { s, dir } = services();
    const first = await s.documents.importFiles([path.join(PDFS, 'rectangles_yes.pdf')]);
    const before = filesUnder(s.paths.root).filter((f) => !f.startsWith('redlab.db'));
    const copy = path.join(dir, 'renamed copy.pdf');
    fs.copyFileSync(path.join(PDFS, 'rectangles_yes.pdf'), copy);
    const again = await s.documents.importFiles([copy]);
    expect(again.documents).toEqual([
      { id: first.documents[0]!.id, name: 'rectangles_yes.pdf', pages: 1, existing: true },
    ]);
    expect(filesUnder(s.paths.root).filter((f) => !f.startsWith('redlab.db'))).toEqual(before);
    expect(counts(s).documents).toBe(1);
  });

  it('lists a broken PDF, a zero-byte file, a 30000×30000 PNG, an encrypted PDF and a text file as errors while the rest imports', async () => {
    const { s, dir } = services();
    const pngs = await writePngFolder(path.join(dir, 'in', 'scans'), 3);
    fs.copyFileSync(path.join(PDFS, 'ok_words.pdf'), path.join(dir, 'in', 'ok.pdf'));
    fs.writeFileSync(
      path.join(dir, 'in', 'broken.pdf'),
      fs.readFileSync(path.join(PDFS, 'rectangles_yes.pdf')).subarray(0, 400),
    );
    fs.writeFileSync(path.join(dir, 'in', 'zero.pdf'), '');
    fs.writeFileSync(path.join(dir, 'in', 'huge.png'), bombPng(30000, 30000));
    fs.writeFileSync(path.join(dir, 'in', 'locked.pdf'), encryptedPdf());
    fs.writeFileSync(path.join(dir, 'in', 'notes.txt'), 'not a document');
    const r = await s.documents.importFiles([path.join(dir, 'in')]);
    expect(r.documents.map((d) => d.name).sort()).toEqual(['ok.pdf', ...pngs.map((p) => path.basename(p))].sort());
    const byName = Object.fromEntries(r.errors.map((e) => [path.basename(e.file), e]));
    expect(byName['broken.pdf']?.code).toBe('CORRUPT_FILE');
    expect(byName['zero.pdf']?.code).toBe('EMPTY_FILE');
    expect(byName['huge.png']?.code).toBe('IMAGE_TOO_LARGE');
    expect(byName['huge.png']?.message).toContain('30000×30000');
    expect(byName['locked.pdf']?.code).toBe('ENCRYPTED_FILE');
    expect(byName['notes.txt']?.code).toBe('UNSUPPORTED_FILE');
    for (const e of r.errors) expect(e.message.length).toBeGreaterThanOrEqual(40);
    expect(counts(s)).toMatchObject({ documents: 4, pages: 4 });
    // nothing of the failed files was kept: no staging folders, one original per imported document
    expect(filesUnder(path.join(s.paths.tmp, 'import'))).toEqual([]);
    expect(filesUnder(s.paths.originals)).toHaveLength(4);
  });

  it('imports images by their real type: a PNG named .pdf, JPEG, WebP and every page of a multi-page TIFF', async () => {
    const { s, dir } = services();
    const png = await pagePng(120, 160, 7);
    fs.writeFileSync(path.join(dir, 'looks-like.pdf'), png);
    await sharp(await pagePng(120, 160, 8))
      .jpeg()
      .toFile(path.join(dir, 'scan.jpg'));
    await sharp(await pagePng(120, 160, 9))
      .webp()
      .toFile(path.join(dir, 'scan.webp'));
    // three 100×100 frames stacked, each with a bar lower down, written as a 3-page TIFF
    const raw = Buffer.alloc(100 * 300 * 3, 255);
    for (let i = 0; i < 3; i++) raw.fill(0, (i * 100 + 10 * (i + 1)) * 300, (i * 100 + 10 * (i + 1) + 8) * 300);
    await sharp(raw, { raw: { width: 100, height: 300, channels: 3, pageHeight: 100 } })
      .tiff({ compression: 'lzw' })
      .toFile(path.join(dir, 'multi.tif'));
    const files = ['looks-like.pdf', 'scan.jpg', 'scan.webp', 'multi.tif'].map((f) => path.join(dir, f));
    const r = await s.documents.importFiles(files);
    expect(r.errors).toEqual([]);
    expect(r.documents.map((d) => [d.name, d.pages])).toEqual([
      ['looks-like.pdf', 1],
      ['scan.jpg', 1],
      ['scan.webp', 1],
      ['multi.tif', 3],
    ]);
    const page = s.documents.getDocument(r.documents[0]!.id).pages[0]!;
    expect([page.width, page.height]).toEqual([120, 160]);
    // each TIFF page is its own image: the bar is at a different height on each
    const tiff = s.documents.getDocument(r.documents[3]!.id);
    const rows = await Promise.all(
      tiff.pages.map(async (p) => {
        const { data, info } = await sharp(s.documents.pageImagePath(p.id)).raw().toBuffer({ resolveWithObject: true });
        for (let y = 0; y < info.height; y++)
          if (data[y * info.width * info.channels + 50 * info.channels]! < 128) return y;
        return -1;
      }),
    );
    expect(rows).toEqual([10, 20, 30]);
  });

  it('stops after the page in progress when cancelled and leaves the library unchanged', async () => {
    const { s, dir } = services();
    await writePngFolder(path.join(dir, 'many'), 12);
    const controller = new AbortController();
    const p = s.documents.importFiles([path.join(dir, 'many')], {
      signal: controller.signal,
      onProgress: (_f, m) => {
        if (m?.startsWith('1 of 12 files done')) controller.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    // the finished file stays; the one in progress and the rest were not added
    const n = counts(s);
    expect(n.documents).toBeGreaterThanOrEqual(1);
    expect(n.documents).toBeLessThan(12);
    expect(n.pages).toBe(n.documents);
    expect(filesUnder(path.join(s.paths.tmp, 'import'))).toEqual([]);
  });
});
