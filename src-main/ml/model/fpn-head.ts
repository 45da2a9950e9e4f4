import { tf, type Tensor2D, type Tensor4D } from '../tf';
import { upsample2x } from '../ops/upsample';
import { ARCHITECTURES, STRIDES, type BackboneSize } from './config';
import { addBn, addConv, conv, sharedConvBn, type ForwardCtx } from './layers';
import { headRows } from './losses';
import type { ParamStore } from './params';

/** Prior probability of a positive at start (RetinaNet/FCOS initialisation of the class bias). */
const PRIOR = 0.01;

/**
 * Feature pyramid (1×1 laterals, top-down nearest upsampling) and the shared head: a tower of
 * 3×3 conv-BN-ReLU layers (weights shared across levels, batch norm per level) and one 3×3
 * prediction conv giving C class logits, an IoU-quality logit and 4 box values per location.
 */
export function addFpnHead(p: ParamStore, size: BackboneSize, numClasses: number): void {
  const a = ARCHITECTURES[size];
  a.widths.forEach((c, i) => addConv(p, `fpn.lat${i}`, 1, c, a.fpn, true));
  for (let t = 0; t < a.tower; t++) {
    addConv(p, `head.t${t}`, 3, a.fpn, a.fpn);
    STRIDES.forEach((_, l) => addBn(p, `head.t${t}.p${l}.bn`, a.fpn));
  }
  const outC = headRows(numClasses);
  p.add('head.pred.w', [3, 3, a.fpn, outC], { kind: 'normal', std: 0.01 }, { decay: true });
  p.add('head.pred.b', [outC], { kind: 'const', value: 0 });
}

/** Starts the class logits at the prior and the box values at zero, in a flat weight array. */
export function setHeadBiasPrior(p: ParamStore, flat: Float32Array, numClasses: number): void {
  const off = p.offsetOf('head.pred.b');
  flat.fill(-Math.log((1 - PRIOR) / PRIOR), off, off + numClasses);
}

/**
 * @param feats [c3, c4, c5] from the backbone
 * @returns per level [N, H_l, W_l, C + 5]: C class logits, the quality logit, 4 box values
 */
export function fpnHead(ctx: ForwardCtx, size: BackboneSize, feats: Tensor4D[]): Tensor4D[] {
  const a = ARCHITECTURES[size];
  const lat = feats.map((f, i) => conv(ctx, `fpn.lat${i}`, f, 1, true));
  const pyr: Tensor4D[] = new Array<Tensor4D>(lat.length);
  pyr[lat.length - 1] = lat[lat.length - 1]!;
  for (let i = lat.length - 2; i >= 0; i--) pyr[i] = tf.add(lat[i]!, upsample2x(pyr[i + 1]!));
  return pyr.map((level, l) => {
    let t = level;
    for (let k = 0; k < a.tower; k++) t = sharedConvBn(ctx, `head.t${k}`, `head.t${k}.p${l}`, t, 1);
    return conv(ctx, 'head.pred', t, 1, true);
  });
}

/**
 * Flattens the level outputs for the loss, level-major over the whole batch (contiguous copies
 * only, then one transpose: splitting the last axis would be slow on wasm).
 * @param levels per level [N, H_l, W_l, C + 5]
 * @returns [C + 5, L], L = N * P, column order (level, image, row, column)
 */
export function flattenLevelMajor(levels: Tensor4D[]): Tensor2D {
  const flat = levels.map((y) => tf.reshape<tf.Rank.R2>(y, [-1, y.shape[3]]));
  return tf.transpose(tf.concat(flat, 0));
}
