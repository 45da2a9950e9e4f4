import v8 from 'node:v8';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { assemble, Fn, I32, V128, type ExportedFn } from './wasm-asm';
import { ownModule } from './wasm-kernel-util';

/**
 * Matrix-product panels with fused multiply-add (WebAssembly relaxed SIMD), run on tensors in the
 * wasm backend's own memory. XNNPACK's wasm kernels (inside tfjs-backend-wasm) multiply and add
 * separately; on this project's 2-core Zen 4 these panels with f32x4.relaxed_madd compute a
 * [432 × 4096] · [4096 × 48] product at ~46 GFLOP/s against XNNPACK's ~30.
 *
 * One panel computes MR rows × N columns (N a multiple of 8) of C = A·B where each row of A is
 * gathered from `nTaps` segments of `kSeg` floats: segment t of row r starts at
 * a + r·aRow + aOff[t] and meets the kSeg rows of B from b + bOff[t] (bytes; the taps table holds
 * the (aOff, bOff) pairs). With one segment that is a plain row-major product; with a
 * convolution's kernel rows (kw pixels × Cin side by side in NHWC) it is a direct convolution of
 * MR output pixels, B being the filter [kh·kw·Cin, Cout] as stored; kernel rows and columns that
 * fall outside the image are left out of the table instead of padding the image.
 */

/**
 * Most rows of one panel: 4 rows × 8 columns = 8 accumulators, enough to cover the FMA latency
 * and few enough that V8 keeps everything in registers. Measured alternatives on [432 × 4096] ·
 * [4096 × 48]: 6×8 with one 4-float A load per row and four reduction steps unrolled 36–39
 * GFLOP/s (TurboFan hoists the unrolled loads and spills), 4×12 or 3×16 ~26, 4×8 unrolled twice
 * 26, 4×8 or 2×16 with one step per iteration 46–52.
 */
export const MR_MAX = 4;

const P = {
  a: 0,
  aRow: 1,
  taps: 2,
  nTaps: 3,
  kSeg: 4,
  b: 5,
  ldb: 6,
  c: 7,
  ldc: 8,
  n: 9,
  blocks: 10,
  aBlock: 11,
  cBlock: 12,
  acc: 13,
  bias: 14,
  relu: 15,
} as const;

/**
 * panel<mr>(a, aRow, taps, nTaps, kSeg, b, ldb, c, ldc, n, blocks, aBlock, cBlock, acc, bias, relu):
 * for each of `blocks` blocks (a += aBlock, c += cBlock bytes after each), C[mr × n] (row stride
 * ldc bytes) = A·B, or += when acc ≠ 0; then + bias[n] (its address, 0 for none) and max(·, 0)
 * when relu ≠ 0. B's rows are ldb bytes apart.
 */
