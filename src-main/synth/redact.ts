import type { Box, BoxStyle } from '../shared/boxes';
import type { RedactionShape, SynthSettings } from '../shared/contract/synth';
import { css, inkBounds, textWidth, type Font } from './fonts';
import { grey, type PageBuilder } from './page';
import type { Rng } from './rng';
import { choosePadStyle, targetRects } from './targets';
import { drawRedaction } from './styles';
import { CODE_DECOYS, EXEMPTION_CODES } from './text';

/** Plans and draws the redactions of a page, and the exemption codes printed beside them. */
export function planRedactions(b: PageBuilder, s: SynthSettings, r: Rng): void {
  if (!r.chance(s.redactedPages)) return;
  const [lo, hi] = [Math.min(...s.boxesPerPage), Math.max(...s.boxesPerPage)];
  if (hi <= 0) return;
  // many pages have a few boxes, some have many
  const target = lo + Math.floor((hi - lo + 1) * Math.pow(r.next(), 1.6));
  if (target <= 0) return;
  const mainStyle = r.weighted(s.styles);
  const placed: Box[] = [];
  const codes = codeFamily(r);
  // some releases print a word in their boxes instead of a code
  const insideWords: (string | null)[] = r.chance(0.12)
    ? [r.pick(['REDACTED', 'Redacted', 'WITHHELD', 'DELETED', 'PRIVACY'])]
    : [null];
  const padStyle = choosePadStyle(r);
  const shapes = { ...s.shapes };
  const fullPage = r.weighted(shapes) === 'page';
  shapes.page = 0;
  let attempts = 0;
  while (placed.length < target && attempts < target * 6 + 10) {
    attempts++;
    const shape: RedactionShape = fullPage && placed.length === 0 ? 'page' : r.weighted(shapes);
    const rects = targetRects(b, shape, s.smallBoxes, r, padStyle);
    if (rects.length === 0) continue;
    if (rects.some((rc) => overlaps(rc, placed, 3) || rc[2] - rc[0] < 3 || rc[3] - rc[1] < 3)) continue;
    const style: BoxStyle = r.chance(0.85) ? mainStyle : r.weighted(s.styles);
    const code = r.pick(codes);
    const word = r.pick(insideWords);
    for (const rect of rects) {
      const inside = codeInside(b, rect, style, s, word ?? code, r);
      const points = drawRedaction(b, rect, style, r, inside);
      b.labels.push({ class: 'redaction', points, style, shape, ...(inside ? { label: inside.text } : {}) });
      placed.push(labelBox(points));
    }
    if (r.chance(s.codeBeside)) {
      const beside = codeBeside(b, rects[rects.length - 1] as Box, code, placed, r);
      if (beside) placed.push(beside.box);
      // FBI releases often stack two or three codes beside one box ("b6 -1" over "b7C -1")
      let prev = beside;
      const unused = codes.filter((c) => c !== code);
      for (let k = 0; prev && k < 2 && unused.length > 0 && r.chance(0.3); k++) {
        const under = { x: prev.x, base: prev.base + prev.font.size * r.range(1.05, 1.3), font: prev.font };
        const next = unused.splice(r.int(0, unused.length - 1), 1)[0] as string;
        prev = codeBeside(b, rects[rects.length - 1] as Box, next, placed, r, under);
        if (prev) placed.push(prev.box);
      }
    }
    // something else short beside a box: a line number, an enumerator, initials (not a code)
    if (r.chance(DECOY_SHARE * s.negatives)) {
      const decoy = codeBeside(b, rects[0] as Box, r.pick(CODE_DECOYS), placed, r, undefined, false);
      if (decoy) placed.push(decoy.box);
    }
    if (shape === 'page') break;
  }
}

/** Chance per box group of a non-code mark beside it, times the profile's `negatives`. */
const DECOY_SHARE = 0.3;

/** Codes of one release look alike: "(b)(6)" style or "b6" style, mixed a little. */
function codeFamily(r: Rng): string[] {
  const paren = EXEMPTION_CODES.filter((c) => c.startsWith('('));
  const short = EXEMPTION_CODES.filter((c) => !c.startsWith('('));
  const main = r.chance(0.55) ? paren : short;
  return r.shuffle([...main]).slice(0, r.int(2, 5));
}

