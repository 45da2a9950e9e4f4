import { CLASSES, iou, type BoxClass } from '../shared/boxes';
import type { ConfusionDTO } from '../shared/contract/evaluation';
import { matchPage, type Labelled, type Scored } from './greedy-match';

type Row = BoxClass | 'background';
type Col = BoxClass | 'missed';

function emptyMatrix(): ConfusionDTO['matrix'] {
  const rows = [...CLASSES, 'background'] as Row[];
  const cols = [...CLASSES, 'missed'] as Col[];
  return Object.fromEntries(
    rows.map((r) => [r, Object.fromEntries(cols.map((c) => [c, 0]))]),
  ) as ConfusionDTO['matrix'];
}

/**
 * Detection confusion at IoU 0.50 for predictions scoring >= `threshold`: a ground truth matched by
 * its class is on the diagonal; an unmatched one overlapped (IoU >= 0.50) by an unmatched prediction
 * of another class is a class confusion; otherwise it is missed. Unmatched predictions left over
 * are background false positives.
 */
export function confusion(
  pages: readonly {
    gt: readonly (Labelled & { class: BoxClass })[];
    pred: readonly (Scored & { class: BoxClass })[];
  }[],
  threshold: number,
  iouThr = 0.5,
): ConfusionDTO {
  const matrix = emptyMatrix();
  let backgroundFp = 0;
  let missedGt = 0;
  let classConfusions = 0;
  for (const page of pages) {
    const pred = page.pred.filter((p) => p.score >= threshold);
    const m = matchPage(page.gt, pred, iouThr);
    const used = new Uint8Array(pred.length);
    page.gt.forEach((g, gi) => {
      if (m.gtPred[gi] !== -1) {
        matrix[g.class][g.class]++;
        return;
      }
      let best = -1;
      let bestIou = iouThr;
      pred.forEach((p, pi) => {
        if (m.predGt[pi] !== -1 || used[pi] || p.class === g.class) return;
        const v = iou(p.box, g.box);
        if (v >= bestIou) [best, bestIou] = [pi, v];
      });
      if (best >= 0) {
        used[best] = 1;
        matrix[g.class][pred[best]!.class]++;
        classConfusions++;
      } else {
        matrix[g.class].missed++;
        missedGt++;
      }
    });
    pred.forEach((p, pi) => {
      if (m.predGt[pi] !== -1 || used[pi]) return;
      matrix.background[p.class]++;
      backgroundFp++;
    });
  }
  return { threshold, labels: [...CLASSES], matrix, backgroundFp, missedGt, classConfusions };
}
