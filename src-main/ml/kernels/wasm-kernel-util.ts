import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** A kernel's inputs, attributes and backend, as tfjs passes them to a kernel function. */
export interface KernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  attrs: Record<string, unknown>;
  backend: BackendWasm;
}

/** Kernel functions captured at registration, so an override can still call the stock one. */
const stock = new Map<string, tf.KernelFunc>();

/**
 * Remembers the stock wasm kernel `name` (if any) before it is overridden, and returns its setup
 * function: an override must keep it, or the stock kernel is never bound to its wasm function.
 */
export function captureStock(name: string): tf.KernelConfig['setupFunc'] {
  const k = tf.getKernel(name, 'wasm');
  if (k && !stock.has(name)) stock.set(name, k.kernelFunc);
  return k?.setupFunc;
}

/** The stock wasm kernel `name`, as it was before this project overrode it. */
export function stockKernel(name: string): tf.KernelFunc {
  const k = stock.get(name) ?? tf.getKernel(name, 'wasm')?.kernelFunc;
  if (!k) throw new Error(`The wasm backend has no kernel ${name}.`);
  return k;
}

/** Runs the wasm kernel `name` (the current registration) on TensorInfos; the caller owns the output. */
export function runKernel(
  backend: BackendWasm,
  name: string,
  inputs: Record<string, tf.TensorInfo>,
  attrs: Record<string, unknown> = {},
): tf.TensorInfo {
  const fn = tf.getKernel(name, 'wasm')?.kernelFunc;
  if (!fn) throw new Error(`The wasm backend has no kernel ${name}.`);
  return fn({ inputs, backend, attrs } as never) as tf.TensorInfo;
}

/** Runs the stock wasm kernel `name` even where this project registered an override. */
export function runStock(
  backend: BackendWasm,
  name: string,
  inputs: Record<string, tf.TensorInfo>,
  attrs: Record<string, unknown> = {},
): tf.TensorInfo {
  return stockKernel(name)({ inputs, backend, attrs } as never) as tf.TensorInfo;
}

/** Frees intermediate results made inside a kernel. */
export function release(backend: BackendWasm, ...infos: (tf.TensorInfo | null | undefined)[]): void {
  for (const t of infos) if (t) backend.disposeData(t.dataId);
}

/** Reshapes (shares the data; release the result like any other). */
export function reshape(backend: BackendWasm, x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return runKernel(backend, 'Reshape', { x }, { shape });
}

/** Transposes with the wasm (XNNPACK) transpose kernel. */
export function transpose(backend: BackendWasm, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return runKernel(backend, 'Transpose', { x }, { perm });
}

/**
 * A Float32Array view of a tensor's data in the wasm heap. Take views only after the last
 * allocation of a kernel: growing the heap detaches earlier views.
 */
export function heapView(backend: BackendWasm, t: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/** The whole wasm heap as floats (re-read after every allocation: growth replaces it). */
export function heapF32(backend: BackendWasm): Float32Array {
  return (backend.wasm as unknown as { HEAPF32: Float32Array }).HEAPF32;
}

/** Index of a tensor's first float in `heapF32`. */
export function offsetF32(backend: BackendWasm, t: tf.TensorInfo): number {
  return addrOf(backend, t) / 4;
}

/**
 * Byte address of a tensor's data in the wasm heap, as this project's own SIMD modules take it;
 * 0 for none (they read 0 as "not given").
 */
export function addrOf(backend: BackendWasm, t: tf.TensorInfo | null | undefined): number {
  return t ? backend.getMemoryOffset(t.dataId) : 0;
}

/** tfjs's geometry of an NHWC convolution kernel call (strides, padding and rounding from its attrs). */
export function convInfoOf(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: Record<string, unknown>,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as number | [number, number],
    1,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'floor' | undefined,
  );
}

/** Allocates an uninitialised float32 output in the wasm heap. */
export function alloc(backend: BackendWasm, shape: number[]): tf.TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/** Allocates a float32 output filled with zeros. */
export function zeros(backend: BackendWasm, shape: number[]): tf.TensorInfo {
  const out = alloc(backend, shape);
  heapView(backend, out).fill(0);
  return out;
}

/**
 * The wasm backend's linear memory (the non-threaded build exports it as asm.memory), which this
 * project's own SIMD modules import; null where it is not a plain WebAssembly.Memory.
 */
export function backendMemory(backend: BackendWasm): WebAssembly.Memory | null {
  const m = backend.wasm as unknown as { asm?: { memory?: unknown }; wasmMemory?: unknown };
  const mem = m.asm?.memory ?? m.wasmMemory;
  return mem instanceof WebAssembly.Memory ? mem : null;
}

const ownModules = new WeakMap<WebAssembly.Memory, Map<string, WebAssembly.Exports | null>>();

/**
 * The exports of one of this project's own SIMD modules (`bytes`, built once per memory and
 * `key`) instantiated against `backend`'s memory, or null where that cannot be done (no plain
 * memory, e.g. a shared-memory build, or a runtime that rejects the module).
 */
export function ownModule(
  backend: BackendWasm,
  key: string,
  bytes: () => Uint8Array<ArrayBuffer>,
): WebAssembly.Exports | null {
  const memory = backendMemory(backend);
  if (!memory) return null;
  let byKey = ownModules.get(memory);
  if (!byKey) ownModules.set(memory, (byKey = new Map<string, WebAssembly.Exports | null>()));
  if (byKey.has(key)) return byKey.get(key)!;
  let made: WebAssembly.Exports | null = null;
  try {
    made = new WebAssembly.Instance(new WebAssembly.Module(bytes()), { env: { memory } }).exports;
  } catch {
    made = null;
  }
  byKey.set(key, made);
  return made;
}
