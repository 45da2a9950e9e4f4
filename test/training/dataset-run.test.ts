import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { startRunSchema } from '../../src-main/shared/contract/runs';
import { tmpDir } from '../helpers/tmp';
import { addDrawnDocument, drawPages } from '../ml/draw-pages';

describe('a training run on a dataset of the library', () => {
  const tmp = tmpDir('redlab-dataset-run-');
  let s: Services;
  let datasetId: number;

  beforeAll(async () => {
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), transport: 'test' });
    const set = drawPages(path.join(tmp.dir, 'pages'), 6, 31);
    const doc = (name: string, from: number, to: number) => addDrawnDocument(s, set, name, 'image', from, to);
    const train = await doc('train doc', 0, 4);
    const val = await doc('val doc', 4, 6);
    datasetId = s.datasets.create('library set').id;
    s.datasets.assignSplit(datasetId, [train.documentId], 'train');
    s.datasets.assignSplit(datasetId, [val.documentId], 'val');
  });
  afterAll(async () => {
    await s.close();
    tmp.cleanup();
  });

  it('trains on the train split, validates on the val split and records the dataset version', async () => {
    const run = s.training.start(startRunSchema.parse({ datasetId, imageSize: 128, batchSize: 2, epochs: 2 }), {
      backend: 'wasm',
      threads: 1,
    });
    expect(run.datasetId).toBe(datasetId);
    expect(run.outDir).toBe(path.join(s.paths.runs, String(run.id)));
    const done = await s.training.wait(run.id);
    expect(done.status).toBe('completed');
    expect(done.stepsDone).toBe(4);
    expect(done.datasetHash).toBe(s.datasets.hash(datasetId));
    const ap = s.training.metrics(run.id, ['val/AP50'])[0]!;
    expect(ap.points.map((p) => p.step)).toEqual([2, 4]);
    const train = JSON.parse(fs.readFileSync(path.join(done.outDir!, 'data', 'train.json'), 'utf8')) as {
      images: unknown[];
    };
    expect(train.images).toHaveLength(4);
    expect(done.bestAp50).not.toBeNull();
  }, 600_000);
});
