import fs from 'node:fs';
import { forkChild, TRAINER_NODE_FLAGS } from '../jobs/child-host';
import type { FromTrainer, ToTrainer } from '../ml/engine/process-protocol';
import type { TrainConfig } from '../ml/engine/train-config';
import { AppError, type ErrorInfo } from '../shared/errors';

/** What a short measured warm-up found. */
export interface WarmupResult {
  backend: string;
  /** Training images per second over the timed steps. */
  imagesPerSec: number;
  timedSteps: number;
}

export interface WarmupOptions {
  /** Steps run before timing starts (model build, first-step compilation). */
  untimedSteps?: number;
  /** Steps timed. */
  timedSteps?: number;
  /** Stop timing after this long even with fewer steps (at least one timed step). */
  maxSeconds?: number;
  /** Images in one step (the batch size, or the epoch when it is smaller). */
  imagesPerStep: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

/**
 * Trains a few steps of `config` in the engine's own training process, in a scratch folder,
 * and times them. Validation is left out and the run is made long enough that it never ends on
 * its own; the process is stopped once the steps are timed and the folder is removed.
 */
export async function measureWarmup(config: TrainConfig, scratch: string, o: WarmupOptions): Promise<WarmupResult> {
  const untimed = o.untimedSteps ?? 1;
  const timed = o.timedSteps ?? 3;
  const maxMs = (o.maxSeconds ?? 60) * 1000;
  const cfg: TrainConfig = { ...config, epochs: 1000, val: null, checkpointEverySteps: 0, checkpointEveryMinutes: 0 };
  fs.mkdirSync(scratch, { recursive: true });
  const child = forkChild('train-process', { maxOldSpaceMb: 4096, nodeFlags: TRAINER_NODE_FLAGS });
  let backend = '';
  let t0 = 0;
  let tEnd = 0;
  let images = 0;
  let steps = 0;
  const failure: { error: ErrorInfo | null } = { error: null };
  let stopped = false;
  const stop = (): void => {
    if (!stopped && child.connected) child.send({ type: 'stop' } satisfies ToTrainer);
    stopped = true;
  };
  const onAbort = (): void => {
    child.kill('SIGKILL');
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('message', (m: FromTrainer) => {
    if (m.type === 'started') {
      backend = m.backend;
      o.onProgress?.(0.1, `Warming up on ${m.backend}`);
    } else if (m.type === 'progress' && m.progress.phase === 'train') {
      const step = m.progress.step;
      if (step === untimed) t0 = performance.now();
      else if (step > untimed && !stopped) {
        steps = step - untimed;
        images += o.imagesPerStep;
        tEnd = performance.now();
        o.onProgress?.(0.1 + (0.9 * steps) / timed, `Timed ${steps} of ${timed} steps`);
        if (steps >= timed || performance.now() - t0 > maxMs) stop();
      }
    } else if (m.type === 'error') failure.error = m.error;
  });
  const started = performance.now();
  child.send({ type: 'start', config: cfg, outDir: scratch, resume: null, datasetHash: 'warmup' } satisfies ToTrainer);
  try {
    await exited;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (o.signal?.aborted) throw new AppError('CANCELLED', 'The warm-up was cancelled.');
  if (failure.error) throw new AppError('TRAINING_FAILED', `The warm-up failed: ${failure.error.message}`);
  if (steps === 0 || t0 === 0)
    throw new AppError(
      'TRAINING_FAILED',
      `The warm-up process ended before timing a step (after ${Math.round((performance.now() - started) / 1000)} s).`,
    );
  const seconds = (tEnd - t0) / 1000;
  return { backend, imagesPerSec: images / Math.max(seconds, 1e-6), timedSteps: steps };
}
