import path from 'node:path';
import type { NewAnnotation } from '../documents/commit';
import { CLASSES, type BoxClass, type BoxStyle, BOX_STYLES } from '../shared/boxes';
import { MAX_BOXES_PER_PAGE, MAX_LABEL_LENGTH } from '../shared/annotation-rules';
import { invalidData } from './safe-json';

/** One image of an annotation file, checked and ready to import. */
export interface AnnotatedImage {
  /** Document name: the file name as the annotation file writes it (kept for round trips). */
  name: string;
  /** Absolute path of the image. */
  file: string;
  /** Size the annotation file declares (checked against the image); null when it declares none. */
  width: number | null;
  height: number | null;
  /** Boxes in pixels; `normalized` boxes are in 0..1 and scaled once the image size is known. */
  boxes: NewAnnotation[];
  normalized?: boolean;
}

/** Most images one annotation file may bring. */
export const MAX_IMAGES = 100_000;

/** Maps a label to a class: exact class names, case-insensitive, `-`/space for `_`. */
export function classOf(label: unknown): BoxClass | null {
  if (typeof label !== 'string') return null;
  const k = label
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (CLASSES as readonly string[]).includes(k) ? (k as BoxClass) : null;
}

export function styleOf(v: unknown): BoxStyle | null {
  return typeof v === 'string' && (BOX_STYLES as readonly string[]).includes(v) ? (v as BoxStyle) : null;
}

export function labelOf(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v.slice(0, MAX_LABEL_LENGTH) : null;
}

/**
 * Checks a box `[x0, y0, x1, y1]` against its image: finite, positive size, inside the image
 * (half a pixel of slack, then clipped). Throws a typed error naming `where`.
 */
export function checkBox(
  file: string,
  where: string,
  box: number[],
  width: number | null,
  height: number | null,
): [number, number, number, number] {
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  if (box.length !== 4 || !box.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw invalidData(file, `${where} has a coordinate that is not a finite number.`);
  }
  if (!(x1 > x0 && y1 > y0)) throw invalidData(file, `${where} has a zero or negative width or height.`);
  const t = 0.5;
  if (x0 < -t || y0 < -t || (width !== null && x1 > width + t) || (height !== null && y1 > height + t)) {
    throw invalidData(file, `${where} lies outside its image (${width ?? '?'}×${height ?? '?'} pixels).`);
  }
  const cx = (v: number, max: number | null): number => Math.min(Math.max(v, 0), max ?? Infinity);
  return [cx(x0, width), cx(y0, height), cx(x1, width), cx(y1, height)];
}

export function checkBoxCount(file: string, name: string, n: number): void {
  if (n > MAX_BOXES_PER_PAGE)
    throw invalidData(file, `image "${name}" has ${n} boxes; at most ${MAX_BOXES_PER_PAGE} per page are allowed.`);
}

/** Resolves an image named in an annotation file inside `imagesDir`, refusing names that escape it. */
export function resolveImage(file: string, imagesDir: string, name: string): string {
  if (typeof name !== 'string' || !name || name.includes('\0'))
    throw invalidData(file, `an image has no usable file name.`);
  const full = path.resolve(imagesDir, name);
  const base = path.resolve(imagesDir);
  if (!full.startsWith(base + path.sep))
    throw invalidData(file, `the image name "${name.slice(0, 100)}" points outside the images folder.`);
  return full;
}

export function checkSize(file: string, where: string, w: unknown, h: unknown): { width: number; height: number } {
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 100_000;
  if (!ok(w) || !ok(h)) throw invalidData(file, `${where} has no valid width and height.`);
  return { width: w, height: h };
}
