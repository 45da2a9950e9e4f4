import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src-main/app/services';
import { DEFAULT_SETTINGS } from '../../src-main/synth/profiles';
import { tmpDir } from '../helpers/tmp';

describe('SynthService on a real data folder', () => {
  const tmp = tmpDir();
  const s = createServices({ dataDir: tmp.dir, transport: 'test', recoverJobs: false });
  afterAll(async () => {
    await s.close();
    tmp.cleanup();
  });
  const settings = { ...DEFAULT_SETTINGS, longSide: 700 };

  it('previews pages served as media files, with their labels', async () => {
    const p = await s.synth.preview(settings, 12, 3);
    expect(p.pages.map((x) => x.index)).toEqual([0, 1, 2]);
    for (const page of p.pages) {
      const file = s.media.resolve(page.media);
      expect(file?.type).toBe('image/png');
      expect(fs.statSync(file!.file).size).toBeGreaterThan(1000);
      expect(page.annotations.some((a) => a.class === 'content')).toBe(true);
    }
    expect(s.media.resolve('synth/preview/../../redlab.db')).toBeNull();
    // a preview of a later page of the same set is that page
    const later = await s.synth.preview(settings, 12, 1, 2);
    expect(later.pages[0]?.annotations).toEqual(p.pages[2]?.annotations);
  });

  it('generates pages as a job into the library, flagged synthetic with settings and seed, in a dataset split', async () => {
    const job = s.synth.startGenerate({
      settings,
      seed: 31,
      count: 3,
      profile: 'default',
      dataset: { name: 'mixed', split: 'train' },
    });
    const done = await s.jobs.wait(job.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    const result = done.result as { pages: number; documentIds: number[] };
    expect(result.pages).toBe(3);
    const doc = s.db.prepare('SELECT * FROM documents WHERE id = ?').get(result.documentIds[0]) as {
      synthetic: number;
      kind: string;
      page_count: number;
      synth_settings: string;
    };
    expect(doc).toMatchObject({ synthetic: 1, kind: 'synthetic', page_count: 3 });
    expect(JSON.parse(doc.synth_settings)).toMatchObject({
      seed: 31,
      first: 0,
      count: 3,
      profile: 'default',
      settings,
    });
    const boxes = s.db
      .prepare(`SELECT COUNT(*) AS n FROM annotations a JOIN pages p ON p.id = a.page_id WHERE p.document_id = ?`)
      .get(result.documentIds[0]) as { n: number };
    expect(boxes.n).toBeGreaterThanOrEqual(3);
    const ratios = s.synth.datasetRatios();
    expect(ratios.find((r) => r.name === 'mixed')).toMatchObject({ realPages: 0, syntheticPages: 3 });
  });

  it('stores a large set as several documents of at most 25 pages, in order, and can be cancelled', async () => {
    const tiny = { ...DEFAULT_SETTINGS, longSide: 320 };
    const job = s.synth.startGenerate({ settings: tiny, seed: 2, count: 27 });
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    const ids = (done.result as { documentIds: number[] }).documentIds;
    const counts = ids.map(
      (id) =>
        s.db.prepare('SELECT page_count AS n, synth_settings AS st FROM documents WHERE id = ?').get(id) as {
          n: number;
          st: string;
        },
    );
    expect(counts.map((c) => c.n)).toEqual([25, 2]);
    expect(counts.map((c) => (JSON.parse(c.st) as { first: number }).first)).toEqual([0, 25]);

    const big = s.synth.startGenerate({ settings: tiny, seed: 3, count: 500 });
    await new Promise((r) => setTimeout(r, 300));
    s.jobs.cancel(big.id);
    const cancelled = await s.jobs.wait(big.id);
    expect(cancelled.status).toBe('cancelled');
    const stored = s.db
      .prepare(`SELECT COALESCE(SUM(page_count), 0) AS n FROM documents WHERE synth_settings LIKE '%"seed":3,%'`)
      .get() as { n: number };
    expect(stored.n).toBeLessThan(500);
  });
});
