import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Box } from '../shared/boxes';
import { isDark, type Rgb } from './colors';
import { pageFrame, transformRect } from './geometry';
import type { Pdfjs } from './pdfjs';

export interface AnnotationCover {
  kind: 'unapplied_redaction' | 'text_under_annotation';
  box: Box;
  message: string;
}

interface RawAnnotation {
  annotationType?: unknown;
  rect?: unknown;
  color?: unknown;
  interiorColor?: unknown;
  quadPoints?: unknown;
}

function rgb(v: unknown): Rgb | null {
  if (!v || typeof v !== 'object') return null;
  const a = Array.from(v as ArrayLike<number>);
  return a.length >= 3 ? [a[0] ?? 0, a[1] ?? 0, a[2] ?? 0] : null;
}

function rectOf(a: RawAnnotation, view: readonly number[]): Box | null {
  const r = Array.isArray(a.rect) || ArrayBuffer.isView(a.rect) ? Array.from(a.rect as ArrayLike<number>) : [];
  if (r.length !== 4 || !r.every((v) => Number.isFinite(v))) return null;
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = r;
  return transformRect(pageFrame(view), x0, y0, x1, y1);
}

/** Quadrilaterals of a highlight (one per line), or its rectangle when it has none. */
function quadBoxes(a: RawAnnotation, view: readonly number[]): Box[] {
  const q = a.quadPoints && typeof a.quadPoints === 'object' ? Array.from(a.quadPoints as ArrayLike<number>) : [];
  const out: Box[] = [];
  const frame = pageFrame(view);
  for (let i = 0; i + 7 < q.length; i += 8) {
    const xs = [q[i], q[i + 2], q[i + 4], q[i + 6]].map((v) => v ?? 0);
    const ys = [q[i + 1], q[i + 3], q[i + 5], q[i + 7]].map((v) => v ?? 0);
    out.push(transformRect(frame, Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)));
  }
  if (out.length) return out;
  const r = rectOf(a, view);
  return r ? [r] : [];
}

/**
 * Annotations that hide or mark text: `/Redact` annotations never applied (the text is still in
 * the content), and dark highlight or filled square annotations drawn over text.
 */
export async function annotationCovers(pdfjs: Pdfjs, page: PDFPageProxy): Promise<AnnotationCover[]> {
  let annots: RawAnnotation[];
  try {
    annots = (await page.getAnnotations({ intent: 'display' })) as RawAnnotation[];
  } catch {
    return [];
  }
  const T = pdfjs.AnnotationType;
  const view = page.view;
  const out: AnnotationCover[] = [];
  for (const a of annots) {
    if (a.annotationType === T.REDACT) {
      for (const box of quadBoxes(a, view)) {
        out.push({
          kind: 'unapplied_redaction',
          box,
          message: 'A redaction was marked but never applied: the text under it is still in the file.',
        });
      }
    } else if (a.annotationType === T.HIGHLIGHT && isDark(rgb(a.color))) {
      for (const box of quadBoxes(a, view)) {
        out.push({ kind: 'text_under_annotation', box, message: 'Text is still in the file under a dark highlight.' });
      }
    } else if (a.annotationType === T.SQUARE && isDark(rgb(a.interiorColor))) {
      const box = rectOf(a, view);
      if (box)
        out.push({
          kind: 'text_under_annotation',
          box,
          message: 'Text is still in the file under a dark box annotation.',
        });
    }
  }
  return out;
}
