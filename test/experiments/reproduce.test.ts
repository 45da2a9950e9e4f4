import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src-main/app/services';
import { tmpDir } from '../helpers/tmp';
import { services, synthIntoDataset } from './fixture';

describe('reproducing and measuring runs with the real trainer', () => {
  const tmp = tmpDir();
  let s: Services;
  let datasetId: number;

  beforeAll(async () => {
    s = services(path.join(tmp.dir, 'data'));
    datasetId = await synthIntoDataset(s, 'tiny', 'train', 4, 11);
    await synthIntoDataset(s, 'tiny', 'val', 1, 12);
  });
  afterAll(async () => {
    await s.close();
    tmp.cleanup();
  });

  const trainLoss = (runId: number) =>
    s.training.metrics(runId, ['train/loss'])[0]!.points.map((p) => [p.step, p.value]);

  it('reproduces a run with the same config and data, giving the same training curve', async () => {
    const first = s.training.start({ datasetId, backbone: 'small', imageSize: 128, batchSize: 2, epochs: 1, seed: 4 });
    expect((await s.training.wait(first.id)).status).toBe('completed');
    const again = s.experiments.reproduce(first.id);
    expect(again.id).not.toBe(first.id);
    expect(again.name).toMatch(/\(reproduction\)$/);
    expect((await s.training.wait(again.id)).status).toBe('completed');
    expect(s.experiments.get(again.id).notes).toMatch(`Reproduction of run ${first.id}`);
    expect(s.experiments.lineage(again.id).datasetHash).toBe(s.experiments.lineage(first.id).datasetHash);
    expect(s.experiments.lineage(again.id).config).toMatchObject({ seed: 4, batchSize: 2, imageSize: 128 });
    expect(trainLoss(again.id)).toEqual(trainLoss(first.id));

    // once the dataset changes, "Reproduce" trains on the run's own copy of its splits
    await synthIntoDataset(s, 'tiny', 'train', 1, 13);
    const lin = s.experiments.lineage(first.id);
    expect(lin.currentDatasetHash).not.toBe(lin.datasetHash);
    expect(lin.reproduceNote).toMatch(/copy of the splits/);
    const third = s.experiments.reproduce(first.id);
    expect((await s.training.wait(third.id)).status).toBe('completed');
    expect(trainLoss(third.id)).toEqual(trainLoss(first.id));
  });

  it("starts a run from an earlier run's exported model and offers it again when duplicating", async () => {
    const base = s.training.list().find((r) => r.status === 'completed')!;
    const option = s.experiments.weightOptions().find((o) => o.key === `run:${base.id}`)!;
    expect(option).toMatchObject({ available: true, backbone: 'small', init: base.outDir });
    const tuned = s.training.start({
      datasetId,
      backbone: 'small',
      imageSize: 128,
      batchSize: 2,
      epochs: 1,
      init: option.init,
    });
    expect((await s.training.wait(tuned.id)).status).toBe('completed');
    expect(s.experiments.lineage(tuned.id).config.init).toBe(base.outDir);
    expect(s.experiments.draft(tuned.id).weights).toBe(`run:${base.id}`);
    const cmp = s.experiments.compare([base.id, tuned.id]);
    expect(cmp.differences.find((d) => d.key === 'init')?.values[1]).toBe(`runs/${base.id}`);
  });

  it('measures the training speed with a short warm-up job and turns it into an estimate', async () => {
    const job = s.experiments.startMeasure({ datasetId, backbone: 'small', imageSize: 128, batchSize: 2, epochs: 10 });
    const done = await s.jobs.wait(job.id);
    expect(done.status, done.error?.message).toBe('succeeded');
    const est = done.result as { source: string; imagesPerSec: number; totalSteps: number; totalSeconds: number };
    expect(est.source).toBe('warmup');
    expect(est.imagesPerSec).toBeGreaterThan(0);
    // 5 training pages now, batch 2: 2 steps per epoch
    expect(est.totalSteps).toBe(20);
    expect(est.totalSeconds).toBeGreaterThan(0);
    // the scratch folder is gone and no run was recorded for it
    expect(s.training.list().every((r) => !r.outDir?.includes('warmup'))).toBe(true);
  });
});