function panel(mr: number, fma: boolean): Fn {
  const f = new Fn(new Array<typeof I32>(16).fill(I32));
  const j = f.local(I32);
  const t = f.local(I32);
  const p = f.local(I32);
  const pa = f.local(I32);
  const pb = f.local(I32);
  const blk = f.local(I32);
  const cc = f.local(I32);
  const ro = Array.from({ length: mr }, () => f.local(I32));
  const rc = Array.from({ length: mr }, () => f.local(I32));
  const b0 = f.local(V128);
  const b1 = f.local(V128);
  const x = f.local(V128);
  const acc = Array.from({ length: mr }, () => [f.local(V128), f.local(V128)] as const);
  const bump = (v: number, by: number | { p: number }): void => {
    f.get(v);
    if (typeof by === 'number') f.i32(by);
    else f.get(by.p);
    f.add().set(v);
  };
  const madd = (a: number, b: number, c: number): void => {
    f.get(a).get(b);
    if (fma) f.get(c).f32x4RelaxedMadd();
    else f.f32x4Mul().get(c).f32x4Add();
    f.set(c);
  };
  for (let r = 0; r < mr; r++) {
    f.get(P.aRow).i32(r).mul().set(ro[r]!);
    f.get(P.ldc).i32(r).mul().set(rc[r]!);
  }
  f.i32(0).set(blk);
  f.countUp(
    blk,
    () => f.get(P.blocks),
    1,
    () => {
      f.i32(0).set(j);
      f.countUp(
        j,
        () => f.get(P.n),
        8,
        () => {
          // cc = c + 4j: the panel's first output column
          f.get(P.c).get(j).i32(4).mul().add().set(cc);
          f.get(P.acc).if();
          for (let r = 0; r < mr; r++) {
            f.get(cc).get(rc[r]!).add().v128Load(0).set(acc[r]![0]);
            f.get(cc).get(rc[r]!).add().v128Load(16).set(acc[r]![1]);
          }
          f.else();
          for (let r = 0; r < mr; r++) f.v128Zero().set(acc[r]![0]).v128Zero().set(acc[r]![1]);
          f.end();
          f.i32(0).set(t);
          f.countUp(
            t,
            () => f.get(P.nTaps),
            1,
            () => {
              // tap t: (aOff, bOff) at taps + 8t; A's segment at a + aOff, B's rows at b + bOff
              f.get(P.a).get(P.taps).get(t).i32(8).mul().add().loadI32().add().set(pa);
              f.get(P.b).get(P.taps).get(t).i32(8).mul().add().loadI32(4).add().get(j).i32(4).mul().add().set(pb);
              f.i32(0).set(p);
              // one reduction step per iteration (kSeg ≥ 1): two loads of B, one splat load per row
              f.loop();
              {
                f.get(pb).v128Load(0).set(b0).get(pb).v128Load(16).set(b1);
                bump(pb, { p: P.ldb });
                for (let r = 0; r < mr; r++) {
                  f.get(pa).get(ro[r]!).add().load32Splat().set(x);
                  madd(x, b0, acc[r]![0]);
                  madd(x, b1, acc[r]![1]);
                }
                bump(pa, 4);
                bump(p, 1);
                f.get(p).get(P.kSeg).ltS().brIf(0);
              }
              f.end();
            },
          );
          // epilogue: + bias[j .. j+8) where bias ≠ 0, then max(·, 0) where relu ≠ 0
          f.get(P.bias).if();
          f.get(P.bias).get(j).i32(4).mul().add().tee(pb).v128Load(0).set(b0).get(pb).v128Load(16).set(b1);
          for (let r = 0; r < mr; r++) {
            f.get(acc[r]![0]).get(b0).f32x4Add().set(acc[r]![0]);
            f.get(acc[r]![1]).get(b1).f32x4Add().set(acc[r]![1]);
          }
          f.end();
          f.get(P.relu).if();
          f.v128Zero().set(b0);
          for (let r = 0; r < mr; r++) {
            for (const h of [0, 1] as const) f.get(b0).get(acc[r]![h]).f32x4Pmax().set(acc[r]![h]);
          }
          f.end();
          for (let r = 0; r < mr; r++) {
            f.get(cc).get(rc[r]!).add().get(acc[r]![0]).v128Store(0);
            f.get(cc).get(rc[r]!).add().get(acc[r]![1]).v128Store(16);
          }
        },
      );
      bump(P.a, { p: P.aBlock });
      bump(P.c, { p: P.cBlock });
    },
  );
  return f;
}

/** The module's bytes: exports panel1 … panel6. */
export function panelModule(fma: boolean): Uint8Array<ArrayBuffer> {
  const fns: ExportedFn[] = [];
  for (let mr = 1; mr <= MR_MAX; mr++) fns.push({ name: `panel${mr}`, fn: panel(mr, fma) });
  return assemble(fns);
}

type PanelFn = (...args: number[]) => void;

export interface Panels {
  /** panels[mr] computes mr rows (1 … MR_MAX). */
  panels: PanelFn[];
}

let relaxedOk: boolean | null = null;

/**
 * Whether this runtime compiles relaxed SIMD. Electron's V8 ships it; Node 20's needs
 * --experimental-wasm-relaxed-simd, which is set here (it only adds instructions).
 */
export function relaxedSimdAvailable(): boolean {
  if (relaxedOk !== null) return relaxedOk;
  const bytes = panelModule(true);
  if (!WebAssembly.validate(bytes)) {
    try {
      v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    } catch {
      // not a V8 that takes flags: stays unavailable
    }
  }
  relaxedOk = WebAssembly.validate(bytes);
  return relaxedOk;
}

let disabled = process.env.REDLAB_FMA === '0';

/** Turns the FMA kernels off (benchmarks and tests compare against XNNPACK); returns the old state. */
export function setFmaEnabled(on: boolean): boolean {
  const old = !disabled;
  disabled = !on;
  return old;
}

/**
 * The FMA panels bound to `backend`'s memory, or null where they cannot run (no relaxed SIMD, a
 * shared-memory build, or turned off): callers then use the stock XNNPACK path.
 */
export function fmaPanels(backend: BackendWasm): Panels | null {
  if (disabled || !relaxedSimdAvailable()) return null;
  const ex = ownModule(backend, 'fma-panels', () => panelModule(true));
  if (!ex) return null;
  let made = panelSets.get(ex);
  if (!made) {
    const panels: PanelFn[] = [() => undefined];
    for (let mr = 1; mr <= MR_MAX; mr++) panels.push(ex[`panel${mr}`] as PanelFn);
    panelSets.set(ex, (made = { panels }));
  }
  return made;
}

const panelSets = new WeakMap<WebAssembly.Exports, Panels>();
