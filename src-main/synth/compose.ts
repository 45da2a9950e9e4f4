import type { Box } from '../shared/boxes';
import type { LayoutKind, PageSizeName, SynthSettings } from '../shared/contract/synth';
import { FACES, type FaceKey } from './fonts';
import { bodyFont, chooseFace, type LayoutCtx } from './layouts/common';
import { LAYOUTS } from './layouts';
import { addFurniture } from './negatives';
import { PageBuilder } from './page';
import { planRedactions } from './redact';
import { Rng } from './rng';

/** Page sizes in inches (width, height). */
const SIZES: Record<PageSizeName, [number, number]> = {
  letter: [8.5, 11],
  a4: [8.27, 11.69],
  legal: [8.5, 14],
};

export interface ComposedPage {
  builder: PageBuilder;
  layout: LayoutKind;
  pageSize: PageSizeName;
  font: FaceKey;
  typewriter: boolean;
}

/** Pixel size of a page whose long side is `longSide` pixels. */
export function pageDims(size: PageSizeName, longSide: number): { width: number; height: number; dpi: number } {
  const [wi, hi] = SIZES[size];
  const dpi = longSide / hi;
  return { width: Math.round(wi * dpi), height: longSide, dpi };
}

/** Lays out one page (text, furniture, negatives, redactions) from its own random stream. */
export function composePage(s: SynthSettings, rng: Rng): ComposedPage {
  const r = rng.fork('layout');
  const pageSize = r.weighted(s.pageSizes);
  const { width, height, dpi } = pageDims(pageSize, s.longSide);
  const b = new PageBuilder(width, height, dpi, r.fork('builder'));
  const layout = r.weighted(s.layouts);
  b.layout = layout;
  const spec = LAYOUTS[layout];
  const typewriter = r.chance(spec.typewriter);
  const face: FaceKey = typewriter ? r.weighted({ courier: 3, mono: 1 }) : chooseFace(r, spec.faces);
  b.typewriter = typewriter;
  b.ink = typewriter ? r.range(10, 70) : r.range(0, 35);
  const margins = [r.range(0.55, 1.4), r.range(0.5, 1.2), r.range(0.55, 1.3), r.range(0.6, 1.1)].map((m) => m * dpi);
  const area: Box = [margins[0] ?? 72, margins[1] ?? 72, width - (margins[2] ?? 72), height - (margins[3] ?? 72)];
  const body = bodyFont({ b, r }, face, ...spec.sizePt);
  if (face === 'narrow' || !(face in FACES)) body.size *= 1.05;
  const pageCount = r.chance(0.2) ? 1 : r.int(2, 60);
  const pageNo = r.int(1, pageCount);
  const c: LayoutCtx = {
    b,
    r: r.fork('draw'),
    area,
    body,
    lh: body.size * r.range(...spec.spacing),
    negatives: s.negatives,
    pageNo,
    pageCount,
    first: pageNo === 1 || r.chance(0.35),
  };
  spec.draw(c);
  addFurniture({ ...c, r: r.fork('furniture') }, layout);
  planRedactions(b, s, rng.fork('redactions'));
  return { builder: b, layout, pageSize, font: face, typewriter };
}
