/**
 * Speed of the synthetic page generator at 1000x1300-ish pages on this machine.
 * `npm run bench:synth [-- --pages 60 --size 1300 --workers 2 --profile default]`.
 *
 * Prints pages per second of the worker batch with start-up excluded (a short run subtracted from a
 * long one, as the acceptance check does), the per-stage cost of one page on one thread, and a
 * baseline measured in the same run: a plain canvas page (one font, text lines, canvas PNG encoder).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCanvas } from '@napi-rs/canvas';
import { agePage } from '../src-main/synth/ageing';
import { generateBatch } from '../src-main/synth/batch';
import { composePage } from '../src-main/synth/compose';
import { defaultFontsDir } from '../src-main/synth/constants';
import { css, ensureFonts } from '../src-main/synth/fonts';
import { encodeGrayPng } from '../src-main/synth/png';
import { builtInProfile } from '../src-main/synth/profiles';
import { renderPage } from '../src-main/synth/render';
import { Rng } from '../src-main/synth/rng';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '60' },
    size: { type: 'string', default: '1300' },
    workers: { type: 'string', default: '2' },
    profile: { type: 'string', default: 'default' },
  },
});
const pages = Number(values.pages);
const workers = Number(values.workers);
const profile = builtInProfile(values.profile);
if (!profile) throw new Error(`unknown profile ${values.profile}`);
const settings = { ...profile.settings, longSide: Number(values.size) };

/** Seconds for a worker batch of `count` pages. */
async function batchSeconds(count: number, seed: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redlab-bench-synth-'));
  try {
    const t = performance.now();
    await generateBatch({ settings, seed, count, outDir: dir, workers });
    return (performance.now() - t) / 1000;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Milliseconds per page of each stage on this thread (JPEG round trips not included). */
function stages(n: number): Record<string, number> {
  ensureFonts(defaultFontsDir());
  const t = { compose: 0, render: 0, ageing: 0, png: 0 };
  for (let i = -3; i < n; i++) {
    const rng = new Rng(99, Math.abs(i) + 1000, 'page');
    const t0 = performance.now();
    const page = composePage(settings, rng);
    const t1 = performance.now();
    const img = renderPage(page.builder);
    const t2 = performance.now();
    const aged = agePage(img, settings, rng.fork('ageing'));
    const t3 = performance.now();
    encodeGrayPng(aged.image, page.builder.dpi);
    const t4 = performance.now();
    if (i < 0) continue; // warm-up
    t.compose += t1 - t0;
    t.render += t2 - t1;
    t.ageing += t3 - t2;
    t.png += t4 - t3;
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v / n]));
}

/** Baseline: a plain 1005x1300 canvas page with 55 lines of text, encoded by the canvas PNG encoder. */
function baselinePagesPerSecond(n: number): number {
  const font = css({ face: 'serif', size: 17 });
  const line = 'The quick brown fox jumps over the lazy dog near the bank of the river, 1234567890.';
  const run = (): void => {
    const c = createCanvas(1005, 1300);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 1005, 1300);
    g.fillStyle = '#111';
    g.font = font;
    for (let y = 80; y < 1260; y += 21) g.fillText(line, 90, y);
    c.toBuffer('image/png');
  };
  run();
  const t = performance.now();
  for (let i = 0; i < n; i++) run();
  return n / ((performance.now() - t) / 1000);
}

async function main(): Promise<void> {
  const size = `${Math.round((settings.longSide * 8.5) / 11)}x${settings.longSide}`;
  console.log(
    `synth bench: ${size} letter pages, profile "${profile!.name}", ${workers} worker(s), ${os.cpus().length} cores`,
  );
  const st = stages(20);
  const total = Object.values(st).reduce((a, v) => a + v, 0);
  console.log(
    `  one page on one thread: ${Object.entries(st)
      .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
      .join(', ')} = ${total.toFixed(1)} ms`,
  );
  const base = baselinePagesPerSecond(20);
  const short = await batchSeconds(10, 5);
  const long = await batchSeconds(10 + pages, 5);
  const rate = pages / (long - short);
  console.log(`  batch: 10 pages ${short.toFixed(2)} s, ${10 + pages} pages ${long.toFixed(2)} s`);
  console.log(
    `  pages/s (start-up excluded): ${rate.toFixed(1)}  (target >= 10) ${rate >= 10 ? 'OK' : 'BELOW TARGET'}`,
  );
  console.log(`  baseline (plain canvas text page + canvas PNG, one thread): ${base.toFixed(1)} pages/s`);
  console.log(`  ratio generator/baseline: ${(rate / base).toFixed(2)}x`);
}

void main();
