import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceService } from '../../src-main/ml/inference-service';
import { readModelFolder, type ModelJson } from '../../src-main/ml/model-folder';
import { loadModel } from '../../src-main/ml/model-loader';
import { Detector } from '../../src-main/ml/model/detector';
import { writeTestModel } from '../helpers/model';
import { tmpDir } from '../helpers/tmp';
import { drawPages, type DrawnSet } from './draw-pages';

const CLASSES = ['redaction', 'content', 'exemption_label'];

describe('inference', () => {
  const tmp = tmpDir('redlab-infer-');
  const modelDir = path.join(tmp.dir, 'model');
  let set: DrawnSet;
  beforeAll(() => {
    set = drawPages(path.join(tmp.dir, 'pages'), 3, 2, 200, 260);
    writeTestModel(modelDir, { classes: CLASSES, imageSize: 96, seed: 1 });
  });
  afterAll(() => tmp.cleanup());

  it('exports a TF.js-style model folder that loads back with the same weights', () => {
    const m = readModelFolder(modelDir);
    const det = new Detector({ backbone: 'small', classes: CLASSES, imageSize: 96 });
    expect(m.config).toEqual(det.cfg);
    expect(m.names).toEqual(det.params.specs.map((s) => s.name));
    expect(Array.from(m.weights.subarray(0, 50))).toEqual(Array.from(det.initialWeights(1).subarray(0, 50)));
    expect(m.meta.weightsManifest[0]!.paths).toEqual(['weights.bin']);
  });

  it('detects on pages in batches and returns boxes in page pixels with class and score', async () => {
    const images = set.boxes.map((b) => path.join(set.images, b.file));
    const progress: number[] = [];
    const r = await new InferenceService(() => 'wasm').detect(
      { modelDir, images, threshold: 0.01, batchSize: 2 },
      { onProgress: (f) => progress.push(f) },
    );
    expect(r.map((x) => x.image)).toEqual(images);
    expect(progress.at(-1)).toBe(1);
    for (const page of r) {
      expect([page.width, page.height]).toEqual([200, 260]);
      for (const d of page.detections) {
        expect(CLASSES).toContain(d.class);
        expect(d.score).toBeGreaterThanOrEqual(0.01);
        expect(d.box[0]).toBeGreaterThanOrEqual(0);
        expect(d.box[2]).toBeLessThanOrEqual(200);
        expect(d.box[3]).toBeLessThanOrEqual(260);
      }
    }
  }, 120_000);

  it('shares the pages among threads and returns the same boxes in the order given', async () => {
    const images = set.boxes.map((b) => path.join(set.images, b.file));
    const s = new InferenceService(() => 'wasm');
    const one = await s.run({ modelDir, images, threshold: 0.01, batchSize: 1, threads: 1 });
    const progress: number[] = [];
    const three = await s.run(
      { modelDir, images, threshold: 0.01, batchSize: 1, threads: 3 },
      { onProgress: (f) => progress.push(f) },
    );
    expect(three.results.map((r) => r.image)).toEqual(images);
    expect(three.results).toEqual(one.results);
    expect(one.results.flatMap((r) => r.detections).length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  }, 120_000);

  it('reports the failing page of one share, not the cancelled others', async () => {
    const images = set.boxes.map((b) => path.join(set.images, b.file));
    const broken = path.join(tmp.dir, 'broken.png');
    fs.writeFileSync(broken, 'not a picture');
    const s = new InferenceService(() => 'wasm');
    const err = await s
      .detect({ modelDir, images: [...images, broken], threshold: 0.01, batchSize: 1, threads: 2 })
      .catch((e: unknown) => e as Error & { code?: string });
    expect(err).toMatchObject({ code: 'CORRUPT_FILE' });
    expect((err as Error).message).toContain(broken);
    const controller = new AbortController();
    const cancelled = s.detect({ modelDir, images, batchSize: 1, threads: 2 }, { signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
  }, 120_000);

  it('keeps its threads warm: a later request reuses the loaded model, a rewritten model is loaded again', async () => {
    const images = set.boxes.map((b) => path.join(set.images, b.file));
    const s = new InferenceService(() => 'wasm');
    try {
      const first = await s.run({ modelDir, images, threshold: 0.01, batchSize: 2, threads: 1 });
      const again = await s.run({ modelDir, images, threshold: 0.01, batchSize: 2, threads: 1 });
      expect(first.warm).toBe(false);
      expect(again.warm).toBe(true);
      expect(again.results).toEqual(first.results);
      expect(first.results.flatMap((r) => r.detections).length).toBeGreaterThan(0);

      // Another model in the same folder (new weights): loaded afresh, so its boxes differ.
      const other = path.join(tmp.dir, 'other');
      writeTestModel(other, { classes: CLASSES, imageSize: 96, seed: 7 });
      const swapped = await s.run({ modelDir: other, images, threshold: 0.01, batchSize: 2, threads: 1 });
      expect(swapped.warm).toBe(false);
      expect(swapped.results).not.toEqual(first.results);
      fs.copyFileSync(path.join(modelDir, 'weights.bin'), path.join(other, 'weights.bin'));
      const rewritten = await s.run({ modelDir: other, images, threshold: 0.01, batchSize: 2, threads: 1 });
      expect(rewritten.warm).toBe(false);
      expect(rewritten.results).toEqual(first.results);

      // A broken page fails its request, not the thread; a cancelled request stops its thread.
      const broken = path.join(tmp.dir, 'broken-warm.png');
      fs.writeFileSync(broken, 'not a picture');
      await expect(s.run({ modelDir, images: [broken], threads: 1 })).rejects.toMatchObject({ code: 'CORRUPT_FILE' });
      const afterError = await s.run({ modelDir, images, threshold: 0.01, batchSize: 2, threads: 1 });
      expect(afterError.results).toEqual(first.results);
      const controller = new AbortController();
      const cancelled = s.run({ modelDir, images, batchSize: 1, threads: 1 }, { signal: controller.signal });
      controller.abort();
      await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
      const afterCancel = await s.run({ modelDir, images, threshold: 0.01, batchSize: 2, threads: 1 });
      expect(afterCancel.warm).toBe(false);
      expect(afterCancel.results).toEqual(first.results);
    } finally {
      await s.close();
    }
    await expect(s.detect({ modelDir, images })).rejects.toMatchObject({ code: 'CANCELLED' });
  }, 180_000);

  it('refuses a model whose weights point outside its folder', () => {
    const evil = path.join(tmp.dir, 'evil');
    fs.mkdirSync(evil);
    const meta = JSON.parse(fs.readFileSync(path.join(modelDir, 'model.json'), 'utf8')) as ModelJson;
    meta.weightsManifest[0]!.paths = ['../model/weights.bin'];
    fs.writeFileSync(path.join(evil, 'model.json'), JSON.stringify(meta));
    expect(() => loadModel(evil)).toThrow(/outside its folder/);
  });

  it('says clearly when there is no model or an image is missing', async () => {
    const s = new InferenceService(() => 'wasm');
    await expect(s.detect({ modelDir: path.join(tmp.dir, 'nothing'), images: [] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(s.detect({ modelDir, images: [path.join(tmp.dir, 'missing.png')] })).rejects.toThrow(/does not exist/);
    expect(s.defaultModelDir()).toMatch(/resources[\\/]models[\\/]default$/);
  });
});
