import type { Box } from '../shared/boxes';
import { isDark, sameColor, type Rgb } from './colors';
import { area, coveredShare } from './geometry';
import type { Glyph, PageScene } from './scene';
import { classifyHiddenText, type TextVerdict } from './text-rules';

/** Something dark and opaque drawn on the page that can hide what is under it. */
export interface Cover {
  seq: number;
  box: Box;
  source: 'rect' | 'shape' | 'image';
  color: Rgb | null;
}

export interface CoveredText {
  cover: Cover;
  glyphs: Glyph[];
  text: string;
  verdict: TextVerdict;
}

/** Smallest bar that can be a redaction, in points (thinner ones are rules and underlines). */
const MIN_SIDE = 4;
/** A character counts as hidden when at least this share of it lies under the cover. */
export const HIDDEN_SHARE = 0.5;
/** Images larger than this share of the page are scanned backgrounds, not overlays. */
export const PAGE_IMAGE_SHARE = 0.5;
const OPAQUE = 0.99;
/** An image counts as a dark overlay when this share of its pixels is dark. */
const DARK_IMAGE_SHARE = 0.95;

function big(b: Box): boolean {
  return b[2] - b[0] > MIN_SIDE && b[3] - b[1] > MIN_SIDE;
}

/**
 * Dark opaque fills and dark overlay images, minus those that something light drawn later
 * covers (what a reader sees there is no longer a dark box).
 */
export function darkCovers(scene: PageScene, imageDarkShare: ReadonlyMap<number, number | null>): Cover[] {
  const pageArea = scene.width * scene.height;
  const covers: Cover[] = [];
  for (const f of scene.fills) {
    if (f.alpha < OPAQUE || !isDark(f.color) || !big(f.box)) continue;
    covers.push({ seq: f.seq, box: f.box, source: f.rect ? 'rect' : 'shape', color: f.color });
  }
  for (const im of scene.images) {
    const share = imageDarkShare.get(im.seq) ?? null;
    const w = im.box[2] - im.box[0];
    const h = im.box[3] - im.box[1];
    if (im.alpha < OPAQUE || share === null || share < DARK_IMAGE_SHARE) continue;
    if (area(im.box) > PAGE_IMAGE_SHARE * pageArea || w < 10 || h < 5) continue;
    covers.push({ seq: im.seq, box: im.box, source: 'image', color: null });
  }
  const lightLater = [
    ...scene.fills.filter((f) => f.alpha >= OPAQUE && f.color !== null && !isDark(f.color)),
    ...scene.images.filter((im) => (imageDarkShare.get(im.seq) ?? 0) < 0.5 && im.alpha >= OPAQUE),
  ];
  return covers
    .filter((c) => !lightLater.some((l) => l.seq > c.seq && coveredShare(c.box, l.box) >= 0.5))
    .sort((a, b) => a.seq - b.seq);
}

/** Text under a cover cannot be seen when drawn before it, in its colour, or never painted. */
function hiddenBy(g: Glyph, c: Cover): boolean {
  return g.seq < c.seq || g.invisible || sameColor(g.color, c.color);
}

function share(g: Glyph, c: Cover): number {
  if (area(g.box) > 0) return coveredShare(g.box, c.box);
  const x = (g.box[0] + g.box[2]) / 2;
  const y = (g.box[1] + g.box[3]) / 2;
  return x >= c.box[0] && x <= c.box[2] && y >= c.box[1] && y <= c.box[3] ? 1 : 0;
}

/**
 * For every cover, the characters hidden under it (>= 50% of the character's area, drawn
 * before it or in its fill colour); a character under several stacked covers belongs to the
 * top one. Covers with nothing under them are returned too (verdict 'empty').
 */
export function textUnderCovers(glyphs: readonly Glyph[], covers: readonly Cover[]): CoveredText[] {
  const byCover = new Map<Cover, Glyph[]>(covers.map((c) => [c, []]));
  for (const g of glyphs) {
    let top: Cover | null = null;
    for (const c of covers) {
      if (share(g, c) >= HIDDEN_SHARE && hiddenBy(g, c) && (!top || c.seq > top.seq)) top = c;
    }
    if (top) byCover.get(top)?.push(g);
  }
  return covers.map((cover) => {
    const list = byCover.get(cover) ?? [];
    const text = list.map((g) => g.text).join('');
    return { cover, glyphs: list, text, verdict: classifyHiddenText(text) };
  });
}

/** Characters of a region hidden by an annotation on top: every character at least half inside. */
export function textInside(glyphs: readonly Glyph[], box: Box): string {
  const c: Cover = { seq: Number.MAX_SAFE_INTEGER, box, source: 'rect', color: null };
  return glyphs
    .filter((g) => share(g, c) >= HIDDEN_SHARE)
    .map((g) => g.text)
    .join('');
}

/**
 * Characters a reader cannot see: never painted, or painted and then covered by an image or an
 * opaque fill drawn later (a scanned page over its OCR layer, a box over text).
 */
export function concealedGlyphs(scene: PageScene): Glyph[] {
  const later = [
    ...scene.images.filter((im) => im.alpha >= OPAQUE),
    ...scene.fills.filter((f) => f.alpha >= OPAQUE && f.color !== null),
  ];
  return scene.glyphs.filter(
    (g) => g.invisible || later.some((o) => o.seq > g.seq && coveredShare(g.box, o.box) >= HIDDEN_SHARE),
  );
}
