import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { assemble, Fn, I32, V128 } from './wasm-asm';
import { addrOf, alloc, heapF32, ownModule } from './wasm-kernel-util';

/** Byte lanes picking float lanes (a0, a1, …) of a‖b, b's lanes numbered 4–7. */
function floats(...lanes: number[]): number[] {
  return lanes.flatMap((l) => [l * 4, l * 4 + 1, l * 4 + 2, l * 4 + 3]);
}

/**
 * padT(x, n, h, w, c, hp, wp, pt, pl, out, xImg, xRow, xPix): out[ci][b][y + pt][x + pl] = the
 * c channels of source pixel (b, y, x), read at x + b·xImg + y·xRow + x·xPix bytes (a whole NHWC
 * map, or one stride phase of it), for the first w − w % 4 columns of every row (the caller
 * copies the rest and zero-fills out first), 4 pixels × 4 channels at a time through a register
 * transpose. c is a multiple of 4.
 */
function padT(): Fn {
  const f = new Fn(new Array<typeof I32>(13).fill(I32));
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
  const xImg = 10;
  const xRow = 11;
  const xPix = 12;
  const b = f.local(I32);
  const y = f.local(I32);
  const xb = f.local(I32);
  const cb = f.local(I32);
  const src = f.local(I32);
  const dst = f.local(I32);
  const plane = f.local(I32);
  const w4 = f.local(I32);
  const r = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)] as const;
  const t = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)] as const;
  // plane = n·hp·wp·4 bytes between channel planes; w4 = w rounded down to 4
  f.get(n).get(hp).mul().get(wp).mul().i32(4).mul().set(plane);
  f.get(w).get(w).i32(3).and().sub().set(w4);
  f.i32(0).set(b);
  f.countUp(
    b,
    () => f.get(n),
    1,
    () => {
      f.i32(0).set(y);
      f.countUp(
        y,
        () => f.get(h),
        1,
        () => {
          f.i32(0).set(xb);
          f.countUp(
            xb,
            () => f.get(w4),
            4,
            () => {
              // src: pixel (b, y, xb), channel 0; dst: plane 0 at (b, y + pt, xb + pl)
              f.get(x).get(b).get(xImg).mul().add().get(y).get(xRow).mul().add().get(xb).get(xPix).mul().add().set(src);
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
              f.countUp(
                cb,
                () => f.get(c),
                4,
                () => {
                  r.forEach((v, k) => f.get(src).get(xPix).i32(k).mul().add().v128Load().set(v));
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
                },
              );
            },
          );
        },
      );
    },
  );
  return f;
}

/**
 * unit(src, count, dst): dst[i] = src[i] / 127.5 − 1 for the first count − count % 16 bytes (the
 * caller does the rest): image bytes to the network's input range, 16 at a time.
 */
function unit(): Fn {
  const f = new Fn([I32, I32, I32]);
  const src = 0;
  const count = 1;
  const dst = 2;
  const i = f.local(I32);
  const end = f.local(I32);
  const bytes = f.local(V128);
  const half = f.local(V128);
  const k = f.local(V128);
  const one = f.local(V128);
  f.f32(1 / 127.5)
    .f32x4Splat()
    .set(k);
  f.f32(-1).f32x4Splat().set(one);
  f.get(count).get(count).i32(15).and().sub().set(end);
  f.i32(0).set(i);
  f.countUp(
    i,
    () => f.get(end),
    16,
    () => {
      f.get(src).get(i).add().v128Load().set(bytes);
      for (const hi of [false, true]) {
        f.get(bytes);
        if (hi) f.i16x8ExtendHighU8();
        else f.i16x8ExtendLowU8();
        f.set(half);
        for (const hi2 of [false, true]) {
          // dst + 4·(i + 8·hi + 4·hi2)
          f.get(dst)
            .get(i)
            .i32((hi ? 8 : 0) + (hi2 ? 4 : 0))
            .add()
            .i32(4)
            .mul()
            .add();
          f.get(half);
          if (hi2) f.i32x4ExtendHighU16();
          else f.i32x4ExtendLowU16();
          f.f32x4ConvertI32().get(k).f32x4Mul().get(one).f32x4Add().v128Store();
        }
      }
    },
  );
  return f;
}

