import { runWorker } from '../jobs/worker-host';
import type { BackendName, BackendReport } from '../shared/contract/app';
import type { DiagnosticsInput, DiagnosticsResult } from '../workers/diagnostics';

/**
 * Knows which TensorFlow.js backend the app's workers will use. Probing loads the backend in a
 * worker thread, so the thread that answers the UI never loads TensorFlow.js itself.
 */
export class BackendService {
  private cached: BackendReport | null = null;
  private pending: Promise<BackendReport> | null = null;

  constructor(private readonly preferred: () => BackendName | 'auto') {}

  /** The last probe, or an empty report when none has run yet. */
  report(): BackendReport {
    const forced = this.preferred();
    return this.cached ?? { selected: null, forced: forced === 'auto' ? null : forced, attempts: [], probedAt: null };
  }

  probe(force = false): Promise<BackendReport> {
    if (this.pending && !force) return this.pending;
    const input: DiagnosticsInput = { backend: this.preferred(), size: 0, repeats: 0 };
    this.pending = runWorker<DiagnosticsResult>('diagnostics', input).then(
      (r) => (this.cached = r.report),
      (e: unknown) => {
        this.pending = null;
        throw e;
      },
    );
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
    this.pending = null;
  }
}
