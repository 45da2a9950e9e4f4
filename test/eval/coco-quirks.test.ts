import { describe, expect, it } from 'vitest';
import { evaluateCoco, type CocoGroundTruth } from '../../src-main/eval/coco';
import { pyFixed3 } from '../../src-main/eval/coco-summarize';
import { IOU_THRS, REC_THRS } from '../../src-main/eval/coco-params';

function gtOf(anns: CocoGroundTruth['annotations'], images = [1]): CocoGroundTruth {
  return { images: images.map((id) => ({ id })), categories: [{ id: 1, name: 'redaction' }], annotations: anns };
}

describe('pycocotools quirks reproduced by evaluateCoco', () => {
  it('uses the same IoU and recall thresholds as np.linspace', () => {
    expect(IOU_THRS.length).toBe(10);
    expect(IOU_THRS[8]).toBe(0.8999999999999999);
    expect(IOU_THRS.indexOf(0.75)).toBe(5);
    expect(REC_THRS.length).toBe(101);
    expect(REC_THRS[100]).toBe(1);
  });

  it('gives -1 for numbers without ground truth and 0 for ground truth without detections', () => {
    const none = evaluateCoco(gtOf([]), []);
    expect(none.stats).toEqual(Array(12).fill(-1));
    const missed = evaluateCoco(gtOf([{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 50, 50], area: 2500 }]), []);
    expect(missed.summary.AP).toBe(0);
    expect(missed.summary.AR100).toBe(0);
    expect(missed.summary.APs).toBe(-1);
    expect(missed.summary.APm).toBe(0);
  });

  it('lets several detections match one crowd region, whose IoU is intersection over detection area', () => {
    const gt = gtOf([
      { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 100, 100], area: 10000 },
      { id: 2, image_id: 1, category_id: 1, bbox: [200, 0, 400, 400], area: 160000, iscrowd: 1 },
    ]);
    const dets = [
      { image_id: 1, category_id: 1, bbox: [0, 0, 100, 100], score: 0.9 },
      // small boxes inside the crowd region: IoU with it = 1 (inter / det area), so they are ignored, not FP
      { image_id: 1, category_id: 1, bbox: [210, 10, 20, 20], score: 0.8 },
      { image_id: 1, category_id: 1, bbox: [300, 100, 20, 20], score: 0.7 },
    ];
    const r = evaluateCoco(gt, dets);
    expect(r.summary.AP).toBeCloseTo(1, 12);
    expect(Array.from(r.detMatch)).toEqual([0, -2, -2]);
    expect(Array.from(r.gtMatch)).toEqual([0, -2]);
  });

  it('overwrites an "ignore" flag with iscrowd, as pycocotools does', () => {
    const gt = gtOf([{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 100, 100], area: 10000, ignore: 1 }]);
    const r = evaluateCoco(gt, [{ image_id: 1, category_id: 1, bbox: [0, 0, 100, 100], score: 0.5 }]);
    expect(r.summary.AP).toBeCloseTo(1, 12);
  });

  it('refuses detections on unknown images unless told to ignore them, and warns about unknown categories', () => {
    const gt = gtOf([{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] }]);
    const stray = [{ image_id: 2, category_id: 1, bbox: [0, 0, 10, 10], score: 1 }];
    expect(() => evaluateCoco(gt, stray)).toThrow(/not in the ground truth \(2\)/);
    expect(evaluateCoco(gt, stray, { unknownImages: 'ignore' }).summary.AP).toBe(0);
    const r = evaluateCoco(gt, [{ image_id: 1, category_id: 7, bbox: [0, 0, 10, 10], score: 1 }]);
    expect(r.warnings[0]).toMatch(/1 detection\(s\) have a category id that is not in the ground truth/);
  });

  it('keeps only the 100 best detections per image and category, ties in file order', () => {
    const gt = gtOf([{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100 }]);
    const dets = Array.from({ length: 101 }, () => ({
      image_id: 1,
      category_id: 1,
      bbox: [500, 500, 10, 10],
      score: 0.5,
    }));
    dets.push({ image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], score: 0.5 });
    const r = evaluateCoco(gt, dets);
    expect(r.summary.AR100).toBe(0);
    expect(r.detMatch[101]).toBe(-2);
    expect(r.perImage[0]).toMatchObject({ fp: 100, tp: 0, fn: 1, numDt: 100 });
  });

  it("formats like Python's {:0.3f}, rounding exact ties to even", () => {
    expect(pyFixed3(0.0625)).toBe('0.062');
    expect(pyFixed3(0.1875)).toBe('0.188');
    expect(pyFixed3(0.3125)).toBe('0.312');
    expect(pyFixed3(-1)).toBe('-1.000');
    expect(pyFixed3(0.12345)).toBe('0.123');
  });
});
