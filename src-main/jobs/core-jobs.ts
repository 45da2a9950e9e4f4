import type { Services } from '../app/services';
import type { DiagnosticsInput, DiagnosticsResult } from '../workers/diagnostics';
import { runWorker } from './worker-host';

/** Jobs that belong to no domain: the ML backend check. */
export function registerCoreJobs(s: Services): void {
  s.jobs.register<{ size: number }, DiagnosticsResult>({
    kind: 'diagnostics',
    lane: 'diagnostics',
    title: (p) => `Check ML backend speed (${p.size}×${p.size} matrix products)`,
    run: async (p, ctx) => {
      const input: DiagnosticsInput = { backend: s.settings.get().mlBackend, size: p.size, repeats: 20 };
      ctx.progress(0, 'Loading the ML backend');
      return runWorker<DiagnosticsResult>('diagnostics', input, {
        signal: ctx.signal,
        onProgress: (f, m) => ctx.progress(f, m),
      });
    },
  });
}
