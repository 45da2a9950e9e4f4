import type { Box } from '../../shared/boxes';
import { layoutWords, textWidth, type Font } from '../fonts';
import { headerBar } from '../furniture';
import { signature } from '../marks';
import { AGENCIES, date, fileNumber, fullName, phrase, place, sensitive } from '../text';
import { paragraphs, type LayoutCtx, type LayoutSpec } from './common';

const FIELD_LABELS = [
  'NAME',
  'DATE OF BIRTH',
  'SSN',
  'ADDRESS',
  'TELEPHONE',
  'OCCUPATION',
  'EMPLOYER',
  'FILE NUMBER',
  'CASE AGENT',
  'DATE',
  'PLACE OF BIRTH',
  'RACE',
  'SEX',
  'HEIGHT',
  'WEIGHT',
  'HAIR',
  'EYES',
  'CITIZENSHIP',
  'ALIAS',
  'REMARKS',
  'SOURCE',
  'OFFICE OF ORIGIN',
  'CHARACTER OF CASE',
  'REPORTING OFFICE',
  'PERIOD',
  'APPROVED',
  'TITLE',
  'STATUS',
];

/** A grid form: rows of cells with small caps labels and typed values, section bars, check boxes. */
function gridForm(c: LayoutCtx, y: number): void {
  const { b, r, area } = c;
  const label: Font = { face: r.pick(['sans', 'narrow'] as const), size: c.body.size * r.range(0.55, 0.75) };
  const lw = Math.max(1, b.pt(r.range(0.4, 1.2)));
  const rowH = c.body.size * r.range(2.1, 3.2);
  const shadeLabels = r.chance(0.35 * (0.5 + c.negatives));
  while (y < area[3] - rowH) {
    if (r.chance(0.12 + 0.15 * c.negatives)) {
      y =
        headerBar(
          c,
          y,
          r.pick(['SECTION ', 'PART ']) +
            r.pick(['A', 'B', 'C', 'I', 'II', 'III']) +
            ' - ' +
            phrase(r, 1, 4).toUpperCase(),
        ) +
        c.body.size * 0.3;
      continue;
    }
    const n = r.int(1, 4);
    const ws = Array.from({ length: n }, () => r.range(1, 3));
    const total = ws.reduce((a, v) => a + v, 0);
    let x0 = area[0];
    for (let i = 0; i < n; i++) {
      const x1 = i === n - 1 ? area[2] : x0 + ((area[2] - area[0]) * (ws[i] ?? 1)) / total;
      formCell(c, [x0, y, x1, y + rowH], label, lw, shadeLabels && i === 0 && r.chance(0.4));
      x0 = x1;
    }
    y += rowH;
  }
}

/** One cell of a grid form: border, a label that fits, check boxes or a typed value that fits. */
function formCell(c: LayoutCtx, box: Box, label: Font, lw: number, shaded: boolean): void {
  const { b, r } = c;
  const [x0, y, x1, y1] = box;
  const rowH = y1 - y;
  const room = x1 - x0 - label.size * 0.8;
  if (shaded) b.rect(box, { fill: r.range(170, 225) });
  b.rect(box, { stroke: r.range(0, 60), lw });
  const fits = FIELD_LABELS.filter((l) => textWidth(label, l) <= room);
  if (fits.length > 0) b.text(r.pick(fits), x0 + label.size * 0.4, y + label.size * 1.2, label, { redactable: false });
  if (r.chance(0.15)) {
    const s = label.size * 1.1;
    for (let k = 0; k < r.int(2, 4); k++) {
      const bx = x0 + label.size * (0.6 + k * 6);
      if (bx + s > x1) break;
      b.rect([bx, y1 - s * 1.6, bx + s, y1 - s * 0.6], { stroke: 20, lw: 1 });
      if (r.chance(0.4)) b.text('X', bx + s * 0.1, y1 - s * 0.7, { ...label, bold: true }, { redactable: false });
    }
    return;
  }
  const vf: Font = { ...c.body, size: Math.min(c.body.size, rowH * 0.45) };
  const vx = x0 + label.size * r.range(0.4, 1.5);
  let value = '';
  for (let k = 0; k < 4 && !value; k++) {
    const v = k < 2 && r.chance(0.6) ? sensitive(r) : phrase(r, 1, 4 - k);
    if (layoutWords(vf, v.split(' ')).width <= x1 - vx - 3) value = v;
  }
  if (!value) return;
  const vy = y1 - c.body.size * r.range(0.35, 0.6);
  const out = b.flow(value, vx, x1 - 2, vy, vf, { lineHeight: vf.size * 1.2, maxY: vy });
  b.cells.push({ box, line: out.lines[0] ?? null });
}

