import { describe, expect, it } from 'vitest';
import type { SynthSettings } from '../../src-main/shared/contract/synth';
import { agePage } from '../../src-main/synth/ageing';
import { composePage } from '../../src-main/synth/compose';
import { ensureFonts } from '../../src-main/synth/fonts';
import { defaultFontsDir, generatePage, hasInk } from '../../src-main/synth/generate';
import { DEFAULT_SETTINGS } from '../../src-main/synth/profiles';
import { planRedactions } from '../../src-main/synth/redact';
import type { GrayImage } from '../../src-main/synth/render';
import { Rng } from '../../src-main/synth/rng';

/** Bilevel only: no tone, blur, rotation or JPEG, so the threshold is the one thing that acts. */
const BILEVEL: SynthSettings = { ...DEFAULT_SETTINGS, ageing: 0, maxRotationDeg: 0, jpeg: 0, bilevel: 1 };

/** A white page with a few black text strokes, a large light-shaded band and a grey box. */
function page(shade: number, greyBox: number): GrayImage {
  const width = 400;
  const height = 300;
  const data = new Uint8Array(width * height).fill(255);
  const fill = (x0: number, y0: number, x1: number, y1: number, v: number): void => {
    for (let y = y0; y < y1; y++) data.fill(v, y * width + x0, y * width + x1);
  };
  fill(0, 20, 400, 200, shade); // a shaded table: 60 % of the page
  for (let y = 30; y < 280; y += 40) fill(20, y, 380, y + 3, 20);
  fill(300, 240, 360, 260, greyBox);
  return { width, height, data };
}
const at = (img: GrayImage, x: number, y: number): number => img.data[y * img.width + x] as number;

describe('bilevel scans', () => {
  it('keep light shading white when told its level, which a plain Otsu threshold turns black', () => {
    const plain = agePage(page(150, 255), BILEVEL, new Rng(1, 0, 'ageing'));
    expect(plain.effects).toContain('bilevel');
    expect(at(plain.image, 200, 105)).toBe(0); // the shading became a black box

    const kept = agePage(page(150, 255), BILEVEL, new Rng(1, 0, 'ageing'), { paleShade: 150, palestRedaction: null });
    expect(kept.effects).toContain('bilevel');
    expect(at(kept.image, 200, 105)).toBe(255);
    expect(at(kept.image, 200, 31)).toBe(0); // text survives
  });

  it('keep a grey redaction black, and skip thresholding when shading and a redaction cannot both survive', () => {
    const keepGrey = { paleShade: null, palestRedaction: 160 };
    const grey = agePage(page(255, 160), BILEVEL, new Rng(2, 0, 'ageing'), keepGrey);
    expect(grey.effects).toContain('bilevel');
    expect(at(grey.image, 330, 250)).toBe(0);

    const both = agePage(page(150, 160), BILEVEL, new Rng(2, 0, 'ageing'), { paleShade: 150, palestRedaction: 160 });
    expect(both.effects).not.toContain('bilevel');
    expect(at(both.image, 200, 105)).toBe(150);
    expect(at(both.image, 330, 250)).toBe(160);
  });
});

describe('decoys beside redactions', () => {
  /** Base-layer drawings planRedactions adds to 12 composed pages, and the exemption labels it makes. */
  function plan(negatives: number): { decoys: number; codes: number; boxes: number } {
    ensureFonts(defaultFontsDir());
    const s: SynthSettings = {
      ...DEFAULT_SETTINGS,
      redactedPages: 1,
      boxesPerPage: [12, 12],
      codeBeside: 0,
      negatives,
    };
    let decoys = 0;
    let codes = 0;
    let boxes = 0;
    for (let i = 0; i < 12; i++) {
      const { builder: b } = composePage({ ...DEFAULT_SETTINGS, redactedPages: 0 }, new Rng(9, i, 'page'));
      const base = (): number => b.ops.filter((o) => o.layer === 'base').length;
      const before = base();
      planRedactions(b, s, new Rng(9, i, 'redactions'));
      decoys += base() - before;
      codes += b.labels.filter((l) => l.class === 'exemption_label').length;
      boxes += b.labels.filter((l) => l.class === 'redaction').length;
    }
    return { decoys, codes, boxes };
  }

  it('prints unlabelled non-code marks beside boxes, more of them with more negatives', () => {
    const none = plan(0);
    const many = plan(1);
    expect(none.boxes).toBeGreaterThan(50);
    expect(many.boxes).toBeGreaterThan(50);
    expect(none.decoys).toBe(0);
    expect(many.decoys).toBeGreaterThan(5);
    expect(many.codes).toBe(0);
  });
});

