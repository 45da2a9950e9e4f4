import type { Box } from '../../shared/boxes';
import type { Font } from '../fonts';
import { date, fileNumber, fullName, phrase, place, sensitive } from '../text';
import { heading, type LayoutCtx, type LayoutSpec } from './common';

type ColumnKind = 'no' | 'date' | 'name' | 'text' | 'number' | 'code';

function cellText(c: LayoutCtx, kind: ColumnKind, row: number): string {
  const r = c.r;
  switch (kind) {
    case 'no':
      return String(row + 1);
    case 'date':
      return date(r);
    case 'name':
      return r.chance(0.8) ? fullName(r) : sensitive(r);
    case 'number':
      return r.chance(0.5) ? `$${r.int(10, 99999).toLocaleString('en-US')}` : fileNumber(r);
    case 'code':
      return r.pick(['B6', 'B7C', 'B5', 'RIF', 'RIP', 'WIF', 'N/A', 'B1, B3']);
    default:
      return r.chance(0.2) ? place(r) : phrase(r, 1, 6);
  }
}

/** A log or index table: header row (often a dark bar with white text), ruled or shaded rows. */
function drawTable(c: LayoutCtx): void {
  const { b, r, area } = c;
  let y = area[1] + c.body.size;
  if (r.chance(0.8)) y = heading(c, phrase(r, 2, 6), y, { align: r.chance(0.5) ? 'center' : 'left' });
  const kinds: ColumnKind[] = ['no', 'date', 'name', 'text', 'number', 'code'];
  const ncol = r.int(3, 6);
  const cols: ColumnKind[] = [
    r.chance(0.5) ? 'no' : 'date',
    ...Array.from({ length: ncol - 1 }, () => r.pick(kinds.slice(1))),
  ];
  const weights = cols.map((k) =>
    k === 'text' ? r.range(2.5, 4) : k === 'no' || k === 'code' ? r.range(0.5, 0.9) : r.range(1.3, 2),
  );
  const total = weights.reduce((a, w) => a + w, 0);
  const xs = [area[0]];
  for (const w of weights) xs.push((xs[xs.length - 1] ?? 0) + ((area[2] - area[0]) * w) / total);
  const cellFont: Font = { ...c.body, size: c.body.size * r.range(0.8, 1) };
  const rowH = cellFont.size * r.range(1.6, 2.6);
  const headDark = r.chance(0.4 + 0.4 * c.negatives);
  const headFill = headDark ? r.range(0, 70) : r.range(150, 230);
  const zebra = r.chance(0.3 + 0.4 * c.negatives) ? r.range(200, 238) : null;
  const grid = r.chance(0.7);
  const lw = Math.max(1, b.pt(r.range(0.3, 1)));
  const headH = rowH * r.range(1, 1.4);
  b.rect([area[0], y, area[2], y + headH], { fill: headFill });
  cols.forEach((k, i) => {
    const x = (xs[i] ?? 0) + cellFont.size * 0.4;
    b.text(
      k === 'no' ? 'No.' : k.toUpperCase(),
      x,
      y + headH * 0.5 + cellFont.size * 0.35,
      { ...cellFont, bold: true },
      { ink: headDark ? 255 : 10, redactable: false },
    );
  });
  y += headH;
  const maxRows = Math.floor((area[3] - y) / rowH);
  const rows = r.int(Math.max(1, Math.floor(maxRows * 0.5)), Math.max(1, maxRows));
  for (let row = 0; row < rows; row++) {
    const top = y + row * rowH;
    if (zebra !== null && row % 2 === 1) b.rect([area[0], top, area[2], top + rowH], { fill: zebra });
    cols.forEach((k, i) => {
      const x0 = xs[i] ?? 0;
      const x1 = xs[i + 1] ?? area[2];
      const box: Box = [x0, top, x1, top + rowH];
      if (r.chance(0.06)) return;
      const base = top + rowH * 0.5 + cellFont.size * 0.35;
      const out = b.flow(cellText(c, k, row), x0 + cellFont.size * 0.4, x1 - cellFont.size * 0.3, base, cellFont, {
        lineHeight: cellFont.size * 1.15,
        maxY: base,
      });
      b.cells.push({ box, line: out.lines[0] ?? null });
    });
    if (grid || row === rows - 1) b.rule(area[0], top + rowH, area[2], top + rowH, lw);
  }
  const bottom = y + rows * rowH;
  if (grid) {
    for (const x of xs) b.rule(x, y - headH, x, bottom, lw);
    b.rule(area[0], y - headH, area[2], y - headH, lw);
  }
}

export const table: LayoutSpec = {
  faces: { sans: 3, narrow: 1, carlito: 2, serif: 1, courier: 1 },
  sizePt: [8.5, 11],
  spacing: [1.1, 1.3],
  typewriter: 0.15,
  draw: drawTable,
};
