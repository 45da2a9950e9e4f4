import { describe, expect, it } from 'vitest';
import { cellLabel, expandGrid } from '../../../src-main/experiments/sweeps/grid';

describe('sweep grid', () => {
  it('crosses the axes with image size slowest and synthetic share fastest, each value once', () => {
    const cells = expandGrid({ syntheticShare: [0, 0.5], imageSize: [384, 512, 384], backbone: ['small'] });
    expect(cells).toEqual([
      { imageSize: 384, backbone: 'small', syntheticShare: 0 },
      { imageSize: 384, backbone: 'small', syntheticShare: 0.5 },
      { imageSize: 512, backbone: 'small', syntheticShare: 0 },
      { imageSize: 512, backbone: 'small', syntheticShare: 0.5 },
    ]);
    expect(cells.map(cellLabel)[1]).toBe('384 px · small · 50% synthetic');
  });

  it('labels a cell without settings as the base settings', () => {
    expect(cellLabel({})).toBe('base settings');
    expect(cellLabel({ batchSize: 16 })).toBe('batch 16');
  });
});
