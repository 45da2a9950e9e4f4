import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { fmaPanels, type Panels } from './fma-panel';
import { fmaConv2d, fmaConvOk, type ConvGeometry } from './fma-ops';
import {
  alloc,
  convInfoOf,
  heapF32,
  offsetF32,
  heapView,
  release,
  runKernel,
  zeros,
  type KernelArgs,
} from './wasm-kernel-util';

/**
 * One stride phase along one axis: the input rows r, r+s, r+2s, ... receive gradient from the
 * filter taps k0, k0+s, ... (J of them). For output index q of the phase,
 * dx[r + s*q] = sum_m dy[q + start + m] * w[k0 + s*(J-1-m)], m = 0..J-1.
 */
interface Phase {
  taps: number[];
  start: number;
}

function phaseOf(r: number, s: number, k: number, pad: number): Phase {
  const taps: number[] = [];
  for (let t = 0; t < k; t++) if ((((r + pad - t) % s) + s) % s === 0) taps.push(t);
  if (taps.length === 0) return { taps, start: 0 };
  const d0 = (r + pad - taps[0]!) / s;
  // Reversed so that m = 0 is the tap that meets the lowest dy index.
  return { taps: taps.reverse(), start: d0 - taps.length + 1 };
}

/** dy rows needed by one phase: crop [c0, c1) of the real rows, then pad (before, after). */
function window1d(p: Phase, q: number, size: number): { c0: number; c1: number; before: number; after: number } {
  const first = p.start;
  const last = p.start + q + p.taps.length - 1; // exclusive
  return {
    c0: Math.max(0, first),
    c1: Math.min(size, last),
    before: Math.max(0, -first),
    after: Math.max(0, last - size),
  };
}

/** The phase's sub-filter [Jy, Jx, Cout, Cin] from the forward filter [kh, kw, Cin, Cout]. */
function subFilter(backend: BackendWasm, filter: tf.TensorInfo, py: Phase, px: Phase): tf.TensorInfo {
  const [, kw, cin, cout] = filter.shape as [number, number, number, number];
  const jy = py.taps.length;
  const jx = px.taps.length;
  const out = alloc(backend, [jy, jx, cout, cin]);
  const w = heapView(backend, filter);
  const o = heapView(backend, out);
  let i = 0;
  for (let my = 0; my < jy; my++) {
    for (let mx = 0; mx < jx; mx++) {
      const base = (py.taps[my]! * kw + px.taps[mx]!) * cin * cout;
      for (let co = 0; co < cout; co++) for (let ci = 0; ci < cin; ci++) o[i++] = w[base + ci * cout + co]!;
    }
  }
  return out;
}

/** The gradient of one phase: a stride-1 forward convolution of (cropped, padded) dy. @returns [N, qy, qx, Cin] */
function phaseGrad(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  py: Phase,
  px: Phase,
  qy: number,
  qx: number,
): tf.TensorInfo {
  const [n, ho, wo] = dy.shape as [number, number, number, number];
  const cin = filter.shape[2]!;
  if (py.taps.length === 0 || px.taps.length === 0) return zeros(backend, [n, qy, qx, cin]);
  const wy = window1d(py, qy, ho);
  const wx = window1d(px, qx, wo);
  const crop = wy.c0 > 0 || wy.c1 < ho || wx.c0 > 0 || wx.c1 < wo;
  const cout = dy.shape[3]!;
  const src = crop
    ? runKernel(
        backend,
        'Slice',
        { x: dy },
        { begin: [0, wy.c0, wx.c0, 0], size: [n, wy.c1 - wy.c0, wx.c1 - wx.c0, cout] },
      )
    : dy;
  const f = subFilter(backend, filter, py, px);
  const pad = [
    [0, 0],
    [wy.before, wy.after],
    [wx.before, wx.after],
    [0, 0],
  ];
  const out = runKernel(
    backend,
    'Conv2D',
    { x: src, filter: f },
    { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined },
  );
  release(backend, f);
  if (crop) release(backend, src);
  return out;
}

interface Interleave {
  n: number;
  h: number;
  w: number;
  cin: number;
  qy: number;
  qx: number;
  ry: number;
  rx: number;
  sy: number;
  sx: number;
}

/** Copies phase (ry, rx) [N, qy, qx, C] into its rows/columns of dx [N, H, W, C] (a plain heap copy). */
function interleave(heap: Float32Array, src: number, dst: number, g: Interleave): void {
  const { n, h, w, cin, qy, qx, ry, rx, sy, sx } = g;
  for (let b = 0; b < n; b++) {
    for (let q = 0; q < qy; q++) {
      const y = ry + sy * q;
      if (y >= h) break;
      let s = src + (b * qy + q) * qx * cin;
      let d = dst + ((b * h + y) * w + rx) * cin;
      const step = sx * cin;
      for (let p = 0; p < qx && rx + sx * p < w; p++) {
        for (let c = 0; c < cin; c++) heap[d + c] = heap[s + c]!;
        s += cin;
        d += step;
      }
    }
  }
}