function labelBox(points: number[]): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    x0 = Math.min(x0, points[i] ?? 0);
    x1 = Math.max(x1, points[i] ?? 0);
    y0 = Math.min(y0, points[i + 1] ?? 0);
    y1 = Math.max(y1, points[i + 1] ?? 0);
  }
  return [x0, y0, x1, y1];
}

export function overlaps(a: Box, boxes: Box[], gap: number): boolean {
  return boxes.some((o) => a[0] < o[2] + gap && o[0] < a[2] + gap && a[1] < o[3] + gap && o[1] < a[3] + gap);
}

function codeInside(
  b: PageBuilder,
  rect: Box,
  style: BoxStyle,
  s: SynthSettings,
  code: string,
  r: Rng,
): { text: string; font: Font } | undefined {
  if (style === 'marker' || style === 'cross-hatched' || !r.chance(s.codeInside)) return undefined;
  const h = rect[3] - rect[1];
  const font: Font = {
    face: r.pick(['sans', 'serif', 'courier', 'narrow'] as const),
    size: Math.min(h * r.range(0.45, 0.62), b.pt(r.range(8, 30))),
    bold: r.chance(0.5),
  };
  if (font.size < 7) return undefined;
  const tw = textWidth(font, code);
  if (tw + font.size > rect[2] - rect[0]) return undefined;
  return { text: code, font };
}

interface CodePlace {
  x: number;
  base: number;
  font: Font;
}

/**
 * Prints `code` next to the box (right, in the left/right margin, or above), or at `at` (under a
 * code already printed); returns its label box and where it went. `labelled: false` prints a
 * decoy the same way without a label.
 */
function codeBeside(
  b: PageBuilder,
  rect: Box,
  code: string,
  placed: Box[],
  r: Rng,
  at?: CodePlace,
  labelled = true,
): (CodePlace & { box: Box }) | null {
  const font: Font = at?.font ?? {
    face: r.pick(['sans', 'courier', 'serif', 'narrow'] as const),
    size: b.pt(r.range(7, 12)),
    bold: r.chance(0.4),
  };
  const tw = textWidth(font, code);
  const ink = inkBounds(font, code);
  const cy = (rect[1] + rect[3]) / 2 + r.normal(2);
  const where = r.weighted({ right: 5, rightMargin: 3, leftMargin: 2, above: 1 });
  let x: number;
  let base = cy - (ink[1] + ink[3]) / 2;
  if (at) {
    x = at.x;
    base = at.base;
  } else if (where === 'right') x = rect[2] + font.size * r.range(0.3, 1.2);
  else if (where === 'rightMargin') x = b.width - tw - b.dpi * r.range(0.15, 0.6);
  else if (where === 'leftMargin') x = b.dpi * r.range(0.15, 0.5);
  else {
    x = rect[0] + r.range(0, Math.max(0, rect[2] - rect[0] - tw));
    base = rect[1] - font.size * r.range(0.3, 0.6);
  }
  // the label is the ink of the glyphs, one pixel of anti-aliasing around it
  const box: Box = [
    Math.floor(x + ink[0]) - 1,
    Math.floor(base + ink[1]) - 1,
    Math.ceil(x + ink[2]) + 1,
    Math.ceil(base + ink[3]) + 1,
  ];
  if (box[0] < 1 || box[1] < 1 || box[2] > b.width - 1 || box[3] > b.height - 1) return null;
  if (overlaps(box, placed, 2) || overlapsText(b, box)) return null;
  const level = r.range(0, 60);
  const fc = css(font);
  // a decoy is page text, not part of the redaction layer that label checks compare against
  b.draw(
    labelled ? 'redact' : 'base',
    (g) => {
      g.font = fc;
      g.fillStyle = grey(level);
      g.fillText(code, x, base);
    },
    box,
  );
  if (labelled)
    b.labels.push({
      class: 'exemption_label',
      points: [box[0], box[1], box[2], box[1], box[2], box[3], box[0], box[3]],
      label: code,
    });
  return { box, x, base, font };
}

/** True when `box` touches any drawn word (codes must not print over text). */
function overlapsText(b: PageBuilder, box: Box): boolean {
  for (const l of b.lines) {
    if (l.bottom < box[1] - 1 || l.top > box[3] + 1) continue;
    for (const w of l.words) if (w.x0 < box[2] + 2 && box[0] < w.x1 + 2) return true;
  }
  return false;
}
