import type { LayoutKind, PageSizeName, SynthAnnotation, SynthSettings } from '../shared/contract/synth';
import { agePage } from './ageing';
import { GENERATOR_VERSION, defaultFontsDir } from './constants';
import { refit } from './ageing/geometry';
import { composePage } from './compose';
import { ensureFonts, type FaceKey } from './fonts';
import { rectPoints, type Layer } from './page';
import { encodeGrayPng } from './png';
import { renderPage, type GrayImage } from './render';
import { Rng } from './rng';

export { GENERATOR_VERSION, defaultFontsDir };

export interface GenerateOptions {
  /** Folder with the shipped fonts (default: resources/fonts). */
  fontsDir?: string;
  /** false: the clean raster before ageing and rotation (for checking labels). Default true. */
  ageing?: boolean;
  /** Layers to draw (tests leave out 'redact' to see what the redactions added). */
  layers?: readonly Layer[];
  /** Also return the grey pixels. */
  keepPixels?: boolean;
}

export interface SynthPageMeta {
  generator: number;
  seed: number;
  index: number;
  layout: LayoutKind;
  pageSize: PageSizeName;
  dpi: number;
  font: FaceKey;
  typewriter: boolean;
  effects: string[];
}

export interface SynthPage {
  png: Buffer;
  width: number;
  height: number;
  annotations: SynthAnnotation[];
  meta: SynthPageMeta;
  pixels?: GrayImage;
}

/**
 * Generates page `index` of the set fixed by `settings` and `seed`: a PNG and its labels, computed
 * from what was drawn. Same inputs, same bytes.
 */
export async function generatePage(
  settings: SynthSettings,
  seed: number,
  index: number,
  opts: GenerateOptions = {},
): Promise<SynthPage> {
  ensureFonts(opts.fontsDir ?? defaultFontsDir());
  const rng = new Rng(seed, index, 'page');
  const page = composePage(settings, rng);
  const b = page.builder;
  let image = renderPage(b, opts.layers);
  let transform = null;
  let grow = 0;
  let effects: string[] = [];
  if (opts.ageing !== false) {
    const aged = agePage(image, settings, rng.fork('ageing'), b);
    image = aged.image;
    transform = aged.transform;
    grow = aged.grow;
    effects = aged.effects;
    if (aged.jpegQuality) image = await jpegRoundTrip(image, aged.jpegQuality);
  }
  const annotations: SynthAnnotation[] = [];
  const w = b.width;
  const h = b.height;
  for (const l of b.labels) {
    const box = refit(l.points, transform, w, h, grow + (transform ? 0.5 : 0));
    if (!box) continue;
    // a code the scan wiped out (a bilevel threshold, fading) is not on the page any more
    if (l.class === 'exemption_label' && opts.ageing !== false && !hasInk(image, box)) continue;
    const a: SynthAnnotation = { class: l.class, box };
    if (l.style) a.style = l.style;
    if (l.label) a.label = l.label;
    if (l.shape) a.shape = l.shape;
    annotations.push(a);
  }
  const content = b.contentBox();
  const cbox = content ? refit(rectPoints(content), transform, w, h, grow) : null;
  if (cbox) annotations.push({ class: 'content', box: cbox });
  const meta: SynthPageMeta = {
    generator: GENERATOR_VERSION,
    seed,
    index,
    layout: page.layout,
    pageSize: page.pageSize,
    dpi: Math.round(b.dpi * 100) / 100,
    font: page.font,
    typewriter: page.typewriter,
    effects,
  };
  const png = encodeGrayPng(image, b.dpi);
  return { png, width: w, height: h, annotations, meta, ...(opts.keepPixels ? { pixels: image } : {}) };
}

/** Ink contrast (grey levels below the box's paper) and share of pixels a visible code has. */
const CODE_INK_CONTRAST = 50;
const CODE_INK_SHARE = 0.03;
/**
 * A faint code (grey ink, a light scan): its darkest tenth of pixels at least this far below the
 * box's median, and at least NOISE_FACTOR times the spread of the median's paper above it (noise
 * alone spreads both ways alike).
 */
const FAINT_CONTRAST = 20;
const NOISE_FACTOR = 2.5;

/**
 * True when the box [x0, y0, x1, y1] still shows ink: enough pixels clearly darker than its
 * paper (its 90th-percentile grey), or the strokes of a faint code standing out of the noise;
 * on a dark box (a code printed on a bar) the strokes are lighter than the bar.
 */
export function hasInk(img: GrayImage, box: readonly number[]): boolean {
  const x0 = Math.max(0, Math.floor(box[0]!));
  const y0 = Math.max(0, Math.floor(box[1]!));
  const x1 = Math.min(img.width, Math.ceil(box[2]!));
  const y1 = Math.min(img.height, Math.ceil(box[3]!));
  if (x1 <= x0 || y1 <= y0) return false;
  const hist = new Uint32Array(256);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hist[img.data[y * img.width + x]!]!++;
  const n = (x1 - x0) * (y1 - y0);
  /** The grey level below which a share `f` of the box's pixels lie. */
  const quantile = (f: number): number => {
    let v = 0;
    for (let seen = hist[0]!; v < 255 && seen < f * n;) seen += hist[++v]!;
    return v;
  };
  const [p10, p50, p90] = [quantile(0.1), quantile(0.5), quantile(0.9)];
  let ink = 0;
  for (let v = 0; v < p90 - CODE_INK_CONTRAST; v++) ink += hist[v]!;
  if (ink >= Math.max(3, CODE_INK_SHARE * n)) return true;
  // strokes lighter than a dark box are read the same way on the inverted box
  const [below, above] = p50 < 128 ? [p90 - p50, p50 - p10] : [p50 - p10, p90 - p50];
  return below >= Math.max(FAINT_CONTRAST, NOISE_FACTOR * above);
}

/** Real JPEG artefacts: encode and decode through libjpeg (sharp). */
async function jpegRoundTrip(img: GrayImage, quality: number): Promise<GrayImage> {
  const sharp = (await import('sharp')).default;
  const raw = { width: img.width, height: img.height, channels: 1 as const };
  const jpg = await sharp(img.data, { raw }).toColourspace('b-w').jpeg({ quality }).toBuffer();
  const out = await sharp(jpg).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return {
    width: out.info.width,
    height: out.info.height,
    data: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length),
  };
}
