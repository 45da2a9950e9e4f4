import path from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';
import type { BackendAttempt, BackendName, BackendReport } from '../shared/contract/app';
import { registerWasmTrainingKernels } from './kernels/register-wasm';

/** The order tried when nothing is forced: fastest first. */
export const BACKEND_ORDER: readonly BackendName[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];

export interface LoadedBackend {
  tf: typeof TF;
  name: BackendName;
  report: BackendReport;
}

function describe(e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (err?.code === 'MODULE_NOT_FOUND' || err?.code === 'ERR_MODULE_NOT_FOUND') {
    return 'not installed (an optional dependency whose install could not fetch its native library)';
  }
  const msg = String(err?.message ?? e).split('\n')[0] ?? '';
  return `failed to load: ${msg.slice(0, 200)}`;
}

/** Directory holding the tfjs wasm binaries (with a trailing separator, as tfjs expects). */
export function wasmDir(): string {
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(pkg), 'dist') + path.sep;
}

async function tryBackend(name: BackendName, tf: typeof TF): Promise<void> {
  switch (name) {
    case 'tfjs-node-gpu':
      // Native packages may be present without their binary; any throw means "not usable".
      require('@tensorflow/tfjs-node-gpu');
      break;
    case 'tfjs-node':
      require('@tensorflow/tfjs-node');
      break;
    case 'wasm': {
      const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmDir());
      // The kernels wasm lacks for training (and faster ones for its slow backprop kernels).
      registerWasmTrainingKernels();
      break;
    }
    case 'cpu':
      require('@tensorflow/tfjs-backend-cpu');
      break;
  }
  const tfName = name === 'tfjs-node-gpu' || name === 'tfjs-node' ? 'tensorflow' : name;
  const ok = await tf.setBackend(tfName);
  if (!ok) throw new Error(`tf.setBackend('${tfName}') returned false`);
  await tf.ready();
  // The pure-JS backend greets Node users with a banner on first use; the CLI prints JSON.
  if (name === 'cpu') (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
}

/**
 * Loads the best available TensorFlow.js backend, or the forced one. Every attempt and the reason
 * for each fallback are reported so the UI and CLI can show them.
 */
export async function loadBackend(forced: BackendName | 'auto' | null = null): Promise<LoadedBackend> {
  const tf = require('@tensorflow/tfjs-core') as typeof TF;
  const force = forced && forced !== 'auto' ? forced : null;
  const order = force ? [force] : BACKEND_ORDER;
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    try {
      await tryBackend(name, tf);
      attempts.push({ name, ok: true, reason: force ? 'selected (forced by setting)' : 'selected' });
      return { tf, name, report: { selected: name, forced: force, attempts, probedAt: new Date().toISOString() } };
    } catch (e) {
      attempts.push({ name, ok: false, reason: describe(e) });
    }
  }
  const detail = attempts.map((a) => `${a.name}: ${a.reason}`).join('; ');
  throw Object.assign(new Error(`No TensorFlow.js backend could be loaded (${detail}).`), { attempts });
}
