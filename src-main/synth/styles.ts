import type { Box, BoxStyle } from '../shared/boxes';
import { css, inkBounds, textWidth, type Font } from './fonts';
import { grey, rectPoints, type PageBuilder } from './page';
import type { Rng } from './rng';

/** Draws one redaction of `style` over `rect` (integer page pixels) and returns the outline it covers. */
export function drawRedaction(
  b: PageBuilder,
  rect: Box,
  style: BoxStyle,
  r: Rng,
  code?: { text: string; font: Font },
): number[] {
  const [x0, y0, x1, y1] = rect;
  const w = x1 - x0;
  const h = y1 - y0;
  if (style === 'marker') return marker(b, rect, r);
  const fill =
    style === 'black' ? r.range(0, 28) : style === 'grey' ? r.range(65, 165) : r.chance(0.8) ? 255 : r.range(235, 252);
  if (style === 'black' || style === 'grey') b.noteRedactionFill(fill);
  const lw =
    style === 'white-bordered' || style === 'cross-hatched' ? Math.max(1, Math.min(3, b.pt(r.range(0.4, 1.4)))) : 0;
  const borderInk = r.range(0, 70);
  const hatch =
    style === 'cross-hatched'
      ? { step: Math.max(3, b.pt(r.range(1.6, 4))), both: r.chance(0.7), lw: Math.max(0.8, b.pt(r.range(0.3, 0.8))) }
      : null;
  const greyBorder = style === 'grey' && r.chance(0.3);
  const ink = code ? inkBounds(code.font, code.text) : [0, 0, 0, 0];
  const codeX =
    x0 + (w - textWidth(code?.font ?? { face: 'sans', size: 1 }, code?.text ?? '')) * (0.5 + r.normal(0.08));
  const codeBase = y0 + h / 2 - ((ink[1] ?? 0) + (ink[3] ?? 0)) / 2;
  const codeInk = style === 'black' || (style === 'grey' && fill < 120) ? r.range(225, 255) : r.range(0, 40);
  b.draw(
    'redact',
    (g) => {
      g.fillStyle = grey(fill);
      g.fillRect(x0, y0, w, h);
      if (hatch) {
        g.save();
        g.beginPath();
        g.rect(x0, y0, w, h);
        g.clip();
        g.strokeStyle = grey(borderInk);
        g.lineWidth = hatch.lw;
        g.beginPath();
        for (let t = -h; t < w + h; t += hatch.step) {
          g.moveTo(x0 + t, y0);
          g.lineTo(x0 + t + h, y1);
          if (hatch.both) {
            g.moveTo(x0 + t + h, y0);
            g.lineTo(x0 + t, y1);
          }
        }
        g.stroke();
        g.restore();
      }
      if (lw > 0 || greyBorder) {
        const l = lw > 0 ? lw : 1;
        g.strokeStyle = grey(greyBorder ? fill - 50 : borderInk);
        g.lineWidth = l;
        g.strokeRect(x0 + l / 2, y0 + l / 2, w - l, h - l);
      }
      if (code) {
        g.font = css(code.font);
        g.fillStyle = grey(codeInk);
        g.fillText(code.text, codeX, codeBase);
      }
    },
    rect,
  );
  return rectPoints(rect);
}

/** Hand-drawn marker: overlapping passes with wavy edges and ragged ends, partly see-through. */
function marker(b: PageBuilder, rect: Box, r: Rng): number[] {
  const [x0, y0, x1, y1] = rect;
  const h = y1 - y0;
  const tip = Math.max(6, b.pt(r.range(6, 12)));
  const passes = Math.max(1, Math.round(h / (tip * r.range(0.75, 1))));
  const polys: number[][] = [];
  const pitch = h / passes;
  for (let k = 0; k < passes; k++) {
    const cy = y0 + pitch * (k + 0.5);
    const half = Math.max(pitch * r.range(0.5, 0.72), tip * 0.35);
    const xs = x0 + r.range(0, tip * 0.4);
    const xe = x1 - r.range(0, tip * 0.4);
    const n = Math.max(3, Math.ceil((xe - xs) / (tip * 0.6)));
    const top: number[] = [];
    const bot: number[] = [];
    let dt = 0;
    let db = 0;
    const slope = r.normal(0.015);
    for (let i = 0; i <= n; i++) {
      const x = xs + ((xe - xs) * i) / n;
      dt = dt * 0.6 + r.normal(tip * 0.07);
      db = db * 0.6 + r.normal(tip * 0.07);
      const s = slope * (x - xs);
      top.push(x, cy - half + dt + s);
      bot.push(x, cy + half + db + s);
    }
    const poly: number[] = [];
    for (let i = 0; i < top.length; i += 2) poly.push(top[i] ?? 0, top[i + 1] ?? 0);
    poly.push(xe + r.range(0, tip * 0.3), cy + r.normal(tip * 0.1));
    for (let i = bot.length - 2; i >= 0; i -= 2) poly.push(bot[i] ?? 0, bot[i + 1] ?? 0);
    poly.push(xs - r.range(0, tip * 0.3), cy + r.normal(tip * 0.1));
    // keep the stroke inside the page and inside a slightly grown rect so labels stay tight
    for (let i = 0; i < poly.length; i += 2) {
      poly[i] = Math.min(Math.max(poly[i] ?? 0, x0 - tip * 0.3, 0), x1 + tip * 0.3, b.width);
      poly[i + 1] = Math.min(Math.max(poly[i + 1] ?? 0, y0 - tip * 0.25, 0), y1 + tip * 0.25, b.height);
    }
    polys.push(poly);
  }
  const ink = r.range(5, 60);
  const alpha = r.range(0.86, 1);
  b.draw('redact', (g) => {
    g.fillStyle = `rgba(${ink | 0},${ink | 0},${ink | 0},${alpha.toFixed(3)})`;
    for (const p of polys) {
      g.beginPath();
      g.moveTo(p[0] ?? 0, p[1] ?? 0);
      for (let i = 2; i < p.length; i += 2) g.lineTo(p[i] ?? 0, p[i + 1] ?? 0);
      g.closePath();
      g.fill();
    }
  });
  const all = polys.flat();
  let bx0 = Infinity;
  let by0 = Infinity;
  let bx1 = -Infinity;
  let by1 = -Infinity;
  for (let i = 0; i < all.length; i += 2) {
    bx0 = Math.min(bx0, all[i] ?? 0);
    bx1 = Math.max(bx1, all[i] ?? 0);
    by0 = Math.min(by0, all[i + 1] ?? 0);
    by1 = Math.max(by1, all[i + 1] ?? 0);
  }
  const box: Box = [Math.floor(bx0), Math.floor(by0), Math.ceil(bx1), Math.ceil(by1)];
  b.addContent(box);
  return rectPoints(box);
}
