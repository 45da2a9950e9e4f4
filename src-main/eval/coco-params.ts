/**
 * pycocotools' default bbox parameters, computed with the same float math as `np.linspace`
 * (`i * step + start`, last value set to `stop`) so that thresholds compare equal bit for bit.
 */

/** `np.linspace(start, stop, num, endpoint=True)` for float64. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const step = (stop - start) / div;
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** .50:.05:.95, T = 10 */
export const IOU_THRS = linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1);
/** 0:.01:1, R = 101 */
export const REC_THRS = linspace(0.0, 1.0, Math.round((1.0 - 0.0) / 0.01) + 1);
export const MAX_DETS = [1, 10, 100] as const;
/** [lo, hi] inclusive on the ground truth's `area`: all, small, medium, large. */
export const AREA_RNG: readonly (readonly [number, number])[] = [
  [0 ** 2, 1e5 ** 2],
  [0 ** 2, 32 ** 2],
  [32 ** 2, 96 ** 2],
  [96 ** 2, 1e5 ** 2],
];
export const AREA_LABELS = ['all', 'small', 'medium', 'large'] as const;
export type AreaLabel = (typeof AREA_LABELS)[number];

/** `np.spacing(1)`: the gap between 1 and the next double. */
export const EPS = 2.220446049250313e-16;
/** pycocotools caps the IoU a match needs at `1 - 1e-10`. */
export const IOU_CAP = 1 - 1e-10;
