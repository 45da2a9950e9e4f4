/**
 * IoU of boxes `[x, y, w, h]` exactly as pycocotools' C `bbIou`: both areas from `w * h`, and for
 * a crowd ground truth the union is the detection's area alone.
 *
 * Writes `out[d * G + g]` for D detections (rows `dOff..dOff+D` of `dt`) against G ground truths.
 */
export function boxIou(
  dt: Float64Array,
  dOff: number,
  D: number,
  gt: Float64Array,
  gOff: number,
  G: number,
  crowd: Uint8Array,
  out: Float64Array,
): void {
  for (let g = 0; g < G; g++) {
    const gi = 4 * (gOff + g);
    const gx = gt[gi]!;
    const gy = gt[gi + 1]!;
    const gw = gt[gi + 2]!;
    const gh = gt[gi + 3]!;
    const ga = gw * gh;
    const isCrowd = crowd[gOff + g] === 1;
    for (let d = 0; d < D; d++) {
      const di = 4 * (dOff + d);
      const dx = dt[di]!;
      const dy = dt[di + 1]!;
      const dw = dt[di + 2]!;
      const dh = dt[di + 3]!;
      const da = dw * dh;
      out[d * G + g] = 0;
      const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
      if (w <= 0) continue;
      const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
      if (h <= 0) continue;
      const i = w * h;
      const u = isCrowd ? da : da + ga - i;
      out[d * G + g] = i / u;
    }
  }
}
