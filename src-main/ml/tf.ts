/**
 * The one import of TensorFlow.js for ML code. tfjs-core alone ships its gradients unregistered,
 * and its ESM `dist/register_all_gradients` would load a second copy of the core under Node, so
 * the gradients come from the umbrella package's Node bundle (it shares the core's global
 * kernel and gradient registries). Backends are loaded by `backend.ts`.
 */
import * as tf from '@tensorflow/tfjs-core';

require('@tensorflow/tfjs');

export { tf };
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Tensor4D, Variable, Scalar } from '@tensorflow/tfjs-core';
