import { accumulate, type Accumulated } from './coco-accumulate';
import { matchAll, type MatchResult } from './coco-match';
import { AREA_RNG, IOU_THRS, MAX_DETS, REC_THRS } from './coco-params';
import { prepareCoco, type PreparedCoco } from './coco-prepare';
import { scoreOrder, type ScoreOrder } from './coco-order';
import { summarizeStats, summaryLines, toSummary } from './coco-summarize';
import type {
  CocoCategoryResult,
  CocoDetection,
  CocoEvalOptions,
  CocoEvalResult,
  CocoGroundTruth,
  CocoImageResult,
} from './coco-types';

export * from './coco-types';
export { readDetections, readGroundTruth } from './coco-input';
export { IOU_THRS, REC_THRS, MAX_DETS, AREA_RNG, AREA_LABELS } from './coco-params';

function perCategory(gt: CocoGroundTruth, p: PreparedCoco, m: MatchResult, acc: Accumulated): CocoCategoryResult[] {
  const names = new Map(gt.categories.map((c) => [c.id, c.name ?? String(c.id)]));
  const A = AREA_RNG.length;
  return p.catIds.map((id, k) => {
    const s = summarizeStats(acc, p.K, k);
    return {
      categoryId: id,
      name: names.get(id) ?? String(id),
      AP: s[0]!,
      AP50: s[1]!,
      AP75: s[2]!,
      APs: s[3]!,
      APm: s[4]!,
      APl: s[5]!,
      AR100: s[8]!,
      numGt: m.npig[k * A]!,
      numDt: p.dtStart[(k + 1) * p.I]! - p.dtStart[k * p.I]!,
    };
  });
}

/** Counts at IoU 0.50, area "all", 100 detections per image and category, over all categories. */
function perImage(p: PreparedCoco, m: MatchResult, order: ScoreOrder): CocoImageResult[] {
  const out: CocoImageResult[] = p.imgIds.map((imageId) => ({ imageId, tp: 0, fp: 0, fn: 0, numGt: 0, numDt: 0 }));
  for (let k = 0; k < p.K; k++) {
    for (let i = 0; i < p.I; i++) {
      const g = k * p.I + i;
      const r = out[i]!;
      for (let j = p.dtStart[g]!; j < p.dtStart[g + 1]!; j++) {
        const f = m.flags[order.pos[j]! * IOU_THRS.length]!; // a = 0, t = 0
        r.numDt++;
        if (f & 2) continue;
        if (f & 1) r.tp++;
        else r.fp++;
      }
      for (let j = p.gtStart[g]!; j < p.gtStart[g + 1]!; j++) {
        if (m.gtIgnoreAll[j]) continue;
        r.numGt++;
        if (m.gtMatch50[j] === -1) r.fn++;
      }
    }
  }
  return out;
}

/** Input-indexed match arrays (see `CocoEvalResult.detMatch` / `gtMatch`). */
function inputMatches(p: PreparedCoco, m: MatchResult, order: ScoreOrder, nDet: number, nGt: number) {
  const detMatch = new Int32Array(nDet).fill(-2);
  const detBestIou = new Float64Array(nDet);
  const gtMatch = new Int32Array(nGt).fill(-2);
  for (let j = 0; j < p.dtSrc.length; j++) {
    const src = p.dtSrc[j]!;
    detBestIou[src] = m.dtBestIou[j]!;
    const f = m.flags[order.pos[j]! * IOU_THRS.length]!;
    const g = m.dtMatch50[j]!;
    if (f & 2) detMatch[src] = -2;
    else detMatch[src] = g >= 0 && f & 1 ? p.gtSrc[g]! : -1;
  }
  for (let j = 0; j < p.gtSrc.length; j++) {
    if (m.gtIgnoreAll[j]) continue;
    const d = m.gtMatch50[j]!;
    gtMatch[p.gtSrc[j]!] = d >= 0 ? p.dtSrc[d]! : -1;
  }
  return { detMatch, detBestIou, gtMatch };
}

/**
 * COCO bbox evaluation with pycocotools' exact semantics (`COCOeval(gt, dt, 'bbox')` then
 * `evaluate(); accumulate(); summarize()`): IoU .50:.05:.95, 101 recall points, maxDets 1/10/100,
 * area ranges on the ground truth's `area`, crowd regions, stable score sort.
 */
export function evaluateCoco(
  gt: CocoGroundTruth,
  dets: readonly CocoDetection[],
  opts: CocoEvalOptions = {},
): CocoEvalResult {
  const p = prepareCoco(gt, dets, opts);
  const order = scoreOrder(p);
  const m = matchAll(p, order);
  const acc = accumulate(p, m, order);
  const stats = summarizeStats(acc, p.K);
  return {
    stats,
    summary: toSummary(stats),
    lines: summaryLines(stats),
    counts: { T: IOU_THRS.length, R: REC_THRS.length, K: p.K, A: AREA_RNG.length, M: MAX_DETS.length },
    iouThrs: IOU_THRS,
    recThrs: REC_THRS,
    catIds: p.catIds,
    imgIds: p.imgIds,
    precision: acc.precision,
    recall: acc.recall,
    scores: acc.scores,
    perCategory: perCategory(gt, p, m, acc),
    perImage: perImage(p, m, order),
    ...inputMatches(p, m, order, dets.length, gt.annotations.length),
    warnings: p.warnings,
  };
}
