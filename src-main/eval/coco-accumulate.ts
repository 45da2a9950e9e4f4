import { AREA_RNG, EPS as NP_SPACING_1, IOU_THRS, MAX_DETS, REC_THRS } from './coco-params';
import type { PreparedCoco } from './coco-prepare';
import { IGNORED as IGNORED_FLAG, MATCHED as MATCHED_FLAG, type MatchResult } from './coco-match';
import type { ScoreOrder } from './coco-order';

/** pycocotools' `eval` arrays, row-major in its dimension order. */
export interface Accumulated {
  /** [T, R, K, A, M] */
  precision: Float64Array;
  /** [T, K, A, M] */
  recall: Float64Array;
  /** [T, R, K, A, M] */
  scores: Float64Array;
}

const T = IOU_THRS.length;
const R = REC_THRS.length;
const A = AREA_RNG.length;
const M = MAX_DETS.length;
// Local copies: imported bindings are getter calls when modules are loaded one by one (tsx, vitest).
const EPS = NP_SPACING_1;
const MATCHED = MATCHED_FLAG;
const IGNORED = IGNORED_FLAG;
const RECS = Float64Array.from(REC_THRS);

interface Cell {
  k: number;
  a: number;
  m: number;
  K: number;
}

interface Buffers {
  /** [T, cap]: recall and precision after each kept detection, per IoU threshold */
  rc: Float64Array;
  pr: Float64Array;
  /** [cap]: score of each kept detection */
  sc: Float64Array;
  cap: number;
  tp: Float64Array;
  fp: Float64Array;
}

/**
 * Cumulative TP / FP of the detections kept for maxDet, at all T thresholds in one pass over the
 * score order (flags of one detection are contiguous). Returns the number kept (pycocotools' nd).
 */
function cumulate(
  flags: Uint8Array,
  order: ScoreOrder,
  first: number,
  last: number,
  a: number,
  N: number,
  maxDet: number,
  npig: number,
  b: Buffers,
): number {
  const { rank, score } = order;
  const { rc, pr, sc, cap, tp, fp } = b;
  const all = maxDet >= MAX_DETS[M - 1]!;
  tp.fill(0);
  fp.fill(0);
  let nd = 0;
  for (let q = first; q < last; q++) {
    if (!all && rank[q]! >= maxDet) continue;
    const base = (a * N + q) * T;
    for (let t = 0; t < T; t++) {
      const f = flags[base + t]!;
      if ((f & IGNORED) === 0) {
        if ((f & MATCHED) !== 0) tp[t]!++;
        else fp[t]!++;
      }
      const x = tp[t]!;
      rc[t * cap + nd] = x / npig;
      pr[t * cap + nd] = x / (fp[t]! + x + EPS);
    }
    sc[nd++] = score[q]!;
  }
  return nd;
}

/** Precision made monotone from the right and sampled at the 101 recall thresholds, for one t. */
function sample(t: number, nd: number, b: Buffers, out: Accumulated, c: Cell): void {
  const off = t * b.cap;
  const { rc, pr, sc } = b;
  out.recall[((t * c.K + c.k) * A + c.a) * M + c.m] = nd ? rc[off + nd - 1]! : 0;
  for (let i = nd - 1; i > 0; i--) if (pr[off + i]! > pr[off + i - 1]!) pr[off + i - 1] = pr[off + i]!;
  // np.searchsorted(rc, recThrs, side='left'); indices past the end leave 0 (pycocotools' try/except).
  let j = 0;
  for (let r = 0; r < R; r++) {
    const thr = RECS[r]!;
    while (j < nd && rc[off + j]! < thr) j++;
    const at = (((t * R + r) * c.K + c.k) * A + c.a) * M + c.m;
    out.precision[at] = j < nd ? pr[off + j]! : 0;
    out.scores[at] = j < nd ? sc[j]! : 0;
  }
}

/** pycocotools' `accumulate()` over the matched groups. */
export function accumulate(p: PreparedCoco, match: MatchResult, order: ScoreOrder): Accumulated {
  const K = p.K;
  const out: Accumulated = {
    precision: new Float64Array(T * R * K * A * M).fill(-1),
    recall: new Float64Array(T * K * A * M).fill(-1),
    scores: new Float64Array(T * R * K * A * M).fill(-1),
  };
  const N = p.dtScore.length;
  let cap = 1;
  for (let k = 0; k < K; k++) cap = Math.max(cap, p.dtStart[(k + 1) * p.I]! - p.dtStart[k * p.I]!);
  const buf: Buffers = {
    rc: new Float64Array(T * cap),
    pr: new Float64Array(T * cap),
    sc: new Float64Array(cap),
    cap,
    tp: new Float64Array(T),
    fp: new Float64Array(T),
  };
  for (let k = 0; k < K; k++) {
    if (match.present[k] !== 1) continue;
    const first = p.dtStart[k * p.I]!;
    const last = p.dtStart[(k + 1) * p.I]!;
    for (let m = 0; m < M; m++) {
      for (let a = 0; a < A; a++) {
        const npig = match.npig[k * A + a]!;
        if (npig === 0) continue;
        const nd = cumulate(match.flags, order, first, last, a, N, MAX_DETS[m]!, npig, buf);
        for (let t = 0; t < T; t++) sample(t, nd, buf, out, { k, a, m, K });
      }
    }
  }
  return out;
}
