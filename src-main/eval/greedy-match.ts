import { iou, type Box } from '../shared/boxes';

export interface Labelled {
  class: string;
  box: Box;
}

export interface Scored extends Labelled {
  score: number;
}

/** Same-class greedy matching of one page, as COCO does per class (no 100-box cap, no crowd). */
export interface PageMatch {
  /** pred index -> matched gt index, or -1 */
  predGt: Int32Array;
  /** gt index -> matched pred index, or -1 */
  gtPred: Int32Array;
  /** pred index -> best IoU with a ground truth of any class */
  predBestIou: Float64Array;
  /** gt index -> best IoU with a prediction of any class */
  gtBestIou: Float64Array;
}

/** Prediction indices by score, highest first; ties keep input order. */
export function byScore(pred: readonly Scored[]): number[] {
  return pred.map((_, i) => i).sort((a, b) => pred[b]!.score - pred[a]!.score || a - b);
}

/**
 * Matches predictions (highest score first) to unmatched ground truth of the same class with the
 * highest IoU >= `iouThr` (ties go to the later box, as pycocotools). Because the order is by score,
 * the matches of predictions above any threshold are the same as when only those are matched.
 */
export function matchPage(gt: readonly Labelled[], pred: readonly Scored[], iouThr = 0.5): PageMatch {
  const G = gt.length;
  const P = pred.length;
  const ious = new Float64Array(P * G);
  const out: PageMatch = {
    predGt: new Int32Array(P).fill(-1),
    gtPred: new Int32Array(G).fill(-1),
    predBestIou: new Float64Array(P),
    gtBestIou: new Float64Array(G),
  };
  for (let p = 0; p < P; p++) {
    for (let g = 0; g < G; g++) {
      const v = iou(pred[p]!.box, gt[g]!.box);
      ious[p * G + g] = v;
      if (v > out.predBestIou[p]!) out.predBestIou[p] = v;
      if (v > out.gtBestIou[g]!) out.gtBestIou[g] = v;
    }
  }
  for (const p of byScore(pred)) {
    let best = Math.min(iouThr, 1 - 1e-10);
    let m = -1;
    for (let g = 0; g < G; g++) {
      if (out.gtPred[g] !== -1 || gt[g]!.class !== pred[p]!.class) continue;
      const v = ious[p * G + g]!;
      if (v < best) continue;
      best = v;
      m = g;
    }
    if (m === -1) continue;
    out.predGt[p] = m;
    out.gtPred[m] = p;
  }
  return out;
}
