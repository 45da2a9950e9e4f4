import { BOX_STYLES, CLASSES, clipBox, type Box, type BoxClass, type BoxStyle } from '../shared/boxes';
import {
  BOX_SOURCES,
  MAX_BOXES_PER_PAGE,
  MAX_LABEL_LENGTH,
  MIN_BOX_SIZE,
  type BoxSource,
} from '../shared/annotation-rules';
import type { AnnotationBoxInput } from '../shared/contract/annotations';
import { AppError } from '../shared/errors';

/** A box that passed validation: clipped to the page, with every field resolved. */
export interface CleanBox {
  id: number | null;
  class: BoxClass;
  box: Box;
  style: BoxStyle | null;
  label: string | null;
  source: BoxSource;
  score: number | null;
}

export interface PageSize {
  width: number;
  height: number;
}

function refuse(index: number, what: string): never {
  throw new AppError('INVALID_DATA', `Box ${index + 1} ${what}; nothing was saved. Fix or delete that box and retry.`, {
    index,
  });
}

function cleanLabel(index: number, label: string | null | undefined): string | null {
  if (label === undefined || label === null) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(label)) refuse(index, 'has a label with control characters');
  const t = label.trim();
  if (t.length > MAX_LABEL_LENGTH) refuse(index, `has a label longer than ${MAX_LABEL_LENGTH} characters`);
  return t === '' ? null : t;
}

function cleanOne(b: AnnotationBoxInput, index: number, page: PageSize, source: BoxSource | undefined): CleanBox {
  if (!(CLASSES as readonly string[]).includes(b.class)) refuse(index, `has an unknown class "${String(b.class)}"`);
  const raw = b.box as readonly unknown[];
  if (!Array.isArray(raw) || raw.length !== 4 || !raw.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    refuse(index, 'does not have four finite coordinates');
  }
  const [x0, y0, x1, y1] = b.box;
  if (!(x1 > x0 && y1 > y0)) refuse(index, 'has its corners in the wrong order (x1 must exceed x0, y1 must exceed y0)');
  const clipped = clipBox(b.box, page.width, page.height);
  if (clipped[2] - clipped[0] < MIN_BOX_SIZE || clipped[3] - clipped[1] < MIN_BOX_SIZE) {
    refuse(index, `lies outside the ${page.width}×${page.height} px page`);
  }
  if (b.style !== undefined && b.style !== null && !(BOX_STYLES as readonly string[]).includes(b.style)) {
    refuse(index, `has an unknown style "${String(b.style)}"`);
  }
  const src = source ?? b.source ?? 'manual';
  if (!(BOX_SOURCES as readonly string[]).includes(src)) refuse(index, `has an unknown source "${String(src)}"`);
  const score = b.score ?? null;
  if (score !== null && !(Number.isFinite(score) && score >= 0 && score <= 1)) {
    refuse(index, 'has a score outside 0..1');
  }
  return {
    id: b.id ?? null,
    class: b.class,
    box: clipped,
    style: b.style ?? null,
    label: cleanLabel(index, b.label),
    source: src,
    score,
  };
}

/**
 * Checks a page's boxes before they are stored: a bounded count, known classes and styles,
 * finite coordinates with x1 > x0 and y1 > y0, and at least MIN_BOX_SIZE px inside the page
 * once clipped to it. Throws INVALID_DATA naming the first bad box; returns clipped boxes.
 */
export function validateBoxes(
  boxes: readonly AnnotationBoxInput[],
  page: PageSize,
  opts: { source?: BoxSource } = {},
): CleanBox[] {
  if (boxes.length > MAX_BOXES_PER_PAGE) {
    throw new AppError(
      'INVALID_DATA',
      `A page can hold at most ${MAX_BOXES_PER_PAGE} boxes and this save had ${boxes.length}; nothing was saved.`,
    );
  }
  return boxes.map((b, i) => cleanOne(b, i, page, opts.source));
}

/** How many boxes of class `redaction` a list holds. */
export function countRedactions(boxes: readonly { class: BoxClass }[]): number {
  let n = 0;
  for (const b of boxes) if (b.class === 'redaction') n++;
  return n;
}
