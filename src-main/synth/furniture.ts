import type { Box } from '../shared/boxes';
import type { Font } from './fonts';
import { textWidth } from './fonts';
import type { LayoutCtx } from './layouts/common';
import { grey } from './page';
import { date, fileNumber, pad } from './text';

/** Page furniture of released documents: banners, FOIA and court headers, Bates numbers, footers, punches. */

const CLASSIFICATIONS = [
  'SECRET',
  'TOP SECRET',
  'CONFIDENTIAL',
  'SECRET//NOFORN',
  'S E C R E T',
  'C O N F I D E N T I A L',
  'UNCLASSIFIED//FOR OFFICIAL USE ONLY',
  'SECRET/SENSITIVE',
  'TOP SECRET//SI//NOFORN',
  'UNCLASSIFIED',
];

function small(c: LayoutCtx, scale = 0.8, face: Font['face'] = c.body.face): Font {
  return { face, size: c.body.size * scale };
}

/** Classification marking at the top and bottom centre, sometimes struck through and re-marked. */
export function banners(c: LayoutCtx): void {
  const { b, r } = c;
  const text = r.pick(CLASSIFICATIONS);
  const font: Font = {
    face: r.pick(['sans', 'courier', 'serif'] as const),
    size: c.body.size * r.range(1, 1.5),
    bold: r.chance(0.7),
  };
  const cx = b.width / 2 + r.normal(b.dpi * 0.1);
  const topY = c.area[1] - b.dpi * r.range(0.15, 0.4);
  const botY = c.area[3] + b.dpi * r.range(0.35, 0.6);
  const struck = r.chance(0.35);
  for (const y of [topY, botY]) {
    const line = b.text(text, cx, y, font, { align: 'center', redactable: false, ink: r.range(0, 40) });
    const w0 = line.words[0];
    const wl = line.words[line.words.length - 1];
    if (!w0 || !wl) continue;
    b.furniture.push([w0.x0, line.top, wl.x1, line.bottom]);
    if (struck) {
      const lw = Math.max(1.2, font.size * r.range(0.06, 0.14));
      const yy = (line.top + line.bottom) / 2 + r.normal(1);
      b.rule(w0.x0 - r.range(2, 12), yy, wl.x1 + r.range(2, 12), yy + r.normal(2), lw, r.range(10, 60), 'over');
      if (r.chance(0.6)) {
        b.text(
          'UNCLASSIFIED',
          wl.x1 + font.size,
          y + r.normal(2),
          { ...font, bold: false, size: font.size * 0.8 },
          { redactable: false },
        );
      }
    }
  }
}

/** The State Department / agency FOIA release header line at the very top of the page. */
export function foiaHeader(c: LayoutCtx): void {
  const { b, r } = c;
  const f = small(c, r.range(0.65, 0.85), r.pick(['sans', 'serif', 'narrow'] as const));
  const y = b.dpi * r.range(0.25, 0.45);
  const text = r.pick([
    `UNCLASSIFIED U.S. Department of State Case No. F-${r.int(2010, 2023)}-${pad(r.int(1, 29999), 5)} Doc No. C${r.int(5000000, 6999999)} Date: ${date(r)}`,
    `FOIA Case No. ${r.int(1990, 2023)}-${pad(r.int(1, 9999), 5)}`,
    `Approved for Release: ${r.int(2001, 2022)}/${pad(r.int(1, 12), 2)}/${pad(r.int(1, 28), 2)} C${pad(r.int(1, 9999999), 8)}`,
    `DECLASSIFIED AND RELEASED BY CENTRAL INTELLIGENCE AGENCY SOURCES METHODS EXEMPTION 3B2B NAZI WAR CRIMES DISCLOSURE ACT DATE ${r.int(2001, 2008)}`,
    `FBI FOIPA Request No. ${r.int(1000000, 1599999)}-000`,
  ]);
  const line = b.text(text, c.area[0] + r.range(-b.dpi * 0.2, b.dpi * 0.3), y, f, { redactable: false });
  const last = line.words[line.words.length - 1];
  if (last) b.furniture.push([line.words[0]?.x0 ?? 0, line.top, last.x1, line.bottom]);
}

/** The court e-filing header ("Case 1:17-cv-01234 Document 45 Filed 03/12/18 Page 3 of 20"). */
export function ecfHeader(c: LayoutCtx): void {
  const { b, r } = c;
  const f = small(c, r.range(0.75, 0.95), r.pick(['serif', 'sans'] as const));
  const y = b.dpi * r.range(0.3, 0.5);
  const text = `Case ${fileNumber(r)} Document ${r.int(1, 250)} Filed ${pad(r.int(1, 12), 2)}/${pad(r.int(1, 28), 2)}/${pad(r.int(5, 23), 2)} Page ${c.pageNo} of ${c.pageCount}`;
  const line = b.text(text, b.width / 2, y, f, { align: 'center', redactable: false });
  const last = line.words[line.words.length - 1];
  if (last) b.furniture.push([line.words[0]?.x0 ?? 0, line.top, last.x1, line.bottom]);
}