/**
 * The input gradient through the FMA panels: each phase's stride-1 convolution reads dy in place
 * (its padding or crop given as pt/pl) and writes its rows and columns of dx in place, so there is
 * no slice, no per-phase tensor and no interleaving copy. Null when the shapes do not suit the
 * panels.
 */
function fmaInputGrad(
  backend: BackendWasm,
  p: Panels,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  inputShape: [number, number, number, number],
): tf.TensorInfo | null {
  const [n, h, w, cin] = inputShape;
  const [, ho, wo, cout] = dy.shape as [number, number, number, number];
  const sy = info.strideHeight;
  const sx = info.strideWidth;
  const phases: { py: Phase; px: Phase; ry: number; rx: number; g: ConvGeometry }[] = [];
  let empty = false;
  for (let ry = 0; ry < sy && ry < h; ry++) {
    const py = phaseOf(ry, sy, info.filterHeight, info.padInfo.top);
    for (let rx = 0; rx < sx && rx < w; rx++) {
      const px = phaseOf(rx, sx, info.filterWidth, info.padInfo.left);
      if (py.taps.length === 0 || px.taps.length === 0) {
        empty = true;
        continue;
      }
      // the phase's own rows and columns of dx: ry, ry + sy, ... below h
      const qy = Math.ceil((h - ry) / sy);
      const qx = Math.ceil((w - rx) / sx);
      const g: ConvGeometry = {
        n,
        h: ho,
        w: wo,
        cin: cout,
        kh: py.taps.length,
        kw: px.taps.length,
        ho: qy,
        wo: qx,
        cout: cin,
        sh: 1,
        sw: 1,
        pt: -py.start,
        pl: -px.start,
      };
      if (!fmaConvOk(g)) return null;
      phases.push({ py, px, ry, rx, g });
    }
  }
  const out = empty ? zeros(backend, inputShape) : alloc(backend, inputShape);
  for (const { py, px, ry, rx, g } of phases) {
    const f = subFilter(backend, filter, py, px);
    fmaConv2d(backend, p, dy, f, g, undefined, {
      out,
      at: (ry * w + rx) * cin,
      pixel: sx * cin,
      row: sy * w * cin,
      image: h * w * cin,
    });
    release(backend, f);
  }
  return out;
}

/**
 * Conv2DBackpropInput for the wasm backend, built from its fast forward convolution. Stride 1:
 * one convolution of padded dy with the 180°-rotated, in/out-swapped filter. Stride s > 1: the
 * input positions split into s×s phases, each a stride-1 convolution with a sub-filter, then
 * interleaved by plain copies in the wasm heap.
 * Inputs: dy [N, Ho, Wo, Cout], filter [kh, kw, Cin, Cout]. Output: dx = attrs.inputShape.
 */
export function conv2dBackpropInputWasm({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropInput on wasm supports NHWC only.');
  const inputShape = attrs.inputShape as [number, number, number, number];
  const info = convInfoOf(inputShape, filter.shape, attrs);
  const panels = fmaPanels(backend);
  const viaPanels = panels ? fmaInputGrad(backend, panels, dy, filter, info, inputShape) : null;
  if (viaPanels) return viaPanels;
  const [n, h, w, cin] = inputShape;
  const sy = info.strideHeight;
  const sx = info.strideWidth;
  const qy = Math.ceil(h / sy);
  const qx = Math.ceil(w / sx);
  const parts: tf.TensorInfo[] = [];
  for (let ry = 0; ry < sy; ry++) {
    const py = phaseOf(ry, sy, info.filterHeight, info.padInfo.top);
    for (let rx = 0; rx < sx; rx++) {
      const px = phaseOf(rx, sx, info.filterWidth, info.padInfo.left);
      parts.push(phaseGrad(backend, dy, filter, py, px, qy, qx));
    }
  }
  if (sy === 1 && sx === 1) return parts[0]!;
  const out = alloc(backend, [n, h, w, cin]);
  const heap = heapF32(backend);
  const dst = offsetF32(backend, out);
  for (let ry = 0; ry < sy; ry++) {
    for (let rx = 0; rx < sx; rx++) {
      const part = parts[ry * sx + rx]!;
      interleave(heap, offsetF32(backend, part), dst, { n, h, w, cin, qy, qx, ry, rx, sy, sx });
    }
  }
  release(backend, ...parts);
  return out;
}
