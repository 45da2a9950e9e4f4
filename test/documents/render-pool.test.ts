import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { RenderPool } from '../../src-main/documents/render/render-pool';
import type { ProbeResult, RenderLimits } from '../../src-main/documents/render/protocol';
import { SHARED, tmpDir } from '../helpers/tmp';

const PDF = path.join(SHARED, 'fixtures', 'pdf-audit', 'ok_words.pdf');
const limits: RenderLimits = { maxPages: 2000, maxImagePixels: 100e6, maxRenderPixels: 40e6 };
const pools: RenderPool[] = [];
const tmp = tmpDir('redlab-pool-');
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});
afterAll(() => tmp.cleanup());

function pool(opts: ConstructorParameters<typeof RenderPool>[0]): RenderPool {
  const p = new RenderPool(opts);
  pools.push(p);
  return p;
}

function dirs(name: string): { pagesDir: string; thumbsDir: string } {
  const d = { pagesDir: path.join(tmp.dir, name, 'pages'), thumbsDir: path.join(tmp.dir, name, 'thumbs') };
  fs.mkdirSync(d.pagesDir, { recursive: true });
  fs.mkdirSync(d.thumbsDir, { recursive: true });
  return d;
}

describe('RenderPool', () => {
  it('gives up a task that runs past its time limit and stops that worker', async () => {
    const p = pool({ size: 1, pageTimeoutMs: 1 });
    const slow = p.run({ op: 'render', file: PDF, type: 'pdf', pages: [0], dpi: 100, ...dirs('slow'), limits });
    await expect(slow).rejects.toMatchObject({
      code: 'CORRUPT_FILE',
      message: expect.stringContaining('took longer') as unknown,
    });
    expect(p.workers).toBe(0);
  });

  it('fails only the task of a worker that runs out of memory, then serves the next one', async () => {
    const p = pool({ size: 1, heapMb: 2 });
    const err = await p
      .run({ op: 'render', file: PDF, type: 'pdf', pages: [0], dpi: 100, ...dirs('oom'), limits })
      .catch((e: unknown) => e);
    expect((err as { code: string }).code).toMatch(/OUT_OF_MEMORY|CORRUPT_FILE/);
    expect(p.workers).toBe(0);
    // the same pool starts a fresh worker (with the same small heap, so only a probe of a tiny input)
    const roomy = pool({ size: 1 });
    expect(await roomy.run<ProbeResult>({ op: 'probe', file: PDF, type: 'pdf', limits })).toEqual({ pageCount: 1 });
  });

  it('renders pages of one file on two workers at once and reports each page', async () => {
    const p = pool({ size: 2 });
    const seen: number[] = [];
    const d = dirs('two');
    await Promise.all([
      p.run(
        { op: 'render', file: PDF, type: 'pdf', pages: [0], dpi: 50, ...d, limits },
        { onPage: (x) => seen.push(x.index) },
      ),
      p.run({ op: 'probe', file: PDF, type: 'pdf', limits }),
    ]);
    expect(seen).toEqual([0]);
    expect(p.workers).toBe(2);
    expect(fs.existsSync(path.join(d.pagesDir, '0.png'))).toBe(true);
  });

  it('draws PDF text through fonts, the same on two workers at once as on one, and close to glyph paths', async () => {
    const files = ['ok_words.pdf', 'rectangles_yes.pdf', 'unfilled_rect.pdf', 'whitespace_redactions.pdf'].map((f) =>
      path.join(SHARED, 'fixtures', 'pdf-audit', f),
    );
    const render = async (p: RenderPool, name: string, file: string): Promise<{ sha: string; png: string }> => {
      let sha = '';
      const d = dirs(name);
      await p.run({ op: 'probe', file, type: 'pdf', limits });
      await p.run(
        { op: 'render', file, type: 'pdf', pages: [0], dpi: 72, ...d, limits },
        { onPage: (x) => (sha = x.imageSha256) },
      );
      return { sha, png: path.join(d.pagesDir, '0.png') };
    };
    const one = pool({ size: 1 });
    const expected = [];
    for (const [i, f] of files.entries()) expected.push(await render(one, `one-${i}`, f));
    expect(one.fontBytes).toBeGreaterThan(0);
    const two = pool({ size: 2 });
    const got = await Promise.all(files.map((f, i) => render(two, `two-${i}`, f)));
    expect(got.map((g) => g.sha)).toEqual(expected.map((e) => e.sha));
    // glyph paths (pdfjs' Node default) give nearly the same ink: no text went missing
    process.env.REDLAB_PDF_GLYPH_PATHS = '1';
    try {
      const paths = pool({ size: 1 });
      for (const [i, f] of files.entries()) {
        const ref = await render(paths, `paths-${i}`, f);
        const a = await sharp(expected[i]!.png).extractChannel(0).raw().toBuffer();
        const b = await sharp(ref.png).extractChannel(0).raw().toBuffer();
        // ink of the path rendering that is white in the font rendering (thinner glyphs lose < 4%)
        let dark = 0;
        let lost = 0;
        for (let k = 0; k < a.length; k++) {
          if (b[k]! >= 96) continue;
          dark++;
          if (a[k]! > 224) lost++;
        }
        expect(lost / dark).toBeLessThan(0.06);
      }
    } finally {
      delete process.env.REDLAB_PDF_GLYPH_PATHS;
    }
  });

  it('cancels a queued task without starting it', async () => {
    const p = pool({ size: 1 });
    const controller = new AbortController();
    const first = p.run({ op: 'probe', file: PDF, type: 'pdf', limits });
    const second = p.run({ op: 'probe', file: PDF, type: 'pdf', limits }, { signal: controller.signal });
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(first).resolves.toEqual({ pageCount: 1 });
  });
});
