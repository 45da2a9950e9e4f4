import { describe, expect, it } from 'vitest';
import { chunkPages } from '../../src-main/documents/import/import-file';

describe('page ranges for the render processes', () => {
  it('cover every page once, in order, at most 16 at a time, shrinking towards the end', () => {
    for (const [pages, workers] of [
      [1, 2],
      [7, 2],
      [200, 2],
      [1000, 4],
      [33, 1],
    ] as const) {
      const chunks = chunkPages(pages, workers);
      expect(chunks.flat()).toEqual(Array.from({ length: pages }, (_, i) => i));
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(16);
      const sizes = chunks.map((c) => c.length);
      for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1]!);
    }
    // the last ranges are short: two processes end within a page or two of each other
    expect(
      chunkPages(200, 2)
        .slice(-3)
        .map((c) => c.length),
    ).toEqual([1, 1, 1]);
    expect(chunkPages(200, 2)[0]).toHaveLength(16);
  });
});
