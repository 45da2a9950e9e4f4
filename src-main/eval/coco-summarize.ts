import { AREA_LABELS, AREA_RNG, IOU_THRS, MAX_DETS, REC_THRS } from './coco-params';
import type { Accumulated } from './coco-accumulate';
import { SUMMARY_KEYS, type CocoSummary } from './coco-types';

const T = IOU_THRS.length;
const R = REC_THRS.length;
const A = AREA_RNG.length;
const M = MAX_DETS.length;

/** numpy's pairwise summation of float64 (8 accumulators, blocks of 128), as `np.add.reduce` does. */
function pairwise(a: number[], lo: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[lo + i]!;
    return s;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[lo + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[lo + i + j]!;
    let s = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) s += a[lo + i]!;
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, lo, n2) + pairwise(a, lo + n2, n - n2);
}

/** `np.mean` of a 1-D float64 array: the identity 0 plus the pairwise sum of all values, over n. */
export function npMean(values: number[]): number {
  if (values.length === 0) return NaN;
  return (0 + pairwise(values, 0, values.length)) / values.length;
}

export interface SummarizeSpec {
  ap: boolean;
  /** Index into IOU_THRS, or null for all. */
  t: number | null;
  area: number;
  maxDet: number;
  /** Restrict to one category index (per-category results); null for all. */
  k?: number | null;
}

/** pycocotools' `_summarize`: mean of the entries > -1, or -1 when there are none. */
export function summarizeOne(acc: Accumulated, K: number, spec: SummarizeSpec): number {
  const m = spec.maxDet;
  const a = spec.area;
  const ts = spec.t === null ? [...Array(T).keys()] : [spec.t];
  const ks = spec.k === null || spec.k === undefined ? [...Array(K).keys()] : [spec.k];
  const vals: number[] = [];
  for (const t of ts) {
    if (spec.ap) {
      for (let r = 0; r < R; r++) {
        for (const k of ks) {
          const v = acc.precision[(((t * R + r) * K + k) * A + a) * M + m]!;
          if (v > -1) vals.push(v);
        }
      }
    } else {
      for (const k of ks) {
        const v = acc.recall[((t * K + k) * A + a) * M + m]!;
        if (v > -1) vals.push(v);
      }
    }
  }
  return vals.length === 0 ? -1 : npMean(vals);
}

const T50 = IOU_THRS.indexOf(0.5);
const T75 = IOU_THRS.indexOf(0.75);

/** The 12 settings of pycocotools' `_summarizeDets`, in order. */
export const SUMMARY_SPECS: readonly SummarizeSpec[] = [
  { ap: true, t: null, area: 0, maxDet: 2 },
  { ap: true, t: T50, area: 0, maxDet: 2 },
  { ap: true, t: T75, area: 0, maxDet: 2 },
  { ap: true, t: null, area: 1, maxDet: 2 },
  { ap: true, t: null, area: 2, maxDet: 2 },
  { ap: true, t: null, area: 3, maxDet: 2 },
  { ap: false, t: null, area: 0, maxDet: 0 },
  { ap: false, t: null, area: 0, maxDet: 1 },
  { ap: false, t: null, area: 0, maxDet: 2 },
  { ap: false, t: null, area: 1, maxDet: 2 },
  { ap: false, t: null, area: 2, maxDet: 2 },
  { ap: false, t: null, area: 3, maxDet: 2 },
];

export function summarizeStats(acc: Accumulated, K: number, k: number | null = null): number[] {
  return SUMMARY_SPECS.map((s) => summarizeOne(acc, K, { ...s, k }));
}

export function toSummary(stats: readonly number[]): CocoSummary {
  const out = {} as CocoSummary;
  SUMMARY_KEYS.forEach((key, i) => (out[key] = stats[i] ?? -1));
  return out;
}

/** Python's `'{:0.3f}'.format(x)`: rounds the exact binary value, ties to even (JS toFixed ties up). */
export function pyFixed3(x: number): string {
  const tie = Number.isInteger(x * 16) && !Number.isInteger(x * 8) && Math.abs(x) < 1e6;
  if (!tie) return x.toFixed(3);
  const lo = Math.floor(x * 1000);
  const n = lo % 2 === 0 ? lo : lo + 1;
  return (n / 1000).toFixed(3);
}

function pad(s: string, w: number, right: boolean): string {
  return right ? s.padStart(w) : s.padEnd(w);
}

/** The lines pycocotools' `summarize()` prints, with the same widths. */
export function summaryLines(stats: readonly number[]): string[] {
  const fmt2 = (v: number): string => v.toFixed(2);
  return SUMMARY_SPECS.map((s, i) => {
    const title = s.ap ? 'Average Precision' : 'Average Recall';
    const type = s.ap ? '(AP)' : '(AR)';
    const iou = s.t === null ? `${fmt2(IOU_THRS[0]!)}:${fmt2(IOU_THRS[T - 1]!)}` : fmt2(IOU_THRS[s.t]!);
    const area = AREA_LABELS[s.area]!;
    const md = String(MAX_DETS[s.maxDet]!);
    return ` ${pad(title, 18, false)} ${type} @[ IoU=${pad(iou, 9, false)} | area=${pad(area, 6, true)} | maxDets=${pad(md, 3, true)} ] = ${pyFixed3(stats[i]!)}`;
  });
}
