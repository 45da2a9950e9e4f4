import type * as tf from '@tensorflow/tfjs-core';
import { runStock, type KernelArgs } from './wasm-kernel-util';

/**
 * Identity for the wasm backend that shares the input's data (reference counted), like the CPU
 * backend's, instead of copying it. Tensors are immutable, so sharing is safe; the stock copy
 * cost ~8% of a training step because the engine clones every tensor it saves for the backward
 * pass.
 */
export function identityWasm({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const x = inputs.x!;
  if (x.dtype === 'string') return runStock(backend, 'Identity', { x });
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
