import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { assemble, Fn, I32, V128 } from './wasm-asm';
import { addrOf, alloc, heapF32, ownModule, release, type KernelArgs } from './wasm-kernel-util';

/**
 * Batch-norm passes for training on the wasm backend, as SIMD loops over NHWC maps with C a
 * multiple of 4 (plain WebAssembly SIMD, no relaxed instructions). Each pass reads the map once,
 * where the composed ops (average-pool channel sums, squared difference, multiply, add, ReLU and
 * their gradients) made about fifteen passes per layer and step (statistics: one pass around a
 * shift K close to the mean, see bnTrainKernel):
 *   stats:  s = Σ(x − shift),  q = Σ(x − shift)²            (per channel)
 *   norm:   y = x·scale + shift, then max(y, 0) if relu
 *   gsums:  d = dy masked by y > 0 (if y given);  s1 = Σd,  s2 = Σd·(x − mean)
 *   gdx:    dx = d·a + x·b + k
 * Pointers are byte addresses in the wasm heap; rows = N·H·W.
 */

interface Loop {
  f: Fn;
  /** Byte offset of the current row (row · C · 4). */
  ro: number;
  /** Byte offset of the current channel group within the row (0, 16, …). */
  g: number;
}

/** for row in [0, rows): for g in [0, cBytes) step 16: body. */
function rowsByGroups(f: Fn, rows: number, c: number, body: (l: Loop) => void): void {
  const row = f.local(I32);
  const ro = f.local(I32);
  const g = f.local(I32);
  const cb = f.local(I32);
  f.get(c).i32(4).mul().set(cb);
  f.i32(0).set(row).i32(0).set(ro);
  f.countUp(
    row,
    () => f.get(rows),
    1,
    () => {
      f.i32(0).set(g);
      f.countUp(
        g,
        () => f.get(cb),
        16,
        () => body({ f, ro, g }),
      );
      f.get(ro).get(cb).add().set(ro);
    },
  );
}

/** Pushes the address base + ro + g (a map element) or base + g (a per-channel vector). */
function at(l: Loop, base: number, perRow: boolean): void {
  l.f.get(base);
  if (perRow) l.f.get(l.ro).add();
  l.f.get(l.g).add();
}

/** Zeroes `count` floats (a multiple of 4) at each address. */
function zero(f: Fn, c: number, ...ptrs: number[]): void {
  const g = f.local(I32);
  f.i32(0).set(g);
  f.countUp(
    g,
    () => f.get(c).i32(4).mul(),
    16,
    () => {
      for (const p of ptrs) f.get(p).get(g).add().v128Zero().v128Store(0);
    },
  );
}

/** stats(x, rows, c, shift, s, q) */
function stats(): Fn {
  const f = new Fn([I32, I32, I32, I32, I32, I32]);
  const [x, rows, c, shift, s, q] = [0, 1, 2, 3, 4, 5];
  const v = f.local(V128);
  zero(f, c, s, q);
  rowsByGroups(f, rows, c, (l) => {
    at(l, x, true);
    f.v128Load();
    at(l, shift, false);
    f.v128Load().f32x4Sub().set(v);
    at(l, s, false);
    at(l, s, false);
    f.v128Load().get(v).f32x4Add().v128Store();
    at(l, q, false);
    at(l, q, false);
    f.v128Load().get(v).get(v).f32x4Mul().f32x4Add().v128Store();
  });
  return f;
}

/** norm(x, rows, c, scale, shift, relu, out) */
function norm(): Fn {
  const f = new Fn([I32, I32, I32, I32, I32, I32, I32]);
  const [x, rows, c, scale, shift, relu, out] = [0, 1, 2, 3, 4, 5, 6];
  const v = f.local(V128);
  rowsByGroups(f, rows, c, (l) => {
    at(l, x, true);
    f.v128Load();
    at(l, scale, false);
    f.v128Load().f32x4Mul();
    at(l, shift, false);
    f.v128Load().f32x4Add().set(v);
    f.get(relu).if().v128Zero().get(v).f32x4Pmax().set(v).end();
    at(l, out, true);
    f.get(v).v128Store();
  });
  return f;
}

