import { tf, type Tensor4D } from '../tf';
import { ARCHITECTURES, type BackboneSize } from './config';
import { addConvBn, convBn, type ForwardCtx } from './layers';
import type { ParamStore } from './params';

/**
 * The backbone: a 4×4 stride-4 patch stem (no full-resolution feature map, which on a CPU costs
 * more in element-wise work than in convolutions), then three stages at strides 8, 16 and 32,
 * each a stride-2 3×3 conv-BN-ReLU followed by single-conv residual units.
 */
export function addBackbone(p: ParamStore, size: BackboneSize): void {
  const a = ARCHITECTURES[size];
  addConvBn(p, 'stem', 4, 3, a.stem);
  for (let u = 0; u < a.stemUnits; u++) addConvBn(p, `stem.u${u}`, 3, a.stem, a.stem, 0);
  let cin = a.stem;
  a.widths.forEach((c, i) => {
    addConvBn(p, `s${i}.down`, 3, cin, c);
    for (let u = 0; u < a.units[i]!; u++) addConvBn(p, `s${i}.u${u}`, 3, c, c, 0);
    cin = c;
  });
}

/** relu(x + BN(conv(x))): identity at start (zero-initialised gamma). @param x [N, H, W, C] */
function residual(ctx: ForwardCtx, name: string, x: Tensor4D): Tensor4D {
  return tf.relu(tf.add<Tensor4D>(x, convBn(ctx, name, x, 1, false)));
}

/**
 * @param x [N, S, S, 3] normalised image
 * @returns features [c3 [N, S/8, S/8, w0], c4 [N, S/16, S/16, w1], c5 [N, S/32, S/32, w2]]
 */
export function backbone(ctx: ForwardCtx, size: BackboneSize, x: Tensor4D): Tensor4D[] {
  const a = ARCHITECTURES[size];
  let h = convBn(ctx, 'stem', x, 4);
  for (let u = 0; u < a.stemUnits; u++) h = residual(ctx, `stem.u${u}`, h);
  const feats: Tensor4D[] = [];
  a.widths.forEach((_, i) => {
    h = convBn(ctx, `s${i}.down`, h, 2);
    for (let u = 0; u < a.units[i]!; u++) h = residual(ctx, `s${i}.u${u}`, h);
    feats.push(h);
  });
  return feats;
}
