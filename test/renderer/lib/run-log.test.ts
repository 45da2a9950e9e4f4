import { describe, expect, it } from 'vitest';
import type { RunDTO, RunProgressEvent } from '../../../src-main/shared/contract/runs';
import { logLinesFor, withoutRepeatedErrors } from '../../../src-renderer/src/lib/run-log';

const progress = (step: number, phase: 'train' | 'validate' = 'train'): RunProgressEvent => ({
  runId: 1,
  step,
  totalSteps: 100,
  epoch: step / 50,
  epochs: 2,
  losses: { total: 1.5 },
  lr: 0.001,
  imagesPerSec: 4.2,
  etaSeconds: 10,
  memoryMb: 500,
  phase,
});

describe('run event log', () => {
  it('logs the first step, every tenth of the run and the start of validation', () => {
    expect(logLinesFor.progress(null, progress(1))[0]!.text).toBe(
      'Step 1/100 · epoch 0.02 · loss 1.500 · 4.2 images/s',
    );
    expect(logLinesFor.progress(progress(1), progress(2))).toEqual([]);
    expect(logLinesFor.progress(progress(9), progress(10))).toHaveLength(1);
    expect(logLinesFor.progress(progress(50), progress(50, 'validate'))[0]!.text).toBe('Validating after epoch 1…');
    expect(logLinesFor.progress(progress(50, 'validate'), progress(50, 'validate'))).toEqual([]);
  });

  it('logs validation results once per epoch, not per-step training points', () => {
    const m = (names: string[]) => ({
      runId: 1,
      points: names.map((name) => ({ name, step: 50, epoch: 1, value: 0.25 })),
    });
    expect(logLinesFor.metrics(m(['train/loss', 'train/lr']))).toEqual([]);
    expect(logLinesFor.metrics(m(['val/loss', 'val/AP', 'val/AP50']))[0]!.text).toBe(
      'Epoch 1: val loss 0.250, mAP 0.250, AP50 0.250',
    );
  });

  it('logs status changes, errors and new checkpoints', () => {
    const base = { id: 1, status: 'running', backend: 'wasm', error: null } as unknown as RunDTO;
    const ck = { id: 7, step: 50, epoch: 1, path: '/x', sha256: 'a', isBest: true, metrics: null, createdAt: '' };
    const lines = logLinesFor.update(base, {
      ...base,
      status: 'failed',
      error: 'The loss became NaN.',
      checkpoints: [ck],
    });
    expect(lines.map((l) => l.text)).toEqual([
      'Run 1 failed.',
      'The loss became NaN.',
      'Checkpoint at step 50 (best so far).',
    ]);
    expect(logLinesFor.update({ ...base, checkpoints: [ck] }, { ...base, checkpoints: [ck] })).toEqual([]);
  });

  it("logs the engine's sentences with their level and step", () => {
    const warn = logLinesFor.engine({
      runId: 1,
      level: 'warn',
      step: 5,
      message: 'Loss is NaN at step 5: back to step 4 with half the learning rate.',
    });
    expect(warn).toMatchObject([
      { kind: 'warn', text: 'Step 5: Loss is NaN at step 5: back to step 4 with half the learning rate.' },
    ]);
    const start = logLinesFor.engine({ runId: 1, level: 'info', step: 0, message: 'Training on wasm with 2 threads.' });
    expect(start).toMatchObject([{ kind: 'info', text: 'Training on wasm with 2 threads.' }]);
  });

  it('shows a failure once when it arrives both from the engine and as the run error', () => {
    const fromEngine = logLinesFor.engine({ runId: 1, level: 'error', step: 7, message: 'The loss became NaN.' });
    const base = { id: 1, status: 'running', backend: 'wasm', error: null } as unknown as RunDTO;
    const fromRun = logLinesFor.update(base, { ...base, status: 'failed', error: 'The loss became NaN.' });
    const log = withoutRepeatedErrors([], fromEngine);
    expect(log.map((l) => l.text)).toEqual(['Step 7: The loss became NaN.']);
    expect(withoutRepeatedErrors(log, fromRun).map((l) => l.text)).toEqual(['Run 1 failed.']);
    const other = logLinesFor.engine({ runId: 1, level: 'error', step: 8, message: 'Out of memory.' });
    expect(withoutRepeatedErrors(log, other)).toHaveLength(1);
  });
});
