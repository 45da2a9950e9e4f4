import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Box } from '../shared/boxes';
import { css, textWidth, type Font } from './fonts';
import type { LayoutCtx } from './layouts/common';
import { grey, type Layer } from './page';
import type { Rng } from './rng';
import { date, lastName, pad } from './text';

/** Stamps, signatures, handwriting-like marks, photos and charts: mostly hard negatives. */

const STAMPS: ((r: Rng) => string[])[] = [
  (r) => [
    'DECLASSIFIED',
    `Authority NND ${r.int(100000, 999999)}`,
    `By ${String.fromCharCode(65 + r.int(0, 25))}${String.fromCharCode(65 + r.int(0, 25))} NARA Date ${r.int(1, 12)}/${r.int(1, 28)}/${pad(r.int(0, 15), 2)}`,
  ],
  (r) => ['RECEIVED', date(r).toUpperCase(), r.pick(['FBI - WASH. D.C.', 'OFFICE OF THE SECRETARY', 'DOCKET SECTION'])],
  (r) => [
    r.pick(['RELEASED IN FULL', 'RELEASED IN PART', 'RELEASE IN PART', 'DENIED IN FULL']),
    r.pick(['B6', 'B1, 1.4(B), B6', 'B7(C)', '']),
  ],
  () => ['COPY'],
  (r) => ['SEARCHED ___ INDEXED ___', 'SERIALIZED ___ FILED ___', date(r).toUpperCase()],
  (r) => [`EXEMPTED FROM AUTOMATIC`, `DECLASSIFICATION`, `DATE ${r.int(1990, 2015)}`],
  () => ['CLASSIFIED BY SP-2 ALM/JRT', 'DECLASSIFY ON: 25X1'],
];

/** Draws `fn` rotated by `deg` around (cx, cy); returns the axis-aligned bounds of the rotated box. */
function rotatedBounds(cx: number, cy: number, w: number, h: number, deg: number): Box {
  const a = (deg * Math.PI) / 180;
  const ex = (Math.abs(Math.cos(a)) * w + Math.abs(Math.sin(a)) * h) / 2;
  const ey = (Math.abs(Math.sin(a)) * w + Math.abs(Math.cos(a)) * h) / 2;
  return [cx - ex, cy - ey, cx + ex, cy + ey];
}

/** An outlined (sometimes double-outlined) rubber stamp, slightly rotated, drawn over the page. */
export function stamp(c: LayoutCtx, at?: [number, number]): void {
  const { b, r } = c;
  const lines = r
    .pick(STAMPS)(r)
    .filter((l) => l.length > 0);
  const font: Font = {
    face: r.pick(['sans', 'serif', 'courier', 'narrow'] as const),
    size: c.body.size * r.range(0.8, 1.6),
    bold: r.chance(0.6),
  };
  const w = Math.max(...lines.map((l) => textWidth(font, l))) + font.size * r.range(0.8, 2);
  const h = lines.length * font.size * 1.3 + font.size * r.range(0.6, 1.2);
  const cx = at?.[0] ?? r.range(c.area[0] + w / 2, Math.max(c.area[0] + w / 2 + 1, c.area[2] - w / 2));
  const cy = at?.[1] ?? r.range(c.area[1] + h, c.area[3] - h);
  const deg = r.chance(0.3) ? 0 : r.normal(4);
  const ink = r.range(30, 130);
  const lw = Math.max(1, font.size * r.range(0.05, 0.14));
  const outline = r.chance(0.8);
  const double = r.chance(0.3);
  const fc = css(font);
  b.draw(
    'over',
    (g) => {
      g.save();
      g.translate(cx, cy);
      g.rotate((deg * Math.PI) / 180);
      g.strokeStyle = grey(ink);
      g.fillStyle = grey(ink);
      g.lineWidth = lw;
      if (outline) g.strokeRect(-w / 2, -h / 2, w, h);
      if (outline && double) g.strokeRect(-w / 2 + lw * 2.5, -h / 2 + lw * 2.5, w - lw * 5, h - lw * 5);
      g.font = fc;
      g.textAlign = 'center';
      lines.forEach((l, i) => g.fillText(l, 0, -h / 2 + font.size * (0.4 + 1.3 * (i + 0.8))));
      g.restore();
    },
    rotatedBounds(cx, cy, w, h, deg),
  );
}

