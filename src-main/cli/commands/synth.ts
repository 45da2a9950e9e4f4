import fs from 'node:fs';
import path from 'node:path';
import { createServices } from '../../app/services';
import type { SynthSettings } from '../../shared/contract/synth';
import { writeCocoSet } from '../../synth/batch';
import { builtInProfile, BUILT_IN_PROFILES } from '../../synth/profiles';
import { num, str, UsageError, type Command, type Values } from '../command';

function intOption(v: Values[string], name: string, lo: number, hi: number, fallback?: number): number {
  const n = num(v, name, fallback);
  if (n === undefined) throw new UsageError(`--${name} is required.`);
  if (!Number.isInteger(n) || n < lo || n > hi)
    throw new UsageError(`--${name} must be a whole number from ${lo} to ${hi}, got ${n}.`);
  return n;
}

/** Built-in profiles need no database; saved ones are read from the data folder. */
function profileSettings(name: string, dataDir: string): SynthSettings {
  const builtIn = builtInProfile(name);
  if (builtIn) return builtIn.settings;
  const s = createServices({ dataDir, transport: 'cli', recoverJobs: false });
  try {
    return s.synth.profiles.settingsOf(name);
  } finally {
    void s.close();
  }
}

/** Removes page files of an earlier run in the same folder (only names this command writes). */
function clearOldPages(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir)) if (/^\d{6}\.png$/.test(f)) fs.rmSync(path.join(dir, f), { force: true });
}

export const synthCommand: Command = {
  name: 'synth',
  summary: 'Generate synthetic redacted pages with exact labels (PNG + COCO).',
  usage: 'synth --count N --seed S --out DIR [--profile NAME] [--size PX] [--workers N] [--json]',
  options: {
    count: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    profile: { type: 'string' },
    size: { type: 'string' },
    workers: { type: 'string' },
  },
  optionHelp: {
    count: 'number of pages (1..100000)',
    seed: 'seed 0..4294967295; the same seed and profile give byte-identical files',
    out: 'output folder: DIR/images/*.png and DIR/annotations.json (COCO)',
    profile: `profile name (default "default"; built in: ${BUILT_IN_PROFILES.map((p) => p.name).join(', ')}, or one saved in the app)`,
    size: 'long side of each page in pixels (default 1300, about 118 dpi on Letter)',
    workers: 'worker threads (default: up to 2)',
  },
  async run({ values, dataDir, json, io }) {
    const count = intOption(values.count, 'count', 1, 100_000);
    const seed = intOption(values.seed, 'seed', 0, 2 ** 32 - 1);
    const out = str(values.out);
    if (!out) throw new UsageError('--out DIR is required.');
    const profile = str(values.profile) ?? 'default';
    const base = profileSettings(profile, dataDir);
    const longSide = intOption(values.size, 'size', 256, 4096, base.longSide);
    const workers = values.workers === undefined ? undefined : intOption(values.workers, 'workers', 1, 16);
    const outDir = path.resolve(out);
    clearOldPages(path.join(outDir, 'images'));
    const t0 = performance.now();
    let lastShown = 0;
    const r = await writeCocoSet({
      settings: { ...base, longSide },
      seed,
      count,
      outDir,
      profile,
      workers,
      onProgress: (done, total) => {
        if (!json && (done === total || done - lastShown >= Math.max(10, total / 10))) {
          lastShown = done;
          io.warn(`generated ${done}/${total} pages`);
        }
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const summary = {
      out: outDir,
      images: path.join(outDir, 'images'),
      annotations: r.file,
      pages: r.pages,
      boxes: r.boxes,
      profile,
      size: longSide,
      seed,
      seconds: Math.round(seconds * 100) / 100,
      pagesPerSecond: Math.round((r.pages / seconds) * 10) / 10,
    };
    if (json) io.json(summary);
    else
      io.info(
        `Wrote ${r.pages} pages with ${r.boxes} boxes to ${outDir} in ${summary.seconds} s (${summary.pagesPerSecond} pages/s).`,
      );
    return 0;
  },
};
