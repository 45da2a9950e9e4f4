import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import type { Box } from '../../src-main/shared/boxes';
import { buildLeakySamplePdf } from '../../src-main/samples/leaky-pdf';
import { tmpDir } from '../helpers/tmp';

function textPng(w: number, h: number): Buffer {
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, w, h);
  g.fillStyle = '#222';
  g.font = '16px sans-serif';
  for (let y = 60; y < h - 40; y += 26) g.fillText('Text of a released document, with words.', 40, y);
  g.fillStyle = '#000';
  g.fillRect(100, 200, 300, 30);
  return c.toBuffer('image/png');
}

/** Red pixels (report boxes are drawn in red) inside a region of an RGB raster. */
function redPixels(img: { data: Buffer; width: number; channels: number }, r: Box): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(r[1])); y < r[3]; y++) {
    for (let x = Math.max(0, Math.floor(r[0])); x < r[2]; x++) {
      const i = (y * img.width + x) * img.channels;
      const [R = 0, G = 0, B = 0] = [img.data[i], img.data[i + 1], img.data[i + 2]];
      if (R > 170 && G < 90 && B < 90) n++;
    }
  }
  return n;
}

describe('reports (PDF, CSV, JSON)', () => {
  const tmp = tmpDir();
  let s: Services;
  const boxes: Box[] = [
    [100, 200, 400, 230],
    [40, 500, 300, 540],
  ];

  beforeAll(async () => {
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), transport: 'test' });
    const doc = await s.documents.addRenderedDocument({
      name: 'scan.png',
      kind: 'image',
      pages: [{ png: textPng(600, 800), width: 600, height: 800, dpi: 100 }],
    });
    const pageId = doc.pageIds[0] ?? 0;
    s.annotations.addBoxes(pageId, [
      ...boxes.map((box) => ({ class: 'redaction' as const, box })),
      { class: 'exemption_label' as const, box: [410, 200, 460, 225] as Box, label: '(b)(6)' },
    ]);
    const pdf = path.join(tmp.dir, 'leaky.pdf');
    fs.writeFileSync(pdf, await buildLeakySamplePdf());
    await s.documents.importFiles([pdf]);
  });
  afterAll(async () => {
    await s?.close();
    tmp.cleanup();
  });

  it('draws every redacted page with its boxes: the PDF renders with pdftoppm and shows red where the boxes are', async () => {
    const out = path.join(tmp.dir, 'report.pdf');
    const r = await s.reports.write('pdf', out, { source: 'annotations' });
    expect(r.pages).toBe(2); // summary + the one page with redactions
    const prefix = path.join(tmp.dir, 'page');
    execFileSync('pdftoppm', ['-r', '72', '-f', '2', '-l', '2', '-png', out, prefix]);
    const png = fs.readdirSync(tmp.dir).find((f) => f.startsWith('page') && f.endsWith('.png'));
    const { data, info } = await sharp(path.join(tmp.dir, png ?? ''))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const img = { data, width: info.width, channels: info.channels };
    // the page image is drawn at (20, 44) pt from the top-left, scaled to fit 560 × 740 pt
    const k = Math.min(560 / 600, 740 / 800);
    const at = (b: Box): Box => [20 + b[0] * k - 2, 44 + b[1] * k - 2, 20 + b[2] * k + 2, 44 + b[3] * k + 2];
    for (const b of boxes) expect(redPixels(img, at(b))).toBeGreaterThan(100);
    expect(redPixels(img, at([100, 650, 500, 760]))).toBe(0);
  });

  it('puts statistics and the audit of the PDF original on the summary page', async () => {
    const out = path.join(tmp.dir, 'summary.pdf');
    await s.reports.write('pdf', out, { source: 'annotations' });
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', out, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/2 document\(s\), 4 page\(s\), 1 page\(s\) with redactions/);
    expect(text).toMatch(/Exemption codes: \(b\)\(6\) x1/);
    expect(text).toMatch(/leaky\.pdf: 4 bad redaction\(s\)/);
    expect(text).not.toMatch(/Jonathan/);
  });

  it('writes every box as CSV and JSON', async () => {
    const csv = path.join(tmp.dir, 'boxes.csv');
    await s.reports.write('csv', csv, { source: 'annotations' });
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('document,document_id,page,page_id,class,x0,y0,x1,y1,score,source,label');
    expect(lines.slice(1).filter((l) => l.includes(',redaction,'))).toHaveLength(2);
    expect(lines.some((l) => l.endsWith(',exemption_label,410,200,460,225,,manual,(b)(6)'))).toBe(true);
    const json = path.join(tmp.dir, 'boxes.json');
    await s.reports.write('json', json, { source: 'annotations' });
    const body = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      boxes: unknown[];
      audit: { pages: unknown[] }[];
      stats: { collection: { redactions: number } };
    };
    expect(body.boxes).toHaveLength(3);
    expect(body.stats.collection.redactions).toBe(2);
    expect(body.audit[0]?.pages.length).toBeGreaterThan(0);
  });

  it('runs as a job and serves the file as a download', async () => {
    const job = s.reports.start('csv', { source: 'annotations' });
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    const { mediaPath } = done.result as { mediaPath: string };
    expect(s.media.resolve(mediaPath)?.downloadName).toMatch(/^report-.*\.csv$/);
    expect(s.media.resolve('reports/../redlab.db')).toBeNull();
  });
});
