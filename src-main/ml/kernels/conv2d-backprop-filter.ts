import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { fmaPanels } from './fma-panel';
import {
  convGeometry,
  fmaColumnsOk,
  fmaConvOk,
  fmaFilterGrad,
  fmaMatMul,
  fmaPatchGrad,
  type ConvGeometry,
} from './fma-ops';
import {
  alloc,
  convInfoOf,
  heapF32,
  offsetF32,
  release,
  reshape,
  runKernel,
  transpose,
  type KernelArgs,
} from './wasm-kernel-util';

/**
 * Largest im2col buffer (floats) built at once; bigger batches are split into image chunks. Small
 * enough to stay in a core's cache while the matrix product reads it back: one image at a time on
 * 64×64 maps took a 4-image filter gradient from 19.3 to 12.9 ms (stride 2, 24 → 32 channels) and
 * 10.5 to 7.0 ms (48 → 8), against 32 MB chunks.
 */
let maxColsFloats = 256 * 1024;

/** Sets the im2col budget in floats (tests use a small one to exercise chunking); returns the old one. */
export function setIm2colBudget(floats: number): number {
  const old = maxColsFloats;
  maxColsFloats = floats;
  return old;
}

/**
 * Writes the transposed im2col matrix of images [n0, n1) of `x` into `cols`, row-major
 * [kh*kw*cin, (n1-n0)*ho*wo]: row (ky*kw + kx)*cin + ci, column (n, oy, ox) holds
 * x[n, oy*sh + ky - pt, ox*sw + kx - pl, ci], or 0 outside the image. Work is blocked by output
 * row so the input rows it reads stay in cache.
 */
function im2colT(heap: Float32Array, xOff: number, colsOff: number, n0: number, n1: number, g: ConvGeometry): void {
  const { h, w, cin, kh, kw, ho, wo, sh, sw, pt, pl } = g;
  const m = (n1 - n0) * ho * wo;
  const xs = sw * cin;
  for (let n = n0; n < n1; n++) {
    const imgOff = xOff + n * h * w * cin;
    for (let oy = 0; oy < ho; oy++) {
      const col0 = colsOff + ((n - n0) * ho + oy) * wo;
      for (let ky = 0; ky < kh; ky++) {
        const iy = oy * sh + ky - pt;
        const rowIn = iy >= 0 && iy < h;
        for (let kx = 0; kx < kw; kx++) {
          // Output columns whose input column ox*sw + kx - pl falls inside [0, w).
          const lo = Math.max(0, Math.ceil((pl - kx) / sw));
          const hi = Math.min(wo, Math.floor((w - 1 + pl - kx) / sw) + 1);
          for (let ci = 0; ci < cin; ci++) {
            const d = col0 + ((ky * kw + kx) * cin + ci) * m;
            if (!rowIn || hi <= lo) {
              heap.fill(0, d, d + wo);
              continue;
            }
            if (lo > 0) heap.fill(0, d, d + lo);
            if (hi < wo) heap.fill(0, d + hi, d + wo);
            let s = imgOff + (iy * w + lo * sw + kx - pl) * cin + ci;
            for (let ox = lo; ox < hi; ox++) {
              heap[d + ox] = heap[s]!;
              s += xs;
            }
          }
        }
      }
    }
  }
}

/**
 * Copies n images of a [ho, wo] plane shifted by (dy, dx) pixels, zero where the shifted source
 * falls outside: dst[y][x] = src[y + dy][x + dx]. One block copy per image, then the few
 * wrapped-around columns and missing rows are zeroed (far fewer calls than a copy per row).
 */
function shiftPlane(
  heap: Float32Array,
  src: number,
  dst: number,
  n: number,
  ho: number,
  wo: number,
  dy: number,
  dx: number,
): void {
  const lo = Math.max(0, -dx);
  const hi = Math.min(wo, wo - dx);
  const y0 = Math.max(0, -dy);
  const y1 = Math.min(ho, ho - dy);
  for (let b = 0; b < n; b++) {
    const d = dst + b * ho * wo;
    if (hi <= lo || y1 <= y0) {
      heap.fill(0, d, d + ho * wo);
      continue;
    }
    const s = src + (b * ho + y0 + dy) * wo + dx;
    heap.copyWithin(d + y0 * wo, s, s + (y1 - y0) * wo);
    if (y0 > 0) heap.fill(0, d, d + y0 * wo);
    if (y1 < ho) heap.fill(0, d + y1 * wo, d + ho * wo);
    if (lo > 0 || hi < wo) {
      for (let y = y0; y < y1; y++) {
        const r = d + y * wo;
        for (let x = 0; x < lo; x++) heap[r + x] = 0;
        for (let x = hi; x < wo; x++) heap[r + x] = 0;
      }
    }
  }
}