/** A smooth random scribble inside `box`: signatures and handwritten initials. */
export function scribble(c: LayoutCtx, box: Box, layer: Layer = 'base', ink?: number): void {
  const { b, r } = c;
  const n = r.int(6, 16);
  const pts: number[] = [];
  const [x0, y0, x1, y1] = box;
  let x = x0;
  for (let i = 0; i < n; i++) {
    x = Math.min(x1, x + ((x1 - x0) / n) * r.range(0.4, 1.8));
    pts.push(x, r.range(y0, y1));
  }
  const lw = Math.max(1, b.pt(r.range(0.6, 1.6)));
  const level = ink ?? r.range(10, 80);
  b.draw(
    layer,
    (g) => {
      g.strokeStyle = grey(level);
      g.lineWidth = lw;
      g.lineJoin = 'round';
      g.lineCap = 'round';
      g.beginPath();
      g.moveTo(pts[0] ?? x0, pts[1] ?? y0);
      for (let i = 2; i + 3 < pts.length; i += 2) {
        const mx = ((pts[i] ?? 0) + (pts[i + 2] ?? 0)) / 2;
        const my = ((pts[i + 1] ?? 0) + (pts[i + 3] ?? 0)) / 2;
        g.quadraticCurveTo(pts[i] ?? 0, pts[i + 1] ?? 0, mx, my);
      }
      g.stroke();
    },
    layer === 'over' ? undefined : box,
  );
}

/** Signature block: scribble, typed name and title below it. Returns the baseline after it. */
export function signature(c: LayoutCtx, x: number, y: number): number {
  const { b, r } = c;
  const w = b.dpi * r.range(1.2, 2.4);
  const h = b.dpi * r.range(0.25, 0.5);
  const box: Box = [x, y, x + w, y + h];
  scribble(c, box);
  b.spots.push(box);
  let yy = y + h + c.lh;
  b.text(`${String.fromCharCode(65 + r.int(0, 25))}. ${lastName(r)}`, x, yy, c.body);
  yy += c.lh;
  if (r.chance(0.6)) {
    b.text(
      r.pick([
        'Special Agent',
        'Director',
        'Assistant Attorney General',
        'Chief, FOIA Unit',
        'Deputy Secretary',
        'Counsel',
      ]),
      x,
      yy,
      c.body,
    );
    yy += c.lh;
  }
  return yy;
}

/** Handwriting-like marks added after typing: check marks, circles, margin lines, initials. */
export function handMarks(c: LayoutCtx): void {
  const { b, r } = c;
  const n = r.int(1, 4);
  for (let i = 0; i < n; i++) {
    const kind = r.int(0, 3);
    const x = r.chance(0.5) ? r.range(b.dpi * 0.2, c.area[0]) : r.range(c.area[0], c.area[2]);
    const y = r.range(c.area[1], c.area[3]);
    const s = b.dpi * r.range(0.15, 0.5);
    const ink = r.range(20, 110);
    const lw = Math.max(1, b.pt(r.range(0.5, 1.5)));
    if (kind === 3) {
      scribble(c, [x, y, x + s * 1.5, y + s * 0.6], 'over', ink);
      continue;
    }
    const [q1, q2, q3] = [r.next(), r.next(), r.normal(1)];
    b.draw('over', (g) => {
      g.strokeStyle = grey(ink);
      g.lineWidth = lw;
      g.lineCap = 'round';
      g.beginPath();
      if (kind === 0) {
        g.moveTo(x, y);
        g.lineTo(x + s * 0.35, y + s * 0.45);
        g.lineTo(x + s, y - s * 0.5);
      } else if (kind === 1) g.ellipse(x, y, s * (1 + 2 * q1), s * (0.35 + 0.25 * q2), q3 * 0.1, 0, Math.PI * 2);
      else {
        g.moveTo(x, y);
        g.quadraticCurveTo(x + (q1 - 0.5) * s, y + s * 1.5, x + (q2 - 0.5) * s * 0.6, y + s * 3);
      }
      g.stroke();
    });
  }
}

