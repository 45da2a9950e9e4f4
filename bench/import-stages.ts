import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { encodeGrayPng, grayRows } from '../src-main/documents/render/png';
import { mapFonts } from '../src-main/documents/render/pdf-fonts';
import { joinGlyphRuns } from '../src-main/documents/render/glyph-runs';
import { openPdf, pageTextItems } from '../src-main/documents/render/pdf-pages';

/** CPU milliseconds of this process (all threads: sharp encodes on libuv's). */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/**
 * CPU milliseconds per page of each import stage, one page at a time: pdfjs drawing calls
 * (`record`, with glyph runs joined as in the import), Skia rasterising them (`raster`, forced by reading the pixels), text layer, grey
 * check with row copy, PNG encode (ours, and sharp's fast grey PNG for comparison), thumbnail,
 * file write.
 */
export async function stageTimes(pdf: string, dpi: number, n: number): Promise<Record<string, number>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await openPdf(pdf);
  const t: Record<string, number> = {
    record: 0,
    raster: 0,
    text: 0,
    grayRows: 0,
    png: 0,
    pngSharpGray: 0,
    thumb: 0,
    write: 0,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redlab-stages-'));
  let last = cpuMs();
  const lap = (k: string): void => {
    const now = cpuMs();
    t[k]! += now - last;
    last = now;
  };
  try {
    for (let i = 0; i < n; i++) {
      const page = await doc.getPage(i + 1);
      const vp = page.getViewport({ scale: dpi / 72 });
      const canvas = createCanvas(Math.round(vp.width), Math.round(vp.height));
      const ctx = mapFonts(canvas.getContext('2d'));
      const runs = joinGlyphRuns(ctx);
      last = cpuMs();
      await page.render({
        canvas: canvas as unknown as HTMLCanvasElement,
        canvasContext: ctx as unknown as CanvasRenderingContext2D,
        viewport: vp,
      }).promise;
      runs.flush();
      lap('record');
      const data = canvas.data();
      lap('raster');
      await pageTextItems(page, pdfjs);
      lap('text');
      const rows = grayRows(data, canvas.width, canvas.height, 4);
      lap('grayRows');
      const raw = { raw: { width: canvas.width, height: canvas.height, channels: 4 as const } };
      const png = rows
        ? encodeGrayPng(rows, canvas.width, canvas.height)
        : await sharp(data, raw).removeAlpha().png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
      lap('png');
      await sharp(data, raw).extractChannel(0).png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
      lap('pngSharpGray');
      const thumb = createCanvas(240, Math.round((240 * canvas.height) / canvas.width));
      thumb.getContext('2d').drawImage(canvas, 0, 0, thumb.width, thumb.height);
      const jpg = await thumb.encode('jpeg', 75);
      lap('thumb');
      fs.writeFileSync(path.join(dir, `${i}.png`), png);
      fs.writeFileSync(path.join(dir, `${i}.jpg`), jpg);
      lap('write');
      page.cleanup();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v / n]));
}
