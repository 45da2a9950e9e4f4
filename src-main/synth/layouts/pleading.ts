import type { Font } from '../fonts';
import { fileNumber, fullName, lastName, paragraph, phrase, place } from '../text';
import type { LayoutCtx, LayoutSpec } from './common';

/** Caption: parties on the left with a ")" column, case number and title on the right. Returns y after it. */
function caption(c: LayoutCtx, y: number): number {
  const { b, r, area } = c;
  const mid = area[0] + (area[2] - area[0]) * r.range(0.48, 0.56);
  const court: Font = { ...c.body, bold: r.chance(0.6) };
  for (const t of [
    'UNITED STATES DISTRICT COURT',
    `FOR THE ${r.pick(['DISTRICT OF COLUMBIA', 'SOUTHERN DISTRICT OF NEW YORK', 'EASTERN DISTRICT OF VIRGINIA', 'NORTHERN DISTRICT OF CALIFORNIA'])}`,
  ]) {
    b.text(t, (area[0] + area[2]) / 2, y, court, { align: 'center', redactable: false });
    y += c.lh;
  }
  y += c.lh;
  const left = [
    `${fullName(r).toUpperCase()},`,
    '',
    `Plaintiff${r.chance(0.3) ? 's' : ''},`,
    '',
    'v.',
    '',
    `${r.pick(['UNITED STATES DEPARTMENT OF JUSTICE', 'FEDERAL BUREAU OF INVESTIGATION', 'CENTRAL INTELLIGENCE AGENCY', `${lastName(r).toUpperCase()} ET AL.`])},`,
    '',
    'Defendant.',
  ];
  const top = y;
  for (const t of left) {
    if (t) b.flow(t, area[0], mid - c.body.size, y, c.body, { lineHeight: c.lh });
    b.text(')', mid, y, c.body, { redactable: false });
    y += c.lh * 0.75;
  }
  b.text(`Case No. ${fileNumber(r)}`, mid + c.body.size * 2, top + c.lh * 1.5, c.body);
  b.flow(
    phrase(r, 3, 8).toUpperCase(),
    mid + c.body.size * 2,
    area[2],
    top + c.lh * 3.5,
    { ...c.body, bold: true },
    { lineHeight: c.lh * 0.9, redactable: false },
  );
  return y + c.lh;
}

/** A court filing on pleading paper: numbered lines 1..28 in the left margin, ruled margins, caption, body. */
function drawPleading(c: LayoutCtx): void {
  const { b, r, area } = c;
  const lines = 28;
  const step = (area[3] - area[1]) / lines;
  const numFont: Font = { ...c.body, size: c.body.size * r.range(0.8, 1) };
  const numX = area[0] - b.dpi * r.range(0.25, 0.45);
  for (let i = 1; i <= lines; i++)
    b.text(String(i), numX, area[1] + step * i - step * 0.3, numFont, { align: 'right', redactable: false });
  const ruleX = area[0] - b.dpi * r.range(0.06, 0.15);
  b.rule(ruleX, 0, ruleX, b.height, 1, b.ink, 'base', false);
  if (r.chance(0.7)) b.rule(ruleX - 3, 0, ruleX - 3, b.height, 1, b.ink, 'base', false);
  if (r.chance(0.6)) b.rule(area[2] + b.dpi * 0.08, 0, area[2] + b.dpi * 0.08, b.height, 1, b.ink, 'base', false);
  const body = { ...c, lh: step * (r.chance(0.8) ? 1 : 0.5) };
  let y = area[1] + step * 0.7;
  if (c.first) {
    for (const t of [
      `${fullName(r)} (Bar No. ${r.int(10000, 999999)})`,
      `${r.pick(['Assistant United States Attorney', 'Counsel for Plaintiff', 'Trial Attorney'])}`,
      `${r.int(100, 999)} ${lastName(r)} Street, ${place(r)}`,
      `Telephone: (${r.int(200, 989)}) ${r.int(200, 999)}-${r.int(1000, 9999)}`,
    ]) {
      b.text(t, area[0], y, c.body);
      y += step * 0.5;
    }
    y += step;
    y = caption(body, y);
  }
  while (y < area[3] - step) {
    if (r.chance(0.25)) {
      b.text(
        `${r.pick(['I.', 'II.', 'III.', 'A.', 'B.', 'IV.'])} ${phrase(r).toUpperCase()}`,
        area[0] + (r.chance(0.5) ? 0 : b.dpi * 0.5),
        y,
        { ...c.body, bold: true },
        { redactable: false },
      );
      y += body.lh;
    }
    const out = b.flow(paragraph(r, 2, 6), area[0], area[2], y, c.body, {
      lineHeight: body.lh,
      indent: b.dpi * 0.5,
      maxY: area[3] - step * 0.3,
      align: r.chance(0.4) ? 'justify' : 'left',
    });
    if (out.lines.length === 0) break;
    y = out.y;
  }
  const ff: Font = { ...c.body, size: c.body.size * 0.75 };
  const fy = area[3] + b.dpi * 0.35;
  b.rule(area[0], fy - ff.size * 1.4, area[2], fy - ff.size * 1.4, 1);
  b.text(phrase(r, 3, 7).toUpperCase(), area[0], fy, ff, { redactable: false });
}

export const pleading: LayoutSpec = {
  faces: { serif: 4, courier: 1.5, caladea: 1, sans: 0.4 },
  sizePt: [11, 13],
  spacing: [1.0, 1.1],
  typewriter: 0.2,
  draw: drawPleading,
};
