import { defineWorker } from '../jobs/worker-side';
import { loadBackend } from '../ml/backend';
import type { BackendName, BackendReport } from '../shared/contract/app';

export interface DiagnosticsInput {
  backend: BackendName | 'auto';
  /** Matrix size for the speed probe; 0 only loads the backend. */
  size: number;
  repeats: number;
}

export interface DiagnosticsResult {
  report: BackendReport;
  gflops: number | null;
}

defineWorker<DiagnosticsInput, DiagnosticsResult>(async (input, tools) => {
  const { tf, report } = await loadBackend(input.backend);
  if (input.size <= 0) return { report, gflops: null };
  const n = input.size;
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  let seconds = 0;
  for (let i = 0; i < input.repeats; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    seconds += (performance.now() - t0) / 1000;
    tools.progress((i + 1) / input.repeats, `matrix product ${i + 1} of ${input.repeats}`);
  }
  a.dispose();
  b.dispose();
  const gflops = (2 * n * n * n * input.repeats) / seconds / 1e9;
  return { report, gflops: Math.round(gflops * 100) / 100 };
});
