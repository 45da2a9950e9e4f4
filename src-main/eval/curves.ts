import type { BestThresholdDTO } from '../shared/contract/evaluation';

/** One prediction of a class: its score and whether it matched a ground truth (IoU 0.50). */
export interface ScoredOutcome {
  score: number;
  tp: boolean;
}

export interface PrCurve {
  recall: number[];
  precision: number[];
  score: number[];
}

export interface F1Curve {
  threshold: number[];
  f1: number[];
  precision: number[];
  recall: number[];
}

const MAX_PR_POINTS = 200;

function f1Of(tp: number, fp: number, numGt: number): number {
  const denom = 2 * tp + fp + (numGt - tp);
  return denom > 0 ? (2 * tp) / denom : 0;
}

/** Sorted by score (highest first) with cumulative TP / FP after each prediction. */
function cumulate(outcomes: readonly ScoredOutcome[]) {
  const sorted = [...outcomes].sort((a, b) => b.score - a.score);
  const tp = new Int32Array(sorted.length);
  const fp = new Int32Array(sorted.length);
  let t = 0;
  let f = 0;
  sorted.forEach((o, i) => {
    if (o.tp) t++;
    else f++;
    tp[i] = t;
    fp[i] = f;
  });
  return { sorted, tp, fp };
}

/** PR curve at each distinct score, precision made monotone from the right (as COCO), thinned. */
export function prCurve(outcomes: readonly ScoredOutcome[], numGt: number): PrCurve {
  const { sorted, tp, fp } = cumulate(outcomes);
  const pts: { r: number; p: number; s: number }[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i + 1 < sorted.length && sorted[i + 1]!.score === sorted[i]!.score) continue;
    pts.push({ r: numGt > 0 ? tp[i]! / numGt : 0, p: tp[i]! / (tp[i]! + fp[i]!), s: sorted[i]!.score });
  }
  for (let i = pts.length - 2; i >= 0; i--) pts[i]!.p = Math.max(pts[i]!.p, pts[i + 1]!.p);
  const step = Math.max(1, Math.ceil(pts.length / MAX_PR_POINTS));
  const kept = pts.filter((_, i) => i % step === 0 || i === pts.length - 1);
  return { recall: kept.map((x) => x.r), precision: kept.map((x) => x.p), score: kept.map((x) => x.s) };
}

/** F1 / precision / recall when keeping predictions with score >= t, for t = 0.00..1.00. */
export function f1Curve(outcomes: readonly ScoredOutcome[], numGt: number): F1Curve {
  const { sorted, tp, fp } = cumulate(outcomes);
  const out: F1Curve = { threshold: [], f1: [], precision: [], recall: [] };
  // n = number of predictions with score >= t; thresholds go from high to low so n only grows.
  let n = 0;
  for (let s = 100; s >= 0; s--) {
    const t = s / 100;
    while (n < sorted.length && sorted[n]!.score >= t) n++;
    const T = n ? tp[n - 1]! : 0;
    const F = n ? fp[n - 1]! : 0;
    out.threshold.push(t);
    out.f1.push(f1Of(T, F, numGt));
    out.precision.push(T + F > 0 ? T / (T + F) : 0);
    out.recall.push(numGt > 0 ? T / numGt : 0);
  }
  for (const k of ['threshold', 'f1', 'precision', 'recall'] as const) out[k].reverse();
  return out;
}

/** The score threshold (a prediction's own score) with the highest F1; ties pick the higher threshold. */
export function bestThreshold(outcomes: readonly ScoredOutcome[], numGt: number): BestThresholdDTO | null {
  if (numGt === 0 || outcomes.length === 0) return null;
  const { sorted, tp, fp } = cumulate(outcomes);
  let best: BestThresholdDTO | null = null;
  for (let i = 0; i < sorted.length; i++) {
    if (i + 1 < sorted.length && sorted[i + 1]!.score === sorted[i]!.score) continue;
    const f1 = f1Of(tp[i]!, fp[i]!, numGt);
    if (!best || f1 > best.f1) {
      best = { threshold: sorted[i]!.score, f1, precision: tp[i]! / (tp[i]! + fp[i]!), recall: tp[i]! / numGt };
    }
  }
  return best;
}
