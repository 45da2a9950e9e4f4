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
  t: number;
  k: number;
  a: number;
  m: number;
  K: number;
}

interface Range {
  /** First and one-past-last position of the category in score order. */
  first: number;
  last: number;
  maxDet: number;
}

/** One (t, k, a, m) cell: cumulative TP/FP, precision made monotone, 101-point sampling. */
function fillCell(
  flags: Uint8Array,
  off: number,
  npig: number,
  order: ScoreOrder,
  range: Range,
  buf: { rc: Float64Array; pr: Float64Array; sc: Float64Array },
  out: Accumulated,
  c: Cell,
): void {
  const { rc, pr, sc } = buf;
  const { rank, score } = order;
  const all = range.maxDet >= MAX_DETS[M - 1]!;
  let tp = 0;
  let fp = 0;
  let nd = 0;
  for (let q = range.first; q < range.last; q++) {
    if (!all && rank[q]! >= range.maxDet) continue;
    const f = flags[off + q]!;
    if ((f & IGNORED) === 0) {
      if ((f & MATCHED) !== 0) tp++;
      else fp++;
    }
    rc[nd] = tp / npig;
    pr[nd] = tp / (fp + tp + EPS);
    sc[nd++] = score[q]!;
  }
  out.recall[((c.t * c.K + c.k) * A + c.a) * M + c.m] = nd ? rc[nd - 1]! : 0;
  for (let i = nd - 1; i > 0; i--) if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
  // np.searchsorted(rc, recThrs, side='left'); indices past the end leave 0 (pycocotools' try/except).
  let j = 0;
  for (let r = 0; r < R; r++) {
    const thr = RECS[r]!;
    while (j < nd && rc[j]! < thr) j++;
    const at = (((c.t * R + r) * c.K + c.k) * A + c.a) * M + c.m;
    out.precision[at] = j < nd ? pr[j]! : 0;
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
  const buf = { rc: new Float64Array(N), pr: new Float64Array(N), sc: new Float64Array(N) };
  for (let k = 0; k < K; k++) {
    if (match.present[k] !== 1) continue;
    for (let m = 0; m < M; m++) {
      const range: Range = { first: p.dtStart[k * p.I]!, last: p.dtStart[(k + 1) * p.I]!, maxDet: MAX_DETS[m]! };
      for (let a = 0; a < A; a++) {
        const npig = match.npig[k * A + a]!;
        if (npig === 0) continue;
        for (let t = 0; t < T; t++) {
          fillCell(match.flags, (a * T + t) * N, npig, order, range, buf, out, { t, k, a, m, K });
        }
      }
    }
  }
  return out;
}