/** Footer: "Page x of y", "- x -", a Bates number at the bottom right, or both. */
export function footer(c: LayoutCtx): void {
  const { b, r } = c;
  const y = c.area[3] + b.dpi * r.range(0.25, 0.55);
  const f = small(c, r.range(0.7, 1));
  if (r.chance(0.7)) {
    const t = r.pick([`Page ${c.pageNo} of ${c.pageCount}`, `- ${c.pageNo} -`, `${c.pageNo}`, `Page ${c.pageNo}`]);
    b.text(t, r.chance(0.8) ? b.width / 2 : c.area[2], y, f, {
      align: r.chance(0.8) ? 'center' : 'right',
      redactable: false,
    });
  }
  if (r.chance(0.5)) {
    const bates = r.pick([
      `DOJ-OGR-${pad(r.int(1, 99999999), 8)}`,
      `FBI-${pad(r.int(1, 999999), 6)}`,
      `${r.pick(['DOS', 'CIA', 'DHS', 'USAO'])}_${pad(r.int(1, 9999999), 7)}`,
      `Bates No. ${pad(r.int(1, 99999), 5)}`,
    ]);
    const bf: Font = {
      face: r.pick(['sans', 'courier', 'serif'] as const),
      size: f.size * r.range(0.9, 1.2),
      bold: r.chance(0.4),
    };
    b.text(bates, c.area[2] + r.range(-b.dpi * 0.1, b.dpi * 0.35), b.height - b.dpi * r.range(0.25, 0.5), bf, {
      align: 'right',
      redactable: false,
    });
  }
}

/** A fax transmission line along the top edge (a hard negative: a thin dark line of small text). */
export function faxHeader(c: LayoutCtx): void {
  const { b, r } = c;
  const f: Font = {
    face: r.pick(['courier', 'mono', 'narrow'] as const),
    size: c.body.size * r.range(0.6, 0.85),
    bold: r.chance(0.3),
  };
  const y = b.dpi * r.range(0.12, 0.25);
  const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
  const t = `${r.pick(months)}-${pad(r.int(1, 28), 2)}-${r.int(1985, 2012)} ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)} FROM:${r.pick(['DOJ OPA', 'FBI HQ', 'USAO', 'DOS'])} ${r.int(200, 999)} ${r.int(200, 999)} ${r.int(1000, 9999)}   TO:${r.int(1000000000, 9999999999)}   P.${pad(c.pageNo, 2)}/${pad(c.pageCount, 2)}`;
  b.text(t, c.area[0] + r.range(-b.dpi * 0.3, b.dpi * 0.3), y, f, { redactable: false });
  if (r.chance(0.4)) b.rule(0, y + f.size * 0.45, b.width, y + f.size * 0.45, r.range(0.8, 2), b.ink, 'base', false);
}

/** Two or three hole punches in the margin (dark discs: scanned over a dark lid), not page content. */
export function holePunches(c: LayoutCtx): void {
  const { b, r } = c;
  const rad = b.dpi * r.range(0.1, 0.15);
  const n = r.chance(0.6) ? 3 : 2;
  const along = r.chance(0.8) ? 'left' : 'top';
  const shade = r.range(15, 120);
  const off = b.dpi * r.range(0.25, 0.45);
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const t = n === 3 ? ([0.12, 0.5, 0.88][i] ?? 0.5) : ([0.3, 0.7][i] ?? 0.5);
    pts.push(along === 'left' ? [off, b.height * t] : [b.width * t, off]);
  }
  b.draw('over', (g) => {
    g.fillStyle = grey(shade);
    for (const [x, y] of pts) {
      g.beginPath();
      g.arc(x, y, rad, 0, Math.PI * 2);
      g.fill();
    }
  });
}

/** A dark bar across the text width with white text (section headers of forms): a hard negative. */
export function headerBar(
  c: LayoutCtx,
  y: number,
  text: string,
  opts: { x0?: number; x1?: number; fill?: number } = {},
): number {
  const { b, r } = c;
  const x0 = opts.x0 ?? c.area[0];
  const x1 = opts.x1 ?? c.area[2];
  const font: Font = {
    face: r.pick(['sans', 'narrow', 'serif'] as const),
    size: c.body.size * r.range(0.85, 1.15),
    bold: r.chance(0.7),
  };
  const h = font.size * r.range(1.3, 1.9);
  const box: Box = [x0, y, x1, y + h];
  const fill = opts.fill ?? (r.chance(0.6) ? r.range(0, 40) : r.range(60, 150));
  b.rect(box, { fill });
  const tx = r.chance(0.7) ? x0 + font.size * 0.4 : (x0 + x1) / 2 - textWidth(font, text) / 2;
  b.text(text, tx, y + h * 0.5 + font.size * 0.35, font, { ink: fill < 90 ? 255 : r.range(0, 20), redactable: false });
  return y + h;
}
