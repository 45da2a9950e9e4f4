import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CocoEvaluator } from '../../src-main/eval/coco-evaluator';
import {
  evaluateCoco,
  readDetections,
  readGroundTruth,
  type CocoAnnotation,
  type CocoDetection,
} from '../../src-main/eval/coco';
import { CLASSES, type Box, type BoxClass } from '../../src-main/shared/boxes';
import { SHARED } from '../helpers/tmp';

const xyxy = (b: number[]): Box => [b[0]!, b[1]!, b[0]! + b[2]!, b[1]! + b[3]!];

describe('CocoEvaluator (reset / process / evaluate, for per-epoch validation)', () => {
  it('gives the same numbers as evaluateCoco on a shared fixture fed in batches', () => {
    const c = JSON.parse(fs.readFileSync(path.join(SHARED, 'fixtures/coco-eval/case001_multi.json'), 'utf8')) as {
      ground_truth: unknown;
      detections: unknown;
    };
    const gt = readGroundTruth(c.ground_truth);
    const dets = readDetections(c.detections);
    // Our classes are ids 1..3 in CLASSES order; the fixture's categories must fit that.
    expect(gt.categories.every((k) => k.id >= 1 && k.id <= 3)).toBe(true);
    const cls = (id: number): BoxClass => CLASSES[id - 1]!;
    const ev = new CocoEvaluator();
    ev.process([{ imageId: 999, width: 10, height: 10, annotations: [] }], [{ detections: [] }]);
    ev.reset();
    const images = [...gt.images];
    for (let i = 0; i < images.length; i += 3) {
      const batch = images.slice(i, i + 3);
      ev.process(
        batch.map((im) => ({
          imageId: im.id,
          width: im.width ?? 1000,
          height: im.height ?? 1000,
          annotations: gt.annotations
            .filter((a: CocoAnnotation) => a.image_id === im.id)
            .map((a) => ({ class: cls(a.category_id), box: xyxy(a.bbox) })),
        })),
        batch.map((im) => ({
          detections: dets
            .filter((d: CocoDetection) => d.image_id === im.id)
            .map((d) => ({ class: cls(d.category_id), box: xyxy(d.bbox), score: d.score })),
        })),
      );
    }
    const r = ev.evaluate();
    expect(r.images).toBe(images.length);
    // The evaluator takes [x0, y0, x1, y1] boxes and no crowd flags, with area = w * h: the same data as COCO is
    const back = (b: number[]): number[] => {
      const q = xyxy(b);
      return [q[0], q[1], q[2] - q[0], q[3] - q[1]];
    };
    const direct = evaluateCoco(
      {
        ...gt,
        annotations: gt.annotations.map((a) => ({
          ...a,
          bbox: back(a.bbox),
          iscrowd: 0,
          area: back(a.bbox)[2]! * back(a.bbox)[3]!,
        })),
      },
      dets.map((d) => ({ ...d, bbox: back(d.bbox) })),
    );
    expect(r.coco.stats).toEqual(direct.stats);
    expect(r.summary.AP).toBeGreaterThan(0);
    expect(r.metrics.mAP).toBe(r.summary.AP);
    expect(r.coverage.recall).not.toBeNull();
    expect(Object.keys(r.metrics)).toContain('AP/redaction');
    expect(() =>
      ev.process([{ imageId: images[0]!.id, width: 1, height: 1, annotations: [] }], [{ detections: [] }]),
    ).toThrow(/twice/);
  });
});
