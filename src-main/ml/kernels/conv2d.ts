import * as tf from '@tensorflow/tfjs-core';
import { fmaPanels } from './fma-panel';
import { fmaConv2d, fmaConvOk, type ConvGeometry } from './fma-ops';
import { runStock, type KernelArgs } from './wasm-kernel-util';

/**
 * Conv2D for the wasm backend: the FMA direct convolution (fma-ops) where relaxed SIMD runs and
 * the shape suits it (NHWC, no dilation, Cin a multiple of 4, Cout of 8), else the stock XNNPACK
 * kernel. The backward input pass (conv2d-backprop-input) is built from this kernel too.
 * Inputs: x [N, H, W, Cin], filter [kh, kw, Cin, Cout]. Output: [N, Ho, Wo, Cout].
 */
export function conv2dWasm(args: KernelArgs): tf.TensorInfo {
  const { inputs, attrs, backend } = args;
  const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const panels = fmaPanels(backend);
  const dil = attrs.dilations as number | [number, number] | undefined;
  const dilated = dil !== undefined && (Array.isArray(dil) ? dil[0] !== 1 || dil[1] !== 1 : dil !== 1);
  if (panels && attrs.dataFormat !== 'NCHW' && !dilated && x.dtype === 'float32') {
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides as number | [number, number],
      1,
      attrs.pad as 'same',
      attrs.dimRoundingMode as 'floor' | undefined,
    );
    const g: ConvGeometry = {
      n: info.batchSize,
      h: info.inHeight,
      w: info.inWidth,
      cin: info.inChannels,
      kh: info.filterHeight,
      kw: info.filterWidth,
      ho: info.outHeight,
      wo: info.outWidth,
      cout: info.outChannels,
      sh: info.strideHeight,
      sw: info.strideWidth,
      pt: info.padInfo.top,
      pl: info.padInfo.left,
    };
    if (fmaConvOk(g)) return fmaConv2d(backend, panels, x, filter, g);
  }
  return runStock(backend, 'Conv2D', inputs, attrs);
}
