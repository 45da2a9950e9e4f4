import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { assemble, Fn, I32, V128 } from './wasm-asm';
import { alloc, heapF32, ownModule } from './wasm-kernel-util';

/** Byte lanes picking float lanes (a0, a1, …) of a‖b, b's lanes numbered 4–7. */
function floats(...lanes: number[]): number[] {
  return lanes.flatMap((l) => [l * 4, l * 4 + 1, l * 4 + 2, l * 4 + 3]);
}

/**
 * padT(x, n, h, w, c, hp, wp, pt, pl, out): out[ci][b][y + pt][x + pl] = x[b][y][x][ci] for the
 * first w − w % 4 columns of every row (the caller copies the rest and zero-fills out first),
 * 4 pixels × 4 channels at a time through a register transpose. c is a multiple of 4.
 */
function padT(): Fn {
  const f = new Fn(new Array<typeof I32>(10).fill(I32));
  const x = 0;
  const n = 1;
  const h = 2;
  const w = 3;
  const c = 4;
  const hp = 5;
  const wp = 6;
  const pt = 7;
  const pl = 8;
  const out = 9;
  const b = f.local(I32);
  const y = f.local(I32);
  const xb = f.local(I32);
  const cb = f.local(I32);
  const src = f.local(I32);
  const dst = f.local(I32);
  const plane = f.local(I32);
  const w4 = f.local(I32);
  const cb4 = f.local(I32);
  const r = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)] as const;
  const t = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)] as const;
  const until = (cond: () => void): void => {
    f.block().loop();
    cond();
    f.brIf(1);
  };
  const next = (v: number, by: number): void => {
    f.get(v).i32(by).add().set(v);
    f.br(0).end().end();
  };
  // plane = n·hp·wp·4 bytes between channel planes; w4 = w rounded down to 4; cb4 = 4c bytes
  f.get(n).get(hp).mul().get(wp).mul().i32(4).mul().set(plane);
  f.get(w).get(w).i32(3).and().sub().set(w4);
  f.get(c).i32(4).mul().set(cb4);
  f.i32(0).set(b);
  until(() => f.get(b).get(n).geS());
  f.i32(0).set(y);
  until(() => f.get(y).get(h).geS());
  f.i32(0).set(xb);
  until(() => f.get(xb).get(w4).geS());
  // src: pixel (b, y, xb), channel 0; dst: plane 0 at (b, y + pt, xb + pl)
  f.get(x).get(b).get(h).mul().get(y).add().get(w).mul().get(xb).add().get(cb4).mul().add().set(src);
  f.get(out)
    .get(b)
    .get(hp)
    .mul()
    .get(y)
    .add()
    .get(pt)
    .add()
    .get(wp)
    .mul()
    .get(xb)
    .add()
    .get(pl)
    .add()
    .i32(4)
    .mul()
    .add()
    .set(dst);
  f.i32(0).set(cb);
  until(() => f.get(cb).get(c).geS());
  for (let k = 0; k < 4; k++)
    f.get(src)
      .get(cb4)
      .i32(k)
      .mul()
      .add()
      .v128Load()
      .set(r[k as 0]);
  // 4×4 transpose: t0 = (r0.0 r1.0 r0.1 r1.1), t1 = (r2.0 r3.0 r2.1 r3.1), t2/t3 the high halves
  f.get(r[0])
    .get(r[1])
    .shuffle(floats(0, 4, 1, 5))
    .set(t[0]);
  f.get(r[2])
    .get(r[3])
    .shuffle(floats(0, 4, 1, 5))
    .set(t[1]);
  f.get(r[0])
    .get(r[1])
    .shuffle(floats(2, 6, 3, 7))
    .set(t[2]);
  f.get(r[2])
    .get(r[3])
    .shuffle(floats(2, 6, 3, 7))
    .set(t[3]);
  const lanes = [
    [t[0], t[1], floats(0, 1, 4, 5)],
    [t[0], t[1], floats(2, 3, 6, 7)],
    [t[2], t[3], floats(0, 1, 4, 5)],
    [t[2], t[3], floats(2, 3, 6, 7)],
  ] as const;
  lanes.forEach(([a, bb, sel], k) => {
    f.get(dst).get(plane).i32(k).mul().add();
    f.get(a)
      .get(bb)
      .shuffle([...sel])
      .v128Store();
  });
  f.get(src).i32(16).add().set(src);
  f.get(dst).get(plane).i32(4).mul().add().set(dst);
  next(cb, 4);
  next(xb, 4);
  next(y, 1);
  next(b, 1);
  return f;
}

let bytes: Uint8Array<ArrayBuffer> | null = null;

function layoutModule(): Uint8Array<ArrayBuffer> {
  bytes ??= assemble([{ name: 'padT', fn: padT() }]);
  return bytes;
}

/**
 * x [N, H, W, C] (C a multiple of 4) as channel-major rows [C, N·hp·wp]: row ci holds channel ci
 * of every image on a zero grid of hp × wp with the image at (pt, pl). One pass over x (a SIMD
 * 4×4 transpose), where pad-then-transpose took two plus XNNPACK's strided transpose.
 * Null where the module cannot run.
 */
export function padTransposed(
  backend: BackendWasm,
  x: tf.TensorInfo,
  hp: number,
  wp: number,
  pt: number,
  pl: number,
): tf.TensorInfo | null {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  if (c % 4 !== 0 || pt < 0 || pl < 0 || h + pt > hp || w + pl > wp) return null;
  const ex = ownModule(backend, 'layout', layoutModule);
  if (!ex) return null;
  const len = n * hp * wp;
  const out = alloc(backend, [c, len]);
  const xAt = backend.getMemoryOffset(x.dataId);
  const oAt = backend.getMemoryOffset(out.dataId);
  const heap = heapF32(backend);
  heap.fill(0, oAt / 4, oAt / 4 + c * len);
  (ex.padT as (...a: number[]) => void)(xAt, n, h, w, c, hp, wp, pt, pl, oAt);
  // the last w % 4 columns of every row
  const xs = xAt / 4;
  const os = oAt / 4;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) {
      for (let px = w - (w % 4); px < w; px++) {
        const s = xs + ((b * h + y) * w + px) * c;
        const d = os + (b * hp + y + pt) * wp + px + pl;
        for (let ci = 0; ci < c; ci++) heap[d + ci * len] = heap[s + ci]!;
      }
    }
  }
  return out;
}