describe('codes a scan wiped out', () => {
  it('count as ink only when clearly darker than their paper', () => {
    const img: GrayImage = { width: 100, height: 40, data: new Uint8Array(100 * 40).fill(250) };
    expect(hasInk(img, [10, 10, 60, 25])).toBe(false);
    // faint specks, 30 levels below paper: still no code
    for (let x = 12; x < 58; x += 3) img.data[15 * 100 + x] = 220;
    expect(hasInk(img, [10, 10, 60, 25])).toBe(false);
    // glyph strokes
    for (let y = 12; y < 23; y++) for (const x of [15, 16, 25, 26, 35, 36]) img.data[y * 100 + x] = 40;
    expect(hasInk(img, [10, 10, 60, 25])).toBe(true);
    // on grey paper the contrast is what counts
    const grey: GrayImage = { width: 100, height: 40, data: new Uint8Array(100 * 40).fill(150) };
    for (let y = 12; y < 23; y++) for (const x of [15, 16, 25, 26, 35, 36]) grey.data[y * 100 + x] = 60;
    expect(hasInk(grey, [10, 10, 60, 25])).toBe(true);
  });

  it('keep faint codes that stand out of the noise, and codes printed on a bar', () => {
    const rng = new Rng(5, 0, 'noise');
    const noisy = (level: number, sd: number): GrayImage => {
      const data = new Uint8Array(100 * 40);
      for (let i = 0; i < data.length; i++)
        data[i] = Math.round(level + sd * (rng.next() + rng.next() + rng.next() - 1.5) * 2);
      return { width: 100, height: 40, data };
    };
    const strokes = (img: GrayImage, v: number): GrayImage => {
      for (let y = 12; y < 23; y++) for (const x of [15, 16, 25, 26, 35, 36, 45, 46]) img.data[y * 100 + x] = v;
      return img;
    };
    // grey ink 40 levels under a light scan's paper: not 50, yet plainly a code
    expect(hasInk(strokes(noisy(228, 2), 188), [10, 10, 60, 25])).toBe(true);
    // noise alone, however strong, spreads both ways and is no code
    expect(hasInk(noisy(230, 12), [10, 10, 60, 25])).toBe(false);
    expect(hasInk(noisy(230, 4), [10, 10, 60, 25])).toBe(false);
    // grey strokes on a black bar (a code printed on the redaction)
    expect(hasInk(strokes(noisy(20, 2), 60), [10, 10, 60, 25])).toBe(true);
    expect(hasInk(noisy(20, 3), [10, 10, 60, 25])).toBe(false);
  });

  it('are not labelled: every labelled code on aged pages shows ink, and some wiped ones were dropped', async () => {
    const settings = { ...DEFAULT_SETTINGS, bilevel: 1 };
    let labelled = 0;
    let drawn = 0;
    for (let i = 0; i < 40; i++) {
      const p = await generatePage(settings, 77, i, { keepPixels: true });
      const codes = p.annotations.filter((a) => a.class === 'exemption_label');
      for (const a of codes) expect(hasInk(p.pixels!, a.box)).toBe(true);
      labelled += codes.length;
      const clean = await generatePage(settings, 77, i, { ageing: false });
      drawn += clean.annotations.filter((a) => a.class === 'exemption_label').length;
    }
    expect(labelled).toBeGreaterThan(10);
    expect(labelled).toBeLessThan(drawn);
  }, 120_000);
});