/**
 * The same transposed im2col from contiguous copies: x is first rearranged by one wasm transpose
 * into stride phases [s*Cin (rx, ci), s (ry), n*ho, wo], so every (tap, channel) row of colsT is
 * a phase plane shifted by whole output pixels (shiftPlane).
 * Needs h == sh*ho and w == sw*wo (else use im2colT).
 */
function im2colTPhases(backend: BackendWasm, x: tf.TensorInfo, cols: tf.TensorInfo, n: number, g: ConvGeometry): void {
  const { cin, kh, kw, ho, wo, sh, sw, pt, pl } = g;
  const xr = reshape(backend, x, [n * ho, sh, wo, sw * cin]);
  const xt = transpose(backend, xr, [3, 1, 0, 2]);
  release(backend, xr);
  const heap = heapF32(backend);
  const src0 = offsetF32(backend, xt);
  const dst0 = offsetF32(backend, cols);
  const plane = n * ho * wo;
  for (let ky = 0; ky < kh; ky++) {
    const ay = ky - pt;
    const ry = ((ay % sh) + sh) % sh;
    const dy = (ay - ry) / sh;
    for (let kx = 0; kx < kw; kx++) {
      const ax = kx - pl;
      const rx = ((ax % sw) + sw) % sw;
      const dx = (ax - rx) / sw;
      for (let ci = 0; ci < cin; ci++) {
        const src = src0 + ((rx * cin + ci) * sh + ry) * plane;
        const dst = dst0 + ((ky * kw + kx) * cin + ci) * plane;
        shiftPlane(heap, src, dst, n, ho, wo, dy, dx);
      }
    }
  }
  release(backend, xt);
}

/** Copies images [n0, n1) of a [N, ...] float tensor into a new tensor of shape `shape`. */
function sliceImages(backend: BackendWasm, t: tf.TensorInfo, n0: number, n1: number, shape: number[]): tf.TensorInfo {
  const per = tf.util.sizeFromShape(t.shape) / t.shape[0]!;
  const out = alloc(backend, shape);
  const heap = heapF32(backend);
  const src = offsetF32(backend, t) + n0 * per;
  heap.copyWithin(offsetF32(backend, out), src, src + (n1 - n0) * per);
  return out;
}

/**
 * a [1, m, k] · b [1, k, n], added into `into` when given (which is then the result): the FMA
 * panels where they run, else XNNPACK's BatchMatMul (no transpose flags, so it takes its fast
 * path, with the small b as the packed operand) and an Add.
 */
