import type { AnnotationBoxInput } from '../../../src-main/shared/contract/annotations';

export const PAGE_W = 1000;
export const PAGE_H = 1300;

/** The k-th state the save loop writes: a different number of boxes at different places each time. */
export function boxesFor(k: number): AnnotationBoxInput[] {
  const n = 1 + (k % 23);
  return Array.from({ length: n }, (_v, i) => {
    const x = (k * 37 + i * 41) % (PAGE_W - 120);
    const y = (k * 53 + i * 29) % (PAGE_H - 40);
    return {
      class: i % 5 === 4 ? ('exemption_label' as const) : ('redaction' as const),
      box: [x, y, x + 100 + i, y + 20],
    };
  });
}

/** A comparable signature of stored boxes (class and rounded corners, in order of position). */
export function signature(boxes: { class: string; box: readonly number[] }[]): string {
  return boxes
    .map((b) => `${b.class}:${b.box.map((v) => Math.round(v)).join(',')}`)
    .sort()
    .join('|');
}
