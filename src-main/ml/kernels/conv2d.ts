import * as tf from '@tensorflow/tfjs-core';
import { fmaPanels } from './fma-panel';
import { convGeometry, fmaConv2d, fmaConvOk } from './fma-ops';
import { convInfoOf, runStock, type KernelArgs } from './wasm-kernel-util';

/**
 * The FMA direct convolution (fma-ops) of a Conv2D or FusedConv2D call, or null where it does not
 * apply (no relaxed SIMD, NCHW, dilation, other dtypes, Cout not a multiple of 8).
 */
function fmaConv(
  { inputs, attrs, backend }: KernelArgs,
  epilogue: { bias: tf.TensorInfo | null; relu: boolean },
): tf.TensorInfo | null {
  const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const panels = fmaPanels(backend);
  const dil = attrs.dilations as number | [number, number] | undefined;
  const dilated = dil !== undefined && (Array.isArray(dil) ? dil[0] !== 1 || dil[1] !== 1 : dil !== 1);
  if (!panels || attrs.dataFormat === 'NCHW' || dilated || x.dtype !== 'float32') return null;
  const g = convGeometry(convInfoOf(x.shape, filter.shape, attrs));
  const b = epilogue.bias;
  if (b && (b.shape.length !== 1 || b.shape[0] !== g.cout || b.dtype !== 'float32')) return null;
  return fmaConvOk(g) ? fmaConv2d(backend, panels, x, filter, g, epilogue) : null;
}

/**
 * Conv2D for the wasm backend: the FMA direct convolution where relaxed SIMD runs and the shape
 * suits it, else the stock XNNPACK kernel. The input gradient (conv2d-backprop-input) is built
 * from this kernel too.
 * Inputs: x [N, H, W, Cin], filter [kh, kw, Cin, Cout]. Output: [N, Ho, Wo, Cout].
 */
export function conv2dWasm(args: KernelArgs): tf.TensorInfo {
  return fmaConv(args, { bias: null, relu: false }) ?? runStock(args.backend, 'Conv2D', args.inputs, args.attrs);
}

/**
 * FusedConv2D (inference with batch norm folded in): the FMA convolution with its bias and ReLU
 * added in the same pass, for linear or ReLU activations; anything else goes to XNNPACK.
 */
export function fusedConv2dWasm(args: KernelArgs): tf.TensorInfo {
  const { bias, preluActivationWeights } = args.inputs as {
    bias?: tf.TensorInfo;
    preluActivationWeights?: tf.TensorInfo;
  };
  const act = (args.attrs.activation as string | undefined) ?? 'linear';
  const out =
    (act === 'linear' || act === 'relu') && !preluActivationWeights
      ? fmaConv(args, { bias: bias ?? null, relu: act === 'relu' })
      : null;
  return out ?? runStock(args.backend, 'FusedConv2D', args.inputs, args.attrs);
}
