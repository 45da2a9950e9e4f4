import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateCoco, type CocoGroundTruth } from '../../../src-main/eval/coco';
import { NO_AUGMENT } from '../../../src-main/ml/data/augment';
import { DEFAULT_TRAIN } from '../../../src-main/ml/engine/train-config';
import { train } from '../../../src-main/ml/engine/trainer';
import type { MetricPoint } from '../../../src-main/ml/engine/trainer-types';
import { InferenceService } from '../../../src-main/ml/inference-service';
import { tmpDir } from '../../helpers/tmp';
import { drawPages } from '../draw-pages';

const CLASSES = ['redaction', 'content', 'exemption_label'];

describe('training the detector', () => {
  const tmp = tmpDir('redlab-overfit-');
  afterAll(() => tmp.cleanup());

  it('overfits a tiny drawn set to AP50 > 0.9 within 150 steps, and the exported model finds the boxes', async () => {
    const set = drawPages(path.join(tmp.dir, 'data'), 8, 5);
    const src = { coco: set.coco, images: set.images, source: 'real' as const };
    const out = path.join(tmp.dir, 'run');
    const points: MetricPoint[] = [];
    const outcome = await train(
      {
        config: {
          ...DEFAULT_TRAIN,
          imageSize: 224,
          batchSize: 8,
          epochs: 150,
          lr: 3e-3,
          warmupSteps: 10,
          augment: NO_AUGMENT,
          backend: 'wasm',
          checkpointEveryMinutes: 0,
          train: [src],
          val: null,
        },
        outDir: out,
        resume: null,
        datasetHash: 'test',
      },
      {
        progress: () => {},
        metrics: (p) => points.push(...p),
        checkpoint: () => {},
        log: () => {},
        stopRequested: () => false,
      },
    );
    expect(outcome.status).toBe('completed');
    expect(outcome.state.step).toBe(150);
    const loss = points.filter((p) => p.name === 'train/loss');
    expect(loss).toHaveLength(150);
    expect(loss.at(-1)!.value).toBeLessThan(loss[0]!.value / 3);

    const meta = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8')) as {
      classes: string[];
      imageSize: number;
    };
    expect(meta.classes).toEqual(CLASSES);
    expect(meta.imageSize).toBe(224);
    const results = await new InferenceService(() => 'wasm').detect({
      modelDir: out,
      images: set.boxes.map((b) => path.join(set.images, b.file)),
      threshold: 0.05,
    });
    const gt = JSON.parse(fs.readFileSync(set.coco, 'utf8')) as CocoGroundTruth;
    const dets = results.flatMap((r, i) =>
      r.detections.map((d) => ({
        image_id: i + 1,
        category_id: CLASSES.indexOf(d.class) + 1,
        bbox: [d.box[0], d.box[1], d.box[2] - d.box[0], d.box[3] - d.box[1]],
        score: d.score,
      })),
    );
    expect(results[0]!.width).toBe(240);
    expect(results[0]!.height).toBe(320);
    const ev = evaluateCoco(gt, dets);
    expect(ev.summary.AP50).toBeGreaterThan(0.9);
  }, 900_000);
});
