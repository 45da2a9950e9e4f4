import { describe, expect, it } from 'vitest';
import { SeriesStore } from '../../../src-renderer/src/lib/metric-series';

const pt = (step: number, value: number, name = 'train/loss') => ({ name, step, epoch: step / 4, value });

describe('SeriesStore', () => {
  it('keeps one point per step: a resumed run repeating steps replaces them instead of duplicating', () => {
    const s = new SeriesStore();
    expect(s.add([pt(1, 4), pt(2, 3.5), pt(3, 3.2)])).toBe(true);
    // stopped after step 3, resumed from the checkpoint at step 2: step 3 comes again
    expect(s.add([pt(3, 3.1), pt(4, 3.0)])).toBe(true);
    expect(s.points('train/loss').map((p) => [p.step, p.y])).toEqual([
      [1, 4],
      [2, 3.5],
      [3, 3.1],
      [4, 3.0],
    ]);
    expect(s.points('train/loss')[3]!.x).toBe(1);
    expect(s.lastStep()).toBe(4);
  });

  it('reports no change for a point it already has and skips values that are not finite', () => {
    const s = new SeriesStore();
    s.add([pt(1, 2)]);
    expect(s.add([pt(1, 2)])).toBe(false);
    expect(s.add([pt(2, Number.NaN)])).toBe(false);
    expect(s.points('train/loss')).toHaveLength(1);
  });

  it('sorts points by step whatever order they arrive in and returns the same array until it changes', () => {
    const s = new SeriesStore();
    s.addSeries([{ name: 'val/AP50', points: [{ step: 8, epoch: 2, value: 0.3 }] }]);
    s.add([{ name: 'val/AP50', step: 4, epoch: 1, value: 0.1 }]);
    const a = s.points('val/AP50');
    expect(a.map((p) => p.x)).toEqual([1, 2]);
    expect(s.points('val/AP50')).toBe(a);
    s.add([{ name: 'val/AP50', step: 12, epoch: 3, value: 0.4 }]);
    expect(s.points('val/AP50')).not.toBe(a);
    expect(s.names()).toEqual(['val/AP50']);
    expect(s.points('nothing')).toEqual([]);
  });
});
