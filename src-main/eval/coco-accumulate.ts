import { AREA_RNG, EPS, IOU_THRS, MAX_DETS, REC_THRS } from './coco-params';
import type { PreparedCoco } from './coco-prepare';
import { IGNORED, MATCHED, type MatchResult } from './coco-match';

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

/**
 * Detection rows of category k in the order of pycocotools' concatenation + mergesort: by score
 * descending, ties by image order then rank in the image. Also returns each row's rank in its image.
 */
function categoryOrder(p: PreparedCoco, k: number): { rows: Int32Array; rank: Uint8Array } {
  const first = p.dtStart[k * p.I]!;
  const last = p.dtStart[(k + 1) * p.I]!;
  const rows = new Int32Array(last - first);
  const rank = new Uint8Array(last - first);
  for (let i = 0; i < p.I; i++) {
    const s = p.dtStart[k * p.I + i]!;
    const e = p.dtStart[k * p.I + i + 1]!;
    for (let j = s; j < e; j++) rank[j - first] = j - s;
  }
  for (let j = 0; j < rows.length; j++) rows[j] = first + j;
  const sc = p.dtScore;
  // Rows are already in concatenation order, so breaking ties by row index is the stable sort.
  rows.sort((a, b) => (sc[b]! > sc[a]! ? 1 : sc[b]! < sc[a]! ? -1 : a - b));
  const ranks = new Uint8Array(rows.length);
  for (let j = 0; j < rows.length; j++) ranks[j] = rank[rows[j]! - first]!;
  return { rows, rank: ranks };
}

interface Buffers {
  rc: Float64Array;
  pr: Float64Array;
}

/** One (t, k, a, m) cell: cumulative TP/FP, monotone precision, 101-point sampling. */
function fillCell(
  list: Int32Array,
  flags: Uint8Array,
  off: number,
  npig: number,
  scores: Float64Array,
  buf: Buffers,
  out: Accumulated,
  at: { t: number; k: number; a: number; m: number; K: number },
): void {
  const nd = list.length;
  const { rc, pr } = buf;
  let tp = 0;
  let fp = 0;
  for (let j = 0; j < nd; j++) {
    const f = flags[off + list[j]!]!;
    if ((f & IGNORED) === 0) {
      if ((f & MATCHED) !== 0) tp++;
      else fp++;
    }
    rc[j] = tp / npig;
    pr[j] = tp / (fp + tp + EPS);
  }
  const { t, k, a, m, K } = at;
  out.recall[((t * K + k) * A + a) * M + m] = nd ? rc[nd - 1]! : 0;
  for (let i = nd - 1; i > 0; i--) if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
  // np.searchsorted(rc, recThrs, side='left'); indices past the end leave 0 (pycocotools' try/except).
  let j = 0;
  for (let r = 0; r < R; r++) {
    const thr = REC_THRS[r]!;
    while (j < nd && rc[j]! < thr) j++;
    const at5 = (((t * R + r) * K + k) * A + a) * M + m;
    out.precision[at5] = j < nd ? pr[j]! : 0;
    out.scores[at5] = j < nd ? scores[list[j]!]! : 0;
  }
}

/** pycocotools' `accumulate()` over the matched groups. */
export function accumulate(p: PreparedCoco, match: MatchResult): Accumulated {
  const K = p.K;
  const out: Accumulated = {
    precision: new Float64Array(T * R * K * A * M).fill(-1),
    recall: new Float64Array(T * K * A * M).fill(-1),
    scores: new Float64Array(T * R * K * A * M).fill(-1),
  };
  const N = p.dtScore.length;
  const buf: Buffers = { rc: new Float64Array(N), pr: new Float64Array(N) };
  for (let k = 0; k < K; k++) {
    if (match.present[k] !== 1) continue;
    const { rows, rank } = categoryOrder(p, k);
    for (let m = 0; m < M; m++) {
      const maxDet = MAX_DETS[m]!;
      const list = maxDet >= 100 ? rows : rows.filter((_, j) => rank[j]! < maxDet);
      for (let a = 0; a < A; a++) {
        const npig = match.npig[k * A + a]!;
        if (npig === 0) continue;
        for (let t = 0; t < T; t++) {
          fillCell(list, match.flags, (a * T + t) * N, npig, p.dtScore, buf, out, { t, k, a, m, K });
        }
      }
    }
  }
  return out;
}