/** A photo-like image (smooth random tones, some blobs), often dark: a hard negative. */
export function photo(c: LayoutCtx, box: Box, dark = c.r.chance(0.5)): void {
  const { b, r } = c;
  const gw = r.int(5, 14);
  const gh = r.int(5, 14);
  const base = dark ? r.range(15, 70) : r.range(80, 190);
  const cells = new Uint8ClampedArray(gw * gh * 4);
  for (let i = 0; i < gw * gh; i++) {
    const v = base + r.normal(dark ? 25 : 45);
    cells[i * 4] = cells[i * 4 + 1] = cells[i * 4 + 2] = v;
    cells[i * 4 + 3] = 255;
  }
  const blobs = Array.from(
    { length: r.int(0, 4) },
    () => [r.next(), r.next(), r.range(0.08, 0.3), r.range(0, 255)] as const,
  );
  const [x0, y0, x1, y1] = box;
  b.draw(
    'base',
    (g: SKRSContext2D) => {
      const small = createCanvas(gw, gh);
      const sg = small.getContext('2d');
      const img = sg.createImageData(gw, gh);
      img.data.set(cells);
      sg.putImageData(img, 0, 0);
      g.imageSmoothingEnabled = true;
      g.drawImage(small, x0, y0, x1 - x0, y1 - y0);
      for (const [bx, by, br, bv] of blobs) {
        g.fillStyle = grey(bv);
        g.beginPath();
        g.ellipse(x0 + bx * (x1 - x0), y0 + by * (y1 - y0), br * (x1 - x0), br * 1.3 * (y1 - y0), 0, 0, Math.PI * 2);
        g.fill();
      }
      g.strokeStyle = grey(20);
      g.lineWidth = 1;
      g.strokeRect(x0, y0, x1 - x0, y1 - y0);
    },
    box,
  );
  b.spots.push(box);
}

/** A simple bar or line chart with axes and tick labels. */
export function chart(c: LayoutCtx, box: Box): void {
  const { b, r } = c;
  const [x0, y0, x1, y1] = box;
  const n = r.int(4, 12);
  const vals = Array.from({ length: n }, () => r.range(0.1, 1));
  const bars = r.chance(0.6);
  const fill = r.range(40, 200);
  const tick: Font = { face: 'sans', size: c.body.size * 0.7 };
  b.draw(
    'base',
    (g) => {
      g.strokeStyle = grey(20);
      g.lineWidth = 1.2;
      g.beginPath();
      g.moveTo(x0, y0);
      g.lineTo(x0, y1);
      g.lineTo(x1, y1);
      g.stroke();
      const step = (x1 - x0) / n;
      g.fillStyle = grey(fill);
      g.beginPath();
      vals.forEach((v, i) => {
        const top = y1 - v * (y1 - y0) * 0.9;
        if (bars) g.fillRect(x0 + step * (i + 0.2), top, step * 0.6, y1 - top);
        else if (i === 0) g.moveTo(x0 + step * (i + 0.5), top);
        else g.lineTo(x0 + step * (i + 0.5), top);
      });
      if (!bars) g.stroke();
      g.font = css(tick);
      g.fillStyle = grey(30);
      vals.forEach((_, i) => g.fillText(String(i + 1), x0 + step * (i + 0.4), y1 + tick.size * 1.1));
    },
    [x0, y0, x1, y1 + tick.size * 1.3],
  );
}
