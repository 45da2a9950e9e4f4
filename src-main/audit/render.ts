import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createCanvas } from '@napi-rs/canvas';

/** Longest side of a rendered audit page, in pixels (keeps hostile page sizes bounded). */
const MAX_SIDE = 2400;

/**
 * Renders a page without its /Rotate (so audit boxes in points map onto it by one scale) to a
 * PNG. Returns the PNG and the scale in pixels per point.
 */
export async function renderPagePng(page: PDFPageProxy, dpi: number): Promise<{ png: Buffer; scale: number }> {
  const base = page.getViewport({ scale: 1, rotation: 0 });
  const scale = Math.min(dpi / 72, MAX_SIDE / Math.max(base.width, base.height, 1));
  const viewport = page.getViewport({ scale, rotation: 0 });
  const canvas = createCanvas(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({
    canvas: canvas as unknown as HTMLCanvasElement,
    canvasContext: ctx as unknown as CanvasRenderingContext2D,
    viewport,
    annotationMode: 1,
  }).promise;
  return { png: canvas.toBuffer('image/png'), scale };
}
