import { tf, type Tensor, type Tensor1D, type Tensor4D } from '../tf';
import { channelSum } from './channel-sum';

/**
 * Adds a per-channel bias; its gradient is a per-channel sum through average pooling rather
 * than the slow `sum` over [0, 1, 2] of the composed gradient on wasm.
 * @param x [N, H, W, C]
 * @param bias [C]
 * @returns [N, H, W, C]
 */
export function biasAdd(x: Tensor4D, bias: Tensor1D): Tensor4D {
  const f = tf.customGrad((...args: (Tensor | ((t: Tensor[]) => void))[]) => {
    const [xi, b] = args as [Tensor4D, Tensor1D];
    return {
      value: tf.add<Tensor4D>(xi, b),
      gradFunc: (dy: Tensor) => [dy.clone(), channelSum(dy as Tensor4D)],
    };
  });
  return f(x, bias) as Tensor4D;
}
