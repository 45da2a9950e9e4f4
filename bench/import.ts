/**
 * Import speed against poppler's `pdftoppm`, measured in the same run on the same pages.
 * `npm run bench:import [-- --pages 200 --dpi 100 --workers 2 --png-baseline --stages]`.
 *
 * Builds a text PDF (pdf-lib, Times, ~45 lines a page, one black bar), then times
 * - baseline: `pdftoppm -r DPI file.pdf out` (PPM output, its default and fastest mode), and
 *   optionally `pdftoppm -png` (`--png-baseline`, much slower here);
 * - ours: `s.documents.importFiles([file], { dpi })` in-process on a fresh data folder: workers
 *   started, pages rendered (pdfjs + @napi-rs/canvas), PNG + thumbnail written, text layer,
 *   hashing, original kept, one commit.
 * Prints both times, the ratio (goal: < 2) and, with `--stages`, what one page costs on one thread.
 * On a shared, noisy machine `--repeat N` alternates both N times and keeps each one's best time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { createServices } from '../src-main/app/services';
import { stageTimes } from './import-stages';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '200' },
    dpi: { type: 'string', default: '100' },
    workers: { type: 'string', default: '2' },
    'png-baseline': { type: 'boolean', default: false },
    stages: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
  },
});
const pages = Number(values.pages);
const dpi = Number(values.dpi);
const workers = Number(values.workers);
const repeat = Math.max(1, Number(values.repeat));
process.env.REDLAB_IMPORT_WORKERS = String(workers);

const WORDS =
  'the agency released records under the freedom of information act pursuant to exemption withheld document page court filing declassified memorandum'.split(
    ' ',
  );

/** A deterministic text PDF of `n` US-letter pages. */
async function textPdf(n: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  let seed = 1;
  const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let p = 0; p < n; p++) {
    const page = doc.addPage([612, 792]);
    for (let l = 0; l < 45; l++) {
      let s = '';
      while (s.length < 85) s += `${WORDS[Math.floor(rnd() * WORDS.length)]} `;
      page.drawText(s, { x: 60, y: 740 - l * 15, size: 11, font });
    }
    page.drawRectangle({ x: 100, y: 300, width: 200, height: 14, color: rgb(0, 0, 0) });
  }
  return doc.save();
}

function seconds(fn: () => void): number {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

async function ours(pdf: string, dir: string): Promise<number> {
  const s = createServices({ dataDir: path.join(dir, 'data'), transport: 'cli', recoverJobs: false });
  try {
    const t = performance.now();
    const r = await s.documents.importFiles([pdf], { dpi });
    const took = (performance.now() - t) / 1000;
    if (r.errors.length || r.documents[0]?.pages !== pages)
      throw new Error(`import failed: ${JSON.stringify(r).slice(0, 300)}`);
    return took;
  } finally {
    await s.close();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redlab-bench-import-'));
  try {
    const pdf = path.join(dir, 'bench.pdf');
    fs.writeFileSync(pdf, await textPdf(pages));
    const out = path.join(dir, 'ppm');
    const poppler = (args: string[]): number => {
      fs.mkdirSync(out, { recursive: true });
      const took = seconds(() => execFileSync('pdftoppm', [...args, '-r', String(dpi), pdf, path.join(out, 'p')]));
      fs.rmSync(out, { recursive: true, force: true });
      return took;
    };
    let ppm = Infinity;
    let t = Infinity;
    for (let i = 0; i < repeat; i++) {
      ppm = Math.min(ppm, poppler([]));
      t = Math.min(t, await ours(pdf, path.join(dir, `run-${i}`)));
    }
    const png = values['png-baseline'] ? poppler(['-png']) : null;
    const ratio = t / ppm;
    const load = os.loadavg()[0]!.toFixed(1);
    console.log(
      `pages: ${pages} at ${dpi} dpi, ${workers} render workers, ${os.cpus().length} CPUs, load ${load}, best of ${repeat}`,
    );
    console.log(`pdftoppm -r ${dpi} (PPM):     ${ppm.toFixed(2)} s  (${(pages / ppm).toFixed(1)} pages/s)`);
    if (png !== null)
      console.log(`pdftoppm -r ${dpi} -png:      ${png.toFixed(2)} s  (${(pages / png).toFixed(1)} pages/s)`);
    console.log(`redlab import (in-process): ${t.toFixed(2)} s  (${(pages / t).toFixed(1)} pages/s)`);
    console.log(`ratio ours / pdftoppm: ${ratio.toFixed(2)}x  (goal < 2x: ${ratio < 2 ? 'met' : 'NOT met'})`);
    if (png !== null) console.log(`ratio ours / pdftoppm -png: ${(t / png).toFixed(2)}x`);
    if (values.stages) {
      const st = await stageTimes(pdf, dpi, Math.min(20, pages));
      console.log(
        `one page on one thread (ms): ${Object.entries(st)
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(', ')}`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
