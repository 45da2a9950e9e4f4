/** AdamW hyper-parameters. */
export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Global gradient-norm clip (0: none). */
  clipNorm: number;
}

export const DEFAULT_ADAMW: AdamWConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05, clipNorm: 10 };

/** Optimiser state that a checkpoint stores and a resume restores exactly. */
export interface AdamWState {
  /** Updates applied so far (bias correction). */
  t: number;
  m: Float32Array;
  v: Float32Array;
}

export function newAdamWState(size: number): AdamWState {
  return { t: 0, m: new Float32Array(size), v: new Float32Array(size) };
}

/** L2 norm of a flat gradient; NaN or Infinity when it is not finite. */
export function gradNorm(g: Float32Array): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i]! * g[i]!;
  return Math.sqrt(s);
}

/**
 * One decoupled-weight-decay Adam update in place, in plain JavaScript over flat arrays (the
 * parameters live in one Float32Array shared with the replicas). One pass: with `index` the
 * trainable values are read from and written back to their places in the full array, so no
 * gathered copy is made; `norm` passes in the gradient norm when the caller has it already.
 * @param params parameters: the trainable values in spec order, or the full array with `index`
 * @param grads gradient of the trainable values, in spec order
 * @param decayMask 1 where weight decay applies (convolution kernels), else 0
 * @param at `index`: place in `params` of each trainable value; `norm`: the gradient's norm
 */
export function adamwStep(
  params: Float32Array,
  grads: Float32Array,
  state: AdamWState,
  decayMask: Uint8Array,
  lr: number,
  c: AdamWConfig,
  at?: { index?: Int32Array; norm?: number },
): void {
  const norm = c.clipNorm > 0 ? (at?.norm ?? gradNorm(grads)) : 0;
  const clip = c.clipNorm > 0 && norm > c.clipNorm ? c.clipNorm / norm : 1;
  state.t += 1;
  const { beta1, beta2, eps } = c;
  const bc1 = 1 - beta1 ** state.t;
  const bc2 = 1 - beta2 ** state.t;
  const { m, v } = state;
  const decay = lr * c.weightDecay;
  const index = at?.index;
  if (index && index.length !== grads.length) throw new Error('AdamW: index and gradient differ in length');
  const n = grads.length;
  for (let i = 0; i < n; i++) {
    const g = grads[i]! * clip;
    const mi = beta1 * m[i]! + (1 - beta1) * g;
    const vi = beta2 * v[i]! + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    const k = index ? index[i]! : i;
    let p = params[k]!;
    if (decayMask[i]) p -= decay * p;
    params[k] = p - (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + eps);
  }
}
