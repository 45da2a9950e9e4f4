import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../src-main/app/services';
import { exportPages } from '../../src-main/interop/export';
import type { ExportFormat } from '../../src-main/shared/contract/datasets';
import { SHARED } from '../helpers/tmp';
import { pagePng, useServices } from '../documents/make-files';

const services = useServices();

/** A library with image pages (boxes with style and label), an empty page and a PDF page with boxes. */
async function seedLibrary(s: Services): Promise<void> {
  await s.documents.addRenderedDocument({
    name: 'scan-1.png',
    kind: 'image',
    pages: [
      {
        png: await pagePng(400, 500, 1),
        width: 400,
        height: 500,
        dpi: 150,
        annotations: [
          { class: 'redaction', box: [10.5, 20.25, 110, 38], style: 'black' },
          { class: 'exemption_label', box: [120, 20, 160, 36], label: '(b)(6)' },
          { class: 'content', box: [5, 5, 395, 495] },
        ],
      },
    ],
  });
  await s.documents.addRenderedDocument({
    name: 'empty.png',
    kind: 'image',
    pages: [{ png: await pagePng(300, 300, 2), width: 300, height: 300, dpi: 72, annotations: [] }],
  });
  const r = await s.documents.importFiles([path.join(SHARED, 'fixtures', 'pdf-audit', 'rectangles_yes.pdf')], {
    dpi: 60,
  });
  const page = s.documents.getDocument(r.documents[0]!.id).pages[0]!;
  s.db
    .prepare(
      `INSERT INTO annotations (page_id, class, x0, y0, x1, y1, style) VALUES (?, 'redaction', 50, 60, 200.125, 75, 'grey')`,
    )
    .run(page.id);
}

async function exportLib(s: Services, format: ExportFormat, out: string): Promise<string> {
  const pages = s.datasets.pages({ datasetId: s.datasets.defaultId() });
  return (await exportPages(s.paths, pages, { format, out, includeImages: true })).path;
}

/** COCO without ids: images by file_name, annotations by their image's file_name, sorted. */
function cocoWithoutIds(file: string): unknown {
  const c = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    images: { id: number; file_name: string }[];
    annotations: { id: number; image_id: number }[];
    categories: unknown;
  };
  const names = new Map(c.images.map((i) => [i.id, i.file_name]));
  const images = c.images.map(({ id: _id, ...rest }) => rest).sort((a, b) => a.file_name.localeCompare(b.file_name));
  const annotations = c.annotations
    .map(({ id: _id, image_id, ...rest }) => ({ image: names.get(image_id), ...rest }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { images, annotations, categories: c.categories };
}

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const full = path.join(dir, f);
    if (fs.statSync(full).isFile())
      out[f] = /\.(png|jpe?g)$/.test(f) ? `image ${fs.statSync(full).size > 0}` : fs.readFileSync(full, 'utf8');
  }
  return out;
}

describe('interop round trips', () => {
  it('COCO → import → COCO is identical up to ids, empty pages included', async () => {
    const { s, dir } = services();
    await seedLibrary(s);
    const first = await exportLib(s, 'coco', path.join(dir, 'one'));
    const c1 = JSON.parse(fs.readFileSync(first, 'utf8')) as {
      images: { file_name: string }[];
      annotations: unknown[];
    };
    expect(c1.images.map((i) => i.file_name).sort()).toEqual(['empty.png', 'rectangles_yes_p001.png', 'scan-1.png']);
    expect(c1.annotations).toHaveLength(4);
    const { s: s2 } = services();
    const r = await s2.documents.importFiles([first]);
    expect(r.errors).toEqual([]);
    expect(r.documents).toHaveLength(3);
    const second = await exportLib(s2, 'coco', path.join(dir, 'two'));
    expect(cocoWithoutIds(second)).toEqual(cocoWithoutIds(first));
    // the empty page came back as a page that says "no redactions"
    const empty = s2.documents.list().find((d) => d.name === 'empty.png')!;
    expect(empty.pages[0]).toMatchObject({ boxCount: 0, hasRedactions: false });
  });

  for (const format of ['yolo', 'voc', 'prodigy'] as const) {
    it(`${format.toUpperCase()} → import → ${format.toUpperCase()} gives the same files, empty pages included`, async () => {
      const { s, dir } = services();
      await seedLibrary(s);
      const out1 = path.join(dir, `${format}-1`);
      const written = await exportLib(s, format, out1);
      const { s: s2 } = services();
      const r = await s2.documents.importFiles([written], { format });
      expect(r.errors).toEqual([]);
      expect(r.documents).toHaveLength(3);
      expect(s2.db.prepare('SELECT COUNT(*) AS n FROM annotations').get()).toEqual({ n: 4 });
      const out2 = path.join(dir, `${format}-2`);
      await exportLib(s2, format, out2);
      const t1 = readTree(out1);
      const t2 = readTree(out2);
      expect(Object.keys(t2)).toEqual(Object.keys(t1));
      expect(t2).toEqual(t1);
    });
  }
});
