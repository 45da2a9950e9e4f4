import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { loadCocoDataset } from '../../src-main/ml/data/coco-dataset';
import { epochOrder } from '../../src-main/ml/engine/batches';
import { startRunSchema } from '../../src-main/shared/contract/runs';
import { buildRunConfig } from '../../src-main/training/run-config';
import { tmpDir } from '../helpers/tmp';
import { addDrawnDocument, drawPages } from '../ml/draw-pages';

describe('synthetic documents of a dataset in a training run', () => {
  const tmp = tmpDir('redlab-dataset-synthetic-');
  let s: Services;
  let datasetId: number;

  beforeAll(async () => {
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), transport: 'test' });
    const set = drawPages(path.join(tmp.dir, 'pages'), 10, 47);
    const doc = (name: string, kind: 'image' | 'synthetic', from: number, to: number) =>
      addDrawnDocument(s, set, name, kind, from, to);
    const scan = await doc('scanned letter', 'image', 0, 2);
    const synthetic = await doc('synthetic pages', 'synthetic', 2, 8);
    const val = await doc('val scan', 'image', 8, 10);
    datasetId = s.datasets.create('mixed set').id;
    s.datasets.assignSplit(datasetId, [scan.documentId, synthetic.documentId], 'train');
    s.datasets.assignSplit(datasetId, [val.documentId], 'val');
  });
  afterAll(async () => {
    await s.close();
    tmp.cleanup();
  });

  const request = (extra: object) =>
    startRunSchema.parse({ datasetId, imageSize: 128, batchSize: 2, epochs: 1, init: 'none', ...extra });

  it('trains the pages of synthetic documents as a synthetic source, apart from the real pages', () => {
    const { config } = buildRunConfig(request({}), path.join(tmp.dir, 'run-a'), s.datasets);
    expect(config.train.map((t) => t.source)).toEqual(['real', 'synthetic']);
    const pages = config.train.map((t) => loadCocoDataset(t.coco, t.images, { source: t.source }).samples);
    expect(pages.map((p) => p.length)).toEqual([2, 6]);
    expect(pages.flat().every((p) => fs.existsSync(p.file))).toBe(true);
    expect(config.val?.source).toBe('real');
    expect(loadCocoDataset(config.val!.coco, config.val!.images).samples).toHaveLength(2);
  });

  it('makes the synthetic share decide how many synthetic pages an epoch sees', () => {
    const { config } = buildRunConfig(request({ syntheticShare: 0.5 }), path.join(tmp.dir, 'run-b'), s.datasets);
    const samples = config.train.flatMap((t) => loadCocoDataset(t.coco, t.images, { source: t.source }).samples);
    const sources = (share: number) => epochOrder(samples, 1, 0, share).map((i) => samples[i]!.source === 'synthetic');
    // 2 real pages: share 0.5 adds 2 synthetic pages, share 0.75 adds 6.
    expect(sources(0.5).filter(Boolean)).toHaveLength(2);
    expect(sources(0.5)).toHaveLength(4);
    expect(sources(0.75).filter(Boolean)).toHaveLength(6);
  });

  it('runs an epoch of every real page plus the share of synthetic ones', async () => {
    const run = s.training.start(request({ syntheticShare: 0.5 }), { backend: 'wasm', threads: 1 });
    const done = await s.training.wait(run.id);
    expect(done.status).toBe('completed');
    // 2 real + 2 synthetic pages at batch 2: 2 steps (all 8 pages as one source would be 4).
    expect(done.stepsTotal).toBe(2);
    expect(done.stepsDone).toBe(2);
  }, 600_000);
});