/** FD-302 style: agency title, transcription date, typed narrative, the investigation footer block. */
function interviewForm(c: LayoutCtx, y: number): void {
  const { b, r, area } = c;
  const f: Font = { ...c.body, bold: true, size: c.body.size * r.range(1, 1.25) };
  b.text(r.pick(AGENCIES), b.width / 2, y, f, { align: 'center', redactable: false });
  y += c.lh * 1.5;
  b.text(`Date of transcription ${date(r)}`, area[2], y, c.body, { align: 'right' });
  y += c.lh * 2;
  const bottomH = c.lh * 4.5;
  y = paragraphs(c, y, { maxY: area[3] - bottomH - c.lh });
  const by = area[3] - bottomH + c.lh;
  const small: Font = { ...c.body, size: c.body.size * 0.85 };
  const fields: [string, string][][] = [
    [
      ['Investigation on', date(r)],
      ['at', place(r)],
      ['File #', fileNumber(r)],
    ],
    [
      ['by', `SA ${fullName(r)}`],
      ['Date dictated', date(r)],
    ],
  ];
  let yy = by;
  for (const row of fields) {
    let x = area[0];
    for (const [lab, val] of row) {
      const l = b.text(lab, x, yy, small, { redactable: false });
      x = (l.words[l.words.length - 1]?.x1 ?? x) + small.size * 0.6;
      const v = b.text(val, x, yy - 1, c.body);
      const vx1 = (v.words[v.words.length - 1]?.x1 ?? x) + small.size * r.range(0.5, 3);
      b.rule(x - 2, yy + small.size * 0.3, vx1, yy + small.size * 0.3, 1);
      x = vx1 + small.size;
    }
    yy += c.lh * 1.6;
  }
  b.text(
    'This document contains neither recommendations nor conclusions of the FBI.',
    area[0],
    yy + c.lh * 0.5,
    { ...small, size: small.size * 0.8 },
    { redactable: false },
  );
}

function drawForm(c: LayoutCtx): void {
  const { b, r, area } = c;
  let y = area[1] + c.body.size;
  if (r.chance(0.45)) {
    interviewForm(c, y);
    return;
  }
  const title: Font = { face: r.pick(['sans', 'serif'] as const), size: c.body.size * r.range(1.1, 1.5), bold: true };
  b.text(
    r.pick(['FD-', 'SF-', 'DS-', 'OF-']) + r.int(10, 999),
    area[0],
    y,
    { ...title, size: title.size * 0.6 },
    { redactable: false },
  );
  b.text(phrase(r, 2, 5).toUpperCase(), b.width / 2, y + title.size * 0.6, title, {
    align: 'center',
    redactable: false,
  });
  y += title.size * 2.2;
  gridForm(c, y);
  if (r.chance(0.3)) signature(c, area[2] - b.dpi * 2.5, area[3] - b.dpi * 0.6);
}

export const form: LayoutSpec = {
  faces: { courier: 3, sans: 2, mono: 1, serif: 1.5, narrow: 0.5 },
  sizePt: [9, 12],
  spacing: [1.1, 1.8],
  typewriter: 0.45,
  draw: drawForm,
};
