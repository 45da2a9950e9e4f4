import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { MR_MAX, type Panels } from './fma-panel';
import { padTransposed, pixelView } from './layout-kernels';
import { addrOf, alloc, heapF32, release } from './wasm-kernel-util';

/** An int32 table in the wasm heap: the panels' (aOff, bOff) tap pairs (release it like a tensor). */
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
  /** Bytes between consecutive rows of B (default 4n: B's rows are just its n columns). */
  ldb?: number;
  rows: number;
  acc: boolean;
  /** Byte address of a [n] bias added to every row, or 0. */
  bias: number;
  relu: boolean;
}

/** Reduction steps per panel call in long products: B's share of a chunk stays within ~256 KB. */
const GRAD_CHUNK_BYTES = 256 * 1024;

/** Runs `rows` rows as full MR_MAX panels plus one narrower panel for the rest. */
function rowsCall(p: Panels, k: PanelCall): void {
  const full = Math.floor(k.rows / MR_MAX);
  const rest = k.rows - full * MR_MAX;
  const ldb = k.ldb ?? k.n * 4;
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
  const taps = table(backend, [0, 0]);
  // a long reduction in chunks whose share of B stays in cache, added up in place
  const chunk = Math.max(64, Math.floor(GRAD_CHUNK_BYTES / (n * 4)));
  for (let q0 = 0; q0 < k; q0 += chunk) {
    const last = q0 + chunk >= k;
    rowsCall(p, {
      a: addrOf(backend, a) + q0 * 4,
      aRow: k * 4,
      taps: addrOf(backend, taps),
      nTaps: 1,
      kSeg: Math.min(k, q0 + chunk) - q0,
      b: addrOf(backend, b) + q0 * n * 4,
      c: addrOf(backend, out),
      ldc: n * 4,
      n,
      rows: m,
      acc: o.into !== undefined || q0 > 0,
      // the epilogue once, after the last chunk
      bias: last ? (o.bias ?? 0) : 0,
      relu: last && (o.relu ?? false),
    });
  }
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

/** A convolution's geometry from tfjs's own computation of it. */
export function convGeometry(info: tf.backend_util.Conv2DInfo): ConvGeometry {
  return {
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
}

/** Whether the panels take this convolution (Cout a multiple of 8), forward or backward. */
export function fmaConvOk(g: ConvGeometry): boolean {
  return fmaColumnsOk(g.cout) && g.ho > 0 && g.wo > 0;
}

/**
 * Where fmaConv2d writes its output inside a larger tensor (strides in floats): output pixel
 * (b, oy, ox) goes to out[at + b·image + oy·row + ox·pixel .. + Cout).
 */
export interface Placement {
  out: tf.TensorInfo;
  at: number;
  pixel: number;
  row: number;
  image: number;
}

/**
 * Direct convolution (dilation 1) of x [N, H, W, Cin] with filter [kh, kw, Cin, Cout], reading x
 * in place: output pixels go in panels of MR_MAX (along a row, or down the rows for edge columns),
 * each kernel row one segment, and the kernel rows and columns that fall in the padding are left
 * out of the tap table (pt or pl below 0 crop x). Then + bias [Cout] and ReLU when asked (the
 * fused convolution of inference). @returns [N, Ho, Wo, Cout], or `place.out` with the output
 * written where `place` says
 */
export function fmaConv2d(
  backend: BackendWasm,
  p: Panels,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  g: ConvGeometry,
  epilogue: { bias: tf.TensorInfo | null; relu: boolean } = { bias: null, relu: false },
  place?: Placement,
): tf.TensorInfo {
  const { n, h, w, cin, kh, kw, ho, wo, cout, sh, sw, pt, pl } = g;
  const biasAt = epilogue.bias ? addrOf(backend, epilogue.bias) : 0;
  const relu = epilogue.relu;
  if (!place && kh === 1 && kw === 1 && sh === 1 && sw === 1 && pt === 0 && pl === 0 && ho === h && wo === w) {
    // pointwise: one product over all pixels
    return fmaMatMul(backend, p, x, filter, n * h * w, cin, cout, { shape: [n, ho, wo, cout], bias: biasAt, relu });
  }
  // Kernel rows (ky) and columns (kx) inside the image, per output row and column: the panels
  // read x in place and leave out what falls in the padding, so no padded copy is made.
  const inside = (o: number, s: number, pad: number, k: number, size: number): [number, number] => [
    Math.max(0, pad - o * s),
    Math.min(k, size + pad - o * s),
  ];
  const out = place?.out ?? alloc(backend, [n, ho, wo, cout]);
  const at = place ?? { at: 0, pixel: cout, row: wo * cout, image: ho * wo * cout };
  const xAt = addrOf(backend, x);
  const fAt = addrOf(backend, filter);
  const oAt = addrOf(backend, out) + at.at * 4;
  // columns grouped into runs with the same kernel columns inside (edges, then the middle)
  const colRuns: { ox0: number; ox1: number; kx: [number, number] }[] = [];
  for (let ox = 0; ox < wo; ox++) {
    const kx = inside(ox, sw, pl, kw, w);
    const last = colRuns[colRuns.length - 1];
    if (last && last.kx[0] === kx[0] && last.kx[1] === kx[1]) last.ox1 = ox + 1;
    else colRuns.push({ ox0: ox, ox1: ox + 1, kx });
  }
  const tables = new Map<string, { t: tf.TensorInfo; nTaps: number; kSeg: number }>();
  const tapsFor = (ky: [number, number], kx: [number, number]) => {
    const key = `${ky[0]},${ky[1]},${kx[0]},${kx[1]}`;
    let e = tables.get(key);
    if (!e) {
      const pairs: number[] = [];
      if (kx[1] > kx[0]) {
        for (let k = ky[0]; k < ky[1]; k++) {
          pairs.push(((k - pt) * w + kx[0] - pl) * cin * 4, (k * kw + kx[0]) * cin * cout * 4);
        }
      }
      e = { t: table(backend, pairs.length ? pairs : [0, 0]), nTaps: pairs.length / 2, kSeg: (kx[1] - kx[0]) * cin };
      tables.set(key, e);
    }
    return e;
  };
  const call = (
    a: number,
    aRow: number,
    c: number,
    ldc: number,
    rows: number,
    e: { t: tf.TensorInfo; nTaps: number; kSeg: number },
  ) =>
    rowsCall(p, {
      a,
      aRow,
      taps: addrOf(backend, e.t),
      nTaps: e.nTaps,
      kSeg: e.kSeg,
      b: fAt,
      c,
      ldc,
      n: cout,
      rows,
      acc: false,
      bias: biasAt,
      relu,
    });
  // A pixel's window origin in x (may lie in the padding: only in-bounds taps are read)
  const origin = (b: number, oy: number, ox: number): number => xAt + ((b * h + oy * sh) * w + ox * sw) * cin * 4;
  for (let b = 0; b < n; b++) {
    let oy = 0;
    while (oy < ho) {
      // output rows with the same kernel rows inside
      const ky = inside(oy, sh, pt, kh, h);
      let oy1 = oy + 1;
      while (oy1 < ho) {
        const k2 = inside(oy1, sh, pt, kh, h);
        if (k2[0] !== ky[0] || k2[1] !== ky[1]) break;
        oy1++;
      }
      for (const run of colRuns) {
        const e = tapsFor(ky, run.kx);
        const width = run.ox1 - run.ox0;
        const rows = oy1 - oy;
        // Wide runs go along each output row in full panels; what is left of them (width mod
        // MR_MAX) and narrow runs (edge columns) go down the rows, where the panels are full
        // too (a 2-pixel tail panel per row ran at about half speed).
        const along = rows === 1 ? width : width - (width % MR_MAX);
        for (let r = oy; r < oy1 && along > 0; r++) {
          const at0 = oAt + (b * at.image + r * at.row + run.ox0 * at.pixel) * 4;
          call(origin(b, r, run.ox0), sw * cin * 4, at0, at.pixel * 4, along, e);
        }
        for (let ox = run.ox0 + along; ox < run.ox1; ox++) {
          const at0 = oAt + (b * at.image + oy * at.row + ox * at.pixel) * 4;
          call(origin(b, oy, ox), sh * w * cin * 4, at0, at.row * 4, rows, e);
        }
      }
      oy = oy1;
    }
  }
  for (const e of tables.values()) release(backend, e.t);
  return out;
}

/** floor(a / s) and the remainder in [0, s). */
function divmod(a: number, s: number): [number, number] {
  const r = ((a % s) + s) % s;
  return [(a - r) / s, r];
}

/**
 * The filter gradient without im2col. x is split into its stride phases (one phase at stride 1);
 * each phase used by a tap is laid out channel-major on one zero grid of hp × wp (padTransposed).
 * Tap (ky, kx) reads phase ((ky − pt) mod sh, (kx − pl) mod sw) shifted by whole grid cells, so
 * dW[ky, kx] = Σ over output pixels q of xT[:, grid(q) + off] · dy[q, :], one reduction segment
 * per output row (in chunks of rows that stay in cache).
 * Inputs x [N, H, W, Cin] (Cin a multiple of 4), dy [N, Ho, Wo, Cout].
 * @returns [kh, kw, Cin, Cout], or null where the layout does not apply (the caller uses im2col)
 */
export function fmaFilterGrad(
  backend: BackendWasm,
  p: Panels,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeometry,
): tf.TensorInfo | null {
  const { n, cin, kh, kw, ho, wo, cout, sh, sw, pt, pl } = g;
  const ys = Array.from({ length: kh }, (_, ky) => divmod(ky - pt, sh));
  const xs = Array.from({ length: kw }, (_, kx) => divmod(kx - pl, sw));
  const dyMin = Math.min(...ys.map((d) => d[0]));
  const dxMin = Math.min(...xs.map((d) => d[0]));
  const hp = ho + Math.max(...ys.map((d) => d[0])) - dyMin;
  const wp = wo + Math.max(...xs.map((d) => d[0])) - dxMin;
  const len = n * hp * wp;
  const phases = new Map<string, tf.TensorInfo>();
  for (const [, ry] of ys) {
    for (const [, rx] of xs) {
      const key = `${ry},${rx}`;
      if (phases.has(key)) continue;
      const t = padTransposed(backend, pixelView(backend, x, sh, sw, ry, rx), hp, wp, -dyMin, -dxMin);
      if (!t) {
        release(backend, ...phases.values());
        return null;
      }
      phases.set(key, t);
    }
  }
  // The reduction runs over the output's own rows only: one segment per output row, read from dy
  // as it is and from each phase's grid at that row (plus the tap's shift); no padded copy of dy
  // and no products over padding.
  const segs: number[] = [];
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ho; oy++) segs.push((b * hp + oy) * wp * 4, (b * ho + oy) * wo * cout * 4);
  }
  const out = alloc(backend, [kh, kw, cin, cout]);
  const taps = table(backend, segs);
  const tAt = addrOf(backend, taps);
  const dAt = addrOf(backend, dy);
  const oAt = addrOf(backend, out);
  const rowsPerChunk = Math.max(1, Math.floor(GRAD_CHUNK_BYTES / (wo * cout * 4)));
  for (let r0 = 0; r0 < n * ho; r0 += rowsPerChunk) {
    const r1 = Math.min(n * ho, r0 + rowsPerChunk);
    for (let ky = 0; ky < kh; ky++) {
      for (let kx = 0; kx < kw; kx++) {
        const [dyq, ry] = ys[ky]!;
        const [dxq, rx] = xs[kx]!;
        const off = (dyq - dyMin) * wp + dxq - dxMin;
        rowsCall(p, {
          a: addrOf(backend, phases.get(`${ry},${rx}`)) + off * 4,
          aRow: len * 4,
          taps: tAt + r0 * 8,
          nTaps: r1 - r0,
          kSeg: wo,
          b: dAt,
          c: oAt + (ky * kw + kx) * cin * cout * 4,
          ldc: cout * 4,
          n: cout,
          rows: cin,
          acc: r0 > 0,
          bias: 0,
          relu: false,
        });
      }
    }
  }
  release(backend, taps, ...phases.values());
  return out;
}

