/**
 * Import speed against poppler's `pdftoppm`, measured in the same run on the same pages.
 * `npm run bench:import [-- --pages 200 --dpi 100 --workers 2 --png-baseline --stages]`.
 *
 * Builds a text PDF (pdf-lib, Times, ~45 lines a page, one black bar), then times
 * - baseline: `pdftoppm -r DPI file.pdf out` (PPM output, its default and fastest mode), and
 *   optionally `pdftoppm -png` (`--png-baseline`, much slower here);
 * - ours: `s.documents.importFiles([file], { dpi })` in-process on a fresh data folder: workers
 *   started, pages rendered (pdfjs + @napi-rs/canvas, in render processes), PNG + thumbnail written, text layer,
 *   hashing, original kept, one commit; and, when the app is built, `redlab import` as a user runs it.
 * Prints wall and CPU seconds of each, the ratio (goal: < 2; the built CLI's when there is one) and,
 * with `--stages`, what one page costs on one thread. CPU seconds are steadier than wall time on a
 * machine shared with other work.
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

interface Timing {
  wall: number;
  /** CPU seconds (user + system, all threads). */
  cpu: number;
}

/** CPU seconds used by finished child processes (Linux /proc); 0 elsewhere. */
function childCpu(): number {
  try {
    const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return 0;
  }
}

function child(cmd: string, args: string[]): Timing {
  const c0 = childCpu();
  const t = performance.now();
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return { wall: (performance.now() - t) / 1000, cpu: childCpu() - c0 };
}

function best(a: Timing | null, b: Timing): Timing {
  return a === null || b.wall < a.wall ? b : a;
}

async function inProcess(pdf: string, dir: string): Promise<Timing> {
  const s = createServices({ dataDir: path.join(dir, 'data'), transport: 'cli', recoverJobs: false });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => (closing ??= s.close());
  try {
    const c0 = process.cpuUsage();
    const k0 = childCpu();
    const t = performance.now();
    const r = await s.documents.importFiles([pdf], { dpi });
    const wall = (performance.now() - t) / 1000;
    const c = process.cpuUsage(c0);
    if (r.errors.length || r.documents[0]?.pages !== pages)
      throw new Error(`import failed: ${JSON.stringify(r).slice(0, 300)}`);
    // the render processes' CPU counts once they have exited (closing the app stops them)
    await close();
    return { wall, cpu: (c.user + c.system) / 1e6 + childCpu() - k0 };
  } finally {
    await close();
  }
}

function line(name: string, t: Timing, base: Timing | null): string {
  const rate = `${(pages / t.wall).toFixed(1)} pages/s`;
  const rel = base ? `  ${(t.wall / base.wall).toFixed(2)}x wall, ${(t.cpu / base.cpu).toFixed(2)}x CPU` : '';
  return `${name.padEnd(30)} ${t.wall.toFixed(2).padStart(6)} s wall ${t.cpu.toFixed(2).padStart(6)} s CPU  (${rate})${rel}`;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redlab-bench-import-'));
  const cli = path.join(__dirname, '..', 'bin', 'redlab.cjs');
  const built = fs.existsSync(path.join(__dirname, '..', 'out', 'main', 'cli.js'));
  try {
    const pdf = path.join(dir, 'bench.pdf');
    fs.writeFileSync(pdf, await textPdf(pages));
    const out = path.join(dir, 'ppm');
    const poppler = (args: string[]): Timing => {
      fs.mkdirSync(out, { recursive: true });
      const took = child('pdftoppm', [...args, '-r', String(dpi), pdf, path.join(out, 'p')]);
      fs.rmSync(out, { recursive: true, force: true });
      return took;
    };
    let ppm: Timing | null = null;
    let ours: Timing | null = null;
    let viaCli: Timing | null = null;
    for (let i = 0; i < repeat; i++) {
      ppm = best(ppm, poppler([]));
      ours = best(ours, await inProcess(pdf, path.join(dir, `run-${i}`)));
      if (built) {
        const data = path.join(dir, `cli-${i}`);
        viaCli = best(
          viaCli,
          child(process.execPath, [cli, 'import', pdf, '--dpi', String(dpi), '--data-dir', data, '--json']),
        );
      }
    }
    const png = values['png-baseline'] ? poppler(['-png']) : null;
    const load = os.loadavg()[0]!.toFixed(1);
    console.log(
      `pages: ${pages} at ${dpi} dpi, ${workers} render workers, ${os.cpus().length} CPUs, load ${load}, best of ${repeat}`,
    );
    console.log(line(`pdftoppm -r ${dpi} (PPM)`, ppm!, null));
    if (png) console.log(line(`pdftoppm -r ${dpi} -png`, png, ppm));
    console.log(line('redlab import, in-process', ours!, ppm));
    if (viaCli) console.log(line('redlab import, built CLI', viaCli, ppm));
    const ratio = (viaCli ?? ours)!.wall / ppm!.wall;
    console.log(`ratio ours / pdftoppm: ${ratio.toFixed(2)}x  (goal < 2x: ${ratio < 2 ? 'met' : 'NOT met'})`);
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
