import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { mapFonts } from '../../src-main/documents/render/pdf-fonts';
import { joinGlyphRuns } from '../../src-main/documents/render/glyph-runs';
import { openPdf } from '../../src-main/documents/render/pdf-pages';
import { ROOT, SHARED } from '../helpers/tmp';

const AUDIT = path.join(SHARED, 'fixtures', 'pdf-audit');

async function renderFirstPage(
  file: string,
  join: boolean,
): Promise<{ gray: Uint8Array; width: number; glyphs: number; calls: number }> {
  const doc = await openPdf(file);
  const page = await doc.getPage(1);
  const vp = page.getViewport({ scale: 100 / 72 });
  const canvas = createCanvas(Math.round(vp.width), Math.round(vp.height));
  const ctx = mapFonts(canvas.getContext('2d'));
  const runs = join ? joinGlyphRuns(ctx) : null;
  await page.render({
    canvas: canvas as unknown as HTMLCanvasElement,
    canvasContext: ctx as unknown as CanvasRenderingContext2D,
    viewport: vp,
  }).promise;
  runs?.flush();
  const rgba = canvas.data();
  const gray = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < gray.length; i++) gray[i] = rgba[i * 4]!;
  return { gray, width: canvas.width, ...(runs?.stats() ?? { glyphs: 0, calls: 0 }) };
}

/** Share of the dark pixels of `a` with no darkish pixel of `b` within one pixel. */
function unmatched(a: Uint8Array, b: Uint8Array, width: number): number {
  const height = a.length / width;
  let dark = 0;
  let lost = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if (a[y * width + x]! >= 100) continue;
      dark++;
      let found = false;
      for (let dy = -1; dy <= 1 && !found; dy++)
        for (let dx = -1; dx <= 1 && !found; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < height && xx >= 0 && xx < width && b[yy * width + xx]! < 160) found = true;
        }
      if (!found) lost++;
    }
  return dark === 0 ? 0 : lost / dark;
}

function ink(g: Uint8Array): number {
  let n = 0;
  for (const v of g) n += 255 - v;
  return n;
}

describe('joined glyph runs', () => {
  it('draw the real court filings like pdfjs’ one call per glyph, with several times fewer calls', async () => {
    const files = fs.readdirSync(AUDIT).filter((f) => f.endsWith('.pdf'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    let glyphs = 0;
    let calls = 0;
    for (const f of files) {
      const joined = await renderFirstPage(path.join(AUDIT, f), true);
      const single = await renderFirstPage(path.join(AUDIT, f), false);
      expect(joined.gray.length).toBe(single.gray.length);
      // the same glyphs at the same places: each within a quarter pixel of where pdfjs puts it
      expect(ink(single.gray), f).toBeGreaterThan(0);
      expect(unmatched(single.gray, joined.gray, joined.width), f).toBeLessThan(0.002);
      expect(unmatched(joined.gray, single.gray, joined.width), f).toBeLessThan(0.002);
      expect(Math.abs(ink(joined.gray) - ink(single.gray)) / ink(single.gray), f).toBeLessThan(0.02);
      glyphs += joined.glyphs;
      calls += joined.calls;
    }
    expect(calls).toBeLessThan(glyphs / 3);
  });

  function setup(): { ctx: SKRSContext2D; px: (x: number, y: number) => number[] } {
    const file = path.join(ROOT, 'resources', 'fonts', 'LiberationSans-Regular.ttf');
    GlobalFonts.registerFromPath(file, 'GlyphRunsTestSans');
    const canvas = createCanvas(400, 60);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, 400, 60);
    ctx.font = '40px GlyphRunsTestSans';
    return {
      ctx,
      px: (x, y) => {
        const d = canvas.data();
        const i = (y * 400 + x) * 4;
        return [d[i]!, d[i + 1]!, d[i + 2]!];
      },
    };
  }

  it('join glyphs placed at the font’s own advances, and keep glyphs placed elsewhere apart', () => {
    const { ctx } = setup();
    const runs = joinGlyphRuns(ctx);
    // (measuring is a call on the context too: it draws what is pending, so measure first)
    const w = ctx.measureText('H').width;
    for (let i = 0; i < 4; i++) ctx.fillText('H', 10 + i * w, 45);
    runs.flush();
    expect(runs.stats()).toEqual({ glyphs: 4, calls: 1 });
    // spread out (letter spacing, justification): one call per glyph
    for (const [i, ch] of [...'HHHH'].entries()) ctx.fillText(ch, 10 + i * 45, 45);
    runs.flush();
    expect(runs.stats()).toEqual({ glyphs: 8, calls: 5 });
  });

  it('draw a pending run with the state it was started in, before any state change', () => {
    const { ctx, px } = setup();
    const w = ctx.measureText('H').width;
    const runs = joinGlyphRuns(ctx);
    ctx.fillStyle = 'rgb(0, 0, 0)';
    ctx.fillText('H', 10, 45);
    ctx.fillText('H', 10 + w, 45);
    ctx.fillStyle = 'rgb(255, 0, 0)';
    ctx.fillText('H', 10 + 2 * w, 45);
    ctx.fillText('H', 10 + 3 * w, 45);
    // a call on the context (here a pixel read) draws the pending red run first
    ctx.getImageData(0, 0, 1, 1);
    expect(runs.stats()).toEqual({ glyphs: 4, calls: 2 });
    // the darkest pixel of the first H's stem is black, that of the third H's stem is red
    const stem = (k: number): number[] => {
      let best = [255, 255, 255];
      for (let x = Math.floor(10 + k * w); x < 10 + (k + 0.5) * w; x++) {
        const c = px(x, 30);
        if (c[1]! < best[1]!) best = c;
      }
      return best;
    };
    expect(stem(0)).toEqual([0, 0, 0]);
    const red = stem(2);
    expect(red[0]).toBeGreaterThan(200);
    expect(red[1]).toBeLessThan(30);
  });
});
