import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/app/services';
import type { SweepDTO } from '../../../src-main/shared/contract/sweeps';
import { tmpDir } from '../../helpers/tmp';
import { services, synthIntoDataset } from '../fixture';

describe('SweepsService with the real trainer', () => {
  const tmp = tmpDir();
  let s: Services;
  let datasetId: number;
  const updates: SweepDTO[] = [];
  const base = () => ({ datasetId, backbone: 'small' as const, imageSize: 128, batchSize: 2, epochs: 1 });

  beforeAll(async () => {
    s = services(path.join(tmp.dir, 'data'));
    s.bus.subscribe((name, payload) => {
      if (name === 'sweeps:onUpdate') updates.push(payload as SweepDTO);
    });
    datasetId = await synthIntoDataset(s, 'grid', 'train', 4, 21);
    await synthIntoDataset(s, 'grid', 'val', 1, 22);
  });
  afterAll(async () => {
    await s.close();
    tmp.cleanup();
  });

  async function settle(sweepId: number): Promise<SweepDTO> {
    const job = s.sweeps.get(sweepId).jobId!;
    await s.jobs.wait(job);
    return s.sweeps.get(sweepId);
  }

  it('trains every cell of the grid one after another and summarises the results', async () => {
    const sweep = s.sweeps.create({ base: base(), axes: { batchSize: [1, 2], imageSize: [128] } });
    expect(sweep.name).toBe('Sweep 1: image size × batch size');
    expect(sweep.cells.map((c) => c.label)).toEqual(['128 px · batch 1', '128 px · batch 2']);
    expect(sweep.status).toBe('queued');
    const done = await settle(sweep.id);
    expect(done.status).toBe('completed');
    expect(done.cells.map((c) => c.status)).toEqual(['completed', 'completed']);
    const runs = done.cells.map((c) => s.experiments.get(c.runId!));
    expect(runs.map((r) => r.settings.batchSize)).toEqual([1, 2]);
    expect(runs.every((r) => r.sweepId === sweep.id)).toBe(true);
    // one after another: the second run started after the first finished
    expect(Date.parse(runs[1]!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(runs[0]!.finishedAt!));
    expect(done.cells.every((c) => c.bestAp50 !== null && c.lastValLoss !== null)).toBe(true);
    expect(done.bestCell).not.toBeNull();
    expect(updates.some((u) => u.id === sweep.id && u.status === 'running')).toBe(true);
    expect(s.sweeps.list()[0]!.id).toBe(sweep.id);
  });

  it('cancels a sweep while a run trains: the run stops resumable, the rest stays pending, and resume finishes it', async () => {
    const sweep = s.sweeps.create({ name: 'cancel me', base: { ...base(), epochs: 3 }, axes: { batchSize: [1, 2] } });
    // cancel once the first run has taken a step
    await new Promise<void>((resolve) => {
      const unsub = s.bus.subscribe((name, p) => {
        if (name === 'runs:onProgress' && (p as { step: number }).step >= 1) {
          unsub();
          resolve();
        }
      });
    });
    s.sweeps.cancel(sweep.id);
    const cancelled = await settle(sweep.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cells[0]!.status).toBe('stopped');
    expect(cancelled.cells[1]!.status).toBe('pending');
    expect(() => s.sweeps.resume(sweep.id + 100)).toThrow(/does not exist/);

    const resumed = s.sweeps.resume(sweep.id);
    expect(resumed.status).toBe('queued');
    const done = await settle(sweep.id);
    expect(done.status).toBe('completed');
    expect(done.cells.map((c) => c.status)).toEqual(['completed', 'completed']);
    // the first cell's run was resumed, not replaced
    expect(done.cells[0]!.runId).toBe(cancelled.cells[0]!.runId);
    expect(() => s.sweeps.resume(sweep.id)).toThrow(/finished every run/);
  });

  it('refuses an empty grid and one with too many runs, and warns that a dataset ignores the synthetic share', () => {
    expect(() => s.sweeps.create({ base: base(), axes: {} })).toThrow(/at least one value/);
    const many = [128, 160, 192, 224, 256, 288, 320, 352, 384];
    expect(() =>
      s.sweeps.create({ base: base(), axes: { imageSize: many, batchSize: [1, 2, 3, 4, 5, 6, 7, 8] } }),
    ).toThrow(/72 runs; a sweep holds at most 64/);
    expect(() =>
      s.sweeps.create({ base: { ...base(), init: 'default' }, axes: { backbone: ['small', 'medium'] } }),
    ).toThrow(/Start from scratch to sweep over backbones/);
    const shared = s.sweeps.create({ base: base(), axes: { syntheticShare: [0.2] } });
    expect(shared.warning).toMatch(/synthetic share/);
    s.sweeps.cancel(shared.id);
  });
});