/** Pushes dy (masked by y > 0 when y ≠ 0) for the current element into local d. */
function maskedDy(l: Loop, dy: number, y: number, d: number): void {
  const { f } = l;
  at(l, dy, true);
  f.v128Load().set(d);
  f.get(y).if();
  at(l, y, true);
  f.v128Load().v128Zero().f32x4Gt().get(d).v128And().set(d);
  f.end();
}

/** gsums(dy, x, y, rows, c, mean, s1, s2) */
function gsums(): Fn {
  const f = new Fn([I32, I32, I32, I32, I32, I32, I32, I32]);
  const [dy, x, y, rows, c, mean, s1, s2] = [0, 1, 2, 3, 4, 5, 6, 7];
  const d = f.local(V128);
  zero(f, c, s1, s2);
  rowsByGroups(f, rows, c, (l) => {
    maskedDy(l, dy, y, d);
    at(l, s1, false);
    at(l, s1, false);
    f.v128Load().get(d).f32x4Add().v128Store();
    at(l, s2, false);
    at(l, s2, false);
    f.v128Load().get(d);
    at(l, x, true);
    f.v128Load();
    at(l, mean, false);
    f.v128Load().f32x4Sub().f32x4Mul().f32x4Add().v128Store();
  });
  return f;
}

/** gdx(dy, x, y, rows, c, a, b, k, out) */
function gdx(): Fn {
  const f = new Fn([I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [dy, x, y, rows, c, a, b, k, out] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const d = f.local(V128);
  rowsByGroups(f, rows, c, (l) => {
    maskedDy(l, dy, y, d);
    at(l, out, true);
    f.get(d);
    at(l, a, false);
    f.v128Load().f32x4Mul();
    at(l, x, true);
    f.v128Load();
    at(l, b, false);
    f.v128Load().f32x4Mul().f32x4Add();
    at(l, k, false);
    f.v128Load().f32x4Add().v128Store();
  });
  return f;
}

type WasmFn = (...args: number[]) => void;

interface BnFns {
  stats: WasmFn;
  norm: WasmFn;
  gsums: WasmFn;
  gdx: WasmFn;
}

/** The module's bytes (exports stats, norm, gsums, gdx). */
function bnModule(): Uint8Array<ArrayBuffer> {
  return assemble([
    { name: 'stats', fn: stats() },
    { name: 'norm', fn: norm() },
    { name: 'gsums', fn: gsums() },
    { name: 'gdx', fn: gdx() },
  ]);
}

/** The batch-norm passes bound to `backend`'s memory, or null where they cannot be instantiated. */
export function bnFns(backend: BackendWasm): BnFns | null {
  return ownModule(backend, 'bn', bnModule) as BnFns | null;
}

/** Kernel names (registered on the wasm backend only). */
export const BN_TRAIN = 'RedlabBatchNormTrain';
export const BN_TRAIN_GRAD = 'RedlabBatchNormTrainGrad';

/** Whether the fused batch-norm kernels serve x on the current backend. */
export function fusedBatchNormOk(x: tf.TensorInfo): boolean {
  if (tf.getBackend() !== 'wasm' || !tf.getKernel(BN_TRAIN, 'wasm')) return false;
  const c = x.shape[x.shape.length - 1]!;
  return x.dtype === 'float32' && x.shape.length === 4 && c % 4 === 0 && bnFns(tf.backend() as BackendWasm) !== null;
}

/**
 * Training batch norm, optionally followed by ReLU. Inputs x [N, H, W, C], gamma, beta [C];
 * attrs eps, relu. Outputs y, batch mean, biased batch variance, 1/sqrt(variance + eps).
 */
function bnTrainKernel({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', tf.TensorInfo>;
  const fns = bnFns(backend)!;
  const c = x.shape[3]!;
  const rows = tf.util.sizeFromShape(x.shape) / c;
  const mean = alloc(backend, [c]);
  const variance = alloc(backend, [c]);
  const rstd = alloc(backend, [c]);
  const s = alloc(backend, [c]);
  const k = alloc(backend, [c]);
  const scale = alloc(backend, [c]);
  const shift = alloc(backend, [c]);
  const y = alloc(backend, x.shape);
  const at = (t: tf.TensorInfo): number => addrOf(backend, t);
  const view = (t: tf.TensorInfo): Float32Array => heapF32(backend).subarray(at(t) / 4, at(t) / 4 + c);
  // One pass over x for Σ(x − K) and Σ(x − K)² around K, the mean of the first pixels: close to
  // the batch mean, so Σ(x − K)² − (Σ(x − K))²/m does not cancel (the unshifted Σx² would when
  // the mean is large against the spread).
  const heap = heapF32(backend);
  const kv = view(k);
  const probe = Math.min(rows, 256);
  const x0 = at(x) / 4;
  kv.fill(0);
  for (let r = 0; r < probe; r++) for (let i = 0; i < c; i++) kv[i]! += heap[x0 + r * c + i]!;
  for (let i = 0; i < c; i++) kv[i]! /= probe;
  fns.stats(at(x), rows, c, at(k), at(s), at(variance));
  const eps = attrs.eps as number;
  const [mv, sv, vv, rv, gv, bv, sc, sh] = [mean, s, variance, rstd, gamma, beta, scale, shift].map(view);
  for (let i = 0; i < c; i++) {
    const d = sv![i]! / rows;
    mv![i] = kv[i]! + d;
    vv![i] = Math.max(0, vv![i]! / rows - d * d);
    rv![i] = 1 / Math.sqrt(vv![i]! + eps);
    sc![i] = gv![i]! * rv![i]!;
    sh![i] = bv![i]! - mv![i]! * sc![i]!;
  }
  fns.norm(at(x), rows, c, at(scale), at(shift), attrs.relu ? 1 : 0, at(y));
  release(backend, s, k, scale, shift);
  return [y, mean, variance, rstd];
}

/**
 * Its gradient. Inputs dy, x, y (the ReLU output; absent without ReLU), gamma, mean, rstd.
 * Outputs dx, dgamma, dbeta.
 */
function bnTrainGradKernel({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const { dy, x, y, gamma, mean, rstd } = inputs as Record<string, tf.TensorInfo | undefined> as Record<
    'dy' | 'x' | 'gamma' | 'mean' | 'rstd',
    tf.TensorInfo
  > & { y?: tf.TensorInfo };
  const fns = bnFns(backend)!;
  const c = x.shape[3]!;
  const rows = tf.util.sizeFromShape(x.shape) / c;
  const dgamma = alloc(backend, [c]);
  const dbeta = alloc(backend, [c]);
  const a = alloc(backend, [c]);
  const b = alloc(backend, [c]);
  const k = alloc(backend, [c]);
  const dx = alloc(backend, x.shape);
  const at = (t: tf.TensorInfo | undefined): number => addrOf(backend, t);
  // dbeta = Σd, dgamma = rstd·Σd(x − μ); dgamma's pass leaves Σd(x − μ) there first
  fns.gsums(at(dy), at(x), at(y), rows, c, at(mean), at(dbeta), at(dgamma));
  const heap = heapF32(backend);
  const view = (t: tf.TensorInfo): Float32Array => heap.subarray(at(t) / 4, at(t) / 4 + c);
  const [dg, db, av, bv, kv, gv, mv, rv] = [dgamma, dbeta, a, b, k, gamma, mean, rstd].map(view);
  for (let i = 0; i < c; i++) {
    const r = rv![i]!;
    dg![i] = r * dg![i]!;
    // dx = d·a + x·b + k with a = γ·r, b = −a·r·dγ/m, k = a·(μ·r·dγ/m − Σd/m)
    const ai = gv![i]! * r;
    const ki = (r * dg![i]!) / rows;
    av![i] = ai;
    bv![i] = -ai * ki;
    kv![i] = ai * (mv![i]! * ki - db![i]! / rows);
  }
  fns.gdx(at(dy), at(x), at(y), rows, c, at(a), at(b), at(k), at(dx));
  release(backend, a, b, k);
  return [dx, dgamma, dbeta];
}

/** The kernels to register on the wasm backend. */
export const BN_KERNELS: { name: string; fn: (args: KernelArgs) => tf.TensorInfo[] }[] = [
  { name: BN_TRAIN, fn: bnTrainKernel },
  { name: BN_TRAIN_GRAD, fn: bnTrainGradKernel },
];
