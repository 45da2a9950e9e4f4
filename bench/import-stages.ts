import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { isGray } from '../src-main/documents/render/encode';
import { openPdf, pageTextItems } from '../src-main/documents/render/pdf-pages';

/**
 * Milliseconds per page of each import stage on this thread: pdfjs render, text layer, grey
 * check, PNG encode (fast settings, and sharp's defaults for comparison), thumbnail, file write.
 */
export async function stageTimes(pdf: string, dpi: number, n: number): Promise<Record<string, number>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await openPdf(pdf);
  const t: Record<string, number> = { render: 0, text: 0, grayCheck: 0, png: 0, pngDefault: 0, thumb: 0, write: 0 };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redlab-stages-'));
  const lap = (k: string, t0: number): number => {
    const now = performance.now();
    t[k]! += now - t0;
    return now;
  };
  try {
    for (let i = 0; i < n; i++) {
      const page = await doc.getPage(i + 1);
      const vp = page.getViewport({ scale: dpi / 72 });
      const canvas = createCanvas(Math.round(vp.width), Math.round(vp.height));
      let t0 = performance.now();
      await page.render({
        canvas: canvas as unknown as HTMLCanvasElement,
        canvasContext: canvas.getContext('2d') as unknown as CanvasRenderingContext2D,
        viewport: vp,
      }).promise;
      t0 = lap('render', t0);
      await pageTextItems(page, pdfjs);
      t0 = lap('text', t0);
      const data = canvas.data();
      const gray = isGray(data, 4);
      t0 = lap('grayCheck', t0);
      const raw = { raw: { width: canvas.width, height: canvas.height, channels: 4 as const } };
      const img = gray ? sharp(data, raw).extractChannel(0) : sharp(data, raw).removeAlpha();
      const png = await img.png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
      t0 = lap('png', t0);
      await sharp(data, raw).removeAlpha().png().toBuffer();
      t0 = lap('pngDefault', t0);
      const thumb = createCanvas(240, Math.round((240 * canvas.height) / canvas.width));
      thumb.getContext('2d').drawImage(canvas, 0, 0, thumb.width, thumb.height);
      const jpg = await thumb.encode('jpeg', 75);
      t0 = lap('thumb', t0);
      fs.writeFileSync(path.join(dir, `${i}.png`), png);
      fs.writeFileSync(path.join(dir, `${i}.jpg`), jpg);
      lap('write', t0);
      page.cleanup();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v / n]));
}
