import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { startRunSchema } from '../../src-main/shared/contract/runs';
import { tmpDir } from '../helpers/tmp';
import { drawPages, type DrawnSet } from '../ml/draw-pages';
import { iterations, recordFigure, rng } from './helpers';

/** 8 pages, batch 4: 2 steps per epoch; a checkpoint after every step. */
const OVERRIDES = { threads: 2, checkpointEverySteps: 1, backend: 'wasm' as const, warmupSteps: 2 };
const EPOCHS = 12;
const STEPS = EPOCHS * 2;

async function until<T>(f: () => T | null | undefined | false, timeoutMs = 300_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const weights = (dir: string): Buffer => fs.readFileSync(path.join(dir, 'weights.bin'));

describe('training under SIGKILL', () => {
  const tmp = tmpDir('redlab-train-kill-');
  let s: Services;
  let set: DrawnSet;
  const request = (out: string) =>
    startRunSchema.parse({
      train: [{ coco: set.coco, images: set.images }],
      imageSize: 128,
      batchSize: 4,
      epochs: EPOCHS,
      init: 'none',
      outDir: path.join(tmp.dir, out),
    });

  beforeAll(() => {
    set = drawPages(path.join(tmp.dir, 'pages'), 8, 23);
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), transport: 'test' });
  });
  afterAll(async () => {
    await s.close();
    tmp.cleanup();
  });

  it('resumes after every kill to exactly the planned steps, never from a torn checkpoint, without duplicate points', async () => {
    const reference = await s.training.wait(s.training.start(request('reference'), OVERRIDES).id);
    expect(reference.status).toBe('completed');

    const kills = iterations(10);
    const random = rng();
    const run = s.training.start(request('killed'), OVERRIDES);
    let badResumes = 0;
    let corrupted = 0;
    for (let k = 0; k < kills; k++) {
      // kill at a random step that is still ahead (leaving the last steps for the final resume)
      const done = s.training.get(run.id).stepsDone;
      const target = Math.min(STEPS - 2, done + 1 + Math.floor(random.next() * 2));
      await until(() => s.training.get(run.id).stepsDone >= target || s.training.get(run.id).status !== 'running');
      await new Promise((r) => setTimeout(r, random.next() * 150));
      const pid = s.training.pid(run.id);
      if (!pid) break; // finished before the kill
      process.kill(pid, 'SIGKILL');
      const killed = await s.training.wait(run.id);
      if (killed.status !== 'interrupted' || !killed.resumable) badResumes++;
      const cps = s.training.get(run.id).checkpoints;
      if (k % 3 === 1 && cps.length > 1) {
        // tear the newest checkpoint on purpose: the previous one must be used
        fs.writeFileSync(path.join(cps[0]!.path, 'weights.bin'), Buffer.alloc(7));
        corrupted++;
      }
      const resumed = s.training.resume(run.id);
      if (resumed.status !== 'running') badResumes++;
    }
    const final = await s.training.wait(run.id);
    expect(final.status).toBe('completed');
    expect(final.stepsDone).toBe(STEPS);
    const loss = s.training.metrics(run.id, ['train/loss'])[0]!;
    const steps = loss.points.map((p) => p.step);
    if (JSON.stringify(steps) !== JSON.stringify(Array.from({ length: STEPS }, (_v, i) => i + 1))) badResumes++;
    if (!weights(final.outDir!).equals(weights(reference.outDir!))) badResumes++;
    recordFigure('training-kills', { kills, badResumes, corrupted });
    expect(steps).toEqual(Array.from({ length: STEPS }, (_v, i) => i + 1));
    expect(corrupted).toBeGreaterThan(0);
    expect(badResumes).toBe(0);
  }, 900_000);
});
