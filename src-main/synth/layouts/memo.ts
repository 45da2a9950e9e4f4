import type { Font } from '../fonts';
import { photo, signature } from '../marks';
import { AGENCIES, date, fileNumber, fullName, phrase, sensitive } from '../text';
import { fieldBlock, heading, paragraphs, type LayoutCtx, type LayoutSpec } from './common';

/** Office memorandum (typewritten or word-processed): agency line, TO/FROM/SUBJECT block, numbered paragraphs. */
function drawMemo(c: LayoutCtx): void {
  const { b, r, area } = c;
  let y = area[1] + c.body.size;
  if (c.first) {
    if (r.chance(0.6)) {
      const f: Font = { ...c.body, size: c.body.size * r.range(1, 1.3), bold: r.chance(0.5) };
      b.text(r.pick(AGENCIES), b.width / 2, y, f, { align: 'center', redactable: false });
      y += f.size * 1.6;
    }
    if (r.chance(0.7)) {
      const f: Font = {
        face: r.pick(['serif', c.body.face] as const),
        size: c.body.size * r.range(1.5, 2.4),
        italic: r.chance(0.5),
        bold: r.chance(0.4),
      };
      b.text(
        r.pick(['Memorandum', 'MEMORANDUM', 'Office Memorandum', 'MEMORANDUM FOR THE RECORD']),
        r.chance(0.5) ? area[0] : b.width / 2,
        y + f.size * 0.4,
        f,
        {
          align: r.chance(0.5) ? 'left' : 'center',
          redactable: false,
        },
      );
      y += f.size * 1.8;
    }
    const pairs: [string, string][] = [
      [
        'TO:',
        r.chance(0.6)
          ? `${r.pick(['SAC', 'Director', 'Chief', 'Deputy Director'])}, ${r.pick(['New York', 'Washington Field', 'Counterintelligence Division', 'Office of Security'])}`
          : fullName(r),
      ],
      ['FROM:', r.chance(0.5) ? `SA ${fullName(r)}` : fullName(r)],
      ['SUBJECT:', r.chance(0.4) ? `${sensitive(r).toUpperCase()}; ${phrase(r).toUpperCase()}` : phrase(r, 3, 12)],
    ];
    if (r.chance(0.7)) pairs.splice(r.int(0, 3), 0, ['DATE:', date(r)]);
    if (r.chance(0.3)) pairs.push(['REF:', `${fileNumber(r)}`]);
    y = fieldBlock(c, pairs, y, { labelBold: r.chance(0.4) });
    if (r.chance(0.7)) {
      y += c.lh * 0.2;
      b.rule(area[0], y - c.lh * 0.6, area[2], y - c.lh * 0.6, Math.max(1, b.pt(r.range(0.5, 1.5))));
      y += c.lh * 0.6;
    }
  }
  if (r.chance(0.3)) y = heading(c, phrase(r).toUpperCase(), y);
  const sigSpace = c.first || r.chance(0.5) ? 0 : c.lh * 6;
  y = paragraphs(c, y, {
    numbered: r.chance(0.5),
    caps: b.typewriter && r.chance(0.25),
    maxY: area[3] - sigSpace - c.lh * 6,
  });
  if (y < area[3] - b.dpi * 3 && r.chance(0.15 + 0.3 * c.negatives)) {
    // an attached photograph, often dark: a hard negative (or a target for a redaction)
    const w = (area[2] - area[0]) * r.range(0.3, 0.6);
    const h = Math.min(area[3] - y - c.lh * 3, w * r.range(0.6, 1.3));
    const x = area[0] + (area[2] - area[0] - w) * r.next();
    photo(c, [x, y + c.lh * 0.5, x + w, y + c.lh * 0.5 + h]);
    y += h + c.lh * 1.8;
    b.text(
      `Attachment ${String.fromCharCode(65 + r.int(0, 5))}`,
      x,
      y,
      { ...c.body, size: c.body.size * 0.85 },
      { redactable: false },
    );
    y += c.lh;
  }
  if (y < area[3] - c.lh * 5) {
    y = signature(c, area[0] + (area[2] - area[0]) * r.range(0, 0.5), y + c.lh * 0.5);
  }
  if (y < area[3] - c.lh * 2 && r.chance(0.6)) {
    const small: Font = { ...c.body, size: c.body.size * 0.9 };
    b.text(`cc: ${fullName(r)}`, area[0], y + c.lh, small);
    if (r.chance(0.5)) b.text(`${fileNumber(r)}`, area[0], y + c.lh * 2, small);
  }
}

export const memo: LayoutSpec = {
  faces: { courier: 4, mono: 1.5, serif: 2, sans: 1, caladea: 0.5, carlito: 0.5 },
  sizePt: [10, 12.5],
  spacing: [1.1, 2.1],
  typewriter: 0.55,
  draw: drawMemo,
};