function product(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, into: tf.TensorInfo | null): tf.TensorInfo {
  const [, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const panels = fmaPanels(backend);
  if (panels && fmaColumnsOk(n)) return fmaMatMul(backend, panels, a, b, m, k, n, into ? { into } : {});
  const out = runKernel(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  if (!into) return out;
  const sum = runKernel(backend, 'Add', { a: into, b: out });
  release(backend, into, out);
  return sum;
}

/**
 * dW for images [n0, n1): colsT [K, M] x dy [M, cout], added into `acc` when given.
 * @returns [1, K, cout]
 */
function chunkGrad(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  n0: number,
  n1: number,
  g: ConvGeometry,
  acc: tf.TensorInfo | null,
) {
  const cout = dy.shape[3]!;
  const m = (n1 - n0) * g.ho * g.wo;
  const k = g.kh * g.kw * g.cin;
  const whole = n0 === 0 && n1 === x.shape[0];
  const dyChunk = whole ? dy : sliceImages(backend, dy, n0, n1, [n1 - n0, g.ho, g.wo, cout]);
  const b = reshape(backend, dyChunk, [1, m, cout]);
  if (!whole) release(backend, dyChunk);
  if (isPatchify(g))
    return patchifyGrad(
      backend,
      whole ? x : sliceImages(backend, x, n0, n1, [n1 - n0, g.h, g.w, g.cin]),
      b,
      !whole,
      g,
      n1 - n0,
    );
  const cols = alloc(backend, [1, k, m]);
  if (g.h === g.sh * g.ho && g.w === g.sw * g.wo) {
    const xChunk = whole ? x : sliceImages(backend, x, n0, n1, [n1 - n0, g.h, g.w, g.cin]);
    im2colTPhases(backend, xChunk, cols, n1 - n0, g);
    if (!whole) release(backend, xChunk);
  } else {
    const heap = heapF32(backend);
    im2colT(heap, offsetF32(backend, x), offsetF32(backend, cols), n0, n1, g);
  }
  const out = product(backend, cols, b, acc);
  release(backend, b, cols);
  return out;
}

/** A patch embedding: kernel = stride, no padding, input an exact multiple of the stride. */
function isPatchify(g: ConvGeometry): boolean {
  return g.kh === g.sh && g.kw === g.sw && g.pt === 0 && g.pl === 0 && g.h === g.sh * g.ho && g.w === g.sw * g.wo;
}

/**
 * dW of a patch embedding: the stride-phase transpose of x already is the transposed im2col, in
 * (kx, ci, ky) row order, so no copy is needed; the small result's rows are reordered instead.
 * @returns [1, K, cout] in filter order (ky, kx, ci)
 */
function patchifyGrad(
  backend: BackendWasm,
  x: tf.TensorInfo,
  b: tf.TensorInfo,
  ownX: boolean,
  g: ConvGeometry,
  n: number,
) {
  const { cin, kh, kw, ho, wo } = g;
  const xr = reshape(backend, x, [n * ho, kh, wo, kw * cin]);
  const xt = transpose(backend, xr, [3, 1, 0, 2]);
  release(backend, xr);
  if (ownX) release(backend, x);
  const a = reshape(backend, xt, [1, kw * cin * kh, n * ho * wo]);
  const r = product(backend, a, b, null);
  release(backend, a, xt, b);
  const cout = b.shape[2]!;
  const out = alloc(backend, [1, kh * kw * cin, cout]);
  const heap = heapF32(backend);
  const src = offsetF32(backend, r);
  const dst = offsetF32(backend, out);
  for (let kx = 0; kx < kw; kx++) {
    for (let ci = 0; ci < cin; ci++) {
      for (let ky = 0; ky < kh; ky++) {
        const from = src + ((kx * cin + ci) * kh + ky) * cout;
        heap.copyWithin(dst + ((ky * kw + kx) * cin + ci) * cout, from, from + cout);
      }
    }
  }
  release(backend, r);
  return out;
}

/**
 * Conv2DBackpropFilter for the wasm backend (it has none): im2col written straight into the wasm
 * heap (transposed, so the small dy is the packed operand), then one matrix product per chunk of
 * images, summed.
 * Inputs: x [N, H, W, Cin], dy [N, Ho, Wo, Cout]. Output: dW [kh, kw, Cin, Cout].
 */
export function conv2dBackpropFilterWasm({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const filterShape = attrs.filterShape as [number, number, number, number];
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only.');
  const g = convGeometry(convInfoOf(x.shape, filterShape, attrs));
  const n = x.shape[0]!;
  const panels = fmaPanels(backend);
  const direct =
    panels && isPatchify(g) && g.cout % 4 === 0
      ? fmaPatchGrad(backend, panels, x, dy, g)
      : panels && fmaConvOk(g)
        ? fmaFilterGrad(backend, panels, x, dy, g)
        : null;
  if (direct) return direct;
  const perImage = g.ho * g.wo * g.kh * g.kw * g.cin;
  // a patch embedding builds no im2col (its transpose is the matrix): one product for the batch
  const step = isPatchify(g) ? n : Math.max(1, Math.min(n, Math.floor(maxColsFloats / Math.max(1, perImage))));
  let acc: tf.TensorInfo | null = null;
  for (let n0 = 0; n0 < n; n0 += step) {
    acc = chunkGrad(backend, x, dy, n0, Math.min(n, n0 + step), g, acc);
  }
  const out = reshape(backend, acc!, filterShape);
  release(backend, acc);
  return out;
}
