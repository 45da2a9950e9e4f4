import { boxArea, iou, type Box, type BoxClass } from '../shared/boxes';
import type { ValidationRule } from '../shared/contract/datasets';

export interface ValidatedBox {
  id: number;
  class: BoxClass;
  box: Box;
}

export interface PageIssue {
  rule: ValidationRule;
  annotationIds: number[];
  /** What is wrong, without naming the page (the caller adds that). */
  detail: string;
}

/** Thresholds of the validation rules, in page pixels or shares of the page. */
export const RULES = {
  /** Tolerance before a box counts as outside the page. */
  outsideTolerancePx: 0.5,
  /** A box narrower or lower than this, or with less area, is "tiny". */
  tinySidePx: 3,
  tinyAreaPx: 25,
  /** A redaction box covering more than this share of the page. */
  largeRedactionShare: 0.5,
  /** Same-class boxes with IoU at or above: duplicates; at or above the second: overlapping. */
  duplicateIou: 0.9,
  overlapIou: 0.5,
} as const;

const round = (v: number): string => String(Math.round(v * 10) / 10);

/** Checks one page's boxes. Pure: used at import, in the Library and before training. */
export function validatePageBoxes(width: number, height: number, boxes: readonly ValidatedBox[]): PageIssue[] {
  const issues: PageIssue[] = [];
  const t = RULES.outsideTolerancePx;
  for (const b of boxes) {
    const [x0, y0, x1, y1] = b.box;
    if (x0 < -t || y0 < -t || x1 > width + t || y1 > height + t) {
      issues.push({
        rule: 'box_outside_page',
        annotationIds: [b.id],
        detail: `a ${b.class} box reaches outside the page (${round(x0)}, ${round(y0)}, ${round(x1)}, ${round(y1)} on ${width}×${height})`,
      });
    }
    const w = x1 - x0;
    const h = y1 - y0;
    if (w < RULES.tinySidePx || h < RULES.tinySidePx || w * h < RULES.tinyAreaPx) {
      issues.push({
        rule: 'tiny_box',
        annotationIds: [b.id],
        detail: `a ${b.class} box is only ${round(w)}×${round(h)} pixels`,
      });
    }
    if (b.class === 'redaction' && boxArea(b.box) > RULES.largeRedactionShare * width * height) {
      issues.push({
        rule: 'large_redaction',
        annotationIds: [b.id],
        detail: `a redaction box covers ${Math.round((100 * boxArea(b.box)) / (width * height))}% of the page`,
      });
    }
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.class !== b.class || a.class === 'content') continue;
      const o = iou(a.box, b.box);
      if (o >= RULES.duplicateIou)
        issues.push({
          rule: 'duplicate_boxes',
          annotationIds: [a.id, b.id],
          detail: `two ${a.class} boxes are (almost) the same`,
        });
      else if (o >= RULES.overlapIou)
        issues.push({
          rule: 'overlapping_boxes',
          annotationIds: [a.id, b.id],
          detail: `two ${a.class} boxes overlap by ${Math.round(o * 100)}%`,
        });
    }
  }
  const content = boxes.filter((b) => b.class === 'content');
  if (content.length > 1) {
    issues.push({
      rule: 'multiple_content_boxes',
      annotationIds: content.map((b) => b.id),
      detail: `there are ${content.length} content boxes; a page has at most one`,
    });
  }
  return issues;
}
