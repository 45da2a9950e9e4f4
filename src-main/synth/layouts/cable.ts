import { fileNumber, pad, paragraph, phrase, place } from '../text';
import type { LayoutCtx, LayoutSpec } from './common';

/** A diplomatic / teletype cable: routing lines, all-caps numbered paragraphs in a monospaced face. */
function drawCable(c: LayoutCtx): void {
  const { b, r, area } = c;
  let y = area[1] + c.body.size;
  const cls = r.pick(['S E C R E T', 'C O N F I D E N T I A L', 'UNCLAS', 'LIMITED OFFICIAL USE', 'SECRET NOFORN']);
  const serial = r.int(10000, 399999);
  const routing = [
    `PAGE ${pad(c.pageNo, 2)} ${r.pick(['STATE', 'MOSCOW', 'PARIS', 'BONN', 'SAIGON', 'TEHRAN'])} ${serial} ${pad(r.int(1, 31), 2)}${pad(r.int(0, 23), 2)}${pad(r.int(0, 59), 2)}Z`,
    `ACTION ${r.pick(['EUR', 'NEA', 'EA', 'ARA', 'SS'])}-${pad(r.int(0, 99), 2)}`,
    `INFO OCT-01 ${r.pick(['ISO-00', 'SSO-00', 'NSCE-00'])} ${r.pick(['CIAE-00', 'DODE-00', 'INR-07'])} /${pad(r.int(10, 99), 3)} W`,
    `${r.pick(['O', 'P', 'R', 'Z'])} ${pad(r.int(1, 31), 2)}${pad(r.int(0, 2359), 4)}Z ${r.pick(['JAN', 'MAR', 'JUN', 'SEP', 'NOV'])} ${r.int(65, 89)}`,
    `FM ${r.pick(['SECSTATE WASHDC', 'AMEMBASSY ' + place(r).toUpperCase(), 'USMISSION USUN NEW YORK'])}`,
    `TO AMEMBASSY ${place(r).toUpperCase()} ${r.pick(['IMMEDIATE', 'PRIORITY', 'ROUTINE'])} ${pad(r.int(1000, 9999), 4)}`,
    `${cls} ${r.chance(0.5) ? `SECTION ${pad(1, 2)} OF ${pad(r.int(1, 4), 2)} ` : ''}STATE ${serial}`,
  ];
  const n = c.first ? routing.length : r.int(1, 2);
  for (const line of routing.slice(0, n)) {
    b.text(line, area[0], y, c.body, { redactable: r.chance(0.3) });
    y += c.lh;
  }
  y += c.lh;
  if (c.first) {
    b.text(
      `E.O. ${r.pick(['11652', '12065', '12958'])}: ${r.pick(['GDS', 'XGDS-1', 'N/A', 'DECL: OADR'])}`,
      area[0],
      y,
      c.body,
    );
    y += c.lh;
    b.text(
      `TAGS: ${r.pick(['PFOR', 'PINT', 'MASS', 'PREL'])}, ${place(r).slice(0, 2).toUpperCase()}`,
      area[0],
      y,
      c.body,
    );
    y += c.lh;
    b.text(`SUBJECT: ${phrase(r, 3, 8).toUpperCase()}`, area[0], y, c.body);
    y += c.lh;
    b.text(`REF: ${fileNumber(r)}`, area[0], y, c.body);
    y += c.lh * 2;
  }
  let para = r.int(1, 9);
  while (y < area[3] - c.lh * 2) {
    const text = `${para}. ${r.chance(0.5) ? `(${r.pick(['S', 'C', 'U', 'LOU'])}) ` : ''}${paragraph(r, 2, 7).toUpperCase()}`;
    const out = b.flow(text, area[0], area[2], y, c.body, { lineHeight: c.lh, maxY: area[3] });
    if (out.lines.length === 0) break;
    y = out.y + c.lh;
    para++;
  }
}

export const cable: LayoutSpec = {
  faces: { courier: 5, mono: 2, sans: 0.3 },
  sizePt: [9.5, 12],
  spacing: [1.05, 1.6],
  typewriter: 0.7,
  draw: drawCable,
};
