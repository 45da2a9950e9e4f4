import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Layer, PageBuilder } from './page';

/** A single-channel 8-bit image, row-major: `data[y * width + x]`, 0 black, 255 white. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

let cached: Canvas | null = null;

/** One canvas per thread, reused while the page size stays the same (pages are drawn one at a time). */
function canvasFor(width: number, height: number): Canvas {
  if (!cached || cached.width !== width || cached.height !== height) cached = createCanvas(width, height);
  return cached;
}

/** Draws the page's display list on white paper and returns it as a grey image. */
export function renderPage(b: PageBuilder, layers: readonly Layer[] = ['base', 'redact', 'over']): GrayImage {
  const canvas = canvasFor(b.width, b.height);
  const g = canvas.getContext('2d');
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.globalAlpha = 1;
  g.globalCompositeOperation = 'source-over';
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, b.width, b.height);
  g.textBaseline = 'alphabetic';
  for (const layer of ['base', 'redact', 'over'] as const) {
    if (!layers.includes(layer)) continue;
    for (const op of b.ops) {
      if (op.layer !== layer) continue;
      g.save();
      op.draw(g);
      g.restore();
    }
  }
  // Everything is drawn in greys (r = g = b), so the red channel is the grey value.
  const rgba = canvas.data();
  const n = b.width * b.height;
  const data = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) data[i] = rgba[j] as number;
  return { width: b.width, height: b.height, data };
}
