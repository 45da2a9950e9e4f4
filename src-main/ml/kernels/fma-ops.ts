import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { MR_MAX, type Panels } from './fma-panel';
import { alloc, heapF32, release } from './wasm-kernel-util';

/** Byte address of a tensor's data in the wasm heap. */
function addr(backend: BackendWasm, t: tf.TensorInfo): number {
  return backend.getMemoryOffset(t.dataId);
}

/** An int32 table of byte offsets in the wasm heap (release it like a tensor). */
function table(backend: BackendWasm, values: number[]): tf.TensorInfo {
  const t = backend.makeOutput([values.length], 'int32');
  (backend.typedArrayFromHeap(t) as Int32Array).set(values);
  return t;
}

interface PanelCall {
  /** Byte address of row 0 of the first block, at tap offset 0. */
  a: number;
  /** Bytes between consecutive rows of A. */
  aRow: number;
  taps: number;
  nTaps: number;
  kSeg: number;
  b: number;
  c: number;
  /** Bytes between consecutive rows of C. */
  ldc: number;
  n: number;
  rows: number;
  acc: boolean;
  /** Byte address of a [n] bias added to every row, or 0. */
  bias: number;
  relu: boolean;
}

/** Runs `rows` rows as full MR_MAX panels plus one narrower panel for the rest. */
function rowsCall(p: Panels, k: PanelCall): void {
  const full = Math.floor(k.rows / MR_MAX);
  const rest = k.rows - full * MR_MAX;
  const ldb = k.n * 4;
  const acc = k.acc ? 1 : 0;
  const relu = k.relu ? 1 : 0;
  if (full > 0) {
    p.panels[MR_MAX]!(
      k.a,
      k.aRow,
      k.taps,
      k.nTaps,
      k.kSeg,
      k.b,
      ldb,
      k.c,
      k.ldc,
      k.n,
      full,
      MR_MAX * k.aRow,
      MR_MAX * k.ldc,
      acc,
      k.bias,
      relu,
    );
  }
  if (rest > 0) {
    const a = k.a + full * MR_MAX * k.aRow;
    const c = k.c + full * MR_MAX * k.ldc;
    p.panels[rest]!(a, k.aRow, k.taps, k.nTaps, k.kSeg, k.b, ldb, c, k.ldc, k.n, 1, 0, 0, acc, k.bias, relu);
  }
}

/** Whether fmaMatMul takes an output width of n columns. */
export function fmaColumnsOk(n: number): boolean {
  return n > 0 && n % 8 === 0;
}

export interface MatMulOptions {
  /** Add the product into this tensor (which is then the result). */
  into?: tf.TensorInfo;
  /** Shape of a new result (default [1, m, n]). */
  shape?: number[];
  /** Byte address of a [n] bias added to every row. */
  bias?: number;
  relu?: boolean;
}

/**
 * C [m, n] = A [m, k] · B [k, n] (row-major, n a multiple of 8), or C += A·B (o.into); then
 * + bias and ReLU when asked. @returns [1, m, n] or o.shape (or o.into)
 */
export function fmaMatMul(
  backend: BackendWasm,
  p: Panels,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  m: number,
  k: number,
  n: number,
  o: MatMulOptions = {},
): tf.TensorInfo {
  const out = o.into ?? alloc(backend, o.shape ?? [1, m, n]);
  const taps = table(backend, [0]);
  rowsCall(p, {
    a: addr(backend, a),
    aRow: k * 4,
    taps: addr(backend, taps),
    nTaps: 1,
    kSeg: k,
    b: addr(backend, b),
    c: addr(backend, out),
    ldc: n * 4,
    n,
    rows: m,
    acc: o.into !== undefined,
    bias: o.bias ?? 0,
    relu: o.relu ?? false,
  });
  release(backend, taps);
  return out;
}

export interface ConvGeometry {
  n: number;
  h: number;
  w: number;
  cin: number;
  kh: number;
  kw: number;
  ho: number;
  wo: number;
  cout: number;
  sh: number;
  sw: number;
  /** Zero rows/columns before the image (top, left). */
  pt: number;
  pl: number;
}

/** Whether fmaConv2d takes this convolution (channels in multiples of 4 and 8). */
export function fmaConvOk(g: ConvGeometry): boolean {
  return g.cin % 4 === 0 && fmaColumnsOk(g.cout) && g.ho > 0 && g.wo > 0;
}

/**
 * Direct convolution (dilation 1) of x [N, H, W, Cin] with filter [kh, kw, Cin, Cout]: every
 * output row is panels of MR_MAX neighbouring pixels whose taps are read from a zero-padded copy
 * of x (x itself when no padding is needed); then + bias [Cout] and ReLU when asked (the fused
 * convolution of inference). @returns [N, Ho, Wo, Cout]
 */
export function fmaConv2d(
  backend: BackendWasm,
  p: Panels,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  g: ConvGeometry,
  epilogue: { bias: tf.TensorInfo | null; relu: boolean } = { bias: null, relu: false },
): tf.TensorInfo {
  const { n, h, w, cin, kh, kw, ho, wo, cout, sh, sw, pt, pl } = g;
  const biasAt = epilogue.bias ? addr(backend, epilogue.bias) : 0;
  const relu = epilogue.relu;
  if (kh === 1 && kw === 1 && sh === 1 && sw === 1 && pt === 0 && pl === 0 && ho === h && wo === w) {
    // pointwise: one product over all pixels
    return fmaMatMul(backend, p, x, filter, n * h * w, cin, cout, { shape: [n, ho, wo, cout], bias: biasAt, relu });
  }
  // rows and columns the windows reach, padding included
  const hp = (ho - 1) * sh + kh;
  const wp = (wo - 1) * sw + kw;
  const direct = pt === 0 && pl === 0 && hp <= h && wp <= w;
  const rowsIn = direct ? h : hp;
  const colsIn = direct ? w : wp;
  let src = x;
  if (!direct) {
    src = alloc(backend, [n, hp, wp, cin]);
    const heap = heapF32(backend);
    const xs = addr(backend, x) / 4;
    const ds = addr(backend, src) / 4;
    heap.fill(0, ds, ds + n * hp * wp * cin);
    const x0 = Math.max(0, -pl);
    const x1 = Math.min(w, wp - pl);
    for (let b = 0; b < n; b++) {
      for (let y = Math.max(0, -pt); y < Math.min(h, hp - pt); y++) {
        const from = xs + ((b * h + y) * w + x0) * cin;
        heap.copyWithin(ds + ((b * hp + y + pt) * wp + x0 + pl) * cin, from, from + (x1 - x0) * cin);
      }
    }
  }
  const offs: number[] = [];
  for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) offs.push((ky * colsIn + kx) * cin * 4);
  const taps = table(backend, offs);
  const out = alloc(backend, [n, ho, wo, cout]);
  const base = addr(backend, src);
  const tapsAt = addr(backend, taps);
  const fAt = addr(backend, filter);
  const oAt = addr(backend, out);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ho; oy++) {
      rowsCall(p, {
        a: base + (b * rowsIn + oy * sh) * colsIn * cin * 4,
        aRow: sw * cin * 4,
        taps: tapsAt,
        nTaps: kh * kw,
        kSeg: cin,
        b: fAt,
        c: oAt + (b * ho + oy) * wo * cout * 4,
        ldc: cout * 4,
        n: cout,
        rows: wo,
        acc: false,
        bias: biasAt,
        relu,
      });
    }
  }
  release(backend, taps);
  if (src !== x) release(backend, src);
  return out;
}
