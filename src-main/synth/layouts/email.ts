import type { Font } from '../fonts';
import { date, email, fullName, paragraph, phone, phrase } from '../text';
import type { LayoutCtx, LayoutSpec } from './common';

/** The From/Sent/To/Cc/Subject block of a printed e-mail; returns the baseline after it. */
function headerBlock(c: LayoutCtx, y: number): number {
  const { b, r, area } = c;
  const bold: Font = { ...c.body, bold: true };
  const tab = c.body.size * r.range(4.5, 7);
  const names = (n: number): string =>
    Array.from({ length: n }, () => (r.chance(0.5) ? `${fullName(r)} <${email(r)}>` : email(r))).join('; ');
  const rows: [string, string][] = [
    ['From:', r.chance(0.5) ? fullName(r) : `${fullName(r)} <${email(r)}>`],
    [
      r.pick(['Sent:', 'Date:']),
      `${r.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])}, ${date(r)} ${r.int(1, 12)}:${String(r.int(0, 59)).padStart(2, '0')} ${r.pick(['AM', 'PM'])}`,
    ],
    ['To:', names(r.int(1, 4))],
  ];
  if (r.chance(0.6)) rows.push(['Cc:', names(r.int(1, 5))]);
  rows.push(['Subject:', `${r.chance(0.4) ? 'RE: ' : r.chance(0.2) ? 'FW: ' : ''}${phrase(r, 2, 9)}`]);
  if (r.chance(0.2)) rows.push(['Attachments:', `${phrase(r, 1, 3).replace(/ /g, '_')}.pdf`]);
  for (const [label, value] of rows) {
    b.text(label, area[0], y, bold, { redactable: false });
    const out = b.flow(value, area[0] + tab, area[2], y, c.body, { lineHeight: c.lh });
    y = Math.max(out.y, y + c.lh);
  }
  return y + c.lh * r.range(0.5, 1.2);
}

/** A printed e-mail or thread: optional sender banner, header blocks, bodies, signatures, disclaimers. */
function drawEmail(c: LayoutCtx): void {
  const { b, r, area } = c;
  let y = area[1] + c.body.size;
  if (c.first && r.chance(0.5)) {
    const f: Font = { ...c.body, size: c.body.size * 1.3, bold: true };
    b.text(fullName(r), area[0], y, f, { redactable: r.chance(0.5) });
    y += f.size * 0.7;
    b.rule(area[0], y, area[2], y, Math.max(2, b.pt(r.range(1.5, 3))), 0);
    y += c.lh * 1.5;
  }
  while (y < area[3] - c.lh * 6) {
    if (c.first || r.chance(0.6)) y = headerBlock(c, y);
    const n = r.int(1, 4);
    for (let i = 0; i < n && y < area[3] - c.lh * 3; i++) {
      const out = b.flow(paragraph(r, 1, 5), area[0], area[2], y, c.body, { lineHeight: c.lh, maxY: area[3] });
      y = out.y + c.lh * r.range(0.3, 1);
    }
    if (y < area[3] - c.lh * 4 && r.chance(0.7)) {
      for (const s of [
        fullName(r),
        r.pick(['Office of the Legal Adviser', 'Public Affairs', 'Executive Secretariat', 'Policy Planning']),
        phone(r),
      ]) {
        b.text(s, area[0], y, c.body);
        y += c.lh;
      }
    }
    if (r.chance(0.3) && y < area[3] - c.lh * 3) {
      const small: Font = { ...c.body, size: c.body.size * 0.8 };
      const out = b.flow(`SENSITIVE BUT UNCLASSIFIED. ${paragraph(r, 1, 2)}`, area[0], area[2], y + c.lh * 0.5, small, {
        lineHeight: small.size * 1.2,
        maxY: area[3],
        redactable: false,
      });
      y = out.y;
    }
    y += c.lh * 0.5;
    if (y < area[3] - c.lh * 6) {
      if (r.chance(0.5)) b.text('-----Original Message-----', area[0], y, c.body, { redactable: false });
      else b.rule(area[0], y - c.lh * 0.4, area[2], y - c.lh * 0.4, 1, r.range(60, 160));
      y += c.lh * 1.2;
    }
  }
}

export const emailLayout: LayoutSpec = {
  faces: { carlito: 3, sans: 3, serif: 1, caladea: 0.5, narrow: 0.3 },
  sizePt: [9.5, 12],
  spacing: [1.1, 1.35],
  typewriter: 0,
  draw: drawEmail,
};
