import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { bytesToUnit } from '../kernels/layout-kernels';
import { tf, type Tensor4D } from '../tf';
import type { Targets } from './assign';
import type { Locations } from './locations';
import type { LocationTensors, TargetTensors } from './losses';

/**
 * Stacks RGB images into a normalised input tensor.
 * @param images each [S * S * 3] RGB bytes, row-major
 * @returns [N, S, S, 3] float32 in [-1, 1]
 */
export function imagesToTensor(images: Uint8Array[], size: number): Tensor4D {
  const per = size * size * 3;
  images.forEach((img, n) => {
    if (img.length !== per) throw new Error(`Image ${n} has ${img.length} bytes, expected ${per}.`);
  });
  const shape: [number, number, number, number] = [images.length, size, size, 3];
  if (tf.getBackend() === 'wasm') {
    // straight into the wasm heap: no JS array of the batch (12 MB at 512 px, 4 images) to
    // allocate, copy and collect at every step
    const backend = tf.backend() as BackendWasm;
    const dataId = backend.write(null, shape, 'float32');
    const t = tf.engine().makeTensorFromTensorInfo({ dataId, shape, dtype: 'float32' }, backend) as Tensor4D;
    if (!bytesToUnit(backend, images, t)) {
      const heap = backend.typedArrayFromHeap(t) as Float32Array;
      images.forEach((img, n) => normalise(img, heap, n * per));
    }
    return t;
  }
  const data = new Float32Array(images.length * per);
  images.forEach((img, n) => normalise(img, data, n * per));
  return tf.tensor4d(data, shape);
}

/** Byte value → input value, [0, 255] → [-1, 1]. */
const NORMALISED = Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1);

function normalise(img: Uint8Array, out: Float32Array, off: number): void {
  const lut = NORMALISED;
  for (let i = 0; i < img.length; i++) out[off + i] = lut[img[i]!]!;
}

/**
 * Column of image b's location i in the level-major layout of a batch of n images:
 * N * offset_l + b * n_l + j for location j of level l.
 */
export function levelMajorColumns(loc: Locations, n: number): Int32Array[] {
  let byN = columnCache.get(loc);
  if (!byN) columnCache.set(loc, (byN = new Map<number, Int32Array[]>()));
  const hit = byN.get(n);
  if (hit) return hit;
  const cols = computeColumns(loc, n);
  byN.set(n, cols);
  return cols;
}

const columnCache = new WeakMap<Locations, Map<number, Int32Array[]>>();

function computeColumns(loc: Locations, n: number): Int32Array[] {
  const starts: number[] = [];
  for (let i = 0; i < loc.count; i++) if (i === 0 || loc.level[i] !== loc.level[i - 1]) starts.push(i);
  starts.push(loc.count);
  return Array.from({ length: n }, (_, b) => {
    const cols = new Int32Array(loc.count);
    for (let l = 0; l + 1 < starts.length; l++) {
      const off = starts[l]!;
      const len = starts[l + 1]! - off;
      for (let j = 0; j < len; j++) cols[off + j] = n * off + b * len + j;
    }
    return cols;
  });
}

/** Location centres and strides of a batch of n images, each [1, N * P] (level-major). */
export function locationTensors(loc: Locations, n: number): LocationTensors {
  const cols = levelMajorColumns(loc, n);
  const x = new Float32Array(n * loc.count);
  const y = new Float32Array(n * loc.count);
  const s = new Float32Array(n * loc.count);
  cols.forEach((c) => {
    for (let i = 0; i < loc.count; i++) {
      x[c[i]!] = loc.x[i]!;
      y[c[i]!] = loc.y[i]!;
      s[c[i]!] = loc.stride[i]!;
    }
  });
  const l = n * loc.count;
  return { x: tf.tensor2d(x, [1, l]), y: tf.tensor2d(y, [1, l]), stride: tf.tensor2d(s, [1, l]) };
}

/**
 * Dense target tensors of a batch in the level-major layout.
 * @returns onehot [C, L], pos [1, L], box [4, L], L = N * P
 */
export function targetsToTensors(targets: Targets[], numClasses: number, loc: Locations): TargetTensors {
  const n = targets.length;
  const l = n * loc.count;
  const cols = levelMajorColumns(loc, n);
  const onehot = new Float32Array(numClasses * l);
  const pos = new Float32Array(l);
  const box = new Float32Array(4 * l);
  let numPos = 0;
  targets.forEach((t, b) => {
    const col = cols[b]!;
    for (let i = 0; i < loc.count; i++) {
      const c = t.cls[i]!;
      if (c < 0) continue;
      const j = col[i]!;
      onehot[c * l + j] = 1;
      pos[j] = 1;
      for (let k = 0; k < 4; k++) box[k * l + j] = t.box[i * 4 + k]!;
    }
    numPos += t.numPos;
  });
  return {
    onehot: tf.tensor2d(onehot, [numClasses, l]),
    pos: tf.tensor2d(pos, [1, l]),
    box: tf.tensor2d(box, [4, l]),
    numPos,
  };
}

export function disposeTargets(t: TargetTensors): void {
  tf.dispose([t.onehot, t.pos, t.box]);
}
