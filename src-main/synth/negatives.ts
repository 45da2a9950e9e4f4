import type { LayoutKind } from '../shared/contract/synth';
import { banners, ecfHeader, faxHeader, foiaHeader, footer, holePunches } from './furniture';
import type { LayoutCtx } from './layouts/common';
import { handMarks, stamp } from './marks';
import { grey, type TextLine } from './page';

/** Page furniture and hard negatives added on top of a layout, more of them as `c.negatives` grows. */
export function addFurniture(c: LayoutCtx, kind: LayoutKind): void {
  const { r } = c;
  const n = c.negatives;
  const classified = kind === 'memo' || kind === 'cable' ? 0.45 : kind === 'pleading' ? 0.03 : 0.15;
  if (r.chance(classified)) banners(c);
  if (kind === 'pleading' ? r.chance(0.8) : r.chance(0.04)) ecfHeader(c);
  else if (r.chance(0.3)) foiaHeader(c);
  if (r.chance(0.75)) footer(c);
  if (r.chance(0.05 + 0.15 * n)) faxHeader(c);
  if (r.chance(0.04 + 0.14 * n)) holePunches(c);
  const stamps = r.chance(0.1 + 0.4 * n) ? r.int(1, 1 + Math.round(2 * n)) : 0;
  for (let i = 0; i < stamps; i++) stamp(c);
  if (r.chance(0.06 + 0.35 * n)) handMarks(c);
  if (r.chance(0.1 + 0.5 * n)) underlines(c);
  if (r.chance(0.05 + 0.3 * n)) highlights(c);
  if (r.chance(0.05 + 0.3 * n)) thickRules(c);
}

function redactable(c: LayoutCtx): TextLine[] {
  return c.b.lines.filter((l) => l.redactable && l.words.length > 0);
}

/** Underlined words and phrases: dark strokes right under text, not redactions. */
function underlines(c: LayoutCtx): void {
  const { b, r } = c;
  const lines = redactable(c);
  for (let i = 0, n = r.int(1, 5); i < n && lines.length > 0; i++) {
    const l = r.pick(lines);
    const a = r.int(0, l.words.length - 1);
    const z = Math.min(l.words.length - 1, a + r.int(0, 5));
    const y = l.baseline + l.font.size * r.range(0.1, 0.25);
    b.rule(
      l.words[a]?.x0 ?? 0,
      y,
      l.words[z]?.x1 ?? 0,
      y + r.normal(0.5),
      Math.max(1, l.font.size * r.range(0.04, 0.12)),
      r.range(0, 80),
      r.chance(0.5) ? 'over' : 'base',
    );
  }
}

/** Light grey shading behind a line (highlighter or table shading): lighter than grey redactions. */
function highlights(c: LayoutCtx): void {
  const { b, r } = c;
  const lines = redactable(c);
  for (let i = 0, n = r.int(1, 3); i < n && lines.length > 0; i++) {
    const l = r.pick(lines);
    const x0 = (l.words[0]?.x0 ?? 0) - 2;
    const x1 = (l.words[l.words.length - 1]?.x1 ?? 0) + 2;
    const level = r.range(175, 232);
    b.notePale(level);
    b.ops.unshift({
      layer: 'base',
      draw: (g) => {
        g.fillStyle = grey(level);
        g.fillRect(x0, l.top - 2, x1 - x0, l.bottom - l.top + 4);
      },
    });
  }
}

/** Heavy horizontal rules under paragraphs: long thin dark bars that are not redactions. */
function thickRules(c: LayoutCtx): void {
  const { b, r, area } = c;
  for (let i = 0, n = r.int(1, 2); i < n && b.blocks.length > 0; i++) {
    const bl = r.pick(b.blocks);
    const y = bl.box[3] + c.lh * r.range(0.25, 0.45);
    const clear = b.blocks.every((o) => o === bl || o.box[1] > y + 8 || o.box[3] < y - 8);
    if (!clear) continue;
    const x0 = r.chance(0.6) ? area[0] : bl.box[0];
    const x1 = r.chance(0.6) ? area[2] : x0 + (area[2] - x0) * r.range(0.2, 0.9);
    b.rule(x0, y, x1, y, b.pt(r.range(1.5, 4.5)), r.range(0, 40));
  }
}
