import { describe, expect, it } from 'vitest';
import { toSweepDto } from '../../../src-main/experiments/sweeps/sweep-dto';
import type { ExperimentRunDTO } from '../../../src-main/shared/contract/experiments';

const run = (id: number, bestAp50: number | null, bestMap: number | null, lastValLoss: number | null) =>
  ({
    id,
    status: 'completed',
    bestAp50,
    bestMap,
    lastValLoss,
    imagesPerSec: 3,
    durationSeconds: 10,
  }) as ExperimentRunDTO;

describe('sweep summary', () => {
  it('marks the best cell by AP50, then mAP, then the lower validation loss', () => {
    const plan = {
      base: { datasetId: 1 },
      axes: { batchSize: [1, 2, 3, 4], syntheticShare: [0.5] },
      cells: [1, 2, 3, 4].map((b, i) => ({ params: { batchSize: b }, runId: i < 3 ? 10 + i : null, error: null })),
      jobId: null,
      error: null,
    };
    const runs = new Map([
      [10, run(10, 0.5, 0.2, 1.0)],
      [11, run(11, 0.5, 0.2, 0.8)],
      [12, run(12, 0.4, 0.3, 0.1)],
    ]);
    const dto = toSweepDto({ id: 1, name: 's', status: 'running', plan, createdAt: '' }, runs);
    expect(dto.bestCell).toBe(1);
    expect(dto.cells.map((c) => c.status)).toEqual(['completed', 'completed', 'completed', 'pending']);
    expect(dto.cells[3]).toMatchObject({ runId: null, bestAp50: null, label: 'batch 4' });
    expect(dto.warning).toMatch(/synthetic share/);
  });
});