/**
 * The filter gradient of a patch embedding (kernel = stride, no padding; the 4×4 stem on 3
 * channels), which the phase layout cannot take (Cin is not a multiple of 4). dy is laid out
 * channel-major (one SIMD pass) and multiplied with x read in place: for kernel row ky, the
 * kw·Cin values of a patch lie side by side, patch after patch along an image row, so each
 * output row is one reduction segment. The panels compute ceil(kw·Cin / 8)·8 columns; the few
 * beyond kw·Cin read the next patch's first values and are dropped.
 * Inputs x [N, H, W, Cin], dy [N, Ho, Wo, Cout]. @returns [kh, kw, Cin, Cout], or null.
 */
export function fmaPatchGrad(
  backend: BackendWasm,
  p: Panels,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeometry,
): tf.TensorInfo | null {
  const { n, h, w, cin, kh, kw, ho, wo, cout } = g;
  const seg = kw * cin;
  const cols = Math.ceil(seg / 8) * 8;
  // the last patch's extra columns are read past x: they must still be inside the heap
  if (addrOf(backend, x) + (n * h * w * cin + cols - seg) * 4 > heapF32(backend).length * 4) return null;
  const dyT = padTransposed(backend, pixelView(backend, dy), ho, wo, 0, 0);
  if (!dyT) return null;
  // [kh][cout][cols], summed over all output rows
  const part = alloc(backend, [kh, cout, cols]);
  const pairs: number[] = [];
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ho; oy++) pairs.push((b * ho + oy) * wo * 4, (b * h + oy * kh) * w * cin * 4);
  }
  const taps = table(backend, pairs);
  const rowsPerChunk = Math.max(1, Math.floor(GRAD_CHUNK_BYTES / (wo * seg * 4)));
  for (let r0 = 0; r0 < n * ho; r0 += rowsPerChunk) {
    const r1 = Math.min(n * ho, r0 + rowsPerChunk);
    for (let ky = 0; ky < kh; ky++) {
      rowsCall(p, {
        a: addrOf(backend, dyT),
        aRow: n * ho * wo * 4,
        taps: addrOf(backend, taps) + r0 * 8,
        nTaps: r1 - r0,
        kSeg: wo,
        b: addrOf(backend, x) + ky * w * cin * 4,
        ldb: seg * 4,
        c: addrOf(backend, part) + ky * cout * cols * 4,
        ldc: cols * 4,
        n: cols,
        rows: cout,
        acc: r0 > 0,
        bias: 0,
        relu: false,
      });
    }
  }
  release(backend, taps, dyT);
  const out = alloc(backend, [kh, kw, cin, cout]);
  const heap = heapF32(backend);
  const src = addrOf(backend, part) / 4;
  const dst = addrOf(backend, out) / 4;
  for (let ky = 0; ky < kh; ky++) {
    for (let co = 0; co < cout; co++) {
      for (let k = 0; k < seg; k++) heap[dst + (ky * seg + k) * cout + co] = heap[src + (ky * cout + co) * cols + k]!;
    }
  }
  release(backend, part);
  return out;
}
