import { AREA_RNG, IOU_CAP, IOU_THRS } from './coco-params';
import type { PreparedCoco } from './coco-prepare';
import { boxIou } from './coco-iou';
import type { ScoreOrder } from './coco-order';

/** Bit 1 of a detection's flag: matched (to a ground truth whose id is not 0). Bit 2: ignored. */
export const MATCHED = 1;
export const IGNORED = 2;

/**
 * pycocotools' `evaluateImg` for every (category, image, area range), kept in typed arrays.
 * `flags[(a * N + pos[j]) * T + t]` for detection row j (N rows in all, `pos` from `scoreOrder`)
 * says matched / ignored, laid out in accumulation order;
 * `npig[k * A + a]` counts the ground truth that is not ignored; `present[k]` says whether the
 * category has any ground truth or detection (pycocotools' "E is empty" skip).
 */
export interface MatchResult {
  flags: Uint8Array;
  npig: Int32Array;
  present: Uint8Array;
  /** Detection row -> ground-truth row matched at IoU 0.50, area "all" (-1 none). */
  dtMatch50: Int32Array;
  /** Ground-truth row -> detection row matched at IoU 0.50, area "all" (-1 none). */
  gtMatch50: Int32Array;
  /** Ground-truth row ignored for area "all" (crowd). */
  gtIgnoreAll: Uint8Array;
  /** Detection row -> best IoU with a ground truth of its group. */
  dtBestIou: Float64Array;
}

/** Scratch buffers reused across groups. */
class Scratch {
  ious = new Float64Array(0);
  ig = new Uint8Array(0);
  order = new Int32Array(0);
  taken = new Uint8Array(0);
  ensure(D: number, G: number): void {
    if (this.ious.length < D * G) this.ious = new Float64Array(D * G);
    if (this.ig.length < G) {
      this.ig = new Uint8Array(G);
      this.order = new Int32Array(G);
      this.taken = new Uint8Array(G);
    }
  }
}

interface Group {
  g0: number;
  G: number;
  d0: number;
  D: number;
}

/** gt `_ignore` flags for one area range and the stable order "not ignored first". */
function orderGt(p: PreparedCoco, grp: Group, lo: number, hi: number, s: Scratch): void {
  let n = 0;
  for (let g = 0; g < grp.G; g++) {
    const area = p.gtArea[grp.g0 + g]!;
    s.ig[g] = p.gtIgnore[grp.g0 + g] === 1 || area < lo || area > hi ? 1 : 0;
    if (s.ig[g] === 0) s.order[n++] = g;
  }
  for (let g = 0; g < grp.G; g++) if (s.ig[g] === 1) s.order[n++] = g;
}

const T = IOU_THRS.length;
const THRS = Float64Array.from(IOU_THRS, (t) => Math.min(t, IOU_CAP));

/** Greedy matching at every IoU threshold for one area range: writes flags and, at t=0/a=0, the matches. */
function matchArea(p: PreparedCoco, pos: Int32Array, grp: Group, a: number, s: Scratch, out: MatchResult): void {
  const { G, D, g0, d0 } = grp;
  const N = p.dtScore.length;
  const [lo, hi] = AREA_RNG[a]!;
  const { ious, order, taken, ig } = s;
  const crowd = p.gtCrowd;
  const flags = out.flags;
  for (let t = 0; t < T; t++) {
    const base = a * N;
    taken.fill(0, 0, G);
    for (let d = 0; d < D; d++) {
      let iou = THRS[t]!;
      let m = -1;
      const row = d * G;
      for (let oi = 0; oi < G; oi++) {
        const g = order[oi]!;
        if (taken[g] === 1 && crowd[g0 + g] !== 1) continue;
        if (m > -1 && ig[m] === 0 && ig[g] === 1) break;
        const v = ious[row + g]!;
        if (v < iou) continue;
        iou = v;
        m = g;
      }
      let flag = 0;
      if (m !== -1) {
        taken[m] = 1;
        if (p.gtIdZero[g0 + m] !== 1) flag |= MATCHED;
        if (ig[m] === 1) flag |= IGNORED;
        if (t === 0 && a === 0) {
          out.dtMatch50[d0 + d] = g0 + m;
          out.gtMatch50[g0 + m] = d0 + d;
        }
      }
      const area = p.dtArea[d0 + d]!;
      if ((flag & MATCHED) === 0 && (area < lo || area > hi)) flag |= IGNORED;
      flags[(base + pos[d0 + d]!) * T + t] = flag;
    }
  }
}

function bestIous(grp: Group, s: Scratch, out: MatchResult): void {
  for (let d = 0; d < grp.D; d++) {
    let best = 0;
    for (let g = 0; g < grp.G; g++) best = Math.max(best, s.ious[d * grp.G + g]!);
    out.dtBestIou[grp.d0 + d] = best;
  }
}

/** Runs the matching of every group; O(sum over groups of A * T * D * G). */
export function matchAll(p: PreparedCoco, order: ScoreOrder): MatchResult {
  const N = p.dtScore.length;
  const T = IOU_THRS.length;
  const A = AREA_RNG.length;
  const out: MatchResult = {
    flags: new Uint8Array(A * T * N),
    npig: new Int32Array(p.K * A),
    present: new Uint8Array(p.K),
    dtMatch50: new Int32Array(N).fill(-1),
    gtMatch50: new Int32Array(p.gtSrc.length).fill(-1),
    gtIgnoreAll: new Uint8Array(p.gtSrc.length),
    dtBestIou: new Float64Array(N),
  };
  const s = new Scratch();
  for (let k = 0; k < p.K; k++) {
    for (let i = 0; i < p.I; i++) {
      const gi = k * p.I + i;
      const grp: Group = {
        g0: p.gtStart[gi]!,
        G: p.gtStart[gi + 1]! - p.gtStart[gi]!,
        d0: p.dtStart[gi]!,
        D: p.dtStart[gi + 1]! - p.dtStart[gi]!,
      };
      if (grp.G === 0 && grp.D === 0) continue;
      out.present[k] = 1;
      matchGroup(p, order.pos, grp, k, s, out);
    }
  }
  return out;
}

function matchGroup(p: PreparedCoco, pos: Int32Array, grp: Group, k: number, s: Scratch, out: MatchResult): void {
  const hasIou = grp.G > 0 && grp.D > 0;
  s.ensure(grp.D, grp.G);
  if (hasIou) {
    boxIou(p.dtBox, grp.d0, grp.D, p.gtBox, grp.g0, grp.G, p.gtCrowd, s.ious);
    bestIous(grp, s, out);
  }
  for (let a = 0; a < AREA_RNG.length; a++) {
    const [lo, hi] = AREA_RNG[a]!;
    orderGt(p, grp, lo, hi, s);
    for (let g = 0; g < grp.G; g++) {
      if (s.ig[g] === 0) out.npig[k * AREA_RNG.length + a]!++;
      else if (a === 0) out.gtIgnoreAll[grp.g0 + g] = 1;
    }
    // pycocotools skips matching when the IoU list is empty (no gt or no dt).
    const matchGrp = hasIou ? grp : { ...grp, G: 0 };
    matchArea(p, pos, matchGrp, a, s, out);
  }
}
