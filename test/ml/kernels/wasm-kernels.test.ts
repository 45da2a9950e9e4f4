import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf, type Tensor, type Tensor4D } from '../../../src-main/ml/tf';
import { loadBackend } from '../../../src-main/ml/backend';
import { WASM_TRAINING_KERNELS } from '../../../src-main/ml/kernels/register-wasm';
import { setIm2colBudget } from '../../../src-main/ml/kernels/conv2d-backprop-filter';
import { fmaPanels, panelModule, setFmaEnabled } from '../../../src-main/ml/kernels/fma-panel';
import { fmaMatMul } from '../../../src-main/ml/kernels/fma-ops';
import { padTransposed, pixelView } from '../../../src-main/ml/kernels/layout-kernels';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** Runs `f` on both backends with the same inputs and returns the outputs as arrays. */
async function onBoth(inputs: { shape: number[]; seed: number }[], f: (...t: Tensor[]) => Tensor[]) {
  const values = inputs.map((i) => tf.randomNormal(i.shape, 0, 1, 'float32', i.seed).dataSync() as Float32Array);
  const out: Record<string, Float32Array[]> = {};
  for (const be of ['cpu', 'wasm']) {
    await tf.setBackend(be);
    const ts = values.map((v, i) => tf.tensor(v, inputs[i]!.shape));
    const rs = f(...ts);
    out[be] = rs.map((r) => r.dataSync() as Float32Array);
    tf.dispose([...ts, ...rs]);
  }
  await tf.setBackend('wasm');
  return { cpu: out.cpu!, wasm: out.wasm! };
}

/** Largest absolute difference relative to the largest reference magnitude. */
function relDiff(a: Float32Array, ref: Float32Array): number {
  expect(a.length).toBe(ref.length);
  let d = 0;
  let m = 1e-12;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - ref[i]!));
    m = Math.max(m, Math.abs(ref[i]!));
  }
  return d / m;
}

const CONV_CASES: {
  x: [number, number, number, number];
  f: [number, number, number, number];
  s: number | [number, number];
  p: Pad;
}[] = [
  { x: [2, 9, 7, 3], f: [3, 3, 3, 5], s: 1, p: 'same' },
  { x: [2, 9, 7, 3], f: [3, 3, 3, 5], s: 2, p: 'same' },
  { x: [3, 10, 8, 4], f: [3, 3, 4, 6], s: 2, p: 'same' },
  { x: [1, 11, 13, 5], f: [3, 2, 5, 4], s: 2, p: 'valid' },
  { x: [3, 12, 12, 4], f: [5, 5, 4, 3], s: 3, p: 'same' },
  { x: [2, 8, 8, 6], f: [1, 1, 6, 7], s: 1, p: 'valid' },
  { x: [2, 8, 9, 6], f: [1, 1, 6, 7], s: 2, p: 'same' },
  { x: [2, 16, 12, 3], f: [4, 4, 3, 8], s: 4, p: 'same' },
  {
    x: [2, 8, 9, 6],
    f: [3, 3, 6, 7],
    s: 1,
    p: [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ],
  },
  {
    x: [2, 8, 9, 6],
    f: [3, 3, 6, 7],
    s: [2, 1],
    p: [
      [0, 0],
      [1, 0],
      [0, 2],
      [0, 0],
    ],
  },
  { x: [5, 7, 5, 2], f: [3, 3, 2, 3], s: [1, 2], p: 'same' },
  // Channels the FMA panels take (Cin a multiple of 4, Cout of 8; the input gradient swaps them):
  // rows that are not a multiple of the 6-pixel panel, strides, padding and reduction tails.
  { x: [2, 11, 13, 8], f: [3, 3, 8, 16], s: 1, p: 'same' },
  { x: [3, 10, 9, 16], f: [3, 3, 16, 8], s: 2, p: 'same' },
  { x: [1, 9, 14, 8], f: [2, 3, 8, 8], s: [1, 2], p: 'valid' },
  { x: [2, 7, 9, 8], f: [1, 1, 8, 16], s: 1, p: 'valid' },
  { x: [2, 7, 6, 3], f: [3, 3, 3, 8], s: 1, p: 'same' },
  { x: [2, 12, 11, 4], f: [5, 5, 4, 8], s: 3, p: 'same' },
  { x: [2, 7, 9, 8], f: [1, 1, 8, 16], s: 2, p: 'same' },
  {
    x: [2, 8, 9, 8],
    f: [3, 3, 8, 8],
    s: 1,
    p: [
      [0, 0],
      [2, 0],
      [0, 1],
      [0, 0],
    ],
  },
];

