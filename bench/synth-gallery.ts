/**
 * Writes the README gallery of the synthetic generator: one crop per redaction style (plus codes,
 * shapes, full pages, hard negatives) and an overview strip with the labels drawn.
 * `npx tsx bench/synth-gallery.ts [--out docs/images]`. Deterministic: same files every run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { SynthAnnotation, SynthSettings } from '../src-main/shared/contract/synth';
import { generatePage, type SynthPage } from '../src-main/synth/generate';
import { builtInProfile, DEFAULT_SETTINGS } from '../src-main/synth/profiles';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/images' } } });
const OUT = path.resolve(values.out);
const CROP_W = 520;
const CROP_H = 260;

const only = (style: keyof SynthSettings['styles']): SynthSettings['styles'] => ({
  black: 0,
  grey: 0,
  'white-bordered': 0,
  'cross-hatched': 0,
  marker: 0,
  [style]: 1,
});

interface Shot {
  file: string;
  caption: string;
  settings: Partial<SynthSettings>;
  pick: (a: SynthAnnotation) => boolean;
  /** Show the whole page (scaled down) instead of a crop. */
  whole?: boolean;
}

const base: Partial<SynthSettings> = { ageing: 0.3, jpeg: 0, bilevel: 0, maxRotationDeg: 0.6, redactedPages: 1 };
const SHOTS: Shot[] = [
  {
    file: 'synth-black.png',
    caption: 'Solid black',
    settings: { styles: only('black'), codeInside: 0 },
    pick: (a) => a.style === 'black',
  },
  {
    file: 'synth-black-code.png',
    caption: 'Black with the exemption code inside',
    settings: { styles: only('black'), codeInside: 1 },
    pick: (a) => a.style === 'black' && !!a.label,
  },
  { file: 'synth-grey.png', caption: 'Dark grey', settings: { styles: only('grey') }, pick: (a) => a.style === 'grey' },
  {
    file: 'synth-white-bordered.png',
    caption: 'White box with a thin border on a form, codes beside',
    settings: { ...builtInProfile('white-boxes-forms')?.settings, ...base, styles: only('white-bordered') },
    pick: (a) => a.style === 'white-bordered',
  },
  {
    file: 'synth-cross-hatched.png',
    caption: 'Cross-hatched',
    settings: { styles: only('cross-hatched') },
    pick: (a) => a.style === 'cross-hatched',
  },
  {
    file: 'synth-marker.png',
    caption: 'Hand-drawn marker',
    settings: { styles: only('marker') },
    pick: (a) => a.style === 'marker',
  },
  {
    file: 'synth-lines-partial.png',
    caption: 'Multi-line blocks and partial words',
    settings: { styles: only('black'), shapes: { ...DEFAULT_SETTINGS.shapes, lines: 40, partial: 30, page: 0 } },
    pick: (a) => a.shape === 'lines',
  },
  {
    file: 'synth-margin-codes.png',
    caption: 'Exemption codes in the margin (class exemption_label)',
    settings: { styles: only('black'), codeBeside: 1 },
    pick: (a) => a.class === 'exemption_label',
  },
  {
    file: 'synth-full-page.png',
    caption: 'Full-page redaction',
    settings: { styles: only('black'), shapes: { ...DEFAULT_SETTINGS.shapes, page: 1000 } },
    pick: (a) => a.shape === 'page',
    whole: true,
  },
  {
    file: 'synth-negatives.png',
    caption: 'Hard negatives only: header bars, shaded cells, stamps, rules (no labels but content)',
    settings: { redactedPages: 0, negatives: 1, layouts: { ...DEFAULT_SETTINGS.layouts, table: 40, form: 40 } },
    pick: (a) => a.class === 'content',
    whole: true,
  },
];

/** The crop (or whole page) among the first pages that shows the most labels of the kind wanted. */
async function find(shot: Shot, seed: number): Promise<{ page: SynthPage; crop: Crop }> {
  const settings = { ...DEFAULT_SETTINGS, ...base, ...shot.settings };
  let best: { page: SynthPage; crop: Crop; n: number } | null = null;
  for (let i = 0; i < 12; i++) {
    const page = await generatePage(settings, seed, i);
    const hits = page.annotations.filter(shot.pick);
    for (const a of hits) {
      const crop = cropAround(page, a);
      const n = shot.whole ? 1 : hits.filter((h) => inside(h, crop)).length;
      if (!best || n > best.n) best = { page, crop, n };
    }
    if (best && (shot.whole || best.n >= 4)) break;
  }
  if (!best) throw new Error(`no page for ${shot.file}`);
  return best;
}

interface Crop {
  left: number;
  top: number;
  width: number;
  height: number;
}

function inside(a: SynthAnnotation, c: Crop): boolean {
  return a.box[0] >= c.left && a.box[1] >= c.top && a.box[2] <= c.left + c.width && a.box[3] <= c.top + c.height;
}

function cropAround(page: SynthPage, a: SynthAnnotation): Crop {
  const cx = (a.box[0] + a.box[2]) / 2;
  const cy = (a.box[1] + a.box[3]) / 2;
  const left = Math.round(Math.min(Math.max(0, cx - CROP_W / 2), page.width - CROP_W));
  const top = Math.round(Math.min(Math.max(0, cy - CROP_H / 2), page.height - CROP_H));
  return { left, top, width: CROP_W, height: CROP_H };
}

async function overview(): Promise<void> {
  const tiles: Buffer[] = [];
  for (let i = 0; i < 4; i++) {
    const page = await generatePage({ ...DEFAULT_SETTINGS, longSide: 1300 }, 7, i + 20);
    const rects = page.annotations
      .map((a) => {
        const colour = a.class === 'redaction' ? '#e53935' : a.class === 'content' ? '#1e88e5' : '#fb8c00';
        const [x0, y0, x1, y1] = a.box;
        return `<rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" fill="none" stroke="${colour}" stroke-width="4"/>`;
      })
      .join('');
    const svg = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${page.width}" height="${page.height}">${rects}</svg>`,
    );
    // sharp resizes before it composites: draw the labels first, then scale
    const labelled = await sharp(page.png)
      .toColourspace('srgb')
      .composite([{ input: svg }])
      .png()
      .toBuffer();
    tiles.push(
      await sharp(labelled).resize({ width: 260, height: 336, fit: 'contain', background: '#ffffff' }).png().toBuffer(),
    );
  }
  await sharp({ create: { width: 4 * 260 + 3 * 10, height: 336, channels: 3, background: '#ffffff' } })
    .composite(tiles.map((input, i) => ({ input, left: i * 270, top: 0 })))
    .png({ compressionLevel: 9, palette: true, colours: 16, dither: 0 })
    .toFile(path.join(OUT, 'synth-overview.png'));
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  for (const [k, shot] of SHOTS.entries()) {
    const { page, crop } = await find(shot, 2024 + k);
    const img = sharp(page.png);
    const piece = shot.whole ? img.resize({ height: 360 }) : img.extract(crop);
    await piece.png({ compressionLevel: 9, palette: true, colours: 16, dither: 0 }).toFile(path.join(OUT, shot.file));
    console.log(`${shot.file}: ${shot.caption} (${page.meta.layout}, page ${page.meta.index})`);
  }
  await overview();
  let total = 0;
  for (const f of fs.readdirSync(OUT).filter((f) => f.startsWith('synth-')))
    total += fs.statSync(path.join(OUT, f)).size;
  console.log(`synth-overview.png: four default pages with their labels; ${Math.round(total / 1024)} KB in all`);
}

void main();
