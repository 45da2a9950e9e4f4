import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { tmpDir } from '../helpers/tmp';
import { demoPages, seedPages } from './helpers/seed';

let s: Services;
let t: { dir: string; cleanup: () => void };
let ids: number[];

beforeEach(() => {
  t = tmpDir();
  s = createServices({ dataDir: t.dir, transport: 'test' });
  ids = seedPages(s.db, t.dir, demoPages());
});
afterEach(async () => {
  await s.close();
  t.cleanup();
});

describe('EvaluationService on a real SQLite data folder', () => {
  it('lists the model keys that have predictions', () => {
    expect(s.evaluation.models()).toEqual([{ modelKey: 'run:1', label: 'Run 1', pages: 3, boxes: 5 }]);
  });

  it('finds the false positive, the missed box and the page the model has not run on', () => {
    const r = s.evaluation.errorAnalysis({ modelKey: 'run:1' });
    expect(r.pages.map((p) => p.pageId)).toEqual(ids.slice(0, 3));
    expect(r.pagesWithoutPredictions).toBe(0); // without a dataset, only pages with predictions are selected
    const page2 = r.pages[1]!;
    expect(page2.pred.map((p) => p.tp)).toEqual([true, false]);
    expect(page2.gt.map((g) => g.matchScore)).toEqual([0.85, null]);
    const missing = r.mistakes.filter((m) => m.kind === 'missing-annotation');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ pageId: ids[1], score: 0.92, box: [120, 650, 420, 690] });
    expect(missing[0]!.reason).toMatch(/92% sure/);
    const wrong = r.mistakes.filter((m) => m.kind === 'wrong-annotation');
    expect(wrong.map((m) => m.box)).toEqual([[300, 500, 500, 540]]);
  });

  it('counts pages of a dataset split that still need predictions', () => {
    const ds = Number(s.db.prepare(`INSERT INTO datasets (name) VALUES ('eval set')`).run().lastInsertRowid);
    const more = seedPages(s.db, t.dir, demoPages(), 'run:1', ds);
    const r = s.evaluation.errorAnalysis({ modelKey: 'run:1', datasetId: ds, split: 'val' }, { autoInfer: true });
    expect(r.pages.map((p) => p.pageId)).toEqual(more.slice(0, 3));
    expect(r.pagesWithoutPredictions).toBe(1);
    // No model can run for run:1 here (no such run; or no inference service yet): a sentence, not a job.
    expect(r.inferenceJob).toBeNull();
    expect(r.inferenceMessage).toMatch(/Run 1 does not exist any more|not available/);
  });

  it('computes COCO numbers, curves with a best threshold, coverage, styles and real vs synthetic', () => {
    const m = s.evaluation.metrics({ modelKey: 'run:1' });
    expect(m.pages).toBe(3);
    expect(s.evaluation.errorAnalysis({ modelKey: 'run:1' }).suggestedThreshold).toBe(m.threshold);
    const red = m.perClass.find((c) => c.class === 'redaction')!;
    expect(red.numGt).toBe(5);
    expect(red.numPred).toBe(5);
    expect(red.best).not.toBeNull();
    expect(m.threshold).toBe(red.best!.threshold);
    expect(m.summary.AP50).toBeGreaterThan(0.5);
    expect(m.confusion.backgroundFp + m.confusion.missedGt).toBeGreaterThan(0);
    expect(m.coverage.recall).toBeGreaterThan(0.5);
    expect(m.coverage.recall).toBeLessThan(1);
    expect(m.byStyle.map((x) => x.style)).toEqual(['black', 'grey', 'marker']);
    expect(m.real?.pages).toBe(2);
    expect(m.synthetic?.pages).toBe(1);
    expect(m.synthetic?.summary.AP50).toBeCloseTo(1, 10);
  });

  it('renders FP/FN patches as PNG files served through the eval media route', async () => {
    const crops = await s.evaluation.crops([
      { pageId: ids[1]!, box: [120, 650, 420, 690] },
      { pageId: ids[1]!, box: [300, 500, 500, 540] },
    ]);
    expect(crops[0]!.media).toMatch(new RegExp(`^eval/crop/${ids[1]}/\\d+_\\d+_\\d+_\\d+$`));
    for (const c of crops) {
      const f = s.media.resolve(c.media);
      expect(f?.type).toBe('image/png');
      expect(fs.readFileSync(f!.file).subarray(1, 4).toString()).toBe('PNG');
    }
    // a crop never prepared is rendered on request
    const direct = s.media.resolve(`eval/crop/${ids[0]}/0_0_50_40`);
    expect(direct && fs.statSync(direct.file).size).toBeGreaterThan(50);
    expect(s.media.resolve(`eval/crop/${ids[0]}/..%2F..%2Fetc`)).toBeNull();
    expect(s.media.resolve(`eval/crop/999999/0_0_10_10`)).toBeNull();
    expect(path.relative(t.dir, direct!.file).startsWith('..')).toBe(false);
  });
});
