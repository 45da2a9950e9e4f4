import type * as tf from '@tensorflow/tfjs-core';
import { release, runStock, transpose, type KernelArgs } from './wasm-kernel-util';

/** Swaps the last two axes. */
function swapLast(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * BatchMatMul for the wasm backend: the stock kernel takes its XNNPACK path only without transpose
 * flags, so transposed operands are materialised first with the (fast) transpose kernel.
 * Inputs: a [..., M, K] (or [..., K, M] with transposeA), b [..., K, N] (or [..., N, K]).
 */
export function batchMatMulWasm({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const ta = attrs.transposeA === true;
  const tb = attrs.transposeB === true;
  if (!ta && !tb) return runStock(backend, 'BatchMatMul', { a, b }, attrs);
  const a2 = ta ? transpose(backend, a, swapLast(a.shape.length)) : a;
  const b2 = tb ? transpose(backend, b, swapLast(b.shape.length)) : b;
  const out = runStock(backend, 'BatchMatMul', { a: a2, b: b2 }, { ...attrs, transposeA: false, transposeB: false });
  if (ta) release(backend, a2);
  if (tb) release(backend, b2);
  return out;
}
