import { describe, expect, it } from 'vitest';
import type { SynthSettings } from '../../src-main/shared/contract/synth';
import { generatePage } from '../../src-main/synth/generate';
import { DEFAULT_SETTINGS } from '../../src-main/synth/profiles';
import { darkenedOutside, darkFraction } from './helpers';

const BLACKISH: SynthSettings = {
  ...DEFAULT_SETTINGS,
  styles: { black: 60, grey: 5, 'white-bordered': 10, 'cross-hatched': 5, marker: 20 },
  codeInside: 0.4,
  codeBeside: 0.5,
};

describe('generatePage', () => {
  it('gives byte-identical images and labels for the same seed, settings and index', async () => {
    for (const index of [0, 5, 13]) {
      const a = await generatePage(DEFAULT_SETTINGS, 42, index);
      const b = await generatePage(DEFAULT_SETTINGS, 42, index);
      expect(a.png.equals(b.png)).toBe(true);
      expect(a.annotations).toEqual(b.annotations);
      expect(a.meta).toEqual(b.meta);
    }
  });

  it('gives different pages for different seeds and indices', async () => {
    const a = await generatePage(DEFAULT_SETTINGS, 1, 0);
    const b = await generatePage(DEFAULT_SETTINGS, 2, 0);
    const c = await generatePage(DEFAULT_SETTINGS, 1, 1);
    expect(a.png.equals(b.png)).toBe(false);
    expect(a.png.equals(c.png)).toBe(false);
  });

  it('makes a PNG of the requested long side with boxes inside the page', async () => {
    for (const longSide of [700, 1300, 1700]) {
      const p = await generatePage({ ...DEFAULT_SETTINGS, longSide }, 9, 3);
      expect(Math.max(p.width, p.height)).toBe(longSide);
      expect(p.png.readUInt32BE(16)).toBe(p.width);
      expect(p.png.readUInt32BE(20)).toBe(p.height);
      for (const a of p.annotations) {
        expect(a.box[0]).toBeGreaterThanOrEqual(0);
        expect(a.box[1]).toBeGreaterThanOrEqual(0);
        expect(a.box[2]).toBeLessThanOrEqual(p.width);
        expect(a.box[3]).toBeLessThanOrEqual(p.height);
        expect(a.box[2]).toBeGreaterThan(a.box[0]);
        expect(a.box[3]).toBeGreaterThan(a.box[1]);
      }
      expect(p.annotations.filter((a) => a.class === 'content')).toHaveLength(1);
    }
  });

  it('labels every black redaction as at least 90% dark and leaves no redaction ink outside the boxes (before ageing)', async () => {
    let black = 0;
    let coded = 0;
    let darkened = 0;
    for (let index = 0; index < 24; index++) {
      const full = await generatePage(BLACKISH, 77, index, { ageing: false, keepPixels: true });
      const bare = await generatePage(BLACKISH, 77, index, {
        ageing: false,
        keepPixels: true,
        layers: ['base', 'over'],
      });
      const img = full.pixels!;
      for (const a of full.annotations) {
        if (a.class !== 'redaction' || a.style !== 'black') continue;
        const frac = darkFraction(img, a.box);
        if (a.label) {
          coded++;
          expect(frac, `black box with code ${a.label} on page ${index}`).toBeGreaterThanOrEqual(0.75);
        } else {
          black++;
          expect(frac, `black box [${a.box.join(', ')}] on page ${index}`).toBeGreaterThanOrEqual(0.9);
        }
      }
      const d = darkenedOutside(img, bare.pixels!, full.annotations);
      darkened += d.darkened;
      expect(d.outside.slice(0, 5), `page ${index}: redaction ink outside every box`).toEqual([]);
    }
    expect(black).toBeGreaterThan(40);
    expect(coded).toBeGreaterThan(3);
    expect(darkened).toBeGreaterThan(100_000);
  });

  it('keeps boxes covering the drawn redactions when the scan is rotated and skewed', async () => {
    const rotated: SynthSettings = { ...BLACKISH, ageing: 0, bilevel: 0, jpeg: 0, maxRotationDeg: 3 };
    let checked = 0;
    for (let index = 0; index < 12; index++) {
      const full = await generatePage(rotated, 5, index, { keepPixels: true });
      if (!full.meta.effects.some((e) => e.startsWith('rotate'))) continue;
      const bare = await generatePage(rotated, 5, index, { keepPixels: true, layers: ['base', 'over'] });
      const d = darkenedOutside(full.pixels!, bare.pixels!, full.annotations);
      expect(d.outside.slice(0, 5), `page ${index} (${full.meta.effects.join(', ')})`).toEqual([]);
      if (d.darkened > 0) checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('draws nothing for the redactions a page does not have: a clean page with no boxes has no darkened pixels', async () => {
    const none: SynthSettings = { ...DEFAULT_SETTINGS, redactedPages: 0 };
    const full = await generatePage(none, 3, 0, { ageing: false, keepPixels: true });
    const bare = await generatePage(none, 3, 0, { ageing: false, keepPixels: true, layers: ['base', 'over'] });
    expect(full.annotations.filter((a) => a.class !== 'content')).toEqual([]);
    expect(Buffer.from(full.pixels!.data).equals(Buffer.from(bare.pixels!.data))).toBe(true);
  });
});