describe('wasm training kernels', () => {
  beforeAll(async () => {
    await loadBackend('cpu');
    await loadBackend('wasm');
    // the FMA kernels are under test even where REDLAB_FMA=0 turns them off for the app
    setFmaEnabled(true);
  });

  it('are registered on the wasm backend when it loads', () => {
    for (const k of WASM_TRAINING_KERNELS) expect(tf.getKernel(k, 'wasm')).toBeDefined();
  });

  it.each(CONV_CASES)('give conv2d gradients matching the CPU backend for %j', async (c) => {
    const { cpu, wasm } = await onBoth(
      [
        { shape: c.x, seed: 1 },
        { shape: c.f, seed: 2 },
      ],
      (x, f) => {
        const g = tf.grads((a: Tensor, b: Tensor) =>
          tf.sum(tf.mul(tf.conv2d(a as Tensor4D, b as Tensor4D, c.s, c.p), 0.5)),
        );
        const [dx, df] = g([x, f]);
        const y = tf.conv2d(x as Tensor4D, f as Tensor4D, c.s, c.p);
        // A non-uniform upstream gradient as well.
        const [dx2, df2] = tf.grads((a: Tensor, b: Tensor) =>
          tf.sum(tf.square(tf.conv2d(a as Tensor4D, b as Tensor4D, c.s, c.p))),
        )([x, f]);
        return [dx!, df!, y, dx2!, df2!];
      },
    );
    for (let i = 0; i < cpu.length; i++) expect(relDiff(wasm[i]!, cpu[i]!)).toBeLessThanOrEqual(1e-4);
  });

  it.each([1, 2])(
    'computes the filter gradient in image chunks (stride %i) as the CPU backend does',
    async (stride) => {
      // A budget of two images' columns splits the batch of 5 into three matrix products.
      const old = setIm2colBudget(2 * 12 * 10 * 9 * 4);
      try {
        const { cpu, wasm } = await onBoth(
          [
            { shape: [5, 12 * stride, 10 * stride, 4], seed: 3 },
            { shape: [3, 3, 4, 6], seed: 4 },
          ],
          (x, f) => [
            tf.grads((a: Tensor, b: Tensor) =>
              tf.sum(tf.square(tf.conv2d(a as Tensor4D, b as Tensor4D, stride, 'same'))),
            )([x, f])[1]!,
          ],
        );
        expect(relDiff(wasm[0]!, cpu[0]!)).toBeLessThanOrEqual(1e-4);
      } finally {
        setIm2colBudget(old);
      }
    },
  );

  it('computes the filter gradient of a patch embedding in one product whatever the im2col budget', async () => {
    const old = setIm2colBudget(16);
    try {
      const { cpu, wasm } = await onBoth(
        [
          { shape: [3, 16, 12, 3], seed: 5 },
          { shape: [4, 4, 3, 5], seed: 6 },
        ],
        (x, f) => [
          tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.square(tf.conv2d(a as Tensor4D, b as Tensor4D, 4, 'valid'))))([
            x,
            f,
          ])[1]!,
        ],
      );
      expect(relDiff(wasm[0]!, cpu[0]!)).toBeLessThanOrEqual(1e-4);
    } finally {
      setIm2colBudget(old);
    }
  });

  it.each([
    { a: [7, 5], b: [5, 3], ta: false, tb: false },
    { a: [5, 7], b: [5, 3], ta: true, tb: false },
    { a: [7, 5], b: [3, 5], ta: false, tb: true },
    { a: [3, 5, 7], b: [3, 3, 5], ta: true, tb: true },
  ])('multiply matrices with transpose flags as the CPU backend does (%j)', async (c) => {
    const { cpu, wasm } = await onBoth(
      [
        { shape: c.a, seed: 5 },
        { shape: c.b, seed: 6 },
      ],
      (a, b) => [
        tf.matMul(a, b, c.ta, c.tb),
        ...tf.grads((p: Tensor, q: Tensor) => tf.sum(tf.square(tf.matMul(p, q, c.ta, c.tb))))([a, b]),
      ],
    );
    for (let i = 0; i < cpu.length; i++) expect(relDiff(wasm[i]!, cpu[i]!)).toBeLessThanOrEqual(1e-4);
  });

  it('has the fused multiply-add panels on this runtime (relaxed SIMD), and the plain module validates', () => {
    expect(WebAssembly.validate(panelModule(false))).toBe(true);
    expect(fmaPanels(tf.backend() as BackendWasm)).not.toBeNull();
  });

  it.each([
    { m: 13, k: 37, n: 16 },
    { m: 6, k: 4, n: 8 },
    { m: 5, k: 3, n: 24 },
    // a reduction longer than one cache-sized chunk (8192 steps at n = 8)
    { m: 5, k: 17000, n: 8 },
  ])('multiplies row-major matrices with the FMA panels, and adds into a result (%j)', ({ m, k, n }) => {
    const backend = tf.backend() as BackendWasm;
    const panels = fmaPanels(backend)!;
    const a = tf.randomNormal([1, m, k], 0, 1, 'float32', 7);
    const b = tf.randomNormal([1, k, n], 0, 1, 'float32', 8);
    const av = a.dataSync();
    const bv = b.dataSync();
    const ref = new Float32Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += av[i * k + p]! * bv[p * n + j]!;
        ref[i * n + j] = acc;
      }
    const once = fmaMatMul(backend, panels, a, b, m, k, n);
    expect(relDiff(backend.typedArrayFromHeap(once) as Float32Array, ref)).toBeLessThanOrEqual(1e-5);
    const twice = fmaMatMul(backend, panels, a, b, m, k, n, { into: once });
    expect(twice).toBe(once);
    expect(
      relDiff(
        backend.typedArrayFromHeap(twice) as Float32Array,
        ref.map((v) => 2 * v),
      ),
    ).toBeLessThanOrEqual(1e-5);
    backend.disposeData(once.dataId);
    tf.dispose([a, b]);
  });

  it.each([
    { x: [2, 13, 11, 8], f: [3, 3, 8, 16], s: 1, act: 'relu' },
    { x: [2, 13, 11, 8], f: [3, 3, 8, 16], s: 2, act: 'linear' },
    { x: [1, 7, 9, 12], f: [1, 1, 12, 8], s: 1, act: 'relu' },
    { x: [1, 7, 9, 12], f: [3, 3, 12, 8], s: 1, act: 'relu6' },
  ] as const)('runs fused convolutions with bias and activation as the CPU backend does (%j)', async (c) => {
    const { cpu, wasm } = await onBoth(
      [
        { shape: [...c.x], seed: 11 },
        { shape: [...c.f], seed: 12 },
        { shape: [c.f[3]], seed: 13 },
      ],
      (x, f, b) => [
        tf.fused.conv2d({
          x: x as Tensor4D,
          filter: f as Tensor4D,
          strides: c.s,
          pad: 'same',
          bias: b,
          activation: c.act,
        }),
      ],
    );
    expect(relDiff(wasm[0]!, cpu[0]!)).toBeLessThanOrEqual(1e-4);
    // the ReLU cases really clip: some outputs are exactly zero
    if (c.act !== 'linear') expect(cpu[0]!.some((v) => v === 0)).toBe(true);
  });

  it('lays a map out channel-major on a zero-padded grid (SIMD transpose plus the last columns)', () => {
    const backend = tf.backend() as BackendWasm;
    const [n, h, w, c, hp, wp, pt, pl] = [2, 3, 7, 8, 5, 10, 1, 2];
    const x = tf.randomNormal([n, h, w, c], 0, 1, 'float32', 14);
    const xv = x.dataSync();
    const out = padTransposed(backend, pixelView(backend, x), hp, wp, pt, pl)!;
    expect(out.shape).toEqual([c, n * hp * wp]);
    const got = backend.typedArrayFromHeap(out) as Float32Array;
    const want = new Float32Array(c * n * hp * wp);
    for (let b = 0; b < n; b++)
      for (let y = 0; y < h; y++)
        for (let px = 0; px < w; px++)
          for (let ci = 0; ci < c; ci++)
            want[ci * n * hp * wp + (b * hp + y + pt) * wp + px + pl] = xv[((b * h + y) * w + px) * c + ci]!;
    expect(Array.from(got)).toEqual(Array.from(want));
    backend.disposeData(out.dataId);
    const odd = tf.zeros([1, 2, 2, 6]);
    expect(padTransposed(backend, pixelView(backend, odd), 2, 2, 0, 0)).toBeNull(); // C not a multiple of 4
    tf.dispose([x, odd]);
  });

  it('gives the same convolution and gradients with the FMA panels as with XNNPACK', () => {
    const x = tf.randomNormal<tf.Rank.R4>([2, 14, 11, 12], 0, 1, 'float32', 9);
    const f = tf.randomNormal<tf.Rank.R4>([3, 3, 12, 16], 0, 1, 'float32', 10);
    const run = (): Float32Array[] => {
      const y = tf.conv2d(x, f, 1, 'same');
      const [dx, df] = tf.grads((a: Tensor, b: Tensor) =>
        tf.sum(tf.square(tf.conv2d(a as Tensor4D, b as Tensor4D, 1, 'same'))),
      )([x, f]);
      const out = [y, dx!, df!].map((t) => t.dataSync() as Float32Array);
      tf.dispose([y, dx!, df!]);
      return out;
    };
    const withFma = run();
    const old = setFmaEnabled(false);
    let stock: Float32Array[];
    try {
      stock = run();
    } finally {
      setFmaEnabled(old);
    }
    for (let i = 0; i < stock.length; i++) expect(relDiff(withFma[i]!, stock[i]!)).toBeLessThanOrEqual(1e-5);
    tf.dispose([x, f]);
  });

  it('keeps clones independent of later variable updates (shared-data Identity)', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const c = v.clone();
    v.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
    tf.dispose([v, c]);
  });
});
