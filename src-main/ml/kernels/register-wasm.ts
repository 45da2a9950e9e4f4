import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulWasm } from './batch-matmul';
import { BN_KERNELS } from './bn-kernels';
import { conv2dWasm, fusedConv2dWasm } from './conv2d';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter';
import { conv2dBackpropInputWasm } from './conv2d-backprop-input';
import { identityWasm } from './identity';
import { captureStock } from './wasm-kernel-util';

/** The kernels this project registers on the wasm backend so that it can train. */
export const WASM_TRAINING_KERNELS = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'BatchMatMul',
  'Identity',
  'Conv2D',
  'FusedConv2D',
] as const;

let registered = false;

/**
 * Registers the training kernels the wasm backend lacks (Conv2DBackpropFilter) or runs slowly
 * (Conv2DBackpropInput, transposed BatchMatMul, the copying Identity, and Conv2D and FusedConv2D
 * where fused multiply-add runs). Idempotent; safe before or
 * after setBackend.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  const table: Record<(typeof WASM_TRAINING_KERNELS)[number], (args: never) => tf.TensorInfo> = {
    Conv2DBackpropFilter: conv2dBackpropFilterWasm,
    Conv2DBackpropInput: conv2dBackpropInputWasm,
    BatchMatMul: batchMatMulWasm,
    Identity: identityWasm,
    Conv2D: conv2dWasm,
    FusedConv2D: fusedConv2dWasm,
  };
  for (const name of WASM_TRAINING_KERNELS) {
    const setupFunc = captureStock(name);
    if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
    const kernelFunc = table[name] as unknown as tf.KernelFunc;
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc, setupFunc });
  }
  for (const k of BN_KERNELS) {
    if (!tf.getKernel(k.name, 'wasm')) {
      tf.registerKernel({ kernelName: k.name, backendName: 'wasm', kernelFunc: k.fn as unknown as tf.KernelFunc });
    }
  }
  registered = true;
}
