import { tf, type Tensor1D, type Tensor4D } from '../tf';
import { batchNormInfer, batchNormTrain, type BatchStats } from '../ops/batch-norm';
import { biasAdd } from '../ops/bias-add';
import { BN_EPS } from './config';
import type { ParamStore } from './params';

/** A convolution with batch norm folded in, for fast inference. */
export interface FoldedConv {
  /** [k, k, Cin, Cout] */
  w: Tensor4D;
  /** [Cout] */
  b: Tensor1D;
}

/** What a forward pass needs besides its input. */
export interface ForwardCtx {
  p: ParamStore;
  /** Batch statistics (training) or running statistics (inference). */
  training: boolean;
  /** Training: batch statistics of every batch norm, in call order, with their layer names. */
  stats: BatchStats[];
  statNames: string[];
  /** Inference with batch norm folded into the convolutions (see foldBatchNorms). */
  folded: Map<string, FoldedConv> | null;
}

export function makeCtx(p: ParamStore, training: boolean, folded: Map<string, FoldedConv> | null = null): ForwardCtx {
  return { p, training, stats: [], statNames: [], folded };
}

/** Registers a k×k convolution `name` (kernel `name.w`, optional bias `name.b`). */
export function addConv(p: ParamStore, name: string, k: number, cin: number, cout: number, bias = false): void {
  p.add(`${name}.w`, [k, k, cin, cout], { kind: 'he', fanIn: k * k * cin }, { decay: true });
  if (bias) p.add(`${name}.b`, [cout], { kind: 'const', value: 0 });
}

/** Registers batch norm `name`: gamma, beta and the running mean/variance buffers. */
export function addBn(p: ParamStore, name: string, c: number, gamma = 1): void {
  p.add(`${name}.gamma`, [c], { kind: 'const', value: gamma });
  p.add(`${name}.beta`, [c], { kind: 'const', value: 0 });
  p.add(`${name}.mean`, [c], { kind: 'const', value: 0 }, { trainable: false });
  p.add(`${name}.var`, [c], { kind: 'const', value: 1 }, { trainable: false });
}

/** Registers conv `name` followed by batch norm `name.bn`. */
export function addConvBn(p: ParamStore, name: string, k: number, cin: number, cout: number, gamma = 1): void {
  addConv(p, name, k, cin, cout);
  addBn(p, `${name}.bn`, cout, gamma);
}

/**
 * Convolution with 'same' padding.
 * @param x [N, H, W, Cin] @returns [N, ceil(H/stride), ceil(W/stride), Cout]
 */
export function conv(ctx: ForwardCtx, name: string, x: Tensor4D, stride: number, bias = false): Tensor4D {
  const w = ctx.p.get(`${name}.w`) as unknown as Tensor4D;
  const y = tf.conv2d(x, w, stride, 'same');
  return bias ? biasAdd(y, ctx.p.get(`${name}.b`) as unknown as Tensor1D) : y;
}

/** Batch norm `name` in training or inference mode, then ReLU if asked. @param x [N, H, W, C] */
export function bn(ctx: ForwardCtx, name: string, x: Tensor4D, relu = false): Tensor4D {
  const g = ctx.p.get(`${name}.gamma`) as unknown as Tensor1D;
  const b = ctx.p.get(`${name}.beta`) as unknown as Tensor1D;
  if (ctx.training) {
    const before = ctx.stats.length;
    const y = batchNormTrain(x, g, b, BN_EPS, ctx.stats, relu);
    if (ctx.stats.length > before) ctx.statNames.push(name);
    return y;
  }
  const m = ctx.p.get(`${name}.mean`) as unknown as Tensor1D;
  const v = ctx.p.get(`${name}.var`) as unknown as Tensor1D;
  const y = batchNormInfer(x, g, b, m, v, BN_EPS);
  return relu ? tf.relu(y) : y;
}

/**
 * conv → batch norm → optional ReLU; a single fused op when batch norm is folded.
 * @param x [N, H, W, Cin] @returns [N, H/stride, W/stride, Cout]
 */
export function convBn(ctx: ForwardCtx, name: string, x: Tensor4D, stride: number, relu = true): Tensor4D {
  return sharedConvBn(ctx, name, name, x, stride, relu);
}

/**
 * Like convBn, for a convolution `convName` whose batch norm `bnOwner.bn` is one of several
 * (a head-tower convolution shared across pyramid levels, each level with its own statistics).
 */
export function sharedConvBn(
  ctx: ForwardCtx,
  convName: string,
  bnOwner: string,
  x: Tensor4D,
  stride: number,
  relu = true,
): Tensor4D {
  const f = ctx.folded?.get(bnOwner);
  if (f) {
    return tf.fused.conv2d({
      x,
      filter: f.w,
      strides: stride,
      pad: 'same',
      bias: f.b,
      activation: relu ? 'relu' : 'linear',
    });
  }
  return bn(ctx, `${bnOwner}.bn`, conv(ctx, convName, x, stride), relu);
}

/**
 * Folds every conv + batch-norm pair (registered with addConvBn) into one convolution with bias,
 * using the running statistics. The caller disposes the returned tensors.
 */
export function foldBatchNorms(p: ParamStore): Map<string, FoldedConv> {
  const out = new Map<string, FoldedConv>();
  for (const s of p.specs) {
    if (!s.name.endsWith('.bn.gamma')) continue;
    const name = s.name.slice(0, -'.bn.gamma'.length);
    // A convolution shared by several batch norms (the head tower) owns them as `conv.pN.bn`.
    const convName = p.has(`${name}.w`) ? name : name.slice(0, name.lastIndexOf('.'));
    const folded = tf.tidy(() => {
      const g = p.get(`${name}.bn.gamma`);
      const scale = tf.mul(g, tf.rsqrt(tf.add(p.get(`${name}.bn.var`), BN_EPS)));
      const shift = tf.sub(p.get(`${name}.bn.beta`), tf.mul(p.get(`${name}.bn.mean`), scale));
      return { w: tf.mul<Tensor4D>(p.get(`${convName}.w`), scale), b: shift as Tensor1D };
    });
    out.set(name, folded);
  }
  return out;
}
