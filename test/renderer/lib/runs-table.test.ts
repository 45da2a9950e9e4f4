import { describe, expect, it } from 'vitest';
import type { ExperimentRunDTO } from '../../../src-main/shared/contract/experiments';
import { queryRuns } from '../../../src-renderer/src/lib/runs-table';

function run(id: number, o: Partial<ExperimentRunDTO> & { batch?: number; size?: number } = {}): ExperimentRunDTO {
  return {
    id,
    name: `run ${id}`,
    status: 'completed',
    settings: {
      backbone: 'small',
      imageSize: o.size ?? 512,
      batchSize: o.batch ?? 8,
      epochs: 12,
      lr: 0.002,
      weightDecay: 0.05,
      schedule: 'cosine',
      seed: 1,
      augment: true,
      syntheticShare: null,
      classes: null,
      init: null,
    },
    datasetId: 1,
    datasetHash: 'abcdef0123456789',
    backend: 'wasm',
    appVersion: '0.1.0',
    outDir: null,
    stepsDone: 10,
    stepsTotal: 10,
    bestAp50: null,
    bestMap: null,
    error: null,
    resumable: false,
    createdAt: `2026-01-0${id}T00:00:00Z`,
    startedAt: null,
    finishedAt: null,
    notes: null,
    tags: [],
    archived: false,
    sweepId: null,
    datasetName: 'default',
    durationSeconds: null,
    lastValLoss: null,
    imagesPerSec: null,
    ...o,
  };
}

describe('queryRuns', () => {
  const runs = [
    run(1, { bestAp50: 0.5, batch: 16, tags: ['baseline'] }),
    run(2, { bestAp50: null, status: 'failed', notes: 'NaN at step 40' }),
    run(3, { bestAp50: 0.9, size: 640 }),
  ];

  it('sorts by a column both ways with missing values last', () => {
    const q = { text: '', status: '', sort: 'bestAp50' as const, desc: true };
    expect(queryRuns(runs, q).map((r) => r.id)).toEqual([3, 1, 2]);
    expect(queryRuns(runs, { ...q, desc: false }).map((r) => r.id)).toEqual([1, 3, 2]);
    expect(queryRuns(runs, { ...q, sort: 'batchSize', desc: false }).map((r) => r.id)).toEqual([3, 2, 1]);
  });

  it('filters by every word over name, notes, tags, status and settings shorthands', () => {
    const q = { text: '', status: '', sort: 'id' as const, desc: false };
    expect(queryRuns(runs, { ...q, text: 'baseline' }).map((r) => r.id)).toEqual([1]);
    expect(queryRuns(runs, { ...q, text: 'nan' }).map((r) => r.id)).toEqual([2]);
    expect(queryRuns(runs, { ...q, text: '640px' }).map((r) => r.id)).toEqual([3]);
    expect(queryRuns(runs, { ...q, text: 'b16 baseline' }).map((r) => r.id)).toEqual([1]);
    expect(queryRuns(runs, { ...q, text: 'b16 nan' })).toEqual([]);
    expect(queryRuns(runs, { ...q, status: 'failed' }).map((r) => r.id)).toEqual([2]);
  });
});
