import type { Box } from '../../shared/boxes';
import type { Font } from '../fonts';
import { headerBar } from '../furniture';
import { chart, photo } from '../marks';
import { paragraph, phrase } from '../text';
import { heading, type LayoutCtx, type LayoutSpec } from './common';

/** One column of a report: headings, paragraphs and sometimes a figure, until `maxY`. */
function column(c: LayoutCtx, x0: number, x1: number, y: number, maxY: number, section: { n: number }): void {
  const { b, r } = c;
  const col = { ...c, area: [x0, c.area[1], x1, maxY] as Box };
  while (y < maxY - c.lh * 2) {
    const roll = r.next();
    if (roll < 0.18) {
      y = heading(col, `${section.n}. ${phrase(r, 1, 5)}`, y + c.lh * 0.4);
      section.n++;
    } else if (roll < 0.28 && maxY - y > b.dpi * 2) {
      const h = Math.min(maxY - y - c.lh * 2, (x1 - x0) * r.range(0.35, 0.75));
      const w = (x1 - x0) * r.range(0.6, 1);
      const fx = x0 + (x1 - x0 - w) * r.range(0, 1);
      const box: Box = [fx, y, fx + w, y + h];
      if (r.chance(0.6)) photo(col, box, r.chance(0.3 + 0.5 * c.negatives));
      else chart(col, box);
      y += h + c.lh * 1.4;
      const cap: Font = { ...c.body, size: c.body.size * 0.85, italic: true };
      const out = b.flow(`Figure ${section.n}. ${phrase(r, 3, 10)}`, x0, x1, y, cap, {
        lineHeight: cap.size * 1.2,
        maxY,
      });
      y = out.y + c.lh * 0.5;
    } else {
      const out = b.flow(paragraph(r, 2, 5), x0, x1, y, c.body, {
        lineHeight: c.lh,
        maxY,
        align: r.chance(0.5) ? 'justify' : 'left',
        indent: r.chance(0.4) ? c.body.size * 2 : 0,
      });
      if (out.lines.length === 0) break;
      y = out.y + c.lh * r.range(0.2, 0.8);
    }
  }
}

/** A report or study: title block, one to three columns, headings, figures, footnotes. */
function drawReport(c: LayoutCtx): void {
  const { b, r, area } = c;
  let y = area[1] + c.body.size;
  if (c.first) {
    if (r.chance(0.35 * (0.5 + c.negatives)))
      y = headerBar(c, y - c.body.size, phrase(r, 2, 5).toUpperCase()) + c.lh * 1.2;
    const t: Font = { ...c.body, size: c.body.size * r.range(1.5, 2.2), bold: true };
    const out = b.flow(phrase(r, 3, 9), area[0], area[2], y + t.size * 0.5, t, {
      lineHeight: t.size * 1.2,
      align: r.chance(0.5) ? 'center' : 'left',
      redactable: false,
    });
    y = out.y + c.lh;
  } else if (r.chance(0.6)) {
    const hf: Font = { ...c.body, size: c.body.size * 0.8, italic: true };
    b.text(phrase(r, 2, 6), area[2], y, hf, { align: 'right', redactable: false });
    b.rule(area[0], y + hf.size * 0.5, area[2], y + hf.size * 0.5, 1);
    y += c.lh * 1.5;
  }
  const foot = r.chance(0.4) ? c.lh * r.int(2, 4) : 0;
  const ncol = r.weighted({ 1: 5, 2: 4, 3: 1 });
  const gutter = b.dpi * r.range(0.2, 0.4);
  const n = Number(ncol);
  const w = (area[2] - area[0] - gutter * (n - 1)) / n;
  const section = { n: r.int(1, 6) };
  for (let i = 0; i < n; i++) {
    const x0 = area[0] + i * (w + gutter);
    column(c, x0, x0 + w, y, area[3] - foot, section);
    if (i > 0 && r.chance(0.3)) b.rule(x0 - gutter / 2, y, x0 - gutter / 2, area[3] - foot, 1);
  }
  if (foot > 0) {
    const fy = area[3] - foot + c.lh * 0.5;
    b.rule(area[0], fy - c.lh * 0.4, area[0] + (area[2] - area[0]) * 0.35, fy - c.lh * 0.4, 1);
    const ff: Font = { ...c.body, size: c.body.size * 0.78 };
    b.flow(`${r.int(1, 40)} ${paragraph(r, 1, 2)}`, area[0], area[2], fy + ff.size * 0.6, ff, {
      lineHeight: ff.size * 1.2,
      maxY: area[3],
    });
  }
}

export const report: LayoutSpec = {
  faces: { serif: 3, sans: 2, caladea: 1.5, carlito: 1.5, narrow: 0.4 },
  sizePt: [9, 11.5],
  spacing: [1.1, 1.4],
  typewriter: 0.05,
  draw: drawReport,
};
