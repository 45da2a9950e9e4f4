import { describe, expect, it } from 'vitest';
import { assignTargets, type GtBox } from '../../../src-main/ml/model/assign';
import { locations } from '../../../src-main/ml/model/locations';

const loc = locations(512);

function positives(gts: GtBox[]) {
  const t = assignTargets(gts, loc);
  const out: { i: number; x: number; y: number; stride: number; cls: number }[] = [];
  for (let i = 0; i < loc.count; i++)
    if (t.cls[i]! >= 0) out.push({ i, x: loc.x[i]!, y: loc.y[i]!, stride: loc.stride[i]!, cls: t.cls[i]! });
  return { t, pos: out };
}

describe('center-sampling assignment', () => {
  it('gives a thin 600×15 redaction (236×6 px after letterboxing) one row of positives per level', () => {
    const box: GtBox = { box: [100, 200.3, 336, 206.2], cls: 0 };
    const { t, pos } = positives([box]);
    const fine = pos.filter((p) => p.stride === 8);
    expect(fine.length).toBeGreaterThanOrEqual(10);
    for (const s of new Set(pos.map((p) => p.stride))) {
      const rows = new Set(pos.filter((p) => p.stride === s).map((p) => p.y));
      expect(rows.size).toBe(1);
      expect(Math.abs([...rows][0]! - 203.25)).toBeLessThanOrEqual(s / 2);
    }
    for (const p of pos)
      expect(Array.from(t.box.subarray(p.i * 4, p.i * 4 + 4))).toEqual(box.box.map((v) => Math.fround(v)));
    expect(t.numPos).toBe(pos.length);
  });

  it('handles 40:1 boxes on several levels and never leaves a box without positives', () => {
    for (const [w, h] of [
      [400, 10],
      [40, 1],
      [3, 3],
      [120, 3],
      [480, 12],
    ] as const) {
      const { pos } = positives([{ box: [50, 60, 50 + w, 60 + h], cls: 0 }]);
      expect(pos.length, `${w}×${h}`).toBeGreaterThan(0);
      for (const p of pos) {
        expect(Math.abs(p.y - (60 + h / 2))).toBeLessThanOrEqual(Math.max(p.stride / 2, h / 2));
        expect(Math.abs(p.x - (50 + w / 2))).toBeLessThanOrEqual(Math.max(p.stride / 2, w / 2));
      }
    }
  });

  it('assigns a full-page box to the coarsest level', () => {
    const { pos } = positives([{ box: [0, 0, 512, 512], cls: 1 }]);
    expect(pos.length).toBeGreaterThan(4);
    expect(new Set(pos.map((p) => p.stride))).toEqual(new Set([32]));
  });

  it('gives a location claimed by two boxes to the smaller one', () => {
    const big: GtBox = { box: [0, 0, 512, 512], cls: 1 };
    const small: GtBox = { box: [200, 200, 340, 300], cls: 0 }; // sqrt(area) 118: strides 16 and 32
    const both = positives([big, small]).pos;
    const alone = positives([big]).pos;
    const bigAt = new Set(alone.map((p) => p.i));
    const taken = both.filter((p) => p.cls === 0 && bigAt.has(p.i));
    expect(taken.length).toBeGreaterThan(0);
    expect(both.filter((p) => p.cls === 1).length).toBe(alone.length - taken.length);
  });

  it('assigns nothing on a page without boxes, and skips empty boxes', () => {
    expect(positives([]).t.numPos).toBe(0);
    expect(positives([{ box: [10, 10, 10, 40], cls: 0 }]).t.numPos).toBe(0);
  });
});