/** The module's bytes (ownModule builds it once per memory). */
function layoutModule(): Uint8Array<ArrayBuffer> {
  return assemble([
    { name: 'padT', fn: padT() },
    { name: 'unit', fn: unit() },
  ]);
}

/**
 * Writes images (bytes) into `out`'s data in the wasm heap as v / 127.5 − 1, one SIMD pass per
 * image after a plain byte copy into the heap. Returns false where the module cannot run.
 */
export function bytesToUnit(backend: BackendWasm, images: Uint8Array[], out: tf.TensorInfo): boolean {
  const ex = ownModule(backend, 'layout', layoutModule);
  if (!ex) return false;
  const per = images[0]?.length ?? 0;
  const scratch = alloc(backend, [Math.ceil(per / 4)]);
  const sAt = addrOf(backend, scratch);
  const oAt = addrOf(backend, out);
  const wasm = backend.wasm as unknown as { HEAPU8: Uint8Array };
  images.forEach((img, n) => {
    wasm.HEAPU8.set(img, sAt);
    (ex.unit as (...a: number[]) => void)(sAt, per, oAt + n * per * 4);
    const heap = heapF32(backend);
    for (let i = per - (per % 16); i < per; i++) heap[oAt / 4 + n * per + i] = img[i]! / 127.5 - 1;
  });
  backend.disposeData(scratch.dataId);
  return true;
}

/** A view of an NHWC map's pixels: `rows` × `cols` pixels per image starting at byte `at`. */
export interface PixelView {
  at: number;
  n: number;
  rows: number;
  cols: number;
  c: number;
  /** Bytes between images, rows and pixels of the view. */
  img: number;
  row: number;
  pix: number;
}

/** The whole of x [N, H, W, C], or its stride phase (ry, rx): pixels (ry + sy·i, rx + sx·j). */
export function pixelView(backend: BackendWasm, x: tf.TensorInfo, sy = 1, sx = 1, ry = 0, rx = 0): PixelView {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  return {
    at: addrOf(backend, x) + (ry * w + rx) * c * 4,
    n,
    rows: Math.max(0, Math.ceil((h - ry) / sy)),
    cols: Math.max(0, Math.ceil((w - rx) / sx)),
    c,
    img: h * w * c * 4,
    row: sy * w * c * 4,
    pix: sx * c * 4,
  };
}

/**
 * The pixels of `v` (C a multiple of 4) as channel-major rows [C, N·hp·wp]: row ci holds channel
 * ci of every image on a zero grid of hp × wp with the view's pixel (0, 0) at (pt, pl). One pass
 * (a SIMD 4×4 transpose), where pad-then-transpose took two plus XNNPACK's strided transpose.
 * Null where the module cannot run or the view does not fit the grid.
 */
export function padTransposed(
  backend: BackendWasm,
  v: PixelView,
  hp: number,
  wp: number,
  pt: number,
  pl: number,
): tf.TensorInfo | null {
  const { n, rows, cols, c } = v;
  if (c % 4 !== 0 || pt < 0 || pl < 0 || rows + pt > hp || cols + pl > wp) return null;
  const ex = ownModule(backend, 'layout', layoutModule);
  if (!ex) return null;
  const len = n * hp * wp;
  const out = alloc(backend, [c, len]);
  const oAt = addrOf(backend, out);
  const heap = heapF32(backend);
  heap.fill(0, oAt / 4, oAt / 4 + c * len);
  (ex.padT as (...a: number[]) => void)(v.at, n, rows, cols, c, hp, wp, pt, pl, oAt, v.img, v.row, v.pix);
  // the last cols % 4 pixels of every row
  const os = oAt / 4;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < rows; y++) {
      for (let px = cols - (cols % 4); px < cols; px++) {
        const s = (v.at + b * v.img + y * v.row + px * v.pix) / 4;
        const d = os + (b * hp + y + pt) * wp + px + pl;
        for (let ci = 0; ci < c; ci++) heap[d + ci * len] = heap[s + ci]!;
      }
    }
  }
  return out;
}
