import type { Font } from '../fonts';
import { signature } from '../marks';
import { grey } from '../page';
import { AGENCIES, date, fileNumber, fullName, lastName, phrase, place } from '../text';
import { paragraphs, type LayoutCtx, type LayoutSpec } from './common';

/** A seal: concentric circles with a star, drawn in the letterhead. */
function seal(c: LayoutCtx, cx: number, cy: number, rad: number): void {
  const ink = c.r.range(0, 80);
  c.b.draw(
    'base',
    (g) => {
      g.strokeStyle = grey(ink);
      g.fillStyle = grey(ink);
      g.lineWidth = Math.max(1, rad * 0.05);
      for (const k of [1, 0.78]) {
        g.beginPath();
        g.arc(cx, cy, rad * k, 0, Math.PI * 2);
        g.stroke();
      }
      g.beginPath();
      for (let i = 0; i < 10; i++) {
        const a = (i * Math.PI) / 5 - Math.PI / 2;
        const rr = i % 2 === 0 ? rad * 0.5 : rad * 0.2;
        g.lineTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
      }
      g.fill();
    },
    [cx - rad, cy - rad, cx + rad, cy + rad],
  );
}

/** Letterhead, date, address block, salutation, body, signature, enclosure line. */
function drawLetter(c: LayoutCtx): void {
  const { b, r, area } = c;
  let y = area[1] + c.body.size;
  if (c.first) {
    const centred = r.chance(0.6);
    const head: Font = {
      face: r.pick(['serif', 'sans', 'caladea'] as const),
      size: c.body.size * r.range(1.1, 1.6),
      bold: r.chance(0.6),
    };
    const rad = b.dpi * r.range(0.35, 0.55);
    if (r.chance(0.7)) seal(c, centred ? area[0] + rad : b.width / 2, y + rad * 0.4, rad);
    const hy = centred ? y : y + rad * 2;
    b.text(
      r
        .pick(AGENCIES)
        .replace(/^(\w)(.*)$/, (_, a: string, rest: string) => a + (r.chance(0.5) ? rest.toLowerCase() : rest)),
      b.width / 2,
      hy,
      head,
      { align: 'center', redactable: false },
    );
    const small: Font = { ...head, size: head.size * 0.6, bold: false };
    b.text(`${place(r)}, D.C. ${r.int(20001, 20599)}`, b.width / 2, hy + head.size * 1.2, small, {
      align: 'center',
      redactable: false,
    });
    y = Math.max(hy + head.size * 2.4, y + rad * 1.6);
    if (r.chance(0.5))
      b.rule(area[0], y - head.size * 0.6, area[2], y - head.size * 0.6, Math.max(1, b.pt(r.range(0.5, 2))));
    const dateRight = r.chance(0.5);
    b.text(date(r), dateRight ? area[2] : area[0], y + c.lh, c.body, { align: dateRight ? 'right' : 'left' });
    y += c.lh * r.range(2.5, 3.5);
    const addr = [
      fullName(r),
      r.pick(['Attorney at Law', 'Director', '']),
      `${r.int(10, 9999)} ${lastName(r)} Street`,
      `${place(r)}, ${r.pick(['VA', 'MD', 'NY', 'DC', 'CA'])} ${r.int(10000, 99999)}`,
    ].filter((s) => s);
    for (const a of addr) {
      b.text(a, area[0], y, c.body);
      y += c.lh;
    }
    y += c.lh * 0.8;
    if (r.chance(0.6)) {
      b.text(
        `Re: ${r.chance(0.5) ? `FOIA Request No. ${fileNumber(r)}` : phrase(r)}`,
        area[0] + (r.chance(0.5) ? b.dpi * 0.5 : 0),
        y,
        { ...c.body, bold: r.chance(0.5) },
      );
      y += c.lh * 1.8;
    }
    b.text(`Dear ${r.pick(['Mr.', 'Ms.', 'Dr.', 'Judge'])} ${lastName(r)}:`, area[0], y, c.body);
    y += c.lh * 1.6;
  }
  y = paragraphs(c, y, { maxY: area[3] - c.lh * 8 });
  b.text(
    r.pick(['Sincerely,', 'Sincerely yours,', 'Very truly yours,', 'Respectfully,']),
    area[0] + (area[2] - area[0]) * r.range(0, 0.5),
    y + c.lh * 0.5,
    c.body,
  );
  y = signature(c, area[0] + (area[2] - area[0]) * r.range(0, 0.5), y + c.lh);
  if (y < area[3] - c.lh && r.chance(0.5))
    b.text(r.pick(['Enclosure', 'Enclosures (2)', `cc: ${fullName(r)}`]), area[0], y + c.lh, c.body);
}

export const letter: LayoutSpec = {
  faces: { serif: 3, caladea: 1, sans: 1, courier: 1.5, carlito: 1 },
  sizePt: [10, 12.5],
  spacing: [1.1, 1.6],
  typewriter: 0.3,
  draw: drawLetter,
};
